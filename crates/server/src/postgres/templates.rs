//! Answer templates on PostgreSQL. The count and the insert hold a lock on the table that
//! one such transaction has at a time: several processes never save more than the limit.

use async_trait::async_trait;
use mitreden_model::template::AnswerTemplate;
use mitreden_store::templates::NewTemplate;
use mitreden_store::{StoreError, Templates};

use super::{nocase, store_error, PgStore, NOW};
use crate::rows::templates::{TemplateRow, TEMPLATE_COLUMNS};

#[async_trait]
impl Templates for PgStore {
    async fn templates(&self) -> Result<Vec<AnswerTemplate>, StoreError> {
        let rows: Vec<TemplateRow> = sqlx::query_as(&format!(
            "SELECT {TEMPLATE_COLUMNS} FROM answer_templates ORDER BY {}, id",
            nocase("title")
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        Ok(rows.into_iter().map(AnswerTemplate::from).collect())
    }

    async fn add_template(
        &self,
        new: NewTemplate<'_>,
    ) -> Result<Option<AnswerTemplate>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        sqlx::query("LOCK TABLE answer_templates IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        let row: Option<TemplateRow> = sqlx::query_as(&format!(
            "INSERT INTO answer_templates (title, body, created_by, created_at) \
             SELECT $1, $2, $3, {NOW} \
             WHERE (SELECT count(*) FROM answer_templates) < $4 \
             RETURNING {TEMPLATE_COLUMNS}"
        ))
        .bind(new.title)
        .bind(new.text)
        .bind(new.by)
        .bind(i64::from(new.at_most))
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(row.map(AnswerTemplate::from))
    }

    async fn delete_template(&self, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM answer_templates WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(store_error)?;
        Ok(done.rows_affected() > 0)
    }
}
