//! What `[retention]` promises, done by the server with a moved clock: before the day
//! nothing goes; on each period's day after the participation's end the names and
//! self-descriptions (the comment stays), the receipts (the link stops working), the
//! moderation trail; expired sessions and revoked kiosks after their own period.

#![allow(clippy::unwrap_used, reason = "a test stops on any failure")]

use crate::common;

use axum::http::StatusCode;
use mitreden_server::retention::run;
use mitreden_store::erasure::Erased;
use serde_json::json;

const ID: &str = "00000000-0000-4000-8000-0000000000aa";
const TOKEN: &str = "dddddddddddddddddddddddddddddddd0123456789abcdef0123456789abcdef";
/// Midday of a day, in ms since 1970 (for the sessions).
fn ms(day: &str) -> i64 {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis()
}

#[tokio::test]
async fn each_period_erases_on_its_day_and_not_before() {
    let dir = tempfile::tempdir().unwrap();
    // Sindelfingen's file ends the participation on 2027-02-28.
    let whole = std::fs::read_to_string(common::strategy_file()).unwrap();
    assert!(whole.contains("participation_ends = \"2027-02-28\""));
    // Its own periods instead of the file's.
    let mut source = whole.split("\n[retention]").next().unwrap().to_owned();
    source.push_str(
        "\n[retention]\nnames_days = 10\nreceipts_days = 20\naudit_days = 30\nsessions_days = 1\n\
         [privacy]\nofficer = \"Datenschutz im Test, datenschutz@example.org\"\n\
         authority = \"Die Aufsicht in Baden-Württemberg\"\n",
    );
    let file = dir.path().join("strategy.toml");
    std::fs::write(&file, source).unwrap();
    let state = common::state_with(dir.path(), |c| c.strategy = file.clone()).await;
    assert_eq!(state.strategy().retention.names_days, 10);
    // The privacy page promises what the job below does, from the same values.
    let page = common::body(common::get(&state, "/datenschutz", None).await).await;
    for promise in [
        "gelöscht am 11.03.2027 (10 Tage nach dem letzten Tag der Beteiligung, 28.02.2027)",
        "Ab dem 21.03.2027 vergisst der Server ihren Prüfwert",
        "beantwortet hat): gelöscht am 31.03.2027",
        "1 Tage nach ihrem Ende",
        "Datenschutz im Test, datenschutz@example.org",
        "Baden-Württemberg",
    ] {
        assert!(page.contains(promise), "{promise} not in the page");
    }

    let comment = json!({ "comments": [{
        "id": ID, "section_id": "leitmotiv-1", "section_version": 1,
        "text": "Mehr Breitband auf dem Land.", "name": "Frau Beispiel",
        "self_description": "Wirtschaft", "consent": true,
        "created_at": "2026-11-22T10:15:00.000Z", "receipt_token": TOKEN }] });
    let sent = common::post_comments(&state, comment).await;
    assert_eq!(sent.status(), StatusCode::OK);
    let cookie = common::sign_in(&state).await;
    let published = common::as_staff(
        &state,
        &cookie,
        "POST",
        "/api/v1/admin/comments/bulk",
        Some(json!({ "ids": [ID], "action": "publish", "from": "received" })),
    )
    .await;
    assert_eq!(published.status(), StatusCode::OK);
    let peek = common::peek::peek(&state).await;
    peek.run(
        "INSERT INTO kiosks (label, idle_seconds, revoked_at) \
         VALUES ('Alt', 120, '2027-03-01T09:00:00.000Z')",
        &[],
    )
    .await;

    let receipt = |state: mitreden_server::AppState| async move {
        let req = axum::http::Request::get(format!("/api/v1/comments/{ID}/receipt"))
            .header("x-receipt-token", TOKEN)
            .body(axum::body::Body::empty())
            .unwrap();
        tower::ServiceExt::oneshot(mitreden_server::app(state), req)
            .await
            .unwrap()
            .status()
    };
    let name = || async {
        let row = peek
            .row(
                "SELECT author_name, self_description, body FROM comments WHERE id = $1",
                &[ID.into()],
            )
            .await;
        (row[0].clone(), row[1].clone(), row[2].clone().unwrap())
    };
    let trail = || async {
        peek.number("SELECT count(*) FROM moderation_events", &[])
            .await
    };
    let strategy = state.strategy();
    let at = |day: &'static str| {
        let (store, strategy) = (state.store.clone(), strategy.clone());
        async move { run(&*store, &strategy, day, ms(day)).await.unwrap() }
    };

    // The session ends on 2026-12-07 (whenever the test runs: every clock here is moved).
    peek.run(
        "UPDATE sessions SET expires_at_ms = $1",
        &[ms("2026-12-07").into()],
    )
    .await;
    assert_eq!(at("2026-12-07").await, Erased::default());

    // The participation's last day: the session, expired for months, goes; nothing of
    // the comment; the kiosk revoked later stays.
    let erased = at("2027-02-28").await;
    assert_eq!((erased.names, erased.receipts, erased.audit), (0, 0, 0));
    assert_eq!((erased.sessions, erased.kiosks), (1, 0));
    // Day 10, the names' last: still nothing of the comment; the kiosk, revoked on
    // 2027-03-01 and kept a day, goes.
    let erased = at("2027-03-10").await;
    assert_eq!((erased.names, erased.receipts, erased.audit), (0, 0, 0));
    assert_eq!((erased.sessions, erased.kiosks), (0, 1));
    assert_eq!(name().await.0.as_deref(), Some("Frau Beispiel"));
    assert_eq!(receipt(state.clone()).await, StatusCode::OK);

    // Day 11: the names and self-descriptions; the comment stays, its receipt works.
    let erased = at("2027-03-11").await;
    assert_eq!((erased.names, erased.receipts, erased.audit), (1, 0, 0));
    assert_eq!(
        name().await,
        (None, None, "Mehr Breitband auf dem Land.".to_owned())
    );
    assert_eq!(receipt(state.clone()).await, StatusCode::OK);
    assert!(trail().await > 0);

    // Day 21: receipts. Day 31: the trail.
    assert_eq!(at("2027-03-21").await.receipts, 1);
    assert_ne!(receipt(state.clone()).await, StatusCode::OK);
    assert!(trail().await > 0);
    assert!(at("2027-03-31").await.audit > 0);
    assert_eq!(trail().await, 0);
    // Done once: the next run finds nothing.
    assert_eq!(at("2027-04-01").await, Erased::default());

    // The WAL holds no erased name: it was emptied.
    let wal = std::fs::read(dir.path().join("db/mitreden.sqlite3-wal")).unwrap_or_default();
    assert!(!wal.windows(13).any(|w| w == b"Frau Beispiel"));
}
