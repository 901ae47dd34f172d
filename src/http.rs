//! The one module that talks HTTP, over `fetch`: a typed function per endpoint the apps
//! use — sending a batch, a receipt, withdrawing, the public comments and counts, a
//! kiosk's set-up and check, and the administration's sign-in, list, publish, reject and
//! answer. Pages never build API paths.
//!
//! It reports failures in the outbox's terms ([`SendFailure`]): no answer, a timeout, 408,
//! 429 and 5xx are transient; every other error status is a refusal with the server's
//! reason (its problem+json `detail`).

use mitreden_model::api::{
    AdminComment, AnswerInput, AnswerStatus, BatchResponse, CommentBatchOut, LoginInput,
    ModerationState, Receipt, RejectInput, SectionCount, RECEIPT_HEADER,
};
use mitreden_model::comment::NewComment;
use mitreden_model::edit::{EditorState, SectionEdit, SectionsChange};
use mitreden_model::event::{ApplicationReceipt, ApplicationState, EventState, NewApplication};
use mitreden_model::event_settings::EventSettings;
use mitreden_model::kiosk::{
    KioskLabel, KioskSetup, KioskSetupInput, KioskSummary, NewKiosk, SetupLink, KIOSK_HEADER,
};
use mitreden_model::moderation::{
    BulkInput, BulkResult, HistoryEntry, ListSort, NewStaff, PasswordInput, SignedIn, StaffAccount,
    StateCount,
};
use mitreden_model::outbox::{classify, SendFailure};
use mitreden_model::paging::CommentPage;
use mitreden_model::settings::StrategySettings;
use mitreden_model::template::{AnswerTemplate, NewTemplate};
use mitreden_model::versions::{
    DocumentImport, PublishInput, PublishPreview, StrategyPreview, StrategyUpload, StrategyVersion,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How many comments match the staff list's filters (all pages together).
const TOTAL_HEADER: &str = "x-total-count";

/// A request that has not been answered after this long is given up (and retried later).
const TIMEOUT_MS: i32 = 20_000;

const TRANSIENT: SendFailure = SendFailure::Transient {
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

async fn fetch<T: serde::de::DeserializeOwned>(
    window: &web_sys::Window,
    request: &web_sys::Request,
) -> Result<T, SendFailure> {
    let text = fetch_text(window, request).await?;
    // A 200 whose body cannot be read was cut off: worth another try (sends are idempotent).
    crate::json::from_text(&text).map_err(|_| TRANSIENT)
}

/// Sends a request; the body of a 2xx answer, or the failure in the outbox's terms.
async fn fetch_text(
    window: &web_sys::Window,
    request: &web_sys::Request,
) -> Result<String, SendFailure> {
    fetch_text_and(window, request, |_| {}).await
}

/// [`fetch_text`], handing a 2xx answer's headers to `headers` first.
async fn fetch_text_and(
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
async fn fetch_coded(
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
fn request(
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
async fn get_json<T: serde::de::DeserializeOwned>(
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

/// `POST /api/v1/kiosk/setup`: trades the set-up link's token for this device's secret.
pub async fn kiosk_setup(token: &str) -> Result<KioskSetup, SendFailure> {
    let window = web_sys::window().ok_or(TRANSIENT)?;
    let body = crate::json::to_text(&KioskSetupInput {
        token: token.to_owned(),
    })
    .ok_or(TRANSIENT)?;
    fetch(
        &window,
        &request("POST", "/api/v1/kiosk/setup", Some(&body), &[], None)?,
    )
    .await
}

/// A request whose answer body does not matter (admin actions); the failure's reason
/// otherwise.
async fn send(method: &str, path: &str, json: Option<String>) -> Result<String, String> {
    let req = request(method, path, json.as_deref(), &[], None).map_err(|_| String::new())?;
    answer_text(&req).await
}

/// The answer to `req` as text, or the reason to show: the server's refusal, or that there
/// is no connection.
async fn answer_text(req: &web_sys::Request) -> Result<String, String> {
    answer_coded(req).await.map_err(|(reason, _)| reason)
}

/// [`answer_text`], with the refusal's code where the server gave one.
async fn answer_coded(req: &web_sys::Request) -> Result<String, (String, Option<String>)> {
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

/// `GET /api/v1/admin/me`: `Ok` while signed in.
pub async fn admin_me() -> Result<SignedIn, String> {
    let text = send("GET", "/api/v1/admin/me", None).await?;
    crate::json::from_text(&text)
}

/// `POST /api/v1/admin/login`.
pub async fn admin_login(input: &LoginInput) -> Result<SignedIn, String> {
    let text = send("POST", "/api/v1/admin/login", crate::json::to_text(input)).await?;
    crate::json::from_text(&text)
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

/// `POST /api/v1/admin/logout`.
pub async fn admin_logout() -> Result<String, String> {
    send("POST", "/api/v1/admin/logout", None).await
}

/// `GET /api/v1/admin/kiosks`.
pub async fn admin_kiosks() -> Result<Vec<KioskSummary>, SendFailure> {
    get_json("/api/v1/admin/kiosks", &[]).await
}

/// `POST /api/v1/admin/kiosks`: a new kiosk and its set-up link.
pub async fn admin_add_kiosk(input: &NewKiosk) -> Result<SetupLink, String> {
    let text = send("POST", "/api/v1/admin/kiosks", crate::json::to_text(input)).await?;
    crate::json::from_text(&text)
}

/// `POST /api/v1/admin/kiosks/revoke`.
pub async fn admin_revoke_kiosk(label: String) -> Result<String, String> {
    let body = crate::json::to_text(&KioskLabel { label });
    send("POST", "/api/v1/admin/kiosks/revoke", body).await
}

/// The staff list's filters, search and page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdminFilter {
    /// Only this moderation state.
    pub state: Option<ModerationState>,
    /// Only this section.
    pub section: Option<String>,
    /// Only this answer status.
    pub status: Option<AnswerStatus>,
    /// Only this kiosk's comments.
    pub kiosk: Option<String>,
    /// Words to find.
    pub q: Option<String>,
    /// The order.
    pub sort: Option<ListSort>,
    /// A page: at most this many…
    pub limit: Option<u32>,
    /// …after skipping this many.
    pub offset: u32,
}

/// `GET /api/v1/admin/comments` with the filters that are set: a page of comments and how
/// many match in all.
pub async fn admin_comments(filter: &AdminFilter) -> Result<(Vec<AdminComment>, u64), SendFailure> {
    let limit = filter.limit.map(|l| l.to_string());
    let offset = filter.offset.to_string();
    let query: Vec<String> = [
        ("state", filter.state.map(ModerationState::as_str)),
        ("section", filter.section.as_deref()),
        ("status", filter.status.map(AnswerStatus::as_str)),
        ("kiosk", filter.kiosk.as_deref()),
        ("q", filter.q.as_deref()),
        ("sort", filter.sort.map(ListSort::as_str)),
        ("limit", limit.as_deref()),
        ("offset", Some(offset.as_str())),
    ]
    .into_iter()
    .filter_map(|(k, v)| {
        let v = js_sys::encode_uri_component(v?);
        Some(format!("{k}={v}"))
    })
    .collect();
    let window = web_sys::window().ok_or(TRANSIENT)?;
    let path = format!("/api/v1/admin/comments?{}", query.join("&"));
    let mut total = 0;
    let text = fetch_text_and(
        &window,
        &request("GET", &path, None, &[], None)?,
        |headers| {
            total = headers
                .get(TOTAL_HEADER)
                .ok()
                .flatten()
                .and_then(|t| t.parse().ok())
                .unwrap_or(0);
        },
    )
    .await?;
    let list = crate::json::from_text(&text).map_err(|_| TRANSIENT)?;
    Ok((list, total))
}

/// `GET /api/v1/admin/strategy/versions`.
pub async fn admin_strategy_versions() -> Result<Vec<StrategyVersion>, SendFailure> {
    get_json("/api/v1/admin/strategy/versions", &[]).await
}

/// `POST /api/v1/admin/strategy/preview`: the file read and compared, nothing stored.
pub async fn admin_strategy_preview(upload: &StrategyUpload) -> Result<StrategyPreview, String> {
    let text = send(
        "POST",
        "/api/v1/admin/strategy/preview",
        crate::json::to_text(upload),
    )
    .await?;
    crate::json::from_text(&text)
}

/// `POST /api/v1/admin/strategy/document`: the chosen file (any document; the browser
/// sends it as it is) read into a strategy file beside the current version; nothing stored.
pub async fn admin_strategy_document(file: &web_sys::File) -> Result<DocumentImport, String> {
    let path = format!(
        "/api/v1/admin/strategy/document?name={}",
        String::from(js_sys::encode_uri_component(&file.name()))
    );
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(file);
    let headers = web_sys::Headers::new().map_err(|_| String::new())?;
    headers
        .set("Content-Type", "application/octet-stream")
        .map_err(|_| String::new())?;
    init.set_headers(&headers);
    let req = web_sys::Request::new_with_str_and_init(&path, &init).map_err(|_| String::new())?;
    crate::json::from_text(&answer_text(&req).await?)
}

/// `GET /api/v1/admin/strategy/sections`: the sections of the newest stored version.
pub async fn admin_strategy_sections() -> Result<EditorState, SendFailure> {
    get_json("/api/v1/admin/strategy/sections", &[]).await
}

/// `POST /api/v1/admin/strategy/sections/{id}`: the edit stored as the next draft; its
/// version number. A refusal comes with its code (`section_changed`: someone changed the
/// section since it was loaded).
pub async fn admin_strategy_save_section(
    id: &str,
    edit: &SectionEdit,
) -> Result<i64, (String, Option<String>)> {
    let path = format!(
        "/api/v1/admin/strategy/sections/{}",
        String::from(js_sys::encode_uri_component(id))
    );
    post_coded(&path, crate::json::to_text(edit)).await
}

/// `POST /api/v1/admin/strategy/sections`: a section added, removed or moved, stored as the
/// next draft; its version number, or the refusal with its code.
pub async fn admin_strategy_change_sections(
    change: &SectionsChange,
) -> Result<i64, (String, Option<String>)> {
    post_coded(
        "/api/v1/admin/strategy/sections",
        crate::json::to_text(change),
    )
    .await
}

/// `POST path` with `json`, the answer read as JSON; a refusal as its reason and code.
async fn post_coded<T: serde::de::DeserializeOwned>(
    path: &str,
    json: Option<String>,
) -> Result<T, (String, Option<String>)> {
    let req =
        request("POST", path, json.as_deref(), &[], None).map_err(|_| (String::new(), None))?;
    let text = answer_coded(&req).await?;
    crate::json::from_text(&text).map_err(|e| (e, None))
}

/// `GET /api/v1/admin/strategy/versions/{version}`: what publishing it would change.
pub async fn admin_strategy_publish_preview(version: i64) -> Result<PublishPreview, SendFailure> {
    get_json(&format!("/api/v1/admin/strategy/versions/{version}"), &[]).await
}

/// The address of a page of a stored version as citizens will see it
/// (`GET /api/v1/admin/strategy/versions/{version}/page`), for a link.
pub fn admin_page_preview(version: i64, path: &str) -> String {
    format!(
        "/api/v1/admin/strategy/versions/{version}/page?path={}",
        String::from(js_sys::encode_uri_component(path))
    )
}

/// `POST /api/v1/admin/strategy/versions/{version}/publish`: published and served; how many
/// comments were credited, or the refusal with its code (`version_changed`).
pub async fn admin_strategy_publish(
    version: i64,
    input: &PublishInput,
) -> Result<usize, (String, Option<String>)> {
    post_coded(
        &format!("/api/v1/admin/strategy/versions/{version}/publish"),
        crate::json::to_text(input),
    )
    .await
}

/// `GET /api/v1/admin/strategy/settings`: the settings of the newest stored version.
pub async fn admin_strategy_settings() -> Result<StrategySettings, SendFailure> {
    get_json("/api/v1/admin/strategy/settings", &[]).await
}

/// `POST /api/v1/admin/strategy/settings`: stored as the next draft; its version number,
/// or the refusal (the field and why) with its code.
pub async fn admin_strategy_save_settings(
    settings: &StrategySettings,
) -> Result<i64, (String, Option<String>)> {
    post_coded(
        "/api/v1/admin/strategy/settings",
        crate::json::to_text(settings),
    )
    .await
}

/// `GET /api/v1/admin/strategy/event`: the event of the newest stored version.
pub async fn admin_strategy_event() -> Result<EventSettings, SendFailure> {
    get_json("/api/v1/admin/strategy/event", &[]).await
}

/// `POST /api/v1/admin/strategy/event`: stored as the next draft; its version number, or
/// the refusal with its code.
pub async fn admin_strategy_save_event(
    event: &EventSettings,
) -> Result<i64, (String, Option<String>)> {
    post_coded("/api/v1/admin/strategy/event", crate::json::to_text(event)).await
}

/// `POST /api/v1/admin/strategy/versions`: stored as a draft; its version number.
pub async fn admin_strategy_store(upload: &StrategyUpload) -> Result<i64, String> {
    let text = send(
        "POST",
        "/api/v1/admin/strategy/versions",
        crate::json::to_text(upload),
    )
    .await?;
    crate::json::from_text(&text)
}

/// `GET /api/v1/admin/accounts`.
pub async fn admin_accounts() -> Result<Vec<StaffAccount>, SendFailure> {
    get_json("/api/v1/admin/accounts", &[]).await
}

/// `GET /api/v1/admin/templates`.
pub async fn admin_templates() -> Result<Vec<AnswerTemplate>, SendFailure> {
    get_json("/api/v1/admin/templates", &[]).await
}

/// `POST /api/v1/admin/templates`.
pub async fn admin_add_template(input: &NewTemplate) -> Result<String, String> {
    send(
        "POST",
        "/api/v1/admin/templates",
        crate::json::to_text(input),
    )
    .await
}

/// `DELETE /api/v1/admin/templates/{id}`.
pub async fn admin_delete_template(id: i64) -> Result<String, String> {
    send("DELETE", &format!("/api/v1/admin/templates/{id}"), None).await
}

/// `POST /api/v1/admin/accounts`.
pub async fn admin_create_account(input: &NewStaff) -> Result<String, String> {
    send(
        "POST",
        "/api/v1/admin/accounts",
        crate::json::to_text(input),
    )
    .await
}

/// `POST /api/v1/admin/accounts/{name}/deactivate`.
pub async fn admin_deactivate(name: String) -> Result<String, String> {
    let name = js_sys::encode_uri_component(&name);
    send(
        "POST",
        &format!("/api/v1/admin/accounts/{name}/deactivate"),
        None,
    )
    .await
}

/// `PUT /api/v1/admin/me/password`.
pub async fn admin_password(input: &PasswordInput) -> Result<String, String> {
    send(
        "PUT",
        "/api/v1/admin/me/password",
        crate::json::to_text(input),
    )
    .await
}

/// `GET /api/v1/admin/counts`: comments per section and moderation state.
pub async fn admin_counts() -> Result<Vec<StateCount>, SendFailure> {
    get_json("/api/v1/admin/counts", &[]).await
}

/// `POST /api/v1/admin/comments/bulk`.
pub async fn admin_bulk(input: &BulkInput) -> Result<BulkResult, String> {
    let text = send(
        "POST",
        "/api/v1/admin/comments/bulk",
        crate::json::to_text(input),
    )
    .await?;
    crate::json::from_text(&text)
}

/// `GET /api/v1/admin/comments/{id}/history`.
pub async fn admin_history(id: &str) -> Result<Vec<HistoryEntry>, SendFailure> {
    get_json(&format!("/api/v1/admin/comments/{id}/history"), &[]).await
}

/// `POST /api/v1/admin/comments/{id}/publish`.
pub async fn publish(id: String) -> Result<String, String> {
    send(
        "POST",
        &format!("/api/v1/admin/comments/{id}/publish"),
        None,
    )
    .await
}

/// `POST /api/v1/admin/comments/{id}/reject`.
pub async fn reject(id: String, input: RejectInput) -> Result<String, String> {
    let body = crate::json::to_text(&input);
    send("POST", &format!("/api/v1/admin/comments/{id}/reject"), body).await
}

/// `PUT /api/v1/admin/comments/{id}/answer`.
pub async fn answer(id: String, input: AnswerInput) -> Result<String, String> {
    let body = crate::json::to_text(&input);
    send("PUT", &format!("/api/v1/admin/comments/{id}/answer"), body).await
}

// The administration's side of a participation event (issue 14).

/// An admin action whose answer is the event's state as staff see it.
async fn event_action(
    event: &str,
    action: &str,
    json: Option<String>,
) -> Result<mitreden_model::event::EventAdminState, String> {
    let text = send(
        "POST",
        &format!("/api/v1/admin/events/{event}/{action}"),
        json,
    )
    .await?;
    crate::json::from_text(&text).map_err(|_| crate::i18n::t().no_connection.to_owned())
}

/// `GET /api/v1/admin/events/{event}`: the applications counted, the commitment, the draw.
pub async fn admin_event(
    event: &str,
) -> Result<mitreden_model::event::EventAdminState, SendFailure> {
    get_json(&format!("/api/v1/admin/events/{event}"), &[]).await
}

/// `POST /api/v1/admin/events/{event}/close`: no more applications.
pub async fn admin_close_event(
    event: &str,
) -> Result<mitreden_model::event::EventAdminState, String> {
    event_action(event, "close", None).await
}

/// `POST /api/v1/admin/events/{event}/commit`: the server makes the secret seed and
/// publishes its SHA-256.
pub async fn admin_commit_event(
    event: &str,
) -> Result<mitreden_model::event::EventAdminState, String> {
    event_action(event, "commit", None).await
}

/// `POST /api/v1/admin/events/{event}/draw` with the public value.
pub async fn admin_draw(
    event: &str,
    input: &mitreden_model::event::DrawRequest,
) -> Result<mitreden_model::event::EventAdminState, String> {
    event_action(event, "draw", crate::json::to_text(input)).await
}

/// `POST /api/v1/admin/events/{event}/delete-contacts`.
pub async fn admin_delete_contacts(
    event: &str,
) -> Result<mitreden_model::event::EventAdminState, String> {
    event_action(event, "delete-contacts", None).await
}

/// `GET /api/v1/admin/events/{event}/invitees`: the drawn with their contact.
pub async fn admin_invitees(
    event: &str,
) -> Result<Vec<mitreden_model::event::Invitee>, SendFailure> {
    get_json(&format!("/api/v1/admin/events/{event}/invitees"), &[]).await
}
