//! Answer templates: the office's standard answers, listed for every staff member, saved
//! and deleted by any of them (both roles answer comments).

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use mitreden_model::api::Problem;
use mitreden_model::template::{check_template, AnswerTemplate, NewTemplate, MAX_TEMPLATES};
use mitreden_store::templates::NewTemplate as StoredTemplate;

use super::session::Staff;
use crate::extract::JsonBody;
use crate::{AppError, AppState};

/// Every template, by title.
#[utoipa::path(get, path = "/api/v1/admin/templates", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "The saved answer templates", body = [AnswerTemplate]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<impl IntoResponse, AppError> {
    let list = state.store.templates().await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(list)))
}

/// A new template; answers with it as saved.
#[utoipa::path(post, path = "/api/v1/admin/templates", tag = "admin", security(("session" = [])),
    request_body(content = NewTemplate, content_type = "application/json"),
    responses((status = 201, description = "Saved", body = AnswerTemplate),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The office already keeps as many templates as allowed", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Title or text not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    JsonBody(input): JsonBody<NewTemplate>,
) -> Result<impl IntoResponse, AppError> {
    let (title, text) = check_template(&input)
        .map_err(|e| AppError::BadInput(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    // Never more than the limit, however many staff save at once.
    let saved = state
        .store
        .add_template(StoredTemplate {
            title,
            text,
            by: &staff.name,
            at_most: MAX_TEMPLATES,
        })
        .await?;
    let Some(saved) = saved else {
        return Err(AppError::BadInput(
            StatusCode::CONFLICT,
            format!("Es gibt schon {MAX_TEMPLATES} Vorlagen; bitte löschen Sie zuerst eine."),
        ));
    };
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Deletes a template (answers written with it stay as they are).
#[utoipa::path(delete, path = "/api/v1/admin/templates/{id}", tag = "admin", security(("session" = [])),
    params(("id" = i64, Path, description = "The template's number")),
    responses((status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such template", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn delete(
    State(state): State<AppState>,
    _staff: Staff,
    crate::extract::PathParams(id): crate::extract::PathParams<String>,
) -> Result<StatusCode, AppError> {
    let not_found = || AppError::NotFound("Diese Vorlage gibt es nicht.".into());
    let id: i64 = id.parse().map_err(|_| not_found())?;
    if !state.store.delete_template(id).await? {
        return Err(not_found());
    }
    Ok(StatusCode::NO_CONTENT)
}
