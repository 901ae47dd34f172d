//! `mitreden-server`: serves the app and the API (see [`mitreden_server::Config`] for the
//! flags), or manages staff accounts (`mitreden-server user add NAME`), kiosks
//! (`mitreden-server kiosk add LABEL [--idle SECONDS]`, `kiosk revoke LABEL`, `kiosk list`),
//! the strategy's versions (`strategy import FILE [--publish]`, `strategy export
//! [--version N]`, `strategy versions`), writes the pages it would serve (`render --out
//! DIR`), backs the database up while it runs (`backup FILE`) and puts a backup back
//! (`restore FILE`), and manages a participation event's draw by lot
//! (`mitreden-server lottery close|commit|draw|delete-contacts EVENT`, `lottery verify FILE
//! [--simulate N]`).

use std::io::{BufRead, IsTerminal};

use clap::{Parser, Subcommand};

/// jemalloc with its background thread: memory freed after a burst of readers goes back
/// to the system within seconds, also while the server is idle. Measured with
/// `public_reads` (10,000 comments, 64 readers, read cache on), a minute after the bursts:
/// glibc's malloc kept 97 MiB (idle 27), also with idle reading connections closed;
/// jemalloc alone 63 MiB (idle 51); jemalloc with them closed 26 MiB (idle 52), peak 86.
/// mimalloc kept more (104 MiB, peak 208) and was not kept.
/// (Feature `jemalloc`, on by default; `cargo xtask run` builds without it.)
#[cfg(feature = "jemalloc")]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
use tracing_subscriber::EnvFilter;

/// The command line: the server's flags, and optionally a subcommand.
#[derive(Parser)]
#[command(
    name = "mitreden-server",
    version = mitreden_server::VERSION,
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
    /// Kiosks: shared devices in the town hall.
    Kiosk {
        #[command(subcommand)]
        action: KioskAction,
    },
    /// The strategy's versions in the database: import a file, export one, list them.
    Strategy {
        #[command(subcommand)]
        action: StrategyAction,
    },
    /// Writes every page the server would serve for the strategy file (`--strategy`) and
    /// the build (`--dist`), and its service worker, into a folder: for the first-load
    /// budget (`cargo xtask budget`) and for looking at them. Needs no database.
    Render {
        /// The folder to write into.
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Writes a consistent copy of the database to FILE while the server runs (replacing
    /// FILE; checked with `PRAGMA integrity_check` before it takes its place).
    Backup {
        /// Where the copy goes, e.g. /var/backups/mitreden/mitreden-$(date +%F).sqlite3.
        file: std::path::PathBuf,
    },
    /// Puts a backup in place of the database (stop the server first). The current
    /// database is kept beside it as `….before-restore-<time>`.
    Restore {
        /// The backup to restore.
        file: std::path::PathBuf,
    },
    /// The draw by lot of a participation event: close, commit, draw, delete the contacts,
    /// and verify a published draw.
    Lottery {
        #[command(subcommand)]
        action: mitreden_server::lottery::cli::LotteryAction,
    },
}

/// What `kiosk` does.
#[derive(Subcommand)]
enum KioskAction {
    /// Creates a kiosk (or a new set-up link for an existing one, ending its old device)
    /// and prints the one-time set-up link to open on the device.
    Add {
        /// The kiosk's label, e.g. "BürgerBüro Rathaus" (shown to staff with its comments).
        label: String,
        /// Seconds without a touch before the device warns and then starts afresh.
        #[arg(long, default_value_t = mitreden_model::kiosk::DEFAULT_IDLE_SECONDS)]
        idle: u32,
    },
    /// Ends a kiosk: its device is no kiosk any more.
    Revoke {
        /// The kiosk's label.
        label: String,
    },
    /// Lists the kiosks.
    List,
}

/// What `strategy` does.
#[derive(Subcommand)]
enum StrategyAction {
    /// Stores a strategy file as a new version (a draft unless `--publish`). The file is
    /// checked first; one that cannot be read stores nothing.
    Import {
        /// The strategy file (TOML, as in `content/`).
        file: std::path::PathBuf,
        /// Publish it: the server takes comments on it from its next start.
        #[arg(long)]
        publish: bool,
    },
    /// Prints a version's file (the newest published one unless `--version`) to standard
    /// output.
    Export {
        /// The version's number (see `strategy versions`).
        #[arg(long)]
        version: Option<i64>,
    },
    /// Lists the stored versions.
    Versions,
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
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let log = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.config.log_format {
        mitreden_server::config::LogFormat::Text => log.init(),
        mitreden_server::config::LogFormat::Json => log.json().init(),
    }
    let result = match cli.command {
        None => mitreden_server::serve(cli.config).await.map(|()| true),
        Some(Command::User {
            action: UserAction::Add { name },
        }) => add_user(&cli.config, &name).await.map(|()| true),
        Some(Command::Kiosk { action }) => kiosk(&cli.config, action).await.map(|()| true),
        Some(Command::Strategy { action }) => strategy(&cli.config, action).await,
        Some(Command::Render { out }) => render(&cli.config, &out),
        Some(Command::Backup { file }) => backup(&cli.config, &file, false).await,
        Some(Command::Restore { file }) => backup(&cli.config, &file, true).await,
        Some(Command::Lottery { action }) => {
            mitreden_server::lottery::cli::run(&cli.config, action).await
        }
    };
    match result {
        Ok(true) => std::process::ExitCode::SUCCESS,
        // A check that failed (`lottery verify`) has said so already.
        Ok(false) => std::process::ExitCode::FAILURE,
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
    let (store, _) = mitreden_server::open_store(&config.database).await?;
    mitreden_server::admin::add_user(&*store, name, &password).await?;
    println!("Konto {name} ist angelegt.");
    Ok(())
}

/// `render --out DIR`.
fn render(
    config: &mitreden_server::Config,
    out: &std::path::Path,
) -> Result<bool, mitreden_server::AppError> {
    let source = mitreden_server::strategy::read_file(&config.strategy)?;
    let name = config.strategy.display().to_string();
    let strategy = mitreden_model::parse::parse_strategy(&name, &source)
        .map_err(|e| mitreden_server::AppError::Startup(e.to_string()))?;
    let dist = mitreden_server::dist::Dist::load(config.dist.as_deref())?;
    let pages = mitreden_server::render::write(strategy, &dist, out)?;
    eprintln!("{pages} Seiten und sw.js in {}", out.display());
    Ok(true)
}

/// `backup FILE` and `restore FILE`.
async fn backup(
    config: &mitreden_server::Config,
    file: &std::path::Path,
    restore: bool,
) -> Result<bool, mitreden_server::AppError> {
    use mitreden_server::backup;
    let Some(database) = config.database.file() else {
        return Err(mitreden_server::AppError::Startup(format!(
            "{}: eine PostgreSQL-Datenbank sichert PostgreSQL selbst (pg_dump zum Sichern, \
             pg_restore zum Zurückspielen; siehe die Betriebsanleitung)",
            config.database
        )));
    };
    let (copied, aside) = if restore {
        let restored = backup::restore(database, file).await?;
        (restored.copied, restored.aside)
    } else {
        (backup::backup(database, file).await?, None)
    };
    let what = if restore {
        format!(
            "{} ist zurückgespielt nach {}{}",
            file.display(),
            database.display(),
            aside.map_or_else(String::new, |a| format!(
                " (die bisherige Datenbank liegt daneben: {})",
                a.display()
            ))
        )
    } else {
        format!("Sicherung {} geschrieben", file.display())
    };
    println!(
        "{what}: {} Beiträge, {:.1} MB, integrity_check ok.",
        copied.comments,
        copied.bytes as f64 / 1e6
    );
    Ok(true)
}

/// `strategy …`: results on standard output, messages on standard error.
async fn strategy(
    config: &mitreden_server::Config,
    action: StrategyAction,
) -> Result<bool, mitreden_server::AppError> {
    use mitreden_server::strategy;
    let (store, _) = mitreden_server::open_store(&config.database).await?;
    let store = &*store;
    match action {
        StrategyAction::Import { file, publish } => {
            let source = strategy::read_file(&file)?;
            let name = file.display().to_string();
            let done =
                strategy::import(store, &name, &source, strategy::BY_COMMAND_LINE, publish).await?;
            let what = match (done.new, done.published) {
                (true, true) => "ist als neue Fassung gespeichert und veröffentlicht",
                (true, false) => "ist als neue Fassung gespeichert (Entwurf, nicht veröffentlicht)",
                (false, true) => "war schon gespeichert und ist veröffentlicht",
                (false, false) => "war schon gespeichert (Entwurf, nicht veröffentlicht)",
            };
            eprintln!("{name} {what}.");
            if done.published {
                eprintln!("Ein laufender Server zeigt diese Fassung innerhalb weniger Sekunden.");
            }
            println!("{}", done.version);
            Ok(true)
        }
        StrategyAction::Export { version } => match strategy::source(store, version).await? {
            Some(source) => {
                print!("{source}");
                Ok(true)
            }
            None => {
                eprintln!(
                    "Fehler: {}",
                    version.map_or_else(
                        || "Es gibt noch keine veröffentlichte Fassung.".to_owned(),
                        |v| format!("Es gibt keine Fassung {v}.")
                    )
                );
                Ok(false)
            }
        },
        StrategyAction::Versions => {
            println!("Fassung\tveröffentlicht\tgespeichert\tvon\tFingerabdruck");
            for v in strategy::versions(store).await? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    v.version,
                    v.published_at.as_deref().unwrap_or("Entwurf"),
                    v.imported_at,
                    v.imported_by,
                    v.fingerprint
                );
            }
            Ok(true)
        }
    }
}

async fn kiosk(
    config: &mitreden_server::Config,
    action: KioskAction,
) -> Result<(), mitreden_server::AppError> {
    use mitreden_server::kiosk;
    let (store, _) = mitreden_server::open_store(&config.database).await?;
    let store = &*store;
    match action {
        KioskAction::Add { label, idle } => {
            let added = kiosk::add(store, &label, idle).await?;
            if added.replaced {
                println!(
                    "Achtung: Das Gerät, das bisher dieser Kiosk war, ist damit kein Kiosk mehr."
                );
            }
            let token = added.token;
            let base = config
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", config.listen));
            println!(
                "Kiosk {:?} ist angelegt (Wartezeit {idle} s). Öffnen Sie auf dem Gerät einmal:\n{}{}",
                label.trim(),
                base.trim_end_matches('/'),
                kiosk::setup_path(&token)
            );
        }
        KioskAction::Revoke { label } => {
            kiosk::revoke(store, &label).await?;
            println!("Kiosk {:?} ist widerrufen.", label.trim());
        }
        KioskAction::List => {
            for k in kiosk::list(store).await? {
                let state = match (&k.revoked_at, &k.set_up_at) {
                    (Some(at), _) => format!("widerrufen {at}"),
                    (None, Some(at)) => format!("eingerichtet {at}"),
                    (None, None) => "Link noch nicht benutzt".to_owned(),
                };
                println!("{}\t{} s\t{state}", k.label, k.idle_seconds);
            }
        }
    }
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
