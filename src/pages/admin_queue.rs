//! The workplace's parts beside each comment: acting on several selected comments at once,
//! and a comment's history (who did what, when).

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::api::{AdminComment, AnswerStatus};
use mitreden_model::moderation::{BulkAction, BulkInput};

use crate::clock::format_iso;
use crate::http;
use crate::i18n::t;

/// "Alle auf dieser Seite auswählen", and publish or reject what is selected in one request.
#[component]
pub fn Bulk(
    comments: RwSignal<Vec<AdminComment>>,
    selected: RwSignal<BTreeSet<String>>,
    message: RwSignal<String>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = t();
    let reason = RwSignal::new(String::new());
    let act = move |action: BulkAction| {
        let input = BulkInput {
            ids: selected.get_untracked().into_iter().collect(),
            action,
            reason: Some(reason.get_untracked()).filter(|r| !r.trim().is_empty()),
        };
        spawn_local(async move {
            match http::admin_bulk(&input).await {
                Ok(done) => {
                    message.set((t.admin_bulk_done)(done.changed));
                    selected.update(BTreeSet::clear);
                    reload();
                }
                Err(why) => message.set(why),
            }
        });
    };
    let count = move || selected.with(BTreeSet::len);
    view! {
        <div class="admin-bulk" role="group" aria-label=t.admin_bulk>
            <button type="button" class="button secondary" on:click=move |_| {
                let ids = comments.with(|c| c.iter().map(|c| c.id.clone()).collect::<Vec<_>>());
                selected.update(|s| s.extend(ids));
            }>{t.admin_select_page}</button>
            <button type="button" class="button secondary" disabled=move || count() == 0
                on:click=move |_| selected.update(BTreeSet::clear)>{t.admin_select_none}</button>
            <button type="button" class="button primary" disabled=move || count() == 0
                on:click=move |_| act(BulkAction::Publish)>
                {move || (t.admin_bulk_publish)(count())}
            </button>
            <label for="sammel-grund">{t.admin_reject_reason}</label>
            <input id="sammel-grund" type="text" prop:value=move || reason.get()
                on:input:target=move |ev| reason.set(ev.target().value()) />
            <button type="button" class="button danger" disabled=move || count() == 0
                on:click=move |_| act(BulkAction::Reject)>
                {move || (t.admin_bulk_reject)(count())}
            </button>
        </div>
    }
}

/// A comment's history, loaded when opened.
#[component]
pub fn History(id: String) -> impl IntoView {
    let t = t();
    let entries = RwSignal::new(None::<Vec<String>>);
    let load = move |_| {
        if entries.get_untracked().is_some() {
            return;
        }
        let id = id.clone();
        spawn_local(async move {
            let lines = match http::admin_history(&id).await {
                Ok(list) if list.is_empty() => vec![t.admin_history_empty.to_owned()],
                Ok(list) => list
                    .iter()
                    .map(|e| {
                        // An answer's detail starts with its status word: in words here.
                        let detail = e.detail.as_deref().map(|d| {
                            let (word, rest) = d.split_once(": ").unwrap_or((d, ""));
                            match AnswerStatus::parse(word) {
                                Some(s) if rest.is_empty() => (t.answer_status)(s).to_owned(),
                                Some(s) => format!("{}: {rest}", (t.answer_status)(s)),
                                None => d.to_owned(),
                            }
                        });
                        let line = (t.admin_history_entry)(
                            &format_iso(&e.at),
                            (t.audit_action)(e.action),
                            &e.staff_name,
                            detail.as_deref(),
                        );
                        match &e.answer {
                            Some(text) => format!("{line} – „{text}“"),
                            None => line,
                        }
                    })
                    .collect(),
                Err(_) => vec![t.no_connection.to_owned()],
            };
            entries.set(Some(lines));
        });
    };
    view! {
        <details on:toggle=load>
            <summary>{t.admin_history}</summary>
            <ul class="history">
                {move || entries.get().unwrap_or_default().into_iter()
                    .map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
        </details>
    }
}
