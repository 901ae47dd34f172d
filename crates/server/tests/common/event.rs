//! Helpers for the tests of issue 14's event: Esslingen's strategy file with the times
//! replaced, applications, and the requests the tests make.

use std::path::{Path, PathBuf};

use axum::http::{header, StatusCode};
use axum::response::Response;
use mitreden_model::event::EventState;
use mitreden_server::AppState;
use serde_json::{json, Value};

use super::{body, header_of, send, state_with};

pub const EVENT: &str = "buergerworkshop";
pub const AGES: [&str; 4] = [
    "16 bis 29 Jahre",
    "30 bis 49 Jahre",
    "50 bis 64 Jahre",
    "65 Jahre und älter",
];

/// Esslingen's strategy file with the event's times replaced: applications from `open`
/// until `close`, contacts deleted after 2100.
pub fn strategy(dir: &Path, open: &str, close: &str) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/esslingen.toml");
    let text: String = std::fs::read_to_string(source)
        .unwrap()
        .lines()
        .map(|line| {
            let key = line.split(" = ").next().unwrap_or_default();
            match key {
                "applications_open" => format!("{key} = \"{open}\""),
                "applications_close" => format!("{key} = \"{close}\""),
                "delete_contacts_after" => format!("{key} = \"2100-01-31T00:00:00+01:00\""),
                _ => line.to_owned(),
            }
        })
        .map(|line| line + "\n")
        .collect();
    let path = dir.join("esslingen.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// A server whose event takes applications now.
pub async fn open_event(dir: &Path) -> AppState {
    let file = strategy(
        dir,
        "2020-01-01T00:00:00+01:00",
        "2099-12-31T23:59:59+01:00",
    );
    state_with(dir, |c| c.strategy = file).await
}

pub fn application(n: u32) -> Value {
    json!({
        "id": format!("0b7e3c1a-5f2d-4c8e-9a6b-{n:012x}"),
        "event_id": EVENT,
        "name": format!("Bewerberin Nummer {n}"),
        "contact_kind": "email",
        "contact": format!("bewerbung{n}@beispiel.example"),
        "attributes": {
            "alter": AGES[n as usize % 4],
            "wohnort": if n.is_multiple_of(3) { "Innenstadt" } else { "ein anderer Stadtteil" },
        },
        "consent": true,
        "created_at": "2026-11-26T09:00:00Z",
    })
}

pub async fn apply(state: &AppState, application: Value) -> Response {
    let path = format!("/api/v1/events/{EVENT}/applications");
    send(state, "POST", &path, Some(application), None, None).await
}

pub async fn json_of<T: serde::de::DeserializeOwned>(res: Response) -> T {
    serde_json::from_str(&body(res).await).unwrap()
}

/// The problem's status, content type and code.
pub async fn problem(res: Response, status: StatusCode) -> Value {
    assert_eq!(res.status(), status);
    assert_eq!(
        header_of(&res, header::CONTENT_TYPE),
        "application/problem+json"
    );
    json_of(res).await
}

pub async fn staff_post(
    state: &AppState,
    cookie: &str,
    what: &str,
    input: Option<Value>,
) -> Response {
    let path = format!("/api/v1/admin/events/{EVENT}/{what}");
    send(
        state,
        "POST",
        &path,
        input,
        Some(cookie),
        Some("same-origin"),
    )
    .await
}

pub async fn staff_get(state: &AppState, cookie: &str, what: &str) -> Response {
    let path = format!("/api/v1/admin/events/{EVENT}{what}");
    send(state, "GET", &path, None, Some(cookie), None).await
}

pub async fn status_of(state: &AppState, code: &str) -> Response {
    let path = format!("/api/v1/events/{EVENT}/applications/{code}");
    send(state, "GET", &path, None, None, None).await
}

pub async fn public_state(state: &AppState) -> EventState {
    let res = send(
        state,
        "GET",
        &format!("/api/v1/events/{EVENT}"),
        None,
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    json_of(res).await
}

/// How many applications still hold a name or a contact.
pub async fn with_contacts(state: &AppState) -> i64 {
    super::peek::peek(state)
        .await
        .number(
            "SELECT count(*) FROM applications WHERE name != '' OR contact != ''",
            &[],
        )
        .await
}
