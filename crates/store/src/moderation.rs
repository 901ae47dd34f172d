//! Moderation: the staff's list of comments (filters, search, order, pages), the counts
//! per section and state, publishing and refusing, the official answer, and the trail of
//! who did what — every change with its trail entry and its mails in one transaction.

use async_trait::async_trait;
use mitreden_model::api::{AdminComment, AnswerStatus, RevisionRef};
use mitreden_model::moderation::{ListSort, ModerationState, StateCount, TrailEntry};

use crate::notify::Teller;
use crate::StoreError;

/// What the staff's list shows: the comments every given filter lets through (a honeypot
/// catch never), in `sort`'s order, a page of them.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListQuery<'a> {
    /// Only comments in this state.
    pub state: Option<ModerationState>,
    /// Only comments on this section.
    pub section: Option<&'a str>,
    /// Only comments whose answer has this status ([`AnswerStatus::Eingegangen`] also
    /// those without an answer).
    pub status: Option<AnswerStatus>,
    /// Only comments typed at the kiosk with this label.
    pub kiosk: Option<&'a str>,
    /// The words as staff typed them: each word must begin a word of the comment or its
    /// answer (the database's full-text search; words without a letter or digit are left
    /// out), or the whole of it, trimmed, must occur in the author's name in any case.
    pub words: Option<&'a str>,
    /// The order; ties by received time, then id.
    pub sort: ListSort,
    /// The sections' ids in reading order, for [`ListSort::Section`].
    pub reading_order: &'a [&'a str],
    /// At most this many; `None`: all.
    pub limit: Option<u32>,
    /// Skip this many first.
    pub offset: u32,
}

/// Publishing or refusing comments.
#[derive(Debug, Clone, Copy)]
pub struct Moderation<'a> {
    /// The comments; unknown, withdrawn and caught ones are left alone, and so are those
    /// in `to` with the same reason already.
    pub ids: &'a [String],
    /// [`ModerationState::Published`] or [`ModerationState::Rejected`].
    pub to: ModerationState,
    /// The refusal's reason, which the author sees.
    pub reason: Option<&'a str>,
    /// Only comments still in this state (a bulk action on what staff saw).
    pub from: Option<ModerationState>,
    /// The staff account that does it (the trail).
    pub staff: &'a str,
}

/// What a [`Moderation`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moderated {
    /// How many comments changed.
    pub changed: u32,
    /// How many messages were queued (wake the worker if any).
    pub queued: usize,
}

/// The office's answer to a comment.
#[derive(Debug, Clone, Copy)]
pub struct NewAnswer<'a> {
    /// The comment.
    pub comment_id: &'a str,
    /// The answer (checked).
    pub text: &'a str,
    /// Its status.
    pub status: AnswerStatus,
    /// Why not (or partly) taken up.
    pub reason: Option<&'a str>,
    /// Who signs it (the office's name).
    pub office: &'a str,
    /// The revision of the text it led to.
    pub revision: Option<&'a RevisionRef>,
    /// The staff account that saves it (the trail).
    pub staff: &'a str,
}

/// What became of a [`NewAnswer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// Saved (first or changed), with its trail entry; this many messages queued.
    Saved {
        /// How many messages were queued.
        queued: usize,
    },
    /// There is no such comment.
    NotFound,
    /// The comment was withdrawn: nothing saved.
    Withdrawn,
}

/// Moderation and its trail.
#[async_trait]
pub trait Moderating {
    /// How many comments [`ListQuery`]'s filters let through (all pages), and the page.
    async fn moderation_list(
        &self,
        query: &ListQuery<'_>,
    ) -> Result<(u64, Vec<AdminComment>), StoreError>;

    /// How many comments each section has in each state (honeypot catches aside); only
    /// those there are, by section id.
    async fn state_counts(&self) -> Result<Vec<StateCount>, StoreError>;

    /// Publishes or refuses; each change with its trail entry, and where someone asked to
    /// be told, the `teller`'s messages queued — all in one transaction.
    async fn moderate(
        &self,
        moderation: Moderation<'_>,
        teller: Option<&dyn Teller>,
    ) -> Result<Moderated, StoreError>;

    /// Saves the office's answer (a new one, or a change), with its trail entry and the
    /// `teller`'s messages, in one transaction.
    async fn answer(
        &self,
        answer: NewAnswer<'_>,
        teller: Option<&dyn Teller>,
    ) -> Result<Answered, StoreError>;

    /// The trail, oldest first: of one comment, or (`None`) of all.
    async fn trail(&self, comment: Option<&str>) -> Result<Vec<TrailEntry>, StoreError>;
}
