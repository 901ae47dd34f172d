//! Markdown as offices write it: `#` headings (and underlined ones), paragraphs split at
//! blank lines, lists. Tables and images are dropped; `**bold**` is kept as plain text (a
//! single `*` stays: "Bürger*innen").

use mitreden_model::versions::DroppedKind;

use super::outline::{Block, Outline};

/// The blocks of a Markdown text.
pub fn read(text: &str) -> Result<Outline, String> {
    let mut outline = Outline::default();
    let mut paragraph: Vec<String> = Vec::new();
    let mut item: Option<Vec<String>> = None;
    let mut in_table = false;
    let flush = |outline: &mut Outline,
                 paragraph: &mut Vec<String>,
                 item: &mut Option<Vec<String>>|
     -> Result<(), String> {
        if let Some(lines) = item.take() {
            outline.push(Block::Item(lines.join(" ")))?;
        }
        if !paragraph.is_empty() {
            outline.push(Block::Paragraph(paragraph.join(" ")))?;
            paragraph.clear();
        }
        Ok(())
    };
    for raw in text.lines() {
        let line = raw.trim();
        if line.starts_with('|') {
            flush(&mut outline, &mut paragraph, &mut item)?;
            if !in_table {
                outline.dropped(DroppedKind::Table);
            }
            in_table = true;
            continue;
        }
        in_table = false;
        if line.is_empty() {
            flush(&mut outline, &mut paragraph, &mut item)?;
            continue;
        }
        // An underlined heading: the line before it, alone in its paragraph.
        let underline = |c: char| line.len() >= 3 && line.chars().all(|x| x == c);
        if (underline('=') || underline('-')) && paragraph.len() == 1 && item.is_none() {
            let level = if underline('=') { 1 } else { 2 };
            let heading = paragraph.pop().unwrap_or_default();
            outline.push(Block::Heading(level, heading))?;
            continue;
        }
        let hashes = line.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            flush(&mut outline, &mut paragraph, &mut item)?;
            let text = plain(
                line[hashes..].trim().trim_end_matches('#').trim(),
                &mut outline,
            );
            outline.push(Block::Heading(u8::try_from(hashes).unwrap_or(6), text))?;
            continue;
        }
        if let Some(rest) = list_item(line) {
            flush(&mut outline, &mut paragraph, &mut item)?;
            if !matches!(outline.last_block(), Some(Block::Item(_))) {
                outline.dropped(DroppedKind::List);
            }
            item = Some(vec![plain(rest, &mut outline)]);
            continue;
        }
        let text = plain(line, &mut outline);
        match item.as_mut() {
            // An indented line goes on with the item; another line ends it.
            Some(lines) if raw.starts_with([' ', '\t']) => lines.push(text),
            _ => {
                if let Some(lines) = item.take() {
                    outline.push(Block::Item(lines.join(" ")))?;
                }
                paragraph.push(text);
            }
        }
    }
    flush(&mut outline, &mut paragraph, &mut item)?;
    Ok(outline)
}

/// The text of a list item's line (`- `, `* `, `+ `, `1. `, `1) `), if it is one.
fn list_item(line: &str) -> Option<&str> {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(rest.trim());
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(rest.trim());
        }
    }
    None
}

/// `line` without images (noted as dropped) and without `**`/`__` (noted as formatting).
fn plain(line: &str, outline: &mut Outline) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("![") {
        let after = &rest[at..];
        let Some(end) = after
            .find("](")
            .and_then(|open| after[open..].find(')').map(|close| open + close + 1))
        else {
            break;
        };
        out.push_str(&rest[..at]);
        outline.dropped(DroppedKind::Image);
        rest = &after[end..];
    }
    out.push_str(rest);
    if out.contains("**") || out.contains("__") {
        outline.dropped(DroppedKind::Formatting);
        out = out.replace("**", "").replace("__", "");
    }
    out
}
