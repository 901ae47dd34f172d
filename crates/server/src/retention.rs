//! Erasing what the strategy file's `[retention]` says is kept no longer — the promise of
//! `/datenschutz`, kept by the server itself.
//!
//! Once an hour (so at the latest an hour into the due day, also after a restart) it
//! erases, by the published strategy's `participation_ends` and the UTC date:
//! names and self-descriptions of comments (the comments stay), receipt check values (the
//! links stop working), the moderation trail; and, counted from their own end, expired
//! staff sessions and revoked kiosks. What it erased it logs as counts, and then it empties
//! the WAL as a withdrawal does, so that no erased byte stays in the files.

use std::time::Duration;

use mitreden_model::retention::{due, Retention};
use mitreden_model::Strategy;

use crate::db::Db;
use crate::AppError;

/// What one run erased.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Erased {
    /// Comments whose name or self-description went.
    pub names: u64,
    /// Receipt check values.
    pub receipts: u64,
    /// Entries of the moderation trail.
    pub audit: u64,
    /// Expired staff sessions.
    pub sessions: u64,
    /// Revoked kiosks.
    pub kiosks: u64,
}

impl Erased {
    fn any(&self) -> bool {
        self.names + self.receipts + self.audit + self.sessions + self.kiosks > 0
    }
}

/// Erases what is due on `today` (`YYYY-MM-DD`) for `strategy`, at `now_ms` (for the
/// sessions), in one transaction; then empties the WAL if anything went.
pub async fn run(
    db: &Db,
    strategy: &Strategy,
    today: &str,
    now_ms: i64,
) -> Result<Erased, AppError> {
    let Retention {
        names_days,
        receipts_days,
        audit_days,
        sessions_days,
    } = strategy.retention;
    let ended = |days| {
        strategy
            .participation_ends
            .as_deref()
            .is_some_and(|last| due(last, days, today))
    };
    let mut erased = Erased::default();
    let mut tx = db.write.begin().await?;
    if ended(names_days) {
        erased.names = sqlx::query(
            "UPDATE comments SET author_name = NULL, self_description = NULL \
             WHERE author_name IS NOT NULL OR self_description IS NOT NULL",
        )
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    if ended(receipts_days) {
        erased.receipts =
            sqlx::query("UPDATE comments SET receipt_hash = NULL WHERE receipt_hash IS NOT NULL")
                .execute(&mut *tx)
                .await?
                .rows_affected();
    }
    if ended(audit_days) {
        erased.audit = sqlx::query("DELETE FROM moderation_events")
            .execute(&mut *tx)
            .await?
            .rows_affected();
    }
    let kept_ms = i64::from(sessions_days) * 86_400_000;
    erased.sessions = sqlx::query("DELETE FROM sessions WHERE expires_at_ms < ?")
        .bind(now_ms - kept_ms)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let cutoff = chrono::DateTime::from_timestamp_millis(now_ms - kept_ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    erased.kiosks =
        sqlx::query("DELETE FROM kiosks WHERE revoked_at IS NOT NULL AND revoked_at < ?")
            .bind(cutoff)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    tx.commit().await?;
    if erased.any() {
        tracing::info!(
            names = erased.names,
            receipts = erased.receipts,
            audit = erased.audit,
            sessions = erased.sessions,
            kiosks = erased.kiosks,
            "retention: erased what the strategy file keeps no longer"
        );
        db.erase_wal().await?;
    }
    Ok(erased)
}

/// Runs for ever: at start and then every hour, [`run`] for the published strategy.
pub async fn keep_erasing(db: Db, pages: std::sync::Arc<crate::render::Pages>) {
    loop {
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        let today = chrono::DateTime::from_timestamp_millis(now_ms)
            .unwrap_or_default()
            .format("%Y-%m-%d")
            .to_string();
        if let Err(e) = run(&db, &pages.strategy(), &today, now_ms).await {
            tracing::warn!(error = %e, "retention: not erased this hour");
        }
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}
