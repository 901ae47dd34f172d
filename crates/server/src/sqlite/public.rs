//! The public lists on SQLite: a section's public comments a page at a time, and the
//! counts per section.

use super::SqliteStore;
use crate::rows::{causes_sql, comment_from_row, page_of, page_sql, total_sql, CauseRow};
use mitreden_model::api::ModerationState;
use mitreden_model::paging::{ChangeCause, CommentPage, PageRequest};

/// The SQL condition for "public": one of the `public` states (the words of the model's
/// enum), and never a comment a bot sent through the honeypot.
pub fn public_sql(public: &[ModerationState]) -> String {
    let words: Vec<String> = public.iter().map(|s| format!("'{}'", s.as_str())).collect();
    format!(
        "c.moderation_state IN ({}) AND c.trapped = 0",
        words.join(", ")
    )
}

impl SqliteStore {
    /// [`mitreden_store::Store::public_comments`].
    pub(super) async fn page(
        &self,
        section: &str,
        public: &[ModerationState],
        page: &PageRequest,
    ) -> Result<CommentPage, sqlx::Error> {
        let public = public_sql(public);
        let rows = sqlx::query(&page_sql('?', "", &public, page.order))
            .bind(section)
            .bind(page.after.as_ref().map(|c| c.received_at.as_str()))
            .bind(page.after.as_ref().map(|c| c.id.as_str()))
            .bind(i64::from(page.limit) + 1)
            .fetch_all(&self.db.read)
            .await?;
        let rows = rows
            .iter()
            .map(comment_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let (comments, next) = page_of(rows, page.limit);
        let (total,): (i64,) = sqlx::query_as(&total_sql('?', &public))
            .bind(section)
            .fetch_one(&self.db.read)
            .await?;
        let causes = if page.after.is_none() {
            sqlx::query_as::<_, CauseRow>(&causes_sql('?', &public))
                .bind(section)
                .fetch_all(&self.db.read)
                .await?
                .into_iter()
                .map(ChangeCause::from)
                .collect()
        } else {
            Vec::new()
        };
        Ok(CommentPage {
            comments,
            next,
            total: u32::try_from(total).unwrap_or(u32::MAX),
            causes,
        })
    }

    /// [`mitreden_store::Store::public_counts`].
    pub(super) async fn counts(
        &self,
        public: &[ModerationState],
    ) -> Result<Vec<(String, u32)>, sqlx::Error> {
        let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT c.section_id, COUNT(*) FROM comments c WHERE {} GROUP BY c.section_id",
            public_sql(public)
        ))
        .fetch_all(&self.db.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, n)| (id, u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }
}
