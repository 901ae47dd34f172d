//! Finding and installing what the build and the tests need. Each `ensure_*` checks first
//! and installs only what is missing or at the wrong version, saying what it does.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{output, root, say, status};

/// Trunk 0.22 needs a newer rustc than this project's machines have.
const TRUNK_VERSION: &str = "0.21.14";
/// wasm-opt from npm; Debian's wasm-opt 108 produces a broken app.
const BINARYEN_VERSION: &str = "132";
/// terser from npm, for the bundles' JavaScript (`xtask/node/package.json` pins it).
const TERSER_VERSION: &str = "5.36.0";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Debian's Chromium and its driver: the real browser every browser test runs in.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The WebDriver wasm-bindgen-test talks to.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The end-to-end tests count rows in the real database with the sqlite3 command-line tool.
const SQLITE3: &str = "/usr/bin/sqlite3";
const NGINX: &str = "/usr/sbin/nginx";
const OPENSSL: &str = "/usr/bin/openssl";
const CURL: &str = "/usr/bin/curl";
const SYSTEMD_ANALYZE: &str = "/usr/bin/systemd-analyze";
/// twiggy reads the wasm's sizes by function; 0.7 cannot read this wasm.
const TWIGGY_VERSION: &str = "0.8.0";
/// The other engines' citizen flow: Debian's WebKitGTK WebDriver (under Xvfb) and Firefox
/// ESR, driven by geckodriver from crates.io at this version.
const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";
const FIREFOX: &str = "/usr/bin/firefox-esr";
const XVFB: &str = "/usr/bin/Xvfb";
const GECKODRIVER_VERSION: &str = "0.37.1";
/// schemathesis (PyPI) fuzzes the API against its OpenAPI document.
const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// aiosmtpd (PyPI): the real SMTP server the mail tests send to, on loopback.
const AIOSMTPD_VERSION: &str = "1.4.6";

/// What the build needs on `PATH` (npm's wasm-opt first, then cargo's binaries).
pub struct BuildTools {
    /// `PATH` for Trunk and the wasm test runner.
    pub path: OsString,
}

/// Installs the wasm32 target, Trunk, wasm-bindgen-cli and wasm-opt where missing. Trunk
/// and wasm-bindgen-cli compile at the same time (each `cargo install` has a target folder
/// of its own; one's single-threaded stretches leave the other core to the other), with
/// [`QUICK_TOOLS`].
pub fn ensure_build_tools() -> Result<BuildTools, String> {
    ensure_build_tools_and(true, || Ok(()))
}

/// [`ensure_build_tools`], and `also` (more of the build) beside the app's wasm (compiled
/// `release` or not, as the build that follows will want it) while the tools install, if
/// they do: `cargo xtask run` compiles its server there. npm's packages install meanwhile
/// too.
pub fn ensure_build_tools_and(
    release: bool,
    also: impl FnOnce() -> Result<(), String> + Send,
) -> Result<BuildTools, String> {
    ensure_wasm_target()?;
    let missing = reported_version(&cargo_bin().join("trunk")).as_deref() != Some(TRUNK_VERSION);
    let node_bin = std::thread::scope(|s| {
        let trunk = s.spawn(ensure_trunk);
        let bindgen = s.spawn(ensure_wasm_bindgen);
        let npm = s.spawn(ensure_wasm_opt);
        // While the tools compile, the app's wasm does too: Trunk then finds it built.
        let ahead = missing
            .then(|| s.spawn(move || crate::app::prebuild_wasm(release).and_then(|()| also())));
        let joined = |h: std::thread::ScopedJoinHandle<'_, Result<(), String>>| {
            h.join()
                .unwrap_or_else(|_| Err("the install thread stopped".into()))
        };
        // Only a head start: Trunk and cargo build whatever it left.
        if let Some(ahead) = ahead {
            if let Err(e) = joined(ahead) {
                say(&format!("compiling ahead stopped ({e}); the build does it"));
            }
        }
        joined(trunk).and(joined(bindgen))?;
        npm.join()
            .unwrap_or_else(|_| Err("the npm thread stopped".into()))
    })?;
    let mut dirs = vec![node_bin, cargo_bin()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(dirs).map_err(|e| e.to_string())?;
    Ok(BuildTools { path })
}

/// Installs Chromium, ChromeDriver, sqlite3, nginx and the end-to-end tests' npm packages
/// where missing.
pub fn ensure_test_tools() -> Result<(), String> {
    if Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        say("chromium and chromium-driver: present");
    } else {
        apt_install(&["chromium", "chromium-driver"])?;
    }
    if Path::new(SQLITE3).is_file() {
        say("sqlite3: present");
    } else {
        apt_install(&["sqlite3"])?;
    }
    if [WEBKIT_DRIVER, FIREFOX, XVFB]
        .iter()
        .all(|p| Path::new(p).is_file())
    {
        say("webkit2gtk-driver, firefox-esr and xvfb: present");
    } else {
        apt_install(&["webkit2gtk-driver", "firefox-esr", "xvfb"])?;
    }
    // The operations guide's walk-through: Debian's nginx in front with TLS (openssl makes
    // the certificates), curl as the client, systemd-analyze to check the unit.
    if [NGINX, OPENSSL, CURL, SYSTEMD_ANALYZE]
        .iter()
        .all(|p| Path::new(p).is_file())
    {
        say("nginx, openssl, curl and systemd-analyze: present");
    } else {
        apt_install(&["nginx", "openssl", "curl", "systemd"])?;
    }
    // The PostgreSQL store's tests run on a throwaway cluster of Debian's PostgreSQL.
    if crate::postgres::present() {
        say("postgresql: present");
    } else {
        apt_install(&["postgresql"])?;
    }
    ensure_geckodriver()?;
    // Lighthouse came last to the lock file: its presence means `npm ci` ran with it.
    ensure_npm_packages(
        &root().join("tests"),
        "node_modules/lighthouse/package.json",
    )?;
    ensure_schemathesis()?;
    ensure_aiosmtpd().map(|_| ())
}

/// aiosmtpd at [`AIOSMTPD_VERSION`] in the same virtual environment as schemathesis; the
/// server's mail tests start it on loopback. Returns the environment's Python, which the
/// tests are given as `MITREDEN_PYTHON`.
pub fn ensure_aiosmtpd() -> Result<PathBuf, String> {
    let schemathesis = ensure_schemathesis()?;
    let bin = schemathesis
        .parent()
        .ok_or("the virtual environment has no bin folder")?
        .to_path_buf();
    let python = bin.join("python");
    let version = output(
        Command::new(&python)
            .arg("-c")
            .arg("import aiosmtpd; print(aiosmtpd.__version__)"),
    );
    if version.is_some_and(|v| v.trim() == AIOSMTPD_VERSION) {
        say(&format!("aiosmtpd {AIOSMTPD_VERSION}: present"));
        return Ok(python);
    }
    say(&format!(
        "installing aiosmtpd {AIOSMTPD_VERSION} (pip, beside schemathesis)"
    ));
    status(
        Command::new(bin.join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("aiosmtpd=={AIOSMTPD_VERSION}")),
    )?;
    Ok(python)
}

/// schemathesis at [`SCHEMATHESIS_VERSION`] in a virtual environment of its own under
/// `target/`, so the machine's Python stays as it is. Returns the program.
pub fn ensure_schemathesis() -> Result<PathBuf, String> {
    let venv = root().join("target/schemathesis-venv");
    let program = venv.join("bin/schemathesis");
    // It says "schemathesis, version 4.32.5".
    let version = output(Command::new(&program).arg("--version"))
        .and_then(|out| out.split_whitespace().last().map(str::to_owned));
    if version.is_some_and(|v| v == SCHEMATHESIS_VERSION) {
        say(&format!("schemathesis {SCHEMATHESIS_VERSION}: present"));
        return Ok(program);
    }
    say(&format!(
        "installing schemathesis {SCHEMATHESIS_VERSION} (pip, in {})",
        venv.display()
    ));
    let make_venv = || status(Command::new("python3").arg("-m").arg("venv").arg(&venv));
    if make_venv().is_err() {
        // Debian's own Python keeps venv in a package of its own.
        apt_install(&["python3-venv"])?;
        make_venv()?;
    }
    status(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")),
    )?;
    Ok(program)
}

/// geckodriver at [`GECKODRIVER_VERSION`] (cargo install). Returns the program.
pub fn ensure_geckodriver() -> Result<PathBuf, String> {
    cargo_installed("geckodriver", GECKODRIVER_VERSION, "a few CPU-minutes", &[])
}

/// Where cargo installs geckodriver (the Firefox test is told this path).
pub fn geckodriver() -> PathBuf {
    cargo_bin().join("geckodriver")
}

/// twiggy at [`TWIGGY_VERSION`] (cargo install). Returns the program.
pub fn ensure_twiggy() -> Result<PathBuf, String> {
    cargo_installed("twiggy", TWIGGY_VERSION, "a few CPU-minutes", &[])
}

/// The release profile our tools are compiled with: Trunk's own asks for fat LTO and one
/// codegen unit (8.9 minutes on two cores, of 23 to a newcomer's first page). Without LTO,
/// with 16 codegen units and opt-level 1 they compile in a fraction of that; Trunk only
/// starts cargo, wasm-bindgen and wasm-opt and copies files, and wasm-bindgen at
/// opt-level 1 still takes about a second for our bundles. Cargo reads these from the
/// environment of `cargo install` and they override the crate's own.
const QUICK_TOOLS: [(&str, &str); 3] = [
    ("CARGO_PROFILE_RELEASE_LTO", "off"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1"),
];

/// `cargo install ARGS` with [`QUICK_TOOLS`].
fn cargo_install(args: &[&str]) -> Result<(), String> {
    let mut cmd = Command::new("cargo");
    cmd.arg("install").args(args);
    for (name, value) in QUICK_TOOLS {
        cmd.env(name, value);
    }
    status(&mut cmd)
}

/// The program `name` from the crate of that name at exactly `version`, installed with
/// `cargo install --locked` and `extra` arguments where missing or at another version (it
/// takes `cost`, once).
fn cargo_installed(
    name: &str,
    version: &str,
    cost: &str,
    extra: &[&str],
) -> Result<PathBuf, String> {
    let program = cargo_bin().join(name);
    if reported_version(&program).as_deref() == Some(version) {
        say(&format!("{name} {version}: present"));
        return Ok(program);
    }
    say(&format!(
        "installing {name} {version} with cargo install (takes {cost}, once)"
    ));
    let mut args = vec![name, "--version", version, "--locked"];
    args.extend(extra);
    cargo_install(&args)?;
    Ok(program)
}

fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default()
        .join("bin")
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        say(&format!("rust target {WASM_TARGET}: present"));
        return Ok(());
    }
    say(&format!(
        "installing the rust target {WASM_TARGET} (rustup)"
    ));
    status(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The version a tool reports with `--version`, e.g. "trunk 0.21.14" → "0.21.14".
fn reported_version(program: &Path) -> Option<String> {
    let out = output(Command::new(program).arg("--version"))?;
    out.split_whitespace().nth(1).map(str::to_owned)
}

fn ensure_trunk() -> Result<(), String> {
    // Without its default features (TLS with rustls and ring, the update check against
    // crates.io): it never downloads here, so they would only be compiled. And unoptimised:
    // it is the longest compile before a newcomer's first page (12 of 14 minutes at
    // opt-level 1), and at run time it starts cargo, wasm-bindgen and wasm-opt, which do the
    // work. (`--config` outranks the environment's [`QUICK_TOOLS`].)
    cargo_installed(
        "trunk",
        TRUNK_VERSION,
        "a few minutes",
        &[
            "--no-default-features",
            "--config",
            "profile.release.opt-level=0",
        ],
    )
    .map(|_| ())
}

/// The exact `wasm-bindgen` version in Cargo.lock: the CLI must match it to the letter.
pub fn wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock not readable: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(v.trim_matches('"').to_owned());
            }
        }
    }
    Err("wasm-bindgen not found in Cargo.lock".into())
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let version = wasm_bindgen_version()?;
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml")).unwrap_or_default();
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{version}\"")) {
        return Err(format!(
            "Trunk.toml [tools] wasm_bindgen must be \"{version}\", the version in Cargo.lock"
        ));
    }
    let cli = cargo_bin().join("wasm-bindgen");
    let runner = cargo_bin().join("wasm-bindgen-test-runner");
    if reported_version(&cli).as_deref() == Some(version.as_str())
        && reported_version(&runner).as_deref() == Some(version.as_str())
    {
        say(&format!("wasm-bindgen-cli {version}: present"));
        return Ok(());
    }
    say(&format!(
        "installing wasm-bindgen-cli {version} (must equal the wasm-bindgen crate; \
         without --locked, since a yanked dependency breaks the locked install)"
    ));
    // Without TLS (its default feature): the test runner speaks plain HTTP to a WebDriver
    // on this machine. Unoptimised but for the crates that read, transform and write the
    // wasm (walrus, wasmparser, wasm-encoder, the CLI's support library): they do the
    // work at run time, the other ~100 crates only start it.
    cargo_install(&[
        "wasm-bindgen-cli",
        "--version",
        &version,
        "--force",
        "--no-default-features",
        "--config",
        "profile.release.opt-level=0",
        "--config",
        "profile.release.package.walrus.opt-level=1",
        "--config",
        "profile.release.package.wasmparser.opt-level=1",
        "--config",
        "profile.release.package.wasm-encoder.opt-level=1",
        "--config",
        "profile.release.package.wasm-bindgen-cli-support.opt-level=1",
    ])
}

/// Returns the folder holding npm's `wasm-opt` and `terser` (which minifies the bundles'
/// JavaScript: Trunk's own minifier gives up on wasm-bindgen's `import * as`).
fn ensure_wasm_opt() -> Result<PathBuf, String> {
    let dir = root().join("xtask/node");
    let bin = dir.join("node_modules/.bin");
    let version = output(Command::new(bin.join("wasm-opt")).arg("--version")).unwrap_or_default();
    let terser = output(Command::new(bin.join("terser")).arg("--version")).unwrap_or_default();
    if version.contains(&format!("version {BINARYEN_VERSION}")) && terser.contains(TERSER_VERSION) {
        say(&format!(
            "wasm-opt {BINARYEN_VERSION} (npm binaryen), terser {TERSER_VERSION}: present"
        ));
        return Ok(bin);
    }
    ensure_npm_packages(&dir, "node_modules/terser/package.json")?;
    Ok(bin)
}

/// `npm ci` in `dir` unless `marker` exists there; browsers are never downloaded.
fn ensure_npm_packages(dir: &Path, marker: &str) -> Result<(), String> {
    if dir.join(marker).is_file() {
        say(&format!("npm packages in {}: present", dir.display()));
        return Ok(());
    }
    if output(Command::new("npm").arg("--version")).is_none() {
        return Err(
            "npm is not installed; install Node.js 20 with npm (apt-get install nodejs npm)".into(),
        );
    }
    say(&format!(
        "installing npm packages in {} (npm ci)",
        dir.display()
    ));
    status(
        Command::new("npm")
            .current_dir(dir)
            .args(["ci", "--no-audit", "--no-fund"])
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    )
}

/// Whether xtask runs as root (it may then install with apt-get, and runs PostgreSQL's
/// programs as their own user).
pub fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0")
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    if !is_root() {
        return Err(format!(
            "{} missing; install them with: sudo apt-get install {}",
            packages.join(" and "),
            packages.join(" ")
        ));
    }
    say(&format!("installing {} (apt-get)", packages.join(", ")));
    status(Command::new("apt-get").arg("update"))?;
    status(
        Command::new("apt-get")
            .args(["install", "-y"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}
