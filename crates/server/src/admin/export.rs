//! The staff export: everything — received, published, rejected and withdrawn comments
//! (withdrawn ones without their text: it is erased), with states, reasons,
//! self-descriptions, kiosk labels and answers — and the whole audit trail, as JSON
//! (`/api/v1/admin/export.json`) and as two CSV files (`/api/v1/admin/export.csv`,
//! `/api/v1/admin/export-history.csv`; RFC 4180, UTF-8 with BOM, formulas defused as in
//! [`crate::open_data`]). Never a honeypot comment.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use mitreden_model::api::{AdminComment, Problem, StaffExport};

use super::session::Staff;
use crate::open_data::{csv_file, csv_head, csv_line};
use crate::rows::{comment_from_row, COMMENT_COLUMNS};
use crate::{AppError, AppState};

async fn everything(state: &AppState) -> Result<StaffExport, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN answers a ON a.comment_id = c.id \
         WHERE c.trapped = 0 ORDER BY c.received_at, c.id"
    ))
    .fetch_all(&state.db.read)
    .await?;
    let comments = rows
        .iter()
        .map(comment_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    let history = super::audit::trail(&state.db.read, None).await?;
    Ok(StaffExport { comments, history })
}

/// Everything as JSON.
#[utoipa::path(get, path = "/api/v1/admin/export.json", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "Every comment and the whole audit trail", body = StaffExport),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn json(State(state): State<AppState>, _staff: Staff) -> Result<Response, AppError> {
    let data = everything(&state).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(data)).into_response())
}

/// Every comment as CSV.
#[utoipa::path(get, path = "/api/v1/admin/export.csv", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "Every comment as CSV (RFC 4180, UTF-8 with BOM)", content_type = "text/csv", body = String),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn comments_csv(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<Response, AppError> {
    let data = everything(&state).await?;
    let mut out = csv_head(&COMMENT_CSV_COLUMNS);
    for c in &data.comments {
        out.push_str(&comment_line(c));
    }
    Ok(csv_file("mitreden-export.csv", out, "no-store"))
}

/// The whole audit trail as CSV.
#[utoipa::path(get, path = "/api/v1/admin/export-history.csv", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "Every moderation action as CSV (RFC 4180, UTF-8 with BOM)", content_type = "text/csv", body = String),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn history_csv(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<Response, AppError> {
    let data = everything(&state).await?;
    let mut out = csv_head(&[
        "comment_id",
        "action",
        "staff_name",
        "at",
        "detail",
        "answer",
    ]);
    for t in &data.history {
        let e = &t.entry;
        out.push_str(&csv_line(&[
            &t.comment_id,
            e.action.as_str(),
            &e.staff_name,
            &e.at,
            e.detail.as_deref().unwrap_or(""),
            e.answer.as_deref().unwrap_or(""),
        ]));
    }
    Ok(csv_file("mitreden-verlauf.csv", out, "no-store"))
}

/// The staff CSV's columns, in order.
const COMMENT_CSV_COLUMNS: [&str; 16] = [
    "id",
    "section_id",
    "section_version",
    "received_at",
    "state",
    "state_reason",
    "name",
    "self_description",
    "kiosk",
    "text",
    "answer_status",
    "answer",
    "answer_reason",
    "answer_office",
    "answered_at",
    "revision",
];

fn comment_line(c: &AdminComment) -> String {
    let version = c.section_version.to_string();
    let answer = c.answer.as_ref();
    let revision = answer
        .and_then(|a| a.revision.as_ref())
        .map(|r| format!("{}:{}", r.section_id, r.version))
        .unwrap_or_default();
    csv_line(&[
        &c.id,
        &c.section_id,
        &version,
        &c.received_at,
        c.moderation_state.as_str(),
        c.moderation_reason.as_deref().unwrap_or(""),
        c.name.as_deref().unwrap_or(""),
        c.self_description.as_deref().unwrap_or(""),
        c.kiosk.as_deref().unwrap_or(""),
        &c.text,
        answer.map_or("", |a| a.status.as_str()),
        answer.map_or("", |a| a.text.as_str()),
        answer.and_then(|a| a.reason.as_deref()).unwrap_or(""),
        answer.map_or("", |a| a.office.as_str()),
        answer.map_or("", |a| a.answered_at.as_str()),
        &revision,
    ])
}
