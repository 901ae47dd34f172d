//! Requests to a server that knows its public address (`--public-url`), with the `Host`
//! and `Origin` a browser on that address sends.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::response::Response;
use mitreden_server::{admin, app, AppState};
use serde_json::{json, Value};
use tower::ServiceExt;

/// The address the server is told it has.
pub const PUBLIC: &str = "http://mitreden.example.org";
/// Its host.
pub const HOST: &str = "mitreden.example.org";

/// A request as the browser on the public address sends it.
pub async fn call(
    state: &AppState,
    method: &str,
    uri: &str,
    body: Option<(&str, String)>,
    extra: &[(&str, &str)],
) -> Response {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, PUBLIC)
        .header("sec-fetch-site", "same-origin");
    for (name, value) in extra {
        req = req.header(*name, *value);
    }
    let body = match body {
        Some((content_type, text)) => {
            req = req.header(header::CONTENT_TYPE, content_type);
            Body::from(text)
        }
        None => Body::empty(),
    };
    app(state.clone())
        .oneshot(req.body(body).unwrap())
        .await
        .unwrap()
}

/// A JSON body.
pub fn json_body(v: Value) -> Option<(&'static str, String)> {
    Some(("application/json", v.to_string()))
}

/// Signs in a staff account on the public address; its session cookie.
pub async fn staff_cookie(state: &AppState) -> String {
    admin::add_user(&*state.store, "amt", super::PASSWORD)
        .await
        .unwrap();
    let login = json_body(json!({"name": "amt", "password": super::PASSWORD}));
    let res = call(state, "POST", "/api/v1/admin/login", login, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}
