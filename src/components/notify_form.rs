//! "Tell me when they answer" by e-mail (issue 23), on the receipt page: an address and the
//! consent; the server sends a confirmation mail first. Shown only where the server sends
//! mail (the rendered page's `<html data-mail>`), and only while the comment has no answer.

use leptos::prelude::*;
use mitreden_model::notify::{NotifyKind, NotifyRequest};

use crate::http;
use crate::i18n::t;

/// Whether this server sends mail: the page it rendered says so.
pub fn mail_offered() -> bool {
    document()
        .document_element()
        .is_some_and(|e| e.has_attribute("data-mail"))
}

/// The form for the comment `id` with its receipt `token`.
#[component]
pub fn NotifyForm(id: String, token: String) -> impl IntoView {
    let t = t();
    let address = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    // What the server said: taken (true) or why not.
    let said = RwSignal::new(None::<(bool, String)>);
    let part = crate::task::Part::here();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = NotifyRequest {
            kind: NotifyKind::Email,
            address: Some(address.get_untracked()),
            subscription: None,
            consent: consent.get_untracked(),
            language: crate::i18n::locale().tag().into(),
        };
        let (id, token) = (id.clone(), token.clone());
        part.spawn(async move {
            let answer = match http::notify(&id, &token, &request).await {
                Ok(()) => (true, t.notify_sent.to_owned()),
                Err((reason, code)) => (
                    false,
                    match code.as_deref() {
                        Some("bad_address") => t.notify_bad_address.to_owned(),
                        Some("no_consent") => t.notify_no_consent.to_owned(),
                        _ => reason,
                    },
                ),
            };
            crate::components::say(&answer.1);
            said.set(Some(answer));
        });
    };
    view! {
        <section class="notify" aria-labelledby="benachrichtigung-titel">
            <h2 id="benachrichtigung-titel">{t.notify_heading}</h2>
            <p>{t.notify_intro}</p>
            <form on:submit=send>
                <label for="benachrichtigung-adresse">{t.notify_address}</label>
                <input id="benachrichtigung-adresse" type="email" autocomplete="email" required
                    on:input:target=move |ev| address.set(ev.target().value()) />
                <p class="consent">
                    <input id="benachrichtigung-zustimmung" type="checkbox" required
                        on:change:target=move |ev| consent.set(ev.target().checked()) />
                    <label for="benachrichtigung-zustimmung">{t.notify_consent}</label>
                </p>
                <button type="submit" class="button secondary">{t.notify_send}</button>
            </form>
            {move || said.get().map(|(ok, text)| {
                view! { <p class=if ok { "form-status" } else { "form-error" }>{text}</p> }
            })}
        </section>
    }
}
