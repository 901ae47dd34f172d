//! The town's own document read into a strategy (issue 22, item 3): staff upload the text
//! they already have — Word (DOCX), OpenDocument (ODT), Markdown or a strategy file (TOML) —
//! and see what it became before anything is stored.
//!
//! # Layout
//! - [`read`]: the format told by the file's bytes, the limits, and the strategy made.
//! - `docx` and `odt`: the office formats, read with `zip` and `quick-xml` (both well kept,
//!   pure Rust, no office program on the server): paragraphs by their style's outline
//!   level, lists, and what is dropped (tables, images, macros, formatting).
//! - `markdown`: `#` headings, paragraphs, lists.
//! - `outline`: what every reader yields ([`outline::Outline`]), and how its headings become
//!   the strategy's title, introduction and sections beside the current version.
//!
//! A hostile file costs bounded memory and time: the upload is at most [`MAX_DOCUMENT_BYTES`],
//! each part of a zip is read through a limit of [`MAX_PART_BYTES`] whatever its header
//! claims (a zip bomb stops there), and a document may not have more blocks than a strategy
//! can have sections and paragraphs.

mod docx;
mod markdown;
mod odt;
mod outline;

use std::collections::HashMap;
use std::io::Read;

use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;

use mitreden_model::versions::{DocumentFormat, DocumentImport, StrategyUpload};
use mitreden_model::Strategy;

pub use mitreden_model::versions::MAX_DOCUMENT_BYTES;

/// The most one part of an office file (its XML) may hold once unpacked.
const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;

/// `bytes`, named `file_name` in messages, read into a strategy beside `current` (whose
/// settings, translations and earlier texts it keeps). The error says what is wrong and
/// where, in the words staff read.
pub fn read(
    file_name: &str,
    bytes: &[u8],
    current: &Strategy,
    today: &str,
) -> Result<DocumentImport, String> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(format!(
            "{file_name}: Die Datei ist {} MB groß; höchstens {} MB sind möglich.",
            bytes.len() / (1024 * 1024),
            MAX_DOCUMENT_BYTES / (1024 * 1024)
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(format!("{file_name}: Die Datei ist leer."));
    }
    let (format, outline) = if bytes.starts_with(b"PK") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
            format!("{file_name}: Die Datei ist kein vollständiges Word- oder OpenDocument-Dokument ({e}).")
        })?;
        let part = |zip: &mut zip::ZipArchive<_>, name: &str| part(zip, name, file_name);
        if zip.index_for_name("word/document.xml").is_some() {
            let document = part(&mut zip, "word/document.xml")?.unwrap_or_default();
            let styles = part(&mut zip, "word/styles.xml")?.unwrap_or_default();
            let macros = zip
                .file_names()
                .filter_map(Result::ok)
                .any(|n| n.ends_with("vbaProject.bin"));
            (
                DocumentFormat::Docx,
                docx::read(&document, &styles, macros).map_err(|e| format!("{file_name}: {e}"))?,
            )
        } else if part(&mut zip, "mimetype")?.as_deref()
            == Some("application/vnd.oasis.opendocument.text")
        {
            let content = part(&mut zip, "content.xml")?.unwrap_or_default();
            let styles = part(&mut zip, "styles.xml")?.unwrap_or_default();
            let macros = zip
                .file_names()
                .filter_map(Result::ok)
                .any(|n| n.starts_with("Basic/") || n.starts_with("Scripts/"));
            (
                DocumentFormat::Odt,
                odt::read(&content, &styles, macros).map_err(|e| format!("{file_name}: {e}"))?,
            )
        } else {
            return Err(format!(
                "{file_name}: Ein Archiv, aber weder ein Word-Dokument (.docx) noch ein \
                 OpenDocument-Text (.odt)."
            ));
        }
    } else {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            format!(
                "{file_name}: Die Datei ist weder ein Word- oder OpenDocument-Dokument noch Text \
                 in UTF-8 (ungültiges Byte an Stelle {}).",
                e.valid_up_to() + 1
            )
        })?;
        if file_name.to_lowercase().ends_with(".toml") {
            let strategy = crate::strategy::read(file_name, text)?;
            return Ok(outline::as_found(
                DocumentFormat::Toml,
                file_name,
                text,
                &strategy,
            ));
        }
        (
            DocumentFormat::Markdown,
            markdown::read(text).map_err(|e| format!("{file_name}: {e}"))?,
        )
    };
    let (strategy, sections, dropped) = outline.into_strategy(current, file_name, today)?;
    let source = mitreden_model::export::to_toml(&strategy)
        .map_err(|e| format!("{file_name}: Die Strategie lässt sich nicht schreiben: {e}"))?;
    let toml_name = format!("{}.toml", stem(file_name));
    // The same checks as every strategy file: lengths, ids, the event's times.
    crate::strategy::read(&toml_name, &source).map_err(|e| format!("{file_name}: {e}"))?;
    Ok(DocumentImport {
        format,
        upload: StrategyUpload {
            file_name: toml_name,
            source,
        },
        sections,
        dropped,
    })
}

/// The part `name` of an office file as text, read through [`MAX_PART_BYTES`]; `None` if
/// the file has no such part.
fn part<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    file_name: &str,
) -> Result<Option<String>, String> {
    let entry = match zip.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{file_name}: {name} ist nicht lesbar ({e}).")),
    };
    let mut out = Vec::new();
    entry
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("{file_name}: {name} ist beschädigt ({e})."))?;
    if out.len() as u64 > MAX_PART_BYTES {
        return Err(format!(
            "{file_name}: {name} ist entpackt größer als {} MB: kein Text, den eine Stadt \
             schreibt (eine „Zip-Bombe“?).",
            MAX_PART_BYTES / (1024 * 1024)
        ));
    }
    String::from_utf8(out)
        .map(Some)
        .map_err(|_| format!("{file_name}: {name} ist kein Text in UTF-8."))
}

/// The file's name without its ending ("Strategie" for "Strategie.docx").
fn stem(file_name: &str) -> &str {
    match file_name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file_name,
    }
}

/// The events of one XML part, without those inside an element the reader chose to skip
/// (a table, a drawing: nothing inside them is text of the strategy).
struct Events<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    part: &'static str,
    /// How deep inside a skipped element the reader is (0: not inside one).
    skipped: u32,
}

impl<'a> Events<'a> {
    fn new(xml: &'a str, part: &'static str) -> Self {
        Self {
            reader: quick_xml::Reader::from_str(xml),
            part,
            skipped: 0,
        }
    }

    /// The next event outside skipped elements; `None` at the end.
    fn next(&mut self) -> Result<Option<Event<'a>>, String> {
        loop {
            let event = self
                .reader
                .read_event()
                .map_err(|e| format!("{} ist kein gültiges XML ({e}).", self.part))?;
            match event {
                Event::Eof => return Ok(None),
                Event::Start(_) if self.skipped > 0 => self.skipped += 1,
                Event::End(_) if self.skipped > 0 => self.skipped -= 1,
                _ if self.skipped > 0 => {}
                event => return Ok(Some(event)),
            }
        }
    }

    /// Skips everything inside the element that just started.
    fn skip(&mut self) {
        self.skipped = 1;
    }
}

/// The style `first` and the styles it is based on, nearest first: each name with its
/// definition where the part has one. At most 16: a broken file may base styles on each
/// other in a loop.
fn lineage<'a, S>(
    first: Option<&'a str>,
    styles: &'a HashMap<String, S>,
    parent: impl Fn(&'a S) -> Option<&'a str> + 'a,
) -> impl Iterator<Item = (&'a str, Option<&'a S>)> + 'a {
    std::iter::successors(first.map(|n| (n, styles.get(n))), move |(_, style)| {
        style.and_then(&parent).map(|n| (n, styles.get(n)))
    })
    .take(16)
}

/// An element's name without its prefix (`p` for `w:p`).
fn local<'a>(e: &'a BytesStart<'_>) -> &'a str {
    e.local_name().into_inner()
}

/// The value of the attribute whose name without prefix is `name`.
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner() == name)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(std::borrow::Cow::into_owned)
}

/// The text an event adds where it stands: text, CDATA, or a reference resolved (`&amp;`,
/// `&#8211;`; an unknown entity adds nothing).
fn event_text(event: &Event<'_>) -> Option<String> {
    match event {
        Event::Text(t) => Some(t.xml_content(XmlVersion::Implicit1_0).into_owned()),
        Event::CData(t) => Some(t.xml_content(XmlVersion::Implicit1_0).into_owned()),
        Event::GeneralRef(r) => match r.resolve_char_ref() {
            Ok(Some(c)) => Some(c.to_string()),
            _ => quick_xml::escape::resolve_xml_entity(r.as_ref()).map(str::to_owned),
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests;
