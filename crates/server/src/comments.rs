//! `POST /api/v1/comments` (a batch, idempotent per comment id),
//! `GET /api/v1/comments/{id}` (where one comment stands), and, with the comment's receipt
//! token, `GET /api/v1/comments/{id}/receipt` (the citizen's own comment) and
//! `DELETE /api/v1/comments/{id}` (withdrawal).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use mitreden_model::api::{
    BatchResponse, CommentBatch, CommentStatus, ItemResult, Outcome, Receipt, RECEIPT_HEADER,
};
use mitreden_model::comment::{validate, NewComment, MAX_BATCH, MAX_BODY_BYTES};
use sqlx::{Sqlite, Transaction};

use crate::admin::sha256_hex;
use crate::rows::{comment_from_row, COMMENT_COLUMNS};
use crate::{AppError, AppState};

/// The comment routes, with the body limit that turns a too-large request into a 413.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/comments", post(create_batch))
        .route("/api/v1/comments/{id}", get(status).delete(withdraw))
        .route("/api/v1/comments/{id}/receipt", get(receipt))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// Stores a batch in one transaction and answers per comment, in order. The answer is sent
/// only after the commit, i.e. after the data is on disk (`synchronous = FULL`).
async fn create_batch(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<impl IntoResponse, AppError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(AppError::BadInput(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Bitte senden Sie die Kommentare als application/json.".into(),
        ));
    }
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::BadInput(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("Die Anfrage ist zu groß (höchstens {MAX_BODY_BYTES} Bytes)."),
            )
        } else {
            AppError::BadInput(StatusCode::BAD_REQUEST, e.body_text())
        }
    })?;
    let batch: CommentBatch = serde_json::from_slice(&body).map_err(|e| {
        let status = if e.is_data() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        AppError::BadInput(status, format!("Die Anfrage ist kein gültiges JSON: {e}"))
    })?;
    if batch.comments.is_empty() || batch.comments.len() > MAX_BATCH {
        return Err(AppError::BadInput(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("Eine Anfrage muss 1 bis {MAX_BATCH} Kommentare enthalten."),
        ));
    }

    let mut tx = state.db.begin().await?;
    let mut results = Vec::with_capacity(batch.comments.len());
    for raw in batch.comments {
        let id = raw
            .get("id")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let comment = match serde_json::from_value::<NewComment>(raw) {
            Ok(c) => c,
            Err(e) => {
                results.push(refused(
                    id,
                    Outcome::Invalid,
                    format!("Ungültiger Aufbau: {e}"),
                ));
                continue;
            }
        };
        if let Err(rejection) = validate(&comment, &state.strategy) {
            results.push(refused(id, Outcome::Invalid, rejection.to_string()));
            continue;
        }
        results.push(store(&mut tx, &comment).await?);
    }
    tx.commit().await?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(BatchResponse { results }),
    ))
}

fn refused(id: String, outcome: Outcome, reason: String) -> ItemResult {
    ItemResult {
        id,
        outcome,
        status: outcome.status(),
        received_at: None,
        reason: Some(reason),
    }
}

/// The stored columns of a comment, to compare a retry with the original.
type StoredRow = (
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    bool,
    String,
    String,
    Option<String>,
);

/// Compares two hashes in time independent of where they differ.
fn same_hash(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Inserts a comment, or recognises a retry of one already stored.
async fn store(
    tx: &mut Transaction<'_, Sqlite>,
    c: &NewComment,
) -> Result<ItemResult, sqlx::Error> {
    let existing: Option<StoredRow> = sqlx::query_as(
        "SELECT section_id, section_version, body, author_name, self_description, consent, \
         client_created_at, received_at, receipt_hash FROM comments WHERE id = ?",
    )
    .bind(&c.id)
    .fetch_optional(&mut **tx)
    .await?;
    let hash = c.receipt_token.as_deref().map(sha256_hex);
    if let Some((section, version, body, name, description, consent, created, received, stored)) =
        existing
    {
        let same = stored == hash
            && section == c.section_id
            && version == i64::from(c.section_version)
            && body == c.text
            && name == c.name
            && description == c.self_description
            && consent == c.consent
            && created == c.created_at;
        return Ok(if same {
            ItemResult {
                id: c.id.clone(),
                outcome: Outcome::AlreadyPresent,
                status: Outcome::AlreadyPresent.status(),
                received_at: Some(received),
                reason: None,
            }
        } else {
            refused(
                c.id.clone(),
                Outcome::Conflict,
                "Unter dieser Kennung ist bereits ein anderer Kommentar gespeichert.".into(),
            )
        });
    }
    let (received,): (String,) = sqlx::query_as(
        "INSERT INTO comments (id, section_id, section_version, body, author_name, \
         self_description, consent, client_created_at, receipt_hash, received_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) \
         RETURNING received_at",
    )
    .bind(&c.id)
    .bind(&c.section_id)
    .bind(i64::from(c.section_version))
    .bind(&c.text)
    .bind(&c.name)
    .bind(&c.self_description)
    .bind(c.consent)
    .bind(&c.created_at)
    .bind(&hash)
    .fetch_one(&mut **tx)
    .await?;
    Ok(ItemResult {
        id: c.id.clone(),
        outcome: Outcome::Created,
        status: Outcome::Created.status(),
        received_at: Some(received),
        reason: None,
    })
}

/// Where one comment stands; its text is not part of the answer.
async fn status(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT section_id, received_at, moderation_state FROM comments WHERE id = ?",
    )
    .bind(&id)
    .fetch_optional(&state.db)
    .await?;
    let (section_id, received_at, moderation_state) =
        row.ok_or_else(|| AppError::NotFound(format!("Kein Kommentar mit der Kennung {id}.")))?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(CommentStatus {
            id,
            section_id,
            received_at,
            moderation_state,
        }),
    ))
}

/// Checks the receipt token in the request against the comment's stored hash.
/// Unknown id: 404; missing or wrong token: 403 (the token of one comment opens no other).
async fn authorise(state: &AppState, id: &str, headers: &HeaderMap) -> Result<(), AppError> {
    let stored: Option<(Option<String>,)> =
        sqlx::query_as("SELECT receipt_hash FROM comments WHERE id = ?")
            .bind(id)
            .fetch_optional(&state.db)
            .await?;
    let Some((stored,)) = stored else {
        return Err(AppError::NotFound(format!(
            "Kein Kommentar mit der Kennung {id}."
        )));
    };
    let token = headers
        .get(RECEIPT_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match stored {
        Some(stored) if !token.is_empty() && same_hash(&stored, &sha256_hex(token)) => Ok(()),
        _ => Err(AppError::BadInput(
            StatusCode::FORBIDDEN,
            "Der Beleg passt nicht zu diesem Beitrag.".into(),
        )),
    }
}

/// The citizen's own comment, for whoever holds its receipt token: text, state, the reason
/// of a rejection, and the official answer.
async fn receipt(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    authorise(&state, &id, &headers).await?;
    let row = sqlx::query(&format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN answers a ON a.comment_id = c.id \
         WHERE c.id = ?"
    ))
    .bind(&id)
    .fetch_one(&state.db)
    .await?;
    let c = comment_from_row(&row)?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(Receipt {
            id,
            section_id: c.section_id,
            text: c.text,
            received_at: c.received_at,
            moderation_state: c.moderation_state,
            moderation_reason: c.moderation_reason,
            answer: c.answer,
        }),
    ))
}

/// Withdraws a comment (GDPR Art. 17): its text, name and self-description are erased;
/// what the statistics need (section, version, times) stays. Withdrawing twice is harmless.
async fn withdraw(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    authorise(&state, &id, &headers).await?;
    sqlx::query(
        "UPDATE comments SET body = '', author_name = NULL, self_description = NULL, \
         moderation_state = 'withdrawn', \
         withdrawn_at = COALESCE(withdrawn_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) \
         WHERE id = ?",
    )
    .bind(&id)
    .execute(&state.db)
    .await?;
    receipt(State(state), Path(id), headers).await
}
