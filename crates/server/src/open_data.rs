//! The published comments with their answers as open data, under the licence the strategy
//! file names: JSON and CSV (RFC 4180, UTF-8 with a byte order mark so that Excel reads the
//! umlauts), for all sections and for one, at stable addresses:
//!
//! - `/api/v1/open-data/comments.json`, `/api/v1/open-data/comments.csv`
//! - `/api/v1/open-data/sections/{id}/comments.json`, `…/comments.csv`
//!
//! Only what the public sees is in it (the same condition as [`crate::public`]): never a
//! rejected, withdrawn or honeypot comment, never a self-description. A CSV field that
//! begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so that
//! no spreadsheet runs a citizen's text as a formula.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use mitreden_model::api::{OpenComment, OpenData, Problem};

use crate::public::public_condition;
use crate::rows::{comment_from_row, COMMENT_COLUMNS};
use crate::{AppError, AppState};

/// The open-data routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/open-data/comments.json", get(all_json))
        .route("/api/v1/open-data/comments.csv", get(all_csv))
        .route(
            "/api/v1/open-data/sections/{id}/comments.json",
            get(section_json),
        )
        .route(
            "/api/v1/open-data/sections/{id}/comments.csv",
            get(section_csv),
        )
}

/// The published comments (of one section, or all), oldest first.
async fn published(state: &AppState, section: Option<&str>) -> Result<OpenData, AppError> {
    if let Some(id) = section.filter(|id| state.strategy.section(id).is_none()) {
        return Err(AppError::NotFound(format!(
            "Diesen Abschnitt gibt es nicht: {}",
            id.chars().take(64).collect::<String>()
        )));
    }
    let rows = sqlx::query(&format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN answers a ON a.comment_id = c.id \
         WHERE (?1 IS NULL OR c.section_id = ?1) AND {} ORDER BY c.received_at, c.id",
        public_condition(state)
    ))
    .bind(section)
    .fetch_all(&state.db.read)
    .await?;
    let s = &state.strategy;
    let comments = rows
        .iter()
        .map(|row| {
            comment_from_row(row).map(|c| {
                let section = s
                    .section(&c.section_id)
                    .map(|x| format!("{} {}: {}", kind_name(x.kind), x.number, x.title))
                    .unwrap_or_default();
                let answer = c.answer;
                OpenComment {
                    id: c.id,
                    section_id: c.section_id,
                    section,
                    section_version: c.section_version,
                    received_at: c.received_at,
                    name: c.name,
                    text: c.text,
                    answer_status: answer.as_ref().map(|a| a.status),
                    answer_reason: answer.as_ref().and_then(|a| a.reason.clone()),
                    answer_office: answer.as_ref().map(|a| a.office.clone()),
                    answered_at: answer.as_ref().map(|a| a.answered_at.clone()),
                    revision: answer
                        .as_ref()
                        .and_then(|a| a.revision.as_ref())
                        .map(|r| format!("{}:{}", r.section_id, r.version)),
                    answer: answer.map(|a| a.text),
                }
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(OpenData {
        strategy: s.id.clone(),
        town: s.town.clone(),
        licence: s.licence.clone(),
        licence_url: s.licence_url.clone(),
        comments,
    })
}

/// A section kind as the town writes it: its key capitalised ("Leitmotiv", "Handlungsfeld").
pub(crate) fn kind_name(kind: mitreden_model::SectionKind) -> String {
    let key = kind.key();
    let mut chars = key.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The CSV's columns, in order.
pub const CSV_COLUMNS: [&str; 13] = [
    "id",
    "section_id",
    "section",
    "section_version",
    "received_at",
    "name",
    "text",
    "answer_status",
    "answer",
    "answer_reason",
    "answer_office",
    "answered_at",
    "revision",
];

/// `data` as CSV: a byte order mark, the header row, a row per comment, CRLF line ends.
pub fn to_csv(data: &OpenData) -> String {
    let mut out = csv_head(&CSV_COLUMNS);
    let line = csv_line;
    for c in &data.comments {
        let version = c.section_version.to_string();
        out.push_str(&line(&[
            &c.id,
            &c.section_id,
            &c.section,
            &version,
            &c.received_at,
            c.name.as_deref().unwrap_or(""),
            &c.text,
            c.answer_status.map_or("", |s| s.as_str()),
            c.answer.as_deref().unwrap_or(""),
            c.answer_reason.as_deref().unwrap_or(""),
            c.answer_office.as_deref().unwrap_or(""),
            c.answered_at.as_deref().unwrap_or(""),
            c.revision.as_deref().unwrap_or(""),
        ]));
    }
    out
}

/// The start of a CSV document: a byte order mark (so that Excel reads UTF-8) and the
/// header row.
pub fn csv_head(columns: &[&str]) -> String {
    format!("\u{feff}{}", csv_line(columns))
}

/// One CSV line: the fields (see [`csv_field`]) with commas, and CRLF.
pub fn csv_line(fields: &[&str]) -> String {
    let cells: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    cells.join(",") + "\r\n"
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes
/// doubled; a leading `'` where a spreadsheet would read a formula.
pub fn csv_field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn csv_response(data: &OpenData, name: &str) -> Response {
    let mut res = csv_file(name, to_csv(data), "no-cache");
    licence_link(res.headers_mut(), data);
    res
}

/// A CSV file to download as `name`, with this `Cache-Control`.
pub fn csv_file(name: &str, body: String, cache: &'static str) -> Response {
    let mut res = (
        [
            (
                header::CONTENT_TYPE,
                "text/csv; charset=utf-8; header=present",
            ),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response();
    if let Ok(v) = HeaderValue::try_from(format!("attachment; filename=\"{name}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

fn json_response(data: OpenData) -> Response {
    let mut res = ([(header::CACHE_CONTROL, "no-cache")], Json(&data)).into_response();
    licence_link(res.headers_mut(), &data);
    res
}

/// `Link: <licence>; rel="license"` (RFC 4946), where the licence's address can be one.
fn licence_link(headers: &mut axum::http::HeaderMap, data: &OpenData) {
    if let Ok(v) = HeaderValue::try_from(format!("<{}>; rel=\"license\"", data.licence_url)) {
        headers.insert(header::LINK, v);
    }
}

/// All published comments with their answers, as JSON, with the licence.
#[utoipa::path(get, path = "/api/v1/open-data/comments.json", tag = "open data",
    responses((status = 200, description = "Published comments with answers, oldest first, and the licence", body = OpenData),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn all_json(State(state): State<AppState>) -> Result<Response, AppError> {
    Ok(json_response(published(&state, None).await?))
}

/// All published comments with their answers, as CSV (UTF-8 with BOM; the licence in the
/// `Link` header and in the JSON).
#[utoipa::path(get, path = "/api/v1/open-data/comments.csv", tag = "open data",
    responses((status = 200, description = "Published comments as CSV (RFC 4180, UTF-8 with BOM)", content_type = "text/csv", body = String),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn all_csv(State(state): State<AppState>) -> Result<Response, AppError> {
    let data = published(&state, None).await?;
    Ok(csv_response(&data, "kommentare.csv"))
}

/// One section's published comments with their answers, as JSON.
#[utoipa::path(get, path = "/api/v1/open-data/sections/{id}/comments.json", tag = "open data",
    params(("id" = String, Path, description = "The section's id")),
    responses((status = 200, description = "The section's published comments and the licence", body = OpenData),
        (status = 404, description = "No such section", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn section_json(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    Ok(json_response(published(&state, Some(&id)).await?))
}

/// One section's published comments with their answers, as CSV.
#[utoipa::path(get, path = "/api/v1/open-data/sections/{id}/comments.csv", tag = "open data",
    params(("id" = String, Path, description = "The section's id")),
    responses((status = 200, description = "The section's published comments as CSV", content_type = "text/csv", body = String),
        (status = 404, description = "No such section", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn section_csv(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let data = published(&state, Some(&id)).await?;
    Ok(csv_response(&data, &format!("kommentare-{id}.csv")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_rfc_4180_asks_and_formulas_are_defused() {
        assert_eq!(csv_field("schlicht"), "schlicht");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("er sagte \"ja\""), "\"er sagte \"\"ja\"\"\"");
        assert_eq!(csv_field("Zeile 1\nZeile 2"), "\"Zeile 1\nZeile 2\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-5"), "'-5");
        assert_eq!(
            csv_field("Ärger über Öffnungszeiten"),
            "Ärger über Öffnungszeiten"
        );
    }
}
