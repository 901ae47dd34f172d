//! The shared model of mitreden: what a strategy is, what crosses the wire, and the rules
//! both the browser and the server apply.
//!
//! Plain Rust and serde only, so that the web app (wasm32), the server and the build script
//! agree on one definition and every rule has native unit tests.
//!
//! # Layout
//! - [`strategy`]: the strategy a town puts up for comment — sections, kinds, earlier versions.
//! - [`api`]: the types the REST API sends and receives.
//! - [`comment`]: a citizen's comment and the rules it must meet (both sides).
//! - [`diff`]: word-by-word comparison of two versions of a section.
//! - [`event`]: a participation event with seats by lot (its announcement in the strategy
//!   file), the citizen's application and its rules, receipt codes, the event's states.
//! - [`kiosk`]: a shared device in the town hall — its set-up, its label and idle time, and
//!   what survives the reset between two people.
//! - [`moderation`]: moderation states and the rules for staff input (sign-in, rejection,
//!   official answers).
//! - [`template`]: answer templates staff save and reuse, and their limits.
//! - [`outbox`]: the life of a comment in the browser — draft, queued, sent, received or
//!   rejected — and the retry schedule, as plain types.
//! - `versions`: the strategy's stored versions as the administration lists them, and the
//!   preview of a file against the current version (new, changed, unchanged, removed, and a
//!   changed text without its new version number).
//!   Also a document read into a strategy (`DocumentImport`: the sections found, what was
//!   dropped).
//! - `edit`: a section edited in the administration — what the editor loads and sends, the
//!   next draft made from it (the replaced text kept with the note), sections added, moved
//!   and removed, and when a save is a conflict.
//! - `settings`: the strategy's settings and texts besides its sections (town, title,
//!   invitation, introduction, colour, contact, licence, …) as the administration edits them.
//! - `event_settings`: the participation event as the administration edits it — texts,
//!   terms, attributes with a quota per value; the terms fixed once applications came.
//! - `notify`: "tell me when they answer" without an account — e-mail or push for one
//!   comment's events, the checks of an address and a push subscription.
//! - `retention`: how long names, receipts, the moderation trail and sessions are kept
//!   after the participation ends, and who answers for the data (the privacy page).
//! - `paging`: the public list of a section's comments in pages (cursor, size, order).
//! - `account` (feature `accounts`): staff names (NFKC, no look-alikes) and passwords
//!   (long, not common).
//! - `lottery` (feature `lottery`): the verifiable draw by lot for a participation event.
//! - `qr` (feature `qr`): QR codes as SVG (the kiosk's receipt, the print view's addresses).
//! - `export` (feature `parse`): a strategy written back as a strategy file; import →
//!   export → import gives the same strategy.
//! - `parse` (feature `parse`): reading a strategy file (TOML) with errors that name file,
//!   line and problem.

pub mod api;
pub mod comment;
pub mod diff;
pub mod digest;
pub mod edit;
pub mod event;
pub mod event_settings;
pub mod kiosk;
pub mod moderation;
pub mod notify;
pub mod outbox;
pub mod paging;
pub mod retention;
pub mod settings;
pub mod strategy;
pub mod template;
pub mod versions;

#[cfg(feature = "accounts")]
pub mod account;
#[cfg(feature = "parse")]
pub mod export;
#[cfg(feature = "lottery")]
pub mod lottery;
#[cfg(feature = "parse")]
pub mod parse;
#[cfg(feature = "parse")]
mod parse_event;
#[cfg(feature = "qr")]
pub mod qr;

pub use strategy::{
    Accessibility, Compliance, EarlierVersion, Rendering, RenderingKind, RenderingNotes, Section,
    SectionKind, Strategy,
};

/// A stable, dependency-free fingerprint of a strategy file's bytes (FNV-1a, 64 bit, hex).
///
/// The build script and the server compute it from the same file, so the app and the server
/// can tell whether they speak about the same text. It is not a security hash.
pub fn content_hash(bytes: &[u8]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let hash = bytes
        .iter()
        .fold(OFFSET, |h, b| (h ^ u64::from(*b)).wrapping_mul(PRIME));
    format!("{hash:016x}")
}

/// Splits a text into paragraphs at blank lines, trimming each and dropping empty ones.
///
/// Strategy files are written by hand; an editor separates paragraphs with a blank line, as
/// in Markdown, and the app renders each as its own `<p>`.
pub fn paragraphs(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_is_stable_and_sensitive() {
        assert_eq!(content_hash(b""), "cbf29ce484222325");
        assert_eq!(content_hash(b"a"), "af63dc4c8601ec8c");
        assert_ne!(content_hash(b"Leitmotiv 2"), content_hash(b"Leitmotiv 3"));
    }

    #[test]
    fn paragraphs_split_at_blank_lines_and_fold_line_breaks() {
        let text = "Erster Absatz,\nzweite Zeile.\n\n\n  Zweiter Absatz.  \n\n";
        let got: Vec<_> = paragraphs(text).collect();
        assert_eq!(got, vec!["Erster Absatz, zweite Zeile.", "Zweiter Absatz."]);
    }
}
