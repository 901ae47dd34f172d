//! "Meine Beiträge": every draft and comment of this device with its state.

use leptos::prelude::*;

use crate::app::{set_page_title, PageHeading};
use crate::components::ItemList;
use crate::i18n::t;
use crate::outbox::use_outbox;

/// `/meine-beitraege`.
#[component]
pub fn MyItemsPage() -> impl IntoView {
    let t = t();
    Effect::new(move |_| set_page_title(t.my_items_heading));
    view! {
        <article class="my-items">
            <PageHeading>{t.my_items_heading}</PageHeading>
            <p>{t.my_items_intro}</p>
            <div data-part="my-items">
                <MyItemsPart />
            </div>
        </article>
    }
}

/// This device's items, or a word that there are none (`data-part="my-items"`).
#[component]
pub fn MyItemsPart() -> impl IntoView {
    let t = t();
    if is_server() {
        // Prerendered: the items are in the browser, not here — never say there are none.
        return view! { <p>{t.my_items_reading}</p> }.into_any();
    }
    if crate::kiosk::use_kiosk().is_some() {
        return view! { <p>{t.kiosk_no_items}</p> }.into_any();
    }
    let outbox = use_outbox();
    // Applications for a seat are shown on the event's page, not here.
    let empty = move || {
        outbox
            .items()
            .with(|items| items.iter().all(|i| i.is_application()))
    };
    view! {
        <Show when=empty fallback=|| view! { <ItemList /> }>
            <p>{t.my_items_empty}</p>
        </Show>
    }
    .into_any()
}
