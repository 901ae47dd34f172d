//! The lottery's tables (migration `0010_lottery.sql`): an event's state (closing,
//! commitment, draw, deletion), the applications, and the event's log. Only SQL here; the
//! rules are in [`super::citizens`] and [`super::staff`]. Every function takes any executor,
//! so the writers call them inside their `BEGIN IMMEDIATE` transaction on the one write
//! connection and the readers on the read pool.

use std::collections::BTreeMap;

use mitreden_model::event::{ApplicationStatus, NewApplication};
use mitreden_model::lottery::Applicant;
use sqlx::{Executor, FromRow, Sqlite};

/// An event's stored state; every column empty for an event nobody acted on yet.
#[derive(Debug, Clone, Default, FromRow)]
pub struct StateRow {
    /// When staff closed the applications.
    pub closed_at: Option<String>,
    /// The secret seed (public once drawn).
    pub seed: Option<String>,
    /// SHA-256 of the seed, hex.
    pub commitment: Option<String>,
    /// When the commitment was made.
    pub committed_at: Option<String>,
    /// The public value the draw used.
    pub public_value: Option<String>,
    /// The algorithm the draw used.
    pub algorithm: Option<String>,
    /// The seats the draw filled.
    pub seats: Option<i64>,
    /// The quotas the draw used (JSON).
    pub quotas: Option<String>,
    /// When the draw was made.
    pub drawn_at: Option<String>,
    /// The drawn codes in order (JSON array).
    pub result: Option<String>,
    /// When the contacts were last deleted.
    pub contacts_deleted_at: Option<String>,
}

impl StateRow {
    /// The drawn codes, in order, once drawn.
    pub fn drawn(&self) -> Result<Option<Vec<String>>, sqlx::Error> {
        self.result
            .as_deref()
            .map(|json| {
                serde_json::from_str(json)
                    .map_err(|e| sqlx::Error::Decode(format!("stored draw result: {e}").into()))
            })
            .transpose()
    }
}

/// An application as stored.
#[derive(Debug, Clone, FromRow)]
pub struct ApplicationRow {
    /// The browser's UUID.
    pub id: String,
    /// The event applied for.
    pub event_id: String,
    /// The receipt code.
    pub code: String,
    /// The name ('' once erased).
    pub name: String,
    /// `email`, `post` or `phone`.
    pub contact_kind: String,
    /// The contact ('' once erased).
    pub contact: String,
    /// When the server stored it.
    pub received_at: String,
    /// `received` or `withdrawn`.
    pub status: String,
}

impl ApplicationRow {
    /// Whether the applicant withdrew it.
    pub fn withdrawn(&self) -> bool {
        self.status == ApplicationStatus::Withdrawn.key()
    }
}

/// Applications of an event: taken part and withdrawn.
#[derive(Debug, Clone, Copy, Default, FromRow)]
pub struct Counts {
    /// Not withdrawn.
    pub received: i64,
    /// Withdrawn.
    pub withdrawn: i64,
}

/// What the event log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Staff closed the applications.
    Closed,
    /// The commitment was made.
    Committed,
    /// The draw was made.
    Drawn,
    /// The contacts were deleted.
    ContactsDeleted,
}

impl Action {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Closed => "closed",
            Action::Committed => "committed",
            Action::Drawn => "drawn",
            Action::ContactsDeleted => "contacts_deleted",
        }
    }
}

const STATE_COLUMNS: &str = "closed_at, seed, commitment, committed_at, public_value, \
    algorithm, seats, quotas, drawn_at, result, contacts_deleted_at";

const APPLICATION_COLUMNS: &str =
    "id, event_id, code, name, contact_kind, contact, received_at, status";

/// The event's state (all empty if nobody acted on it yet).
pub async fn state<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    event_id: &str,
) -> Result<StateRow, sqlx::Error> {
    let row: Option<StateRow> = sqlx::query_as(&format!(
        "SELECT {STATE_COLUMNS} FROM event_states WHERE event_id = ?"
    ))
    .bind(event_id)
    .fetch_optional(db)
    .await?;
    Ok(row.unwrap_or_default())
}

/// Makes the event's state row if it has none yet.
pub async fn ensure_state<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    event_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO event_states (event_id) VALUES (?) ON CONFLICT DO NOTHING")
        .bind(event_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Records that staff closed the applications at `at`.
pub async fn set_closed<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    event_id: &str,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE event_states SET closed_at = ? WHERE event_id = ? AND closed_at IS NULL")
        .bind(at)
        .bind(event_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Stores the seed and its commitment (the database refuses to change them later).
pub async fn set_commitment<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    event_id: &str,
    seed: &str,
    commitment: &str,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE event_states SET seed = ?, commitment = ?, committed_at = ? WHERE event_id = ?",
    )
    .bind(seed)
    .bind(commitment)
    .bind(at)
    .bind(event_id)
    .execute(db)
    .await?;
    Ok(())
}

/// The draw as made, to store once (the database refuses to change it later).
pub struct DrawRecord<'a> {
    /// The public value used.
    pub public_value: &'a str,
    /// The algorithm's name.
    pub algorithm: &'a str,
    /// The seats filled.
    pub seats: u32,
    /// The quotas used, as JSON.
    pub quotas: String,
    /// The drawn codes in order, as JSON.
    pub result: String,
    /// When.
    pub at: &'a str,
}

/// Stores the draw.
pub async fn set_draw<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    event_id: &str,
    draw: &DrawRecord<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE event_states SET public_value = ?, algorithm = ?, seats = ?, quotas = ?, \
         result = ?, drawn_at = ? WHERE event_id = ?",
    )
    .bind(draw.public_value)
    .bind(draw.algorithm)
    .bind(i64::from(draw.seats))
    .bind(&draw.quotas)
    .bind(&draw.result)
    .bind(draw.at)
    .bind(event_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Erases name and contact of every application of the event; answers how many had any.
pub async fn erase_contacts<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    event_id: &str,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE applications SET name = '', contact = '' \
         WHERE event_id = ? AND (name != '' OR contact != '')",
    )
    .bind(event_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// Records when the contacts were deleted.
pub async fn set_contacts_deleted<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    event_id: &str,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE event_states SET contacts_deleted_at = ? WHERE event_id = ?")
        .bind(at)
        .bind(event_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Whether any application of the event still has a name or a contact.
pub async fn has_contacts<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    event_id: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM applications WHERE event_id = ? AND (name != '' OR contact != '') LIMIT 1",
    )
    .bind(event_id)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// Adds an entry to the event's log.
pub async fn log<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    event_id: &str,
    action: Action,
    by: &str,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO event_log (event_id, action, staff_name, detail) VALUES (?, ?, ?, ?)")
        .bind(event_id)
        .bind(action.as_str())
        .bind(by)
        .bind(detail)
        .execute(db)
        .await?;
    Ok(())
}

/// The application with this id (of any event).
pub async fn by_id<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    id: &str,
) -> Result<Option<ApplicationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {APPLICATION_COLUMNS} FROM applications WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(db)
    .await
}

/// The event's application with this (canonical) code.
pub async fn by_code<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    event_id: &str,
    code: &str,
) -> Result<Option<ApplicationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {APPLICATION_COLUMNS} FROM applications WHERE event_id = ? AND code = ?"
    ))
    .bind(event_id)
    .bind(code)
    .fetch_optional(db)
    .await
}

/// Whether a code is given already (to any application of any event).
pub async fn code_taken<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    code: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM applications WHERE code = ?")
        .bind(code)
        .fetch_optional(db)
        .await?;
    Ok(found.is_some())
}

/// Stores a new application (checked by the caller) under `code`.
pub async fn insert<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    application: &NewApplication,
    code: &str,
    received_at: &str,
) -> Result<(), sqlx::Error> {
    let attributes = serde_json::to_string(&application.attributes)
        .map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query(
        "INSERT INTO applications (id, event_id, code, name, contact_kind, contact, attributes, \
         created_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&application.id)
    .bind(&application.event_id)
    .bind(code)
    .bind(application.name.trim())
    .bind(application.contact_kind.key())
    .bind(application.contact.trim())
    .bind(attributes)
    .bind(&application.created_at)
    .bind(received_at)
    .execute(db)
    .await?;
    Ok(())
}

/// Withdraws an application: its name and contact are erased at once.
pub async fn withdraw<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    id: &str,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE applications SET status = 'withdrawn', withdrawn_at = ?, name = '', \
         contact = '' WHERE id = ? AND status = 'received'",
    )
    .bind(at)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// How many applications the event has, withdrawn and not.
pub async fn counts<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    event_id: &str,
) -> Result<Counts, sqlx::Error> {
    sqlx::query_as(
        "SELECT coalesce(sum(status = 'received'), 0) AS received, \
         coalesce(sum(status = 'withdrawn'), 0) AS withdrawn \
         FROM applications WHERE event_id = ?",
    )
    .bind(event_id)
    .fetch_one(db)
    .await
}

/// The applications (not withdrawn) per attribute value: (attribute, value) → count.
pub async fn group_counts<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    event_id: &str,
) -> Result<BTreeMap<(String, String), i64>, sqlx::Error> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT j.key, CAST(j.value AS TEXT), count(*) FROM applications a, \
         json_each(a.attributes) j WHERE a.event_id = ? AND a.status = 'received' \
         GROUP BY j.key, j.value",
    )
    .bind(event_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(a, v, n)| ((a, v), n)).collect())
}

/// Every application of the event that takes part in the draw (not withdrawn): its code
/// and attributes, nothing else; sorted by code.
pub async fn applicants<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    event_id: &str,
) -> Result<Vec<Applicant>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT code, attributes FROM applications WHERE event_id = ? AND status = 'received' \
         ORDER BY code",
    )
    .bind(event_id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(code, attributes)| {
            let attributes = serde_json::from_str(&attributes).map_err(|e| {
                sqlx::Error::Decode(format!("stored attributes of {code}: {e}").into())
            })?;
            Ok(Applicant { code, attributes })
        })
        .collect()
}

/// The event's applications whose codes are in `codes` (a JSON array).
pub async fn with_codes<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    event_id: &str,
    codes: &str,
) -> Result<Vec<ApplicationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {APPLICATION_COLUMNS} FROM applications \
         WHERE event_id = ? AND code IN (SELECT value FROM json_each(?))"
    ))
    .bind(event_id)
    .bind(codes)
    .fetch_all(db)
    .await
}
