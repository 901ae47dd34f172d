//! The administration's panel for a participation event (issue 14): the applications
//! counted by group, the commitment to the secret seed, closing, the draw with the public
//! value, the drawn with their contact for the invitation, and deleting the contacts.
//! Shown only where the strategy announces an event.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::event::{DrawRequest, Event, EventAdminState, EventPhase, Invitee};

use super::event_texts::event_t;
use super::texts::admin_t;
use crate::http;
use mitreden::clock::format_iso;

/// The panel for the published strategy's event, if it has one; its actions only where the
/// account `manages` (the role "Verwaltung").
#[component]
pub fn EventPanel(manages: bool) -> impl IntoView {
    mitreden::content::use_content()
        .event
        .clone()
        .map(|event| view! { <EventAdmin event=event manages=manages /> })
}

/// The panel for `event`: counts for every account; commitment, closing, the draw, the
/// invitees' contacts and deleting them only where the account `manages`.
#[component]
pub fn EventAdmin(event: Event, manages: bool) -> impl IntoView {
    let e = event_t();
    // Copy, so every handler below is too.
    let id = StoredValue::new(event.id.clone());
    let state = RwSignal::new(None::<EventAdminState>);
    let failed = RwSignal::new(false);
    let message = RwSignal::new(String::new());
    let invitees = RwSignal::new(Vec::<Invitee>::new());
    let public_value = RwSignal::new(String::new());
    let asking = RwSignal::new(false);

    let load_invitees = move || {
        let id = id.get_value();
        spawn_local(async move {
            if let Ok(list) = http::admin_invitees(&id).await {
                invitees.set(list);
            }
        });
    };
    {
        let id = id.get_value();
        spawn_local(async move {
            match http::admin_event(&id).await {
                Ok(s) => {
                    if manages && s.state.draw.is_some() {
                        load_invitees();
                    }
                    state.set(Some(s));
                }
                Err(_) => failed.set(true),
            }
        });
    }
    // Every action answers with the new state, or the reason it was refused.
    let done = move |result: Result<EventAdminState, String>, said: String| match result {
        Ok(s) => {
            state.set(Some(s));
            message.set(said);
        }
        Err(why) => message.set(why),
    };
    let commit = move |_| {
        let id = id.get_value();
        spawn_local(async move { done(http::admin_commit_event(&id).await, e.committed.into()) });
    };
    let close = move |_| {
        let id = id.get_value();
        spawn_local(async move { done(http::admin_close_event(&id).await, e.closed.into()) });
    };
    let draw = {
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let id = id.get_value();
            let input = DrawRequest {
                public_value: public_value.get_untracked(),
            };
            spawn_local(async move {
                let result = http::admin_draw(&id, &input).await;
                let n = result
                    .as_ref()
                    .ok()
                    .and_then(|s| s.state.draw.as_ref())
                    .map_or(0, |d| d.drawn.len());
                let ok = result.is_ok();
                done(result, (e.drawn)(n));
                if ok {
                    load_invitees();
                }
            });
        }
    };
    let delete = {
        move |_| {
            let id = id.get_value();
            asking.set(false);
            spawn_local(async move {
                let result = http::admin_delete_contacts(&id).await;
                let said = result
                    .as_ref()
                    .ok()
                    .and_then(|s| s.contacts_deleted_at.as_deref())
                    .map(|at| (e.contacts_deleted)(&format_iso(at)))
                    .unwrap_or_default();
                done(result, said);
                load_invitees();
            });
        }
    };

    let phase = move || state.with(|s| s.as_ref().map(|s| s.state.phase));
    let quota_of = {
        let event = event.clone();
        move |attribute: &str, value: &str| {
            event
                .quotas
                .iter()
                .find(|q| q.attribute == attribute && q.value == value)
                .map(|q| q.seats)
        }
    };
    let label_of = {
        let event = event.clone();
        move |attribute: &str| {
            event
                .attribute(attribute)
                .map_or_else(|| attribute.to_owned(), |a| a.label.clone())
        }
    };
    let source = event.public_randomness.clone();
    let delete_after = format_iso(&event.delete_contacts_after);

    view! {
        <section class="admin-event" aria-labelledby="veranstaltung-titel">
            <h2 id="veranstaltung-titel">{(e.heading)(&event.title)}</h2>
            <p>{(e.deadline)(&format_iso(&event.applications_close))}</p>
            <Show when=move || failed.get()>
                <p>{e.not_loaded}</p>
            </Show>
            {move || state.get().map(|s| {
                let groups = s.groups.clone();
                let quota_of = quota_of.clone();
                let label_of = label_of.clone();
                view! {
                    <p class="event-phase">
                        {e.phase_label}": "<strong>{(e.phase)(s.state.phase)}</strong>
                        " · "{(e.counted)(s.state.applications, s.withdrawn)}
                    </p>
                    <table class="event-groups">
                        <caption>{e.groups_caption}</caption>
                        <thead><tr>
                            <th scope="col">{e.col_attribute}</th>
                            <th scope="col">{e.col_value}</th>
                            <th scope="col">{e.col_applications}</th>
                            <th scope="col">{e.col_quota}</th>
                        </tr></thead>
                        <tbody>
                            {groups.into_iter().map(|g| {
                                let quota = quota_of(&g.attribute, &g.value)
                                    .map_or_else(|| e.no_quota.to_owned(), |n| n.to_string());
                                view! {
                                    <tr>
                                        <td>{label_of(&g.attribute)}</td>
                                        <td>{g.value}</td>
                                        <td>{g.count}</td>
                                        <td>{quota}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <h3>{e.commitment}</h3>
                    <p>{e.commitment_text}</p>
                    {match (s.state.commitment.clone(), s.state.committed_at.clone()) {
                        (Some(hash), at) => view! {
                            <p><code class="hash">{hash}</code></p>
                            <p>{(e.committed_at)(&format_iso(&at.unwrap_or_default()))}</p>
                        }.into_any(),
                        (None, _) => view! {
                            <p>{e.no_commitment}</p>
                            <p class="hint">{e.commit_first}</p>
                        }.into_any(),
                    }}
                    {s.contacts_deleted_at.clone().map(|at| view! {
                        <p>{(e.contacts_deleted)(&format_iso(&at))}</p>
                    })}
                }
            })}
            {manages.then(|| view! {
            <div class="event-actions">
                <Show when=move || {
                    matches!(phase(), Some(EventPhase::Upcoming | EventPhase::Open))
                        && state.with(|s| s.as_ref().is_some_and(|s| s.state.commitment.is_none()))
                }>
                    <button type="button" class="button primary" on:click=commit>
                        {e.commit}
                    </button>
                </Show>
                <Show when=move || {
                    matches!(phase(), Some(EventPhase::Upcoming | EventPhase::Open))
                        && state.with(|s| s.as_ref().is_some_and(|s| s.state.commitment.is_some()))
                }>
                    <button type="button" class="button secondary" on:click=close>
                        {e.close}
                    </button>
                </Show>
            </div>
            <Show when=move || phase() == Some(EventPhase::Closed)>
                {
                    let can_draw = move || {
                        state.with(|s| s.as_ref().is_some_and(|s| s.state.commitment.is_some()))
                    };
                    let source = source.clone();
                    view! {
                        <Show when=can_draw fallback=move || view! { <p>{e.draw_needs}</p> }>
                            <form class="admin-form" on:submit=draw>
                                <label for="zufallswert">{e.public_value}</label>
                                <input id="zufallswert" type="text" maxlength="500" required
                                    aria-describedby="zufallswert-hilfe"
                                    prop:value=move || public_value.get()
                                    on:input:target=move |ev| public_value.set(ev.target().value()) />
                                <p id="zufallswert-hilfe" class="hint">{(e.public_value_help)(&source)}</p>
                                <button type="submit" class="button primary">{e.draw}</button>
                            </form>
                        </Show>
                    }
                }
            </Show>
            })}
            {(!manages).then(|| view! { <p class="hint">{admin_t().manages_only}</p> })}
            {move || state.get().and_then(|s| s.state.draw).map(|d| view! {
                <h3 id="ausgelost-titel">{e.drawn_heading}</h3>
                <ol aria-labelledby="ausgelost-titel" class="drawn-codes">
                    {d.drawn.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                </ol>
            })}
            <Show when=move || invitees.with(|i| !i.is_empty())>
                <table class="event-invitees">
                    <caption>{e.invitees_caption}</caption>
                    <thead><tr>
                        <th scope="col">{e.col_code}</th>
                        <th scope="col">{e.col_name}</th>
                        <th scope="col">{e.col_contact}</th>
                    </tr></thead>
                    <tbody>
                        {move || invitees.get().into_iter().map(|i| view! {
                            <tr>
                                <td><code>{i.code}</code></td>
                                <td>{i.name}</td>
                                <td>{(e.contact_kind)(i.contact_kind)}": "{i.contact}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
            <Show when=move || manages && state.with(|s| s.as_ref().is_some_and(|s| s.contacts_deleted_at.is_none()))>
                <p>{(e.deleted_by)(&delete_after)}</p>
                <Show
                    when=move || asking.get()
                    fallback=move || view! {
                        <button type="button" class="button secondary"
                            on:click=move |_| asking.set(true)>{e.delete_contacts}</button>
                    }
                >
                    <div class="confirm-group" role="group" aria-label=e.delete_question
                        on:keydown=move |ev| if ev.key() == "Escape" { asking.set(false) }>
                        <p class="confirm">{e.delete_question}</p>
                        <button type="button" class="button danger" autofocus
                            on:click=delete>{e.delete_yes}</button>
                        <button type="button" class="button secondary"
                            on:click=move |_| asking.set(false)>{e.delete_no}</button>
                    </div>
                </Show>
            </Show>
            <p role="status" class="form-status">{move || message.get()}</p>
        </section>
    }
}
