//! What staff do to an event — close the applications, commit to a seed, draw, delete the
//! contacts — from the administration or the command line, each recorded in the event's
//! log with who did it and logged; and what staff see: counts by group, the invitees.

use axum::http::StatusCode;
use mitreden_model::event::{
    check_public_value, ContactKind, Event, EventAdminState, EventPhase, GroupCount, Invitee,
};
use mitreden_model::lottery::{self, DrawInput, ALGORITHM};
use sqlx::SqlitePool;

use super::citizens::public_state;
use super::store::{self, Action, DrawRecord};
use super::{phase, refused, stamp, time_of, Time};
use crate::admin::random_hex;
use crate::db::Db;
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
    pool: &SqlitePool,
    event: &Event,
    now: Time,
) -> Result<EventAdminState, AppError> {
    let mut tx = pool.begin().await?;
    let state = store::state(&mut *tx, &event.id).await?;
    let counts = store::counts(&mut *tx, &event.id).await?;
    let by_value = store::group_counts(&mut *tx, &event.id).await?;
    let groups = event
        .attributes
        .iter()
        .flat_map(|a| {
            a.values.iter().map(|v| GroupCount {
                attribute: a.id.clone(),
                value: v.clone(),
                count: by_value
                    .get(&(a.id.clone(), v.clone()))
                    .map_or(0, |n| u64::try_from(*n).unwrap_or_default()),
            })
        })
        .collect();
    Ok(EventAdminState {
        state: public_state(event, &state, counts, now)?,
        groups,
        withdrawn: u64::try_from(counts.withdrawn).unwrap_or_default(),
        contacts_deleted_at: state.contacts_deleted_at,
    })
}

/// Closes the applications before the deadline (nothing changes if they are closed
/// already); 409 once drawn.
pub async fn close(db: &Db, event: &Event, by: &str, now: Time) -> Result<(), AppError> {
    let mut tx = db.write.begin_with("BEGIN IMMEDIATE").await?;
    let state = store::state(&mut *tx, &event.id).await?;
    if state.result.is_some() {
        return Err(already_drawn());
    }
    // Closed without a commitment, the event could never be drawn verifiably (the
    // commitment must come before the deadline); a deadline that passed without one can
    // still be moved in the strategy file, a close by staff could not be taken back.
    if state.commitment.is_none() {
        return Err(conflict(
            "no_commitment",
            "Veröffentlichen Sie zuerst die Festlegung des Startwerts: Ohne sie vor dem \
             Bewerbungsschluss ist keine nachprüfbare Auslosung möglich.",
        ));
    }
    if state.closed_at.is_none() {
        store::ensure_state(&mut *tx, &event.id).await?;
        store::set_closed(&mut *tx, &event.id, &stamp(now)).await?;
        store::log(&mut *tx, &event.id, Action::Closed, by, None).await?;
        tx.commit().await?;
        tracing::info!(event = %event.id, %by, "applications closed");
    }
    Ok(())
}

/// Makes the secret seed (32 random bytes, hex) and stores it with its commitment; answers
/// the commitment and its time. 409 once committed, and once the applications are closed
/// (the commitment must be public before the deadline).
pub async fn commit(
    db: &Db,
    event: &Event,
    by: &str,
    now: Time,
) -> Result<(String, String), AppError> {
    let mut tx = db.write.begin_with("BEGIN IMMEDIATE").await?;
    let state = store::state(&mut *tx, &event.id).await?;
    if state.commitment.is_some() {
        return Err(conflict(
            "already_committed",
            "Die Festlegung ist schon veröffentlicht; sie lässt sich nicht ändern.",
        ));
    }
    if matches!(
        phase(event, &state, now)?,
        EventPhase::Closed | EventPhase::Drawn
    ) {
        return Err(conflict(
            "applications_closed",
            "Die Bewerbungsfrist ist vorbei: Die Festlegung muss vor dem Ende der Frist \
             veröffentlicht sein.",
        ));
    }
    let seed = random_hex(32)?;
    let commitment = lottery::commitment(&seed);
    let at = stamp(now);
    store::ensure_state(&mut *tx, &event.id).await?;
    store::set_commitment(&mut *tx, &event.id, &seed, &commitment, &at).await?;
    store::log(
        &mut *tx,
        &event.id,
        Action::Committed,
        by,
        Some(&commitment),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(event = %event.id, %by, %commitment, "commitment made");
    Ok((commitment, at))
}

/// Draws with `public_value` among the applications not withdrawn, with the event's seats
/// and quotas, and stores the result; answers the drawn codes in order. 422 for a public
/// value that cannot be used; 409 unless the applications are closed, committed to and not
/// yet drawn.
pub async fn draw(
    db: &Db,
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
    let mut tx = db.write.begin_with("BEGIN IMMEDIATE").await?;
    let state = store::state(&mut *tx, &event.id).await?;
    match phase(event, &state, now)? {
        EventPhase::Drawn => return Err(already_drawn()),
        EventPhase::Upcoming | EventPhase::Open => {
            return Err(conflict(
                "not_closed",
                "Ausgelost wird erst, wenn die Bewerbungen geschlossen sind.",
            ))
        }
        EventPhase::Closed => {}
    }
    let (Some(seed), Some(commitment)) = (state.seed, state.commitment) else {
        return Err(conflict(
            "no_commitment",
            "Es gibt keine Festlegung: Ohne sie vor der Frist lässt sich die Auslosung nicht \
             nachprüfen.",
        ));
    };
    let input = DrawInput {
        seats: event.seats,
        quotas: event.quotas.clone(),
        seed,
        public_value: public_value.to_owned(),
        applicants: store::applicants(&mut *tx, &event.id).await?,
    };
    let drawn = lottery::draw(&input);
    store::set_draw(
        &mut *tx,
        &event.id,
        &DrawRecord {
            public_value,
            algorithm: ALGORITHM,
            seats: event.seats,
            quotas: to_json(&input.quotas)?,
            result: to_json(&drawn)?,
            at: &stamp(now),
        },
    )
    .await?;
    store::log(&mut *tx, &event.id, Action::Drawn, by, Some(public_value)).await?;
    tx.commit().await?;
    tracing::info!(
        event = %event.id, %by, %commitment, public_value, applicants = input.applicants.len(),
        drawn = drawn.len(), "draw made"
    );
    Ok(drawn)
}

/// JSON for a stored column.
fn to_json(value: &impl serde::Serialize) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::Internal(e.to_string()))
}

/// The drawn, in draw order, with name and contact for the invitation (empty once
/// deleted); empty before the draw.
pub async fn invitees(pool: &SqlitePool, event: &Event) -> Result<Vec<Invitee>, AppError> {
    let mut tx = pool.begin().await?;
    let state = store::state(&mut *tx, &event.id).await?;
    let (Some(result), Some(drawn)) = (&state.result, state.drawn()?) else {
        return Ok(Vec::new());
    };
    let rows = store::with_codes(&mut *tx, &event.id, result).await?;
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
/// and notes when (again only if there was anything left to erase); the WAL is cut so that
/// no byte of them remains in the files.
pub async fn delete_contacts(db: &Db, event: &Event, by: &str, now: Time) -> Result<(), AppError> {
    let mut tx = db.write.begin_with("BEGIN IMMEDIATE").await?;
    let state = store::state(&mut *tx, &event.id).await?;
    let erased = store::erase_contacts(&mut *tx, &event.id).await?;
    if erased == 0 && state.contacts_deleted_at.is_some() {
        return Ok(());
    }
    store::ensure_state(&mut *tx, &event.id).await?;
    store::set_contacts_deleted(&mut *tx, &event.id, &stamp(now)).await?;
    let detail = format!("{erased} Bewerbungen");
    store::log(
        &mut *tx,
        &event.id,
        Action::ContactsDeleted,
        by,
        Some(&detail),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(event = %event.id, %by, erased, "contacts deleted");
    if let Err(e) = db.erase_wal().await {
        tracing::warn!(error = %e, "contact deletion: WAL truncation left for later");
    }
    Ok(())
}

/// Deletes the contacts once `now` is past the strategy file's `delete_contacts_after`
/// (and any are left, or the deletion was never noted); answers whether it did.
pub async fn delete_due_contacts(db: &Db, event: &Event, now: Time) -> Result<bool, AppError> {
    if now <= time_of(&event.delete_contacts_after)? {
        return Ok(false);
    }
    let state = store::state(&db.read, &event.id).await?;
    if state.contacts_deleted_at.is_some() && !store::has_contacts(&db.read, &event.id).await? {
        return Ok(false);
    }
    delete_contacts(db, event, BY_DEADLINE, now).await?;
    Ok(true)
}
