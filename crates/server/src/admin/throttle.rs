//! Sign-in throttling with growing delays, per account name *and* client address, and per
//! address — never a hard lockout that anyone could trigger against a staff member.
//!
//! - Wrong passwords for a name from one address: the first [`FREE_PER_NAME`] cost
//!   nothing, then each further try must wait twice as long as the one before (1 s, 2 s,
//!   4 s … at most [`MAX_DELAY`]). Tries from another address — the staff member's own
//!   desk — are not slowed by them.
//! - Wrong passwords from one address, whatever the names: [`FREE_PER_ADDRESS`] free, then
//!   the same growing delays, so one machine cannot try name after name.
//! - A correct sign-in clears both; a failure is forgotten after [`FORGET`].
//!
//! The tables live in memory and are bounded: names are length-checked before they get
//! here, old entries are dropped, and at [`MAX_ENTRIES`] the oldest makes room. (Fifty
//! failed sign-ins with 1.5 MB names once grew the process by 34 MB, and the map never
//! shrank.)

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Free wrong passwords for one name from one address.
pub const FREE_PER_NAME: u32 = 3;
/// Free wrong passwords from one address, all names together.
pub const FREE_PER_ADDRESS: u32 = 10;
/// The longest wait between two tries.
pub const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// After this long without a failure, the count starts again.
pub const FORGET: Duration = Duration::from_secs(60 * 60);
/// The most keys a table tracks at once.
pub const MAX_ENTRIES: usize = 10_000;

/// Failures and the time of the last one, per key.
struct Table<K> {
    entries: Mutex<HashMap<K, (u32, Instant)>>,
    free: u32,
}

impl<K: Eq + Hash + Clone> Table<K> {
    fn new(free: u32) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            free,
        }
    }

    /// How long `key` must still wait before its next try.
    fn wait(&self, key: &K, now: Instant) -> Option<Duration> {
        let map = self.entries.lock().ok()?;
        let (failures, last) = *map.get(key)?;
        let over = failures.checked_sub(self.free).filter(|n| *n > 0)?;
        let delay = Duration::from_secs(1u64 << (over - 1).min(20)).min(MAX_DELAY);
        (last + delay)
            .checked_duration_since(now)
            .filter(|d| !d.is_zero())
    }

    fn fail(&self, key: K, now: Instant) {
        let Ok(mut map) = self.entries.lock() else {
            return;
        };
        if !map.contains_key(&key) && map.len() >= MAX_ENTRIES {
            map.retain(|_, (_, last)| now.duration_since(*last) < FORGET);
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
        let entry = map.entry(key).or_insert((0, now));
        if now.duration_since(entry.1) >= FORGET {
            entry.0 = 0;
        }
        entry.0 = entry.0.saturating_add(1);
        entry.1 = now;
    }

    fn clear(&self, key: &K) {
        if let Ok(mut map) = self.entries.lock() {
            map.remove(key);
        }
    }

    fn len(&self) -> usize {
        self.entries.lock().map_or(0, |m| m.len())
    }
}

/// The two tables.
struct Tables {
    by_name: Table<(String, IpAddr)>,
    by_addr: Table<IpAddr>,
}

/// The sign-in throttle, shared by all requests.
#[derive(Clone)]
pub struct Throttle(Arc<Tables>);

impl Default for Throttle {
    fn default() -> Self {
        Self(Arc::new(Tables {
            by_name: Table::new(FREE_PER_NAME),
            by_addr: Table::new(FREE_PER_ADDRESS),
        }))
    }
}

impl Throttle {
    /// How long a try for `name` from `addr` must still wait, if at all.
    pub fn wait(&self, name: &str, addr: IpAddr) -> Option<Duration> {
        self.wait_at(name, addr, Instant::now())
    }

    fn wait_at(&self, name: &str, addr: IpAddr, now: Instant) -> Option<Duration> {
        let by_name = self.0.by_name.wait(&(name.to_owned(), addr), now);
        let by_addr = self.0.by_addr.wait(&addr, now);
        by_name.max(by_addr)
    }

    /// Counts a wrong password for `name` from `addr`.
    pub fn fail(&self, name: &str, addr: IpAddr) {
        self.fail_at(name, addr, Instant::now());
    }

    fn fail_at(&self, name: &str, addr: IpAddr, now: Instant) {
        self.0.by_name.fail((name.to_owned(), addr), now);
        self.0.by_addr.fail(addr, now);
    }

    /// Forgets the failures of `name` from `addr`, and of `addr` (a correct sign-in).
    pub fn clear(&self, name: &str, addr: IpAddr) {
        self.0.by_name.clear(&(name.to_owned(), addr));
        self.0.by_addr.clear(&addr);
    }

    /// How many (name, address) pairs are tracked.
    pub fn len(&self) -> usize {
        self.0.by_name.len()
    }

    /// Whether nothing is tracked.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([198, 51, 100, last])
    }

    #[test]
    fn delays_grow_per_name_and_address_and_spare_other_addresses() {
        let t = Throttle::default();
        let now = Instant::now();
        for _ in 0..FREE_PER_NAME {
            assert_eq!(t.wait_at("amt", ip(1), now), None);
            t.fail_at("amt", ip(1), now);
        }
        assert_eq!(
            t.wait_at("amt", ip(1), now),
            None,
            "the free tries are free"
        );
        t.fail_at("amt", ip(1), now);
        assert_eq!(t.wait_at("amt", ip(1), now), Some(Duration::from_secs(1)));
        t.fail_at("amt", ip(1), now);
        assert_eq!(t.wait_at("amt", ip(1), now), Some(Duration::from_secs(2)));
        for _ in 0..20 {
            t.fail_at("amt", ip(1), now);
        }
        assert_eq!(t.wait_at("amt", ip(1), now), Some(MAX_DELAY));
        // The staff member at another address signs in as if nothing had happened.
        assert_eq!(t.wait_at("amt", ip(2), now), None);
        // And the wait ends.
        assert_eq!(t.wait_at("amt", ip(1), now + MAX_DELAY), None);
        t.clear("amt", ip(1));
        assert_eq!(t.wait_at("amt", ip(1), now), None);
    }

    #[test]
    fn one_address_cannot_try_name_after_name() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..=FREE_PER_ADDRESS {
            t.fail_at(&format!("name-{i}"), ip(1), now);
        }
        assert!(t.wait_at("someone-else", ip(1), now).is_some());
        assert_eq!(t.wait_at("someone-else", ip(2), now), None);
    }

    #[test]
    fn the_tables_never_grow_past_their_bound() {
        let t = Throttle::default();
        for i in 0..MAX_ENTRIES + 500 {
            t.fail(&format!("name-{i}"), ip(1));
        }
        assert_eq!(t.len(), MAX_ENTRIES);
    }
}
