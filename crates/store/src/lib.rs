//! What the server asks of its database, whichever it is.
//!
//! The server's handlers and jobs speak to a [`Store`] — never to SQL. One implementation
//! per database answers it, each with its own SQL dialect and migrations: SQLite (embedded,
//! the default) now, PostgreSQL next, as atuin keeps one crate per backend behind one
//! trait. Errors come back backend-neutral ([`StoreError`]): *busy* is load (the client
//! sends again), not a fault.
//!
//! # Layout
//! - [`Store`]: the trait, area by area. Areas move behind it one at a time with the
//!   whole test suite green after each; `ARCHITECTURE.md` names the areas still on SQL.
//! - [`StoreError`]: busy, not found, conflict, invalid, other.
//! - [`CommentGroup`], [`CommentState`]: what the comment area's methods take and give;
//!   the public lists take and give the model's paging types.
//! - [`accounts`]: staff accounts and sessions ([`Accounts`], a part of [`Store`]).
//! - [`erasure`]: the retention job's erasure ([`Erasure`], a part of [`Store`]).
//! - [`kiosks`]: the town hall's shared devices ([`Kiosks`], a part of [`Store`]).
//! - [`lottery`]: a participation event's seats drawn by lot ([`Lottery`], a part of
//!   [`Store`]).
//! - [`mail`]: the mail queue's worker and the office's digest ([`MailQueue`], a part of
//!   [`Store`]).
//! - [`moderation`]: the staff's list, publishing, refusing, answering and the trail
//!   ([`Moderating`], a part of [`Store`]).
//! - [`notify`]: requests to be told, their ends, and the mails queued with what they tell
//!   of ([`Notifications`], a part of [`Store`]; the server's [`notify::Teller`] writes
//!   the mails).
//! - [`reports`]: the export, open data, the figures and the report, the server's keys
//!   ([`Reports`], a part of [`Store`]).
//! - [`templates`]: the office's answer templates ([`Templates`], a part of [`Store`]).
//! - [`versions`]: the strategy's versions, publishing, and the comments linked to
//!   changes ([`Versions`], a part of [`Store`]).
//! - `story` (feature `story`): the one test story every backend runs.

pub mod accounts;
pub mod erasure;
pub mod kiosks;
pub mod lottery;
pub mod mail;
pub mod moderation;
pub mod notify;
pub mod reports;
#[cfg(feature = "story")]
pub mod story;
pub mod templates;
pub mod versions;

use std::sync::Arc;

use async_trait::async_trait;
use mitreden_model::api::{AdminComment, ItemResult};
use mitreden_model::comment::NewComment;
use mitreden_model::moderation::ModerationState;
use mitreden_model::paging::{CommentPage, PageRequest};

pub use accounts::Accounts;
pub use erasure::Erasure;
pub use kiosks::Kiosks;
pub use lottery::Lottery;
pub use mail::MailQueue;
pub use moderation::Moderating;
pub use notify::Notifications;
pub use reports::Reports;
pub use templates::Templates;
pub use versions::Versions;

/// Why the database did not do what was asked, in terms every backend can say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// Load, not a fault: a lock or a connection waited for too long, the disk is full.
    /// Answered 503 with `Retry-After`; the client sends again and loses nothing.
    Busy(String),
    /// The row asked for is not there.
    NotFound,
    /// The change contradicts what is stored (a rule the database keeps).
    Conflict(String),
    /// The request holds a value this database cannot take at all (PostgreSQL: a NUL
    /// character in a text, which SQLite keeps): the client's fault, answered 400.
    Invalid(String),
    /// Anything else: a fault, logged in full and answered without internals.
    Other(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Busy(why) => write!(f, "busy: {why}"),
            StoreError::NotFound => f.write_str("not found"),
            StoreError::Conflict(why) => write!(f, "conflict: {why}"),
            StoreError::Invalid(why) => write!(f, "invalid: {why}"),
            StoreError::Other(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for StoreError {}

/// One request's comments (already checked against the strategy), and the label of the
/// kiosk they came from.
#[derive(Debug, Clone)]
pub struct CommentGroup {
    /// In the order the request sent them; answered in that order.
    pub comments: Vec<NewComment>,
    /// The kiosk's label, for comments typed at one.
    pub kiosk: Option<Arc<str>>,
}

/// Where one comment stands, without its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentState {
    /// The section it is about.
    pub section_id: String,
    /// When the server first stored it (RFC 3339, UTC).
    pub received_at: String,
    /// Its moderation state.
    pub moderation_state: ModerationState,
    /// Sent by a bot through the honeypot: stored so that the bot sees success, shown to
    /// nobody, staff included.
    pub trapped: bool,
}

/// Everything the server stores, asked for by what it means.
#[async_trait]
pub trait Store:
    Accounts
    + Erasure
    + Kiosks
    + Lottery
    + MailQueue
    + Moderating
    + Notifications
    + Reports
    + Templates
    + Versions
    + Send
    + Sync
    + std::fmt::Debug
    + 'static
{
    /// Stores the groups' comments in **one durable transaction** — acknowledged only once
    /// it is on disk. Per group, per comment, in order: created; already present (the same
    /// comment sent again, exactly once stored); or refused as a conflict (another comment
    /// under that id). An error stores nothing of any group.
    async fn insert_comments(
        &self,
        groups: &[CommentGroup],
    ) -> Result<Vec<Vec<ItemResult>>, StoreError>;

    /// Where the comment `id` stands; `None` if there is none.
    async fn comment_state(&self, id: &str) -> Result<Option<CommentState>, StoreError>;

    /// The stored hash of the comment's receipt token: `None` if there is no such comment,
    /// `Some(None)` if it was sent without a receipt.
    async fn receipt_hash(&self, id: &str) -> Result<Option<Option<String>>, StoreError>;

    /// The comment with its moderation and official answer; `None` if there is none.
    async fn comment(&self, id: &str) -> Result<Option<AdminComment>, StoreError>;

    /// Withdraws the comment (GDPR Art. 17): its text, name and self-description are
    /// erased in the database and in whatever the database keeps beside it (SQLite's WAL),
    /// and whoever asked to be told about it is told nothing more; what statistics need
    /// stays. Withdrawing twice changes nothing. Returns whether this call withdrew it.
    async fn withdraw_comment(&self, id: &str) -> Result<bool, StoreError>;

    /// A page of the section's public comments, each with its answer — `public`: the
    /// states the town's moderation makes public; a comment a bot sent through the
    /// honeypot never is. Keyset paging by (received time, id) in `page`'s order, the
    /// number of public comments of the section, and on the first page the public comments
    /// that led to a change of the section.
    async fn public_comments(
        &self,
        section: &str,
        public: &[ModerationState],
        page: &PageRequest,
    ) -> Result<CommentPage, StoreError>;

    /// The number of public comments (as in [`Store::public_comments`]) per section id;
    /// a section without any is not named.
    async fn public_counts(
        &self,
        public: &[ModerationState],
    ) -> Result<Vec<(String, u32)>, StoreError>;

    /// Whether a comment could be written now, for `/readyz`: a load balancer sends traffic
    /// only to a process that can take comments. Cheap enough to be asked every second.
    async fn writable(&self) -> bool;

    /// The database's size in bytes on disk, for `/metrics` (`None` where it cannot be
    /// told).
    async fn size_bytes(&self) -> Option<u64>;
}
