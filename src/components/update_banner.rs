//! "Neue Version verfügbar — neu laden", and the note on unsent comments where the browser
//! may delete stored data.

use leptos::prelude::*;

use crate::i18n::t;
use crate::outbox::use_outbox;
use crate::sw::use_service_worker;

/// The event the comment form listens to, to save an open draft at once.
pub const SAVE_EVENT: &str = "mitreden-save";

/// True if the comment form on this page holds text (a draft is open).
fn draft_open() -> bool {
    use wasm_bindgen::JsCast;
    document()
        .get_element_by_id("kommentar-text")
        .and_then(|el| el.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .is_some_and(|el| !el.value().trim().is_empty())
}

/// Saves an open draft, then lets the new version take over.
fn save_and_update(sw: crate::sw::ServiceWorker) {
    if let Ok(event) = web_sys::Event::new(SAVE_EVENT) {
        let _ = window().dispatch_event(&event);
    }
    sw.apply_update();
}

/// Shows the update offer; with no draft open, updates without asking.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let t = t();
    let outbox = use_outbox();
    let sw = use_service_worker();
    Effect::new(move |_| {
        if let Some(sw) = sw {
            if sw.update_ready.get() && !draft_open() {
                save_and_update(sw);
            }
        }
    });
    super::say_changes(move || {
        sw.filter(|sw| sw.update_ready.get())
            .map(|_| t.update_available.to_owned())
            .unwrap_or_default()
    });
    let update = move || {
        sw.filter(|sw| sw.update_ready.get()).map(|sw| {
            view! {
                // A landmark of its own (between the header and the main content), while shown.
                <div class="banner" role="region" aria-label=t.notice_label>
                    <p>{t.update_available}</p>
                    <button type="button" class="button primary" on:click=move |_| save_and_update(sw)>
                        {t.update_reload}
                    </button>
                </div>
            }
        })
    };
    let eviction = move || {
        let pending = outbox
            .items()
            .with(|items| items.iter().filter(|i| i.is_pending()).count());
        let at_risk = sw.is_some_and(|sw| sw.persisted.get() == Some(false));
        (at_risk && pending > 0).then(|| {
            view! {
                <div class="banner" role="region" aria-label=t.notice_label>
                    <p>{(t.eviction_warning)(pending)}</p>
                    <button type="button" class="button secondary" on:click=move |_| outbox.sync(true)>
                        {t.send_now}
                    </button>
                </div>
            }
        })
    };
    view! { {update} {eviction} }
}
