//! Telling citizens what became of their comment, without an account (issue 23).
//!
//! # Layout
//! - [`requests`]: a citizen asks with the comment's receipt token; the confirmation mail
//!   and page; the one-click stop.
//! - [`events`]: what the moderation calls in its transaction — the mails for a comment's
//!   publication, refusal and answer, and the end of every request with its address.
//! - [`queue`]: the persistent mail queue and its worker (SMTP with lettre).
//! - [`texts`]: the mails' and the page's words, German and English.
//! - [`digest`]: the office's digest of comments waiting for moderation.
//!
//! Still to come (docs/plans/issue-23-notifications.md): a new version the comment led to,
//! push.

pub mod digest;
pub mod events;
pub mod queue;
pub mod requests;
pub mod texts;
