//! The workplace's keys: `j`/`k` move through the list (the comment is shown beside it, its
//! row takes the focus, its position is announced), `p` publishes the comment shown, `r`
//! and `a` open its rejection or answer form with the focus in it. They work whenever no
//! field has the focus (also right after signing in), and a checkbox by their list turns
//! them off — for voice control, where a spoken word must never publish anything
//! (WCAG 2.1.4). Every action has its button too. The keys are listed on the page.

use leptos::prelude::*;
use mitreden_model::api::AdminComment;
use wasm_bindgen::JsCast;

use super::texts::admin_t;

/// The row button of the comment with this id (it carries `data-id`).
pub fn row_button(id: &str) -> Option<web_sys::HtmlElement> {
    document()
        .query_selector(&format!(".work-open[data-id='{id}']"))
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into().ok())
}

#[component]
pub fn Keys(
    comments: RwSignal<Vec<AdminComment>>,
    current: RwSignal<Option<String>>,
    message: RwSignal<String>,
) -> impl IntoView {
    let on = RwSignal::new(true);
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.alt_key() || ev.meta_key() || !on.get_untracked() {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || el.closest("dialog").ok().flatten().is_some()
            });
        if typing {
            return;
        }
        // Clicks the detail pane's button for `key`, or opens its form for `key` with the
        // focus in the first field.
        let act = |key: &str| {
            let Some(target) = document()
                .query_selector(&format!(".work-detail [data-key='{key}']"))
                .ok()
                .flatten()
            else {
                return;
            };
            match target
                .parent_element()
                .and_then(|d| d.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            {
                Some(details) => {
                    details.set_open(true);
                    if let Some(field) = details
                        .query_selector("input, textarea")
                        .ok()
                        .flatten()
                        .and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        let _ = field.focus();
                    }
                }
                None => {
                    if let Ok(button) = target.dyn_into::<web_sys::HtmlElement>() {
                        button.click();
                    }
                }
            }
        };
        match ev.key().as_str() {
            key @ ("j" | "k") => {
                ev.prevent_default();
                let ids: Vec<String> = comments.with(|c| c.iter().map(|c| c.id.clone()).collect());
                let Some(last) = ids.len().checked_sub(1) else {
                    return;
                };
                let at = current
                    .get_untracked()
                    .and_then(|id| ids.iter().position(|i| *i == id));
                // From the comment shown to the next or the one before, wherever the focus is.
                let next = match at {
                    Some(i) if key == "j" => (i + 1).min(last),
                    Some(i) => i.saturating_sub(1),
                    None => 0,
                };
                current.set(Some(ids[next].clone()));
                if let Some(button) = row_button(&ids[next]) {
                    let _ = button.focus();
                }
                let n = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                let i = u32::try_from(next + 1).unwrap_or(u32::MAX);
                message.set((admin_t().admin_key_position)(i, n));
            }
            "p" => act("p"),
            key @ ("r" | "a") => {
                ev.prevent_default();
                act(key);
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <details class="admin-keys">
            <summary>{admin_t().admin_keys}</summary>
            <dl>
                <dt><kbd>"j"</kbd> " / " <kbd>"k"</kbd></dt><dd>{admin_t().admin_key_move}</dd>
                <dt><kbd>"p"</kbd></dt><dd>{admin_t().admin_key_publish}</dd>
                <dt><kbd>"r"</kbd></dt><dd>{admin_t().admin_key_reject}</dd>
                <dt><kbd>"a"</kbd></dt><dd>{admin_t().admin_key_answer}</dd>
            </dl>
            <div class="consent">
                <input id="tastenkuerzel" type="checkbox" prop:checked=move || on.get()
                    on:change:target=move |ev| on.set(ev.target().checked()) />
                <label for="tastenkuerzel">{admin_t().admin_keys_on}</label>
            </div>
        </details>
    }
}
