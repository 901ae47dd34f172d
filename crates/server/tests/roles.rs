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
use mitreden_server::admin::access::{access, allows, Access};
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
            // Signing in and out need no session (their own tests cover them; signing out
            // here would end the session the walk uses).
            if decided == Access::Anyone {
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
                    None => assert!(
                        status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                        "{method} {path} as {who}: {status} {}",
                        body(res).await
                    ),
                }
                walked += 1;
            }
        }
    }
    assert!(walked >= 3 * 28, "{walked} calls");
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
