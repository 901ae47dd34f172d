//! Every admin route in the OpenAPI document, called without a session, as "Moderation"
//! and as "Verwaltung": the answer follows the one table in the code
//! (`admin::access::ROUTES`). A route added without a decision fails here.

#![allow(
    clippy::unwrap_used,
    reason = "a test helper that cannot set up must stop the test"
)]

mod common;

use axum::http::{header, Method, StatusCode};
use common::{body, get, send, sign_in, state};
use mitreden_model::moderation::StaffRole;
use mitreden_server::admin::access::{access, allows};
use serde_json::{json, Value};

#[tokio::test]
async fn every_admin_route_answers_each_role_as_the_table_decides() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let verwaltung = sign_in(&state).await;
    let moni = json!({ "name": "moni", "password": "moderieren-2026", "role": "moderation" });
    let made = send(
        &state,
        "POST",
        "/api/v1/admin/accounts",
        Some(moni),
        Some(&verwaltung),
        Some("same-origin"),
    )
    .await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let login = json!({ "name": "moni", "password": "moderieren-2026" });
    let res = send(
        &state,
        "POST",
        "/api/v1/admin/login",
        Some(login),
        None,
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let moderation = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    let doc: Value =
        serde_json::from_str(&body(get(&state, "/api/openapi.json", None).await).await).unwrap();
    let mut walked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/admin/") {
            continue;
        }
        for method in item.as_object().unwrap().keys() {
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let decided = access(&m, path)
                .unwrap_or_else(|| panic!("{method} {path}: no decision in admin::access::ROUTES"));
            // Signing in and out have their own tests (signing out here would end the
            // session the walk uses).
            if path == "/api/v1/admin/login" || path == "/api/v1/admin/logout" {
                continue;
            }
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
                // No body: an allowed caller gets the handler's own answer (400, 404, 415,
                // 422 …), never 401 or 403; a refused one gets exactly that.
                let res = send(&state, m.as_str(), &uri, None, cookie, Some("same-origin")).await;
                let status = res.status();
                let expected = match (allows(decided, role), role) {
                    (true, _) => None,
                    (false, None) => Some(StatusCode::UNAUTHORIZED),
                    (false, Some(_)) => Some(StatusCode::FORBIDDEN),
                };
                match expected {
                    Some(refused) => assert_eq!(
                        status,
                        refused,
                        "{method} {path} as {who}: {}",
                        body(res).await
                    ),
                    // …and the route exists with this method (documented, decided and
                    // routed alike).
                    None => {
                        let text = body(res).await;
                        assert!(
                            ![
                                StatusCode::UNAUTHORIZED,
                                StatusCode::FORBIDDEN,
                                StatusCode::METHOD_NOT_ALLOWED
                            ]
                            .contains(&status)
                                && !text.contains("Unbekannte API-Adresse"),
                            "{method} {path} as {who}: {status} {text}"
                        );
                    }
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
    let res = send(
        &state,
        "GET",
        "/api/v1/admin/login",
        None,
        None,
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers()[header::ALLOW], "POST");
    let res = send(
        &state,
        "HEAD",
        "/api/v1/admin/me",
        None,
        None,
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = send(
        &state,
        "HEAD",
        "/api/v1/admin/me",
        None,
        Some(&cookie),
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = send(
        &state,
        "GET",
        "/api/v1/admin/gibt-es-nicht",
        None,
        Some(&cookie),
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

/// The case the security test found: a Moderation account created, re-armed and revoked
/// kiosks.
#[tokio::test]
async fn moderation_cannot_touch_kiosks() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let verwaltung = sign_in(&state).await;
    let moni = json!({ "name": "moni", "password": "moderieren-2026", "role": "moderation" });
    send(
        &state,
        "POST",
        "/api/v1/admin/accounts",
        Some(moni),
        Some(&verwaltung),
        Some("same-origin"),
    )
    .await;
    let login = json!({ "name": "moni", "password": "moderieren-2026" });
    let res = send(
        &state,
        "POST",
        "/api/v1/admin/login",
        Some(login),
        None,
        Some("same-origin"),
    )
    .await;
    let moderation = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let kiosk = json!({ "label": "Foyer" });
    let res = send(
        &state,
        "POST",
        "/api/v1/admin/kiosks",
        Some(kiosk.clone()),
        Some(&moderation),
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = send(
        &state,
        "POST",
        "/api/v1/admin/kiosks",
        Some(kiosk),
        Some(&verwaltung),
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let revoke = json!({ "label": "Foyer" });
    let res = send(
        &state,
        "POST",
        "/api/v1/admin/kiosks/revoke",
        Some(revoke),
        Some(&moderation),
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
