//! The server's HTTP surface, driven through `app()` with `oneshot`: no socket, a real
//! SQLite file in a temporary folder, and a small fake `dist/`.

#![allow(
    clippy::unwrap_used,
    reason = "a test helper that cannot set up must stop the test"
)]

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{body, get, header_of, state, strategy_file, HASHED_JS};
use http_body_util::BodyExt;
use mitreden_server::{app, AppState, Config};
use sqlx::Connection;
use tower::ServiceExt;

/// `GET uri` until it answers `status` (at most 5 s).
async fn until(state: &AppState, uri: &str, status: StatusCode) -> axum::response::Response {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let res = get(state, uri, None).await;
        if res.status() == status || std::time::Instant::now() > deadline {
            assert_eq!(res.status(), status, "{uri}");
            return res;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn healthz_answers_without_the_database_and_readyz_says_whether_it_can_be_written() {
    if common::peek::on_postgres() {
        return; // SQLite's file and write lock; PostgreSQL's readiness: suite::postgres
    }
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let res = get(&state, "/healthz", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        dir.path().join("db/mitreden.sqlite3").is_file(),
        "database file created"
    );
    assert_eq!(body(res).await, r#"{"status":"ok"}"#);
    let res = get(&state, "/readyz", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await, r#"{"status":"ready"}"#);

    // Every pooled connection taken, as in a burst of readers and a long write: alive at
    // once, and ready — the database itself can still be written.
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(common::db(&state).read.acquire().await.unwrap());
    }
    let writer = common::db(&state).write.acquire().await.unwrap();
    let started = std::time::Instant::now();
    let res = get(&state, "/healthz", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(started.elapsed() < std::time::Duration::from_millis(500));
    assert_eq!(get(&state, "/readyz", None).await.status(), StatusCode::OK);
    drop(writer);

    // Another process holding the write lock: not ready, said within its 2 s.
    let mut other = sqlx::SqliteConnection::connect(&format!(
        "sqlite://{}",
        dir.path().join("db/mitreden.sqlite3").display()
    ))
    .await
    .unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .unwrap();
    // (An answer stands for a second: the first "not ready" may take that long.)
    let started = std::time::Instant::now();
    let res = until(&state, "/readyz", StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(header_of(&res, header::CONTENT_TYPE).starts_with("application/problem+json"));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(get(&state, "/healthz", None).await.status(), StatusCode::OK);
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    until(&state, "/readyz", StatusCode::OK).await;
}

/// `GET uri` with `Accept-Encoding: accept`: the status, `Content-Encoding`, `Vary` and the
/// body's length as sent.
async fn get_encoded(
    state: &AppState,
    uri: &str,
    accept: &str,
) -> (StatusCode, String, String, usize) {
    let req = Request::get(uri)
        .header(header::ACCEPT_ENCODING, accept)
        .body(Body::empty())
        .unwrap();
    let res = app(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let encoding = header_of(&res, header::CONTENT_ENCODING).to_owned();
    let vary = header_of(&res, header::VARY).to_owned();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, encoding, vary, bytes.len())
}

#[tokio::test]
async fn api_answers_are_compressed_as_the_client_accepts_above_a_small_size() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let (status, encoding, _, plain) = get_encoded(&state, "/api/openapi.json", "identity").await;
    assert_eq!((status, encoding.as_str()), (StatusCode::OK, ""));
    let (_, encoding, vary, br) = get_encoded(&state, "/api/openapi.json", "gzip, br").await;
    assert_eq!(encoding, "br");
    assert!(
        vary.to_ascii_lowercase().contains("accept-encoding"),
        "{vary}"
    );
    assert!(br * 5 < plain, "{br} of {plain} bytes");
    let (_, encoding, _, gz) = get_encoded(&state, "/api/openapi.json", "gzip").await;
    assert_eq!(encoding, "gzip");
    assert!(gz * 4 < plain, "{gz} of {plain} bytes");
    // A small answer goes as it is.
    let (_, encoding, _, _) = get_encoded(&state, "/healthz", "gzip, br").await;
    assert_eq!(encoding, "");
}

#[tokio::test]
async fn favicon_ico_leads_to_the_apps_icon() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let res = get(&state, "/favicon.ico", None).await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "no icon in the build yet"
    );
    std::fs::write(
        dir.path().join("dist/favicon-0123456789abcdef.svg"),
        "<svg/>",
    )
    .unwrap();
    // The build is looked at as the server starts.
    let state = common::state(dir.path()).await;
    let res = get(&state, "/favicon.ico", None).await;
    assert_eq!(res.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        header_of(&res, header::LOCATION),
        "/favicon-0123456789abcdef.svg"
    );
    let icon = get(&state, "/favicon-0123456789abcdef.svg", None).await;
    assert_eq!(icon.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_qr_code_of_an_address_as_svg_and_a_clear_error_for_nonsense() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let res = get(
        &state,
        "/api/v1/qr.svg?text=https%3A%2F%2Fmitreden.example%2Fabschnitt%2Fleitmotiv-2",
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header_of(&res, header::CONTENT_TYPE), "image/svg+xml");
    let svg = body(res).await;
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(svg.contains("<path d=\"M"), "{svg}");
    for bad in [
        "/api/v1/qr.svg",
        "/api/v1/qr.svg?text=",
        &format!("/api/v1/qr.svg?text={}", "ü".repeat(513)),
    ] {
        let res = get(&state, bad, None).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert!(header_of(&res, header::CONTENT_TYPE).starts_with("application/problem+json"));
    }
    // A link with a secret goes in a form's body: the same code, kept nowhere.
    let receipt = "https://mitreden.example/beleg/0b7e3c1a#cccc0123";
    let post = |form: String, content_type: &'static str| {
        let state = state.clone();
        async move {
            let req = Request::post("/api/v1/qr.svg")
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(form))
                .unwrap();
            app(state).oneshot(req).await.unwrap()
        }
    };
    let form = "application/x-www-form-urlencoded";
    let res = post(format!("text={}", receipt.replace('#', "%23")), form).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-store");
    assert_eq!(header_of(&res, header::CONTENT_TYPE), "image/svg+xml");
    let posted = body(res).await;
    let query = format!("/api/v1/qr.svg?text={}", receipt.replace('#', "%23"));
    assert_eq!(posted, body(get(&state, &query, None).await).await);
    for (bad, content_type, status) in [
        ("text=".to_owned(), form, StatusCode::UNPROCESSABLE_ENTITY),
        (
            format!("text={}", "ü".repeat(513)),
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("nichts=1".to_owned(), form, StatusCode::BAD_REQUEST),
        (
            format!("text={}", "a".repeat(9000)),
            form,
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            r#"{"text":"x"}"#.to_owned(),
            "application/json",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ] {
        let res = post(bad.clone(), content_type).await;
        assert_eq!(res.status(), status, "{bad}");
        assert!(header_of(&res, header::CONTENT_TYPE).starts_with("application/problem+json"));
    }
}

#[tokio::test]
async fn strategy_info_names_the_bundled_file_and_its_version() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let res = get(&state, "/api/v1/strategy", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let info: mitreden_model::api::StrategyInfo = serde_json::from_str(&body(res).await).unwrap();
    assert_eq!(info.id, "sindelfingen-leitmotive");
    assert_eq!(info.town, "Sindelfingen");
    assert_eq!(info.sections, 10);
    let source = std::fs::read(strategy_file()).unwrap();
    assert_eq!(info.version, mitreden_model::content_hash(&source));
}

/// The server renders every page from the strategy it holds: each route gets its own page
/// (also under its own name, as the service worker precaches it), every receipt link the
/// receipt page, an unknown path the "not found" page of its language with status 404.
#[tokio::test]
async fn routes_get_their_rendered_page_and_unknown_ones_404() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let site = "Leitmotive der Digitalisierung in Sindelfingen";
    let leitmotiv_2 = format!("Leitmotiv 2: Vorne dabei – {site}");
    let not_found = format!("Seite nicht gefunden – {site}");
    for (uri, title, status) in [
        ("/", site.to_owned(), StatusCode::OK),
        ("/index.html", site.to_owned(), StatusCode::OK),
        (
            "/abschnitt/leitmotiv-2",
            leitmotiv_2.clone(),
            StatusCode::OK,
        ),
        (
            "/abschnitt/leitmotiv-2/",
            leitmotiv_2.clone(),
            StatusCode::OK,
        ),
        (
            "/abschnitt/leitmotiv-2.html",
            leitmotiv_2.clone(),
            StatusCode::OK,
        ),
        (
            "/en/abschnitt/leitmotiv-2",
            format!("Guiding principle 2: At the forefront – {site}"),
            StatusCode::OK,
        ),
        (
            "/meine-beitraege",
            format!("Meine Entwürfe und Beiträge – {site}"),
            StatusCode::OK,
        ),
        (
            "/beitrag/0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c",
            format!("Ihr Beitrag – {site}"),
            StatusCode::OK,
        ),
        ("/404.html", not_found.clone(), StatusCode::OK),
        (
            "/abschnitt/gibt-es-nicht",
            not_found.clone(),
            StatusCode::NOT_FOUND,
        ),
        (
            "/irgendwas/anderes",
            not_found.clone(),
            StatusCode::NOT_FOUND,
        ),
        (
            "/en/irgendwas",
            format!("Page not found – {site}"),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let res = get(&state, uri, None).await;
        assert_eq!(res.status(), status, "{uri}");
        assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache", "{uri}");
        assert!(header_of(&res, header::CONTENT_TYPE).starts_with("text/html"));
        let text = body(res).await;
        assert!(
            text.contains(&format!("<title>{title}</title>")),
            "{uri}: {text}"
        );
    }
    // A browser revalidating its cached "not found" page still gets the page.
    let res = app(state.clone())
        .oneshot(
            Request::get("/irgendwas")
                .header(header::IF_NONE_MATCH, "*")
                .header(header::RANGE, "bytes=0-3")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(body(res)
        .await
        .contains(&format!("<title>{not_found}</title>")));
}

/// Pages go out compressed as the browser accepts, each encoding with its own validator,
/// and a browser that has the page gets a 304.
#[tokio::test]
async fn pages_are_sent_compressed_with_a_validator_and_revalidated() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let plain = get(&state, "/abschnitt/leitmotiv-2", None).await;
    let plain_tag = header_of(&plain, header::ETAG).to_owned();
    let text = body(plain).await;
    // Brotli first as it was made quickly, then — made in the background on that first
    // request — at its best, with another validator.
    let quick = get(&state, "/abschnitt/leitmotiv-2", Some("br")).await;
    let quick_tag = header_of(&quick, header::ETAG).to_owned();
    assert!(quick_tag.ends_with("-br9\""), "{quick_tag}");
    let mut best_tag = quick_tag.clone();
    for _ in 0..400 {
        let res = get(&state, "/abschnitt/leitmotiv-2", Some("br")).await;
        best_tag = header_of(&res, header::ETAG).to_owned();
        if best_tag != quick_tag {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(best_tag.ends_with("-br\""), "{best_tag}");
    for (accept, encoding) in [("gzip, deflate, br", "br"), ("gzip", "gzip")] {
        let res = get(&state, "/abschnitt/leitmotiv-2", Some(accept)).await;
        assert_eq!(header_of(&res, header::CONTENT_ENCODING), encoding);
        assert_eq!(header_of(&res, header::VARY), "accept-encoding");
        let tag = header_of(&res, header::ETAG).to_owned();
        assert!(tag.starts_with('"') && tag != plain_tag, "{tag}");
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let mut unpacked = Vec::new();
        if encoding == "br" {
            brotli::BrotliDecompress(&mut &bytes[..], &mut unpacked).unwrap();
        } else {
            std::io::Read::read_to_end(
                &mut flate2::read::GzDecoder::new(&bytes[..]),
                &mut unpacked,
            )
            .unwrap();
        }
        assert_eq!(String::from_utf8(unpacked).unwrap(), text);
        let again = app(state.clone())
            .oneshot(
                Request::get("/abschnitt/leitmotiv-2")
                    .header(header::ACCEPT_ENCODING, accept)
                    .header(header::IF_NONE_MATCH, &tag)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{accept}");
        assert_eq!(header_of(&again, header::ETAG), tag);
    }
}

#[tokio::test]
async fn hashed_assets_are_sent_precompressed_and_cached_for_a_year() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let res = get(&state, &format!("/{HASHED_JS}"), Some("gzip, br")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header_of(&res, header::CONTENT_ENCODING), "br");
    assert_eq!(
        header_of(&res, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    let plain = get(&state, &format!("/{HASHED_JS}"), None).await;
    assert_eq!(header_of(&plain, header::CONTENT_ENCODING), "");
    assert_eq!(body(plain).await, "console.log(1)");
}

#[tokio::test]
async fn the_service_worker_is_revalidated_on_every_visit() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let res = get(&state, "/sw.js", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache");
    assert!(header_of(&res, header::CONTENT_TYPE).contains("javascript"));
    // Made for this site: every page and file of the build, filled in, never the template.
    let worker = body(res).await;
    assert!(!worker.contains("__"), "{worker}");
    for url in [
        "\"/index.html\"",
        "\"/abschnitt/leitmotiv-2.html\"",
        "\"/en/404.html\"",
        &format!("\"/{HASHED_JS}\""),
        "\"/manifest.webmanifest\"",
    ] {
        assert!(worker.contains(url), "{url} not precached: {worker}");
    }
}

#[tokio::test]
async fn the_manifest_and_its_icons_come_from_the_strategy() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let res = get(&state, "/manifest.webmanifest", None).await;
    assert_eq!(
        header_of(&res, header::CONTENT_TYPE),
        "application/manifest+json"
    );
    let manifest: serde_json::Value = serde_json::from_str(&body(res).await).unwrap();
    assert_eq!(manifest["theme_color"], "#00558c");
    assert_eq!(manifest["start_url"], "/");
    for icon in manifest["icons"].as_array().unwrap() {
        let res = get(&state, icon["src"].as_str().unwrap(), None).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header_of(&res, header::CONTENT_TYPE), "image/png");
    }
}

#[tokio::test]
async fn unknown_api_paths_and_missing_files_are_404_problems_not_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    for uri in ["/api/v1/unbekannt", "/api", "/fehlt-1234.js"] {
        let res = get(&state, uri, None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(
            header_of(&res, header::CONTENT_TYPE),
            "application/problem+json"
        );
        let problem: mitreden_model::api::Problem = serde_json::from_str(&body(res).await).unwrap();
        assert_eq!(problem.status, 404);
    }
}

#[tokio::test]
async fn writing_to_the_app_is_405_with_allow() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    let res = app(state)
        .oneshot(Request::post("/abschnitt/x").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header_of(&res, header::ALLOW), "GET, HEAD");
}

#[tokio::test]
async fn an_unwritable_database_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the folder should be: no user, not even root, can create the folder.
    std::fs::write(dir.path().join("blocked"), "").unwrap();
    let config = Config::with_paths(
        dir.path().join("blocked/data/mitreden.sqlite3"),
        dir.path().join("dist"),
        strategy_file(),
    );
    let Err(e) = AppState::load(&config).await else {
        panic!("expected an error");
    };
    let message = e.to_string();
    assert!(message.contains("nicht beschreibbar"), "{message}");
    assert!(message.contains("blocked/data"), "{message}");
}

#[tokio::test]
async fn migrations_are_applied_and_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let first = state(dir.path()).await;
    let peek = common::peek::peek(&first).await;
    assert_eq!(peek.number("SELECT COUNT(*) FROM comments", &[]).await, 0);
    if let Some(db) = &first.sqlite {
        db.close().await;
    }
    // Opening the same database again applies nothing twice and fails on nothing.
    let again = state(dir.path()).await;
    common::peek::peek(&again)
        .await
        .rows(
            "SELECT id, section_id, CAST(section_version AS TEXT), body FROM comments",
            &[],
        )
        .await;
}
