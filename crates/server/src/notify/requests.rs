//! A citizen's request to be told by e-mail, its confirmation and its end (issue 23).
//!
//! The request is made with the comment's receipt token, as a look-up is; the address
//! gets a confirmation mail first (at most one per address per hour), whose link opens a
//! page with a button — a link scanner that opens it confirms nothing. Confirmed, the
//! request gets one mail per event of its comment ([`super::events`]). Every mail has a
//! one-click stop (`List-Unsubscribe-Post`, RFC 8058) with a token of its own. No link's
//! token is in a table (its SHA-256 is).

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post};
use axum::{Json, Router};
use mitreden_model::api::Problem;
use mitreden_model::notify::{NotifyAccepted, NotifyKind, NotifyRequest, CONFIRM_HOURS};
use serde::Deserialize;

use super::texts::{self, Lang};
use crate::admin::session::{random_hex, sha256_hex};
use crate::error::AppError;
use crate::extract::{FormBody, JsonBody, PathParams, QueryParams};
use crate::AppState;
use mitreden_store::notify::{Asked, Channel, Mail, NewPush, NewRequest};

/// The routes: asking (counted by the citizens' rate limit), confirming, stopping.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/api/v1/comments/{id}/notify", post(request))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::limits::citizens,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::kiosk::recognise,
        ))
        .route("/api/v1/notify/stop", post(stop))
        .route("/benachrichtigung", get(confirm_page).post(confirm))
}

/// The origin the links in mails start with (`--public-url`), or why there is none.
fn origin(state: &AppState) -> Result<&str, AppError> {
    state.public_origin.as_deref().ok_or_else(no_mail)
}

pub(crate) fn no_mail() -> AppError {
    AppError::Refused {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: "no_mail".into(),
        detail: "Dieser Server verschickt keine E-Mails.".into(),
    }
}

/// Asks to be told by e-mail what becomes of the comment `id`: a confirmation mail goes to
/// the address first.
#[utoipa::path(post, path = "/api/v1/comments/{id}/notify", tag = "comments",
    params(("id" = String, Path, description = "The comment's id (a UUID)"),
        ("x-receipt-token" = String, Header, description = "The comment's receipt token")),
    request_body(content = NotifyRequest, content_type = "application/json"),
    responses((status = 202, description = "Taken; a confirmation mail is on its way", body = NotifyAccepted),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong or missing receipt token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such comment", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No consent, not an address, not German or English, push not offered, no mail on this server, or the comment withdrawn (with `code`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "A confirmation went to this address within the hour, or the rate limit; try again after Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn request(
    State(state): State<AppState>,
    PathParams(id): PathParams<String>,
    headers: HeaderMap,
    JsonBody(input): JsonBody<NotifyRequest>,
) -> Result<(StatusCode, Json<NotifyAccepted>), AppError> {
    crate::comments::authorise(&state, &id, &headers).await?;
    let checked = input.checked().map_err(|e| AppError::Refused {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: e.code().into(),
        detail: match e {
            mitreden_model::notify::NotifyRejection::NoConsent => {
                "Bitte stimmen Sie zu, dass die Adresse dafür gespeichert wird."
            }
            mitreden_model::notify::NotifyRejection::BadAddress => {
                "Das ist keine E-Mail-Adresse, an die wir schreiben können."
            }
            mitreden_model::notify::NotifyRejection::BadSubscription => {
                "Die Push-Anmeldung des Browsers ist unvollständig."
            }
            mitreden_model::notify::NotifyRejection::BadLanguage => {
                "Nachrichten gibt es auf Deutsch oder Englisch."
            }
        }
        .into(),
    })?;
    let token = headers
        .get(mitreden_model::api::RECEIPT_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if checked.kind == NotifyKind::Push {
        return subscribe(&state, &id, checked, &token).await;
    }
    let wake = state.mail.clone().ok_or_else(no_mail)?;
    let origin = origin(&state)?.to_owned();
    let section_id = open_comment(&state, &id).await?;
    let address = checked.address.unwrap_or_default();
    let lang = Lang::of(&checked.language);
    let strategy = state.strategy();
    let section = texts::section_title(&strategy, &section_id, lang);
    let request_id = random_hex(16)?;
    let link = random_hex(32)?;
    let address_hash = sha256_hex(&address.to_lowercase());
    let letter = texts::confirmation(
        lang,
        &strategy.town,
        &section,
        &format!("{origin}/benachrichtigung?token={link}"),
    );
    let confirmation = Mail {
        channel: Channel::Email,
        message_id: format!("bestaetigung-{request_id}@{}", host(&origin)),
        recipient: address.clone(),
        subject: letter.subject,
        text: letter.text,
        html: letter.html,
        unsubscribe: None,
    };
    let asked = state
        .store
        .ask(NewRequest {
            id: &request_id,
            comment_id: &id,
            language: lang.tag(),
            address: &address,
            address_hash: &address_hash,
            receipt_token: &token,
            link_hash: &sha256_hex(&link),
            confirmation: &confirmation,
        })
        .await?;
    if let Asked::Throttled { wait_seconds } = asked {
        return Err(AppError::TooMany {
            message: "An diese Adresse ging vor weniger als einer Stunde eine Bestätigung. \
                      Bitte sehen Sie in Ihrem Postfach nach, auch im Spam-Ordner.",
            wait: std::time::Duration::from_secs(wait_seconds),
        });
    }
    wake.now();
    tracing::info!(request = %request_id, "notification asked for; confirmation queued");
    Ok((
        StatusCode::ACCEPTED,
        Json(NotifyAccepted {
            kind: NotifyKind::Email,
        }),
    ))
}

/// The section of the comment `id`, which must be there and not withdrawn (404, 422
/// `withdrawn`): the same for either way of being told.
async fn open_comment(state: &AppState, id: &str) -> Result<String, AppError> {
    let Some(found) = state.store.comment_state(id).await? else {
        return Err(AppError::NotFound(format!(
            "Kein Kommentar mit der Kennung {id}."
        )));
    };
    if found.moderation_state == mitreden_model::api::ModerationState::Withdrawn {
        return Err(AppError::Refused {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "withdrawn".into(),
            detail: "Der Kommentar wurde zurückgezogen.".into(),
        });
    }
    Ok(found.section_id)
}

/// A push request: stored confirmed at once (the browser's permission is the consent, and
/// nobody can be pushed to who did not subscribe), the subscription as the address.
async fn subscribe(
    state: &AppState,
    id: &str,
    checked: NotifyRequest,
    token: &str,
) -> Result<(StatusCode, Json<NotifyAccepted>), AppError> {
    if state.push.is_none() {
        return Err(AppError::Refused {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "push_not_offered".into(),
            detail: "Push-Nachrichten bietet dieser Server nicht an; bitte die E-Mail.".into(),
        });
    }
    open_comment(state, id).await?;
    let subscription = serde_json::to_string(&checked.subscription)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    // The same browser asking twice for the same comment is one request.
    state
        .store
        .subscribe(NewPush {
            id: &random_hex(16)?,
            comment_id: id,
            language: &checked.language,
            subscription: &subscription,
            receipt_token: token,
            link_hash: &sha256_hex(&random_hex(32)?),
        })
        .await?;
    tracing::info!("push subscription taken");
    Ok((
        StatusCode::ACCEPTED,
        Json(NotifyAccepted {
            kind: NotifyKind::Push,
        }),
    ))
}

/// The host of an origin (`https://host:port` → `host:port`), for Message-IDs.
pub(super) fn host(origin: &str) -> &str {
    origin.split_once("://").map_or(origin, |(_, h)| h)
}

/// The token in a link.
#[derive(Deserialize)]
pub struct Token {
    token: String,
}

/// The language a request was made in, if its link is one.
async fn language_of(state: &AppState, token: &str) -> Result<Option<Lang>, AppError> {
    let lang = state.store.request_language(&sha256_hex(token)).await?;
    Ok(lang.as_deref().map(Lang::of))
}

fn html(page: String) -> impl IntoResponse {
    (
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        Html(page),
    )
}

/// `GET /benachrichtigung?token=…`: the page with the button that confirms.
pub async fn confirm_page(
    State(state): State<AppState>,
    QueryParams(Token { token }): QueryParams<Token>,
) -> Result<impl IntoResponse, AppError> {
    let lang = language_of(&state, &token).await?.unwrap_or(Lang::De);
    let (heading, said, button) = match lang {
        Lang::De => (
            "Benachrichtigung bestätigen",
            "Mit der Bestätigung erhalten Sie eine E-Mail, wenn etwas mit Ihrem Kommentar \
             geschieht.",
            "Bestätigen",
        ),
        Lang::En => (
            "Confirm the notification",
            "Once confirmed, you get an e-mail when something happens to your comment.",
            "Confirm",
        ),
    };
    Ok(html(texts::page(
        lang,
        heading,
        said,
        Some((&token, button)),
    )))
}

/// `POST /benachrichtigung` (the page's button): confirms, unless the link is unknown,
/// used up or older than 48 hours.
pub async fn confirm(
    State(state): State<AppState>,
    FormBody(Token { token }): FormBody<Token>,
) -> Result<impl IntoResponse, AppError> {
    let lang = language_of(&state, &token).await?.unwrap_or(Lang::De);
    let confirmed = state
        .store
        .confirm(&sha256_hex(&token), CONFIRM_HOURS)
        .await?;
    let (heading, said) = match (lang, confirmed) {
        (Lang::De, true) => (
            "Bestätigt",
            "Sie erhalten eine E-Mail, wenn Ihr Kommentar veröffentlicht, abgelehnt oder \
             beantwortet wird.",
        ),
        (Lang::De, false) => (
            "Dieser Link gilt nicht (mehr)",
            "Er wurde schon benutzt, ist älter als 48 Stunden, oder die Benachrichtigung ist \
             beendet.",
        ),
        (Lang::En, true) => (
            "Confirmed",
            "You will get an e-mail when your comment is published, refused or answered.",
        ),
        (Lang::En, false) => (
            "This link does not work (any more)",
            "It was used already, is older than 48 hours, or the notification has ended.",
        ),
    };
    if confirmed {
        tracing::info!("notification confirmed");
    }
    let status = if confirmed {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    Ok((status, html(texts::page(lang, heading, said, None))))
}

/// Ends a notification: its address is deleted at once. The one-click stop of every mail
/// (RFC 8058: a `POST` to the link; the body is not read).
#[utoipa::path(post, path = "/api/v1/notify/stop", tag = "comments",
    params(("token" = String, Query, description = "The token from the mail's link")),
    responses((status = 204, description = "Stopped; the address is deleted"),
        (status = 400, description = "No token in the address", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No notification with this link, or it has ended", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn stop(
    State(state): State<AppState>,
    QueryParams(Token { token }): QueryParams<Token>,
) -> Result<StatusCode, AppError> {
    let stopped = state.store.stop(&sha256_hex(&token)).await?;
    if !stopped {
        return Err(AppError::NotFound(
            "Keine laufende Benachrichtigung mit diesem Link.".into(),
        ));
    }
    tracing::info!("notification stopped; address deleted");
    Ok(StatusCode::NO_CONTENT)
}
