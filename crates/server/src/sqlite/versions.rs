//! The strategy's versions and the links of comments to changes on SQLite: every write on
//! the one write connection in an immediate transaction.

use std::collections::BTreeMap;

use async_trait::async_trait;
use mitreden_model::api::AnswerStatus;
use mitreden_model::moderation::{AuditAction, ModerationState};
use mitreden_model::notify::NotifyEvent;
use mitreden_model::versions::Credit;
use mitreden_store::notify::Teller;
use mitreden_store::versions::{due, Imported, Publish, Published, StoredVersion, Versions};
use mitreden_store::StoreError;
use sqlx::SqliteConnection;

use super::moderation::record;
use super::notify::tell;
use super::{store_error, SqliteStore};
use crate::rows::versions::{
    by_version, AnswerWords, CauseLinkRow, WithSourceRow, PENDING_CAUSES, VERSION_COLUMNS,
};

/// The current version, the one published last (a query's end: what it selects comes
/// before).
const CURRENT: &str = "FROM strategy_versions WHERE published_at IS NOT NULL \
     ORDER BY published_at DESC, version DESC LIMIT 1";

/// The newest version whose file is exactly `source`, with when it was published.
async fn find(
    conn: &mut SqliteConnection,
    source: &str,
    fingerprint: &str,
) -> Result<Option<(i64, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT version, published_at FROM strategy_versions WHERE fingerprint = ? AND source = ? \
         ORDER BY version DESC LIMIT 1",
    )
    .bind(fingerprint)
    .bind(source)
    .fetch_optional(conn)
    .await
}

/// Stores `source` as the next version (a draft); its number.
async fn insert(
    conn: &mut SqliteConnection,
    source: &str,
    fingerprint: &str,
    by: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO strategy_versions (source, fingerprint, imported_at, imported_by) \
         VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?) RETURNING version",
    )
    .bind(source)
    .bind(fingerprint)
    .bind(by)
    .fetch_one(conn)
    .await
}

/// Makes `version` the current one (published now, by `by` where an account did it).
async fn publish_in(
    conn: &mut SqliteConnection,
    version: i64,
    by: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE strategy_versions SET published_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), \
         published_by = ? WHERE version = ?",
    )
    .bind(by)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(())
}

/// Credits each of `credits` inside the publish's transaction: the comment's answer points
/// to the version (one is given where there was none, signed by `office`), the trail says
/// `by` did it, and the link is marked credited. A comment not published (withdrawn since)
/// is skipped. The comments credited.
async fn credit(
    conn: &mut SqliteConnection,
    credits: &[Credit],
    p: &Publish<'_>,
) -> Result<Vec<String>, sqlx::Error> {
    let mut done = Vec::new();
    for c in credits {
        let state: Option<String> =
            sqlx::query_scalar("SELECT moderation_state FROM comments WHERE id = ?")
                .bind(&c.comment_id)
                .fetch_optional(&mut *conn)
                .await?;
        if state.as_deref().and_then(ModerationState::parse) == Some(ModerationState::Published) {
            let before: Option<AnswerWords> =
                sqlx::query_as("SELECT body, status, reason FROM answers WHERE comment_id = ?")
                    .bind(&c.comment_id)
                    .fetch_optional(&mut *conn)
                    .await?;
            let words = before.clone().unwrap_or_else(|| AnswerWords {
                body: (p.credit_text)(c.version),
                status: AnswerStatus::Beruecksichtigt.as_str().to_owned(),
                reason: None,
            });
            sqlx::query(
                "INSERT INTO answers (comment_id, body, status, reason, office, \
                 revision_section_id, revision_version, staff_name, answered_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) \
                 ON CONFLICT (comment_id) DO UPDATE SET \
                 revision_section_id = excluded.revision_section_id, \
                 revision_version = excluded.revision_version",
            )
            .bind(&c.comment_id)
            .bind(&words.body)
            .bind(&words.status)
            .bind(&words.reason)
            .bind(p.office)
            .bind(&c.section_id)
            .bind(i64::from(c.version))
            .bind(p.by)
            .execute(&mut *conn)
            .await?;
            let action = if before.is_some() {
                AuditAction::AnswerChanged
            } else {
                AuditAction::Answered
            };
            let detail = crate::rows::versions::credit_detail(&words.status, c.version);
            record(
                conn,
                &c.comment_id,
                action,
                p.by,
                Some(&detail),
                Some(&words.body),
            )
            .await?;
            done.push(c.comment_id.clone());
        }
        sqlx::query(
            "UPDATE strategy_causes SET credited_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
             WHERE section_id = ? AND section_version = ? AND comment_id = ?",
        )
        .bind(&c.section_id)
        .bind(i64::from(c.version))
        .bind(&c.comment_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(done)
}

#[async_trait]
impl Versions for SqliteStore {
    async fn store_version(
        &self,
        source: &str,
        fingerprint: &str,
        by: &str,
        publish: bool,
    ) -> Result<Imported, StoreError> {
        let mut tx = self.write().await?;
        let imported = match find(&mut tx, source, fingerprint)
            .await
            .map_err(store_error)?
        {
            Some((version, published_at)) => {
                if publish {
                    publish_in(&mut tx, version, None)
                        .await
                        .map_err(store_error)?;
                }
                Imported {
                    version,
                    new: false,
                    published: publish || published_at.is_some(),
                }
            }
            None => {
                let version = insert(&mut tx, source, fingerprint, by)
                    .await
                    .map_err(store_error)?;
                if publish {
                    publish_in(&mut tx, version, None)
                        .await
                        .map_err(store_error)?;
                }
                Imported {
                    version,
                    new: true,
                    published: publish,
                }
            }
        };
        tx.commit().await.map_err(store_error)?;
        Ok(imported)
    }

    async fn store_next_draft(
        &self,
        source: &str,
        fingerprint: &str,
        by: &str,
    ) -> Result<Imported, StoreError> {
        let mut tx = self.write().await?;
        let newest: Option<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT version, source, published_at FROM strategy_versions \
             ORDER BY version DESC LIMIT 1",
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if let Some((version, newest, published_at)) = newest {
            if newest == source {
                return Ok(Imported {
                    version,
                    new: false,
                    published: published_at.is_some(),
                });
            }
        }
        let version = insert(&mut tx, source, fingerprint, by)
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(Imported {
            version,
            new: true,
            published: false,
        })
    }

    async fn version_of(&self, source: &str, fingerprint: &str) -> Result<Option<i64>, StoreError> {
        let mut conn = self.db.read.acquire().await.map_err(store_error)?;
        Ok(find(&mut conn, source, fingerprint)
            .await
            .map_err(store_error)?
            .map(|(version, _)| version))
    }

    async fn current_version(&self) -> Result<Option<(i64, String)>, StoreError> {
        sqlx::query_as(&format!("SELECT version, source {CURRENT}"))
            .fetch_optional(&self.db.read)
            .await
            .map_err(store_error)
    }

    async fn version(&self, version: i64) -> Result<Option<(StoredVersion, String)>, StoreError> {
        let row: Option<WithSourceRow> = sqlx::query_as(&format!(
            "SELECT {VERSION_COLUMNS}, source FROM strategy_versions WHERE version = ?"
        ))
        .bind(version)
        .fetch_optional(&self.db.read)
        .await
        .map_err(store_error)?;
        Ok(row.map(Into::into))
    }

    async fn newest_version(&self) -> Result<Option<(StoredVersion, String)>, StoreError> {
        let row: Option<WithSourceRow> = sqlx::query_as(&format!(
            "SELECT {VERSION_COLUMNS}, source FROM strategy_versions \
             ORDER BY version DESC LIMIT 1"
        ))
        .fetch_optional(&self.db.read)
        .await
        .map_err(store_error)?;
        Ok(row.map(Into::into))
    }

    async fn versions(&self) -> Result<Vec<(StoredVersion, String)>, StoreError> {
        let rows: Vec<WithSourceRow> = sqlx::query_as(&format!(
            "SELECT {VERSION_COLUMNS}, source FROM strategy_versions ORDER BY version"
        ))
        .fetch_all(&self.db.read)
        .await
        .map_err(store_error)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    async fn publish_version(
        &self,
        p: Publish<'_>,
        teller: Option<&dyn Teller>,
    ) -> Result<Published, StoreError> {
        let mut tx = self.write().await?;
        let now_current: Option<i64> = sqlx::query_scalar(&format!("SELECT version {CURRENT}"))
            .fetch_optional(&mut *tx)
            .await
            .map_err(store_error)?;
        let published_at: Option<Option<String>> =
            sqlx::query_scalar("SELECT published_at FROM strategy_versions WHERE version = ?")
                .bind(p.version)
                .fetch_optional(&mut *tx)
                .await
                .map_err(store_error)?;
        // (0 in an empty table, where the version is not found anyway.)
        let newest: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM strategy_versions")
                .fetch_one(&mut *tx)
                .await
                .map_err(store_error)?;
        if let Some(refused) = p.refused(now_current, published_at.map(|at| at.is_some()), newest) {
            return Ok(refused);
        }
        publish_in(&mut tx, p.version, Some(p.by))
            .await
            .map_err(store_error)?;
        let rows: Vec<CauseLinkRow> = sqlx::query_as(PENDING_CAUSES)
            .fetch_all(&mut *tx)
            .await
            .map_err(store_error)?;
        let credits = due(&by_version(rows), p.current.map(|(_, s)| s), p.next);
        let credited = credit(&mut tx, &credits, &p).await.map_err(store_error)?;
        // Those who asked are told, in the same transaction, that the comment led to it.
        let mut queued = 0;
        if let Some(teller) = teller {
            for id in &credited {
                queued += tell(&mut tx, teller, id, NotifyEvent::NewVersion, None).await?;
            }
        }
        tx.commit().await.map_err(store_error)?;
        Ok(Published::Done { credited, queued })
    }

    async fn link_causes(
        &self,
        section_id: &str,
        version: u32,
        ids: &[String],
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM strategy_causes WHERE section_id = ? AND credited_at IS NULL")
            .bind(section_id)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        for id in ids {
            sqlx::query(
                "INSERT OR IGNORE INTO strategy_causes \
                 (section_id, section_version, comment_id, linked_by, linked_at) \
                 VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            )
            .bind(section_id)
            .bind(i64::from(version))
            .bind(id)
            .bind(by)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        }
        tx.commit().await.map_err(store_error)?;
        Ok(())
    }

    async fn pending_causes(&self) -> Result<BTreeMap<(String, u32), Vec<String>>, StoreError> {
        let rows: Vec<CauseLinkRow> = sqlx::query_as(PENDING_CAUSES)
            .fetch_all(&self.db.read)
            .await
            .map_err(store_error)?;
        Ok(by_version(rows))
    }
}
