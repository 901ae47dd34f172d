//! Reading a comment with its official answer from a joined row, shared by the admin,
//! public and receipt views so they cannot drift apart.

use mitreden_model::api::{AdminComment, Answer, AnswerStatus, ModerationState, RevisionRef};
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
struct CommentRow {
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
pub fn comment_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<AdminComment, sqlx::Error> {
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
