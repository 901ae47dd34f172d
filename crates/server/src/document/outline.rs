//! What every reader yields — the document's blocks in order and what it dropped — and how
//! they become a strategy beside the current version.
//!
//! The rule for headings, as an office writes a strategy: a paragraph in the "Title" style
//! is the title. Without one, a document whose highest heading level is used exactly once,
//! first, above deeper headings has its title there ("Heading 1" for the title, "Heading 2"
//! for the sections). The sections are the highest level left; deeper headings stay in
//! their section as paragraphs. A section's heading gives its kind and number where it
//! begins with one ("Leitmotiv 2: Vorne dabei", "Ziel 3 – Bildung"); otherwise the
//! sections are numbered in order, of the current version's first kind. Text before the
//! first section is the introduction.

use mitreden_model::parse::MAX_SECTIONS;
use mitreden_model::strategy::{EarlierVersion, Section, SectionKind};
use mitreden_model::versions::{
    DocumentFormat, DocumentImport, DroppedKind, DroppedPart, FoundSection, StrategyUpload,
};
use mitreden_model::Strategy;

/// One block of a document, its text with runs of white space made one space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph in the title style.
    Title(String),
    /// A heading and its level (1 = highest).
    Heading(u8, String),
    /// A paragraph.
    Paragraph(String),
    /// An item of a list.
    Item(String),
}

/// A document as a reader found it.
#[derive(Debug, Default)]
pub struct Outline {
    blocks: Vec<Block>,
    dropped: Vec<DroppedPart>,
    /// The last heading (or title), for where something was dropped.
    near: String,
}

/// The most blocks a document may have: a strategy's sections with plenty of paragraphs.
const MAX_BLOCKS: usize = 100 * MAX_SECTIONS;

impl Outline {
    /// Adds a block (nothing for one without text). Fails past [`MAX_BLOCKS`].
    pub fn push(&mut self, block: Block) -> Result<(), String> {
        let (Block::Title(text)
        | Block::Heading(_, text)
        | Block::Paragraph(text)
        | Block::Item(text)) = &block;
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return Ok(());
        }
        if self.blocks.len() >= MAX_BLOCKS {
            return Err(format!(
                "Das Dokument hat mehr als {MAX_BLOCKS} Absätze und Überschriften; so viel Text \
                 hat keine Strategie."
            ));
        }
        let block = match block {
            Block::Title(_) => {
                self.near.clone_from(&text);
                Block::Title(text)
            }
            Block::Heading(level, _) => {
                self.near.clone_from(&text);
                Block::Heading(level, text)
            }
            Block::Paragraph(_) => Block::Paragraph(text),
            Block::Item(_) => Block::Item(text),
        };
        self.blocks.push(block);
        Ok(())
    }

    /// Notes that something of kind `what` was left out (or kept in another form) here.
    pub fn dropped(&mut self, what: DroppedKind) {
        note(&mut self.dropped, what, &self.near);
    }

    /// The blocks so far.
    #[cfg(test)]
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The last block so far.
    pub fn last_block(&self) -> Option<&Block> {
        self.blocks.last()
    }

    /// The kind of the last thing dropped.
    pub fn dropped_last(&self) -> Option<DroppedKind> {
        self.dropped.last().map(|d| d.what)
    }

    /// What was dropped so far.
    #[cfg(test)]
    pub fn dropped_parts(&self) -> &[DroppedPart] {
        &self.dropped
    }

    /// The strategy this document makes beside `current`: its settings, translations of
    /// unchanged sections, projects and earlier texts kept; a section whose text changed
    /// keeps the current text as an earlier version (dated `today`, its reason naming the
    /// file), so the comments on it stay with the text they were written on.
    pub fn into_strategy(
        self,
        current: &Strategy,
        file_name: &str,
        today: &str,
    ) -> Result<(Strategy, Vec<FoundSection>, Vec<DroppedPart>), String> {
        let Outline {
            blocks,
            mut dropped,
            ..
        } = self;
        let levels: Vec<u8> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(level, _) => Some(*level),
                _ => None,
            })
            .collect();
        let Some(&top) = levels.iter().min() else {
            return Err(format!(
                "{file_name}: Das Dokument hat keine Überschriften. Abschnitte werden aus \
                 Überschriften gebildet: bitte jeden Abschnitt mit der Formatvorlage \
                 „Überschrift 1“ (oder „Überschrift 2“ unter einem Titel) beginnen."
            ));
        };
        let styled_title = blocks.iter().find_map(|b| match b {
            Block::Title(t) => Some(t.clone()),
            _ => None,
        });
        // The highest level used once, as the first heading, above deeper ones: the title.
        let first_heading = blocks.iter().position(|b| matches!(b, Block::Heading(..)));
        let heading_title = (styled_title.is_none()
            && levels.iter().filter(|l| **l == top).count() == 1
            && levels.iter().any(|l| *l > top)
            && matches!(first_heading.map(|i| &blocks[i]), Some(Block::Heading(l, _)) if *l == top))
        .then_some(first_heading)
        .flatten();
        let section_level = match heading_title {
            Some(_) => levels
                .iter()
                .copied()
                .filter(|l| *l > top)
                .min()
                .unwrap_or(top),
            None => top,
        };
        let title = styled_title.or_else(|| {
            heading_title.and_then(|i| match &blocks[i] {
                Block::Heading(_, t) => Some(t.clone()),
                _ => None,
            })
        });

        let default_kind = current
            .sections
            .first()
            .map_or(SectionKind::Thema, |s| s.kind);
        let mut introduction: Vec<String> = Vec::new();
        let mut drafts: Vec<(String, Vec<String>)> = Vec::new();
        // The section heading the blocks come under ("" in the introduction).
        let mut near = String::new();
        for (i, block) in blocks.into_iter().enumerate() {
            if Some(i) == heading_title {
                continue;
            }
            let into = match drafts.last_mut() {
                Some((_, paragraphs)) => paragraphs,
                None => &mut introduction,
            };
            match block {
                Block::Title(_) => {}
                Block::Heading(level, text) if level <= section_level => {
                    near.clone_from(&text);
                    drafts.push((text, Vec::new()));
                }
                Block::Heading(_, text) => {
                    note(&mut dropped, DroppedKind::Subheading, &near);
                    into.push(text);
                }
                Block::Paragraph(text) => into.push(text),
                Block::Item(text) => into.push(format!("– {text}")),
            }
        }
        if drafts.len() > MAX_SECTIONS {
            return Err(format!(
                "{file_name}: Das Dokument hat {} Überschriften der Abschnittsebene; höchstens \
                 {MAX_SECTIONS} Abschnitte sind möglich.",
                drafts.len()
            ));
        }

        let mut sections: Vec<Section> = Vec::with_capacity(drafts.len());
        let mut found = Vec::with_capacity(drafts.len());
        for (index, (heading, paragraphs)) in drafts.into_iter().enumerate() {
            let (kind, number, title) = heading_parts(&heading, index, default_kind);
            let id = mitreden_model::edit::section_id(kind, &number)
                .unwrap_or_else(|| format!("{}-{}", kind.key(), index + 1));
            if let Some(twin) = found.iter().find(|f: &&FoundSection| f.id == id) {
                return Err(format!(
                    "{file_name}: „{heading}“ und „{}“ ergeben denselben Abschnitt ({id}): \
                     bitte die Nummern unterscheiden.",
                    twin.heading
                ));
            }
            if paragraphs.is_empty() {
                return Err(format!(
                    "{file_name}: Unter der Überschrift „{heading}“ steht kein Text."
                ));
            }
            let text = paragraphs.join("\n\n");
            found.push(FoundSection {
                heading: heading.clone(),
                id: id.clone(),
                paragraphs: u32::try_from(paragraphs.len()).unwrap_or(u32::MAX),
            });
            let mut section = Section {
                id,
                kind,
                number,
                title,
                text,
                projects: Vec::new(),
                earlier: Vec::new(),
                en: None,
                leichte_sprache: None,
            };
            if let Some(old) = current.section(&section.id) {
                section.projects.clone_from(&old.projects);
                section.earlier.clone_from(&old.earlier);
                if old.text == section.text {
                    if old.title == section.title {
                        section.en.clone_from(&old.en);
                        section.leichte_sprache.clone_from(&old.leichte_sprache);
                    }
                } else {
                    section.earlier.push(EarlierVersion {
                        date: Some(today.to_owned()),
                        text: old.text.clone(),
                        reason: format!("Neue Fassung aus dem Dokument „{file_name}“."),
                        reconstructed: false,
                    });
                }
                if (old.en.is_some() || old.leichte_sprache.is_some())
                    && section.en.is_none()
                    && section.leichte_sprache.is_none()
                {
                    note(&mut dropped, DroppedKind::OutdatedRendering, &heading);
                }
            }
            sections.push(section);
        }

        let mut strategy = current.clone();
        if let Some(title) = title {
            strategy.title = title;
        }
        if !introduction.is_empty() {
            strategy.introduction = introduction.join("\n\n");
        }
        strategy.sections = sections;
        Ok((strategy, found, dropped))
    }
}

/// Adds `what` at `near` to `dropped`, counting it where the last entry is the same.
fn note(dropped: &mut Vec<DroppedPart>, what: DroppedKind, near: &str) {
    match dropped.last_mut() {
        Some(last) if last.what == what && last.near == near => {
            last.count = last.count.saturating_add(1);
        }
        _ => dropped.push(DroppedPart {
            what,
            near: near.to_owned(),
            count: 1,
        }),
    }
}

/// A section's kind, number and title from its heading: "Leitmotiv 2: Vorne dabei", "Ziel
/// A.1 – Offene Daten", "3. Bildung" (the default kind), or the heading alone (numbered
/// `index + 1`).
fn heading_parts(
    heading: &str,
    index: usize,
    default_kind: SectionKind,
) -> (SectionKind, String, String) {
    const SEPARATORS: &[char] = &[':', '.', '–', '—', '-', ',', ' '];
    let (first, rest) = heading.split_once(' ').unwrap_or((heading, ""));
    let named = SectionKind::ALL.into_iter().find(|k| {
        k.key()
            .eq_ignore_ascii_case(first.trim_end_matches(SEPARATORS))
    });
    let (kind, after_kind) = match named {
        Some(kind) => (kind, rest.trim()),
        None => (default_kind, heading),
    };
    let (number, after_number) = after_kind.split_once(' ').unwrap_or((after_kind, ""));
    let number = number.trim_end_matches(SEPARATORS);
    let is_number = number.chars().any(|c| c.is_ascii_digit())
        && number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.');
    let or_heading = |title: &str| {
        if title.is_empty() {
            heading.to_owned()
        } else {
            title.to_owned()
        }
    };
    if is_number {
        let title = after_number.trim_start_matches(SEPARATORS).trim();
        (kind, number.to_owned(), or_heading(title))
    } else {
        (kind, (index + 1).to_string(), or_heading(after_kind))
    }
}

/// A strategy file read as it is: its sections as found, nothing dropped.
pub fn as_found(
    format: DocumentFormat,
    file_name: &str,
    source: &str,
    strategy: &Strategy,
) -> DocumentImport {
    DocumentImport {
        format,
        upload: StrategyUpload {
            file_name: file_name.to_owned(),
            source: source.to_owned(),
        },
        sections: strategy
            .sections
            .iter()
            .map(|s| FoundSection {
                heading: format!("{} {}: {}", capitalised(s.kind.key()), s.number, s.title),
                id: s.id.clone(),
                paragraphs: u32::try_from(mitreden_model::paragraphs(&s.text).count())
                    .unwrap_or(u32::MAX),
            })
            .collect(),
        dropped: Vec::new(),
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
