//! Who may change state in the administration, and what a browser keeps of it (issue 21,
//! item 8): with `--public-url` only that origin and host; the session cookie `__Host-`
//! prefixed behind TLS; nothing of the administration stored by a browser or proxy.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{header_of, state_with, PASSWORD};
use mitreden_server::{admin, app, AppState};
use serde_json::json;
use tower::ServiceExt;

async fn login(state: &AppState, host: &str, origin: Option<&str>) -> axum::response::Response {
    let mut req = Request::post("/api/v1/admin/login")
        .header(header::HOST, host)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(o) = origin {
        req = req.header(header::ORIGIN, o);
    }
    app(state.clone())
        .oneshot(
            req.body(Body::from(
                json!({ "name": "amt", "password": PASSWORD }).to_string(),
            ))
            .unwrap(),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn with_a_public_address_only_its_origin_and_host_may_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |c| {
        c.public_url = Some("https://mitreden.stadt.example/".into());
        c.secure_cookies = true;
    })
    .await;
    admin::add_user(&*state.store, "amt", PASSWORD)
        .await
        .unwrap();
    // Another name of the same machine agrees with itself — and is refused.
    for (host, origin) in [
        ("10.0.0.5:8080", "https://10.0.0.5:8080"),
        ("intern.stadt.example", "https://intern.stadt.example"),
        ("mitreden.stadt.example", "https://boese.example"),
        ("mitreden.stadt.example", "http://mitreden.stadt.example"),
    ] {
        let res = login(&state, host, Some(origin)).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{host} {origin}");
    }
    let res = login(
        &state,
        "mitreden.stadt.example",
        Some("https://mitreden.stadt.example"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Behind TLS the cookie is `__Host-`: Secure, the whole site, no Domain.
    let cookie = header_of(&res, header::SET_COOKIE).to_owned();
    assert!(cookie.starts_with("__Host-mitreden_session="), "{cookie}");
    for attribute in ["Secure", "Path=/", "HttpOnly", "SameSite=Strict"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    let pair = cookie.split(';').next().unwrap().to_owned();
    let me = |cookie: String| {
        let state = state.clone();
        async move {
            app(state)
                .oneshot(
                    Request::get("/api/v1/admin/me")
                        .header(header::COOKIE, cookie)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap()
        }
    };
    let res = me(pair.clone()).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Who is signed in is never stored by a browser or a proxy; nor is a refusal.
    assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-store");
    let value = pair.split_once('=').unwrap().1;
    let res = me(format!("mitreden_session={value}")).await;
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "the name without the prefix is not the session"
    );
    assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-store");
}

#[tokio::test]
async fn a_public_address_that_is_not_one_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html>").unwrap();
    let mut config = mitreden_server::Config::with_paths(
        dir.path().join("db.sqlite3"),
        dist,
        common::strategy_file(),
    );
    config.public_url = Some("mitreden.stadt.example/pfad".into());
    let err = AppState::load(&config).await.err().unwrap().to_string();
    assert!(err.contains("--public-url"), "{err}");
}
