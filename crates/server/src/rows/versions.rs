//! The strategy's versions and the links of comments to changes, as both databases'
//! stores read them, by column name.

use std::collections::BTreeMap;

use mitreden_store::versions::StoredVersion;
use sqlx::FromRow;

/// The columns [`VersionRow`] reads, of `strategy_versions`.
pub const VERSION_COLUMNS: &str =
    "version, fingerprint, imported_at, imported_by, published_at, published_by";

/// A stored version, without its file.
#[derive(FromRow)]
pub struct VersionRow {
    version: i64,
    fingerprint: String,
    imported_at: String,
    imported_by: String,
    published_at: Option<String>,
    published_by: Option<String>,
}

impl From<VersionRow> for StoredVersion {
    fn from(r: VersionRow) -> Self {
        StoredVersion {
            version: r.version,
            fingerprint: r.fingerprint,
            imported_at: r.imported_at,
            imported_by: r.imported_by,
            published_at: r.published_at,
            published_by: r.published_by,
        }
    }
}

/// A stored version with its file ([`VERSION_COLUMNS`] and `source`).
#[derive(FromRow)]
pub struct WithSourceRow {
    #[sqlx(flatten)]
    version: VersionRow,
    source: String,
}

impl From<WithSourceRow> for (StoredVersion, String) {
    fn from(r: WithSourceRow) -> Self {
        (r.version.into(), r.source)
    }
}

/// The query of the links not yet credited, in the order they were linked.
pub const PENDING_CAUSES: &str = "SELECT section_id, section_version, comment_id \
     FROM strategy_causes WHERE credited_at IS NULL ORDER BY linked_at, comment_id";

/// A row of [`PENDING_CAUSES`].
#[derive(FromRow)]
pub struct CauseLinkRow {
    section_id: String,
    section_version: i64,
    comment_id: String,
}

/// The links by section and version.
pub fn by_version(rows: Vec<CauseLinkRow>) -> BTreeMap<(String, u32), Vec<String>> {
    let mut out: BTreeMap<(String, u32), Vec<String>> = BTreeMap::new();
    for r in rows {
        let version = u32::try_from(r.section_version).unwrap_or(0);
        out.entry((r.section_id, version))
            .or_default()
            .push(r.comment_id);
    }
    out
}

/// A credited comment's answer as it was (its words, status and reason), if it had one.
#[derive(FromRow, Clone)]
pub struct AnswerWords {
    /// The answer's text.
    pub body: String,
    /// Its status (stored word).
    pub status: String,
    /// Its reason.
    pub reason: Option<String>,
}

/// A credit's trail detail: the answer's status and the version it led to.
pub fn credit_detail(status: &str, version: u32) -> String {
    format!("{status}: führte zu Fassung {version}")
}
