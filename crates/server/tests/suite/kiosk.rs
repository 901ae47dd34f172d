//! Kiosks: the one-time set-up link, who a device is, its comments marked with its label
//! and counted against its own allowance, revocation.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::response::Response;
use common::{body, send, sign_in, state_with};
use mitreden_model::kiosk::KIOSK_HEADER;
use mitreden_server::limits::Rate;
use mitreden_server::{app, kiosk, AppState};
use serde_json::{json, Value};
use tower::ServiceExt;

/// A comment batch from `addr`, with a kiosk secret or without.
async fn post_from(state: &AppState, addr: &str, secret: Option<&str>, n: u32) -> Response {
    let id = format!("0b7e3c1a-5f2d-4c8e-9a6b-{n:012x}");
    let mut req =
        Request::post("/api/v1/comments").header(header::CONTENT_TYPE, "application/json");
    if let Some(s) = secret {
        req = req.header(KIOSK_HEADER, s);
    }
    let batch = json!({ "comments": [{
        "id": id, "section_id": "leitmotiv-2", "section_version": 2,
        "text": format!("Kommentar {n} vom Gerät"), "consent": true,
        "created_at": "2026-11-22T10:15:00.000Z",
    }]});
    let mut req = req.body(Body::from(batch.to_string())).unwrap();
    let peer: std::net::SocketAddr = format!("{addr}:40000").parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    app(state.clone()).oneshot(req).await.unwrap()
}

async fn json_of(res: Response) -> Value {
    serde_json::from_str(&body(res).await).unwrap()
}

/// Sets up the kiosk `label` as a device would and returns its secret.
async fn set_up(state: &AppState, label: &str) -> String {
    let token = kiosk::add(&*state.store, label, 90).await.unwrap().token;
    let res = send(
        state,
        "POST",
        "/api/v1/kiosk/setup",
        Some(json!({ "token": token })),
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let setup = json_of(res).await;
    assert_eq!(setup["label"], label);
    assert_eq!(setup["idle_seconds"], 90);
    // The link works once.
    let again = send(
        state,
        "POST",
        "/api/v1/kiosk/setup",
        Some(json!({ "token": token })),
        None,
        None,
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    setup["secret"].as_str().unwrap().to_owned()
}

async fn who_am_i(state: &AppState, secret: &str) -> StatusCode {
    let req = Request::get("/api/v1/kiosk")
        .header(KIOSK_HEADER, secret)
        .body(Body::empty())
        .unwrap();
    app(state.clone()).oneshot(req).await.unwrap().status()
}

#[tokio::test]
async fn a_kiosk_has_its_own_allowance_and_label_until_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |c| {
        c.rate_limit = Rate {
            requests: 3,
            seconds: 60,
        };
        c.kiosk_rate_limit = Rate {
            requests: 600,
            seconds: 60,
        };
    })
    .await;
    let secret = set_up(&state, "BürgerBüro Rathaus").await;
    assert_eq!(who_am_i(&state, &secret).await, StatusCode::OK);
    assert_eq!(who_am_i(&state, "erfunden").await, StatusCode::NOT_FOUND);

    // The town hall's one address: 100 comments from the kiosk in a minute all arrive...
    for n in 0..100 {
        let res = post_from(&state, "198.51.100.7", Some(&secret), n).await;
        assert_eq!(res.status(), StatusCode::OK, "kiosk comment {n}");
    }
    // ...while a plain client at that address is held to its own three.
    for n in 100..103 {
        assert_eq!(
            post_from(&state, "198.51.100.7", None, n).await.status(),
            StatusCode::OK
        );
    }
    let limited = post_from(&state, "198.51.100.7", None, 103).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);

    // Staff see the label and can filter by it.
    let cookie = sign_in(&state).await;
    let listed = |filter: &'static str| {
        let state = state.clone();
        let cookie = cookie.clone();
        async move { json_of(send(&state, "GET", filter, None, Some(&cookie), None).await).await }
    };
    let all = listed("/api/v1/admin/comments").await;
    assert_eq!(all.as_array().unwrap().len(), 103);
    let from_kiosk = listed("/api/v1/admin/comments?kiosk=B%C3%BCrgerB%C3%BCro%20Rathaus").await;
    let from_kiosk = from_kiosk.as_array().unwrap();
    assert_eq!(from_kiosk.len(), 100);
    assert!(from_kiosk
        .iter()
        .all(|c| c["kiosk"] == "BürgerBüro Rathaus"));
    let kiosks = listed("/api/v1/admin/kiosks").await;
    assert_eq!(kiosks[0]["label"], "BürgerBüro Rathaus");
    assert!(kiosks[0]["set_up_at"].is_string());

    // Revoked: the device is no kiosk; what it still sends is taken like anyone's.
    kiosk::revoke(&*state.store, "BürgerBüro Rathaus")
        .await
        .unwrap();
    assert_eq!(who_am_i(&state, &secret).await, StatusCode::NOT_FOUND);
    let res = post_from(&state, "198.51.100.8", Some(&secret), 200).await;
    assert_eq!(res.status(), StatusCode::OK);
    let plain = listed("/api/v1/admin/comments?kiosk=B%C3%BCrgerB%C3%BCro%20Rathaus").await;
    assert_eq!(
        plain.as_array().unwrap().len(),
        100,
        "the revoked kiosk marks nothing"
    );
}

#[tokio::test]
async fn staff_create_and_revoke_kiosks_in_the_administration() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let cookie = sign_in(&state).await;
    let add = |label: &'static str, idle: u32| {
        let state = state.clone();
        let cookie = cookie.clone();
        async move {
            send(
                &state,
                "POST",
                "/api/v1/admin/kiosks",
                Some(json!({ "label": label, "idle_seconds": idle })),
                Some(&cookie),
                Some("same-origin"),
            )
            .await
        }
    };
    let res = add("Stadtbibliothek", 120).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let path = json_of(res).await["path"].as_str().unwrap().to_owned();
    let token = path.strip_prefix("/verwaltung/kiosk#").unwrap().to_owned();
    assert_eq!(
        add("", 120).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        add("Zu kurz", 5).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Not signed in: nothing.
    let anonymous = send(&state, "GET", "/api/v1/admin/kiosks", None, None, None).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    // Revoked before use: the link is dead.
    let revoke = send(
        &state,
        "POST",
        "/api/v1/admin/kiosks/revoke",
        Some(json!({ "label": "Stadtbibliothek" })),
        Some(&cookie),
        Some("same-origin"),
    )
    .await;
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);
    let setup = send(
        &state,
        "POST",
        "/api/v1/kiosk/setup",
        Some(json!({ "token": token })),
        None,
        None,
    )
    .await;
    assert_eq!(setup.status(), StatusCode::NOT_FOUND);
    assert!(header_is_problem(&setup));
}

fn header_is_problem(res: &Response) -> bool {
    common::header_of(res, header::CONTENT_TYPE) == "application/problem+json"
}

#[tokio::test]
async fn a_new_link_for_a_kiosk_ends_its_old_device_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let old = set_up(&state, "Foyer").await;
    let again = kiosk::add(&*state.store, "Foyer", 120).await.unwrap();
    assert!(again.replaced, "the set-up device is named as replaced");
    assert_eq!(who_am_i(&state, &old).await, StatusCode::NOT_FOUND);
    let unused = kiosk::add(&*state.store, "Foyer", 120).await.unwrap();
    assert!(!unused.replaced, "an unused link replaces no device");
}
