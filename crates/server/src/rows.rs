//! Reading a comment with its official answer from a joined row, shared by the admin,
//! public and receipt views so they cannot drift apart.

use mitreden_model::api::{AdminComment, Answer, AnswerStatus, RevisionRef};

/// The columns of a comment with its answer, as the admin and receipt views read them.
pub const COMMENT_COLUMNS: &str = "c.id, c.section_id, c.section_version, c.body, \
    c.author_name, c.self_description, c.received_at, c.moderation_state, c.moderation_reason, \
    a.body, a.status, a.reason, a.office, a.revision_section_id, a.revision_version, \
    a.answered_at";

type CommentRow = (
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    Option<String>,
);
type AnswerRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

/// Reads a joined comment + answer row.
pub fn comment_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<AdminComment, sqlx::Error> {
    use sqlx::Row;
    let id: String = row.try_get(0)?;
    let (section_id, version, text, name, description, received, state, reason): CommentRow = (
        row.try_get(1)?,
        row.try_get(2)?,
        row.try_get(3)?,
        row.try_get(4)?,
        row.try_get(5)?,
        row.try_get(6)?,
        row.try_get(7)?,
        row.try_get(8)?,
    );
    let answer: AnswerRow = (
        row.try_get(9)?,
        row.try_get(10)?,
        row.try_get(11)?,
        row.try_get(12)?,
        row.try_get(13)?,
        row.try_get(14)?,
        row.try_get(15)?,
    );
    Ok(AdminComment {
        id,
        section_id,
        section_version: u32::try_from(version).unwrap_or(0),
        text,
        name,
        self_description: description,
        received_at: received,
        moderation_state: state,
        moderation_reason: reason,
        answer: answer_from(answer),
    })
}

fn answer_from(row: AnswerRow) -> Option<Answer> {
    let (text, status, reason, office, section, version, at) = row;
    let status: AnswerStatus = serde_json::from_value(serde_json::Value::String(status?)).ok()?;
    Some(Answer {
        text: text?,
        status,
        reason,
        office: office?,
        revision: section.zip(version).map(|(section_id, v)| RevisionRef {
            section_id,
            version: u32::try_from(v).unwrap_or(0),
        }),
        answered_at: at?,
    })
}
