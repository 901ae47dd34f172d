//! `cargo xtask test`: every test, in the order a failure is cheapest to see, counted into
//! one closing `N passed, N failed` line.
//!
//! Checks (fmt, clippy, build, budget) count as one test each; test runners count their own
//! tests (cargo's `test result:` lines, Playwright's JSON report).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::tools::{self, BuildTools, CHROMEDRIVER, CHROMIUM};
use crate::{app, budget, root, say};

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

/// The app rendered natively (the prerender step): its own feature set, never unified with
/// the browser build's.
const APP_SSR: [&str; 5] = [
    "--package",
    "mitreden",
    "--no-default-features",
    "--features",
    "ssr",
];

/// Runs everything; returns an error if anything failed.
pub fn run_all() -> Result<(), String> {
    let root = root();
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
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    );

    step("clippy, the app rendered natively (feature ssr, the prerender step)");
    let clippy_ssr: Vec<&str> = ["clippy"]
        .into_iter()
        .chain(APP_SSR)
        .chain(["--lib", "--bins", "--", "-D", "warnings"])
        .collect();
    tally.check("clippy ssr", cargo(&clippy_ssr));

    step("native tests (cargo test --workspace)");
    let mut cmd = Command::new("cargo");
    cmd.args(["test", "--workspace"]);
    let (counts, ok) = run_counting(&mut cmd, &root);
    tally.runner("native tests", counts, ok);

    step("native tests of the prerendered pages (feature ssr)");
    let mut cmd = Command::new("cargo");
    cmd.arg("test").args(APP_SSR).arg("--lib");
    let (counts, ok) = run_counting(&mut cmd, &root);
    tally.runner("prerender tests", counts, ok);

    step("wasm tests in headless Chromium (wasm-bindgen-test)");
    let (counts, ok) = wasm_tests(&tools, &root);
    tally.runner("wasm tests", counts, ok);

    step("release build of the app (trunk)");
    let built = tally.check("app build", app::build(&tools, true));
    step("first-load budget");
    tally.check(
        "first-load budget",
        budget::check(&root.join("dist")).map(|_| ()),
    );

    step("a second build with a changed text, for the update test");
    let next = app::build_next(&tools);
    let next = match next {
        Ok(next) => {
            tally.check("second build", Ok(()));
            Some(next)
        }
        Err(e) => {
            tally.check("second build", Err(e));
            None
        }
    };

    step("end-to-end tests in Chromium against the real server (Playwright)");
    let server = tally.check(
        "server build",
        cargo(&["build", "--package", "mitreden-server"]),
    );
    if built && server && next.is_some() {
        let (counts, ok) = e2e(&root, next.as_ref());
        tally.runner("end-to-end tests", counts, ok);
    } else {
        tally.check(
            "end-to-end tests",
            Err("skipped: the app or server did not build".into()),
        );
    }

    step("the API against its document (schemathesis, real server, signed in and not)");
    if server {
        match api_fuzz(&root) {
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

    if !tally.failures.is_empty() {
        say(&format!("failed: {}", tally.failures.join(", ")));
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed == 0 {
        Ok(())
    } else {
        Err("some tests failed".into())
    }
}

fn step(name: &str) {
    println!();
    say(&format!("== {name}"));
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
            if let Some((p, f)) = parse_test_result(&line) {
                counts.0 += p;
                counts.1 += f;
            }
        }
    }
    let ok = child.wait().is_ok_and(|s| s.success());
    (counts, ok)
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
/// Chromium's flags).
fn wasm_tests(tools: &BuildTools, root: &Path) -> ((u64, u64), bool) {
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
    .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    run_counting(&mut cmd, root)
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
fn e2e(root: &Path, next: Option<&(PathBuf, PathBuf)>) -> ((u64, u64), bool) {
    let report = root.join("tests/results/e2e.json");
    let _ = std::fs::remove_file(&report);
    let mut cmd = playwright(root, "target/debug/mitreden-server", &[]);
    if let Some((dist, strategy)) = next {
        cmd.env("MITREDEN_DIST_NEXT", dist)
            .env("MITREDEN_STRATEGY_NEXT", strategy);
    }
    let ok = cmd.status().is_ok_and(|s| s.success());
    let counts = std::fs::read_to_string(&report)
        .ok()
        .and_then(|json| playwright_counts(&json))
        .unwrap_or((0, 0));
    (counts, ok)
}

/// What schemathesis checks: no 5xx, and every answer as the document says — status,
/// content type, headers and body. (Whether the server accepts every request the schema
/// allows is not asked: rules such as "a reason for «nicht berücksichtigt»" or "a revision
/// that exists" are answered 422 with a reason, and a batch answers invalid items one by
/// one.)
const SCHEMATHESIS_CHECKS: &str = "not_a_server_error,status_code_conformance,\
    content_type_conformance,response_headers_conformance,response_schema_conformance";

/// One schemathesis run: its name, the requests it generated, and whether it passed.
type FuzzRun = (&'static str, u64, Result<(), String>);

/// schemathesis against the real (debug) server binary and a fresh SQLite file: once
/// without a session, once signed in (sign-out left out, it would end the session).
/// Returns per run its name, the requests it generated and whether it passed.
fn api_fuzz(root: &Path) -> Result<Vec<FuzzRun>, String> {
    let program = tools::ensure_schemathesis()?;
    let dir = root.join("target/schemathesis-run");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let bin = root.join("target/debug/mitreden-server");
    let database = dir.join("fuzz.sqlite3");
    let strategy = app::strategy_file();
    let password = "schemathesis-passwort";
    let mut add = Command::new(&bin)
        .arg("--database")
        .arg(&database)
        .arg("--strategy")
        .arg(&strategy)
        .args(["user", "add", "fuzz"])
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    if let Some(mut stdin) = add.stdin.take() {
        use std::io::Write;
        writeln!(stdin, "{password}").map_err(|e| e.to_string())?;
    }
    add.wait().map_err(|e| e.to_string())?;
    let mut server = Command::new(&bin)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--rate-limit",
            "0",
            "--receipt-rate-limit",
            "0",
        ])
        .arg("--database")
        .arg(&database)
        .arg("--dist")
        .arg(root.join("dist"))
        .arg("--strategy")
        .arg(&strategy)
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut line = String::new();
    if let Some(out) = server.stdout.take() {
        BufReader::new(out)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
    }
    let result = (|| {
        let url = line
            .trim()
            .strip_prefix("mitreden listening on ")
            .ok_or_else(|| format!("the server did not start: {line}"))?
            .to_owned();
        let cookie = sign_in(&url, "fuzz", password)?;
        let run = |name: &'static str, extra: &[&str]| {
            let mut cmd = Command::new(&program);
            cmd.current_dir(&dir)
                .args(["run", &format!("{url}/api/openapi.json")])
                .args(["--max-examples", "60", "--generation-deterministic"])
                .args(["--request-timeout", "20", "--checks", SCHEMATHESIS_CHECKS])
                .args(["-H", "Sec-Fetch-Site: same-origin"])
                .args(extra)
                .stdout(Stdio::piped());
            let (passed, output) = match cmd.output() {
                Ok(out) => (
                    out.status.success(),
                    String::from_utf8_lossy(&out.stdout).into_owned(),
                ),
                Err(e) => (false, e.to_string()),
            };
            print!("{output}");
            // "  1315 generated, 1315 passed" (perhaps in colour).
            let generated = output
                .lines()
                .find_map(|l| l.split_once(" generated, "))
                .and_then(|(before, _)| {
                    let digits: String = before
                        .chars()
                        .rev()
                        .skip_while(|c| !c.is_ascii_digit())
                        .take_while(char::is_ascii_digit)
                        .collect();
                    digits.chars().rev().collect::<String>().parse().ok()
                })
                .unwrap_or(0);
            let result = if passed {
                Ok(())
            } else {
                Err(format!("{name}: see above"))
            };
            (name, generated, result)
        };
        let header = format!("Cookie: {cookie}");
        Ok(vec![
            run("without a session", &[]),
            run(
                "signed in",
                &["-H", &header, "--exclude-path", "/api/v1/admin/logout"],
            ),
        ])
    })();
    let _ = server.kill();
    let _ = server.wait();
    result
}

/// `cargo xtask api-fuzz`: only the schemathesis runs.
pub fn api_fuzz_alone() -> Result<(), String> {
    let runs = api_fuzz(&root())?;
    let mut failed = Vec::new();
    for (name, generated, result) in runs {
        say(&format!("schemathesis {name}: {generated} requests"));
        if let Err(e) = result {
            failed.push(e);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("; "))
    }
}

/// Signs in over plain HTTP/1.1 and returns the session cookie (`name=value`).
fn sign_in(url: &str, name: &str, password: &str) -> Result<String, String> {
    use std::io::{Read, Write};
    let host = url.trim_start_matches("http://");
    let body = format!(r#"{{"name":"{name}","password":"{password}"}}"#);
    let mut stream = std::net::TcpStream::connect(host).map_err(|e| e.to_string())?;
    write!(
        stream,
        "POST /api/v1/admin/login HTTP/1.1\r\nHost: {host}\r\nSec-Fetch-Site: same-origin\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| e.to_string())?;
    answer
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
        .ok_or_else(|| format!("sign-in failed: {}", answer.lines().next().unwrap_or("")))
}

/// `cargo xtask bench`: server ingest, then the browser outbox draining 1,000 comments,
/// both against release builds. Prints figures; fails only if the work was not done.
pub fn bench() -> Result<(), String> {
    let root = root();
    let tools = tools::ensure_build_tools()?;
    tools::ensure_test_tools()?;
    step("server ingest benchmark (release)");
    cargo(&["bench", "--package", "mitreden-server", "--bench", "ingest"])?;
    app::build(&tools, true)?;
    cargo(&["build", "--release", "--package", "mitreden-server"])?;
    step("browser outbox benchmark (Chromium, release server)");
    crate::status(&mut playwright(
        &root,
        "target/release/mitreden-server",
        &["--config", "bench.config.ts"],
    ))
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
    fn playwright_stats_are_counted() {
        let json = r#"{"suites":[],"stats":{"startTime":"x","duration":1.5,"expected":7,"skipped":0,"unexpected":1,"flaky":2}}"#;
        assert_eq!(playwright_counts(json), Some((9, 1)));
    }
}
