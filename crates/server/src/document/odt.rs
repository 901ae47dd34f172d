//! OpenDocument text (`content.xml` of an `.odt`): headings (`text:h` with their outline
//! level), paragraphs (`text:p`; in the style "Title", or one based on it, the title), list
//! items (`text:p` in a `text:list-item`). Tables, frames (images, text boxes), notes,
//! review comments, tables of contents and tracked deletions are dropped (nothing inside
//! them is read); bold, italic and underlined spans are kept as plain text.

use std::collections::HashMap;

use mitreden_model::versions::DroppedKind;
use quick_xml::events::{BytesStart, Event};

use super::outline::{Block, Outline};
use super::{attribute, event_text, lineage, local, Events};

/// A style: the one it is based on, and whether its text is bold, italic or underlined.
#[derive(Debug, Default, Clone)]
struct Style {
    parent: Option<String>,
    formatted: bool,
}

/// The blocks of `content` (`content.xml`) with its named `styles` (`styles.xml`); `macros`
/// where the file carries Basic or scripts.
pub fn read(content: &str, styles: &str, macros: bool) -> Result<Outline, String> {
    let mut styles = read_styles(styles)?;
    let mut outline = Outline::default();
    if macros {
        outline.dropped(DroppedKind::Macros);
    }
    let mut events = Events::new(content, "content.xml");
    let mut lists = 0_u32;
    // The paragraph or heading being read: its block (with the text so far) and whether
    // any of it is formatted.
    let mut open: Option<(Block, bool)> = None;
    while let Some(event) = events.next()? {
        if styles.take(&event) {
            continue;
        }
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let starts = matches!(event, Event::Start(_));
                match local(e) {
                    "table" if starts => {
                        outline.dropped(DroppedKind::Table);
                        events.skip();
                    }
                    "frame" if starts => {
                        outline.dropped(DroppedKind::Image);
                        events.skip();
                    }
                    "note" if starts => {
                        outline.dropped(DroppedKind::Footnote);
                        events.skip();
                    }
                    "annotation" if starts => {
                        outline.dropped(DroppedKind::Comment);
                        events.skip();
                    }
                    // Deleted text kept for review: not the document's text.
                    "tracked-changes" if starts => events.skip(),
                    name if starts && (name == "table-of-content" || name.ends_with("-index")) => {
                        outline.dropped(DroppedKind::Contents);
                        events.skip();
                    }
                    "list" if starts => lists += 1,
                    "h" => {
                        let level = attribute(e, "outline-level")
                            .and_then(|l| l.parse::<u8>().ok())
                            .unwrap_or(1)
                            .clamp(1, 10);
                        open = Some((Block::Heading(level, String::new()), false));
                        if !starts {
                            finish(&mut outline, open.take())?;
                        }
                    }
                    "p" => {
                        let name = attribute(e, "style-name");
                        let block = if lists > 0 {
                            if !matches!(outline.last_block(), Some(Block::Item(_))) {
                                outline.dropped(DroppedKind::List);
                            }
                            Block::Item(String::new())
                        } else if is_title(name.as_deref(), &styles.known) {
                            Block::Title(String::new())
                        } else {
                            Block::Paragraph(String::new())
                        };
                        open = Some((block, false));
                        if !starts {
                            finish(&mut outline, open.take())?;
                        }
                    }
                    "span" => {
                        let name = attribute(e, "style-name");
                        if resolves(name.as_deref(), &styles.known, |s| s.formatted) {
                            if let Some((_, formatted)) = open.as_mut() {
                                *formatted = true;
                            }
                        }
                    }
                    "s" => {
                        let n = attribute(e, "c")
                            .and_then(|c| c.parse::<usize>().ok())
                            .unwrap_or(1)
                            .min(8);
                        append(&mut open, &" ".repeat(n));
                    }
                    "tab" | "line-break" => append(&mut open, " "),
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().into_inner() {
                "list" => lists = lists.saturating_sub(1),
                "h" | "p" => finish(&mut outline, open.take())?,
                _ => {}
            },
            _ => {
                if let Some(text) = event_text(&event) {
                    append(&mut open, &text);
                }
            }
        }
    }
    Ok(outline)
}

fn append(open: &mut Option<(Block, bool)>, more: &str) {
    if let Some((
        Block::Title(t) | Block::Heading(_, t) | Block::Paragraph(t) | Block::Item(t),
        _,
    )) = open.as_mut()
    {
        t.push_str(more);
    }
}

/// The paragraph or heading read, into the outline.
fn finish(outline: &mut Outline, open: Option<(Block, bool)>) -> Result<(), String> {
    let Some((block, formatted)) = open else {
        return Ok(());
    };
    if formatted && matches!(block, Block::Paragraph(_) | Block::Item(_)) {
        outline.dropped(DroppedKind::Formatting);
    }
    outline.push(block)
}

/// A `style:style` element's name and what it is based on.
fn style_start(e: &BytesStart) -> Option<(String, Style)> {
    attribute(e, "name").map(|name| {
        (
            name,
            Style {
                parent: attribute(e, "parent-style-name"),
                formatted: false,
            },
        )
    })
}

/// Whether text properties make the text bold, italic or underlined.
fn formatted(e: &BytesStart) -> bool {
    matches!(attribute(e, "font-weight").as_deref(), Some(w) if w != "normal")
        || matches!(
            attribute(e, "font-style").as_deref(),
            Some("italic" | "oblique")
        )
        || matches!(attribute(e, "text-underline-style").as_deref(), Some(u) if u != "none")
}

/// Whether the style `name` is the title style, or based on it.
fn is_title(name: Option<&str>, styles: &HashMap<String, Style>) -> bool {
    lineage(name, styles, |s| s.parent.as_deref()).any(|(name, _)| name == "Title")
}

/// Whether `test` holds for the style `name` or one it is based on.
fn resolves(
    name: Option<&str>,
    styles: &HashMap<String, Style>,
    test: impl Fn(&Style) -> bool,
) -> bool {
    lineage(name, styles, |s| s.parent.as_deref())
        .map_while(|(_, style)| style)
        .any(test)
}

/// The styles (`style:style`) of the parts read so far, by name.
#[derive(Debug, Default)]
struct Styles {
    known: HashMap<String, Style>,
    /// The style being read.
    open: Option<(String, Style)>,
}

impl Styles {
    /// Takes `event` if it belongs to a style's definition; true if it did.
    fn take(&mut self, event: &Event<'_>) -> bool {
        match event {
            Event::Start(e) | Event::Empty(e) if local(e) == "style" => {
                if let Some((name, style)) = style_start(e) {
                    if matches!(event, Event::Empty(_)) {
                        self.known.insert(name, style);
                    } else {
                        self.open = Some((name, style));
                    }
                }
                true
            }
            Event::Start(e) | Event::Empty(e) if local(e) == "text-properties" => {
                match self.open.as_mut() {
                    Some((_, style)) => {
                        style.formatted |= formatted(e);
                        true
                    }
                    None => false,
                }
            }
            Event::End(e) if e.local_name().into_inner() == "style" => {
                if let Some((name, style)) = self.open.take() {
                    self.known.insert(name, style);
                }
                true
            }
            _ => false,
        }
    }
}

/// The named styles of `styles.xml` (its other parts, headers and footers, are not text
/// of the strategy).
fn read_styles(xml: &str) -> Result<Styles, String> {
    let mut styles = Styles::default();
    let mut events = Events::new(xml, "styles.xml");
    while let Some(event) = events.next()? {
        styles.take(&event);
    }
    Ok(styles)
}
