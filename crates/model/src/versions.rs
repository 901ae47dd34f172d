//! The strategy's versions as the administration shows them: the stored versions, and the
//! preview of a file before it is stored — which sections are new, changed, unchanged or
//! gone against the current version, and a changed text that forgot its new version number.

use serde::{Deserialize, Serialize};

use crate::strategy::{Section, Strategy};

/// A stored version of the strategy (`GET /api/v1/admin/strategy/versions`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrategyVersion {
    /// 1, 2, … in the order they came.
    pub version: i64,
    /// When it came (UTC).
    pub imported_at: String,
    /// Who put it in: an account's name, or "(Kommandozeile)" / "(Start)".
    pub imported_by: String,
    /// When it was last published; `None` for a draft.
    pub published_at: Option<String>,
    /// Who published it in the administration (`None`: a draft, or published by a
    /// command or at start).
    #[serde(default)]
    pub published_by: Option<String>,
    /// Whether it is the version the server takes comments on.
    pub current: bool,
    /// Its town and title.
    pub town: String,
    /// Its title.
    pub title: String,
    /// How many sections it has.
    pub sections: u32,
}

/// A strategy file sent from the administration (its text, not the file).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyUpload {
    /// The file's name, for messages ("meinestadt.toml:12:3: …").
    pub file_name: String,
    /// The file's text (TOML, as in `content/`).
    pub source: String,
}

/// The largest document the administration reads (an office file with images, which are
/// dropped): the server's body limit, and the browser's check before it sends.
pub const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;

/// A document read into a strategy file (`POST /api/v1/admin/strategy/document`): nothing
/// is stored; the file it became is previewed and stored like an uploaded one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentImport {
    /// What the document was read as.
    pub format: DocumentFormat,
    /// The strategy it became: the current version's settings, translations and earlier
    /// texts, with the document's title, introduction and sections.
    pub upload: StrategyUpload,
    /// The sections found, in order: the heading as written and what it became.
    pub sections: Vec<FoundSection>,
    /// What of the document is not in the strategy, or is in it in another form.
    pub dropped: Vec<DroppedPart>,
}

/// The kinds of document the administration reads.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    /// Word (`.docx`, Office Open XML).
    Docx,
    /// OpenDocument text (`.odt`, LibreOffice and others).
    Odt,
    /// Markdown (`#` headings).
    Markdown,
    /// A strategy file (TOML), as in `content/`.
    Toml,
}

impl DocumentFormat {
    /// Every format.
    pub const ALL: [DocumentFormat; 4] = [
        DocumentFormat::Docx,
        DocumentFormat::Odt,
        DocumentFormat::Markdown,
        DocumentFormat::Toml,
    ];
}

/// A section found in a document.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundSection {
    /// The heading as the document has it ("Leitmotiv 2: Vorne dabei").
    pub heading: String,
    /// The section's id in the strategy (`leitmotiv-2`).
    pub id: String,
    /// Its paragraphs.
    pub paragraphs: u32,
}

/// A part of a document that the strategy does not hold as it was.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroppedPart {
    /// What it was.
    pub what: DroppedKind,
    /// The heading it came under ("" before the first).
    pub near: String,
    /// How many of it there were there.
    pub count: u32,
}

/// What a document may hold that a strategy's text (paragraphs of plain text) does not.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DroppedKind {
    /// A table: left out.
    Table,
    /// An image or drawing: left out.
    Image,
    /// Macros (Word's `vbaProject.bin`, OpenDocument's `Basic/`): left out, never run.
    Macros,
    /// Bold, italic, underlined text: kept as plain text.
    Formatting,
    /// A list: each item kept as a paragraph beginning with "–".
    List,
    /// A heading below the sections' level: kept as a paragraph of its section.
    Subheading,
    /// A footnote or endnote: left out.
    Footnote,
    /// A comment written into the document (a review note): left out.
    Comment,
    /// A table of contents or another index: left out (the app makes its own).
    Contents,
    /// The English or Leichte-Sprache rendering of a section whose German text or title
    /// changed: left out rather than shown beside a text it no longer renders.
    OutdatedRendering,
}

impl DroppedKind {
    /// Every kind.
    pub const ALL: [DroppedKind; 10] = [
        DroppedKind::Table,
        DroppedKind::Image,
        DroppedKind::Macros,
        DroppedKind::Formatting,
        DroppedKind::List,
        DroppedKind::Subheading,
        DroppedKind::Footnote,
        DroppedKind::Comment,
        DroppedKind::Contents,
        DroppedKind::OutdatedRendering,
    ];
}

/// What happens to a section if a file becomes the current version.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionChange {
    /// Not in the current version.
    New,
    /// Its version number is higher (an earlier text kept), or only its title differs.
    Changed,
    /// Its text differs but its version number is the same: the comments written on that
    /// number would seem to be about the new text. The file needs an `[[section.earlier]]`.
    ChangedWithoutVersion,
    /// As in the current version.
    Unchanged,
    /// In the current version, not in the file.
    Removed,
}

impl SectionChange {
    /// Every kind of change.
    pub const ALL: [SectionChange; 5] = [
        SectionChange::New,
        SectionChange::Changed,
        SectionChange::ChangedWithoutVersion,
        SectionChange::Unchanged,
        SectionChange::Removed,
    ];
}

/// One section in a [`StrategyPreview`].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionPreview {
    /// The section's id.
    pub id: String,
    /// Its number, as the town writes it.
    pub number: String,
    /// Its title.
    pub title: String,
    /// Its version number in the file (for a removed one: in the current version).
    pub version: u32,
    /// What changes.
    pub change: SectionChange,
}

/// A file read and compared with the current version, before anything is stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrategyPreview {
    /// The town the file names.
    pub town: String,
    /// Its title.
    pub title: String,
    /// Its sections in reading order, then those it drops.
    pub sections: Vec<SectionPreview>,
    /// Whether a stored version has exactly this file already.
    pub stored_as: Option<i64>,
}

impl StrategyPreview {
    /// Whether the file may be stored: no section changes its text without a new version.
    pub fn can_be_stored(&self) -> bool {
        !self
            .sections
            .iter()
            .any(|s| s.change == SectionChange::ChangedWithoutVersion)
    }
}

/// What a publish would change, for the confirmation
/// (`GET /api/v1/admin/strategy/versions/{version}`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishPreview {
    /// The stored version to publish.
    pub version: i64,
    /// The version citizens read now (the confirmation compares with it; a publish names
    /// it, so a confirmation made stale by another publish is refused).
    pub current: Option<i64>,
    /// Whether it is published already (then it cannot be published again here).
    pub published: bool,
    /// Section by section against the current version.
    pub changes: StrategyPreview,
    /// The comments that will show that they led to a new version.
    pub credits: Vec<Credit>,
}

impl PublishPreview {
    /// The sections citizens will see differently.
    pub fn changed(&self) -> impl Iterator<Item = &SectionPreview> {
        self.changes
            .sections
            .iter()
            .filter(|s| s.change != SectionChange::Unchanged)
    }
}

/// A comment linked as having led to a section's new version.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// The comment's id.
    pub comment_id: String,
    /// The section.
    pub section_id: String,
    /// The section's version that it led to.
    pub version: u32,
}

/// A publish (`POST /api/v1/admin/strategy/versions/{version}/publish`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishInput {
    /// The version that was current when the confirmation was shown.
    pub current: Option<i64>,
}

/// `next` against `current` (none in a database without a version).
pub fn preview(current: Option<&Strategy>, next: &Strategy) -> StrategyPreview {
    let entry = |s: &Section, change| SectionPreview {
        id: s.id.clone(),
        number: s.number.clone(),
        title: s.title.clone(),
        version: s.version(),
        change,
    };
    let mut sections: Vec<SectionPreview> = next
        .sections
        .iter()
        .map(|s| {
            let change = match current.and_then(|c| c.section(&s.id)) {
                None => SectionChange::New,
                Some(old)
                    if old.text == s.text
                        && old.title == s.title
                        && old.version() == s.version() =>
                {
                    SectionChange::Unchanged
                }
                Some(old) if s.version() > old.version() => SectionChange::Changed,
                Some(old) if old.text != s.text => SectionChange::ChangedWithoutVersion,
                // A new title alone does not change what a comment was about.
                Some(_) => SectionChange::Changed,
            };
            entry(s, change)
        })
        .collect();
    if let Some(current) = current {
        sections.extend(
            current
                .sections
                .iter()
                .filter(|s| next.section(&s.id).is_none())
                .map(|s| entry(s, SectionChange::Removed)),
        );
    }
    StrategyPreview {
        town: next.town.clone(),
        title: next.title.clone(),
        sections,
        stored_as: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::tests::{section, strategy};
    use crate::{EarlierVersion, SectionKind};

    fn sample() -> Strategy {
        strategy(vec![
            section("a", SectionKind::Leitmotiv),
            section("b", SectionKind::Leitmotiv),
            section("c", SectionKind::Leitmotiv),
        ])
    }

    #[test]
    fn a_file_is_compared_section_by_section_with_the_current_version() {
        let current = sample();
        let mut next = current.clone();
        // One section changed with its new version, one changed without, one gone, one new.
        let first = current.sections[0].clone();
        next.sections[0].earlier.push(EarlierVersion {
            date: Some("2026-12-06".into()),
            text: first.text.clone(),
            reason: "Ein Kommentar".into(),
            reconstructed: false,
        });
        next.sections[0].text.push_str(" Neu.");
        next.sections[1].text.push_str(" Still geändert.");
        let gone = next.sections.remove(2);
        let mut added = first.clone();
        added.id = "neu".into();
        next.sections.push(added);
        let p = preview(Some(&current), &next);
        let changes: Vec<(&str, SectionChange)> = p
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.change))
            .collect();
        assert_eq!(changes[0], (first.id.as_str(), SectionChange::Changed));
        assert_eq!(p.sections[0].version, first.version() + 1);
        assert_eq!(changes[1].1, SectionChange::ChangedWithoutVersion);
        assert!(changes.contains(&("neu", SectionChange::New)));
        assert_eq!(
            changes.last().copied(),
            Some((gone.id.as_str(), SectionChange::Removed))
        );
        assert!(!p.can_be_stored());
        // With nothing stored yet, every section is new.
        let first_time = preview(None, &current);
        assert!(first_time
            .sections
            .iter()
            .all(|s| s.change == SectionChange::New));
        assert!(first_time.can_be_stored());
        // The same file: nothing changes.
        assert!(preview(Some(&current), &current)
            .sections
            .iter()
            .all(|s| s.change == SectionChange::Unchanged));
    }
}
