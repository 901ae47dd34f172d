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
use mitreden_model::api::AnswerStatus;
use mitreden_model::edit::MAX_CAUSES;
use mitreden_model::moderation::{AuditAction, ModerationState};
use mitreden_model::versions::Credit;
use mitreden_model::Strategy;
use sqlx::{SqliteConnection, SqlitePool};

use crate::AppError;

/// The words of an answer a credit gives a comment that had none.
pub fn credit_text(version: u32) -> String {
    format!(
        "Vielen Dank! Ihr Kommentar hat zu einer Änderung des Textes geführt: Sie steht in \
         Fassung {version} dieses Abschnitts."
    )
}

/// Checks that `ids` name at most [`MAX_CAUSES`] published comments on `section_id`.
pub async fn check(db: &SqlitePool, section_id: &str, ids: &[String]) -> Result<(), AppError> {
    let unprocessable = |m: String| AppError::BadInput(StatusCode::UNPROCESSABLE_ENTITY, m);
    if ids.len() > MAX_CAUSES {
        return Err(unprocessable(format!(
            "Höchstens {MAX_CAUSES} Kommentare lassen sich mit einer Änderung verknüpfen."
        )));
    }
    for id in ids {
        let found: Option<(String, String)> =
            sqlx::query_as("SELECT section_id, moderation_state FROM comments WHERE id = ?")
                .bind(id)
                .fetch_optional(db)
                .await?;
        let fits = found.is_some_and(|(section, state)| {
            section == section_id
                && ModerationState::parse(&state) == Some(ModerationState::Published)
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
    db: &SqlitePool,
    section_id: &str,
    version: u32,
    ids: &[String],
    by: &str,
) -> Result<(), AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query("DELETE FROM strategy_causes WHERE section_id = ? AND credited_at IS NULL")
        .bind(section_id)
        .execute(&mut *tx)
        .await?;
    for id in ids {
        sqlx::query(
            "INSERT OR IGNORE INTO strategy_causes \
             (section_id, section_version, comment_id, linked_by, linked_at) \
             VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(section_id)
        .bind(i64::from(version))
        .bind(id)
        .bind(by)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The links not yet credited: by section and version, the comments' ids.
pub async fn pending(
    db: impl sqlx::Executor<'_, Database = sqlx::Sqlite>,
) -> Result<BTreeMap<(String, u32), Vec<String>>, sqlx::Error> {
    let rows: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT section_id, section_version, comment_id FROM strategy_causes \
         WHERE credited_at IS NULL ORDER BY linked_at, comment_id",
    )
    .fetch_all(db)
    .await?;
    let mut by_version: BTreeMap<(String, u32), Vec<String>> = BTreeMap::new();
    for (section, version, comment) in rows {
        let version = u32::try_from(version).unwrap_or(0);
        by_version
            .entry((section, version))
            .or_default()
            .push(comment);
    }
    Ok(by_version)
}

/// The links that publishing `next` credits: those of a section's version that `next`
/// has and `current` has not (a version citizens read already was credited, or linked
/// after it came).
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

/// Credits each of `credits` inside the publish's transaction: the comment's answer points
/// to the version (one is given where there was none, signed by `office`), the history
/// says `by` did it, and the link is marked credited. A comment withdrawn since is skipped.
/// The comments credited.
pub async fn credit(
    tx: &mut SqliteConnection,
    credits: &[Credit],
    by: &str,
    office: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let mut done = Vec::new();
    for c in credits {
        let state: Option<String> =
            sqlx::query_scalar("SELECT moderation_state FROM comments WHERE id = ?")
                .bind(&c.comment_id)
                .fetch_optional(&mut *tx)
                .await?;
        let answer: Option<(String, String, Option<String>)> =
            sqlx::query_as("SELECT body, status, reason FROM answers WHERE comment_id = ?")
                .bind(&c.comment_id)
                .fetch_optional(&mut *tx)
                .await?;
        if state.as_deref().and_then(ModerationState::parse) == Some(ModerationState::Published) {
            let (body, status, reason) = answer.clone().unwrap_or_else(|| {
                (
                    credit_text(c.version),
                    AnswerStatus::Beruecksichtigt.as_str().to_owned(),
                    None,
                )
            });
            sqlx::query(
                "INSERT INTO answers (comment_id, body, status, reason, office, \
                 revision_section_id, revision_version, staff_name, answered_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) \
                 ON CONFLICT (comment_id) DO UPDATE SET \
                 revision_section_id = excluded.revision_section_id, \
                 revision_version = excluded.revision_version",
            )
            .bind(&c.comment_id)
            .bind(&body)
            .bind(&status)
            .bind(&reason)
            .bind(office)
            .bind(&c.section_id)
            .bind(i64::from(c.version))
            .bind(by)
            .execute(&mut *tx)
            .await?;
            let action = if answer.is_some() {
                AuditAction::AnswerChanged
            } else {
                AuditAction::Answered
            };
            let detail = format!("{status}: führte zu Fassung {}", c.version);
            crate::sqlite::record(tx, &c.comment_id, action, by, Some(&detail), Some(&body))
                .await?;
            done.push(c.comment_id.clone());
        }
        sqlx::query(
            "UPDATE strategy_causes SET credited_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
             WHERE section_id = ? AND section_version = ? AND comment_id = ?",
        )
        .bind(&c.section_id)
        .bind(i64::from(c.version))
        .bind(&c.comment_id)
        .execute(&mut *tx)
        .await?;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
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
