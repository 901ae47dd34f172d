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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// The text is empty, or only white space and invisible characters.
    EmptyText,
    /// The text holds control characters (other than line breaks and tabs) or
    /// direction overrides, which can hide or reorder what readers see.
    TextControlCharacters,
    /// The text is longer than [`MAX_TEXT_CHARS`].
    TextTooLong {
        /// How many characters it has.
        chars: usize,
    },
    /// The name is longer than [`MAX_NAME_CHARS`].
    NameTooLong,
    /// The name holds control characters, line breaks or direction overrides.
    NameControlCharacters,
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
            Rejection::TextControlCharacters => write!(
                f,
                "Der Kommentar enthält Steuerzeichen. Bitte entfernen Sie sie."
            ),
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
            Rejection::NameControlCharacters => write!(
                f,
                "Der Name enthält Zeilenumbrüche oder Steuerzeichen. Bitte entfernen Sie sie."
            ),
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

/// Characters a reader cannot see: zero-width spaces and joiners, the word joiner and its
/// invisible operators, the byte order mark, the soft hyphen, and the directional marks.
/// A text made only of these (and white space) is empty to its readers.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{034f}'
                | '\u{061c}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff0}'..='\u{fff8}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0000}'..='\u{e0fff}'
        )
}

/// Directional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they
/// reorder the text around them, so a comment could show readers something other than
/// what it says ("Trojan Source").
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// What a comment's text may not hold: control characters other than line breaks and
/// tabs, and direction overrides.
fn is_forbidden_in_text(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_bidi_control(c)
}

/// What a name may not hold: any control character (line breaks included) and direction
/// overrides.
fn is_forbidden_in_name(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Checks the citizen's own input (text, name, consent): what the form can tell while
/// typing, before anything is sent.
pub fn check_input(text: &str, name: Option<&str>, consent: bool) -> Result<(), Rejection> {
    let chars = char_count(text);
    if text.chars().all(is_invisible) {
        return Err(Rejection::EmptyText);
    }
    if chars > MAX_TEXT_CHARS {
        return Err(Rejection::TextTooLong { chars });
    }
    if text.chars().any(is_forbidden_in_text) {
        return Err(Rejection::TextControlCharacters);
    }
    if let Some(name) = name {
        if char_count(name) > MAX_NAME_CHARS {
            return Err(Rejection::NameTooLong);
        }
        if name.chars().any(is_forbidden_in_name) {
            return Err(Rejection::NameControlCharacters);
        }
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

/// A UUID in its canonical text form: 8-4-4-4-12 lowercase hex digits, of the RFC 9562
/// variant and a defined version (1 to 8). The nil UUID (all zeros) and the max UUID
/// (all `f`) are no comment's id: they are what a broken generator produces.
pub fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    let canonical = groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, len)| {
            g.len() == len && g.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f'))
        });
    // Canonical means ASCII only, so byte positions are character positions here.
    let b = s.as_bytes();
    canonical && matches!(b[14], b'1'..=b'8') && matches!(b[19], b'8' | b'9' | b'a' | b'b')
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

/// The shape of an RFC 3339 time as browsers write it (`2026-11-22T10:15:00.000Z`,
/// `2026-11-22T11:15:00+01:00`): digits where digits belong, fields in range. It works on
/// bytes and never slices a string, so no input can make it panic. The server parses the
/// time in full on top of this (with chrono, which the wasm bundle need not carry).
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    if !(20..=35).contains(&b.len()) || !b.is_ascii() {
        return false;
    }
    let num = |from: usize, len: usize| -> Option<u32> {
        b.get(from..from + len)?.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let punct = |at: usize, c: u8| b.get(at) == Some(&c);
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        num(0, 4),
        num(5, 2),
        num(8, 2),
        num(11, 2),
        num(14, 2),
        num(17, 2),
    ) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    let fields = punct(4, b'-')
        && punct(7, b'-')
        && matches!(b[10], b'T' | b't')
        && punct(13, b':')
        && punct(16, b':')
        && (1..=days).contains(&day)
        && hour < 24
        && minute < 60
        && second <= 60;
    // Optional fraction, then `Z` or `±hh:mm`.
    let mut at = 19;
    if punct(at, b'.') {
        at += 1;
        let start = at;
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        if at == start {
            return false;
        }
    }
    let zone = match &b[at..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', ..] if b.len() - at == 6 => {
            punct(at + 3, b':')
                && num(at + 1, 2).is_some_and(|h| h < 24)
                && num(at + 4, 2).is_some_and(|m| m < 60)
        }
        _ => false,
    };
    fields && zone
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
    fn a_time_that_only_looks_valid_is_refused_without_a_panic() {
        let s = strategy();
        for bad in [
            // The request that once stopped the server: `ä` straddles byte 19.
            "2026-11-22T10:15:0äx",
            "2026-11-22T10:15:0ää+01:00",
            "2026-99-99T99:99:99Z",
            "2026-ab-cdTef:gh:ijZ",
            "2026-02-29T10:15:00Z",
            "2026-11-22T10:15:00",
            "2026-11-22T10:15:00.Z",
            "2026-11-22T10:15:00+1:00",
            "2026-11-22T10:15:00+24:00",
            "2026-11-22 10:15:00Z",
        ] {
            let mut c = comment();
            c.created_at = bad.into();
            assert_eq!(validate(&c, &s), Err(Rejection::BadTime), "{bad}");
        }
        for good in [
            "2026-11-22T10:15:00Z",
            "2026-11-22T10:15:00.123456789Z",
            "2028-02-29T23:59:59+01:00",
            "2026-11-22T10:15:00-05:30",
        ] {
            let mut c = comment();
            c.created_at = good.into();
            assert_eq!(validate(&c, &s), Ok(()), "{good}");
        }
    }

    #[test]
    fn invisible_texts_and_control_characters_are_refused() {
        let s = strategy();
        let check = |text: &str, name: Option<&str>, want: Rejection| {
            let mut c = comment();
            c.text = text.into();
            c.name = name.map(Into::into);
            assert_eq!(validate(&c, &s), Err(want), "{text:?} {name:?}");
        };
        check(
            "\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}",
            None,
            Rejection::EmptyText,
        );
        check(" \u{00ad}\n\u{202e}", None, Rejection::EmptyText);
        check("Bildung\u{0000}", None, Rejection::TextControlCharacters);
        check(
            "Bildung\u{001b}[31m",
            None,
            Rejection::TextControlCharacters,
        );
        check("abc\u{202e}fed", None, Rejection::TextControlCharacters);
        check("abc\u{2066}x", None, Rejection::TextControlCharacters);
        for name in [
            "Herr\rK.",
            "Herr\nK.",
            "\u{1b}[2J",
            "K\u{0}",
            "\u{202e}nivlek",
            "a\u{2029}b",
        ] {
            check("Bildung", Some(name), Rejection::NameControlCharacters);
        }
        // Line breaks and tabs belong in a comment; letters of any script too.
        let mut c = comment();
        c.text = "Erstens:\r\n\tBildung.\nZweitens: مدرسة 学校 👩‍👩‍👧".into();
        c.name = Some("Zoë Ağaoğlu-Śmiałek".into());
        assert_eq!(validate(&c, &s), Ok(()));
    }

    #[test]
    fn the_nil_and_max_uuids_are_no_ids() {
        assert!(!is_uuid("00000000-0000-0000-0000-000000000000"));
        assert!(!is_uuid("ffffffff-ffff-ffff-ffff-ffffffffffff"));
        assert!(!is_uuid("0b7e3c1a-5f2d-4c8e-1a6b-1d2e3f4a5b6c"), "variant");
        assert!(
            is_uuid("0b7e3c1a-5f2d-7c8e-9a6b-1d2e3f4a5b6c"),
            "v7 is fine"
        );
        assert!(!is_uuid("0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6ä"));
    }

    mod properties {
        use super::{
            check_input, is_receipt_token, is_rfc3339, is_uuid, strategy, uuid_v4, validate,
            NewComment,
        };
        use proptest::prelude::*;

        fn any_comment() -> impl proptest::strategy::Strategy<Value = NewComment> {
            (
                (".*", ".*", any::<u32>(), ".{0,3100}"),
                (
                    proptest::option::of(".*"),
                    proptest::option::of(".*"),
                    any::<bool>(),
                    ".{0,40}",
                    proptest::option::of(".*"),
                ),
            )
                .prop_map(
                    |((id, section_id, section_version, text), (name, d, consent, at, r))| {
                        NewComment {
                            id,
                            section_id,
                            section_version,
                            text,
                            name,
                            self_description: d,
                            consent,
                            created_at: at,
                            receipt_token: r,
                        }
                    },
                )
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            /// Any Unicode in any field: an answer, never a panic.
            #[test]
            fn validate_never_panics(c in any_comment()) {
                let _ = validate(&c, &strategy());
                let _ = check_input(&c.text, c.name.as_deref(), c.consent);
            }

            /// Near-misses of a real time, byte by byte: never a panic, and what the
            /// shape check lets through is a time chrono can read.
            #[test]
            fn time_check_never_panics_and_agrees_with_chrono(
                mut s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})",
                cut in 0usize..40,
                insert in ".{0,3}",
            ) {
                let at = s.char_indices().nth(cut).map_or(s.len(), |(i, _)| i);
                s.insert_str(at, &insert);
                if is_rfc3339(&s) {
                    prop_assert!(chrono::DateTime::parse_from_rfc3339(&s).is_ok(), "{}", s);
                }
            }

            #[test]
            fn ids_and_tokens_never_panic(s in ".*") {
                let _ = is_uuid(&s);
                let _ = is_receipt_token(&s);
                let _ = is_rfc3339(&s);
            }

            /// Whatever the random bytes, the id made of them is accepted.
            #[test]
            fn made_ids_are_ids(bytes in any::<[u8; 16]>()) {
                prop_assert!(is_uuid(&uuid_v4(bytes)));
            }
        }
    }

    #[test]
    fn unknown_fields_are_refused() {
        let json = r#"{"id":"0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c","section_id":"x",
            "section_version":1,"text":"t","consent":true,"created_at":"2026-11-22T10:15:00Z",
            "email":"a@b.c"}"#;
        assert!(serde_json::from_str::<NewComment>(json).is_err());
    }
}
