//! The retention job's erasure on SQLite: one transaction, then the WAL emptied as a
//! withdrawal does, so no erased byte stays in the files.

use async_trait::async_trait;
use mitreden_store::erasure::{DueErasure, Erased};
use mitreden_store::{Erasure, StoreError};

use super::{store_error, SqliteStore};
use crate::rows::erasure::{
    erase_kiosks_sql, erase_sessions_sql, ERASE_NAMES, ERASE_RECEIPTS, ERASE_TRAIL,
};

#[async_trait]
impl Erasure for SqliteStore {
    async fn erase_due(&self, due: &DueErasure) -> Result<Erased, StoreError> {
        let mut erased = Erased::default();
        let mut tx = self.write().await?;
        if due.names {
            erased.names = sqlx::query(ERASE_NAMES)
                .execute(&mut *tx)
                .await
                .map_err(store_error)?
                .rows_affected();
        }
        if due.receipts {
            erased.receipts = sqlx::query(ERASE_RECEIPTS)
                .execute(&mut *tx)
                .await
                .map_err(store_error)?
                .rows_affected();
        }
        if due.audit {
            erased.audit = sqlx::query(ERASE_TRAIL)
                .execute(&mut *tx)
                .await
                .map_err(store_error)?
                .rows_affected();
        }
        erased.sessions = sqlx::query(&erase_sessions_sql('?'))
            .bind(due.sessions_ended_before_ms)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?
            .rows_affected();
        erased.kiosks = sqlx::query(&erase_kiosks_sql('?'))
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
