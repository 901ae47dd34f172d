//! The office's digest (issue 23): a staff member may ask for an e-mail that counts the
//! comments waiting for moderation, per section, daily or hourly. The address is the staff
//! member's own, shown to them alone; without mail on the server the option is not offered.

use serde::{Deserialize, Serialize};

use crate::notify::{check_address, NotifyRejection};

/// How often the digest comes.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Digest {
    /// None.
    #[default]
    Off,
    /// At most once a day, while something waits.
    Daily,
    /// At most once an hour, while something waits.
    Hourly,
}

impl Digest {
    /// Every choice, in the order offered.
    pub const ALL: [Digest; 3] = [Digest::Off, Digest::Daily, Digest::Hourly];

    /// The stored word.
    pub fn key(self) -> &'static str {
        match self {
            Digest::Off => "off",
            Digest::Daily => "daily",
            Digest::Hourly => "hourly",
        }
    }

    /// The choice for a stored word.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.key() == key)
    }

    /// Hours at least between two digests; none when off.
    pub fn every_hours(self) -> Option<i64> {
        match self {
            Digest::Off => None,
            Digest::Daily => Some(24),
            Digest::Hourly => Some(1),
        }
    }

    /// Whether a digest is due `hours_since` the last one (`None`: never sent). A minute's
    /// slack: the job looks every few minutes, and an hourly digest should not slip to the
    /// next look for want of seconds.
    pub fn is_due(self, hours_since: Option<f64>) -> bool {
        match (self.every_hours(), hours_since) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(every), Some(since)) => {
                since >= f64::from(i32::try_from(every).unwrap_or(i32::MAX)) - 1.0 / 60.0
            }
        }
    }
}

/// A staff member's own digest: `GET` and `PUT /api/v1/admin/me/digest`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestSettings {
    /// Whether this server sends mail (only in the answer: without it the form is not shown).
    #[serde(default)]
    pub offered: bool,
    /// Where it goes; empty for none.
    #[serde(default)]
    pub address: String,
    /// How often.
    pub every: Digest,
}

impl DigestSettings {
    /// The settings to store: the address checked (as a citizen's is) where one is given or
    /// a digest is asked for; empty with "off" forgets it.
    pub fn checked(&self) -> Result<Self, NotifyRejection> {
        let address = if self.address.trim().is_empty() && self.every == Digest::Off {
            String::new()
        } else {
            check_address(&self.address)?
        };
        Ok(Self {
            offered: false,
            address,
            every: self.every,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_digest_is_due_once_its_period_is_over_give_or_take_a_minute() {
        assert!(!Digest::Off.is_due(None));
        assert!(Digest::Daily.is_due(None));
        assert!(!Digest::Daily.is_due(Some(23.5)));
        assert!(Digest::Daily.is_due(Some(23.99)));
        assert!(!Digest::Hourly.is_due(Some(0.9)));
        assert!(Digest::Hourly.is_due(Some(0.985)));
    }

    fn settings(address: &str, every: Digest) -> DigestSettings {
        DigestSettings {
            offered: true,
            address: address.into(),
            every,
        }
    }

    #[test]
    fn a_digest_needs_an_address_and_off_may_forget_it() {
        assert_eq!(
            settings(" Amt@Sindelfingen.DE ", Digest::Daily).checked(),
            Ok(DigestSettings {
                offered: false,
                ..settings("Amt@sindelfingen.de", Digest::Daily)
            })
        );
        assert_eq!(
            settings("", Digest::Hourly).checked(),
            Err(NotifyRejection::BadAddress)
        );
        assert_eq!(
            settings("  ", Digest::Off).checked().map(|s| s.address),
            Ok(String::new())
        );
        assert_eq!(
            settings("kein-at", Digest::Off).checked(),
            Err(NotifyRejection::BadAddress)
        );
    }

    #[test]
    fn the_stored_words_round_trip() {
        for d in Digest::ALL {
            assert_eq!(Digest::from_key(d.key()), Some(d));
        }
        assert_eq!(Digest::from_key("weekly"), None);
        assert_eq!(Digest::Off.every_hours(), None);
        assert_eq!(Digest::Daily.every_hours(), Some(24));
    }

    proptest! {
        #[test]
        fn any_text_is_checked_without_a_panic(address in "\\PC{0,300}", every in 0usize..3) {
            let _ = settings(&address, Digest::ALL[every]).checked();
        }
    }
}
