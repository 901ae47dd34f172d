//! The strategy's versions in the administration: every staff member sees the stored
//! versions; the role "Verwaltung" reads a file into a preview (what changes against the
//! current version, before anything is stored), stores it as a draft, and publishes a
//! draft: after a confirmation that says what changes for citizens, the version becomes
//! current, the comments linked to its changes are credited ([`super::causes`]), and the
//! server renders and serves its pages before it answers — the open apps then show the
//! "new version" banner.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::Json;
use mitreden_model::api::Problem;
use mitreden_model::versions::{
    preview, DocumentImport, PublishInput, PublishPreview, StrategyPreview, StrategyUpload,
    StrategyVersion,
};
use serde::Deserialize;

use super::session::Staff;
use crate::extract::{JsonBody, PathParams, QueryParams, RawBody};
use crate::{strategy, AppError, AppState};

/// The largest upload: a strategy file at its largest, written into JSON (where a
/// character may take up to six bytes, `\u0000`).
pub const MAX_UPLOAD_BODY: usize = 6 * mitreden_model::parse::MAX_FILE_BYTES + 4096;

/// The body limit of the routes that take a file.
pub fn upload_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_UPLOAD_BODY)
}

/// The body limit of the route that reads a document.
pub fn document_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(crate::document::MAX_DOCUMENT_BYTES)
}

/// The stored versions, oldest first, with the current one marked.
#[utoipa::path(get, path = "/api/v1/admin/strategy/versions", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "The stored versions", body = [StrategyVersion]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn versions(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<Json<Vec<StrategyVersion>>, AppError> {
    let (stored, current) = strategy::versions_with_sources(&*state.store).await?;
    // Each file is read for its title (a few MB at most each): off the async workers.
    let list = tokio::task::spawn_blocking(move || list(stored, current))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Json(list))
}

fn list(
    stored: Vec<(strategy::StoredVersion, String)>,
    current: Option<i64>,
) -> Vec<StrategyVersion> {
    stored
        .into_iter()
        .map(|(v, source)| {
            // Every stored file was checked when it came; one that no longer reads (a
            // stricter rule since) is listed without its title.
            let read = strategy::read("", &source).ok();
            StrategyVersion {
                current: current == Some(v.version),
                version: v.version,
                imported_at: v.imported_at,
                imported_by: v.imported_by,
                published_at: v.published_at,
                published_by: v.published_by,
                town: read.as_ref().map(|s| s.town.clone()).unwrap_or_default(),
                title: read.as_ref().map(|s| s.title.clone()).unwrap_or_default(),
                sections: read.map_or(0, |s| u32::try_from(s.sections.len()).unwrap_or(0)),
            }
        })
        .collect()
}

fn unreadable(message: String) -> AppError {
    AppError::BadInput(StatusCode::UNPROCESSABLE_ENTITY, message)
}

/// Reads a file off the async workers: a file of some MB takes a noticeable time.
pub(super) async fn read_off_workers(
    name: String,
    source: String,
) -> Result<mitreden_model::Strategy, AppError> {
    tokio::task::spawn_blocking(move || strategy::read(&name, &source))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(unreadable)
}

/// The file read and compared with the current version; nothing is stored.
#[utoipa::path(post, path = "/api/v1/admin/strategy/preview", tag = "admin", security(("session" = [])),
    request_body(content = StrategyUpload, content_type = "application/json"),
    responses((status = 200, description = "What would change", body = StrategyPreview),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung, or not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a strategy file: file, line, column and what is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn preview_upload(
    State(state): State<AppState>,
    _staff: Staff,
    JsonBody(input): JsonBody<StrategyUpload>,
) -> Result<Json<StrategyPreview>, AppError> {
    let mut seen = compare(&state, &input).await?;
    seen.stored_as = strategy::stored_as(&*state.store, &input.source).await?;
    Ok(Json(seen))
}

/// The upload read (named in messages by its file's name) and compared with the current
/// version.
async fn compare(state: &AppState, input: &StrategyUpload) -> Result<StrategyPreview, AppError> {
    let name = file_name(&input.file_name);
    let next = read_off_workers(name, input.source.clone()).await?;
    let current = match strategy::source(&*state.store, None).await? {
        Some(source) => read_off_workers(String::new(), source).await.ok(),
        None => None,
    };
    Ok(preview(current.as_ref(), &next))
}

/// The name of an uploaded document.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DocumentName {
    /// The file's name as the browser gave it (its ending tells a strategy file, `.toml`,
    /// from Markdown; office files are told by their content).
    pub name: String,
}

/// A document — Word (DOCX), OpenDocument (ODT), Markdown or a strategy file (TOML) — read
/// into a strategy file beside the current version: the sections found, what was dropped,
/// and the file to preview and store. Nothing is stored.
#[utoipa::path(post, path = "/api/v1/admin/strategy/document", tag = "admin", security(("session" = [])),
    params(DocumentName),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, description = "What the document became", body = DocumentImport),
        (status = 400, description = "The file's name is missing", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung, or not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 16 MB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a document that can be read: what is wrong and where", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn read_document(
    State(state): State<AppState>,
    _staff: Staff,
    QueryParams(query): QueryParams<DocumentName>,
    RawBody(bytes): RawBody,
) -> Result<Json<DocumentImport>, AppError> {
    let name = file_name(&query.name);
    let Some(source) = strategy::source(&*state.store, None).await? else {
        return Err(unreadable(
            "Es gibt noch keine Strategie, neben die das Dokument treten könnte.".into(),
        ));
    };
    let today = crate::lottery::now().format("%Y-%m-%d").to_string();
    // Unpacking and reading a document of some MB takes a while: off the async workers.
    let read = tokio::task::spawn_blocking(move || {
        let current = strategy::read("", &source)?;
        crate::document::read(&name, &bytes, &current, &today)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(unreadable)?;
    Ok(Json(read))
}

/// Stores the file as a draft (checked first; a file that would change a section's text
/// without a new version number is refused).
#[utoipa::path(post, path = "/api/v1/admin/strategy/versions", tag = "admin", security(("session" = [])),
    request_body(content = StrategyUpload, content_type = "application/json"),
    responses((status = 201, description = "Stored as a draft; its version number", body = i64, content_type = "application/json"),
        (status = 200, description = "Stored before; its version number", body = i64, content_type = "application/json"),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung, or not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a strategy file, or a text changed without a new version", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn store_draft(
    State(state): State<AppState>,
    staff: Staff,
    JsonBody(input): JsonBody<StrategyUpload>,
) -> Result<(StatusCode, Json<i64>), AppError> {
    let seen = compare(&state, &input).await?;
    if !seen.can_be_stored() {
        return Err(unreadable(
            "Der Text eines Abschnitts ist geändert, aber seine Fassungsnummer nicht: Die \
             Kommentare zur bisherigen Fassung schienen sonst den neuen Text zu meinen. Bitte \
             die bisherige Fassung als [[section.earlier]] in die Datei aufnehmen."
                .into(),
        ));
    }
    // Read and checked by `compare` already.
    let done = strategy::save(&*state.store, &input.source, &staff.name, false).await?;
    tracing::info!(by = %staff.name, version = done.version, new = done.new, "strategy draft stored");
    let status = if done.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(done.version)))
}

/// The file's name for messages: its last part, at most 100 characters, or a stand-in.
fn file_name(given: &str) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let name: String = last.chars().filter(|c| !c.is_control()).take(100).collect();
    if name.is_empty() {
        "Strategiedatei".to_owned()
    } else {
        name
    }
}

/// A page of a stored version.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PagePath {
    /// The page as citizens open it: `/`, `/abschnitt/leitmotiv-2`, `/en/abschnitt/…`.
    pub path: String,
}

/// A page of the stored `version` as citizens will see it once published: rendered as the
/// server renders published pages, but inert (no script runs: the preview takes no
/// comments and starts no app). Its links lead to the published pages.
#[utoipa::path(get, path = "/api/v1/admin/strategy/versions/{version}/page", tag = "admin", security(("session" = [])),
    params(("version" = i64, Path, description = "The stored version"), PagePath),
    responses((status = 200, description = "The page as HTML", body = String, content_type = "text/html"),
        (status = 400, description = "The path is missing", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such version, or no such page in it", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn page_preview(
    State(state): State<AppState>,
    _staff: Staff,
    PathParams(version): PathParams<i64>,
    QueryParams(page): QueryParams<PagePath>,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    let Some(source) = strategy::source(&*state.store, Some(version)).await? else {
        return Err(AppError::NotFound(format!("Keine Fassung {version}.")));
    };
    let pages = state.pages.clone();
    let path = page.path.clone();
    let html = tokio::task::spawn_blocking(move || {
        strategy::read("", &source).map(|s| pages.preview(s, &path))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(AppError::Internal)?;
    let Some(html) = html else {
        return Err(AppError::NotFound(format!(
            "Fassung {version} hat keine Seite {}.",
            page.path.chars().take(200).collect::<String>()
        )));
    };
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                axum::http::header::CONTENT_SECURITY_POLICY,
                "script-src 'none'; form-action 'none'",
            ),
            (
                axum::http::HeaderName::from_static("x-robots-tag"),
                "noindex",
            ),
        ],
        html,
    )
        .into_response())
}

/// A stored version read, with the current one beside it (both off the async workers).
async fn with_current(
    state: &AppState,
    version: i64,
) -> Result<
    (
        mitreden_model::Strategy,
        Option<(i64, mitreden_model::Strategy)>,
        bool,
    ),
    AppError,
> {
    let Some((stored, source)) = strategy::stored(&*state.store, version).await? else {
        return Err(AppError::NotFound(format!("Keine Fassung {version}.")));
    };
    let published = stored.published_at.is_some();
    let now = strategy::current(&*state.store).await?;
    let next = read_off_workers(String::new(), source).await?;
    let current = match now {
        Some((v, source)) => Some((v, read_off_workers(String::new(), source).await?)),
        None => None,
    };
    Ok((next, current, published))
}

/// What publishing the stored `version` would change for citizens: section by section
/// against the current version, and the comments that would be credited.
#[utoipa::path(get, path = "/api/v1/admin/strategy/versions/{version}", tag = "admin", security(("session" = [])),
    params(("version" = i64, Path, description = "The stored version")),
    responses((status = 200, description = "What a publish would change", body = PublishPreview),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn publish_preview(
    State(state): State<AppState>,
    _staff: Staff,
    PathParams(version): PathParams<i64>,
) -> Result<Json<PublishPreview>, AppError> {
    let (next, current, published) = with_current(&state, version).await?;
    let pending = super::causes::pending(&*state.store).await?;
    let credits = if published {
        Vec::new()
    } else {
        super::causes::due(&pending, current.as_ref().map(|(_, s)| s), &next)
    };
    let mut changes = preview(current.as_ref().map(|(_, s)| s), &next);
    changes.stored_as = Some(version);
    Ok(Json(PublishPreview {
        version,
        current: current.map(|(v, _)| v),
        published,
        changes,
        credits,
    }))
}

/// Publishes the stored draft `version`: it becomes the current version, the comments
/// linked to its changes are credited, and its pages are rendered and served before the
/// answer comes (the number of comments credited).
#[utoipa::path(post, path = "/api/v1/admin/strategy/versions/{version}/publish", tag = "admin", security(("session" = [])),
    params(("version" = i64, Path, description = "The stored draft")),
    request_body(content = PublishInput, content_type = "application/json"),
    responses((status = 200, description = "Published and served; how many comments were credited", body = usize, content_type = "application/json"),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung, or not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another version was published since the confirmation (code `version_changed`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Published already, or a text changed without a new version", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(version): PathParams<i64>,
    JsonBody(input): JsonBody<PublishInput>,
) -> Result<Json<usize>, AppError> {
    // Not beside a save: its links belong to the draft they came with.
    let _one_at_a_time = super::editor::SAVING.lock().await;
    let (next, current, _) = with_current(&state, version).await?;
    if !preview(current.as_ref().map(|(_, s)| s), &next).can_be_stored() {
        return Err(unreadable(
            "In dieser Fassung ist der Text eines Abschnitts geändert, aber seine \
             Fassungsnummer nicht."
                .into(),
        ));
    }
    let done = strategy::publish(
        &*state.store,
        version,
        &next,
        current.as_ref().map(|(v, s)| (*v, s)),
        input.current,
        strategy::Publisher {
            by: &staff.name,
            office: &state.office,
            teller: crate::notify::events::Teller::of(&state).as_ref(),
        },
    )
    .await?;
    crate::notify::events::wake(&state, done.queued);
    tracing::info!(by = %staff.name, version, credited = done.credited, "strategy published");
    // Served before the answer: the office sees the citizens' pages change as it is told.
    // Published it is either way: where rendering fails now, the regular look tries again.
    if let Err(e) = strategy::follow(&state).await {
        tracing::warn!(error = %e, version, "published, not yet served");
    }
    Ok(Json(done.credited))
}
