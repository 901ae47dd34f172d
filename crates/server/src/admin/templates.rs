//! Answer templates: the office's standard answers, listed for every staff member, saved
//! and deleted by any of them (both roles answer comments).

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use mitreden_model::api::Problem;
use mitreden_model::template::{check_template, AnswerTemplate, NewTemplate, MAX_TEMPLATES};
use sqlx::FromRow;

use super::session::Staff;
use crate::extract::JsonBody;
use crate::{AppError, AppState};

#[derive(FromRow)]
struct Row {
    id: i64,
    title: String,
    body: String,
    created_by: String,
    created_at: String,
}

impl From<Row> for AnswerTemplate {
    fn from(r: Row) -> Self {
        AnswerTemplate {
            id: r.id,
            title: r.title,
            text: r.body,
            created_by: r.created_by,
            created_at: r.created_at,
        }
    }
}

/// Every template, by title.
#[utoipa::path(get, path = "/api/v1/admin/templates", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "The saved answer templates", body = [AnswerTemplate]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<impl IntoResponse, AppError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, title, body, created_by, created_at FROM answer_templates \
         ORDER BY title COLLATE NOCASE, id",
    )
    .fetch_all(&state.db.read)
    .await?;
    let list: Vec<AnswerTemplate> = rows.into_iter().map(Into::into).collect();
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
    // The count and the insert in one statement on the one write connection: never more
    // than the limit, however many staff save at once.
    let row: Option<Row> = sqlx::query_as(
        "INSERT INTO answer_templates (title, body, created_by, created_at) \
         SELECT ?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE (SELECT count(*) FROM answer_templates) < ?4 \
         RETURNING id, title, body, created_by, created_at",
    )
    .bind(title)
    .bind(text)
    .bind(&staff.name)
    .bind(MAX_TEMPLATES)
    .fetch_optional(&state.db.write)
    .await?;
    let Some(row) = row else {
        return Err(AppError::BadInput(
            StatusCode::CONFLICT,
            format!("Es gibt schon {MAX_TEMPLATES} Vorlagen; bitte löschen Sie zuerst eine."),
        ));
    };
    Ok((StatusCode::CREATED, Json(AnswerTemplate::from(row))))
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
    let done = sqlx::query("DELETE FROM answer_templates WHERE id = ?")
        .bind(id)
        .execute(&state.db.write)
        .await?;
    if done.rows_affected() == 0 {
        return Err(not_found());
    }
    Ok(StatusCode::NO_CONTENT)
}
