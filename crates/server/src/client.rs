//! Who is asking: the client's address, for rate limits and sign-in throttling.
//!
//! The address is the socket's peer, or — only when that peer is a configured trusted
//! proxy (`--trusted-proxy`) — the last address in `X-Forwarded-For` that is not itself a
//! trusted proxy. Anyone can write `X-Forwarded-For`; only a proxy we run may be believed.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::{AppError, AppState};

/// The client's address as far as it can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Ok(client_addr(parts, state))
    }
}

/// The client address of a request (the peer, or behind a trusted proxy the forwarded
/// one). Without a socket (tests through `oneshot`) it is the unspecified address.
///
/// An IPv6 client is its network (`--ipv6-prefix`, /64 by default): one household or
/// phone gets a whole /64 and can use any of its 2^64 addresses, so a limit per single
/// address would limit nothing.
pub fn client_addr(parts: &Parts, state: &AppState) -> ClientAddr {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    ClientAddr(network(
        forwarded(peer, &parts.headers, &state.trusted_proxies),
        state.ipv6_prefix,
    ))
}

/// `ip` as a client counts: an IPv4 address itself, an IPv6 address its first `prefix`
/// bits (an IPv4 address mapped into IPv6 as the IPv4 address).
pub fn network(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return IpAddr::V4(v4);
            }
            let bits = u32::from(prefix.min(128));
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & mask))
        }
    }
}

/// The peer, or, if the peer is a trusted proxy, the nearest untrusted address in
/// `X-Forwarded-For` (read from the right: the proxies append).
fn forwarded(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map_while(|s| s.parse::<IpAddr>().ok())
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

/// Open connections per client (address, or IPv6 network), capped.
#[derive(Clone)]
pub(crate) struct ConnectionsPerClient {
    open: Arc<std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, usize>>>,
    cap: usize,
    trusted: Arc<[std::net::IpAddr]>,
    ipv6_prefix: u8,
}

/// One admitted connection; counted until dropped.
pub(crate) struct Counted {
    owner: ConnectionsPerClient,
    client: Option<std::net::IpAddr>,
}

impl ConnectionsPerClient {
    pub(crate) fn new(cap: usize, trusted: Arc<[std::net::IpAddr]>, ipv6_prefix: u8) -> Self {
        Self {
            open: Arc::default(),
            cap,
            trusted,
            ipv6_prefix,
        }
    }

    /// The connection from `peer`, counted, or `None` if the client holds its share (a
    /// trusted proxy is never refused).
    pub(crate) fn admit(&self, peer: std::net::IpAddr) -> Option<Counted> {
        if self.trusted.contains(&peer) {
            return Some(Counted {
                owner: self.clone(),
                client: None,
            });
        }
        let client = network(peer, self.ipv6_prefix);
        let mut open = self
            .open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = open.entry(client).or_insert(0);
        if *n >= self.cap {
            // No address: the log is a file, and the privacy page promises none in one.
            tracing::info!(open = *n, "connection refused: a client holds its share");
            return None;
        }
        *n += 1;
        Some(Counted {
            owner: self.clone(),
            client: Some(client),
        })
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let Some(client) = self.client else { return };
        let mut open = self
            .owner
            .open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(n) = open.get_mut(&client) {
            *n -= 1;
            if *n == 0 {
                open.remove(&client);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.7"),
        );
        let proxy = ip("10.0.0.2");
        assert_eq!(
            forwarded(ip("198.51.100.1"), &h, &[proxy]),
            ip("198.51.100.1")
        );
        assert_eq!(forwarded(proxy, &h, &[proxy]), ip("203.0.113.7"));
        assert_eq!(forwarded(proxy, &HeaderMap::new(), &[proxy]), proxy);
        let mut bad = HeaderMap::new();
        bad.insert("x-forwarded-for", HeaderValue::from_static("nonsense"));
        assert_eq!(forwarded(proxy, &bad, &[proxy]), proxy);
    }

    #[test]
    fn an_ipv6_client_is_its_network() {
        let a = ip("2001:db8:1:2:aaaa::1");
        let b = ip("2001:db8:1:2:ffff:1:2:3");
        let other = ip("2001:db8:1:3::1");
        assert_eq!(network(a, 64), network(b, 64));
        assert_ne!(network(a, 64), network(other, 64));
        assert_eq!(network(a, 64), ip("2001:db8:1:2::"));
        assert_eq!(network(a, 48), network(other, 48));
        assert_eq!(network(a, 128), a);
        assert_eq!(network(ip("203.0.113.7"), 64), ip("203.0.113.7"));
        assert_eq!(network(ip("::ffff:203.0.113.7"), 64), ip("203.0.113.7"));
    }
}
