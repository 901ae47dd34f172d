//! Serving the built app from `dist/`.
//!
//! - Files are sent precompressed (`.br`, `.gz` written by `cargo xtask`) when the browser
//!   accepts it.
//! - Hashed assets (Trunk's `name-<hash>.ext`) are cached for a year; `index.html` is never
//!   cached, so a new deployment is picked up on the next visit.
//! - Every app route (a path without a file extension) is answered with its prerendered
//!   page (`/abschnitt/leitmotiv-2` → `abschnitt/leitmotiv-2.html`, `/` → `index.html`,
//!   `/beitrag/<id>` → `beitrag.html`), any other with `404.html` and status 404 (older
//!   builds: `index.html`, their one shell), so deep links survive a reload and the
//!   text arrives with the first response.
//! - Unknown `/api/...` paths and missing files get a 404, never the app.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::error::problem;
use crate::AppState;

/// The router's fallback: everything that is not an API route.
pub async fn fallback(State(state): State<AppState>, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    if path == "/api" || path.starts_with("/api/") {
        return problem(
            StatusCode::NOT_FOUND,
            format!("Unbekannte API-Adresse: {path}"),
        );
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut res = problem(
            StatusCode::METHOD_NOT_ALLOWED,
            "Hier sind nur GET und HEAD erlaubt.",
        );
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    // Browsers and feed readers ask for /favicon.ico by habit: the app's icon is an SVG with
    // a hashed name, found in the build.
    if path == "/favicon.ico" {
        return match favicon(&state.dist) {
            Some(name) => (
                StatusCode::MOVED_PERMANENTLY,
                [
                    (header::LOCATION, format!("/{name}")),
                    (header::CACHE_CONTROL, "public, max-age=86400".to_owned()),
                ],
            )
                .into_response(),
            None => problem(StatusCode::NOT_FOUND, "Nicht gefunden: /favicon.ico"),
        };
    }
    let (parts, _) = req.into_parts();
    let serve = |uri: &str| {
        let mut req = Request::new(Body::empty());
        *req.method_mut() = parts.method.clone();
        *req.headers_mut() = parts.headers.clone();
        if uri == "/404.html" {
            // The "not found" page goes out whole with its 404: a 304 or a range of it
            // would arrive as an empty 404.
            for name in [
                header::IF_MODIFIED_SINCE,
                header::IF_NONE_MATCH,
                header::IF_MATCH,
                header::IF_UNMODIFIED_SINCE,
                header::IF_RANGE,
                header::RANGE,
            ] {
                req.headers_mut().remove(name);
            }
        }
        *req.uri_mut() = uri.parse().unwrap_or_default();
        ServeDir::new(&state.dist)
            .precompressed_br()
            .precompressed_gzip()
            .oneshot(req)
    };
    // The app's own "not found" page: sent with 404, not replaced by a problem.
    let mut not_found_page = false;
    let mut res = match serve(parts.uri.path()).await {
        Ok(res) if res.status() == StatusCode::NOT_FOUND && is_app_route(&path) => {
            // The administration has an app of its own under /verwaltung/.
            let candidates = if path == "/verwaltung" || path.starts_with("/verwaltung/") {
                vec!["/verwaltung/index.html".to_owned()]
            } else {
                let page = format!("{}.html", path.trim_end_matches('/'));
                let mut pages = vec![page];
                // The English pages live under /en/ (`/en` itself is `en.html`).
                let english = path == "/en" || path.starts_with("/en/");
                let lang = if english { "/en" } else { "" };
                if path.starts_with(&format!("{lang}/beitrag/")) {
                    pages.push(format!("{lang}/beitrag.html"));
                }
                if english {
                    pages.push("/en/404.html".to_owned());
                }
                // Older builds had one shell for every route.
                pages.extend(["/404.html", "/index.html"].map(str::to_owned));
                pages
            };
            let mut found = None;
            for candidate in &candidates {
                let res = match serve(candidate).await {
                    Ok(res) => res,
                    Err(never) => match never {},
                };
                if res.status() != StatusCode::NOT_FOUND {
                    not_found_page = candidate.ends_with("/404.html");
                    found = Some(res.map(Body::new));
                    break;
                }
            }
            found.unwrap_or_else(|| {
                problem(StatusCode::NOT_FOUND, format!("Nicht gefunden: {path}"))
            })
        }
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    };
    if res.status() == StatusCode::NOT_FOUND {
        return problem(StatusCode::NOT_FOUND, format!("Nicht gefunden: {path}"));
    }
    if not_found_page {
        *res.status_mut() = StatusCode::NOT_FOUND;
    }
    let cache = cache_control(&path, res.headers().get(header::CONTENT_TYPE));
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    let headers = res.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res.into_response()
}

/// The build's icon (`favicon-HASH.svg`, as Trunk names it), if there is one.
fn favicon(dist: &std::path::Path) -> Option<String> {
    std::fs::read_dir(dist)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("favicon") && n.ends_with(".svg"))
}

/// A path the app's router handles: no file extension in its last segment.
fn is_app_route(path: &str) -> bool {
    !path.rsplit('/').next().unwrap_or("").contains('.')
}

/// How long a browser may keep a response.
fn cache_control(path: &str, content_type: Option<&HeaderValue>) -> &'static str {
    let is_html = content_type
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html || path == "/sw.js" {
        // The app shell and the service worker must be revalidated on every visit, so a new
        // deployment is found at once.
        "no-cache"
    } else if is_hashed(path) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    }
}

/// Trunk names hashed files `stem-<hex hash>.ext` (or `stem-<hash>_bg.wasm`).
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    let Some((_, after_dash)) = stem.rsplit_once('-') else {
        return false;
    };
    let hash = after_dash.split('_').next().unwrap_or("");
    (10..=16).contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_routes_have_no_extension() {
        assert!(is_app_route("/"));
        assert!(is_app_route("/abschnitt/leitmotiv-2"));
        assert!(!is_app_route("/mitreden-1234.js"));
    }

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("/mitreden-4c1f0e2d3b4a5968_bg.wasm"));
        assert!(is_hashed("/main-9f8e7d6c5b4a3921.css"));
        assert!(!is_hashed("/favicon.svg"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/some-name.js"));
    }

    #[test]
    fn html_is_never_cached_and_hashed_assets_are_immutable() {
        let html = HeaderValue::from_static("text/html; charset=utf-8");
        assert_eq!(cache_control("/abschnitt/x", Some(&html)), "no-cache");
        let wasm = HeaderValue::from_static("application/wasm");
        assert_eq!(
            cache_control("/mitreden-4c1f0e2d3b4a5968_bg.wasm", Some(&wasm)),
            "public, max-age=31536000, immutable"
        );
    }
}
