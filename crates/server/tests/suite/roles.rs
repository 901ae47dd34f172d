//! Every admin route in the OpenAPI document, called without a session, as "Moderation"
//! and as "Verwaltung": the answer follows the one table in the code
//! (`admin::access::ROUTES`). A route added without a decision fails here.

#![allow(
    clippy::unwrap_used,
    reason = "a test helper that cannot set up must stop the test"
)]

use crate::common;

use axum::http::{header, Method, StatusCode};
use common::{body, get, send, sign_in, sign_in_moderator, state};
use mitreden_model::moderation::StaffRole;
use mitreden_server::admin::access::{access, allows};
use serde_json::{json, Value};

#[tokio::test]
async fn every_admin_route_answers_each_role_as_the_table_decides() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let verwaltung = sign_in(&state).await;
    let moderation = sign_in_moderator(&state, &verwaltung).await;
    let doc: Value =
        serde_json::from_str(&body(get(&state, "/api/openapi.json", None).await).await).unwrap();
    let mut walked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        // Signing in and out have their own tests (signing out here would end the session
        // the walk uses).
        if !path.starts_with("/api/v1/admin/")
            || path == "/api/v1/admin/login"
            || path == "/api/v1/admin/logout"
        {
            continue;
        }
        for method in item.as_object().unwrap().keys() {
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let decided = access(&m, path)
                .unwrap_or_else(|| panic!("{method} {path}: no decision in admin::access::ROUTES"));
            let uri = path
                .replace("{id}", "0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c")
                .replace("{name}", "niemand")
                .replace("{event}", "gibt-es-nicht");
            for (who, cookie, role) in [
                ("no session", None, None),
                (
                    "Moderation",
                    Some(moderation.as_str()),
                    Some(StaffRole::Moderation),
                ),
                (
                    "Verwaltung",
                    Some(verwaltung.as_str()),
                    Some(StaffRole::Verwaltung),
                ),
            ] {
                // No body: a refused caller gets exactly 401 or 403; an allowed one the
                // handler's own answer (400, 404, 415, 422 …) — never 401, 403, 405 or an
                // unknown address (documented, decided and routed alike).
                let res = send(&state, m.as_str(), &uri, None, cookie, Some("same-origin")).await;
                let status = res.status();
                let text = body(res).await;
                match (allows(decided, role), role) {
                    (false, None) => assert_eq!(
                        status,
                        StatusCode::UNAUTHORIZED,
                        "{method} {path} as {who}: {text}"
                    ),
                    (false, Some(_)) => assert_eq!(
                        status,
                        StatusCode::FORBIDDEN,
                        "{method} {path} as {who}: {text}"
                    ),
                    (true, _) => assert!(
                        ![
                            StatusCode::UNAUTHORIZED,
                            StatusCode::FORBIDDEN,
                            StatusCode::METHOD_NOT_ALLOWED
                        ]
                        .contains(&status)
                            && !text.contains("Unbekannte API-Adresse"),
                        "{method} {path} as {who}: {status} {text}"
                    ),
                }
                walked += 1;
            }
        }
    }
    assert!(walked >= 3 * 28, "{walked} calls");
}

/// A method a route does not have is a 405 with `Allow`, as the router says it; HEAD is
/// GET's; a path nobody decided does not exist.
#[tokio::test]
async fn other_methods_are_405_and_head_is_get() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let cookie = sign_in(&state).await;
    for (method, uri, signed_in, expected) in [
        (
            "GET",
            "/api/v1/admin/login",
            false,
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        ("HEAD", "/api/v1/admin/me", false, StatusCode::UNAUTHORIZED),
        ("HEAD", "/api/v1/admin/me", true, StatusCode::OK),
        (
            "GET",
            "/api/v1/admin/gibt-es-nicht",
            true,
            StatusCode::NOT_FOUND,
        ),
    ] {
        let session = signed_in.then_some(cookie.as_str());
        let res = send(&state, method, uri, None, session, Some("same-origin")).await;
        assert_eq!(res.status(), expected, "{method} {uri}");
        if expected == StatusCode::METHOD_NOT_ALLOWED {
            assert_eq!(res.headers()[header::ALLOW], "POST");
        }
    }
}

/// The case the security test found: a Moderation account created, re-armed and revoked
/// kiosks.
#[tokio::test]
async fn moderation_cannot_touch_kiosks() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let verwaltung = sign_in(&state).await;
    let moderation = sign_in_moderator(&state, &verwaltung).await;
    let foyer = json!({ "label": "Foyer" });
    for (path, cookie, expected) in [
        ("/api/v1/admin/kiosks", &moderation, StatusCode::FORBIDDEN),
        ("/api/v1/admin/kiosks", &verwaltung, StatusCode::CREATED),
        // Re-arming an existing kiosk is adding it again.
        ("/api/v1/admin/kiosks", &moderation, StatusCode::FORBIDDEN),
        (
            "/api/v1/admin/kiosks/revoke",
            &moderation,
            StatusCode::FORBIDDEN,
        ),
    ] {
        let res = send(
            &state,
            "POST",
            path,
            Some(foyer.clone()),
            Some(cookie),
            Some("same-origin"),
        )
        .await;
        assert_eq!(res.status(), expected, "{path}");
    }
    // Listing them stays open to both (the workplace filters by kiosk).
    let res = send(
        &state,
        "GET",
        "/api/v1/admin/kiosks",
        None,
        Some(&moderation),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
}
