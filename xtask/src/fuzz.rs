//! schemathesis against the real server (with Esslingen's file, whose workshop takes
//! applications, so the event's routes are reached too) and the API document it serves: `cargo xtask
//! api-fuzz` alone, and a step of `cargo xtask test`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::{root, say, tools};

/// What schemathesis checks: no 5xx, and every answer as the document says — status,
/// content type, headers and body. (Whether the server accepts every request the schema
/// allows is not asked: rules such as "a reason for «nicht berücksichtigt»" or "a revision
/// that exists" are answered 422 with a reason, and a batch answers invalid items one by
/// one.)
const SCHEMATHESIS_CHECKS: &str = "not_a_server_error,status_code_conformance,\
    content_type_conformance,response_headers_conformance,response_schema_conformance";

/// One schemathesis run: its name, the requests it generated, and whether it passed.
pub type FuzzRun = (&'static str, u64, Result<(), String>);

/// schemathesis against the real (debug) server binary and a fresh SQLite file: once
/// without a session, once signed in (sign-out left out, it would end the session).
/// Returns per run its name, the requests it generated and whether it passed.
pub fn api_fuzz(root: &Path) -> Result<Vec<FuzzRun>, String> {
    let program = tools::ensure_schemathesis()?;
    let dir = root.join("target/schemathesis-run");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let bin = root.join("target/debug/mitreden-server");
    let database = dir.join("fuzz.sqlite3");
    let strategy = event_open_strategy(&dir)?;
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
    let added = add.wait().map_err(|e| e.to_string())?;
    if !added.success() {
        return Err(format!(
            "`user add fuzz` failed ({added}): the API test cannot sign in"
        ));
    }
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

/// Esslingen's strategy file with its workshop's applications open (from 2000 to 2099),
/// and a `schemathesis.toml` that names the event in the paths: so the fuzzer reaches the
/// event's routes (applying, committing, closing, drawing) and not only their 404.
fn event_open_strategy(dir: &Path) -> Result<std::path::PathBuf, String> {
    let source = std::fs::read_to_string(root().join("content/esslingen.toml"))
        .map_err(|e| format!("content/esslingen.toml: {e}"))?;
    let mut changed = String::with_capacity(source.len());
    for line in source.lines() {
        let replaced = match line.split_once(" = ").map(|(key, _)| key) {
            Some("applications_open") => "applications_open = \"2000-01-01T00:00:00Z\"",
            Some("applications_close") => "applications_close = \"2099-12-31T23:59:59Z\"",
            Some("delete_contacts_after") => "delete_contacts_after = \"2100-01-31T23:59:59Z\"",
            _ => line,
        };
        changed.push_str(replaced);
        changed.push('\n');
    }
    let strategy = dir.join("esslingen-open.toml");
    std::fs::write(&strategy, changed).map_err(|e| e.to_string())?;
    let event = "buergerworkshop";
    std::fs::write(
        dir.join("schemathesis.toml"),
        format!("[parameters]\n\"path.event\" = \"{event}\"\n"),
    )
    .map_err(|e| e.to_string())?;
    Ok(strategy)
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
