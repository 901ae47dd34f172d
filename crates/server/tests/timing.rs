//! How long a sign-in takes for a known and an unknown name. A test binary of its own, so
//! that no other test shares the cores while it measures (cargo runs test binaries one
//! after the other).

#![allow(
    clippy::unwrap_used,
    reason = "a test helper that cannot set up must stop the test"
)]

mod common;

use axum::http::StatusCode;
use common::{sign_in_from, state};
use mitreden_server::admin;

const PASSWORD: &str = "richtig-langes-passwort";

#[tokio::test]
async fn unknown_and_known_names_take_the_same_time() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    admin::add_user(&*state.store, "amt", PASSWORD)
        .await
        .unwrap();
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for i in 0..9u8 {
        // A fresh address each time, so that no delay enters the measurement.
        let started = std::time::Instant::now();
        let res = sign_in_from(&state, &format!("198.51.100.{i}"), "amt", "falsch-falsch").await;
        known.push(started.elapsed());
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let started = std::time::Instant::now();
        let res = sign_in_from(
            &state,
            &format!("198.51.101.{i}"),
            "niemand",
            "falsch-falsch",
        )
        .await;
        unknown.push(started.elapsed());
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    known.sort();
    unknown.sort();
    let (k, u) = (known[4].as_secs_f64(), unknown[4].as_secs_f64());
    println!(
        "sign-in, median of 9: known name {:.1} ms, unknown name {:.1} ms (ratio {:.2})",
        k * 1000.0,
        u * 1000.0,
        u / k
    );
    assert!(
        (0.5..2.0).contains(&(u / k)),
        "known {k:.4} s, unknown {u:.4} s"
    );
}
