//! mitreden's server: one process that serves the web app and the REST API and stores
//! comments in an embedded SQLite file.
//!
//! [`app`] builds the whole [`Router`] from an [`AppState`], so tests drive it with
//! `oneshot` and no socket; [`serve`] binds it to an address.
//!
//! # Layout
//! - [`config`]: command-line flags with environment fallbacks.
//! - [`db`]: opening the database and applying migrations.
//! - [`api`]: `/api/v1/strategy` and `/healthz`.
//! - [`comments`]: `/api/v1/comments` — the idempotent batch ingest and a comment's status.
//! - [`assets`]: the built app from `dist/`, precompressed, with cache rules and the
//!   fallback that answers every app route with `index.html`.
//! - [`admin`]: staff sign-in (argon2id, session cookie, throttling, same-origin check) and
//!   moderation: the queue, publish, reject, official answers.
//! - [`public`]: published comments with their answers, and counts per section.
//! - [`rows`]: a comment with its answer, read from a joined row (admin, public, receipt).
//! - [`pwa`]: the web app manifest and its icons, made from the strategy file.
//! - [`error`]: the one error type every handler returns, rendered as problem+json.

pub mod admin;
pub mod api;
pub mod assets;
pub mod comments;
pub mod config;
pub mod db;
pub mod error;
pub mod public;
pub mod pwa;
pub mod rows;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use mitreden_model::Strategy;
use sqlx::SqlitePool;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use config::Config;
pub use error::AppError;

/// What every request handler may need, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The comment store.
    pub db: SqlitePool,
    /// The strategy the server accepts comments on (the same file the app bundles).
    pub strategy: Arc<Strategy>,
    /// The fingerprint of the strategy file, as the app computes it at build time.
    pub strategy_version: Arc<str>,
    /// The folder with the built app (Trunk's `dist/`).
    pub dist: PathBuf,
    /// Who signs official answers.
    pub office: Arc<str>,
    /// When comments become public.
    pub moderation: config::Moderation,
    /// Whether the session cookie is marked `Secure`.
    pub secure_cookies: bool,
    /// Failed sign-ins per account name, for throttling.
    pub login_failures: admin::Throttle,
}

impl AppState {
    /// Reads the strategy file and opens (creates, migrates) the database.
    pub async fn load(config: &Config) -> Result<Self, AppError> {
        let source = std::fs::read_to_string(&config.strategy).map_err(|e| {
            AppError::Startup(format!(
                "Strategiedatei {} nicht lesbar: {e}",
                config.strategy.display()
            ))
        })?;
        let name = config.strategy.display().to_string();
        let strategy = mitreden_model::parse::parse_strategy(&name, &source)
            .map_err(|e| AppError::Startup(e.to_string()))?;
        let db = db::open(&config.database).await?;
        Ok(Self {
            db,
            strategy: Arc::new(strategy),
            strategy_version: mitreden_model::content_hash(source.as_bytes()).into(),
            dist: config.dist.clone(),
            office: config.office.as_str().into(),
            moderation: config.moderation,
            secure_cookies: config.secure_cookies,
            login_failures: admin::Throttle::default(),
        })
    }
}

/// The whole HTTP surface: API, health check and the app.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(comments::routes())
        .merge(pwa::routes())
        .merge(admin::routes())
        .merge(public::routes())
        .fallback(assets::fallback)
        .with_state(state)
        .layer(TraceLayer::new_for_http())
}

/// Binds `config.listen`, logs the address, and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), AppError> {
    let state = AppState::load(&config).await?;
    if !state.dist.join("index.html").is_file() {
        tracing::warn!(
            dist = %state.dist.display(),
            "no built app found (index.html missing); run `cargo xtask run` to build it"
        );
    }
    let listener = TcpListener::bind(&config.listen).await.map_err(|e| {
        AppError::Startup(format!("Adresse {} nicht verfügbar: {e}", config.listen))
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| AppError::Startup(e.to_string()))?;
    // Printed on stdout as a plain line: tests and scripts started on port 0 read it.
    println!("mitreden listening on http://{addr}");
    tracing::info!(%addr, database = %config.database.display(), "server started");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| AppError::Startup(e.to_string()))
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before the process ends.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
