//! Kiosks in the administration's bundle: setting a device up from its one-time link
//! (`/verwaltung/kiosk#TOKEN`), the list of kiosks with "Kiosk anlegen" and "Widerrufen",
//! and ending kiosk mode on the device at hand — which needs a staff sign-in.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::kiosk::{KioskSummary, NewKiosk, StoredKiosk, DEFAULT_IDLE_SECONDS};
use mitreden_model::outbox::SendFailure;

use super::texts::admin_t;
use crate::http;
use mitreden::app::{set_page_title, PageHeading};
use mitreden::clock::format_iso;
use mitreden::i18n::t;
use mitreden::storage;

/// `/verwaltung/kiosk#TOKEN`: trades the token for the kiosk's secret and keeps it, so this
/// device is the kiosk from its next page on. The token leaves the address bar at once (it
/// works only once anyway).
#[component]
pub fn KioskSetup() -> impl IntoView {
    let t = t();
    // Read once, under the page's owner (where the context is).
    let a = admin_t();
    Effect::new(move |_| set_page_title(a.kiosk_setup_heading));
    let said = RwSignal::new(a.kiosk_setup_working.to_owned());
    let done = RwSignal::new(false);
    let token = window().location().hash().unwrap_or_default();
    let token = token.trim_start_matches('#').to_owned();
    if let Ok(history) = window().history() {
        let path = mitreden_model::kiosk::SETUP_PATH;
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
    if token.is_empty() {
        said.set(admin_t().kiosk_setup_incomplete.to_owned());
    } else {
        spawn_local(async move {
            let text = match http::kiosk_setup(&token).await {
                Ok(setup) => {
                    let stored = StoredKiosk {
                        kiosk: setup.kiosk,
                        secret: setup.secret,
                    };
                    match storage::set_kiosk(&stored) {
                        Ok(()) => {
                            done.set(true);
                            (a.kiosk_setup_done)(&stored.kiosk.label)
                        }
                        Err(_) => t.storage_unavailable.to_owned(),
                    }
                }
                // The only refusal: no such link (said in the page's language, not the
                // server's German).
                Err(SendFailure::Refused { .. }) => a.kiosk_setup_invalid.to_owned(),
                Err(SendFailure::Transient { .. }) => t.no_connection.to_owned(),
            };
            said.set(text);
        });
    }
    view! {
        <article class="kiosk-setup">
            <PageHeading>{admin_t().kiosk_setup_heading}</PageHeading>
            <p role="status">{move || said.get()}</p>
            <Show when=move || done.get()>
                <p>
                    // A page load into the citizens' app, not a route of this one.
                    <a class="button primary" href="/" rel="external">{admin_t().kiosk_setup_start}</a>
                </p>
            </Show>
        </article>
    }
}

/// For signed-in staff: the kiosks and — on a device that is a kiosk — ending kiosk mode
/// here; where the account `manages` (the role "Verwaltung"), a form to add one (its set-up
/// link shown once) and revoking.
#[component]
pub fn Kiosks(manages: bool) -> impl IntoView {
    let kiosks = RwSignal::new(Vec::<KioskSummary>::new());
    let said = RwSignal::new(String::new());
    let link = RwSignal::new(None::<String>);
    let label = RwSignal::new(String::new());
    let idle = RwSignal::new(DEFAULT_IDLE_SECONDS.to_string());
    let this_device = RwSignal::new(storage::kiosk().map(|k| k.kiosk.label));
    let reload = move || {
        spawn_local(async move {
            if let Ok(list) = http::admin_kiosks().await {
                kiosks.set(list);
            }
        });
    };
    reload();
    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = NewKiosk {
            label: label.get_untracked(),
            idle_seconds: idle.get_untracked().trim().parse().unwrap_or(0),
        };
        spawn_local(async move {
            match http::admin_add_kiosk(&input).await {
                Ok(setup) => {
                    let origin = window().location().origin().unwrap_or_default();
                    link.set(Some(format!("{origin}{}", setup.path)));
                    said.set(if setup.replaced {
                        format!(
                            "{} {}",
                            admin_t().admin_kiosk_replaced,
                            admin_t().admin_kiosk_added
                        )
                    } else {
                        admin_t().admin_kiosk_added.to_owned()
                    });
                    label.set(String::new());
                    reload();
                }
                Err(reason) => said.set(reason),
            }
        });
    };
    let revoke = move |which: String| {
        spawn_local(async move {
            match http::admin_revoke_kiosk(which).await {
                Ok(_) => {
                    said.set(admin_t().admin_kiosk_revoked.to_owned());
                    reload();
                }
                Err(reason) => said.set(reason),
            }
        });
    };
    let end_here = move |_| {
        mitreden::kiosk::end();
        this_device.set(None);
        said.set(admin_t().admin_kiosk_ended.to_owned());
    };
    view! {
        <section class="admin-kiosks" aria-labelledby="kiosks-titel">
            <h2 id="kiosks-titel">{admin_t().admin_kiosks}</h2>
            {move || this_device.get().map(|name| view! {
                <p>{(admin_t().admin_kiosk_this_device)(&name)} " "
                    <button type="button" class="button secondary" on:click=end_here>
                        {admin_t().admin_kiosk_end}
                    </button>
                </p>
            })}
            <p role="status" class="form-status">{move || said.get()}</p>
            {move || link.get().map(|l| view! { <p class="kiosk-link"><code>{l}</code></p> })}
            {if manages {
                view! {
            <form class="admin-form" on:submit=add>
                <label for="kiosk-bezeichnung-neu">{admin_t().admin_kiosk_label}</label>
                <input id="kiosk-bezeichnung-neu" type="text" maxlength="60"
                    prop:value=move || label.get()
                    on:input:target=move |ev| label.set(ev.target().value()) />
                <label for="kiosk-wartezeit">{admin_t().admin_kiosk_idle}</label>
                <input id="kiosk-wartezeit" type="text" inputmode="numeric"
                    prop:value=move || idle.get()
                    on:input:target=move |ev| idle.set(ev.target().value()) />
                <button type="submit" class="button primary">{admin_t().admin_kiosk_add}</button>
            </form>
                }.into_any()
            } else {
                view! { <p class="hint">{admin_t().manages_only}</p> }.into_any()
            }}
            <ul class="item-list">
                <For each=move || kiosks.get() key=|k| (k.label.clone(), k.revoked_at.clone(), k.set_up_at.clone()) let:k>
                    <li class="item">
                        <p class="item-section">{k.label.clone()}</p>
                        <p class="item-state">
                            {match (&k.revoked_at, &k.set_up_at) {
                                (Some(at), _) => (admin_t().admin_kiosk_state_revoked)(&format_iso(at)),
                                (None, Some(at)) => (admin_t().admin_kiosk_state_set_up)(&format_iso(at)),
                                (None, None) => admin_t().admin_kiosk_state_waiting.to_owned(),
                            }}
                            " · " {(admin_t().admin_kiosk_idle_value)(k.idle_seconds)}
                        </p>
                        {(manages && k.revoked_at.is_none()).then(|| {
                            let which = k.label.clone();
                            view! {
                                <button type="button" class="button secondary"
                                    on:click=move |_| revoke(which.clone())>
                                    {admin_t().admin_kiosk_revoke}
                                </button>
                            }
                        })}
                    </li>
                </For>
            </ul>
        </section>
    }
}

/// On a device that is a kiosk, staff signed in to the administration are signed out after
/// the kiosk's idle time without a touch, and the device goes back to the start page: the
/// next person must never find a staff session.
pub fn sign_out_when_idle() {
    let Some(kiosk) = storage::kiosk() else {
        return;
    };
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let after = std::time::Duration::from_secs(u64::from(kiosk.kiosk.idle_seconds));
    let restart = move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        let leave = || {
            spawn_local(async {
                let _ = http::admin_logout().await;
                let _ = window().location().replace("/");
            });
        };
        timer.set_value(set_timeout_with_handle(leave, after).ok());
    };
    restart();
    for event in ["pointerdown", "keydown", "input", "wheel", "scroll"] {
        let _ = window_event_listener_untyped(event, move |_| restart());
    }
}
