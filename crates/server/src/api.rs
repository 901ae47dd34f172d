//! The REST API (`/api/v1/...`) and the health check.

use std::time::Duration;

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
        .route("/readyz", get(readyz))
        .route("/api/v1/strategy", get(strategy))
}

/// The longest `/readyz` takes before it says "not ready".
const READY_WAIT: Duration = Duration::from_secs(2);

/// `GET /healthz`: 200 while the process answers — liveness, for a supervisor that restarts
/// a hung process. It touches no database: a busy database is no reason to restart (and a
/// restart would not help), so a burst of readers that fills the pools cannot make the
/// process look dead. Whether the database can be written says [`readyz`].
#[utoipa::path(get, path = "/healthz", tag = "api",
    responses((status = 200, description = "The process answers", body = crate::openapi::Health)))]
pub async fn healthz() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(serde_json::json!({ "status": "ok" })),
    )
}

/// `GET /readyz`: 200 when the database can be written now
/// ([`mitreden_store::Store::writable`]; on SQLite the write lock within a second, given
/// back at once, one probe at a time, its answer kept for a second), else 503 within 2 s; for a load balancer that sends traffic only
/// to a process that can take comments.
#[utoipa::path(get, path = "/readyz", tag = "api",
    responses((status = 200, description = "The database can be written", body = crate::openapi::Health),
        (status = 503, description = "The database cannot be written now", body = Problem, content_type = "application/problem+json")))]
pub async fn readyz(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    match tokio::time::timeout(READY_WAIT, state.store.writable()).await {
        Ok(true) => Ok((
            [(header::CACHE_CONTROL, "no-store")],
            Json(serde_json::json!({ "status": "ready" })),
        )),
        Ok(false) | Err(_) => Err(not_ready()),
    }
}

fn not_ready() -> AppError {
    AppError::Unavailable("Die Datenbank kann gerade nicht beschrieben werden.".into())
}

/// `GET /api/v1/strategy`: which strategy (and which version of its file) the server knows.
#[utoipa::path(get, path = "/api/v1/strategy", tag = "api",
    responses((status = 200, description = "The strategy the server knows", body = StrategyInfo)))]
pub async fn strategy(State(state): State<AppState>) -> impl IntoResponse {
    let s = state.strategy();
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Json(StrategyInfo {
            id: s.id.clone(),
            town: s.town.clone(),
            title: s.title.clone(),
            version: state.strategy_version().to_string(),
            sections: s.sections.len(),
        }),
    )
}
