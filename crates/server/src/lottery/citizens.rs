//! What citizens do and see: apply (exactly once per id), look up and withdraw an
//! application by its receipt code, the event's public state, the published draw.

use axum::http::StatusCode;
use mitreden_model::event::{
    normalise_code, receipt_code, validate_application, ApplicationReceipt, ApplicationRejection,
    ApplicationState, ApplicationStatus, DrawSummary, Event, EventPhase, EventState,
    NewApplication,
};
use mitreden_model::lottery::{DrawInput, PublishedDraw, ALGORITHM};
use sqlx::SqlitePool;

use super::store::{self, ApplicationRow, Counts, StateRow};
use super::{not_open, phase, refused, stamp, Time};
use crate::db::Db;
use crate::AppError;

/// How often a new receipt code is made when the one drawn is taken (40 bits: practically
/// never once).
const CODE_TRIES: usize = 16;

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

/// Takes an application: checked, then — in one transaction on the write connection — the
/// same id answers its earlier receipt, otherwise it is stored with a new code if the
/// event takes applications now.
pub async fn apply(
    db: &Db,
    event: &Event,
    application: &NewApplication,
    now: Time,
) -> Result<Applied, AppError> {
    validate_application(application, Some(event)).map_err(|r| rejected(&r))?;
    // The model checks the time's shape; the server reads it in full.
    if chrono::DateTime::parse_from_rfc3339(&application.created_at).is_err() {
        return Err(rejected(&ApplicationRejection::BadId));
    }
    let mut tx = db.write.begin_with("BEGIN IMMEDIATE").await?;
    if let Some(found) = store::by_id(&mut *tx, &application.id).await? {
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
        return Ok(Applied {
            created: false,
            receipt: receipt_of(found),
        });
    }
    let state = store::state(&mut *tx, &event.id).await?;
    let phase = phase(event, &state, now)?;
    if phase != EventPhase::Open {
        return Err(not_open(
            event,
            phase,
            "Bewerbungen sind nicht mehr möglich.",
        ));
    }
    let mut code = None;
    for _ in 0..CODE_TRIES {
        let mut bytes = [0u8; 5];
        getrandom::fill(&mut bytes)
            .map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
        let candidate = receipt_code(bytes);
        if !store::code_taken(&mut *tx, &candidate).await? {
            code = Some(candidate);
            break;
        }
    }
    let code = code.ok_or_else(|| AppError::Internal("no free receipt code".into()))?;
    let received_at = stamp(now);
    store::insert(&mut *tx, application, &code, &received_at).await?;
    tx.commit().await?;
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

fn receipt_of(row: ApplicationRow) -> ApplicationReceipt {
    ApplicationReceipt {
        id: row.id,
        code: row.code,
        received_at: row.received_at,
    }
}

/// An application's state: withdrawn, received, or after the draw drawn or not.
fn state_of(row: ApplicationRow, drawn: Option<&[String]>) -> ApplicationState {
    let status = if row.withdrawn() {
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
    pool: &SqlitePool,
    event: &Event,
    typed: &str,
) -> Result<ApplicationState, AppError> {
    let code = normalise_code(typed).ok_or_else(not_found)?;
    let mut tx = pool.begin().await?;
    let row = store::by_code(&mut *tx, &event.id, &code)
        .await?
        .ok_or_else(not_found)?;
    let drawn = store::state(&mut *tx, &event.id).await?.drawn()?;
    Ok(state_of(row, drawn.as_deref()))
}

/// Withdraws the application with this code while applications are taken; its name and
/// contact are erased at once (and from the WAL). Withdrawing twice answers the same.
pub async fn withdraw(
    db: &Db,
    event: &Event,
    typed: &str,
    now: Time,
) -> Result<ApplicationState, AppError> {
    let code = normalise_code(typed).ok_or_else(not_found)?;
    let mut tx = db.write.begin_with("BEGIN IMMEDIATE").await?;
    let row = store::by_code(&mut *tx, &event.id, &code)
        .await?
        .ok_or_else(not_found)?;
    if !row.withdrawn() {
        let state = store::state(&mut *tx, &event.id).await?;
        let phase = phase(event, &state, now)?;
        if phase != EventPhase::Open {
            return Err(not_open(
                event,
                phase,
                "eine Bewerbung kann jetzt nicht mehr zurückgezogen werden.",
            ));
        }
        store::withdraw(&mut *tx, &row.id, &stamp(now)).await?;
        tx.commit().await?;
        tracing::info!(event = %event.id, %code, "application withdrawn");
        // The old pages with name and contact are still in the WAL: fold and cut it.
        if let Err(e) = db.erase_wal().await {
            tracing::warn!(error = %e, "withdrawal: WAL truncation left for later");
        }
    } else {
        tx.rollback().await?;
    }
    application(&db.read, event, &code).await
}

/// The event's state as the public sees it, from one snapshot.
pub async fn event_state(
    pool: &SqlitePool,
    event: &Event,
    now: Time,
) -> Result<EventState, AppError> {
    let mut tx = pool.begin().await?;
    let state = store::state(&mut *tx, &event.id).await?;
    let counts = store::counts(&mut *tx, &event.id).await?;
    public_state(event, &state, counts, now)
}

/// The public state from the stored state and counts.
pub fn public_state(
    event: &Event,
    state: &StateRow,
    counts: Counts,
    now: Time,
) -> Result<EventState, AppError> {
    let draw = match (
        state.drawn()?,
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
            applicants: u64::try_from(counts.received).unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(EventState {
        event_id: event.id.clone(),
        phase: phase(event, state, now)?,
        applications: u64::try_from(counts.received).unwrap_or_default(),
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
pub async fn published(pool: &SqlitePool, event: &Event) -> Result<PublishedDraw, AppError> {
    let mut tx = pool.begin().await?;
    let state = store::state(&mut *tx, &event.id).await?;
    let not_yet = || AppError::NotFound("Die Auslosung ist noch nicht gemacht.".into());
    let drawn = state.drawn()?.ok_or_else(not_yet)?;
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
    let applicants = store::applicants(&mut *tx, &event.id).await?;
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
