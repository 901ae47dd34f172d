//! What citizens do and see: apply (exactly once per id), look up and withdraw an
//! application by its receipt code, the event's public state, the published draw.

use axum::http::StatusCode;
use mitreden_model::event::{
    normalise_code, receipt_code, validate_application, ApplicationReceipt, ApplicationRejection,
    ApplicationState, ApplicationStatus, DrawSummary, Event, EventState, NewApplication,
};
use mitreden_model::lottery::{DrawInput, PublishedDraw, ALGORITHM};
use mitreden_store::lottery::{ApplicationRecord, Applying, Counts, EventRecord, Withdrawing};
use mitreden_store::Store;

use super::{drawn, moment, not_open, phase, refused, stamp, Time};
use crate::AppError;

/// An application as stored: its receipt, and whether this request stored it.
pub struct Applied {
    /// Stored now (201), or before under the same id (200, the same receipt).
    pub created: bool,
    /// The receipt.
    pub receipt: ApplicationReceipt,
}

fn not_found() -> AppError {
    AppError::NotFound("Zu diesem Code gibt es keine Bewerbung.".into())
}

/// The 422 for a broken rule, with its code.
fn rejected(rule: &ApplicationRejection) -> AppError {
    refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        &rule.code(),
        rule.german(),
    )
}

/// Takes an application: checked, then — in one transaction — the same id answers its
/// earlier receipt, otherwise it is stored with a new code (40 random bits; another where
/// it is taken) if the event takes applications now.
pub async fn apply(
    store: &dyn Store,
    event: &Event,
    application: &NewApplication,
    now: Time,
) -> Result<Applied, AppError> {
    validate_application(application, Some(event)).map_err(|r| rejected(&r))?;
    // The model checks the time's shape; the server reads it in full.
    if chrono::DateTime::parse_from_rfc3339(&application.created_at).is_err() {
        return Err(rejected(&ApplicationRejection::BadId));
    }
    let code = || {
        let mut bytes = [0u8; 5];
        getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
        Ok(receipt_code(bytes))
    };
    let received_at = stamp(now);
    match store
        .apply(application, &received_at, moment(event, now)?, &code)
        .await?
    {
        Applying::Stored { code } => {
            tracing::info!(event = %event.id, %code, "application received");
            Ok(Applied {
                created: true,
                receipt: ApplicationReceipt {
                    id: application.id.clone(),
                    code,
                    received_at,
                },
            })
        }
        Applying::Existing(found) => {
            // The same id with other content is another application, not a retry: refused
            // as a comment's would be (once the contacts are erased there is nothing to
            // compare, and the retry gets its receipt).
            let erased = found.name.is_empty() && found.contact.is_empty();
            let same = found.name == application.name.trim()
                && found.contact_kind == application.contact_kind.key()
                && found.contact == application.contact.trim();
            if found.event_id != event.id || !(same || erased) {
                return Err(refused(
                    StatusCode::CONFLICT,
                    "id_taken",
                    "Diese Kennung gehört schon zu einer anderen Bewerbung.",
                ));
            }
            Ok(Applied {
                created: false,
                receipt: receipt_of(found),
            })
        }
        Applying::NotOpen(phase) => Err(not_open(
            event,
            phase,
            "Bewerbungen sind nicht mehr möglich.",
        )),
    }
}

fn receipt_of(row: ApplicationRecord) -> ApplicationReceipt {
    ApplicationReceipt {
        id: row.id,
        code: row.code,
        received_at: row.received_at,
    }
}

/// An application's state: withdrawn, received, or after the draw drawn or not.
fn state_of(row: ApplicationRecord, drawn: Option<&[String]>) -> ApplicationState {
    let status = if row.withdrawn {
        ApplicationStatus::Withdrawn
    } else {
        match drawn {
            None => ApplicationStatus::Received,
            Some(codes) if codes.contains(&row.code) => ApplicationStatus::Drawn,
            Some(_) => ApplicationStatus::NotDrawn,
        }
    };
    ApplicationState {
        code: row.code,
        status,
        received_at: row.received_at,
    }
}

/// The application with this code (as typed: any case, spaces, `O` for `0`), or 404.
pub async fn application(
    store: &dyn Store,
    event: &Event,
    typed: &str,
) -> Result<ApplicationState, AppError> {
    let code = normalise_code(typed).ok_or_else(not_found)?;
    let (row, state) = store
        .application_by_code(&event.id, &code)
        .await?
        .ok_or_else(not_found)?;
    Ok(state_of(row, drawn(&state)?.as_deref()))
}

/// Withdraws the application with this code while applications are taken; its name and
/// contact are erased at once (and from the database's files). Withdrawing twice answers
/// the same.
pub async fn withdraw(
    store: &dyn Store,
    event: &Event,
    typed: &str,
    now: Time,
) -> Result<ApplicationState, AppError> {
    let code = normalise_code(typed).ok_or_else(not_found)?;
    match store
        .withdraw_application(&event.id, &code, &stamp(now), moment(event, now)?)
        .await?
    {
        Withdrawing::NotFound => return Err(not_found()),
        Withdrawing::NotOpen(phase) => {
            return Err(not_open(
                event,
                phase,
                "eine Bewerbung kann jetzt nicht mehr zurückgezogen werden.",
            ))
        }
        Withdrawing::Withdrawn => {
            tracing::info!(event = %event.id, %code, "application withdrawn");
        }
        Withdrawing::AlreadyWithdrawn => {}
    }
    application(store, event, &code).await
}

/// The event's state as the public sees it, from one snapshot.
pub async fn event_state(
    store: &dyn Store,
    event: &Event,
    now: Time,
) -> Result<EventState, AppError> {
    let snapshot = store.event_snapshot(&event.id).await?;
    public_state(event, &snapshot.state, snapshot.counts, now)
}

/// The public state from the stored state and counts.
pub fn public_state(
    event: &Event,
    state: &EventRecord,
    counts: Counts,
    now: Time,
) -> Result<EventState, AppError> {
    let draw = match (
        drawn(state)?,
        &state.seed,
        &state.public_value,
        &state.drawn_at,
    ) {
        (Some(drawn), Some(seed), Some(public_value), Some(drawn_at)) => Some(DrawSummary {
            drawn,
            seed: seed.clone(),
            public_value: public_value.clone(),
            drawn_at: drawn_at.clone(),
            algorithm: state.algorithm.clone().unwrap_or_else(|| ALGORITHM.into()),
            applicants: counts.received,
        }),
        _ => None,
    };
    Ok(EventState {
        event_id: event.id.clone(),
        phase: phase(event, state, now)?,
        applications: counts.received,
        applications_close: event.applications_close.clone(),
        closed_at: state.closed_at.clone(),
        commitment: state.commitment.clone(),
        committed_at: state.committed_at.clone(),
        draw,
    })
}

/// The published draw: everything needed to re-run it — the applicants' codes and
/// attributes (no names, no contacts), seats, quotas, seed, public value — and the result.
/// 404 until drawn.
pub async fn published(store: &dyn Store, event: &Event) -> Result<PublishedDraw, AppError> {
    let (state, applicants) = store.draw_inputs(&event.id).await?;
    let not_yet = || AppError::NotFound("Die Auslosung ist noch nicht gemacht.".into());
    let drawn = drawn(&state)?.ok_or_else(not_yet)?;
    let (
        Some(algorithm),
        Some(commitment),
        Some(committed_at),
        Some(drawn_at),
        Some(seed),
        Some(public_value),
        Some(seats),
        Some(quotas),
    ) = (
        state.algorithm,
        state.commitment,
        state.committed_at,
        state.drawn_at,
        state.seed,
        state.public_value,
        state.seats,
        state.quotas,
    )
    else {
        return Err(not_yet());
    };
    let quotas = serde_json::from_str(&quotas)
        .map_err(|e| AppError::Internal(format!("stored quotas: {e}")))?;
    Ok(PublishedDraw {
        algorithm,
        event_id: event.id.clone(),
        commitment,
        committed_at,
        drawn_at,
        input: DrawInput {
            seats: u32::try_from(seats).unwrap_or_default(),
            quotas,
            seed,
            public_value,
            applicants,
        },
        drawn,
    })
}
