//! The office's answer templates: standard answers staff save, list and delete.

use async_trait::async_trait;
use mitreden_model::template::AnswerTemplate;

use crate::StoreError;

/// A template to save.
#[derive(Debug, Clone, Copy)]
pub struct NewTemplate<'a> {
    /// What staff pick it by.
    pub title: &'a str,
    /// The answer text.
    pub text: &'a str,
    /// Who saves it.
    pub by: &'a str,
    /// The most templates there may be: the count and the insert are one step, so never
    /// more, however many staff (and processes) save at once.
    pub at_most: u32,
}

/// Answer templates.
#[async_trait]
pub trait Templates {
    /// Every template by title (ASCII letters without regard to case, the rest by their
    /// code points), then by number.
    async fn templates(&self) -> Result<Vec<AnswerTemplate>, StoreError>;

    /// Saves a template; `None` where there are `at_most` already.
    async fn add_template(
        &self,
        new: NewTemplate<'_>,
    ) -> Result<Option<AnswerTemplate>, StoreError>;

    /// Deletes the template `id`; whether there was one.
    async fn delete_template(&self, id: i64) -> Result<bool, StoreError>;
}
