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
//!
//! The files are written while they are read, [`CHUNK`] comments at a time (keyset
//! paging, oldest first), so memory stays bounded however many comments there are.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use mitreden_model::api::{OpenComment, OpenData, Problem};

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
        // Gzip only, compressed here (the server's own layer then leaves them be): a
        // brotli encoder keeps a window of megabytes for as long as a download runs, gzip
        // 32 KiB — 32 downloads at once took the process to 435 MiB with brotli.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .br(false)
                .no_deflate()
                .no_zstd(),
        )
}

/// How many comments one query of the open data reads: the files are written while they
/// are read, a chunk at a time, so that memory stays bounded whatever their number and no
/// database connection waits on a slow download.
const CHUNK: u32 = 500;

/// Downloads of open data written at once: each costs a compressor's memory (brotli keeps
/// a window of megabytes) and CPU for as long as it runs, so a crowd of them waits its
/// turn instead of taking the process's memory (32 at once reached 435 MiB).
pub const STREAMS: usize = 4;

/// How long a download waits for its turn before the answer is 503 with `Retry-After`.
const STREAM_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Which comments a file has: one section's or all.
#[derive(Clone)]
struct Selection {
    state: AppState,
    section: Option<String>,
}

impl Selection {
    /// All comments, or `section`'s (404 when there is no such section).
    fn new(state: AppState, section: Option<String>) -> Result<Self, AppError> {
        if let Some(id) = &section {
            crate::public::known_section(&state, id)?;
        }
        Ok(Self { state, section })
    }

    /// The file's head: strategy, town and licence (no comments).
    fn head(&self) -> OpenData {
        let s = self.state.strategy();
        OpenData {
            strategy: s.id.clone(),
            town: s.town.clone(),
            licence: s.licence.clone(),
            licence_url: s.licence_url.clone(),
            comments: Vec::new(),
        }
    }

    /// Up to [`CHUNK`] published comments after `after` (received_at, id), oldest first.
    async fn chunk(&self, after: Option<&(String, String)>) -> Result<Vec<OpenComment>, AppError> {
        let state = &self.state;
        let rows = state
            .store
            .public_chunk(
                self.section.as_deref(),
                state.moderation.public_states(),
                after.map(|(at, id)| (at.as_str(), id.as_str())),
                CHUNK,
            )
            .await?;
        let s = state.strategy();
        let comments = rows
            .into_iter()
            .map(|c| {
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
            .collect();
        Ok(comments)
    }

    /// The file as a body written chunk by chunk: `start`, then each chunk as `encode`
    /// writes it (told whether it is the first), then `end`. The first chunk is read
    /// before the answer begins, so a busy database is still a 503; a failure later ends
    /// the download early (logged), which a client sees as an incomplete file.
    async fn body<E>(self, start: String, encode: E, end: &'static str) -> Result<Body, AppError>
    where
        E: Fn(&[OpenComment], bool) -> String + Send + Sync + 'static,
    {
        // A download holds its slot until its last byte is written (the permit is part of
        // the stream's state).
        let slot = tokio::time::timeout(
            STREAM_WAIT,
            self.state.open_data_streams.clone().acquire_owned(),
        )
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(|| {
            AppError::Unavailable(
                "Die offenen Daten werden gerade oft geladen; bitte gleich noch einmal.".into(),
            )
        })?;
        let first = self.chunk(None).await?;
        let head = futures_util::stream::iter([Ok::<_, AppError>(Bytes::from(start))]);
        // (selection and slot, the chunk to write, is it the first)
        let rest = futures_util::stream::try_unfold(
            ((self, slot), Some(first), true),
            move |((selection, slot), chunk, first)| {
                let encode = &encode;
                let text = chunk.as_ref().map(|c| encode(c, first));
                async move {
                    let Some(chunk) = chunk else {
                        return Ok(None);
                    };
                    let mut text = text.unwrap_or_default();
                    let next = if chunk.len() < CHUNK as usize {
                        text.push_str(end);
                        None
                    } else {
                        let last = chunk.last().map(|c| (c.received_at.clone(), c.id.clone()));
                        Some(selection.chunk(last.as_ref()).await.inspect_err(|e| {
                            tracing::error!(error = %e, "open data ended early");
                        })?)
                    };
                    Ok(Some((Bytes::from(text), ((selection, slot), next, false))))
                }
            },
        );
        Ok(Body::from_stream(futures_util::StreamExt::chain(
            head, rest,
        )))
    }
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

/// Comments as CSV lines (CRLF line ends), in [`CSV_COLUMNS`]' order.
fn csv_lines(comments: &[OpenComment]) -> String {
    let mut out = String::new();
    for c in comments {
        let version = c.section_version.to_string();
        out.push_str(&csv_line(&[
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

/// The CSV file (a byte order mark, the header row, a row per comment) as `name`.
async fn csv_response(selection: Selection, name: &str) -> Result<Response, AppError> {
    let head = selection.head();
    let body = selection
        .body(csv_head(&CSV_COLUMNS), |c, _| csv_lines(c), "")
        .await?;
    let mut res = csv_file(name, body, "no-cache");
    licence_link(res.headers_mut(), &head);
    Ok(res)
}

/// A CSV file to download as `name`, with this `Cache-Control`.
pub fn csv_file(name: &str, body: impl Into<Body>, cache: &'static str) -> Response {
    let mut res = (
        [
            (
                header::CONTENT_TYPE,
                "text/csv; charset=utf-8; header=present",
            ),
            (header::CACHE_CONTROL, cache),
        ],
        body.into(),
    )
        .into_response();
    if let Ok(v) = HeaderValue::try_from(format!("attachment; filename=\"{name}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// The JSON file: the head's fields, then `comments` written chunk by chunk.
async fn json_response(selection: Selection) -> Result<Response, AppError> {
    let head = selection.head();
    // `comments` is the head's last field: its empty list is where the chunks go.
    let start = serde_json::to_string(&head)
        .ok()
        .and_then(|text| text.strip_suffix("]}").map(str::to_owned))
        .ok_or_else(|| {
            AppError::Internal("the open data's head did not end with comments".into())
        })?;
    let encode = |chunk: &[OpenComment], first: bool| {
        let mut out = String::new();
        for (i, c) in chunk.iter().enumerate() {
            if !(first && i == 0) {
                out.push(',');
            }
            out.push_str(&serde_json::to_string(c).unwrap_or_default());
        }
        out
    };
    let body = selection.body(start, encode, "]}").await?;
    let mut res = (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response();
    licence_link(res.headers_mut(), &head);
    Ok(res)
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
    json_response(Selection::new(state, None)?).await
}

/// All published comments with their answers, as CSV (UTF-8 with BOM; the licence in the
/// `Link` header and in the JSON).
#[utoipa::path(get, path = "/api/v1/open-data/comments.csv", tag = "open data",
    responses((status = 200, description = "Published comments as CSV (RFC 4180, UTF-8 with BOM)", content_type = "text/csv", body = String),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn all_csv(State(state): State<AppState>) -> Result<Response, AppError> {
    csv_response(Selection::new(state, None)?, "kommentare.csv").await
}

/// One section's published comments with their answers, as JSON.
#[utoipa::path(get, path = "/api/v1/open-data/sections/{id}/comments.json", tag = "open data",
    params(("id" = String, Path, description = "The section's id")),
    responses((status = 200, description = "The section's published comments and the licence", body = OpenData),
        (status = 404, description = "No such section", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn section_json(
    State(state): State<AppState>,
    crate::extract::PathParams(id): crate::extract::PathParams<String>,
) -> Result<Response, AppError> {
    json_response(Selection::new(state, Some(id))?).await
}

/// One section's published comments with their answers, as CSV.
#[utoipa::path(get, path = "/api/v1/open-data/sections/{id}/comments.csv", tag = "open data",
    params(("id" = String, Path, description = "The section's id")),
    responses((status = 200, description = "The section's published comments as CSV", content_type = "text/csv", body = String),
        (status = 404, description = "No such section", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn section_csv(
    State(state): State<AppState>,
    crate::extract::PathParams(id): crate::extract::PathParams<String>,
) -> Result<Response, AppError> {
    let name = format!("kommentare-{id}.csv");
    csv_response(Selection::new(state, Some(id))?, &name).await
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
