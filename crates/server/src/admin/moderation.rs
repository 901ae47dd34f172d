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
    check_answer, check_bulk, check_reject, check_revision_credit, AnsweredComment, AuditAction,
    BulkAction, BulkInput, BulkResult, ListSort, ModerationState, StaffInputError, StateCount,
    MAX_PAGE,
};
use mitreden_model::notify::NotifyEvent;
use serde::Deserialize;
use sqlx::Row;

use super::audit;
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
    /// Words to find in comment texts and answers.
    q: Option<String>,
    sort: Option<ListSort>,
    /// At most this many (up to [`MAX_PAGE`]); without it, all.
    limit: Option<u32>,
    offset: Option<u32>,
}

/// The header that carries how many comments match the filters (all pages together).
pub const TOTAL_HEADER: &str = "x-total-count";

/// The staff's search words as an FTS5 query that cannot be a syntax error: words split at
/// spaces and control characters, each quoted (a `"` doubled) and matched as a prefix, all
/// of them required; words without a letter or digit are left out. `None` when nothing is left to search for.
pub fn fts_query(q: &str) -> Option<String> {
    // Control characters split words too: FTS5 reads a quoted string only up to a NUL.
    let words: Vec<String> = q
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(12)
        .map(|w| {
            let w: String = w.chars().take(64).collect();
            format!("\"{}\"*", w.replace('"', "\"\""))
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

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
    let search = q.q.as_deref().and_then(fts_query);
    let filter = "c.trapped = 0 \
         AND (?1 IS NULL OR c.moderation_state = ?1) AND (?2 IS NULL OR c.section_id = ?2) \
         AND (?3 IS NULL OR a.status = ?3 OR (?3 = 'eingegangen' AND a.status IS NULL)) \
         AND (?4 IS NULL OR c.kiosk = ?4) \
         AND ((?5 IS NULL AND ?6 IS NULL) \
              OR (?5 IS NOT NULL AND c.id IN \
                  (SELECT comment_id FROM comments_fts WHERE comments_fts MATCH ?5)) \
              OR (?6 IS NOT NULL AND instr(lower(coalesce(c.author_name, '')), ?6) > 0))";
    // Orders by a closed set rank by the position of the value in `?9`, the set's words in
    // the model's order between commas (bound, never spliced into the SQL).
    let ranked = |words: Vec<&str>| format!(",{},", words.join(","));
    let (order, ranks) = match q.sort.unwrap_or_default() {
        ListSort::Oldest => ("c.received_at, c.id", String::new()),
        ListSort::Newest => ("c.received_at DESC, c.id DESC", String::new()),
        ListSort::Section => (
            "instr(?9, ',' || c.section_id || ','), c.received_at, c.id",
            ranked(
                state
                    .strategy()
                    .sections
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect(),
            ),
        ),
        ListSort::State => (
            "instr(?9, ',' || c.moderation_state || ','), c.received_at, c.id",
            ranked(ModerationState::ALL.iter().map(|s| s.as_str()).collect()),
        ),
        // Unanswered is the empty word: ",," at the very start.
        ListSort::Answer => (
            "instr(?9, ',' || coalesce(a.status, '') || ','), c.received_at, c.id",
            ranked(
                std::iter::once("")
                    .chain(AnswerStatus::ALL.iter().map(|s| s.as_str()))
                    .collect(),
            ),
        ),
        ListSort::Kiosk => (
            "c.kiosk IS NULL, c.kiosk COLLATE NOCASE, c.received_at, c.id",
            String::new(),
        ),
    };
    let count_sql = format!(
        "SELECT COUNT(*) FROM comments c LEFT JOIN answers a ON a.comment_id = c.id WHERE {filter}"
    );
    let total: i64 = with_filters(sqlx::query(&count_sql), &q, search.as_deref())
        .fetch_one(&state.db.read)
        .await?
        .try_get(0)?;
    let list_sql = format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN answers a ON a.comment_id = c.id \
         WHERE {filter} ORDER BY {order} LIMIT ?7 OFFSET ?8"
    );
    let rows = with_filters(sqlx::query(&list_sql), &q, search.as_deref())
        .bind(q.limit.map_or(-1, i64::from))
        .bind(i64::from(q.offset.unwrap_or(0)))
        .bind(ranks)
        .fetch_all(&state.db.read)
        .await?;
    let comments = rows
        .iter()
        .map(comment_from_row)
        .collect::<Result<Vec<_>, _>>()?;
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
    #[derive(sqlx::FromRow)]
    struct Row {
        section_id: String,
        moderation_state: String,
        count: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT section_id, moderation_state, COUNT(*) AS count FROM comments \
         WHERE trapped = 0 GROUP BY section_id, moderation_state ORDER BY section_id",
    )
    .fetch_all(&state.db.read)
    .await?;
    let counts = rows
        .into_iter()
        .map(|r| {
            let state = ModerationState::parse(&r.moderation_state).ok_or_else(|| {
                sqlx::Error::Decode(
                    format!("unknown moderation state {:?}", r.moderation_state).into(),
                )
            })?;
            Ok(StateCount {
                section_id: r.section_id,
                state,
                count: u32::try_from(r.count).unwrap_or(u32::MAX),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(counts)))
}

/// The list's filters `?1` to `?5` bound to `query`.
fn with_filters<'q>(
    query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    q: &'q ListQuery,
    search: Option<&'q str>,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>> {
    // The words as typed also find a comment by its author's name (not in the search
    // index: a name is no text to search in, but staff look for "Herr K.").
    let name =
        q.q.as_deref()
            .map(|w| w.trim().to_lowercase())
            .filter(|w| !w.is_empty());
    query
        .bind(q.state.map(ModerationState::as_str))
        .bind(q.section.as_deref())
        .bind(q.status.map(AnswerStatus::as_str))
        .bind(q.kiosk.as_deref())
        .bind(search)
        .bind(name)
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
    let action = match new_state {
        ModerationState::Published => AuditAction::Published,
        _ => AuditAction::Rejected,
    };
    let told = match new_state {
        ModerationState::Published => Some(NotifyEvent::Published),
        ModerationState::Rejected => Some(NotifyEvent::Rejected),
        _ => None,
    };
    let mut tx = state.db.write.begin_with("BEGIN IMMEDIATE").await?;
    let mut changed = 0;
    let mut queued = 0;
    for id in ids {
        let done = sqlx::query(
            "UPDATE comments SET moderation_state = ?1, moderation_reason = ?2, \
             published_at = CASE WHEN ?1 = ?4 \
               THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE NULL END \
             WHERE id = ?3 AND moderation_state != ?5 AND trapped = 0 \
             AND NOT (moderation_state = ?1 AND moderation_reason IS ?2) \
             AND (?6 IS NULL OR moderation_state = ?6)",
        )
        .bind(new_state.as_str())
        .bind(reason)
        .bind(id)
        .bind(ModerationState::Published.as_str())
        .bind(ModerationState::Withdrawn.as_str())
        .bind(from.map(ModerationState::as_str))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() > 0 {
            audit::record(&mut tx, id, action, &staff.name, reason, None).await?;
            if let Some(event) = told {
                queued += crate::notify::events::told(&mut tx, state, id, event, reason).await?;
            }
            changed += 1;
        }
    }
    tx.commit().await?;
    crate::notify::events::wake(state, queued);
    Ok(changed)
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
        let exists: Option<String> = sqlx::query_scalar(
            "SELECT moderation_state FROM comments \
             WHERE id = ? AND moderation_state != ? AND trapped = 0",
        )
        .bind(&ids[0])
        .bind(ModerationState::Withdrawn.as_str())
        .fetch_optional(&state.db.read)
        .await?;
        // Already in that state: nothing to do, nothing to record.
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

/// What an answer needs to know of its comment.
#[derive(sqlx::FromRow)]
struct AnsweredRow {
    moderation_state: String,
    section_id: String,
    section_version: i64,
    received_at: String,
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
    let mut tx = state.db.write.begin_with("BEGIN IMMEDIATE").await?;
    let current: Option<AnsweredRow> = sqlx::query_as(
        "SELECT moderation_state, section_id, section_version, received_at \
         FROM comments WHERE id = ?",
    )
    .bind(&id)
    .fetch_optional(&mut *tx)
    .await?;
    match current
        .as_ref()
        .map(|row| ModerationState::parse(&row.moderation_state))
    {
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
    if let Some(row) = &current {
        // A version that cannot be read counts as the newest: nothing is credited unasked.
        let comment = AnsweredComment {
            section_id: &row.section_id,
            section_version: u32::try_from(row.section_version).unwrap_or(u32::MAX),
            received_at: &row.received_at,
        };
        check_revision_credit(&input, &state.strategy(), comment).map_err(|e| invalid(&e))?;
    }
    let answered_before: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM answers WHERE comment_id = ?")
            .bind(&id)
            .fetch_optional(&mut *tx)
            .await?;
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
    .bind(&staff.name)
    .execute(&mut *tx)
    .await?;
    let action = if answered_before.is_some() {
        AuditAction::AnswerChanged
    } else {
        AuditAction::Answered
    };
    let detail = [Some(input.status.as_str()), reason]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(": ");
    audit::record(&mut tx, &id, action, &staff.name, Some(&detail), Some(text)).await?;
    let queued =
        crate::notify::events::told(&mut tx, &state, &id, NotifyEvent::Answered, Some(text))
            .await?;
    tx.commit().await?;
    crate::notify::events::wake(&state, queued);
    Ok(StatusCode::NO_CONTENT)
}
