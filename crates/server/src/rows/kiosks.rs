//! Kiosks as both databases' stores read them, by column name.

use mitreden_model::kiosk::{KioskInfo, KioskSummary, DEFAULT_IDLE_SECONDS};
use sqlx::FromRow;

/// The columns [`KioskRow`] reads.
pub const KIOSK_COLUMNS: &str = "label, idle_seconds, created_at, set_up_at, revoked_at";

/// A kiosk as the list shows it.
#[derive(FromRow)]
pub struct KioskRow {
    label: String,
    idle_seconds: i64,
    created_at: String,
    set_up_at: Option<String>,
    revoked_at: Option<String>,
}

/// Seconds as stored; a value the table's check would not let in counts as the default.
fn idle(seconds: i64) -> u32 {
    u32::try_from(seconds).unwrap_or(DEFAULT_IDLE_SECONDS)
}

impl From<KioskRow> for KioskSummary {
    fn from(r: KioskRow) -> Self {
        KioskSummary {
            label: r.label,
            idle_seconds: idle(r.idle_seconds),
            created_at: r.created_at,
            set_up_at: r.set_up_at,
            revoked_at: r.revoked_at,
        }
    }
}

/// A kiosk as a device learns who it is.
#[derive(FromRow)]
pub struct FoundRow {
    label: String,
    idle_seconds: i64,
}

impl From<FoundRow> for KioskInfo {
    fn from(r: FoundRow) -> Self {
        KioskInfo {
            label: r.label,
            idle_seconds: idle(r.idle_seconds),
        }
    }
}
