//! This device's own applications on the participation page (state, receipt code,
//! "Status prüfen", withdrawing) and the check by code from another device.

use leptos::ev::SubmitEvent;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::{say, say_changes, state_text, ConfirmButton};
use crate::http;
use crate::i18n::{event_t, t};
use crate::outbox::use_outbox;
use mitreden_model::event::{normalise_code, ApplicationStatus, Event, EventPhase};
use mitreden_model::outbox::{ItemState, OutboxItem, SendFailure};

use super::participation::{known_phase, EventLoaded};
use super::participation_form::focus;

/// An application of this device for `event` that has left the form (queued, sent,
/// received, withdrawn).
fn is_sent_for(item: &OutboxItem, event: &Event) -> bool {
    !item.is_editable()
        && item
            .application
            .as_ref()
            .is_some_and(|a| a.event_id == event.id)
}

/// An application for `event` still being written (or refused, to fix).
pub(super) fn is_editable_for(item: &OutboxItem, event: &Event) -> bool {
    item.is_editable()
        && item
            .application
            .as_ref()
            .is_some_and(|a| a.event_id == event.id)
}

/// This device's applications for `event` once sent off: their state, the receipt code,
/// "Status prüfen" and "Bewerbung zurückziehen" (while applications are open).
#[component]
pub(super) fn OwnApplications(event: Arc<Event>, state: EventLoaded) -> impl IntoView {
    // Prerendered there is no storage. (On a kiosk the received application stays until
    // the reset, with its name and contact already erased, so the applicant sees the code.)
    if is_server() {
        return ().into_any();
    }
    let et = event_t();
    let outbox = use_outbox();
    // For the closures below, which live as long as this part.
    let event = StoredValue::new(event);
    let open = Signal::derive(move || known_phase(state).is_none_or(|p| p == EventPhase::Open));
    let mine = move || {
        // A refused application is shown in the form while it is open; once the form is
        // gone (closed, drawn) here, with the server's reason — say, sent offline before
        // the deadline and refused when it arrived after it.
        let refused_shown_here = !open.get();
        let mut mine: Vec<OutboxItem> = outbox.items().with(|items| {
            items
                .iter()
                .filter(|i| {
                    event.with_value(|event| {
                        is_sent_for(i, event)
                            || (refused_shown_here
                                && matches!(i.state, ItemState::Rejected { .. })
                                && is_editable_for(i, event))
                    })
                })
                .cloned()
                .collect()
        });
        mine.sort_by_key(|i| std::cmp::Reverse(i.updated_ms));
        mine
    };
    // Said when an application arrives (its code); the form says when it is queued.
    say_changes(move || {
        outbox.items().with(|items| {
            items
                .iter()
                .filter(|i| event.with_value(|event| is_sent_for(i, event)))
                .max_by_key(|i| i.updated_ms)
                .and_then(|i| match (&i.state, &i.receipt_code) {
                    (ItemState::Received { .. }, Some(code)) => Some((et.received_said)(code)),
                    _ => None,
                })
                .unwrap_or_default()
        })
    });
    view! {
        <Show when=move || !mine().is_empty()>
            <section class="mine" aria-labelledby="meine-bewerbung">
                <h2 id="meine-bewerbung">{et.mine_heading}</h2>
                <ul class="item-list">
                    <For each=mine key=|i| (i.comment.id.clone(), i.updated_ms) let:item>
                        <ApplicationRow item=item event_id=event.with_value(|e| e.id.clone()) open=open />
                    </For>
                </ul>
            </section>
        </Show>
    }
    .into_any()
}

/// The server's answer about an application, in words.
fn status_said(answer: Result<mitreden_model::event::ApplicationState, SendFailure>) -> String {
    let et = event_t();
    match answer {
        Ok(s) => (et.status_of)(&s.code, (et.status)(s.status)),
        Err(SendFailure::Refused { .. }) => et.code_unknown.to_owned(),
        Err(SendFailure::Transient { .. }) => t().no_connection.to_owned(),
    }
}

#[component]
fn ApplicationRow(item: OutboxItem, event_id: String, open: Signal<bool>) -> impl IntoView {
    let t = t();
    let et = event_t();
    let outbox = use_outbox();
    let state = match &item.state {
        ItemState::Withdrawn => (et.status)(ApplicationStatus::Withdrawn).to_owned(),
        state => state_text(t, state),
    };
    let received = matches!(item.state, ItemState::Received { .. });
    let message = RwSignal::new(String::new());
    let tell = move |text: String| {
        say(&text);
        message.set(text);
    };
    let code = item.receipt_code.clone();
    let code_id = format!("code-{}", item.comment.id);
    // Asking the server and withdrawing are actions of this row: their answers go into the
    // action's own value, which outlives the row (a row re-made before the answer comes
    // drops it instead of writing into a disposed signal — a panic in wasm).
    let ask = Action::new_local(move |code: &String| {
        let (event_id, code) = (event_id.clone(), code.clone());
        async move { status_said(http::application_state(&event_id, &code).await) }
    });
    let withdraw_now =
        Action::new_local(move |id: &String| outbox.withdraw_application(id.clone()));
    Effect::new(move |_| {
        if let Some(said) = ask.value().get() {
            tell(said);
        }
    });
    Effect::new(move |_| match withdraw_now.value().get() {
        Some(Ok(())) => say(et.withdrawn_said),
        Some(Err(reason)) => tell(reason),
        None => {}
    });
    let check = code.clone().map(|code| {
        view! {
            <button type="button" class="button secondary"
                on:click=move |_| { ask.dispatch(code.clone()); }>{et.check}</button>
        }
    });
    let id = item.comment.id.clone();
    let withdraw = move |()| {
        withdraw_now.dispatch(id.clone());
    };
    let receipt = code.map(|code| {
        let copy_id = code_id.clone();
        view! {
            // Big, to write down: the item's heading.
            <h3>{et.your_code} " " <strong class="receipt-code" id=code_id.clone()>{code}</strong></h3>
            <p>{et.note_code}</p>
            <button type="button" class="button secondary"
                on:click=move |_| crate::snippets::copy(&copy_id)>
                {t.embed_copy}
            </button>
            <p id=format!("{code_id}-status") class="note"></p>
        }
    });
    view! {
        <li class="item">
            <p class="item-state">{state}</p>
            {receipt}
            <div class="item-actions">
                {check}
                {move || (received && open.get()).then(|| view! {
                    <ConfirmButton
                        label=et.withdraw
                        question=et.withdraw_confirm
                        yes=t.withdraw_yes
                        on_yes=Callback::new(withdraw.clone())
                    />
                })}
            </div>
            <p class="item-message">{move || message.get()}</p>
        </li>
    }
}

/// "Status mit Code prüfen": a code from paper or another device, asked of the server.
#[component]
pub(super) fn CodeCheck(event: Arc<Event>) -> impl IntoView {
    let et = event_t();
    let code = RwSignal::new(String::new());
    let invalid = RwSignal::new(false);
    let result = RwSignal::new(String::new());
    let tell = move |text: String| {
        say(&text);
        result.set(text);
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let event_id = event.id.clone();
        match normalise_code(&code.get_untracked()) {
            None => {
                invalid.set(true);
                tell(et.code_invalid.to_owned());
                focus("status-code");
            }
            Some(normal) => {
                invalid.set(false);
                spawn_local(async move {
                    tell(status_said(
                        http::application_state(&event_id, &normal).await,
                    ));
                });
            }
        }
    };
    view! {
        <section class="code-check" aria-labelledby="code-pruefen">
            <h2 id="code-pruefen">{et.code_heading}</h2>
            <p>{et.code_intro}</p>
            <form on:submit=on_submit novalidate>
                <fieldset class="plain" disabled=is_server()>
                    <label for="status-code">{et.code_label}</label>
                    <input id="status-code" name="code" type="text" autocomplete="off"
                        autocapitalize="characters" spellcheck="false"
                        aria-invalid=move || invalid.get().to_string()
                        aria-describedby="status-code-ergebnis"
                        prop:value=move || code.get()
                        on:input:target=move |ev| code.set(ev.target().value()) />
                    <button type="submit" class="button">{et.code_submit}</button>
                </fieldset>
            </form>
            <p id="status-code-ergebnis">{move || result.get()}</p>
        </section>
    }
}
