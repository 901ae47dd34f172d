//! Answer templates as both databases' stores read them, by column name.

use mitreden_model::template::AnswerTemplate;
use sqlx::FromRow;

/// The columns [`TemplateRow`] reads.
pub const TEMPLATE_COLUMNS: &str = "id, title, body, created_by, created_at";

/// A template.
#[derive(FromRow)]
pub struct TemplateRow {
    id: i64,
    title: String,
    body: String,
    created_by: String,
    created_at: String,
}

impl From<TemplateRow> for AnswerTemplate {
    fn from(r: TemplateRow) -> Self {
        AnswerTemplate {
            id: r.id,
            title: r.title,
            text: r.body,
            created_by: r.created_by,
            created_at: r.created_at,
        }
    }
}
