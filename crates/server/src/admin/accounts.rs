//! Staff accounts in the administration: the list, new accounts, deactivation — for the
//! role "Verwaltung" only (403 for "Moderation") — and one's own new password. The first
//! account comes from the command line (`mitreden-server user add NAME`, role Verwaltung).
//! Everyone sets their own digest of comments waiting for moderation (issue 23).

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use mitreden_model::account::{check_new_password, same_staff_name, staff_name};
use mitreden_model::api::Problem;
use mitreden_model::digest::{Digest, DigestSettings};
use mitreden_model::moderation::{NewStaff, PasswordInput, StaffAccount};
use mitreden_store::accounts::{DigestChoice, NewAccount};

use super::session::{hash_password, Staff};
use crate::extract::JsonBody;
use crate::{AppError, AppState};

fn invalid(e: &impl std::fmt::Display) -> AppError {
    AppError::BadInput(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
}

/// Every account, by name.
#[utoipa::path(get, path = "/api/v1/admin/accounts", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "Every staff account", body = [StaffAccount]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<impl IntoResponse, AppError> {
    let accounts = state.store.accounts().await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(accounts)))
}

/// Whether `password` may be `name`'s: checked off the async workers (zxcvbn can take a
/// noticeable fraction of a second on a crafted password).
async fn password_allowed(password: String, name: String) -> Result<(), AppError> {
    tokio::task::spawn_blocking(move || check_new_password(&password, &name))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| invalid(&e))
}

/// A new account (its name must be new).
#[utoipa::path(post, path = "/api/v1/admin/accounts", tag = "admin", security(("session" = [])),
    request_body(content = NewStaff, content_type = "application/json"),
    responses((status = 201, description = "Made"),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung, or not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is taken, or one that looks the same", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Name not allowed (hidden characters, mixed scripts), password too short or too common", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    JsonBody(input): JsonBody<NewStaff>,
) -> Result<StatusCode, AppError> {
    let name = staff_name(&input.name).map_err(|e| invalid(&e))?;
    password_allowed(input.password.clone(), name.clone()).await?;
    let hash = hash_password(&state, input.password.clone()).await?;
    // Unique without regard to case: `AMT` would pass for `amt` in the audit trail.
    let new = NewAccount {
        name: &name,
        password_hash: &hash,
        role: input.role,
        or_new_password: false,
    };
    let taken = state.store.add_account(new, same_staff_name).await?;
    if taken.is_some() {
        return Err(AppError::BadInput(
            StatusCode::CONFLICT,
            "Ein Konto mit diesem Namen gibt es schon.".into(),
        ));
    }
    tracing::info!(by = %staff.name, account = %name, "staff account made");
    Ok(StatusCode::CREATED)
}

/// Deactivates an account: it cannot sign in any more, and its sessions end at once.
#[utoipa::path(post, path = "/api/v1/admin/accounts/{name}/deactivate", tag = "admin", security(("session" = [])),
    params(("name" = String, Path, description = "The account's name")),
    responses((status = 204, description = "Deactivated"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung, or not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No active account with this name", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "One's own account", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn deactivate(
    State(state): State<AppState>,
    staff: Staff,
    crate::extract::PathParams(name): crate::extract::PathParams<String>,
) -> Result<StatusCode, AppError> {
    if name == staff.name {
        return Err(AppError::BadInput(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Das eigene Konto kann man nicht abschalten.".into(),
        ));
    }
    if !state.store.deactivate_account(&name).await? {
        return Err(AppError::NotFound(format!(
            "Kein aktives Konto mit dem Namen {:?}.",
            name.chars().take(64).collect::<String>()
        )));
    }
    tracing::info!(by = %staff.name, account = %name, "staff account deactivated");
    Ok(StatusCode::NO_CONTENT)
}

/// One's own new password.
#[utoipa::path(put, path = "/api/v1/admin/me/password", tag = "admin", security(("session" = [])),
    request_body(content = PasswordInput, content_type = "application/json"),
    responses((status = 204, description = "Changed; the account's other sessions are ended"),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not from this origin, or the current password is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Password too short, too long or too common", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn password(
    State(state): State<AppState>,
    staff: Staff,
    headers: axum::http::HeaderMap,
    JsonBody(input): JsonBody<PasswordInput>,
) -> Result<StatusCode, AppError> {
    password_allowed(input.password.clone(), staff.name.clone()).await?;
    // Someone at an unlocked screen must not take the account over: the current
    // password first.
    let stored = state
        .store
        .password_hash(&staff.name)
        .await?
        .ok_or_else(|| AppError::Internal("the signed-in account is gone".into()))?;
    if !super::session::verify_password(&state, stored, input.current.clone()).await? {
        return Err(AppError::BadInput(
            StatusCode::FORBIDDEN,
            "Das bisherige Passwort stimmt nicht.".into(),
        ));
    }
    let hash = hash_password(&state, input.password.clone()).await?;
    let this = super::session::session_hash(&headers, state.secure_cookies).unwrap_or_default();
    // A new password ends the account's other sessions (one may be the reason for it).
    state.store.set_password(&staff.name, &hash, &this).await?;
    tracing::info!(account = %staff.name, "password changed; other sessions ended");
    Ok(StatusCode::NO_CONTENT)
}

/// One's own digest of comments waiting for moderation (the address is shown to its owner
/// alone); `offered` says whether this server sends mail at all.
#[utoipa::path(get, path = "/api/v1/admin/me/digest", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "One's own digest", body = DigestSettings),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn digest(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Json<DigestSettings>, AppError> {
    let choice = state
        .store
        .digest_choice(&staff.name)
        .await?
        .ok_or_else(|| AppError::Internal("the signed-in account is gone".into()))?;
    Ok(Json(DigestSettings {
        // Mail is only set up with the public address (its links).
        offered: state.mail.is_some(),
        address: choice.address.unwrap_or_default(),
        every: choice.every,
    }))
}

/// Sets one's own digest: an address (checked as a citizen's is) and how often; "off" with
/// no address forgets the address.
#[utoipa::path(put, path = "/api/v1/admin/me/digest", tag = "admin", security(("session" = [])),
    request_body(content = DigestSettings, content_type = "application/json"),
    responses((status = 204, description = "Stored"),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an address (`code`: bad_address), or no mail on this server (`code`: no_mail)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn set_digest(
    State(state): State<AppState>,
    staff: Staff,
    JsonBody(input): JsonBody<DigestSettings>,
) -> Result<StatusCode, AppError> {
    if input.every != Digest::Off && state.mail.is_none() {
        return Err(crate::notify::requests::no_mail());
    }
    let checked = input.checked().map_err(|e| AppError::Refused {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: e.code().into(),
        detail: "Das ist keine E-Mail-Adresse, an die wir schreiben können.".into(),
    })?;
    let choice = DigestChoice {
        address: Some(checked.address).filter(|a| !a.is_empty()),
        every: checked.every,
    };
    state.store.set_digest_choice(&staff.name, &choice).await?;
    tracing::info!(account = %staff.name, digest = checked.every.key(), "digest set");
    Ok(StatusCode::NO_CONTENT)
}
