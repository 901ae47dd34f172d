//! Shared by the server's integration tests: a real SQLite file in a temporary folder, a
//! small fake `dist/`, and requests through `app()` with `oneshot`.
#![allow(
    clippy::unwrap_used,
    dead_code,
    reason = "a test helper that cannot set up must stop the test; not every test uses all"
)]

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{header, Request};
use axum::response::Response;
use http_body_util::BodyExt;
use mitreden_server::{app, AppState, Config};
use serde_json::json;
use tower::ServiceExt;

pub const HASHED_JS: &str = "mitreden-4c1f0e2d3b4a5968.js";

pub fn strategy_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/sindelfingen.toml")
}

pub async fn state(dir: &Path) -> AppState {
    state_with(dir, |_| {}).await
}

/// The state of [`state`] with `edit` applied to its configuration first.
pub async fn state_with(dir: &Path, edit: impl FnOnce(&mut Config)) -> AppState {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><title>app</title>").unwrap();
    std::fs::write(dist.join(HASHED_JS), "console.log(1)").unwrap();
    std::fs::write(
        dist.join("sw.js"),
        "self.addEventListener('fetch', () => {});",
    )
    .unwrap();
    std::fs::write(
        dist.join(format!("{HASHED_JS}.br")),
        b"\x0b\x06\x80console.log(1)\x03",
    )
    .unwrap();
    let mut config = Config::with_paths(dir.join("db/mitreden.sqlite3"), dist, strategy_file());
    edit(&mut config);
    AppState::load(&config).await.unwrap()
}

pub async fn get(state: &AppState, uri: &str, accept_encoding: Option<&str>) -> Response {
    let mut req = Request::get(uri);
    if let Some(enc) = accept_encoding {
        req = req.header(header::ACCEPT_ENCODING, enc);
    }
    app(state.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

pub async fn body(res: Response) -> String {
    String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

pub fn header_of(res: &Response, name: header::HeaderName) -> &str {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

/// A sign-in from `addr` (the socket's peer, as the server's accept loop records it).
pub async fn sign_in_from(state: &AppState, addr: &str, name: &str, password: &str) -> Response {
    let mut req = Request::post("/api/v1/admin/login")
        .header(header::CONTENT_TYPE, "application/json")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(
            json!({ "name": name, "password": password }).to_string(),
        ))
        .unwrap();
    let peer: std::net::SocketAddr = format!("{addr}:40000").parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    app(state.clone()).oneshot(req).await.unwrap()
}
