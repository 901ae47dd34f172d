//! The audit trail: every moderation action (publish, reject, answer, a changed answer)
//! recorded with the staff account and the time, in the same transaction as the action,
//! and a comment's history for staff (`GET /api/v1/admin/comments/{id}/history`).

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use mitreden_model::api::Problem;
use mitreden_model::moderation::{AuditAction, HistoryEntry, TrailEntry};
use sqlx::{FromRow, SqliteConnection};

use super::session::Staff;
use crate::{AppError, AppState};

/// Records that `staff` did `action` to the comment `comment_id` (with `detail`: a reason,
/// an answer's status and reason; `answer`: the answer's text as saved), inside the
/// caller's transaction.
pub async fn record(
    conn: &mut SqliteConnection,
    comment_id: &str,
    action: AuditAction,
    staff: &str,
    detail: Option<&str>,
    answer: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO moderation_events (comment_id, action, staff_name, detail, answer_text) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(comment_id)
    .bind(action.as_str())
    .bind(staff)
    .bind(detail)
    .bind(answer)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct EventRow {
    comment_id: String,
    action: String,
    staff_name: String,
    at: String,
    detail: Option<String>,
    answer_text: Option<String>,
}

/// The audit trail, oldest first: of one comment, or (`None`) of all (the staff export).
pub async fn trail(
    db: &sqlx::SqlitePool,
    comment: Option<&str>,
) -> Result<Vec<TrailEntry>, AppError> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT comment_id, action, staff_name, at, detail, answer_text FROM moderation_events \
         WHERE ?1 IS NULL OR comment_id = ?1 ORDER BY id",
    )
    .bind(comment)
    .fetch_all(db)
    .await?;
    let entries = rows
        .into_iter()
        .map(|r| {
            let action = AuditAction::parse(&r.action).ok_or_else(|| {
                sqlx::Error::Decode(format!("unknown audit action {:?}", r.action).into())
            })?;
            Ok(TrailEntry {
                comment_id: r.comment_id,
                entry: HistoryEntry {
                    action,
                    staff_name: r.staff_name,
                    at: r.at,
                    detail: r.detail,
                    answer: r.answer_text,
                },
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(entries)
}

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
    let entries: Vec<HistoryEntry> = trail(&state.db.read, Some(&id))
        .await?
        .into_iter()
        .map(|t| t.entry)
        .collect();
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(entries)))
}
