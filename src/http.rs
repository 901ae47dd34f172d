//! The one module that talks HTTP, over `fetch`: a typed function per endpoint the
//! citizens' apps use — sending a batch, a receipt, withdrawing, the public comments and
//! counts, a participation event, a kiosk's check — and the requests underneath them
//! (`request`, `get_json`, `send`, `post_coded`, …), which the administration's typed
//! client (`mitreden_admin::http`) uses for its endpoints. Pages never build API paths.
//!
//! It reports failures in the outbox's terms ([`SendFailure`]): no answer, a timeout, 408,
//! 429 and 5xx are transient; every other error status is a refusal with the server's
//! reason (its problem+json `detail`).

use mitreden_model::api::{BatchResponse, CommentBatchOut, Receipt, SectionCount, RECEIPT_HEADER};
use mitreden_model::comment::NewComment;
use mitreden_model::event::{ApplicationReceipt, ApplicationState, EventState, NewApplication};
use mitreden_model::kiosk::KIOSK_HEADER;
use mitreden_model::notify::NotifyRequest;
use mitreden_model::outbox::{classify, SendFailure};
use mitreden_model::paging::CommentPage;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A request that has not been answered after this long is given up (and retried later).
const TIMEOUT_MS: i32 = 20_000;

/// No answer: worth another try, at no particular time.
pub const TRANSIENT: SendFailure = SendFailure::Transient {
    retry_after_ms: None,
};

/// `POST /api/v1/comments` with these comments (from a kiosk: with its secret).
pub async fn send_batch(
    comments: &[&NewComment],
    kiosk_secret: Option<&str>,
) -> Result<BatchResponse, SendFailure> {
    let body = crate::json::to_text(&CommentBatchOut { comments }).ok_or(TRANSIENT)?;
    let window = web_sys::window().ok_or(TRANSIENT)?;
    let abort = web_sys::AbortController::new().map_err(|_| TRANSIENT)?;
    let kiosk: Vec<(&str, &str)> = kiosk_secret
        .map(|s| (KIOSK_HEADER, s))
        .into_iter()
        .collect();
    let request = request(
        "POST",
        "/api/v1/comments",
        Some(&body),
        &kiosk,
        Some(&abort.signal()),
    )?;

    let stop = wasm_bindgen::closure::Closure::once_into_js(move || abort.abort());
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(stop.unchecked_ref(), TIMEOUT_MS)
        .ok();
    let result = fetch(&window, &request).await;
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    result
}

/// `DELETE /api/v1/comments/{id}` with the receipt token: withdraws the comment.
pub async fn withdraw(id: &str, token: &str) -> Result<Receipt, SendFailure> {
    let window = web_sys::window().ok_or(TRANSIENT)?;
    let req = request(
        "DELETE",
        &format!("/api/v1/comments/{id}"),
        None,
        &[(RECEIPT_HEADER, token)],
        None,
    )?;
    fetch(&window, &req).await
}

/// Sends a request; a 2xx answer read as JSON, or the failure in the outbox's terms.
pub async fn fetch<T: serde::de::DeserializeOwned>(
    window: &web_sys::Window,
    request: &web_sys::Request,
) -> Result<T, SendFailure> {
    let text = fetch_text(window, request).await?;
    // A 200 whose body cannot be read was cut off: worth another try (sends are idempotent).
    crate::json::from_text(&text).map_err(|_| TRANSIENT)
}

/// Sends a request; the body of a 2xx answer, or the failure in the outbox's terms.
#[inline]
pub async fn fetch_text(
    window: &web_sys::Window,
    request: &web_sys::Request,
) -> Result<String, SendFailure> {
    fetch_text_and(window, request, |_| {}).await
}

/// [`fetch_text`], handing a 2xx answer's headers to `headers` first.
pub async fn fetch_text_and(
    window: &web_sys::Window,
    request: &web_sys::Request,
    headers: impl FnOnce(&web_sys::Headers),
) -> Result<String, SendFailure> {
    fetch_coded(window, request, headers)
        .await
        .map_err(|(failure, _)| failure)
}

/// A problem's `detail`, and the `code` some add (a participation event's refusals).
#[derive(serde::Deserialize)]
struct CodedProblem {
    detail: Option<String>,
    code: Option<String>,
}

/// [`fetch_text_and`], with the problem's `code` beside a failure, where it has one.
pub async fn fetch_coded(
    window: &web_sys::Window,
    request: &web_sys::Request,
    headers: impl FnOnce(&web_sys::Headers),
) -> Result<String, (SendFailure, Option<String>)> {
    // A rejected fetch is a network error or our timeout: worth a retry.
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(request))
        .await
        .map_err(|_| (TRANSIENT, None))?
        .dyn_into()
        .map_err(|_| (TRANSIENT, None))?;
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    if response.ok() {
        headers(&response.headers());
        return Ok(text);
    }
    let problem = crate::json::from_text::<CodedProblem>(&text).ok();
    let (detail, code) = problem.map_or((None, None), |p| (p.detail, p.code));
    let reason =
        detail.unwrap_or_else(|| format!("Der Server antwortete mit {}.", response.status()));
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    Err((
        classify(response.status(), retry_after.as_deref(), reason),
        code,
    ))
}

/// A request to this server: `method` on `path`, an optional JSON body and extra headers.
#[inline]
pub fn request(
    method: &str,
    path: &str,
    json: Option<&str>,
    headers: &[(&str, &str)],
    signal: Option<&web_sys::AbortSignal>,
) -> Result<web_sys::Request, SendFailure> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_signal(signal);
    let h = web_sys::Headers::new().map_err(|_| TRANSIENT)?;
    if let Some(json) = json {
        init.set_body(&JsValue::from_str(json));
        h.set("Content-Type", "application/json")
            .map_err(|_| TRANSIENT)?;
    }
    for (name, value) in headers {
        h.set(name, value).map_err(|_| TRANSIENT)?;
    }
    init.set_headers(&h);
    web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| TRANSIENT)
}

/// `GET path` (with extra headers), the answer read as JSON.
pub async fn get_json<T: serde::de::DeserializeOwned>(
    path: &str,
    headers: &[(&str, &str)],
) -> Result<T, SendFailure> {
    let window = web_sys::window().ok_or(TRANSIENT)?;
    fetch(&window, &request("GET", path, None, headers, None)?).await
}

/// `GET /api/v1/comments/{id}/receipt` with the receipt token: the citizen's own comment.
pub async fn receipt(id: &str, token: &str) -> Result<Receipt, SendFailure> {
    get_json(
        &format!("/api/v1/comments/{id}/receipt"),
        &[(RECEIPT_HEADER, token)],
    )
    .await
}

/// A request whose answer body does not matter (admin actions); the failure's reason
/// otherwise.
#[inline]
pub async fn send(method: &str, path: &str, json: Option<String>) -> Result<String, String> {
    let req = request(method, path, json.as_deref(), &[], None).map_err(|_| String::new())?;
    answer_text(&req).await
}

/// The answer to `req` as text, or the reason to show: the server's refusal, or that there
/// is no connection.
#[inline]
pub async fn answer_text(req: &web_sys::Request) -> Result<String, String> {
    answer_coded(req).await.map_err(|(reason, _)| reason)
}

/// [`answer_text`], with the refusal's code where the server gave one.
#[inline]
pub async fn answer_coded(req: &web_sys::Request) -> Result<String, (String, Option<String>)> {
    let window = web_sys::window().ok_or((String::new(), None))?;
    fetch_coded(&window, req, |_| {})
        .await
        .map_err(|(failure, code)| {
            let reason = match failure {
                SendFailure::Refused { reason } => reason,
                SendFailure::Transient { .. } => crate::i18n::t().no_connection.to_owned(),
            };
            (reason, code)
        })
}

/// `GET /api/v1/sections/{id}/comments`: a page of the published comments on a section,
/// newest first — the first, or the one after `after` (the previous page's `next`), of
/// `limit` comments (the server's default when `None`). The browser's HTTP cache asks with
/// the page's `ETag`, so an unchanged page costs a 304.
pub async fn section_comments(
    section: &str,
    after: Option<&str>,
    limit: Option<u32>,
) -> Result<CommentPage, SendFailure> {
    let mut path = format!("/api/v1/sections/{section}/comments");
    let mut sep = '?';
    if let Some(limit) = limit {
        path.push_str(&format!("{sep}limit={limit}"));
        sep = '&';
    }
    if let Some(after) = after {
        let after = String::from(js_sys::encode_uri_component(after));
        path.push_str(&format!("{sep}after={after}"));
    }
    get_json(&path, &[]).await
}

/// `GET /api/v1/counts`: published comments per section.
pub async fn counts() -> Result<Vec<SectionCount>, SendFailure> {
    get_json("/api/v1/counts", &[]).await
}

// A participation event, the citizen's side (issue 14).

/// `GET /api/v1/events/{event}`: where the event stands, how many applied, the commitment
/// and, once drawn, the draw.
pub async fn event_state(event: &str) -> Result<EventState, SendFailure> {
    get_json(&format!("/api/v1/events/{event}"), &[]).await
}

/// `POST /api/v1/events/{event}/applications`: the application (sent again, the same id
/// gets the same receipt). A refusal comes in the page's language where the server names
/// the rule (its problem's `code`).
pub async fn apply_for_seat(
    application: &NewApplication,
) -> Result<ApplicationReceipt, SendFailure> {
    let body = crate::json::to_text(application).ok_or(TRANSIENT)?;
    let path = format!("/api/v1/events/{}/applications", application.event_id);
    let text = event_request("POST", &path, Some(&body)).await?;
    crate::json::from_text(&text).map_err(|_| TRANSIENT)
}

/// `GET /api/v1/events/{event}/applications/{code}`: an application's state, for the holder
/// of its receipt code.
pub async fn application_state(event: &str, code: &str) -> Result<ApplicationState, SendFailure> {
    let code = js_sys::encode_uri_component(code);
    get_json(&format!("/api/v1/events/{event}/applications/{code}"), &[]).await
}

/// `DELETE /api/v1/events/{event}/applications/{code}`: withdraws the application (refused
/// once the applications are closed).
pub async fn withdraw_application(
    event: &str,
    code: &str,
) -> Result<ApplicationState, SendFailure> {
    let code = js_sys::encode_uri_component(code);
    let path = format!("/api/v1/events/{event}/applications/{code}");
    let text = event_request("DELETE", &path, None).await?;
    crate::json::from_text(&text).map_err(|_| TRANSIENT)
}

/// Where the published draw of `event` is downloaded: every input, for
/// `mitreden-server lottery verify`.
pub fn draw_download(event: &str) -> String {
    format!("/api/v1/events/{event}/draw.json")
}

/// A request of a participation event, given up after the send timeout like a batch; a
/// refusal said in the page's language where its `code` is one the app knows.
async fn event_request(
    method: &str,
    path: &str,
    json: Option<&str>,
) -> Result<String, SendFailure> {
    let window = web_sys::window().ok_or(TRANSIENT)?;
    let abort = web_sys::AbortController::new().map_err(|_| TRANSIENT)?;
    let req = request(method, path, json, &[], Some(&abort.signal()))?;
    let stop = wasm_bindgen::closure::Closure::once_into_js(move || abort.abort());
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(stop.unchecked_ref(), TIMEOUT_MS)
        .ok();
    let result = fetch_coded(&window, &req, |_| {}).await;
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    result.map_err(|failure| match failure {
        (SendFailure::Refused { reason }, Some(code)) => {
            // The page's language (the outbox sends without context).
            let texts = crate::i18n::locale().event_texts();
            SendFailure::Refused {
                reason: texts.refusal(&code).unwrap_or(reason),
            }
        }
        (failure, _) => failure,
    })
}

/// `POST /api/v1/admin/logout` as a beacon: it goes out even as the page is left (the
/// kiosk's reset ends any staff session on the device).
pub fn admin_logout_beacon() {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().send_beacon("/api/v1/admin/logout");
    }
}

/// `GET /api/v1/kiosk`: `Some(false)` once this device is no kiosk (revoked: 404),
/// `Some(true)` while it is, `None` when that cannot be told now (offline, busy).
pub async fn kiosk_check(secret: &str) -> Option<bool> {
    let window = web_sys::window()?;
    let req = request(
        "GET",
        "/api/v1/kiosk",
        None,
        &[(KIOSK_HEADER, secret)],
        None,
    )
    .ok()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&req))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    match response.status() {
        200 => Some(true),
        404 => Some(false),
        _ => None,
    }
}

/// `POST path` with `json`, the answer read as JSON; a refusal as its reason and code.
pub async fn post_coded<T: serde::de::DeserializeOwned>(
    path: &str,
    json: Option<String>,
) -> Result<T, (String, Option<String>)> {
    let req =
        request("POST", path, json.as_deref(), &[], None).map_err(|_| (String::new(), None))?;
    let text = answer_coded(&req).await?;
    crate::json::from_text(&text).map_err(|e| (e, None))
}

/// `POST /api/v1/comments/{id}/notify` with the receipt token: a confirmation mail is on
/// its way; or the refusal with its code.
pub async fn notify(
    id: &str,
    token: &str,
    wanted: &NotifyRequest,
) -> Result<(), (String, Option<String>)> {
    let unsent = || (crate::i18n::t().no_connection.to_owned(), None);
    let body = crate::json::to_text(wanted).ok_or_else(unsent)?;
    let req = request(
        "POST",
        &format!("/api/v1/comments/{id}/notify"),
        Some(&body),
        &[(RECEIPT_HEADER, token)],
        None,
    )
    .map_err(|_| unsent())?;
    answer_coded(&req).await.map(|_| ())
}
