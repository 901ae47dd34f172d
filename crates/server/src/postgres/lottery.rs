//! The lottery on PostgreSQL (migration `0008_lottery.sql`, whose triggers refuse to change
//! a commitment, a seed, a draw, or the applicants of a made draw). Every write locks the
//! event's state row first — `FOR UPDATE` for staff's steps, `FOR SHARE` for citizens'
//! applications and withdrawals, which may run side by side but not beside a closing or a
//! draw — and decides on what it then reads, so two processes never both commit or draw.

use async_trait::async_trait;
use mitreden_model::event::{EventPhase, NewApplication};
use mitreden_model::lottery::Applicant;
use mitreden_store::lottery::{
    ApplicationRecord, Applying, Closing, Committing, Draw, Drawing, EventRecord, EventSnapshot,
    Lottery, Moment, Step, Withdrawing,
};
use mitreden_store::StoreError;
use sqlx::PgConnection;

use super::{store_error, PgStore};
use crate::rows::lottery::{
    attributes_json, groups, Action, ApplicantRow, ApplicationRow, CountsRow, GroupRow, StateRow,
    APPLICATION_COLUMNS, COUNTS, STATE_COLUMNS,
};

/// How often a new receipt code is asked for when the one made is taken.
const CODE_TRIES: usize = 16;

/// The event's state (all empty if nobody acted on it yet).
async fn state(conn: &mut PgConnection, event_id: &str) -> Result<EventRecord, sqlx::Error> {
    let row: Option<StateRow> = sqlx::query_as(&format!(
        "SELECT {STATE_COLUMNS} FROM event_states WHERE event_id = $1"
    ))
    .bind(event_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Into::into).unwrap_or_default())
}

/// Makes the event's state row if it has none yet.
async fn ensure_state(conn: &mut PgConnection, event_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO event_states (event_id) VALUES ($1) ON CONFLICT DO NOTHING")
        .bind(event_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Adds an entry to the event's log.
async fn log(
    conn: &mut PgConnection,
    step: &Step<'_>,
    action: Action,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO event_log (event_id, action, staff_name, detail, at) VALUES ($1, $2, $3, $4, $5)",
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
    conn: &mut PgConnection,
    event_id: &str,
) -> Result<Vec<Applicant>, sqlx::Error> {
    let rows: Vec<ApplicantRow> = sqlx::query_as(
        "SELECT code, attributes FROM applications WHERE event_id = $1 AND status = 'received' \
         ORDER BY code",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Applicant::try_from).collect()
}

/// The event's application with this code.
async fn by_code(
    conn: &mut PgConnection,
    event_id: &str,
    code: &str,
) -> Result<Option<ApplicationRecord>, sqlx::Error> {
    let row: Option<ApplicationRow> = sqlx::query_as(&format!(
        "SELECT {APPLICATION_COLUMNS} FROM applications WHERE event_id = $1 AND code = $2"
    ))
    .bind(event_id)
    .bind(code)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Into::into))
}

impl PgStore {
    /// Rewrites the applications after names and contacts were erased.
    async fn erase_contacts_wal(&self, what: &str) {
        self.rewrite_after(&["applications"], what).await;
    }
}

/// Makes the event's state row if it has none and locks it: `FOR UPDATE` (`exclusive`) or
/// `FOR SHARE`; the state.
async fn locked_state(
    conn: &mut PgConnection,
    event_id: &str,
    exclusive: bool,
) -> Result<EventRecord, sqlx::Error> {
    ensure_state(&mut *conn, event_id).await?;
    let lock = if exclusive { "FOR UPDATE" } else { "FOR SHARE" };
    let row: StateRow = sqlx::query_as(&format!(
        "SELECT {STATE_COLUMNS} FROM event_states WHERE event_id = $1 {lock}"
    ))
    .bind(event_id)
    .fetch_one(conn)
    .await?;
    Ok(row.into())
}

#[async_trait]
impl Lottery for PgStore {
    async fn event_snapshot(&self, event_id: &str) -> Result<EventSnapshot, StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let state = state(&mut tx, event_id).await.map_err(store_error)?;
        let counts: CountsRow = sqlx::query_as(&format!("{COUNTS} $1"))
            .bind(event_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(store_error)?;
        let rows: Vec<GroupRow> = sqlx::query_as(
            "SELECT j.key AS key, j.value AS value, count(*) AS count \
             FROM applications a, jsonb_each_text(a.attributes::jsonb) j \
             WHERE a.event_id = $1 AND a.status = 'received' GROUP BY j.key, j.value",
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
        let mut tx = self.pool.begin().await.map_err(store_error)?;
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
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let state = state(&mut tx, event_id).await.map_err(store_error)?;
        let applicants = applicants(&mut tx, event_id).await.map_err(store_error)?;
        Ok((state, applicants))
    }

    async fn drawn_applications(
        &self,
        event_id: &str,
    ) -> Result<(EventRecord, Vec<ApplicationRecord>), StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let state = state(&mut tx, event_id).await.map_err(store_error)?;
        let Some(result) = state.result.clone() else {
            return Ok((state, Vec::new()));
        };
        let rows: Vec<ApplicationRow> = sqlx::query_as(&format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications \
             WHERE event_id = $1 AND code IN (SELECT jsonb_array_elements_text($2::jsonb))"
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
            "SELECT 1::BIGINT FROM applications WHERE event_id = $1 AND (name <> '' OR contact <> '') \
             LIMIT 1",
        )
        .bind(event_id)
        .fetch_optional(&self.pool)
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
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let found: Option<ApplicationRow> = sqlx::query_as(&format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications WHERE id = $1"
        ))
        .bind(&application.id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if let Some(found) = found {
            return Ok(Applying::Existing(found.into()));
        }
        let phase = moment.phase(
            &locked_state(&mut tx, &application.event_id, false)
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
                sqlx::query_scalar("SELECT 1::BIGINT FROM applications WHERE code = $1")
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
        // The same id sent to two processes at once: the second finds the first's.
        let stored: Option<String> = sqlx::query_scalar(
            "INSERT INTO applications (id, event_id, code, name, contact_kind, contact, \
             attributes, created_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (id) DO NOTHING RETURNING id",
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
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        if stored.is_none() {
            let found: ApplicationRow = sqlx::query_as(&format!(
                "SELECT {APPLICATION_COLUMNS} FROM applications WHERE id = $1"
            ))
            .bind(&application.id)
            .fetch_one(&self.pool)
            .await
            .map_err(store_error)?;
            return Ok(Applying::Existing(found.into()));
        }
        Ok(Applying::Stored { code })
    }

    async fn withdraw_application(
        &self,
        event_id: &str,
        code: &str,
        at: &str,
        moment: Moment,
    ) -> Result<Withdrawing, StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let Some(found) = by_code(&mut tx, event_id, code)
            .await
            .map_err(store_error)?
        else {
            return Ok(Withdrawing::NotFound);
        };
        if found.withdrawn {
            return Ok(Withdrawing::AlreadyWithdrawn);
        }
        let phase = moment.phase(
            &locked_state(&mut tx, event_id, false)
                .await
                .map_err(store_error)?,
        );
        if phase != EventPhase::Open {
            return Ok(Withdrawing::NotOpen(phase));
        }
        sqlx::query(
            "UPDATE applications SET status = 'withdrawn', withdrawn_at = $1, name = '', \
             contact = '' WHERE id = $2 AND status = 'received'",
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
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let current = locked_state(&mut tx, step.event_id, true)
            .await
            .map_err(store_error)?;
        if current.result.is_some() {
            return Ok(Closing::AlreadyDrawn);
        }
        if current.commitment.is_none() {
            return Ok(Closing::NoCommitment);
        }
        if current.closed_at.is_some() {
            return Ok(Closing::AlreadyClosed);
        }
        sqlx::query(
            "UPDATE event_states SET closed_at = $1 WHERE event_id = $2 AND closed_at IS NULL",
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
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let current = locked_state(&mut tx, step.event_id, true)
            .await
            .map_err(store_error)?;
        if current.commitment.is_some() {
            return Ok(Committing::AlreadyCommitted);
        }
        if matches!(
            moment.phase(&current),
            EventPhase::Closed | EventPhase::Drawn
        ) {
            return Ok(Committing::ApplicationsClosed);
        }
        sqlx::query(
            "UPDATE event_states SET seed = $1, commitment = $2, committed_at = $3 WHERE event_id = $4",
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
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let current = locked_state(&mut tx, step.event_id, true)
            .await
            .map_err(store_error)?;
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
            "UPDATE event_states SET public_value = $1, algorithm = $2, seats = $3, quotas = $4, \
             result = $5, drawn_at = $6 WHERE event_id = $7",
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
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let current = locked_state(&mut tx, step.event_id, true)
            .await
            .map_err(store_error)?;
        let erased = sqlx::query(
            "UPDATE applications SET name = '', contact = '' \
             WHERE event_id = $1 AND (name <> '' OR contact <> '')",
        )
        .bind(step.event_id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?
        .rows_affected();
        if erased == 0 && current.contacts_deleted_at.is_some() {
            return Ok(None);
        }
        sqlx::query("UPDATE event_states SET contacts_deleted_at = $1 WHERE event_id = $2")
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
