//! `/beitrag/:id#token`: one's own comment on another device, opened with its receipt link.
//! The token travels in the URL's fragment, which browsers never send to a server; the app
//! sends it only in the request header the receipt API reads.

use leptos::prelude::*;
use mitreden_model::api::ModerationState;

use crate::app::{set_page_title, PageHeading};
use crate::clock::format_iso;
use crate::components::{answer_view, moderation_text, ConfirmButton};
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
    // The comment's id is the path's last segment, its token the fragment (read in the
    // browser, where the resource and the actions run).
    let address = || {
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
        (id, token)
    };
    // Prerendered, and until the server answers: "wird geladen".
    let loaded = LocalResource::new(move || async move {
        let (id, token) = address();
        http::receipt(&id, &token).await.map_err(|_| ())
    });
    // Withdrawing works from any device that holds the link: it carries the token.
    let withdraw = Action::new_local(move |(): &()| async move {
        let (id, token) = address();
        http::withdraw(&id, &token).await
    });
    Effect::new(move |_| match withdraw.value().get() {
        Some(Ok(_)) => {
            crate::components::say(t.state_withdrawn);
            loaded.refetch();
        }
        Some(Err(mitreden_model::outbox::SendFailure::Refused { reason })) => {
            crate::components::say(&reason);
        }
        Some(Err(_)) => crate::components::say(t.withdraw_offline),
        None => {}
    });
    let withdraw_error = move || match withdraw.value().get() {
        Some(Err(mitreden_model::outbox::SendFailure::Refused { reason })) => Some(reason),
        Some(Err(_)) => Some(t.withdraw_offline.to_owned()),
        _ => None,
    };
    // The link to keep: shared where the phone can share, copied otherwise.
    let share = Action::new_local(|(): &()| {
        let url = window().location().href().unwrap_or_default();
        crate::clipboard::share_or_copy(url)
    });
    let shared = move || {
        share.value().get().map(|done| match done {
            crate::clipboard::Shared::Shared => t.receipt_shared,
            crate::clipboard::Shared::Copied => t.receipt_copied,
            crate::clipboard::Shared::Failed => t.receipt_copy_failed,
        })
    };
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
                let withdrawn = r.moderation_state == ModerationState::Withdrawn;
                let state = if withdrawn {
                    t.state_withdrawn.to_owned()
                } else {
                    moderation_text(t, &r)
                        .unwrap_or_else(|| (t.state_received)(&format_iso(&r.received_at)))
                };
                // What happens next, while the town has not answered.
                let next = (!withdrawn && r.answer.is_none()).then(|| {
                    view! { <p class="receipt-next">{t.receipt_next}</p> }
                });
                let actions = (!withdrawn).then(|| {
                    view! {
                        <div class="item-actions">
                            <button type="button" class="button secondary"
                                on:click=move |_| { share.dispatch(()); }>{t.receipt_share}</button>
                            <ConfirmButton
                                label=t.withdraw
                                question=t.withdraw_confirm
                                yes=t.withdraw_yes
                                on_yes=Callback::new(move |()| { withdraw.dispatch(()); })
                            />
                        </div>
                        <p class="item-message">{shared} {withdraw_error}</p>
                    }
                });
                view! {
                    <p class="item-section">
                        <a href=crate::app::href(&format!("/abschnitt/{}", r.section_id))>{label}</a>
                    </p>
                    <div class="item-text">{paragraphs(&r.text)}</div>
                    <p class="item-state">{state}</p>
                    {r.answer.as_ref().map(|a| answer_view(t, a))}
                    {next}
                    {actions}
                }
                .into_any()
            }
        }
    }
}
