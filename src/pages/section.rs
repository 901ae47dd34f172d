//! A section page: number, title, full text, projects, earlier versions, next/previous.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use mitreden_model::diff::{word_diff, Change};
use mitreden_model::{EarlierVersion, RenderingKind, Section};

use super::{paragraphs, NotFound};
use crate::app::{set_page_title, PageHeading};
use crate::components::{load_public_comments, CommentForm, ItemList, Loaded, PublicComments};
use crate::content::use_content;
use crate::i18n::{t, Locale, Texts};

/// `/abschnitt/:id`: one section to read (and, soon, to comment on).
#[component]
pub fn SectionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    move || match use_content().section_arc(&id()) {
        Some(section) => section_view(t(), section, query.read().get("entwurf")).into_any(),
        None => NotFound().into_any(),
    }
}

/// "Leitmotiv 2: Vorne dabei" — the section page's name in the document title.
pub fn page_name(section: &Section) -> String {
    format!("{}: {}", label(t(), section), shown_title(section).0)
}

/// The section's title in the page's language — the English rendering's on English pages
/// where the file has one — and the `lang` to mark it with where it is not the page's.
pub fn shown_title(section: &Section) -> (&str, Option<&'static str>) {
    match crate::i18n::locale() {
        Locale::De => (section.title.as_str(), None),
        Locale::En => match section.rendering(RenderingKind::En) {
            Some(r) => (r.title.as_str(), None),
            None => (section.title.as_str(), Some("de")),
        },
    }
}

/// The section's text in the page's language. German pages show the town's text and offer
/// the renderings the file has (Leichte Sprache, English), each marked with its language
/// and who made it; English pages show the English rendering with its note and the town's
/// German text to open — or, where there is none, say so and show the German text.
fn section_text(t: &'static Texts, section: &Section) -> impl IntoView {
    let content = use_content();
    let notes = &content.rendering_notes;
    let offer = |kind: RenderingKind| {
        section.rendering(kind).map(|r| {
            view! {
                <details class="rendering" lang=kind.lang()>
                    <summary>{(t.read_rendering)(kind)}</summary>
                    <h2 class="rendering-title">{r.title.clone()}</h2>
                    {paragraphs(&r.text)}
                    <p class="rendering-note">{notes.of(kind).to_owned()}</p>
                </details>
            }
        })
    };
    let locale = crate::i18n::locale();
    match (locale, section.rendering(RenderingKind::En)) {
        (Locale::De, _) => view! {
            <div class="section-text">{paragraphs(&section.text)}</div>
            {offer(RenderingKind::LeichteSprache)}
            {offer(RenderingKind::En)}
        }
        .into_any(),
        (Locale::En, Some(english)) => view! {
            <div class="section-text">{paragraphs(&english.text)}</div>
            <p class="rendering-note">{notes.en.clone()}</p>
            <details class="rendering">
                <summary>{t.german_original}</summary>
                <div lang="de">{paragraphs(&section.text)}</div>
            </details>
            {offer(RenderingKind::LeichteSprache)}
        }
        .into_any(),
        (Locale::En, None) => view! {
            <p class="only-german">{t.only_german}</p>
            <div class="section-text" lang="de">{paragraphs(&section.text)}</div>
            {offer(RenderingKind::LeichteSprache)}
        }
        .into_any(),
    }
}

/// "Leitmotiv 2" — the kind and number a town uses to refer to a section.
fn label(t: &Texts, section: &Section) -> String {
    format!("{} {}", (t.kind_one)(section.kind), section.number)
}

fn section_view(t: &'static Texts, section: Arc<Section>, draft: Option<String>) -> impl IntoView {
    let s = use_content();
    let position = s.position(&section.id).unwrap_or(0) + 1;
    let label = label(t, &section);
    set_page_title(&page_name(&section));
    let (previous, next) = s.neighbours(&section.id);
    let previous = previous.map(|p| pager_link(t, p, t.previous, "previous"));
    let next = next.map(|n| pager_link(t, n, t.next, "next"));
    let (title, title_lang) = shown_title(&section);
    let title = title.to_owned();
    let projects = (!section.projects.is_empty()).then(|| {
        let items = section
            .projects
            .iter()
            .map(|p| view! { <li>{p.clone()}</li> })
            .collect_view();
        view! {
            <section class="projects" aria-labelledby="projekte">
                <h2 id="projekte">{t.projects_heading}</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    view! {
        <article class="section-page">
            <p class="position">{(t.position)(position, s.sections.len())}</p>
            <PageHeading>
                <span class="section-number">{label}</span>
                " "
                <span class="section-title" lang=title_lang>{title}</span>
            </PageHeading>
            {section_text(t, &section)}
            {projects}
            <div data-part="section" data-section=section.id.clone()>
                <SectionPart section=section.clone() draft=draft />
            </div>
            <nav class="pager" aria-label=t.pager_label>
                {previous}
                {next}
            </nav>
        </article>
    }
}

/// What on a section page lives in the browser: the changes with the comments that caused
/// them, the published comments, the form, and one's own items. The prerendered page holds
/// it as a part (`data-part="section"`) that the app renders anew when it starts.
#[component]
pub fn SectionPart(section: Arc<Section>, draft: Option<String>) -> impl IntoView {
    let t = t();
    let section_id: Arc<str> = section.id.as_str().into();
    let public = load_public_comments(section_id.clone());
    let outbox = crate::outbox::use_outbox();
    let at_kiosk = crate::kiosk::use_kiosk().is_some();
    let has_mine = {
        let section_id = section_id.clone();
        move || {
            !at_kiosk
                && outbox.items().with(|items| {
                    items
                        .iter()
                        .any(|i| !i.is_application() && *i.comment.section_id == *section_id)
                })
        }
    };
    let earlier = (!section.earlier.is_empty()).then(|| {
        // Each earlier version is compared with the one that replaced it; newest change first.
        let newer_texts = section
            .earlier
            .iter()
            .skip(1)
            .map(|e| e.text.as_str())
            .chain(std::iter::once(section.text.as_str()));
        let changes: Vec<_> = section.earlier.iter().zip(newer_texts).collect();
        let versions = changes
            .into_iter()
            .rev()
            .enumerate()
            .map(|(i, (e, newer))| {
                // Versions count from 1: this change produced the version after `e`'s.
                let produced = u32::try_from(section.earlier.len() - i).unwrap_or(0) + 1;
                earlier_view(t, e, newer, i, causes(section_id.clone(), produced, public))
            })
            .collect_view();
        view! {
            <section class="earlier" aria-labelledby="aenderungen">
                <h2 id="aenderungen">{t.earlier_heading}</h2>
                {versions}
            </section>
        }
    });
    view! {
        {earlier}
        <PublicComments section=section.clone() loaded=public />
        <CommentForm section=section draft=draft />
        // Only once there is something of one's own here (no empty heading on a first
        // visit); never at a kiosk, which lists nobody's comments.
        <Show when=has_mine>
            <section class="mine" aria-labelledby="meine-zum-abschnitt">
                <h2 id="meine-zum-abschnitt">{t.mine_on_section}</h2>
                <ItemList section=section_id.clone() />
            </section>
        </Show>
    }
}

/// The change from `old` to `new`, word by word: insertions underlined, deletions struck
/// through, each announced to screen readers — not by colour alone.
pub fn diff_view(t: &'static Texts, old: &str, new: &str) -> impl IntoView {
    let runs = word_diff(old, new)
        .into_iter()
        .map(|change| match change {
            Change::Same(words) => view! { <span>{words}</span> " " }.into_any(),
            Change::Inserted(words) => view! {
                <ins><span class="visually-hidden">{t.diff_inserted}</span>{words}</ins>
                " "
            }
            .into_any(),
            Change::Deleted(words) => view! {
                <del><span class="visually-hidden">{t.diff_deleted}</span>{words}</del>
                " "
            }
            .into_any(),
        })
        .collect_view();
    view! { <p class="diff">{runs}</p> }
}

/// Links to the published comments whose answer points to this version of the section
/// (the first page names them all). One that is not loaded yet is loaded first: the list
/// is read on, a hundred at a time, until it is there.
fn causes(section_id: Arc<str>, version: u32, public: Loaded) -> impl IntoView {
    let t = crate::i18n::t();
    let part = crate::task::Part::here();
    move || {
        let links: Vec<_> = public.with(|loaded| {
            loaded
                .as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|page| {
                    page.causes
                        .iter()
                        .filter(|c| c.version == version)
                        .map(|c| {
                            (
                                c.id.clone(),
                                (t.comment_by)(c.name.as_deref().unwrap_or("")),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        });
        (!links.is_empty()).then(|| {
            view! {
                <p class="change-causes">
                    <strong>{t.change_causes}</strong> " "
                    {links
                        .into_iter()
                        .map(|(id, label)| {
                            let anchor = format!("kommentar-{id}");
                            let href = format!("#{anchor}");
                            let part = part.clone();
                            let section_id = section_id.clone();
                            let go = move |ev: leptos::ev::MouseEvent| {
                                if document().get_element_by_id(&anchor).is_some() {
                                    return;
                                }
                                ev.prevent_default();
                                let anchor = anchor.clone();
                                let section_id = section_id.clone();
                                part.spawn(async move {
                                    let max = Some(mitreden_model::paging::PAGE_MAX);
                                    while document().get_element_by_id(&anchor).is_none()
                                        && crate::components::load_next(&section_id, public, max).await.is_some()
                                    {
                                        // Let the list render the page before looking again.
                                        crate::task::next_frame().await;
                                    }
                                    let _ = window().location().set_hash(&anchor);
                                });
                            };
                            view! { <a href=href on:click=go>{label}</a> " " }
                        })
                        .collect_view()}
                </p>
            }
        })
    }
}

fn earlier_view(
    t: &'static Texts,
    e: &EarlierVersion,
    newer: &str,
    index: usize,
    causes: impl IntoView + 'static,
) -> impl IntoView {
    let heading_id = format!("aenderung-{index}");
    let changed_on = (t.changed_on)(e.date.as_deref());
    let diff = diff_view(t, &e.text, newer);
    let earlier_text = paragraphs(&e.text);
    let labelled_by = heading_id.clone();
    // The town's German, marked as such on English pages.
    let lang = crate::app::town_lang();
    view! {
        <article class="change" aria-labelledby=labelled_by>
            <h3 id=heading_id>{changed_on}</h3>
            <p class="change-reason">
                <strong>{t.change_reason}</strong> " " <span lang=lang>{e.reason.clone()}</span>
            </p>
            <div lang=lang>{diff}</div>
            {causes}
            {e.reconstructed.then(|| view! { <p class="note">{t.reconstructed_note}</p> })}
            <details class="earlier-version">
                <summary>{t.earlier_full}</summary>
                <div class="earlier-text" lang=lang>{earlier_text}</div>
            </details>
        </article>
    }
}

fn pager_link(
    t: &'static Texts,
    target: &Section,
    direction: &'static str,
    rel: &'static str,
) -> impl IntoView {
    let href = crate::app::href(&format!("/abschnitt/{}", target.id));
    let label = label(t, target);
    let (title, lang) = shown_title(target);
    let title = title.to_owned();
    view! {
        <A href=href attr:class=format!("pager-{rel}") attr:rel=rel>
            <span class="pager-direction">{direction}</span>
            " "
            <span class="pager-target">{label} ": "
                <span lang=lang>{title}</span></span>
        </A>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::*;

    use crate::app::App;
    use crate::content::use_content;
    use crate::pages::test_support::{find, mount};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn app_at_a_deep_link_renders_that_sections_full_text() {
        let history = web_sys::window()
            .expect("window")
            .history()
            .expect("history");
        history
            .push_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some("/abschnitt/leitmotiv-2"),
            )
            .expect("pushState");
        let root = mount(App);
        let h1 = find(&root, "h1").await;
        assert_eq!(
            h1.text_content().unwrap_or_default(),
            "Leitmotiv 2 Vorne dabei"
        );
        let text = root.text_content().unwrap_or_default();
        let content = use_content();
        let section = content
            .section("leitmotiv-2")
            .expect("in the test strategy");
        assert!(text.contains(section.text.trim()), "{text}");
        let inserted = root
            .query_selector(".diff ins")
            .expect("query")
            .expect("an insertion");
        assert_eq!(
            inserted.text_content().unwrap_or_default(),
            "eingefügt: sowie Bildungseinrichtungen"
        );
        assert!(
            text.contains("Änderungen am Text"),
            "the earlier version is listed"
        );
        assert_eq!(
            web_sys::window()
                .expect("window")
                .document()
                .expect("doc")
                .title(),
            "Leitmotiv 2: Vorne dabei – Leitmotive der Digitalisierung in Sindelfingen"
        );
    }
}
