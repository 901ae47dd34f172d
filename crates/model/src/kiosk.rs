//! A kiosk: a shared touch device in the town hall, set up by staff, used by strangers one
//! after another.
//!
//! Staff create a kiosk (`mitreden-server kiosk add LABEL`), which gives a one-time set-up
//! link; opening it on the device trades the link's token for the kiosk's secret, which the
//! device keeps and sends with every comment ([`KIOSK_HEADER`]). The server marks those
//! comments with the kiosk's label and counts them against the kiosk's own allowance.
//! Between two people the device forgets everything the last one typed but did not send
//! ([`kept_at_reset`]).

use serde::{Deserialize, Serialize};

use crate::outbox::ItemState;

/// The header that carries a kiosk's secret with a comment batch.
pub const KIOSK_HEADER: &str = "x-mitreden-kiosk";
/// The idle time before the warning, if staff give none (seconds).
pub const DEFAULT_IDLE_SECONDS: u32 = 120;
/// The shortest idle time staff may set: the warning alone lasts [`WARNING_SECONDS`].
pub const MIN_IDLE_SECONDS: u32 = 30;
/// The longest idle time staff may set (an hour).
pub const MAX_IDLE_SECONDS: u32 = 3600;
/// How long the warning counts down before the reset (WCAG 2.2.1 asks for at least 20 s).
pub const WARNING_SECONDS: u32 = 30;
/// The longest label.
pub const MAX_LABEL_CHARS: usize = 60;

/// What the device learns when it is set up, and again when it asks who it is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskInfo {
    /// The label staff gave it, e.g. "BürgerBüro Rathaus".
    pub label: String,
    /// Seconds without a touch before the warning.
    pub idle_seconds: u32,
}

/// The device's set-up request: the token from the set-up link.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KioskSetupInput {
    /// The token after `#` in the set-up link.
    pub token: String,
}

/// The answer to a set-up: the kiosk and the secret the device keeps.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskSetup {
    /// Label and idle time.
    #[serde(flatten)]
    pub kiosk: KioskInfo,
    /// Sent with every comment from this device ([`KIOSK_HEADER`]).
    pub secret: String,
}

/// What is kept in the device's storage: the kiosk and its secret (nothing personal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredKiosk {
    /// Label and idle time.
    #[serde(flatten)]
    pub kiosk: KioskInfo,
    /// The device's secret.
    pub secret: String,
}

/// Why a label or idle time is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KioskInputError {
    /// Empty, longer than [`MAX_LABEL_CHARS`], or with control characters.
    BadLabel,
    /// Outside [`MIN_IDLE_SECONDS`]..=[`MAX_IDLE_SECONDS`].
    BadIdle,
}

impl std::fmt::Display for KioskInputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BadLabel => write!(
                f,
                "Die Bezeichnung muss 1 bis {MAX_LABEL_CHARS} Zeichen haben, ohne Steuerzeichen."
            ),
            Self::BadIdle => write!(
                f,
                "Die Wartezeit muss zwischen {MIN_IDLE_SECONDS} und {MAX_IDLE_SECONDS} Sekunden liegen."
            ),
        }
    }
}

impl std::error::Error for KioskInputError {}

/// A kiosk's label and idle time as staff enter them; returns the trimmed label.
pub fn check_kiosk(label: &str, idle_seconds: u32) -> Result<&str, KioskInputError> {
    let label = label.trim();
    let chars = label.chars().count();
    if chars == 0
        || chars > MAX_LABEL_CHARS
        || label.chars().any(crate::comment::is_forbidden_in_name)
    {
        return Err(KioskInputError::BadLabel);
    }
    if !(MIN_IDLE_SECONDS..=MAX_IDLE_SECONDS).contains(&idle_seconds) {
        return Err(KioskInputError::BadIdle);
    }
    Ok(label)
}

/// Whether an item survives the reset between two people on a kiosk: only what was sent
/// off and is not yet at the server (it must arrive, through Wi-Fi loss and reboots).
/// Drafts go, and so does everything the server already has or refused — the next person
/// must not see or withdraw it.
pub fn kept_at_reset(state: &ItemState) -> bool {
    matches!(state, ItemState::Queued | ItemState::Sending)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn labels_and_idle_times() {
        assert_eq!(
            check_kiosk("  BürgerBüro Rathaus ", 120),
            Ok("BürgerBüro Rathaus")
        );
        assert_eq!(check_kiosk("", 120), Err(KioskInputError::BadLabel));
        assert_eq!(check_kiosk("a\nb", 120), Err(KioskInputError::BadLabel));
        assert_eq!(
            check_kiosk("a\u{202e}b", 120),
            Err(KioskInputError::BadLabel)
        );
        assert_eq!(
            check_kiosk(&"ä".repeat(61), 120),
            Err(KioskInputError::BadLabel)
        );
        assert!(check_kiosk(&"ä".repeat(60), 120).is_ok());
        assert_eq!(check_kiosk("a", 29), Err(KioskInputError::BadIdle));
        assert_eq!(check_kiosk("a", 3601), Err(KioskInputError::BadIdle));
    }

    #[test]
    fn only_what_waits_for_the_server_survives_a_reset() {
        assert!(kept_at_reset(&ItemState::Queued));
        assert!(kept_at_reset(&ItemState::Sending));
        for gone in [
            ItemState::Draft,
            ItemState::Received { at: "x".into() },
            ItemState::Rejected { reason: "x".into() },
            ItemState::Withdrawn,
        ] {
            assert!(!kept_at_reset(&gone), "{gone:?}");
        }
    }

    #[test]
    fn the_stored_form_reads_back() {
        let stored = StoredKiosk {
            kiosk: KioskInfo {
                label: "BürgerBüro".into(),
                idle_seconds: 120,
            },
            secret: "s".into(),
        };
        let json = serde_json::to_string(&stored).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"label":"BürgerBüro","idle_seconds":120,"secret":"s"}"#
        );
        assert_eq!(
            serde_json::from_str::<StoredKiosk>(&json).ok(),
            Some(stored)
        );
    }

    proptest! {
        #[test]
        fn any_label_is_judged_without_panic(label in any::<String>(), idle in any::<u32>()) {
            if let Ok(trimmed) = check_kiosk(&label, idle) {
                prop_assert!(trimmed.chars().count() <= MAX_LABEL_CHARS);
                prop_assert!(!trimmed.is_empty());
            }
        }
    }
}
