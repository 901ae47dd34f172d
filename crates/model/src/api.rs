//! Types that cross the wire between the app and the server (`/api/v1/...`).

use serde::{Deserialize, Serialize};

pub use crate::moderation::ModerationState;

/// `GET /api/v1/strategy`: which strategy the server knows, so the app can tell whether it
/// bundles the same text.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyInfo {
    /// The strategy's id from its file.
    pub id: String,
    /// The town that publishes it.
    pub town: String,
    /// The strategy's title.
    pub title: String,
    /// The fingerprint of the strategy file ([`crate::content_hash`]).
    pub version: String,
    /// How many commentable sections it has.
    pub sections: usize,
}

/// An error body in the shape of RFC 9457 (`application/problem+json`).
///
/// Every error the API answers carries one, so a client can show a clear reason.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A URI reference naming the kind of problem; `about:blank` where the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short, human-readable summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, in words a citizen can act on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For a refusal the app explains in the citizen's language: the rule as a stable code
    /// (an application's `ApplicationRejection::code`, `applications_closed`,
    /// `applications_not_open`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// What became of one comment of a batch.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Stored now.
    Created,
    /// Stored before under the same id with the same content (a retry): the original receipt.
    AlreadyPresent,
    /// The id is taken by a different comment; not stored.
    Conflict,
    /// The comment breaks a rule; not stored.
    Invalid,
}

impl Outcome {
    /// The HTTP status this outcome would have on its own.
    pub fn status(self) -> u16 {
        match self {
            Outcome::Created => 201,
            Outcome::AlreadyPresent => 200,
            Outcome::Conflict | Outcome::Invalid => 422,
        }
    }

    /// True where the comment is on the server.
    pub fn is_stored(self) -> bool {
        matches!(self, Outcome::Created | Outcome::AlreadyPresent)
    }
}

/// The answer for one comment of a batch, in the order they were sent.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResult {
    /// The comment's id (empty where the item had none that could be read).
    pub id: String,
    /// What became of it.
    pub outcome: Outcome,
    /// The outcome as an HTTP status (201, 200, 422).
    pub status: u16,
    /// When the server stored it (RFC 3339, UTC), for stored comments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<String>,
    /// Why it was not stored, for conflicts and invalid items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For an invalid comment, the rule it broke as a code (`empty_text`, `no_consent`, …;
    /// see `Rejection::code`), so the app can say it in the citizen's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// The answer to a batch: one result per comment, in order. Sent only after every stored
/// comment is durable on disk.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchResponse {
    /// One result per comment sent.
    pub results: Vec<ItemResult>,
}

/// `GET /api/v1/comments/{id}`: where a comment stands, for whoever holds its id.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentStatus {
    /// The comment's id.
    pub id: String,
    /// The section it is on.
    pub section_id: String,
    /// When the server stored it.
    pub received_at: String,
    /// Where the comment stands in moderation.
    pub moderation_state: ModerationState,
}

/// The header that carries a comment's receipt token (`GET`/`DELETE
/// /api/v1/comments/{id}/receipt`).
pub const RECEIPT_HEADER: &str = "x-receipt-token";

/// `GET /api/v1/comments/{id}/receipt` with the receipt token: the citizen's own comment.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The comment's id.
    pub id: String,
    /// The section it is on.
    pub section_id: String,
    /// The version of the section's text it was written on.
    #[serde(default)]
    pub section_version: u32,
    /// What the citizen wrote (empty once withdrawn).
    pub text: String,
    /// When the server stored it.
    pub received_at: String,
    /// Where the comment stands in moderation.
    pub moderation_state: ModerationState,
    /// Why it was rejected, for the author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderation_reason: Option<String>,
    /// The town's official answer, once there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
}

/// What became of a comment, in the town's words (the official answer's status).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerStatus {
    /// Received, not yet looked at.
    Eingegangen,
    /// Under review.
    InPruefung,
    /// Taken into account.
    Beruecksichtigt,
    /// Partly taken into account.
    TeilweiseBeruecksichtigt,
    /// Not taken into account (a reason is required).
    NichtBeruecksichtigt,
}

/// A pointer from an answer to the version of a section its change produced.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionRef {
    /// The section that was changed.
    pub section_id: String,
    /// The version of its text that contains the change.
    pub version: u32,
}

/// The town's official answer to a comment.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The answer.
    pub text: String,
    /// What became of the comment.
    pub status: AnswerStatus,
    /// Why (required for "nicht berücksichtigt").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who answers, e.g. "Amt für Digitalisierung".
    pub office: String,
    /// The revision the comment led to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<RevisionRef>,
    /// When it was answered (RFC 3339).
    pub answered_at: String,
}

/// `PUT /api/v1/admin/comments/{id}/answer`: what staff write.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    /// The answer.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 5000, pattern = r"\S")
    )]
    pub text: String,
    /// What became of the comment.
    pub status: AnswerStatus,
    /// Why (required for "nicht berücksichtigt").
    #[serde(default)]
    pub reason: Option<String>,
    /// The revision the comment led to, if any.
    #[serde(default)]
    pub revision: Option<RevisionRef>,
    /// Staff confirm that `revision` is credited to the comment although it did not come
    /// after it (see [`crate::moderation::revision_timing`]); without it such a link is
    /// refused, so a council never reads that a change came from a comment written later.
    #[serde(default)]
    pub revision_confirmed: bool,
}

/// `POST /api/v1/admin/comments/{id}/reject`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectInput {
    /// The reason the author is shown.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 1000, pattern = r"\S")
    )]
    pub reason: String,
}

/// `POST /api/v1/admin/login`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginInput {
    /// The staff account's name.
    pub name: String,
    /// Its password.
    pub password: String,
}

/// A comment as staff see it in the moderation queue and lists.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminComment {
    /// The comment's id.
    pub id: String,
    /// The section it is on.
    pub section_id: String,
    /// The version of the section text it was written against.
    pub section_version: u32,
    /// What the citizen wrote.
    pub text: String,
    /// The name or pseudonym, if given.
    pub name: Option<String>,
    /// The self-description, if given.
    pub self_description: Option<String>,
    /// When it arrived.
    pub received_at: String,
    /// Where the comment stands in moderation.
    pub moderation_state: ModerationState,
    /// Why it was rejected.
    pub moderation_reason: Option<String>,
    /// The official answer, if any.
    pub answer: Option<Answer>,
    /// The label of the kiosk it was written on, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kiosk: Option<String>,
    /// Whether a citizen waits to be told what becomes of it (a confirmed notification):
    /// staff see that, never the address.
    #[serde(default)]
    pub notify_waiting: bool,
}

/// A published comment, as the public sees it (no self-description, no internal state).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicComment {
    /// The comment's id (for links from a revision).
    pub id: String,
    /// The section it is on.
    pub section_id: String,
    /// The version of the section text it was written against.
    pub section_version: u32,
    /// What the citizen wrote.
    pub text: String,
    /// The name or pseudonym, if given.
    pub name: Option<String>,
    /// When it arrived.
    pub received_at: String,
    /// The official answer, if any.
    pub answer: Option<Answer>,
}

impl From<AdminComment> for PublicComment {
    /// What of a comment the public sees: no self-description, kiosk or internal state.
    fn from(c: AdminComment) -> Self {
        PublicComment {
            id: c.id,
            section_id: c.section_id,
            section_version: c.section_version,
            text: c.text,
            name: c.name,
            received_at: c.received_at,
            answer: c.answer,
        }
    }
}

/// `GET /api/v1/counts`: published comments per section.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionCount {
    /// The section.
    pub section_id: String,
    /// How many published comments it has.
    pub comments: u32,
}

/// `POST /api/v1/comments`: several comments in one request (1 to
/// [`crate::comment::MAX_BATCH`]), so a long queue drains fast. The server reads each item
/// on its own, so that one malformed item is answered as invalid without failing the batch.
#[derive(Debug, Serialize)]
pub struct CommentBatchOut<'a> {
    /// The comments to send.
    pub comments: &'a [&'a crate::comment::NewComment],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_serialises_type_field_per_rfc_9457() {
        let p = Problem {
            kind: "about:blank".into(),
            title: "Not Found".into(),
            status: 404,
            detail: None,
            code: None,
        };
        let json = serde_json::to_value(&p).unwrap_or_default();
        assert_eq!(json["type"], "about:blank");
        assert!(json.get("detail").is_none());
        assert!(json.get("code").is_none());
    }
}

/// One published comment as open data: flat, one row of the CSV.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenComment {
    /// The comment's id.
    pub id: String,
    /// The section it is on.
    pub section_id: String,
    /// The section's kind, number and title, as the town names it.
    pub section: String,
    /// The version of the section text it was written on.
    pub section_version: u32,
    /// When it arrived (RFC 3339, UTC).
    pub received_at: String,
    /// The name or pseudonym, if given.
    pub name: Option<String>,
    /// What the citizen wrote.
    pub text: String,
    /// The answer's status, if answered.
    pub answer_status: Option<AnswerStatus>,
    /// The official answer.
    pub answer: Option<String>,
    /// Why the status (where it needs a reason).
    pub answer_reason: Option<String>,
    /// Who answered (the office).
    pub answer_office: Option<String>,
    /// When it was answered.
    pub answered_at: Option<String>,
    /// The section and version of the text the comment led to, e.g. `leitmotiv-2:2`.
    pub revision: Option<String>,
}

/// The published comments as open data, with their licence.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenData {
    /// The strategy's id.
    pub strategy: String,
    /// The town.
    pub town: String,
    /// The licence, e.g. `CC BY 4.0`.
    pub licence: String,
    /// Where the licence's text is.
    pub licence_url: String,
    /// The published comments, oldest first.
    pub comments: Vec<OpenComment>,
}

/// The staff export: every comment (withdrawn ones without their text), with its state and
/// answer, and the whole audit trail.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffExport {
    /// Every comment, oldest first.
    pub comments: Vec<AdminComment>,
    /// Every moderation action, oldest first.
    pub history: Vec<crate::moderation::TrailEntry>,
}
