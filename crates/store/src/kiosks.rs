//! Kiosks, the shared devices in the town hall: what setting one up, recognising it and
//! revoking it ask of the database. Tokens and secrets reach a store only as SHA-256
//! hashes.

use async_trait::async_trait;
use mitreden_model::kiosk::{KioskInfo, KioskSummary};

use crate::StoreError;

/// Kiosks.
#[async_trait]
pub trait Kiosks {
    /// Makes the kiosk `label` with a new set-up link (`setup_hash`), or re-arms it: a new
    /// link, and the secret of the device that was this kiosk ends, and so does an unused
    /// or revoked state. Returns whether a set-up device was this kiosk until now.
    async fn add_kiosk(
        &self,
        label: &str,
        idle_seconds: u32,
        setup_hash: &str,
    ) -> Result<bool, StoreError>;

    /// Revokes the active kiosk `label`: its secret and any unused link end at once.
    /// Whether there was one.
    async fn revoke_kiosk(&self, label: &str) -> Result<bool, StoreError>;

    /// Every kiosk, newest first (by label where two are as new).
    async fn kiosks(&self) -> Result<Vec<KioskSummary>, StoreError>;

    /// The active kiosk whose secret has this hash.
    async fn kiosk_by_secret(&self, secret_hash: &str) -> Result<Option<KioskInfo>, StoreError>;

    /// Trades the unused set-up link `setup_hash` of an active kiosk for the device's
    /// secret (`secret_hash`), once: `None` for a used, revoked or unknown link.
    async fn set_up_kiosk(
        &self,
        setup_hash: &str,
        secret_hash: &str,
    ) -> Result<Option<KioskInfo>, StoreError>;
}
