//! The export, open data, the figures, the report and the server's keys on PostgreSQL.

use async_trait::async_trait;
use mitreden_model::api::{AdminComment, ModerationState};
use mitreden_store::reports::{FigureGroups, Reports};
use mitreden_store::StoreError;
use sqlx::PgConnection;

use super::{public_sql, store_error, PgStore};
use crate::rows::reports::{figure_queries, GroupRow};
use crate::rows::{comment_from_row, COMMENT_COLUMNS};

/// The comments `sql` selects ([`COMMENT_COLUMNS`]), on `conn`.
async fn comments(conn: &mut PgConnection, sql: &str) -> Result<Vec<AdminComment>, sqlx::Error> {
    sqlx::query(sql)
        .fetch_all(conn)
        .await?
        .iter()
        .map(comment_from_row)
        .collect()
}

/// The figures' four groupings on `conn`.
async fn groups(conn: &mut PgConnection) -> Result<FigureGroups, sqlx::Error> {
    let mut out = Vec::with_capacity(4);
    for sql in figure_queries('$') {
        let rows: Vec<GroupRow> = sqlx::query_as(&sql)
            .bind(ModerationState::Withdrawn.as_str())
            .fetch_all(&mut *conn)
            .await?;
        out.push(rows.into_iter().map(Into::into).collect());
    }
    let [by_state, by_self_description, by_answer, by_day]: [Vec<_>; 4] = out
        .try_into()
        .map_err(|_| sqlx::Error::Protocol("four groupings".into()))?;
    Ok(FigureGroups {
        by_state,
        by_self_description,
        by_answer,
        by_day,
    })
}

#[async_trait]
impl Reports for PgStore {
    async fn all_comments(&self) -> Result<Vec<AdminComment>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(store_error)?;
        comments(
            &mut conn,
            &format!(
                "SELECT {COMMENT_COLUMNS} FROM comments c \
                 LEFT JOIN answers a ON a.comment_id = c.id \
                 WHERE NOT c.trapped ORDER BY c.received_at, c.id"
            ),
        )
        .await
        .map_err(store_error)
    }

    async fn public_chunk(
        &self,
        section: Option<&str>,
        public: &[ModerationState],
        after: Option<(&str, &str)>,
        limit: u32,
    ) -> Result<Vec<AdminComment>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN answers a ON a.comment_id = c.id \
             WHERE ($1::text IS NULL OR c.section_id = $1) AND {} AND ($2::text IS NULL \
               OR c.received_at > $2 OR (c.received_at = $2 AND c.id > $3)) \
             ORDER BY c.received_at, c.id LIMIT $4",
            public_sql(public)
        ))
        .bind(section)
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        rows.iter()
            .map(comment_from_row)
            .collect::<Result<_, _>>()
            .map_err(store_error)
    }

    async fn figure_groups(&self) -> Result<FigureGroups, StoreError> {
        let mut tx = self.read_snapshot().await.map_err(store_error)?;
        groups(&mut tx).await.map_err(store_error)
    }

    async fn report_data(
        &self,
        public: &[ModerationState],
    ) -> Result<(FigureGroups, Vec<AdminComment>), StoreError> {
        // One read transaction: the figures and the quoted comments are of one moment.
        let mut tx = self.read_snapshot().await.map_err(store_error)?;
        let figures = groups(&mut tx).await.map_err(store_error)?;
        let quoted = comments(
            &mut tx,
            &format!(
                "SELECT {COMMENT_COLUMNS} FROM comments c \
                 LEFT JOIN answers a ON a.comment_id = c.id \
                 WHERE {} ORDER BY c.received_at, c.id",
                public_sql(public)
            ),
        )
        .await
        .map_err(store_error)?;
        Ok((figures, quoted))
    }

    async fn server_key(&self, name: &str, made: &[u8]) -> Result<Vec<u8>, StoreError> {
        sqlx::query(
            "INSERT INTO server_keys (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(made)
        .execute(&self.pool)
        .await
        .map_err(store_error)?;
        sqlx::query_scalar("SELECT secret FROM server_keys WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .map_err(store_error)
    }
}
