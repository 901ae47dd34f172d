//! Reading a strategy file (TOML) written by a municipal editor, and turning it into Rust
//! source for the app bundle.
//!
//! Errors name the file, the line and the problem, because the person who reads them edits
//! a text file, not Rust. The format is documented with a full example in the README.

use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::retention::{Privacy, Retention, MAX_DAYS};
use crate::strategy::{
    Accessibility, Compliance, EarlierVersion, Rendering, RenderingNotes, Section, SectionKind,
    Strategy,
};

/// A strategy file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The file as the caller named it.
    pub file: String,
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based column of the problem.
    pub column: usize,
    /// What is wrong, in words an editor can act on.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ParseError {}

/// The file as written, with positions kept for error messages.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStrategy {
    id: Spanned<String>,
    town: Spanned<String>,
    title: Spanned<String>,
    status: Spanned<String>,
    invitation: Spanned<String>,
    introduction: Option<Spanned<String>>,
    theme_color: Spanned<String>,
    source: Option<Spanned<String>>,
    contact: Option<Spanned<String>>,
    licence: Option<Spanned<String>>,
    licence_url: Option<Spanned<String>>,
    #[serde(default)]
    self_descriptions: Vec<Spanned<String>>,
    #[serde(default)]
    translation_notes: RawNotes,
    accessibility: Option<RawAccessibility>,
    leichte_sprache_page: Option<Spanned<String>>,
    participation_ends: Option<Spanned<String>>,
    event: Option<crate::parse_event::RawEvent>,
    retention: Option<RawRetention>,
    privacy: Option<RawPrivacy>,
    #[serde(default, rename = "section")]
    sections: Vec<RawSection>,
}

/// `[retention]`: days, each optional (the default where left out).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRetention {
    names_days: Option<Spanned<i64>>,
    receipts_days: Option<Spanned<i64>>,
    audit_days: Option<Spanned<i64>>,
    sessions_days: Option<Spanned<i64>>,
}

/// `[privacy]`: who answers for the data.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrivacy {
    controller: Option<Spanned<String>>,
    officer: Option<Spanned<String>>,
    authority: Option<Spanned<String>>,
}

/// `translation_notes = { en = "…", leichte_sprache = "…" }`: who made the renderings.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawNotes {
    en: Option<Spanned<String>>,
    leichte_sprache: Option<Spanned<String>>,
}

/// `[section.en]` or `[section.leichte_sprache]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRendering {
    title: Spanned<String>,
    text: Spanned<String>,
}

/// `[accessibility]`: the accessibility statement's facts.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccessibility {
    status: Spanned<String>,
    #[serde(default)]
    known_barriers: Vec<Spanned<String>>,
    method: Spanned<String>,
    prepared: Spanned<String>,
    reviewed: Spanned<String>,
    contact: Spanned<String>,
    contact_email: Spanned<String>,
    enforcement: Spanned<String>,
    enforcement_name: Spanned<String>,
    enforcement_address: Spanned<String>,
    enforcement_url: Spanned<String>,
}

/// Published comments are open data under this licence unless the file names another.
fn default_licence() -> String {
    "CC BY 4.0".to_owned()
}

fn default_licence_url() -> String {
    "https://creativecommons.org/licenses/by/4.0/deed.de".to_owned()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: Spanned<String>,
    kind: Spanned<String>,
    number: Spanned<String>,
    title: Spanned<String>,
    text: Spanned<String>,
    #[serde(default)]
    projects: Vec<Spanned<String>>,
    #[serde(default)]
    earlier: Vec<RawEarlier>,
    en: Option<RawRendering>,
    leichte_sprache: Option<RawRendering>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEarlier {
    date: Option<Spanned<String>>,
    text: Spanned<String>,
    reason: Spanned<String>,
    #[serde(default)]
    reconstructed: bool,
}

/// The largest strategy file read (a whole strategy with renderings is tens of KB; the
/// bound keeps a wrong or hostile file from taking the server's memory).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// The most sections a strategy may have.
pub const MAX_SECTIONS: usize = 500;
/// The longest text of one field, in characters (a section's text, the introduction).
pub const MAX_FIELD_CHARS: usize = 100_000;

/// Reads and checks a strategy file. `file` is only used in error messages.
pub fn parse_strategy(file: &str, source: &str) -> Result<Strategy, ParseError> {
    let at = |span: Range<usize>, message: String| {
        let (line, column) = line_column(source, span.start);
        ParseError {
            file: file.to_owned(),
            line,
            column,
            message,
        }
    };
    if source.len() > MAX_FILE_BYTES {
        return Err(at(
            0..0,
            format!(
                "die Datei hat {} Bytes; eine Strategiedatei darf höchstens {} MB \
                 ({MAX_FILE_BYTES} Bytes) haben",
                source.len(),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let raw: RawStrategy = toml::from_str(source).map_err(|e| {
        at(
            e.span().unwrap_or(0..0),
            e.message().trim_end().replace('\n', " "),
        )
    })?;

    let text = |field: &Spanned<String>, what: &str| -> Result<String, ParseError> {
        let value = field.get_ref().trim();
        if value.is_empty() {
            Err(at(field.span(), format!("{what} ist leer")))
        } else if value.chars().nth(MAX_FIELD_CHARS).is_some() {
            Err(at(
                field.span(),
                format!("{what} ist länger als {MAX_FIELD_CHARS} Zeichen"),
            ))
        } else {
            Ok(value.to_owned())
        }
    };
    if raw.sections.len() > MAX_SECTIONS {
        return Err(at(
            raw.sections[MAX_SECTIONS].id.span(),
            format!(
                "die Strategie hat {} Abschnitte; höchstens {MAX_SECTIONS} sind möglich",
                raw.sections.len()
            ),
        ));
    }
    // A field the file may leave out: trimmed, empty where it is missing, bounded.
    let optional = |field: &Option<Spanned<String>>, what: &str| -> Result<String, ParseError> {
        match field {
            None => Ok(String::new()),
            Some(f) if f.get_ref().chars().nth(MAX_FIELD_CHARS).is_some() => Err(at(
                f.span(),
                format!("{what} ist länger als {MAX_FIELD_CHARS} Zeichen"),
            )),
            Some(f) => Ok(f.get_ref().trim().to_owned()),
        }
    };
    let or_default = |value: String, default: fn() -> String| {
        if value.is_empty() {
            default()
        } else {
            value
        }
    };

    let id = text(&raw.id, "die id der Strategie")?;
    check_id(&raw.id).map_err(|m| at(raw.id.span(), m))?;
    let theme_color = text(&raw.theme_color, "theme_color")?;
    if !is_hex_colour(&theme_color) {
        return Err(at(
            raw.theme_color.span(),
            format!("theme_color \"{theme_color}\" ist keine Farbe der Form #rrggbb"),
        ));
    }
    if raw.sections.is_empty() {
        return Err(at(
            0..0,
            "die Strategie hat keinen Abschnitt ([[section]])".into(),
        ));
    }

    let mut sections: Vec<Section> = Vec::with_capacity(raw.sections.len());
    for raw_section in &raw.sections {
        let section_id = text(&raw_section.id, "die id des Abschnitts")?;
        check_id(&raw_section.id).map_err(|m| at(raw_section.id.span(), m))?;
        if sections.iter().any(|s| s.id == section_id) {
            return Err(at(
                raw_section.id.span(),
                format!("die id \"{section_id}\" kommt doppelt vor; jede id muss eindeutig sein"),
            ));
        }
        let kind = SectionKind::from_key(raw_section.kind.get_ref().trim()).ok_or_else(|| {
            let known: Vec<_> = SectionKind::ALL.iter().map(|k| k.key()).collect();
            at(
                raw_section.kind.span(),
                format!(
                    "unbekannte Art \"{}\" (erlaubt: {})",
                    raw_section.kind.get_ref(),
                    known.join(", ")
                ),
            )
        })?;
        let mut projects = Vec::with_capacity(raw_section.projects.len());
        for project in &raw_section.projects {
            projects.push(text(project, "ein Projekt")?);
        }
        let mut earlier = Vec::with_capacity(raw_section.earlier.len());
        for version in &raw_section.earlier {
            let date = match &version.date {
                Some(d) if !is_iso_date(d.get_ref()) => {
                    return Err(at(
                        d.span(),
                        format!(
                            "das Datum \"{}\" hat nicht die Form JJJJ-MM-TT",
                            d.get_ref()
                        ),
                    ))
                }
                Some(d) => Some(d.get_ref().clone()),
                None => None,
            };
            earlier.push(EarlierVersion {
                date,
                text: text(&version.text, "der Text einer früheren Fassung")?,
                reason: text(&version.reason, "der Anlass einer früheren Fassung")?,
                reconstructed: version.reconstructed,
            });
        }
        let rendering = |raw: &Option<RawRendering>, what: &str| -> Result<_, ParseError> {
            raw.as_ref()
                .map(|r| {
                    Ok(Rendering {
                        title: text(&r.title, &format!("der Titel {what}"))?,
                        text: text(&r.text, &format!("der Text {what}"))?,
                    })
                })
                .transpose()
        };
        sections.push(Section {
            id: section_id,
            kind,
            number: text(&raw_section.number, "die Nummer des Abschnitts")?,
            title: text(&raw_section.title, "der Titel des Abschnitts")?,
            text: text(&raw_section.text, "der Text des Abschnitts")?,
            projects,
            earlier,
            en: rendering(&raw_section.en, "der englischen Fassung")?,
            leichte_sprache: rendering(
                &raw_section.leichte_sprache,
                "der Fassung in Leichter Sprache",
            )?,
        });
    }

    // A rendering says who made it: the town's own text, or someone else's.
    let note = |note: &Option<Spanned<String>>, used: bool, key: &str| match note {
        Some(n) => text(n, &format!("translation_notes.{key}")),
        None if used => Err(at(
            0..0,
            format!(
                "translation_notes.{key} fehlt: Abschnitte haben eine Fassung \"{key}\"; \
                     sagen Sie dort, wer sie gemacht hat"
            ),
        )),
        None => Ok(String::new()),
    };
    let rendering_notes = RenderingNotes {
        en: note(
            &raw.translation_notes.en,
            sections.iter().any(|s| s.en.is_some()),
            "en",
        )?,
        leichte_sprache: note(
            &raw.translation_notes.leichte_sprache,
            sections.iter().any(|s| s.leichte_sprache.is_some()),
            "leichte_sprache",
        )?,
    };
    let accessibility = match &raw.accessibility {
        None => None,
        Some(a) => {
            let status = Compliance::from_words(a.status.get_ref().trim()).ok_or_else(|| {
                let known: Vec<_> = Compliance::ALL.iter().map(|c| c.words()).collect();
                at(
                    a.status.span(),
                    format!(
                        "accessibility.status \"{}\" ist keiner der Stände: {}",
                        a.status.get_ref(),
                        known.join(", ")
                    ),
                )
            })?;
            for date in [&a.prepared, &a.reviewed] {
                if !is_iso_date(date.get_ref().trim()) {
                    return Err(at(
                        date.span(),
                        format!(
                            "das Datum \"{}\" hat nicht die Form JJJJ-MM-TT",
                            date.get_ref()
                        ),
                    ));
                }
            }
            let mut known_barriers = Vec::with_capacity(a.known_barriers.len());
            for b in &a.known_barriers {
                known_barriers.push(text(b, "eine bekannte Barriere")?);
            }
            Some(Accessibility {
                status,
                known_barriers,
                method: text(&a.method, "accessibility.method")?,
                prepared: text(&a.prepared, "accessibility.prepared")?,
                reviewed: text(&a.reviewed, "accessibility.reviewed")?,
                contact: text(&a.contact, "accessibility.contact")?,
                contact_email: text(&a.contact_email, "accessibility.contact_email")?,
                enforcement: text(&a.enforcement, "accessibility.enforcement")?,
                enforcement_name: text(&a.enforcement_name, "accessibility.enforcement_name")?,
                enforcement_address: text(
                    &a.enforcement_address,
                    "accessibility.enforcement_address",
                )?,
                enforcement_url: text(&a.enforcement_url, "accessibility.enforcement_url")?,
            })
        }
    };

    let event = match &raw.event {
        None => None,
        Some(e) => Some(crate::parse_event::event(e, check_id).map_err(|(span, m)| at(span, m))?),
    };

    let mut self_descriptions = Vec::with_capacity(raw.self_descriptions.len());
    for d in &raw.self_descriptions {
        self_descriptions.push(text(d, "eine Selbstbeschreibung")?);
    }

    let participation_ends = match &raw.participation_ends {
        Some(d) if !is_iso_date(d.get_ref().trim()) => {
            return Err(at(
                d.span(),
                format!(
                    "participation_ends \"{}\" hat nicht die Form JJJJ-MM-TT",
                    d.get_ref()
                ),
            ))
        }
        Some(d) => Some(d.get_ref().trim().to_owned()),
        None => None,
    };

    let mut retention = Retention::default();
    if let Some(r) = &raw.retention {
        for (given, field, name) in [
            (&r.names_days, &mut retention.names_days, "names_days"),
            (
                &r.receipts_days,
                &mut retention.receipts_days,
                "receipts_days",
            ),
            (&r.audit_days, &mut retention.audit_days, "audit_days"),
            (
                &r.sessions_days,
                &mut retention.sessions_days,
                "sessions_days",
            ),
        ] {
            if let Some(days) = given {
                *field = u32::try_from(*days.get_ref())
                    .ok()
                    .filter(|d| *d <= MAX_DAYS)
                    .ok_or_else(|| {
                        at(
                            days.span(),
                            format!(
                                "retention.{name} = {} ist keine Zahl von Tagen zwischen 0 und \
                                 {MAX_DAYS}",
                                days.get_ref()
                            ),
                        )
                    })?;
            }
        }
    }
    let privacy = match &raw.privacy {
        Some(p) => Privacy {
            controller: optional(&p.controller, "privacy.controller")?,
            officer: optional(&p.officer, "privacy.officer")?,
            authority: optional(&p.authority, "privacy.authority")?,
        },
        None => Privacy::default(),
    };

    Ok(Strategy {
        id,
        town: text(&raw.town, "town")?,
        title: text(&raw.title, "title")?,
        status: text(&raw.status, "status")?,
        invitation: text(&raw.invitation, "invitation")?,
        introduction: optional(&raw.introduction, "introduction")?,
        theme_color,
        source: optional(&raw.source, "source")?,
        contact: optional(&raw.contact, "contact")?,
        licence: or_default(optional(&raw.licence, "licence")?, default_licence),
        licence_url: or_default(
            optional(&raw.licence_url, "licence_url")?,
            default_licence_url,
        ),
        self_descriptions,
        rendering_notes,
        accessibility,
        leichte_sprache_page: optional(&raw.leichte_sprache_page, "leichte_sprache_page")?,
        participation_ends,
        event,
        retention,
        privacy,
        sections,
    })
}

/// Ids appear in URLs and are stored with every comment: keep them plain.
fn check_id(id: &Spanned<String>) -> Result<(), String> {
    let id = id.get_ref();
    let ok = id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && id.len() <= 64;
    if ok {
        Ok(())
    } else {
        Err(format!(
            "die id \"{id}\" darf nur Kleinbuchstaben a-z, Ziffern und Bindestriche enthalten \
             (höchstens 64 Zeichen)"
        ))
    }
}

fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::RenderingKind;

    const MINIMAL: &str = r##"
id = "test"
town = "Teststadt"
title = "Digitalstrategie"
status = "Entwurf"
invitation = "Machen Sie mit."
theme_color = "#004b87"

[[section]]
id = "eins"
kind = "leitmotiv"
number = "1"
title = "Der Mensch im Mittelpunkt"
text = "Text."
"##;

    fn err(source: &str) -> ParseError {
        match parse_strategy("test.toml", source) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e,
        }
    }

    #[test]
    fn a_file_too_large_too_many_sections_or_too_long_a_text_is_refused_with_its_place() {
        let huge = format!("{MINIMAL}\n# {}\n", "x".repeat(super::MAX_FILE_BYTES));
        assert!(
            err(&huge)
                .message
                .contains("höchstens 4 MB (4194304 Bytes)"),
            "{}",
            err(&huge)
        );
        let mut many = MINIMAL.to_owned();
        for i in 0..super::MAX_SECTIONS {
            many.push_str(&format!(
                "\n[[section]]\nid = \"s{i}\"\nkind = \"thema\"\nnumber = \"{i}\"\n\
                 title = \"T\"\ntext = \"Text.\"\n"
            ));
        }
        let e = err(&many);
        assert!(e.message.contains("höchstens 500"), "{e}");
        assert!(e.line > 3000, "at the first section too many: {e}");
        let long = MINIMAL.replace(
            "text = \"Text.\"",
            &format!("text = \"{}\"", "ä".repeat(super::MAX_FIELD_CHARS + 1)),
        );
        let e = err(&long);
        assert!(e.message.contains("länger als 100000 Zeichen"), "{e}");
        assert_eq!(e.line, 14, "{e}");
        let intro = MINIMAL.replace(
            "theme_color",
            &format!(
                "introduction = \"{}\"\ntheme_color",
                "a".repeat(super::MAX_FIELD_CHARS + 1)
            ),
        );
        let e = err(&intro);
        assert!(e.message.contains("introduction ist länger"), "{e}");
        assert_eq!(e.line, 7, "at its line: {e}");
    }

    #[test]
    fn minimal_file_parses() {
        let s = parse_strategy("test.toml", MINIMAL).expect("parses");
        assert_eq!(s.sections.len(), 1);
        assert_eq!(s.sections[0].kind, SectionKind::Leitmotiv);
    }

    #[test]
    fn renderings_need_a_note_on_who_made_them() {
        let with_en = format!(
            "{MINIMAL}\n[section.en]\ntitle = \"People first\"\ntext = \"Text in English.\"\n\
             \n[section.leichte_sprache]\ntitle = \"Die Menschen\"\ntext = \"Ein Satz.\"\n"
        );
        let e = err(&with_en);
        assert!(e.message.contains("translation_notes.en"), "{e}");
        let noted = with_en.replace(
            "theme_color = \"#004b87\"",
            "theme_color = \"#004b87\"\ntranslation_notes = { en = \"By us.\", \
             leichte_sprache = \"Von uns.\" }",
        );
        let s = parse_strategy("test.toml", &noted).expect("parses");
        let section = &s.sections[0];
        assert_eq!(
            section.en.as_ref().map(|r| r.title.as_str()),
            Some("People first")
        );
        assert_eq!(
            section
                .rendering(RenderingKind::LeichteSprache)
                .map(|r| r.text.as_str()),
            Some("Ein Satz.")
        );
        assert_eq!(s.rendering_notes.of(RenderingKind::En), "By us.");
        let e = err(&noted.replace("title = \"People first\"", "title = \" \""));
        assert!(e.message.contains("englischen Fassung"), "{e}");
    }

    #[test]
    fn the_accessibility_statement_is_checked() {
        let statement = "\n[accessibility]\nstatus = \"teilweise vereinbar\"\n\
            known_barriers = [\"Keine Gebärdensprache.\"]\nmethod = \"Selbstbewertung\"\n\
            prepared = \"2026-11-26\"\nreviewed = \"2026-11-26\"\ncontact = \"Rathaus\"\n\
            contact_email = \"amt@example.org\"\nenforcement = \"Schlichtung\"\n\
            enforcement_name = \"Stelle\"\nenforcement_address = \"Straße 1\"\n\
            enforcement_url = \"https://example.org\"\n";
        let source = MINIMAL.replace("\n[[section]]", &format!("{statement}\n[[section]]"));
        let s = parse_strategy("test.toml", &source).expect("parses");
        let a = s.accessibility.expect("a statement");
        assert_eq!(a.status, Compliance::Partial);
        assert_eq!(a.known_barriers, ["Keine Gebärdensprache."]);
        let e = err(&source.replace("teilweise vereinbar", "ziemlich gut"));
        assert!(e.message.contains("teilweise vereinbar"), "{e}");
        assert_eq!(e.line, 10);
        let e = err(&source.replace("prepared = \"2026-11-26\"", "prepared = \"26.11.2026\""));
        assert!(e.message.contains("JJJJ-MM-TT"), "{e}");
    }

    #[test]
    fn duplicate_id_names_file_line_and_problem() {
        let source = format!(
            "{MINIMAL}\n[[section]]\nid = \"eins\"\nkind = \"ziel\"\nnumber = \"2\"\n\
             title = \"Zwei\"\ntext = \"Text\"\n"
        );
        let e = err(&source);
        assert_eq!(e.file, "test.toml");
        assert_eq!(e.line, 17);
        assert!(e.message.contains("doppelt"), "{e}");
        assert!(e.to_string().starts_with("test.toml:17:"), "{e}");
    }

    #[test]
    fn empty_text_is_an_error_at_its_line() {
        let e = err(&MINIMAL.replace("text = \"Text.\"", "text = \"   \""));
        assert_eq!(e.line, 14);
        assert!(e.message.contains("leer"), "{e}");
    }

    #[test]
    fn unknown_kind_lists_the_known_ones() {
        let e = err(&MINIMAL.replace("\"leitmotiv\"", "\"kapitel\""));
        assert_eq!(e.line, 11);
        assert!(e.message.contains("kapitel"), "{e}");
        assert!(e.message.contains("handlungsfeld"), "{e}");
    }

    #[test]
    fn unknown_field_and_syntax_errors_have_positions() {
        let e = err(&MINIMAL.replace("number = \"1\"", "nummer = \"1\""));
        assert!(e.message.contains("nummer"), "{e}");
        assert_eq!(e.line, 12);
        let e = err("id = \"x\"\ntown = \n");
        assert_eq!(e.line, 2);
    }

    #[test]
    fn bad_ids_colours_and_dates_are_rejected() {
        assert!(err(&MINIMAL.replace("id = \"eins\"", "id = \"Eins 1\""))
            .message
            .contains("Kleinbuchstaben"));
        assert!(err(&MINIMAL.replace("#004b87", "blau"))
            .message
            .contains("#rrggbb"));
        let with_earlier = format!(
            "{MINIMAL}\n[[section.earlier]]\ndate = \"März 2020\"\ntext = \"alt\"\nreason = \"x\"\n"
        );
        assert!(err(&with_earlier).message.contains("JJJJ-MM-TT"));
    }

    #[test]
    fn the_participations_last_day_is_a_day_or_an_error_at_its_line() {
        let with = |day: &str| {
            MINIMAL.replace(
                "theme_color",
                &format!("participation_ends = \"{day}\"\ntheme_color"),
            )
        };
        let s = parse_strategy("test.toml", &with("2027-01-31")).expect("parses");
        assert_eq!(s.participation_ends.as_deref(), Some("2027-01-31"));
        let e = err(&with("Ende Januar"));
        assert_eq!(e.line, 7);
        assert!(e.message.contains("JJJJ-MM-TT"), "{e}");
        let none = parse_strategy("test.toml", MINIMAL).expect("parses");
        assert_eq!(none.participation_ends, None);
    }

    mod properties {
        use super::{parse_strategy, MINIMAL};
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1000))]

            /// Any text as a strategy file: a parsed strategy or an error with a line, never
            /// a panic; a parsed one goes into a page as JSON and back unchanged.
            #[test]
            fn any_text_parses_or_fails_cleanly(source in ".*") {
                if let Ok(s) = parse_strategy("x.toml", &source) {
                    let json = serde_json::to_string(&s).expect("JSON");
                    let back: crate::Strategy = serde_json::from_str(&json).expect("read back");
                    prop_assert_eq!(back, s);
                }
            }

            /// A valid file with arbitrary Unicode put in at any place, deep into the checks
            /// of ids, colours and dates.
            #[test]
            fn a_damaged_file_fails_cleanly(cut in 0usize..400, insert in ".{0,8}") {
                let mut source = MINIMAL.to_owned()
                    + "\n[[section.earlier]]\ndate = \"2024-03-01\"\ntext = \"alt\"\nreason = \"r\"\n";
                let at = source.char_indices().nth(cut).map_or(source.len(), |(i, _)| i);
                source.insert_str(at, &insert);
                match parse_strategy("x.toml", &source) {
                    Ok(s) => { let _ = s.for_page(s.sections.first().map(|x| x.id.as_str()), true).page_json(); }
                    Err(e) => prop_assert!(e.line >= 1, "{}", e),
                }
            }
        }
    }
}
