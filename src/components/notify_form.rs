//! "Tell me when they answer" by e-mail (issue 23): an address and the consent; the server
//! sends a confirmation mail first. Shown only where the server sends mail (the rendered
//! page's `<html data-mail>`), and only while the comment has no answer: on the receipt
//! page, under the comment form once the town has the comment, in "Meine Beiträge" on a
//! button's press, and in the kiosk's thanks.

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

/// The form for the comment `id` with its receipt `token`; `nested` under another heading
/// (an `h3`, not the page's `h2`). Its ids carry the comment's, as "Meine Beiträge" may
/// show several.
#[component]
pub fn NotifyForm(id: String, token: String, #[prop(optional)] nested: bool) -> impl IntoView {
    let t = t();
    let address = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    // What the server said: taken (true) or why not.
    let said = RwSignal::new(None::<(bool, String)>);
    let part = crate::task::Part::here();
    let [heading_id, address_id, consent_id] =
        ["titel", "adresse", "zustimmung"].map(|what| format!("benachrichtigung-{what}-{id}"));
    // A kiosk's next user must not be offered this one's address by the browser.
    // (The kiosk marks the page's root; its thanks are not in the app's tree to ask.)
    let kiosk = document()
        .document_element()
        .is_some_and(|e| e.class_list().contains("kiosk"));
    let autocomplete = if kiosk { "off" } else { "email" };
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
    let heading = if nested {
        view! { <h3 id=heading_id.clone()>{t.notify_heading}</h3> }.into_any()
    } else {
        view! { <h2 id=heading_id.clone()>{t.notify_heading}</h2> }.into_any()
    };
    // Once the confirmation mail is on its way, the form has done its work: only what the
    // server said stays (a second press would only meet the hour's limit).
    let taken = move || said.with(|s| s.as_ref().is_some_and(|(ok, _)| *ok));
    let form = move || {
        (!taken()).then(|| {
            view! {
                <p>{t.notify_intro}</p>
                <form on:submit=send.clone()>
                    <label for=address_id.clone()>{t.notify_address}</label>
                    <input id=address_id.clone() type="email" autocomplete=autocomplete required
                        on:input:target=move |ev| address.set(ev.target().value()) />
                    <p class="consent">
                        <input id=consent_id.clone() type="checkbox" required
                            on:change:target=move |ev| consent.set(ev.target().checked()) />
                        <label for=consent_id.clone()>{t.notify_consent}</label>
                    </p>
                    <button type="submit" class="button secondary">{t.notify_send}</button>
                </form>
            }
        })
    };
    view! {
        <section class="notify" aria-labelledby=heading_id>
            {heading}
            {form}
            {move || said.get().map(|(ok, text)| {
                view! { <p class=if ok { "form-status" } else { "form-error" }>{text}</p> }
            })}
        </section>
    }
}
