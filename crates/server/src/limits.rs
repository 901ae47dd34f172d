//! Rate limits per client address (an IPv6 client by its network, see [`crate::client`]) on
//! the citizens' comment routes: sending — counted in comments, a batch of 50 is 50 — and
//! withdrawing (`--rate-limit N/S`: N at once, one more every S/N seconds; 30/60 by default)
//! and looking up receipts and states (`--receipt-rate-limit`, 300/60: "Meine Beiträge"
//! asks once per comment). Beyond it: 429 problem+json with `Retry-After`, which the app's
//! outbox honours.
//!
//! The counting is governor's (GCRA, a keyed limiter); the key is the client address
//! ([`crate::client`]) — or, for a set-up kiosk ([`crate::kiosk`]), the kiosk, with an
//! allowance of its own (`--kiosk-rate-limit`, 600/60), so that a busy kiosk behind the
//! town hall's one address is never blocked, and the citizens at that address are not
//! blocked by it.

use std::hash::Hash;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::client::{client_addr, ClientAddr};
use crate::kiosk::Kiosk;
use crate::{AppError, AppState};

/// A rate: `requests` at once, refilled over `seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Requests allowed at once (and per `seconds`).
    pub requests: u32,
    /// Seconds over which they refill.
    pub seconds: u32,
}

impl Rate {
    /// No limit.
    pub const OFF: Rate = Rate {
        requests: 0,
        seconds: 1,
    };
}

impl std::str::FromStr for Rate {
    type Err = String;

    /// `30/60` (30 requests a minute); `0` switches the limit off.
    fn from_str(s: &str) -> Result<Self, String> {
        if s.trim() == "0" {
            return Ok(Rate {
                requests: 0,
                seconds: 1,
            });
        }
        let (n, secs) = s
            .split_once('/')
            .ok_or_else(|| format!("{s}: erwartet wird ANZAHL/SEKUNDEN, z. B. 30/60"))?;
        let parse = |x: &str| x.trim().parse::<u32>().ok().filter(|v| *v > 0);
        match (parse(n), parse(secs)) {
            (Some(requests), Some(seconds)) => Ok(Rate { requests, seconds }),
            _ => Err(format!("{s}: erwartet wird ANZAHL/SEKUNDEN, z. B. 30/60")),
        }
    }
}

/// The limiters of the citizens' routes.
#[derive(Clone)]
pub struct Limits {
    /// Sending and withdrawing.
    pub send: Limiter,
    /// Looking up receipts and states.
    pub look_up: Limiter,
    /// Everything a set-up kiosk sends, per kiosk.
    pub kiosk: Limiter<Kiosk>,
}

/// The limiter of one kind of citizens' request, shared by all connections, keyed by
/// address (or by kiosk).
#[derive(Clone)]
pub struct Limiter<K: Hash + Eq + Clone = ClientAddr> {
    inner: Option<Arc<DefaultKeyedRateLimiter<K>>>,
    /// The most one key may spend at once.
    burst: u32,
}

impl<K: Hash + Eq + Clone + Send + Sync + 'static> Limiter<K> {
    /// A limiter for `rate`, or none if its count is 0. Starts a task that forgets
    /// addresses whose allowance is full again, so the table does not grow for ever.
    pub fn new(rate: Rate) -> Self {
        let inner = NonZeroU32::new(rate.requests).map(|burst| {
            let period = Duration::from_secs(u64::from(rate.seconds)) / rate.requests;
            let quota = Quota::with_period(period)
                .unwrap_or_else(|| Quota::per_second(burst))
                .allow_burst(burst);
            Arc::new(RateLimiter::keyed(quota))
        });
        if let Some(limiter) = &inner {
            let weak = Arc::downgrade(limiter);
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_secs(60)).await;
                    let Some(limiter) = weak.upgrade() else {
                        return;
                    };
                    limiter.retain_recent();
                    limiter.shrink_to_fit();
                }
            });
        }
        Self {
            inner,
            burst: rate.requests,
        }
    }

    /// `Ok` if `key` may send now; else how long it must wait.
    fn check(&self, key: &K) -> Result<(), Duration> {
        self.check_n(key, 1)
    }

    /// `Ok` if `key` may send `n` (comments) now, which it then has spent; else how long it
    /// must wait. More than the whole allowance at once (a batch of 50 against 30) costs the
    /// whole allowance, so that a full outbox still gets through, once it is full again.
    fn check_n(&self, key: &K, n: u32) -> Result<(), Duration> {
        let (Some(limiter), Some(n)) = (&self.inner, NonZeroU32::new(n.min(self.burst))) else {
            return Ok(());
        };
        match limiter.check_key_n(key, n) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(not_until)) => Err(not_until.wait_time_from(DefaultClock::default().now())),
            // Cannot be (n is at most the burst); as if the allowance were spent.
            Err(_) => Err(Duration::from_secs(1)),
        }
    }
}

/// Middleware: 429 with `Retry-After` (whole seconds, at least 1) beyond the rate. A kiosk
/// ([`crate::kiosk::recognise`] runs first) uses its own allowance.
pub async fn citizens(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let checked = if let Some(kiosk) = parts.extensions.get::<Kiosk>() {
        state
            .limits
            .kiosk
            .check(kiosk)
            .map_err(|wait| (format!("kiosk {}", kiosk.0), wait))
    } else {
        let who = client_addr(&parts, &state);
        let limiter = if parts.method == axum::http::Method::GET {
            &state.limits.look_up
        } else {
            &state.limits.send
        };
        limiter
            .check(&who)
            .map_err(|wait| (who.0.to_string(), wait))
    };
    match checked {
        Ok(()) => next.run(Request::from_parts(parts, body)).await,
        Err((who, wait)) => too_many(&who, wait).into_response(),
    }
}

/// Spends `n` comments of the sender's allowance (the kiosk's, or the client's), or says
/// how long to wait: the limit counts comments, not requests — a batch of 50 is 50.
pub fn comments(
    state: &AppState,
    kiosk: Option<&Kiosk>,
    client: &ClientAddr,
    n: usize,
) -> Result<(), AppError> {
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    let checked = match kiosk {
        Some(kiosk) => state
            .limits
            .kiosk
            .check_n(kiosk, n)
            .map_err(|wait| (format!("kiosk {}", kiosk.0), wait)),
        None => state
            .limits
            .send
            .check_n(client, n)
            .map_err(|wait| ("a citizen's address".to_owned(), wait)),
    };
    checked.map_err(|(who, wait)| too_many(&who, wait))
}

/// `who`: a kiosk's label, never a citizen's address (the privacy page promises that no IP
/// address is written to a file, and the log is one).
fn too_many(who: &str, wait: Duration) -> AppError {
    tracing::info!(who, wait_ms = wait.as_millis(), "rate limit");
    AppError::TooMany {
        message: "Von Ihrem Anschluss kommen gerade sehr viele Anfragen. Ihr Beitrag \
                  wird in {secs} Sekunden von selbst gesendet.",
        wait,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_read_from_the_command_line() {
        assert_eq!(
            "30/60".parse(),
            Ok(Rate {
                requests: 30,
                seconds: 60
            })
        );
        assert_eq!("0".parse::<Rate>().map(|r| r.requests), Ok(0));
        for bad in ["30", "x/60", "30/0", "-1/60", "30/60/1"] {
            assert!(bad.parse::<Rate>().is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn the_allowance_is_per_address() {
        let limiter: Limiter = Limiter::new(Rate {
            requests: 3,
            seconds: 60,
        });
        let a = ClientAddr(
            "198.51.100.1"
                .parse()
                .unwrap_or(std::net::Ipv4Addr::UNSPECIFIED.into()),
        );
        let b = ClientAddr(
            "198.51.100.2"
                .parse()
                .unwrap_or(std::net::Ipv4Addr::UNSPECIFIED.into()),
        );
        for _ in 0..3 {
            assert!(limiter.check(&a).is_ok());
        }
        let wait = limiter.check(&a).err();
        assert!(wait.is_some_and(|w| w > Duration::from_secs(15) && w <= Duration::from_secs(20)));
        assert!(limiter.check(&b).is_ok(), "another address is unaffected");
    }
}
