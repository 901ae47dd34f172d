//! A participation event's seats drawn by lot (issue 14): the applications, an event's
//! state (closing, commitment, draw, deletion of the contacts) and its log. Every write
//! reads the event's state in its transaction and decides there, so two requests — on two
//! processes too — never both commit or both draw; the database itself refuses to change a
//! commitment, a seed or a draw once made, or the applicants of a made draw.
//!
//! The server's rules come in as values: where the event stands in time ([`Moment`], from
//! the strategy file's times), and the draw itself ([`Draw`], the model's algorithm).

use std::collections::BTreeMap;

use async_trait::async_trait;
use mitreden_model::event::{EventPhase, NewApplication};
use mitreden_model::lottery::Applicant;

use crate::StoreError;

/// An event's stored state; every field empty for an event nobody acted on yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventRecord {
    /// When staff closed the applications.
    pub closed_at: Option<String>,
    /// The secret seed (public once drawn).
    pub seed: Option<String>,
    /// SHA-256 of the seed, hex.
    pub commitment: Option<String>,
    /// When the commitment was made.
    pub committed_at: Option<String>,
    /// The public value the draw used.
    pub public_value: Option<String>,
    /// The algorithm the draw used.
    pub algorithm: Option<String>,
    /// The seats the draw filled.
    pub seats: Option<i64>,
    /// The quotas the draw used (JSON).
    pub quotas: Option<String>,
    /// When the draw was made.
    pub drawn_at: Option<String>,
    /// The drawn codes in order (a JSON array).
    pub result: Option<String>,
    /// When the contacts were last deleted.
    pub contacts_deleted_at: Option<String>,
}

/// An application as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationRecord {
    /// The browser's UUID.
    pub id: String,
    /// The event applied for.
    pub event_id: String,
    /// The receipt code.
    pub code: String,
    /// The name ('' once erased).
    pub name: String,
    /// `email`, `post` or `phone`.
    pub contact_kind: String,
    /// The contact ('' once erased).
    pub contact: String,
    /// When the server stored it.
    pub received_at: String,
    /// Withdrawn by the applicant.
    pub withdrawn: bool,
}

/// Applications of an event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Not withdrawn.
    pub received: u64,
    /// Withdrawn.
    pub withdrawn: u64,
}

/// An event's state, counts and the applications (not withdrawn) per attribute value,
/// from one snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventSnapshot {
    /// The state.
    pub state: EventRecord,
    /// The counts.
    pub counts: Counts,
    /// (attribute, value) → applications.
    pub groups: BTreeMap<(String, String), u64>,
}

/// Where the event stands in time now, by the strategy file's times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// Before the applications open.
    pub before_open: bool,
    /// After the deadline.
    pub after_close: bool,
}

impl Moment {
    /// The event's phase with the stored `state` at this moment.
    pub fn phase(self, state: &EventRecord) -> EventPhase {
        EventPhase::at(
            self.before_open,
            self.after_close,
            state.closed_at.is_some(),
            state.result.is_some(),
        )
    }
}

/// The draw as made, to store once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawRecord {
    /// The public value used.
    pub public_value: String,
    /// The algorithm's name.
    pub algorithm: String,
    /// The seats filled.
    pub seats: u32,
    /// The quotas used, as JSON.
    pub quotas: String,
    /// The drawn codes in order, as JSON.
    pub result: String,
}

/// Makes the draw from the seed and the applicants (sorted by code), inside the store's
/// transaction.
pub trait Draw: Send + Sync {
    /// The draw.
    ///
    /// # Errors
    /// When it cannot be written down (JSON): nothing is stored.
    fn draw(&self, seed: &str, applicants: &[Applicant]) -> Result<DrawRecord, String>;
}

/// What became of an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applying {
    /// Stored with this receipt code.
    Stored {
        /// The code.
        code: String,
    },
    /// An application with this id is stored already (the caller compares).
    Existing(ApplicationRecord),
    /// Applications are not taken in this phase.
    NotOpen(EventPhase),
}

/// What became of a withdrawal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withdrawing {
    /// No application with this code.
    NotFound,
    /// Withdrawn now: its name and contact erased.
    Withdrawn,
    /// Withdrawn before.
    AlreadyWithdrawn,
    /// Not in this phase.
    NotOpen(EventPhase),
}

/// What became of closing the applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// Closed now.
    Closed,
    /// Closed before: nothing changed.
    AlreadyClosed,
    /// Drawn already.
    AlreadyDrawn,
    /// Without a commitment the draw could never be verified: refused.
    NoCommitment,
}

/// What became of a commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Committing {
    /// Stored.
    Committed,
    /// There is one already; it never changes.
    AlreadyCommitted,
    /// The applications are closed: a commitment must come before.
    ApplicationsClosed,
}

/// What became of a draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drawing {
    /// Made and stored.
    Drawn {
        /// The draw.
        record: DrawRecord,
        /// How many took part.
        applicants: usize,
        /// The commitment it kept.
        commitment: String,
    },
    /// Made before.
    AlreadyDrawn,
    /// The applications are not closed yet.
    NotClosed,
    /// There is no commitment.
    NoCommitment,
}

/// An entry of the event's log.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    /// The event.
    pub event_id: &'a str,
    /// Who (an account, or the command line, or the automatic deletion).
    pub by: &'a str,
    /// When (RFC 3339, UTC, milliseconds).
    pub at: &'a str,
}

/// The lottery.
#[async_trait]
pub trait Lottery {
    /// The event's state, counts and groups, from one snapshot.
    async fn event_snapshot(&self, event_id: &str) -> Result<EventSnapshot, StoreError>;

    /// The event's application with this (canonical) code, with the event's state.
    async fn application_by_code(
        &self,
        event_id: &str,
        code: &str,
    ) -> Result<Option<(ApplicationRecord, EventRecord)>, StoreError>;

    /// The event's state and the applicants of its draw (not withdrawn; code and
    /// attributes, nothing else; sorted by code).
    async fn draw_inputs(
        &self,
        event_id: &str,
    ) -> Result<(EventRecord, Vec<Applicant>), StoreError>;

    /// The event's state and the applications its draw drew (any order).
    async fn drawn_applications(
        &self,
        event_id: &str,
    ) -> Result<(EventRecord, Vec<ApplicationRecord>), StoreError>;

    /// Whether any application of the event still has a name or a contact.
    async fn has_contacts(&self, event_id: &str) -> Result<bool, StoreError>;

    /// Stores an application (checked by the caller) received `at` under a new code from
    /// `code` (asked again while the code is taken, at most 16 times), unless one with its
    /// id is stored or the event does not take applications at `moment`.
    async fn apply(
        &self,
        application: &NewApplication,
        at: &str,
        moment: Moment,
        code: &(dyn Fn() -> Result<String, String> + Send + Sync),
    ) -> Result<Applying, StoreError>;

    /// Withdraws the event's application with this code while applications are taken; its
    /// name and contact are erased at once (and from what the database keeps beside).
    async fn withdraw_application(
        &self,
        event_id: &str,
        code: &str,
        at: &str,
        moment: Moment,
    ) -> Result<Withdrawing, StoreError>;

    /// Closes the applications (logged).
    async fn close_applications(&self, step: Step<'_>) -> Result<Closing, StoreError>;

    /// Stores the seed and its commitment (logged with the commitment).
    async fn commit_seed(
        &self,
        step: Step<'_>,
        seed: &str,
        commitment: &str,
        moment: Moment,
    ) -> Result<Committing, StoreError>;

    /// Draws with `draw` among the applications not withdrawn and stores it (logged with
    /// the public value).
    async fn draw(
        &self,
        step: Step<'_>,
        public_value: &str,
        moment: Moment,
        draw: &dyn Draw,
    ) -> Result<Drawing, StoreError>;

    /// Erases name and contact of every application of the event (counts and attributes
    /// stay) and notes when — unless there was nothing left and it was noted before; how
    /// many applications had any (`None`: nothing done). Erased also from what the
    /// database keeps beside its tables.
    async fn delete_contacts(&self, step: Step<'_>) -> Result<Option<u64>, StoreError>;
}
