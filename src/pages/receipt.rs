//! `/beitrag/:id#token`: one's own comment on another device, opened with its receipt link.
//! The token travels in the URL's fragment, which browsers never send to a server; the app
//! sends it only in the request header the receipt API reads.

use leptos::prelude::*;
use mitreden_model::api::{ModerationState, Receipt};

use crate::app::{set_page_title, PageHeading};
use crate::clock::format_iso;
use crate::components::{answer_view, moderation_text, notify_offered, ConfirmButton, NotifyForm};
use crate::content::use_content;
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
    // Prerendered, and until the server answers: "wird geladen". The look-up, withdrawing
    // and sharing are this part's work (cancelled with it).
    let loaded = RwSignal::new(None::<Result<Receipt, ()>>);
    let part = crate::task::Part::here();
    let load = {
        let part = part.clone();
        move || {
            part.spawn(async move {
                let (id, token) = address();
                loaded.set(Some(http::receipt(&id, &token).await.map_err(|_| ())));
            });
        }
    };
    if !is_server() {
        load();
    }
    let withdraw_error = RwSignal::new(None::<String>);
    let withdraw = {
        let part = part.clone();
        move || {
            let load = load.clone();
            part.spawn(async move {
                let (id, token) = address();
                match crate::outbox::withdraw_on_server(&id, &token).await {
                    Ok(()) => {
                        crate::components::say(t.state_withdrawn);
                        withdraw_error.set(None);
                        load();
                    }
                    Err(reason) => {
                        crate::components::say(&reason);
                        withdraw_error.set(Some(reason));
                    }
                }
            });
        }
    };
    // The link to keep: shared where the phone can share, copied otherwise.
    let shared = RwSignal::new(None::<&'static str>);
    let share = move || {
        part.spawn(async move {
            let url = window().location().href().unwrap_or_default();
            let said = match crate::clipboard::share_or_copy(url).await {
                crate::clipboard::Shared::Shared => t.receipt_shared,
                crate::clipboard::Shared::Copied => t.receipt_copied,
                crate::clipboard::Shared::Failed => t.receipt_copy_failed,
            };
            crate::components::say(said);
            shared.set(Some(said));
        });
    };
    let withdraw = StoredValue::new(withdraw);
    let share = StoredValue::new(share);
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
                let content = use_content();
                let section = content.section(&r.section_id);
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
                // Told by e-mail, where this server sends mail, until the answer.
                let notify = (!withdrawn && r.answer.is_none() && notify_offered()).then(|| {
                    let (id, token) = address();
                    view! { <NotifyForm id token /> }
                });
                let actions = (!withdrawn).then(|| {
                    view! {
                        <div class="item-actions">
                            <button type="button" class="button secondary"
                                on:click=move |_| share.with_value(|f| f())>{t.receipt_share}</button>
                            // The same link as a QR code for another device, full-size in a tab
                            // of its own: drawn by the server (the encoder is not in this
                            // bundle) from a form's body, so the token stays out of addresses.
                            <form class="receipt-qr" method="post" action="/api/v1/qr.svg"
                                target="_blank" on:submit=move |ev| {
                                    if !window().navigator().on_line() {
                                        ev.prevent_default();
                                        crate::components::say(t.receipt_qr_failed);
                                        shared.set(Some(t.receipt_qr_failed));
                                    }
                                }>
                                <input type="hidden" name="text"
                                    prop:value=window().location().href().unwrap_or_default() />
                                <button type="submit" class="button secondary">{t.receipt_qr}</button>
                            </form>
                            <ConfirmButton
                                label=t.withdraw
                                question=t.withdraw_confirm
                                yes=t.withdraw_yes
                                on_yes=Callback::new(move |()| withdraw.with_value(|f| f()))
                            />
                        </div>
                        <p class="item-message">{move || shared.get()} {move || withdraw_error.get()}</p>
                    }
                });
                // Written on an earlier text than the one the section has now: said, with
                // the way to the changes.
                let earlier = section
                    .filter(|s| r.section_version >= 1 && r.section_version < s.version())
                    .map(|_| {
                        let changes =
                            crate::app::href(&format!("/abschnitt/{}#aenderungen", r.section_id));
                        view! {
                            <p class="item-version">
                                <a href=changes>{(t.written_on_version)(r.section_version)}</a>
                            </p>
                        }
                    });
                view! {
                    <p class="item-section">
                        <a href=crate::app::href(&format!("/abschnitt/{}", r.section_id))>{label}</a>
                    </p>
                    {earlier}
                    <div class="item-text">{paragraphs(&r.text)}</div>
                    <p class="item-state">{state}</p>
                    {r.answer.as_ref().map(|a| answer_view(t, a))}
                    {next}
                    {actions}
                    {notify}
                }
                .into_any()
            }
        }
    }
}
