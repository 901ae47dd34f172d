//! The one module that talks HTTP: sending a batch of comments to the server over `fetch`,
//! and withdrawing a comment with its receipt token.
//!
//! It reports failures in the outbox's terms ([`SendFailure`]): no answer, a timeout, 408,
//! 429 and 5xx are transient; every other error status is a refusal with the server's
//! reason (its problem+json `detail`).

use mitreden_model::api::{BatchResponse, CommentBatchOut, Problem, Receipt, RECEIPT_HEADER};
use mitreden_model::comment::NewComment;
use mitreden_model::outbox::{classify, SendFailure};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A request that has not been answered after this long is given up (and retried later).
const TIMEOUT_MS: i32 = 20_000;

const TRANSIENT: SendFailure = SendFailure::Transient {
    retry_after_ms: None,
};

/// `POST /api/v1/comments` with these comments.
pub async fn send_batch(comments: &[&NewComment]) -> Result<BatchResponse, SendFailure> {
    let body = serde_json::to_string(&CommentBatchOut { comments }).map_err(|_| TRANSIENT)?;
    let window = web_sys::window().ok_or(TRANSIENT)?;
    let abort = web_sys::AbortController::new().map_err(|_| TRANSIENT)?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&body));
    init.set_signal(Some(&abort.signal()));
    let headers = web_sys::Headers::new().map_err(|_| TRANSIENT)?;
    headers
        .set("Content-Type", "application/json")
        .map_err(|_| TRANSIENT)?;
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init("/api/v1/comments", &init)
        .map_err(|_| TRANSIENT)?;

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
    let init = web_sys::RequestInit::new();
    init.set_method("DELETE");
    let headers = web_sys::Headers::new().map_err(|_| TRANSIENT)?;
    headers.set(RECEIPT_HEADER, token).map_err(|_| TRANSIENT)?;
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(&format!("/api/v1/comments/{id}"), &init)
        .map_err(|_| TRANSIENT)?;
    fetch(&window, &request).await
}

async fn fetch<T: serde::de::DeserializeOwned>(
    window: &web_sys::Window,
    request: &web_sys::Request,
) -> Result<T, SendFailure> {
    // A rejected fetch is a network error or our timeout: worth a retry.
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(request))
        .await
        .map_err(|_| TRANSIENT)?
        .dyn_into()
        .map_err(|_| TRANSIENT)?;
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    if response.ok() {
        // A 200 whose body cannot be read was cut off: send again (idempotent).
        return serde_json::from_str(&text).map_err(|_| TRANSIENT);
    }
    let reason = serde_json::from_str::<Problem>(&text)
        .ok()
        .and_then(|p| p.detail)
        .unwrap_or_else(|| format!("Der Server antwortete mit {}.", response.status()));
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    Err(classify(response.status(), retry_after.as_deref(), reason))
}
