//! Staff accounts in the administration: the role Verwaltung manages them, the role
//! Moderation gets 403; one's own password; deactivation ends sign-in and sessions.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use crate::common;

use axum::http::{header, StatusCode};
use common::{body, send, sign_in, state_with};
use mitreden_server::AppState;
use serde_json::{json, Value};

async fn login(state: &AppState, name: &str, password: &str) -> Option<String> {
    let res = send(
        state,
        "POST",
        "/api/v1/admin/login",
        Some(json!({ "name": name, "password": password })),
        None,
        Some("same-origin"),
    )
    .await;
    (res.status() == StatusCode::OK).then(|| {
        let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap();
        cookie.split(';').next().unwrap().to_owned()
    })
}

#[tokio::test]
async fn verwaltung_manages_accounts_moderation_gets_403_and_deactivation_ends_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let amt = sign_in(&state).await;
    let as_ = |cookie: &str, method: &'static str, path: &'static str, body: Option<Value>| {
        let state = state.clone();
        let cookie = cookie.to_owned();
        async move {
            send(
                &state,
                method,
                path,
                body,
                Some(&cookie),
                Some("same-origin"),
            )
            .await
        }
    };
    let moni = json!({ "name": "moni", "password": "moderieren-2026", "role": "moderation" });
    let made = as_(&amt, "POST", "/api/v1/admin/accounts", Some(moni.clone())).await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let again = as_(&amt, "POST", "/api/v1/admin/accounts", Some(moni)).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    // Names that would pass for another in the audit trail: the same in other case is
    // taken; invisible characters and lookalike letters of another script are refused.
    let upper = json!({ "name": "MONI", "password": "moderieren-2026", "role": "moderation" });
    let upper = as_(&amt, "POST", "/api/v1/admin/accounts", Some(upper)).await;
    assert_eq!(upper.status(), StatusCode::CONFLICT);
    for lookalike in ["moni\u{200b}", "m\u{043e}ni", "\u{2800}"] {
        let body =
            json!({ "name": lookalike, "password": "moderieren-2026", "role": "moderation" });
        let res = as_(&amt, "POST", "/api/v1/admin/accounts", Some(body)).await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{lookalike:?}"
        );
    }
    // Cyrillic capitals that look like the Latin `amt` are the same name (UTS #39).
    let cyrillic = json!({ "name": "\u{0410}\u{041c}\u{0422}", "password": "moderieren-2026", "role": "moderation" });
    let cyrillic = as_(&amt, "POST", "/api/v1/admin/accounts", Some(cyrillic)).await;
    assert_eq!(cyrillic.status(), StatusCode::CONFLICT);
    // Full-width letters are kept as what they are (NFKC): `ｋｕｒｔ` is `kurt`.
    let wide =
        json!({ "name": "ｋｕｒｔ", "password": "Rathaus-Kiosk-Morgen", "role": "moderation" });
    let wide = as_(&amt, "POST", "/api/v1/admin/accounts", Some(wide)).await;
    assert_eq!(wide.status(), StatusCode::CREATED);
    assert!(login(&state, "kurt", "Rathaus-Kiosk-Morgen")
        .await
        .is_some());
    // Passwords: long enough, printable, not common (NIST SP 800-63B).
    for (password, says) in [
        ("kurz", "mindestens 12 Zeichen"),
        ("passwort1234", "zu leicht zu erraten"),
        ("Verwaltung2026", "zu leicht zu erraten"),
        ("ein-langes\u{0}passwort", "Steuerzeichen"),
    ] {
        let new = json!({ "name": "kurt2", "password": password, "role": "moderation" });
        let res = as_(&amt, "POST", "/api/v1/admin/accounts", Some(new)).await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{password:?}"
        );
        let problem = body(res).await;
        assert!(problem.contains(says), "{password:?}: {problem}");
    }

    let list: Value =
        serde_json::from_str(&body(as_(&amt, "GET", "/api/v1/admin/accounts", None).await).await)
            .unwrap();
    let names: Vec<(&str, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["name"].as_str().unwrap(), a["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            ("amt", "verwaltung"),
            ("kurt", "moderation"),
            ("moni", "moderation")
        ]
    );

    // A moderator moderates, but manages no accounts.
    let mod_cookie = login(&state, "moni", "moderieren-2026").await.unwrap();
    let me: Value =
        serde_json::from_str(&body(as_(&mod_cookie, "GET", "/api/v1/admin/me", None).await).await)
            .unwrap();
    assert_eq!(me["role"], "moderation");
    for (method, path, payload) in [
        ("GET", "/api/v1/admin/accounts", None),
        (
            "POST",
            "/api/v1/admin/accounts",
            Some(json!({ "name": "x", "password": "langes-passwort", "role": "verwaltung" })),
        ),
        ("POST", "/api/v1/admin/accounts/amt/deactivate", None),
    ] {
        let res = as_(&mod_cookie, method, path, payload).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{method} {path}");
    }
    let queue = as_(&mod_cookie, "GET", "/api/v1/admin/comments", None).await;
    assert_eq!(queue.status(), StatusCode::OK);

    // One's own password: only with the current one; it ends the account's other
    // sessions and keeps this one; 12 characters at least.
    let elsewhere = login(&state, "moni", "moderieren-2026").await.unwrap();
    let change = |current: &str, password: &str| {
        as_(
            &mod_cookie,
            "PUT",
            "/api/v1/admin/me/password",
            Some(json!({ "password": password, "current": current })),
        )
    };
    let wrong = change("geraten-geraten", "ein-neues-passwort").await;
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let short = change("moderieren-2026", "elf-zeichen").await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let own_name = change("moderieren-2026", "moni-moni-moni").await;
    assert_eq!(
        own_name.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the account's own name is a word guessers know"
    );
    let missing = as_(
        &mod_cookie,
        "PUT",
        "/api/v1/admin/me/password",
        Some(json!({ "password": "ein-neues-passwort" })),
    )
    .await;
    assert_eq!(
        missing.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the current one is required"
    );
    let changed = change("moderieren-2026", "ein-neues-passwort").await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    assert!(login(&state, "moni", "moderieren-2026").await.is_none());
    let other = as_(&elsewhere, "GET", "/api/v1/admin/me", None).await;
    assert_eq!(
        other.status(),
        StatusCode::UNAUTHORIZED,
        "the other session ended"
    );
    let this = as_(&mod_cookie, "GET", "/api/v1/admin/me", None).await;
    assert_eq!(this.status(), StatusCode::OK, "this session goes on");
    assert!(login(&state, "moni", "ein-neues-passwort").await.is_some());

    // Deactivated: the session ends at once, and signing in fails.
    let own = as_(&amt, "POST", "/api/v1/admin/accounts/amt/deactivate", None).await;
    assert_eq!(own.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let off = as_(&amt, "POST", "/api/v1/admin/accounts/moni/deactivate", None).await;
    assert_eq!(off.status(), StatusCode::NO_CONTENT);
    let after = as_(&mod_cookie, "GET", "/api/v1/admin/comments", None).await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    assert!(login(&state, "moni", "ein-neues-passwort").await.is_none());
}

/// An account made before names were kept in NFKC (or under looser rules) still signs in
/// by its name as typed, and `user add` still gives it a new password.
#[tokio::test]
async fn an_older_accounts_name_still_signs_in_and_gets_a_new_password() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    mitreden_server::admin::add_user(&*state.store, "finanzamt", "Rathaus-Kiosk-Morgen")
        .await
        .unwrap();
    // As an older version stored it: with the ligature ﬁ (NFKC: fi) and a Greek letter.
    common::peek::peek(&state)
        .await
        .run(
            "UPDATE staff SET name = 'ﬁnanzamt Σ' WHERE name = 'finanzamt'",
            &[],
        )
        .await;
    assert!(login(&state, "ﬁnanzamt Σ", "Rathaus-Kiosk-Morgen")
        .await
        .is_some());
    let res = send(
        &state,
        "POST",
        "/api/v1/admin/login",
        Some(json!({ "name": "ﬁnanzamt Σ", "password": "Rathaus-Kiosk-Morgen" })),
        None,
        Some("same-origin"),
    )
    .await;
    let me: Value = serde_json::from_str(&body(res).await).unwrap();
    assert_eq!(me["name"], "ﬁnanzamt Σ", "the name as stored");
    mitreden_server::admin::add_user(&*state.store, "ﬁnanzamt Σ", "ein-neues-langes-Wort")
        .await
        .unwrap();
    assert!(login(&state, "ﬁnanzamt Σ", "ein-neues-langes-Wort")
        .await
        .is_some());
    // A new account may not have such a name.
    let refused =
        mitreden_server::admin::add_user(&*state.store, "Σmith", "ein-neues-langes-Wort").await;
    assert!(refused.is_err());
}
