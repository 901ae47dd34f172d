//! `/beitrag/:id#token`: one's own comment on another device, opened with its receipt link.
//! The token travels in the URL's fragment, which browsers never send to a server; the app
//! sends it only in the request header the receipt API reads.

use leptos::prelude::*;
use mitreden_model::api::ModerationState;

use crate::app::{set_page_title, PageHeading};
use crate::clock::format_iso;
use crate::components::{answer_view, moderation_text};
use crate::content::strategy;
use crate::http;
use crate::i18n::t;

use super::paragraphs;

/// `/beitrag/:id`: one page for every receipt (prerendered once as `beitrag.html`).
#[component]
pub fn ReceiptPage() -> impl IntoView {
    let t = t();
    Effect::new(move |_| set_page_title(t.receipt_heading));
    view! {
        <article class="receipt">
            <PageHeading>{t.receipt_heading}</PageHeading>
            <div data-part="receipt">
                <ReceiptPart />
            </div>
        </article>
    }
}

/// The comment behind the receipt link in the address (`data-part="receipt"`): its id is
/// the path's last segment, its token the fragment.
#[component]
pub fn ReceiptPart() -> impl IntoView {
    let t = t();
    // Prerendered, and until the server answers: "wird geladen". The address is read in
    // the browser, where the resource runs.
    let loaded = LocalResource::new(|| async {
        let location = window().location();
        let path = location.pathname().unwrap_or_default();
        let id = path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let token = location
            .hash()
            .unwrap_or_default()
            .trim_start_matches('#')
            .to_owned();
        http::receipt(&id, &token).await.map_err(|_| ())
    });
    move || {
        let Some(r) = loaded.get() else {
            return view! { <p>{t.receipt_loading}</p> }.into_any();
        };
        match r {
            Err(()) => {
                crate::components::say(t.receipt_invalid);
                view! { <p class="form-error">{t.receipt_invalid}</p> }.into_any()
            }
            Ok(r) => {
                let section = strategy().section(&r.section_id);
                let label = section.map_or_else(|| r.section_id.clone(), |s| t.section_label(s));
                let state = if r.moderation_state == ModerationState::Withdrawn {
                    t.state_withdrawn.to_owned()
                } else {
                    moderation_text(t, &r)
                        .unwrap_or_else(|| (t.state_received)(&format_iso(&r.received_at)))
                };
                view! {
                    <p class="item-section">
                        <a href=crate::app::href(&format!("/abschnitt/{}", r.section_id))>{label}</a>
                    </p>
                    <div class="item-text">{paragraphs(&r.text)}</div>
                    <p class="item-state">{state}</p>
                    {r.answer.as_ref().map(|a| answer_view(t, a))}
                }
                .into_any()
            }
        }
    }
}
