//! The administration's event routes (routed in [`crate::admin`], behind its session and
//! same-origin checks): every signed-in staff member sees the event's state; closing,
//! committing, drawing, the invitees (names and contacts) and deleting the contacts are for
//! the role "Verwaltung" (403 for "Moderation").

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use mitreden_model::api::Problem;
use mitreden_model::event::{DrawRequest, EventAdminState, Invitee};

use super::{event_of, now, staff};
use crate::admin::Staff;
use crate::extract::{JsonBody, PathParams};
use crate::{AppError, AppState};

/// The event as staff see it: the answer of every staff route but the invitees.
async fn answer(state: &AppState, id: &str) -> Result<Response, AppError> {
    let strategy = state.strategy();
    let event = event_of(&strategy, id)?;
    let body = staff::admin_state(&*state.store, event, now()).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

/// The event with its applications counted by group, withdrawals and the deletion.
#[utoipa::path(get, path = "/api/v1/admin/events/{event}", tag = "admin", security(("session" = [])),
    params(("event" = String, Path, description = "The event's id")),
    responses((status = 200, description = "The event as staff see it", body = EventAdminState),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn state(
    State(state): State<AppState>,
    _staff: Staff,
    PathParams(id): PathParams<String>,
) -> Result<Response, AppError> {
    answer(&state, &id).await
}

/// Closes the applications now (again: no change). 409 before the commitment and once
/// drawn.
#[utoipa::path(post, path = "/api/v1/admin/events/{event}/close", tag = "admin", security(("session" = [])),
    params(("event" = String, Path, description = "The event's id")),
    responses((status = 200, description = "Closed", body = EventAdminState),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung, or not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No commitment yet, or drawn already (`code`: no_commitment, already_drawn)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn close(
    State(state): State<AppState>,
    who: Staff,
    PathParams(id): PathParams<String>,
) -> Result<Response, AppError> {
    let strategy = state.strategy();
    let event = event_of(&strategy, &id)?;
    staff::close(&*state.store, event, &who.name, now()).await?;
    answer(&state, &id).await
}

/// Makes the secret seed and publishes its commitment (SHA-256). 409 once committed, or
/// once the applications are closed.
#[utoipa::path(post, path = "/api/v1/admin/events/{event}/commit", tag = "admin", security(("session" = [])),
    params(("event" = String, Path, description = "The event's id")),
    responses((status = 200, description = "Committed: the commitment is in the state", body = EventAdminState),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung, or not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Committed already, or the applications are closed (`code`: already_committed, applications_closed)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn commit(
    State(state): State<AppState>,
    who: Staff,
    PathParams(id): PathParams<String>,
) -> Result<Response, AppError> {
    let strategy = state.strategy();
    let event = event_of(&strategy, &id)?;
    staff::commit(&*state.store, event, &who.name, now()).await?;
    answer(&state, &id).await
}

/// Draws with the public value; the seed becomes public with the result.
#[utoipa::path(post, path = "/api/v1/admin/events/{event}/draw", tag = "admin", security(("session" = [])),
    params(("event" = String, Path, description = "The event's id")),
    request_body(content = DrawRequest, content_type = "application/json"),
    responses((status = 200, description = "Drawn: the draw is in the state", body = EventAdminState),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung, or not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 408, description = "Too slow", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not closed, not committed to, or drawn already (`code`: not_closed, no_commitment, already_drawn)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a draw request, or no usable public value (`code`: invalid_public_value)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn draw(
    State(state): State<AppState>,
    who: Staff,
    PathParams(id): PathParams<String>,
    JsonBody(input): JsonBody<DrawRequest>,
) -> Result<Response, AppError> {
    let strategy = state.strategy();
    let event = event_of(&strategy, &id)?;
    staff::draw(&*state.store, event, &who.name, &input.public_value, now()).await?;
    answer(&state, &id).await
}

/// The drawn, in draw order, with name and contact for the invitation (empty strings once
/// deleted; an empty list before the draw).
#[utoipa::path(get, path = "/api/v1/admin/events/{event}/invitees", tag = "admin", security(("session" = [])),
    params(("event" = String, Path, description = "The event's id")),
    responses((status = 200, description = "The drawn, in draw order", body = [Invitee]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn invitees(
    State(state): State<AppState>,
    _who: Staff,
    PathParams(id): PathParams<String>,
) -> Result<Response, AppError> {
    let strategy = state.strategy();
    let event = event_of(&strategy, &id)?;
    let list = staff::invitees(&*state.store, event).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(list)).into_response())
}

/// Deletes name and contact of every applicant of the event (counts stay).
#[utoipa::path(post, path = "/api/v1/admin/events/{event}/delete-contacts", tag = "admin", security(("session" = [])),
    params(("event" = String, Path, description = "The event's id")),
    responses((status = 200, description = "Deleted", body = EventAdminState),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung, or not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn delete_contacts(
    State(state): State<AppState>,
    who: Staff,
    PathParams(id): PathParams<String>,
) -> Result<Response, AppError> {
    let strategy = state.strategy();
    let event = event_of(&strategy, &id)?;
    staff::delete_contacts(&*state.store, event, &who.name, now()).await?;
    answer(&state, &id).await
}
