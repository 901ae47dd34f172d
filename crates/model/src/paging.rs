//! The public list of a section's comments comes in pages: a section that a newspaper links
//! to may have thousands of comments, and a phone on a prepaid plan should not download
//! megabytes to read the first twenty. The rules of a page request live here, for the
//! server that answers it and the app that asks.
//!
//! A page is found by a cursor (keyset paging: "the comments after this one in this
//! order"), not by an offset, so that a comment published while someone reads does not
//! shift the next page by one and show a comment twice.

use serde::{Deserialize, Serialize};

use crate::api::PublicComment;

/// How many comments a page has when the request does not say.
pub const PAGE_DEFAULT: u32 = 20;
/// The most comments one page may have.
pub const PAGE_MAX: u32 = 100;

/// The order of the public list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentOrder {
    /// The newest first (the default: what changed since one's last visit).
    #[default]
    Newest,
    /// The oldest first (to read a discussion as it went).
    Oldest,
}

impl CommentOrder {
    /// The word in the query string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Oldest => "oldest",
        }
    }
}

/// Where a page begins: after the comment that arrived at `received_at` with this `id`
/// (comments that arrived in the same millisecond are ordered by id).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cursor {
    /// When the last comment of the previous page arrived (RFC 3339, as stored).
    pub received_at: String,
    /// Its id.
    pub id: String,
}

/// The longest cursor accepted (a time of 30 and a UUID of 36 characters fit many times).
const CURSOR_MAX: usize = 128;

impl Cursor {
    /// The cursor of the page after `comment`.
    pub fn after(comment: &PublicComment) -> Self {
        Self {
            received_at: comment.received_at.clone(),
            id: comment.id.clone(),
        }
    }

    /// As it stands in a query string: `TIME~ID` (only characters a query needs not escape).
    pub fn to_query(&self) -> String {
        format!("{}~{}", self.received_at, self.id)
    }

    /// Reads [`Self::to_query`]'s form; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        if text.len() > CURSOR_MAX {
            return None;
        }
        let (time, id) = text.split_once('~')?;
        let time_ok = !time.is_empty()
            && time
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '-' | '+'));
        let id_ok = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        (time_ok && id_ok).then(|| Self {
            received_at: time.to_owned(),
            id: id.to_owned(),
        })
    }
}

/// `GET /api/v1/sections/{id}/comments`' query, as it came.
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageQuery {
    /// How many comments (1 to 100; 20 when not given).
    pub limit: Option<u32>,
    /// `newest` (the default) or `oldest` first.
    pub order: Option<CommentOrder>,
    /// The previous page's `next`; the first page when not given.
    pub after: Option<String>,
}

/// A page request the server can answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageRequest {
    /// How many comments at most.
    pub limit: u32,
    /// In which order.
    pub order: CommentOrder,
    /// After which comment; the first page when `None`.
    pub after: Option<Cursor>,
}

/// Why a page request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageError {
    /// `limit` is 0 or above [`PAGE_MAX`].
    Limit,
    /// `after` is not a cursor this server gave.
    Cursor,
}

impl PageError {
    /// What the problem+json says (German, as the API's other problems).
    pub fn message(self) -> String {
        match self {
            Self::Limit => format!("limit muss zwischen 1 und {PAGE_MAX} liegen."),
            Self::Cursor => "after ist kein Verweis, den dieser Server ausgegeben hat (das \
                             Feld next der vorigen Seite)."
                .to_owned(),
        }
    }
}

impl PageQuery {
    /// The request, or why it is refused.
    pub fn check(&self) -> Result<PageRequest, PageError> {
        let limit = self.limit.unwrap_or(PAGE_DEFAULT);
        if !(1..=PAGE_MAX).contains(&limit) {
            return Err(PageError::Limit);
        }
        let after = match &self.after {
            None => None,
            Some(text) => Some(Cursor::parse(text).ok_or(PageError::Cursor)?),
        };
        Ok(PageRequest {
            limit,
            order: self.order.unwrap_or_default(),
            after,
        })
    }

    /// The query string of the page after `cursor` in this order and size (`?…`).
    pub fn next_query(limit: u32, order: CommentOrder, cursor: &Cursor) -> String {
        format!(
            "?limit={limit}&order={}&after={}",
            order.as_str(),
            cursor.to_query()
        )
    }
}

/// A comment whose answer says that it led to a version of the section: the changes on
/// the section's page link to it, whichever page of the list it is on.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeCause {
    /// The comment's id (its anchor on the page is `kommentar-{id}`).
    pub id: String,
    /// The name or pseudonym, if given.
    pub name: Option<String>,
    /// The version of the section the answer says it led to.
    pub version: u32,
}

/// A page of a section's published comments.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentPage {
    /// The comments of this page, in the order asked for, each with its answer.
    pub comments: Vec<PublicComment>,
    /// `after` for the next page; `None` on the last page.
    pub next: Option<String>,
    /// How many published comments the section has in all.
    pub total: u32,
    /// The comments that led to a change of this section (only on the first page; few).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<ChangeCause>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_cursor_reads_back_what_it_wrote() {
        let c = Cursor {
            received_at: "2026-11-22T10:15:00.123Z".into(),
            id: "0000002a-0000-4000-8000-00000000002a".into(),
        };
        assert_eq!(Cursor::parse(&c.to_query()), Some(c));
    }

    #[test]
    fn page_requests_as_a_table() {
        let q = |limit: Option<u32>, after: Option<&str>| PageQuery {
            limit,
            order: None,
            after: after.map(str::to_owned),
        };
        let ok = q(None, None).check().unwrap();
        assert_eq!(
            (ok.limit, ok.order, ok.after),
            (20, CommentOrder::Newest, None)
        );
        assert_eq!(q(Some(100), None).check().map(|r| r.limit), Ok(100));
        assert_eq!(q(Some(1), None).check().map(|r| r.limit), Ok(1));
        assert_eq!(q(Some(0), None).check(), Err(PageError::Limit));
        assert_eq!(q(Some(101), None).check(), Err(PageError::Limit));
        for bad in [
            "",
            "~",
            "x~",
            "~x",
            "a b~c",
            "2026~<script>",
            "2026~ä",
            &"1".repeat(200),
        ] {
            assert_eq!(
                q(None, Some(bad)).check(),
                Err(PageError::Cursor),
                "{bad:?}"
            );
        }
    }

    proptest! {
        /// Any text as a cursor is a cursor or a refusal, never a panic; and a cursor
        /// that parses writes back the same text.
        #[test]
        fn any_text_as_a_cursor(text in any::<String>()) {
            if let Some(c) = Cursor::parse(&text) {
                prop_assert_eq!(c.to_query(), text);
            }
        }
    }
}
