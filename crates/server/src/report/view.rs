//! The figures as HTML: for each way of counting a heading, the chart (where asked for)
//! and always a table with the same numbers, and the Übernahmequote with its counts. One
//! function for the report, the figures page, overall and per section.

use mitreden_model::api::AnswerStatus;
use mitreden_model::Strategy;

use super::charts::{bar_chart, column_chart, Bar};
use super::figures::{Figures, COUNTED_STATES};
use super::html::{escape, number, share};
use super::{state_word, status_word};

/// Where a block of figures stands and how it is drawn.
pub struct Place<'a> {
    /// Makes the charts' ids unique in the page (`gesamt`, a section's id).
    pub id: &'a str,
    /// Named in the tables' captions ("insgesamt", "Leitmotiv 2").
    pub name: &'a str,
    /// The level of the headings of each way of counting (3 or 4).
    pub level: u8,
    /// Whether to draw charts (the report's sections have the tables only).
    pub charts: bool,
    /// The bars' colour ([`super::charts::bar_colour`]).
    pub colour: &'a str,
    /// Whether the figures by self-description are shown: only to signed-in staff, since
    /// on a public page that changes with every comment a small count ("Wirtschaft: 1")
    /// would tie a new comment in a section to its self-description.
    pub selves: bool,
}

/// Said where the figures by self-description are left out.
const SELVES_HIDDEN: &str = "<p class=\"note\">Die Zahlen nach Selbstbeschreibung sieht nur die \
    angemeldete Verwaltung: Öffentlich ließen sie sich einzelnen Beiträgen zuordnen.</p>";

/// The figures of one section or of all: the total, the quota, and four ways of counting.
pub fn figures(f: &Figures, strategy: &Strategy, at: &Place<'_>) -> String {
    let mut blocks = Vec::with_capacity(4);
    let states: Vec<Bar> = COUNTED_STATES
        .iter()
        .map(|s| Bar::new(state_word(*s), f.in_state(*s)))
        .collect();
    blocks.push(block(
        at,
        "stand",
        "Nach Stand der Moderation",
        "Stand",
        &states,
        f.total,
    ));

    if at.selves {
        let mut selves: Vec<Bar> = strategy
            .self_descriptions
            .iter()
            .zip(&f.by_self)
            .map(|(label, n)| Bar::new(label.as_str(), *n))
            .collect();
        selves.push(Bar::new("keine Angabe", f.no_self));
        if f.other_self > 0 {
            selves.push(Bar::new("andere Angabe", f.other_self));
        }
        blocks.push(block(
            at,
            "selbst",
            "Nach Selbstbeschreibung",
            "Selbstbeschreibung",
            &selves,
            f.total,
        ));
    } else {
        blocks.push(format!(
            "{}{SELVES_HIDDEN}",
            heading(at.level, "Nach Selbstbeschreibung")
        ));
    }

    let mut answers: Vec<Bar> = AnswerStatus::ALL
        .iter()
        .map(|s| Bar::new(status_word(*s), f.answered(*s)))
        .collect();
    answers.push(Bar::new("noch ohne Antwort", f.unanswered));
    blocks.push(block(
        at,
        "antwort",
        "Nach Stand der Antwort",
        "Stand der Antwort",
        &answers,
        f.total,
    ));
    blocks.push(over_time(f, at));

    // Tables alone (a report's section) stand side by side, so a section's figures take
    // half a page; with charts each way of counting gets the page's width.
    let (open, close) = if at.charts {
        ("", "")
    } else {
        ("<div class=\"figure-grid\">", "</div>")
    };
    let blocks: String = blocks
        .iter()
        .map(|b| format!("<div class=\"figure-block\">{b}</div>"))
        .collect();
    format!(
        "<p>Gezählte Beiträge: <strong>{}</strong></p>{}{open}{blocks}{close}",
        number(f.total),
        quota(f)
    )
}

/// Comments per calendar week: a column chart (where drawn) and the table; the weeks
/// without comments between the first and the last are there as 0.
fn over_time(f: &Figures, at: &Place<'_>) -> String {
    const TITLE: &str = "Beiträge pro Kalenderwoche";
    let mut out = heading(at.level, "Im Zeitverlauf (Kalenderwochen)");
    let weeks: Vec<Bar> = f
        .weekly()
        .into_iter()
        .map(|(w, n)| Bar::new(w.label(), n))
        .collect();
    if weeks.is_empty() && f.undated == 0 {
        out.push_str("<p>Noch keine Beiträge eingegangen.</p>");
        return out;
    }
    if at.charts && !weeks.is_empty() {
        let id = format!("{}-zeit", at.id);
        out.push_str(&figure(&column_chart(&id, TITLE, &weeks, at.colour), TITLE));
    }
    let mut rows = weeks;
    if f.undated > 0 {
        rows.push(Bar::new("ohne gültiges Datum", f.undated));
    }
    out.push_str(&table(
        &format!("{TITLE} – {}", at.name),
        "Kalenderwoche",
        &rows,
        f.total,
    ));
    out
}

/// The Übernahmequote with its counts, or "–" when nothing has a final answer yet.
fn quota(f: &Figures) -> String {
    let q = f.quota();
    if q.decided == 0 {
        "<p class=\"quota\">Übernahmequote: <strong>–</strong> (noch kein Beitrag abschließend \
         beantwortet)</p>"
            .to_owned()
    } else {
        format!(
            "<p class=\"quota\">Übernahmequote: <strong>{}</strong> ({} von {} abschließend \
             beantworteten Beiträgen ganz oder teilweise berücksichtigt)</p>",
            share(q.taken, q.decided),
            number(q.taken),
            number(q.decided)
        )
    }
}

/// One way of counting: heading, chart (if drawn) and table.
fn block(at: &Place<'_>, key: &str, title: &str, column: &str, bars: &[Bar], total: u64) -> String {
    let mut out = heading(at.level, title);
    if at.charts {
        let id = format!("{}-{key}", at.id);
        let caption = format!("Beiträge {}", lower_first(title));
        out.push_str(&figure(
            &bar_chart(&id, &caption, bars, at.colour),
            &caption,
        ));
    }
    out.push_str(&table(
        &format!("Beiträge {} – {}", lower_first(title), at.name),
        column,
        bars,
        total,
    ));
    out
}

/// "Nach Stand" → "nach Stand", for "Beiträge nach Stand".
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

fn heading(level: u8, text: &str) -> String {
    let level = level.clamp(2, 6);
    format!("<h{level}>{}</h{level}>", escape(text))
}

fn figure(svg: &str, caption: &str) -> String {
    format!(
        "<figure><figcaption>{}</figcaption>{svg}</figure>",
        escape(caption)
    )
}

/// The numbers as a table: a row per bar with its count and share, and the total.
pub fn table(caption: &str, column: &str, rows: &[Bar], total: u64) -> String {
    let mut out = format!(
        "<table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>\
         <th scope=\"col\" class=\"num\">Anzahl</th><th scope=\"col\" class=\"num\">Anteil</th>\
         </tr></thead><tbody>",
        escape(caption),
        escape(column)
    );
    for row in rows {
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&row.label),
            number(row.value),
            share(row.value, total)
        ));
    }
    out.push_str(&format!(
        "</tbody><tfoot><tr><th scope=\"row\">zusammen</th><td class=\"num\">{}</td>\
         <td class=\"num\">{}</td></tr></tfoot></table>",
        number(total),
        share(total, total)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_has_its_caption_headers_counts_and_shares() {
        let html = table(
            "Beiträge <nach> Stand",
            "Stand",
            &[Bar::new("abgelehnt", 1), Bar::new("veröffentlicht", 3)],
            4,
        );
        assert!(html.contains("<caption>Beiträge &lt;nach&gt; Stand</caption>"));
        assert!(html.contains("<th scope=\"col\">Stand</th>"));
        assert!(html.contains(
            "<tr><th scope=\"row\">abgelehnt</th><td class=\"num\">1</td>\
             <td class=\"num\">25,0 %</td></tr>"
        ));
        assert!(html.contains("<th scope=\"row\">zusammen</th><td class=\"num\">4</td>"));
        let empty = table("Leer", "Stand", &[Bar::new("a", 0)], 0);
        assert!(empty.contains("<td class=\"num\">0</td><td class=\"num\">–</td>"));
    }

    #[test]
    fn the_quota_is_a_dash_without_final_answers() {
        let mut f = Figures::default();
        assert!(quota(&f).contains("<strong>–</strong>"));
        f.by_answer = [0, 4, 1, 0, 1];
        assert!(quota(&f).contains("<strong>50,0 %</strong> (1 von 2 "));
    }
}
