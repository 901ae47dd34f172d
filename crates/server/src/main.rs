//! `mitreden-server`: serves the app and the API (see [`mitreden_server::Config`] for the
//! flags), or manages staff accounts (`mitreden-server user add NAME`).

use std::io::{BufRead, IsTerminal};

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

/// The command line: the server's flags, and optionally a subcommand.
#[derive(Parser)]
#[command(
    name = "mitreden-server",
    version,
    about = "Serves mitreden and stores comments."
)]
struct Cli {
    #[command(flatten)]
    config: mitreden_server::Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Staff accounts for the administration.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Creates an account (or sets a new password). The password is asked for, or read
    /// from standard input when that is not a terminal.
    Add {
        /// The account's name.
        name: String,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        None => mitreden_server::serve(cli.config).await,
        Some(Command::User {
            action: UserAction::Add { name },
        }) => add_user(&cli.config, &name).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn add_user(
    config: &mitreden_server::Config,
    name: &str,
) -> Result<(), mitreden_server::AppError> {
    let password = read_password(name)
        .map_err(|e| mitreden_server::AppError::Startup(format!("Passwort nicht lesbar: {e}")))?;
    let db = mitreden_server::db::open(&config.database).await?;
    mitreden_server::admin::add_user(&db.write, name, &password).await?;
    println!("Konto {name} ist angelegt.");
    Ok(())
}

fn read_password(name: &str) -> std::io::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Passwort für {name}: "))?;
        let second = rpassword::prompt_password("Noch einmal: ")?;
        if first != second {
            return Err(std::io::Error::other(
                "die Passwörter stimmen nicht überein",
            ));
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}
