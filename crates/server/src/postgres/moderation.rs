//! Moderation on PostgreSQL: the list with full-text search (German configuration), the
//! counts, publishing, refusing and answering (each change with its trail entry and its
//! mails in one transaction; the comments' rows locked in id order, so that two staff
//! members' bulk actions on several processes wait for each other instead of deadlocking),
//! and the trail.

use async_trait::async_trait;
use mitreden_model::api::{AdminComment, AnswerStatus, ModerationState};
use mitreden_model::moderation::{AuditAction, StateCount, TrailEntry};
use mitreden_model::notify::NotifyEvent;
use mitreden_store::moderation::{
    Answered, ListQuery, Moderated, Moderating, Moderation, NewAnswer,
};
use mitreden_store::notify::Teller;
use mitreden_store::StoreError;
use sqlx::postgres::PgArguments;
use sqlx::{PgConnection, Postgres, Row};

use super::notify::tell;
use super::{nocase, store_error, PgStore, NOW};
use crate::rows::moderation::{
    answer_detail, name_words, order_by, search_words, StateCountRow, TrailRow, STATE_COUNTS,
    TRAIL_COLUMNS,
};
use crate::rows::{comment_from_row, COMMENT_COLUMNS};

/// The staff's search words as a `tsquery` that cannot be a syntax error: each word
/// quoted (a `'` doubled, a `\` escaped) and matched as a prefix, all of them required.
/// `None` when nothing is left to search for. (Words PostgreSQL's German configuration
/// drops — "die", "und" — are left out of the query by PostgreSQL.)
pub fn ts_query(q: &str) -> Option<String> {
    let words: Vec<String> = search_words(q)
        .map(|w| format!("'{}':*", w.replace('\\', "\\\\").replace('\'', "''")))
        .collect();
    (!words.is_empty()).then(|| words.join(" & "))
}

/// The list's filter; its values bound as `$1` to `$6`.
const FILTER: &str = "NOT c.trapped \
     AND ($1::text IS NULL OR c.moderation_state = $1) \
     AND ($2::text IS NULL OR c.section_id = $2) \
     AND ($3::text IS NULL OR a.status = $3 OR ($3 = 'eingegangen' AND a.status IS NULL)) \
     AND ($4::text IS NULL OR c.kiosk = $4) \
     AND (($5::text IS NULL AND $6::text IS NULL) \
          OR ($5 IS NOT NULL AND c.search @@ to_tsquery('german', $5)) \
          OR ($6 IS NOT NULL AND strpos(lower(coalesce(c.author_name, '')), $6) > 0))";

type Query<'q> = sqlx::query::Query<'q, Postgres, PgArguments>;

/// The list's filters `$1` to `$6` bound to `query`.
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

/// Records that `staff` did `action` to the comment, inside the caller's transaction.
pub async fn record(
    conn: &mut PgConnection,
    comment_id: &str,
    action: AuditAction,
    staff: &str,
    detail: Option<&str>,
    answer: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO moderation_events (comment_id, action, staff_name, detail, answer_text) \
         VALUES ($1, $2, $3, $4, $5)",
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
impl Moderating for PgStore {
    async fn moderation_list(
        &self,
        q: &ListQuery<'_>,
    ) -> Result<(u64, Vec<AdminComment>), StoreError> {
        let search = q.words.and_then(ts_query);
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
        .fetch_one(&self.pool)
        .await
        .and_then(|row| row.try_get(0))
        .map_err(store_error)?;
        let (order, ranks) = order_by(q, "strpos($9, ", &nocase("c.kiosk"));
        let sql = format!(
            "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN answers a ON a.comment_id = c.id \
             WHERE {FILTER} ORDER BY {order} LIMIT $7 OFFSET $8"
        );
        let mut query = with_filters(sqlx::query(&sql), q, search, name)
            .bind(q.limit.map(i64::from))
            .bind(i64::from(q.offset));
        // PostgreSQL takes no parameter its statement does not name.
        if !ranks.is_empty() {
            query = query.bind(ranks);
        }
        let rows = query.fetch_all(&self.pool).await.map_err(store_error)?;
        let comments = rows
            .iter()
            .map(comment_from_row)
            .collect::<Result<Vec<_>, _>>()
            .map_err(store_error)?;
        Ok((total.unsigned_abs(), comments))
    }

    async fn state_counts(&self) -> Result<Vec<StateCount>, StoreError> {
        let rows: Vec<StateCountRow> = sqlx::query_as(STATE_COUNTS)
            .fetch_all(&self.pool)
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
        let mut ids: Vec<&String> = m.ids.iter().collect();
        ids.sort();
        ids.dedup();
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let mut done = Moderated::default();
        for id in ids {
            let changed = sqlx::query(&format!(
                "UPDATE comments SET moderation_state = $1, moderation_reason = $2, \
                 published_at = CASE WHEN $1 = $4 THEN {NOW} ELSE NULL END \
                 WHERE id = $3 AND moderation_state <> $5 AND NOT trapped \
                 AND NOT (moderation_state = $1 AND moderation_reason IS NOT DISTINCT FROM $2) \
                 AND ($6::text IS NULL OR moderation_state = $6)"
            ))
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
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        // The comment's row locked: a withdrawal or another answer waits for this one.
        let state: Option<String> =
            sqlx::query_scalar("SELECT moderation_state FROM comments WHERE id = $1 FOR UPDATE")
                .bind(a.comment_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(store_error)?;
        match state.as_deref().map(ModerationState::parse) {
            None => return Ok(Answered::NotFound),
            Some(Some(ModerationState::Withdrawn)) => return Ok(Answered::Withdrawn),
            Some(_) => {}
        }
        let before: Option<i32> = sqlx::query_scalar("SELECT 1 FROM answers WHERE comment_id = $1")
            .bind(a.comment_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(store_error)?;
        sqlx::query(&format!(
            "INSERT INTO answers (comment_id, body, status, reason, office, revision_section_id, \
             revision_version, staff_name, answered_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, {NOW}) \
             ON CONFLICT (comment_id) DO UPDATE SET body = excluded.body, \
             status = excluded.status, reason = excluded.reason, office = excluded.office, \
             revision_section_id = excluded.revision_section_id, \
             revision_version = excluded.revision_version, staff_name = excluded.staff_name, \
             answered_at = excluded.answered_at"
        ))
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
             WHERE $1::text IS NULL OR comment_id = $1 ORDER BY id"
        ))
        .bind(comment)
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        rows.into_iter()
            .map(TrailEntry::try_from)
            .collect::<Result<_, _>>()
            .map_err(store_error)
    }
}
