//! The two pages' bodies: the council's report (title page, figures, then each section
//! with its text, its changes as word diffs, its figures and its published comments with
//! the answers) and the figures page.

use mitreden_model::api::PublicComment;
use mitreden_model::diff::{word_diff, Change};
use mitreden_model::{Section, Strategy};

use super::charts::bar_colour;
use super::figures::AllFigures;
use super::html::{day, escape, number, page, paragraphs};
use super::view::{figures, Place};
use super::{section_name, short_name, status_word};

/// What counts, in words; said wherever figures are.
const COUNTED: &str = "Gezählt sind alle eingegangenen Beiträge außer zurückgezogenen und \
    als Spam erkannten. Abgelehnte Beiträge zählen mit; ihr Text wird nicht veröffentlicht. \
    Abschließend beantwortet heißt: berücksichtigt, teilweise berücksichtigt oder nicht \
    berücksichtigt.";

/// The council's report. `comments` holds each section's public comments, in the
/// strategy's order, oldest first; `today` the report's date.
pub fn report(
    strategy: &Strategy,
    all: &AllFigures,
    comments: &[Vec<PublicComment>],
    today: &str,
    staff: bool,
) -> String {
    let colour = bar_colour(&strategy.theme_color);
    let public: usize = comments.iter().map(Vec::len).sum();
    let mut body = format!(
        "<p class=\"kicker\">Bericht für den Gemeinderat</p>\n<h1>{}</h1>\n\
         <dl class=\"facts\"><dt>Stadt</dt><dd>{}</dd><dt>Stand des Textes</dt><dd>{}</dd>\
         <dt>Bericht vom</dt><dd>{}</dd><dt>Beiträge</dt><dd>{} gezählt, davon {} öffentlich \
         und hier wiedergegeben</dd><dt>Lizenz der veröffentlichten Beiträge</dt><dd>{}</dd>\
         </dl>\n<p class=\"screen-only note\">Als PDF oder auf Papier: mit der Druckfunktion \
         des Browsers (A4; jeder Abschnitt beginnt auf einer neuen Seite).</p>\n",
        escape(&strategy.title),
        escape(&strategy.town),
        escape(&strategy.status),
        escape(today),
        number(all.overall.total),
        number(u64::try_from(public).unwrap_or(u64::MAX)),
        licence(strategy),
    );
    body.push_str(&contents(strategy, ("zahlen", "Zahlen insgesamt")));
    body.push_str(&format!(
        "<section class=\"figures-page\" id=\"zahlen\">\n<h2>Zahlen insgesamt</h2>\n\
         <p class=\"note\">{COUNTED}</p>\n{}\n</section>\n",
        overall(all, strategy, &colour, staff)
    ));
    for (i, section) in strategy.sections.iter().enumerate() {
        let short = short_name(section);
        let place = Place {
            id: &format!("s-{}", section.id),
            name: &short,
            level: 4,
            charts: false,
            colour: &colour,
            selves: staff,
        };
        // A section nobody commented on gets a sentence, not four tables of zeros.
        let section_figures = match all.sections.get(i) {
            Some(f) if f.total > 0 => figures(f, strategy, &place),
            _ => NO_COMMENTS.to_owned(),
        };
        let listed = comments.get(i).map(Vec::as_slice).unwrap_or_default();
        body.push_str(&format!(
            "<section class=\"report-section\" id=\"abschnitt-{}\">\n<h2>{}</h2>\n\
             <p class=\"meta\">Aktuelle Fassung (Fassung {})</p>\n{}{}\n\
             <h3>Änderungen</h3>\n{}\n<h3>Zahlen</h3>\n{section_figures}\n\
             <h3>Beiträge und Antworten</h3>\n{}\n</section>\n",
            escape(&section.id),
            escape(&section_name(section)),
            section.version(),
            paragraphs(&section.text),
            projects(section),
            changes(section),
            comment_list(strategy, listed),
        ));
    }
    page(
        &format!("Bericht für den Gemeinderat – {}", strategy.title),
        &body,
    )
}

/// Said instead of a section's figures where it has no comment.
const NO_COMMENTS: &str = "<p class=\"note\">Zu diesem Abschnitt gibt es keine Beiträge.</p>";

/// The figures page: overall, then per section, each with charts and tables.
pub fn figures_page(strategy: &Strategy, all: &AllFigures, today: &str, staff: bool) -> String {
    let colour = bar_colour(&strategy.theme_color);
    let mut body = format!(
        "<h1>Zahlen zur Beteiligung</h1>\n<p>{} – {}. Stand: {}. \
         <a href=\"/bericht\">Bericht für den Gemeinderat (druckbar)</a></p>\n\
         <p class=\"note\">{COUNTED}</p>\n",
        escape(&strategy.title),
        escape(&strategy.town),
        escape(today),
    );
    body.push_str(&contents(strategy, ("gesamt", "Insgesamt")));
    body.push_str(&format!(
        "<section class=\"figures-page\" id=\"gesamt\">\n<h2>Insgesamt</h2>\n{}\n</section>\n",
        overall(all, strategy, &colour, staff)
    ));
    for (section, f) in strategy.sections.iter().zip(&all.sections) {
        let short = short_name(section);
        let place = Place {
            id: &format!("s-{}", section.id),
            name: &short,
            level: 3,
            charts: true,
            colour: &colour,
            selves: staff,
        };
        body.push_str(&format!(
            "<section class=\"figures-page\" id=\"abschnitt-{}\">\n<h2>{}</h2>\n{}\n</section>\n",
            escape(&section.id),
            escape(&section_name(section)),
            figures(f, strategy, &place),
        ));
    }
    page(
        &format!("Zahlen zur Beteiligung – {}", strategy.title),
        &body,
    )
}

/// The licence, linked where its address is a web address.
fn licence(strategy: &Strategy) -> String {
    let name = if strategy.licence.trim().is_empty() {
        "keine Angabe"
    } else {
        strategy.licence.as_str()
    };
    let url = strategy.licence_url.trim();
    if url.starts_with("https://") || url.starts_with("http://") {
        format!("<a href=\"{}\">{}</a>", escape(url), escape(name))
    } else {
        escape(name)
    }
}

/// The table of contents: `first` (anchor, text), then every section.
fn contents(strategy: &Strategy, first: (&str, &str)) -> String {
    let mut out = format!(
        "<nav aria-labelledby=\"inhalt\">\n<h2 id=\"inhalt\">Inhalt</h2>\n<ol>\
         <li><a href=\"#{}\">{}</a></li>",
        escape(first.0),
        escape(first.1)
    );
    for s in &strategy.sections {
        out.push_str(&format!(
            "<li><a href=\"#abschnitt-{}\">{}</a></li>",
            escape(&s.id),
            escape(&section_name(s))
        ));
    }
    out.push_str("</ol>\n</nav>\n");
    out
}

fn projects(section: &Section) -> String {
    if section.projects.is_empty() {
        return String::new();
    }
    let items: String = section
        .projects
        .iter()
        .map(|p| format!("<li>{}</li>", escape(p)))
        .collect();
    format!("\n<h3>Projekte</h3>\n<ul>{items}</ul>")
}

/// Every change from one version to the next, as a word diff, with date and reason.
fn changes(section: &Section) -> String {
    if section.earlier.is_empty() {
        return "<p>Keine Änderungen: Der Text steht in seiner ersten Fassung.</p>".to_owned();
    }
    let mut out =
        "<p class=\"note\">Gestrichene Wörter sind <span class=\"del\">durchgestrichen</span>, \
                   eingefügte <span class=\"ins\">unterstrichen</span>.</p>"
            .to_owned();
    for (i, earlier) in section.earlier.iter().enumerate() {
        let next = section
            .earlier
            .get(i + 1)
            .map_or(section.text.as_str(), |e| e.text.as_str());
        let date = earlier
            .date
            .as_deref()
            .map_or_else(|| "Datum unbekannt".to_owned(), day);
        let reconstructed = if earlier.reconstructed {
            "<p class=\"note\">rekonstruiert: Die frühere Fassung ist nicht archiviert, \
             sondern aus veröffentlichten Unterlagen wiederhergestellt.</p>"
        } else {
            ""
        };
        out.push_str(&format!(
            "<div class=\"change\"><h4>Von Fassung {} zu Fassung {}</h4>\
             <p class=\"meta\">{}</p>{}<p><strong>Grund:</strong> {}</p>{reconstructed}</div>",
            i + 1,
            i + 2,
            escape(&date),
            diff(&earlier.text, next),
            escape(&earlier.reason),
        ));
    }
    out
}

/// A word diff with `<del>` and `<ins>`, struck through and underlined on the page and
/// named in words for screen readers.
pub fn diff(old: &str, new: &str) -> String {
    let runs: Vec<String> = word_diff(old, new)
        .iter()
        .map(|change| match change {
            Change::Same(t) => escape(t),
            Change::Deleted(t) => format!(
                "<del><span class=\"vh\">[gestrichen: </span>{}<span class=\"vh\">]</span></del>",
                escape(t)
            ),
            Change::Inserted(t) => format!(
                "<ins><span class=\"vh\">[eingefügt: </span>{}<span class=\"vh\">]</span></ins>",
                escape(t)
            ),
        })
        .collect();
    format!("<p class=\"diff\">{}</p>", runs.join(" "))
}

/// A section's public comments with their answers, or that there are none.
fn comment_list(strategy: &Strategy, comments: &[PublicComment]) -> String {
    if comments.is_empty() {
        return "<p>Keine veröffentlichten Beiträge.</p>".to_owned();
    }
    let mut out = "<ol class=\"comments\">".to_owned();
    for c in comments {
        let name = c
            .name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .map(|n| format!(" · {}", escape(n)))
            .unwrap_or_default();
        out.push_str(&format!(
            "<li class=\"comment\"><p class=\"meta\">Eingegangen am {} zu Fassung {}{name}</p>\
             <div class=\"comment-text\">{}</div>",
            escape(&day(&c.received_at)),
            c.section_version,
            paragraphs(&c.text),
        ));
        match &c.answer {
            None => out.push_str("<p class=\"meta\">Noch keine Antwort.</p>"),
            Some(a) => {
                let reason = a
                    .reason
                    .as_deref()
                    .filter(|r| !r.trim().is_empty())
                    .map(|r| format!("<p><strong>Begründung:</strong> {}</p>", escape(r)))
                    .unwrap_or_default();
                let revision = a
                    .revision
                    .as_ref()
                    .map(|r| {
                        let section = strategy
                            .section(&r.section_id)
                            .map_or_else(|| r.section_id.clone(), short_name);
                        format!(
                            "<p>Geführt zu: Fassung {} von {}</p>",
                            r.version,
                            escape(&section)
                        )
                    })
                    .unwrap_or_default();
                out.push_str(&format!(
                    "<div class=\"answer\"><p><strong>Antwort der Stadt</strong> – Stand: {}</p>\
                     <div class=\"answer-text\">{}</div>{reason}{revision}\
                     <p class=\"meta\">{}, {}</p></div>",
                    status_word(a.status),
                    paragraphs(&a.text),
                    escape(&a.office),
                    escape(&day(&a.answered_at)),
                ));
            }
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
    out
}

/// The overall figures, with charts (the report's and the figures page's first block).
fn overall(all: &AllFigures, strategy: &Strategy, colour: &str, staff: bool) -> String {
    figures(
        &all.overall,
        strategy,
        &Place {
            id: "gesamt",
            name: "insgesamt",
            level: 3,
            charts: true,
            colour,
            selves: staff,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_marks_deletions_and_insertions_in_words_too() {
        let html = diff("Die Stadt prüft <alles>", "Die Stadt handelt <alles>");
        assert_eq!(
            html,
            "<p class=\"diff\">Die Stadt <del><span class=\"vh\">[gestrichen: </span>prüft\
             <span class=\"vh\">]</span></del> <ins><span class=\"vh\">[eingefügt: </span>\
             handelt<span class=\"vh\">]</span></ins> &lt;alles&gt;</p>"
        );
    }
}
