//! The comments API: validation, idempotency and the limits, against a real SQLite file.

#![allow(
    clippy::unwrap_used,
    reason = "a test helper that cannot set up must stop the test"
)]

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::response::Response;
use common::{body, get, header_of, state};
use mitreden_model::api::{BatchResponse, CommentStatus, Outcome, Problem};
use mitreden_model::api::{ModerationState, Receipt};
use mitreden_model::comment::MAX_TEXT_CHARS;
use mitreden_server::{app, AppState};
use serde_json::{json, Value};
use tower::ServiceExt;

fn comment(id: &str, text: &str) -> Value {
    json!({
        "id": id,
        "section_id": "leitmotiv-2",
        "section_version": 2,
        "text": text,
        "consent": true,
        "created_at": "2026-11-22T10:15:00.000Z",
    })
}

const A: &str = "0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c";
const B: &str = "1c8f4d2b-6a3e-4d9f-8b7c-2e3f4a5b6c7d";
const C: &str = "2d905e3c-7b4f-4e0a-9c8d-3f4a5b6c7d8e";

async fn post_raw(state: &AppState, content_type: &str, body: impl Into<Body>) -> Response {
    app(state.clone())
        .oneshot(
            Request::post("/api/v1/comments")
                .header(header::CONTENT_TYPE, content_type)
                .body(body.into())
                .unwrap(),
        )
        .await
        .unwrap()
}

async fn post(state: &AppState, comments: Vec<Value>) -> BatchResponse {
    let res = post_raw(
        state,
        "application/json",
        json!({ "comments": comments }).to_string(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    serde_json::from_str(&body(res).await).unwrap()
}

async fn rows(state: &AppState) -> i64 {
    let n = common::peek::peek(state)
        .await
        .number("SELECT COUNT(*) FROM comments", &[])
        .await;
    n
}

async fn problem(res: Response, status: StatusCode) -> Problem {
    assert_eq!(res.status(), status);
    assert_eq!(
        header_of(&res, header::CONTENT_TYPE),
        "application/problem+json"
    );
    serde_json::from_str(&body(res).await).unwrap()
}

#[tokio::test]
async fn a_comment_is_stored_once_however_often_it_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let first = post(&state, vec![comment(A, "Bildung fehlt.")]).await;
    assert_eq!(first.results[0].outcome, Outcome::Created);
    assert_eq!(first.results[0].status, 201);
    let receipt = first.results[0].received_at.clone().unwrap();
    assert!(receipt.ends_with('Z'), "{receipt}");

    for _ in 0..3 {
        let again = post(&state, vec![comment(A, "Bildung fehlt.")]).await;
        assert_eq!(again.results[0].outcome, Outcome::AlreadyPresent);
        assert_eq!(
            again.results[0].received_at.as_deref(),
            Some(receipt.as_str())
        );
    }
    assert_eq!(rows(&state).await, 1);
}

#[tokio::test]
async fn the_same_id_with_other_content_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    post(&state, vec![comment(A, "Bildung fehlt.")]).await;
    let res = post(&state, vec![comment(A, "Etwas ganz anderes.")]).await;
    assert_eq!(res.results[0].outcome, Outcome::Conflict);
    assert_eq!(res.results[0].status, 422);
    let text = common::peek::peek(&state)
        .await
        .text("SELECT body FROM comments WHERE id = $1", &[A.into()])
        .await
        .unwrap();
    assert_eq!(text, "Bildung fehlt.", "the original is kept");
}

#[tokio::test]
async fn a_mixed_batch_is_answered_item_by_item_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    post(&state, vec![comment(A, "schon da")]).await;
    let mut unknown_section = comment(C, "Text");
    unknown_section["section_id"] = json!("leitmotiv-99");
    let mut unknown_field = comment("3e016f4d-8c5a-4f1b-8d9e-4a5b6c7d8e9f", "Text");
    unknown_field["email"] = json!("a@b.c");
    let res = post(
        &state,
        vec![
            comment(A, "schon da"),
            comment(B, "neu"),
            comment(
                "4f127a5e-9d6b-4a2c-8e0f-5b6c7d8e9f0a",
                &"x".repeat(MAX_TEXT_CHARS + 1),
            ),
            unknown_section,
            unknown_field,
            json!("kein Objekt"),
        ],
    )
    .await;
    let outcomes: Vec<_> = res.results.iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        vec![
            Outcome::AlreadyPresent,
            Outcome::Created,
            Outcome::Invalid,
            Outcome::Invalid,
            Outcome::Invalid,
            Outcome::Invalid,
        ]
    );
    assert!(res.results[2]
        .reason
        .as_deref()
        .unwrap()
        .contains("zu lang"));
    assert!(res.results[3]
        .reason
        .as_deref()
        .unwrap()
        .contains("Abschnitt"));
    assert!(res.results[4].reason.as_deref().unwrap().contains("email"));
    // The rule broken as a code, for the app to say in its language; none where the item
    // breaks no rule of the model (its shape is wrong) or was stored.
    let codes: Vec<_> = res.results.iter().map(|r| r.code.as_deref()).collect();
    assert_eq!(
        codes,
        [
            None,
            None,
            Some("text_too_long"),
            Some("unknown_section"),
            None,
            None
        ]
    );
    assert_eq!(res.results[1].id, B);
    assert_eq!(rows(&state).await, 2);
}

#[tokio::test]
async fn every_rule_of_the_shared_model_is_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let mut no_consent = comment(A, "Text");
    no_consent["consent"] = json!(false);
    let mut bad_id = comment("123", "Text");
    bad_id["id"] = json!("123");
    let res = post(&state, vec![no_consent, bad_id, comment(C, "   ")]).await;
    for r in &res.results {
        assert_eq!(r.outcome, Outcome::Invalid, "{r:?}");
    }
    assert_eq!(rows(&state).await, 0);
}

#[tokio::test]
async fn bad_requests_get_problem_json_never_500() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;

    let p = problem(
        post_raw(&state, "application/json", "{nicht json").await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert!(p.detail.unwrap().contains("JSON"));

    problem(
        post_raw(&state, "text/plain", json!({"comments": []}).to_string()).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
    )
    .await;

    problem(
        post_raw(
            &state,
            "application/json",
            json!({"kommentare": []}).to_string(),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;

    problem(
        post_raw(
            &state,
            "application/json",
            json!({"comments": []}).to_string(),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;

    let too_many: Vec<Value> = (0..51).map(|_| comment(A, "x")).collect();
    problem(
        post_raw(
            &state,
            "application/json",
            json!({ "comments": too_many }).to_string(),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;

    // Under the size limit, but a hundred thousand items: refused at the 51st.
    let many_tiny = format!("{{\"comments\":[{}{{}}]}}", "{\"\":0},".repeat(140_000));
    assert!(many_tiny.len() < 1024 * 1024);
    let p = problem(
        post_raw(&state, "application/json", many_tiny).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(p.detail.unwrap().contains("1 bis 50 Kommentare"));

    let huge = format!("{{\"comments\":[\"{}\"]}}", "x".repeat(2 * 1024 * 1024));
    problem(
        post_raw(&state, "application/json", huge).await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    assert_eq!(rows(&state).await, 0);
}

#[tokio::test]
async fn the_status_of_a_comment_is_there_for_whoever_holds_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    post(&state, vec![comment(A, "Bildung fehlt.")]).await;
    let res = get(&state, &format!("/api/v1/comments/{A}"), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = body(res).await;
    assert!(
        !text.contains("Bildung"),
        "the text is not part of the status: {text}"
    );
    let status: CommentStatus = serde_json::from_str(&text).unwrap();
    assert_eq!(status.moderation_state, ModerationState::Received);
    assert_eq!(status.section_id, "leitmotiv-2");

    let missing = get(&state, &format!("/api/v1/comments/{B}"), None).await;
    problem(missing, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn an_acknowledged_comment_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let state1 = state(dir.path()).await;
    post(&state1, vec![comment(A, "Bildung fehlt.")]).await;
    if let Some(db) = &state1.sqlite {
        db.close().await;
    }
    let state2 = state(dir.path()).await;
    assert_eq!(rows(&state2).await, 1);
}

const TOKEN_A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0123456789abcdef0123456789abcdef";
const TOKEN_B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb0123456789abcdef0123456789abcdef";

fn with_token(mut c: Value, token: &str) -> Value {
    c["receipt_token"] = json!(token);
    c
}

async fn with_receipt(state: &AppState, method: &str, id: &str, token: Option<&str>) -> Response {
    let path = if method == "DELETE" {
        format!("/api/v1/comments/{id}")
    } else {
        format!("/api/v1/comments/{id}/receipt")
    };
    let mut req = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        req = req.header("x-receipt-token", token);
    }
    app(state.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_receipt_token_opens_its_own_comment_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    post(
        &state,
        vec![
            with_token(comment(A, "Mein Kommentar."), TOKEN_A),
            with_token(comment(B, "Ein anderer."), TOKEN_B),
            comment(C, "Ohne Beleg."),
        ],
    )
    .await;
    let res = with_receipt(&state, "GET", A, Some(TOKEN_A)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let receipt: Receipt = serde_json::from_str(&body(res).await).unwrap();
    assert_eq!(receipt.text, "Mein Kommentar.");
    for (id, token) in [
        (A, Some(TOKEN_B)),
        (B, Some(TOKEN_A)),
        (A, None),
        (C, Some(TOKEN_A)),
    ] {
        let res = with_receipt(&state, "GET", id, token).await;
        problem(res, StatusCode::FORBIDDEN).await;
        let res = with_receipt(&state, "DELETE", id, token).await;
        problem(res, StatusCode::FORBIDDEN).await;
    }
    let unknown = "5a238b6f-0e7c-4b3d-9f1a-6c7d8e9f0a1b";
    problem(
        with_receipt(&state, "GET", unknown, Some(TOKEN_A)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // Nothing was withdrawn by the wrong tokens.
    assert_eq!(rows(&state).await, 3);
    let text = common::peek::peek(&state)
        .await
        .text("SELECT body FROM comments WHERE id = $1", &[B.into()])
        .await
        .unwrap();
    assert_eq!(text, "Ein anderer.");
}

#[tokio::test]
async fn a_withdrawn_comment_has_its_text_erased_and_stays_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let mut original = with_token(comment(A, "Bitte löschen."), TOKEN_A);
    original["name"] = json!("Herr K.");
    original["self_description"] = json!("Wirtschaft");
    post(&state, vec![original.clone()]).await;

    let res = with_receipt(&state, "DELETE", A, Some(TOKEN_A)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let receipt: Receipt = serde_json::from_str(&body(res).await).unwrap();
    assert_eq!(receipt.moderation_state, ModerationState::Withdrawn);
    assert_eq!(receipt.text, "");
    let row = common::peek::peek(&state)
        .await
        .row(
            "SELECT body, author_name, self_description, section_id, withdrawn_at \
             FROM comments WHERE id = $1",
            &[A.into()],
        )
        .await;
    assert_eq!(
        (row[0].as_deref(), row[1].as_deref(), row[2].as_deref()),
        (Some(""), None, None),
        "text and name are gone"
    );
    assert_eq!(
        row[3].as_deref(),
        Some("leitmotiv-2"),
        "what the statistics need stays"
    );
    assert!(row[4].is_some());

    // Withdrawing twice is harmless; a late retry of the original does not bring it back.
    assert_eq!(
        with_receipt(&state, "DELETE", A, Some(TOKEN_A))
            .await
            .status(),
        StatusCode::OK
    );
    let retry = post(&state, vec![original]).await;
    assert_eq!(retry.results[0].outcome, Outcome::Conflict);
    let status = get(&state, &format!("/api/v1/comments/{A}"), None).await;
    let status: CommentStatus = serde_json::from_str(&body(status).await).unwrap();
    assert_eq!(status.moderation_state, ModerationState::Withdrawn);
}

/// Whether `needle` occurs in any of the database's files (main file, `-wal`, `-shm`).
fn in_database_files(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir.join("db")).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
            found.push(path.display().to_string());
        }
    }
    found
}

#[tokio::test]
async fn no_byte_of_a_withdrawn_comment_remains_in_the_database_files() {
    if common::peek::on_postgres() {
        return; // SQLite's file; PostgreSQL's: postgres::tests::a_withdrawn_text_leaves_the_table_files
    }
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    // Long enough to spill into overflow pages; neighbours before and after share pages.
    let secret = "Sesam-öffne-dich-7Q";
    // The staff's search index keeps words lower-case and without accents.
    let indexed = ["xylophonquartett", "sesam", "offne"];
    let text = format!("{secret} Xylophonquartett ").repeat(75);
    let mut original = with_token(comment(A, &text), TOKEN_A);
    original["name"] = json!("Zacharias Quellwasser");
    post(
        &state,
        vec![comment(B, "Davor."), original, comment(C, "Danach.")],
    )
    .await;
    for needle in std::iter::once(secret).chain(indexed) {
        assert!(
            !in_database_files(dir.path(), needle).is_empty(),
            "the test must see {needle} before the comment is withdrawn"
        );
    }

    // Many more comments around it, and moderation that rewrites rows (and so moves
    // cells and rebuilds pages) before and after the withdrawal.
    for batch in 0..12 {
        let items: Vec<Value> = (0..50)
            .map(|i| {
                let n = batch * 50 + i;
                let id = format!("{n:08x}-0000-4000-8000-00000000abcd");
                comment(&id, &"Nachbar ".repeat(n % 40 + 1))
            })
            .collect();
        post(&state, items).await;
    }
    let moderate = |reason: &'static str| {
        let db = common::db(&state).write.clone();
        async move {
            sqlx::query("UPDATE comments SET moderation_reason = ? WHERE rowid % 3 = 0")
                .bind(reason)
                .execute(&db)
                .await
                .unwrap();
        }
    };
    moderate("Kurz.").await;
    moderate("Ein viel längerer Grund, der die Zeile wachsen lässt und Seiten umbaut.").await;

    let res = with_receipt(&state, "DELETE", A, Some(TOKEN_A)).await;
    assert_eq!(res.status(), StatusCode::OK);
    moderate("Noch einmal anders.").await;
    for needle in [secret, "Zacharias Quellwasser"].into_iter().chain(indexed) {
        assert_eq!(
            in_database_files(dir.path(), needle),
            Vec::<String>::new(),
            "{needle}"
        );
    }
    // The neighbours are untouched.
    assert_eq!(rows(&state).await, 603);
}

#[tokio::test]
async fn times_that_only_look_valid_invisible_texts_and_control_characters_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let ids = [
        "3e0a6f4d-8c5a-4f1b-8d9e-4a5b6c7d8e9f",
        "4f1b7a5e-9d6b-4a2c-9eaf-5b6c7d8e9fa0",
        "5a2c8b6f-ae7c-4b3d-afb0-6c7d8e9fa0b1",
        "6b3d9c7a-bf8d-4c4e-80c1-7d8e9fa0b1c2",
        "7c4eadb8-c09e-4d5f-91d2-8e9fa0b1c2d3",
        "8d5fbec9-d1af-4e6a-a2e3-9fa0b1c2d3e4",
        "00000000-0000-0000-0000-000000000000",
    ];
    let mut items = Vec::new();
    for (i, (field, value)) in [
        ("created_at", json!("2026-99-99T99:99:99Z")),
        ("created_at", json!("2026-ab-cdTef:gh:ijZ")),
        ("created_at", json!("2026-11-22T10:15:0äx")),
        ("text", json!("\u{200b}\u{200c}\u{200d}\u{feff}")),
        ("name", json!("Herr\r\nK.\u{1b}[2J\u{0}")),
        ("name", json!("\u{202e}nivleK")),
        ("id", json!(ids[6])),
    ]
    .into_iter()
    .enumerate()
    {
        let mut c = comment(ids[i.min(5)], "Bildung.");
        c[field] = value;
        items.push(c);
    }
    let res = post(&state, items).await;
    for r in &res.results {
        assert_eq!(r.outcome, Outcome::Invalid, "{r:?}");
        assert!(r.reason.as_deref().is_some_and(|s| !s.is_empty()));
    }
    assert_eq!(rows(&state).await, 0);
}

#[tokio::test]
async fn a_database_locked_by_another_process_is_a_503_with_retry_after_never_a_500() {
    if common::peek::on_postgres() {
        return; // SQLite's one write lock; PostgreSQL has none such
    }
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    // Another program (a backup, the `user add` command) holds the write lock.
    let other = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new().filename(dir.path().join("db/mitreden.sqlite3")),
    )
    .await
    .unwrap();
    let mut lock = other.begin_with("BEGIN IMMEDIATE").await.unwrap();
    sqlx::query("UPDATE staff SET name = name")
        .execute(&mut *lock)
        .await
        .unwrap();
    let res = post_raw(
        &state,
        "application/json",
        json!({ "comments": [comment(A, "Bildung.")] }).to_string(),
    )
    .await;
    assert_eq!(header_of(&res, header::RETRY_AFTER), "2");
    let p = problem(res, StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(p.detail.unwrap().contains("ausgelastet"));
    lock.rollback().await.unwrap();
    // Once the lock is gone, the outbox's retry is stored.
    let again = post(&state, vec![comment(A, "Bildung.")]).await;
    assert_eq!(again.results[0].outcome, Outcome::Created);
}
