//! The life of a comment in the browser, as plain types: a draft, queued to send, being
//! sent, received by the server, or rejected with a reason. Also the retry schedule and the
//! stored form (with its schema version).
//!
//! The app drives these types from events (typing, "Absenden", online, a timer, a server
//! answer); it holds no rules of its own, so every transition is tested natively here.

use serde::{Deserialize, Serialize};

use crate::api::ItemResult;
use crate::comment::{check_input, NewComment, Rejection};
use crate::event::{
    check_application_input, ApplicationReceipt, ApplicationRejection, ContactKind, Event,
    NewApplication,
};

/// The first retry waits about this long (ms); each further retry doubles it.
pub const BACKOFF_BASE_MS: u64 = 2_000;
/// No retry waits longer than this (ms): five minutes.
pub const BACKOFF_CAP_MS: u64 = 300_000;
/// The version of the stored form of an item ([`encode`], [`decode`]).
pub const STORAGE_SCHEMA: u32 = 1;

/// Where a comment stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    /// Being written; saved on this device only.
    Draft,
    /// Sent off by the citizen; waits for a connection (or for the next retry).
    Queued,
    /// A request with it is under way.
    Sending,
    /// The server has it, durable on disk.
    Received {
        /// The server's receipt time (RFC 3339).
        at: String,
    },
    /// The server refused it; the text stays, to fix and send again.
    Rejected {
        /// The server's reason, to show the citizen.
        reason: String,
    },
    /// The citizen withdrew it; its text is erased here and on the server.
    Withdrawn,
}

/// One comment in the browser's outbox, with its state and retry schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxItem {
    /// The comment (for a draft: what is written so far).
    pub comment: NewComment,
    /// Where it stands.
    pub state: ItemState,
    /// Last change, ms since the epoch: shown as the time, and newest wins between tabs.
    pub updated_ms: u64,
    /// Failed sending attempts since it was queued.
    pub attempts: u32,
    /// Not before this time (ms since the epoch) is it sent again.
    pub next_attempt_ms: u64,
    /// Set for an application for a seat at an event (issue 14), which goes through the
    /// same outbox; `comment` then carries only its id and time (no section, no text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<NewApplication>,
    /// The receipt code the server gave an application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_code: Option<String>,
}

/// An edit or send that the state does not allow (e.g. editing a received comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAllowed;

/// Why a request failed, as far as the outbox cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendFailure {
    /// Try again later: no network, a timeout, 408, 429, 5xx.
    Transient {
        /// The server's `Retry-After`, in ms, where it gave one.
        retry_after_ms: Option<u64>,
    },
    /// The server refused the request as such (another 4xx): do not retry.
    Refused {
        /// The server's reason.
        reason: String,
    },
}

impl OutboxItem {
    /// A new, empty draft on a section, created when the citizen starts writing.
    pub fn new_draft(
        id: String,
        section_id: String,
        section_version: u32,
        created_at: String,
        now_ms: u64,
    ) -> Self {
        Self::new_draft_with_receipt(id, section_id, section_version, created_at, now_ms, None)
    }

    /// A new draft with the secret receipt token the browser made for it.
    pub fn new_draft_with_receipt(
        id: String,
        section_id: String,
        section_version: u32,
        created_at: String,
        now_ms: u64,
        receipt_token: Option<String>,
    ) -> Self {
        Self {
            comment: NewComment {
                id,
                section_id,
                section_version,
                text: String::new(),
                name: None,
                self_description: None,
                consent: false,
                created_at,
                receipt_token,
                website: None,
            },
            state: ItemState::Draft,
            updated_ms: now_ms,
            attempts: 0,
            next_attempt_ms: 0,
            application: None,
            receipt_code: None,
        }
    }

    /// A new, empty application for a seat at `event_id`.
    pub fn new_application(id: String, event_id: String, created_at: String, now_ms: u64) -> Self {
        let mut item = Self::new_draft_with_receipt(
            id.clone(),
            String::new(),
            0,
            created_at.clone(),
            now_ms,
            None,
        );
        item.application = Some(NewApplication {
            id,
            event_id,
            name: String::new(),
            contact_kind: ContactKind::Email,
            contact: String::new(),
            attributes: Default::default(),
            consent: false,
            created_at,
        });
        item
    }

    /// True for an application (not a comment).
    pub fn is_application(&self) -> bool {
        self.application.is_some()
    }

    /// Changes what is written in an application. A rejected one becomes a draft again.
    pub fn edit_application(
        &mut self,
        change: impl FnOnce(&mut NewApplication),
        now_ms: u64,
    ) -> Result<(), NotAllowed> {
        if !self.is_editable() {
            return Err(NotAllowed);
        }
        let application = self.application.as_mut().ok_or(NotAllowed)?;
        change(application);
        self.state = ItemState::Draft;
        self.updated_ms = now_ms;
        Ok(())
    }

    /// "Bewerbung absenden": into the outbox, if the input meets the event's rules.
    pub fn submit_application(
        &mut self,
        event: &Event,
        now_ms: u64,
    ) -> Result<(), ApplicationSubmitError> {
        if !self.is_editable() {
            return Err(ApplicationSubmitError::NotAllowed);
        }
        let application = self
            .application
            .as_ref()
            .ok_or(ApplicationSubmitError::NotAllowed)?;
        check_application_input(application, event).map_err(ApplicationSubmitError::Invalid)?;
        self.state = ItemState::Queued;
        self.attempts = 0;
        self.next_attempt_ms = now_ms;
        self.updated_ms = now_ms;
        Ok(())
    }

    /// The server stored the application: keep the receipt code, and erase the name and
    /// contact here — the town has them, and this device need not keep them.
    pub fn application_received(&mut self, receipt: &ApplicationReceipt, now_ms: u64) {
        if let Some(application) = self.application.as_mut() {
            application.name.clear();
            application.contact.clear();
        }
        self.receipt_code = Some(receipt.code.clone());
        self.state = ItemState::Received {
            at: receipt.received_at.clone(),
        };
        self.updated_ms = now_ms;
    }

    /// True while the citizen may still change the text: a draft, or a rejected comment.
    pub fn is_editable(&self) -> bool {
        matches!(self.state, ItemState::Draft | ItemState::Rejected { .. })
    }

    /// True while the comment still has to reach the server.
    pub fn is_pending(&self) -> bool {
        matches!(self.state, ItemState::Queued | ItemState::Sending)
    }

    /// Changes what is written. A rejected comment becomes a draft again.
    pub fn edit(
        &mut self,
        text: String,
        name: Option<String>,
        self_description: Option<String>,
        consent: bool,
        now_ms: u64,
    ) -> Result<(), NotAllowed> {
        if !self.is_editable() {
            return Err(NotAllowed);
        }
        let c = &mut self.comment;
        c.text = text;
        c.name = name.filter(|n| !n.trim().is_empty());
        c.self_description = self_description.filter(|d| !d.is_empty());
        c.consent = consent;
        self.state = ItemState::Draft;
        self.updated_ms = now_ms;
        Ok(())
    }

    /// "Auf die geänderte Fassung beziehen": the citizen read how the section changed since
    /// the draft began and keeps the comment for the newer `version`. Only a draft (or a
    /// refused comment, which becomes a draft again) and only forward; otherwise the comment
    /// stays with the version it was written on.
    pub fn move_to_version(&mut self, version: u32, now_ms: u64) -> Result<(), NotAllowed> {
        if !self.is_editable() || version <= self.comment.section_version {
            return Err(NotAllowed);
        }
        self.comment.section_version = version;
        self.state = ItemState::Draft;
        self.updated_ms = now_ms;
        Ok(())
    }

    /// "Absenden": into the outbox, if the citizen's input meets the rules.
    pub fn submit(&mut self, now_ms: u64) -> Result<(), SubmitError> {
        if !self.is_editable() {
            return Err(SubmitError::NotAllowed);
        }
        let c = &self.comment;
        check_input(&c.text, c.name.as_deref(), c.consent).map_err(SubmitError::Invalid)?;
        self.state = ItemState::Queued;
        self.attempts = 0;
        self.next_attempt_ms = now_ms;
        self.updated_ms = now_ms;
        Ok(())
    }

    /// True if it should go out in a request started at `now_ms`.
    pub fn is_due(&self, now_ms: u64) -> bool {
        self.state == ItemState::Queued && self.next_attempt_ms <= now_ms
    }

    /// A request with it starts.
    pub fn start_sending(&mut self, now_ms: u64) -> Result<(), NotAllowed> {
        if self.state != ItemState::Queued {
            return Err(NotAllowed);
        }
        self.state = ItemState::Sending;
        self.updated_ms = now_ms;
        Ok(())
    }

    /// The server answered for this comment.
    pub fn apply(&mut self, result: &ItemResult, now_ms: u64) {
        self.updated_ms = now_ms;
        self.state = match (&result.received_at, result.outcome.is_stored()) {
            (Some(at), true) => ItemState::Received { at: at.clone() },
            (None, true) => ItemState::Received { at: String::new() },
            (_, false) => ItemState::Rejected {
                reason: result
                    .reason
                    .clone()
                    .unwrap_or_else(|| "Der Server hat den Kommentar abgelehnt.".into()),
            },
        };
    }

    /// The request failed. A transient failure queues it again after the backoff (or the
    /// server's `Retry-After`, whichever is longer); a refusal rejects it with the reason.
    /// `jitter` is a random number in `[0, 1)`.
    pub fn failed(&mut self, failure: &SendFailure, now_ms: u64, jitter: f64) {
        self.updated_ms = now_ms;
        match failure {
            SendFailure::Transient { retry_after_ms } => {
                let wait = backoff_ms(self.attempts, jitter).max(retry_after_ms.unwrap_or(0));
                self.attempts = self.attempts.saturating_add(1);
                self.next_attempt_ms = now_ms.saturating_add(wait);
                self.state = ItemState::Queued;
            }
            SendFailure::Refused { reason } => {
                self.state = ItemState::Rejected {
                    reason: reason.clone(),
                };
            }
        }
    }

    /// The server confirmed the withdrawal: the text, name and self-description are erased
    /// on this device too; the id and the receipt stay, so the state can still be shown.
    pub fn withdrawn(&mut self, now_ms: u64) {
        if let Some(application) = self.application.as_mut() {
            application.name.clear();
            application.contact.clear();
        }
        self.comment.text.clear();
        self.comment.name = None;
        self.comment.self_description = None;
        self.state = ItemState::Withdrawn;
        self.updated_ms = now_ms;
    }

    /// After a reload: a request that was under way when the page died is sent again (the
    /// server's idempotency makes that harmless).
    pub fn recover(&mut self) {
        if self.state == ItemState::Sending {
            self.state = ItemState::Queued;
            self.next_attempt_ms = 0;
        }
    }
}

/// Why "Bewerbung absenden" did not queue the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplicationSubmitError {
    /// The input breaks a rule (shown to the applicant, its field focused).
    Invalid(ApplicationRejection),
    /// It was already sent, or is no application.
    NotAllowed,
}

/// Why "Absenden" did not queue the comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitError {
    /// The input breaks a rule (shown to the citizen).
    Invalid(Rejection),
    /// It was already sent.
    NotAllowed,
}

/// How long to wait before retry number `attempt + 1` (ms): exponential from
/// [`BACKOFF_BASE_MS`], capped at [`BACKOFF_CAP_MS`], with "equal jitter" (between half and
/// all of it), so many phones coming back online do not all retry at once.
pub fn backoff_ms(attempt: u32, jitter: f64) -> u64 {
    let full = BACKOFF_BASE_MS
        .saturating_mul(1u64.checked_shl(attempt.min(32)).unwrap_or(u64::MAX))
        .min(BACKOFF_CAP_MS);
    let jitter = jitter.clamp(0.0, 1.0);
    let half = full / 2;
    // Both factors are at most BACKOFF_CAP_MS, far inside f64's exact integer range.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let extra = (half as f64 * jitter) as u64;
    half + extra
}

/// What a failed HTTP answer means for the outbox: 408, 429 and 5xx are worth a retry;
/// every other status is a refusal.
pub fn classify(status: u16, retry_after: Option<&str>, reason: String) -> SendFailure {
    if status == 408 || status == 429 || status >= 500 {
        SendFailure::Transient {
            retry_after_ms: retry_after
                .and_then(|s| s.trim().parse::<u64>().ok())
                .map(|secs| secs.saturating_mul(1000)),
        }
    } else {
        SendFailure::Refused { reason }
    }
}

/// The comments due in a request started at `now_ms`, at most `max`, oldest first.
pub fn due_batch(items: &[OutboxItem], now_ms: u64, max: usize) -> Vec<String> {
    let mut due: Vec<&OutboxItem> = items.iter().filter(|i| i.is_due(now_ms)).collect();
    due.sort_by_key(|i| i.updated_ms);
    due.into_iter()
        .take(max)
        .map(|i| i.comment.id.clone())
        .collect()
}

/// When the next retry is due, if anything waits.
pub fn next_wakeup(items: &[OutboxItem]) -> Option<u64> {
    items
        .iter()
        .filter(|i| i.state == ItemState::Queued)
        .map(|i| i.next_attempt_ms)
        .min()
}

/// The stored form: the schema version beside the item (not flattened into it: serde's
/// flatten costs much code in the wasm bundle).
#[derive(Serialize, Deserialize)]
struct Stored<T> {
    schema: u32,
    item: T,
}

/// Only the schema version, read first to decide how to read the rest.
#[derive(Deserialize)]
struct SchemaOnly {
    schema: u32,
}

/// How values become JSON text and back. Natively (the server, the tests) that is
/// [`SerdeJson`]; the app uses the browser's own `JSON`, which keeps a JSON parser and
/// formatter out of the wasm bundle.
pub trait Codec {
    /// `value` as JSON text (`None` if it cannot be written).
    fn write<T: Serialize>(&self, value: &T) -> Option<String>;
    /// A value read from JSON text, or why it could not be read.
    fn read<T: serde::de::DeserializeOwned>(&self, text: &str) -> Result<T, String>;
}

/// JSON by serde_json.
pub struct SerdeJson;

impl Codec for SerdeJson {
    fn write<T: Serialize>(&self, value: &T) -> Option<String> {
        serde_json::to_string(value).ok()
    }

    fn read<T: serde::de::DeserializeOwned>(&self, text: &str) -> Result<T, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

/// The item as it is written to browser storage (JSON with `schema`).
pub fn encode(item: &OutboxItem) -> String {
    encode_with(&SerdeJson, item)
}

/// [`encode`] with another JSON codec.
pub fn encode_with(codec: &impl Codec, item: &OutboxItem) -> String {
    codec
        .write(&Stored {
            schema: STORAGE_SCHEMA,
            item,
        })
        .unwrap_or_default()
}

/// Why a stored value could not be read. The app keeps such a value aside (never drops it)
/// and tells the citizen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON, or not an item.
    Corrupt(String),
    /// Written by a newer version of the app than this one.
    NewerSchema(u32),
}

/// Reads a stored item, migrating older schema versions to the current one.
///
/// Schema 1 is the first; a migration for schema N goes here as `N => migrate_from_N(value)`
/// before the final read, so old drafts survive an update of the app.
pub fn decode(json: &str) -> Result<OutboxItem, DecodeError> {
    decode_with(&SerdeJson, json)
}

/// [`decode`] with another JSON codec.
pub fn decode_with(codec: &impl Codec, json: &str) -> Result<OutboxItem, DecodeError> {
    let SchemaOnly { schema } = codec.read(json).map_err(DecodeError::Corrupt)?;
    if schema > STORAGE_SCHEMA {
        return Err(DecodeError::NewerSchema(schema));
    }
    let stored: Stored<OutboxItem> = codec.read(json).map_err(DecodeError::Corrupt)?;
    let mut item = stored.item;
    item.recover();
    Ok(item)
}

#[cfg(test)]
#[path = "outbox_tests.rs"]
mod tests;
