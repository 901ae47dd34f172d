//! What staff do to an event — close the applications, commit to a seed, draw, delete the
//! contacts — from the administration or the command line, each recorded in the event's
//! log with who did it and logged; and what staff see: counts by group, the invitees.

use axum::http::StatusCode;
use mitreden_model::event::{
    check_public_value, ContactKind, Event, EventAdminState, GroupCount, Invitee,
};
use mitreden_model::lottery::{self, Applicant, DrawInput, ALGORITHM};
use mitreden_store::lottery::{Closing, Committing, Draw, DrawRecord, Drawing, Step};
use mitreden_store::Store;

use super::citizens::public_state;
use super::{drawn, moment, refused, stamp, time_of, Time};
use crate::admin::random_hex;
use crate::AppError;

/// Who the log names for the command line.
pub const BY_COMMAND_LINE: &str = "(Kommandozeile)";
/// Who the log names for the deletion at the strategy file's date.
pub const BY_DEADLINE: &str = "(automatisch)";

fn conflict(code: &str, detail: &str) -> AppError {
    refused(StatusCode::CONFLICT, code, detail)
}

fn already_drawn() -> AppError {
    conflict(
        "already_drawn",
        "Die Auslosung ist schon gemacht; daran ändert sich nichts mehr.",
    )
}

/// The event as staff see it, from one snapshot.
pub async fn admin_state(
    store: &dyn Store,
    event: &Event,
    now: Time,
) -> Result<EventAdminState, AppError> {
    let snapshot = store.event_snapshot(&event.id).await?;
    let groups = event
        .attributes
        .iter()
        .flat_map(|a| {
            a.values.iter().map(|v| GroupCount {
                attribute: a.id.clone(),
                value: v.clone(),
                count: snapshot
                    .groups
                    .get(&(a.id.clone(), v.clone()))
                    .copied()
                    .unwrap_or_default(),
            })
        })
        .collect();
    Ok(EventAdminState {
        state: public_state(event, &snapshot.state, snapshot.counts, now)?,
        groups,
        withdrawn: snapshot.counts.withdrawn,
        contacts_deleted_at: snapshot.state.contacts_deleted_at,
    })
}

/// Closes the applications before the deadline (nothing changes if they are closed
/// already); 409 once drawn, and before the commitment: closed without one, the event could
/// never be drawn verifiably (the commitment must come before the deadline); a deadline
/// that passed without one can still be moved in the strategy file, a close by staff could
/// not be taken back.
pub async fn close(store: &dyn Store, event: &Event, by: &str, now: Time) -> Result<(), AppError> {
    let at = stamp(now);
    let step = Step {
        event_id: &event.id,
        by,
        at: &at,
    };
    match store.close_applications(step).await? {
        Closing::Closed => {
            tracing::info!(event = %event.id, %by, "applications closed");
            Ok(())
        }
        Closing::AlreadyClosed => Ok(()),
        Closing::AlreadyDrawn => Err(already_drawn()),
        Closing::NoCommitment => Err(conflict(
            "no_commitment",
            "Veröffentlichen Sie zuerst die Festlegung des Startwerts: Ohne sie vor dem \
             Bewerbungsschluss ist keine nachprüfbare Auslosung möglich.",
        )),
    }
}

/// Makes the secret seed (32 random bytes, hex) and stores it with its commitment; answers
/// the commitment and its time. 409 once committed, and once the applications are closed
/// (the commitment must be public before the deadline).
pub async fn commit(
    store: &dyn Store,
    event: &Event,
    by: &str,
    now: Time,
) -> Result<(String, String), AppError> {
    let seed = random_hex(32)?;
    let commitment = lottery::commitment(&seed);
    let at = stamp(now);
    let step = Step {
        event_id: &event.id,
        by,
        at: &at,
    };
    match store
        .commit_seed(step, &seed, &commitment, moment(event, now)?)
        .await?
    {
        Committing::Committed => {
            tracing::info!(event = %event.id, %by, %commitment, "commitment made");
            Ok((commitment, at))
        }
        Committing::AlreadyCommitted => Err(conflict(
            "already_committed",
            "Die Festlegung ist schon veröffentlicht; sie lässt sich nicht ändern.",
        )),
        Committing::ApplicationsClosed => Err(conflict(
            "applications_closed",
            "Die Bewerbungsfrist ist vorbei: Die Festlegung muss vor dem Ende der Frist \
             veröffentlicht sein.",
        )),
    }
}

/// The model's draw with the event's seats and quotas and the public value.
struct ByLot<'a> {
    event: &'a Event,
    public_value: &'a str,
}

impl Draw for ByLot<'_> {
    fn draw(&self, seed: &str, applicants: &[Applicant]) -> Result<DrawRecord, String> {
        let input = DrawInput {
            seats: self.event.seats,
            quotas: self.event.quotas.clone(),
            seed: seed.to_owned(),
            public_value: self.public_value.to_owned(),
            applicants: applicants.to_vec(),
        };
        let drawn = lottery::draw(&input);
        Ok(DrawRecord {
            public_value: self.public_value.to_owned(),
            algorithm: ALGORITHM.to_owned(),
            seats: self.event.seats,
            quotas: serde_json::to_string(&input.quotas).map_err(|e| e.to_string())?,
            result: serde_json::to_string(&drawn).map_err(|e| e.to_string())?,
        })
    }
}

/// Draws with `public_value` among the applications not withdrawn, with the event's seats
/// and quotas, and stores the result; answers the drawn codes in order. 422 for a public
/// value that cannot be used; 409 unless the applications are closed, committed to and not
/// yet drawn.
pub async fn draw(
    store: &dyn Store,
    event: &Event,
    by: &str,
    public_value: &str,
    now: Time,
) -> Result<Vec<String>, AppError> {
    if !check_public_value(public_value) {
        return Err(refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_public_value",
            "Bitte geben Sie den öffentlichen Zufallswert an (höchstens 500 Zeichen, ohne \
             Steuerzeichen).",
        ));
    }
    let public_value = public_value.trim();
    let at = stamp(now);
    let step = Step {
        event_id: &event.id,
        by,
        at: &at,
    };
    let by_lot = ByLot {
        event,
        public_value,
    };
    match store
        .draw(step, public_value, moment(event, now)?, &by_lot)
        .await?
    {
        Drawing::Drawn {
            record,
            applicants,
            commitment,
        } => {
            let drawn: Vec<String> = serde_json::from_str(&record.result)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            tracing::info!(
                event = %event.id, %by, %commitment, public_value, applicants,
                drawn = drawn.len(), "draw made"
            );
            Ok(drawn)
        }
        Drawing::AlreadyDrawn => Err(already_drawn()),
        Drawing::NotClosed => Err(conflict(
            "not_closed",
            "Ausgelost wird erst, wenn die Bewerbungen geschlossen sind.",
        )),
        Drawing::NoCommitment => Err(conflict(
            "no_commitment",
            "Es gibt keine Festlegung: Ohne sie vor der Frist lässt sich die Auslosung nicht \
             nachprüfen.",
        )),
    }
}

/// The drawn, in draw order, with name and contact for the invitation (empty once
/// deleted); empty before the draw.
pub async fn invitees(store: &dyn Store, event: &Event) -> Result<Vec<Invitee>, AppError> {
    let (state, rows) = store.drawn_applications(&event.id).await?;
    let Some(drawn) = drawn(&state)? else {
        return Ok(Vec::new());
    };
    drawn
        .iter()
        .filter_map(|code| rows.iter().find(|r| &r.code == code))
        .map(|r| {
            let contact_kind = ContactKind::from_key(&r.contact_kind).ok_or_else(|| {
                AppError::Internal(format!("unknown contact kind {:?}", r.contact_kind))
            })?;
            Ok(Invitee {
                code: r.code.clone(),
                name: r.name.clone(),
                contact_kind,
                contact: r.contact.clone(),
            })
        })
        .collect()
}

/// Erases name and contact of every application of the event (counts and attributes stay)
/// and notes when (again only if there was anything left to erase); erased from the
/// database's files too (SQLite's WAL; PostgreSQL's table rewritten).
pub async fn delete_contacts(
    store: &dyn Store,
    event: &Event,
    by: &str,
    now: Time,
) -> Result<(), AppError> {
    let at = stamp(now);
    let step = Step {
        event_id: &event.id,
        by,
        at: &at,
    };
    if let Some(erased) = store.delete_contacts(step).await? {
        tracing::info!(event = %event.id, %by, erased, "contacts deleted");
    }
    Ok(())
}

/// Deletes the contacts once `now` is past the strategy file's `delete_contacts_after`
/// (and any are left, or the deletion was never noted); answers whether it did.
pub async fn delete_due_contacts(
    store: &dyn Store,
    event: &Event,
    now: Time,
) -> Result<bool, AppError> {
    if now <= time_of(&event.delete_contacts_after)? {
        return Ok(false);
    }
    let state = store.event_snapshot(&event.id).await?.state;
    if state.contacts_deleted_at.is_some() && !store.has_contacts(&event.id).await? {
        return Ok(false);
    }
    delete_contacts(store, event, BY_DEADLINE, now).await?;
    Ok(true)
}
