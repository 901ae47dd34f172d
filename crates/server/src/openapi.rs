//! The API document: OpenAPI 3.1 at `GET /api/openapi.json`, generated from the Rust types
//! of the model crate and the handlers' `#[utoipa::path]` attributes, so it cannot drift
//! from what the server does. A test checks that every API route of the router is in it.

use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use mitreden_model::api::{
    AdminComment, Answer, AnswerInput, AnswerStatus, BatchResponse, CommentStatus, ItemResult,
    LoginInput, ModerationState, OpenComment, OpenData, Outcome, Problem, PublicComment, Receipt,
    RejectInput, RevisionRef, SectionCount, StaffExport, StrategyInfo,
};
use mitreden_model::comment::NewComment;
use mitreden_model::edit::{EditableSection, EditorState, SectionEdit, SectionsChange};
use mitreden_model::event::{
    ApplicationReceipt, ApplicationState, ApplicationStatus, ContactKind, DrawRequest, DrawSummary,
    EventAdminState, EventPhase, EventState, GroupCount, Invitee, NewApplication, Quota,
};
use mitreden_model::kiosk::{
    KioskInfo, KioskLabel, KioskSetup, KioskSetupInput, KioskSummary, NewKiosk, SetupLink,
};
use mitreden_model::lottery::{Applicant, DrawInput, PublishedDraw};
use mitreden_model::moderation::{
    AuditAction, BulkAction, BulkInput, BulkResult, HistoryEntry, ListSort, NewStaff,
    PasswordInput, SignedIn, StaffAccount, StaffRole, StateCount, TrailEntry,
};
use mitreden_model::paging::{ChangeCause, CommentOrder, CommentPage};
use mitreden_model::template::{AnswerTemplate, NewTemplate};
use mitreden_model::versions::{
    DocumentFormat, DocumentImport, DroppedKind, DroppedPart, FoundSection, SectionChange,
    SectionPreview, StrategyPreview, StrategyUpload, StrategyVersion,
};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::AppState;

/// `POST /api/v1/comments`: 1 to 50 comments, each a `NewComment`. Each item is checked
/// on its own: one that is not a valid comment — whatever JSON it is — is answered
/// `invalid` in the results without failing the others, so the items are documented as
/// any JSON value.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBatch {
    /// The comments (each meant to be a `NewComment`).
    #[schema(min_items = 1, max_items = 50, value_type = Vec<Value>)]
    pub comments: Vec<serde_json::Value>,
}

/// `{"status": "ok"}` (alive) or `{"status": "ready"}` (the database can be written).
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok` or `ready`.
    pub status: String,
}

/// The document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "mitreden",
        description = "Comments on a town's digitalisation strategy: send, look up, withdraw; \
                       the administration's moderation; a participation event's applications \
                       and its verifiable draw by lot. Errors are application/problem+json \
                       (RFC 9457).",
        license(name = "EUPL-1.2")
    ),
    paths(
        crate::api::healthz,
        crate::api::readyz,
        crate::api::strategy,
        crate::comments::create_batch,
        crate::comments::status,
        crate::comments::receipt,
        crate::comments::withdraw,
        crate::notify::requests::request,
        crate::notify::requests::stop,
        crate::public::section_comments,
        crate::public::counts,
        crate::public::qr_svg,
        crate::public::qr_svg_of_form,
        crate::admin::session::login,
        crate::admin::session::logout,
        crate::admin::session::me,
        crate::admin::moderation::list,
        crate::admin::moderation::publish,
        crate::admin::moderation::reject,
        crate::admin::moderation::answer,
        crate::admin::moderation::bulk,
        crate::admin::moderation::counts,
        crate::admin::accounts::list,
        crate::admin::accounts::create,
        crate::admin::accounts::deactivate,
        crate::admin::accounts::password,
        crate::admin::accounts::digest,
        crate::admin::accounts::set_digest,
        crate::admin::templates::list,
        crate::admin::templates::create,
        crate::admin::templates::delete,
        crate::admin::strategy::versions,
        crate::admin::strategy::preview_upload,
        crate::admin::strategy::read_document,
        crate::admin::editor::sections,
        crate::admin::editor::save,
        crate::admin::editor::change,
        crate::admin::strategy::store_draft,
        crate::admin::strategy::publish_preview,
        crate::admin::strategy::publish,
        crate::admin::strategy::page_preview,
        crate::admin::editor::settings,
        crate::admin::editor::save_settings,
        crate::admin::editor::event,
        crate::admin::editor::save_event,
        crate::admin::export::json,
        crate::admin::export::comments_csv,
        crate::admin::export::comments_excel,
        crate::admin::export::history_csv,
        crate::admin::audit::history,
        crate::open_data::all_json,
        crate::open_data::all_csv,
        crate::open_data::section_json,
        crate::open_data::section_csv,
        crate::kiosk::setup,
        crate::kiosk::me,
        crate::kiosk::admin_list,
        crate::kiosk::admin_add,
        crate::kiosk::admin_revoke,
        crate::lottery::public::event,
        crate::lottery::public::apply,
        crate::lottery::public::application,
        crate::lottery::public::withdraw,
        crate::lottery::public::draw_file,
        crate::lottery::admin::state,
        crate::lottery::admin::close,
        crate::lottery::admin::commit,
        crate::lottery::admin::draw,
        crate::lottery::admin::invitees,
        crate::lottery::admin::delete_contacts,
        document,
    ),
    components(schemas(
        AdminComment, Answer, AnswerInput, AnswerStatus, BatchResponse, CommentBatch,
        CommentStatus, Health, ItemResult, LoginInput, ModerationState, NewComment, Outcome,
        Problem, PublicComment, Receipt, RejectInput, RevisionRef, SectionCount, SignedIn,
        StrategyInfo, KioskInfo, KioskSetup, KioskSetupInput, KioskSummary, NewKiosk,
        KioskLabel, SetupLink, AuditAction, HistoryEntry, BulkAction, BulkInput, BulkResult,
        ListSort, OpenComment, OpenData, StateCount, StaffRole, StaffAccount, NewStaff,
        PasswordInput, StaffExport, TrailEntry, AnswerTemplate, NewTemplate, EventState,
        EventPhase, DrawSummary, NewApplication, ContactKind, ApplicationReceipt,
        ApplicationState, ApplicationStatus, EventAdminState, GroupCount, Invitee, DrawRequest,
        PublishedDraw, DrawInput, Applicant, Quota, crate::public::QrText, CommentPage,
        ChangeCause, CommentOrder, StrategyVersion, StrategyUpload, StrategyPreview,
        SectionPreview, SectionChange, DocumentImport, DocumentFormat, FoundSection,
        DroppedPart, DroppedKind, EditorState, EditableSection, SectionEdit, SectionsChange,
        mitreden_model::strategy::SectionKind, mitreden_model::versions::PublishPreview,
        mitreden_model::versions::PublishInput, mitreden_model::versions::Credit,
        mitreden_model::settings::StrategySettings, mitreden_model::edit::Renderings,
        mitreden_model::event_settings::EventSettings,
        mitreden_model::event_settings::AttributeSetting,
        mitreden_model::event_settings::ValueSetting,
        mitreden_model::notify::NotifyRequest,
        mitreden_model::digest::Digest,
        mitreden_model::digest::DigestSettings,
        mitreden_model::notify::NotifyAccepted,
        mitreden_model::notify::NotifyKind,
        mitreden_model::notify::PushSubscription
    )),
    modifiers(&SessionCookie),
)]
pub struct ApiDoc;

/// The staff session cookie as a security scheme.
struct SessionCookie;

impl utoipa::Modify for SessionCookie {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::admin::session::COOKIE,
            ))),
        );
    }
}

/// `GET /api/openapi.json`.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/openapi.json", get(document))
}

/// The API document (OpenAPI 3.1).
#[utoipa::path(get, path = "/api/openapi.json", tag = "api",
    responses((status = 200, description = "This document", content_type = "application/json")))]
pub async fn document() -> impl IntoResponse {
    Json(ApiDoc::openapi())
}
