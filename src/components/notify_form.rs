//! "Tell me when they answer" (issue 23): by push to this browser (its permission, then
//! its subscription goes to the server; where the browser can't, it says why), or by
//! e-mail (an address and the consent; the server sends a confirmation mail first). Each
//! is offered where the server offers it (the rendered page's `<html data-push>` and
//! `data-mail`), only while the comment has no answer: on the receipt page, under the
//! comment form once the town has the comment, in "Meine Beiträge" on a button's press,
//! and — e-mail only — in the kiosk's thanks.

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

/// The server's Web Push key, where it pushes (the page it rendered names it).
fn push_key() -> Option<String> {
    document()
        .document_element()
        .and_then(|e| e.get_attribute("data-push"))
        .filter(|k| !k.is_empty())
}

/// Whether a comment can be followed here at all: by e-mail, or by push (not on a kiosk,
/// whose passers-by won't come back to the device).
pub fn notify_offered() -> bool {
    mail_offered() || (push_key().is_some() && !on_kiosk())
}

/// A kiosk marks the page's root (its thanks are not in the app's tree to ask).
fn on_kiosk() -> bool {
    document()
        .document_element()
        .is_some_and(|e| e.class_list().contains("kiosk"))
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
    let kiosk = on_kiosk();
    let autocomplete = if kiosk { "off" } else { "email" };
    let push = push_key().filter(|_| !kiosk);
    let mail = mail_offered();
    // Push: the browser's permission, its subscription, then the server.
    let (push_id, push_token, push_part) = (id.clone(), token.clone(), part.clone());
    let ask_push = move |key: String| {
        let (id, token) = (push_id.clone(), push_token.clone());
        push_part.spawn(async move {
            let answer = match crate::sw::subscribe_to_push(&key).await {
                Ok(subscription) => {
                    let request = NotifyRequest {
                        kind: NotifyKind::Push,
                        address: None,
                        subscription: Some(subscription),
                        consent: true,
                        language: crate::i18n::locale().tag().into(),
                    };
                    match http::notify(&id, &token, &request).await {
                        Ok(()) => (true, t.notify_push_done.to_owned()),
                        Err((reason, _)) => (false, reason),
                    }
                }
                Err(why) => {
                    let said = match why {
                        crate::sw::NoPush::Ios => t.notify_push_ios,
                        crate::sw::NoPush::Denied => t.notify_push_denied,
                        crate::sw::NoPush::Unsupported => t.notify_push_unsupported,
                        crate::sw::NoPush::Failed => t.notify_push_failed,
                    };
                    let or_mail = if mail { t.notify_or_mail } else { "" };
                    (false, format!("{said} {or_mail}").trim_end().to_owned())
                }
            };
            crate::components::say(&answer.1);
            said.set(Some(answer));
        });
    };
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
    let push_button = move || {
        push.clone().filter(|_| !taken()).map(|key| {
            let ask_push = ask_push.clone();
            view! {
                <p>
                    <button type="button" class="button secondary"
                        on:click=move |_| ask_push(key.clone())>{t.notify_push}</button>
                </p>
            }
        })
    };
    let form = move || {
        (mail && !taken()).then(|| {
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
            {push_button}
            {form}
            {move || said.get().map(|(ok, text)| {
                view! { <p class=if ok { "form-status" } else { "form-error" }>{text}</p> }
            })}
        </section>
    }
}
