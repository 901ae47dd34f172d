//! Command-line flags, each with an environment variable as fallback (for services).

use std::path::PathBuf;

use clap::Parser;

/// How the server is started.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "mitreden-server",
    version = crate::VERSION,
    about = "Serves mitreden and stores comments."
)]
pub struct Config {
    /// Address and port to listen on (port 0 picks a free one and prints it).
    #[arg(long, env = "MITREDEN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// Where comments are stored: a SQLite file (created with its folder if absent), or a
    /// PostgreSQL database as `postgres://USER:PASSWORD@HOST:PORT/NAME` (15 or newer; the
    /// database must exist, its tables are made and migrated at start).
    #[arg(
        long,
        env = "MITREDEN_DATABASE",
        default_value = "data/mitreden.sqlite3",
        value_parser = Database::parse
    )]
    pub database: Database,

    /// Where `/metrics` (Prometheus) is served, with `/healthz` and `/readyz`: an address
    /// of its own, e.g. `127.0.0.1:9090`, never the public one. Without it: no metrics.
    #[arg(long, env = "MITREDEN_METRICS_LISTEN")]
    pub metrics_listen: Option<String>,

    /// `text` for people, `json` (one object per line) for a log collector. Logs name no
    /// comment text, name, e-mail address or token.
    #[arg(long, env = "MITREDEN_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,

    /// The built app (Trunk's output folder, precompressed by `cargo xtask`). Without it: the
    /// app built into this binary (a release from `cargo xtask dist`), else `dist/`.
    #[arg(long, env = "MITREDEN_DIST")]
    pub dist: Option<PathBuf>,

    /// The strategy file that seeds a database without a published version (its first
    /// version); afterwards the database's current version is served, whatever file is
    /// named. Any build of the app serves it.
    #[arg(
        long,
        env = "MITREDEN_STRATEGY",
        default_value = "content/sindelfingen.toml"
    )]
    pub strategy: PathBuf,

    /// Who signs official answers.
    #[arg(long, env = "MITREDEN_OFFICE", default_value = "Stadtverwaltung")]
    pub office: String,

    /// `pre`: comments are public only once published; `post`: public unless rejected.
    #[arg(long, env = "MITREDEN_MODERATION", value_enum, default_value = "pre")]
    pub moderation: Moderation,

    /// Mark the session cookie `Secure` (when served over TLS, e.g. behind a proxy).
    #[arg(long, env = "MITREDEN_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// The most comments one database commit gathers from waiting requests (group
    /// commit); 1 commits every request on its own (slower; for comparison).
    #[arg(long, env = "MITREDEN_GROUP_COMMIT", default_value_t = crate::ingest::DEFAULT_GROUP)]
    pub group_commit: usize,

    /// Seconds a client may take to send a request's head (request line and headers).
    #[arg(long, env = "MITREDEN_HEADER_TIMEOUT", default_value_t = 10)]
    pub header_timeout: u64,

    /// Seconds a whole request may take, body included.
    #[arg(long, env = "MITREDEN_REQUEST_DEADLINE", default_value_t = 60)]
    pub request_deadline: u64,

    /// Origins that may show the app in a frame (the town's homepage, for the embed),
    /// e.g. `https://www.sindelfingen.de`; the administration is never frameable.
    #[arg(long, env = "MITREDEN_FRAME_ANCESTORS", value_delimiter = ' ', value_parser = crate::headers::check_origin)]
    pub frame_ancestors: Vec<String>,

    /// Comment batches and withdrawals a citizen's address may send: `N/S` allows N at
    /// once and N per S seconds; `0` switches the limit off.
    #[arg(long, env = "MITREDEN_RATE_LIMIT", default_value = "30/60")]
    pub rate_limit: crate::limits::Rate,

    /// Look-ups of receipts and states a citizen's address may make ("Meine Beiträge"
    /// asks once per comment), as `N/S`; `0` switches the limit off.
    #[arg(long, env = "MITREDEN_RECEIPT_RATE_LIMIT", default_value = "300/60")]
    pub receipt_rate_limit: crate::limits::Rate,

    /// What one set-up kiosk may send (comments and look-ups together), as `N/S`: a kiosk
    /// serves many people one after another, from the town hall's one address.
    #[arg(long, env = "MITREDEN_KIOSK_RATE_LIMIT", default_value = "600/60")]
    pub kiosk_rate_limit: crate::limits::Rate,

    /// The server's public address (e.g. `https://mitreden.sindelfingen.de`), for the links
    /// it prints (kiosk set-up); default: `http://` and the listening address.
    #[arg(long, env = "MITREDEN_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Proxies in front of the server (their addresses) whose `X-Forwarded-For` is
    /// believed; repeat for several.
    #[arg(
        long = "trusted-proxy",
        env = "MITREDEN_TRUSTED_PROXIES",
        value_delimiter = ' '
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// The most connections open at once; further clients wait to be accepted.
    #[arg(long, env = "MITREDEN_MAX_CONNECTIONS", default_value_t = 1000)]
    pub max_connections: usize,

    /// The most connections one client (address, or IPv6 network) may hold open; more are
    /// closed at once. A trusted proxy is not counted (it carries everyone's).
    #[arg(
        long,
        env = "MITREDEN_MAX_CONNECTIONS_PER_CLIENT",
        default_value_t = 64
    )]
    pub max_connections_per_client: usize,

    /// How many leading bits of an IPv6 address make one client for rate limits, sign-in
    /// throttles and connections (a household or phone gets a whole /64).
    #[arg(long, env = "MITREDEN_IPV6_PREFIX", default_value_t = 64,
        value_parser = clap::value_parser!(u8).range(1..=128))]
    pub ipv6_prefix: u8,

    /// The SMTP server that sends the mails (`smtp://host:port`, `?tls=required` for
    /// STARTTLS, `smtps://` for TLS, `user:password@` to sign in). Without it no mail is
    /// sent and citizens are not offered the e-mail way. Needs `--mail-from` and
    /// `--public-url` (the mails' links).
    #[arg(long, env = "MITREDEN_SMTP_URL", requires_all = ["mail_from", "public_url"])]
    pub smtp_url: Option<String>,

    /// The sender of the mails, e.g. `Stadt Sindelfingen <mitreden@sindelfingen.de>`.
    #[arg(long, env = "MITREDEN_MAIL_FROM", requires = "smtp_url")]
    pub mail_from: Option<String>,

    /// Web Push to citizens' browsers (needs `--public-url`, and this server reaching the
    /// browsers' push services over HTTPS); `off` offers only the e-mail.
    #[arg(long, env = "MITREDEN_PUSH", value_enum, default_value = "on")]
    pub push: Switch,

    /// Certificates (PEM) the push client trusts besides the Web PKI's: a proxy's that
    /// inspects outgoing TLS.
    #[arg(long, env = "MITREDEN_PUSH_CA")]
    pub push_ca: Option<PathBuf>,

    /// `off` builds every public list and count anew for each request instead of keeping
    /// the encoded answer until something changes (to measure what keeping is worth).
    #[arg(long, env = "MITREDEN_READ_CACHE", value_enum, default_value = "on")]
    pub read_cache: Switch,
}

/// On or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Switch {
    /// On (the default).
    On,
    /// Off.
    Off,
}

/// How the log is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Lines for people.
    Text,
    /// One JSON object per line.
    Json,
}

/// When comments become public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Moderation {
    /// Only after staff publish them (the default).
    Pre,
    /// At once, unless staff reject them.
    Post,
}

impl Moderation {
    /// The moderation states in which a comment is public under this mode.
    pub fn public_states(self) -> &'static [mitreden_model::api::ModerationState] {
        use mitreden_model::api::ModerationState;
        match self {
            Moderation::Pre => &[ModerationState::Published],
            Moderation::Post => &[ModerationState::Published, ModerationState::Received],
        }
    }
}

impl Config {
    /// The defaults with these paths (for tests, benchmarks and tools).
    pub fn with_paths(database: PathBuf, dist: PathBuf, strategy: PathBuf) -> Self {
        Self {
            listen: "127.0.0.1:0".into(),
            metrics_listen: None,
            log_format: LogFormat::Text,
            database: Database::File(database),
            dist: Some(dist),
            strategy,
            office: "Stadtverwaltung".into(),
            moderation: Moderation::Pre,
            secure_cookies: false,
            group_commit: crate::ingest::DEFAULT_GROUP,
            max_connections: 1000,
            max_connections_per_client: 64,
            ipv6_prefix: 64,
            read_cache: Switch::On,
            header_timeout: 10,
            frame_ancestors: Vec::new(),
            // Tests and benchmarks send far more than a citizen; those about the limit set it.
            rate_limit: crate::limits::Rate::OFF,
            receipt_rate_limit: crate::limits::Rate::OFF,
            kiosk_rate_limit: crate::limits::Rate::OFF,
            public_url: None,
            trusted_proxies: Vec::new(),
            request_deadline: 60,
            smtp_url: None,
            mail_from: None,
            push: Switch::On,
            push_ca: None,
        }
    }
}

/// Where the server stores: `--database`.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file, the embedded default.
    File(PathBuf),
    /// A PostgreSQL database's URL (`postgres://` or `postgresql://`).
    Postgres(String),
}

impl Database {
    /// `--database`'s value: a URL with a scheme is a database address — PostgreSQL's is
    /// taken, any other refused in plain words (a URL was once taken for a path and a
    /// SQLite file silently made in a new folder named `postgres:`) —, anything else is a
    /// file.
    pub fn parse(value: &str) -> Result<Self, String> {
        match value.split_once("://") {
            Some(("postgres" | "postgresql", _)) => Ok(Self::Postgres(value.to_owned())),
            Some((scheme, _)) if !scheme.is_empty() && !scheme.contains(['/', '\\']) => {
                Err(format!(
                    "„{scheme}://…“ ist eine Datenbank-Adresse, aber keine bekannte: mitreden \
                     speichert in einer SQLite-Datei (z. B. data/mitreden.sqlite3) oder in \
                     PostgreSQL (postgres://BENUTZER:PASSWORT@HOST:PORT/DATENBANK)"
                ))
            }
            _ => Ok(Self::File(PathBuf::from(value))),
        }
    }

    /// The SQLite file, if it is one.
    pub fn file(&self) -> Option<&std::path::Path> {
        match self {
            Self::File(path) => Some(path),
            Self::Postgres(_) => None,
        }
    }
}

/// For logs and messages: a file's path, or the URL without its password.
impl std::fmt::Display for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File(path) => write!(f, "{}", path.display()),
            Self::Postgres(url) => {
                let Some((scheme, rest)) = url.split_once("://") else {
                    return f.write_str("postgres://…");
                };
                // user:password@host/db → user:…@host/db; the password never leaves.
                match rest.rsplit_once('@') {
                    Some((who, place)) => {
                        let user = who.split_once(':').map_or(who, |(user, _)| user);
                        let hidden = if who.contains(':') { ":…" } else { "" };
                        write!(f, "{scheme}://{user}{hidden}@{place}")
                    }
                    None => write!(f, "{scheme}://{rest}"),
                }
            }
        }
    }
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Database({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_url_is_a_database_another_url_is_refused_and_a_path_is_a_path() {
        for url in [
            "postgres://postgres@127.0.0.1:55439/mitreden",
            "postgresql://u@h/db",
        ] {
            assert_eq!(
                Database::parse(url).unwrap(),
                Database::Postgres(url.into())
            );
        }
        for url in ["sqlite://data/x.sqlite3", "mysql://h/db"] {
            let e = Database::parse(url).unwrap_err();
            assert!(e.contains("keine bekannte"), "{e}");
        }
        for path in [
            "data/mitreden.sqlite3",
            "/var/lib/mitreden/mitreden.sqlite3",
            "./a://b",
            "odd name: with colon",
        ] {
            assert_eq!(Database::parse(path).unwrap(), Database::File(path.into()));
        }
        // Through clap, as a user types it.
        let e = Config::try_parse_from(["mitreden-server", "--database", "mysql://h/db"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("keine bekannte"), "{e}");
        let c =
            Config::try_parse_from(["mitreden-server", "--database", "postgres://h/db"]).unwrap();
        assert_eq!(c.database, Database::Postgres("postgres://h/db".into()));
    }

    #[test]
    fn a_database_url_is_shown_without_its_password() {
        let shown = |url: &str| Database::parse(url).unwrap().to_string();
        assert_eq!(
            shown("postgres://app:s3cret@db:5432/m"),
            "postgres://app:…@db:5432/m"
        );
        assert_eq!(shown("postgres://app@db/m"), "postgres://app@db/m");
        assert_eq!(shown("postgresql://db/m"), "postgresql://db/m");
        assert_eq!(shown("postgres://a:b:c@d@h/m"), "postgres://a:…@h/m");
        assert_eq!(shown("data/x.sqlite3"), "data/x.sqlite3");
    }
}
