//! `mitreden-server lottery …` (issue 14) as the built binary: commit, close, draw and
//! delete the contacts on the server's database, and `verify` on a published draw file —
//! the same codes, a changed file caught with exit code 1, the simulation's table.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use crate::common;

use std::process::Command;

use common::event::*;
use common::{body, send};
use mitreden_model::lottery::PublishedDraw;

/// Runs the built server binary with `args`: (exit code, stdout).
fn server(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mitreden-server"))
        .args(args)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[tokio::test]
async fn the_command_line_commits_draws_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let state = open_event(dir.path()).await;
    for n in 0..20 {
        apply(&state, application(n)).await;
    }
    // The server's database, file or PostgreSQL, as `--database` names it.
    let database = match &state.database {
        mitreden_server::config::Database::File(path) => path.to_str().unwrap().to_owned(),
        mitreden_server::config::Database::Postgres(url) => url.clone(),
    };
    let strategy = dir.path().join("esslingen.toml");
    let flags = [
        "--database",
        database.as_str(),
        "--strategy",
        strategy.to_str().unwrap(),
        "lottery",
    ];
    let run = |more: &[&str]| server(&[&flags[..], more].concat());
    let (code, out) = run(&["commit", EVENT]);
    assert_eq!(code, 0, "{out}");
    let commitment = public_state(&state).await.commitment.unwrap();
    assert!(out.contains(&commitment), "{out}");
    assert_eq!(run(&["commit", EVENT]).0, 1, "committed already");
    assert_eq!(run(&["close", "nirgends"]).0, 1, "no such event");
    assert_eq!(run(&["close", EVENT]).0, 0);
    let (code, out) = run(&["draw", EVENT, "--public-value", "4 8 15 16 23 42"]);
    assert_eq!(code, 0);
    let drawn: Vec<String> = out.lines().map(str::to_owned).collect();
    assert_eq!(drawn, public_state(&state).await.draw.unwrap().drawn);
    assert_eq!(drawn.len(), 15);
    assert_eq!(run(&["delete-contacts", EVENT]).0, 0);
    assert_eq!(with_contacts(&state).await, 0);

    // `verify` re-runs the published file: the same codes, then the verdict.
    let path = format!("/api/v1/events/{EVENT}/draw.json");
    let published = body(send(&state, "GET", &path, None, None, None).await).await;
    let file = dir.path().join("auslosung.json");
    std::fs::write(&file, &published).unwrap();
    let (code, out) = server(&["lottery", "verify", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..15],
        drawn.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(
        lines[15].contains("stimmt mit") && !lines[15].contains("NICHT"),
        "{out}"
    );

    // A changed list or seed is caught: exit code 1.
    let mut changed: PublishedDraw = serde_json::from_str(&published).unwrap();
    changed.drawn.swap(0, 1);
    std::fs::write(&file, serde_json::to_string(&changed).unwrap()).unwrap();
    let (code, out) = server(&["lottery", "verify", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("stimmt NICHT"), "{out}");
    changed.drawn.swap(0, 1);
    changed.input.seed.push('0');
    std::fs::write(&file, serde_json::to_string(&changed).unwrap()).unwrap();
    let (code, out) = server(&["lottery", "verify", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("passt NICHT"), "{out}");
    std::fs::write(&file, "{}").unwrap();
    assert_eq!(server(&["lottery", "verify", file.to_str().unwrap()]).0, 1);

    // The simulation: a line per group (six values) and one for everyone.
    std::fs::write(&file, &published).unwrap();
    let (code, out) = server(&[
        "lottery",
        "verify",
        file.to_str().unwrap(),
        "--simulate",
        "1000",
    ]);
    assert_eq!(code, 0, "{out}");
    let table: Vec<&str> = out
        .lines()
        .filter(|l| l.matches('\t').count() == 4)
        .collect();
    assert_eq!(table.len(), 1 + 1 + 6, "{out}");
    let everyone = table.iter().find(|l| l.starts_with("alle\t")).unwrap();
    assert!(
        everyone.contains("\t20\t15,00\t75,0 %\t75,0 %"),
        "{everyone}"
    );
    for age in AGES {
        assert!(table
            .iter()
            .any(|l| l.starts_with(&format!("alter = {age}\t"))));
    }
}
