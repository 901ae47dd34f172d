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

/// A kiosk as staff see it in the administration.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskSummary {
    /// The label.
    pub label: String,
    /// Seconds without a touch before the warning.
    pub idle_seconds: u32,
    /// When it was created (or given a new set-up link).
    pub created_at: String,
    /// When the device was set up; none while the link is unused.
    pub set_up_at: Option<String>,
    /// When it was revoked.
    pub revoked_at: Option<String>,
}

/// A new kiosk, as staff enter it in the administration.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewKiosk {
    /// The label, e.g. "BürgerBüro Rathaus".
    pub label: String,
    /// Seconds without a touch before the warning ([`MIN_IDLE_SECONDS`] to
    /// [`MAX_IDLE_SECONDS`]; default [`DEFAULT_IDLE_SECONDS`]).
    #[serde(default = "default_idle")]
    pub idle_seconds: u32,
}

fn default_idle() -> u32 {
    DEFAULT_IDLE_SECONDS
}

/// Which kiosk to revoke.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KioskLabel {
    /// The kiosk's label.
    pub label: String,
}

/// A kiosk's one-time set-up link.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupLink {
    /// [`SETUP_PATH`] and `#` and the token, to open once on the device.
    pub path: String,
    /// A device was set up as this kiosk until now: it is no kiosk any more.
    #[serde(default)]
    pub replaced: bool,
}

/// Where a set-up link leads: the administration's bundle sets the device up.
pub const SETUP_PATH: &str = "/verwaltung/kiosk";

/// What is kept in the device's storage: the kiosk and its secret (nothing personal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKiosk {
    /// Label and idle time.
    pub kiosk: KioskInfo,
    /// The device's secret.
    pub secret: String,
}

impl StoredKiosk {
    /// The stored form, one line: `1 TAB idle TAB secret TAB label` (labels hold no control
    /// characters, so no tabs). Written by hand rather than by serde: every
    /// citizen's bundle reads it on every page, and serde's derived code costs ~1 KB there.
    pub fn encode(&self) -> String {
        format!(
            "1\t{}\t{}\t{}",
            self.kiosk.idle_seconds, self.secret, self.kiosk.label
        )
    }

    /// Reads [`StoredKiosk::encode`]'s form; anything else is no kiosk.
    pub fn decode(stored: &str) -> Option<Self> {
        let mut fields = stored.splitn(4, '\t');
        let (Some("1"), Some(idle), Some(secret), Some(label)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return None;
        };
        let idle_seconds = idle.parse().ok()?;
        let label = check_kiosk(label, idle_seconds).ok()?.to_owned();
        (!secret.is_empty()).then(|| Self {
            kiosk: KioskInfo {
                label,
                idle_seconds,
            },
            secret: secret.to_owned(),
        })
    }
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
                label: "BürgerBüro Rathaus".into(),
                idle_seconds: 120,
            },
            secret: "s3cr3t".into(),
        };
        assert_eq!(stored.encode(), "1\t120\ts3cr3t\tBürgerBüro Rathaus");
        assert_eq!(StoredKiosk::decode(&stored.encode()), Some(stored));
        for bad in [
            "",
            "1",
            "2\t120\ts\tx",
            "1\tx\ts\tx",
            "1\t120\t\tx",
            "1\t5\ts\tx",
        ] {
            assert_eq!(StoredKiosk::decode(bad), None, "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn any_label_is_judged_without_panic(label in any::<String>(), idle in any::<u32>()) {
            if let Ok(trimmed) = check_kiosk(&label, idle) {
                prop_assert!(trimmed.chars().count() <= MAX_LABEL_CHARS);
                prop_assert!(!trimmed.is_empty());
            }
        }

        #[test]
        fn any_stored_value_is_read_without_panic(stored in any::<String>()) {
            if let Some(kiosk) = StoredKiosk::decode(&stored) {
                prop_assert_eq!(StoredKiosk::decode(&kiosk.encode()), Some(kiosk));
            }
        }
    }
}
