//! Writing a strategy back as a strategy file (TOML): the exchange format the office keeps,
//! versions and sends on. What [`crate::parse::parse_strategy`] reads from the file, this
//! writes, so import → export → import gives the same strategy (a property test below).
//!
//! Only what the file says is written: empty optional texts and lists are left out, an
//! event's quotas are written as seats (a share was turned into seats when it was read).

use serde::Serialize;

use crate::event::{Event, EventAttribute, Quota};
use crate::retention::Retention;
use crate::strategy::{Accessibility, EarlierVersion, Rendering, Section, Strategy};

#[derive(Serialize)]
struct File<'a> {
    id: &'a str,
    town: &'a str,
    title: &'a str,
    status: &'a str,
    invitation: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    introduction: &'a str,
    theme_color: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    participation_ends: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    source: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    contact: &'a str,
    licence: &'a str,
    licence_url: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    self_descriptions: &'a [String],
    #[serde(skip_serializing_if = "Notes::is_empty")]
    translation_notes: Notes<'a>,
    #[serde(skip_serializing_if = "str::is_empty")]
    leichte_sprache_page: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    accessibility: Option<FileAccessibility<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<FileEvent<'a>>,
    #[serde(skip_serializing_if = "Retention::is_default")]
    retention: Retention,
    #[serde(skip_serializing_if = "FilePrivacy::is_empty")]
    privacy: FilePrivacy<'a>,
    #[serde(rename = "section")]
    sections: Vec<FileSection<'a>>,
}

#[derive(Serialize)]
struct Notes<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    en: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    leichte_sprache: &'a str,
}

impl Notes<'_> {
    fn is_empty(&self) -> bool {
        self.en.is_empty() && self.leichte_sprache.is_empty()
    }
}

#[derive(Serialize)]
struct FilePrivacy<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    controller: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    officer: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    authority: &'a str,
}

impl FilePrivacy<'_> {
    fn is_empty(&self) -> bool {
        self.controller.is_empty() && self.officer.is_empty() && self.authority.is_empty()
    }
}

#[derive(Serialize)]
struct FileAccessibility<'a> {
    status: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    known_barriers: &'a [String],
    method: &'a str,
    prepared: &'a str,
    reviewed: &'a str,
    contact: &'a str,
    contact_email: &'a str,
    enforcement: &'a str,
    enforcement_name: &'a str,
    enforcement_address: &'a str,
    enforcement_url: &'a str,
}

#[derive(Serialize)]
struct FileEvent<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    text: &'a str,
    date: &'a str,
    place: &'a str,
    seats: u32,
    applications_open: &'a str,
    applications_close: &'a str,
    delete_contacts_after: &'a str,
    public_randomness: &'a str,
    #[serde(rename = "attribute", skip_serializing_if = "<[_]>::is_empty")]
    attributes: &'a [EventAttribute],
    #[serde(rename = "quota", skip_serializing_if = "<[_]>::is_empty")]
    quotas: &'a [Quota],
}

#[derive(Serialize)]
struct FileSection<'a> {
    id: &'a str,
    kind: &'a str,
    number: &'a str,
    title: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    projects: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    en: Option<&'a Rendering>,
    #[serde(skip_serializing_if = "Option::is_none")]
    leichte_sprache: Option<&'a Rendering>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    earlier: Vec<FileEarlier<'a>>,
}

#[derive(Serialize)]
struct FileEarlier<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    text: &'a str,
    reason: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    reconstructed: bool,
}

/// `strategy` as a strategy file.
pub fn to_toml(strategy: &Strategy) -> Result<String, toml::ser::Error> {
    let file = File {
        id: &strategy.id,
        town: &strategy.town,
        title: &strategy.title,
        status: &strategy.status,
        invitation: &strategy.invitation,
        introduction: &strategy.introduction,
        theme_color: &strategy.theme_color,
        participation_ends: strategy.participation_ends.as_deref(),
        source: &strategy.source,
        contact: &strategy.contact,
        licence: &strategy.licence,
        licence_url: &strategy.licence_url,
        self_descriptions: &strategy.self_descriptions,
        translation_notes: Notes {
            en: &strategy.rendering_notes.en,
            leichte_sprache: &strategy.rendering_notes.leichte_sprache,
        },
        leichte_sprache_page: &strategy.leichte_sprache_page,
        accessibility: strategy.accessibility.as_ref().map(accessibility),
        event: strategy.event.as_ref().map(event),
        retention: strategy.retention,
        privacy: FilePrivacy {
            controller: &strategy.privacy.controller,
            officer: &strategy.privacy.officer,
            authority: &strategy.privacy.authority,
        },
        sections: strategy.sections.iter().map(section).collect(),
    };
    toml::to_string_pretty(&file)
}

fn accessibility(a: &Accessibility) -> FileAccessibility<'_> {
    FileAccessibility {
        status: a.status.words(),
        known_barriers: &a.known_barriers,
        method: &a.method,
        prepared: &a.prepared,
        reviewed: &a.reviewed,
        contact: &a.contact,
        contact_email: &a.contact_email,
        enforcement: &a.enforcement,
        enforcement_name: &a.enforcement_name,
        enforcement_address: &a.enforcement_address,
        enforcement_url: &a.enforcement_url,
    }
}

fn event(e: &Event) -> FileEvent<'_> {
    FileEvent {
        id: &e.id,
        title: &e.title,
        text: &e.text,
        date: &e.date,
        place: &e.place,
        seats: e.seats,
        applications_open: &e.applications_open,
        applications_close: &e.applications_close,
        delete_contacts_after: &e.delete_contacts_after,
        public_randomness: &e.public_randomness,
        attributes: &e.attributes,
        quotas: &e.quotas,
    }
}

fn section(s: &Section) -> FileSection<'_> {
    FileSection {
        id: &s.id,
        kind: s.kind.key(),
        number: &s.number,
        title: &s.title,
        text: &s.text,
        projects: &s.projects,
        en: s.en.as_ref(),
        leichte_sprache: s.leichte_sprache.as_ref(),
        earlier: s.earlier.iter().map(earlier).collect(),
    }
}

fn earlier(e: &EarlierVersion) -> FileEarlier<'_> {
    FileEarlier {
        date: e.date.as_deref(),
        text: &e.text,
        reason: &e.reason,
        reconstructed: e.reconstructed,
    }
}

#[cfg(test)]
mod tests {
    use super::to_toml;
    use crate::parse::parse_strategy;
    use crate::strategy::{Rendering, RenderingNotes, Section, SectionKind, Strategy as Town};
    use proptest::prelude::*;

    #[test]
    fn every_town_file_reads_back_the_same() {
        for name in ["sindelfingen", "stutensee", "esslingen"] {
            let path = format!("{}/../../content/{name}.toml", env!("CARGO_MANIFEST_DIR"));
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            let first = parse_strategy(&path, &source).map_err(|e| e.to_string());
            let first = first.unwrap_or_else(|e| panic!("{e}"));
            let exported = to_toml(&first).expect("exports");
            let again = parse_strategy("export", &exported).map_err(|e| e.to_string());
            assert_eq!(again.as_ref(), Ok(&first), "{name}");
            // And the export of the export is the same file.
            let twice = again.map(|s| to_toml(&s).expect("exports"));
            assert_eq!(twice.as_deref(), Ok(exported.as_str()));
        }
    }

    /// A text as the parser keeps it (trimmed, not empty): any printable Unicode, and what
    /// is hard for a TOML writer — line breaks, tabs, quotes, backslashes, `'''` and `"""`
    /// runs, a byte-order mark, DEL, a direction override.
    fn text() -> impl Strategy<Value = String> {
        let hard = r#"[a-zäß "'\\\n\r\t\x{feff}\x{7f}\x{202e}]{1,30}"#;
        let runs = (
            "[a-z\n]{0,5}",
            prop_oneof![
                Just("'''"),
                Just("\"\"\""),
                Just("\\\""),
                Just("\n\n"),
                Just("\r\n")
            ],
            "[a-z\n]{0,5}",
        )
            .prop_map(|(a, b, c)| format!("{a}{b}{c}"));
        prop_oneof![any::<String>(), hard, runs].prop_filter_map("empty once trimmed", |s| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        })
    }

    fn id() -> impl Strategy<Value = String> {
        "[a-z][a-z0-9-]{0,20}"
    }

    fn rendering() -> impl Strategy<Value = Option<Rendering>> {
        proptest::option::of((text(), text()).prop_map(|(title, text)| Rendering { title, text }))
    }

    fn sections() -> impl Strategy<Value = Vec<Section>> {
        proptest::collection::vec(
            (
                0usize..4,
                text(),
                text(),
                text(),
                proptest::collection::vec(text(), 0..3),
                rendering(),
                rendering(),
            ),
            1..4,
        )
        .prop_map(|parts| {
            parts
                .into_iter()
                .enumerate()
                .map(
                    |(i, (kind, number, title, text, projects, en, ls))| Section {
                        id: format!("abschnitt-{i}"),
                        kind: SectionKind::ALL[kind % SectionKind::ALL.len()],
                        number,
                        title,
                        text,
                        projects,
                        earlier: Vec::new(),
                        en,
                        leichte_sprache: ls,
                    },
                )
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any strategy the parser could have read — arbitrary Unicode in every text —
        /// is read back from its export as it was.
        #[test]
        fn import_export_import_is_the_same(
            id in id(),
            (town, title, status, invitation) in (text(), text(), text(), text()),
            introduction in proptest::option::of(text()),
            contact in proptest::option::of(text()),
            self_descriptions in proptest::collection::vec(text(), 0..3),
            sections in sections(),
            (en_note, ls_note) in (text(), text()),
            days in proptest::array::uniform4(0..=crate::retention::MAX_DAYS),
            privacy in proptest::array::uniform3(proptest::option::of(text())),
        ) {
            let uses = |f: fn(&Section) -> bool| sections.iter().any(f);
            let strategy = Town {
                id,
                town,
                title,
                status,
                invitation,
                introduction: introduction.unwrap_or_default(),
                theme_color: "#00558c".into(),
                source: String::new(),
                contact: contact.unwrap_or_default(),
                licence: "CC BY 4.0".into(),
                licence_url: "https://creativecommons.org/licenses/by/4.0/deed.de".into(),
                self_descriptions,
                rendering_notes: RenderingNotes {
                    en: if uses(|s| s.en.is_some()) { en_note } else { String::new() },
                    leichte_sprache: if uses(|s| s.leichte_sprache.is_some()) {
                        ls_note
                    } else {
                        String::new()
                    },
                },
                accessibility: None,
                leichte_sprache_page: String::new(),
                participation_ends: None,
                event: None,
                retention: crate::retention::Retention {
                    names_days: days[0],
                    receipts_days: days[1],
                    audit_days: days[2],
                    sessions_days: days[3],
                },
                privacy: {
                    let [controller, officer, authority] = privacy;
                    crate::retention::Privacy {
                        controller: controller.unwrap_or_default(),
                        officer: officer.unwrap_or_default(),
                        authority: authority.unwrap_or_default(),
                    }
                },
                sections,
            };
            let exported = to_toml(&strategy).map_err(|e| e.to_string());
            prop_assert!(exported.is_ok(), "{:?}", exported);
            let exported = exported.unwrap_or_default();
            let read = parse_strategy("export", &exported).map_err(|e| e.to_string());
            prop_assert_eq!(read, Ok(strategy), "{}", exported);
        }
    }
}
