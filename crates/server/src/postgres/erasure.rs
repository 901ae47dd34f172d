//! The retention job's erasure on PostgreSQL: one transaction, then — where names,
//! receipts or the trail went — the tables rewritten as a withdrawal does
//! ([`PgStore::rewrite_erased`]), so the erased values leave the database's files.

use std::sync::atomic::Ordering;

use async_trait::async_trait;
use mitreden_store::erasure::{DueErasure, Erased};
use mitreden_store::{Erasure, StoreError};

use super::{store_error, PgStore};

#[async_trait]
impl Erasure for PgStore {
    async fn erase_due(&self, due: &DueErasure) -> Result<Erased, StoreError> {
        let mut erased = Erased::default();
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        if due.names {
            erased.names = sqlx::query(
                "UPDATE comments SET author_name = NULL, self_description = NULL \
                 WHERE author_name IS NOT NULL OR self_description IS NOT NULL",
            )
            .execute(&mut *tx)
            .await
            .map_err(store_error)?
            .rows_affected();
        }
        if due.receipts {
            erased.receipts = sqlx::query(
                "UPDATE comments SET receipt_hash = NULL WHERE receipt_hash IS NOT NULL",
            )
            .execute(&mut *tx)
            .await
            .map_err(store_error)?
            .rows_affected();
        }
        if due.audit {
            erased.audit = sqlx::query("DELETE FROM moderation_events")
                .execute(&mut *tx)
                .await
                .map_err(store_error)?
                .rows_affected();
        }
        erased.sessions = sqlx::query("DELETE FROM sessions WHERE expires_at_ms < $1")
            .bind(due.sessions_ended_before_ms)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?
            .rows_affected();
        erased.kiosks =
            sqlx::query("DELETE FROM kiosks WHERE revoked_at IS NOT NULL AND revoked_at < $1")
                .bind(&due.kiosks_revoked_before)
                .execute(&mut *tx)
                .await
                .map_err(store_error)?
                .rows_affected();
        tx.commit().await.map_err(store_error)?;
        if erased.names + erased.receipts + erased.audit > 0
            || self.erase_pending.load(Ordering::Relaxed)
        {
            let rewritten = self.rewrite_erased().await;
            self.erase_pending
                .store(rewritten.is_err(), Ordering::Relaxed);
            if let Err(e) = rewritten {
                tracing::warn!(error = %e, "retention: the rewrite is left for the next run");
            }
        }
        Ok(erased)
    }
}
