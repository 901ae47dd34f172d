//! The staff export: everything — received, published, rejected and withdrawn comments
//! (withdrawn ones without their text: it is erased), with states, reasons,
//! self-descriptions, kiosk labels and answers — and the whole audit trail, as JSON
//! (`/api/v1/admin/export.json`) and as two CSV files (`/api/v1/admin/export.csv`,
//! `/api/v1/admin/export-history.csv`; RFC 4180, UTF-8 with BOM, formulas defused as in
//! [`crate::open_data`]). Never a honeypot comment.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mitreden_model::api::{AdminComment, Problem, StaffExport};
use mitreden_model::moderation::{AuditAction, HistoryEntry, TrailEntry};
use sqlx::FromRow;

use super::session::Staff;
use crate::open_data::csv_line;
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
    #[derive(FromRow)]
    struct Event {
        comment_id: String,
        action: String,
        staff_name: String,
        at: String,
        detail: Option<String>,
        answer_text: Option<String>,
    }
    let events: Vec<Event> = sqlx::query_as(
        "SELECT comment_id, action, staff_name, at, detail, answer_text \
         FROM moderation_events ORDER BY id",
    )
    .fetch_all(&state.db.read)
    .await?;
    let history = events
        .into_iter()
        .map(|e| {
            let action = AuditAction::parse(&e.action).ok_or_else(|| {
                sqlx::Error::Decode(format!("unknown audit action {:?}", e.action).into())
            })?;
            Ok(TrailEntry {
                comment_id: e.comment_id,
                entry: HistoryEntry {
                    action,
                    staff_name: e.staff_name,
                    at: e.at,
                    detail: e.detail,
                    answer: e.answer_text,
                },
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
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
    let mut out = String::from("\u{feff}");
    out.push_str(&csv_line(&COMMENT_CSV_COLUMNS));
    for c in &data.comments {
        out.push_str(&comment_line(c));
    }
    Ok(csv("mitreden-export.csv", out))
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
    let mut out = String::from("\u{feff}");
    out.push_str(&csv_line(&[
        "comment_id",
        "action",
        "staff_name",
        "at",
        "detail",
        "answer",
    ]));
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
    Ok(csv("mitreden-verlauf.csv", out))
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

fn csv(name: &str, body: String) -> Response {
    let mut res = (
        [
            (
                header::CONTENT_TYPE,
                "text/csv; charset=utf-8; header=present",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response();
    if let Ok(v) = HeaderValue::try_from(format!("attachment; filename=\"{name}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}
