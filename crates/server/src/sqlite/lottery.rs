//! The lottery on SQLite (migration `0010_lottery.sql`, whose triggers refuse to change a
//! commitment, a seed, a draw, or the applicants of a made draw): every write on the one
//! write connection in an immediate transaction that reads the event's state and decides
//! there.

use async_trait::async_trait;
use mitreden_model::event::{EventPhase, NewApplication};
use mitreden_model::lottery::Applicant;
use mitreden_store::lottery::{
    ApplicationRecord, Applying, Closing, Committing, Draw, Drawing, EventRecord, EventSnapshot,
    Lottery, Moment, Step, Withdrawing,
};
use mitreden_store::StoreError;
use sqlx::SqliteConnection;

use super::{store_error, SqliteStore};
use crate::rows::lottery::{
    attributes_json, groups, Action, ApplicantRow, ApplicationRow, CountsRow, GroupRow, StateRow,
    APPLICATION_COLUMNS, COUNTS, STATE_COLUMNS,
};

/// How often a new receipt code is asked for when the one made is taken.
const CODE_TRIES: usize = 16;

/// The event's state (all empty if nobody acted on it yet).
async fn state(conn: &mut SqliteConnection, event_id: &str) -> Result<EventRecord, sqlx::Error> {
    let row: Option<StateRow> = sqlx::query_as(&format!(
        "SELECT {STATE_COLUMNS} FROM event_states WHERE event_id = ?"
    ))
    .bind(event_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Into::into).unwrap_or_default())
}

/// Makes the event's state row if it has none yet.
async fn ensure_state(conn: &mut SqliteConnection, event_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO event_states (event_id) VALUES (?) ON CONFLICT DO NOTHING")
        .bind(event_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Adds an entry to the event's log.
async fn log(
    conn: &mut SqliteConnection,
    step: &Step<'_>,
    action: Action,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO event_log (event_id, action, staff_name, detail, at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(step.event_id)
    .bind(action.as_str())
    .bind(step.by)
    .bind(detail)
    .bind(step.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The applicants of the event's draw, sorted by code.
async fn applicants(
    conn: &mut SqliteConnection,
    event_id: &str,
) -> Result<Vec<Applicant>, sqlx::Error> {
    let rows: Vec<ApplicantRow> = sqlx::query_as(
        "SELECT code, attributes FROM applications WHERE event_id = ? AND status = 'received' \
         ORDER BY code",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Applicant::try_from).collect()
}

/// The event's application with this code.
async fn by_code(
    conn: &mut SqliteConnection,
    event_id: &str,
    code: &str,
) -> Result<Option<ApplicationRecord>, sqlx::Error> {
    let row: Option<ApplicationRow> = sqlx::query_as(&format!(
        "SELECT {APPLICATION_COLUMNS} FROM applications WHERE event_id = ? AND code = ?"
    ))
    .bind(event_id)
    .bind(code)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Into::into))
}

impl SqliteStore {
    /// Empties the WAL after names and contacts were erased.
    async fn erase_contacts_wal(&self, what: &str) {
        if let Err(e) = self.db.erase_wal().await {
            tracing::warn!(error = %e, what, "WAL truncation left for later");
        }
    }
}

#[async_trait]
impl Lottery for SqliteStore {
    async fn event_snapshot(&self, event_id: &str) -> Result<EventSnapshot, StoreError> {
        let mut tx = self.db.read.begin().await.map_err(store_error)?;
        let state = state(&mut tx, event_id).await.map_err(store_error)?;
        let counts: CountsRow = sqlx::query_as(&format!("{COUNTS} ?"))
            .bind(event_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(store_error)?;
        let rows: Vec<GroupRow> = sqlx::query_as(
            "SELECT j.key AS key, CAST(j.value AS TEXT) AS value, count(*) AS count \
             FROM applications a, json_each(a.attributes) j \
             WHERE a.event_id = ? AND a.status = 'received' GROUP BY j.key, j.value",
        )
        .bind(event_id)
        .fetch_all(&mut *tx)
        .await
        .map_err(store_error)?;
        Ok(EventSnapshot {
            state,
            counts: counts.into(),
            groups: groups(rows),
        })
    }

    async fn application_by_code(
        &self,
        event_id: &str,
        code: &str,
    ) -> Result<Option<(ApplicationRecord, EventRecord)>, StoreError> {
        let mut tx = self.db.read.begin().await.map_err(store_error)?;
        let Some(found) = by_code(&mut tx, event_id, code)
            .await
            .map_err(store_error)?
        else {
            return Ok(None);
        };
        let state = state(&mut tx, event_id).await.map_err(store_error)?;
        Ok(Some((found, state)))
    }

    async fn draw_inputs(
        &self,
        event_id: &str,
    ) -> Result<(EventRecord, Vec<Applicant>), StoreError> {
        let mut tx = self.db.read.begin().await.map_err(store_error)?;
        let state = state(&mut tx, event_id).await.map_err(store_error)?;
        let applicants = applicants(&mut tx, event_id).await.map_err(store_error)?;
        Ok((state, applicants))
    }

    async fn drawn_applications(
        &self,
        event_id: &str,
    ) -> Result<(EventRecord, Vec<ApplicationRecord>), StoreError> {
        let mut tx = self.db.read.begin().await.map_err(store_error)?;
        let state = state(&mut tx, event_id).await.map_err(store_error)?;
        let Some(result) = state.result.clone() else {
            return Ok((state, Vec::new()));
        };
        let rows: Vec<ApplicationRow> = sqlx::query_as(&format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications \
             WHERE event_id = ? AND code IN (SELECT value FROM json_each(?))"
        ))
        .bind(event_id)
        .bind(result)
        .fetch_all(&mut *tx)
        .await
        .map_err(store_error)?;
        Ok((state, rows.into_iter().map(Into::into).collect()))
    }

    async fn has_contacts(&self, event_id: &str) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM applications WHERE event_id = ? AND (name != '' OR contact != '') \
             LIMIT 1",
        )
        .bind(event_id)
        .fetch_optional(&self.db.read)
        .await
        .map_err(store_error)?;
        Ok(found.is_some())
    }

    async fn apply(
        &self,
        application: &NewApplication,
        at: &str,
        moment: Moment,
        code: &(dyn Fn() -> Result<String, String> + Send + Sync),
    ) -> Result<Applying, StoreError> {
        let attributes = attributes_json(application).map_err(store_error)?;
        let mut tx = self.write().await?;
        let found: Option<ApplicationRow> = sqlx::query_as(&format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications WHERE id = ?"
        ))
        .bind(&application.id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if let Some(found) = found {
            return Ok(Applying::Existing(found.into()));
        }
        let phase = moment.phase(
            &state(&mut tx, &application.event_id)
                .await
                .map_err(store_error)?,
        );
        if phase != EventPhase::Open {
            return Ok(Applying::NotOpen(phase));
        }
        let mut free = None;
        for _ in 0..CODE_TRIES {
            let candidate = code().map_err(StoreError::Other)?;
            let taken: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM applications WHERE code = ?")
                    .bind(&candidate)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(store_error)?;
            if taken.is_none() {
                free = Some(candidate);
                break;
            }
        }
        let code = free.ok_or_else(|| StoreError::Other("no free receipt code".into()))?;
        sqlx::query(
            "INSERT INTO applications (id, event_id, code, name, contact_kind, contact, \
             attributes, created_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&application.id)
        .bind(&application.event_id)
        .bind(&code)
        .bind(application.name.trim())
        .bind(application.contact_kind.key())
        .bind(application.contact.trim())
        .bind(attributes)
        .bind(&application.created_at)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(Applying::Stored { code })
    }

    async fn withdraw_application(
        &self,
        event_id: &str,
        code: &str,
        at: &str,
        moment: Moment,
    ) -> Result<Withdrawing, StoreError> {
        let mut tx = self.write().await?;
        let Some(found) = by_code(&mut tx, event_id, code)
            .await
            .map_err(store_error)?
        else {
            return Ok(Withdrawing::NotFound);
        };
        if found.withdrawn {
            return Ok(Withdrawing::AlreadyWithdrawn);
        }
        let phase = moment.phase(&state(&mut tx, event_id).await.map_err(store_error)?);
        if phase != EventPhase::Open {
            return Ok(Withdrawing::NotOpen(phase));
        }
        sqlx::query(
            "UPDATE applications SET status = 'withdrawn', withdrawn_at = ?, name = '', \
             contact = '' WHERE id = ? AND status = 'received'",
        )
        .bind(at)
        .bind(&found.id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        // The old pages with name and contact are still in the WAL: fold and cut it.
        self.erase_contacts_wal("application withdrawn").await;
        Ok(Withdrawing::Withdrawn)
    }

    async fn close_applications(&self, step: Step<'_>) -> Result<Closing, StoreError> {
        let mut tx = self.write().await?;
        let current = state(&mut tx, step.event_id).await.map_err(store_error)?;
        if current.result.is_some() {
            return Ok(Closing::AlreadyDrawn);
        }
        if current.commitment.is_none() {
            return Ok(Closing::NoCommitment);
        }
        if current.closed_at.is_some() {
            return Ok(Closing::AlreadyClosed);
        }
        ensure_state(&mut tx, step.event_id)
            .await
            .map_err(store_error)?;
        sqlx::query(
            "UPDATE event_states SET closed_at = ? WHERE event_id = ? AND closed_at IS NULL",
        )
        .bind(step.at)
        .bind(step.event_id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        log(&mut tx, &step, Action::Closed, None)
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(Closing::Closed)
    }

    async fn commit_seed(
        &self,
        step: Step<'_>,
        seed: &str,
        commitment: &str,
        moment: Moment,
    ) -> Result<Committing, StoreError> {
        let mut tx = self.write().await?;
        let current = state(&mut tx, step.event_id).await.map_err(store_error)?;
        if current.commitment.is_some() {
            return Ok(Committing::AlreadyCommitted);
        }
        if matches!(
            moment.phase(&current),
            EventPhase::Closed | EventPhase::Drawn
        ) {
            return Ok(Committing::ApplicationsClosed);
        }
        ensure_state(&mut tx, step.event_id)
            .await
            .map_err(store_error)?;
        sqlx::query(
            "UPDATE event_states SET seed = ?, commitment = ?, committed_at = ? WHERE event_id = ?",
        )
        .bind(seed)
        .bind(commitment)
        .bind(step.at)
        .bind(step.event_id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        log(&mut tx, &step, Action::Committed, Some(commitment))
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(Committing::Committed)
    }

    async fn draw(
        &self,
        step: Step<'_>,
        public_value: &str,
        moment: Moment,
        draw: &dyn Draw,
    ) -> Result<Drawing, StoreError> {
        let mut tx = self.write().await?;
        let current = state(&mut tx, step.event_id).await.map_err(store_error)?;
        match moment.phase(&current) {
            EventPhase::Drawn => return Ok(Drawing::AlreadyDrawn),
            EventPhase::Upcoming | EventPhase::Open => return Ok(Drawing::NotClosed),
            EventPhase::Closed => {}
        }
        let (Some(seed), Some(commitment)) = (current.seed, current.commitment) else {
            return Ok(Drawing::NoCommitment);
        };
        let applicants = applicants(&mut tx, step.event_id)
            .await
            .map_err(store_error)?;
        let record = draw.draw(&seed, &applicants).map_err(StoreError::Other)?;
        sqlx::query(
            "UPDATE event_states SET public_value = ?, algorithm = ?, seats = ?, quotas = ?, \
             result = ?, drawn_at = ? WHERE event_id = ?",
        )
        .bind(&record.public_value)
        .bind(&record.algorithm)
        .bind(i64::from(record.seats))
        .bind(&record.quotas)
        .bind(&record.result)
        .bind(step.at)
        .bind(step.event_id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        log(&mut tx, &step, Action::Drawn, Some(public_value))
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(Drawing::Drawn {
            record,
            applicants: applicants.len(),
            commitment,
        })
    }

    async fn delete_contacts(&self, step: Step<'_>) -> Result<Option<u64>, StoreError> {
        let mut tx = self.write().await?;
        let current = state(&mut tx, step.event_id).await.map_err(store_error)?;
        let erased = sqlx::query(
            "UPDATE applications SET name = '', contact = '' \
             WHERE event_id = ? AND (name != '' OR contact != '')",
        )
        .bind(step.event_id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?
        .rows_affected();
        if erased == 0 && current.contacts_deleted_at.is_some() {
            return Ok(None);
        }
        ensure_state(&mut tx, step.event_id)
            .await
            .map_err(store_error)?;
        sqlx::query("UPDATE event_states SET contacts_deleted_at = ? WHERE event_id = ?")
            .bind(step.at)
            .bind(step.event_id)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        let detail = format!("{erased} Bewerbungen");
        log(&mut tx, &step, Action::ContactsDeleted, Some(&detail))
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        self.erase_contacts_wal("contacts deleted").await;
        Ok(Some(erased))
    }
}
