//! Sign-in throttling: after [`MAX_FAILURES`] wrong passwords for a name, sign-in for it
//! pauses for [`LOCKOUT`].
//!
//! The table lives in memory and is bounded: names are length-checked before they get
//! here, entries older than [`LOCKOUT`] are dropped, and at [`MAX_ENTRIES`] the oldest
//! entry makes room. Fifty failed sign-ins with 1.5 MB names once grew the process by
//! 34 MB, and the map never shrank.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Wrong passwords for one name before sign-in pauses.
pub const MAX_FAILURES: u32 = 5;
/// How long sign-in pauses after too many wrong passwords.
pub const LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// The most names the table tracks at once.
pub const MAX_ENTRIES: usize = 10_000;

/// Failed sign-ins per name: (count, time of the last failure).
#[derive(Clone, Default)]
pub struct Throttle(Arc<Mutex<HashMap<String, (u32, Instant)>>>);

impl Throttle {
    /// How long `name` must still wait, if it is locked out.
    pub fn wait(&self, name: &str) -> Option<Duration> {
        let map = self.0.lock().ok()?;
        let (count, last) = map.get(name)?;
        let elapsed = last.elapsed();
        (*count >= MAX_FAILURES && elapsed < LOCKOUT).then(|| LOCKOUT - elapsed)
    }

    /// Counts a wrong password for `name`.
    pub fn fail(&self, name: &str) {
        let Ok(mut map) = self.0.lock() else { return };
        if !map.contains_key(name) && map.len() >= MAX_ENTRIES {
            map.retain(|_, (_, last)| last.elapsed() < LOCKOUT);
            if map.len() >= MAX_ENTRIES {
                let oldest = map
                    .iter()
                    .min_by_key(|(_, (_, last))| *last)
                    .map(|(k, _)| k.clone());
                if let Some(oldest) = oldest {
                    map.remove(&oldest);
                }
            }
        }
        let entry = map.entry(name.to_owned()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= LOCKOUT {
            entry.0 = 0;
        }
        entry.0 += 1;
        entry.1 = Instant::now();
    }

    /// Forgets `name` (after a correct password).
    pub fn clear(&self, name: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(name);
        }
    }

    /// How many names are tracked.
    pub fn len(&self) -> usize {
        self.0.lock().map_or(0, |m| m.len())
    }

    /// Whether no name is tracked.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_and_clears_on_success() {
        let t = Throttle::default();
        for _ in 0..MAX_FAILURES {
            assert!(t.wait("amt").is_none());
            t.fail("amt");
        }
        assert!(t.wait("amt").is_some());
        t.clear("amt");
        assert!(t.wait("amt").is_none());
    }

    #[test]
    fn the_table_never_grows_past_its_bound() {
        let t = Throttle::default();
        for i in 0..MAX_ENTRIES + 500 {
            t.fail(&format!("name-{i}"));
        }
        assert_eq!(t.len(), MAX_ENTRIES);
        // The newest names are the ones kept.
        t.fail(&format!("name-{}", MAX_ENTRIES + 499));
        assert_eq!(t.len(), MAX_ENTRIES);
    }
}
