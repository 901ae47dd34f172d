//! The council's printable report and the figures, rendered by the server as plain HTML:
//! no script, no wasm, no sign-in (issue 12).
//!
//! - `GET /bericht`: the report for the council meeting — title page, the figures, then
//!   each section on a page of its own (A4 print style sheet; the browser's print makes
//!   the PDF): its text, its changes as word diffs, its figures and its public comments
//!   with the official answers.
//! - `GET /zahlen`: the figures alone, overall and per section, as charts and tables.
//!
//! Only what the public may see is quoted (the condition of [`crate::public`]: never a
//! rejected, withdrawn or honeypot comment, never a self-description); the figures count
//! every comment but the withdrawn and the trapped ones, in the database ([`figures`]).
//! The figures by self-description are shown to signed-in staff only (public, a small
//! count would tie a new comment to its self-description). At most [`RENDERS`] pages are
//! made at once: each reads every public comment.
//!
//! - [`figures`]: the counting (SQL `GROUP BY`, ISO weeks, the Übernahmequote).
//! - [`charts`]: the SVG bar and column charts.
//! - [`view`]: the figures as headings, charts and tables.
//! - [`document`]: the two pages' bodies.
//! - [`html`]: escaping, German numbers and dates, the page shell and its style sheet.

pub mod charts;
pub mod document;
pub mod figures;
pub mod html;
pub mod view;

use axum::extract::{FromRequestParts, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use mitreden_model::api::{AnswerStatus, ModerationState, PublicComment};
use mitreden_model::Section;

use crate::admin::Staff;
use crate::open_data::kind_name;
use crate::{AppError, AppState};

/// `/bericht` and `/zahlen`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bericht", get(report))
        .route("/zahlen", get(figures_page))
}

/// Whether the request comes from signed-in staff (they see the figures by
/// self-description too).
async fn is_staff(mut parts: Parts, state: &AppState) -> bool {
    Staff::from_request_parts(&mut parts, state).await.is_ok()
}

/// Waits for one of the [`RENDERS`] slots, or says the server is busy: a report reads every
/// public comment, so a crowd asking for it at once must not hold all read connections.
async fn slot(state: &AppState) -> Result<tokio::sync::SemaphorePermit<'_>, AppError> {
    tokio::time::timeout(RENDER_WAIT, state.report_renders.acquire())
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(|| {
            AppError::Unavailable(
                "Der Bericht wird gerade oft abgerufen; bitte gleich noch einmal.".into(),
            )
        })
}

/// Reports and figure pages rendered at once; more wait up to [`RENDER_WAIT`].
pub const RENDERS: usize = 2;

/// How long a request waits for a render slot before it gets 503.
const RENDER_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The council's report.
pub async fn report(State(state): State<AppState>, parts: Parts) -> Result<Response, AppError> {
    let staff = is_staff(parts, &state).await;
    let _slot = slot(&state).await?;
    // The figures and the quoted comments are of the same moment.
    let (groups, comments) = state
        .store
        .report_data(state.moderation.public_states())
        .await?;
    let strategy = state.strategy();
    let all = figures::of(&strategy, groups).map_err(AppError::Internal)?;
    let comments = by_section(&strategy, comments);
    Ok(page(document::report(
        &state.strategy(),
        &all,
        &comments,
        &html::today(),
        staff,
    )))
}

/// The figures page.
pub async fn figures_page(
    State(state): State<AppState>,
    parts: Parts,
) -> Result<Response, AppError> {
    let staff = is_staff(parts, &state).await;
    let _slot = slot(&state).await?;
    let groups = state.store.figure_groups().await?;
    let all = figures::of(&state.strategy(), groups).map_err(AppError::Internal)?;
    Ok(page(document::figures_page(
        &state.strategy(),
        &all,
        &html::today(),
        staff,
    )))
}

/// An HTML page that is never stored: its figures change with every comment.
fn page(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// Each section's public comments (in the strategy's order), oldest first, as the public
/// sees them: read into [`PublicComment`] at once, so no self-description can reach a page.
fn by_section(
    strategy: &mitreden_model::Strategy,
    comments: Vec<mitreden_model::api::AdminComment>,
) -> Vec<Vec<PublicComment>> {
    let mut sections = vec![Vec::new(); strategy.sections.len()];
    for c in comments {
        let Some(list) = strategy
            .position(&c.section_id)
            .and_then(|i| sections.get_mut(i))
        else {
            // A section the strategy no longer has: counted in the figures, not quoted.
            continue;
        };
        list.push(PublicComment::from(c));
    }
    sections
}

/// An answer's status in the town's words (the model has only the stored words).
pub fn status_word(status: AnswerStatus) -> &'static str {
    match status {
        AnswerStatus::Eingegangen => "eingegangen",
        AnswerStatus::InPruefung => "in Prüfung",
        AnswerStatus::Beruecksichtigt => "berücksichtigt",
        AnswerStatus::TeilweiseBeruecksichtigt => "teilweise berücksichtigt",
        AnswerStatus::NichtBeruecksichtigt => "nicht berücksichtigt",
    }
}

/// A moderation state in the town's words.
pub fn state_word(state: ModerationState) -> &'static str {
    match state {
        ModerationState::Received => "eingegangen",
        ModerationState::Published => "veröffentlicht",
        ModerationState::Rejected => "abgelehnt",
        ModerationState::Withdrawn => "zurückgezogen",
    }
}

/// "Leitmotiv 2: Vorne dabei".
pub fn section_name(section: &Section) -> String {
    format!("{}: {}", short_name(section), section.title)
}

/// "Leitmotiv 2".
pub fn short_name(section: &Section) -> String {
    format!("{} {}", kind_name(section.kind), section.number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_and_state_has_its_own_german_words() {
        let words: Vec<&str> = AnswerStatus::ALL.into_iter().map(status_word).collect();
        assert_eq!(
            words,
            [
                "eingegangen",
                "in Prüfung",
                "berücksichtigt",
                "teilweise berücksichtigt",
                "nicht berücksichtigt"
            ]
        );
        let states: Vec<&str> = ModerationState::ALL.into_iter().map(state_word).collect();
        assert_eq!(
            states,
            [
                "eingegangen",
                "veröffentlicht",
                "abgelehnt",
                "zurückgezogen"
            ]
        );
    }
}
