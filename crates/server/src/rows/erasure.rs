//! What the retention job erases, as one set of statements both databases' stores run
//! (numbered parameters in the backend's style, `mark`: `?` for SQLite, `$` for
//! PostgreSQL) — so what "the names are erased" means is written once.

/// Names and self-descriptions of comments (the comments stay).
pub const ERASE_NAMES: &str = "UPDATE comments SET author_name = NULL, self_description = NULL \
     WHERE author_name IS NOT NULL OR self_description IS NOT NULL";

/// Receipt check values (the links stop working).
pub const ERASE_RECEIPTS: &str =
    "UPDATE comments SET receipt_hash = NULL WHERE receipt_hash IS NOT NULL";

/// The moderation trail.
pub const ERASE_TRAIL: &str = "DELETE FROM moderation_events";

/// Staff sessions that ended before parameter 1 (milliseconds since 1970).
pub fn erase_sessions_sql(mark: char) -> String {
    format!("DELETE FROM sessions WHERE expires_at_ms < {mark}1")
}

/// Kiosks revoked before parameter 1 (RFC 3339 text, as stored).
pub fn erase_kiosks_sql(mark: char) -> String {
    format!("DELETE FROM kiosks WHERE revoked_at IS NOT NULL AND revoked_at < {mark}1")
}
