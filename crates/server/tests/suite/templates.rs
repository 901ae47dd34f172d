//! Answer templates: staff save, list and delete standard answers; the limits of title and
//! text, the cap on their number, and the session and origin checks every admin route has.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use crate::common;

use axum::http::StatusCode;
use common::{body, send, sign_in, state_with};
use mitreden_model::template::{AnswerTemplate, MAX_TEMPLATES};
use serde_json::json;

#[tokio::test]
async fn staff_save_list_and_delete_templates() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let amt = sign_in(&state).await;
    let post = |title: &str, text: &str| {
        let state = state.clone();
        let amt = amt.clone();
        let input = json!({ "title": title, "text": text });
        async move {
            send(
                &state,
                "POST",
                "/api/v1/admin/templates",
                Some(input),
                Some(&amt),
                Some("same-origin"),
            )
            .await
        }
    };
    let list = || {
        let state = state.clone();
        let amt = amt.clone();
        async move {
            let res = send(
                &state,
                "GET",
                "/api/v1/admin/templates",
                None,
                Some(&amt),
                None,
            )
            .await;
            assert_eq!(res.status(), StatusCode::OK);
            serde_json::from_str::<Vec<AnswerTemplate>>(&body(res).await).unwrap()
        }
    };

    let made = post(" Prüfung ", "Danke, wir prüfen das bei der Umsetzung.").await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let made: AnswerTemplate = serde_json::from_str(&body(made).await).unwrap();
    assert_eq!(made.title, "Prüfung");
    assert_eq!(made.created_by, "amt");
    assert_eq!(
        post("Aufgenommen", "Danke, aufgenommen.").await.status(),
        StatusCode::CREATED
    );
    let titles: Vec<String> = list().await.into_iter().map(|t| t.title).collect();
    assert_eq!(titles, ["Aufgenommen", "Prüfung"]);

    // Bad input: 422 with a reason, and nothing stored.
    for (title, text) in [("", "x"), ("t", "  "), (&*"x".repeat(81), "x")] {
        let res = post(title, text).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body(res).await.contains("Vorlage"));
    }
    assert_eq!(list().await.len(), 2);

    // Another origin may not save one; nobody signed out may read them.
    let foreign = send(
        &state,
        "POST",
        "/api/v1/admin/templates",
        Some(json!({ "title": "t", "text": "x" })),
        Some(&amt),
        Some("cross-site"),
    )
    .await;
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    let anonymous = send(&state, "GET", "/api/v1/admin/templates", None, None, None).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // Delete: once 204, then 404; a path that is no number is 404 too.
    let delete = |path: String| {
        let state = state.clone();
        let amt = amt.clone();
        async move {
            send(
                &state,
                "DELETE",
                &path,
                None,
                Some(&amt),
                Some("same-origin"),
            )
            .await
        }
    };
    let path = format!("/api/v1/admin/templates/{}", made.id);
    assert_eq!(delete(path.clone()).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(delete(path).await.status(), StatusCode::NOT_FOUND);
    let not_a_number = delete("/api/v1/admin/templates/zwölf".into()).await;
    assert_eq!(not_a_number.status(), StatusCode::NOT_FOUND);
    assert_eq!(list().await.len(), 1);

    // At most MAX_TEMPLATES: the next one is refused with 409.
    for i in 1..MAX_TEMPLATES {
        assert_eq!(
            post(&format!("V{i}"), "x").await.status(),
            StatusCode::CREATED
        );
    }
    assert_eq!(
        post("eins zu viel", "x").await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(list().await.len(), MAX_TEMPLATES as usize);
}
