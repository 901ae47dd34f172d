//! The administration's API (`/api/v1/admin/...`): staff sign-in and moderation.
//!
//! # Layout
//! - [`session`]: accounts (argon2id, made on the command line with
//!   `mitreden-server user add NAME`), sign-in, sign-out, and the [`Staff`] extractor.
//! - [`throttle`]: the bounded table of failed sign-ins (429 with `Retry-After`).
//! - [`moderation`]: the list and its filters, publish, reject, official answers.
//!
//! Every admin route answers 401 without a valid session; every state-changing request
//! must come from this origin (`Sec-Fetch-Site` or `Origin`), else 403. Bodies are small:
//! [`MAX_ADMIN_BODY`].

pub mod moderation;
pub mod session;
pub mod throttle;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, Method, StatusCode};
use axum::middleware::{from_fn, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;

pub use session::{add_user, sha256_hex, Staff};
pub use throttle::{Throttle, LOCKOUT, MAX_FAILURES};

use crate::{AppError, AppState};

/// Password checks (argon2) that run at once; more sign-ins wait, briefly, or get 503.
pub const PASSWORD_CHECKS: usize = 2;

/// The largest body an admin request may have (an answer of 5,000 characters fits).
pub const MAX_ADMIN_BODY: usize = 64 * 1024;

/// The admin routes, all behind the same-origin check; all but sign-in need a session.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/admin/login", post(session::login))
        .route("/api/v1/admin/logout", post(session::logout))
        .route("/api/v1/admin/me", get(session::me))
        .route("/api/v1/admin/comments", get(moderation::list))
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
        .layer(from_fn(same_origin))
        .layer(DefaultBodyLimit::max(MAX_ADMIN_BODY))
}

/// Refuses state-changing requests that do not come from this origin (cross-site request
/// forgery), on top of the SameSite=Strict cookie.
async fn same_origin(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let origin_host = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .and_then(|o| o.split_once("://").map(|(_, host)| host.to_owned()));
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let allowed = match (fetch_site, origin_host, host) {
        (Some(site), _, _) => site == "same-origin",
        (None, Some(origin), Some(host)) => origin == host,
        _ => false,
    };
    if allowed {
        next.run(req).await
    } else {
        AppError::BadInput(
            StatusCode::FORBIDDEN,
            "Diese Anfrage kommt nicht von dieser Seite.".into(),
        )
        .into_response()
    }
}
