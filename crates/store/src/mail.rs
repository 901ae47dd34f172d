//! The mail queue (issue 23) and the office's digest: messages written by whoever has
//! something to tell in the same transaction as what they tell of, delivered by a worker
//! that claims what is due, and erased once sent or given up.
//!
//! Several processes may run the worker at once (PostgreSQL): a claim takes the due rows
//! for a while (a lease), so two workers never hold the same mail; a worker that dies with
//! a claim leaves it due again when the lease ends — the mail then goes again, with its
//! `Message-ID`, by which a mail program tells the two apart.

use async_trait::async_trait;
use mitreden_model::digest::Digest;

use crate::notify::{Channel, Mail};
use crate::StoreError;

/// A claimed mail, to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    /// Its row.
    pub id: i64,
    /// How it goes.
    pub channel: Channel,
    /// Its `Message-ID` without the brackets.
    pub message_id: String,
    /// Where it goes; `None` only for a row erased under the worker's feet.
    pub recipient: Option<String>,
    /// Its subject.
    pub subject: String,
    /// Its plain text (a push: the payload).
    pub text: String,
    /// Its HTML.
    pub html: String,
    /// The one-click stop link.
    pub unsubscribe: Option<String>,
    /// Failed attempts so far.
    pub attempts: u32,
}

/// What became of an attempt to deliver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery<'a> {
    /// Delivered: the recipient and the bodies are erased.
    Sent,
    /// Failed, to be tried again in this many seconds (`why`: a code, never a server's
    /// words).
    Retry {
        /// Why (an SMTP code or the kind of failure).
        why: &'a str,
        /// Seconds until the next attempt.
        in_seconds: u32,
    },
    /// Failed for good: the recipient and the bodies are erased.
    GivenUp {
        /// Why (an SMTP code or the kind of failure).
        why: &'a str,
    },
}

/// A staff member whose digest is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestDue {
    /// The account.
    pub name: String,
    /// Where the digest goes.
    pub address: String,
    /// How often.
    pub every: Digest,
}

/// Writes a digest (the server's words and links), inside the store's transaction.
pub trait DigestWriter: Send + Sync {
    /// The mail to `due` about the comments waiting per section (section id, count).
    ///
    /// # Errors
    /// When no Message-ID could be drawn: nothing is queued.
    fn digest(&self, due: &DigestDue, waiting: &[(String, u32)]) -> Result<Mail, String>;
}

/// The mail queue and the digest.
#[async_trait]
pub trait MailQueue {
    /// Makes every mail that waits due now (a restart often follows a mail server that
    /// was down); how many.
    async fn mails_due_now(&self) -> Result<u64, StoreError>;

    /// Claims at most `limit` due mails, oldest first, for `lease_seconds`.
    async fn claim_due_mails(
        &self,
        limit: u32,
        lease_seconds: u32,
    ) -> Result<Vec<QueuedMail>, StoreError>;

    /// Notes what became of the attempt on the mail `id`.
    async fn delivered(&self, id: i64, delivery: Delivery<'_>) -> Result<(), StoreError>;

    /// Erases the sent mails' addresses from what the database keeps beside its tables
    /// (SQLite's WAL, PostgreSQL's old row versions).
    async fn erase_sent_mails(&self) -> Result<(), StoreError>;

    /// How many mails wait, per channel.
    async fn mails_waiting(&self) -> Result<Vec<(Channel, u64)>, StoreError>;

    /// Queues the digests that are due — for each staff member who asked for one, the
    /// period since the last is over, and something waits for moderation — with the
    /// `writer`'s words, and notes them sent in the same transaction (once per period
    /// however many processes look); how many.
    async fn queue_digests(&self, writer: &dyn DigestWriter) -> Result<usize, StoreError>;
}
