//! Telling citizens what becomes of their comments (issue 23): the requests (by e-mail,
//! confirmed first; by push, confirmed by the browser's permission), their ends, and the
//! mails the stores queue in the same transaction as what they tell of.
//!
//! A store never composes a mail: where a moderation step has someone to tell, it hands
//! the open requests to the server's [`Teller`] inside its transaction and queues what
//! comes back — so a mail is queued exactly when what it tells of is stored.

use async_trait::async_trait;
use mitreden_model::notify::{NotifyEvent, NotifyKind};

use crate::StoreError;

/// How a queued message is delivered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Channel {
    /// A mail over SMTP.
    #[default]
    Email,
    /// A push to a browser's subscription.
    Push,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 2] = [Channel::Email, Channel::Push];

    /// The stored word.
    pub fn key(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Push => "push",
        }
    }

    /// The channel of a stored word.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// A mail (or a push) to write into the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// How it goes.
    pub channel: Channel,
    /// Its `Message-ID` without the brackets (`…@host`): the same mail written twice is
    /// stored once.
    pub message_id: String,
    /// Where it goes (for a push, the subscription as JSON).
    pub recipient: String,
    /// Its subject.
    pub subject: String,
    /// Its plain text (for a push, what the service worker shows, as JSON).
    pub text: String,
    /// The same as HTML.
    pub html: String,
    /// The one-click stop link (`List-Unsubscribe`), if the mail has one.
    pub unsubscribe: Option<String>,
}

/// A request to be told by e-mail, with its confirmation mail.
#[derive(Debug, Clone, Copy)]
pub struct NewRequest<'a> {
    /// Its id (random).
    pub id: &'a str,
    /// The comment it is about.
    pub comment_id: &'a str,
    /// `de` or `en`.
    pub language: &'a str,
    /// The address.
    pub address: &'a str,
    /// SHA-256 of the address in lower case: one confirmation per address and hour.
    pub address_hash: &'a str,
    /// The comment's receipt token, for the link in the mails.
    pub receipt_token: &'a str,
    /// SHA-256 of the token in the confirmation link.
    pub link_hash: &'a str,
    /// The confirmation mail, queued with the request.
    pub confirmation: &'a Mail,
}

/// What became of a [`NewRequest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// Stored, and its confirmation queued.
    Queued,
    /// A confirmation went to this address less than an hour ago: nothing stored; the
    /// hour is over in this many seconds.
    Throttled {
        /// Seconds until the hour is over (at least 1).
        wait_seconds: u64,
    },
}

/// A request to be told by push: confirmed at once (the browser's permission is the
/// consent).
#[derive(Debug, Clone, Copy)]
pub struct NewPush<'a> {
    /// Its id (random).
    pub id: &'a str,
    /// The comment it is about.
    pub comment_id: &'a str,
    /// `de` or `en`.
    pub language: &'a str,
    /// The browser's subscription (JSON).
    pub subscription: &'a str,
    /// The comment's receipt token, for the link in the pushes.
    pub receipt_token: &'a str,
    /// SHA-256 of a token nobody is given (a push request has no link).
    pub link_hash: &'a str,
}

/// Why requests end: the stored words of `ended_why`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The comment was answered (or led to a new version).
    Answered,
    /// The comment was refused.
    Rejected,
    /// The comment was withdrawn.
    Withdrawn,
    /// The citizen stopped it, or the browser's subscription is gone.
    Stopped,
    /// Never confirmed in time.
    Expired,
    /// The participation is over.
    ParticipationEnded,
}

impl Ended {
    /// The stored word.
    pub fn key(self) -> &'static str {
        match self {
            Ended::Answered => "answered",
            Ended::Rejected => "rejected",
            Ended::Withdrawn => "withdrawn",
            Ended::Stopped => "stopped",
            Ended::Expired => "expired",
            Ended::ParticipationEnded => "participation_ended",
        }
    }

    /// Why the requests of a comment end after `event`, if it is the last one told.
    pub fn after(event: NotifyEvent) -> Option<Self> {
        match event {
            NotifyEvent::Published => None,
            NotifyEvent::Rejected => Some(Ended::Rejected),
            // A new version it led to comes with the office's first answer.
            NotifyEvent::Answered | NotifyEvent::NewVersion => Some(Ended::Answered),
        }
    }
}

/// A confirmed request that has not ended, handed to the [`Teller`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRequest {
    /// Its id.
    pub id: String,
    /// E-mail or push.
    pub kind: NotifyKind,
    /// `de` or `en`.
    pub language: String,
    /// The address (for a push, the subscription).
    pub address: String,
    /// The comment's receipt token, for the link.
    pub receipt_token: Option<String>,
}

/// What happened to a comment, to tell.
#[derive(Debug, Clone, Copy)]
pub struct Told<'a> {
    /// The comment.
    pub comment_id: &'a str,
    /// Its section.
    pub section_id: &'a str,
    /// What happened.
    pub event: NotifyEvent,
    /// The refusal's reason or the answer.
    pub detail: Option<&'a str>,
}

/// One message to queue for a request, with the SHA-256 of its own stop link's token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The request it is for.
    pub request_id: String,
    /// The message.
    pub mail: Mail,
    /// SHA-256 of its stop link's token, if it has one.
    pub stop_hash: Option<String>,
}

/// Composes the messages for an event (the server's texts, links and tokens). Called by a
/// store inside the transaction that stores the event, only where someone is to be told.
pub trait Teller: Send + Sync {
    /// The messages for `told` to each of `open` (at most one each).
    ///
    /// # Errors
    /// When no token could be made: the store then stores nothing of the event.
    fn letters(&self, told: &Told<'_>, open: &[OpenRequest]) -> Result<Vec<Outgoing>, String>;
}

/// Requests to be told, and their ends.
#[async_trait]
pub trait Notifications {
    /// Stores an e-mail request and queues its confirmation, unless a confirmation went to
    /// the address within the hour; marks the hour for the address.
    async fn ask(&self, new: NewRequest<'_>) -> Result<Asked, StoreError>;

    /// Stores a push request, confirmed; the same subscription asking again for the same
    /// comment is the one request already there (`false`).
    async fn subscribe(&self, new: NewPush<'_>) -> Result<bool, StoreError>;

    /// The language of the request whose confirmation link's token has `link_hash`.
    async fn request_language(&self, link_hash: &str) -> Result<Option<String>, StoreError>;

    /// Confirms the request of `link_hash`, unless it is confirmed or ended already or
    /// older than `within_hours`; whether it was.
    async fn confirm(&self, link_hash: &str, within_hours: u32) -> Result<bool, StoreError>;

    /// Ends the open request one of whose mails' stop link has `stop_hash`; whether one
    /// ended.
    async fn stop(&self, stop_hash: &str) -> Result<bool, StoreError>;

    /// Ends the push requests of a subscription its push service says is gone; how many.
    async fn end_gone(&self, subscription: &str) -> Result<u64, StoreError>;

    /// Forgets the addresses' hour marks that are over; how many.
    async fn forget_throttle(&self) -> Result<u64, StoreError>;

    /// Ends the requests not confirmed within `hours` (their addresses erased, also from
    /// what the database keeps beside its tables); how many.
    async fn expire_unconfirmed(&self, hours: u32) -> Result<u64, StoreError>;

    /// Ends every open request once `today` (`YYYY-MM-DD`, UTC) is after `last_day`; how
    /// many.
    async fn end_with_participation(&self, last_day: &str, today: &str) -> Result<u64, StoreError>;
}
