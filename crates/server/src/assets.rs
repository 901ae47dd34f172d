//! Serving the app: the rendered pages and the build's files (held in memory, see
//! [`crate::dist`]).
//!
//! - Every app route (a path without a file extension) is answered with its rendered page
//!   (`/abschnitt/leitmotiv-2` → `abschnitt/leitmotiv-2.html`, `/` → `index.html`, `/en` →
//!   `en.html`, `/beitrag/<id>` → `beitrag.html`), any other with `404.html` (`en/404.html`
//!   under `/en/`) and status 404, so deep links survive a reload and the text arrives
//!   with the first response. The pages' own names (`/abschnitt/leitmotiv-2.html`) answer
//!   too: the service worker precaches them so. `/sw.js` is rendered beside them (see
//!   `render`). All of them go out from memory, brotli or gzip as the browser accepts,
//!   with a strong `ETag` (a `304` when it matches, never for the 404 page) and `no-cache`,
//!   so a new version is found at once.
//! - Files are sent precompressed (`.br`, `.gz` written by `cargo xtask`) when the browser
//!   accepts it, with a strong `ETag`. Hashed assets (Trunk's `name-<hash>.ext`) are
//!   cached for a year.
//! - The administration (`/verwaltung/…`) has a page of its own (rendered beside the
//!   others), which starts its own bundle.
//! - Unknown `/api/...` paths and missing files get a 404, never the app.

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::dist::File;
use crate::error::problem;
use crate::read_cache::{accepts, has_tag};
use crate::render::{Rendered, Site};
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
        return match &state.pages.build().assets.favicon {
            Some(url) => (
                StatusCode::MOVED_PERMANENTLY,
                [
                    (header::LOCATION, url.clone()),
                    (header::CACHE_CONTROL, "public, max-age=86400".to_owned()),
                ],
            )
                .into_response(),
            None => problem(StatusCode::NOT_FOUND, "Nicht gefunden: /favicon.ico"),
        };
    }
    let mut res = if is_rendered(&path) {
        match state.pages.site().await {
            Ok(site) => rendered(&site, &path, req.headers()),
            Err(e) => return e.into_response(),
        }
    } else {
        match state.dist.get(&path) {
            Some(file) => {
                let content_type = file.content_type.clone();
                let cache = cache_control(&path, Some(&content_type));
                send(file, req.headers(), StatusCode::OK, content_type, cache)
            }
            None => return problem(StatusCode::NOT_FOUND, format!("Nicht gefunden: {path}")),
        }
    };
    let headers = res.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

/// Whether `path` is answered from the rendered site: the service worker, a page's own
/// name, or an app route (the administration's too).
fn is_rendered(path: &str) -> bool {
    path == "/sw.js" || path.ends_with(".html") || is_app_route(path)
}

/// Whether `path` is the administration's (an app of its own under `/verwaltung/`).
fn is_admin(path: &str) -> bool {
    path == "/verwaltung" || path.starts_with("/verwaltung/")
}

/// The answer for `path` (see [`is_rendered`]) from `site`.
fn rendered(site: &Site, path: &str, request: &HeaderMap) -> Response {
    if path == "/sw.js" {
        return send(
            &site.service_worker,
            request,
            StatusCode::OK,
            HeaderValue::from_static("text/javascript; charset=utf-8"),
            NO_CACHE,
        );
    }
    if is_admin(path) {
        return send(&site.admin, request, StatusCode::OK, html(), NO_CACHE);
    }
    let (name, status) = page_name(path, |name| site.pages.contains_key(name));
    match site.pages.get(&name) {
        Some(page) => send(page, request, status, html(), NO_CACHE),
        None => problem(StatusCode::NOT_FOUND, format!("Nicht gefunden: {path}")),
    }
}

/// The name of the page that answers `path`, and its status; `exists` says which names the
/// site has.
fn page_name(path: &str, exists: impl Fn(&str) -> bool) -> (String, StatusCode) {
    if let Some(name) = path.strip_prefix('/').filter(|p| p.ends_with(".html")) {
        return (name.to_owned(), StatusCode::OK);
    }
    let trimmed = path.trim_end_matches('/');
    let name = match trimmed.strip_prefix('/') {
        None | Some("") => "index.html".to_owned(),
        Some(route) => format!("{route}.html"),
    };
    if exists(&name) {
        return (name, StatusCode::OK);
    }
    // The English pages live under en/ (`/en` itself is `en.html`).
    let lang = if trimmed == "/en" || trimmed.starts_with("/en/") {
        "en/"
    } else {
        ""
    };
    if trimmed.starts_with(&format!("/{lang}beitrag/")) {
        return (format!("{lang}beitrag.html"), StatusCode::OK);
    }
    (format!("{lang}404.html"), StatusCode::NOT_FOUND)
}

/// A body kept in the encodings a browser may ask for, each with its own validator: a
/// rendered page ([`Rendered`]) or a file of the build ([`File`]).
pub trait Encoded {
    /// Brotli, if there is such a copy.
    fn brotli(&self) -> Option<(Bytes, HeaderValue)>;
    /// Gzip, if there is such a copy.
    fn gzip(&self) -> Option<(Bytes, HeaderValue)>;
    /// As it is.
    fn identity(&self) -> (Bytes, HeaderValue);
}

impl Encoded for Rendered {
    fn brotli(&self) -> Option<(Bytes, HeaderValue)> {
        Some(Rendered::brotli(self))
    }
    fn gzip(&self) -> Option<(Bytes, HeaderValue)> {
        Some(Rendered::gzip(self))
    }
    fn identity(&self) -> (Bytes, HeaderValue) {
        Rendered::identity(self)
    }
}

impl Encoded for File {
    fn brotli(&self) -> Option<(Bytes, HeaderValue)> {
        self.brotli.clone().map(|b| (b, self.tag("-br")))
    }
    fn gzip(&self) -> Option<(Bytes, HeaderValue)> {
        self.gzip.clone().map(|b| (b, self.tag("-gzip")))
    }
    fn identity(&self) -> (Bytes, HeaderValue) {
        (self.identity.clone(), self.tag(""))
    }
}

impl File {
    fn tag(&self, suffix: &str) -> HeaderValue {
        let hex: String = self.sha256[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        HeaderValue::try_from(format!("\"{hex}{suffix}\""))
            .unwrap_or_else(|_| HeaderValue::from_static("\"-\""))
    }
}

/// Pages and the service worker are revalidated on every visit, so a new version is
/// found at once.
const NO_CACHE: &str = "no-cache";

fn html() -> HeaderValue {
    HeaderValue::from_static("text/html; charset=utf-8")
}

/// `body` in the encoding the request accepts, with its validator; a `304` where the
/// request has it already (never for a "not found" page: it would arrive as an empty 404).
fn send(
    body: &impl Encoded,
    request: &HeaderMap,
    status: StatusCode,
    content_type: HeaderValue,
    cache: &'static str,
) -> Response {
    let chosen = [("br", body.brotli()), ("gzip", body.gzip())]
        .into_iter()
        .find_map(|(coding, copy)| {
            copy.filter(|_| accepts(request, coding))
                .map(|c| (c, coding))
        });
    let ((bytes, etag), encoding) = chosen.unwrap_or_else(|| (body.identity(), ""));
    let fresh = status == StatusCode::OK && has_tag(request, etag.to_str().unwrap_or_default());
    let mut res = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut res = (status, bytes).into_response();
        let headers = res.headers_mut();
        headers.insert(header::CONTENT_TYPE, content_type);
        if !encoding.is_empty() {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        res
    };
    let headers = res.headers_mut();
    headers.insert(header::ETAG, etag);
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
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
    fn routes_find_their_page_receipts_theirs_and_the_rest_the_not_found_page() {
        let site = [
            "index.html",
            "en.html",
            "abschnitt/a.html",
            "en/abschnitt/a.html",
        ];
        let name = |path: &str| page_name(path, |n| site.contains(&n));
        let ok = |n: &str| (n.to_owned(), StatusCode::OK);
        assert_eq!(name("/"), ok("index.html"));
        assert_eq!(name("/en"), ok("en.html"));
        assert_eq!(name("/en/"), ok("en.html"));
        assert_eq!(name("/abschnitt/a"), ok("abschnitt/a.html"));
        assert_eq!(name("/abschnitt/a/"), ok("abschnitt/a.html"));
        assert_eq!(name("/en/abschnitt/a"), ok("en/abschnitt/a.html"));
        assert_eq!(name("/abschnitt/a.html"), ok("abschnitt/a.html"));
        assert_eq!(name("/404.html"), ok("404.html"));
        assert_eq!(name("/beitrag/x1"), ok("beitrag.html"));
        assert_eq!(name("/en/beitrag/x1"), ok("en/beitrag.html"));
        let missing = |n: &str| (n.to_owned(), StatusCode::NOT_FOUND);
        assert_eq!(name("/abschnitt/b"), missing("404.html"));
        assert_eq!(name("/en/nichts"), missing("en/404.html"));
        assert_eq!(name("/entwurf"), missing("404.html"));
    }

    #[test]
    fn encodings_are_taken_as_accepted() {
        let accepts = |value: &str, coding: &str| {
            let mut request = HeaderMap::new();
            request.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap(),
            );
            accepts(&request, coding)
        };
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(accepts("gzip;q=1.0, br;q=0.5", "br"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(accepts("*", "gzip"));
        assert!(!accepts("", "gzip"));
        assert!(!accepts("identity", "br"));
    }

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
