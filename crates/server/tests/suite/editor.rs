//! A section edited in the administration (issue 22, item 2): the next stored draft with the
//! old text kept beside the note, never served before it is published; an edit of a section
//! someone changed since it was loaded is refused, also when both are saved at once; an
//! edit of another section is kept beside theirs.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use crate::common;

use axum::http::StatusCode;
use common::{as_staff, body, get, sign_in, sign_in_moderator, state_with};
use mitreden_model::edit::EditorState;
use mitreden_server::strategy;
use serde_json::{json, Value};

async fn sections(state: &mitreden_server::AppState, cookie: &str) -> EditorState {
    let res = as_staff(
        state,
        cookie,
        "GET",
        "/api/v1/admin/strategy/sections",
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    serde_json::from_str(&body(res).await).unwrap()
}

async fn save(
    state: &mitreden_server::AppState,
    cookie: &str,
    id: &str,
    edit: Value,
) -> (StatusCode, Value) {
    let uri = format!("/api/v1/admin/strategy/sections/{id}");
    let res = as_staff(state, cookie, "POST", &uri, Some(edit)).await;
    let status = res.status();
    let text = body(res).await;
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test]
async fn an_edit_becomes_the_next_draft_and_a_stale_one_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let amt = sign_in(&state).await;
    let loaded = sections(&state, &amt).await;
    assert_eq!((loaded.based_on, loaded.published), (1, true));
    assert_eq!(loaded.sections.len(), 10);
    let two = &loaded.sections[1];
    assert_eq!((two.id.as_str(), two.version), ("leitmotiv-2", 2));
    assert_eq!(two.published_text, None);
    let served_before = body(get(&state, "/api/v1/strategy", None).await).await;

    // A changed text needs the note citizens will read.
    let new_text = format!("{}\n\nUnd die Volkshochschule.", two.text);
    let edit = |based_on: i64, text: &str, note: &str| json!({ "based_on": based_on, "title": "Vorne dabei", "text": text, "note": note });
    let (status, problem) = save(&state, &amt, "leitmotiv-2", edit(1, &new_text, "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem["detail"].as_str().unwrap().contains("Notiz"),
        "{problem}"
    );
    // The Moderation role reads the sections but does not edit them.
    let moni = sign_in_moderator(&state, &amt).await;
    assert_eq!(sections(&state, &moni).await.based_on, 1);
    let (status, _) = save(&state, &moni, "leitmotiv-2", edit(1, &new_text, "n")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, version) = save(
        &state,
        &amt,
        "leitmotiv-2",
        edit(1, &new_text, "Bildung ergänzt."),
    )
    .await;
    assert_eq!((status, version), (StatusCode::CREATED, json!(2)));
    let now = sections(&state, &amt).await;
    assert_eq!((now.based_on, now.published), (2, false));
    assert_eq!(now.sections[1].version, 3);
    assert_eq!(
        now.sections[1].published_text.as_deref(),
        Some(two.text.as_str())
    );
    // A draft: citizens read what they read before.
    assert_eq!(
        body(get(&state, "/api/v1/strategy", None).await).await,
        served_before
    );
    let stored = strategy::source(&*state.store, Some(2))
        .await
        .unwrap()
        .unwrap();
    let stored = strategy::read("", &stored).unwrap();
    let earlier = stored.sections[1].earlier.last().unwrap();
    assert_eq!(
        (earlier.text.as_str(), earlier.reason.as_str()),
        (two.text.as_str(), "Bildung ergänzt.")
    );

    // A second editor who loaded version 1: the same section is a conflict, nothing stored.
    let (status, problem) = save(
        &state,
        &amt,
        "leitmotiv-2",
        edit(1, "Ganz anders.", "Meins."),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "section_changed");
    assert!(
        problem["detail"].as_str().unwrap().contains("Fassung 2"),
        "{problem}"
    );
    assert_eq!(strategy::versions(&*state.store).await.unwrap().len(), 2);
    // … another section is kept beside the first editor's change.
    let three = &loaded.sections[2];
    let (status, version) = save(
        &state,
        &amt,
        "leitmotiv-3",
        json!({ "based_on": 1, "title": "Neuer Titel", "text": three.text, "note": "" }),
    )
    .await;
    assert_eq!((status, version), (StatusCode::CREATED, json!(3)));
    let latest = sections(&state, &amt).await;
    assert_eq!(
        latest.sections[1].version, 3,
        "the first editor's text is kept"
    );
    assert_eq!(latest.sections[2].title, "Neuer Titel");

    // Two saves of one section at once, both from version 3: one is stored, one refused.
    let a = save(&state, &amt, "leitmotiv-4", edit(3, "Eins.", "A"));
    let b = save(&state, &amt, "leitmotiv-4", edit(3, "Zwei.", "B"));
    let ((sa, _), (sb, _)) = tokio::join!(a, b);
    let mut statuses = [sa, sb];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    assert_eq!(strategy::versions(&*state.store).await.unwrap().len(), 4);
}

#[tokio::test]
async fn sections_are_added_moved_and_removed_while_never_published() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let amt = sign_in(&state).await;
    let change = |body: Value| {
        let (state, amt) = (state.clone(), amt.clone());
        async move {
            let res = as_staff(
                &state,
                &amt,
                "POST",
                "/api/v1/admin/strategy/sections",
                Some(body),
            )
            .await;
            let status = res.status();
            let text = body_of(res).await;
            (
                status,
                serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text)),
            )
        }
    };
    let add = json!({ "op": "add", "based_on": 1, "kind": "leitmotiv", "number": "11",
        "title": "Nachhaltig", "text": "Digital und sparsam." });
    assert_eq!(change(add.clone()).await, (StatusCode::CREATED, json!(2)));
    let ids = |s: &EditorState| s.sections.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    let now = sections(&state, &amt).await;
    assert_eq!(ids(&now).last().unwrap(), "leitmotiv-11");
    assert_eq!(
        now.sections[10].published_text.as_deref(),
        Some(""),
        "not published yet"
    );
    // The same number again: taken.
    let (status, _) = change(json!({ "op": "add", "based_on": 2, "kind": "leitmotiv",
        "number": "11", "title": "T", "text": "x" }))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Moved up one place; an editor still on version 1 gets a conflict for the list.
    let up = json!({ "op": "move", "based_on": 2, "id": "leitmotiv-11", "up": true });
    assert_eq!(change(up).await, (StatusCode::CREATED, json!(3)));
    assert_eq!(ids(&sections(&state, &amt).await)[9], "leitmotiv-11");
    let stale = json!({ "op": "move", "based_on": 1, "id": "leitmotiv-2", "up": true });
    assert_eq!(change(stale).await.0, StatusCode::CONFLICT);
    // A published section stays; the new one goes.
    let (status, problem) =
        change(json!({ "op": "remove", "based_on": 3, "id": "leitmotiv-1" })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("veröffentlicht"),
        "{problem}"
    );
    let (status, _) = change(json!({ "op": "remove", "based_on": 3, "id": "leitmotiv-11" })).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(sections(&state, &amt).await.sections.len(), 10);
}

async fn body_of(res: axum::response::Response) -> String {
    body(res).await
}

#[tokio::test]
async fn the_settings_are_a_draft_checked_as_a_strategy_file_and_a_stale_save_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let amt = sign_in(&state).await;
    let path = "/api/v1/admin/strategy/settings";
    let res = as_staff(&state, &amt, "GET", path, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let loaded: Value = serde_json::from_str(&body(res).await).unwrap();
    assert_eq!(loaded["based_on"], 1);
    assert_eq!(loaded["town"], "Sindelfingen");
    let with = |change: &dyn Fn(&mut Value)| {
        let mut s = loaded.clone();
        change(&mut s);
        s
    };
    let post = |cookie: String, value: Value| {
        let state = state.clone();
        async move {
            let res = as_staff(&state, &cookie, "POST", path, Some(value)).await;
            let status = res.status();
            let text = body(res).await;
            (
                status,
                serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text)),
            )
        }
    };
    // The parser's check, its field and reason, without a place in a file nobody sees.
    let (status, problem) = post(amt.clone(), with(&|s| s["theme_color"] = json!("blau"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem["detail"],
        "theme_color \"blau\" ist keine Farbe der Form #rrggbb"
    );
    let (status, _) = post(amt.clone(), loaded.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "unchanged");
    let moni = sign_in_moderator(&state, &amt).await;
    let (status, _) = post(moni, with(&|s| s["invitation"] = json!("Neu."))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let invitation = "Reden Sie mit: bis Ende Januar.";
    let (status, version) = post(amt.clone(), with(&|s| s["invitation"] = json!(invitation))).await;
    assert_eq!((status, version), (StatusCode::CREATED, json!(2)));
    let draft = strategy::source(&*state.store, Some(2))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(strategy::read("", &draft).unwrap().invitation, invitation);
    // Someone who loaded version 1 changes the settings too: refused, nothing stored.
    let (status, problem) = post(amt.clone(), with(&|s| s["title"] = json!("Anders"))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(strategy::versions(&*state.store).await.unwrap().len(), 2);
    // The start page as it will look.
    let page = as_staff(
        &state,
        &amt,
        "GET",
        "/api/v1/admin/strategy/versions/2/page?path=/",
        None,
    )
    .await;
    assert!(body(page).await.contains(invitation));
}

#[tokio::test]
async fn a_sections_english_and_leichte_sprache_forms_are_edited_and_half_a_form_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let amt = sign_in(&state).await;
    let loaded = sections(&state, &amt).await;
    let one = &loaded.sections[0];
    let mut renderings = serde_json::to_value(&one.renderings).unwrap();
    renderings["en_text"] = json!("People come first, online and in the town hall.");
    let edit = |renderings: Value| json!({ "based_on": 1, "title": one.title, "text": one.text, "note": "", "renderings": renderings });
    let (status, version) = save(&state, &amt, "leitmotiv-1", edit(renderings.clone())).await;
    assert_eq!((status, version), (StatusCode::CREATED, json!(2)));
    let stored = strategy::source(&*state.store, Some(2))
        .await
        .unwrap()
        .unwrap();
    let stored = strategy::read("", &stored).unwrap();
    let en = stored.sections[0].en.as_ref().unwrap();
    assert_eq!(en.text, "People come first, online and in the town hall.");
    assert_eq!(
        stored.sections[0].version(),
        one.version,
        "no new version of the German text"
    );
    // A title in Leichte Sprache without its text.
    let mut half = renderings.clone();
    half["easy_title"] = json!("Der Mensch ist wichtig");
    half["easy_text"] = json!("");
    let mut edit2 = edit(half);
    edit2["based_on"] = json!(2);
    let (status, problem) = save(&state, &amt, "leitmotiv-1", edit2).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(problem["detail"]
        .as_str()
        .unwrap()
        .contains("Titel und Text"));
}

#[tokio::test]
async fn the_events_words_change_always_its_terms_only_before_the_first_application() {
    use common::event::{application, apply, open_event};
    let dir = tempfile::tempdir().unwrap();
    let state = open_event(dir.path()).await;
    let amt = sign_in(&state).await;
    let path = "/api/v1/admin/strategy/event";
    let res = as_staff(&state, &amt, "GET", path, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let loaded: Value = serde_json::from_str(&body(res).await).unwrap();
    let post = |value: Value| {
        let (state, amt) = (state.clone(), amt.clone());
        async move {
            let res = as_staff(&state, &amt, "POST", path, Some(value)).await;
            let status = res.status();
            let text = body(res).await;
            (
                status,
                serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text)),
            )
        }
    };
    // Before any application: the seats may change; a time that is none is refused
    // with the parser's field and reason.
    let mut seats = loaded.clone();
    seats["seats"] = json!("30");
    let (status, version) = post(seats).await;
    assert_eq!((status, version), (StatusCode::CREATED, json!(2)));
    let mut wrong = loaded.clone();
    wrong["based_on"] = json!(2);
    wrong["seats"] = json!("30");
    wrong["date"] = json!("morgen");
    let (status, problem) = post(wrong).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .starts_with("event.date"),
        "{problem}"
    );

    // Attributes and quotas: quotas beyond the seats are refused with the parser's reason;
    // a new attribute gets an id made from its label, and its quota is stored.
    let mut terms = loaded.clone();
    terms["based_on"] = json!(2);
    terms["seats"] = json!("30");
    terms["attributes"].as_array_mut().unwrap().push(json!({
        "label": "Altersgruppe",
        "values": [{"value": "unter 30", "quota": "40"}, {"value": "ab 30", "quota": ""}],
    }));
    let (status, problem) = post(terms.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("verlangen mehr als 30 Plätze"),
        "{problem}"
    );
    let added = terms["attributes"].as_array().unwrap().len() - 1;
    terms["attributes"][added]["values"][0]["quota"] = json!("zwei");
    let (status, problem) = post(terms.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("Quote"));
    terms["attributes"][added]["values"][0]["quota"] = json!("5");
    let (status, version) = post(terms.clone()).await;
    assert_eq!((status, version), (StatusCode::CREATED, json!(3)));
    let stored = strategy::source(&*state.store, Some(3))
        .await
        .unwrap()
        .unwrap();
    let event = strategy::read("", &stored).unwrap().event.unwrap();
    let attribute = event.attributes.last().unwrap();
    assert_eq!(
        (attribute.id.as_str(), attribute.values.as_slice()),
        (
            "altersgruppe",
            ["unter 30".to_owned(), "ab 30".to_owned()].as_slice()
        )
    );
    assert!(event
        .quotas
        .iter()
        .any(|q| (q.attribute.as_str(), q.value.as_str(), q.seats)
            == ("altersgruppe", "unter 30", 5)));
    let res = as_staff(&state, &amt, "GET", path, None).await;
    let terms: Value = serde_json::from_str(&body(res).await).unwrap();
    assert_eq!(terms["attributes"][added]["id"], json!("altersgruppe"));
    assert_eq!(terms["attributes"][added]["values"][0]["quota"], json!("5"));

    // An application came: the terms stay, the words may change.
    assert_eq!(
        apply(&state, application(1)).await.status(),
        StatusCode::CREATED
    );
    let mut quota = terms.clone();
    quota["attributes"][added]["values"][0]["quota"] = json!("6");
    let (status, problem) = post(quota).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(problem["detail"]
        .as_str()
        .unwrap()
        .contains("Quoten bleiben"));
    let mut later = terms.clone();
    later["seats"] = json!("31");
    let (status, problem) = post(later.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("Bewerbungen"));
    later["seats"] = json!("30");
    later["place"] = json!("Altes Rathaus, Großer Saal");
    let (status, version) = post(later).await;
    assert_eq!((status, version), (StatusCode::CREATED, json!(4)));
    let stored = strategy::source(&*state.store, Some(4))
        .await
        .unwrap()
        .unwrap();
    let event = strategy::read("", &stored).unwrap().event.unwrap();
    assert_eq!(
        (event.seats, event.place.as_str()),
        (30, "Altes Rathaus, Großer Saal")
    );
}
