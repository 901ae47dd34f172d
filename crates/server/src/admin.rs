//! The administration's API (`/api/v1/admin/...`): staff sign-in and moderation.
//!
//! - Accounts are made on the command line (`mitreden-server user add NAME`); passwords are
//!   stored as argon2id hashes.
//! - A sign-in sets an HttpOnly, SameSite=Strict session cookie (Secure where configured);
//!   the server keeps only the SHA-256 of its random token.
//! - After [`MAX_FAILURES`] wrong passwords for a name, sign-in for it pauses for
//!   [`LOCKOUT`] (429 with Retry-After).
//! - Every admin route answers 401 without a valid session; every state-changing request
//!   must come from this origin (`Sec-Fetch-Site` or `Origin`), else 403.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{from_fn, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use mitreden_model::api::{AnswerInput, AnswerStatus, LoginInput, RejectInput};
use serde::Deserialize;
use sqlx::SqlitePool;

use crate::rows::{comment_from_row, COMMENT_COLUMNS};
use crate::{AppError, AppState};

/// Wrong passwords for one name before sign-in pauses.
pub const MAX_FAILURES: u32 = 5;
/// How long sign-in pauses after too many wrong passwords.
pub const LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// How long a session lasts.
const SESSION_MS: i64 = 8 * 60 * 60 * 1000;
const COOKIE: &str = "mitreden_session";
/// The longest official answer.
pub const MAX_ANSWER_CHARS: usize = 5000;

/// Failed sign-ins per name: (count, time of the last failure).
#[derive(Clone, Default)]
pub struct Throttle(Arc<Mutex<HashMap<String, (u32, Instant)>>>);

impl Throttle {
    /// How long `name` must still wait, if it is locked out.
    fn wait(&self, name: &str) -> Option<Duration> {
        let map = self.0.lock().ok()?;
        let (count, last) = map.get(name)?;
        let elapsed = last.elapsed();
        (*count >= MAX_FAILURES && elapsed < LOCKOUT).then(|| LOCKOUT - elapsed)
    }

    fn fail(&self, name: &str) {
        if let Ok(mut map) = self.0.lock() {
            let entry = map.entry(name.to_owned()).or_insert((0, Instant::now()));
            if entry.1.elapsed() >= LOCKOUT {
                entry.0 = 0;
            }
            entry.0 += 1;
            entry.1 = Instant::now();
        }
    }

    fn clear(&self, name: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(name);
        }
    }
}

/// The admin routes, all behind the same-origin check; all but sign-in need a session.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/admin/login", post(login))
        .route("/api/v1/admin/logout", post(logout))
        .route("/api/v1/admin/me", get(me))
        .route("/api/v1/admin/comments", get(list))
        .route("/api/v1/admin/comments/{id}/publish", post(publish))
        .route("/api/v1/admin/comments/{id}/reject", post(reject))
        .route("/api/v1/admin/comments/{id}/answer", put(answer))
        .layer(from_fn(same_origin))
}

/// Refuses state-changing requests that do not come from this origin (cross-site request
/// forgery), on top of the SameSite=Strict cookie.
async fn same_origin(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let origin_host = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .and_then(|o| o.split_once("://").map(|(_, host)| host.to_owned()));
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let allowed = match (fetch_site, origin_host, host) {
        (Some(site), _, _) => site == "same-origin",
        (None, Some(origin), Some(host)) => origin == host,
        _ => false,
    };
    if allowed {
        next.run(req).await
    } else {
        AppError::BadInput(
            StatusCode::FORBIDDEN,
            "Diese Anfrage kommt nicht von dieser Seite.".into(),
        )
        .into_response()
    }
}

/// A signed-in staff member, taken from the session cookie; 401 otherwise.
pub struct Staff {
    /// The account's name.
    pub name: String,
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = session_token(&parts.headers).ok_or_else(unauthorised)?;
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT staff_name FROM sessions WHERE token_hash = ? AND expires_at_ms > ?",
        )
        .bind(sha256_hex(&token))
        .bind(now_ms())
        .fetch_optional(&state.db)
        .await?;
        row.map(|(name,)| Staff { name }).ok_or_else(unauthorised)
    }
}

fn unauthorised() -> AppError {
    AppError::BadInput(StatusCode::UNAUTHORIZED, "Bitte melden Sie sich an.".into())
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_owned())
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The SHA-256 of a secret, hex.
pub fn sha256_hex(secret: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn random_hex(bytes: usize) -> Result<String, AppError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| AppError::Startup(format!("no randomness: {e}")))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// Creates or replaces a staff account (the `user add` command).
pub async fn add_user(db: &SqlitePool, name: &str, password: &str) -> Result<(), AppError> {
    if name.trim().is_empty() || password.chars().count() < 10 {
        return Err(AppError::Startup(
            "Name darf nicht leer sein; das Passwort braucht mindestens 10 Zeichen.".into(),
        ));
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Startup(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::Startup(e.to_string()))?;
    let hash = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| AppError::Startup(e.to_string()))?
        .to_string();
    sqlx::query(
        "INSERT INTO staff (name, password_hash, created_at) \
         VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) \
         ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash",
    )
    .bind(name.trim())
    .bind(hash)
    .execute(db)
    .await?;
    Ok(())
}

async fn login(
    State(state): State<AppState>,
    Json(input): Json<LoginInput>,
) -> Result<Response, AppError> {
    if let Some(wait) = state.login_failures.wait(&input.name) {
        let mut res = AppError::BadInput(
            StatusCode::TOO_MANY_REQUESTS,
            "Zu viele falsche Versuche. Bitte warten Sie einige Minuten.".into(),
        )
        .into_response();
        res.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(wait.as_secs().max(1)),
        );
        return Ok(res);
    }
    let stored: Option<(String,)> =
        sqlx::query_as("SELECT password_hash FROM staff WHERE name = ?")
            .bind(&input.name)
            .fetch_optional(&state.db)
            .await?;
    let valid = stored.is_some_and(|(hash,)| {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(input.password.as_bytes(), &parsed)
                .is_ok()
        })
    });
    if !valid {
        state.login_failures.fail(&input.name);
        return Err(AppError::BadInput(
            StatusCode::UNAUTHORIZED,
            "Name oder Passwort ist falsch.".into(),
        ));
    }
    state.login_failures.clear(&input.name);
    let token = random_hex(32)?;
    sqlx::query("INSERT INTO sessions (token_hash, staff_name, expires_at_ms) VALUES (?, ?, ?)")
        .bind(sha256_hex(&token))
        .bind(&input.name)
        .bind(now_ms() + SESSION_MS)
        .execute(&state.db)
        .await?;
    let cookie = format!(
        "{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
        SESSION_MS / 1000,
        if state.secure_cookies { "; Secure" } else { "" }
    );
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(serde_json::json!({ "name": input.name })),
    )
        .into_response())
}

async fn logout(
    State(state): State<AppState>,
    _staff: Staff,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(token) = session_token(&headers) {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(sha256_hex(&token))
            .execute(&state.db)
            .await?;
    }
    let cookie = format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    Ok(([(header::SET_COOKIE, cookie)], StatusCode::NO_CONTENT).into_response())
}

async fn me(staff: Staff) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "name": staff.name }))
}

/// Filters of the comment list.
#[derive(Debug, Deserialize)]
struct ListQuery {
    state: Option<String>,
    section: Option<String>,
    status: Option<String>,
}

/// All comments, oldest first, filtered by moderation state, section and answer status.
async fn list(
    State(state): State<AppState>,
    _staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<impl IntoResponse, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN answers a ON a.comment_id = c.id \
         WHERE (?1 IS NULL OR c.moderation_state = ?1) AND (?2 IS NULL OR c.section_id = ?2) \
         AND (?3 IS NULL OR a.status = ?3 OR (?3 = 'eingegangen' AND a.status IS NULL)) \
         ORDER BY c.received_at, c.id"
    ))
    .bind(q.state)
    .bind(q.section)
    .bind(q.status)
    .fetch_all(&state.db)
    .await?;
    let comments = rows
        .iter()
        .map(comment_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(comments)))
}

/// Sets the moderation state of a comment that is not withdrawn; 404 otherwise.
async fn moderate(
    state: &AppState,
    id: &str,
    new_state: &str,
    reason: Option<&str>,
) -> Result<StatusCode, AppError> {
    let done = sqlx::query(
        "UPDATE comments SET moderation_state = ?, moderation_reason = ?, \
         published_at = CASE WHEN ? = 'published' \
           THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE NULL END \
         WHERE id = ? AND moderation_state != 'withdrawn'",
    )
    .bind(new_state)
    .bind(reason)
    .bind(new_state)
    .bind(id)
    .execute(&state.db)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound(format!(
            "Kein Kommentar mit der Kennung {id}, oder er wurde zurückgezogen."
        )));
    }
    Ok(StatusCode::NO_CONTENT)
}

async fn publish(
    State(state): State<AppState>,
    _staff: Staff,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    moderate(&state, &id, "published", None).await
}

async fn reject(
    State(state): State<AppState>,
    _staff: Staff,
    Path(id): Path<String>,
    Json(input): Json<RejectInput>,
) -> Result<StatusCode, AppError> {
    if input.reason.trim().is_empty() {
        return Err(AppError::BadInput(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Bitte nennen Sie einen Grund.".into(),
        ));
    }
    moderate(&state, &id, "rejected", Some(input.reason.trim())).await
}

async fn answer(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Json(input): Json<AnswerInput>,
) -> Result<StatusCode, AppError> {
    let invalid = |m: &str| AppError::BadInput(StatusCode::UNPROCESSABLE_ENTITY, m.to_owned());
    let chars = input.text.chars().count();
    if input.text.trim().is_empty() || chars > MAX_ANSWER_CHARS {
        return Err(invalid("Die Antwort ist leer oder zu lang."));
    }
    let reason = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if input.status == AnswerStatus::NichtBeruecksichtigt && reason.is_none() {
        return Err(invalid(
            "Bei „nicht berücksichtigt“ braucht es eine Begründung.",
        ));
    }
    if let Some(r) = &input.revision {
        let known = state
            .strategy
            .section(&r.section_id)
            .is_some_and(|s| r.version >= 1 && r.version <= s.version());
        if !known {
            return Err(invalid("Diese Fassung des Abschnitts gibt es nicht."));
        }
    }
    let exists: Option<(String,)> =
        sqlx::query_as("SELECT moderation_state FROM comments WHERE id = ?")
            .bind(&id)
            .fetch_optional(&state.db)
            .await?;
    match exists {
        None => {
            return Err(AppError::NotFound(format!(
                "Kein Kommentar mit der Kennung {id}."
            )))
        }
        Some((s,)) if s == "withdrawn" => {
            return Err(invalid("Der Kommentar wurde zurückgezogen."));
        }
        Some(_) => {}
    }
    let status = serde_json::to_value(input.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    sqlx::query(
        "INSERT INTO answers (comment_id, body, status, reason, office, revision_section_id, \
         revision_version, staff_name, answered_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) \
         ON CONFLICT (comment_id) DO UPDATE SET body = excluded.body, status = excluded.status, \
         reason = excluded.reason, office = excluded.office, \
         revision_section_id = excluded.revision_section_id, \
         revision_version = excluded.revision_version, staff_name = excluded.staff_name, \
         answered_at = excluded.answered_at",
    )
    .bind(&id)
    .bind(input.text.trim())
    .bind(status)
    .bind(reason)
    .bind(state.office.as_ref())
    .bind(input.revision.as_ref().map(|r| r.section_id.clone()))
    .bind(input.revision.as_ref().map(|r| i64::from(r.version)))
    .bind(staff.name)
    .execute(&state.db)
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
