//! A participation event with seats drawn by lot (issue 14: Esslingen's workshop): citizens
//! apply (exactly once per browser-made id), staff close the applications, commit to a
//! secret seed before the deadline and draw with a public value nobody knew then; anyone
//! re-runs the published draw (`mitreden-server lottery verify`). The algorithm and the
//! commitment are the model's (`mitreden_model::lottery`).
//!
//! # Layout
//! - the tables (`event_states`, `applications`, `event_log`) are the store's
//!   ([`mitreden_store::Lottery`]); the database itself refuses to change a commitment, a
//!   seed or a draw once made, or the applicants of a made draw.
//! - [`citizens`]: applying, an application's state, withdrawing, the public state and the
//!   published draw — the rules, used by [`public`]'s handlers.
//! - [`staff`]: closing, committing, drawing, the invitees, deleting the contacts (by staff,
//!   and automatically after the strategy file's date) — used by [`admin`]'s handlers and
//!   the command line ([`cli`]).
//! - [`public`]: `/api/v1/events/{event}/…`, under the citizens' rate limits.
//! - [`admin`]: `/api/v1/admin/events/{event}/…` (routed in [`crate::admin`]).
//! - [`cli`]: `mitreden-server lottery …`.
//!
//! Every write reads the event's state in the store's transaction and decides there (with
//! the server's [`Moment`] and draw), so two requests never both draw or both commit. The phase ([`phase`]) follows from the strategy file's times, the staff's
//! closing and the draw.

pub mod admin;
pub mod citizens;
pub mod cli;
pub mod public;
pub mod staff;

use std::time::Duration;

use axum::http::StatusCode;
use chrono::{DateTime, SecondsFormat, Utc};
use mitreden_model::event::{Event, EventPhase};
use mitreden_model::Strategy;
use mitreden_store::lottery::{EventRecord, Moment};
use mitreden_store::Store;

use crate::AppError;

pub use public::routes;

/// An instant.
pub type Time = DateTime<Utc>;

/// Now.
pub fn now() -> Time {
    Time::from(std::time::SystemTime::now())
}

/// An instant as stored and sent: RFC 3339, UTC, milliseconds (as SQLite's `strftime`).
pub fn stamp(at: Time) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// One of the event's times from the strategy file.
fn time_of(text: &str) -> Result<Time, AppError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| AppError::Internal(format!("event time {text:?} is not RFC 3339")))
}

/// A time of the strategy file as a German reader writes it, in the file's own offset.
fn german_time(text: &str) -> String {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.format("%d.%m.%Y, %H:%M Uhr").to_string())
        .unwrap_or_else(|_| text.to_owned())
}

/// Checks at start that every time of the event is a real RFC 3339 time (the parser checks
/// their shape only).
pub fn check_times(event: &Event) -> Result<(), String> {
    for (name, value) in [
        ("applications_open", &event.applications_open),
        ("applications_close", &event.applications_close),
        ("delete_contacts_after", &event.delete_contacts_after),
        ("date", &event.date),
    ] {
        if DateTime::parse_from_rfc3339(value).is_err() {
            return Err(format!(
                "event.{name} \"{value}\" ist keine gültige Zeit (RFC 3339)"
            ));
        }
    }
    Ok(())
}

/// The strategy's event with this id, or 404.
pub fn event_of<'a>(strategy: &'a Strategy, id: &str) -> Result<&'a Event, AppError> {
    strategy
        .event
        .as_ref()
        .filter(|e| e.id == id)
        .ok_or_else(|| {
            AppError::NotFound(format!(
                "Diese Veranstaltung gibt es nicht: {}",
                id.chars().take(64).collect::<String>()
            ))
        })
}

/// Where the event stands at `now`: before the opening, open, closed (the deadline passed
/// or staff closed it), drawn.
pub fn phase(event: &Event, state: &EventRecord, now: Time) -> Result<EventPhase, AppError> {
    Ok(moment(event, now)?.phase(state))
}

/// Where `now` stands against the event's times: before the opening, after the deadline.
pub fn moment(event: &Event, now: Time) -> Result<Moment, AppError> {
    let open = time_of(&event.applications_open)?;
    let close = time_of(&event.applications_close)?;
    Ok(Moment {
        before_open: now < open,
        after_close: now > close,
    })
}

/// The drawn codes in order, once drawn.
pub fn drawn(state: &EventRecord) -> Result<Option<Vec<String>>, AppError> {
    state
        .result
        .as_deref()
        .map(|json| {
            serde_json::from_str(json)
                .map_err(|e| AppError::Internal(format!("stored draw result: {e}")))
        })
        .transpose()
}

/// A 409 or 422 with a code the app can say in the citizen's (or staff's) language.
fn refused(status: StatusCode, code: &str, detail: impl Into<String>) -> AppError {
    AppError::Refused {
        status,
        code: code.to_owned(),
        detail: detail.into(),
    }
}

/// 409: applications are not taken in this phase (`applications_not_open` before the
/// opening, `applications_closed` after).
fn not_open(event: &Event, phase: EventPhase, what: &str) -> AppError {
    if phase == EventPhase::Upcoming {
        refused(
            StatusCode::CONFLICT,
            "applications_not_open",
            format!(
                "Bewerbungen sind erst ab {} möglich.",
                german_time(&event.applications_open)
            ),
        )
    } else {
        refused(
            StatusCode::CONFLICT,
            "applications_closed",
            format!("Die Bewerbungsfrist ist vorbei; {what}"),
        )
    }
}

/// Runs for ever: once at start and then every hour, deletes the contacts of each event
/// once its date for it has passed ([`staff::delete_due_contacts`]) — every event any
/// stored version names ([`crate::strategy::events`]), also one a later version dropped.
pub async fn keep_deleting(store: std::sync::Arc<dyn Store>) {
    let mut every = tokio::time::interval(Duration::from_secs(60 * 60));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let events = match crate::strategy::events(&*store).await {
            Ok(events) => events,
            Err(e) => {
                tracing::warn!(error = %e, "events not read; contacts not yet deleted");
                continue;
            }
        };
        for event in &events {
            match staff::delete_due_contacts(&*store, event, now()).await {
                Ok(true) => tracing::info!(event = %event.id, "contacts deleted (date passed)"),
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(event = %event.id, error = %e, "contacts not yet deleted")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_stored_as_sqlite_writes_them() {
        let at = time_of("2027-03-15T23:59:59+01:00").unwrap_or_default();
        assert_eq!(stamp(at), "2027-03-15T22:59:59.000Z");
        assert_eq!(
            german_time("2026-11-01T00:00:00+01:00"),
            "01.11.2026, 00:00 Uhr"
        );
        assert!(time_of("2027-02-30T00:00:00Z").is_err());
    }
}
