//! The figures' groups and the report's lists as both databases' stores ask for them.

use mitreden_store::reports::Group;
use sqlx::FromRow;

/// The four `GROUP BY` queries of the figures, in the order of
/// [`mitreden_store::reports::FigureGroups`]' fields: per section, by state, by
/// self-description, by answer status, by day. Counted is every comment neither caught by
/// the honeypot nor withdrawn (the withdrawn state's word bound as `{mark}1`).
pub fn figure_queries(mark: char) -> [String; 4] {
    [
        ("c.moderation_state", ""),
        ("c.self_description", ""),
        ("a.status", "LEFT JOIN answers a ON a.comment_id = c.id"),
        ("substr(c.received_at, 1, 10)", ""),
    ]
    .map(|(column, join)| {
        format!(
            "SELECT c.section_id AS section_id, {column} AS grp, COUNT(*) AS n \
             FROM comments c {join} WHERE NOT c.trapped AND c.moderation_state <> {mark}1 \
             GROUP BY c.section_id, {column}"
        )
    })
}

/// A row of [`figure_queries`].
#[derive(FromRow)]
pub struct GroupRow {
    section_id: String,
    grp: Option<String>,
    n: i64,
}

impl From<GroupRow> for Group {
    fn from(r: GroupRow) -> Self {
        Group {
            section_id: r.section_id,
            value: r.grp,
            count: r.n.unsigned_abs(),
        }
    }
}
