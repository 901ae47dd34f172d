//! The citizens' event routes, under the citizens' rate limits (a kiosk with its own
//! allowance):
//!
//! - `GET /api/v1/events/{event}`: the public state.
//! - `POST /api/v1/events/{event}/applications`: apply (201; the same id again 200 with the
//!   same receipt).
//! - `GET`/`DELETE /api/v1/events/{event}/applications/{code}`: an application's state;
//!   withdraw it.
//! - `GET /api/v1/events/{event}/draw.json`: the published draw, for `lottery verify`.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use mitreden_model::api::Problem;
use mitreden_model::event::{ApplicationReceipt, ApplicationState, EventState, NewApplication};
use mitreden_model::lottery::PublishedDraw;

use super::{citizens, event_of, now};
use crate::extract::{JsonBody, PathParams};
use crate::{AppError, AppState};

/// The largest application body (a name of 200 and a contact of 300 characters fit many
/// times over).
pub const MAX_APPLICATION_BODY: usize = 16 * 1024;

/// The citizens' event routes.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/api/v1/events/{event}", get(event))
        .route(
            "/api/v1/events/{event}/applications",
            axum::routing::post(apply),
        )
        .route(
            "/api/v1/events/{event}/applications/{code}",
            get(application).delete(withdraw),
        )
        .route("/api/v1/events/{event}/draw.json", get(draw_file))
        .route_layer(from_fn_with_state(state.clone(), crate::limits::citizens))
        .route_layer(from_fn_with_state(state.clone(), crate::kiosk::recognise))
        .layer(DefaultBodyLimit::max(MAX_APPLICATION_BODY))
}

fn no_store<T: serde::Serialize>(status: StatusCode, body: T) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

/// The event's public state: phase, applications so far, the commitment, and the draw once
/// made.
#[utoipa::path(get, path = "/api/v1/events/{event}", tag = "events",
    params(("event" = String, Path, description = "The event's id from the strategy file")),
    responses((status = 200, description = "The event's state", body = EventState),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limit; try again after Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn event(
    State(state): State<AppState>,
    PathParams(id): PathParams<String>,
) -> Result<Response, AppError> {
    let strategy = state.strategy();
    let event = event_of(&strategy, &id)?;
    let body = citizens::event_state(&*state.store, event, now()).await?;
    Ok(no_store(StatusCode::OK, body))
}

/// Applies for a seat. The browser's id makes it idempotent: sent again, the same receipt
/// (200). A broken rule is a 422 whose `code` names it; outside the application period a
/// 409 with `applications_not_open` or `applications_closed`.
#[utoipa::path(post, path = "/api/v1/events/{event}/applications", tag = "events",
    params(("event" = String, Path, description = "The event's id; the body's `event_id` must be the same")),
    request_body(content = NewApplication, content_type = "application/json"),
    responses((status = 201, description = "Stored: the receipt code", body = ApplicationReceipt),
        (status = 200, description = "Stored before under this id: the same receipt", body = ApplicationReceipt),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 408, description = "Too slow", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Applications not taken now (`code`: applications_not_open, applications_closed), or the id belongs to another application (`code`: id_taken — another event's, or other name or contact)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an application, or a rule broken (`code` names it)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limit; try again after Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn apply(
    State(state): State<AppState>,
    PathParams(id): PathParams<String>,
    JsonBody(application): JsonBody<NewApplication>,
) -> Result<Response, AppError> {
    let strategy = state.strategy();
    let event = event_of(&strategy, &id)?;
    let applied = citizens::apply(&*state.store, event, &application, now()).await?;
    let status = if applied.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(no_store(status, applied.receipt))
}

/// Where an application stands, by its receipt code (as typed: any case, with spaces).
#[utoipa::path(get, path = "/api/v1/events/{event}/applications/{code}", tag = "events",
    params(("event" = String, Path, description = "The event's id"),
        ("code" = String, Path, description = "The receipt code, e.g. K7MQ-4X2A (case, spaces and dashes do not matter)")),
    responses((status = 200, description = "The application's state", body = ApplicationState),
        (status = 404, description = "No such event or code", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limit; try again after Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn application(
    State(state): State<AppState>,
    PathParams((id, code)): PathParams<(String, String)>,
) -> Result<Response, AppError> {
    let strategy = state.strategy();
    let event = event_of(&strategy, &id)?;
    let body = citizens::application(&*state.store, event, &code).await?;
    Ok(no_store(StatusCode::OK, body))
}

/// Withdraws an application while applications are taken; its name and contact are erased
/// at once. Withdrawing twice answers the same.
#[utoipa::path(delete, path = "/api/v1/events/{event}/applications/{code}", tag = "events",
    params(("event" = String, Path, description = "The event's id"),
        ("code" = String, Path, description = "The receipt code")),
    responses((status = 200, description = "Withdrawn", body = ApplicationState),
        (status = 404, description = "No such event or code", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Applications are closed (`code`: applications_closed)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limit; try again after Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn withdraw(
    State(state): State<AppState>,
    PathParams((id, code)): PathParams<(String, String)>,
) -> Result<Response, AppError> {
    let strategy = state.strategy();
    let event = event_of(&strategy, &id)?;
    let body = citizens::withdraw(&*state.store, event, &code, now()).await?;
    Ok(no_store(StatusCode::OK, body))
}

/// The published draw as a file: algorithm, commitment, every input (the applicants' codes
/// and attributes, nothing that names them), and the drawn codes. 404 until drawn.
#[utoipa::path(get, path = "/api/v1/events/{event}/draw.json", tag = "events",
    params(("event" = String, Path, description = "The event's id")),
    responses((status = 200, description = "The published draw", body = PublishedDraw,
            headers(("content-disposition" = String, description = "attachment; filename=\"auslosung-EVENT.json\""))),
        (status = 404, description = "No such event, or not drawn yet", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limit; try again after Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn draw_file(
    State(state): State<AppState>,
    PathParams(id): PathParams<String>,
) -> Result<Response, AppError> {
    let strategy = state.strategy();
    let event = event_of(&strategy, &id)?;
    let body = citizens::published(&*state.store, event).await?;
    let mut res = no_store(StatusCode::OK, body);
    // The event's id is checked by the strategy parser (letters, digits, dashes).
    let disposition = format!("attachment; filename=\"auslosung-{}.json\"", event.id);
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(res)
}
