//! The office's workplace: search (FTS5), order and pages with a total, bulk publish and
//! reject, the audit trail, and an answer whose re-saving keeps what was not changed.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use crate::common;

use axum::http::{header, StatusCode};
use common::{body, send, sign_in, state_with};
use mitreden_server::admin::moderation::fts_query;
use mitreden_server::AppState;
use proptest::prelude::*;
use serde_json::{json, Value};

const WORDS: [&str; 4] = ["Glasfaser", "Bürgerbüro", "Schule", "Radweg"];

/// `n` comments through the citizens' API, the text of comment `i` naming `WORDS[i % 4]`.
async fn seed(state: &AppState, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for chunk in (0..n).collect::<Vec<_>>().chunks(50) {
        let comments: Vec<Value> = chunk
            .iter()
            .map(|i| {
                let id = format!("0b7e3c1a-5f2d-4c8e-9a6b-{i:012x}");
                ids.push(id.clone());
                json!({
                    "id": id, "section_id": if i % 2 == 0 { "leitmotiv-1" } else { "leitmotiv-2" },
                    "section_version": if i % 2 == 0 { 1 } else { 2 },
                    "text": format!("Kommentar {i} zum Thema {}", WORDS[i % 4]),
                    "name": if *i == 7 { "Frau Özdemir-Sieber" } else { "" },
                    "consent": true, "created_at": "2026-11-22T10:15:00.000Z",
                })
            })
            .collect();
        let res = send(
            state,
            "POST",
            "/api/v1/comments",
            Some(json!({ "comments": comments })),
            None,
            None,
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    ids
}

async fn get_json(state: &AppState, uri: &str, cookie: &str) -> (Value, String) {
    let res = send(state, "GET", uri, None, Some(cookie), None).await;
    assert_eq!(res.status(), StatusCode::OK, "{uri}");
    let total =
        common::header_of(&res, header::HeaderName::from_static("x-total-count")).to_owned();
    (serde_json::from_str(&body(res).await).unwrap(), total)
}

#[tokio::test]
async fn search_pages_bulk_history_and_an_answer_that_keeps_what_was_not_changed() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let ids = seed(&state, 400).await;
    let cookie = sign_in(&state).await;

    // Search finds by word prefix and ignores case and accents; the total counts all pages.
    let (page, total) = get_json(&state, "/api/v1/admin/comments?q=glasf&limit=20", &cookie).await;
    assert_eq!(total, "100");
    assert_eq!(page.as_array().unwrap().len(), 20);
    assert!(page
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["text"].as_str().unwrap().contains("Glasfaser")));
    let (_, total) = get_json(&state, "/api/v1/admin/comments?q=burgerburo", &cookie).await;
    assert_eq!(total, "100");
    let (_, total) = get_json(&state, "/api/v1/admin/comments?q=Radweg%20Schule", &cookie).await;
    assert_eq!(total, "0", "all words must occur");
    // And by the author's name, as typed in part.
    let (found, total) = get_json(&state, "/api/v1/admin/comments?q=zdemir-sie", &cookie).await;
    assert_eq!(total, "1");
    assert_eq!(found[0]["name"], "Frau Özdemir-Sieber");
    let (newest, _) = get_json(
        &state,
        "/api/v1/admin/comments?sort=newest&limit=1&offset=0",
        &cookie,
    )
    .await;
    let (oldest, _) = get_json(&state, "/api/v1/admin/comments?limit=1", &cookie).await;
    assert_ne!(newest[0]["id"], oldest[0]["id"]);
    let bad = send(
        &state,
        "GET",
        "/api/v1/admin/comments?limit=0",
        None,
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    // A NUL (or any control character) splits words; it never reaches FTS5 inside a word.
    let (_, total) = get_json(&state, "/api/v1/admin/comments?q=Glas%00faser", &cookie).await;
    assert_eq!(total, "0");

    // Bulk: publish 50, then again (nothing changes twice), reject needs a reason.
    let fifty: Vec<&String> = ids.iter().take(50).collect();
    let bulk = |action: &'static str, ids: Vec<&String>, reason: Option<&'static str>| {
        let state = state.clone();
        let cookie = cookie.clone();
        let ids: Vec<String> = ids.into_iter().cloned().collect();
        async move {
            send(
                &state,
                "POST",
                "/api/v1/admin/comments/bulk",
                Some(json!({ "ids": ids, "action": action, "reason": reason })),
                Some(&cookie),
                Some("same-origin"),
            )
            .await
        }
    };
    let res = bulk("publish", fifty.clone(), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<Value>(&body(res).await).unwrap()["changed"],
        50
    );
    let again = bulk("publish", fifty.clone(), None).await;
    assert_eq!(
        serde_json::from_str::<Value>(&body(again).await).unwrap()["changed"],
        0
    );
    let (_, published) = get_json(
        &state,
        "/api/v1/admin/comments?state=published&limit=1",
        &cookie,
    )
    .await;
    // The figures come from the database's counts, not from every comment.
    let (counts, _) = get_json(&state, "/api/v1/admin/counts", &cookie).await;
    let count_of = |section: &str, state: &str| -> u64 {
        counts
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["section_id"] == section && c["state"] == state)
            .map(|c| c["count"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(
        count_of("leitmotiv-1", "published") + count_of("leitmotiv-2", "published"),
        50
    );
    assert_eq!(
        count_of("leitmotiv-1", "received") + count_of("leitmotiv-2", "received"),
        350
    );
    assert_eq!(published, "50");
    let no_reason = bulk("reject", vec![&ids[60]], None).await;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // An answer with status, reason and revision; saved again with only the text changed,
    // exactly as the form sends it — everything else stays.
    let answer = |text: &'static str| {
        let state = state.clone();
        let cookie = cookie.clone();
        let id = ids[1].clone();
        async move {
            send(
                &state,
                "PUT",
                &format!("/api/v1/admin/comments/{id}/answer"),
                Some(json!({
                    "text": text, "status": "beruecksichtigt", "reason": "passt zum Leitbild",
                    "revision": { "section_id": "leitmotiv-2", "version": 2 },
                    "revision_confirmed": true,
                })),
                Some(&cookie),
                Some("same-origin"),
            )
            .await
        }
    };
    assert_eq!(
        answer("Danke, aufgenommen.").await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        answer("Danke, wir haben es aufgenommen.").await.status(),
        StatusCode::NO_CONTENT
    );
    let (one, _) = get_json(
        &state,
        "/api/v1/admin/comments?q=wir%20haben%20aufgenommen",
        &cookie,
    )
    .await;
    let saved = &one[0]["answer"];
    assert_eq!(saved["text"], "Danke, wir haben es aufgenommen.");
    assert_eq!(saved["status"], "beruecksichtigt");
    assert_eq!(saved["reason"], "passt zum Leitbild");
    assert_eq!(saved["revision"]["version"], 2);

    // The history: published, answered, answer changed — each with the staff name.
    let (history, _) = get_json(
        &state,
        &format!("/api/v1/admin/comments/{}/history", ids[1]),
        &cookie,
    )
    .await;
    let entries: Vec<(&str, &str, Option<&str>, Option<&str>)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["staff_name"].as_str().unwrap(),
                e["detail"].as_str(),
                e["answer"].as_str(),
            )
        })
        .collect();
    // Every version of the answer stays in the history.
    let detail = Some("beruecksichtigt: passt zum Leitbild");
    assert_eq!(
        entries,
        [
            ("published", "amt", None, None),
            ("answered", "amt", detail, Some("Danke, aufgenommen.")),
            (
                "answer_changed",
                "amt",
                detail,
                Some("Danke, wir haben es aufgenommen.")
            ),
        ]
    );
}

proptest! {
    /// Whatever staff type into the search box, the database takes the query: no syntax
    /// error can become a 500.
    #[test]
    fn any_search_text_is_a_valid_fts_query(chars in prop::collection::vec(any::<char>(), 0..40)) {
        // Any characters at all, control characters and NUL included.
        let q: String = chars.into_iter().collect();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            use sqlx::Connection;
            let mut conn = sqlx::SqliteConnection::connect("sqlite::memory:").await.unwrap();
            sqlx::query("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
                .execute(&mut conn).await.unwrap();
            sqlx::query("INSERT INTO t (body) VALUES ('Glasfaser für alle')").execute(&mut conn).await.unwrap();
            if let Some(fts) = fts_query(&q) {
                let found = sqlx::query("SELECT rowid FROM t WHERE t MATCH ?")
                    .bind(&fts)
                    .fetch_all(&mut conn)
                    .await;
                prop_assert!(found.is_ok(), "{q:?} -> {fts:?}: {:?}", found.err());
            }
            Ok(())
        })?;
    }
}

/// Each order of the list: sections in reading order (leitmotiv-10 after leitmotiv-9, not
/// after leitmotiv-1), states and answers in the model's order (unanswered first), kiosks by
/// label with the rest last.
#[tokio::test]
async fn every_order_sorts_by_its_column() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let cookie = sign_in(&state).await;
    let sections = ["leitmotiv-10", "leitmotiv-2", "leitmotiv-9", "leitmotiv-1"];
    let comments: Vec<Value> = sections
        .iter()
        .enumerate()
        .map(|(i, section)| {
            json!({
                "id": format!("0b7e3c1a-5f2d-4c8e-9a6b-{i:012x}"), "section_id": section,
                "section_version": if *section == "leitmotiv-2" { 2 } else { 1 },
                "text": format!("Kommentar {i}"), "consent": true,
                "created_at": "2026-11-22T10:15:00.000Z",
            })
        })
        .collect();
    let res = send(
        &state,
        "POST",
        "/api/v1/comments",
        Some(json!({ "comments": comments })),
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let id = |i: usize| format!("0b7e3c1a-5f2d-4c8e-9a6b-{i:012x}");
    let act = |method: &'static str, path: String, input: Option<Value>| {
        let state = state.clone();
        let cookie = cookie.clone();
        async move {
            let res = send(
                &state,
                method,
                &path,
                input,
                Some(&cookie),
                Some("same-origin"),
            )
            .await;
            assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        }
    };
    // Comment 0 published and answered "berücksichtigt", 1 rejected, 2 answered "in Prüfung".
    act(
        "POST",
        format!("/api/v1/admin/comments/{}/publish", id(0)),
        None,
    )
    .await;
    act(
        "POST",
        format!("/api/v1/admin/comments/{}/reject", id(1)),
        Some(json!({ "reason": "Werbung" })),
    )
    .await;
    for (i, status) in [(0, "beruecksichtigt"), (2, "in_pruefung")] {
        act(
            "PUT",
            format!("/api/v1/admin/comments/{}/answer", id(i)),
            Some(json!({ "text": "Danke.", "status": status })),
        )
        .await;
    }
    common::peek::peek(&state)
        .await
        .run(
            "UPDATE comments SET kiosk = 'Rathaus' WHERE id = $1",
            &[id(3).into()],
        )
        .await;
    let order = |sort: &'static str| {
        let state = state.clone();
        let cookie = cookie.clone();
        async move {
            let uri = format!("/api/v1/admin/comments?sort={sort}");
            let (list, _) = get_json(&state, &uri, &cookie).await;
            list.as_array()
                .unwrap()
                .iter()
                .map(|c| c["text"].as_str().unwrap().replace("Kommentar ", ""))
                .collect::<Vec<_>>()
                .join(" ")
        }
    };
    assert_eq!(order("section").await, "3 1 2 0");
    assert_eq!(order("state").await, "2 3 0 1");
    assert_eq!(order("answer").await, "1 3 2 0");
    assert_eq!(order("kiosk").await, "3 0 1 2");
    assert_eq!(order("oldest").await, "0 1 2 3");

    // A bulk action on what was selected from "neue Kommentare" leaves alone what a
    // colleague rejected meanwhile (comment 1) and changes what is still new (comment 2).
    let res = send(
        &state,
        "POST",
        "/api/v1/admin/comments/bulk",
        Some(json!({ "ids": [id(1), id(2)], "action": "publish", "from": "received" })),
        Some(&cookie),
        Some("same-origin"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await, r#"{"changed":1}"#);
    assert_eq!(order("state").await, "3 0 2 1");
    let bad = send(
        &state,
        "GET",
        "/api/v1/admin/comments?sort=section;DROP",
        None,
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}
