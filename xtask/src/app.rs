//! Building the web app with Trunk and precompressing what the server sends.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools::BuildTools;
use crate::{root, say, status};

/// The strategy file the server is started with (`cargo xtask run`) and the pages are
/// rendered from for the budget: `MITREDEN_STRATEGY`, default Sindelfingen. The build
/// itself knows no strategy.
pub fn strategy_file() -> PathBuf {
    let root = root();
    std::env::var_os("MITREDEN_STRATEGY")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root.join(p) })
        .unwrap_or_else(|| root.join("content/sindelfingen.toml"))
}

/// `trunk build` of every bundle into `dist/`: the administration's (admin.html, into
/// `dist/verwaltung/`), the kiosk's (kiosk.html, `dist/kiosk-app/`), a participation event's
/// (event.html, `dist/event-app/`) and the citizens' (index.html), then `.br` and `.gz`
/// beside every text and wasm file of a release build. One build serves every strategy: the server renders the
/// pages, which start the bundle the strategy needs.
pub fn build(tools: &BuildTools, release: bool) -> Result<(), String> {
    let root = root();
    let dist = root.join("dist");
    let parts = [
        (
            "admin.html",
            "target/admin-dist",
            "/verwaltung/",
            "verwaltung",
        ),
        (
            "kiosk.html",
            "target/kiosk-dist",
            "/kiosk-app/",
            "kiosk-app",
        ),
        (
            "event.html",
            "target/event-dist",
            "/event-app/",
            "event-app",
        ),
    ];
    if release {
        // The wasm first, in as few cargo runs as give the same artifacts as Trunk's own:
        // the three bundles of the root package link and LTO-optimise side by side.
        prebuild_wasm(true)?;
    }
    // Then the four Trunk runs at once, each into a folder of its own: what is left to
    // them (wasm-bindgen, wasm-opt) runs on one core each, so two cores do two at a time.
    // `index.html` goes into `dist` itself, which Trunk replaces whole: the others are
    // copied in after all are done.
    let mut jobs: Vec<(&str, PathBuf, &str)> = parts
        .iter()
        .map(|(html, out, url, _)| (*html, root.join(out), *url))
        .collect();
    jobs.push(("index.html", dist.clone(), "/"));
    let results: Vec<Result<(), String>> = std::thread::scope(|scope| {
        let running: Vec<_> = jobs
            .iter()
            .map(|(html, out, url)| scope.spawn(move || trunk(tools, release, html, out, url)))
            .collect();
        running
            .into_iter()
            .map(|job| {
                job.join()
                    .unwrap_or_else(|_| Err("a Trunk run panicked".into()))
            })
            .collect()
    });
    for result in results {
        result?;
    }
    for (_, out, _, dir) in parts {
        copy_dir(&root.join(out), &dist.join(dir))?;
    }
    if !release {
        // A debug build's wasm is tens of megabytes: brotli at its best would take minutes
        // for a build served on this machine; the server sends what it has.
        say("debug build: not minified or precompressed");
        return Ok(());
    }
    minify_js(tools, &dist)?;
    let written = compress_dir(&dist)?;
    say(&format!(
        "precompressed {written} files in {} (brotli, gzip)",
        dist.display()
    ));
    Ok(())
}

/// Compiles the bundles' wasm as Trunk will (`cargo build [--release] --target wasm32…
/// --bin NAME`, one package at a time: the same features, so the same artifacts) — while
/// the tools install (`run`), or before the Trunk runs of a release build: Trunk then
/// finds them built.
pub fn prebuild_wasm(release: bool) -> Result<(), String> {
    say(&format!(
        "compiling the app's wasm ({}), as Trunk will",
        if release { "release" } else { "debug" }
    ));
    let root = root();
    let build = |manifest: &str, bins: &[&str]| {
        let mut cmd = Command::new("cargo");
        cmd.current_dir(&root).args(["build", "--quiet"]);
        if release {
            cmd.arg("--release");
        }
        cmd.args([
            "--target",
            "wasm32-unknown-unknown",
            "--manifest-path",
            manifest,
        ]);
        for bin in bins {
            cmd.args(["--bin", bin]);
        }
        status(&mut cmd)
    };
    build("crates/admin/Cargo.toml", &["mitreden-admin"])?;
    // One run for the root package's three: the same library, linked three times at once.
    build(
        "Cargo.toml",
        &["mitreden-kiosk", "mitreden-event", "mitreden"],
    )
}

/// Minifies every bundle's JavaScript (wasm-bindgen's glue and its snippets) in place with
/// terser: Trunk's minifier gives up on the glue's `import * as` and leaves it as written
/// (62 KB, 8.5 KB brotli for the citizens; minified 28 KB, 6.6 KB brotli). `embed.js`, the
/// snippet other sites copy, stays readable.
fn minify_js(tools: &BuildTools, dist: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    collect_js(dist, &mut files)?;
    files.retain(|f| f.file_name().is_some_and(|n| n != "embed.js"));
    say(&format!(
        "minifying {} JavaScript files with terser",
        files.len()
    ));
    // All at once: each is a Node start and one file (one after another took 27 s).
    let running = files
        .iter()
        .map(|file| {
            Command::new("terser")
                .env("PATH", &tools.path)
                .arg(file)
                .args(["--module", "--compress", "--mangle", "--output"])
                .arg(file)
                .spawn()
                .map_err(|e| format!("terser: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (mut child, file) in running.into_iter().zip(&files) {
        let done = child.wait().map_err(|e| format!("terser: {e}"))?;
        if !done.success() {
            return Err(format!("terser failed on {}: {done}", file.display()));
        }
    }
    Ok(())
}

fn collect_js(dir: &Path, into: &mut Vec<PathBuf>) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect_js(&path, into)?;
        } else if path.extension().is_some_and(|e| e == "js") {
            into.push(path);
        }
    }
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

/// A changed strategy for the update test: the default file with a sentence only this one
/// has, written to `target/e2e/strategy-next.toml` (the server restarted on it is the new
/// deployment — same build, new text). Returns the file.
pub fn write_next_strategy() -> Result<PathBuf, String> {
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
    Ok(strategy)
}

/// One `trunk build` of `target` (an HTML file) into `dist`, served under `public_url`.
fn trunk(
    tools: &BuildTools,
    release: bool,
    target: &str,
    dist: &Path,
    public_url: &str,
) -> Result<(), String> {
    say(&format!(
        "building {target} with trunk ({}; into {})",
        if release { "release" } else { "debug" },
        dist.display()
    ));
    let mut cmd = Command::new("trunk");
    cmd.current_dir(root())
        .env("PATH", &tools.path)
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
