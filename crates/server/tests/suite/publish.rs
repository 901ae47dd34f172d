//! Publishing in the administration (issue 22, item 2): a draft with a changed section and
//! a comment linked as its cause; the confirmation says what changes and who is credited;
//! the role "Moderation" cannot publish; a confirmation made stale by another publish is
//! refused; the publish serves the new pages before it answers and the comment's answer
//! then points to the new version, recorded in its history under the publisher's name.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use crate::common;

use axum::http::StatusCode;
use common::{as_staff, body, get, send, sign_in, sign_in_moderator, state_with};
use mitreden_model::versions::{PublishPreview, SectionChange};
use serde_json::{json, Value};

const COMMENT: &str = "6a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

async fn json_of(res: axum::response::Response) -> (StatusCode, Value) {
    let status = res.status();
    let text = body(res).await;
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// A citizen's comment on Leitmotiv 2 (version 2), published by the office (`amt`).
async fn comment_published(state: &mitreden_server::AppState, amt: &str) {
    let sent = send(
        state,
        "POST",
        "/api/v1/comments",
        Some(json!({ "comments": [{
            "id": COMMENT, "section_id": "leitmotiv-2", "section_version": 2,
            "text": "Bitte die Volkshochschule nennen.", "consent": true,
            "created_at": "2026-12-06T10:15:00.000Z",
        }]})),
        None,
        None,
    )
    .await;
    assert_eq!(sent.status(), StatusCode::OK);
    let uri = format!("/api/v1/admin/comments/{COMMENT}/publish");
    let res = as_staff(state, amt, "POST", &uri, None).await;
    assert!(res.status().is_success(), "{}", res.status());
}

#[tokio::test]
async fn a_published_draft_is_served_at_once_and_credits_the_comments_linked_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let amt = sign_in(&state).await;
    comment_published(&state, &amt).await;

    // The edit, with the comment linked as its cause.
    let page_before = body(get(&state, "/abschnitt/leitmotiv-2", None).await).await;
    let edit = json!({
        "based_on": 1, "title": "Vorne dabei",
        "text": "Die Volkshochschule ist dabei.", "note": "Auf einen Hinweis hin.",
        "causes": [COMMENT],
    });
    let (status, version) = json_of(
        as_staff(
            &state,
            &amt,
            "POST",
            "/api/v1/admin/strategy/sections/leitmotiv-2",
            Some(edit),
        )
        .await,
    )
    .await;
    assert_eq!((status, &version), (StatusCode::CREATED, &json!(2)));
    // A comment of another section cannot be linked to this one.
    let (status, _) = json_of(
        as_staff(
            &state,
            &amt,
            "POST",
            "/api/v1/admin/strategy/sections/leitmotiv-1",
            Some(json!({ "based_on": 2, "title": "T", "text": "Neu.", "note": "n", "causes": [COMMENT] })),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The editor shows the link with the draft's version.
    let (_, loaded) =
        json_of(as_staff(&state, &amt, "GET", "/api/v1/admin/strategy/sections", None).await).await;
    assert_eq!(loaded["sections"][1]["causes"], json!([COMMENT]));

    // The citizens' page as it will look, inert (no script runs), before the publish.
    let preview = as_staff(
        &state,
        &amt,
        "GET",
        "/api/v1/admin/strategy/versions/2/page?path=/abschnitt/leitmotiv-2",
        None,
    )
    .await;
    assert_eq!(preview.status(), StatusCode::OK);
    let policies: Vec<String> = preview
        .headers()
        .get_all(axum::http::header::CONTENT_SECURITY_POLICY)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(
        policies.iter().any(|p| p.contains("script-src 'none'")),
        "{policies:?}"
    );
    let html = body(preview).await;
    assert!(html.contains("Die Volkshochschule ist dabei."), "{html}");
    assert!(
        html.contains("<title>Vorschau (nicht veröffentlicht): "),
        "{html}"
    );
    assert!(html.contains("Auf einen Hinweis hin."));
    assert!(!page_before.contains("Die Volkshochschule ist dabei."));
    let missing = as_staff(
        &state,
        &amt,
        "GET",
        "/api/v1/admin/strategy/versions/2/page?path=/abschnitt/gibt-es-nicht",
        None,
    )
    .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let anonymous = get(
        &state,
        "/api/v1/admin/strategy/versions/2/page?path=/",
        None,
    )
    .await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // The confirmation: what changes, who is credited.
    let (status, seen) = json_of(
        as_staff(
            &state,
            &amt,
            "GET",
            "/api/v1/admin/strategy/versions/2",
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let seen: PublishPreview = serde_json::from_value(seen).unwrap();
    assert_eq!((seen.current, seen.published), (Some(1), false));
    let changed: Vec<(&str, SectionChange, u32)> = seen
        .changed()
        .map(|s| (s.id.as_str(), s.change, s.version))
        .collect();
    assert_eq!(changed, vec![("leitmotiv-2", SectionChange::Changed, 3)]);
    assert_eq!(seen.credits.len(), 1);
    assert_eq!(
        (seen.credits[0].comment_id.as_str(), seen.credits[0].version),
        (COMMENT, 3)
    );

    // Moderation reads the confirmation but does not publish.
    let moni = sign_in_moderator(&state, &amt).await;
    let publish = "/api/v1/admin/strategy/versions/2/publish";
    let res = as_staff(
        &state,
        &moni,
        "POST",
        publish,
        Some(json!({ "current": 1 })),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A confirmation that compared with another version than the current one is stale.
    let (status, problem) = json_of(
        as_staff(
            &state,
            &amt,
            "POST",
            publish,
            Some(json!({ "current": null })),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "version_changed");
    assert_eq!(
        body(get(&state, "/abschnitt/leitmotiv-2", None).await).await,
        page_before,
        "nothing published by a refusal"
    );

    let (status, credited) =
        json_of(as_staff(&state, &amt, "POST", publish, Some(json!({ "current": 1 }))).await).await;
    assert_eq!((status, credited), (StatusCode::OK, json!(1)));
    // Served as the answer comes, without waiting for the server to look.
    let page = body(get(&state, "/abschnitt/leitmotiv-2", None).await).await;
    assert!(page.contains("Die Volkshochschule ist dabei."), "{page}");
    assert!(
        page.contains("Auf einen Hinweis hin."),
        "the note beside the diff"
    );
    // The comment now says which version it led to.
    let (_, listed) =
        json_of(get(&state, "/api/v1/sections/leitmotiv-2/comments", None).await).await;
    let listed = listed.to_string();
    assert!(
        listed.contains("\"section_id\":\"leitmotiv-2\",\"version\":3"),
        "{listed}"
    );
    let (_, history) = json_of(
        as_staff(
            &state,
            &amt,
            "GET",
            &format!("/api/v1/admin/comments/{COMMENT}/history"),
            None,
        )
        .await,
    )
    .await;
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "answered");
    assert_eq!(last["staff_name"], "amt");
    assert!(
        last["detail"].as_str().unwrap().contains("Fassung 3"),
        "{last}"
    );
    // The versions list says who published.
    let (_, versions) =
        json_of(as_staff(&state, &amt, "GET", "/api/v1/admin/strategy/versions", None).await).await;
    assert_eq!(versions[1]["current"], true);
    assert_eq!(versions[1]["published_by"], "amt");

    // Once is enough.
    let (status, _) =
        json_of(as_staff(&state, &amt, "POST", publish, Some(json!({ "current": 2 }))).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_change_taken_back_is_the_newest_draft_without_its_links_and_only_the_newest_is_published(
) {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let amt = sign_in(&state).await;
    comment_published(&state, &amt).await;
    let (_, loaded) =
        json_of(as_staff(&state, &amt, "GET", "/api/v1/admin/strategy/sections", None).await).await;
    let two = loaded["sections"][1].clone();
    let save = |based_on: i64, text: &str, note: &str, causes: Value| json!({ "based_on": based_on, "title": two["title"], "text": text, "note": note, "causes": causes });
    let path = "/api/v1/admin/strategy/sections/leitmotiv-2";
    let (status, v) = json_of(
        as_staff(
            &state,
            &amt,
            "POST",
            path,
            Some(save(1, "Neu.", "n", json!([COMMENT]))),
        )
        .await,
    )
    .await;
    assert_eq!((status, v), (StatusCode::CREATED, json!(2)));
    // Taken back: the published text is the newest draft again (not version 1 found
    // again), without the link.
    let (status, v) = json_of(
        as_staff(
            &state,
            &amt,
            "POST",
            path,
            Some(save(2, two["text"].as_str().unwrap(), "", json!([]))),
        )
        .await,
    )
    .await;
    assert_eq!((status, v), (StatusCode::CREATED, json!(3)));
    let (_, now) =
        json_of(as_staff(&state, &amt, "GET", "/api/v1/admin/strategy/sections", None).await).await;
    assert_eq!(now["based_on"], 3);
    assert_eq!(now["sections"][1]["version"], 2);
    assert_eq!(now["sections"][1]["causes"], json!([]));
    let (_, seen) = json_of(
        as_staff(
            &state,
            &amt,
            "GET",
            "/api/v1/admin/strategy/versions/3",
            None,
        )
        .await,
    )
    .await;
    assert_eq!(seen["credits"], json!([]));
    // An older draft is not published: the newer ones build on it.
    let (status, problem) = json_of(
        as_staff(
            &state,
            &amt,
            "POST",
            "/api/v1/admin/strategy/versions/2/publish",
            Some(json!({ "current": 1 })),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let (status, credited) = json_of(
        as_staff(
            &state,
            &amt,
            "POST",
            "/api/v1/admin/strategy/versions/3/publish",
            Some(json!({ "current": 1 })),
        )
        .await,
    )
    .await;
    assert_eq!((status, credited), (StatusCode::OK, json!(0)));
}
