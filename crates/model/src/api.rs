//! Types that cross the wire between the app and the server (`/api/v1/...`).

use serde::{Deserialize, Serialize};

/// `GET /api/v1/strategy`: which strategy the server knows, so the app can tell whether it
/// bundles the same text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyInfo {
    /// The strategy's id from its file.
    pub id: String,
    /// The town that publishes it.
    pub town: String,
    /// The strategy's title.
    pub title: String,
    /// The fingerprint of the strategy file ([`crate::content_hash`]).
    pub version: String,
    /// How many commentable sections it has.
    pub sections: usize,
}

/// An error body in the shape of RFC 9457 (`application/problem+json`).
///
/// Every error the API answers carries one, so a client can show a clear reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A URI reference naming the kind of problem; `about:blank` where the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short, human-readable summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, in words a citizen can act on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_serialises_type_field_per_rfc_9457() {
        let p = Problem {
            kind: "about:blank".into(),
            title: "Not Found".into(),
            status: 404,
            detail: None,
        };
        let json = serde_json::to_value(&p).unwrap_or_default();
        assert_eq!(json["type"], "about:blank");
        assert!(json.get("detail").is_none());
    }
}
