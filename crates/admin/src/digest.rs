//! One's own digest by e-mail (issue 23): an address and how often the count of comments
//! waiting for moderation comes. Shown only where the server sends mail (its answer says
//! so); the address is the staff member's own, shown to them alone.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::digest::{Digest, DigestSettings};

use super::texts::admin_t;
use crate::http;

/// The choice's word.
fn label(d: Digest) -> &'static str {
    let t = admin_t();
    match d {
        Digest::Off => t.digest_off,
        Digest::Daily => t.digest_daily,
        Digest::Hourly => t.digest_hourly,
    }
}

/// The form, once the server said it sends mail.
#[component]
pub fn DigestForm() -> impl IntoView {
    let t = admin_t();
    let address = RwSignal::new(String::new());
    let every = RwSignal::new(Digest::Off);
    let offered = RwSignal::new(false);
    let said = RwSignal::new(String::new());
    mitreden::task::spawn_here(async move {
        if let Ok(s) = http::admin_digest().await {
            address.set(s.address);
            every.set(s.every);
            offered.set(s.offered);
        }
    });
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = DigestSettings {
            offered: false,
            address: address.get_untracked(),
            every: every.get_untracked(),
        };
        spawn_local(async move {
            let answer = match http::admin_set_digest(&input).await {
                Ok(_) => t.digest_saved.to_owned(),
                Err(why) => why,
            };
            let _ = said.try_set(answer);
        });
    };
    move || {
        offered.get().then(|| {
            view! {
                <form class="admin-form digest" on:submit=save aria-labelledby="uebersicht-titel">
                    <h3 id="uebersicht-titel">{t.digest_heading}</h3>
                    <p>{t.digest_intro}</p>
                    <label for="uebersicht-adresse">{t.digest_address}</label>
                    <input id="uebersicht-adresse" type="email" autocomplete="email"
                        prop:value=move || address.get()
                        on:input:target=move |ev| address.set(ev.target().value()) />
                    <label for="uebersicht-wie-oft">{t.digest_every}</label>
                    <select id="uebersicht-wie-oft"
                        on:change:target=move |ev| {
                            every.set(Digest::from_key(&ev.target().value()).unwrap_or_default())
                        }>
                        {Digest::ALL.into_iter().map(|d| view! {
                            <option value=d.key() selected=move || every.get() == d>{label(d)}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button secondary">{t.digest_save}</button>
                    <p role="status" class="form-status">{move || said.get()}</p>
                </form>
            }
        })
    }
}
