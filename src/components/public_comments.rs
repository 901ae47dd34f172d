//! What others wrote on a section, once published, with the town's answers; and the count
//! of published comments per section on the start page.

use leptos::prelude::*;
use mitreden_model::api::{Answer, SectionCount};
use mitreden_model::paging::CommentPage;

use crate::clock::format_iso;
use crate::content::use_content;
use crate::http;
use crate::i18n::{t, Texts};
use crate::pages::paragraphs;

/// An official answer: who answers, the status in words, the text, the reason, and the
/// revision it led to.
pub fn answer_view(t: &'static Texts, answer: &Answer) -> impl IntoView {
    let revision = answer.revision.as_ref().map(|r| {
        let label = use_content().section(&r.section_id).map_or_else(
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

/// The published comments on a section as far as loaded (the pages so far, appended):
/// `None` while the first page loads, `Err` when it could not be.
pub type Loaded = RwSignal<Option<Result<CommentPage, ()>>>;

/// Starts fetching the first page of the published comments on a section, as work of the
/// part that asks (prerendered, they load once the app runs).
pub fn load_public_comments(section: std::sync::Arc<str>) -> Loaded {
    let loaded: Loaded = RwSignal::new(None);
    if !is_server() {
        crate::task::spawn_here(async move {
            let result = http::section_comments(&section, None, None).await;
            loaded.set(Some(result.map_err(|_| ())));
        });
    }
    loaded
}

/// Loads the page after those loaded (of `limit` comments, the server's default when
/// `None`) and appends it: how many came; `None` when there is none or it could not be
/// loaded.
pub async fn load_next(section: &str, loaded: Loaded, limit: Option<u32>) -> Option<usize> {
    let after = loaded.with_untracked(|l| {
        l.as_ref()
            .and_then(|r| r.as_ref().ok())
            .and_then(|p| p.next.clone())
    })?;
    let page = http::section_comments(section, Some(&after), limit)
        .await
        .ok()?;
    let mut came = 0;
    loaded.update(|l| {
        if let Some(Ok(list)) = l {
            // A comment both pages have (it can't be, but a double must never show) once.
            for c in page.comments {
                if !list.comments.iter().any(|known| known.id == c.id) {
                    list.comments.push(c);
                    came += 1;
                }
            }
            list.next = page.next;
            list.total = page.total;
        }
    });
    Some(came)
}

/// The published comments on a section, newest first, a page at a time: "Weitere
/// Kommentare laden" appends the next page and says how many came.
#[component]
pub fn PublicComments(
    section: std::sync::Arc<mitreden_model::Section>,
    loaded: Loaded,
) -> impl IntoView {
    let t = t();
    let part = crate::task::Part::here();
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let section_id: std::sync::Arc<str> = section.id.as_str().into();
    let version = section.version();
    let more = move |_| {
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        failed.set(false);
        let section_id = section_id.clone();
        part.spawn(async move {
            let came = load_next(&section_id, loaded, None).await;
            loading.set(false);
            failed.set(came.is_none());
            crate::components::say(
                &came.map_or_else(|| t.public_more_failed.to_owned(), t.public_more_loaded),
            );
        });
    };
    let item = move |c: &mitreden_model::api::PublicComment| {
        let name = c.name.clone().unwrap_or_else(|| t.anonymous.to_owned());
        view! {
            <li class="public-comment" id=format!("kommentar-{}", c.id)>
                <p class="public-meta">
                    <strong>{name}</strong> " · " {format_iso(&c.received_at)}
                </p>
                {(c.section_version < version).then(|| view! {
                    <p class="note">
                        <a href="#aenderungen">{(t.written_on_version)(c.section_version)}</a>
                    </p>
                })}
                <div class="public-text">{paragraphs(&c.text)}</div>
                {c.answer.as_ref().map(|a| answer_view(t, a))}
            </li>
        }
    };
    let list = move || {
        loaded.with(|l| match l {
            None => None,
            Some(Err(())) => Some(view! { <p>{t.public_unavailable}</p> }.into_any()),
            Some(Ok(page)) if page.comments.is_empty() => {
                Some(view! { <p>{t.public_none}</p> }.into_any())
            }
            Some(Ok(page)) => Some(
                view! {
                    <ul class="public-list">{page.comments.iter().map(item).collect_view()}</ul>
                    <p class="public-shown">{(t.public_shown)(page.comments.len(), page.total)}</p>
                }
                .into_any(),
            ),
        })
    };
    let no_more = move || loaded.with(|l| !matches!(l, Some(Ok(p)) if p.next.is_some()));
    view! {
        <section class="public-comments" aria-labelledby="kommentare-anderer">
            <h2 id="kommentare-anderer">{t.public_heading}</h2>
            {list}
            // Always the same element (hidden when there is no more), so that the focus
            // stays on it while pages come.
            <button type="button" class="button public-more" on:click=more hidden=no_more
                aria-disabled=move || loading.get().then_some("true")>
                {move || if loading.get() { t.public_more_loading } else { t.public_more }}
            </button>
            {move || failed.get().then(|| view! { <p class="form-error">{t.public_more_failed}</p> })}
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
