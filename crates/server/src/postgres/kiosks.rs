//! Kiosks on PostgreSQL. Re-arming takes the kiosk's row lock (`FOR UPDATE`), so two
//! processes re-arming one kiosk at once both tell truly whether a device was ended.

use async_trait::async_trait;
use mitreden_model::kiosk::{KioskInfo, KioskSummary};
use mitreden_store::{Kiosks, StoreError};

use super::{store_error, PgStore, NOW};
use crate::rows::kiosks::{FoundRow, KioskRow, KIOSK_COLUMNS};

#[async_trait]
impl Kiosks for PgStore {
    async fn add_kiosk(
        &self,
        label: &str,
        idle_seconds: u32,
        setup_hash: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let replaced: Option<bool> = sqlx::query_scalar(
            "SELECT secret_hash IS NOT NULL AND revoked_at IS NULL FROM kiosks \
             WHERE label = $1 FOR UPDATE",
        )
        .bind(label)
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        sqlx::query(&format!(
            "INSERT INTO kiosks (label, idle_seconds, setup_hash, created_at) \
             VALUES ($1, $2, $3, {NOW}) \
             ON CONFLICT (label) DO UPDATE SET idle_seconds = $2, setup_hash = $3, \
             secret_hash = NULL, set_up_at = NULL, revoked_at = NULL, created_at = {NOW}"
        ))
        .bind(label)
        .bind(i64::from(idle_seconds))
        .bind(setup_hash)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(replaced == Some(true))
    }

    async fn revoke_kiosk(&self, label: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(&format!(
            "UPDATE kiosks SET revoked_at = {NOW}, setup_hash = NULL, secret_hash = NULL \
             WHERE label = $1 AND revoked_at IS NULL"
        ))
        .bind(label)
        .execute(&self.pool)
        .await
        .map_err(store_error)?;
        Ok(done.rows_affected() > 0)
    }

    async fn kiosks(&self) -> Result<Vec<KioskSummary>, StoreError> {
        let rows: Vec<KioskRow> = sqlx::query_as(&format!(
            "SELECT {KIOSK_COLUMNS} FROM kiosks ORDER BY created_at DESC, label COLLATE \"C\""
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        Ok(rows.into_iter().map(KioskSummary::from).collect())
    }

    async fn kiosk_by_secret(&self, secret_hash: &str) -> Result<Option<KioskInfo>, StoreError> {
        let row: Option<FoundRow> = sqlx::query_as(
            "SELECT label, idle_seconds FROM kiosks \
             WHERE secret_hash = $1 AND revoked_at IS NULL",
        )
        .bind(secret_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(store_error)?;
        Ok(row.map(KioskInfo::from))
    }

    async fn set_up_kiosk(
        &self,
        setup_hash: &str,
        secret_hash: &str,
    ) -> Result<Option<KioskInfo>, StoreError> {
        let row: Option<FoundRow> = sqlx::query_as(&format!(
            "UPDATE kiosks SET setup_hash = NULL, secret_hash = $2, set_up_at = {NOW} \
             WHERE setup_hash = $1 AND revoked_at IS NULL RETURNING label, idle_seconds"
        ))
        .bind(setup_hash)
        .bind(secret_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(store_error)?;
        Ok(row.map(KioskInfo::from))
    }
}
