//! The sync indicator in the header; its changes are said in the page's live region.

use leptos::prelude::*;
use mitreden_model::outbox::ItemState;

use crate::i18n::t;
use crate::outbox::use_outbox;

/// "Offline – 3 Beiträge warten", "Wird gesendet …", "Alle Beiträge gesendet", or nothing
/// while nothing was ever sent from this device.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let t = t();
    let outbox = use_outbox();
    let text = move || {
        let items = outbox.items().get();
        let pending = items.iter().filter(|i| i.is_pending()).count();
        let received = items
            .iter()
            .any(|i| matches!(i.state, ItemState::Received { .. }));
        if outbox.is_sending() && pending > 0 {
            t.sync_sending.to_owned()
        } else if pending > 0 && !outbox.is_online() {
            (t.sync_offline)(pending)
        } else if pending > 0 {
            (t.sync_waiting)(pending)
        } else if received {
            t.sync_done.to_owned()
        } else {
            String::new()
        }
    };
    // Nothing (not an empty string) while there is nothing to say: prerendered, an empty text
    // becomes a space, and the paragraph would no longer be `:empty` (hidden) in CSS.
    let shown = move || Some(text()).filter(|s| !s.is_empty());
    super::say_changes(text);
    view! { <p class="sync-status">{shown}</p> }
}
