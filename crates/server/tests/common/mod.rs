//! Shared by the server's integration tests: a real SQLite file in a temporary folder, a
//! small fake `dist/`, and requests through `app()` with `oneshot`.
#![allow(
    clippy::unwrap_used,
    dead_code,
    reason = "a test helper that cannot set up must stop the test; not every test uses all"
)]

pub mod event;
pub mod peek;
pub mod public;

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::StatusCode;
use axum::http::{header, Request};
use axum::response::Response;
use http_body_util::BodyExt;
use mitreden_server::{admin, app, AppState, Config};
use serde_json::{json, Value};
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
    // `MITREDEN_SUITE_DATABASE=postgres`: each folder's state on a database of its own in
    // the test cluster — the same one again for the same folder (a restart).
    #[cfg(feature = "postgres")]
    if std::env::var("MITREDEN_SUITE_DATABASE").is_ok_and(|v| v == "postgres") {
        let named = dir.join("postgres-url");
        let url = match std::fs::read_to_string(&named) {
            Ok(url) => url,
            Err(_) => {
                let url = mitreden_server::postgres::test_database("suite").await;
                std::fs::write(&named, &url).unwrap();
                url
            }
        };
        config.database = mitreden_server::config::Database::Postgres(url);
    }
    edit(&mut config);
    AppState::load(&config).await.unwrap()
}

/// The SQLite file's pools of a state on one, for tests that look into the file.
pub fn db(state: &AppState) -> &mitreden_server::db::Db {
    state
        .sqlite
        .as_ref()
        .expect("this test looks into the SQLite file")
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

/// The password of the staff account [`sign_in`] makes.
pub const PASSWORD: &str = "richtig-langes-passwort";

/// Sends a request; `cookie` signs in, `site` is the Sec-Fetch-Site header.
pub async fn send(
    state: &AppState,
    method: &str,
    uri: &str,
    json: Option<Value>,
    cookie: Option<&str>,
    site: Option<&str>,
) -> Response {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    if let Some(s) = site {
        req = req.header("sec-fetch-site", s);
    }
    let body = match json {
        Some(v) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    app(state.clone())
        .oneshot(req.body(body).unwrap())
        .await
        .unwrap()
}

/// Sends comments as the app does (`{"comments": [...]}` in `body`), from no one in
/// particular.
pub async fn post_comments(state: &AppState, body: Value) -> Response {
    send(state, "POST", "/api/v1/comments", Some(body), None, None).await
}

/// A request of a signed-in staff member (`cookie`) from the administration's own page.
pub async fn as_staff(
    state: &AppState,
    cookie: &str,
    method: &str,
    uri: &str,
    json: Option<Value>,
) -> Response {
    send(state, method, uri, json, Some(cookie), Some("same-origin")).await
}

/// Makes the account `moni` with the role "Moderation" (as `amt`, whose session cookie is
/// `verwaltung`), signs her in, and returns her session cookie.
pub async fn sign_in_moderator(state: &AppState, verwaltung: &str) -> String {
    let moni = json!({ "name": "moni", "password": "moderieren-2026", "role": "moderation" });
    let made = send(
        state,
        "POST",
        "/api/v1/admin/accounts",
        Some(moni),
        Some(verwaltung),
        Some("same-origin"),
    )
    .await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let login = json!({ "name": "moni", "password": "moderieren-2026" });
    let res = send(
        state,
        "POST",
        "/api/v1/admin/login",
        Some(login),
        None,
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// Makes the staff account `amt`, signs in, and returns the session cookie.
pub async fn sign_in(state: &AppState) -> String {
    admin::add_user(&*state.store, "amt", PASSWORD)
        .await
        .unwrap();
    let res = send(
        state,
        "POST",
        "/api/v1/admin/login",
        Some(json!({"name": "amt", "password": PASSWORD})),
        None,
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    cookie.split(';').next().unwrap().to_owned()
}
