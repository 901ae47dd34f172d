//! Who is asking: the client's address, for rate limits and sign-in throttling.
//!
//! The address is the socket's peer, or — only when that peer is a configured trusted
//! proxy (`--trusted-proxy`) — the last address in `X-Forwarded-For` that is not itself a
//! trusted proxy. Anyone can write `X-Forwarded-For`; only a proxy we run may be believed.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

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
        Ok(client_addr(parts, &state.trusted_proxies))
    }
}

/// The client address of a request (the peer, or behind a trusted proxy the forwarded
/// one). Without a socket (tests through `oneshot`) it is the unspecified address.
pub fn client_addr(parts: &Parts, trusted: &[IpAddr]) -> ClientAddr {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    ClientAddr(forwarded(peer, &parts.headers, trusted))
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
}
