//! `cargo xtask dist`: the release a town's IT installs — one tarball with the server (the
//! app built into it), the example strategy files, the operations guide and the licence.
//!
//! `target/dist/mitreden-VERSION-x86_64-linux.tar.gz` unpacks into one folder:
//! `mitreden-server`, `content/*.toml`, `docs/betrieb.md`, `docs/operations.md`,
//! `LICENSE`, `CHANGELOG.md`. Started there, the server finds its strategy file in
//! `content/` and keeps its database in `data/` (both its defaults).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{app, output, root, say, status, tools};

/// How the server in the tarball is compiled.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Optimised: what a town installs (`cargo xtask dist`).
    Release,
    /// The test build with the app of `dist/` as built before: packs and embeds exactly as
    /// a release does, without compiling every dependency a second time (`cargo xtask
    /// test`, which builds no optimised server).
    Test,
}

/// The version of the workspace (SemVer, the CHANGELOG's released sections).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The tarball's folder name: `mitreden-0.2.0-x86_64-linux`.
pub fn name() -> String {
    format!("mitreden-{VERSION}-x86_64-linux")
}

/// The commit the tarball is built from (`-dirty` with uncommitted changes to tracked
/// files), or "ohne Commit" outside a git checkout.
pub fn commit() -> String {
    let root = root();
    let Some(head) =
        output(
            Command::new("git")
                .current_dir(&root)
                .args(["rev-parse", "--short=12", "HEAD"]),
        )
    else {
        return "ohne Commit".to_owned();
    };
    let dirty = output(Command::new("git").current_dir(&root).args([
        "status",
        "--porcelain",
        "--untracked-files=no",
    ]))
    .is_some_and(|s| !s.trim().is_empty());
    format!(
        "commit {}{}",
        head.trim(),
        if dirty { "-dirty" } else { "" }
    )
}

/// Builds the app (for a release) and the tarball; returns its path.
pub fn dist(profile: Profile) -> Result<PathBuf, String> {
    if profile == Profile::Release {
        let tools = tools::ensure_build_tools()?;
        app::build(&tools, true)?;
    }
    package(profile)
}

/// The tarball from the app in `dist/` as built; returns its path.
pub fn package(profile: Profile) -> Result<PathBuf, String> {
    let root = root();
    let commit = commit();
    say(&format!(
        "building mitreden-server with the app inside ({}; {commit})",
        if profile == Profile::Release {
            "release"
        } else {
            "test build"
        }
    ));
    let mut cargo = Command::new("cargo");
    cargo
        .current_dir(&root)
        .args([
            "build",
            "--package",
            "mitreden-server",
            "--features",
            "embed",
        ])
        .env("MITREDEN_COMMIT", &commit);
    if profile == Profile::Release {
        cargo.arg("--release");
    }
    status(&mut cargo)?;
    let binary = root
        .join("target")
        .join(if profile == Profile::Release {
            "release"
        } else {
            "debug"
        })
        .join("mitreden-server");

    let out = root.join("target/dist");
    let folder = out.join(name());
    if folder.exists() {
        std::fs::remove_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    }
    let put = |from: &Path, to: &str| -> Result<(), String> {
        let to = folder.join(to);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::copy(from, &to)
            .map(|_| ())
            .map_err(|e| format!("{} → {}: {e}", from.display(), to.display()))
    };
    put(&binary, "mitreden-server")?;
    let mut strategies: Vec<PathBuf> = std::fs::read_dir(root.join("content"))
        .map_err(|e| format!("content/: {e}"))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    strategies.sort();
    for file in &strategies {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        put(file, &format!("content/{name}"))?;
    }
    for doc in [
        "docs/betrieb.md",
        "docs/operations.md",
        "LICENSE",
        "CHANGELOG.md",
    ] {
        put(&root.join(doc), doc)?;
    }
    let tarball = out.join(format!("{}.tar.gz", name()));
    status(
        Command::new("tar")
            .current_dir(&out)
            .arg("--owner=0")
            .arg("--group=0")
            .arg("-czf")
            .arg(&tarball)
            .arg(name()),
    )?;
    let size = std::fs::metadata(&tarball).map(|m| m.len()).unwrap_or(0);
    say(&format!(
        "{} ({:.1} MB): the server with the app inside, {} strategy files, the guide, the licence",
        tarball.display(),
        size as f64 / 1e6,
        strategies.len()
    ));
    Ok(tarball)
}

/// `cargo xtask bench`: from unpacking the tarball into an empty folder to the first
/// answered page, the server started with an empty environment; five times, the median
/// and the spread printed.
pub fn time_to_first_page(tarball: &Path) -> Result<(), String> {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut times = Vec::new();
    for _ in 0..5 {
        let dir = root().join("target/tmp/first-page");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let started = std::time::Instant::now();
        status(
            Command::new("tar")
                .arg("-xzf")
                .arg(tarball)
                .arg("-C")
                .arg(&dir),
        )?;
        let folder = dir.join(name());
        let mut child = Command::new(folder.join("mitreden-server"))
            .env_clear()
            .current_dir(&folder)
            .args(["--listen", "127.0.0.1:0"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?;
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut line);
        }
        let addr = line
            .trim()
            .strip_prefix("mitreden listening on http://")
            .unwrap_or_default()
            .to_owned();
        let answered = loop {
            let mut page = String::new();
            let got = std::net::TcpStream::connect(&addr).and_then(|mut s| {
                s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
                s.read_to_string(&mut page)
            });
            if got.is_ok() && page.starts_with("HTTP/1.1 200") {
                break true;
            }
            if started.elapsed() > std::time::Duration::from_secs(60) {
                break false;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let took = started.elapsed();
        let _ = child.kill();
        let _ = child.wait();
        let _ = std::fs::remove_dir_all(&dir);
        if !answered {
            return Err("the unpacked server answered no page within 60 s".into());
        }
        times.push(took.as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    say(&format!(
        "from unpacking to the first answered page: median {:.0} ms (min {:.0}, max {:.0}; 5 runs, \
         the server started with an empty environment)",
        times[2], times[0], times[4]
    ));
    Ok(())
}
