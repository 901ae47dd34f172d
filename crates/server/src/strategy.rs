//! The strategy's versions in the database: every text the town has put up for comment, as
//! the strategy file it came in (TOML), numbered in the order it came. The current version
//! is the one published last; the server takes comments on it.
//!
//! An empty database is seeded from the file a server starts with (`--strategy`, stored and
//! published as version 1); afterwards the database is the truth ([`at_start`]): the office
//! publishes in the administration, IT with `strategy import FILE --publish`. Every version
//! stays. The other commands read the current version ([`served`]). A version published while the server runs (`strategy import --publish`
//! from another process) reaches citizens within [`FOLLOW_EVERY`]: the server renders its
//! pages and swaps them in with the strategy it takes comments on ([`follow`]), and the
//! service worker's new version brings it to every open app as the "new version" banner.

use std::path::Path;

use mitreden_model::parse::MAX_FILE_BYTES;
use mitreden_model::{content_hash, Strategy};
pub use mitreden_store::versions::{Imported, StoredVersion};
use mitreden_store::Store;

use crate::AppError;

/// Who put a version in, where no account did (in parentheses: no account name has them).
pub const BY_COMMAND_LINE: &str = "(Kommandozeile)";
/// The version a start took from `--strategy FILE`.
pub const BY_START: &str = "(Start)";

/// Reads and checks a strategy file's text; `name` names it in errors.
pub fn check(name: &str, source: &str) -> Result<Strategy, AppError> {
    read(name, source).map_err(AppError::Startup)
}

/// [`check`] with the problem in words: file, line, column and what is wrong.
pub fn read(name: &str, source: &str) -> Result<Strategy, String> {
    let strategy =
        mitreden_model::parse::parse_strategy(name, source).map_err(|e| e.to_string())?;
    if let Some(event) = &strategy.event {
        crate::lottery::check_times(event).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(strategy)
}

/// The version whose file is exactly `source`, if one is stored.
pub async fn stored_as(store: &dyn Store, source: &str) -> Result<Option<i64>, AppError> {
    Ok(store
        .version_of(source, &content_hash(source.as_bytes()))
        .await?)
}

/// The current version's number and file; `None` before any is published.
pub(crate) async fn current(store: &dyn Store) -> Result<Option<(i64, String)>, AppError> {
    Ok(store.current_version().await?)
}

/// The newest stored version (a draft where one came after the published one) with its
/// file; `None` where none is stored.
pub async fn newest(store: &dyn Store) -> Result<Option<(StoredVersion, String)>, AppError> {
    Ok(store.newest_version().await?)
}

/// The stored `version` with its file; `None` where there is none.
pub async fn stored(
    store: &dyn Store,
    version: i64,
) -> Result<Option<(StoredVersion, String)>, AppError> {
    Ok(store.version(version).await?)
}

/// Every stored version with its file, oldest first, and which one is current.
pub async fn versions_with_sources(
    store: &dyn Store,
) -> Result<(Vec<(StoredVersion, String)>, Option<i64>), AppError> {
    let stored = store.versions().await?;
    let current = current(store).await?.map(|(version, _)| version);
    Ok((stored, current))
}

/// The participation events of every stored version, by id, each as its newest version
/// defines it: a version published later without the event still leaves its applicants'
/// contacts to be deleted on the date it gave.
pub async fn events(store: &dyn Store) -> Result<Vec<mitreden_model::event::Event>, AppError> {
    let stored = store.versions().await?;
    tokio::task::spawn_blocking(move || {
        let mut events: Vec<mitreden_model::event::Event> = Vec::new();
        for (_, source) in stored.iter().rev() {
            let event = read("", source).ok().and_then(|s| s.event);
            if let Some(event) = event.filter(|e| events.iter().all(|k| k.id != e.id)) {
                events.push(event);
            }
        }
        events
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// Reads a strategy file from disk: at most [`MAX_FILE_BYTES`], UTF-8.
pub fn read_file(path: &Path) -> Result<String, AppError> {
    use std::io::Read;
    let unreadable = |e: &dyn std::fmt::Display| {
        AppError::Startup(format!(
            "Strategiedatei {} nicht lesbar: {e}",
            path.display()
        ))
    };
    let file = std::fs::File::open(path).map_err(|e| unreadable(&e))?;
    // One byte more than allowed tells a file too large without reading all of it.
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(&e))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(unreadable(&format!(
            "größer als {} MB",
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        unreadable(&format!(
            "kein UTF-8-Text (ab Byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Stores `source` (checked first: a file that cannot be read stores nothing) as the next
/// version, published if `publish` — which makes it the current one. The same file twice
/// is one version (published again if asked, so an older version can become current).
pub async fn import(
    store: &dyn Store,
    name: &str,
    source: &str,
    by: &str,
    publish: bool,
) -> Result<Imported, AppError> {
    check(name, source)?;
    save(store, source, by, publish).await
}

/// [`import`] of a file read and checked already.
pub async fn save(
    store: &dyn Store,
    source: &str,
    by: &str,
    publish: bool,
) -> Result<Imported, AppError> {
    Ok(store
        .store_version(source, &content_hash(source.as_bytes()), by, publish)
        .await?)
}

/// Stores `source` as the next draft after the newest version, for the editors: unlike an
/// import, a file equal to an older version is stored again (a text put back as it was
/// published must become the newest draft); one equal to the newest is that version.
pub async fn store_next_draft(
    store: &dyn Store,
    source: &str,
    by: &str,
) -> Result<Imported, AppError> {
    Ok(store
        .store_next_draft(source, &content_hash(source.as_bytes()), by)
        .await?)
}

/// What a publish from the administration did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    /// The comments credited with the changes they led to.
    pub credited: usize,
    /// The mails queued to tell those who asked (the worker is woken with it).
    pub queued: usize,
}

/// Who publishes: the staff member, the office that signs a credited comment's answer,
/// and how to tell those who asked ([`crate::notify::events::Teller`], none without mail).
pub struct Publisher<'a> {
    /// The staff member's name.
    pub by: &'a str,
    /// The office's name.
    pub office: &'a str,
    /// Tells the citizens of the comments credited.
    pub teller: Option<&'a crate::notify::events::Teller>,
}

/// Publishes the stored draft `version` (read and checked before as `next`) for `by`:
/// makes it the current version and credits the comments linked to its changes
/// ([`crate::admin::causes`]), in one transaction. `current` is the current version as the
/// caller read it (number and strategy), `expected` the one the confirmation compared
/// with: refused (409 `version_changed`) where either is not the current one any more, and
/// where the version was published before. Nothing is read or parsed from a file while the
/// write lock is held.
pub async fn publish(
    store: &dyn Store,
    version: i64,
    next: &Strategy,
    current: Option<(i64, &Strategy)>,
    expected: Option<i64>,
    Publisher { by, office, teller }: Publisher<'_>,
) -> Result<Published, AppError> {
    use mitreden_store::versions::{Publish, Published as Outcome};
    let done = store
        .publish_version(
            Publish {
                version,
                next,
                current,
                expected,
                by,
                office,
                credit_text: crate::admin::causes::credit_text,
            },
            teller.map(|t| t as &dyn mitreden_store::notify::Teller),
        )
        .await?;
    match done {
        Outcome::Done { credited, queued } => Ok(Published {
            credited: credited.len(),
            queued,
        }),
        Outcome::VersionChanged => Err(AppError::Refused {
            status: axum::http::StatusCode::CONFLICT,
            code: "version_changed".into(),
            detail: "Inzwischen ist eine andere Fassung veröffentlicht worden. Bitte sehen Sie \
                     sich die Änderungen noch einmal an."
                .into(),
        }),
        Outcome::NotFound => Err(AppError::NotFound(format!("Keine Fassung {version}."))),
        Outcome::AlreadyPublished => Err(AppError::BadInput(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            format!("Fassung {version} ist schon veröffentlicht."),
        )),
        // Drafts build on one another: an older one published would leave the newer ones
        // built on a text citizens never read.
        Outcome::NotNewest { newest } => Err(AppError::BadInput(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "Veröffentlichen lässt sich nur die neueste Fassung ({newest}): Sie baut auf \
                 Fassung {version} auf."
            ),
        )),
    }
}

/// Every stored version, oldest first.
pub async fn versions(store: &dyn Store) -> Result<Vec<StoredVersion>, AppError> {
    Ok(store
        .versions()
        .await?
        .into_iter()
        .map(|(v, _)| v)
        .collect())
}

/// The file of `version`, or of the current version (published last); `None` where there
/// is none.
pub async fn source(store: &dyn Store, version: Option<i64>) -> Result<Option<String>, AppError> {
    Ok(match version {
        Some(v) => store.version(v).await?.map(|(_, source)| source),
        None => current(store).await?.map(|(_, source)| source),
    })
}

/// What `serve` takes comments on: the database's current version. Only an empty
/// database (no version published) takes the file it starts with (`name`, its text
/// `given`), checked, as its first version; afterwards the database is the truth — a
/// restart never undoes what the office published, whatever file it names.
pub async fn at_start(
    store: &dyn Store,
    name: &str,
    given: &str,
) -> Result<(Strategy, String), AppError> {
    if let Some(current) = source(store, None).await? {
        if current != given {
            tracing::info!(
                file = %name,
                "the database's current version is served, not the file: the file only seeds \
                 an empty database (publish a file with `strategy import FILE --publish` or \
                 in the administration)"
            );
        }
        let strategy = check("aktuelle Fassung der Datenbank", &current)?;
        return Ok((strategy, current));
    }
    let strategy = check(name, given)?;
    let done = save(store, given, BY_START, true).await?;
    tracing::info!(file = %name, version = done.version, "the database is seeded from the file");
    Ok((strategy, given.to_owned()))
}

/// How often a running server looks for a version published by another process.
pub const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Makes the current version of the database the one served, where it is not yet: renders
/// its pages and swaps them in together with the strategy comments are taken on
/// (`render::Pages::publish`). Answers whether it did.
pub async fn follow(state: &crate::AppState) -> Result<bool, AppError> {
    // One at a time: a publish in the administration and the regular look would otherwise
    // both render the same version.
    static FOLLOWING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _one = FOLLOWING.lock().await;
    let Some(current) = source(&*state.store, None).await? else {
        return Ok(false);
    };
    let fingerprint = mitreden_model::content_hash(current.as_bytes());
    if *state.strategy_version() == *fingerprint {
        return Ok(false);
    }
    let strategy = check("aktuelle Fassung der Datenbank", &current)?;
    let took = state.pages.publish(strategy, fingerprint.into()).await?;
    tracing::info!(
        ms = took.as_millis() as u64,
        "a newly published version is served"
    );
    Ok(true)
}

/// [`follow`] every [`FOLLOW_EVERY`], for as long as the server runs.
pub async fn keep_following(state: crate::AppState) {
    let mut every = tokio::time::interval(FOLLOW_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = follow(&state).await {
            tracing::warn!(error = %e, "the published version could not be served");
        }
    }
}

/// What the commands other than `serve` work with: the current version, or — in a database
/// no server has started on yet — the file given, read but not stored.
pub async fn served(store: &dyn Store, file: &Path) -> Result<Strategy, AppError> {
    match source(store, None).await? {
        Some(current) => check("aktuelle Fassung der Datenbank", &current),
        None => {
            let name = file.display().to_string();
            check(&name, &read_file(file)?)
        }
    }
}
