//! `/barrierefreiheit`: the "Erklärung zur Barrierefreiheit" the BITV 2.0 asks of a public
//! body, in the words of the model statement, filled from the strategy file
//! (`[accessibility]`): the state of compliance, the known barriers, how and when the
//! statement was made, how to report a barrier, and the enforcement procedure. German, as
//! the statement is the town's; prerendered only.

use leptos::prelude::*;
use mitreden_model::Accessibility;

use crate::app::{set_page_title, PageHeading};
use crate::content::use_content;

/// The page's title.
pub const TITLE: &str = "Erklärung zur Barrierefreiheit";

/// `YYYY-MM-DD` as "26.11.2026".
fn german_date(iso: &str) -> String {
    iso.split('-').rev().collect::<Vec<_>>().join(".")
}

/// The `mailto:` link to report a barrier, with a subject.
pub fn report_link(email: &str) -> String {
    format!(
        "mailto:{email}?subject={}",
        percent_encode("Barriere auf der Beteiligungsseite")
    )
}

/// Percent-encodes what a `mailto:` subject cannot hold as it is (no browser needed).
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `/barrierefreiheit`.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    Effect::new(move |_| set_page_title(TITLE));
    let s = use_content();
    let body = match &s.accessibility {
        Some(a) => statement(&s.town, a).into_any(),
        None => view! { <p>{s.contact.clone()}</p> }.into_any(),
    };
    view! {
        <article class="statement" lang="de">
            <PageHeading>{TITLE}</PageHeading>
            {body}
        </article>
    }
}

fn statement(town: &str, a: &Accessibility) -> impl IntoView {
    view! {
        <p>
            {format!("Die Stadt {town} ist bemüht, diese Beteiligungsseite barrierefrei zugänglich \
                      zu machen, im Einklang mit den Vorschriften zur Barrierefreiheit \
                      (Barrierefreie-Informationstechnik-Verordnung, BITV 2.0, und EN 301 549: \
                      WCAG 2.1 Stufe AA).")}
        </p>
        <h2>"Stand der Vereinbarkeit mit den Anforderungen"</h2>
        <p>{format!("Diese Seite ist mit den Anforderungen {}.", a.status.words())}</p>
        <h2>"Nicht barrierefreie Inhalte"</h2>
        <ul>{a.known_barriers.iter().map(|b| view! { <li>{b.clone()}</li> }).collect_view()}</ul>
        <h2>"Erstellung dieser Erklärung"</h2>
        <p>{format!(
            "Diese Erklärung wurde am {} erstellt und zuletzt am {} überprüft.",
            german_date(&a.prepared),
            german_date(&a.reviewed)
        )}</p>
        <p>{a.method.clone()}</p>
        <h2 id="barriere-melden">"Barriere melden: Feedback und Kontakt"</h2>
        <p>{a.contact.clone()}</p>
        <p>
            <a class="button" href=report_link(&a.contact_email)>"Eine Barriere per E-Mail melden"</a>
        </p>
        <p>"E-Mail: " <a href=format!("mailto:{}", a.contact_email)>{a.contact_email.clone()}</a></p>
        <h2>"Durchsetzungsverfahren"</h2>
        <p>{a.enforcement.clone()}</p>
        <p>
            {a.enforcement_name.clone()} <br /> {a.enforcement_address.clone()} <br />
            <a href=a.enforcement_url.clone() rel="external">{a.enforcement_url.clone()}</a>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::{german_date, report_link};

    #[test]
    fn dates_and_the_report_link() {
        assert_eq!(german_date("2026-11-26"), "26.11.2026");
        assert_eq!(
            report_link("amt@example.org"),
            "mailto:amt@example.org?subject=Barriere%20auf%20der%20Beteiligungsseite"
        );
    }
}
