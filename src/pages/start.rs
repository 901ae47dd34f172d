//! The start page: town, title, status, the invitation, the introduction, and every section
//! grouped by kind.

use leptos::prelude::*;

use super::paragraphs;
use crate::app::{set_page_title, town_lang, PageHeading};
use crate::components::use_counts;
use crate::content::use_content;
use crate::i18n::t;

/// `/`: what the strategy is and where to start reading.
#[component]
pub fn StartPage() -> impl IntoView {
    let t = t();
    let s = use_content();
    Effect::new(|_| set_page_title(""));
    let title = s.title.clone();
    view! {
        <article class="start">
            <p class="town">{s.town.clone()}</p>
            <PageHeading><span lang=town_lang()>{title}</span></PageHeading>
            <p class="status">
                <span class="status-label">{t.status_label}</span> " "
                <span lang=town_lang()>{s.status.clone()}</span>
            </p>
            {town_lang().map(|_| view! { <p class="only-german">{t.town_text_german}</p> })}
            <p class="invitation" lang=town_lang()>{s.invitation.clone()}</p>
            {s.participation_ends.as_deref().map(|day| view! {
                <p class="participation-ends"><strong>{(t.participation_until)(day)}</strong></p>
            })}
            // The invitation speaks of a comment field: it is under every section's text.
            <p class="start-how"><a href="#abschnitte">{t.start_how}</a></p>
            {s.event.as_ref().map(|event| view! {
                <p class="event-link">
                    <a href=crate::app::href("/teilnahme")>
                        <span lang=town_lang()>{event.title.clone()}</span>
                        " – " {crate::i18n::event_page_t().apply_now}
                    </a>
                </p>
            })}
            <div class="introduction" lang=town_lang()>{paragraphs(&s.introduction)}</div>
            <h2 id="abschnitte">{t.sections_heading}</h2>
            <div data-part="sections">
                <SectionsPart />
            </div>
        </article>
    }
}

/// Every section by kind, each with its count of published comments once loaded: the start
/// page's part that lives in the browser (`data-part="sections"`).
#[component]
pub fn SectionsPart() -> impl IntoView {
    let t = t();
    let counts = use_counts();
    use_content()
        .groups()
        .into_iter()
        .map(|(kind, sections)| {
            let heading_id = format!("gruppe-{}", kind.key());
            let labelled_by = heading_id.clone();
            let items = sections
                .into_iter()
                .map(|section| {
                    let id = section.id.clone();
                    view! {
                        <li>
                            <a href=crate::app::href(&format!("/abschnitt/{}", section.id))>
                                <span class="section-number">
                                    {(t.kind_one)(kind)} " " {section.number.clone()}
                                </span>
                                " "
                                <span class="section-title" lang=super::shown_title(section).1>
                                    {super::shown_title(section).0.to_owned()}
                                </span>
                            </a>
                            {move || {
                                counts
                                    .with(|c| c.iter().find(|c| c.section_id == id).map(|c| c.comments))
                                    .map(|n| view! { <p class="section-count">{(t.comment_count)(n)}</p> })
                            }}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="section-group" aria-labelledby=labelled_by>
                    <h3 id=heading_id>{(t.kind_many)(kind)}</h3>
                    <ul class="section-list">{items}</ul>
                </section>
            }
        })
        .collect_view()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    use super::StartPage;
    use crate::content::use_content;
    use crate::pages::test_support::mount;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn start_page_lists_every_section_as_a_link() {
        let root = mount(|| view! { <Router><StartPage /></Router> });
        let links = root.query_selector_all(".section-list a").expect("query");
        assert_eq!(links.length() as usize, use_content().sections.len());
        let text = root.text_content().unwrap_or_default();
        assert!(
            text.contains("Leitmotive der Digitalisierung in Sindelfingen"),
            "{text}"
        );
        for section in &use_content().sections {
            assert!(text.contains(&section.title), "missing {}", section.title);
        }
        let first = links.item(0).expect("a link");
        let href = first
            .unchecked_ref::<web_sys::Element>()
            .get_attribute("href")
            .unwrap_or_default();
        assert_eq!(href, "/abschnitt/leitmotiv-1");
    }
}
