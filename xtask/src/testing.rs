//! `cargo xtask test`: every test, in the order a failure is cheapest to see, counted into
//! one closing `N passed, N failed` line.
//!
//! Checks (fmt, clippy, build, budget) count as one test each; test runners count their own
//! tests (cargo's `test result:` lines, Playwright's JSON report).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::tools::{self, BuildTools, CHROMEDRIVER, CHROMIUM};
use crate::{app, budget, fuzz, release, root, say};

/// Passed and failed tests so far.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    failures: Vec<String>,
}

impl Tally {
    fn check(&mut self, name: &str, result: Result<(), String>) -> bool {
        match result {
            Ok(()) => {
                self.passed += 1;
                true
            }
            Err(e) => {
                eprintln!("xtask: FAILED {name}: {e}");
                self.failed += 1;
                self.failures.push(name.to_owned());
                false
            }
        }
    }

    /// Adds a runner's own counts; a runner that failed without any count is one failure.
    fn runner(&mut self, name: &str, counts: (u64, u64), ok: bool) {
        self.passed += counts.0;
        self.failed += counts.1;
        if !ok || counts.1 > 0 {
            if counts.1 == 0 {
                self.failed += 1;
            }
            self.failures.push(name.to_owned());
        }
    }
}

/// Runs everything; returns an error if anything failed.
pub fn run_all() -> Result<(), String> {
    let root = root();
    if std::env::var_os("CI").is_some_and(|v| v == "true") {
        // A clean clone builds everything once: incremental caches would only fill the disk.
        say("CI: CARGO_INCREMENTAL=0 (a clean clone gains nothing from incremental caches)");
        std::env::set_var("CARGO_INCREMENTAL", "0");
    }
    disk_free(&root);
    let tools = tools::ensure_build_tools()?;
    tools::ensure_test_tools()?;
    let mut tally = Tally::default();

    step("formatting (cargo fmt --check)");
    tally.check("cargo fmt", cargo(&["fmt", "--all", "--", "--check"]));
    step("clippy, native");
    tally.check(
        "clippy native",
        cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    );
    step("clippy, wasm32");
    tally.check(
        "clippy wasm32",
        cargo(&[
            "clippy",
            "--package",
            "mitreden",
            "--package",
            "mitreden-admin",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    );

    step("native tests (cargo test --workspace), the PostgreSQL store's on a throwaway cluster");
    // Kept until every test has run; stopped when dropped.
    let cluster = crate::postgres::start();
    let mut cmd = Command::new("cargo");
    cmd.args(["test", "--workspace"]);
    match &cluster {
        Ok(cluster) => {
            cmd.env("MITREDEN_TEST_POSTGRES", &cluster.url)
                .env("MITREDEN_TEST_POSTGRES_DATA", &cluster.data);
        }
        Err(e) => {
            // The PostgreSQL store's tests then fail and say why.
            tally.check("PostgreSQL cluster", Err(e.clone()));
        }
    }
    // The mail tests start a real SMTP server (aiosmtpd) with this Python.
    if let Ok(python) = crate::tools::ensure_aiosmtpd() {
        cmd.env("MITREDEN_PYTHON", python);
    }
    let (counts, ok) = run_counting(&mut cmd, &root);
    tally.runner("native tests", counts, ok);

    // The server's suite once more, every state on PostgreSQL: the same tests, built
    // already; only those of SQLite's own machinery (its file, its lock) end at once.
    if let Ok(cluster) = &cluster {
        step("the server's suite again on PostgreSQL (MITREDEN_SUITE_DATABASE=postgres)");
        let mut cmd = Command::new("cargo");
        // `--workspace`: the features the run above resolved, so nothing compiles again
        // (`--package mitreden-server` alone resolves others and rebuilt the server).
        cmd.args(["test", "--workspace", "--test", "suite"])
            .env("MITREDEN_SUITE_DATABASE", "postgres")
            .env("MITREDEN_TEST_POSTGRES", &cluster.url)
            .env("MITREDEN_TEST_POSTGRES_DATA", &cluster.data);
        if let Ok(python) = crate::tools::ensure_aiosmtpd() {
            cmd.env("MITREDEN_PYTHON", python);
        }
        let (counts, ok) = run_counting(&mut cmd, &root);
        tally.runner("the server's suite on PostgreSQL", counts, ok);
    }

    step("wasm tests in headless Chromium (wasm-bindgen-test)");
    let (counts, ok) = wasm_tests(&tools, &root);
    tally.runner("wasm tests", counts, ok);

    step("release build of the app (trunk)");
    let built = tally.check("app build", app::build(&tools, true));
    // The server the later steps run is the one the native tests built: `cargo build
    // --package mitreden-server` alone resolves other features (no dev-dependencies, no
    // other workspace members) and compiled the server and a dozen crates again — 1.6
    // minutes of CI. `--no-run` after the tests builds nothing new.
    step("the server binary (as the native tests built it)");
    let server = tally.check(
        "server build",
        cargo(&["test", "--workspace", "--no-run", "--quiet"]),
    );
    let server_bin = root.join("target/debug/mitreden-server");
    step("first-load budget");
    tally.check(
        "first-load budget",
        if server {
            budget::check_with(&root.join("dist"), &server_bin).map(|_| ())
        } else {
            Err("skipped: the server did not build".into())
        },
    );

    step("a changed strategy for the update test (the same build serves it)");
    let next = app::write_next_strategy();
    let next = match next {
        Ok(next) => {
            tally.check("changed strategy", Ok(()));
            Some(next)
        }
        Err(e) => {
            tally.check("changed strategy", Err(e));
            None
        }
    };

    step("end-to-end tests in Chromium against the real server (Playwright)");
    if built && server && next.is_some() {
        let (counts, ok) = e2e(&root, next.as_deref());
        tally.runner("end-to-end tests", counts, ok);
        tally.check(
            "the end-to-end run's server logs hold nothing a person sent",
            nothing_personal_in_logs(&root.join("target/e2e/logs")).map(|said| say(&said)),
        );
    } else {
        tally.check(
            "end-to-end tests",
            Err("skipped: the app or server did not build".into()),
        );
    }

    step("the API against its document (schemathesis, real server, signed in and not)");
    if server {
        match fuzz::api_fuzz(&root) {
            Ok(runs) => {
                let total: u64 = runs.iter().map(|(_, n, _)| n).sum();
                for (name, generated, result) in runs {
                    say(&format!("schemathesis {name}: {generated} requests"));
                    tally.check(&format!("schemathesis {name}"), result);
                }
                tally.check(
                    "schemathesis: at least 1,000 requests",
                    if total >= 1000 {
                        Ok(())
                    } else {
                        Err(format!("only {total} requests generated"))
                    },
                );
            }
            Err(e) => {
                tally.check("schemathesis", Err(e));
            }
        }
    }

    step("the release walked through as docs/betrieb.md says (tarball, unit, nginx with TLS, backup, restore, update)");
    if built {
        match release::dist(release::Profile::Test) {
            Ok(tarball) => {
                let mut cmd = Command::new("bash");
                cmd.arg(root.join("tests/ops/walkthrough.sh")).arg(&tarball);
                let (counts, ok) = run_counting(&mut cmd, &root);
                tally.runner("operations walk-through", counts, ok);
            }
            Err(e) => {
                tally.check("release tarball", Err(e));
            }
        }
    }

    step_done();
    drop(cluster);
    disk_free(&root);
    if !tally.failures.is_empty() {
        // CI keeps only the log's tail: the failed tests' own lines go here, at its end.
        FAILED_LINES.with(|l| {
            for line in l.borrow().iter() {
                say(&format!("failed test: {line}"));
            }
        });
        say(&format!("failed: {}", tally.failures.join(", ")));
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed == 0 {
        Ok(())
    } else {
        Err("some tests failed".into())
    }
}

/// Prints the free space where `target/` is: a full disk fails every later step with
/// errors that look like build failures.
fn disk_free(root: &Path) {
    let out = Command::new("df")
        .args(["-h", "--output=avail,size"])
        .arg(root)
        .output();
    if let Ok(out) = out {
        let text = String::from_utf8_lossy(&out.stdout);
        if let Some(line) = text.lines().nth(1) {
            say(&format!("disk free (available, size): {}", line.trim()));
        }
    }
}

thread_local! {
    /// The step running and when it began, to say how long it took when the next begins.
    static STEP: std::cell::RefCell<Option<(String, std::time::Instant)>> =
        const { std::cell::RefCell::new(None) };
}

/// Says how long the step before took (where CI's minutes go), then names the next one.
fn step(name: &str) {
    step_done();
    println!();
    say(&format!("== {name}"));
    STEP.with(|s| *s.borrow_mut() = Some((name.to_owned(), std::time::Instant::now())));
}

/// Says how long the running step took, if one runs.
fn step_done() {
    if let Some((name, began)) = STEP.with(|s| s.borrow_mut().take()) {
        say(&format!(
            "took {:.1} min: {name}",
            began.elapsed().as_secs_f64() / 60.0
        ));
    }
}

fn cargo(args: &[&str]) -> Result<(), String> {
    crate::status(Command::new("cargo").current_dir(root()).args(args))
}

/// Runs a test command, echoing its output and adding up cargo's
/// `test result: ok. N passed; M failed` lines. Returns (passed, failed) and success.
fn run_counting(cmd: &mut Command, dir: &Path) -> ((u64, u64), bool) {
    let child = cmd.current_dir(dir).stdout(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("xtask: {cmd:?} could not start: {e}");
            return ((0, 0), false);
        }
    };
    let mut counts = (0, 0);
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            if is_failure_line(&line) {
                FAILED_LINES.with(|l| l.borrow_mut().push(line.trim().to_owned()));
            }
            if let Some((p, f)) = parse_test_result(&line) {
                counts.0 += p;
                counts.1 += f;
            }
        }
    }
    let ok = child.wait().is_ok_and(|s| s.success());
    (counts, ok)
}

thread_local! {
    /// Every failed test's own line seen by [`run_counting`], repeated at the end of the run.
    static FAILED_LINES: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether a test runner's line says that one test failed: cargo's `test x ... FAILED`,
/// Playwright's list reporter's `✘ … › spec.ts:12:3 › title`, the walk-through's `not ok`.
fn is_failure_line(line: &str) -> bool {
    let line = line.trim();
    (line.starts_with("test ") && line.ends_with("... FAILED"))
        || (line.starts_with('✘') && line.contains(" › "))
        || line.starts_with("not ok")
}

/// `test result: ok. 3 passed; 0 failed; ...` → (3, 0).
fn parse_test_result(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let number_before = |word: &str| -> Option<u64> {
        rest.split(';')
            .find(|part| part.trim_end().ends_with(word))
            .and_then(|part| part.split_whitespace().rev().nth(1))
            .and_then(|n| n.parse().ok())
    };
    Some((number_before("passed")?, number_before("failed")?))
}

/// wasm-bindgen-test in headless Chromium through ChromeDriver (`webdriver.json` holds
/// Chromium's flags). ChromeDriver's profiles (about 90 MB each, left behind when a run is
/// cut short) go into a folder of ours that is emptied before and after.
fn wasm_tests(tools: &BuildTools, root: &Path) -> ((u64, u64), bool) {
    let tmp = root.join("target/tmp/wasm-tests");
    let _ = std::fs::remove_dir_all(&tmp);
    let _ = std::fs::create_dir_all(&tmp);
    let mut cmd = Command::new("cargo");
    cmd.args([
        "test",
        "--package",
        "mitreden",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
    ])
    .env("PATH", &tools.path)
    .env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    )
    .env("CHROMEDRIVER", CHROMEDRIVER)
    .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
    .env("TMPDIR", &tmp);
    let result = run_counting(&mut cmd, root);
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

/// `npx playwright test` in `tests/` against the given server binary and `dist/`.
fn playwright(root: &Path, server: &str, extra: &[&str]) -> Command {
    let mut cmd = Command::new("npx");
    cmd.current_dir(root.join("tests"))
        .args(["playwright", "test"])
        .args(extra)
        .env("CHROMIUM_PATH", CHROMIUM)
        .env("MITREDEN_SERVER_BIN", root.join(server))
        .env("MITREDEN_DIST", root.join("dist"))
        .env("MITREDEN_STRATEGY", app::strategy_file())
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    cmd
}

/// Playwright against the debug server binary and the release `dist/`.
fn e2e(root: &Path, next: Option<&Path>) -> ((u64, u64), bool) {
    let report = root.join("tests/results/e2e.json");
    let _ = std::fs::remove_file(&report);
    let logs = root.join("target/e2e/logs");
    let _ = std::fs::remove_dir_all(&logs);
    let mut cmd = playwright(root, "target/debug/mitreden-server", &[]);
    cmd.env("MITREDEN_E2E_LOGS", &logs);
    cmd.env("GECKODRIVER", tools::geckodriver());
    // The mail test's SMTP server (aiosmtpd) runs with this Python.
    if let Ok(python) = tools::ensure_aiosmtpd() {
        cmd.env("MITREDEN_PYTHON", python);
    }
    if let Some(strategy) = next {
        cmd.env("MITREDEN_STRATEGY_NEXT", strategy);
    }
    // Other towns' files, for what only they have (Esslingen's workshop) and for one
    // build serving every town.
    for town in ["esslingen", "stutensee"] {
        cmd.env(
            format!("MITREDEN_STRATEGY_{}", town.to_uppercase()),
            root.join(format!("content/{town}.toml")),
        );
    }
    let ok = cmd.status().is_ok_and(|s| s.success());
    let counts = std::fs::read_to_string(&report)
        .ok()
        .and_then(|json| playwright_counts(&json))
        .unwrap_or((0, 0));
    (counts, ok)
}

/// Reads every server log of the end-to-end run (`server-*.log`) and every personal value
/// the browsers sent (`sent-*.txt`, one JSON string per line, written by
/// `tests/e2e/fixtures.ts`): none may be in a log.
fn nothing_personal_in_logs(dir: &Path) -> Result<String, String> {
    let mut logs = String::new();
    let mut sent = std::collections::BTreeSet::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if name.starts_with("server-") {
            logs.push_str(&text);
        } else if name.starts_with("sent-") {
            for line in text.lines() {
                // A JSON string: its quotes off, its escapes as they are (`\"`, `\\`, `\u…`
                // are rare in what tests type; a value with one is looked for as escaped).
                let value = line.trim().trim_matches('"').replace("\\\"", "\"");
                if value.chars().count() >= 8 {
                    sent.insert(value);
                }
            }
        }
    }
    if sent.is_empty() || logs.is_empty() {
        return Err(format!(
            "nothing to compare in {} ({} values, {} log bytes)",
            dir.display(),
            sent.len(),
            logs.len()
        ));
    }
    let found: Vec<&String> = sent.iter().filter(|v| logs.contains(v.as_str())).collect();
    if found.is_empty() {
        Ok(format!(
            "server logs of the end-to-end run: {} lines, none holds any of the {} personal \
             values the browsers sent",
            logs.lines().count(),
            sent.len()
        ))
    } else {
        Err(format!("in the server logs: {found:?}"))
    }
}

/// `cargo xtask bench`: server ingest, the staff's list at 10,000 comments, then the
/// browser outbox draining 1,000 comments, all against release builds. Prints figures;
/// fails only if the work was not done.
pub fn bench() -> Result<(), String> {
    let root = root();
    let tools = tools::ensure_build_tools()?;
    tools::ensure_test_tools()?;
    step("server ingest benchmark (release)");
    cargo(&["bench", "--package", "mitreden-server", "--bench", "ingest"])?;
    step("the staff's list at 10,000 comments (release)");
    cargo(&[
        "bench",
        "--package",
        "mitreden-server",
        "--bench",
        "workplace",
    ])?;
    step("a popular section: 10,000 comments, 64 readers at once (release)");
    cargo(&[
        "bench",
        "--package",
        "mitreden-server",
        "--bench",
        "public_reads",
    ])?;
    step("answering 1,000 comments with and without notifications (release, aiosmtpd)");
    let python = crate::tools::ensure_aiosmtpd()?;
    crate::status(
        Command::new("cargo")
            .args(["bench", "--package", "mitreden-server", "--bench", "notify"])
            .env("MITREDEN_PYTHON", python)
            .current_dir(&root),
    )?;
    step("the town's document read into a strategy (release)");
    cargo(&[
        "bench",
        "--package",
        "mitreden-server",
        "--bench",
        "documents",
    ])?;
    app::build(&tools, true)?;
    step("publishing a version while citizens read: render and swap (release)");
    cargo(&[
        "bench",
        "--package",
        "mitreden-server",
        "--bench",
        "publish",
    ])?;
    cargo(&["build", "--release", "--package", "mitreden-server"])?;
    step("browser outbox benchmark (Chromium, release server)");
    crate::status(&mut playwright(
        &root,
        "target/release/mitreden-server",
        &["--config", "bench.config.ts"],
    ))?;
    step("the release tarball: from unpacking to the first answered page");
    let tarball = release::package(release::Profile::Release)?;
    release::time_to_first_page(&tarball)
}

/// (expected + flaky, unexpected) from the `stats` object of Playwright's JSON report.
fn playwright_counts(json: &str) -> Option<(u64, u64)> {
    let stats = &json[json.rfind("\"stats\"")?..];
    let number = |key: &str| -> Option<u64> {
        let at = stats.find(&format!("\"{key}\""))?;
        stats[at + key.len() + 2..]
            .trim_start_matches([':', ' '])
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    };
    Some((
        number("expected")? + number("flaky").unwrap_or(0),
        number("unexpected")?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_result_lines_are_counted() {
        assert_eq!(
            parse_test_result("test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured"),
            Some((12, 0))
        );
        assert_eq!(
            parse_test_result("test result: FAILED. 3 passed; 2 failed; 0 ignored"),
            Some((3, 2))
        );
        assert_eq!(parse_test_result("running 3 tests"), None);
    }

    #[test]
    fn failed_tests_are_recognised() {
        assert!(is_failure_line("test story::comments ... FAILED"));
        assert!(is_failure_line(
            "  ✘  212 [chromium] › publish.spec.ts:212:3 › the office publishes (10.5s)"
        ));
        assert!(is_failure_line("not ok - restore as the guide says"));
        assert!(!is_failure_line("test story::comments ... ok"));
        assert!(!is_failure_line(
            "  ✓  211 [chromium] › publish.spec.ts:190:3 › preview (3.1s)"
        ));
        assert!(!is_failure_line(
            "ok - nginx -t accepts the guide's configuration"
        ));
    }

    #[test]
    fn playwright_stats_are_counted() {
        let json = r#"{"suites":[],"stats":{"startTime":"x","duration":1.5,"expected":7,"skipped":0,"unexpected":1,"flaky":2}}"#;
        assert_eq!(playwright_counts(json), Some((9, 1)));
    }
}
