//! The one error type of the server. Every handler returns it; it renders as
//! `application/problem+json` (RFC 9457) so a client always gets a reason it can show.
//!
//! Load is not a fault: a database that is busy, locked by another process or full, and a
//! write queue that is full, are answered 503 with `Retry-After` — the outbox waits and
//! sends again — never 500.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use mitreden_model::api::Problem;

/// Seconds a client is asked to wait when the server is busy.
pub const RETRY_AFTER_SECS: u32 = 2;

/// Everything that can go wrong, from start-up to a single request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The server cannot start (unreadable strategy, unwritable database folder, port taken).
    #[error("{0}")]
    Startup(String),
    /// The database failed; logged in full, answered without internals.
    #[error("Datenbankfehler: {0}")]
    Database(sqlx::Error),
    /// A fault inside the server (logged; answered without internals).
    #[error("{0}")]
    Internal(String),
    /// The server is busy or its storage is full for now: 503 with `Retry-After`.
    #[error("{0}")]
    Unavailable(String),
    /// The client must wait before trying again (a rate limit, sign-in delays): 429 with
    /// `Retry-After` in whole seconds; `{secs}` in the message is replaced by them.
    #[error("{message}")]
    TooMany {
        /// Why, with `{secs}` where the wait goes.
        message: &'static str,
        /// How long to wait.
        wait: std::time::Duration,
    },
    /// The requested API resource does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request itself is wrong (malformed, too large, wrong type): this status and why.
    #[error("{1}")]
    BadInput(StatusCode, String),
    /// A refusal with a stable code the app says in the citizen's language (an
    /// application's broken rule, applications closed): this status, the code and why.
    #[error("{detail}")]
    Refused {
        /// The status (409, 422).
        status: StatusCode,
        /// The rule, e.g. `no_consent`, `applications_closed`.
        code: String,
        /// Why, in German.
        detail: String,
    },
}

/// Whether a database error is load rather than a fault: waiting too long for a lock or a
/// connection, or a full disk.
pub fn is_busy(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(db) => {
            // SQLITE_BUSY (5), SQLITE_LOCKED (6), SQLITE_FULL (13), with any extended code.
            let code = db
                .code()
                .and_then(|c| c.parse::<i64>().ok())
                .unwrap_or_default();
            matches!(code & 0xff, 5 | 6 | 13)
        }
        _ => false,
    }
}

impl From<sqlx::Error> for AppError {
    /// Sorts database errors: waiting too long for a lock or a connection, and a full
    /// disk, are load (503); anything else is a fault (500, logged).
    fn from(e: sqlx::Error) -> Self {
        if is_busy(&e) {
            tracing::warn!(error = %e, "database busy; answered 503");
            AppError::Unavailable(
                "Der Server ist gerade stark ausgelastet. Ihr Beitrag wird gleich \
                 noch einmal gesendet."
                    .into(),
            )
        } else {
            AppError::Database(e)
        }
    }
}

impl From<mitreden_store::StoreError> for AppError {
    /// Load (busy, full) is 503 and the client sends again; a missing row 404; a
    /// conflict 409; a value the database cannot take 400; anything else a fault (500,
    /// logged).
    fn from(e: mitreden_store::StoreError) -> Self {
        use mitreden_store::StoreError;
        match e {
            StoreError::Busy(why) => {
                tracing::warn!(error = %why, "database busy; answered 503");
                AppError::Unavailable(
                    "Der Server ist gerade stark ausgelastet. Ihr Beitrag wird gleich \
                     noch einmal gesendet."
                        .into(),
                )
            }
            StoreError::NotFound => AppError::NotFound("Nicht gefunden.".into()),
            StoreError::Conflict(why) => AppError::BadInput(StatusCode::CONFLICT, why),
            StoreError::Invalid(_) => AppError::BadInput(
                StatusCode::BAD_REQUEST,
                "Die Anfrage enthält ein Zeichen, das nicht gespeichert werden kann.".into(),
            ),
            StoreError::Other(why) => AppError::Internal(format!("Datenbankfehler: {why}")),
        }
    }
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadInput(status, _) | AppError::Refused { status, .. } => *status,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Startup(_) | AppError::Database(_) | AppError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let (detail, retry_after) = match &self {
            AppError::Unavailable(detail) => (detail.clone(), Some(u64::from(RETRY_AFTER_SECS))),
            AppError::TooMany { message, wait } => {
                // Whole seconds, rounded up, at least one.
                let secs = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
                (message.replace("{secs}", &secs.to_string()), Some(secs))
            }
            _ if status.is_server_error() => {
                tracing::error!(error = %self, "request failed");
                (internal_detail().to_owned(), None)
            }
            _ => (self.to_string(), None),
        };
        let code = match self {
            AppError::Refused { code, .. } => Some(code),
            _ => None,
        };
        let mut res = problem_with_code(status, detail, code);
        if let Some(secs) = retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

fn internal_detail() -> &'static str {
    "Auf dem Server ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut."
}

/// The answer for a request whose handler panicked (tower-http's catch-panic layer): a 500
/// problem+json for that request alone; the process goes on serving the others.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    tracing::error!(panic = %message, "a request handler panicked");
    problem(StatusCode::INTERNAL_SERVER_ERROR, internal_detail())
}

/// A problem+json response with the status's canonical reason as title.
pub fn problem(status: StatusCode, detail: impl Into<String>) -> Response {
    problem_with_code(status, detail, None)
}

/// A problem+json response that also names the broken rule as a code.
pub fn problem_with_code(
    status: StatusCode,
    detail: impl Into<String>,
    code: Option<String>,
) -> Response {
    let body = Problem {
        kind: "about:blank".into(),
        title: status.canonical_reason().unwrap_or("Error").into(),
        status: status.as_u16(),
        detail: Some(detail.into()),
        code,
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
