//! The one error type of the server. Every handler returns it; it renders as
//! `application/problem+json` (RFC 9457) so a client always gets a reason it can show.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use mitreden_model::api::Problem;

/// Everything that can go wrong, from start-up to a single request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The server cannot start (unreadable strategy, unwritable database folder, port taken).
    #[error("{0}")]
    Startup(String),
    /// The database failed; logged in full, answered without internals.
    #[error("Datenbankfehler: {0}")]
    Database(#[from] sqlx::Error),
    /// The requested API resource does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request itself is wrong (malformed, too large, wrong type): this status and why.
    #[error("{1}")]
    BadInput(StatusCode, String),
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadInput(status, _) => *status,
            AppError::Startup(_) | AppError::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let detail = if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
            "Auf dem Server ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut."
                .to_owned()
        } else {
            self.to_string()
        };
        problem(status, detail)
    }
}

/// A problem+json response with the status's canonical reason as title.
pub fn problem(status: StatusCode, detail: impl Into<String>) -> Response {
    let body = Problem {
        kind: "about:blank".into(),
        title: status.canonical_reason().unwrap_or("Error").into(),
        status: status.as_u16(),
        detail: Some(detail.into()),
    };
    let json = serde_json::to_string(&body).unwrap_or_else(|_| "{}".into());
    (
        status,
        [
            (header::CONTENT_TYPE, "application/problem+json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        json,
    )
        .into_response()
}
