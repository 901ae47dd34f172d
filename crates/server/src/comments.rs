//! `POST /api/v1/comments` (a batch, idempotent per comment id),
//! `GET /api/v1/comments/{id}` (where one comment stands), and, with the comment's receipt
//! token, `GET /api/v1/comments/{id}/receipt` (the citizen's own comment) and
//! `DELETE /api/v1/comments/{id}` (withdrawal).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Extension;
use axum::{Json, Router};
use mitreden_model::api::Problem;
use mitreden_model::api::{
    BatchResponse, CommentStatus, ItemResult, Outcome, Receipt, RECEIPT_HEADER,
};
use mitreden_model::comment::{validate, NewComment, Rejection, MAX_BATCH, MAX_BODY_BYTES};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::admin::sha256_hex;
use crate::extract::{body_error, not_json};
use crate::ingest::refused;
use crate::kiosk::Kiosk;
use crate::{AppError, AppState};

/// The comment routes, with the body limit that turns a too-large request into a 413 and
/// the rate limit per client address.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/api/v1/comments/{id}", get(status).delete(withdraw))
        .route("/api/v1/comments/{id}/receipt", get(receipt))
        // Per request; a batch is counted by its comments, once read (`create_batch`).
        .route_layer(from_fn_with_state(state.clone(), crate::limits::citizens))
        .route("/api/v1/comments", post(create_batch))
        // Outermost, for all three: a kiosk has an allowance of its own.
        .route_layer(from_fn_with_state(state.clone(), crate::kiosk::recognise))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// Checks a batch and hands its valid comments to the group-commit writer; answers per
/// comment, in order, only after the commit that holds them, i.e. after the data is on
/// disk (`synchronous = FULL`).
#[utoipa::path(post, path = "/api/v1/comments", tag = "comments",
    request_body(content = crate::openapi::CommentBatch, content_type = "application/json"),
    responses(
        (status = 200, description = "One result per comment, in order, after the commit", body = BatchResponse),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"), (status = 408, description = "Too slow", body = Problem, content_type = "application/problem+json"), (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"), (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Not a batch of 1 to 50", body = Problem, content_type = "application/problem+json"), (status = 429, description = "Rate limit; try again after Retry-After", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn create_batch(
    State(state): State<AppState>,
    kiosk: Option<Extension<Kiosk>>,
    client: crate::client::ClientAddr,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<impl IntoResponse, AppError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(not_json());
    }
    let body = body.map_err(|e| body_error(&e))?;
    let batch: IncomingBatch<'_> = serde_json::from_slice(&body).map_err(|e| {
        if e.is_data() {
            AppError::BadInput(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("Die Anfrage ist ungültig: {e}"),
            )
        } else {
            AppError::BadInput(
                StatusCode::BAD_REQUEST,
                format!("Die Anfrage ist kein gültiges JSON: {e}"),
            )
        }
    })?;

    // Each item is either answered now (invalid) or waits for its place in the commit.
    let mut answers: Vec<Option<ItemResult>> = Vec::with_capacity(batch.comments.len());
    let mut valid = Vec::new();
    for raw in batch.comments {
        match check(raw, &state) {
            Ok(comment) => {
                answers.push(None);
                valid.push(comment);
            }
            Err(refusal) => answers.push(Some(refusal)),
        }
    }
    // The rate limit counts the comments to be stored, not the request.
    if !valid.is_empty() {
        crate::limits::comments(&state, kiosk.as_ref().map(|k| &k.0), &client, valid.len())?;
    }
    let mut stored = if valid.is_empty() {
        Vec::new()
    } else {
        let kiosk = kiosk.map(|Extension(Kiosk(label))| label);
        state.ingest.store(valid, kiosk).await?
    }
    .into_iter();
    let results = answers
        .into_iter()
        .map(|a| a.or_else(|| stored.next()))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| AppError::Internal("the writer answered too few comments".into()))?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(BatchResponse { results }),
    ))
}

/// A batch as it arrives: each comment kept as the raw JSON it is (borrowed from the
/// body, nothing allocated per field), and never more than [`MAX_BATCH`] of them — the
/// reader stops at the first one too many instead of building a tree of the whole body
/// (a megabyte of `{"":0},` would otherwise take a hundred).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IncomingBatch<'a> {
    #[serde(borrow, deserialize_with = "one_to_max_batch")]
    comments: Vec<&'a RawValue>,
}

fn one_to_max_batch<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<&'de RawValue>, D::Error> {
    struct Items;
    impl<'de> Visitor<'de> for Items {
        type Value = Vec<&'de RawValue>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "eine Liste von 1 bis {MAX_BATCH} Kommentaren")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element()? {
                if items.len() == MAX_BATCH {
                    return Err(de::Error::custom(too_many()));
                }
                items.push(item);
            }
            if items.is_empty() {
                return Err(de::Error::custom(too_many()));
            }
            Ok(items)
        }
    }
    d.deserialize_seq(Items)
}

fn too_many() -> String {
    format!("Eine Anfrage muss 1 bis {MAX_BATCH} Kommentare enthalten.")
}

/// Only the id of an item, for answering an item that is not a comment.
#[derive(Deserialize)]
struct IdOnly {
    id: String,
}

/// One item of a batch: a comment that meets every rule, or the answer why not.
fn check(raw: &RawValue, state: &AppState) -> Result<NewComment, ItemResult> {
    let id = serde_json::from_str::<IdOnly>(raw.get())
        .map(|i| i.id.chars().take(64).collect::<String>())
        .unwrap_or_default();
    let comment = serde_json::from_str::<NewComment>(raw.get()).map_err(|e| {
        refused(
            id.clone(),
            Outcome::Invalid,
            format!("Ungültiger Aufbau: {e}"),
        )
    })?;
    validate(&comment, &state.strategy())
        .and_then(|()| {
            // The model checks the time's shape (in the browser too); the server reads it
            // in full and has the last word.
            chrono::DateTime::parse_from_rfc3339(&comment.created_at)
                .map(|_| ())
                .map_err(|_| Rejection::BadTime)
        })
        .map_err(|rejection| ItemResult {
            code: Some(rejection.code().to_owned()),
            ..refused(id, Outcome::Invalid, rejection.to_string())
        })?;
    Ok(comment)
}

/// Compares two hashes in time independent of where they differ.
fn same_hash(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Where one comment stands; its text is not part of the answer.
#[utoipa::path(get, path = "/api/v1/comments/{id}", tag = "comments", params(("id" = String, Path, description = "The comment's id (a UUID)", pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")),
    responses((status = 200, description = "Where the comment stands", body = CommentStatus),
        (status = 404, description = "No such comment", body = Problem, content_type = "application/problem+json"), (status = 429, description = "Rate limit; try again after Retry-After", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn status(
    State(state): State<AppState>,
    crate::extract::PathParams(id): crate::extract::PathParams<String>,
) -> Result<impl IntoResponse, AppError> {
    let row = state
        .store
        .comment_state(&id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Kein Kommentar mit der Kennung {id}.")))?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(CommentStatus {
            id,
            section_id: row.section_id,
            received_at: row.received_at,
            moderation_state: row.moderation_state,
        }),
    ))
}

/// Checks the receipt token in the request against the comment's stored hash.
/// Unknown id: 404; missing or wrong token: 403 (the token of one comment opens no other).
pub(crate) async fn authorise(
    state: &AppState,
    id: &str,
    headers: &HeaderMap,
) -> Result<(), AppError> {
    let Some(stored) = state.store.receipt_hash(id).await? else {
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
#[utoipa::path(get, path = "/api/v1/comments/{id}/receipt", tag = "comments", params(("id" = String, Path, description = "The comment's id (a UUID)", pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"), ("x-receipt-token" = String, Header, description = "The comment's receipt token")),
    responses((status = 200, description = "The citizen's own comment", body = Receipt),
        (status = 403, description = "Wrong or missing receipt token", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such comment", body = Problem, content_type = "application/problem+json"), (status = 429, description = "Rate limit; try again after Retry-After", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn receipt(
    State(state): State<AppState>,
    crate::extract::PathParams(id): crate::extract::PathParams<String>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    authorise(&state, &id, &headers).await?;
    // Authorised a moment ago; only a withdrawal in between changes it, never removes it.
    let c = state
        .store
        .comment(&id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Kein Kommentar mit der Kennung {id}.")))?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(Receipt {
            id,
            section_id: c.section_id,
            section_version: c.section_version,
            text: c.text,
            received_at: c.received_at,
            moderation_state: c.moderation_state,
            moderation_reason: c.moderation_reason,
            answer: c.answer,
        }),
    ))
}

/// Withdraws a comment (GDPR Art. 17): its text, name and self-description are erased;
/// what the statistics need (section, version, times) stays. Withdrawing twice is harmless
/// and costs nothing the second time.
#[utoipa::path(delete, path = "/api/v1/comments/{id}", tag = "comments", params(("id" = String, Path, description = "The comment's id (a UUID)", pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"), ("x-receipt-token" = String, Header, description = "The comment's receipt token")),
    responses((status = 200, description = "Withdrawn: text and name erased", body = Receipt),
        (status = 403, description = "Wrong or missing receipt token", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such comment", body = Problem, content_type = "application/problem+json"), (status = 429, description = "Rate limit; try again after Retry-After", body = Problem, content_type = "application/problem+json"), (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn withdraw(
    State(state): State<AppState>,
    crate::extract::PathParams(id): crate::extract::PathParams<String>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    authorise(&state, &id, &headers).await?;
    state.store.withdraw_comment(&id).await?;
    receipt(State(state), crate::extract::PathParams(id), headers).await
}
