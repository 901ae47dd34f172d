//! `/metrics` for the town's IT: requests counted under their route's pattern (never a
//! path with an id), 429s among them, the writer's groups and the database's size; and
//! never on the public address.

#![allow(clippy::unwrap_used, reason = "a test stops on any failure")]

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;
use tower::ServiceExt;

#[tokio::test]
async fn requests_are_counted_by_route_and_status_and_metrics_stay_off_the_public_address() {
    let dir = tempfile::tempdir().unwrap();
    let state = common::state_with(dir.path(), |c| {
        c.receipt_rate_limit = "1/60".parse().unwrap();
    })
    .await;
    let comment = json!({ "comments": [{
        "id": "00000000-0000-4000-8000-000000000001", "section_id": "leitmotiv-1",
        "section_version": 1, "text": "Ein Text, der in keiner Metrik steht.",
        "consent": true, "created_at": "2026-11-22T10:15:00.000Z" }] });
    let sent = common::post_comments(&state, comment).await;
    assert_eq!(sent.status(), StatusCode::OK);
    for _ in 0..2 {
        common::get(
            &state,
            "/api/v1/comments/00000000-0000-4000-8000-000000000001",
            None,
        )
        .await;
    }
    assert_eq!(
        common::get(&state, "/", None).await.status(),
        StatusCode::OK
    );
    let public = common::get(&state, "/metrics", None).await;
    assert_eq!(public.status(), StatusCode::NOT_FOUND);

    // One mail waiting (as a notification queues it), one sent.
    common::peek::peek(&state)
        .await
        .run(
            "INSERT INTO mail_queue (message_id, recipient, subject, body_text, body_html, sent_at) \
             VALUES ('<a@x>', 'a@example.org', 's', 't', 'h', NULL), \
                    ('<b@x>', NULL, 's', 't', 'h', '2026-12-07T08:00:00.000Z')",
            &[],
        )
        .await;
    // Any word as a method: one label for all of them.
    for method in ["FOOAAA", "FOOAAB"] {
        common::send(&state, method, "/", None, None, None).await;
    }
    let res = mitreden_server::metrics::routes(state.clone())
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(common::header_of(&res, axum::http::header::CONTENT_TYPE).starts_with("text/plain"));
    let text = common::body(res).await;
    let line = |prefix: &str| {
        text.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in\n{text}"))
            .to_owned()
    };
    assert!(line(
        r#"mitreden_http_requests_total{route="/api/v1/comments",method="POST",status="200"}"#
    )
    .ends_with(" 1"));
    assert!(line(
        r#"mitreden_http_requests_total{route="/api/v1/comments/{id}",method="GET",status="429"}"#
    )
    .ends_with(" 1"));
    assert!(
        line(r#"mitreden_http_requests_total{route="app",method="GET",status="200"}"#)
            .ends_with(" 1")
    );
    assert!(
        line(r#"mitreden_http_requests_total{route="app",method="GET",status="404"}"#)
            .ends_with(" 1")
    );
    assert!(line("mitreden_ingest_group_comments_count").ends_with(" 1"));
    let size: u64 = line("mitreden_database_size_bytes ")
        .rsplit(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(size > 100_000, "{size}");
    assert!(
        text.contains(r#"mitreden_notify_waiting{channel="email"} 1"#),
        "{text}"
    );
    assert!(text.contains(r#"mitreden_notify_waiting{channel="push"} 0"#));
    assert!(
        line(r#"mitreden_http_requests_total{route="app",method="other",status="405"}"#)
            .ends_with(" 2")
    );
    assert!(!text.contains("FOOAA"), "no client's word as a label");
    assert!(!text.contains("00000000-0000-4000"), "no id in a label");
    assert!(!text.contains("Ein Text"), "no comment text");
}
