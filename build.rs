//! Compiles the chosen strategy file into the app.
//!
//! The file is parsed here, natively, so the browser bundle carries the strategy as compiled
//! data and no TOML parser. `MITREDEN_STRATEGY` picks the file (default: Sindelfingen); an
//! invalid file fails the build with file, line and problem.

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-env-changed=MITREDEN_STRATEGY");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let path = std::env::var_os("MITREDEN_STRATEGY")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { manifest.join(p) })
        .unwrap_or_else(|| manifest.join("content/sindelfingen.toml"));
    println!("cargo::rerun-if-changed={}", path.display());
    let name = path.display().to_string();
    let source = match std::fs::read_to_string(&path) {
        Ok(source) => source,
        Err(e) => fail(&format!("{name}: Strategiedatei nicht lesbar: {e}")),
    };
    let strategy = match mitreden_model::parse::parse_strategy(&name, &source) {
        Ok(strategy) => strategy,
        Err(e) => fail(&e.to_string()),
    };
    let code = format!(
        "/// The fingerprint of the bundled strategy file.\n\
         pub const STRATEGY_VERSION: &str = {:?};\n\
         fn build_strategy() -> Strategy {}\n",
        mitreden_model::content_hash(source.as_bytes()),
        mitreden_model::parse::to_rust_source(&strategy),
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("strategy.rs");
    if let Err(e) = std::fs::write(&out, code) {
        fail(&format!("{}: {e}", out.display()));
    }
}

/// Stops the build with a message cargo shows as an error.
fn fail(message: &str) -> ! {
    println!("cargo::error={message}");
    eprintln!("error: invalid strategy file: {message}");
    std::process::exit(1)
}
