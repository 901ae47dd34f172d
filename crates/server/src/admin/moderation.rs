//! Moderation: the list of comments with its filters, search (FTS5), order and pages;
//! publish, reject — one or many at once —, and the official answer. Every write takes the
//! one write connection in an immediate transaction, so it waits its turn instead of
//! failing with `database is locked`, and records itself in the audit trail
//! ([`super::audit`]) in the same transaction.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use mitreden_model::api::{AdminComment, Problem};
use mitreden_model::api::{AnswerInput, AnswerStatus, RejectInput};
use mitreden_model::moderation::{
    check_answer, check_bulk, check_reject, check_revision_credit, AnsweredComment, BulkAction,
    BulkInput, BulkResult, ListSort, ModerationState, StaffInputError, StateCount, MAX_PAGE,
};
use mitreden_store::moderation::{Answered, Moderation, NewAnswer};
use serde::Deserialize;

use super::session::Staff;
use crate::extract::{JsonBody, QueryParams};
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
    /// Words to find in comment texts and answers.
    q: Option<String>,
    sort: Option<ListSort>,
    /// At most this many (up to [`MAX_PAGE`]); without it, all.
    limit: Option<u32>,
    offset: Option<u32>,
}

/// The header that carries how many comments match the filters (all pages together).
pub const TOTAL_HEADER: &str = "x-total-count";

pub use crate::sqlite::fts_query;

fn invalid(e: &StaffInputError) -> AppError {
    AppError::BadInput(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
}

/// The comments that match the filters and the search, in the chosen order, a page of them
/// (`limit`, `offset`); how many match in all is in the `X-Total-Count` header.
#[utoipa::path(get, path = "/api/v1/admin/comments", tag = "admin", security(("session" = [])),
    params(("state" = Option<ModerationState>, Query, description = "Only comments in this moderation state"),
        ("section" = Option<String>, Query, description = "Only comments on this section"),
        ("status" = Option<AnswerStatus>, Query, description = "Only comments whose answer has this status"),
        ("kiosk" = Option<String>, Query, description = "Only comments written on the kiosk with this label"),
        ("q" = Option<String>, Query, description = "Words that must all occur in the comment or its answer (prefixes match)"),
        ("sort" = Option<ListSort>, Query, description = "The order: oldest (default), newest, section (reading order), state, answer (unanswered first), kiosk"),
        ("limit" = Option<u32>, Query, description = "At most this many (1 to 500); without it, all", minimum = 1, maximum = 500),
        ("offset" = Option<u32>, Query, description = "Skip this many first")),
    responses((status = 200, description = "The page of comments; X-Total-Count says how many match", body = [AdminComment],
            headers(("x-total-count" = u64, description = "How many comments match, all pages together"))),
        (status = 400, description = "Unknown filter value", body = Problem, content_type = "application/problem+json"), (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    _staff: Staff,
    QueryParams(q): QueryParams<ListQuery>,
) -> Result<impl IntoResponse, AppError> {
    if q.limit.is_some_and(|l| l == 0 || l > MAX_PAGE) {
        return Err(AppError::BadInput(
            StatusCode::BAD_REQUEST,
            format!("limit muss zwischen 1 und {MAX_PAGE} liegen."),
        ));
    }
    let strategy = state.strategy();
    let reading_order: Vec<&str> = strategy.sections.iter().map(|s| s.id.as_str()).collect();
    let (total, comments) = state
        .store
        .moderation_list(&mitreden_store::moderation::ListQuery {
            state: q.state,
            section: q.section.as_deref(),
            status: q.status,
            kiosk: q.kiosk.as_deref(),
            words: q.q.as_deref(),
            sort: q.sort.unwrap_or_default(),
            reading_order: &reading_order,
            limit: q.limit,
            offset: q.offset.unwrap_or(0),
        })
        .await?;
    Ok((
        [
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (
                header::HeaderName::from_static(TOTAL_HEADER),
                total.to_string(),
            ),
        ],
        Json(comments),
    ))
}

/// How many comments each section has in each moderation state: the staff's figures,
/// counted by the database rather than by loading every comment.
#[utoipa::path(get, path = "/api/v1/admin/counts", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "Comments per section and state (only those there are)", body = [StateCount]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn counts(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<impl IntoResponse, AppError> {
    let counts = state.store.state_counts().await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(counts)))
}

/// Sets the moderation state of the comments `ids` that are not withdrawn and not in that
/// state already — and, with `from`, only those still in that state — and records each
/// change for `staff`; returns how many changed.
async fn moderate(
    state: &AppState,
    staff: &Staff,
    ids: &[String],
    new_state: ModerationState,
    reason: Option<&str>,
    from: Option<ModerationState>,
) -> Result<u32, AppError> {
    let teller = crate::notify::events::Teller::of(state);
    let done = state
        .store
        .moderate(
            Moderation {
                ids,
                to: new_state,
                reason,
                from,
                staff: &staff.name,
            },
            teller
                .as_ref()
                .map(|t| t as &dyn mitreden_store::notify::Teller),
        )
        .await?;
    crate::notify::events::wake(state, done.queued);
    Ok(done.changed)
}

/// [`moderate`] for one comment: 204, or 404 when it is unknown or withdrawn.
async fn moderate_one(
    state: &AppState,
    staff: &Staff,
    id: String,
    new_state: ModerationState,
    reason: Option<&str>,
) -> Result<StatusCode, AppError> {
    let ids = [id];
    if moderate(state, staff, &ids, new_state, reason, None).await? == 0 {
        // Already in that state: nothing to do, nothing to record. A comment a bot sent
        // through the honeypot is none to staff.
        let exists = state
            .store
            .comment_state(&ids[0])
            .await?
            .filter(|c| c.moderation_state != ModerationState::Withdrawn && !c.trapped);
        if exists.is_none() {
            return Err(AppError::NotFound(format!(
                "Kein Kommentar mit dieser Kennung, oder er wurde zurückgezogen: {}",
                short(&ids[0])
            )));
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/admin/comments/bulk`: publish or reject several comments in one request
/// (withdrawn and unknown ones are left alone, and so are those already in that state).
#[utoipa::path(post, path = "/api/v1/admin/comments/bulk", tag = "admin", security(("session" = [])),
    request_body(content = BulkInput, content_type = "application/json"),
    responses((status = 200, description = "How many changed", body = BulkResult), (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"), (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not from this origin", body = Problem, content_type = "application/problem+json"), (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"), (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"), (status = 422, description = "No or too many ids, or a rejection without a reason", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn bulk(
    State(state): State<AppState>,
    staff: Staff,
    JsonBody(input): JsonBody<BulkInput>,
) -> Result<impl IntoResponse, AppError> {
    let reason = check_bulk(&input).map_err(|e| invalid(&e))?;
    let new_state = match input.action {
        BulkAction::Publish => ModerationState::Published,
        BulkAction::Reject => ModerationState::Rejected,
    };
    let changed = moderate(&state, &staff, &input.ids, new_state, reason, input.from).await?;
    Ok(Json(BulkResult { changed }))
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
    staff: Staff,
    crate::extract::PathParams(id): crate::extract::PathParams<String>,
) -> Result<StatusCode, AppError> {
    moderate_one(&state, &staff, id, ModerationState::Published, None).await
}

/// `POST /api/v1/admin/comments/{id}/reject`, with a reason the author sees.
#[utoipa::path(post, path = "/api/v1/admin/comments/{id}/reject", tag = "admin", security(("session" = [])), params(("id" = String, Path, description = "The comment's id (a UUID)", pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")),
    request_body(content = RejectInput, content_type = "application/json"),
    responses((status = 204, description = "Rejected"), (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"), (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not from this origin", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such comment, or withdrawn", body = Problem, content_type = "application/problem+json"), (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"), (status = 422, description = "No reason, or too long", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn reject(
    State(state): State<AppState>,
    staff: Staff,
    crate::extract::PathParams(id): crate::extract::PathParams<String>,
    JsonBody(input): JsonBody<RejectInput>,
) -> Result<StatusCode, AppError> {
    let reason = check_reject(&input).map_err(|e| invalid(&e))?;
    moderate_one(&state, &staff, id, ModerationState::Rejected, Some(reason)).await
}

/// `PUT /api/v1/admin/comments/{id}/answer`: the official answer, signed by the office.
#[utoipa::path(put, path = "/api/v1/admin/comments/{id}/answer", tag = "admin", security(("session" = [])), params(("id" = String, Path, description = "The comment's id (a UUID)", pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")),
    request_body(content = AnswerInput, content_type = "application/json"),
    responses((status = 204, description = "Answered"), (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"), (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not from this origin", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such comment", body = Problem, content_type = "application/problem+json"), (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Answer invalid, a revision that did not come after the comment and is not confirmed, or comment withdrawn", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn answer(
    State(state): State<AppState>,
    staff: Staff,
    crate::extract::PathParams(id): crate::extract::PathParams<String>,
    JsonBody(input): JsonBody<AnswerInput>,
) -> Result<StatusCode, AppError> {
    let (text, reason) = check_answer(&input, &state.strategy()).map_err(|e| invalid(&e))?;
    // What the credit rule needs does not change once stored: read before the write.
    let Some(current) = state.store.comment(&id).await? else {
        return Err(not_found(&id));
    };
    if current.moderation_state == ModerationState::Withdrawn {
        return Err(withdrawn());
    }
    let comment = AnsweredComment {
        section_id: &current.section_id,
        section_version: current.section_version,
        received_at: &current.received_at,
    };
    check_revision_credit(&input, &state.strategy(), comment).map_err(|e| invalid(&e))?;
    let teller = crate::notify::events::Teller::of(&state);
    let answered = state
        .store
        .answer(
            NewAnswer {
                comment_id: &id,
                text,
                status: input.status,
                reason,
                office: &state.office,
                revision: input.revision.as_ref(),
                staff: &staff.name,
            },
            teller
                .as_ref()
                .map(|t| t as &dyn mitreden_store::notify::Teller),
        )
        .await?;
    match answered {
        Answered::Saved { queued } => {
            crate::notify::events::wake(&state, queued);
            Ok(StatusCode::NO_CONTENT)
        }
        Answered::NotFound => Err(not_found(&id)),
        Answered::Withdrawn => Err(withdrawn()),
    }
}

fn not_found(id: &str) -> AppError {
    AppError::NotFound(format!("Kein Kommentar mit dieser Kennung: {}", short(id)))
}

fn withdrawn() -> AppError {
    AppError::BadInput(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Der Kommentar wurde zurückgezogen.".into(),
    )
}
