//! Word's format (Office Open XML, `word/document.xml`): paragraphs (`w:p`) with their
//! style (`w:pStyle`, named in `word/styles.xml`), list paragraphs (`w:numPr`), runs of text
//! (`w:t`). A style named "Title" is the title; "heading N" (Word names its built-in styles
//! in English whatever the language shown) or an outline level makes a heading. Tables,
//! drawings and embedded objects are dropped (nothing inside them is read), so are
//! footnotes, review comments, the entries of a table of contents ("TOC n" styles) and
//! deleted revisions (`w:delText`); bold, italic and underline are kept as plain text.

use std::collections::HashMap;

use mitreden_model::versions::DroppedKind;
use quick_xml::events::{BytesStart, Event};

use super::outline::{Block, Outline};
use super::{attribute, event_text, lineage, local, Events};

/// A paragraph style: its name and outline level (1 = highest), and the style it is based on.
#[derive(Debug, Default)]
struct Style {
    name: String,
    level: Option<u8>,
    based_on: Option<String>,
}

/// The blocks of `document` (`word/document.xml`) with its `styles` (`word/styles.xml`);
/// `macros` where the file carries a macro project.
pub fn read(document: &str, styles: &str, macros: bool) -> Result<Outline, String> {
    let styles = read_styles(styles)?;
    let mut outline = Outline::default();
    if macros {
        outline.dropped(DroppedKind::Macros);
    }
    let mut events = Events::new(document, "word/document.xml");
    let mut paragraph: Option<Paragraph> = None;
    let mut in_text = false;
    while let Some(event) = events.next()? {
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let open = matches!(event, Event::Start(_));
                match local(e) {
                    "tbl" if open => {
                        outline.dropped(DroppedKind::Table);
                        events.skip();
                    }
                    "drawing" | "pict" | "object" if open => {
                        outline.dropped(DroppedKind::Image);
                        events.skip();
                    }
                    // The same drawing again, for programs that do not read the first.
                    "Fallback" if open => events.skip(),
                    "footnoteReference" | "endnoteReference" => {
                        outline.dropped(DroppedKind::Footnote);
                    }
                    "commentReference" => outline.dropped(DroppedKind::Comment),
                    "p" => {
                        paragraph = Some(Paragraph::default());
                        if !open {
                            finish(&mut outline, paragraph.take(), &styles)?;
                        }
                    }
                    "t" if open => in_text = true,
                    "tab" | "br" | "cr" => push(&mut paragraph, " "),
                    "pStyle" => set(&mut paragraph, |p| p.style = attribute(e, "val")),
                    "outlineLvl" => set(&mut paragraph, |p| p.level = outline_level(e)),
                    "numPr" => set(&mut paragraph, |p| p.item = true),
                    "b" | "i" | "u" | "strike" if switched_on(e) => {
                        set(&mut paragraph, |p| p.formatted = true);
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().into_inner() {
                "p" => finish(&mut outline, paragraph.take(), &styles)?,
                "t" => in_text = false,
                _ => {}
            },
            _ if in_text => {
                if let (Some(text), Some(p)) = (event_text(&event), paragraph.as_mut()) {
                    p.text.push_str(&text);
                }
            }
            _ => {}
        }
    }
    Ok(outline)
}

/// What a paragraph collected while it was read.
#[derive(Debug, Default)]
struct Paragraph {
    style: Option<String>,
    level: Option<u8>,
    item: bool,
    formatted: bool,
    text: String,
}

fn push(paragraph: &mut Option<Paragraph>, text: &str) {
    if let Some(p) = paragraph.as_mut() {
        p.text.push_str(text);
    }
}

fn set(paragraph: &mut Option<Paragraph>, change: impl FnOnce(&mut Paragraph)) {
    if let Some(p) = paragraph.as_mut() {
        change(p);
    }
}

/// Whether a run property (`w:b`, …) is on: present without `w:val`, or not "0"/"false".
fn switched_on(e: &BytesStart) -> bool {
    !matches!(attribute(e, "val").as_deref(), Some("0" | "false" | "none"))
}

/// `w:outlineLvl w:val="0"` is the highest level (1 here); 9 means body text.
fn outline_level(e: &BytesStart) -> Option<u8> {
    attribute(e, "val")
        .and_then(|v| v.parse::<u8>().ok())
        .filter(|l| *l < 9)
        .map(|l| l + 1)
}

/// The paragraph as a block of the outline.
fn finish(
    outline: &mut Outline,
    paragraph: Option<Paragraph>,
    styles: &HashMap<String, Style>,
) -> Result<(), String> {
    let Some(p) = paragraph else {
        return Ok(());
    };
    if p.text.trim().is_empty() {
        return Ok(());
    }
    let (kind, style_level) = classify(p.style.as_deref(), styles);
    if kind == Kind::Contents {
        if !matches!(outline.dropped_last(), Some(DroppedKind::Contents)) {
            outline.dropped(DroppedKind::Contents);
        }
        return Ok(());
    }
    let block = if kind == Kind::Title {
        Block::Title(p.text)
    } else if let Some(level) = p.level.or(style_level) {
        Block::Heading(level, p.text)
    } else if p.item {
        if !matches!(outline.last_block(), Some(Block::Item(_))) {
            outline.dropped(DroppedKind::List);
        }
        Block::Item(p.text)
    } else {
        Block::Paragraph(p.text)
    };
    if p.formatted && !matches!(block, Block::Title(_) | Block::Heading(..)) {
        outline.dropped(DroppedKind::Formatting);
    }
    outline.push(block)
}

/// What a paragraph style makes of its paragraphs, besides a heading level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Title,
    /// An entry of a table of contents ("TOC 1", …).
    Contents,
    Text,
}

/// What the style `id` (or one it is based on) makes of a paragraph, and its heading level.
fn classify(id: Option<&str>, styles: &HashMap<String, Style>) -> (Kind, Option<u8>) {
    for (_, style) in lineage(id, styles, |s| s.based_on.as_deref()) {
        let Some(style) = style else {
            break;
        };
        let name = style.name.to_ascii_lowercase();
        if name == "title" {
            return (Kind::Title, None);
        }
        if name.starts_with("toc ") || name == "toc heading" {
            return (Kind::Contents, None);
        }
        if let Some(n) = name
            .strip_prefix("heading ")
            .and_then(|n| n.parse::<u8>().ok())
        {
            return (Kind::Text, Some(n.clamp(1, 9)));
        }
        if style.level.is_some() {
            return (Kind::Text, style.level);
        }
    }
    (Kind::Text, None)
}

/// The paragraph styles of `word/styles.xml` by their id.
fn read_styles(xml: &str) -> Result<HashMap<String, Style>, String> {
    let mut styles = HashMap::new();
    let mut events = Events::new(xml, "word/styles.xml");
    let mut current: Option<(String, Style)> = None;
    while let Some(event) = events.next()? {
        match &event {
            Event::Start(e) | Event::Empty(e) => match local(e) {
                "style" => {
                    current = attribute(e, "styleId").map(|id| (id, Style::default()));
                }
                "name" => {
                    if let Some((_, style)) = current.as_mut() {
                        style.name = attribute(e, "val").unwrap_or_default();
                    }
                }
                "basedOn" => {
                    if let Some((_, style)) = current.as_mut() {
                        style.based_on = attribute(e, "val");
                    }
                }
                "outlineLvl" => {
                    if let Some((_, style)) = current.as_mut() {
                        style.level = outline_level(e);
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().into_inner() == "style" => {
                if let Some((id, style)) = current.take() {
                    styles.insert(id, style);
                }
            }
            _ => {}
        }
    }
    Ok(styles)
}
