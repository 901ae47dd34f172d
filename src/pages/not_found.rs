//! What every unknown path shows.

use leptos::prelude::*;

use crate::app::{set_page_title, PageHeading};
use crate::i18n::t;

/// Any path the app does not know, and any section id the strategy does not have.
#[component]
pub fn NotFound() -> impl IntoView {
    let t = t();
    Effect::new(move |_| set_page_title(t.not_found_heading));
    view! {
        <article class="not-found">
            <PageHeading>{t.not_found_heading}</PageHeading>
            <p>{t.not_found_text}</p>
        </article>
    }
}
