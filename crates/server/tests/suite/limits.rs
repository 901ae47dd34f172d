//! Limits that count the right thing (issue 21, item 7): comments, not requests; an IPv6
//! client by its /64; and the connections one client may hold.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use crate::common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::state_with;
use mitreden_server::limits::Rate;
use mitreden_server::{app, AppState};
use serde_json::json;
use tower::ServiceExt;

/// A batch of `n` comments (numbered from `first`) from `addr`: the status.
async fn batch_from(state: &AppState, addr: &str, first: usize, n: usize) -> StatusCode {
    let comments: Vec<_> = (first..first + n)
        .map(|i| {
            json!({ "id": format!("0b7e3c1a-5f2d-4c8e-9a6b-{i:012x}"), "section_id": "leitmotiv-2",
                    "section_version": 2, "text": format!("Kommentar {i}"), "consent": true,
                    "created_at": "2026-11-22T10:15:00.000Z" })
        })
        .collect();
    let mut req = Request::post("/api/v1/comments")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "comments": comments }).to_string()))
        .unwrap();
    let peer: std::net::SocketAddr = if addr.contains(':') {
        format!("[{addr}]:40000").parse().unwrap()
    } else {
        format!("{addr}:40000").parse().unwrap()
    };
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    app(state.clone()).oneshot(req).await.unwrap().status()
}

#[tokio::test]
async fn the_limit_counts_comments_not_requests_and_an_ipv6_client_by_its_network() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |c| {
        c.rate_limit = Rate {
            requests: 30,
            seconds: 3600,
        };
    })
    .await;
    // Two batches of 20 are 40 comments: the second is over 30 (by requests it was 2).
    assert_eq!(
        batch_from(&state, "198.51.100.7", 0, 20).await,
        StatusCode::OK
    );
    assert_eq!(
        batch_from(&state, "198.51.100.7", 20, 20).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        batch_from(&state, "198.51.100.7", 40, 10).await,
        StatusCode::OK
    );
    assert_eq!(
        batch_from(&state, "198.51.100.7", 50, 1).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // A full outbox (50 at once, more than the whole allowance) gets through when the
    // allowance is full — as one batch, never in several.
    assert_eq!(
        batch_from(&state, "198.51.100.8", 100, 50).await,
        StatusCode::OK
    );
    assert_eq!(
        batch_from(&state, "198.51.100.8", 150, 1).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // An IPv6 client changing its address within its /64 is the same client…
    assert_eq!(
        batch_from(&state, "2001:db8:1:2::1", 200, 30).await,
        StatusCode::OK
    );
    assert_eq!(
        batch_from(&state, "2001:db8:1:2:ffff:1:2:3", 230, 1).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // …and the next network is another.
    assert_eq!(
        batch_from(&state, "2001:db8:1:3::1", 240, 1).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn one_client_cannot_hold_the_servers_connections() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html>").unwrap();
    // A free port, then the server on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut config = mitreden_server::Config::with_paths(
        dir.path().join("db.sqlite3"),
        dist,
        common::strategy_file(),
    );
    config.listen = format!("127.0.0.1:{port}");
    config.max_connections_per_client = 4;
    tokio::spawn(mitreden_server::serve(config));
    let addr = format!("127.0.0.1:{port}");
    let mut held = Vec::new();
    for _ in 0..100 {
        if let Ok(s) = tokio::net::TcpStream::connect(&addr).await {
            held.push(s);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(held.len(), 1, "the server did not start");
    for _ in 0..3 {
        held.push(tokio::net::TcpStream::connect(&addr).await.unwrap());
    }
    // Each of the four is served.
    async fn health(s: &mut tokio::net::TcpStream) -> String {
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut buf = [0u8; 256];
        let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
            .await
            .unwrap()
            .unwrap_or(0);
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }
    for s in &mut held {
        assert!(health(s).await.starts_with("HTTP/1.1 200"));
    }
    // A fifth from the same client is closed without an answer.
    let mut fifth = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let answer = health(&mut fifth).await;
    assert_eq!(answer, "", "the fifth connection is closed");
    // One given back, one more is taken.
    drop(held.pop());
    let mut again = String::new();
    for _ in 0..100 {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        again = health(&mut s).await;
        if !again.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(again.starts_with("HTTP/1.1 200"), "{again:?}");
}
