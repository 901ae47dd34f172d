//! The retention job's erasure on SQLite: one transaction, then the WAL emptied as a
//! withdrawal does, so no erased byte stays in the files.

use async_trait::async_trait;
use mitreden_store::erasure::{DueErasure, Erased};
use mitreden_store::{Erasure, StoreError};

use super::{store_error, SqliteStore};

#[async_trait]
impl Erasure for SqliteStore {
    async fn erase_due(&self, due: &DueErasure) -> Result<Erased, StoreError> {
        let mut erased = Erased::default();
        let mut tx = self.write().await?;
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
        erased.sessions = sqlx::query("DELETE FROM sessions WHERE expires_at_ms < ?")
            .bind(due.sessions_ended_before_ms)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?
            .rows_affected();
        erased.kiosks =
            sqlx::query("DELETE FROM kiosks WHERE revoked_at IS NOT NULL AND revoked_at < ?")
                .bind(&due.kiosks_revoked_before)
                .execute(&mut *tx)
                .await
                .map_err(store_error)?
                .rows_affected();
        tx.commit().await.map_err(store_error)?;
        // What went is gone from the tables, and the run says so: a WAL held up by readers
        // stays pending for `Db::keep_erasing`, which tries again every few seconds.
        if erased.any() {
            if let Err(e) = self.db.erase_wal().await {
                tracing::warn!(error = %e, "retention: the WAL is emptied a little later");
            }
        }
        Ok(erased)
    }
}
