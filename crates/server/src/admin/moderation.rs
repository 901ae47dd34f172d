//! Moderation: the list of comments with its filters, publish, reject, and the official
//! answer. Every write takes the one write connection in an immediate transaction, so it
//! waits its turn instead of failing with `database is locked`.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use mitreden_model::api::{AdminComment, Problem};
use mitreden_model::api::{AnswerInput, AnswerStatus, RejectInput};
use mitreden_model::moderation::{check_answer, check_reject, ModerationState, StaffInputError};
use serde::Deserialize;

use super::session::Staff;
use crate::extract::{JsonBody, QueryParams};
use crate::rows::{comment_from_row, COMMENT_COLUMNS};
use crate::{AppError, AppState};

/// Filters of the comment list; unknown states and statuses are a 400, not an empty list
/// (a section that does not exist simply has no comments).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    state: Option<ModerationState>,
    section: Option<String>,
    status: Option<AnswerStatus>,
    kiosk: Option<String>,
}

fn invalid(e: &StaffInputError) -> AppError {
    AppError::BadInput(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
}

/// All comments, oldest first, filtered by moderation state, section, answer status and
/// kiosk.
#[utoipa::path(get, path = "/api/v1/admin/comments", tag = "admin", security(("session" = [])),
    params(("state" = Option<ModerationState>, Query, description = "Only comments in this moderation state"),
        ("section" = Option<String>, Query, description = "Only comments on this section"),
        ("status" = Option<AnswerStatus>, Query, description = "Only comments whose answer has this status"),
        ("kiosk" = Option<String>, Query, description = "Only comments written on the kiosk with this label")),
    responses((status = 200, description = "All comments, oldest first", body = [AdminComment]),
        (status = 400, description = "Unknown filter value", body = Problem, content_type = "application/problem+json"), (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    _staff: Staff,
    QueryParams(q): QueryParams<ListQuery>,
) -> Result<impl IntoResponse, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN answers a ON a.comment_id = c.id \
         WHERE c.trapped = 0 \
         AND (?1 IS NULL OR c.moderation_state = ?1) AND (?2 IS NULL OR c.section_id = ?2) \
         AND (?3 IS NULL OR a.status = ?3 OR (?3 = 'eingegangen' AND a.status IS NULL)) \
         AND (?4 IS NULL OR c.kiosk = ?4) \
         ORDER BY c.received_at, c.id"
    ))
    .bind(q.state.map(ModerationState::as_str))
    .bind(q.section)
    .bind(q.status.map(AnswerStatus::as_str))
    .bind(q.kiosk)
    .fetch_all(&state.db.read)
    .await?;
    let comments = rows
        .iter()
        .map(comment_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(comments)))
}

/// Sets the moderation state of a comment that is not withdrawn; 404 otherwise.
async fn moderate(
    state: &AppState,
    id: &str,
    new_state: ModerationState,
    reason: Option<&str>,
) -> Result<StatusCode, AppError> {
    let done = sqlx::query(
        "UPDATE comments SET moderation_state = ?1, moderation_reason = ?2, \
         published_at = CASE WHEN ?1 = ?4 \
           THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE NULL END \
         WHERE id = ?3 AND moderation_state != ?5",
    )
    .bind(new_state.as_str())
    .bind(reason)
    .bind(id)
    .bind(ModerationState::Published.as_str())
    .bind(ModerationState::Withdrawn.as_str())
    .execute(&state.db.write)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound(format!(
            "Kein Kommentar mit dieser Kennung, oder er wurde zurückgezogen: {}",
            short(id)
        )));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// An id as far as it belongs in a message (a path may hold anything).
fn short(id: &str) -> String {
    id.chars().take(64).collect()
}

/// `POST /api/v1/admin/comments/{id}/publish`.
#[utoipa::path(post, path = "/api/v1/admin/comments/{id}/publish", tag = "admin", security(("session" = [])), params(("id" = String, Path, description = "The comment's id (a UUID)", pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")),
    responses((status = 204, description = "Published"), (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not from this origin", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such comment, or withdrawn", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn publish(
    State(state): State<AppState>,
    _staff: Staff,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    moderate(&state, &id, ModerationState::Published, None).await
}

/// `POST /api/v1/admin/comments/{id}/reject`, with a reason the author sees.
#[utoipa::path(post, path = "/api/v1/admin/comments/{id}/reject", tag = "admin", security(("session" = [])), params(("id" = String, Path, description = "The comment's id (a UUID)", pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")),
    request_body(content = RejectInput, content_type = "application/json"),
    responses((status = 204, description = "Rejected"), (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"), (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not from this origin", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such comment, or withdrawn", body = Problem, content_type = "application/problem+json"), (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"), (status = 422, description = "No reason, or too long", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn reject(
    State(state): State<AppState>,
    _staff: Staff,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<RejectInput>,
) -> Result<StatusCode, AppError> {
    let reason = check_reject(&input).map_err(|e| invalid(&e))?;
    moderate(&state, &id, ModerationState::Rejected, Some(reason)).await
}

/// `PUT /api/v1/admin/comments/{id}/answer`: the official answer, signed by the office.
#[utoipa::path(put, path = "/api/v1/admin/comments/{id}/answer", tag = "admin", security(("session" = [])), params(("id" = String, Path, description = "The comment's id (a UUID)", pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")),
    request_body(content = AnswerInput, content_type = "application/json"),
    responses((status = 204, description = "Answered"), (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"), (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not from this origin", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such comment", body = Problem, content_type = "application/problem+json"), (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Answer invalid, or comment withdrawn", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn answer(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<AnswerInput>,
) -> Result<StatusCode, AppError> {
    let (text, reason) = check_answer(&input, &state.strategy).map_err(|e| invalid(&e))?;
    let mut tx = state.db.write.begin_with("BEGIN IMMEDIATE").await?;
    let current: Option<String> =
        sqlx::query_scalar("SELECT moderation_state FROM comments WHERE id = ?")
            .bind(&id)
            .fetch_optional(&mut *tx)
            .await?;
    match current.as_deref().map(ModerationState::parse) {
        None => {
            return Err(AppError::NotFound(format!(
                "Kein Kommentar mit dieser Kennung: {}",
                short(&id)
            )))
        }
        Some(Some(ModerationState::Withdrawn)) => {
            return Err(AppError::BadInput(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Der Kommentar wurde zurückgezogen.".into(),
            ));
        }
        Some(_) => {}
    }
    sqlx::query(
        "INSERT INTO answers (comment_id, body, status, reason, office, revision_section_id, \
         revision_version, staff_name, answered_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) \
         ON CONFLICT (comment_id) DO UPDATE SET body = excluded.body, status = excluded.status, \
         reason = excluded.reason, office = excluded.office, \
         revision_section_id = excluded.revision_section_id, \
         revision_version = excluded.revision_version, staff_name = excluded.staff_name, \
         answered_at = excluded.answered_at",
    )
    .bind(&id)
    .bind(text)
    .bind(input.status.as_str())
    .bind(reason)
    .bind(state.office.as_ref())
    .bind(input.revision.as_ref().map(|r| r.section_id.clone()))
    .bind(input.revision.as_ref().map(|r| i64::from(r.version)))
    .bind(staff.name)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
