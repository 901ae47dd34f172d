//! A section edited in the administration (issue 22, item 2): what the editor loads, what it
//! sends, and the rule that makes the next draft from it. A changed text keeps the text it
//! replaces as an earlier version with the office's note — what citizens see beside the
//! diff — so the comments on it stay with the text they were written on. Two staff editing
//! one section: the second save is refused as a conflict ([`changed_between`]) and the
//! editor shows the other's text beside one's own, never a silent overwrite.

use serde::{Deserialize, Serialize};

use crate::strategy::{EarlierVersion, Rendering, SectionKind, Strategy};

/// The most characters of the note on a change (what changed and why).
pub const MAX_NOTE_CHARS: usize = 2_000;

/// What the editor loads (`GET /api/v1/admin/strategy/sections`): the sections of the
/// newest stored version (a draft where one is newer than the published text).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorState {
    /// The stored version the sections come from; an edit names it.
    pub based_on: i64,
    /// Whether that version is the published one (else a draft).
    pub published: bool,
    /// Its sections, in order.
    pub sections: Vec<EditableSection>,
}

impl EditorState {
    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&EditableSection> {
        self.sections.iter().find(|s| s.id == id)
    }
}

/// A section as the editor shows it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditableSection {
    /// Its id (`leitmotiv-2`).
    pub id: String,
    /// Its kind.
    pub kind: SectionKind,
    /// Its number.
    pub number: String,
    /// Its title.
    pub title: String,
    /// Its text, paragraphs separated by blank lines.
    pub text: String,
    /// The version number of its text.
    pub version: u32,
    /// The text citizens read now, where it differs from `text` or the section is not
    /// published yet (`None`: the same as `text`): the editor's diff is against it.
    pub published_text: Option<String>,
    /// The comments linked as having led to this (draft) version, by id.
    #[serde(default)]
    pub causes: Vec<String>,
    /// Its English and Leichte-Sprache forms (empty where it has none).
    #[serde(default)]
    pub renderings: Renderings,
}

/// A section's title and text in English and in Leichte Sprache, as the editor shows and
/// sends them; a form with both empty is none.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renderings {
    /// The English title.
    pub en_title: String,
    /// The English text.
    pub en_text: String,
    /// The title in Leichte Sprache.
    pub easy_title: String,
    /// The text in Leichte Sprache.
    pub easy_text: String,
}

impl Renderings {
    /// The forms `section` has.
    pub fn of(section: &crate::strategy::Section) -> Self {
        let (en_title, en_text) = pair_of(section.en.as_ref());
        let (easy_title, easy_text) = pair_of(section.leichte_sprache.as_ref());
        Self {
            en_title,
            en_text,
            easy_title,
            easy_text,
        }
    }
}

fn pair_of(r: Option<&Rendering>) -> (String, String) {
    r.map(|r| (r.title.clone(), r.text.clone()))
        .unwrap_or_default()
}

/// A form from its title and text: none where both are empty, refused where one is.
fn rendering(title: &str, text: &str) -> Result<Option<Rendering>, EditError> {
    let (title, text) = (title.trim(), normalise(text));
    match (title.is_empty(), text.is_empty()) {
        (true, true) => Ok(None),
        (false, false) => Ok(Some(Rendering {
            title: title.to_owned(),
            text,
        })),
        _ => Err(EditError::HalfRendering),
    }
}

/// An edit of one section (`POST /api/v1/admin/strategy/sections/{id}`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionEdit {
    /// The stored version the editor loaded the section from.
    pub based_on: i64,
    /// The title.
    pub title: String,
    /// The text.
    pub text: String,
    /// What changed and why — shown to citizens beside the diff; needed where the text
    /// changed.
    pub note: String,
    /// The section's English and Leichte-Sprache forms as the editor shows them; `None`
    /// leaves them as they are. Sent unchanged with a changed text, they are left out:
    /// they rendered the old text.
    #[serde(default)]
    pub renderings: Option<Renderings>,
    /// The published comments on this section that led to the change (their ids): when
    /// the version with it is published, each shows that it led to that version. Sent
    /// whole each time (a save replaces the links of the section's draft version).
    #[serde(default)]
    pub causes: Vec<String>,
}

/// The most comments linked to one change.
pub const MAX_CAUSES: usize = 200;

/// A change of the list of sections (`POST /api/v1/admin/strategy/sections`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum SectionsChange {
    /// A new section at the end; its id is made of its kind and number (`ziel-4`).
    Add {
        /// The stored version the editor loaded.
        based_on: i64,
        /// Its kind.
        kind: SectionKind,
        /// Its number ("4", "A.1").
        number: String,
        /// Its title.
        title: String,
        /// Its text.
        text: String,
    },
    /// Removes a section that was never published (comments may refer to a published one).
    Remove {
        /// The stored version the editor loaded.
        based_on: i64,
        /// The section.
        id: String,
    },
    /// Moves a section one place up or down.
    Move {
        /// The stored version the editor loaded.
        based_on: i64,
        /// The section.
        id: String,
        /// Up (towards the start) or down.
        up: bool,
    },
}

impl SectionsChange {
    /// The stored version the editor loaded.
    pub fn based_on(&self) -> i64 {
        match self {
            Self::Add { based_on, .. }
            | Self::Remove { based_on, .. }
            | Self::Move { based_on, .. } => *based_on,
        }
    }
}

/// Why an edit cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// No section with this id in the version.
    UnknownSection,
    /// Title and text as they are.
    Unchanged,
    /// The title or the text is empty, or holds no visible text.
    Empty,
    /// The text changed, and no note says what and why.
    NoteMissing,
    /// The note is longer than [`MAX_NOTE_CHARS`] or holds no visible text.
    BadNote,
    /// A new section's number makes an id that is taken, or none (no letter or digit).
    BadNumber,
    /// The section is published: comments may refer to it, so it stays.
    Published,
    /// The first section cannot move up, nor the last down.
    CannotMove,
    /// Comments are linked to a section whose text is as citizens read it: there is no
    /// new version they could have led to.
    NothingToCredit,
    /// An English or Leichte-Sprache form with a title and no text, or a text and no title.
    HalfRendering,
}

/// Whether the section `id` of `draft` has a text citizens have not read yet (a version
/// newer than in `published`, or a section not published at all).
pub fn ahead_of(draft: &Strategy, published: Option<&Strategy>, id: &str) -> bool {
    let Some(section) = draft.section(id) else {
        return false;
    };
    match published.and_then(|p| p.section(id)) {
        Some(p) => section.version() > p.version(),
        None => true,
    }
}

/// The editor's view of `newest` (stored as version `based_on`, `published` or not), with
/// each section's text as citizens read it in `served` where that differs.
pub fn editor_state(
    newest: &Strategy,
    based_on: i64,
    published: bool,
    served: Option<&Strategy>,
) -> EditorState {
    EditorState {
        based_on,
        published,
        sections: newest
            .sections
            .iter()
            .map(|s| {
                let now = served.and_then(|p| p.section(&s.id));
                EditableSection {
                    id: s.id.clone(),
                    kind: s.kind,
                    number: s.number.clone(),
                    title: s.title.clone(),
                    text: s.text.clone(),
                    version: s.version(),
                    published_text: match now {
                        Some(p) if p.text == s.text => None,
                        Some(p) => Some(p.text.clone()),
                        None => Some(String::new()),
                    },
                    causes: Vec::new(),
                    renderings: Renderings::of(s),
                }
            })
            .collect(),
    }
}

/// Whether the section `id` reads differently (title, text, or its English and
/// Leichte-Sprache forms) in `newer` than in `older`.
pub fn changed_between(older: &Strategy, newer: &Strategy, id: &str) -> bool {
    let of = |s: &Strategy| {
        s.section(id)
            .map(|s| (s.title.clone(), s.text.clone(), Renderings::of(s)))
    };
    of(older) != of(newer)
}

/// `base` with the section `id` edited: a changed text keeps the one it replaces as an
/// earlier version (dated `today`, the note as its reason) and loses its renderings in
/// other languages (they rendered the old text); a changed title alone is no new version.
///
/// A version citizens have not seen is no version to keep: where the section's text in
/// `base` is already newer than in `published` (edited in a draft before), an edit
/// rewrites that draft text and its note, and a text back as published drops it again —
/// so a section edited three times between two publishes goes from version 2 to 3, not 5.
pub fn apply_edit(
    base: &Strategy,
    published: Option<&Strategy>,
    id: &str,
    edit: &SectionEdit,
    today: &str,
) -> Result<Strategy, EditError> {
    let title = edit.title.trim();
    let text = normalise(&edit.text);
    let note = edit.note.trim();
    if !crate::comment::is_publishable_text(title) || !crate::comment::is_publishable_text(&text) {
        return Err(EditError::Empty);
    }
    let mut next = base.clone();
    let section = next
        .sections
        .iter_mut()
        .find(|s| s.id == id)
        .ok_or(EditError::UnknownSection)?;
    // The text compared as citizens read it (paragraphs, spaces): a text sent back as it
    // was loaded is no change, however its file wrapped its lines.
    let text_changed = normalise(&section.text) != text;
    let loaded = Renderings::of(section);
    let renderings = match &edit.renderings {
        Some(r) if *r != loaded => Some((
            rendering(&r.en_title, &r.en_text)?,
            rendering(&r.easy_title, &r.easy_text)?,
        )),
        _ => None,
    };
    if section.title == title && !text_changed && renderings.is_none() {
        return Err(EditError::Unchanged);
    }
    // How many earlier versions citizens have seen (all of them where nothing is
    // published); one more is a draft's own, never read.
    let seen_section = published.and_then(|p| p.section(id));
    let seen = published.map_or(section.earlier.len(), |_| {
        seen_section.map_or(0, |p| p.earlier.len())
    });
    let unseen = (section.earlier.len() > seen).then(|| section.earlier.len() - 1);
    // A section citizens have never read has no versions to keep: its text is rewritten.
    let never_published = published.is_some() && seen_section.is_none();
    let back_as_published =
        unseen.is_some_and(|last| normalise(&section.earlier[last].text) == text);
    if back_as_published {
        if let Some(last) = unseen {
            section.text = section.earlier.remove(last).text;
            // As citizens read it, with the forms they read beside it.
            if let Some(p) = seen_section {
                section.en = p.en.clone();
                section.leichte_sprache = p.leichte_sprache.clone();
            }
        }
    } else if text_changed && never_published {
        section.text = text;
    } else if text_changed {
        if note.is_empty() {
            return Err(EditError::NoteMissing);
        }
        if note.chars().count() > MAX_NOTE_CHARS || !crate::comment::is_publishable_text(note) {
            return Err(EditError::BadNote);
        }
        if let Some(last) = unseen {
            section.text = text;
            section.earlier[last].reason = note.to_owned();
            section.earlier[last].date = Some(today.to_owned());
        } else {
            section.earlier.push(EarlierVersion {
                date: Some(today.to_owned()),
                text: std::mem::replace(&mut section.text, text),
                reason: note.to_owned(),
                reconstructed: false,
            });
        }
        // The forms rendered the text before: left out unless written anew (below).
        section.en = None;
        section.leichte_sprache = None;
    }
    section.title = title.to_owned();
    // Forms written anew are kept, also with a new text; forms sent as they were loaded
    // were left out above where the text changed.
    if let Some((en, easy)) = renderings {
        section.en = en;
        section.leichte_sprache = easy;
    }
    Ok(next)
}

/// The id a section of `kind` numbered `number` gets: `ziel-a-1` for "A.1"; `None` where
/// the number has no letter or digit.
pub fn section_id(kind: SectionKind, number: &str) -> Option<String> {
    let slug = number
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    (!slug.is_empty()).then(|| format!("{}-{slug}", kind.key()))
}

/// `base` with its list of sections changed; `published` is the version citizens read (a
/// section in it is not removed).
pub fn change_sections(
    base: &Strategy,
    change: &SectionsChange,
    published: Option<&Strategy>,
) -> Result<Strategy, EditError> {
    let mut next = base.clone();
    let position = |id: &str| {
        next.sections
            .iter()
            .position(|s| s.id == id)
            .ok_or(EditError::UnknownSection)
    };
    match change {
        SectionsChange::Add {
            kind,
            number,
            title,
            text,
            ..
        } => {
            let (title, text) = (title.trim(), normalise(text));
            if !crate::comment::is_publishable_text(title)
                || !crate::comment::is_publishable_text(&text)
            {
                return Err(EditError::Empty);
            }
            let id = section_id(*kind, number.trim()).ok_or(EditError::BadNumber)?;
            if next.section(&id).is_some() {
                return Err(EditError::BadNumber);
            }
            next.sections.push(crate::strategy::Section {
                id,
                kind: *kind,
                number: number.trim().to_owned(),
                title: title.to_owned(),
                text,
                projects: Vec::new(),
                earlier: Vec::new(),
                en: None,
                leichte_sprache: None,
            });
        }
        SectionsChange::Remove { id, .. } => {
            let at = position(id)?;
            if published.is_some_and(|p| p.section(id).is_some()) {
                return Err(EditError::Published);
            }
            next.sections.remove(at);
        }
        SectionsChange::Move { id, up, .. } => {
            let at = position(id)?;
            let to = if *up { at.checked_sub(1) } else { Some(at + 1) };
            match to {
                Some(to) if to < next.sections.len() => next.sections.swap(at, to),
                _ => return Err(EditError::CannotMove),
            }
        }
    }
    Ok(next)
}

/// The ids of the sections in order.
pub fn outline_of(strategy: &Strategy) -> Vec<&str> {
    strategy.sections.iter().map(|s| s.id.as_str()).collect()
}

/// The text as citizens read it: paragraphs (at blank lines, Windows line ends too) with
/// their runs of white space made one space, separated by one blank line.
fn normalise(text: &str) -> String {
    crate::paragraphs(&text.replace("\r\n", "\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;
