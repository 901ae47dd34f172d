//! Reading a comment with its official answer from a joined row, shared by the admin,
//! public and receipt views — and by both databases' stores — so they cannot drift apart.
//!
//! # Layout
//! - here: comments, their answers and pages;
//! - [`accounts`]: staff accounts and sessions;
//! - [`erasure`]: what the retention job erases;
//! - [`kiosks`]: the town hall's shared devices;
//! - [`lottery`]: an event's state, applications and log;
//! - [`mail`]: the mail queue and the digest;
//! - [`moderation`]: the trail, the counts, the requests a moderation step tells;
//! - [`reports`]: the figures' groups;
//! - [`templates`]: the office's answer templates;
//! - [`versions`]: the strategy's versions and the links of comments to changes.

pub mod accounts;
pub mod erasure;
pub mod kiosks;
pub mod lottery;
pub mod mail;
pub mod moderation;
pub mod reports;
pub mod templates;
pub mod versions;

use mitreden_model::api::{
    AdminComment, Answer, AnswerStatus, ItemResult, ModerationState, Outcome, PublicComment,
    RevisionRef,
};
use mitreden_model::comment::NewComment;
use mitreden_model::paging::{ChangeCause, CommentOrder, Cursor};
use mitreden_store::CommentState;
use sqlx::FromRow;

/// The columns of a comment with its answer (`comments c LEFT JOIN answers a`), named as
/// [`CommentRow`] reads them.
pub const COMMENT_COLUMNS: &str = "c.id, c.section_id, c.section_version, c.body, \
    c.author_name, c.self_description, c.received_at, c.moderation_state, c.moderation_reason, \
    c.kiosk, \
    a.body AS answer_body, a.status AS answer_status, a.reason AS answer_reason, \
    a.office AS answer_office, a.revision_section_id, a.revision_version, a.answered_at, \
    EXISTS (SELECT 1 FROM notify_requests n WHERE n.comment_id = c.id \
        AND n.confirmed_at IS NOT NULL AND n.ended_at IS NULL) AS notify_waiting";

/// A joined comment + answer row, by column name.
#[derive(FromRow)]
pub struct CommentRow {
    id: String,
    section_id: String,
    section_version: i64,
    body: String,
    author_name: Option<String>,
    self_description: Option<String>,
    received_at: String,
    moderation_state: String,
    moderation_reason: Option<String>,
    kiosk: Option<String>,
    answer_body: Option<String>,
    answer_status: Option<String>,
    answer_reason: Option<String>,
    answer_office: Option<String>,
    revision_section_id: Option<String>,
    revision_version: Option<i64>,
    answered_at: Option<String>,
    notify_waiting: bool,
}

/// Reads a joined comment + answer row. A state word the model does not know is a
/// decoding error, not a silent default.
/// The same columns and types on every database (SQLite's and PostgreSQL's rows).
pub fn comment_from_row<'r, R: sqlx::Row>(row: &'r R) -> Result<AdminComment, sqlx::Error>
where
    CommentRow: FromRow<'r, R>,
{
    let r = CommentRow::from_row(row)?;
    let moderation_state = ModerationState::parse(&r.moderation_state).ok_or_else(|| {
        sqlx::Error::Decode(format!("unknown moderation state {:?}", r.moderation_state).into())
    })?;
    let answer = match (
        r.answer_body,
        r.answer_status,
        r.answer_office,
        r.answered_at,
    ) {
        (Some(text), Some(status), Some(office), Some(answered_at)) => Some(Answer {
            text,
            status: AnswerStatus::parse(&status).ok_or_else(|| {
                sqlx::Error::Decode(format!("unknown answer status {status:?}").into())
            })?,
            reason: r.answer_reason,
            office,
            revision: r
                .revision_section_id
                .zip(r.revision_version)
                .map(|(section_id, v)| RevisionRef {
                    section_id,
                    version: u32::try_from(v).unwrap_or(0),
                }),
            answered_at,
        }),
        _ => None,
    };
    Ok(AdminComment {
        id: r.id,
        section_id: r.section_id,
        section_version: u32::try_from(r.section_version).unwrap_or(0),
        text: r.body,
        name: r.author_name,
        self_description: r.self_description,
        received_at: r.received_at,
        moderation_state,
        moderation_reason: r.moderation_reason,
        answer,
        kiosk: r.kiosk,
        notify_waiting: r.notify_waiting,
    })
}

/// The columns [`Stored`] reads: a stored comment, to compare a retry with the original.
pub const STORED_COLUMNS: &str = "section_id, section_version, body, author_name, \
    self_description, consent, client_created_at, received_at, receipt_hash";

/// A stored comment, as [`STORED_COLUMNS`] names it.
#[derive(FromRow)]
pub struct Stored {
    section_id: String,
    section_version: i64,
    body: String,
    author_name: Option<String>,
    self_description: Option<String>,
    consent: bool,
    client_created_at: String,
    received_at: String,
    receipt_hash: Option<String>,
}

/// What a comment under an id already taken gets: "already present" if it is the stored
/// one sent again (same receipt hash, section, version, text, name, self-description,
/// consent, time written), else refused as a conflict.
pub fn retried(stored: Stored, c: &NewComment, hash: Option<&str>) -> ItemResult {
    let same = stored.receipt_hash.as_deref() == hash
        && stored.section_id == c.section_id
        && stored.section_version == i64::from(c.section_version)
        && stored.body == c.text
        && stored.author_name == c.name
        && stored.self_description == c.self_description
        && stored.consent == c.consent
        && stored.client_created_at == c.created_at;
    if same {
        created_or_present(c, Outcome::AlreadyPresent, stored.received_at)
    } else {
        crate::ingest::refused(
            c.id.clone(),
            Outcome::Conflict,
            "Unter dieser Kennung ist bereits ein anderer Kommentar gespeichert.".into(),
        )
    }
}

/// The answer for a comment stored now or before, at `received_at`.
pub fn created_or_present(c: &NewComment, outcome: Outcome, received_at: String) -> ItemResult {
    ItemResult {
        id: c.id.clone(),
        outcome,
        status: outcome.status(),
        received_at: Some(received_at),
        reason: None,
        code: None,
    }
}

/// A page from the rows of a keyset query that asked for one more than `limit`: the
/// public view of at most `limit` comments, and the cursor of the next page if there is
/// one.
pub fn page_of(rows: Vec<AdminComment>, limit: u32) -> (Vec<PublicComment>, Option<String>) {
    let mut comments: Vec<PublicComment> = rows.into_iter().map(PublicComment::from).collect();
    let more = comments.len() > limit as usize;
    comments.truncate(limit as usize);
    let next = more
        .then(|| comments.last().map(|c| Cursor::after(c).to_query()))
        .flatten();
    (comments, next)
}

/// A public comment that led to a change of its section: `c.id, c.author_name,
/// a.revision_version`.
#[derive(FromRow)]
pub struct CauseRow {
    id: String,
    author_name: Option<String>,
    revision_version: i64,
}

impl From<CauseRow> for ChangeCause {
    fn from(r: CauseRow) -> Self {
        ChangeCause {
            id: r.id,
            name: r.author_name,
            version: u32::try_from(r.revision_version).unwrap_or(0),
        }
    }
}

/// The columns [`StateRow`] reads.
pub const STATE_COLUMNS: &str = "section_id, received_at, moderation_state, trapped";

/// Where a comment stands, as [`STATE_COLUMNS`] names it.
#[derive(FromRow)]
pub struct StateRow {
    section_id: String,
    received_at: String,
    moderation_state: String,
    trapped: bool,
}

impl TryFrom<StateRow> for CommentState {
    type Error = sqlx::Error;

    /// A state word the model does not know is a decoding error.
    fn try_from(r: StateRow) -> Result<Self, sqlx::Error> {
        Ok(CommentState {
            moderation_state: ModerationState::parse(&r.moderation_state).ok_or_else(|| {
                sqlx::Error::Decode(
                    format!("unknown moderation state {:?}", r.moderation_state).into(),
                )
            })?,
            section_id: r.section_id,
            received_at: r.received_at,
            trapped: r.trapped,
        })
    }
}

/// The keyset query of a page of a section's public comments (`public`: the backend's
/// condition), on the index (section_id, received_at, id), asking one more than the page
/// holds to tell whether there is a next one. Numbered parameters in the backend's style
/// (`mark`: `?` for SQLite, `$` for PostgreSQL): 1 the section, 2 and 3 the cursor's time
/// and id (both NULL on the first page; `text` is how parameter 2 is named as text where
/// NULL needs a type), 4 the limit.
pub fn page_sql(mark: char, text: &str, public: &str, order: CommentOrder) -> String {
    let (before_or_after, direction) = match order {
        CommentOrder::Newest => ("<", "DESC"),
        CommentOrder::Oldest => (">", "ASC"),
    };
    format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN answers a ON a.comment_id = c.id \
         WHERE c.section_id = {mark}1 AND {public} AND ({mark}2{text} IS NULL \
           OR c.received_at {before_or_after} {mark}2 \
           OR (c.received_at = {mark}2 AND c.id {before_or_after} {mark}3)) \
         ORDER BY c.received_at {direction}, c.id {direction} LIMIT {mark}4"
    )
}

/// How many public comments the section has (`public` as in [`page_sql`]; 1 the section).
pub fn total_sql(mark: char, public: &str) -> String {
    format!("SELECT COUNT(*) FROM comments c WHERE c.section_id = {mark}1 AND {public}")
}

/// The section's public comments that led to a change of it, newest first, as
/// [`CauseRow`] reads them (`public` as in [`page_sql`]; 1 the section).
pub fn causes_sql(mark: char, public: &str) -> String {
    format!(
        "SELECT c.id, c.author_name, a.revision_version FROM comments c \
         JOIN answers a ON a.comment_id = c.id \
         WHERE c.section_id = {mark}1 AND a.revision_section_id = {mark}1 AND {public} \
         ORDER BY c.received_at DESC, c.id DESC"
    )
}

/// The insert of a new comment that does nothing if its id is taken and then returns no
/// row, with numbered parameters in the backend's style (`mark`, as in [`page_sql`]) in
/// the order [`bind_comment!`] binds them, and `now` the backend's expression for the
/// time now as every store writes it.
pub fn insert_sql(mark: char, now: &str) -> String {
    let params: Vec<String> = (1..=11).map(|n| format!("{mark}{n}")).collect();
    format!(
        "INSERT INTO comments (id, section_id, section_version, body, author_name, \
         self_description, consent, client_created_at, receipt_hash, trapped, kiosk, \
         received_at) VALUES ({}, {now}) ON CONFLICT (id) DO NOTHING RETURNING received_at",
        params.join(", ")
    )
}

/// Binds a new comment `c`, its receipt `hash` and `kiosk` to [`insert_sql`]'s query, on
/// any database.
#[macro_export]
macro_rules! bind_comment {
    ($query:expr, $c:expr, $hash:expr, $kiosk:expr) => {
        $query
            .bind(&$c.id)
            .bind(&$c.section_id)
            .bind(i64::from($c.section_version))
            .bind(&$c.text)
            .bind(&$c.name)
            .bind(&$c.self_description)
            .bind($c.consent)
            .bind(&$c.created_at)
            .bind($hash)
            .bind($c.is_trapped())
            .bind($kiosk)
    };
}
