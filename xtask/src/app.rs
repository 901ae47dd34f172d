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

/// `trunk build` into `dist/`, then `.br` and `.gz` beside every text and wasm file.
pub fn build(tools: &BuildTools, release: bool) -> Result<(), String> {
    let root = root();
    say(&format!(
        "building the app with trunk ({}; strategy {})",
        if release { "release" } else { "debug" },
        strategy_file().display()
    ));
    let mut cmd = Command::new("trunk");
    cmd.current_dir(&root)
        .env("PATH", &tools.path)
        .env("MITREDEN_STRATEGY", strategy_file())
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .args(["build", "--offline"]);
    if release {
        cmd.arg("--release");
    }
    status(&mut cmd)?;
    let dist = root.join("dist");
    let written = compress_dir(&dist)?;
    say(&format!(
        "precompressed {written} files in {} (brotli, gzip)",
        dist.display()
    ));
    Ok(())
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
