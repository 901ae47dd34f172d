//! Command-line flags, each with an environment variable as fallback (for services).

use std::path::PathBuf;

use clap::Parser;

/// How the server is started.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "mitreden-server",
    version,
    about = "Serves mitreden and stores comments."
)]
pub struct Config {
    /// Address and port to listen on (port 0 picks a free one and prints it).
    #[arg(long, env = "MITREDEN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// SQLite database file; created with its folder if absent.
    #[arg(
        long,
        env = "MITREDEN_DATABASE",
        default_value = "data/mitreden.sqlite3"
    )]
    pub database: PathBuf,

    /// The built app (Trunk's output folder).
    #[arg(long, env = "MITREDEN_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// The strategy file; must be the one the app was built with.
    #[arg(
        long,
        env = "MITREDEN_STRATEGY",
        default_value = "content/sindelfingen.toml"
    )]
    pub strategy: PathBuf,
}
