//! Building the web app with Trunk and precompressing what the server sends.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools::BuildTools;
use crate::{root, say, status};

/// The strategy file the app is built with: `MITREDEN_STRATEGY`, default Sindelfingen.
pub fn strategy_file() -> PathBuf {
    let root = root();
    std::env::var_os("MITREDEN_STRATEGY")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root.join(p) })
        .unwrap_or_else(|| root.join("content/sindelfingen.toml"))
}

/// `trunk build` of the citizens' app into `dist/` (with the kiosk's bundle in
/// `dist/kiosk-app/`) and of the administration's app into `dist/verwaltung/`, then `.br`
/// and `.gz` beside every text and wasm file.
pub fn build(tools: &BuildTools, release: bool) -> Result<(), String> {
    build_whole(tools, release, &strategy_file(), &root().join("dist"))
}

/// Another town's whole app (citizens, kiosk, administration) for the end-to-end tests of
/// what only that town's file has — Esslingen's workshop with its draw by lot — into
/// `target/e2e/dist-<town>`. Returns (dist, strategy file).
pub fn build_town(tools: &BuildTools, town: &str) -> Result<(PathBuf, PathBuf), String> {
    let strategy = root().join(format!("content/{town}.toml"));
    let dist = root().join(format!("target/e2e/dist-{town}"));
    build_whole(tools, true, &strategy, &dist)?;
    Ok((dist, strategy))
}

/// The administration's bundle into `dist/verwaltung`, and the citizens' app into `dist`.
fn build_whole(
    tools: &BuildTools,
    release: bool,
    strategy: &Path,
    dist: &Path,
) -> Result<(), String> {
    let root = root();
    let admin = root.join("target/admin-dist");
    trunk(
        tools,
        release,
        strategy,
        "admin.html",
        &admin,
        "/verwaltung/",
    )?;
    build_into(tools, release, strategy, dist)?;
    copy_dir(&admin, &dist.join("verwaltung"))?;
    let written = compress_dir(&dist.join("verwaltung"))?;
    say(&format!(
        "administration app in {} ({written} files precompressed)",
        dist.join("verwaltung").display()
    ));
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// A second deployment for the update test: the strategy with a changed text, built into
/// `target/e2e/dist-next`. Returns (dist, strategy file).
pub fn build_next(tools: &BuildTools) -> Result<(PathBuf, PathBuf), String> {
    let dir = root().join("target/e2e");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let source = std::fs::read_to_string(strategy_file()).map_err(|e| e.to_string())?;
    let changed = source.replacen(
        "text = \"\"\"\n",
        "text = \"\"\"\nNeu in dieser Fassung: ein Satz, den nur der zweite Build kennt.\n\n",
        1,
    );
    if changed == source {
        return Err("the strategy file has no text = \"\"\" to change for the update test".into());
    }
    let strategy = dir.join("strategy-next.toml");
    std::fs::write(&strategy, changed).map_err(|e| e.to_string())?;
    let dist = dir.join("dist-next");
    build_into(tools, true, &strategy, &dist)?;
    Ok((dist, strategy))
}

/// The citizens' app for `strategy` into `dist`: the kiosk's bundle (kiosk.html, into
/// `target/kiosk-dist`) and, where the strategy announces an event, the event's
/// (event.html, into `target/event-dist`), then the citizens' (index.html), with the first
/// two copied in as `kiosk-app/` and `event-app/`. The pages that start them are rendered
/// by the server, with the service worker.
fn build_into(
    tools: &BuildTools,
    release: bool,
    strategy: &Path,
    dist: &Path,
) -> Result<(), String> {
    let kiosk = root().join("target/kiosk-dist");
    trunk(
        tools,
        release,
        strategy,
        "kiosk.html",
        &kiosk,
        "/kiosk-app/",
    )?;
    let event = root().join("target/event-dist");
    let _ = std::fs::remove_dir_all(&event);
    if has_event(strategy)? {
        trunk(
            tools,
            release,
            strategy,
            "event.html",
            &event,
            "/event-app/",
        )?;
    }
    trunk(tools, release, strategy, "index.html", dist, "/")?;
    copy_dir(&kiosk, &dist.join("kiosk-app"))?;
    if event.is_dir() {
        copy_dir(&event, &dist.join("event-app"))?;
    }
    let written = compress_dir(dist)?;
    say(&format!(
        "precompressed {written} files in {} (brotli, gzip)",
        dist.display()
    ));
    Ok(())
}

/// Whether the strategy file announces a participation event (its `[event]` table; the
/// app's build checks the file itself).
fn has_event(strategy: &Path) -> Result<bool, String> {
    let source =
        std::fs::read_to_string(strategy).map_err(|e| format!("{}: {e}", strategy.display()))?;
    Ok(source.lines().any(|line| line.trim() == "[event]"))
}

/// One `trunk build` of `target` (an HTML file) into `dist`, served under `public_url`.
fn trunk(
    tools: &BuildTools,
    release: bool,
    strategy: &Path,
    target: &str,
    dist: &Path,
    public_url: &str,
) -> Result<(), String> {
    say(&format!(
        "building {target} with trunk ({}; strategy {}; into {})",
        if release { "release" } else { "debug" },
        strategy.display(),
        dist.display()
    ));
    let mut cmd = Command::new("trunk");
    cmd.current_dir(root())
        .env("PATH", &tools.path)
        .env("MITREDEN_STRATEGY", strategy)
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .args([
            "build",
            target,
            "--offline=true",
            "--public-url",
            public_url,
            "--dist",
        ])
        .arg(dist);
    if release {
        cmd.arg("--release");
    }
    status(&mut cmd)
}

/// The endings worth compressing; images like PNG are compressed already.
fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("html" | "css" | "js" | "wasm" | "svg" | "json" | "webmanifest" | "txt")
    )
}

fn compress_dir(dir: &Path) -> Result<usize, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut count = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            count += compress_dir(&path)?;
        } else if compressible(&path) {
            let data = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            write_beside(&path, "br", &brotli(&data)?)?;
            write_beside(&path, "gz", &gzip(&data)?)?;
            count += 1;
        }
    }
    Ok(count)
}

fn write_beside(path: &Path, ext: &str, data: &[u8]) -> Result<(), String> {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    std::fs::write(&name, data).map_err(|e| format!("{}: {e}", path.display()))
}

/// Brotli at the highest quality: compressed once per build, sent many times.
pub fn brotli(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(data).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Gzip at the highest level, for browsers without brotli.
pub fn gzip(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(data).map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())
}
