//! The security headers, one test per header, on the app, the API and the administration.

#![allow(
    clippy::unwrap_used,
    reason = "a test helper that cannot set up must stop the test"
)]

use crate::common;

use axum::body::Body;
use axum::http::{header, Request};
use axum::response::Response;
use mitreden_server::{app, AppState, Config};
use tower::ServiceExt;

async fn state(dir: &std::path::Path, secure: bool) -> AppState {
    let dist = dir.join("dist");
    std::fs::create_dir_all(dist.join("verwaltung")).unwrap();
    // The bundles the rendered pages start: the citizens' and the administration's.
    for (dir, name) in [("", "mitreden"), ("verwaltung/", "mitreden-admin")] {
        let stem = format!("{dir}{name}-0123456789abcdef");
        std::fs::write(dist.join(format!("{stem}.js")), "export default 1").unwrap();
        std::fs::write(dist.join(format!("{stem}_bg.wasm")), "\0asm").unwrap();
    }
    let mut config = Config::with_paths(dir.join("h.sqlite3"), dist, common::strategy_file());
    config.frame_ancestors = vec!["https://www.sindelfingen.de".into()];
    config.secure_cookies = secure;
    AppState::load(&config).await.unwrap()
}

/// The app, an API answer, an API error, and the administration.
async fn responses(state: &AppState) -> Vec<(&'static str, Response)> {
    let mut out = Vec::new();
    for path in [
        "/",
        "/abschnitt/leitmotiv-2",
        "/api/v1/strategy",
        "/api/v1/gibt-es-nicht",
        "/verwaltung/",
    ] {
        let res = app(state.clone())
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        out.push((path, res));
    }
    out
}

fn value<'a>(res: &'a Response, name: &str) -> &'a str {
    res.headers().get(name).map_or("", |v| v.to_str().unwrap())
}

#[tokio::test]
async fn content_security_policy_allows_only_the_pages_own_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), false).await;
    // The scripts of a citizens' page (the head's and the start-up) and of the
    // administration's (its start-up), read from the pages; their JSON is no script.
    let mut scripts = Vec::new();
    for (path, bundle, count) in [
        (
            "/abschnitt/leitmotiv-2",
            "/mitreden-0123456789abcdef_bg.wasm",
            2,
        ),
        (
            "/verwaltung/",
            "/verwaltung/mitreden-admin-0123456789abcdef_bg.wasm",
            1,
        ),
    ] {
        let page = app(state.clone())
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let html = common::body(page).await;
        assert!(html.contains(bundle), "{html}");
        assert!(html.contains("<script type=\"application/json\" id=\"strategie\">"));
        let hashes = mitreden_server::headers::inline_script_hashes(&html);
        assert_eq!(hashes.len(), count, "{html}");
        scripts.extend(hashes);
    }
    for (path, res) in responses(&state).await {
        let csp = value(&res, "content-security-policy");
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap_or_default();
        for hash in &scripts {
            assert!(script_src.contains(&format!("'{hash}'")), "{path}: {csp}");
        }
        // Those and no more (a build with an event's bundle adds its start-up: a publish
        // may announce an event).
        assert_eq!(script_src.matches("'sha256-").count(), 3, "{path}: {csp}");
        assert!(
            !csp.split(';')
                .any(|d| d.trim().starts_with("script-src") && d.contains("unsafe-inline")),
            "{path}"
        );
        assert!(
            csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_app_may_be_framed_by_itself_and_the_town_the_administration_by_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), false).await;
    for (path, res) in responses(&state).await {
        let csp = value(&res, "content-security-policy");
        if path.starts_with("/verwaltung") {
            assert!(csp.ends_with("frame-ancestors 'none'"), "{path}: {csp}");
            assert_eq!(value(&res, "x-frame-options"), "DENY");
        } else {
            assert!(
                csp.ends_with("frame-ancestors 'self' https://www.sindelfingen.de"),
                "{path}: {csp}"
            );
        }
    }
}

#[tokio::test]
async fn nosniff_on_every_answer() {
    let dir = tempfile::tempdir().unwrap();
    for (path, res) in responses(&state(dir.path(), false).await).await {
        assert_eq!(value(&res, "x-content-type-options"), "nosniff", "{path}");
    }
}

#[tokio::test]
async fn no_referrer_on_every_answer() {
    let dir = tempfile::tempdir().unwrap();
    for (path, res) in responses(&state(dir.path(), false).await).await {
        assert_eq!(value(&res, "referrer-policy"), "no-referrer", "{path}");
    }
}

#[tokio::test]
async fn no_camera_microphone_or_location_on_every_answer() {
    let dir = tempfile::tempdir().unwrap();
    for (path, res) in responses(&state(dir.path(), false).await).await {
        let p = value(&res, "permissions-policy");
        assert!(
            p.contains("camera=()") && p.contains("microphone=()") && p.contains("geolocation=()"),
            "{path}: {p}"
        );
    }
}

#[tokio::test]
async fn cross_origin_opener_policy_on_every_answer() {
    let dir = tempfile::tempdir().unwrap();
    for (path, res) in responses(&state(dir.path(), false).await).await {
        assert_eq!(
            value(&res, "cross-origin-opener-policy"),
            "same-origin",
            "{path}"
        );
    }
}

#[tokio::test]
async fn strict_transport_security_only_behind_tls() {
    let dir = tempfile::tempdir().unwrap();
    for (path, res) in responses(&state(dir.path(), false).await).await {
        assert_eq!(value(&res, "strict-transport-security"), "", "{path}");
    }
    let dir = tempfile::tempdir().unwrap();
    for (path, res) in responses(&state(dir.path(), true).await).await {
        assert!(
            value(&res, "strict-transport-security").starts_with("max-age="),
            "{path}"
        );
    }
}

#[tokio::test]
async fn no_cors_on_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), false).await;
    let res = app(state)
        .oneshot(
            Request::get("/api/v1/strategy")
                .header(header::ORIGIN, "https://evil.example")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(res
        .headers()
        .keys()
        .all(|k| !k.as_str().starts_with("access-control-")));
}
