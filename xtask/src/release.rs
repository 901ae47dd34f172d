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

/// Builds the tarball; returns its path.
pub fn dist(profile: Profile) -> Result<PathBuf, String> {
    let root = root();
    if profile == Profile::Release {
        let tools = tools::ensure_build_tools()?;
        app::build(&tools, true)?;
    }
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
