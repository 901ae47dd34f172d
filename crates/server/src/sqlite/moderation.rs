//! Moderation on SQLite: the list with FTS5 search, the counts, publishing, refusing and
//! answering on the one write connection (each change with its trail entry and its mails
//! in one immediate transaction), and the trail.

use async_trait::async_trait;
use mitreden_model::api::{AdminComment, AnswerStatus, ModerationState};
use mitreden_model::moderation::{AuditAction, StateCount, TrailEntry};
use mitreden_model::notify::NotifyEvent;
use mitreden_store::moderation::{
    Answered, ListQuery, Moderated, Moderating, Moderation, NewAnswer,
};
use mitreden_store::notify::Teller;
use mitreden_store::StoreError;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Row, Sqlite, SqliteConnection};

use super::notify::tell;
use super::{store_error, SqliteStore};
use crate::rows::moderation::{
    answer_detail, name_words, order_by, search_words, StateCountRow, TrailRow, STATE_COUNTS,
    TRAIL_COLUMNS,
};
use crate::rows::{comment_from_row, COMMENT_COLUMNS};

/// The staff's search words as an FTS5 query that cannot be a syntax error: words split at
/// spaces and control characters, each quoted (a `"` doubled) and matched as a prefix, all
/// of them required; words without a letter or digit are left out. `None` when nothing is
/// left to search for.
pub fn fts_query(q: &str) -> Option<String> {
    // Control characters split words too: FTS5 reads a quoted string only up to a NUL.
    let words: Vec<String> = search_words(q)
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The list's filter; its values bound as `?1` to `?6`.
const FILTER: &str = "NOT c.trapped \
     AND (?1 IS NULL OR c.moderation_state = ?1) AND (?2 IS NULL OR c.section_id = ?2) \
     AND (?3 IS NULL OR a.status = ?3 OR (?3 = 'eingegangen' AND a.status IS NULL)) \
     AND (?4 IS NULL OR c.kiosk = ?4) \
     AND ((?5 IS NULL AND ?6 IS NULL) \
          OR (?5 IS NOT NULL AND c.id IN \
              (SELECT comment_id FROM comments_fts WHERE comments_fts MATCH ?5)) \
          OR (?6 IS NOT NULL AND instr(lower(coalesce(c.author_name, '')), ?6) > 0))";

type Query<'q> = sqlx::query::Query<'q, Sqlite, SqliteArguments<'q>>;

/// The list's filters `?1` to `?6` bound to `query`.
fn with_filters<'q>(
    query: Query<'q>,
    q: &ListQuery<'q>,
    search: Option<String>,
    name: Option<String>,
) -> Query<'q> {
    query
        .bind(q.state.map(ModerationState::as_str))
        .bind(q.section)
        .bind(q.status.map(AnswerStatus::as_str))
        .bind(q.kiosk)
        .bind(search)
        .bind(name)
}

/// Records that `staff` did `action` to the comment (with `detail`: a reason, an answer's
/// status and reason; `answer`: the answer's text as saved), inside the caller's
/// transaction.
pub async fn record(
    conn: &mut SqliteConnection,
    comment_id: &str,
    action: AuditAction,
    staff: &str,
    detail: Option<&str>,
    answer: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO moderation_events (comment_id, action, staff_name, detail, answer_text) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(comment_id)
    .bind(action.as_str())
    .bind(staff)
    .bind(detail)
    .bind(answer)
    .execute(conn)
    .await?;
    Ok(())
}

#[async_trait]
impl Moderating for SqliteStore {
    async fn moderation_list(
        &self,
        q: &ListQuery<'_>,
    ) -> Result<(u64, Vec<AdminComment>), StoreError> {
        let search = q.words.and_then(fts_query);
        let name = name_words(q);
        let total: i64 = with_filters(
            sqlx::query(&format!(
                "SELECT COUNT(*) FROM comments c LEFT JOIN answers a ON a.comment_id = c.id \
                 WHERE {FILTER}"
            )),
            q,
            search.clone(),
            name.clone(),
        )
        .fetch_one(&self.db.read)
        .await
        .and_then(|row| row.try_get(0))
        .map_err(store_error)?;
        let (order, ranks) = order_by(q, "instr(?9, ", "c.kiosk COLLATE NOCASE");
        let sql = format!(
            "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN answers a ON a.comment_id = c.id \
             WHERE {FILTER} ORDER BY {order} LIMIT ?7 OFFSET ?8"
        );
        let rows = with_filters(sqlx::query(&sql), q, search, name)
            .bind(q.limit.map_or(-1, i64::from))
            .bind(i64::from(q.offset))
            .bind(ranks)
            .fetch_all(&self.db.read)
            .await
            .map_err(store_error)?;
        let comments = rows
            .iter()
            .map(comment_from_row)
            .collect::<Result<Vec<_>, _>>()
            .map_err(store_error)?;
        Ok((total.unsigned_abs(), comments))
    }

    async fn state_counts(&self) -> Result<Vec<StateCount>, StoreError> {
        let rows: Vec<StateCountRow> = sqlx::query_as(STATE_COUNTS)
            .fetch_all(&self.db.read)
            .await
            .map_err(store_error)?;
        rows.into_iter()
            .map(StateCount::try_from)
            .collect::<Result<_, _>>()
            .map_err(store_error)
    }

    async fn moderate(
        &self,
        m: Moderation<'_>,
        teller: Option<&dyn Teller>,
    ) -> Result<Moderated, StoreError> {
        let (action, event) = match m.to {
            ModerationState::Published => (AuditAction::Published, NotifyEvent::Published),
            _ => (AuditAction::Rejected, NotifyEvent::Rejected),
        };
        let mut tx = self.write().await?;
        let mut done = Moderated::default();
        for id in m.ids {
            let changed = sqlx::query(
                "UPDATE comments SET moderation_state = ?1, moderation_reason = ?2, \
                 published_at = CASE WHEN ?1 = ?4 \
                   THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE NULL END \
                 WHERE id = ?3 AND moderation_state != ?5 AND NOT trapped \
                 AND NOT (moderation_state = ?1 AND moderation_reason IS ?2) \
                 AND (?6 IS NULL OR moderation_state = ?6)",
            )
            .bind(m.to.as_str())
            .bind(m.reason)
            .bind(id)
            .bind(ModerationState::Published.as_str())
            .bind(ModerationState::Withdrawn.as_str())
            .bind(m.from.map(ModerationState::as_str))
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
            if changed.rows_affected() == 0 {
                continue;
            }
            record(&mut tx, id, action, m.staff, m.reason, None)
                .await
                .map_err(store_error)?;
            if let Some(teller) = teller {
                done.queued += tell(&mut tx, teller, id, event, m.reason).await?;
            }
            done.changed += 1;
        }
        tx.commit().await.map_err(store_error)?;
        Ok(done)
    }

    async fn answer(
        &self,
        a: NewAnswer<'_>,
        teller: Option<&dyn Teller>,
    ) -> Result<Answered, StoreError> {
        let mut tx = self.write().await?;
        let state: Option<String> =
            sqlx::query_scalar("SELECT moderation_state FROM comments WHERE id = ?")
                .bind(a.comment_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(store_error)?;
        match state.as_deref().map(ModerationState::parse) {
            None => return Ok(Answered::NotFound),
            Some(Some(ModerationState::Withdrawn)) => return Ok(Answered::Withdrawn),
            Some(_) => {}
        }
        let before: Option<i64> = sqlx::query_scalar("SELECT 1 FROM answers WHERE comment_id = ?")
            .bind(a.comment_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(store_error)?;
        sqlx::query(
            "INSERT INTO answers (comment_id, body, status, reason, office, revision_section_id, \
             revision_version, staff_name, answered_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) \
             ON CONFLICT (comment_id) DO UPDATE SET body = excluded.body, \
             status = excluded.status, reason = excluded.reason, office = excluded.office, \
             revision_section_id = excluded.revision_section_id, \
             revision_version = excluded.revision_version, staff_name = excluded.staff_name, \
             answered_at = excluded.answered_at",
        )
        .bind(a.comment_id)
        .bind(a.text)
        .bind(a.status.as_str())
        .bind(a.reason)
        .bind(a.office)
        .bind(a.revision.map(|r| r.section_id.as_str()))
        .bind(a.revision.map(|r| i64::from(r.version)))
        .bind(a.staff)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        let action = if before.is_some() {
            AuditAction::AnswerChanged
        } else {
            AuditAction::Answered
        };
        let detail = answer_detail(&a);
        record(
            &mut tx,
            a.comment_id,
            action,
            a.staff,
            Some(&detail),
            Some(a.text),
        )
        .await
        .map_err(store_error)?;
        let queued = match teller {
            Some(teller) => {
                tell(
                    &mut tx,
                    teller,
                    a.comment_id,
                    NotifyEvent::Answered,
                    Some(a.text),
                )
                .await?
            }
            None => 0,
        };
        tx.commit().await.map_err(store_error)?;
        Ok(Answered::Saved { queued })
    }

    async fn trail(&self, comment: Option<&str>) -> Result<Vec<TrailEntry>, StoreError> {
        let rows: Vec<TrailRow> = sqlx::query_as(&format!(
            "SELECT {TRAIL_COLUMNS} FROM moderation_events \
             WHERE ?1 IS NULL OR comment_id = ?1 ORDER BY id"
        ))
        .bind(comment)
        .fetch_all(&self.db.read)
        .await
        .map_err(store_error)?;
        rows.into_iter()
            .map(TrailEntry::try_from)
            .collect::<Result<_, _>>()
            .map_err(store_error)
    }
}
