//! "Tell me when they answer" (issue 23): a citizen without an account asks to be told what
//! becomes of one comment — by push to this browser, or by e-mail after a confirmation.
//! The types both sides use, the closed sets as enums, and the checks of an address and a
//! push subscription (on `char`s, never sliced by byte).

use serde::{Deserialize, Serialize};

/// How long a confirmation link works, and how long an unconfirmed address is kept (hours).
pub const CONFIRM_HOURS: u32 = 48;
/// The longest e-mail address (RFC 5321: a path of 256 octets, less the brackets).
pub const MAX_ADDRESS_CHARS: usize = 254;
/// The longest local part (before the `@`).
pub const MAX_LOCAL_CHARS: usize = 64;
/// The longest push endpoint URL taken.
pub const MAX_ENDPOINT_CHARS: usize = 2000;

/// How a citizen is told.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotifyKind {
    /// One e-mail per event, after a confirmation.
    Email,
    /// A push message to this browser or installed app.
    Push,
}

impl NotifyKind {
    /// Both, in the order offered.
    pub const ALL: [NotifyKind; 2] = [NotifyKind::Push, NotifyKind::Email];

    /// The stored word.
    pub fn key(self) -> &'static str {
        match self {
            NotifyKind::Email => "email",
            NotifyKind::Push => "push",
        }
    }

    /// The kind for a stored word.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// What happened to the comment that a citizen is told about.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotifyEvent {
    /// It is published.
    Published,
    /// It is refused, with the reason.
    Rejected,
    /// The office answered it.
    Answered,
    /// A new version of its section that it led to is published.
    NewVersion,
}

impl NotifyEvent {
    /// Every event.
    pub const ALL: [NotifyEvent; 4] = [
        NotifyEvent::Published,
        NotifyEvent::Rejected,
        NotifyEvent::Answered,
        NotifyEvent::NewVersion,
    ];

    /// The stored word.
    pub fn key(self) -> &'static str {
        match self {
            NotifyEvent::Published => "published",
            NotifyEvent::Rejected => "rejected",
            NotifyEvent::Answered => "answered",
            NotifyEvent::NewVersion => "new_version",
        }
    }

    /// The event for a stored word.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.key() == key)
    }

    /// Whether the comment's story ends here for its notifications: after it the address is
    /// deleted (a refusal, or the answer — also the one a new version it led to brings: a
    /// comment answered before has no open request left to tell).
    pub fn is_last(self) -> bool {
        matches!(
            self,
            NotifyEvent::Rejected | NotifyEvent::Answered | NotifyEvent::NewVersion
        )
    }
}

/// A browser's push subscription, as `PushSubscription.toJSON()` gives it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushSubscription {
    /// The push service's URL for this browser (https).
    pub endpoint: String,
    /// The browser's public key (P-256, base64url).
    pub p256dh: String,
    /// The shared authentication secret (16 bytes, base64url).
    pub auth: String,
}

/// `POST /api/v1/comments/{id}/notify`: how the citizen wants to be told.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyRequest {
    /// E-mail or push.
    pub kind: NotifyKind,
    /// The address, for e-mail.
    #[serde(default)]
    pub address: Option<String>,
    /// The subscription, for push.
    #[serde(default)]
    pub subscription: Option<PushSubscription>,
    /// Consent to the sentence the form shows (what is sent, when the address is deleted).
    pub consent: bool,
    /// The language of the page it was asked on (`de` or `en`): the mails' language.
    pub language: String,
}

/// The answer to a request to be told.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyAccepted {
    /// The way taken; for e-mail, a confirmation mail is on its way.
    pub kind: NotifyKind,
}

/// Why a request to be told is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotifyRejection {
    /// The consent was not given.
    NoConsent,
    /// The e-mail address is missing or not an address.
    BadAddress,
    /// The push subscription is missing or not one.
    BadSubscription,
    /// Neither German nor English.
    BadLanguage,
}

impl NotifyRejection {
    /// The code the app translates.
    pub fn code(self) -> &'static str {
        match self {
            NotifyRejection::NoConsent => "no_consent",
            NotifyRejection::BadAddress => "bad_address",
            NotifyRejection::BadSubscription => "bad_subscription",
            NotifyRejection::BadLanguage => "bad_language",
        }
    }
}

impl NotifyRequest {
    /// The request checked: the address trimmed with its domain in lower case, or why not.
    pub fn checked(&self) -> Result<Self, NotifyRejection> {
        if !self.consent {
            return Err(NotifyRejection::NoConsent);
        }
        if !matches!(self.language.as_str(), "de" | "en") {
            return Err(NotifyRejection::BadLanguage);
        }
        let mut out = self.clone();
        match self.kind {
            NotifyKind::Email => {
                let address = self.address.as_deref().ok_or(NotifyRejection::BadAddress)?;
                out.address = Some(check_address(address)?);
                out.subscription = None;
            }
            NotifyKind::Push => {
                let s = self
                    .subscription
                    .as_ref()
                    .ok_or(NotifyRejection::BadSubscription)?;
                check_subscription(s)?;
                out.address = None;
            }
        }
        Ok(out)
    }
}

/// An e-mail address as a mail goes to it: trimmed, one `@`, a local part of at most 64
/// and a whole of at most 254 characters, a domain with a dot and no empty label, nothing
/// a header could be split at (no whitespace, control characters, `<>,;:"()[]\`). The
/// domain in lower case (the local part is the receiving server's to read).
pub fn check_address(typed: &str) -> Result<String, NotifyRejection> {
    let address = typed.trim();
    let (local, domain) = address.split_once('@').ok_or(NotifyRejection::BadAddress)?;
    let forbidden = |c: char| c.is_whitespace() || c.is_control() || "<>,;:\"()[]\\@".contains(c);
    let local_chars = local.chars().count();
    let ok = (1..=MAX_LOCAL_CHARS).contains(&local_chars)
        && address.chars().count() <= MAX_ADDRESS_CHARS
        && !local.chars().any(forbidden)
        && !domain.chars().any(forbidden)
        && domain.contains('.')
        && domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
    if ok {
        Ok(format!("{local}@{}", domain.to_lowercase()))
    } else {
        Err(NotifyRejection::BadAddress)
    }
}

/// A push subscription a server may send to: an `https://` endpoint of sensible length
/// without whitespace, keys in base64url of the lengths RFC 8291 gives (65 bytes: 87
/// characters; 16 bytes: 22).
pub fn check_subscription(s: &PushSubscription) -> Result<(), NotifyRejection> {
    let base64url = |v: &str, chars: usize| {
        v.chars().count() == chars
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let endpoint_ok = s.endpoint.starts_with("https://")
        && s.endpoint.chars().count() <= MAX_ENDPOINT_CHARS
        && !s
            .endpoint
            .chars()
            .any(|c| c.is_whitespace() || c.is_control());
    if endpoint_ok && base64url(&s.p256dh, 87) && base64url(&s.auth, 22) {
        Ok(())
    } else {
        Err(NotifyRejection::BadSubscription)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(address: &str) -> NotifyRequest {
        NotifyRequest {
            kind: NotifyKind::Email,
            address: Some(address.into()),
            subscription: None,
            consent: true,
            language: "de".into(),
        }
    }

    #[test]
    fn addresses_are_taken_trimmed_with_the_domain_in_lower_case() {
        assert_eq!(
            check_address("  Erika.Muster@Example.ORG "),
            Ok("Erika.Muster@example.org".into())
        );
        for bad in [
            "",
            "erika",
            "erika@",
            "@example.org",
            "erika@example",
            "erika@example..org",
            "erika@-example.org",
            "eri ka@example.org",
            "erika@example.org\r\nBcc: x@y.z",
            "erika@example.org, fremd@example.org",
            "<erika@example.org>",
            "a@b@example.org",
        ] {
            assert_eq!(
                check_address(bad),
                Err(NotifyRejection::BadAddress),
                "{bad:?}"
            );
        }
        let long_local = format!("{}@example.org", "a".repeat(65));
        assert_eq!(check_address(&long_local), Err(NotifyRejection::BadAddress));
    }

    #[test]
    fn a_request_needs_consent_a_language_and_its_way() {
        assert!(email("erika@example.org").checked().is_ok());
        let mut no = email("erika@example.org");
        no.consent = false;
        assert_eq!(no.checked(), Err(NotifyRejection::NoConsent));
        let mut fr = email("erika@example.org");
        fr.language = "fr".into();
        assert_eq!(fr.checked(), Err(NotifyRejection::BadLanguage));
        let push = NotifyRequest {
            kind: NotifyKind::Push,
            address: Some("erika@example.org".into()),
            subscription: Some(PushSubscription {
                endpoint: "https://push.example.org/abc".into(),
                p256dh: "B".repeat(87),
                auth: "a".repeat(22),
            }),
            consent: true,
            language: "en".into(),
        };
        let checked = push.checked().expect("a push request");
        assert_eq!(checked.address, None, "no address kept for push");
        let mut http = push.clone();
        if let Some(s) = http.subscription.as_mut() {
            s.endpoint = "http://push.example.org/abc".into();
        }
        assert_eq!(http.checked(), Err(NotifyRejection::BadSubscription));
    }

    #[test]
    fn closed_sets_read_back_their_words() {
        for k in NotifyKind::ALL {
            assert_eq!(NotifyKind::from_key(k.key()), Some(k));
        }
        for e in NotifyEvent::ALL {
            assert_eq!(NotifyEvent::from_key(e.key()), Some(e));
        }
        assert!(NotifyEvent::Answered.is_last() && !NotifyEvent::Published.is_last());
    }

    proptest::proptest! {
        /// Any text: taken as an address without a line break or a second recipient in
        /// it, or refused — never a panic.
        #[test]
        fn any_text_is_an_address_or_refused(typed in "\\PC{0,80}|[a-z]{1,8}@[a-zä.-]{1,12}\\.[a-z]{2,4}") {
            if let Ok(address) = check_address(&typed) {
                proptest::prop_assert!(!address.contains(['\r', '\n', ',', ';', '<', '>']));
                proptest::prop_assert_eq!(address.matches('@').count(), 1);
                proptest::prop_assert!(address.chars().count() <= MAX_ADDRESS_CHARS);
            }
        }
    }
}
