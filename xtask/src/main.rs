//! `cargo xtask`: everything needed to go from a fresh clone to a running app or a full test
//! run, installing what is missing (idempotently) and saying what it does.
//!
//! # Layout
//! - [`tools`]: finding and installing the toolchain pieces (wasm32 target, Trunk,
//!   wasm-bindgen-cli, wasm-opt, Chromium, npm packages).
//! - [`app`]: building the web app with Trunk and precompressing `dist/`.
//! - [`budget`]: the first-load size of the built app, printed and guarded.
//! - [`size`]: where the wasm's bytes go (twiggy), before anything is cut.
//! - [`testing`]: every test, counted, ending in one `N passed, N failed` line.
//! - [`fuzz`]: schemathesis against the real server and its API document.
//! - [`postgres`]: a throwaway PostgreSQL cluster for the tests of the PostgreSQL store.
//! - [`release`]: the tarball a town installs (`cargo xtask dist`).

mod app;
mod budget;
mod fuzz;
mod postgres;
mod release;
mod size;
mod testing;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "\
usage: cargo xtask <command> [args]

  run [server flags]  install what is missing, build the app, start the server
                      (http://127.0.0.1:8080; e.g. --listen 0.0.0.0:9000)
  test                install what is missing, then every test; ends with
                      'N passed, N failed'
  build               install what is missing and build the app into dist/
  dist                the release: target/dist/mitreden-VERSION-x86_64-linux.tar.gz,
                      one server binary with the app inside, the example strategy
                      files, the operations guide (docs/betrieb.md), the licence;
                      --test-build: the debug server and the app in dist/ as built
  budget              print the first-load size of dist/ and check the budget
  size                where the wasm's bytes go: largest crates and functions
                      (twiggy 0.8 on a build with names kept), then the budget
  api-fuzz            schemathesis against the debug server (build it first:
                      cargo build -p mitreden-server), signed in and not
  postgres CMD...      run CMD with a throwaway PostgreSQL cluster (Debian's
                      postgresql) named in MITREDEN_TEST_POSTGRES(_DATA), then stop it,
                      e.g. cargo xtask postgres cargo test -p mitreden-server postgres
  bench               server ingest (comments/s, p50/p99), the staff's list and a
                      popular section under load (with memory), reading a town's
                      document, the browser outbox draining 1,000 queued comments,
                      Lighthouse (mobile) medians on the start and a section page,
                      long tasks while typing, the release tarball's time from
                      unpacking to the first page; prints figures

Environment: MITREDEN_STRATEGY=content/<town>.toml picks the strategy file that seeds a new
database (run; an existing one keeps what was published) and that the budget renders; the
build serves every strategy.";

fn main() -> ExitCode {
    STARTED.get_or_init(std::time::Instant::now);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => testing::run_all(),
        Some("build") => tools::ensure_build_tools().and_then(|t| app::build(&t, true)),
        Some("dist") => release::dist(if args.get(1).is_some_and(|a| a == "--test-build") {
            release::Profile::Test
        } else {
            release::Profile::Release
        })
        .map(|_| ()),
        Some("budget") => budget::check(&root().join("dist")).map(|_| ()),
        Some("size") => size::run(),
        Some("bench") => testing::bench(),
        Some("postgres") if args.len() > 1 => postgres::run_with(&args[1..]),
        Some("api-fuzz") => fuzz::api_fuzz_alone(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask run`: build the app for development and start the server in the
/// foreground. The bundles are debug builds, as `trunk serve` makes them: no LTO and no
/// wasm-opt, which would cost a newcomer minutes before the first page; `cargo xtask build`,
/// `dist` and `test` build (and measure) the release.
fn run(server_args: &[String]) -> Result<(), String> {
    let root = root();
    // On a fresh machine the server compiles while the tools do (what `cargo run` below
    // then finds built).
    let tools = tools::ensure_build_tools_and(false, || {
        say("compiling the server while the tools install");
        status(Command::new("cargo").current_dir(&root).args([
            "build",
            "--quiet",
            "--package",
            "mitreden-server",
            "--no-default-features",
        ]))
    })?;
    app::build(&tools, false)?;
    let strategy = app::strategy_file();
    say(&format!(
        "starting the server with the SQLite file data/mitreden.sqlite3 ({} seeds it if it \
         is new; afterwards the text is edited and published at /verwaltung/)",
        strategy.display()
    ));
    say("open http://127.0.0.1:8080 in your browser (unless you chose another --listen); Ctrl-C stops");
    // The server in the dev profile: the one `cargo xtask test` builds too, and minutes
    // sooner than the release profile's LTO (a town installs `cargo xtask dist`).
    say("starting the server (dev profile; `cargo xtask dist` makes the optimised release)");
    let mut cmd = Command::new("cargo");
    cmd.current_dir(&root)
        // Without the PostgreSQL store and jemalloc (the default features `postgres`,
        // `jemalloc`): a driver and a C build less before the first page; SQLite is what
        // `run` starts on, and the system's allocator does for one developer.
        .args([
            "run",
            "--package",
            "mitreden-server",
            "--no-default-features",
            "--",
        ])
        .arg("--dist")
        .arg(root.join("dist"))
        .arg("--strategy")
        .arg(&strategy)
        .args(server_args);
    status(&mut cmd)
}

/// The workspace root (the parent of this crate's folder).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// When xtask started: every step it prints says how far in it is.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Prints a step with the minutes and seconds since xtask started, so a user sees what
/// xtask does, why, and where the time goes.
pub fn say(message: &str) {
    let secs = STARTED
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs();
    println!("xtask [{}:{:02}]: {message}", secs / 60, secs % 60);
}

/// Runs a command in the foreground; an error names the command.
pub fn status(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    match cmd.status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{shown} failed ({s})")),
        Err(e) => Err(format!("{shown} could not start: {e}")),
    }
}

/// Runs a command and returns its stdout, or `None` if it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
