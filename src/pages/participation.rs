//! `/teilnahme`: a participation event with seats drawn by lot (issue 14), where the
//! strategy announces one — what, when, where, the quotas and how the draw works (all
//! rendered by the server), and the part that lives in the browser
//! (`data-part="participation"`): the event's state from the server (phase, applications,
//! the commitment, the published draw), one's own application with its receipt code, the
//! application form (an outbox item like a comment: drafted, queued, sent once) and the
//! check by code.
//!
//! Everything here takes the [`Event`] as an argument: the page exists only where the
//! page's strategy has one (`crate::render`), and the part is mounted only by the event's
//! bundle (`crate::event`), so a town without an event downloads none of it.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{paragraphs, NotFound};
use crate::app::{set_page_title, town_lang, PageHeading};
use crate::clock::format_iso;
use crate::content::use_content;
use crate::http;
use crate::i18n::{event_page_t, event_t, EventTexts};
use crate::outbox::use_outbox;
use mitreden_model::event::{Event, EventPhase, EventState};
use mitreden_model::outbox::ItemState;

pub(super) use super::participation_form::ApplicationForm;
use super::participation_own::{CodeCheck, OwnApplications};

/// The event's state from the server: `None` while loading, `Err` when it cannot be loaded.
pub type EventLoaded = RwSignal<Option<Result<EventState, ()>>>;

/// `/teilnahme`: the strategy's event, or "not found" where it has none.
#[component]
pub fn ParticipationPage() -> impl IntoView {
    match use_content().event_arc() {
        Some(event) => participation_view(event).into_any(),
        None => NotFound().into_any(),
    }
}

/// The name the published draw is downloaded as (and `lottery verify` is shown with).
fn draw_file_name(event: &Event) -> String {
    format!("auslosung-{}.json", event.id)
}

/// The page of `event`: its text and facts, the quotas, how the draw works, the live part,
/// and how to check the draw.
pub fn participation_view(event: Arc<Event>) -> impl IntoView {
    let pt = event_page_t();
    let title = event.title.clone();
    let heading = title.clone();
    let file_name = draw_file_name(&event);
    Effect::new(move |_| set_page_title(&title));
    // The town's words (title, text, place, quota values), marked German on English pages.
    let lang = town_lang();
    let quotas = if event.quotas.is_empty() {
        view! { <p>{pt.no_quotas}</p> }.into_any()
    } else {
        let items = event
            .quotas
            .iter()
            .map(|q| {
                let label = event
                    .attribute(&q.attribute)
                    .map_or(q.attribute.as_str(), |a| a.label.as_str());
                view! {
                    <li>
                        {(pt.quota)(q.seats)} " " <span lang=lang>{q.value.clone()}</span>
                        " (" <span lang=lang>{label.to_owned()}</span> ")"
                    </li>
                }
            })
            .collect_view();
        view! {
            <p>{pt.quotas_intro}</p>
            <ul class="quotas">{items}</ul>
            <p>{pt.quotas_rest}</p>
        }
        .into_any()
    };
    let period = (pt.period)(
        &(pt.when)(&event.applications_open),
        &(pt.when)(&event.applications_close),
    );
    view! {
        <article class="participation">
            <PageHeading><span lang=lang>{heading}</span></PageHeading>
            <div class="introduction" lang=lang>{paragraphs(&event.text)}</div>
            <dl class="event-facts">
                <dt>{pt.when_label}</dt>
                <dd>{(pt.when)(&event.date)}</dd>
                <dt>{pt.where_label}</dt>
                <dd lang=lang>{event.place.clone()}</dd>
                <dt>{pt.seats_label}</dt>
                <dd>{(pt.seats)(event.seats)}</dd>
                <dt>{pt.period_label}</dt>
                <dd>{period}</dd>
            </dl>
            <section aria-labelledby="quoten">
                <h2 id="quoten">{pt.quotas_heading}</h2>
                {quotas}
            </section>
            <section aria-labelledby="verfahren">
                <h2 id="verfahren">{pt.draw_heading}</h2>
                <p>{pt.draw_commit}</p>
                <p>{pt.draw_public} " " <span lang=lang>{event.public_randomness.clone()}</span></p>
                <p>{pt.draw_run}</p>
                <p>{(pt.draw_published)(&(event_t().day)(&event.delete_contacts_after))}</p>
            </section>
            <noscript>
                <p class="banner">{pt.noscript}</p>
            </noscript>
            <div data-part="participation">
                <ParticipationPart event=event.clone() />
            </div>
            <section aria-labelledby="nachpruefen">
                <h2 id="nachpruefen">{pt.verify_heading}</h2>
                <p>{pt.verify_commitment}</p>
                <p>{pt.verify_same}</p>
                <pre><code>{format!("mitreden-server lottery verify {file_name}")}</code></pre>
                <p>{pt.verify_after}</p>
            </section>
        </article>
    }
}

/// What of the page lives in the browser (`data-part="participation"`): the state, one's
/// own application, the form and the check by code.
#[component]
pub fn ParticipationPart(event: Arc<Event>) -> impl IntoView {
    let state = load_event_state(&event.id);
    if !is_server() {
        // How many applied, and the own application's place in it, change when this
        // device's application arrives or is withdrawn: ask the server anew then.
        let outbox = use_outbox();
        let event_id = event.id.clone();
        Effect::new(move |previous: Option<(usize, usize)>| {
            let settled = outbox.items().with(|items| {
                let mine = items.iter().filter(|i| {
                    i.application
                        .as_ref()
                        .is_some_and(|a| a.event_id == event_id)
                });
                let received = mine
                    .clone()
                    .filter(|i| matches!(i.state, ItemState::Received { .. }))
                    .count();
                let withdrawn = mine.filter(|i| i.state == ItemState::Withdrawn).count();
                (received, withdrawn)
            });
            if previous.is_some_and(|p| p != settled) {
                fetch_event_state(&event_id, state);
            }
            settled
        });
    }
    view! {
        <EventStateView event=event.clone() state=state />
        <OwnApplications event=event.clone() state=state />
        <ApplicationForm event=event.clone() state=state />
        <CodeCheck event=event />
    }
}

/// Starts loading the event's state (not when prerendering).
fn load_event_state(event: &str) -> EventLoaded {
    let loaded: EventLoaded = RwSignal::new(None);
    if !is_server() {
        fetch_event_state(event, loaded);
    }
    loaded
}

/// Asks the server for the event's state; what was shown stays until the answer (and
/// when none comes on a reload).
fn fetch_event_state(event: &str, loaded: EventLoaded) {
    let event = event.to_owned();
    spawn_local(async move {
        match http::event_state(&event).await {
            Ok(state) => loaded.set(Some(Ok(state))),
            Err(_) if loaded.with_untracked(Option::is_none) => loaded.set(Some(Err(()))),
            Err(_) => {}
        }
    });
}

/// The phase, once the server told it.
pub(super) fn known_phase(state: EventLoaded) -> Option<EventPhase> {
    state.with(|s| s.as_ref().and_then(|r| r.as_ref().ok()).map(|s| s.phase))
}

/// The event's state: phase, applications, the commitment, and once drawn the drawn
/// codes with the draw's inputs and the download.
#[component]
pub fn EventStateView(event: Arc<Event>, state: EventLoaded) -> impl IntoView {
    let et = event_t();
    let body = move || match state.get() {
        None => view! { <p>{et.state_loading}</p> }.into_any(),
        Some(Err(())) => view! { <p>{et.state_unavailable}</p> }.into_any(),
        Some(Ok(s)) => loaded_state(et, &event, s).into_any(),
    };
    view! {
        <section class="event-state" aria-labelledby="stand">
            <h2 id="stand">{et.state_heading}</h2>
            {body}
        </section>
    }
}

fn loaded_state(et: &'static EventTexts, event: &Event, s: EventState) -> impl IntoView {
    let (download, file_name) = (http::draw_download(&event.id), draw_file_name(event));
    let at = match s.phase {
        EventPhase::Upcoming => format_iso(&event.applications_open),
        _ => format_iso(s.closed_at.as_deref().unwrap_or(&s.applications_close)),
    };
    let commitment = match (s.commitment, s.committed_at) {
        (Some(hash), at) => view! {
            <dl class="commitment">
                <dt>{et.commitment_label}</dt>
                // In full; `pre` wraps it on a narrow screen.
                <dd><pre><code>{hash}</code></pre></dd>
                {at.map(|at| view! { <dd>{(et.committed_at)(&format_iso(&at))}</dd> })}
            </dl>
        }
        .into_any(),
        (None, _) => view! { <p>{et.no_commitment}</p> }.into_any(),
    };
    let draw = s.draw.map(|d| {
        let intro = (et.result_intro)(d.drawn.len(), d.applicants, &format_iso(&d.drawn_at));
        let codes = d
            .drawn
            .into_iter()
            .map(|code| view! { <li><code>{code}</code></li> })
            .collect_view();
        view! {
            <section class="draw-result" aria-labelledby="ergebnis">
                <h3 id="ergebnis">{et.result_heading}</h3>
                <p>{intro}</p>
                <ol class="drawn-codes" aria-label=et.drawn_label>{codes}</ol>
                <dl>
                    <dt>{et.seed_label}</dt>
                    <dd><pre><code>{d.seed}</code></pre></dd>
                    <dt>{et.public_value_label}</dt>
                    <dd>{d.public_value}</dd>
                    <dt>{et.algorithm_label}</dt>
                    <dd><code>{d.algorithm}</code></dd>
                </dl>
                <p>
                    <a href=download download=file_name>
                        {et.download}
                    </a>
                </p>
            </section>
        }
    });
    view! {
        <p>{(et.phase)(s.phase, &at)}</p>
        <p>{(et.applied)(s.applications)}</p>
        {commitment}
        {draw}
    }
}

/// An event for the tests (the test strategy has none).
#[cfg(all(test, any(feature = "ssr", target_arch = "wasm32")))]
pub(crate) fn test_event() -> Event {
    use mitreden_model::event::{EventAttribute, Quota};
    Event {
        id: "workshop".into(),
        title: "Bürger-Workshop".into(),
        text: "Alle können sich bewerben.\n\nDie Plätze werden verlost.".into(),
        date: "2027-04-12T18:00:00+02:00".into(),
        place: "Altes Rathaus".into(),
        seats: 15,
        applications_open: "2026-11-01T00:00:00+01:00".into(),
        applications_close: "2027-03-15T23:59:59+01:00".into(),
        delete_contacts_after: "2027-05-31T23:59:59+02:00".into(),
        public_randomness: "die Lottozahlen vom 20. März 2027".into(),
        attributes: vec![EventAttribute {
            id: "stadtteil".into(),
            label: "Stadtteil".into(),
            values: vec!["Mitte".into(), "Zell".into()],
        }],
        quotas: vec![Quota {
            attribute: "stadtteil".into(),
            value: "Zell".into(),
            seats: 3,
        }],
    }
}
