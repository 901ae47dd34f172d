//! The administration's API (`/api/v1/admin/...`): staff sign-in and moderation.
//!
//! # Layout
//! - [`session`]: accounts (argon2id, made on the command line with
//!   `mitreden-server user add NAME`), sign-in, sign-out, and the [`Staff`] extractor.
//! - [`throttle`]: growing delays after wrong passwords, per name and address and per
//!   address (429 with `Retry-After`); bounded tables.
//! - [`moderation`]: the list with its filters, search, order and pages; publish, reject
//!   (one or many), official answers.
//! - [`accounts`]: staff accounts — list, new, deactivate (role "Verwaltung" only), one's
//!   own password.
//! - [`editor`]: a section's title and text edited into the next stored draft, with the
//!   check that nobody changed it meanwhile.
//! - [`strategy`]: the strategy's versions — listed for all staff; a file read into a
//!   preview and stored as a draft by the role "Verwaltung" (a larger body limit there).
//! - [`templates`]: answer templates — the office's standard answers, saved and reused.
//! - [`export`]: everything for the office — every comment and the audit trail, JSON and
//!   CSV.
//! - [`audit`]: who did what to a comment, when — recorded with every action, shown as its
//!   history.
//! - The participation event's routes (`/api/v1/admin/events/{event}/…`: close, commit,
//!   draw, invitees, delete the contacts) are [`crate::lottery::admin`]'s, routed here.
//!
//! Who may call which route is decided in one table, [`access::ROUTES`], which one layer
//! enforces (a method a route does not have is a 405, HEAD is GET's). Every admin route
//! but signing in answers 401 without a valid session; every state-changing request
//! must come from this origin (`Sec-Fetch-Site` or `Origin`), else 403. Bodies are small:
//! [`MAX_ADMIN_BODY`].

pub mod access;
pub mod accounts;
pub mod audit;
pub mod causes;
pub mod editor;
pub mod export;
pub mod moderation;
pub mod session;
pub mod strategy;
pub mod templates;
pub mod throttle;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::handler::Handler;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;

pub use session::{add_user, random_hex, sha256_hex, Staff};
pub use throttle::{Throttle, FREE_PER_NAME};

use crate::lottery::admin as lottery;
use crate::{AppError, AppState};

/// Password checks (argon2) that run at once; more sign-ins wait, briefly, or get 503.
pub const PASSWORD_CHECKS: usize = 2;

/// The largest body an admin request may have (an answer of 5,000 characters fits).
pub const MAX_ADMIN_BODY: usize = 64 * 1024;

/// The admin routes, all behind the same-origin check; all but sign-in need a session.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/api/v1/admin/login", post(session::login))
        .route("/api/v1/admin/logout", post(session::logout))
        .route("/api/v1/admin/me", get(session::me))
        .route("/api/v1/admin/comments", get(moderation::list))
        .route("/api/v1/admin/comments/bulk", post(moderation::bulk))
        .route("/api/v1/admin/counts", get(moderation::counts))
        .route(
            "/api/v1/admin/accounts",
            get(accounts::list).post(accounts::create),
        )
        .route(
            "/api/v1/admin/accounts/{name}/deactivate",
            post(accounts::deactivate),
        )
        .route("/api/v1/admin/me/password", put(accounts::password))
        .route(
            "/api/v1/admin/me/digest",
            get(accounts::digest).put(accounts::set_digest),
        )
        .route(
            "/api/v1/admin/templates",
            get(templates::list).post(templates::create),
        )
        .route(
            "/api/v1/admin/templates/{id}",
            axum::routing::delete(templates::delete),
        )
        .route("/api/v1/admin/export.json", get(export::json))
        .route("/api/v1/admin/export.csv", get(export::comments_csv))
        .route(
            "/api/v1/admin/export-excel.csv",
            get(export::comments_excel),
        )
        .route("/api/v1/admin/export-history.csv", get(export::history_csv))
        .route("/api/v1/admin/comments/{id}/history", get(audit::history))
        .route(
            "/api/v1/admin/comments/{id}/publish",
            post(moderation::publish),
        )
        .route(
            "/api/v1/admin/comments/{id}/reject",
            post(moderation::reject),
        )
        .route(
            "/api/v1/admin/comments/{id}/answer",
            put(moderation::answer),
        )
        .route(
            "/api/v1/admin/kiosks",
            get(crate::kiosk::admin_list).post(crate::kiosk::admin_add),
        )
        .route(
            "/api/v1/admin/kiosks/revoke",
            post(crate::kiosk::admin_revoke),
        )
        .route(
            "/api/v1/admin/strategy/versions",
            get(strategy::versions).post(strategy::store_draft.layer(strategy::upload_limit())),
        )
        .route(
            "/api/v1/admin/strategy/versions/{version}",
            get(strategy::publish_preview),
        )
        .route(
            "/api/v1/admin/strategy/versions/{version}/publish",
            post(strategy::publish),
        )
        .route(
            "/api/v1/admin/strategy/versions/{version}/page",
            get(strategy::page_preview),
        )
        .route(
            "/api/v1/admin/strategy/preview",
            post(strategy::preview_upload.layer(strategy::upload_limit())),
        )
        .route(
            "/api/v1/admin/strategy/sections",
            get(editor::sections).post(editor::change),
        )
        .route("/api/v1/admin/strategy/sections/{id}", post(editor::save))
        .route(
            "/api/v1/admin/strategy/settings",
            get(editor::settings).post(editor::save_settings),
        )
        .route(
            "/api/v1/admin/strategy/event",
            get(editor::event).post(editor::save_event),
        )
        .route(
            "/api/v1/admin/strategy/document",
            post(strategy::read_document.layer(strategy::document_limit())),
        )
        .route("/api/v1/admin/events/{event}", get(lottery::state))
        .route("/api/v1/admin/events/{event}/close", post(lottery::close))
        .route("/api/v1/admin/events/{event}/commit", post(lottery::commit))
        .route("/api/v1/admin/events/{event}/draw", post(lottery::draw))
        .route(
            "/api/v1/admin/events/{event}/invitees",
            get(lottery::invitees),
        )
        .route(
            "/api/v1/admin/events/{event}/delete-contacts",
            post(lottery::delete_contacts),
        )
        .layer(from_fn_with_state(state.clone(), access::guard))
        .layer(from_fn_with_state(state.clone(), same_origin))
        // Nothing of the administration is kept by a browser or a proxy (who is signed in,
        // lists, exports), whatever the handler says or forgets to say.
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        ))
        .layer(DefaultBodyLimit::max(MAX_ADMIN_BODY))
}

/// Refuses state-changing requests that do not come from this origin (cross-site request
/// forgery), on top of the SameSite=Strict cookie.
async fn same_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD)
        || is_same_origin(
            req.headers(),
            state.secure_cookies,
            state.public_origin.as_deref(),
        )
    {
        return next.run(req).await;
    }
    AppError::BadInput(
        StatusCode::FORBIDDEN,
        "Diese Anfrage kommt nicht von dieser Seite.".into(),
    )
    .into_response()
}

/// Whether a request comes from this very origin: `Origin`, where sent, names exactly this
/// scheme (`https` when the server sits behind TLS, i.e. `--secure-cookies`), host and port;
/// `Sec-Fetch-Site`, where sent, says `same-origin`. A cross-site `Origin` is refused even
/// when `Sec-Fetch-Site` claims otherwise; a request with neither header is refused.
///
/// With the server's public address known (`--public-url`, as [`public_origin`] reads it),
/// that is the only origin, and the `Host` header must name its host: a request to another
/// name of this machine (its IP address, a second DNS name) is refused, whatever its
/// `Origin` — the allow-list is the one public address, not whatever `Host` says.
pub fn is_same_origin(headers: &HeaderMap, https: bool, public: Option<&str>) -> bool {
    let fetch_site = headers.get("sec-fetch-site").map(|v| v.to_str().ok());
    let origin = headers.get(header::ORIGIN).map(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let scheme = if https { "https" } else { "http" };
    let this = match (public, host) {
        (Some(public), Some(host)) => {
            let public_host = public.split_once("://").map_or(public, |(_, h)| h);
            if !public_host.eq_ignore_ascii_case(authority(host, public.starts_with("https:"))) {
                return false;
            }
            Some(public.to_owned())
        }
        (Some(_), None) => return false,
        (None, host) => host.map(|host| format!("{scheme}://{}", authority(host, https))),
    };
    let origin_ok = |origin: &str| {
        this.as_deref()
            .is_some_and(|t| origin.eq_ignore_ascii_case(t))
    };
    match (fetch_site, origin) {
        (None, None) => false,
        (Some(site), origin) => {
            site == Some("same-origin") && origin.is_none_or(|o| o.is_some_and(origin_ok))
        }
        (None, Some(origin)) => origin.is_some_and(origin_ok),
    }
}

/// The origin of `--public-url` as browsers write it in `Origin`: the scheme and the host
/// with its port unless it is the scheme's default, lower-case, no path. `Err` says what is
/// wrong with the address (refused at start).
pub fn public_origin(url: &str) -> Result<String, String> {
    let url = url.trim().trim_end_matches('/');
    let (scheme, rest) = url
        .split_once("://")
        .filter(|(s, _)| matches!(s.to_ascii_lowercase().as_str(), "http" | "https"))
        .ok_or_else(|| format!("{url}: nicht http:// oder https://"))?;
    let https = scheme.eq_ignore_ascii_case("https");
    if rest.is_empty() || rest.contains(['/', '@', '?', '#', ' ']) {
        return Err(format!(
            "{url}: nur Schema, Rechnername und Port (ohne Pfad), z. B. https://mitreden.stadt.de"
        ));
    }
    Ok(format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        authority(rest, https).to_ascii_lowercase()
    ))
}

/// `host[:port]` without the scheme's default port, as browsers write it in `Origin`.
fn authority(host: &str, https: bool) -> &str {
    let default = if https { ":443" } else { ":80" };
    host.strip_suffix(default).unwrap_or(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_this_exact_origin_may_change_state() {
        let host = ("host", "rathaus.example:8080");
        let same = headers(&[host, ("origin", "http://rathaus.example:8080")]);
        assert!(is_same_origin(&same, false, None));
        assert!(!is_same_origin(&same, true, None), "scheme differs");
        let fetch = headers(&[host, ("sec-fetch-site", "same-origin")]);
        assert!(is_same_origin(&fetch, false, None));
        for bad in [
            headers(&[host]),
            headers(&[host, ("origin", "http://rathaus.example:8081")]),
            headers(&[host, ("origin", "http://rathaus.example")]),
            headers(&[host, ("origin", "http://rathaus.example:8080.evil.example")]),
            headers(&[host, ("origin", "null")]),
            headers(&[host, ("sec-fetch-site", "same-site")]),
            headers(&[host, ("sec-fetch-site", "cross-site")]),
            // A cross-site Origin is refused even when Sec-Fetch-Site claims otherwise.
            headers(&[
                host,
                ("sec-fetch-site", "same-origin"),
                ("origin", "http://evil.example"),
            ]),
        ] {
            assert!(!is_same_origin(&bad, false, None), "{bad:?}");
        }
        let tls = headers(&[
            ("host", "rathaus.example:443"),
            ("origin", "https://rathaus.example"),
        ]);
        assert!(is_same_origin(&tls, true, None));
    }

    #[test]
    fn with_a_public_address_only_it_may_change_state() {
        let public = public_origin("https://Mitreden.Stadt.de/").unwrap();
        assert_eq!(public, "https://mitreden.stadt.de");
        let ok = |pairs: &[(&'static str, &'static str)]| {
            is_same_origin(&headers(pairs), true, Some(&public))
        };
        let host = ("host", "mitreden.stadt.de");
        assert!(ok(&[host, ("origin", "https://mitreden.stadt.de")]));
        assert!(ok(&[
            ("host", "mitreden.stadt.de:443"),
            ("sec-fetch-site", "same-origin")
        ]));
        // The machine's other names agree with themselves, but are not the public address.
        assert!(!ok(&[
            ("host", "10.0.0.5:8080"),
            ("origin", "https://10.0.0.5:8080")
        ]));
        assert!(!ok(&[
            ("host", "intern.stadt.de"),
            ("sec-fetch-site", "same-origin")
        ]));
        assert!(!ok(&[host, ("origin", "http://mitreden.stadt.de")]));
        assert!(!ok(&[("origin", "https://mitreden.stadt.de")]), "no Host");
        assert_eq!(
            public_origin("http://rathaus.example:80").unwrap(),
            "http://rathaus.example"
        );
        assert_eq!(
            public_origin("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "rathaus.example",
            "ftp://x",
            "https://",
            "https://x/pfad",
            "https://a@b",
        ] {
            assert!(public_origin(bad).is_err(), "{bad}");
        }
    }
}
