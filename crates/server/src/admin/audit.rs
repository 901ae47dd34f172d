//! The audit trail: every moderation action (publish, reject, answer, a changed answer)
//! recorded with the staff account and the time by the store in the same transaction as
//! the action, and a comment's history for staff (`GET /api/v1/admin/comments/{id}/history`).

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use mitreden_model::api::Problem;
use mitreden_model::moderation::HistoryEntry;

use super::session::Staff;
use crate::{AppError, AppState};

/// A comment's history, oldest first (empty for an unknown id).
#[utoipa::path(get, path = "/api/v1/admin/comments/{id}/history", tag = "admin", security(("session" = [])),
    params(("id" = String, Path, description = "The comment's id")),
    responses((status = 200, description = "Who did what, oldest first", body = [HistoryEntry]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn history(
    State(state): State<AppState>,
    _staff: Staff,
    crate::extract::PathParams(id): crate::extract::PathParams<String>,
) -> Result<impl IntoResponse, AppError> {
    let entries: Vec<HistoryEntry> = state
        .store
        .trail(Some(&id))
        .await?
        .into_iter()
        .map(|t| t.entry)
        .collect();
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(entries)))
}
