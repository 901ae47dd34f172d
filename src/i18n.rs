//! Every text the UI shows, per language. German first; English follows later.
//!
//! Components ask [`t`] for the texts of the current locale and never hard-code words, so a
//! second language is one more [`Texts`] value, not a hunt through components.

use leptos::prelude::*;
use mitreden_model::SectionKind;

/// A language the UI speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// German, the default and, for now, the only language.
    #[default]
    De,
}

impl Locale {
    /// The texts of this locale.
    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::De => &DE,
        }
    }
}

/// The texts of the current locale (from context, German where none is provided).
pub fn t() -> &'static Texts {
    use_context::<Locale>().unwrap_or_default().texts()
}

/// All UI texts of one language. Texts with values are functions.
pub struct Texts {
    /// The `lang` attribute of the document.
    pub lang: &'static str,
    /// The product's name, shown in the header.
    pub app_name: &'static str,
    /// The first link on every page, for keyboard and screen-reader users.
    pub skip_link: &'static str,
    /// Label of the main navigation landmark.
    pub nav_label: &'static str,
    /// Link to the start page.
    pub overview: &'static str,
    /// Label before the draft's status.
    pub status_label: &'static str,
    /// Heading of the list of sections on the start page.
    pub sections_heading: &'static str,
    /// Heading of a section's list of concrete projects.
    pub projects_heading: &'static str,
    /// Label of the previous/next navigation.
    pub pager_label: &'static str,
    /// Link to the previous section.
    pub previous: &'static str,
    /// Link to the next section.
    pub next: &'static str,
    /// Heading of the earlier versions of a section.
    pub earlier_heading: &'static str,
    /// Label before the reason for a change.
    pub change_reason: &'static str,
    /// Note on an earlier text that was reconstructed, not archived.
    pub reconstructed_note: &'static str,
    /// Heading of the not-found page.
    pub not_found_heading: &'static str,
    /// Text of the not-found page.
    pub not_found_text: &'static str,
    /// Label before the source of the text, in the footer.
    pub source_label: &'static str,
    /// The privacy promise in the footer.
    pub privacy_note: &'static str,
    /// Shown when JavaScript is off (also in `index.html`).
    pub loading: &'static str,
    /// A kind of section, singular ("Leitmotiv").
    pub kind_one: fn(SectionKind) -> &'static str,
    /// A kind of section, plural ("Leitmotive"), as group heading.
    pub kind_many: fn(SectionKind) -> &'static str,
    /// "Abschnitt 2 von 10".
    pub position: fn(usize, usize) -> String,
    /// Heading of an earlier version: the date it was replaced, or that it is unknown.
    pub earlier_version: fn(Option<&str>) -> String,
}

/// German texts.
pub static DE: Texts = Texts {
    lang: "de",
    app_name: "mitreden",
    skip_link: "Zum Inhalt springen",
    nav_label: "Hauptnavigation",
    overview: "Übersicht",
    status_label: "Stand:",
    sections_heading: "Alle Abschnitte",
    projects_heading: "Konkrete Projekte",
    pager_label: "Weitere Abschnitte",
    previous: "Vorheriger Abschnitt",
    next: "Nächster Abschnitt",
    earlier_heading: "Frühere Fassungen",
    change_reason: "Anlass der Änderung:",
    reconstructed_note: "Diese frühere Fassung ist aus dem veröffentlichten Austausch \
                         rekonstruiert, nicht aus einem archivierten Dokument.",
    not_found_heading: "Seite nicht gefunden",
    not_found_text: "Diesen Abschnitt gibt es in der Strategie nicht. Zur Übersicht \
                     kommen Sie über den Link oben.",
    source_label: "Quelle:",
    privacy_note: "Ohne Konto, ohne Tracking.",
    loading: "Die Strategie wird geladen …",
    kind_one: |kind| match kind {
        SectionKind::Leitmotiv => "Leitmotiv",
        SectionKind::Handlungsfeld => "Handlungsfeld",
        SectionKind::Ziel => "Ziel",
        SectionKind::Thema => "Thema",
    },
    kind_many: |kind| match kind {
        SectionKind::Leitmotiv => "Leitmotive",
        SectionKind::Handlungsfeld => "Handlungsfelder",
        SectionKind::Ziel => "Ziele",
        SectionKind::Thema => "Themen",
    },
    position: |i, n| format!("Abschnitt {i} von {n}"),
    earlier_version: |date| match date {
        Some(date) => format!("Fassung bis {date}"),
        None => "Frühere Fassung (Datum unbekannt)".to_owned(),
    },
};
