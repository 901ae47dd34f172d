//! The strategy a town puts up for comment.
//!
//! These are the checked, in-memory types. How they are read from a file lives in
//! `parse` (feature `parse`), so that the wasm bundle carries the types but not the parser.

use serde::{Deserialize, Serialize};

/// A town's digitalisation strategy (or a draft of it), as citizens read and comment on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Strategy {
    /// A stable identifier of the strategy, e.g. `sindelfingen-leitmotive`.
    pub id: String,
    /// The town that publishes the strategy.
    pub town: String,
    /// The strategy's title as the town writes it.
    pub title: String,
    /// Where the text stands, e.g. "Entwurf zur Bürgerbeteiligung" or "beschlossen".
    pub status: String,
    /// The town's invitation to take part, shown on the start page.
    pub invitation: String,
    /// Introductory text; paragraphs are separated by blank lines.
    pub introduction: String,
    /// The town's colour (`#rrggbb`), used for the app's accent and, later, the manifest.
    pub theme_color: String,
    /// Where the text comes from (a publication, a web page), shown in the footer.
    pub source: String,
    /// How to take part without the app (the office's postal address, e-mail, phone), as the
    /// town writes it; shown where the comment form cannot work (no JavaScript or
    /// WebAssembly). May be empty.
    pub contact: String,
    /// The licence of the published comments and answers as open data, e.g. `CC BY 4.0`.
    pub licence: String,
    /// Where the licence's text is.
    pub licence_url: String,
    /// How a citizen may describe themself, for the town's figures (optional for them).
    pub self_descriptions: Vec<String>,
    /// Who made the sections' English and Leichte-Sprache renderings; shown with them.
    pub rendering_notes: RenderingNotes,
    /// The accessibility statement (BITV 2.0), where the file gives one.
    pub accessibility: Option<Accessibility>,
    /// A page in Leichte Sprache on what this is and how to take part (a small Markdown:
    /// `#` and `##` headings, `1.` lists, paragraphs; a line ending in two spaces breaks).
    /// Empty where the file has none. Like the renderings' texts, only the prerendered page
    /// has it.
    pub leichte_sprache_page: String,
    /// The last day comments are taken (`YYYY-MM-DD`), where the town names one: the start
    /// page says until when one can take part.
    pub participation_ends: Option<String>,
    /// A participation event with seats by lot, where the town announces one.
    pub event: Option<crate::event::Event>,
    /// How long names, receipts, the moderation trail and sessions are kept (`[retention]`).
    /// Only the server and the rendered privacy page use it: left out of the pages' JSON.
    #[serde(
        default,
        skip_serializing_if = "crate::retention::Retention::is_default"
    )]
    pub retention: crate::retention::Retention,
    /// Who answers for the data (`[privacy]`), for the privacy page.
    #[serde(default, skip_serializing_if = "crate::retention::Privacy::is_empty")]
    pub privacy: crate::retention::Privacy,
    /// The commentable sections, in reading order.
    pub sections: Vec<Section>,
}

/// A section in another form than the town's German: in English, or in Leichte Sprache.
///
/// In the browser bundle only the title is kept (for lists on English pages); the text is
/// in the prerendered pages, so it costs the first load nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendering {
    /// The title in this form.
    pub title: String,
    /// The text in this form; paragraphs separated by blank lines.
    pub text: String,
}

/// The forms a section may have besides the town's German.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RenderingKind {
    /// English.
    En,
    /// German in Leichte Sprache (easy-to-read, by the rules of the Netzwerk Leichte Sprache).
    LeichteSprache,
}

impl RenderingKind {
    /// Every form, in the order pages offer them.
    pub const ALL: [RenderingKind; 2] = [RenderingKind::LeichteSprache, RenderingKind::En];

    /// The `lang` of a passage in this form.
    pub fn lang(self) -> &'static str {
        match self {
            RenderingKind::En => "en",
            RenderingKind::LeichteSprache => "de",
        }
    }
}

/// Who made the renderings, as the strategy file says (e.g. "Übersetzung des Projekts
/// mitreden, kein Text der Stadt").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderingNotes {
    /// Shown with the English renderings.
    pub en: String,
    /// Shown with the Leichte-Sprache renderings.
    pub leichte_sprache: String,
}

impl RenderingNotes {
    /// The note for `kind`.
    pub fn of(&self, kind: RenderingKind) -> &str {
        match kind {
            RenderingKind::En => &self.en,
            RenderingKind::LeichteSprache => &self.leichte_sprache,
        }
    }
}

/// How far the site meets BITV 2.0 / EN 301 549, in the words of the model statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Compliance {
    /// "vollständig vereinbar".
    Full,
    /// "teilweise vereinbar".
    Partial,
    /// "nicht vereinbar".
    None,
}

impl Compliance {
    /// Every state, in the model statement's order.
    pub const ALL: [Compliance; 3] = [Compliance::Full, Compliance::Partial, Compliance::None];

    /// The words of the model statement (and of the strategy file).
    pub fn words(self) -> &'static str {
        match self {
            Compliance::Full => "vollständig vereinbar",
            Compliance::Partial => "teilweise vereinbar",
            Compliance::None => "nicht vereinbar",
        }
    }

    /// The state for the model statement's words.
    pub fn from_words(words: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.words() == words)
    }
}

/// The accessibility statement ("Erklärung zur Barrierefreiheit") the BITV 2.0 asks of a
/// public body, with what the town fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accessibility {
    /// How far the site meets the requirements.
    pub status: Compliance,
    /// What is known not to be accessible, and why.
    pub known_barriers: Vec<String>,
    /// How the statement was made (e.g. a self-assessment and its methods).
    pub method: String,
    /// When it was made (`YYYY-MM-DD`).
    pub prepared: String,
    /// When it was last reviewed (`YYYY-MM-DD`).
    pub reviewed: String,
    /// Whom to tell about a barrier (postal address and how).
    pub contact: String,
    /// The e-mail address for reports of barriers.
    pub contact_email: String,
    /// The enforcement procedure, as the model statement words it.
    pub enforcement: String,
    /// The body that runs it.
    pub enforcement_name: String,
    /// Its postal address.
    pub enforcement_address: String,
    /// Its web page.
    pub enforcement_url: String,
}

impl Strategy {
    /// The section with this id, if the strategy has one.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The position of a section in reading order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.id == id)
    }

    /// The sections before and after the given one in reading order, for next/previous links.
    pub fn neighbours(&self, id: &str) -> (Option<&Section>, Option<&Section>) {
        match self.position(id) {
            Some(i) => (
                i.checked_sub(1).and_then(|p| self.sections.get(p)),
                self.sections.get(i + 1),
            ),
            None => (None, None),
        }
    }

    /// What a page's live parts need of the strategy, for the JSON in the page (the wasm
    /// carries no strategy of its own): every section's id, kind, number and titles (lists
    /// and labels name them), its earlier versions' dates (version numbers), the contact, self-descriptions, end date and event (the comment
    /// form, the event's part) — and the whole text only of `section`, the page's own (its
    /// part shows the changes and the form compares a draft's version with it). Everything
    /// only the rendered page shows is left out: introduction, invitation, source, the
    /// accessibility statement, the page in Leichte Sprache, the renderings' texts.
    ///
    /// English titles only where `english` (the English pages' labels); the Leichte-Sprache
    /// titles nowhere (only the rendered page names them).
    pub fn for_page(&self, section: Option<&str>, english: bool) -> Strategy {
        let title_only = |r: &Option<Rendering>| {
            r.as_ref().filter(|_| english).map(|r| Rendering {
                title: r.title.clone(),
                text: String::new(),
            })
        };
        Strategy {
            status: String::new(),
            invitation: String::new(),
            introduction: String::new(),
            source: String::new(),
            rendering_notes: RenderingNotes::default(),
            accessibility: None,
            leichte_sprache_page: String::new(),
            retention: crate::retention::Retention::default(),
            privacy: crate::retention::Privacy::default(),
            sections: self
                .sections
                .iter()
                .map(|s| {
                    if Some(s.id.as_str()) == section {
                        return Section {
                            en: title_only(&s.en),
                            leichte_sprache: None,
                            ..s.clone()
                        };
                    }
                    Section {
                        text: String::new(),
                        projects: Vec::new(),
                        earlier: s
                            .earlier
                            .iter()
                            .map(|e| EarlierVersion {
                                text: String::new(),
                                reason: String::new(),
                                ..e.clone()
                            })
                            .collect(),
                        en: title_only(&s.en),
                        leichte_sprache: None,
                        ..s.clone()
                    }
                })
                .collect(),
            ..self.clone()
        }
    }

    /// The strategy as JSON for a page's `<script type="application/json">`: fields without
    /// a value (`""`, `[]`, `null`, `false`) left out — the app reads an absent field as
    /// empty, so a page carries only what the strategy says —, and every `<` written as
    /// `\u003c`, so no `</script>` or `<!--` in a text can end the element early.
    pub fn page_json(&self) -> String {
        fn prune(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::Object(map) => {
                    map.retain(|_, v| {
                        !(v.is_null()
                            || v.as_str() == Some("")
                            || v.as_bool() == Some(false)
                            || v.as_array().is_some_and(Vec::is_empty))
                    });
                    map.values_mut().for_each(prune);
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(prune),
                _ => {}
            }
        }
        let mut value = serde_json::to_value(self).unwrap_or_default();
        prune(&mut value);
        value.to_string().replace('<', "\\u003c")
    }

    /// The sections grouped by kind, kinds in their first-appearance order, sections in
    /// reading order within each group. The start page lists them this way.
    pub fn groups(&self) -> Vec<(SectionKind, Vec<&Section>)> {
        let mut groups: Vec<(SectionKind, Vec<&Section>)> = Vec::new();
        for section in &self.sections {
            match groups.iter_mut().find(|(k, _)| *k == section.kind) {
                Some((_, list)) => list.push(section),
                None => groups.push((section.kind, vec![section])),
            }
        }
        groups
    }
}

/// The kinds of section the strategies of German towns use.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// A guiding principle (Leitmotiv), as in Sindelfingen's ten.
    Leitmotiv,
    /// A field of action (Handlungsfeld) with concrete projects, as in Stutensee 4.0.
    Handlungsfeld,
    /// A goal (Ziel) the strategy sets.
    Ziel,
    /// A topic (Thema) put up for discussion, as Esslingen's workshop topics.
    Thema,
}

impl SectionKind {
    /// Every kind, in the order a strategy file's documentation lists them.
    pub const ALL: [SectionKind; 4] = [
        SectionKind::Leitmotiv,
        SectionKind::Handlungsfeld,
        SectionKind::Ziel,
        SectionKind::Thema,
    ];

    /// The name used in strategy files (`kind = "leitmotiv"`).
    pub fn key(self) -> &'static str {
        match self {
            SectionKind::Leitmotiv => "leitmotiv",
            SectionKind::Handlungsfeld => "handlungsfeld",
            SectionKind::Ziel => "ziel",
            SectionKind::Thema => "thema",
        }
    }

    /// The kind for a name used in strategy files.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// One commentable part of the strategy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Stable id used in links and by comments (lowercase letters, digits, hyphens).
    pub id: String,
    /// What kind of section this is.
    pub kind: SectionKind,
    /// The number the town gives it ("2", "A.1"); shown before the title.
    pub number: String,
    /// The section's title.
    pub title: String,
    /// The current text; paragraphs separated by blank lines.
    pub text: String,
    /// Concrete projects (for fields of action); may be empty.
    pub projects: Vec<String>,
    /// Earlier versions of the text, oldest first.
    pub earlier: Vec<EarlierVersion>,
    /// The section in English, where the file gives it.
    pub en: Option<Rendering>,
    /// The section in Leichte Sprache, where the file gives it.
    pub leichte_sprache: Option<Rendering>,
}

impl Section {
    /// The version number of the current text: 1 plus the number of earlier versions.
    ///
    /// A comment records the version it was written against, so a later answer can show
    /// what changed since.
    pub fn version(&self) -> u32 {
        u32::try_from(self.earlier.len()).map_or(u32::MAX, |n| n.saturating_add(1))
    }

    /// The section in the form `kind`, where the file gives it.
    pub fn rendering(&self, kind: RenderingKind) -> Option<&Rendering> {
        match kind {
            RenderingKind::En => self.en.as_ref(),
            RenderingKind::LeichteSprache => self.leichte_sprache.as_ref(),
        }
    }
}

/// An earlier wording of a section and why it was changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierVersion {
    /// The day the wording was replaced (`YYYY-MM-DD`), where known.
    pub date: Option<String>,
    /// The earlier text.
    pub text: String,
    /// Why it was changed, e.g. the citizen's comment that led to it.
    pub reason: String,
    /// True where the earlier text was reconstructed (e.g. from a published exchange) rather
    /// than copied from an archived document; the app says so.
    pub reconstructed: bool,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn section(id: &str, kind: SectionKind) -> Section {
        Section {
            id: id.into(),
            kind,
            number: "1".into(),
            title: "T".into(),
            text: "x".into(),
            projects: vec![],
            earlier: vec![],
            en: None,
            leichte_sprache: None,
        }
    }

    /// A small strategy for tests of this crate.
    pub(crate) fn strategy(sections: Vec<Section>) -> Strategy {
        Strategy {
            id: "s".into(),
            town: "Stadt".into(),
            title: "T".into(),
            status: "Entwurf".into(),
            invitation: "Machen Sie mit".into(),
            introduction: String::new(),
            theme_color: "#000000".into(),
            source: String::new(),
            contact: String::new(),
            licence: String::new(),
            licence_url: String::new(),
            self_descriptions: vec![],
            rendering_notes: RenderingNotes::default(),
            accessibility: None,
            leichte_sprache_page: String::new(),
            participation_ends: None,
            event: None,
            retention: crate::retention::Retention::default(),
            privacy: crate::retention::Privacy::default(),
            sections,
        }
    }

    #[test]
    fn a_pages_strategy_keeps_every_title_and_only_its_own_sections_text() {
        let mut a = section("a", SectionKind::Leitmotiv);
        a.earlier.push(EarlierVersion {
            date: Some("2026-01-01".into()),
            text: "alt".into(),
            reason: "weil".into(),
            reconstructed: false,
        });
        a.en = Some(Rendering {
            title: "A".into(),
            text: "text".into(),
        });
        let mut full = strategy(vec![a, section("b", SectionKind::Leitmotiv)]);
        full.introduction = "Einleitung".into();
        let page = full.for_page(Some("b"), true);
        assert_eq!(page.introduction, "");
        let a = page.section("a").expect("kept");
        assert_eq!((a.title.as_str(), a.text.as_str()), ("T", ""));
        assert_eq!(a.version(), 2, "the version stays right");
        assert_eq!(a.earlier[0].text, "");
        assert_eq!(a.earlier[0].date.as_deref(), Some("2026-01-01"));
        assert_eq!(
            a.en.as_ref().map(|r| (r.title.as_str(), r.text.as_str())),
            Some(("A", ""))
        );
        assert_eq!(
            page.section("b"),
            full.section("b"),
            "the page's own section whole"
        );
        let own = full.for_page(Some("a"), true);
        assert_eq!(
            own.section("a").map(|a| a.earlier[0].text.as_str()),
            Some("alt")
        );
        assert!(full
            .for_page(None, true)
            .sections
            .iter()
            .all(|s| s.text.is_empty()));
        assert_eq!(
            full.for_page(None, false)
                .section("a")
                .and_then(|a| a.en.clone()),
            None
        );
        // As JSON: no empty fields, no `<`.
        full.sections[1].text = "a </script> <!-- b".into();
        let json = full.for_page(Some("b"), false).page_json();
        assert!(json.contains("a \\u003c/script> \\u003c!-- b"), "{json}");
        assert!(
            !json.contains("\"\"") && !json.contains("[]") && !json.contains("null"),
            "{json}"
        );
    }

    #[test]
    fn neighbours_follow_reading_order() {
        let s = strategy(vec![
            section("a", SectionKind::Leitmotiv),
            section("b", SectionKind::Leitmotiv),
            section("c", SectionKind::Ziel),
        ]);
        let ids = |(p, n): (Option<&Section>, Option<&Section>)| {
            (p.map(|x| x.id.clone()), n.map(|x| x.id.clone()))
        };
        assert_eq!(ids(s.neighbours("a")), (None, Some("b".into())));
        assert_eq!(ids(s.neighbours("b")), (Some("a".into()), Some("c".into())));
        assert_eq!(ids(s.neighbours("c")), (Some("b".into()), None));
        assert_eq!(ids(s.neighbours("zzz")), (None, None));
    }

    #[test]
    fn groups_keep_first_appearance_order() {
        let s = strategy(vec![
            section("z1", SectionKind::Ziel),
            section("h1", SectionKind::Handlungsfeld),
            section("z2", SectionKind::Ziel),
        ]);
        let groups: Vec<_> = s
            .groups()
            .into_iter()
            .map(|(k, list)| (k, list.iter().map(|x| x.id.as_str()).collect::<Vec<_>>()))
            .collect();
        assert_eq!(
            groups,
            vec![
                (SectionKind::Ziel, vec!["z1", "z2"]),
                (SectionKind::Handlungsfeld, vec!["h1"]),
            ]
        );
    }

    #[test]
    fn version_counts_earlier_texts() {
        let mut s = section("a", SectionKind::Leitmotiv);
        assert_eq!(s.version(), 1);
        s.earlier.push(EarlierVersion {
            date: None,
            text: "alt".into(),
            reason: "Kommentar".into(),
            reconstructed: true,
        });
        assert_eq!(s.version(), 2);
    }

    #[test]
    fn kind_keys_round_trip() {
        for kind in SectionKind::ALL {
            assert_eq!(SectionKind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(SectionKind::from_key("kapitel"), None);
    }
}
