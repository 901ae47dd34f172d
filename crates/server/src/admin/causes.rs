//! Comments that led to a change (issue 22, item 2): linked in the section editor to the
//! draft version of a section, and credited when a version with it is published — the
//! comment's official answer then points to that version ("led to version N"), as an
//! answer staff link by hand does. Until the publish nothing of a link is public.
//!
//! A comment without an answer gets one, signed by the office, with the status
//! "berücksichtigt"; an answer given before keeps its words and status and gains the link.
//! Either way the comment's history records it under the name of who published.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use mitreden_model::edit::MAX_CAUSES;
use mitreden_model::moderation::ModerationState;
use mitreden_store::Store;

use crate::AppError;

/// The words of an answer a credit gives a comment that had none.
pub fn credit_text(version: u32) -> String {
    format!(
        "Vielen Dank! Ihr Kommentar hat zu einer Änderung des Textes geführt: Sie steht in \
         Fassung {version} dieses Abschnitts."
    )
}

/// Checks that `ids` name at most [`MAX_CAUSES`] published comments on `section_id`.
pub async fn check(store: &dyn Store, section_id: &str, ids: &[String]) -> Result<(), AppError> {
    let unprocessable = |m: String| AppError::BadInput(StatusCode::UNPROCESSABLE_ENTITY, m);
    if ids.len() > MAX_CAUSES {
        return Err(unprocessable(format!(
            "Höchstens {MAX_CAUSES} Kommentare lassen sich mit einer Änderung verknüpfen."
        )));
    }
    for id in ids {
        let fits = store.comment_state(id).await?.is_some_and(|c| {
            c.section_id == section_id
                && c.moderation_state == ModerationState::Published
                && !c.trapped
        });
        if !fits {
            return Err(unprocessable(format!(
                "Der Kommentar {} ist kein veröffentlichter Kommentar zu diesem Abschnitt.",
                id.chars().take(8).collect::<String>()
            )));
        }
    }
    Ok(())
}

/// Makes `ids` the comments linked to `version` of `section_id`, by `by`: they replace every
/// link of the section not yet credited (there is one draft version of a section at a
/// time; a link to a change taken back goes with it).
pub async fn link(
    store: &dyn Store,
    section_id: &str,
    version: u32,
    ids: &[String],
    by: &str,
) -> Result<(), AppError> {
    Ok(store.link_causes(section_id, version, ids, by).await?)
}

/// The links not yet credited: by section and version, the comments' ids.
pub async fn pending(store: &dyn Store) -> Result<BTreeMap<(String, u32), Vec<String>>, AppError> {
    Ok(store.pending_causes().await?)
}

/// The links that publishing `next` credits (the store's rule, which the publish applies
/// in its transaction): those of a section's version that `next` has and `current` has not.
pub use mitreden_store::versions::due;

#[cfg(test)]
mod tests {
    use super::*;
    use mitreden_model::versions::Credit;
    use mitreden_model::EarlierVersion;

    #[test]
    fn a_link_is_due_when_its_version_is_published_for_the_first_time() {
        let current = mitreden_model::parse::parse_strategy(
            "t",
            include_str!("../../../../content/sindelfingen.toml"),
        )
        .expect("the town's file reads");
        let mut next = current.clone();
        let section = &mut next.sections[0];
        let v = section.version();
        section.earlier.push(EarlierVersion {
            date: Some("2026-12-06".into()),
            text: section.text.clone(),
            reason: "Kommentar".into(),
            reconstructed: false,
        });
        section.text.push_str(" Neu.");
        let id = section.id.clone();
        let mut pending = BTreeMap::new();
        pending.insert((id.clone(), v + 1), vec!["c1".to_owned()]);
        // A link to a version the draft no longer has (its change was taken back).
        pending.insert((id.clone(), v + 2), vec!["c2".to_owned()]);
        let due_now = due(&pending, Some(&current), &next);
        assert_eq!(
            due_now,
            vec![Credit {
                comment_id: "c1".into(),
                section_id: id.clone(),
                version: v + 1,
            }]
        );
        // Published already: nothing more is due.
        assert!(due(&pending, Some(&next), &next).is_empty());
    }
}
