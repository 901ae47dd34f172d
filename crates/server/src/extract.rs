//! Extractors whose rejections speak problem+json, in German, like every other error.
//!
//! axum's own `Json` and `Query` reject with plain English text; these wrap them so that a
//! malformed request, a wrong content type, a too-large or too-slow body all get the same
//! kind of answer a client can show.

use axum::extract::rejection::{BytesRejection, FormRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::{Form, Json};
use serde::de::DeserializeOwned;

use crate::AppError;

/// A JSON body (`application/json`), or a problem+json 400/408/413/415/422.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(JsonRejection::BytesRejection(e)) => Err(body_error(&e)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(not_json()),
            Err(e) => Err(AppError::BadInput(
                e.status(),
                format!("Die Anfrage ist kein gültiges JSON: {}", e.body_text()),
            )),
        }
    }
}

/// A form's fields (`application/x-www-form-urlencoded`), or a problem+json 400/413/415.
pub struct FormBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for FormBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match Form::<T>::from_request(req, state).await {
            Ok(Form(value)) => Ok(Self(value)),
            Err(FormRejection::BytesRejection(e)) => Err(body_error(&e)),
            Err(FormRejection::InvalidFormContentType(_)) => Err(AppError::BadInput(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Bitte senden Sie die Anfrage als application/x-www-form-urlencoded.".into(),
            )),
            Err(e) => Err(AppError::BadInput(
                StatusCode::BAD_REQUEST,
                format!("Das Formular ist unvollständig: {}", e.body_text()),
            )),
        }
    }
}

/// A body as it came (a file: any content type), or a problem+json 400/408/413.
pub struct RawBody(pub axum::body::Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        axum::body::Bytes::from_request(req, state)
            .await
            .map(Self)
            .map_err(|e| body_error(&e))
    }
}

/// Query parameters, or a problem+json 400 that names what is wrong.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(q)| Self(q))
            .map_err(|e: QueryRejection| {
                AppError::BadInput(
                    StatusCode::BAD_REQUEST,
                    format!("Ungültige Angaben in der Adresse: {}", e.body_text()),
                )
            })
    }
}

/// Path parameters, or a problem+json 404 when a segment cannot be read (one that is not
/// UTF-8 names nothing here); axum's own answers plain text.
pub struct PathParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathParams<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Self(value)),
            // A route whose parameters do not fit its handler: a bug, not the client's.
            Err(e) if e.status().is_server_error() => Err(AppError::Internal(e.body_text())),
            Err(_) => Err(AppError::NotFound(
                "Diese Adresse gibt es nicht (sie ist kein gültiger Text).".into(),
            )),
        }
    }
}

/// The answer when a body must be JSON and is not.
pub fn not_json() -> AppError {
    AppError::BadInput(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "Bitte senden Sie die Anfrage als application/json.".into(),
    )
}

/// The answer to a request that arrived too slowly (408).
pub fn too_slow() -> AppError {
    AppError::BadInput(
        StatusCode::REQUEST_TIMEOUT,
        "Die Anfrage kam zu langsam an. Bitte senden Sie sie noch einmal.".into(),
    )
}

/// Why a body could not be read: too large (413), too slow (408, the body read timeout of
/// [`crate::app`]), or broken off (400).
pub fn body_error(e: &BytesRejection) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::BadInput(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Die Anfrage ist zu groß.".into(),
        );
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.is::<tower_http::timeout::TimeoutError>() {
            return too_slow();
        }
        source = err.source();
    }
    AppError::BadInput(
        StatusCode::BAD_REQUEST,
        "Die Anfrage kam nicht vollständig an.".into(),
    )
}
