//! What others wrote on a section, once published, with the town's answers; and the count
//! of published comments per section on the start page.

use leptos::prelude::*;
use mitreden_model::api::{Answer, PublicComment, SectionCount};

use crate::clock::format_iso;
use crate::content::strategy;
use crate::http;
use crate::i18n::{t, Texts};
use crate::pages::paragraphs;

/// An official answer: who answers, the status in words, the text, the reason, and the
/// revision it led to.
pub fn answer_view(t: &'static Texts, answer: &Answer) -> impl IntoView {
    let revision = answer.revision.as_ref().map(|r| {
        let label = strategy().section(&r.section_id).map_or_else(
            || r.section_id.clone(),
            |s| format!("{} {}", (t.kind_one)(s.kind), s.number),
        );
        let href = crate::app::href(&format!("/abschnitt/{}#aenderungen", r.section_id));
        view! { <p class="answer-revision"><a href=href>{(t.see_revision)(&label, r.version)}</a></p> }
    });
    let reason = answer.reason.clone().map(|r| {
        view! { <p class="answer-reason"><strong>{t.answer_reason}</strong> " " {r}</p> }
    });
    view! {
        <div class="answer">
            <p class="answer-by">
                <strong>{(t.answer_by)(&answer.office)}</strong>
                " – "
                <span class="answer-status">{(t.answer_status)(answer.status)}</span>
            </p>
            <div class="answer-text">{paragraphs(&answer.text)}</div>
            {reason}
            {revision}
        </div>
    }
}

/// The published comments on a section: `None` while loading, `Err` when unavailable.
pub type Loaded = RwSignal<Option<Result<Vec<PublicComment>, ()>>>;

/// Starts fetching the published comments on a section, as work of the part that asks
/// (prerendered, they load once the app runs).
pub fn load_public_comments(section: &'static str) -> Loaded {
    let loaded: Loaded = RwSignal::new(None);
    if !is_server() {
        crate::task::spawn_here(async move {
            let result = http::section_comments(section).await;
            loaded.set(Some(result.map_err(|_| ())));
        });
    }
    loaded
}

/// The published comments on a section, newest first.
#[component]
pub fn PublicComments(section: &'static mitreden_model::Section, loaded: Loaded) -> impl IntoView {
    let t = t();
    let list = move || {
        match loaded.get() {
        None => None,
        Some(Err(())) => Some(view! { <p>{t.public_unavailable}</p> }.into_any()),
        Some(Ok(comments)) if comments.is_empty() => {
            Some(view! { <p>{t.public_none}</p> }.into_any())
        }
        Some(Ok(comments)) => Some(
            view! {
                <ul class="public-list">
                    {comments
                        .into_iter()
                        .map(|c| {
                            let name = c.name.clone().unwrap_or_else(|| t.anonymous.to_owned());
                            view! {
                                <li class="public-comment" id=format!("kommentar-{}", c.id)>
                                    <p class="public-meta">
                                        <strong>{name}</strong> " · " {format_iso(&c.received_at)}
                                    </p>
                                    {(c.section_version < section.version()).then(|| view! {
                                        <p class="note">
                                            <a href="#aenderungen">{(t.written_on_version)(c.section_version)}</a>
                                        </p>
                                    })}
                                    <div class="public-text">{paragraphs(&c.text)}</div>
                                    {c.answer.as_ref().map(|a| answer_view(t, a))}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any(),
        ),
    }
    };
    view! {
        <section class="public-comments" aria-labelledby="kommentare-anderer">
            <h2 id="kommentare-anderer">{t.public_heading}</h2>
            {list}
        </section>
    }
}

/// Published comments per section, fetched once by the part that asks; empty while
/// loading or offline.
pub fn use_counts() -> RwSignal<Vec<SectionCount>> {
    let counts = RwSignal::new(Vec::new());
    if !is_server() {
        crate::task::spawn_here(async move {
            if let Ok(list) = http::counts().await {
                counts.set(list);
            }
        });
    }
    counts
}
