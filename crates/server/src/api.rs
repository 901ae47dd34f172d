//! The REST API (`/api/v1/...`) and the health check.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use mitreden_model::api::Problem;
use mitreden_model::api::StrategyInfo;

use crate::{AppError, AppState};

/// The API's routes; unknown `/api/...` paths are answered by [`crate::assets`] with 404.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/v1/strategy", get(strategy))
}

/// `GET /healthz`: 200 while the database answers; for load balancers and start scripts.
#[utoipa::path(get, path = "/healthz", tag = "api",
    responses((status = 200, description = "The database answers", body = crate::openapi::Health),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn healthz(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    sqlx::query("SELECT 1").execute(&state.db.read).await?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(serde_json::json!({ "status": "ok" })),
    ))
}

/// `GET /api/v1/strategy`: which strategy (and which version of its file) the server knows.
#[utoipa::path(get, path = "/api/v1/strategy", tag = "api",
    responses((status = 200, description = "The strategy the server knows", body = StrategyInfo)))]
pub async fn strategy(State(state): State<AppState>) -> impl IntoResponse {
    let s = &state.strategy;
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Json(StrategyInfo {
            id: s.id.clone(),
            town: s.town.clone(),
            title: s.title.clone(),
            version: state.strategy_version.to_string(),
            sections: s.sections.len(),
        }),
    )
}
