//! Answer templates on SQLite.

use async_trait::async_trait;
use mitreden_model::template::AnswerTemplate;
use mitreden_store::templates::NewTemplate;
use mitreden_store::{StoreError, Templates};

use super::{store_error, SqliteStore};
use crate::rows::templates::{TemplateRow, TEMPLATE_COLUMNS};

#[async_trait]
impl Templates for SqliteStore {
    async fn templates(&self) -> Result<Vec<AnswerTemplate>, StoreError> {
        let rows: Vec<TemplateRow> = sqlx::query_as(&format!(
            "SELECT {TEMPLATE_COLUMNS} FROM answer_templates ORDER BY title COLLATE NOCASE, id"
        ))
        .fetch_all(&self.db.read)
        .await
        .map_err(store_error)?;
        Ok(rows.into_iter().map(AnswerTemplate::from).collect())
    }

    async fn add_template(
        &self,
        new: NewTemplate<'_>,
    ) -> Result<Option<AnswerTemplate>, StoreError> {
        // The count and the insert in one statement on the one write connection.
        let row: Option<TemplateRow> = sqlx::query_as(&format!(
            "INSERT INTO answer_templates (title, body, created_by, created_at) \
             SELECT ?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
             WHERE (SELECT count(*) FROM answer_templates) < ?4 \
             RETURNING {TEMPLATE_COLUMNS}"
        ))
        .bind(new.title)
        .bind(new.text)
        .bind(new.by)
        .bind(i64::from(new.at_most))
        .fetch_optional(&self.db.write)
        .await
        .map_err(store_error)?;
        Ok(row.map(AnswerTemplate::from))
    }

    async fn delete_template(&self, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM answer_templates WHERE id = ?")
            .bind(id)
            .execute(&self.db.write)
            .await
            .map_err(store_error)?;
        Ok(done.rows_affected() > 0)
    }
}
