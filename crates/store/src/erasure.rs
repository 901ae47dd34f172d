//! Erasing what the town keeps no longer (the strategy's `[retention]`): the server works
//! out what is due on a day; a store erases it in one transaction, and also from whatever
//! the database keeps beside its tables (SQLite's WAL, PostgreSQL's old row versions).

use async_trait::async_trait;

use crate::StoreError;

/// What is due in one run of the retention job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueErasure {
    /// Names and self-descriptions of comments (the comments stay).
    pub names: bool,
    /// Receipt check values (the links stop working).
    pub receipts: bool,
    /// The moderation trail.
    pub audit: bool,
    /// Staff sessions that ended before this, in milliseconds since 1970.
    pub sessions_ended_before_ms: i64,
    /// Kiosks revoked before this time (RFC 3339, UTC, as stored).
    pub kiosks_revoked_before: String,
}

/// What one run erased, counted.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Erased {
    /// Comments whose name or self-description went.
    pub names: u64,
    /// Receipt check values.
    pub receipts: u64,
    /// Entries of the moderation trail.
    pub audit: u64,
    /// Ended staff sessions.
    pub sessions: u64,
    /// Revoked kiosks.
    pub kiosks: u64,
}

impl Erased {
    /// Whether anything went.
    pub fn any(&self) -> bool {
        self.names + self.receipts + self.audit + self.sessions + self.kiosks > 0
    }
}

/// The retention job's erasure.
#[async_trait]
pub trait Erasure {
    /// Erases what `due` names, in one transaction, and then — where anything went — from
    /// what the database keeps beside its tables (a step that may be finished later if
    /// readers hold it up; the counts are returned either way).
    async fn erase_due(&self, due: &DueErasure) -> Result<Erased, StoreError>;
}
