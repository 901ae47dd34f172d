//! A look into the database behind a state — SQLite or PostgreSQL, whichever the suite runs
//! on (`MITREDEN_SUITE_DATABASE`) — for tests that check what is stored, or move a stored
//! time, behind the server's back. Statements take `$1`, `$2`, … on both (sqlx binds
//! SQLite's `$N` by its number) and are plain SQL both understand; a column read as text
//! is text on both (times are RFC 3339 text everywhere).

use mitreden_server::AppState;
use sqlx::Row;

/// A connection of its own to the state's database.
pub enum Peek {
    /// The file's reading and writing pools.
    Sqlite {
        read: sqlx::SqlitePool,
        write: sqlx::SqlitePool,
    },
    #[cfg(feature = "postgres")]
    Postgres(sqlx::PgPool),
}

/// A value bound to `$N`.
#[derive(Clone, Debug)]
pub enum Bind {
    Text(String),
    Int(i64),
}

impl From<&str> for Bind {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<String> for Bind {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<i64> for Bind {
    fn from(n: i64) -> Self {
        Self::Int(n)
    }
}

/// The state's database, as another program would open it.
pub async fn peek(state: &AppState) -> Peek {
    match &state.sqlite {
        Some(db) => Peek::Sqlite {
            read: db.read.clone(),
            write: db.write.clone(),
        },
        #[cfg(feature = "postgres")]
        None => match &state.database {
            mitreden_server::config::Database::Postgres(url) => Peek::Postgres(
                sqlx::postgres::PgPoolOptions::new()
                    .max_connections(2)
                    .connect(url)
                    .await
                    .unwrap(),
            ),
            mitreden_server::config::Database::File(_) => unreachable!("a file has its pools"),
        },
        #[cfg(not(feature = "postgres"))]
        None => unreachable!("without PostgreSQL every state is on a file"),
    }
}

/// Whether the suite runs on PostgreSQL: the few tests of SQLite's own machinery (its
/// file, its locks, its one writer) say so and end there; their PostgreSQL counterparts
/// are in `crates/server/src/postgres/`.
pub fn on_postgres() -> bool {
    std::env::var("MITREDEN_SUITE_DATABASE").is_ok_and(|v| v == "postgres")
}

macro_rules! bound {
    ($query:expr, $binds:expr) => {{
        let mut q = $query;
        for b in $binds {
            q = match b {
                Bind::Text(s) => q.bind(s.clone()),
                Bind::Int(n) => q.bind(*n),
            };
        }
        q
    }};
}

impl Peek {
    /// Runs a statement; the rows it changed, or the database's refusal.
    pub async fn execute(&self, sql: &str, binds: &[Bind]) -> Result<u64, sqlx::Error> {
        Ok(match self {
            Self::Sqlite { write, .. } => bound!(sqlx::query(sql), binds)
                .execute(write)
                .await?
                .rows_affected(),
            #[cfg(feature = "postgres")]
            Self::Postgres(pool) => bound!(sqlx::query(sql), binds)
                .execute(pool)
                .await?
                .rows_affected(),
        })
    }

    /// [`Peek::execute`] that must succeed.
    pub async fn run(&self, sql: &str, binds: &[Bind]) -> u64 {
        self.execute(sql, binds)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// A number: the first column of the one row (`COUNT(*)`, or a column cast to BIGINT).
    pub async fn number(&self, sql: &str, binds: &[Bind]) -> i64 {
        match self {
            Self::Sqlite { read, .. } => {
                bound!(sqlx::query_scalar::<_, i64>(sql), binds)
                    .fetch_one(read)
                    .await
            }
            #[cfg(feature = "postgres")]
            Self::Postgres(pool) => {
                bound!(sqlx::query_scalar::<_, i64>(sql), binds)
                    .fetch_one(pool)
                    .await
            }
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Every row, each column as text (`NULL` as `None`); columns must be text.
    pub async fn rows(&self, sql: &str, binds: &[Bind]) -> Vec<Vec<Option<String>>> {
        macro_rules! texts {
            ($rows:expr) => {
                $rows
                    .iter()
                    .map(|row| {
                        (0..row.len())
                            .map(|i| row.try_get::<Option<String>, _>(i).unwrap())
                            .collect()
                    })
                    .collect()
            };
        }
        match self {
            Self::Sqlite { read, .. } => bound!(sqlx::query(sql), binds)
                .fetch_all(read)
                .await
                .map(|rows| texts!(rows)),
            #[cfg(feature = "postgres")]
            Self::Postgres(pool) => bound!(sqlx::query(sql), binds)
                .fetch_all(pool)
                .await
                .map(|rows| texts!(rows)),
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The one row's columns as text.
    pub async fn row(&self, sql: &str, binds: &[Bind]) -> Vec<Option<String>> {
        let mut rows = self.rows(sql, binds).await;
        assert_eq!(rows.len(), 1, "{sql}: one row");
        rows.remove(0)
    }

    /// The one row's first column as text.
    pub async fn text(&self, sql: &str, binds: &[Bind]) -> Option<String> {
        self.row(sql, binds).await.remove(0)
    }
}
