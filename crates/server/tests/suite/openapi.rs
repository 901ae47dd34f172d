//! The API document: OpenAPI 3.1, every route in it, and every documented operation a
//! route of the server (not the fallback's 404 or 405).

#![allow(
    clippy::unwrap_used,
    reason = "a test helper that cannot set up must stop the test"
)]

use crate::common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{body, get, state};
use mitreden_server::app;
use serde_json::Value;
use tower::ServiceExt;

/// Every API route the server has, as (method, path).
const ROUTES: &[(&str, &str)] = &[
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/api/openapi.json"),
    ("get", "/api/v1/strategy"),
    ("post", "/api/v1/comments"),
    ("get", "/api/v1/comments/{id}"),
    ("delete", "/api/v1/comments/{id}"),
    ("get", "/api/v1/comments/{id}/receipt"),
    ("post", "/api/v1/comments/{id}/notify"),
    ("post", "/api/v1/notify/stop"),
    ("get", "/api/v1/sections/{id}/comments"),
    ("get", "/api/v1/counts"),
    ("get", "/api/v1/qr.svg"),
    ("post", "/api/v1/qr.svg"),
    ("post", "/api/v1/admin/login"),
    ("post", "/api/v1/admin/logout"),
    ("get", "/api/v1/admin/me"),
    ("get", "/api/v1/admin/comments"),
    ("post", "/api/v1/admin/comments/{id}/publish"),
    ("post", "/api/v1/admin/comments/{id}/reject"),
    ("put", "/api/v1/admin/comments/{id}/answer"),
    ("post", "/api/v1/admin/comments/bulk"),
    ("get", "/api/v1/admin/counts"),
    ("get", "/api/v1/admin/accounts"),
    ("post", "/api/v1/admin/accounts"),
    ("post", "/api/v1/admin/accounts/{name}/deactivate"),
    ("get", "/api/v1/admin/templates"),
    ("post", "/api/v1/admin/templates"),
    ("delete", "/api/v1/admin/templates/{id}"),
    ("get", "/api/v1/admin/strategy/versions"),
    ("post", "/api/v1/admin/strategy/versions"),
    ("get", "/api/v1/admin/strategy/versions/{version}"),
    ("post", "/api/v1/admin/strategy/versions/{version}/publish"),
    ("get", "/api/v1/admin/strategy/versions/{version}/page"),
    ("get", "/api/v1/admin/strategy/settings"),
    ("post", "/api/v1/admin/strategy/settings"),
    ("get", "/api/v1/admin/strategy/event"),
    ("post", "/api/v1/admin/strategy/event"),
    ("post", "/api/v1/admin/strategy/preview"),
    ("post", "/api/v1/admin/strategy/document"),
    ("get", "/api/v1/admin/strategy/sections"),
    ("post", "/api/v1/admin/strategy/sections"),
    ("post", "/api/v1/admin/strategy/sections/{id}"),
    ("put", "/api/v1/admin/me/password"),
    ("get", "/api/v1/admin/me/digest"),
    ("put", "/api/v1/admin/me/digest"),
    ("get", "/api/v1/admin/export.json"),
    ("get", "/api/v1/admin/export.csv"),
    ("get", "/api/v1/admin/export-excel.csv"),
    ("get", "/api/v1/admin/export-history.csv"),
    ("get", "/api/v1/admin/comments/{id}/history"),
    ("get", "/api/v1/open-data/comments.json"),
    ("get", "/api/v1/open-data/comments.csv"),
    ("get", "/api/v1/open-data/sections/{id}/comments.json"),
    ("get", "/api/v1/open-data/sections/{id}/comments.csv"),
    ("get", "/api/v1/kiosk"),
    ("post", "/api/v1/kiosk/setup"),
    ("get", "/api/v1/admin/kiosks"),
    ("post", "/api/v1/admin/kiosks"),
    ("post", "/api/v1/admin/kiosks/revoke"),
    ("get", "/api/v1/events/{event}"),
    ("post", "/api/v1/events/{event}/applications"),
    ("get", "/api/v1/events/{event}/applications/{code}"),
    ("delete", "/api/v1/events/{event}/applications/{code}"),
    ("get", "/api/v1/events/{event}/draw.json"),
    ("get", "/api/v1/admin/events/{event}"),
    ("post", "/api/v1/admin/events/{event}/close"),
    ("post", "/api/v1/admin/events/{event}/commit"),
    ("post", "/api/v1/admin/events/{event}/draw"),
    ("get", "/api/v1/admin/events/{event}/invitees"),
    ("post", "/api/v1/admin/events/{event}/delete-contacts"),
];

#[tokio::test]
async fn the_document_is_openapi_3_1_and_lists_every_route() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let res = get(&state, "/api/openapi.json", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let doc: Value = serde_json::from_str(&body(res).await).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let mut documented = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.push((method.clone(), path.clone()));
        }
    }
    documented.sort();
    let mut expected: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    expected.sort();
    assert_eq!(documented, expected);
    // The closed sets are enums in the document, as in the model.
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["ModerationState"]["enum"],
        serde_json::json!(["received", "published", "rejected", "withdrawn"])
    );
    assert_eq!(schemas["AnswerStatus"]["enum"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn every_documented_operation_is_a_route_of_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    for (method, path) in ROUTES {
        let uri = path.replace("{id}", "0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c");
        let req = Request::builder()
            .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
            .uri(&uri)
            .header("sec-fetch-site", "same-origin")
            .body(Body::empty())
            .unwrap();
        let res = app(state.clone()).oneshot(req).await.unwrap();
        let status = res.status();
        let text = body(res).await;
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(
            !text.contains("Unbekannte API-Adresse"),
            "{method} {path}: {text}"
        );
    }
}
