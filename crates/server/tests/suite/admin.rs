//! The administration: sign-in, throttling, cross-site protection, and the moderation loop
//! (publish, reject, answer) as the public and the author see it.

#![allow(
    clippy::unwrap_used,
    reason = "a test helper that cannot set up must stop the test"
)]

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{body, send, sign_in, sign_in_from, state, state_with, PASSWORD};
use mitreden_model::api::{
    AdminComment, AnswerStatus, ModerationState, PublicComment, Receipt, SectionCount,
};
use mitreden_server::config::Moderation;
use mitreden_server::{admin, app, AppState};
use serde_json::{json, Value};
use tower::ServiceExt;

const A: &str = "0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c";
const B: &str = "1c8f4d2b-6a3e-4d9f-8b7c-2e3f4a5b6c7d";
const TOKEN: &str = "cccccccccccccccccccccccccccccccc0123456789abcdef0123456789abcdef";

async fn post_comment(state: &AppState, id: &str, text: &str) {
    let (status, _) = post_with(state, id, text, None).await;
    assert_eq!(status, StatusCode::OK);
}

/// Posts one comment as the app does, with the honeypot field `website` if given; the
/// answer's status and its item with `id` and `received_at` taken out.
async fn post_with(
    state: &AppState,
    id: &str,
    text: &str,
    website: Option<&str>,
) -> (StatusCode, Value) {
    let mut c = json!({
        "id": id, "section_id": "leitmotiv-2", "section_version": 1, "text": text,
        "consent": true, "created_at": "2026-11-22T10:15:00.000Z", "receipt_token": TOKEN,
    });
    if let Some(w) = website {
        c["website"] = json!(w);
    }
    let res = send(
        state,
        "POST",
        "/api/v1/comments",
        Some(json!({"comments": [c]})),
        None,
        None,
    )
    .await;
    let status = res.status();
    let mut answer: Value = serde_json::from_str(&body(res).await).unwrap();
    let item = answer["results"][0].as_object_mut().unwrap();
    assert_eq!(item.remove("id"), Some(json!(id)));
    assert!(item.remove("received_at").is_some_and(|t| t.is_string()));
    (status, answer)
}

async fn public(state: &AppState) -> Vec<PublicComment> {
    let res = send(
        state,
        "GET",
        "/api/v1/sections/leitmotiv-2/comments",
        None,
        None,
        None,
    )
    .await;
    serde_json::from_str::<mitreden_model::paging::CommentPage>(&body(res).await)
        .unwrap()
        .comments
}

async fn receipt(state: &AppState, id: &str) -> Receipt {
    let res = app(state.clone())
        .oneshot(
            Request::get(format!("/api/v1/comments/{id}/receipt"))
                .header("x-receipt-token", TOKEN)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    serde_json::from_str(&body(res).await).unwrap()
}

const ADMIN_ROUTES: [(&str, &str); 22] = [
    ("GET", "/api/v1/admin/me"),
    ("GET", "/api/v1/admin/comments"),
    ("POST", "/api/v1/admin/logout"),
    ("POST", "/api/v1/admin/comments/x/publish"),
    ("POST", "/api/v1/admin/comments/x/reject"),
    ("PUT", "/api/v1/admin/comments/x/answer"),
    ("POST", "/api/v1/admin/comments/bulk"),
    ("GET", "/api/v1/admin/counts"),
    ("GET", "/api/v1/admin/accounts"),
    ("POST", "/api/v1/admin/accounts"),
    ("POST", "/api/v1/admin/accounts/x/deactivate"),
    ("PUT", "/api/v1/admin/me/password"),
    ("GET", "/api/v1/admin/me/digest"),
    ("PUT", "/api/v1/admin/me/digest"),
    ("GET", "/api/v1/admin/export.json"),
    ("GET", "/api/v1/admin/export.csv"),
    ("GET", "/api/v1/admin/export-excel.csv"),
    ("GET", "/api/v1/admin/export-history.csv"),
    ("GET", "/api/v1/admin/comments/x/history"),
    ("GET", "/api/v1/admin/kiosks"),
    ("POST", "/api/v1/admin/kiosks"),
    ("POST", "/api/v1/admin/kiosks/revoke"),
];

#[tokio::test]
async fn every_admin_route_answers_401_without_a_session() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    for (method, uri) in ADMIN_ROUTES {
        let payload =
            (method != "GET").then(|| json!({"reason": "x", "text": "x", "status": "eingegangen"}));
        for cookie in [None, Some("mitreden_session=erfunden")] {
            let res = send(
                &state,
                method,
                uri,
                payload.clone(),
                cookie,
                Some("same-origin"),
            )
            .await;
            assert_eq!(
                res.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {uri} {cookie:?}"
            );
        }
    }
}

#[tokio::test]
async fn state_changes_from_another_site_are_refused_with_403() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let cookie = sign_in(&state).await;
    post_comment(&state, A, "Text").await;
    for (method, uri) in ADMIN_ROUTES.into_iter().filter(|(m, _)| *m != "GET") {
        let uri = uri.replace("/x/", &format!("/{A}/"));
        let payload = Some(json!({"reason": "x", "text": "x", "status": "eingegangen"}));
        for site in [Some("cross-site"), Some("same-site"), None] {
            let res = send(&state, method, &uri, payload.clone(), Some(&cookie), site).await;
            assert_eq!(
                res.status(),
                StatusCode::FORBIDDEN,
                "{method} {uri} {site:?}"
            );
        }
    }
    // The sign-in form itself cannot be posted from elsewhere either.
    let res = send(
        &state,
        "POST",
        "/api/v1/admin/login",
        Some(json!({"name": "amt", "password": PASSWORD})),
        None,
        Some("cross-site"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(public(&state).await.is_empty(), "nothing was published");
}

#[tokio::test]
async fn wrong_passwords_are_throttled() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    admin::add_user(&*state.store, "amt", PASSWORD)
        .await
        .unwrap();
    let attempt = |password: &'static str| {
        let state = state.clone();
        async move {
            send(
                &state,
                "POST",
                "/api/v1/admin/login",
                Some(json!({"name": "amt", "password": password})),
                None,
                Some("same-origin"),
            )
            .await
        }
    };
    for _ in 0..=admin::FREE_PER_NAME {
        assert_eq!(attempt("falsch").await.status(), StatusCode::UNAUTHORIZED);
    }
    let locked = attempt(PASSWORD).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(locked.headers().contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn publish_answer_and_revision_reach_the_public_and_the_author() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let cookie = sign_in(&state).await;
    post_comment(&state, A, "Es fehlt das Bekenntnis zur Bildung.").await;
    assert!(
        public(&state).await.is_empty(),
        "pre-moderation: nothing public yet"
    );

    let queue = send(
        &state,
        "GET",
        "/api/v1/admin/comments?state=received",
        None,
        Some(&cookie),
        None,
    )
    .await;
    let queue: Vec<AdminComment> = serde_json::from_str(&body(queue).await).unwrap();
    assert_eq!(queue.len(), 1);

    let uri = format!("/api/v1/admin/comments/{A}/publish");
    let res = send(
        &state,
        "POST",
        &uri,
        None,
        Some(&cookie),
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let answer = json!({
        "text": "Wir haben Ihren Vorschlag aufgenommen und das 2. Leitmotiv ergänzt.",
        "status": "beruecksichtigt",
        "revision": {"section_id": "leitmotiv-2", "version": 2},
    });
    let uri = format!("/api/v1/admin/comments/{A}/answer");
    let res = send(
        &state,
        "PUT",
        &uri,
        Some(answer),
        Some(&cookie),
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    let shown = public(&state).await;
    assert_eq!(shown.len(), 1);
    let answer = shown[0].answer.clone().unwrap();
    assert_eq!(answer.status, AnswerStatus::Beruecksichtigt);
    assert_eq!(answer.office, "Stadtverwaltung");
    assert_eq!(answer.revision.unwrap().version, 2);

    let mine = receipt(&state, A).await;
    assert_eq!(mine.moderation_state, ModerationState::Published);
    assert!(mine.answer.is_some());

    let counts = send(&state, "GET", "/api/v1/counts", None, None, None).await;
    let counts: Vec<SectionCount> = serde_json::from_str(&body(counts).await).unwrap();
    let two = counts
        .iter()
        .find(|c| c.section_id == "leitmotiv-2")
        .unwrap();
    assert_eq!(two.comments, 1);
    assert_eq!(counts.len(), 10);
}

#[tokio::test]
async fn a_rejected_comment_tells_its_author_why_and_is_never_public() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let cookie = sign_in(&state).await;
    post_comment(&state, B, "Werbung für meinen Laden.").await;
    let uri = format!("/api/v1/admin/comments/{B}/reject");
    let empty = send(
        &state,
        "POST",
        &uri,
        Some(json!({"reason": " "})),
        Some(&cookie),
        Some("same-origin"),
    )
    .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let reason = json!({"reason": "Werbung ist hier nicht erlaubt."});
    let res = send(
        &state,
        "POST",
        &uri,
        Some(reason),
        Some(&cookie),
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let mine = receipt(&state, B).await;
    assert_eq!(mine.moderation_state, ModerationState::Rejected);
    assert_eq!(
        mine.moderation_reason.as_deref(),
        Some("Werbung ist hier nicht erlaubt.")
    );
    assert!(public(&state).await.is_empty());
}

/// A writing connection left inside a transaction (as a request cancelled at the wrong
/// moment can leave it) is replaced before the next write, which then succeeds.
#[tokio::test]
async fn a_connection_left_in_a_transaction_does_not_stop_the_writes() {
    if common::peek::on_postgres() {
        return; // SQLite's one write connection; PostgreSQL's pool rolls back on return
    }
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    {
        let mut conn = common::db(&state).write.acquire().await.unwrap();
        let tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE")
            .await
            .unwrap();
        // Never committed, never rolled back: as if its owner had vanished.
        std::mem::forget(tx);
    }
    post_comment(&state, A, "Danach geschrieben.").await;
    let cookie = sign_in(&state).await;
    let uri = format!("/api/v1/admin/comments/{A}/publish");
    let res = send(
        &state,
        "POST",
        &uri,
        None,
        Some(&cookie),
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(public(&state).await.len(), 1);
}

#[tokio::test]
async fn answers_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let cookie = sign_in(&state).await;
    post_comment(&state, A, "Text").await;
    let uri = format!("/api/v1/admin/comments/{A}/answer");
    for bad in [
        json!({"text": "Nein.", "status": "nicht_beruecksichtigt"}),
        json!({"text": " ", "status": "in_pruefung"}),
        json!({"text": "Ja.", "status": "beruecksichtigt", "revision": {"section_id": "leitmotiv-2", "version": 9}}),
        json!({"text": "Ja.", "status": "beruecksichtigt", "revision": {"section_id": "gibt-es-nicht", "version": 1}}),
        // The version the comment was written on cannot have come from it, unless confirmed.
        json!({"text": "Ja.", "status": "beruecksichtigt", "revision": {"section_id": "leitmotiv-2", "version": 1}}),
    ] {
        let res = send(
            &state,
            "PUT",
            &uri,
            Some(bad.clone()),
            Some(&cookie),
            Some("same-origin"),
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let confirmed = json!({"text": "Ja.", "status": "beruecksichtigt", "revision_confirmed": true,
        "revision": {"section_id": "leitmotiv-2", "version": 1}});
    let res = send(
        &state,
        "PUT",
        &uri,
        Some(confirmed),
        Some(&cookie),
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let with_reason = json!({"text": "Nein.", "status": "nicht_beruecksichtigt", "reason": "Zuständig ist das Land."});
    let res = send(
        &state,
        "PUT",
        &uri,
        Some(with_reason),
        Some(&cookie),
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn nobody_elsewhere_can_lock_a_staff_member_out() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    admin::add_user(&*state.store, "amt", PASSWORD)
        .await
        .unwrap();
    // Someone elsewhere tries wrong passwords for the name until slowed down.
    let mut slowed = false;
    for _ in 0..10 {
        let res = sign_in_from(&state, "203.0.113.5", "amt", "geraten-1234").await;
        slowed |= res.status() == StatusCode::TOO_MANY_REQUESTS;
    }
    assert!(slowed, "the attacker's address is slowed down");
    // The staff member at the town hall signs in at once.
    let res = sign_in_from(&state, "198.51.100.7", "amt", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn expired_sessions_are_deleted_and_an_account_keeps_at_most_five() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    admin::add_user(&*state.store, "amt", PASSWORD)
        .await
        .unwrap();
    let peek = common::peek::peek(&state).await;
    peek.run(
        "INSERT INTO sessions (token_hash, staff_name, expires_at_ms) VALUES ('alt', 'amt', 1)",
        &[],
    )
    .await;
    for _ in 0..7 {
        let res = sign_in_from(&state, "198.51.100.7", "amt", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let sessions: Vec<String> = peek
        .rows("SELECT token_hash FROM sessions", &[])
        .await
        .into_iter()
        .map(|row| row[0].clone().unwrap())
        .collect();
    assert_eq!(sessions.len(), 5);
    assert!(!sessions.contains(&"alt".to_owned()));
}

/// A bot that fills in the form's hidden field gets the same answer as a citizen, and its
/// receipt works, but staff never see its comment and the public never does, even where
/// comments are public before moderation.
#[tokio::test]
async fn a_comment_through_the_honeypot_is_answered_alike_and_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |c| c.moderation = Moderation::Post).await;
    let cookie = sign_in(&state).await;
    let citizen = post_with(&state, A, "Mehr Bürgerbüros, bitte.", Some("")).await;
    let bot = post_with(&state, B, "Billige Uhren!", Some("https://spam.example")).await;
    assert_eq!(citizen, bot);
    assert_eq!(
        receipt(&state, B).await.moderation_state,
        ModerationState::Received
    );
    let shown: Vec<String> = public(&state).await.into_iter().map(|c| c.id).collect();
    assert_eq!(shown, [A]);
    let res = send(&state, "GET", "/api/v1/counts", None, None, None).await;
    let counts: Vec<SectionCount> = serde_json::from_str(&body(res).await).unwrap();
    let leitmotiv_2 = counts
        .iter()
        .find(|c| c.section_id == "leitmotiv-2")
        .unwrap();
    assert_eq!(leitmotiv_2.comments, 1);
    let res = send(
        &state,
        "GET",
        "/api/v1/admin/comments",
        None,
        Some(&cookie),
        None,
    )
    .await;
    let listed: Vec<AdminComment> = serde_json::from_str(&body(res).await).unwrap();
    let listed: Vec<String> = listed.into_iter().map(|c| c.id).collect();
    assert_eq!(listed, [A]);
}
