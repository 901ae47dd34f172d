//! The page's one polite live region (`#ansage`): every state change a citizen should hear —
//! saved, waiting, sent, refused, a new version, copied — is said there, and nowhere else,
//! so screen readers get each message once and the focus never moves for it. The visible
//! texts beside the form, in the header or under an item stay as they are, without a live
//! role of their own.

use leptos::prelude::*;

/// The id of the live region in every page (see `crate::app::App`).
pub const REGION: &str = "ansage";

/// Says `text` in the live region (emptied first, so the same message twice is said twice).
pub fn say(text: &str) {
    if is_server() || text.is_empty() {
        return;
    }
    let Some(region) = document().get_element_by_id(REGION) else {
        return;
    };
    region.set_text_content(Some(""));
    let text = text.to_owned();
    request_animation_frame(move || region.set_text_content(Some(&text)));
}

/// Says what `text` gives each time it changes — not what it is at first, which is part of
/// the page as it loads.
pub fn say_changes(text: impl Fn() -> String + Send + Sync + 'static) {
    let first = StoredValue::new(true);
    Effect::new(move |previous: Option<String>| {
        let now = text();
        if !first.get_value() && previous.as_deref() != Some(now.as_str()) {
            say(&now);
        }
        first.set_value(false);
        now
    });
}

/// The live region itself: part of the page from the start (a region added later is not
/// always heard), empty, visible to screen readers only.
#[component]
pub fn LiveRegion() -> impl IntoView {
    view! {
        <div id=REGION class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
    }
}
