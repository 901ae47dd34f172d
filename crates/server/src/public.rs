//! What the public sees: published comments with their official answers, and how many
//! comments each section has. Rejected and withdrawn comments' texts never appear here.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use mitreden_model::api::Problem;
use mitreden_model::api::{ModerationState, PublicComment, SectionCount};

use crate::config::Moderation;
use crate::rows::{comment_from_row, COMMENT_COLUMNS};
use crate::{AppError, AppState};

/// `/api/v1/sections/{id}/comments` and `/api/v1/counts`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/sections/{id}/comments", get(section_comments))
        .route("/api/v1/counts", get(counts))
        // No same-origin check for the form (unlike the administration's routes): it writes
        // nothing and uses no cookie, and a form posted under `Referrer-Policy: no-referrer`
        // says `Origin: null`. Small bodies only: an address is at most 512 characters.
        .route(
            "/api/v1/qr.svg",
            get(qr_svg)
                .post(qr_svg_of_form)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_QR_BODY)),
        )
}

/// The longest text `/api/v1/qr.svg` draws (an address; a QR code holds ~2,300 bytes at
/// level M, but a printed one stays scannable only when small).
pub const MAX_QR_CHARS: usize = 512;

/// The largest form body `POST /api/v1/qr.svg` reads (512 characters, percent-encoded).
const MAX_QR_BODY: usize = 8 * 1024;

/// What `/api/v1/qr.svg` draws (a query, or a form's field).
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct QrText {
    /// The text, e.g. a section's address (at most [`MAX_QR_CHARS`] characters).
    text: String,
}

/// A QR code as SVG: the print view puts one beside each section's address (the app fills
/// in this site's address, which a prerendered page cannot know). The encoder lives here
/// and in the kiosk's bundle, never in the citizens' bundle.
#[utoipa::path(get, path = "/api/v1/qr.svg", tag = "public",
    params(("text" = String, Query, description = "The text to encode, e.g. an address (1 to 512 characters)")),
    responses((status = 200, description = "The QR code", content_type = "image/svg+xml", body = String),
        (status = 400, description = "No text, or longer than 512 characters", body = Problem, content_type = "application/problem+json")))]
pub async fn qr_svg(
    crate::extract::QueryParams(q): crate::extract::QueryParams<QrText>,
) -> Result<impl IntoResponse, AppError> {
    // The same text always draws the same code.
    qr(&q.text, StatusCode::BAD_REQUEST, "public, max-age=86400")
}

/// A QR code of a text sent as a form: the receipt page's "Als QR-Code zeigen" posts its own
/// address here and the browser shows the code full-size in a tab of its own — the token in
/// the address's fragment never reaches a query string or a log, and nothing keeps it.
#[utoipa::path(post, path = "/api/v1/qr.svg", tag = "public",
    request_body(content = QrText, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, description = "The QR code", content_type = "image/svg+xml", body = String),
        (status = 400, description = "Not a form with text", body = Problem, content_type = "application/problem+json"),
        (status = 408, description = "The body came too slowly", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 8 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/x-www-form-urlencoded", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No text, or longer than 512 characters", body = Problem, content_type = "application/problem+json")))]
pub async fn qr_svg_of_form(
    crate::extract::FormBody(q): crate::extract::FormBody<QrText>,
) -> Result<impl IntoResponse, AppError> {
    qr(&q.text, StatusCode::UNPROCESSABLE_ENTITY, "no-store")
}

/// The SVG of `text` with the given `Cache-Control`, if it has 1 to [`MAX_QR_CHARS`]
/// characters; else a problem with `refused` (each method says it its own way).
fn qr(text: &str, refused: StatusCode, cache: &'static str) -> Result<impl IntoResponse, AppError> {
    let drawn = (1..=MAX_QR_CHARS)
        .contains(&text.chars().count())
        .then(|| mitreden_model::qr::svg(text, "QR-Code"))
        .flatten()
        .ok_or_else(|| {
            AppError::BadInput(
                refused,
                format!("text muss 1 bis {MAX_QR_CHARS} Zeichen lang sein."),
            )
        })?;
    let svg = drawn.replacen("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", 1);
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, cache),
        ],
        svg,
    ))
}

/// The SQL condition for "public", by moderation mode (the words from the model's enum).
pub(crate) fn public_condition(state: &AppState) -> String {
    let public: &[ModerationState] = match state.moderation {
        Moderation::Pre => &[ModerationState::Published],
        Moderation::Post => &[ModerationState::Published, ModerationState::Received],
    };
    let words: Vec<String> = public.iter().map(|s| format!("'{}'", s.as_str())).collect();
    // A comment a bot sent through the honeypot is never public, whatever the moderation.
    format!(
        "c.moderation_state IN ({}) AND c.trapped = 0",
        words.join(", ")
    )
}

/// Published comments on a section, newest first, each with its answer.
#[utoipa::path(get, path = "/api/v1/sections/{id}/comments", tag = "public",
    params(("id" = String, Path, description = "The section's id")),
    responses((status = 200, description = "Published comments, newest first", body = [PublicComment]),
        (status = 404, description = "No such section", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn section_comments(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    if state.strategy.section(&id).is_none() {
        return Err(AppError::NotFound(format!(
            "Diesen Abschnitt gibt es nicht: {id}"
        )));
    }
    let rows = sqlx::query(&format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN answers a ON a.comment_id = c.id \
         WHERE c.section_id = ? AND {} ORDER BY c.received_at DESC, c.id",
        public_condition(&state)
    ))
    .bind(&id)
    .fetch_all(&state.db.read)
    .await?;
    let comments = rows
        .iter()
        .map(|row| {
            comment_from_row(row).map(|c| PublicComment {
                id: c.id,
                section_id: c.section_id,
                section_version: c.section_version,
                text: c.text,
                name: c.name,
                received_at: c.received_at,
                answer: c.answer,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(([(header::CACHE_CONTROL, "no-cache")], Json(comments)))
}

/// Published comments per section, for the start page.
#[utoipa::path(get, path = "/api/v1/counts", tag = "public",
    responses((status = 200, description = "Published comments per section", body = [SectionCount]),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn counts(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT c.section_id, COUNT(*) FROM comments c WHERE {} GROUP BY c.section_id",
        public_condition(&state)
    ))
    .fetch_all(&state.db.read)
    .await?;
    let counts: Vec<SectionCount> = state
        .strategy
        .sections
        .iter()
        .map(|s| SectionCount {
            section_id: s.id.clone(),
            comments: rows
                .iter()
                .find(|(id, _)| *id == s.id)
                .map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(u32::MAX)),
        })
        .collect();
    Ok(([(header::CACHE_CONTROL, "no-cache")], Json(counts)))
}
