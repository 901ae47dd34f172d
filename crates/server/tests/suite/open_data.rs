//! Open data: the published comments with answers as JSON and CSV, with the licence, and
//! nothing that is not public.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use crate::common;

use axum::http::{header, StatusCode};
use common::{body, header_of, send, sign_in, state_with};
use serde_json::{json, Value};

const PUBLISHED: &str = "0b7e3c1a-5f2d-4c8e-9a6b-000000000001";
const REJECTED: &str = "0b7e3c1a-5f2d-4c8e-9a6b-000000000002";
const WAITING: &str = "0b7e3c1a-5f2d-4c8e-9a6b-000000000003";

#[tokio::test]
async fn published_comments_as_json_and_csv_with_the_licence_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let comment = |id: &str, text: &str| {
        json!({ "id": id, "section_id": "leitmotiv-2", "section_version": 2, "text": text,
                "name": "Frau Beispiel", "self_description": "Wirtschaft",
                "consent": true, "created_at": "2026-11-22T10:15:00.000Z" })
    };
    let res = send(
        &state,
        "POST",
        "/api/v1/comments",
        Some(json!({ "comments": [
            comment(PUBLISHED, "Mehr \"Glasfaser\", bitte; auch im Umland,\nschnell."),
            comment(REJECTED, "=HYPERLINK(\"http://x\") Geheim-abgelehnt"),
            comment(WAITING, "Noch-nicht-geprüft"),
        ]})),
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = sign_in(&state).await;
    let admin = |method: &'static str, path: String, body: Option<Value>| {
        let state = state.clone();
        let cookie = cookie.clone();
        async move {
            send(
                &state,
                method,
                &path,
                body,
                Some(&cookie),
                Some("same-origin"),
            )
            .await
        }
    };
    admin(
        "POST",
        format!("/api/v1/admin/comments/{PUBLISHED}/publish"),
        None,
    )
    .await;
    admin(
        "POST",
        format!("/api/v1/admin/comments/{REJECTED}/reject"),
        Some(json!({ "reason": "Werbung" })),
    )
    .await;
    let answered = admin(
        "PUT",
        format!("/api/v1/admin/comments/{PUBLISHED}/answer"),
        Some(
            json!({ "text": "Kommt 2027.", "status": "beruecksichtigt", "reason": "im Plan",
                     "revision": { "section_id": "leitmotiv-2", "version": 2 },
                     "revision_confirmed": true }),
        ),
    )
    .await;
    assert_eq!(answered.status(), StatusCode::NO_CONTENT);

    for path in [
        "/api/v1/open-data/comments.json",
        "/api/v1/open-data/sections/leitmotiv-2/comments.json",
    ] {
        let res = send(&state, "GET", path, None, None, None).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(header_of(&res, header::LINK).contains("rel=\"license\""));
        let text = body(res).await;
        let data: Value = serde_json::from_str(&text).unwrap();
        assert!(data["licence"].as_str().unwrap().contains("dl-de/by-2-0"));
        let comments = data["comments"].as_array().unwrap();
        assert_eq!(comments.len(), 1, "{path}");
        assert_eq!(comments[0]["id"], PUBLISHED);
        assert_eq!(comments[0]["section"], "Leitmotiv 2: Vorne dabei");
        assert_eq!(comments[0]["answer_status"], "beruecksichtigt");
        assert_eq!(comments[0]["revision"], "leitmotiv-2:2");
        for secret in ["Geheim-abgelehnt", "Noch-nicht-geprüft", "Wirtschaft"] {
            assert!(!text.contains(secret), "{path}: {secret}");
        }
    }
    let res = send(
        &state,
        "GET",
        "/api/v1/open-data/comments.csv",
        None,
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header_of(&res, header::CONTENT_TYPE).starts_with("text/csv; charset=utf-8"));
    assert!(header_of(&res, header::CONTENT_DISPOSITION).contains("kommentare.csv"));
    let csv = body(res).await;
    assert!(csv.starts_with("\u{feff}id,section_id,section,section_version,received_at,name,text,"));
    assert!(csv.contains("\"Mehr \"\"Glasfaser\"\", bitte; auch im Umland,\nschnell.\""));
    assert_eq!(csv.matches("\r\n").count(), 2, "the header and one row");
    for secret in ["Geheim-abgelehnt", "Noch-nicht-geprüft", "Wirtschaft"] {
        assert!(!csv.contains(secret), "{secret}");
    }
    // The staff export has everything: all three comments, the self-description, the
    // rejected text and reason, and the audit trail.
    let export = admin("GET", "/api/v1/admin/export.json".to_owned(), None).await;
    assert_eq!(export.status(), StatusCode::OK);
    let export: Value = serde_json::from_str(&body(export).await).unwrap();
    assert_eq!(export["comments"].as_array().unwrap().len(), 3);
    let actions: Vec<&str> = export["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["published", "rejected", "answered"]);
    let staff_csv = body(admin("GET", "/api/v1/admin/export.csv".to_owned(), None).await).await;
    assert_eq!(
        staff_csv.matches("\r\n").count(),
        4,
        "the header and three rows"
    );
    for wanted in ["Wirtschaft", "Geheim-abgelehnt", "Werbung", "'=HYPERLINK"] {
        assert!(staff_csv.contains(wanted), "{wanted}");
    }
    // The variant German Excel opens: semicolons, German column names, words, local time.
    let excel = body(admin("GET", "/api/v1/admin/export-excel.csv".to_owned(), None).await).await;
    assert!(
        excel.starts_with("\u{feff}Abschnitt;Fassung;Eingegangen;Stand;"),
        "{excel}"
    );
    assert_eq!(
        excel.matches("\r\n").count(),
        4,
        "the header and three rows"
    );
    for wanted in ["veröffentlicht", "abgelehnt", "Werbung", "Leitmotiv "] {
        assert!(excel.contains(wanted), "{wanted}");
    }
    for key in ["published", "rejected", "beruecksichtigt", "T0", "Z;"] {
        assert!(!excel.contains(key), "{key} in {excel}");
    }
    let trail = body(admin("GET", "/api/v1/admin/export-history.csv".to_owned(), None).await).await;
    assert!(trail.starts_with("\u{feff}comment_id,action,staff_name,at,detail,answer\r\n"));
    assert_eq!(trail.matches("\r\n").count(), 4);
    let anonymous = send(&state, "GET", "/api/v1/admin/export.csv", None, None, None).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let unknown = send(
        &state,
        "GET",
        "/api/v1/open-data/sections/nix/comments.csv",
        None,
        None,
        None,
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}
