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

use mitreden_store::erasure::{DueErasure, Erased};
use mitreden_store::Store;

use crate::AppError;

/// Erases what is due on `today` (`YYYY-MM-DD`) for `strategy`, at `now_ms` (for the
/// sessions and kiosks), through the store: one transaction, then the database's files
/// (SQLite's WAL, PostgreSQL's old row versions) if anything went.
pub async fn run(
    store: &dyn Store,
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
    let kept_ms = i64::from(sessions_days) * 86_400_000;
    let erased = store
        .erase_due(&DueErasure {
            names: ended(names_days),
            receipts: ended(receipts_days),
            audit: ended(audit_days),
            sessions_ended_before_ms: now_ms - kept_ms,
            kiosks_revoked_before: chrono::DateTime::from_timestamp_millis(now_ms - kept_ms)
                .unwrap_or_default()
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        })
        .await?;
    if erased.any() {
        tracing::info!(
            names = erased.names,
            receipts = erased.receipts,
            audit = erased.audit,
            sessions = erased.sessions,
            kiosks = erased.kiosks,
            "retention: erased what the strategy file keeps no longer"
        );
    }
    Ok(erased)
}

/// Runs for ever: at start and then every hour, [`run`] for the published strategy.
pub async fn keep_erasing(
    store: std::sync::Arc<dyn Store>,
    pages: std::sync::Arc<crate::render::Pages>,
) {
    loop {
        let now_ms = crate::clock::now_ms();
        let today = crate::clock::date_at(now_ms);
        if let Err(e) = run(&*store, &pages.strategy(), &today, now_ms).await {
            tracing::warn!(error = %e, "retention: not erased this hour");
        }
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}
