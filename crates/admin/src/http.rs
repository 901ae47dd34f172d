//! The administration's typed client: a function per endpoint of `/api/v1/admin/…` (and
//! a kiosk's set-up), over the requests of the citizens' app's one HTTP module
//! ([`mitreden::http`]) — its timeouts, its reading of problem+json and its failures in the
//! outbox's terms. Pages never build API paths.

use mitreden::http::{
    answer_text, fetch, fetch_text_and, get_json, post_coded, request, send, TRANSIENT,
};
use mitreden_model::api::{
    AdminComment, AnswerInput, AnswerStatus, LoginInput, ModerationState, RejectInput,
};
use mitreden_model::digest::DigestSettings;
use mitreden_model::edit::{EditorState, SectionEdit, SectionsChange};
use mitreden_model::event_settings::EventSettings;
use mitreden_model::kiosk::{
    KioskLabel, KioskSetup, KioskSetupInput, KioskSummary, NewKiosk, SetupLink,
};
use mitreden_model::moderation::{
    BulkInput, BulkResult, HistoryEntry, ListSort, NewStaff, PasswordInput, SignedIn, StaffAccount,
    StateCount,
};
use mitreden_model::outbox::SendFailure;
use mitreden_model::settings::StrategySettings;
use mitreden_model::template::{AnswerTemplate, NewTemplate};
use mitreden_model::versions::{
    DocumentImport, PublishInput, PublishPreview, StrategyPreview, StrategyUpload, StrategyVersion,
};

/// How many comments match the staff list's filters (all pages together).
const TOTAL_HEADER: &str = "x-total-count";

/// `POST /api/v1/kiosk/setup`: trades the set-up link's token for this device's secret.
pub async fn kiosk_setup(token: &str) -> Result<KioskSetup, SendFailure> {
    let window = web_sys::window().ok_or(TRANSIENT)?;
    let body = mitreden::json::to_text(&KioskSetupInput {
        token: token.to_owned(),
    })
    .ok_or(TRANSIENT)?;
    fetch(
        &window,
        &request("POST", "/api/v1/kiosk/setup", Some(&body), &[], None)?,
    )
    .await
}

/// `GET /api/v1/admin/me`: `Ok` while signed in.
pub async fn admin_me() -> Result<SignedIn, String> {
    let text = send("GET", "/api/v1/admin/me", None).await?;
    mitreden::json::from_text(&text)
}

/// `POST /api/v1/admin/login`.
pub async fn admin_login(input: &LoginInput) -> Result<SignedIn, String> {
    let text = send(
        "POST",
        "/api/v1/admin/login",
        mitreden::json::to_text(input),
    )
    .await?;
    mitreden::json::from_text(&text)
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
    let text = send(
        "POST",
        "/api/v1/admin/kiosks",
        mitreden::json::to_text(input),
    )
    .await?;
    mitreden::json::from_text(&text)
}

/// `POST /api/v1/admin/kiosks/revoke`.
pub async fn admin_revoke_kiosk(label: String) -> Result<String, String> {
    let body = mitreden::json::to_text(&KioskLabel { label });
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
    let list = mitreden::json::from_text(&text).map_err(|_| TRANSIENT)?;
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
        mitreden::json::to_text(upload),
    )
    .await?;
    mitreden::json::from_text(&text)
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
    mitreden::json::from_text(&answer_text(&req).await?)
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
    post_coded(&path, mitreden::json::to_text(edit)).await
}

/// `POST /api/v1/admin/strategy/sections`: a section added, removed or moved, stored as the
/// next draft; its version number, or the refusal with its code.
pub async fn admin_strategy_change_sections(
    change: &SectionsChange,
) -> Result<i64, (String, Option<String>)> {
    post_coded(
        "/api/v1/admin/strategy/sections",
        mitreden::json::to_text(change),
    )
    .await
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
        mitreden::json::to_text(input),
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
        mitreden::json::to_text(settings),
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
    post_coded(
        "/api/v1/admin/strategy/event",
        mitreden::json::to_text(event),
    )
    .await
}

/// `POST /api/v1/admin/strategy/versions`: stored as a draft; its version number.
pub async fn admin_strategy_store(upload: &StrategyUpload) -> Result<i64, String> {
    let text = send(
        "POST",
        "/api/v1/admin/strategy/versions",
        mitreden::json::to_text(upload),
    )
    .await?;
    mitreden::json::from_text(&text)
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
        mitreden::json::to_text(input),
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
        mitreden::json::to_text(input),
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
        mitreden::json::to_text(input),
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
        mitreden::json::to_text(input),
    )
    .await?;
    mitreden::json::from_text(&text)
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
    let body = mitreden::json::to_text(&input);
    send("POST", &format!("/api/v1/admin/comments/{id}/reject"), body).await
}

/// `PUT /api/v1/admin/comments/{id}/answer`.
pub async fn answer(id: String, input: AnswerInput) -> Result<String, String> {
    let body = mitreden::json::to_text(&input);
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
    mitreden::json::from_text(&text).map_err(|_| mitreden::i18n::t().no_connection.to_owned())
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
    event_action(event, "draw", mitreden::json::to_text(input)).await
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

/// `GET /api/v1/admin/me/digest`: one's own digest, and whether this server sends mail.
pub async fn admin_digest() -> Result<DigestSettings, SendFailure> {
    get_json("/api/v1/admin/me/digest", &[]).await
}

/// `PUT /api/v1/admin/me/digest`.
pub async fn admin_set_digest(input: &DigestSettings) -> Result<String, String> {
    send(
        "PUT",
        "/api/v1/admin/me/digest",
        mitreden::json::to_text(input),
    )
    .await
}
