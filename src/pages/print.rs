//! `/druckfassung`: the whole current strategy to take away, as Stutensee offers its
//! strategy in the BürgerBüro — printed from the browser on A4 (each section on a page of its
//! own), with a table of contents and where to send a comment: this site's address (each
//! section's own) and the office's postal address.
//!
//! Prerendered only: the page has no part that lives in the browser apart from this
//! server's address (put in by [`crate::snippets`]), and its texts are here rather than in
//! [`crate::i18n::Texts`], so none of it is in the citizens' wasm.

use leptos::prelude::*;

use super::{paragraphs, section_page_name};
use crate::app::{set_page_title, PageHeading};
use crate::content::use_content;
use crate::i18n::{t, Locale};

/// The print view's texts (German).
pub struct PrintTexts {
    /// The footer's link and the page's title.
    pub link: &'static str,
    /// How to print it.
    pub hint: &'static str,
    /// Heading: how to take part.
    pub take_part: &'static str,
    /// Before this site's address.
    pub online: &'static str,
    /// Before the office's postal address.
    pub post: &'static str,
    /// Heading of the table of contents.
    pub contents: &'static str,
    /// Heading of the introduction.
    pub introduction: &'static str,
    /// Heading of a section's projects.
    pub projects: &'static str,
    /// Under each section: where a comment on it goes.
    pub section_address: &'static str,
}

/// The print view's texts in the page's language.
pub fn print_t() -> &'static PrintTexts {
    match crate::i18n::locale() {
        Locale::De => &PRINT,
        Locale::En => &PRINT_EN,
    }
}

/// The print view's texts in English.
static PRINT_EN: PrintTexts = PrintTexts {
    link: "Printable version",
    hint: "To take away: print this page with your browser's print function (Ctrl + P) or \
           save it there as a PDF. Each section starts on a new page.",
    take_part: "How to take part",
    online: "Online, for each section:",
    post: "By post or in person:",
    contents: "Contents",
    introduction: "Introduction",
    projects: "Projects",
    section_address: "Your comment on this section:",
};

/// The print view's texts (German).
static PRINT: PrintTexts = PrintTexts {
    link: "Druckfassung",
    hint: "Zum Mitnehmen: Drucken Sie diese Seite mit der Druckfunktion Ihres Browsers \
           (Strg + P) oder speichern Sie sie dort als PDF. Jeder Abschnitt beginnt auf einer \
           neuen Seite.",
    take_part: "So reden Sie mit",
    online: "Im Internet, zu jedem Abschnitt:",
    post: "Per Post oder persönlich:",
    contents: "Inhalt",
    introduction: "Einleitung",
    projects: "Projekte",
    section_address: "Ihre Anmerkung zu diesem Abschnitt:",
};

/// `/druckfassung`.
#[component]
pub fn PrintPage() -> impl IntoView {
    let t = t();
    let p = print_t();
    let s = use_content();
    let title = s.title.clone();
    let town_lang = crate::app::town_lang();
    Effect::new(move |_| set_page_title(p.link));
    // This server's address, put in by the app (as on the "Einbinden" page).
    let address = move |path: String| {
        view! { <code data-snippet="">{format!("{}{path}", t.embed_origin_placeholder)}</code> }
    };
    // The same, naming the image that shows it as a QR code.
    let address_with_qr = move |path: String, qr: String| {
        view! { <code data-snippet="" data-qr=qr>{format!("{}{path}", t.embed_origin_placeholder)}</code> }
    };
    view! {
        <article class="print-view">
            <PageHeading><span lang=crate::app::town_lang()>{title}</span></PageHeading>
            <p class="print-meta">{s.town.clone()} " · " {s.status.clone()}</p>
            <p class="no-print">{p.hint}</p>
            <section class="print-take-part" aria-labelledby="mitreden-titel">
                <h2 id="mitreden-titel">{p.take_part}</h2>
                <p lang=town_lang>{s.invitation.clone()}</p>
                <p>{p.online} " " {address(crate::app::href("/"))}</p>
                {(!s.contact.is_empty()).then(|| view! { <p>{p.post} " " <span lang=town_lang>{s.contact.clone()}</span></p> })}
            </section>
            <nav class="print-contents" aria-labelledby="inhalt-titel">
                <h2 id="inhalt-titel">{p.contents}</h2>
                <ol>
                    {s.sections.iter().map(|section| view! {
                        <li><a href=format!("#abschnitt-{}", section.id)>{section_page_name(section)}</a></li>
                    }).collect_view()}
                </ol>
            </nav>
            <section class="print-intro" aria-labelledby="einleitung-titel">
                <h2 id="einleitung-titel">{p.introduction}</h2>
                <div lang=town_lang>{paragraphs(&s.introduction)}</div>
            </section>
            {s.sections.iter().map(|section| {
                let heading = format!("abschnitt-{}-titel", section.id);
                let labelled_by = heading.clone();
                view! {
                    <section class="print-section" id=format!("abschnitt-{}", section.id)
                        aria-labelledby=labelled_by>
                        <h2 id=heading>{section_page_name(section)}</h2>
                        // On English pages the English rendering with its note, where the
                        // file has one; else the town's German text, marked as German.
                        {match (town_lang, section.en.as_ref()) {
                            (Some(_), Some(english)) => view! {
                                {paragraphs(&english.text)}
                                <p class="rendering-note">{s.rendering_notes.en.clone()}</p>
                            }.into_any(),
                            (lang, _) => view! { <div lang=lang>{paragraphs(&section.text)}</div> }.into_any(),
                        }}
                        {(!section.projects.is_empty()).then(|| view! {
                            <h3>{p.projects}</h3>
                            <ul>{section.projects.iter().map(|x| view! { <li>{x.clone()}</li> }).collect_view()}</ul>
                        })}
                        <div class="print-address">
                            <p>{p.section_address} " "
                                {address_with_qr(crate::app::href(&format!("/abschnitt/{}", section.id)), format!("qr-{}", section.id))}</p>
                            // Drawn by the server for this site's address, once the app knows it.
                            <img class="print-qr" id=format!("qr-{}", section.id) alt="" width="96" height="96" />
                        </div>
                    </section>
                }
            }).collect_view()}
        </article>
    }
}
