//! Telling citizens what became of their comment, without an account (issue 23).
//!
//! # Layout
//! - [`queue`]: the persistent mail queue and its worker (SMTP with lettre).
//!
//! Still to come (docs/plans/issue-23-notifications.md): the requests to be told and their
//! confirmation, the moderation's events, push, the office's digest.

pub mod queue;
