//! The strategy's versions: every text the town has put up for comment, as the strategy
//! file it came in, numbered in the order it came; the current one is the one published
//! last. And the comments linked to a section's draft as having led to its change, credited
//! when a version with it is published.

use std::collections::BTreeMap;

use async_trait::async_trait;
use mitreden_model::versions::Credit;
use mitreden_model::Strategy;

use crate::notify::Teller;
use crate::StoreError;

/// A stored version, without its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVersion {
    /// 1, 2, … in the order they came.
    pub version: i64,
    /// [`mitreden_model::content_hash`] of its file.
    pub fingerprint: String,
    /// When it came (UTC, RFC 3339).
    pub imported_at: String,
    /// Who put it in.
    pub imported_by: String,
    /// When it was published; `None` for a draft.
    pub published_at: Option<String>,
    /// Who published it in the administration.
    pub published_by: Option<String>,
}

/// What storing a file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    /// The version the file is now.
    pub version: i64,
    /// False where the same file was stored already (nothing new was stored).
    pub new: bool,
    /// Whether that version is published.
    pub published: bool,
}

/// A publish from the administration.
#[derive(Clone, Copy)]
pub struct Publish<'a> {
    /// The stored draft to publish.
    pub version: i64,
    /// Its strategy (read and checked before).
    pub next: &'a Strategy,
    /// The current version as the caller read it (number and strategy).
    pub current: Option<(i64, &'a Strategy)>,
    /// The current version the staff member's confirmation compared with.
    pub expected: Option<i64>,
    /// Who publishes.
    pub by: &'a str,
    /// Who signs an answer a credit gives.
    pub office: &'a str,
    /// The words of an answer a credit gives a comment that had none (the section's
    /// version it led to).
    pub credit_text: fn(u32) -> String,
}

impl Publish<'_> {
    /// Why this publish must not go ahead, from what its transaction read: the current
    /// version now (`current_now`), whether the version exists and was published
    /// (`published`: `None` where there is no such version) and the newest version.
    /// `None`: it may. The one rule both backends apply, in this order.
    pub fn refused(
        &self,
        current_now: Option<i64>,
        published: Option<bool>,
        newest: i64,
    ) -> Option<Published> {
        if current_now != self.expected || self.current.map(|(v, _)| v) != self.expected {
            return Some(Published::VersionChanged);
        }
        match published {
            None => Some(Published::NotFound),
            Some(true) => Some(Published::AlreadyPublished),
            Some(false) if newest != self.version => Some(Published::NotNewest { newest }),
            Some(false) => None,
        }
    }
}

/// What became of a [`Publish`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// Published: the comments credited, and how many messages were queued to tell those
    /// who asked.
    Done {
        /// The comments credited with the changes they led to.
        credited: Vec<String>,
        /// Messages queued.
        queued: usize,
    },
    /// Another version became current since the caller looked.
    VersionChanged,
    /// No such version.
    NotFound,
    /// That version was published before.
    AlreadyPublished,
    /// Only the newest version can be published (drafts build on one another).
    NotNewest {
        /// The newest version.
        newest: i64,
    },
}

/// The links that publishing `next` credits: those of a section's version that `next` has
/// and `current` has not (a version citizens read already was credited, or linked after it
/// came).
pub fn due(
    pending: &BTreeMap<(String, u32), Vec<String>>,
    current: Option<&Strategy>,
    next: &Strategy,
) -> Vec<Credit> {
    pending
        .iter()
        .filter(|((section, version), _)| {
            let new = next.section(section).map(|s| s.version()) == Some(*version);
            let seen = current
                .and_then(|c| c.section(section))
                .is_some_and(|s| s.version() >= *version);
            new && !seen
        })
        .flat_map(|((section, version), ids)| {
            ids.iter().map(|id| Credit {
                comment_id: id.clone(),
                section_id: section.clone(),
                version: *version,
            })
        })
        .collect()
}

/// The strategy's versions and the links of comments to changes.
#[async_trait]
pub trait Versions {
    /// Stores `source` (its [`mitreden_model::content_hash`] `fingerprint`) as the next
    /// version, published if `publish`. The same file twice is one version (published
    /// again if asked, so an older version can become current again).
    async fn store_version(
        &self,
        source: &str,
        fingerprint: &str,
        by: &str,
        publish: bool,
    ) -> Result<Imported, StoreError>;

    /// Stores `source` as the next draft after the newest version (the editors): a file
    /// equal to an older version is stored again; one equal to the newest is that version.
    async fn store_next_draft(
        &self,
        source: &str,
        fingerprint: &str,
        by: &str,
    ) -> Result<Imported, StoreError>;

    /// The newest version whose file is exactly `source`.
    async fn version_of(&self, source: &str, fingerprint: &str) -> Result<Option<i64>, StoreError>;

    /// The current version's number and file; `None` before any is published.
    async fn current_version(&self) -> Result<Option<(i64, String)>, StoreError>;

    /// The stored `version` with its file.
    async fn version(&self, version: i64) -> Result<Option<(StoredVersion, String)>, StoreError>;

    /// The newest stored version with its file.
    async fn newest_version(&self) -> Result<Option<(StoredVersion, String)>, StoreError>;

    /// Every stored version with its file, oldest first.
    async fn versions(&self) -> Result<Vec<(StoredVersion, String)>, StoreError>;

    /// Publishes a draft and credits the comments linked to its changes ([`due`]): each
    /// gets an answer pointing to the version (or its answer gains the link), with a trail
    /// entry, and those who asked are told by the `teller` — in one transaction, in which
    /// the current version is checked again.
    async fn publish_version(
        &self,
        publish: Publish<'_>,
        teller: Option<&dyn Teller>,
    ) -> Result<Published, StoreError>;

    /// Makes `ids` the comments linked to `version` of `section_id`, by `by`: they replace
    /// every link of the section not yet credited.
    async fn link_causes(
        &self,
        section_id: &str,
        version: u32,
        ids: &[String],
        by: &str,
    ) -> Result<(), StoreError>;

    /// The links not yet credited: by section and version, the comments' ids in the order
    /// they were linked.
    async fn pending_causes(&self) -> Result<BTreeMap<(String, u32), Vec<String>>, StoreError>;
}

// (With `story`, which brings the model's parser.)
#[cfg(all(test, feature = "story"))]
mod tests {
    use super::*;

    #[test]
    fn a_publish_is_refused_for_the_first_reason_in_order() {
        let strategy = mitreden_model::parse::parse_strategy(
            "sindelfingen.toml",
            include_str!("../../../content/sindelfingen.toml"),
        )
        .unwrap();
        let p = Publish {
            version: 3,
            next: &strategy,
            current: Some((2, &strategy)),
            expected: Some(2),
            by: "amt",
            office: "Amt",
            credit_text: |_| String::new(),
        };
        assert_eq!(p.refused(Some(2), Some(false), 3), None);
        assert_eq!(p.refused(Some(1), None, 3), Some(Published::VersionChanged));
        let stale = Publish {
            current: Some((1, &strategy)),
            ..p
        };
        assert_eq!(
            stale.refused(Some(2), Some(false), 3),
            Some(Published::VersionChanged)
        );
        assert_eq!(p.refused(Some(2), None, 3), Some(Published::NotFound));
        assert_eq!(
            p.refused(Some(2), Some(true), 4),
            Some(Published::AlreadyPublished)
        );
        assert_eq!(
            p.refused(Some(2), Some(false), 4),
            Some(Published::NotNewest { newest: 4 })
        );
    }
}
