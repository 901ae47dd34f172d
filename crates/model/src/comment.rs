//! A citizen's comment and the rules it must meet — the same rules in the browser (live
//! character count, the send button) and on the server (which has the last word).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::strategy::Strategy;

/// The most characters a comment's text may have.
pub const MAX_TEXT_CHARS: usize = 3000;
/// The most characters of a name or pseudonym.
pub const MAX_NAME_CHARS: usize = 80;
/// The most comments in one request to `POST /api/v1/comments`.
pub const MAX_BATCH: usize = 50;
/// The largest request body the server reads (bytes): a full batch of full comments fits.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A comment as the browser sends it. The `id` is created in the browser when the citizen
/// starts writing and is the idempotency key of every retry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// A UUID (lowercase, hyphenated), created in the browser.
    pub id: String,
    /// The section the comment is on.
    pub section_id: String,
    /// The version of the section text the citizen read ([`crate::Section::version`]).
    pub section_version: u32,
    /// What the citizen wrote.
    pub text: String,
    /// A name or pseudonym, never required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// How the citizen describes themself, from the strategy's list; never required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_description: Option<String>,
    /// The citizen agreed to the privacy notice (storage, publication after moderation).
    pub consent: bool,
    /// When the citizen created the comment (RFC 3339, the browser's clock).
    pub created_at: String,
    /// A secret the browser made for this comment (hex). The server keeps only its hash;
    /// whoever holds the token can see the comment's state and withdraw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_token: Option<String>,
}

/// Why a comment cannot be accepted, in words the citizen can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// The text is empty or only white space.
    EmptyText,
    /// The text is longer than [`MAX_TEXT_CHARS`].
    TextTooLong {
        /// How many characters it has.
        chars: usize,
    },
    /// The name is longer than [`MAX_NAME_CHARS`].
    NameTooLong,
    /// The privacy notice was not agreed to.
    NoConsent,
    /// The section does not exist in this strategy.
    UnknownSection,
    /// The section version is newer than the server's text.
    UnknownVersion,
    /// The self-description is not one of the strategy's.
    UnknownSelfDescription,
    /// The id is not a UUID.
    BadId,
    /// The creation time is not an RFC 3339 time.
    BadTime,
    /// The receipt token is not 32 to 128 lowercase hex digits.
    BadReceipt,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::EmptyText => write!(f, "Der Kommentar ist leer."),
            Rejection::TextTooLong { chars } => write!(
                f,
                "Der Kommentar ist mit {chars} Zeichen zu lang (höchstens {MAX_TEXT_CHARS})."
            ),
            Rejection::NameTooLong => {
                write!(
                    f,
                    "Der Name ist zu lang (höchstens {MAX_NAME_CHARS} Zeichen)."
                )
            }
            Rejection::NoConsent => {
                write!(f, "Bitte stimmen Sie dem Hinweis zum Datenschutz zu.")
            }
            Rejection::UnknownSection => write!(f, "Diesen Abschnitt gibt es nicht."),
            Rejection::UnknownVersion => {
                write!(
                    f,
                    "Diese Fassung des Abschnitts ist dem Server nicht bekannt."
                )
            }
            Rejection::UnknownSelfDescription => {
                write!(f, "Diese Angabe zur Person ist nicht vorgesehen.")
            }
            Rejection::BadId => write!(f, "Die Kennung des Kommentars ist ungültig."),
            Rejection::BadTime => write!(f, "Die Zeitangabe des Kommentars ist ungültig."),
            Rejection::BadReceipt => write!(f, "Der Beleg des Kommentars ist ungültig."),
        }
    }
}

/// How many characters a text has, as the citizen counts them.
pub fn char_count(text: &str) -> usize {
    text.chars().count()
}

/// Checks the citizen's own input (text, name, consent): what the form can tell while
/// typing, before anything is sent.
pub fn check_input(text: &str, name: Option<&str>, consent: bool) -> Result<(), Rejection> {
    let chars = char_count(text);
    if text.trim().is_empty() {
        return Err(Rejection::EmptyText);
    }
    if chars > MAX_TEXT_CHARS {
        return Err(Rejection::TextTooLong { chars });
    }
    if name.is_some_and(|n| char_count(n) > MAX_NAME_CHARS) {
        return Err(Rejection::NameTooLong);
    }
    if !consent {
        return Err(Rejection::NoConsent);
    }
    Ok(())
}

/// Checks a whole comment against the strategy it is about.
pub fn validate(comment: &NewComment, strategy: &Strategy) -> Result<(), Rejection> {
    if !is_uuid(&comment.id) {
        return Err(Rejection::BadId);
    }
    check_input(&comment.text, comment.name.as_deref(), comment.consent)?;
    let section = strategy
        .section(&comment.section_id)
        .ok_or(Rejection::UnknownSection)?;
    if comment.section_version == 0 || comment.section_version > section.version() {
        return Err(Rejection::UnknownVersion);
    }
    if let Some(d) = &comment.self_description {
        if !strategy.self_descriptions.contains(d) {
            return Err(Rejection::UnknownSelfDescription);
        }
    }
    if !is_rfc3339(&comment.created_at) {
        return Err(Rejection::BadTime);
    }
    if comment
        .receipt_token
        .as_deref()
        .is_some_and(|t| !is_receipt_token(t))
    {
        return Err(Rejection::BadReceipt);
    }
    Ok(())
}

/// A receipt token: 32 to 128 lowercase hex digits (at least 128 random bits).
pub fn is_receipt_token(s: &str) -> bool {
    (32..=128).contains(&s.len()) && s.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f'))
}

/// A UUID in its canonical text form: 8-4-4-4-12 lowercase hex digits.
pub fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')))
}

/// Formats 16 random bytes as a version 4 UUID (RFC 9562).
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// A plausible RFC 3339 time (`2026-11-22T10:15:00.000Z`); the server stores it as given.
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b.len() <= 35
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && (s.ends_with('Z') || s[19..].contains(['+', '-']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::{EarlierVersion, Section, SectionKind};

    fn strategy() -> Strategy {
        let mut s = crate::strategy::tests::strategy(vec![Section {
            id: "leitmotiv-2".into(),
            kind: SectionKind::Leitmotiv,
            number: "2".into(),
            title: "Vorne dabei".into(),
            text: "Text".into(),
            projects: vec![],
            earlier: vec![EarlierVersion {
                date: None,
                text: "alt".into(),
                reason: "Kommentar".into(),
                reconstructed: true,
            }],
        }]);
        s.self_descriptions = vec!["Wirtschaft".into()];
        s
    }

    pub(crate) fn comment() -> NewComment {
        NewComment {
            id: "0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c".into(),
            section_id: "leitmotiv-2".into(),
            section_version: 2,
            text: "Bildung fehlt.".into(),
            name: None,
            self_description: None,
            consent: true,
            created_at: "2026-11-22T10:15:00.000Z".into(),
            receipt_token: Some("0123456789abcdef0123456789abcdef".into()),
        }
    }

    #[test]
    fn a_good_comment_passes() {
        assert_eq!(validate(&comment(), &strategy()), Ok(()));
        let mut c = comment();
        c.name = Some("Herr K.".into());
        c.self_description = Some("Wirtschaft".into());
        c.section_version = 1;
        assert_eq!(validate(&c, &strategy()), Ok(()));
    }

    #[test]
    fn each_rule_rejects_with_its_reason() {
        let s = strategy();
        let check = |f: fn(&mut NewComment), want: Rejection| {
            let mut c = comment();
            f(&mut c);
            assert_eq!(validate(&c, &s), Err(want));
        };
        check(|c| c.text = "  \n ".into(), Rejection::EmptyText);
        check(
            |c| c.text = "ä".repeat(MAX_TEXT_CHARS + 1),
            Rejection::TextTooLong {
                chars: MAX_TEXT_CHARS + 1,
            },
        );
        check(|c| c.name = Some("n".repeat(81)), Rejection::NameTooLong);
        check(|c| c.consent = false, Rejection::NoConsent);
        check(
            |c| c.section_id = "leitmotiv-99".into(),
            Rejection::UnknownSection,
        );
        check(|c| c.section_version = 3, Rejection::UnknownVersion);
        check(|c| c.section_version = 0, Rejection::UnknownVersion);
        check(
            |c| c.self_description = Some("Marsmensch".into()),
            Rejection::UnknownSelfDescription,
        );
        check(|c| c.id = "nicht-eine-uuid".into(), Rejection::BadId);
        check(|c| c.id = c.id.to_uppercase(), Rejection::BadId);
        check(|c| c.created_at = "gestern".into(), Rejection::BadTime);
        check(
            |c| c.receipt_token = Some("kurz".into()),
            Rejection::BadReceipt,
        );
    }

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        let mut c = comment();
        c.text = "ü".repeat(MAX_TEXT_CHARS);
        assert_eq!(validate(&c, &strategy()), Ok(()));
        assert!(Rejection::TextTooLong { chars: 3001 }
            .to_string()
            .contains("3001 Zeichen"));
    }

    #[test]
    fn uuids_from_random_bytes_are_valid_v4() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert!(is_uuid(&id));
        assert!(is_uuid(&uuid_v4([0; 16])));
    }

    #[test]
    fn unknown_fields_are_refused() {
        let json = r#"{"id":"0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c","section_id":"x",
            "section_version":1,"text":"t","consent":true,"created_at":"2026-11-22T10:15:00Z",
            "email":"a@b.c"}"#;
        assert!(serde_json::from_str::<NewComment>(json).is_err());
    }
}
