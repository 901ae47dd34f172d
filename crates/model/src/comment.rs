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
    /// Leave it out. The app's form has a field that people never see or reach and bots
    /// fill in; a comment that carries it is answered like any other but never shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

impl NewComment {
    /// Whether a bot filled in the form's hidden field ([`NewComment::website`]).
    pub fn is_trapped(&self) -> bool {
        self.website.as_deref().is_some_and(|w| !w.is_empty())
    }
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

/// The field of the comment form a rejection is about: where the focus goes and what is
/// marked invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    /// The comment's text.
    Text,
    /// The name.
    Name,
    /// The self-description.
    SelfDescription,
    /// The consent to the privacy notice.
    Consent,
}

impl Rejection {
    /// The rule as a code that crosses the wire (`ItemResult::code`), so the app can say it
    /// in its own language.
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::EmptyText => "empty_text",
            Rejection::TextControlCharacters => "text_control_characters",
            Rejection::TextTooLong { .. } => "text_too_long",
            Rejection::NameTooLong => "name_too_long",
            Rejection::NameControlCharacters => "name_control_characters",
            Rejection::NoConsent => "no_consent",
            Rejection::UnknownSection => "unknown_section",
            Rejection::UnknownVersion => "unknown_version",
            Rejection::UnknownSelfDescription => "unknown_self_description",
            Rejection::BadId => "bad_id",
            Rejection::BadTime => "bad_time",
            Rejection::BadReceipt => "bad_receipt",
        }
    }

    /// The rejection for a `code`, about the comment `text` (whose length a too-long text's
    /// message names).
    pub fn from_code(code: &str, text: &str) -> Option<Self> {
        Some(match code {
            "empty_text" => Rejection::EmptyText,
            "text_control_characters" => Rejection::TextControlCharacters,
            "text_too_long" => Rejection::TextTooLong {
                chars: char_count(text),
            },
            "name_too_long" => Rejection::NameTooLong,
            "name_control_characters" => Rejection::NameControlCharacters,
            "no_consent" => Rejection::NoConsent,
            "unknown_section" => Rejection::UnknownSection,
            "unknown_version" => Rejection::UnknownVersion,
            "unknown_self_description" => Rejection::UnknownSelfDescription,
            "bad_id" => Rejection::BadId,
            "bad_time" => Rejection::BadTime,
            "bad_receipt" => Rejection::BadReceipt,
            _ => return None,
        })
    }

    /// The form field this rejection is about; the text for what no field can fix (the
    /// citizen rereads the text and sends again).
    pub fn field(&self) -> FormField {
        match self {
            Rejection::NameTooLong | Rejection::NameControlCharacters => FormField::Name,
            Rejection::UnknownSelfDescription => FormField::SelfDescription,
            Rejection::NoConsent => FormField::Consent,
            _ => FormField::Text,
        }
    }
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
/// invisible operators, the byte order mark, the soft hyphen, the directional marks, the
/// blank Braille pattern, tag characters, and combining marks (on nothing they show
/// nothing; on a letter they are part of it, which [`is_empty_to_readers`] allows for).
/// A text made only of these (and white space) is empty to its readers.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || is_combining_mark(c)
        || matches!(
            c,
            '\u{2800}'
                | '\u{00ad}'
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

/// Combining marks of the common blocks (diacritics, their extensions and supplements, for
/// symbols, half marks): nothing of their own to see.
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036f}'
            | '\u{0483}'..='\u{0489}'
            | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}'
            | '\u{fe20}'..='\u{fe2f}'
    )
}

/// Whether `text` shows readers nothing: only invisible characters, white space and marks
/// on nothing.
pub fn is_empty_to_readers(text: &str) -> bool {
    text.chars().all(is_invisible)
}

/// The most combining marks in a row on one letter: a few make a letter (Vietnamese stacks
/// two or three); hundreds make a smear across the page that hides the lines around it.
pub const MAX_MARKS_IN_A_ROW: usize = 8;

/// Whether `text` has more than [`MAX_MARKS_IN_A_ROW`] combining marks in a row.
fn has_mark_pile(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        run = if is_combining_mark(c) { run + 1 } else { 0 };
        if run > MAX_MARKS_IN_A_ROW {
            return true;
        }
    }
    false
}

/// What staff write for the public (answers, reasons, templates) follows the rules of a
/// comment's text: something visible, no control characters other than line breaks and
/// tabs, no direction overrides, no piles of marks — it is published into the pages, the
/// report and the open data's CSV just the same.
pub fn is_publishable_text(text: &str) -> bool {
    !is_empty_to_readers(text) && !text.chars().any(is_forbidden_in_text) && !has_mark_pile(text)
}

/// Likewise for a one-line text (a name, a title): no line breaks either.
pub fn is_publishable_line(text: &str) -> bool {
    !is_empty_to_readers(text) && !text.chars().any(is_forbidden_in_name) && !has_mark_pile(text)
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
pub(crate) fn is_forbidden_in_name(c: char) -> bool {
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
    if text.chars().any(is_forbidden_in_text) || has_mark_pile(text) {
        return Err(Rejection::TextControlCharacters);
    }
    if let Some(name) = name {
        if char_count(name) > MAX_NAME_CHARS {
            return Err(Rejection::NameTooLong);
        }
        // A name that shows nothing but is not empty would stand as an invisible author.
        let invisible = !name.is_empty() && is_empty_to_readers(name);
        if name.chars().any(is_forbidden_in_name) || has_mark_pile(name) || invisible {
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
#[path = "comment_tests.rs"]
mod tests;
