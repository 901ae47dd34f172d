//! The moderation's rows as both databases' stores read them, by column name: the trail,
//! the counts, and the open requests a moderation step tells.

use mitreden_model::api::AnswerStatus;
use mitreden_model::moderation::{
    AuditAction, HistoryEntry, ListSort, ModerationState, StateCount, TrailEntry,
};
use mitreden_model::notify::NotifyKind;
use mitreden_store::moderation::{ListQuery, NewAnswer};
use mitreden_store::notify::OpenRequest;
use sqlx::FromRow;

/// The columns [`TrailRow`] reads, of `moderation_events`.
pub const TRAIL_COLUMNS: &str = "comment_id, action, staff_name, at, detail, answer_text";

/// A trail entry.
#[derive(FromRow)]
pub struct TrailRow {
    comment_id: String,
    action: String,
    staff_name: String,
    at: String,
    detail: Option<String>,
    answer_text: Option<String>,
}

impl TryFrom<TrailRow> for TrailEntry {
    type Error = sqlx::Error;

    /// An action word the model does not know is a decoding error, not a silent default.
    fn try_from(r: TrailRow) -> Result<Self, sqlx::Error> {
        let action = AuditAction::parse(&r.action).ok_or_else(|| {
            sqlx::Error::Decode(format!("unknown audit action {:?}", r.action).into())
        })?;
        Ok(TrailEntry {
            comment_id: r.comment_id,
            entry: HistoryEntry {
                action,
                staff_name: r.staff_name,
                at: r.at,
                detail: r.detail,
                answer: r.answer_text,
            },
        })
    }
}

/// The query of the counts per section and state (the same SQL on both databases).
pub const STATE_COUNTS: &str = "SELECT section_id, moderation_state, COUNT(*) AS count \
     FROM comments WHERE NOT trapped GROUP BY section_id, moderation_state \
     ORDER BY section_id, moderation_state";

/// A row of [`STATE_COUNTS`].
#[derive(FromRow)]
pub struct StateCountRow {
    section_id: String,
    moderation_state: String,
    count: i64,
}

impl TryFrom<StateCountRow> for StateCount {
    type Error = sqlx::Error;

    fn try_from(r: StateCountRow) -> Result<Self, sqlx::Error> {
        let state = ModerationState::parse(&r.moderation_state).ok_or_else(|| {
            sqlx::Error::Decode(format!("unknown moderation state {:?}", r.moderation_state).into())
        })?;
        Ok(StateCount {
            section_id: r.section_id,
            state,
            count: u32::try_from(r.count).unwrap_or(u32::MAX),
        })
    }
}

/// The columns [`OpenRow`] reads, of `notify_requests`.
pub const OPEN_COLUMNS: &str = "id, kind, language, address, receipt_token";

/// A confirmed request that has not ended.
#[derive(FromRow)]
pub struct OpenRow {
    id: String,
    kind: String,
    language: String,
    address: Option<String>,
    receipt_token: Option<String>,
}

impl OpenRow {
    /// The request to tell; `None` without an address (nothing to send to).
    pub fn into_open(self) -> Result<Option<OpenRequest>, sqlx::Error> {
        let kind = NotifyKind::from_key(&self.kind).ok_or_else(|| {
            sqlx::Error::Decode(format!("unknown notification kind {:?}", self.kind).into())
        })?;
        Ok(self.address.map(|address| OpenRequest {
            id: self.id,
            kind,
            language: self.language,
            address,
            receipt_token: self.receipt_token,
        }))
    }
}

/// The words of a search, as both databases' searches take them: split at spaces and
/// control characters, only those with a letter or digit, at most 12 of at most 64
/// characters.
pub fn search_words(q: &str) -> impl Iterator<Item = String> + '_ {
    q.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(12)
        .map(|w| w.chars().take(64).collect())
}

/// The words as typed (without control characters, which no name holds), for the search
/// in authors' names (not in the search index: a name is no text to search in, but staff
/// look for "Herr K.").
pub fn name_words(q: &ListQuery<'_>) -> Option<String> {
    q.words
        .map(|w| {
            w.chars()
                .filter(|c| !c.is_control())
                .collect::<String>()
                .trim()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
}

/// The positions of a closed set's words for an order by rank: the words between commas
/// (bound, never spliced into the SQL).
pub fn ranked(words: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let mut out = String::from(",");
    for w in words {
        out.push_str(w.as_ref());
        out.push(',');
    }
    out
}

/// The `ORDER BY` of `sort` and the ranks it binds: `rank_in` opens the database's
/// position function on the ranks (`instr(?9, ` on SQLite, `strpos($9, ` on PostgreSQL),
/// `nocase_kiosk` is the kiosk label in SQLite's `NOCASE` order.
pub fn order_by(q: &ListQuery<'_>, rank_in: &str, nocase_kiosk: &str) -> (String, String) {
    let rank = |column: &str| format!("{rank_in}',' || {column} || ','), c.received_at, c.id");
    match q.sort {
        ListSort::Oldest => ("c.received_at, c.id".into(), String::new()),
        ListSort::Newest => ("c.received_at DESC, c.id DESC".into(), String::new()),
        ListSort::Section => (rank("c.section_id"), ranked(q.reading_order)),
        ListSort::State => (
            rank("c.moderation_state"),
            ranked(ModerationState::ALL.iter().map(|s| s.as_str())),
        ),
        // Unanswered is the empty word: ",," at the very start.
        ListSort::Answer => (
            rank("coalesce(a.status, '')"),
            ranked(std::iter::once("").chain(AnswerStatus::ALL.iter().map(|s| s.as_str()))),
        ),
        ListSort::Kiosk => (
            format!("c.kiosk IS NULL, {nocase_kiosk}, c.received_at, c.id"),
            String::new(),
        ),
    }
}

/// An answer's trail detail: its status, and its reason after `: `.
pub fn answer_detail(a: &NewAnswer<'_>) -> String {
    [Some(a.status.as_str()), a.reason]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(": ")
}
