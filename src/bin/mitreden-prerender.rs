//! Writes the prerendered pages into a Trunk build (see `mitreden::prerender`).
//!
//! `mitreden-prerender DIR` reads `DIR/index.html` (Trunk's shell) and writes every page,
//! its stylesheet inlined, over it and beside it. Without `DIR` it uses
//! `TRUNK_STAGING_DIR`, as Trunk's post-build hook sets it.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = std::env::args_os()
        .nth(1)
        .or_else(|| std::env::var_os("TRUNK_STAGING_DIR"))
        .map(PathBuf::from);
    let Some(dir) = dir else {
        eprintln!("usage: mitreden-prerender DIR (or TRUNK_STAGING_DIR set)");
        return ExitCode::from(2);
    };
    match run(&dir) {
        Ok(n) => {
            println!("prerendered {n} pages into {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("mitreden-prerender: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &std::path::Path) -> Result<usize, String> {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    let shell = read("index.html")?;
    if shell.contains("data-part=") {
        return Err("index.html is prerendered already: run this on a fresh Trunk build".into());
    }
    let shell = mitreden::prerender::shell(&shell, |href| read(href.trim_start_matches('/')))?;
    let pages = mitreden::prerender::pages();
    for page in &pages {
        let doc = mitreden::prerender::document(&shell, page)?;
        let path = dir.join(&page.file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&path, doc).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(pages.len())
}
