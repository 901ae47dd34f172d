//! The workplace's parts beside each comment: acting on several selected comments at once,
//! a comment's history (who did what, when), and the keys that move through the list.

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

/// `j`/`k` move to the next or previous comment (it takes the focus and is announced),
/// `p` publishes it, `r` and `a` open its rejection or answer form with the focus in it.
/// Keys typed into a field are text, not commands; every action has its button too. The
/// keys are listed on the page.
#[component]
pub fn Keys(message: RwSignal<String>) -> impl IntoView {
    use wasm_bindgen::JsCast;
    let t = t();
    let at = StoredValue::new(None::<u32>);
    let items = || document().query_selector_all(".admin-item").ok();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || el.closest("dialog").ok().flatten().is_some()
            });
        let Some(list) = items().filter(|_| !typing) else {
            return;
        };
        let n = list.length();
        let item = |i: u32| {
            list.item(i)
                .and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        };
        // The comment the focus is in, else the last one moved to.
        let current = (0..n)
            .find(|i| {
                item(*i).is_some_and(|el| {
                    document()
                        .active_element()
                        .is_some_and(|a| el.contains(Some(&a)))
                })
            })
            .or(at.get_value().filter(|i| *i < n));
        let act = |key: &str| {
            let Some(el) = current.and_then(item) else {
                return;
            };
            if let Some(target) = el
                .query_selector(&format!("[data-key='{key}']"))
                .ok()
                .flatten()
                .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
            {
                target.click();
                // A form opened: the focus goes to its first field.
                if let Some(field) = target
                    .parent_element()
                    .and_then(|d| d.query_selector("input, textarea").ok().flatten())
                    .and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = field.focus();
                }
            }
        };
        match ev.key().as_str() {
            "j" | "k" if n > 0 => {
                ev.prevent_default();
                let next = match (ev.key().as_str(), current) {
                    ("j", Some(i)) => (i + 1).min(n - 1),
                    ("k", Some(i)) => i.saturating_sub(1),
                    _ => 0,
                };
                if let Some(el) = item(next) {
                    let _ = el.focus();
                    at.set_value(Some(next));
                    message.set((t.admin_key_position)(next + 1, n));
                }
            }
            "p" => act("p"),
            "r" | "a" => {
                ev.prevent_default();
                act(&ev.key());
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <details class="admin-keys">
            <summary>{t.admin_keys}</summary>
            <dl>
                <dt><kbd>"j"</kbd> " / " <kbd>"k"</kbd></dt><dd>{t.admin_key_move}</dd>
                <dt><kbd>"p"</kbd></dt><dd>{t.admin_key_publish}</dd>
                <dt><kbd>"r"</kbd></dt><dd>{t.admin_key_reject}</dd>
                <dt><kbd>"a"</kbd></dt><dd>{t.admin_key_answer}</dd>
            </dl>
        </details>
    }
}
