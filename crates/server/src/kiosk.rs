//! Kiosks: shared devices in the town hall (see `mitreden_model::kiosk`).
//!
//! - Staff create one on the command line (`mitreden-server kiosk add LABEL [--idle S]`),
//!   which prints a one-time set-up link, or in the administration; `kiosk revoke LABEL`
//!   ends it. Token and secret are kept only as SHA-256 hashes.
//! - `POST /api/v1/kiosk/setup` trades the link's token for the device's secret, once.
//! - `GET /api/v1/kiosk` tells a device who it is (404 once revoked: it leaves kiosk mode).
//! - [`recognise`] (middleware on the citizens' routes) reads the secret a device sends
//!   ([`KIOSK_HEADER`]) and puts the [`Kiosk`] into the request, for the rate limit and
//!   the comments' label. An unknown or revoked secret is no error: the comments are taken
//!   like any citizen's, so nothing a revoked kiosk still holds is lost.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use mitreden_model::api::Problem;
use mitreden_model::kiosk::{
    check_kiosk, KioskInfo, KioskLabel, KioskSetup, KioskSetupInput, KioskSummary, NewKiosk,
    SetupLink, KIOSK_HEADER, SETUP_PATH,
};
use mitreden_store::Store;

use crate::admin::{random_hex, sha256_hex};
use crate::extract::JsonBody;
use crate::{AppError, AppState};

/// The kiosk routes (the administration's are in [`crate::admin`]), under the citizens'
/// rate limits: a flood of set-up attempts must not hold up the one write connection.
pub fn routes(state: &AppState) -> axum::Router<AppState> {
    use axum::middleware::from_fn_with_state;
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/api/v1/kiosk", get(me))
        .route("/api/v1/kiosk/setup", post(setup))
        .route_layer(from_fn_with_state(state.clone(), crate::limits::citizens))
        .route_layer(from_fn_with_state(state.clone(), recognise))
        .layer(axum::extract::DefaultBodyLimit::max(1024))
}

/// A request from a set-up kiosk: its label (the key of its rate allowance).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Kiosk(pub Arc<str>);

/// A new set-up link's token, and whether it ended a device that was set up as this kiosk.
pub struct Added {
    /// The token for the link `/verwaltung/kiosk#TOKEN`.
    pub token: String,
    /// A device was this kiosk until now; it is no kiosk any more.
    pub replaced: bool,
}

/// Creates the kiosk `label` (or re-arms it: a new link, and the old device's secret ends).
pub async fn add(store: &dyn Store, label: &str, idle_seconds: u32) -> Result<Added, AppError> {
    let label = check_kiosk(label, idle_seconds)
        .map_err(|e| AppError::BadInput(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    let token = random_hex(32)?;
    let replaced = store
        .add_kiosk(label, idle_seconds, &sha256_hex(&token))
        .await?;
    Ok(Added { token, replaced })
}

/// Revokes the kiosk `label`: its device's secret and any unused link end at once.
pub async fn revoke(store: &dyn Store, label: &str) -> Result<(), AppError> {
    if !store.revoke_kiosk(label.trim()).await? {
        return Err(AppError::NotFound(format!(
            "Keinen aktiven Kiosk mit der Bezeichnung {label:?} gefunden."
        )));
    }
    Ok(())
}

/// Every kiosk, newest first.
pub async fn list(store: &dyn Store) -> Result<Vec<KioskSummary>, AppError> {
    Ok(store.kiosks().await?)
}

/// The active kiosk whose secret this is.
async fn by_secret(store: &dyn Store, secret: &str) -> Result<Option<KioskInfo>, AppError> {
    Ok(store.kiosk_by_secret(&sha256_hex(secret)).await?)
}

fn secret_of(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(KIOSK_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|s| !s.is_empty() && s.len() <= 128)
}

/// Trades a set-up link's token for the device's secret; the link works once.
#[utoipa::path(post, path = "/api/v1/kiosk/setup", tag = "kiosk",
    request_body = KioskSetupInput,
    responses((status = 200, description = "This device is now the kiosk", body = KioskSetup),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown, used or revoked link", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a set-up request", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limit; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn setup(
    State(state): State<AppState>,
    JsonBody(input): JsonBody<KioskSetupInput>,
) -> Result<impl IntoResponse, AppError> {
    let secret = random_hex(32)?;
    let found = state
        .store
        .set_up_kiosk(&sha256_hex(input.token.trim()), &sha256_hex(&secret))
        .await?;
    let found = found.ok_or_else(|| {
        AppError::NotFound(
            "Dieser Einrichtungslink gilt nicht (mehr): Er wurde schon benutzt oder \
             widerrufen. Die Verwaltung kann einen neuen erstellen."
                .into(),
        )
    })?;
    tracing::info!(label = %found.label, "kiosk set up");
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(KioskSetup {
            kiosk: found,
            secret,
        }),
    ))
}

/// Who this device is, by the secret it sends.
#[utoipa::path(get, path = "/api/v1/kiosk", tag = "kiosk",
    params(("x-mitreden-kiosk" = String, Header, description = "The device's kiosk secret")),
    responses((status = 200, description = "The kiosk", body = KioskInfo),
        (status = 404, description = "Not a kiosk (any more)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limit; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn me(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    let found = match secret_of(&headers) {
        Some(secret) => by_secret(&*state.store, secret).await?,
        None => None,
    };
    let found =
        found.ok_or_else(|| AppError::NotFound("Dieses Gerät ist kein Kiosk (mehr).".into()))?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(found)))
}

/// Middleware: a request that carries an active kiosk's secret gets its [`Kiosk`].
pub async fn recognise(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if let Some(secret) = secret_of(req.headers()) {
        match by_secret(&*state.store, secret).await {
            Ok(Some(found)) => {
                req.extensions_mut()
                    .insert(Kiosk(Arc::from(found.label.as_str())));
            }
            Ok(None) => {}
            Err(e) => return e.into_response(),
        }
    }
    next.run(req).await
}

/// The path of the set-up link for `token`.
pub fn setup_path(token: &str) -> String {
    format!("{SETUP_PATH}#{token}")
}

/// Every kiosk (administration).
#[utoipa::path(get, path = "/api/v1/admin/kiosks", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "Every kiosk, newest first", body = [KioskSummary]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json")))]
pub async fn admin_list(
    State(state): State<AppState>,
    _staff: crate::admin::Staff,
) -> Result<impl IntoResponse, AppError> {
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(list(&*state.store).await?),
    ))
}

/// Creates (or re-arms) a kiosk and answers its set-up link (administration).
#[utoipa::path(post, path = "/api/v1/admin/kiosks", tag = "admin", security(("session" = [])),
    request_body = NewKiosk,
    responses((status = 201, description = "The set-up link", body = SetupLink),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not from this site, or not the role Verwaltung", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Label or idle time not allowed", body = Problem, content_type = "application/problem+json")))]
pub async fn admin_add(
    State(state): State<AppState>,
    _staff: crate::admin::Staff,
    JsonBody(input): JsonBody<NewKiosk>,
) -> Result<impl IntoResponse, AppError> {
    let added = add(&*state.store, &input.label, input.idle_seconds).await?;
    Ok((
        StatusCode::CREATED,
        [(header::CACHE_CONTROL, "no-store")],
        Json(SetupLink {
            path: setup_path(&added.token),
            replaced: added.replaced,
        }),
    ))
}

/// Revokes a kiosk (administration).
#[utoipa::path(post, path = "/api/v1/admin/kiosks/revoke", tag = "admin", security(("session" = [])),
    request_body = KioskLabel,
    responses((status = 204, description = "Revoked"),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not from this site, or not the role Verwaltung", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No active kiosk with this label", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a kiosk label", body = Problem, content_type = "application/problem+json")))]
pub async fn admin_revoke(
    State(state): State<AppState>,
    _staff: crate::admin::Staff,
    JsonBody(input): JsonBody<KioskLabel>,
) -> Result<StatusCode, AppError> {
    revoke(&*state.store, &input.label).await?;
    Ok(StatusCode::NO_CONTENT)
}
