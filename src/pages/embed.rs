//! "Einbinden": the snippet a town's web editor pastes into the homepage, for the whole
//! strategy and for each section, ready to copy, each with a live preview made by the
//! snippet itself (`public/embed.js`).

use leptos::prelude::*;

use crate::app::{set_page_title, PageHeading};
use crate::content::use_content;
use crate::i18n::t;

/// `/einbinden`.
#[component]
pub fn EmbedPage() -> impl IntoView {
    let t = t();
    Effect::new(move |_| set_page_title(t.embed_heading));
    view! {
        <article class="embed-page">
            <PageHeading>{t.embed_heading}</PageHeading>
            <p>{t.embed_intro}</p>
            <p>{t.embed_options}</p>
            <EmbedSnippets />
        </article>
    }
}

/// The snippet for `section` (`None`: the whole strategy) as served from `origin`.
pub fn snippet(origin: &str, section: Option<&str>) -> String {
    let section = section
        .map(|id| format!(" data-section=\"{id}\""))
        .unwrap_or_default();
    format!("<script src=\"{origin}/embed.js\"{section} async></script>")
}

/// The snippets, prerendered with a placeholder for this server's address: the app puts the
/// address in and makes the copy buttons work ([`crate::app::start`] calls
/// `crate::snippets::enhance`; a few lines of DOM code, where a Leptos part cost 2.6 KB of
/// the first load).
#[component]
fn EmbedSnippets() -> impl IntoView {
    let t = t();
    let whole = std::iter::once((t.embed_whole.to_owned(), None));
    let content = use_content();
    let sections = content
        .sections
        .iter()
        .map(|s| (super::section_page_name(s), Some(s.id.clone())))
        .collect::<Vec<_>>();
    whole
        .chain(sections)
        .enumerate()
        .map(|(i, (label, section))| {
            let code = snippet(t.embed_origin_placeholder, section.as_deref());
            let id = format!("einbinden-{i}");
            view! {
                <section class="embed-snippet" aria-labelledby=id.clone()>
                    <h2 id=id.clone()>{label}</h2>
                    <pre><code id=format!("{id}-code") data-snippet="">{code}</code></pre>
                    <button type="button" class="button secondary" data-copy=format!("{id}-code") disabled>
                        {t.embed_copy}
                    </button>
                    " "
                    <span id=format!("{id}-code-status")></span>
                    <details>
                        <summary>{t.embed_preview}</summary>
                        <script src="/embed.js" data-section=section async></script>
                    </details>
                </section>
            }
        })
        .collect_view()
}
