//! The retention job's erasure on PostgreSQL: one transaction, then the tables something
//! went from rewritten as a withdrawal does ([`PgStore::rewrite`]), so the erased values
//! leave the database's files.

use std::sync::atomic::Ordering;

use async_trait::async_trait;
use mitreden_store::erasure::{DueErasure, Erased};
use mitreden_store::{Erasure, StoreError};

use super::{store_error, PgStore};
use crate::rows::erasure::{
    erase_kiosks_sql, erase_sessions_sql, ERASE_NAMES, ERASE_RECEIPTS, ERASE_TRAIL,
};

#[async_trait]
impl Erasure for PgStore {
    async fn erase_due(&self, due: &DueErasure) -> Result<Erased, StoreError> {
        let mut erased = Erased::default();
        let mut tx = self.pool.begin().await.map_err(store_error)?;
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
        erased.sessions = sqlx::query(&erase_sessions_sql('$'))
            .bind(due.sessions_ended_before_ms)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?
            .rows_affected();
        erased.kiosks = sqlx::query(&erase_kiosks_sql('$'))
            .bind(&due.kiosks_revoked_before)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?
            .rows_affected();
        tx.commit().await.map_err(store_error)?;
        // The tables something went from, rewritten; all of them where an earlier rewrite
        // is still pending.
        let tables: Vec<&str> = [
            (erased.names + erased.receipts, "comments"),
            (erased.audit, "moderation_events"),
            (erased.sessions, "sessions"),
            (erased.kiosks, "kiosks"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(_, table)| table)
        .collect();
        if !tables.is_empty() || self.erase_pending.load(Ordering::Relaxed) {
            self.rewrite_after(&tables, "retention").await;
        }
        Ok(erased)
    }
}
