//! Arbitrary input at every route through `app()`, on a real SQLite file: whatever the
//! path, query, headers or body, the answer is never a 5xx (and never a panic, which the
//! catch-panic layer would turn into a 500 that fails these tests just the same).

#![allow(
    clippy::unwrap_used,
    reason = "a test helper that cannot set up must stop the test"
)]

use crate::common;

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{header, Request};
use mitreden_model::comment::uuid_v4;
use mitreden_server::{admin, app, AppState};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{json, Value};
use tower::ServiceExt;

const PASSWORD: &str = "richtig-langes-passwort";

/// One server state and one signed-in session for all cases of a test binary.
struct Fixture {
    runtime: tokio::runtime::Runtime,
    state: AppState,
    cookie: String,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (state, cookie) = runtime.block_on(async {
            let state = common::state(dir.path()).await;
            admin::add_user(&*state.store, "amt", PASSWORD)
                .await
                .unwrap();
            let res = app(state.clone())
                .oneshot(
                    Request::post("/api/v1/admin/login")
                        .header(header::CONTENT_TYPE, "application/json")
                        .header("sec-fetch-site", "same-origin")
                        .body(Body::from(
                            json!({ "name": "amt", "password": PASSWORD }).to_string(),
                        ))
                        .unwrap(),
                )
                .await
                .unwrap();
            let cookie = common::header_of(&res, header::SET_COOKIE)
                .split(';')
                .next()
                .unwrap()
                .to_owned();
            (state, cookie)
        });
        Fixture {
            runtime,
            state,
            cookie,
            _dir: dir,
        }
    })
}

/// Percent-encodes everything but unreserved characters, so any string fits in a path or
/// a query.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Sends one request as a signed-in, same-origin client; returns the status.
fn status(method: &str, uri: &str, headers: &[(&str, &str)], body: Vec<u8>) -> u16 {
    let f = fixture();
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, &f.cookie)
        .header("sec-fetch-site", "same-origin");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = f
        .runtime
        .block_on(app(f.state.clone()).oneshot(req.body(Body::from(body)).unwrap()));
    res.unwrap().status().as_u16()
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".*".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::hash_map(".*", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Mostly a plausible value, sometimes anything at all.
fn near(valid: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Value> {
    prop_oneof![
        12 => valid,
        1 => ".*".prop_map(Value::String),
        1 => any_json(),
    ]
    .boxed()
}

/// A real time, or one with any characters put into it.
fn time() -> impl Strategy<Value = Value> {
    let real = (
        2000..2100u32,
        1..=12u32,
        1..=28u32,
        0..24u32,
        0..60u32,
        0..60u32,
    )
        .prop_map(|(y, mo, d, h, mi, s)| {
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.000Z")
        });
    (
        real,
        0usize..30,
        prop_oneof![3 => Just(String::new()), 1 => ".{1,2}"],
    )
        .prop_map(|(mut t, at, insert)| {
            let at = t.char_indices().nth(at).map_or(t.len(), |(i, _)| i);
            t.insert_str(at, &insert);
            Value::String(t)
        })
}

/// A comment whose fields are mostly right (a real UUID, a real section, a real time, a
/// text), so that every rule and the database are reached, with arbitrary Unicode and
/// anything at all mixed in.
fn any_comment() -> impl Strategy<Value = Value> {
    let id = any::<[u8; 16]>().prop_map(|b| Value::String(uuid_v4(b)));
    let section = (1..=10u8).prop_map(|n| Value::String(format!("leitmotiv-{n}")));
    let version = prop_oneof![4 => Just(1u32), 1 => any::<u32>()].prop_map(Value::from);
    let text = prop_oneof![
        3 => "[a-zA-ZäöüßÄÖÜ0-9 .,!?\n-]{1,60}",
        1 => ".{0,60}",
    ]
    .prop_map(Value::String);
    let name = prop_oneof![
        3 => Just(Value::Null),
        1 => "[a-zA-Zäöü .-]{1,20}".prop_map(Value::String),
        1 => ".{0,20}".prop_map(Value::String),
    ];
    let token = "[0-9a-f]{32,64}".prop_map(Value::String);
    (
        near(id),
        near(section),
        near(version),
        near(text),
        near(name),
        near(time()),
        near(token),
    )
        .prop_map(|(id, section, version, body, name, at, token)| {
            json!({
                "id": id, "section_id": section, "section_version": version, "text": body,
                "name": name, "consent": true, "created_at": at, "receipt_token": token,
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn comments_post_never_answers_5xx(
        comments in prop::collection::vec(any_comment(), 0..4),
        raw in any_json(),
        bytes in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        let json = ("content-type", "application/json");
        let body = json!({ "comments": comments }).to_string().into_bytes();
        prop_assert!(status("POST", "/api/v1/comments", &[json], body) < 500);
        prop_assert!(status("POST", "/api/v1/comments", &[json], raw.to_string().into_bytes()) < 500);
        prop_assert!(status("POST", "/api/v1/comments", &[json], bytes) < 500);
    }

    #[test]
    fn paths_ids_and_receipt_tokens_never_answer_5xx(id in ".*", token in "[ -~]{0,200}") {
        let id = encode(&id);
        let receipt = [("x-receipt-token", token.as_str())];
        for (method, uri) in [
            ("GET", format!("/api/v1/comments/{id}")),
            ("GET", format!("/api/v1/comments/{id}/receipt")),
            ("DELETE", format!("/api/v1/comments/{id}")),
            ("GET", format!("/api/v1/sections/{id}/comments")),
            ("POST", format!("/api/v1/admin/comments/{id}/publish")),
            ("GET", format!("/{id}")),
            ("GET", format!("/api/{id}")),
            ("GET", format!("/healthz?{id}")),
            ("GET", format!("/api/v1/counts?{id}")),
            ("GET", format!("/api/v1/strategy?{id}")),
            ("GET", format!("/api/v1/admin/me?{id}")),
        ] {
            prop_assert!(status(method, &uri, &receipt, Vec::new()) < 500, "{} {}", method, uri);
        }
    }

    #[test]
    fn staff_input_never_answers_5xx(
        name in ".*", password in ".*", reason in any_json(), answer in any_json(),
        state in ".*", section in ".*", answer_status in ".*",
    ) {
        let json = ("content-type", "application/json");
        let login = json!({ "name": name, "password": password }).to_string().into_bytes();
        prop_assert!(status("POST", "/api/v1/admin/login", &[json], login) < 500);
        let uri = format!(
            "/api/v1/admin/comments?state={}&section={}&status={}",
            encode(&state), encode(&section), encode(&answer_status)
        );
        prop_assert!(status("GET", &uri, &[], Vec::new()) < 500, "{}", uri);
        let id = "0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c";
        let reject = json!({ "reason": reason }).to_string().into_bytes();
        let reject_uri = format!("/api/v1/admin/comments/{id}/reject");
        prop_assert!(status("POST", &reject_uri, &[json], reject) < 500);
        let put = answer.to_string().into_bytes();
        let answer_uri = format!("/api/v1/admin/comments/{id}/answer");
        prop_assert!(status("PUT", &answer_uri, &[json], put) < 500);
    }
}

/// The comment generator is no use if every comment fails the first check: enough of
/// them must pass every rule and be stored, and enough must be refused.
#[test]
fn generated_comments_reach_the_database() {
    let f = fixture();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut created, mut invalid) = (0, 0);
    for _ in 0..300 {
        let c = any_comment().new_tree(&mut runner).unwrap().current();
        let req = Request::post("/api/v1/comments")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({ "comments": [c] }).to_string()))
            .unwrap();
        let res = f
            .runtime
            .block_on(app(f.state.clone()).oneshot(req))
            .unwrap();
        let text = f.runtime.block_on(common::body(res));
        if text.contains("\"created\"") {
            created += 1;
        } else if text.contains("\"invalid\"") {
            invalid += 1;
        }
    }
    assert!(
        created >= 30 && invalid >= 30,
        "created {created}, invalid {invalid}"
    );
}

mod event {
    //! Any path, code, application or public value at the routes of issue 14's event,
    //! signed in, on an event that takes applications: never a 5xx, every error
    //! problem+json.
    use std::sync::OnceLock;

    use axum::body::Body;
    use axum::http::{header, Request};
    use proptest::prelude::*;
    use serde_json::{json, Value};
    use tower::ServiceExt;

    use super::common::event::{application, open_event, EVENT};
    use super::common::{header_of, sign_in};
    use super::encode;
    use mitreden_server::AppState;

    struct Fixture {
        runtime: tokio::runtime::Runtime,
        state: AppState,
        cookie: String,
        _dir: tempfile::TempDir,
    }

    fn fixture() -> &'static Fixture {
        static FIXTURE: OnceLock<Fixture> = OnceLock::new();
        FIXTURE.get_or_init(|| {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            let dir = tempfile::tempdir().unwrap();
            let (state, cookie) = runtime.block_on(async {
                let state = open_event(dir.path()).await;
                let cookie = sign_in(&state).await;
                (state, cookie)
            });
            Fixture {
                runtime,
                state,
                cookie,
                _dir: dir,
            }
        })
    }

    /// Sends one request (signed in, same origin); checks the answer.
    fn check(method: &str, uri: &str, body: Option<String>) -> Result<(), TestCaseError> {
        let f = fixture();
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::COOKIE, &f.cookie)
            .header("sec-fetch-site", "same-origin");
        if body.is_some() {
            req = req.header(header::CONTENT_TYPE, "application/json");
        }
        let req = req.body(Body::from(body.unwrap_or_default())).unwrap();
        let res = f
            .runtime
            .block_on(mitreden_server::app(f.state.clone()).oneshot(req))
            .unwrap();
        let status = res.status();
        prop_assert!(status.as_u16() < 500, "{} {}: {}", method, uri, status);
        if status.is_client_error() {
            prop_assert_eq!(
                header_of(&res, header::CONTENT_TYPE),
                "application/problem+json",
                "{} {}",
                method,
                uri
            );
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_input_is_answered_without_5xx(
            segment in ".{0,20}", n in 0u32..1000, field in 0usize..8,
            value in prop_oneof![Just(json!(null)), ".{0,40}".prop_map(Value::from),
                any::<i64>().prop_map(Value::from)],
            public_value in ".{0,40}",
        ) {
            let segment = encode(&segment);
            for (method, uri) in [
                ("GET", format!("/api/v1/events/{segment}")),
                ("GET", format!("/api/v1/events/{segment}/draw.json")),
                ("GET", format!("/api/v1/events/{EVENT}/applications/{segment}")),
                ("DELETE", format!("/api/v1/events/{EVENT}/applications/{segment}")),
                ("GET", format!("/api/v1/admin/events/{segment}")),
                ("GET", format!("/api/v1/admin/events/{EVENT}/invitees")),
                ("POST", format!("/api/v1/admin/events/{segment}/close")),
            ] {
                check(method, &uri, None)?;
            }
            let mut input = application(n);
            let key = ["id", "event_id", "name", "contact_kind", "contact", "attributes",
                "consent", "created_at"][field];
            input[key] = value;
            let uri = format!("/api/v1/events/{EVENT}/applications");
            check("POST", &uri, Some(input.to_string()))?;
            check("POST", &uri, Some(public_value.clone()))?;
            let draw = json!({ "public_value": public_value }).to_string();
            let uri = format!("/api/v1/admin/events/{EVENT}/draw");
            check("POST", &uri, Some(draw))?;
        }
    }
}
