//! What the town reads out of its data: the staff's export of everything, open data in
//! chunks, the figures (counts by the database) and the council's report; and the keys the
//! server keeps in its database (Web Push's VAPID key pair).

use async_trait::async_trait;
use mitreden_model::api::{AdminComment, ModerationState};

use crate::StoreError;

/// A group the database counted: a section, the value grouped by (`None` for SQL `NULL`),
/// and how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The comments' section.
    pub section_id: String,
    /// What they share.
    pub value: Option<String>,
    /// How many they are.
    pub count: u64,
}

/// The comments counted (honeypot catches and withdrawn ones aside) per section, grouped
/// four ways.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FigureGroups {
    /// By moderation state.
    pub by_state: Vec<Group>,
    /// By the author's self-description.
    pub by_self_description: Vec<Group>,
    /// By the answer's status (`None`: not answered).
    pub by_answer: Vec<Group>,
    /// By the day received (`YYYY-MM-DD`, UTC).
    pub by_day: Vec<Group>,
}

/// Reading the town's data out, and the server's keys.
#[async_trait]
pub trait Reports {
    /// Every comment (honeypot catches aside) with its answer, oldest first.
    async fn all_comments(&self) -> Result<Vec<AdminComment>, StoreError>;

    /// Up to `limit` public comments (`public`: the states the town's moderation makes
    /// public), of one section or all, after (received time, id) `after`, oldest first.
    async fn public_chunk(
        &self,
        section: Option<&str>,
        public: &[ModerationState],
        after: Option<(&str, &str)>,
        limit: u32,
    ) -> Result<Vec<AdminComment>, StoreError>;

    /// The figures.
    async fn figure_groups(&self) -> Result<FigureGroups, StoreError>;

    /// The figures and every public comment (oldest first) of one moment, for the report.
    async fn report_data(
        &self,
        public: &[ModerationState],
    ) -> Result<(FigureGroups, Vec<AdminComment>), StoreError>;

    /// The secret kept under `name`; where there is none yet, `made` is stored (the first
    /// writer wins, also among processes starting at once) and the stored one answered.
    async fn server_key(&self, name: &str, made: &[u8]) -> Result<Vec<u8>, StoreError>;
}
