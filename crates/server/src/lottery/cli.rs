//! `mitreden-server lottery …`: close, commit, draw and delete the contacts from the
//! command line (with the server's `--database` and `--strategy`), and `verify`, which
//! re-runs a published draw file and needs neither.

use std::path::{Path, PathBuf};

use mitreden_model::lottery::{simulate, verify, PublishedDraw};

use super::{event_of, now, staff};
use crate::{AppError, Config};

/// What `lottery` does.
#[derive(Debug, clap::Subcommand)]
pub enum LotteryAction {
    /// Closes the applications now (before the deadline).
    Close {
        /// The event's id from the strategy file.
        event: String,
    },
    /// Makes the secret seed and prints its commitment (SHA-256) and time, to publish
    /// before the deadline.
    Commit {
        /// The event's id.
        event: String,
    },
    /// Draws (after the deadline or the closing) and prints the drawn receipt codes, one
    /// per line, in the order drawn.
    Draw {
        /// The event's id.
        event: String,
        /// The public value nobody knew at the deadline, as published (e.g. the lottery
        /// numbers the strategy file names).
        #[arg(long)]
        public_value: String,
    },
    /// Deletes name and contact of every applicant (counts stay).
    DeleteContacts {
        /// The event's id.
        event: String,
    },
    /// Re-runs a published draw (the file `draw.json` the app offers), prints the drawn
    /// codes and whether they and the seed match what was published; exit code 1 if not.
    Verify {
        /// The published draw (JSON).
        file: PathBuf,
        /// Also runs the draw this many times with other seeds and prints each group's
        /// chance to be drawn, beside the chance without quotas.
        #[arg(long)]
        simulate: Option<u32>,
    },
}

/// Runs `action`; `Ok(false)` when a verification failed (exit code 1).
pub async fn run(config: &Config, action: LotteryAction) -> Result<bool, AppError> {
    let (event_id, action) = match action {
        LotteryAction::Verify { file, simulate } => {
            let published = read_published(&file)?;
            let (report, ok) = verify_report(&published, simulate);
            print!("{report}");
            return Ok(ok);
        }
        LotteryAction::Close { ref event }
        | LotteryAction::Commit { ref event }
        | LotteryAction::Draw { ref event, .. }
        | LotteryAction::DeleteContacts { ref event } => (event.clone(), action),
    };
    let (store, sqlite) = crate::open_store(&config.database).await?;
    let store = &*store;
    let strategy = crate::strategy::served(store, &config.strategy).await?;
    let event = event_of(&strategy, &event_id)?;
    let by = staff::BY_COMMAND_LINE;
    match action {
        LotteryAction::Close { .. } => {
            staff::close(store, event, by, now()).await?;
            println!("Die Bewerbungen für {event_id} sind geschlossen.");
        }
        LotteryAction::Commit { .. } => {
            let (commitment, at) = staff::commit(store, event, by, now()).await?;
            println!("Festlegung (SHA-256 des geheimen Startwerts): {commitment}");
            println!("Zeitpunkt: {at}");
        }
        LotteryAction::Draw { public_value, .. } => {
            let drawn = staff::draw(store, event, by, &public_value, now()).await?;
            for code in &drawn {
                println!("{code}");
            }
            eprintln!(
                "{} von {} Plätzen gelost; die Auslosung ist veröffentlicht.",
                drawn.len(),
                event.seats
            );
        }
        LotteryAction::DeleteContacts { .. } => {
            staff::delete_contacts(store, event, by, now()).await?;
            println!("Die Kontaktdaten aller Bewerbungen für {event_id} sind gelöscht.");
        }
        LotteryAction::Verify { .. } => {}
    }
    if let Some(db) = sqlite {
        db.close().await;
    }
    Ok(true)
}

/// Reads a published draw file.
pub fn read_published(file: &Path) -> Result<PublishedDraw, AppError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| AppError::Startup(format!("{} nicht lesbar: {e}", file.display())))?;
    serde_json::from_str(&text).map_err(|e| {
        AppError::Startup(format!(
            "{} ist keine veröffentlichte Auslosung: {e}",
            file.display()
        ))
    })
}

fn yes_no(yes: bool, then: &str, otherwise: &str) -> String {
    if yes { then } else { otherwise }.to_owned()
}

/// A share as German percent with one decimal, e.g. `37,5 %`.
fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0).replace('.', ",")
}

/// What `lottery verify` prints: the drawn codes of the re-run, one per line; one line
/// whether the list equals the published one and the seed matches the commitment (and,
/// if so, a line on an unknown algorithm); with `simulate`, per group (and `alle`) the
/// applicants, the mean seats and the chance beside the chance without quotas. And whether
/// everything matched.
pub fn verify_report(published: &PublishedDraw, runs: Option<u32>) -> (String, bool) {
    let check = verify(published);
    let mut out = String::new();
    for code in &check.drawn {
        out.push_str(code);
        out.push('\n');
    }
    out.push_str(&format!(
        "Prüfung: {}; {}.\n",
        yes_no(
            check.same_list,
            "die Liste stimmt mit der veröffentlichten überein",
            "die Liste stimmt NICHT mit der veröffentlichten überein"
        ),
        yes_no(
            check.seed_matches,
            "der Startwert passt zur Festlegung",
            "der Startwert passt NICHT zur Festlegung"
        ),
    ));
    if !check.known_algorithm {
        out.push_str(&format!(
            "Unbekanntes Verfahren {:?}: geprüft wurde mit {}.\n",
            published.algorithm,
            mitreden_model::lottery::ALGORITHM
        ));
    }
    if let Some(runs) = runs {
        let input = &published.input;
        let without = if input.applicants.is_empty() {
            0.0
        } else {
            f64::from(input.seats).min(input.applicants.len() as f64)
                / input.applicants.len() as f64
        };
        let seed = &input.seed;
        out.push_str(&format!(
            "Simulation: {runs} Auslosungen mit den Startwerten „{seed}/0“, „{seed}/1“ … \
             (Bewerbungen, Plätze und Quoten wie veröffentlicht)\n"
        ));
        out.push_str("Gruppe\tBewerbungen\tPlätze im Mittel\tChance\tohne Quoten\n");
        for group in simulate(input, runs) {
            let mean = format!("{:.2}", group.mean_seats).replace('.', ",");
            out.push_str(&format!(
                "{}\t{}\t{mean}\t{}\t{}\n",
                group.group,
                group.applicants,
                percent(group.chance),
                percent(without),
            ));
        }
    }
    (out, check.ok())
}
