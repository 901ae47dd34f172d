//! - Rebuilds the server when a migration is added or changed: `sqlx::migrate!` embeds the
//!   files at compile time, and cargo does not know to look at them otherwise.
//! - Names the build in `--version`: the version and the commit it was built from, which
//!   `cargo xtask dist` passes in `MITREDEN_COMMIT` (a build without it says so).

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-env-changed=MITREDEN_COMMIT");
    let commit = std::env::var("MITREDEN_COMMIT").unwrap_or_else(|_| "ohne Commit".to_owned());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!("cargo:rustc-env=MITREDEN_VERSION={version} ({commit})");
}
