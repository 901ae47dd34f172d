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
use mitreden_model::Strategy;
use sqlx::SqlitePool;

use crate::AppError;

/// Who put a version in, where no account did (in parentheses: no account name has them).
pub const BY_COMMAND_LINE: &str = "(Kommandozeile)";
/// The version a start took from `--strategy FILE`.
pub const BY_START: &str = "(Start)";

/// A stored version, without its text.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredVersion {
    /// 1, 2, … in the order they came.
    pub version: i64,
    /// [`mitreden_model::content_hash`] of its file.
    pub fingerprint: String,
    /// When it came (UTC, RFC 3339).
    pub imported_at: String,
    /// Who put it in.
    pub imported_by: String,
    /// When it was published; `None` for a draft.
    pub published_at: Option<String>,
    /// Who published it in the administration.
    pub published_by: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    /// The version the file is now.
    pub version: i64,
    /// False where the same file was stored already (nothing new was stored).
    pub new: bool,
    /// Whether that version is published.
    pub published: bool,
}

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
pub async fn stored_as(db: &SqlitePool, source: &str) -> Result<Option<i64>, AppError> {
    Ok(find(db, source).await?.map(|(version, _)| version))
}

/// The newest version whose file is exactly `source`, with when it was published.
async fn find<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Sqlite>,
    source: &str,
) -> Result<Option<(i64, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT version, published_at FROM strategy_versions WHERE fingerprint = ? AND source = ? \
         ORDER BY version DESC LIMIT 1",
    )
    .bind(mitreden_model::content_hash(source.as_bytes()))
    .bind(source)
    .fetch_optional(db)
    .await
}

/// The current version, the one published last (a query's end: what it selects comes
/// before).
const CURRENT: &str = "FROM strategy_versions WHERE published_at IS NOT NULL \
     ORDER BY published_at DESC, version DESC LIMIT 1";

/// The current version's number and file; `None` before any is published.
pub(crate) async fn current(db: &SqlitePool) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT version, source {CURRENT}"))
        .fetch_optional(db)
        .await
}

/// A stored version with its file, as [`WITH_SOURCE`] reads it.
#[derive(sqlx::FromRow)]
struct WithSource {
    #[sqlx(flatten)]
    version: StoredVersion,
    source: String,
}

/// Every stored version with its file (a query's start: its order and limit follow).
const WITH_SOURCE: &str = "SELECT version, fingerprint, imported_at, imported_by, published_at, \
     published_by, source FROM strategy_versions";

/// The newest stored version (a draft where one came after the published one) with its
/// file; `None` where none is stored.
pub async fn newest(db: &SqlitePool) -> Result<Option<(StoredVersion, String)>, AppError> {
    let row: Option<WithSource> =
        sqlx::query_as(&format!("{WITH_SOURCE} ORDER BY version DESC LIMIT 1"))
            .fetch_optional(db)
            .await?;
    Ok(row.map(|r| (r.version, r.source)))
}

/// The stored `version` with its file; `None` where there is none.
pub async fn stored(
    db: &SqlitePool,
    version: i64,
) -> Result<Option<(StoredVersion, String)>, AppError> {
    let row: Option<WithSource> = sqlx::query_as(&format!("{WITH_SOURCE} WHERE version = ?"))
        .bind(version)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|r| (r.version, r.source)))
}

/// Every stored version with its file, oldest first, and which one is current.
pub async fn versions_with_sources(
    db: &SqlitePool,
) -> Result<(Vec<(StoredVersion, String)>, Option<i64>), AppError> {
    let rows: Vec<WithSource> = sqlx::query_as(&format!("{WITH_SOURCE} ORDER BY version"))
        .fetch_all(db)
        .await?;
    let current = current(db).await?.map(|(version, _)| version);
    Ok((
        rows.into_iter().map(|r| (r.version, r.source)).collect(),
        current,
    ))
}

/// The participation events of every stored version, by id, each as its newest version
/// defines it: a version published later without the event still leaves its applicants'
/// contacts to be deleted on the date it gave.
pub async fn events(db: &SqlitePool) -> Result<Vec<mitreden_model::event::Event>, AppError> {
    let (stored, _) = versions_with_sources(db).await?;
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
    db: &SqlitePool,
    name: &str,
    source: &str,
    by: &str,
    publish: bool,
) -> Result<Imported, AppError> {
    check(name, source)?;
    store(db, source, by, publish).await
}

/// [`import`] of a file read and checked already.
pub async fn store(
    db: &SqlitePool,
    source: &str,
    by: &str,
    publish: bool,
) -> Result<Imported, AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let imported = match find(&mut *tx, source).await? {
        Some((version, published_at)) => {
            if publish {
                publish_in(&mut tx, version).await?;
            }
            Imported {
                version,
                new: false,
                published: publish || published_at.is_some(),
            }
        }
        None => {
            let version = insert(&mut tx, source, by).await?;
            if publish {
                publish_in(&mut tx, version).await?;
            }
            Imported {
                version,
                new: true,
                published: publish,
            }
        }
    };
    tx.commit().await?;
    Ok(imported)
}

/// Stores `source` as the next draft after the newest version, for the editors: unlike an
/// import, a file equal to an older version is stored again (a text put back as it was
/// published must become the newest draft); one equal to the newest is that version.
pub async fn store_next_draft(
    db: &SqlitePool,
    source: &str,
    by: &str,
) -> Result<Imported, AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let newest: Option<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT version, source, published_at FROM strategy_versions \
         ORDER BY version DESC LIMIT 1",
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((version, newest, published_at)) = newest {
        if newest == source {
            return Ok(Imported {
                version,
                new: false,
                published: published_at.is_some(),
            });
        }
    }
    let version = insert(&mut tx, source, by).await?;
    tx.commit().await?;
    Ok(Imported {
        version,
        new: true,
        published: false,
    })
}

/// Stores `source` as the next version (a draft); its number.
async fn insert(
    tx: &mut sqlx::SqliteConnection,
    source: &str,
    by: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO strategy_versions (source, fingerprint, imported_at, imported_by) \
         VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?) RETURNING version",
    )
    .bind(source)
    .bind(mitreden_model::content_hash(source.as_bytes()))
    .bind(by)
    .fetch_one(tx)
    .await
}

async fn publish_in(tx: &mut sqlx::SqliteConnection, version: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE strategy_versions SET published_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), \
         published_by = NULL WHERE version = ?",
    )
    .bind(version)
    .execute(tx)
    .await?;
    Ok(())
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
    db: &SqlitePool,
    version: i64,
    next: &Strategy,
    current: Option<(i64, &Strategy)>,
    expected: Option<i64>,
    Publisher { by, office, teller }: Publisher<'_>,
) -> Result<Published, AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let now_current: Option<i64> = sqlx::query_scalar(&format!("SELECT version {CURRENT}"))
        .fetch_optional(&mut *tx)
        .await?;
    if now_current != expected || current.map(|(v, _)| v) != expected {
        return Err(AppError::Refused {
            status: axum::http::StatusCode::CONFLICT,
            code: "version_changed".into(),
            detail: "Inzwischen ist eine andere Fassung veröffentlicht worden. Bitte sehen Sie \
                     sich die Änderungen noch einmal an."
                .into(),
        });
    }
    let published_at: Option<Option<String>> =
        sqlx::query_scalar("SELECT published_at FROM strategy_versions WHERE version = ?")
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
    match published_at {
        None => return Err(AppError::NotFound(format!("Keine Fassung {version}."))),
        Some(Some(_)) => {
            return Err(AppError::BadInput(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                format!("Fassung {version} ist schon veröffentlicht."),
            ))
        }
        Some(None) => {}
    }
    // Drafts build on one another: an older one published would leave the newer ones
    // built on a text citizens never read.
    let newest: i64 = sqlx::query_scalar("SELECT MAX(version) FROM strategy_versions")
        .fetch_one(&mut *tx)
        .await?;
    if newest != version {
        return Err(AppError::BadInput(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "Veröffentlichen lässt sich nur die neueste Fassung ({newest}): Sie baut auf \
                 Fassung {version} auf."
            ),
        ));
    }
    publish_in(&mut tx, version).await?;
    sqlx::query("UPDATE strategy_versions SET published_by = ? WHERE version = ?")
        .bind(by)
        .bind(version)
        .execute(&mut *tx)
        .await?;
    let pending = crate::admin::causes::pending(&mut *tx).await?;
    let credits = crate::admin::causes::due(&pending, current.map(|(_, s)| s), next);
    let credited = crate::admin::causes::credit(&mut tx, &credits, by, office).await?;
    // Those who asked are told, in the same transaction, that the comment led to it.
    let mut queued = 0;
    if let Some(teller) = teller {
        for id in &credited {
            queued += teller
                .told(
                    &mut tx,
                    id,
                    mitreden_model::notify::NotifyEvent::NewVersion,
                    None,
                )
                .await?;
        }
    }
    tx.commit().await?;
    Ok(Published {
        credited: credited.len(),
        queued,
    })
}

/// Every stored version, oldest first.
pub async fn versions(db: &SqlitePool) -> Result<Vec<StoredVersion>, AppError> {
    Ok(sqlx::query_as(
        "SELECT version, fingerprint, imported_at, imported_by, published_at, published_by \
         FROM strategy_versions ORDER BY version",
    )
    .fetch_all(db)
    .await?)
}

/// The file of `version`, or of the current version (published last); `None` where there
/// is none.
pub async fn source(db: &SqlitePool, version: Option<i64>) -> Result<Option<String>, AppError> {
    let found = match version {
        Some(v) => {
            sqlx::query_scalar("SELECT source FROM strategy_versions WHERE version = ?")
                .bind(v)
                .fetch_optional(db)
                .await?
        }
        None => current(db).await?.map(|(_, source)| source),
    };
    Ok(found)
}

/// What `serve` takes comments on: the database's current version. Only an empty
/// database (no version published) takes the file it starts with (`name`, its text
/// `given`), checked, as its first version; afterwards the database is the truth — a
/// restart never undoes what the office published, whatever file it names.
pub async fn at_start(
    db: &SqlitePool,
    name: &str,
    given: &str,
) -> Result<(Strategy, String), AppError> {
    if let Some(current) = source(db, None).await? {
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
    let done = store(db, given, BY_START, true).await?;
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
    let Some(current) = source(&state.db.read, None).await? else {
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
pub async fn served(db: &SqlitePool, file: &Path) -> Result<Strategy, AppError> {
    match source(db, None).await? {
        Some(current) => check("aktuelle Fassung der Datenbank", &current),
        None => {
            let name = file.display().to_string();
            check(&name, &read_file(file)?)
        }
    }
}
