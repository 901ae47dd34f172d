//! One module per route. Pages stay thin: what to show comes from the model's plain types.

mod accessibility;
mod easy;
mod embed;
mod my_items;
mod not_found;
mod participation;
mod participation_form;
mod participation_own;
#[cfg(test)]
mod participation_tests;
#[cfg(all(test, target_arch = "wasm32"))]
pub(crate) use participation::test_event;
mod print;
mod privacy;
mod receipt;
mod section;
mod start;

pub use accessibility::{AccessibilityPage, TITLE as ACCESSIBILITY_TITLE};
pub use easy::EasyPage;
pub use embed::EmbedPage;
pub use my_items::{MyItemsPage, MyItemsPart};
pub use not_found::NotFound;
pub use participation::{participation_view, ParticipationPage, ParticipationPart};
pub use print::{print_t, PrintPage};
pub use privacy::{title as privacy_title, PrivacyPage};
pub use receipt::{ReceiptPage, ReceiptPart};
pub use section::{
    diff_view, page_name as section_page_name, shown_title, SectionPage, SectionPart,
};
pub use start::{SectionsPart, StartPage};

use leptos::prelude::*;

/// Renders a hand-written text as paragraphs (split at blank lines).
pub fn paragraphs(text: &str) -> impl IntoView {
    mitreden_model::paragraphs(text)
        .map(|p| view! { <p>{p}</p> })
        .collect_view()
}

#[cfg(all(test, target_arch = "wasm32"))]
pub(crate) mod test_support {
    //! Mounting real components into the test browser's document.

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    /// Mounts `view` into a fresh `<div>` and returns that div; the view stays mounted.
    pub fn mount<V: IntoView + 'static>(
        view: impl FnOnce() -> V + 'static,
    ) -> web_sys::HtmlElement {
        let div = document()
            .create_element("div")
            .expect("create div")
            .dyn_into::<web_sys::HtmlElement>()
            .expect("div is an HtmlElement");
        document()
            .body()
            .expect("body")
            .append_child(&div)
            .expect("append");
        leptos::mount::mount_to(div.clone(), view).forget();
        div
    }

    /// Waits (up to two seconds, in 20 ms steps) until `selector` matches inside `root`:
    /// the router renders its first route asynchronously.
    pub async fn find(root: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
        for _ in 0..100 {
            if let Some(el) = root.query_selector(selector).expect("valid selector") {
                return el;
            }
            let tick = js_sys::Promise::new(&mut |resolve, _| {
                let _ = web_sys::window()
                    .expect("window")
                    .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
            });
            let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
        }
        panic!("nothing matches {selector}");
    }
}
