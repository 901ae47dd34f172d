//! `/leichte-sprache`: what this is and how to take part, in Leichte Sprache, as the
//! strategy file writes it (`leichte_sprache_page`, a small Markdown). Prerendered only; the
//! browser's bundle does not carry the text.

use leptos::prelude::*;

use crate::app::{set_page_title, PageHeading};
use crate::content::use_content;

/// One block of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `# …`: the page's heading.
    Title(String),
    /// `## …`: a part's heading.
    Heading(String),
    /// `1. …` lines: steps in order.
    Steps(Vec<String>),
    /// Lines of a paragraph (a line ending in two spaces breaks).
    Paragraph(Vec<String>),
}

/// The blocks of `text`: headings, numbered steps and paragraphs (separated by blank lines).
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    for chunk in text.split("\n\n").map(str::trim).filter(|c| !c.is_empty()) {
        let lines: Vec<&str> = chunk.lines().map(str::trim_end).collect();
        if let Some(title) = chunk.strip_prefix("# ") {
            out.push(Block::Title(title.trim().to_owned()));
        } else if let Some(heading) = chunk.strip_prefix("## ") {
            out.push(Block::Heading(heading.trim().to_owned()));
        } else if lines.iter().all(|l| step(l).is_some()) {
            out.push(Block::Steps(
                lines
                    .iter()
                    .filter_map(|l| step(l))
                    .map(str::to_owned)
                    .collect(),
            ));
        } else {
            // Lines run on, except after one that ends in two spaces.
            let mut parts = vec![String::new()];
            for raw in chunk.lines() {
                let Some(part) = parts.last_mut() else { break };
                if !part.is_empty() {
                    part.push(' ');
                }
                part.push_str(raw.trim());
                if raw.ends_with("  ") {
                    parts.push(String::new());
                }
            }
            parts.retain(|p| !p.is_empty());
            out.push(Block::Paragraph(parts));
        }
    }
    out
}

/// The text of a numbered step (`3. Drücken Sie …`).
fn step(line: &str) -> Option<&str> {
    let (number, rest) = line.trim_start().split_once(". ")?;
    (!number.is_empty() && number.len() <= 2 && number.chars().all(|c| c.is_ascii_digit()))
        .then_some(rest)
}

/// `/leichte-sprache`.
#[component]
pub fn EasyPage() -> impl IntoView {
    let blocks = blocks(&use_content().leichte_sprache_page);
    let title = blocks
        .iter()
        .find_map(|b| match b {
            Block::Title(t) => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_default();
    {
        let title = title.clone();
        Effect::new(move |_| set_page_title(&title));
    }
    let body = blocks
        .into_iter()
        .filter(|b| !matches!(b, Block::Title(_)))
        .map(|b| match b {
            Block::Title(_) => ().into_any(),
            Block::Heading(h) => view! { <h2>{h}</h2> }.into_any(),
            Block::Steps(steps) => view! {
                <ol>{steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
            }
            .into_any(),
            Block::Paragraph(lines) => {
                let last = lines.len().saturating_sub(1);
                view! {
                    <p>{lines.into_iter().enumerate().map(|(i, l)| view! {
                        {l} {(i < last).then(|| view! { <br /> })}
                    }).collect_view()}</p>
                }
                .into_any()
            }
        })
        .collect_view();
    view! {
        <article class="easy-page" lang="de">
            <PageHeading>{title}</PageHeading>
            {body}
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::{blocks, Block};

    #[test]
    fn headings_steps_and_paragraphs() {
        let text = "# Titel\n\nEin Satz.\nNoch einer.\n\n## Teil\n\n1. Erst das.\n2. Dann das.\n\n\
                    Stadt  \nRathaus 1";
        assert_eq!(
            blocks(text),
            [
                Block::Title("Titel".into()),
                Block::Paragraph(vec!["Ein Satz. Noch einer.".into()]),
                Block::Heading("Teil".into()),
                Block::Steps(vec!["Erst das.".into(), "Dann das.".into()]),
                Block::Paragraph(vec!["Stadt".into(), "Rathaus 1".into()]),
            ]
        );
        assert!(blocks("").is_empty());
        assert_eq!(
            blocks("2026. Jahr"),
            [Block::Paragraph(vec!["2026. Jahr".into()])]
        );
    }
}
