//! What the public sees: published comments with their official answers, and how many
//! comments each section has. Rejected and withdrawn comments' texts never appear here.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use mitreden_model::api::Problem;
use mitreden_model::api::SectionCount;
use mitreden_model::paging::{CommentPage, Cursor, PageQuery, PageRequest};

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

/// The section with this id in the published strategy, or a 404 that names the id (its
/// first 64 characters).
pub(crate) fn known_section(
    state: &AppState,
    id: &str,
) -> Result<mitreden_model::Section, AppError> {
    state.strategy().section(id).cloned().ok_or_else(|| {
        AppError::NotFound(format!(
            "Diesen Abschnitt gibt es nicht: {}",
            id.chars().take(64).collect::<String>()
        ))
    })
}

/// A page of a section's published comments, each with its answer (see
/// [`mitreden_model::paging`]): newest first unless `order=oldest`, 20 unless `limit` says
/// (at most 100), the next page by the previous one's `next`. The first page also names
/// the comments that led to a change of the section. Kept encoded until something changes
/// ([`crate::read_cache`]); `If-None-Match` with the `ETag` gets a 304.
#[utoipa::path(get, path = "/api/v1/sections/{id}/comments", tag = "public",
    params(("id" = String, Path, description = "The section's id"), PageQuery),
    responses((status = 200, description = "A page of published comments", body = CommentPage,
            headers(("ETag" = String, description = "The page's validator (weak)"))),
        (status = 304, description = "Unchanged since the `ETag` sent in `If-None-Match`"),
        (status = 400, description = "A `limit` out of 1–100 or an `after` this server did not give", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such section", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn section_comments(
    State(state): State<AppState>,
    crate::extract::PathParams(id): crate::extract::PathParams<String>,
    crate::extract::QueryParams(query): crate::extract::QueryParams<PageQuery>,
    request: HeaderMap,
) -> Result<Response, AppError> {
    let section = known_section(&state, &id)?;
    let page = query
        .check()
        .map_err(|e| AppError::BadInput(StatusCode::BAD_REQUEST, e.message()))?;
    let key = format!(
        "section {} {} {} {}",
        section.id,
        page.order.as_str(),
        page.limit,
        page.after
            .as_ref()
            .map(Cursor::to_query)
            .unwrap_or_default()
    );
    let section = section.id.as_str();
    let encoded = state
        .read_cache
        .get(key, || comment_page(&state, section, &page))
        .await?;
    Ok(encoded.respond(&request))
}

/// A page of `section`'s public comments from the database.
async fn comment_page(
    state: &AppState,
    section: &str,
    page: &PageRequest,
) -> Result<CommentPage, AppError> {
    Ok(state
        .store
        .public_comments(section, state.moderation.public_states(), page)
        .await?)
}

/// Published comments per section, for the start page (kept like the pages).
#[utoipa::path(get, path = "/api/v1/counts", tag = "public",
    responses((status = 200, description = "Published comments per section", body = [SectionCount],
            headers(("ETag" = String, description = "The counts' validator (weak)"))),
        (status = 304, description = "Unchanged since the `ETag` sent in `If-None-Match`"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn counts(
    State(state): State<AppState>,
    request: HeaderMap,
) -> Result<Response, AppError> {
    let encoded = state
        .read_cache
        .get("counts".to_owned(), || section_counts(&state))
        .await?;
    Ok(encoded.respond(&request))
}

/// Every section's number of public comments, in the strategy's order.
async fn section_counts(state: &AppState) -> Result<Vec<SectionCount>, AppError> {
    let rows = state
        .store
        .public_counts(state.moderation.public_states())
        .await?;
    Ok(state
        .strategy()
        .sections
        .iter()
        .map(|s| SectionCount {
            section_id: s.id.clone(),
            comments: rows
                .iter()
                .find(|(id, _)| *id == s.id)
                .map_or(0, |(_, n)| *n),
        })
        .collect())
}
