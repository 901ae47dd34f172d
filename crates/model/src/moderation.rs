//! The staff side's closed sets and input rules: a comment's moderation state, and what a
//! sign-in, a rejection and an official answer must meet. Checked before anything reaches a
//! table or a hash, so no input can grow the server's memory or make it panic.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::api::{AnswerInput, AnswerStatus, RejectInput, RevisionRef};
use crate::strategy::Strategy;

/// The longest staff account name.
pub const MAX_STAFF_NAME_CHARS: usize = 64;
/// The longest password (argon2 reads every byte; nobody types more).
pub const MAX_PASSWORD_CHARS: usize = 1024;
/// The longest reason for a rejection or for "nicht berücksichtigt".
pub const MAX_REASON_CHARS: usize = 1000;
/// The longest official answer.
pub const MAX_ANSWER_CHARS: usize = 5000;

/// Where a comment stands in moderation.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModerationState {
    /// Arrived, not yet moderated.
    Received,
    /// Public.
    Published,
    /// Not published; the author sees the reason.
    Rejected,
    /// Withdrawn by its author; text and name are erased.
    Withdrawn,
}

impl ModerationState {
    /// Every state, in the order a comment may pass through them.
    pub const ALL: [ModerationState; 4] = [
        ModerationState::Received,
        ModerationState::Published,
        ModerationState::Rejected,
        ModerationState::Withdrawn,
    ];

    /// The word stored in the database and sent over the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ModerationState::Received => "received",
            ModerationState::Published => "published",
            ModerationState::Rejected => "rejected",
            ModerationState::Withdrawn => "withdrawn",
        }
    }

    /// The state a stored word names, if any.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// What staff did to a comment: the audit trail's closed set of actions.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// Published it.
    Published,
    /// Rejected it, with a reason.
    Rejected,
    /// Gave the first official answer.
    Answered,
    /// Changed the official answer.
    AnswerChanged,
}

impl AuditAction {
    /// Every action.
    pub const ALL: [AuditAction; 4] = [
        AuditAction::Published,
        AuditAction::Rejected,
        AuditAction::Answered,
        AuditAction::AnswerChanged,
    ];

    /// The word stored in the database and sent over the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Published => "published",
            AuditAction::Rejected => "rejected",
            AuditAction::Answered => "answered",
            AuditAction::AnswerChanged => "answer_changed",
        }
    }

    /// The action a stored word names, if any.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// One entry of a comment's history: who did what, when.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// What was done.
    pub action: AuditAction,
    /// The staff account that did it.
    pub staff_name: String,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// What it was done with: a rejection's reason; an answer's status (and its reason,
    /// after `: `).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// An answer's text as it was saved then (earlier texts stay in the history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

/// The order of the staff's comment list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListSort {
    /// Oldest first (the default: the queue in the order it arrived).
    #[default]
    Oldest,
    /// Newest first.
    Newest,
    /// By section in reading order, then oldest first.
    Section,
    /// By moderation state (in the order of [`ModerationState::ALL`]), then oldest first.
    State,
    /// By the answer's status — unanswered first, then in the order of
    /// [`AnswerStatus::ALL`] —, then oldest first.
    Answer,
    /// By kiosk label (comments from no kiosk last), then oldest first.
    Kiosk,
}

impl ListSort {
    /// Every order.
    pub const ALL: [ListSort; 6] = [
        ListSort::Oldest,
        ListSort::Newest,
        ListSort::Section,
        ListSort::State,
        ListSort::Answer,
        ListSort::Kiosk,
    ];

    /// The word in the query string.
    pub fn as_str(self) -> &'static str {
        match self {
            ListSort::Oldest => "oldest",
            ListSort::Newest => "newest",
            ListSort::Section => "section",
            ListSort::State => "state",
            ListSort::Answer => "answer",
            ListSort::Kiosk => "kiosk",
        }
    }
}

/// The most comments one page of the staff's list holds.
pub const MAX_PAGE: u32 = 500;

/// What a staff account may do.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Moderates and answers, and manages the staff accounts.
    Verwaltung,
    /// Moderates and answers; no accounts.
    Moderation,
}

impl StaffRole {
    /// Every role.
    pub const ALL: [StaffRole; 2] = [StaffRole::Verwaltung, StaffRole::Moderation];

    /// The word stored in the database and sent over the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Verwaltung => "verwaltung",
            StaffRole::Moderation => "moderation",
        }
    }

    /// The role a stored word names, if any.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether the role manages the installation's people and devices: accounts, kiosks,
    /// the participation event's commitment, draw and contacts. The server's table of
    /// routes says the same per route; the administration shows those forms only then.
    pub fn manages(self) -> bool {
        self == StaffRole::Verwaltung
    }
}

/// Who is signed in (`GET /api/v1/admin/me`, and the answer to a sign-in).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    /// The account's name.
    pub name: String,
    /// What it may do.
    pub role: StaffRole,
}

/// A staff account as the administration lists it (never its password hash).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    /// The account's name.
    pub name: String,
    /// What it may do.
    pub role: StaffRole,
    /// Whether it may sign in.
    pub active: bool,
    /// When it was made.
    pub created_at: String,
}

/// `POST /api/v1/admin/accounts`: a new account.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewStaff {
    /// The account's name.
    pub name: String,
    /// Its first password (at least [`MIN_PASSWORD_CHARS`] characters).
    pub password: String,
    /// What it may do.
    pub role: StaffRole,
}

/// `PUT /api/v1/admin/me/password`: one's own new password.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordInput {
    /// The new password (at least [`MIN_PASSWORD_CHARS`] characters).
    pub password: String,
    /// The password it replaces.
    pub current: String,
}

/// The shortest password an account may get (NIST SP 800-63B asks for at least 8 and
/// allows more; 12 where the account can publish in the town's name).
pub const MIN_PASSWORD_CHARS: usize = 12;

/// One entry of the whole audit trail (the staff export): a [`HistoryEntry`] with its
/// comment.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrailEntry {
    /// The comment acted on.
    pub comment_id: String,
    /// What was done, by whom, when.
    #[serde(flatten)]
    pub entry: HistoryEntry,
}

/// How many comments of a section are in a moderation state (the staff's figures).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCount {
    /// The section.
    pub section_id: String,
    /// The state.
    pub state: ModerationState,
    /// How many.
    pub count: u32,
}

/// What a bulk request does to every comment it names.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkAction {
    /// Publish them.
    Publish,
    /// Reject them, with one reason for all.
    Reject,
}

/// The most comments one bulk request may name.
pub const MAX_BULK: usize = 500;

/// `POST /api/v1/admin/comments/bulk`: one action for several comments.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkInput {
    /// The comments' ids (1 to [`MAX_BULK`]).
    pub ids: Vec<String>,
    /// What to do.
    pub action: BulkAction,
    /// For a rejection: the reason every author is shown.
    #[serde(default)]
    pub reason: Option<String>,
    /// Only comments still in this state change: what staff selected from a filtered
    /// list ("neue Kommentare") is not applied to one a colleague has decided meanwhile.
    #[serde(default)]
    pub from: Option<ModerationState>,
}

/// What a bulk request changed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkResult {
    /// How many comments changed (withdrawn and unknown ones are left alone).
    pub changed: u32,
}

/// A bulk request: 1 to [`MAX_BULK`] ids, and a reason where it rejects. Returns the reason.
pub fn check_bulk(input: &BulkInput) -> Result<Option<&str>, StaffInputError> {
    if input.ids.is_empty() || input.ids.len() > MAX_BULK {
        return Err(StaffInputError::BadBulk);
    }
    match input.action {
        BulkAction::Publish => Ok(None),
        BulkAction::Reject => reason(input.reason.as_deref())?
            .ok_or(StaffInputError::ReasonMissing)
            .map(Some),
    }
}

impl AnswerStatus {
    /// Every status.
    pub const ALL: [AnswerStatus; 5] = [
        AnswerStatus::Eingegangen,
        AnswerStatus::InPruefung,
        AnswerStatus::Beruecksichtigt,
        AnswerStatus::TeilweiseBeruecksichtigt,
        AnswerStatus::NichtBeruecksichtigt,
    ];

    /// The word stored in the database and sent over the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerStatus::Eingegangen => "eingegangen",
            AnswerStatus::InPruefung => "in_pruefung",
            AnswerStatus::Beruecksichtigt => "beruecksichtigt",
            AnswerStatus::TeilweiseBeruecksichtigt => "teilweise_beruecksichtigt",
            AnswerStatus::NichtBeruecksichtigt => "nicht_beruecksichtigt",
        }
    }

    /// The status a stored word names, if any.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// Why staff input is refused, in words staff can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffInputError {
    /// The account name is empty or too long.
    BadName,
    /// The account name hides characters or mixes scripts, so it could pass for another.
    NameDeceptive,
    /// The password holds control characters.
    PasswordUnreadable,
    /// The password is common or follows a pattern guessers try first.
    PasswordCommon,
    /// The password is longer than [`MAX_PASSWORD_CHARS`].
    PasswordTooLong,
    /// The password is shorter than [`MIN_PASSWORD_CHARS`].
    PasswordTooShort,
    /// A reason is required and missing.
    ReasonMissing,
    /// A reason is longer than [`MAX_REASON_CHARS`].
    ReasonTooLong,
    /// The answer is empty or longer than [`MAX_ANSWER_CHARS`].
    BadAnswer,
    /// The revision the answer points to does not exist.
    UnknownRevision,
    /// The revision did not come after the comment, and staff did not confirm the link.
    RevisionNotAfter,
    /// A bulk request names no comment, or more than [`MAX_BULK`].
    BadBulk,
    /// A text for the public shows nothing, or holds control or direction characters or a
    /// pile of marks (see [`crate::comment::is_publishable_text`]).
    Unreadable,
}

impl fmt::Display for StaffInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StaffInputError::BadName => write!(
                f,
                "Der Name muss 1 bis {MAX_STAFF_NAME_CHARS} Zeichen haben."
            ),
            StaffInputError::PasswordTooLong => write!(
                f,
                "Das Passwort ist zu lang (höchstens {MAX_PASSWORD_CHARS} Zeichen)."
            ),
            StaffInputError::NameDeceptive => write!(
                f,
                "Der Name darf keine unsichtbaren, Steuer- oder Richtungszeichen enthalten und \
                 keine Schriften mischen (etwa ein kyrillisches „а“ in einem lateinischen \
                 Namen): Im Protokoll könnte er sonst für einen anderen gehalten werden."
            ),
            StaffInputError::PasswordUnreadable => {
                write!(f, "Das Passwort darf keine Steuerzeichen enthalten.")
            }
            StaffInputError::PasswordCommon => write!(
                f,
                "Dieses Passwort ist zu leicht zu erraten: Es ist verbreitet oder folgt einem \
                 bekannten Muster. Wählen Sie zum Beispiel einige Wörter, die nicht \
                 zusammengehören."
            ),
            StaffInputError::ReasonMissing => write!(f, "Bitte nennen Sie einen Grund."),
            StaffInputError::PasswordTooShort => write!(
                f,
                "Das Passwort braucht mindestens {MIN_PASSWORD_CHARS} Zeichen."
            ),
            StaffInputError::BadBulk => {
                write!(f, "Bitte wählen Sie 1 bis {MAX_BULK} Kommentare aus.")
            }
            StaffInputError::ReasonTooLong => write!(
                f,
                "Der Grund ist zu lang (höchstens {MAX_REASON_CHARS} Zeichen)."
            ),
            StaffInputError::Unreadable => write!(
                f,
                "Der Text zeigt nichts an oder enthält Steuer- oder Richtungszeichen oder \
                 gehäufte Akzentzeichen; so kann er nicht veröffentlicht werden."
            ),
            StaffInputError::BadAnswer => write!(
                f,
                "Die Antwort ist leer oder zu lang (höchstens {MAX_ANSWER_CHARS} Zeichen)."
            ),
            StaffInputError::UnknownRevision => {
                write!(f, "Diese Fassung des Abschnitts gibt es nicht.")
            }
            StaffInputError::RevisionNotAfter => write!(
                f,
                "Diese Fassung erschien nicht nach dem Kommentar. Bitte bestätigen Sie die \
                 Verknüpfung ausdrücklich."
            ),
        }
    }
}

/// A reason, trimmed; `None` if empty (or showing nothing).
fn reason(r: Option<&str>) -> Result<Option<&str>, StaffInputError> {
    let r = r
        .map(str::trim)
        .filter(|r| !crate::comment::is_empty_to_readers(r));
    if r.is_some_and(|r| r.chars().count() > MAX_REASON_CHARS) {
        return Err(StaffInputError::ReasonTooLong);
    }
    if r.is_some_and(|r| !crate::comment::is_publishable_text(r)) {
        return Err(StaffInputError::Unreadable);
    }
    Ok(r)
}

/// A rejection: its reason, trimmed, required.
pub fn check_reject(input: &RejectInput) -> Result<&str, StaffInputError> {
    reason(Some(&input.reason))?.ok_or(StaffInputError::ReasonMissing)
}

/// An official answer: text within limits, a reason where the status needs one, and a
/// revision that exists. Returns the trimmed text and reason.
pub fn check_answer<'a>(
    input: &'a AnswerInput,
    strategy: &Strategy,
) -> Result<(&'a str, Option<&'a str>), StaffInputError> {
    let text = input.text.trim();
    if text.is_empty() || text.chars().count() > MAX_ANSWER_CHARS {
        return Err(StaffInputError::BadAnswer);
    }
    if !crate::comment::is_publishable_text(text) {
        return Err(StaffInputError::Unreadable);
    }
    let reason = reason(input.reason.as_deref())?;
    if input.status == AnswerStatus::NichtBeruecksichtigt && reason.is_none() {
        return Err(StaffInputError::ReasonMissing);
    }
    if let Some(r) = &input.revision {
        let known = strategy
            .section(&r.section_id)
            .is_some_and(|s| r.version >= 1 && r.version <= s.version());
        if !known {
            return Err(StaffInputError::UnknownRevision);
        }
    }
    Ok((text, reason))
}

/// The comment an answer is for, as far as crediting a revision to it needs.
#[derive(Debug, Clone, Copy)]
pub struct AnsweredComment<'a> {
    /// The section it was written on.
    pub section_id: &'a str,
    /// The version of that section it was written on.
    pub section_version: u32,
    /// When it arrived (RFC 3339).
    pub received_at: &'a str,
}

/// An answer's revision may be credited to `comment` only if it came after it, unless
/// staff confirmed the link (the server's check; the form asks before it sends).
pub fn check_revision_credit(
    input: &AnswerInput,
    strategy: &Strategy,
    comment: AnsweredComment<'_>,
) -> Result<(), StaffInputError> {
    let Some(revision) = &input.revision else {
        return Ok(());
    };
    let timing = revision_timing(
        strategy,
        revision,
        comment.section_id,
        comment.section_version,
        comment.received_at,
    );
    if timing == RevisionTiming::After || input.revision_confirmed {
        Ok(())
    } else {
        Err(StaffInputError::RevisionNotAfter)
    }
}

/// When a revision of the text came, seen from a comment: an answer may say "changed on
/// this suggestion" only of a change that came after the comment was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevisionTiming {
    /// Published after the comment was written: it may have been caused by it.
    After,
    /// Published before the comment was written (the comment was on that wording or later).
    Before,
    /// Not known (another section's change without a date, or on the comment's day):
    /// staff must confirm.
    Unknown,
}

/// When `revision` came relative to a comment on `section_id` in `section_version`,
/// received at `received_at` (RFC 3339). A revision of the comment's own section is after
/// it exactly when its version is newer than the one the comment was written on; another
/// section's by the day that version was published (the day its predecessor was replaced).
pub fn revision_timing(
    strategy: &Strategy,
    revision: &RevisionRef,
    section_id: &str,
    section_version: u32,
    received_at: &str,
) -> RevisionTiming {
    if revision.section_id == section_id {
        return if revision.version > section_version {
            RevisionTiming::After
        } else {
            RevisionTiming::Before
        };
    }
    let published = revision
        .version
        .checked_sub(2)
        .and_then(|i| usize::try_from(i).ok())
        .and_then(|i| strategy.section(&revision.section_id)?.earlier.get(i))
        .and_then(|e| e.date.as_deref());
    let day: String = received_at.chars().take(10).collect();
    match published {
        Some(p) if day.chars().count() == 10 && p > day.as_str() => RevisionTiming::After,
        Some(p) if day.chars().count() == 10 && p < day.as_str() => RevisionTiming::Before,
        _ => RevisionTiming::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::{check_bulk, AuditAction, BulkAction, BulkInput, StaffInputError, MAX_BULK};

    #[test]
    fn audit_actions_read_back_from_their_words() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
        }
        assert_eq!(AuditAction::parse("deleted"), None);
    }

    #[test]
    fn a_bulk_request_names_1_to_max_comments_and_a_reason_to_reject() {
        let bulk = |n: usize, action, reason: Option<&str>| BulkInput {
            from: None,
            ids: vec!["x".to_owned(); n],
            action,
            reason: reason.map(str::to_owned),
        };
        assert_eq!(check_bulk(&bulk(1, BulkAction::Publish, None)), Ok(None));
        assert_eq!(
            check_bulk(&bulk(MAX_BULK, BulkAction::Publish, None)),
            Ok(None)
        );
        assert_eq!(
            check_bulk(&bulk(0, BulkAction::Publish, None)),
            Err(StaffInputError::BadBulk)
        );
        assert_eq!(
            check_bulk(&bulk(MAX_BULK + 1, BulkAction::Publish, None)),
            Err(StaffInputError::BadBulk)
        );
        assert_eq!(
            check_bulk(&bulk(2, BulkAction::Reject, Some("  "))),
            Err(StaffInputError::ReasonMissing)
        );
        assert_eq!(
            check_bulk(&bulk(2, BulkAction::Reject, Some(" Werbung "))),
            Ok(Some("Werbung"))
        );
    }

    use super::*;
    use crate::api::RevisionRef;
    use proptest::prelude::*;

    #[test]
    fn states_and_statuses_round_trip_through_their_words() {
        for s in ModerationState::ALL {
            assert_eq!(ModerationState::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::Value::String(s.as_str().into()))
            );
        }
        for s in AnswerStatus::ALL {
            assert_eq!(AnswerStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::Value::String(s.as_str().into()))
            );
        }
        assert_eq!(ModerationState::parse("Published"), None);
    }

    #[test]
    fn limits_come_before_anything_else() {
        assert_eq!(
            check_reject(&RejectInput {
                reason: " \n".into()
            }),
            Err(StaffInputError::ReasonMissing)
        );
        assert_eq!(
            check_reject(&RejectInput {
                reason: "ä".repeat(MAX_REASON_CHARS + 1)
            }),
            Err(StaffInputError::ReasonTooLong)
        );
    }

    #[test]
    fn an_answer_needs_text_a_reason_where_due_and_a_real_revision() {
        let s = crate::strategy::tests::strategy(vec![]);
        let answer = |status, reason: Option<&str>, revision| AnswerInput {
            text: "Danke.".into(),
            status,
            reason: reason.map(Into::into),
            revision,
            revision_confirmed: false,
        };
        let ok = answer(AnswerStatus::InPruefung, None, None);
        assert_eq!(check_answer(&ok, &s), Ok(("Danke.", None)));
        let no_reason = answer(AnswerStatus::NichtBeruecksichtigt, Some("  "), None);
        assert_eq!(
            check_answer(&no_reason, &s),
            Err(StaffInputError::ReasonMissing)
        );
        let bad_revision = answer(
            AnswerStatus::Beruecksichtigt,
            None,
            Some(RevisionRef {
                section_id: "gibt-es-nicht".into(),
                version: 2,
            }),
        );
        assert_eq!(
            check_answer(&bad_revision, &s),
            Err(StaffInputError::UnknownRevision)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Arbitrary Unicode in every staff field: a result, never a panic.
        #[test]
        fn staff_input_never_panics(
            text in ".*", reason in proptest::option::of(".*"),
            section in ".*", version in any::<u32>(), status in 0usize..5,
        ) {
            let _ = check_reject(&RejectInput { reason: reason.clone().unwrap_or_default() });
            let input = AnswerInput {
                text,
                status: AnswerStatus::ALL[status],
                reason: reason.clone(),
                revision: Some(RevisionRef { section_id: section.clone(), version }),
                revision_confirmed: false,
            };
            let comment = AnsweredComment {
                section_id: &section,
                section_version: version,
                received_at: &reason.clone().unwrap_or_default(),
            };
            let _ = check_revision_credit(&input, &crate::strategy::tests::strategy(vec![]), comment);
            let _ = check_answer(&input, &crate::strategy::tests::strategy(vec![]));
        }

        #[test]
        fn state_words_never_panic(s in ".*") {
            let _ = ModerationState::parse(&s);
            let _ = AnswerStatus::parse(&s);
        }
    }

    #[test]
    fn a_revision_counts_as_caused_only_if_it_came_after_the_comment() {
        use super::{check_revision_credit, revision_timing, AnsweredComment, RevisionTiming};
        use crate::api::RevisionRef;
        use crate::strategy::{tests::section, EarlierVersion};
        use crate::SectionKind;
        let earlier = |date: Option<&str>| EarlierVersion {
            date: date.map(str::to_owned),
            text: "alt".into(),
            reason: String::new(),
            reconstructed: false,
        };
        let mut a = section("a", SectionKind::Leitmotiv);
        a.earlier = vec![earlier(Some("2026-11-20")), earlier(None)];
        let mut b = section("b", SectionKind::Leitmotiv);
        b.earlier = vec![earlier(Some("2026-12-01"))];
        let strategy = crate::strategy::tests::strategy(vec![a, b]);
        let r = |s: &str, v| RevisionRef {
            section_id: s.into(),
            version: v,
        };
        use RevisionTiming::{After, Before, Unknown};
        let at = "2026-11-25T10:00:00Z";
        let later = "2026-12-01T08:00:00Z";
        // (revision's section and version, comment's section and version, received, timing)
        let cases = [
            // Its own section: by version.
            (("a", 2), ("a", 1), at, After),
            (("a", 2), ("a", 2), at, Before),
            (("a", 3), ("a", 2), at, After),
            // Another section: by the day the version came, if known.
            (("b", 2), ("a", 1), at, After),
            (("a", 2), ("b", 1), at, Before),
            (("a", 3), ("b", 1), at, Unknown),
            (("b", 2), ("a", 1), later, Unknown),
        ];
        for ((rs, rv), (cs, cv), received, timing) in cases {
            assert_eq!(
                revision_timing(&strategy, &r(rs, rv), cs, cv, received),
                timing,
                "{rs} {rv} for {cs} {cv} at {received}"
            );
        }
        // The server refuses an earlier or unknown one unless staff confirmed it.
        let comment = AnsweredComment {
            section_id: "a",
            section_version: 2,
            received_at: at,
        };
        let input = |revision, revision_confirmed| AnswerInput {
            text: "Danke.".into(),
            status: AnswerStatus::Beruecksichtigt,
            reason: None,
            revision,
            revision_confirmed,
        };
        let credit = |i: &AnswerInput| check_revision_credit(i, &strategy, comment);
        assert_eq!(credit(&input(Some(r("a", 3)), false)), Ok(()));
        assert_eq!(credit(&input(None, false)), Ok(()));
        assert_eq!(
            credit(&input(Some(r("a", 2)), false)),
            Err(StaffInputError::RevisionNotAfter)
        );
        assert_eq!(credit(&input(Some(r("a", 2)), true)), Ok(()));
        assert_eq!(
            credit(&input(Some(r("b", 2)), false)),
            Ok(()),
            "another section's later version"
        );
        // Nonsense never panics.
        assert_eq!(
            revision_timing(&strategy, &r("b", 0), "a", 1, "ä"),
            RevisionTiming::Unknown
        );
    }
}
