//! The lottery's rows as both databases' stores read them, by column name.

use std::collections::BTreeMap;

use mitreden_model::event::{ApplicationStatus, NewApplication};
use mitreden_model::lottery::Applicant;
use mitreden_store::lottery::{ApplicationRecord, Counts, EventRecord};
use sqlx::FromRow;

/// The columns [`StateRow`] reads, of `event_states`.
pub const STATE_COLUMNS: &str = "closed_at, seed, commitment, committed_at, public_value, \
    algorithm, seats, quotas, drawn_at, result, contacts_deleted_at";

/// An event's stored state.
#[derive(FromRow)]
pub struct StateRow {
    closed_at: Option<String>,
    seed: Option<String>,
    commitment: Option<String>,
    committed_at: Option<String>,
    public_value: Option<String>,
    algorithm: Option<String>,
    seats: Option<i64>,
    quotas: Option<String>,
    drawn_at: Option<String>,
    result: Option<String>,
    contacts_deleted_at: Option<String>,
}

impl From<StateRow> for EventRecord {
    fn from(r: StateRow) -> Self {
        EventRecord {
            closed_at: r.closed_at,
            seed: r.seed,
            commitment: r.commitment,
            committed_at: r.committed_at,
            public_value: r.public_value,
            algorithm: r.algorithm,
            seats: r.seats,
            quotas: r.quotas,
            drawn_at: r.drawn_at,
            result: r.result,
            contacts_deleted_at: r.contacts_deleted_at,
        }
    }
}

/// The columns [`ApplicationRow`] reads, of `applications`.
pub const APPLICATION_COLUMNS: &str =
    "id, event_id, code, name, contact_kind, contact, received_at, status";

/// An application as stored.
#[derive(FromRow)]
pub struct ApplicationRow {
    id: String,
    event_id: String,
    code: String,
    name: String,
    contact_kind: String,
    contact: String,
    received_at: String,
    status: String,
}

impl From<ApplicationRow> for ApplicationRecord {
    fn from(r: ApplicationRow) -> Self {
        ApplicationRecord {
            withdrawn: r.status == ApplicationStatus::Withdrawn.key(),
            id: r.id,
            event_id: r.event_id,
            code: r.code,
            name: r.name,
            contact_kind: r.contact_kind,
            contact: r.contact,
            received_at: r.received_at,
        }
    }
}

/// The counts of an event's applications (the same SQL on both databases).
pub const COUNTS: &str = "SELECT \
     coalesce(sum(CASE WHEN status = 'received' THEN 1 ELSE 0 END), 0) AS received, \
     coalesce(sum(CASE WHEN status = 'withdrawn' THEN 1 ELSE 0 END), 0) AS withdrawn \
     FROM applications WHERE event_id = ";

/// A row of [`COUNTS`].
#[derive(FromRow)]
pub struct CountsRow {
    received: i64,
    withdrawn: i64,
}

impl From<CountsRow> for Counts {
    fn from(r: CountsRow) -> Self {
        Counts {
            received: r.received.unsigned_abs(),
            withdrawn: r.withdrawn.unsigned_abs(),
        }
    }
}

/// Applications per attribute value.
#[derive(FromRow)]
pub struct GroupRow {
    key: String,
    value: String,
    count: i64,
}

/// The groups by (attribute, value).
pub fn groups(rows: Vec<GroupRow>) -> BTreeMap<(String, String), u64> {
    rows.into_iter()
        .map(|r| ((r.key, r.value), r.count.unsigned_abs()))
        .collect()
}

/// An applicant of the draw: code and attributes (JSON).
#[derive(FromRow)]
pub struct ApplicantRow {
    code: String,
    attributes: String,
}

impl TryFrom<ApplicantRow> for Applicant {
    type Error = sqlx::Error;

    fn try_from(r: ApplicantRow) -> Result<Self, sqlx::Error> {
        let attributes = serde_json::from_str(&r.attributes).map_err(|e| {
            sqlx::Error::Decode(format!("stored attributes of {}: {e}", r.code).into())
        })?;
        Ok(Applicant {
            code: r.code,
            attributes,
        })
    }
}

/// An application's attributes as stored (JSON).
pub fn attributes_json(application: &NewApplication) -> Result<String, sqlx::Error> {
    serde_json::to_string(&application.attributes).map_err(|e| sqlx::Error::Encode(e.into()))
}

/// The drawn codes of a stored result (a JSON array); none before the draw.
pub fn drawn_codes(state: &EventRecord) -> Result<Vec<String>, sqlx::Error> {
    state.result.as_deref().map_or(Ok(Vec::new()), |json| {
        serde_json::from_str(json)
            .map_err(|e| sqlx::Error::Decode(format!("stored draw result: {e}").into()))
    })
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
