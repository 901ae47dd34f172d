//! The strategy's versions in the database (issue 22): a new database is seeded from the
//! file, a file never seen becomes a new published version at start, a known one changes
//! nothing, an import is checked before anything is stored, and a draft is not served.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use crate::common;

use std::path::Path;

use axum::http::StatusCode;
use common::{body, get, state_with, strategy_file};
use mitreden_model::api::StrategyInfo;
use mitreden_server::{strategy, AppState};

fn content(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../content/{name}.toml"))
}

async fn served(state: &AppState) -> StrategyInfo {
    let res = get(state, "/api/v1/strategy", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    serde_json::from_str(&body(res).await).unwrap()
}

#[tokio::test]
async fn the_database_keeps_every_version_and_serves_the_newest_published() {
    let dir = tempfile::tempdir().unwrap();
    // A new database: seeded from the file, as version 1, published.
    let state = state_with(dir.path(), |_| {}).await;
    assert_eq!(served(&state).await.id, "sindelfingen-leitmotive");
    let versions = strategy::versions(&*state.store).await.unwrap();
    assert_eq!(versions.len(), 1);
    assert!(versions[0].published_at.is_some());
    assert_eq!(versions[0].imported_by, strategy::BY_START);
    drop(state);

    // The same file again: nothing new.
    let state = state_with(dir.path(), |_| {}).await;
    assert_eq!(strategy::versions(&*state.store).await.unwrap().len(), 1);

    // A file that cannot be read stores nothing, and says where.
    let broken = "id = \"x\"\ntown = 5\n";
    let refused = strategy::import(&*state.store, "kaputt.toml", broken, "amt", true).await;
    let message = refused.unwrap_err().to_string();
    assert!(message.contains("kaputt.toml:2"), "{message}");
    assert_eq!(strategy::versions(&*state.store).await.unwrap().len(), 1);

    // Files that are no strategy: too large, not UTF-8 — said, nothing read further.
    let big = dir.path().join("gross.toml");
    std::fs::write(&big, vec![b'#'; mitreden_model::parse::MAX_FILE_BYTES + 1]).unwrap();
    let message = strategy::read_file(&big).unwrap_err().to_string();
    assert!(message.contains("größer als 4 MB"), "{message}");
    let latin1 = dir.path().join("latin1.toml");
    std::fs::write(&latin1, b"id = \"stra\xdfe\"\n").unwrap();
    let message = strategy::read_file(&latin1).unwrap_err().to_string();
    assert!(
        message.contains("kein UTF-8-Text (ab Byte 10)"),
        "{message}"
    );

    // A draft is kept but not served, also after a restart.
    let stutensee = std::fs::read_to_string(content("stutensee")).unwrap();
    let draft = strategy::import(&*state.store, "stutensee.toml", &stutensee, "amt", false)
        .await
        .unwrap();
    assert_eq!(
        (draft.version, draft.new, draft.published),
        (2, true, false)
    );
    drop(state);
    let state = state_with(dir.path(), |_| {}).await;
    assert_eq!(served(&state).await.id, "sindelfingen-leitmotive");

    // Published, it is the current version: what the commands other than `serve` read.
    let published = strategy::import(&*state.store, "stutensee.toml", &stutensee, "amt", true)
        .await
        .unwrap();
    assert_eq!(
        (published.version, published.new, published.published),
        (2, false, true)
    );
    let current = strategy::served(&*state.store, &strategy_file())
        .await
        .unwrap();
    assert_eq!(current.town, "Stutensee");
    assert_eq!(
        strategy::source(&*state.store, None)
            .await
            .unwrap()
            .as_deref(),
        Some(stutensee.as_str())
    );
    drop(state);

    // Afterwards the database is the truth: a restart with another file, a new one or the
    // first one, serves what was published and stores nothing.
    for file in ["esslingen", "sindelfingen"] {
        let state = state_with(dir.path(), |c| c.strategy = content(file)).await;
        let info = served(&state).await;
        assert_eq!(info.town, "Stutensee", "started with {file}");
        assert_eq!(
            info.version,
            mitreden_model::content_hash(stutensee.as_bytes())
        );
        assert_eq!(strategy::versions(&*state.store).await.unwrap().len(), 2);
        drop(state);
    }
    let state = state_with(dir.path(), |_| {}).await;
    // Every version's file reads back as it came in.
    assert_eq!(
        strategy::source(&*state.store, Some(2))
            .await
            .unwrap()
            .as_deref(),
        Some(stutensee.as_str())
    );
}

/// The administration's side: every staff member sees the versions; Verwaltung reads a
/// file into a preview (nothing stored), stores it as a draft, and is refused a file that
/// changes a text without its new version number — or that is not a strategy file.
#[tokio::test]
async fn staff_see_the_versions_and_store_a_file_as_a_draft_after_its_preview() {
    use common::{send, sign_in};
    use serde_json::{json, Value};
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let amt = sign_in(&state).await;
    let call = |method: &'static str, path: &'static str, body: Option<Value>| {
        let (state, amt) = (state.clone(), amt.clone());
        async move {
            let res = send(&state, method, path, body, Some(&amt), Some("same-origin")).await;
            let status = res.status();
            (status, body_json(res).await)
        }
    };
    let (status, list) = call("GET", "/api/v1/admin/strategy/versions", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list[0]["version"], 1);
    assert_eq!(list[0]["current"], true);
    assert_eq!(list[0]["town"], "Sindelfingen");
    assert_eq!(list[0]["sections"], 10);

    // Leitmotiv 2 with one more earlier text kept: "changed", version 3.
    let source = std::fs::read_to_string(strategy_file()).unwrap();
    let amended = source.replacen(
        "[[section.earlier]]",
        "[[section.earlier]]\ndate = \"2026-12-06\"\ntext = \"Ganz alt.\"\nreason = \"Test\"\n\n[[section.earlier]]",
        1,
    );
    let upload =
        |source: &str| json!({ "file_name": "/home/amt/sindelfingen-neu.toml", "source": source });
    let (status, seen) = call(
        "POST",
        "/api/v1/admin/strategy/preview",
        Some(upload(&amended)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    let changed: Vec<&Value> = seen["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["change"] != "unchanged")
        .collect();
    assert_eq!(changed.len(), 1, "{seen}");
    assert_eq!(changed[0]["change"], "changed");
    assert_eq!(seen["stored_as"], Value::Null);
    assert_eq!(
        strategy::versions(&*state.store).await.unwrap().len(),
        1,
        "a preview stores nothing"
    );

    // A text changed without its new version: said, refused.
    let silent = source
        .replacen("Vorne dabei", "Ganz vorne dabei", 1)
        .replacen("text = \"\"\"\n", "text = \"\"\"\nStill geändert.\n\n", 1);
    let (_, seen) = call(
        "POST",
        "/api/v1/admin/strategy/preview",
        Some(upload(&silent)),
    )
    .await;
    assert!(
        seen["sections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["change"] == "changed_without_version"),
        "{seen}"
    );
    let (status, problem) = call(
        "POST",
        "/api/v1/admin/strategy/versions",
        Some(upload(&silent)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("[[section.earlier]]"),
        "{problem}"
    );

    // Not a strategy file: where and why, with the file's own name.
    let (status, problem) = call(
        "POST",
        "/api/v1/admin/strategy/preview",
        Some(upload("id = \"x\"\ntown = 5\n")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .starts_with("sindelfingen-neu.toml:2:"),
        "{problem}"
    );

    // Stored as a draft (a file of the largest kind is taken: well above the other
    // administration routes' 64 KB); the same file again is the same version.
    let big = format!("{amended}\n# {}\n", "x".repeat(1024 * 1024));
    let (status, version) = call(
        "POST",
        "/api/v1/admin/strategy/versions",
        Some(upload(&big)),
    )
    .await;
    assert_eq!((status, version), (StatusCode::CREATED, json!(2)));
    let (status, version) = call(
        "POST",
        "/api/v1/admin/strategy/versions",
        Some(upload(&big)),
    )
    .await;
    assert_eq!((status, version), (StatusCode::OK, json!(2)));
    let (_, list) = call("GET", "/api/v1/admin/strategy/versions", None).await;
    assert_eq!(list[1]["published_at"], Value::Null, "a draft");
    assert_eq!(list[1]["current"], false);
    assert_eq!(list[1]["imported_by"], "amt");
    assert_eq!(list[0]["current"], true, "the served version stays");
    let served_now = served(&state).await;
    assert_eq!(
        served_now.version,
        mitreden_model::content_hash(source.as_bytes())
    );
}

async fn body_json(res: axum::response::Response) -> serde_json::Value {
    let text = body(res).await;
    serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
}

/// A document sent as the administration sends it: the file's bytes, its name in the query.
async fn send_document(
    state: &AppState,
    cookie: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (StatusCode, String, serde_json::Value) {
    use axum::body::Body;
    use axum::http::{header, Request};
    use tower::ServiceExt;
    let req = Request::builder()
        .method("POST")
        .uri(format!("/api/v1/admin/strategy/document?name={name}"))
        .header(header::COOKIE, cookie)
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(bytes))
        .unwrap();
    let res = mitreden_server::app(state.clone())
        .oneshot(req)
        .await
        .unwrap();
    let status = res.status();
    let kind = common::header_of(&res, header::CONTENT_TYPE).to_owned();
    (status, kind, body_json(res).await)
}

fn document(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../tests/fixtures/documents/{name}")),
    )
    .unwrap()
}

#[tokio::test]
async fn the_towns_word_file_is_read_into_a_preview_and_hostile_files_change_nothing() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let amt = common::sign_in(&state).await;

    // Sindelfingen's text as LibreOffice wrote it into a Word file: ten sections, the same
    // text, translations and earlier versions kept — the preview finds nothing changed.
    let (status, _, read) = send_document(
        &state,
        &amt,
        "sindelfingen.docx",
        document("sindelfingen.docx"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read["format"], "docx");
    assert_eq!(read["sections"].as_array().unwrap().len(), 10);
    assert_eq!(read["sections"][1]["heading"], "Leitmotiv 2: Vorne dabei");
    assert_eq!(read["upload"]["file_name"], "sindelfingen.toml");
    let source = read["upload"]["source"].as_str().unwrap();
    let current = std::fs::read_to_string(strategy_file()).unwrap();
    let preview = mitreden_model::versions::preview(
        Some(&strategy::read("a", &current).unwrap()),
        &strategy::read("b", source).unwrap(),
    );
    assert!(preview
        .sections
        .iter()
        .all(|s| s.change == mitreden_model::versions::SectionChange::Unchanged));

    // The Moderation role reads, but does not import.
    let moderator = common::sign_in_moderator(&state, &amt).await;
    let (status, _, _) =
        send_document(&state, &moderator, "s.docx", document("sindelfingen.docx")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // 50 MB: refused before it is read, as problem+json.
    let (status, kind, _) = send_document(&state, &amt, "gross.docx", vec![0; 50 << 20]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(kind, "application/problem+json");

    // A zip bomb (64 MB of one byte in a few KB), a truncated file, macros only: said.
    let mut bomb = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut bomb);
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&vec![b'<'; 64 << 20]).unwrap();
        zip.finish().unwrap();
    }
    let (status, kind, problem) =
        send_document(&state, &amt, "bombe.docx", bomb.into_inner()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(kind, "application/problem+json");
    assert!(
        problem["detail"].as_str().unwrap().contains("Zip-Bombe"),
        "{problem}"
    );
    let whole = document("musterstadt.odt");
    let (status, _, problem) =
        send_document(&state, &amt, "halb.odt", whole[..whole.len() / 3].to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .starts_with("halb.odt: "),
        "{problem}"
    );

    // Nothing was stored, and the server answers as before.
    assert_eq!(strategy::versions(&*state.store).await.unwrap().len(), 1);
    assert_eq!(get(&state, "/healthz", None).await.status(), StatusCode::OK);
}

/// A version published while the server runs (`strategy import --publish` from another
/// process) is served at the next look: its pages, a new service worker (the open apps'
/// "new version"), the strategy comments are taken on (a new section takes comments) — and
/// the version before keeps being served until then.
#[tokio::test]
async fn a_version_published_while_the_server_runs_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    let page = |state: &AppState| {
        let state = state.clone();
        async move { body(get(&state, "/abschnitt/leitmotiv-1", None).await).await }
    };
    let worker = |state: &AppState| {
        let state = state.clone();
        async move { body(get(&state, "/sw.js", None).await).await }
    };
    let (page_before, worker_before) = (page(&state).await, worker(&state).await);
    assert!(!strategy::follow(&state).await.unwrap(), "nothing new yet");

    let source = std::fs::read_to_string(strategy_file()).unwrap();
    let changed = source.replacen(
        "text = \"\"\"\n",
        "text = \"\"\"\nNeu in dieser Fassung.\n\n",
        1,
    )
        + "\n[[section]]\nid = \"leitmotiv-11\"\nkind = \"leitmotiv\"\nnumber = \"11\"\n\
         title = \"Ganz neu\"\ntext = \"Ein neuer Abschnitt.\"\n";
    strategy::import(
        &*state.store,
        "neu.toml",
        &changed,
        strategy::BY_COMMAND_LINE,
        true,
    )
    .await
    .unwrap();
    // Not before the server looks.
    assert_eq!(page(&state).await, page_before);
    assert!(strategy::follow(&state).await.unwrap());
    assert!(!strategy::follow(&state).await.unwrap(), "once");

    let page_after = page(&state).await;
    assert!(
        page_after.contains("Neu in dieser Fassung."),
        "{page_after}"
    );
    assert!(!page_before.contains("Neu in dieser Fassung."));
    assert_ne!(worker(&state).await, worker_before, "a new worker version");
    assert!(worker(&state)
        .await
        .contains("\"/abschnitt/leitmotiv-11.html\""));
    let new = body(get(&state, "/abschnitt/leitmotiv-11", None).await).await;
    assert!(new.contains("Ein neuer Abschnitt."), "{new}");
    assert_eq!(
        served(&state).await.version,
        mitreden_model::content_hash(changed.as_bytes())
    );
    assert_eq!(served(&state).await.sections, 11);
    // Comments are taken on the new section.
    let res = common::send(
        &state,
        "POST",
        "/api/v1/comments",
        Some(serde_json::json!({ "comments": [{
            "id": "0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c",
            "section_id": "leitmotiv-11",
            "section_version": 1,
            "text": "Gut, dass es ihn gibt.",
            "consent": true,
            "created_at": "2026-12-06T10:15:00.000Z",
        }]})),
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let answer = body(res).await;
    assert!(answer.contains("\"outcome\":\"created\""), "{answer}");
}
