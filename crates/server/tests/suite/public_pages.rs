//! The public reads at scale (issue 21): a section's comments in pages (cursor, size,
//! order), validators and 304s, answers kept until something changes, and the open data
//! written chunk by chunk.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use crate::common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{body, header_of, send, sign_in, state_with};
use mitreden_model::api::SectionCount;
use mitreden_model::paging::CommentPage;
use mitreden_server::config::{Moderation, Switch};
use mitreden_server::{app, AppState};
use serde_json::{json, Value};
use tower::ServiceExt;

fn id(i: usize) -> String {
    format!("0b7e3c1a-5f2d-4c8e-9a6b-{i:012x}")
}

/// `n` comments on `section` (numbered from `first`), sent in batches as the outbox does.
async fn comment(state: &AppState, section: &str, first: usize, n: usize) {
    let items: Vec<Value> = (first..first + n)
        .map(|i| {
            json!({ "id": id(i), "section_id": section, "section_version": 1,
                    "text": format!("Kommentar {i}: mehr Glasfaser im Umland."),
                    "consent": true, "created_at": "2026-11-22T10:15:00.000Z" })
        })
        .collect();
    for batch in items.chunks(50) {
        let res = send(
            state,
            "POST",
            "/api/v1/comments",
            Some(json!({ "comments": batch })),
            None,
            None,
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
}

/// GET `uri` with `If-None-Match: etag` when given.
async fn get_if(state: &AppState, uri: &str, etag: Option<&str>) -> axum::response::Response {
    let mut req = Request::get(uri);
    if let Some(tag) = etag {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    app(state.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

async fn page(state: &AppState, uri: &str) -> CommentPage {
    let res = get_if(state, uri, None).await;
    assert_eq!(res.status(), StatusCode::OK, "{uri}");
    serde_json::from_str(&body(res).await).unwrap()
}

/// Every comment of the list, following `next` from `first_uri`: (ids in order, pages).
async fn walk(state: &AppState, first_uri: &str) -> (Vec<String>, usize) {
    let (mut ids, mut pages) = (Vec::new(), 0);
    let mut uri = first_uri.to_owned();
    loop {
        let p = page(state, &uri).await;
        pages += 1;
        ids.extend(p.comments.iter().map(|c| c.id.clone()));
        let Some(next) = p.next else { break };
        let base = first_uri.split('?').next().unwrap();
        let query = first_uri.split_once('?').map_or("", |q| q.1);
        let sep = if query.is_empty() { "" } else { "&" };
        uri = format!("{base}?{query}{sep}after={next}");
    }
    (ids, pages)
}

#[tokio::test]
async fn pages_walk_the_whole_list_in_both_orders_without_a_gap_or_a_double() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |c| c.moderation = Moderation::Post).await;
    // Comments of one batch arrive in the same millisecond: the id orders them.
    comment(&state, "leitmotiv-2", 0, 45).await;
    comment(&state, "leitmotiv-1", 100, 3).await;
    let list = "/api/v1/sections/leitmotiv-2/comments";

    let first = page(&state, list).await;
    assert_eq!(first.comments.len(), 20, "20 when the request does not say");
    assert_eq!(first.total, 45);
    assert!(first.next.is_some());
    let (newest, pages) = walk(&state, list).await;
    assert_eq!(pages, 3);
    let mut expected: Vec<String> = (0..45).map(id).collect();
    expected.sort();
    let mut sorted = newest.clone();
    sorted.sort();
    assert_eq!(sorted, expected, "each comment once, only this section's");

    let (oldest, pages) = walk(&state, &format!("{list}?order=oldest&limit=7")).await;
    assert_eq!(pages, 7);
    assert_eq!(oldest.iter().rev().cloned().collect::<Vec<_>>(), newest);
    let (whole, pages) = walk(&state, &format!("{list}?limit=100")).await;
    assert_eq!((whole, pages), (newest.clone(), 1));

    // A comment published while someone reads does not shift the next page.
    let second_uri = format!("{list}?after={}", first.next.clone().unwrap());
    let before = page(&state, &second_uri).await;
    comment(&state, "leitmotiv-2", 200, 1).await;
    assert_eq!(page(&state, &second_uri).await.comments, before.comments);
    assert_eq!(page(&state, list).await.comments[0].id, id(200));

    for (query, what) in [
        ("?limit=0", "limit"),
        ("?limit=101", "limit"),
        ("?limit=-1", "Adresse"),
        ("?order=random", "Adresse"),
        ("?after=2026%3Cscript%3E", "after"),
        ("?after=~", "after"),
    ] {
        let res = get_if(&state, &format!("{list}{query}"), None).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(
            header_of(&res, header::CONTENT_TYPE),
            "application/problem+json"
        );
        assert!(body(res).await.contains(what), "{query} names {what}");
    }
    let res = get_if(&state, "/api/v1/sections/nix/comments", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // A path that is not UTF-8 names nothing: a 404 problem, as every other error.
    for path in [
        "/api/v1/sections/%FF%FE/comments",
        "/api/v1/comments/%C3%28",
        "/api/v1/open-data/sections/%FF/comments.json",
    ] {
        let res = get_if(&state, path, None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            header_of(&res, header::CONTENT_TYPE),
            "application/problem+json",
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_page_answers_304_until_something_changes_and_names_the_comments_behind_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    comment(&state, "leitmotiv-2", 0, 3).await;
    let cookie = sign_in(&state).await;
    let admin = |method: &'static str, path: String, body: Option<Value>| {
        let (state, cookie) = (state.clone(), cookie.clone());
        async move { common::as_staff(&state, &cookie, method, &path, body).await }
    };
    admin(
        "POST",
        format!("/api/v1/admin/comments/{}/publish", id(0)),
        None,
    )
    .await;
    let list = "/api/v1/sections/leitmotiv-2/comments";

    let res = get_if(&state, list, None).await;
    assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache");
    let etag = header_of(&res, header::ETAG).to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    let res = get_if(&state, list, Some(&etag)).await;
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header_of(&res, header::ETAG), etag);
    assert_eq!(body(res).await, "");
    let counts = get_if(&state, "/api/v1/counts", None).await;
    let counts_tag = header_of(&counts, header::ETAG).to_owned();
    assert_eq!(
        get_if(&state, "/api/v1/counts", Some(&counts_tag))
            .await
            .status(),
        StatusCode::NOT_MODIFIED
    );

    // Publishing and answering change the page at once (not a second later).
    admin(
        "POST",
        format!("/api/v1/admin/comments/{}/publish", id(1)),
        None,
    )
    .await;
    let res = get_if(&state, list, Some(&etag)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let etag = header_of(&res, header::ETAG).to_owned();
    let p: CommentPage = serde_json::from_str(&body(res).await).unwrap();
    assert_eq!((p.comments.len(), p.total, p.causes.len()), (2, 2, 0));
    let res = get_if(&state, "/api/v1/counts", Some(&counts_tag)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let counts: Vec<SectionCount> = serde_json::from_str(&body(res).await).unwrap();
    assert_eq!(
        counts
            .iter()
            .find(|c| c.section_id == "leitmotiv-2")
            .unwrap()
            .comments,
        2
    );
    let answered = admin(
        "PUT",
        format!("/api/v1/admin/comments/{}/answer", id(0)),
        Some(json!({ "text": "Aufgenommen.", "status": "beruecksichtigt",
                     "revision": { "section_id": "leitmotiv-2", "version": 2 },
                     "revision_confirmed": true })),
    )
    .await;
    assert_eq!(answered.status(), StatusCode::NO_CONTENT);
    let res = get_if(&state, list, Some(&etag)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let p: CommentPage = serde_json::from_str(&body(res).await).unwrap();
    assert_eq!(
        p.causes.len(),
        1,
        "the first page names the comment behind the change"
    );
    assert_eq!(
        (p.causes[0].id.as_str(), p.causes[0].version),
        (id(0).as_str(), 2)
    );
    let one = page(&state, &format!("{list}?limit=1")).await;
    assert_eq!(one.causes.len(), 1);
    let later = page(
        &state,
        &format!("{list}?limit=1&after={}", one.next.unwrap()),
    )
    .await;
    assert!(later.causes.is_empty(), "only the first page names them");

    // A write this process does not see (another program on the same file) shows within
    // a second, when the kept page is too old to be used.
    let other = common::peek::peek(&state).await;
    other
        .run(
            "UPDATE comments SET moderation_state = 'published' WHERE id = $1",
            &[id(2).into()],
        )
        .await;
    let started = Instant::now();
    while page(&state, list).await.total != 3 {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "not seen in 5 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn with_the_cache_off_every_request_reads_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |c| {
        c.moderation = Moderation::Post;
        c.read_cache = Switch::Off;
    })
    .await;
    comment(&state, "leitmotiv-3", 0, 2).await;
    let list = "/api/v1/sections/leitmotiv-3/comments";
    let res = get_if(&state, list, None).await;
    let etag = header_of(&res, header::ETAG).to_owned();
    assert_eq!(
        get_if(&state, list, Some(&etag)).await.status(),
        StatusCode::NOT_MODIFIED,
        "the same bytes, the same tag"
    );
    let other = common::peek::peek(&state).await;
    other
        .run(
            "UPDATE comments SET moderation_state = 'rejected' WHERE id = $1",
            &[id(0).into()],
        )
        .await;
    // At once: nothing kept.
    assert_eq!(page(&state, list).await.total, 1);
}

#[tokio::test]
async fn the_open_data_of_more_comments_than_one_chunk_is_whole_and_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |c| c.moderation = Moderation::Post).await;
    // More than two chunks of 500, and one more so the last chunk is not full.
    comment(&state, "leitmotiv-4", 0, 1001).await;
    comment(&state, "leitmotiv-5", 2000, 3).await;
    let res = get_if(&state, "/api/v1/open-data/comments.json", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header_of(&res, header::LINK).contains("rel=\"license\""));
    let data: Value = serde_json::from_str(&body(res).await).unwrap();
    assert_eq!(data["town"], "Sindelfingen");
    let ids: Vec<&str> = data["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 1004);
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 1004, "each once");

    let res = get_if(
        &state,
        "/api/v1/open-data/sections/leitmotiv-4/comments.csv",
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = body(res).await;
    assert!(csv.starts_with("\u{feff}id,section_id,"));
    assert_eq!(
        csv.matches("\r\n").count(),
        1002,
        "the header and 1,001 rows"
    );
    let json: Value = serde_json::from_str(
        &body(
            get_if(
                &state,
                "/api/v1/open-data/sections/leitmotiv-5/comments.json",
                None,
            )
            .await,
        )
        .await,
    )
    .unwrap();
    assert_eq!(json["comments"].as_array().unwrap().len(), 3);
    // Downloads go gzip-compressed even where brotli is accepted (a brotli encoder holds
    // megabytes for as long as a download runs).
    let res = common::get(&state, "/api/v1/open-data/comments.json", Some("br, gzip")).await;
    assert_eq!(header_of(&res, header::CONTENT_ENCODING), "gzip");
    // An empty section is an empty list, not a broken file.
    let empty: Value = serde_json::from_str(
        &body(
            get_if(
                &state,
                "/api/v1/open-data/sections/leitmotiv-1/comments.json",
                None,
            )
            .await,
        )
        .await,
    )
    .unwrap();
    assert_eq!(empty["comments"], json!([]));
}
