//! Staff accounts and sessions: argon2id password hashes, sign-in and sign-out, and the
//! [`Staff`] extractor that every admin route but sign-in needs.
//!
//! A sign-in sets an HttpOnly, SameSite=Strict session cookie (Secure where configured);
//! the server keeps only the SHA-256 of its random token.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use mitreden_model::account::{check_login, same_staff_name, staff_name};
use mitreden_model::api::LoginInput;
use mitreden_model::api::Problem;
use mitreden_model::moderation::{SignedIn, StaffRole};
use mitreden_store::accounts::{NewAccount, NewSession};
use mitreden_store::Store;

use crate::client::ClientAddr;
use crate::extract::JsonBody;
use crate::{AppError, AppState};

/// How long a session lasts.
const SESSION_MS: i64 = 8 * 60 * 60 * 1000;
/// The session cookie's name over plain HTTP (development, tests).
pub const COOKIE: &str = "mitreden_session";
/// Its name behind TLS (`--secure-cookies`): the `__Host-` prefix makes the browser refuse
/// it unless it is `Secure`, for the whole site and without a `Domain` — so no other host
/// under the town's domain can set or overwrite a staff member's session.
pub const SECURE_COOKIE: &str = "__Host-mitreden_session";

/// The session cookie's name for this server.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE
    } else {
        COOKIE
    }
}

/// A signed-in staff member of an active account, taken from the session cookie; 401
/// otherwise.
#[derive(Debug, Clone)]
pub struct Staff {
    /// The account's name.
    pub name: String,
    /// What the account may do.
    pub role: StaffRole,
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        // Looked up once, by the access layer, for every route that needs a session.
        if let Some(staff) = parts.extensions.get::<Staff>() {
            return Ok(staff.clone());
        }
        let token = session_token(&parts.headers, state.secure_cookies).ok_or_else(unauthorised)?;
        let who = state
            .store
            .session(&sha256_hex(&token), now_ms())
            .await?
            .ok_or_else(unauthorised)?;
        Ok(Staff {
            name: who.name,
            role: who.role,
        })
    }
}

/// An argon2id hash of `password`, off the async workers and a few at a time (argon2 is
/// slow and large on purpose).
pub async fn hash_password(state: &AppState, password: String) -> Result<String, AppError> {
    let busy = || AppError::Unavailable("Der Server ist gerade beschäftigt.".into());
    let _slot = tokio::time::timeout(crate::db::WAIT, state.password_checks.acquire())
        .await
        .map_err(|_| busy())?
        .map_err(|_| busy())?;
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| AppError::Internal(e.to_string()))?;
        let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::Internal(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

fn unauthorised() -> AppError {
    AppError::BadInput(StatusCode::UNAUTHORIZED, "Bitte melden Sie sich an.".into())
}

/// The session token from the request's cookies (axum-extra's cookie jar).
fn session_token(headers: &HeaderMap, secure: bool) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(cookie_name(secure))
        .map(|c| c.value().to_owned())
}

/// The session cookie: HttpOnly, SameSite=Strict, the whole site, `Secure` behind TLS.
fn session_cookie(value: String, max_age_s: i64, secure: bool) -> Cookie<'static> {
    Cookie::build((cookie_name(secure), value))
        .http_only(true)
        .same_site(SameSite::Strict)
        .path("/")
        .max_age(cookie::time::Duration::seconds(max_age_s))
        .secure(secure)
        .build()
}

use crate::clock::now_ms;

/// The SHA-256 of a secret, hex.
pub fn sha256_hex(secret: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `bytes` random bytes from the operating system, hex.
pub fn random_hex(bytes: usize) -> Result<String, AppError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// Creates a staff account of the role Verwaltung, or gives the account of exactly this
/// name a new password (the `user add` command). A new name must meet today's rules; one
/// that reads the same as another account's (other case, look-alike letters) is refused,
/// not made beside it.
pub async fn add_user(store: &dyn Store, name: &str, password: &str) -> Result<(), AppError> {
    // An account of exactly this name gets a new password, whatever rules its name was made
    // under; a new name must meet today's.
    let trimmed = name.trim();
    let exists = store.accounts().await?.iter().any(|a| a.name == trimmed);
    let name = if exists {
        trimmed.to_owned()
    } else {
        staff_name(name).map_err(|e| AppError::Startup(e.to_string()))?
    };
    mitreden_model::account::check_new_password(password, &name)
        .map_err(|e| AppError::Startup(e.to_string()))?;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Startup(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::Startup(e.to_string()))?;
    let hash = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| AppError::Startup(e.to_string()))?
        .to_string();
    let new = NewAccount {
        name: &name,
        password_hash: &hash,
        role: StaffRole::Verwaltung,
        or_new_password: true,
    };
    match store.add_account(new, same_staff_name).await? {
        None => Ok(()),
        Some(other) => Err(AppError::Startup(format!(
            "Ein Konto mit diesem Namen gibt es schon: {other}"
        ))),
    }
}

fn wrong() -> AppError {
    AppError::BadInput(
        StatusCode::UNAUTHORIZED,
        "Name oder Passwort ist falsch.".into(),
    )
}

/// The most sessions one account keeps; a new sign-in ends the oldest beyond it.
pub const MAX_SESSIONS: u32 = 5;

/// An argon2id hash of a random password, made once at start: an unknown name is checked
/// against it, so that it costs the same time as a known name with a wrong password and
/// the answer time does not tell which names exist.
pub fn dummy_hash() -> Result<String, AppError> {
    let password = random_hex(16)?;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Startup(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::Startup(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Startup(e.to_string()))
}

/// Whether `password` is the one `hash` was made of: argon2 is slow and large on purpose,
/// so a few at a time, off the async workers — a flood of sign-ins neither stalls other
/// requests nor eats the memory.
pub async fn verify_password(
    state: &AppState,
    hash: String,
    password: String,
) -> Result<bool, AppError> {
    let busy = || {
        AppError::Unavailable(
            "Gerade melden sich sehr viele an. Bitte versuchen Sie es gleich noch einmal.".into(),
        )
    };
    let _slot = tokio::time::timeout(crate::db::WAIT, state.password_checks.acquire())
        .await
        .map_err(|_| busy())?
        .map_err(|_| busy())?;
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// The hash of this request's session token, if it has one.
pub fn session_hash(headers: &HeaderMap, secure: bool) -> Option<String> {
    session_token(headers, secure).map(|t| sha256_hex(&t))
}

/// `POST /api/v1/admin/login`. Name and password are checked for length before the
/// throttle, the database or argon2 see them; wrong tries slow down the name from that
/// address and the address, never the name everywhere ([`super::throttle`]).
#[utoipa::path(post, path = "/api/v1/admin/login", tag = "admin",
    request_body(content = LoginInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SignedIn),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"), (status = 401, description = "Wrong name or password", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not from this origin", body = Problem, content_type = "application/problem+json"), (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Not a sign-in (a field missing or of the wrong type)", body = Problem, content_type = "application/problem+json"), (status = 429, description = "Too many wrong passwords; wait", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    JsonBody(input): JsonBody<LoginInput>,
) -> Result<Response, AppError> {
    // A name or password no account can have is simply wrong (no table, query or hash
    // sees it); it tells nothing about which names exist.
    let typed = check_login(&input).map_err(|_| wrong())?;
    let name = typed.kept;
    if let Some(wait) = state.login_failures.wait(&name, addr) {
        return Err(AppError::TooMany {
            message: "Zu viele falsche Versuche. Bitte warten Sie {secs} Sekunden.",
            wait,
        });
    }
    // The name as names are kept, or — for an account made before they were kept so — as
    // typed (that one first); one query either way.
    let stored = state.store.sign_in_account(&name, &typed.typed).await?;
    let role = stored.as_ref().map(|a| a.role);
    let account = stored.as_ref().map(|a| a.name.clone());
    let hash = stored.map_or_else(
        || state.dummy_password_hash.to_string(),
        |a| a.password_hash,
    );
    let verified = verify_password(&state, hash, input.password.clone()).await?;
    let (Some(role), Some(account)) = (role.filter(|_| verified), account) else {
        state.login_failures.fail(&name, addr);
        tracing::warn!(name = %name, client = %addr, "failed sign-in");
        return Err(wrong());
    };
    state.login_failures.clear(&name, addr);
    // The account's name as stored (the session and the audit trail use it).
    let name = account;
    let token = random_hex(32)?;
    let now = now_ms();
    state
        .store
        .start_session(NewSession {
            token_hash: &sha256_hex(&token),
            staff_name: &name,
            now_ms: now,
            expires_at_ms: now + SESSION_MS,
            // Only the newest sessions of the account stay.
            keep: MAX_SESSIONS,
        })
        .await?;
    let jar = CookieJar::new().add(session_cookie(
        token,
        SESSION_MS / 1000,
        state.secure_cookies,
    ));
    Ok((jar, Json(SignedIn { name, role })).into_response())
}

/// `POST /api/v1/admin/logout`: ends this session.
#[utoipa::path(post, path = "/api/v1/admin/logout", tag = "admin", security(("session" = [])),
    responses((status = 204, description = "Signed out"), (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not from this origin", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn logout(
    State(state): State<AppState>,
    _staff: Staff,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(token) = session_token(&headers, state.secure_cookies) {
        state.store.end_session(&sha256_hex(&token)).await?;
    }
    let jar = CookieJar::new().add(session_cookie(String::new(), 0, state.secure_cookies));
    Ok((jar, StatusCode::NO_CONTENT).into_response())
}

/// `GET /api/v1/admin/me`: who is signed in.
#[utoipa::path(get, path = "/api/v1/admin/me", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "Who is signed in", body = SignedIn), (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn me(staff: Staff) -> Json<SignedIn> {
    Json(SignedIn {
        name: staff.name,
        role: staff.role,
    })
}
