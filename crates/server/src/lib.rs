//! mitreden's server: one process that serves the web app and the REST API and stores
//! comments in an embedded SQLite file.
//!
//! [`app`] builds the whole [`Router`] from an [`AppState`], so tests drive it with
//! `oneshot` and no socket; [`serve`] binds it to an address.
//!
//! # Layout
//! - [`config`]: command-line flags with environment fallbacks.
//! - [`db`]: opening the database (a read pool and the one write connection), migrations,
//!   erasing the WAL.
//! - [`strategy`]: the strategy's versions in the database (a database without a published
//!   version is seeded from `--strategy FILE`; afterwards the database is the truth),
//!   `mitreden-server strategy …`, following a publish of another process.
//! - [`document`]: the town's own document (Word, OpenDocument, Markdown) read into a
//!   strategy beside the current version, for the administration's preview.
//! - [`ingest`]: the group-commit writer every comment write goes through.
//! - [`client`]: the client's address (the peer, or behind a trusted proxy the forwarded
//!   one).
//! - [`limits`]: rate limits per client address (or kiosk) on the citizens' routes.
//! - [`kiosk`]: kiosks — set-up links, the device's secret, revocation, recognising a
//!   kiosk's requests.
//! - [`extract`]: JSON, form, query and path extractors whose rejections are problem+json.
//! - [`api`]: `/api/v1/strategy`, `/healthz` (alive) and `/readyz` (the database can be
//!   written).
//! - [`comments`]: `/api/v1/comments` — the idempotent batch ingest and a comment's status.
//! - [`render`]: the citizens' pages rendered from the strategy by the app's own
//!   components, kept in memory precompressed, and the service worker made from them.
//! - [`assets`]: the rendered pages for the app's routes (unknown ones the "not found"
//!   page with 404), the built app's files from `dist/`, precompressed, with cache rules.
//! - [`admin`]: staff sign-in (argon2id, session cookie, throttling, same-origin check) and
//!   moderation: the queue, publish, reject, official answers.
//! - [`lottery`]: a participation event's applications and its verifiable draw by lot
//!   (issue 14): applying, withdrawing, closing, the commitment, the draw, deleting the
//!   contacts (also automatically), and `mitreden-server lottery …`.
//! - [`public`]: published comments with their answers in pages, and counts per section.
//! - [`read_cache`]: the public lists and counts kept encoded until a write, with `ETag`s
//!   (a burst of readers costs one query).
//! - [`open_data`]: the published comments with answers as open data (JSON, CSV) under the
//!   strategy file's licence.
//! - [`rows`]: a comment with its answer, read from a joined row (admin, public, receipt).
//! - [`report`]: the council's printable report (`/bericht`) and the figures (`/zahlen`),
//!   server-rendered HTML with SVG charts, no script.
//! - [`headers`]: security headers (content security policy with the hashes of the built
//!   pages' inline scripts, frame ancestors, and the rest) on every response.
//! - [`openapi`]: the API document (OpenAPI 3.1, utoipa) at `/api/openapi.json`.
//! - [`pwa`]: the web app manifest and its icons, made from the strategy file.
//! - [`error`]: the one error type every handler returns, rendered as problem+json; 503
//!   with `Retry-After` when busy; the answer for a panicking handler.
//!
//! # Nothing a client sends stops the server
//! A handler that panics answers 500 for its own request and the process goes on
//! (tower-http's catch-panic layer; the server is built to unwind, see below). Every
//! connection has a deadline for its request head ([`Config::header_timeout`]), every
//! request one for the whole request ([`Config::request_deadline`]) and for each pause in
//! its body ([`BODY_IDLE_TIMEOUT`]); the number of open connections is capped
//! ([`Config::max_connections`]).

pub mod admin;
pub mod api;
pub mod assets;
pub mod backup;
pub mod client;
pub mod clock;
pub mod comments;
pub mod config;
pub mod db;
pub mod dist;
pub mod document;
pub mod error;
pub mod extract;
pub mod headers;
pub mod ingest;
pub mod kiosk;
pub mod limits;
pub mod lottery;
pub mod metrics;
pub mod notify;
pub mod open_data;
pub mod openapi;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod public;
pub mod pwa;
pub mod read_cache;
pub mod render;
pub mod report;
pub mod retention;
pub mod rows;
pub mod sqlite;
pub mod strategy;

// A panic must end one request, never the process: the server unwinds. (The workspace's
// release profile once set `panic = "abort"` for the wasm and stopped the server with one
// request.)
#[cfg(panic = "abort")]
compile_error!("mitreden-server must be built with panic = \"unwind\"");

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::middleware::{from_fn, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use mitreden_model::Strategy;
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

pub use config::Config;

/// The version and the commit it was built from (`--version`; see `build.rs`).
pub const VERSION: &str = env!("MITREDEN_VERSION");
pub use error::AppError;

/// What every request handler may need, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Everything the server stores, on SQLite or PostgreSQL (`--database`).
    pub store: Arc<dyn mitreden_store::Store>,
    /// Where the store is a SQLite file: its pools (tests look into the file with them).
    pub sqlite: Option<db::Db>,
    /// `--database`: the file or the PostgreSQL address.
    pub database: config::Database,
    /// The group-commit writer for comments.
    pub ingest: ingest::Ingest,
    /// The built app, in memory.
    pub dist: Arc<dist::Dist>,
    /// The published strategy, and the citizens' pages and service worker rendered from it
    /// (see [`AppState::strategy`]).
    pub pages: Arc<render::Pages>,
    /// Who signs official answers.
    pub office: Arc<str>,
    /// When comments become public.
    pub moderation: config::Moderation,
    /// Whether the session cookie is marked `Secure` (and named `__Host-…`).
    pub secure_cookies: bool,
    /// The origin of `--public-url`, if given: the only one whose requests may change
    /// state in the administration.
    pub public_origin: Option<Arc<str>>,
    /// Failed sign-ins per account name, for throttling.
    pub login_failures: admin::Throttle,
    /// How long a whole request may take.
    pub request_deadline: Duration,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
    /// How many leading bits of an IPv6 address make one client.
    pub ipv6_prefix: u8,
    /// The rate limits of the citizens' comment routes.
    pub limits: limits::Limits,
    /// The content security policies, made from the pages' scripts at start.
    pub policies: headers::Policies,
    /// What an unknown name's password is checked against (equal time for every name).
    pub dummy_password_hash: Arc<str>,
    /// Password checks that may run at once (argon2 takes ~19 MiB and tens of ms each).
    pub password_checks: Arc<tokio::sync::Semaphore>,
    /// Reports and figure pages rendered at once (each reads every public comment).
    pub report_renders: Arc<tokio::sync::Semaphore>,
    /// Open-data downloads written at once ([`open_data::STREAMS`]).
    pub open_data_streams: Arc<tokio::sync::Semaphore>,
    /// The public lists and counts, kept encoded until something changes.
    pub read_cache: read_cache::ReadCache,
    /// Wakes the mail queue's worker; `None` where no SMTP server is configured (then no
    /// mail is offered).
    pub mail: Option<notify::queue::Wake>,
    /// The same worker's wake where Web Push is offered (`--public-url` given).
    pub push: Option<notify::queue::Wake>,
    /// What `/metrics` reports.
    pub metrics: metrics::Metrics,
}

impl AppState {
    /// Reads the strategy file and opens (creates, migrates) the database.
    pub async fn load(config: &Config) -> Result<Self, AppError> {
        // The file first: a wrong path leaves no new database behind.
        let given = strategy::read_file(&config.strategy)?;
        let (store, sqlite) = open_store(&config.database).await?;
        let name = config.strategy.display().to_string();
        let (strategy, source) = strategy::at_start(&*store, &name, &given).await?;
        let public_origin: Option<Arc<str>> = config
            .public_url
            .as_deref()
            .map(admin::public_origin)
            .transpose()
            .map_err(|e| AppError::Startup(format!("--public-url {e}")))?
            .map(Arc::from);
        let couriers = notify::couriers(config, &*store, public_origin.as_deref()).await?;
        let dist = Arc::new(dist::Dist::load(config.dist.as_deref())?);
        let mut build = render::Build::scan(&dist)?;
        // The pages offer the e-mail way only where mail can be sent, push where pushed.
        build.assets.mail = couriers.mail.is_some();
        build.assets.push_key = couriers.push.as_ref().map(notify::push::Pusher::public_key);
        let build = Arc::new(build);
        let policies = headers::Policies::new(&build.scripts(), &config.frame_ancestors);
        let fingerprint: Arc<str> = mitreden_model::content_hash(source.as_bytes()).into();
        let pages = Arc::new(render::Pages::new(
            build,
            Arc::new(strategy.clone()),
            fingerprint,
        ));
        let ingest = ingest::Ingest::start(store.clone(), config.group_commit);
        if let Some(db) = &sqlite {
            tokio::spawn(db.clone().keep_erasing());
        }
        tokio::spawn(lottery::keep_deleting(store.clone()));
        let (mail, push) = notify::start(&store, &pages, public_origin.clone(), couriers);
        let metrics = metrics::Metrics::new(ingest.group_sizes());
        Ok(Self {
            metrics,
            mail,
            push,
            sqlite,
            database: config.database.clone(),
            store,
            ingest,
            dist,
            pages,
            office: config.office.as_str().into(),
            moderation: config.moderation,
            secure_cookies: config.secure_cookies,
            public_origin,
            login_failures: admin::Throttle::default(),
            request_deadline: Duration::from_secs(config.request_deadline.max(1)),
            trusted_proxies: config.trusted_proxies.clone().into(),
            ipv6_prefix: config.ipv6_prefix,
            limits: limits::Limits {
                send: limits::Limiter::new(config.rate_limit),
                look_up: limits::Limiter::new(config.receipt_rate_limit),
                kiosk: limits::Limiter::new(config.kiosk_rate_limit),
            },
            policies,
            dummy_password_hash: tokio::task::spawn_blocking(admin::session::dummy_hash)
                .await
                .map_err(|e| AppError::Startup(e.to_string()))??
                .into(),
            password_checks: Arc::new(tokio::sync::Semaphore::new(admin::PASSWORD_CHECKS)),
            report_renders: Arc::new(tokio::sync::Semaphore::new(report::RENDERS)),
            open_data_streams: Arc::new(tokio::sync::Semaphore::new(open_data::STREAMS)),
            read_cache: read_cache::ReadCache::new(config.read_cache == config::Switch::On),
        })
    }
}

/// Opens the store `--database` names (creating a SQLite file, migrating either), with the
/// SQLite file's pools where it is one.
pub async fn open_store(
    database: &config::Database,
) -> Result<(Arc<dyn mitreden_store::Store>, Option<db::Db>), AppError> {
    match database {
        config::Database::File(path) => {
            let db = db::open(path).await?;
            Ok((Arc::new(sqlite::SqliteStore::new(db.clone())), Some(db)))
        }
        #[cfg(feature = "postgres")]
        config::Database::Postgres(url) => match postgres::PgStore::open(url).await {
            Ok(store) => Ok((Arc::new(store), None)),
            Err(e) => Err(AppError::Startup(format!(
                "PostgreSQL unter {database} nicht nutzbar: {e}"
            ))),
        },
        #[cfg(not(feature = "postgres"))]
        config::Database::Postgres(_) => Err(AppError::Startup(format!(
            "{database}: dieser Server ist ohne PostgreSQL gebaut (Feature „postgres“)"
        ))),
    }
}

impl AppState {
    /// The published strategy: the one comments are taken on and the pages show. Changes
    /// when another version is published ([`strategy::follow`]); a handler takes it once.
    pub fn strategy(&self) -> Arc<Strategy> {
        self.pages.strategy()
    }

    /// The fingerprint of the published strategy's file (`/api/v1/strategy`'s `version`).
    pub fn strategy_version(&self) -> Arc<str> {
        self.pages.fingerprint()
    }
}

/// How long a request's body may pause between two pieces.
pub const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// The whole HTTP surface: API, health check and the app.
pub fn app(state: AppState) -> Router {
    let deadline = state.request_deadline;
    let routes = Router::new()
        .merge(api::routes())
        .merge(comments::routes(&state))
        .merge(notify::requests::routes(&state))
        .merge(kiosk::routes(&state))
        .merge(lottery::routes(&state))
        .merge(pwa::routes())
        .merge(admin::routes(&state))
        .merge(public::routes())
        .merge(open_data::routes())
        .merge(report::routes())
        .merge(openapi::routes())
        .route_layer(from_fn(metrics::name_route))
        .fallback(assets::fallback)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            read_cache::mark_writes,
        ))
        .with_state(state.clone());
    // The headers go on every answer, a 408 or a caught panic's 500 included; each is
    // counted.
    headers::secure(guarded(routes.layer(compression()), deadline), &state).layer(
        axum::middleware::from_fn_with_state(state.metrics.clone(), metrics::count),
    )
}

/// Responses smaller than this go as they are: compressing them saves less than it costs.
const MIN_COMPRESSED_BYTES: u16 = 1024;

/// Brotli or gzip, as the client accepts, for every answer above [`MIN_COMPRESSED_BYTES`]
/// that is not compressed already (the app's files are sent precompressed) and not an
/// image (SVG, which is text, is); quality 4, where brotli costs about what gzip does (its default, 11, costs tens
/// of times more CPU for a few per cent).
fn compression(
) -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    use tower_http::compression::{CompressionLayer, CompressionLevel};
    CompressionLayer::new()
        .quality(CompressionLevel::Precise(4))
        .compress_when(
            SizeAbove::new(MIN_COMPRESSED_BYTES)
                .and(NotForContentType::GRPC)
                .and(NotForContentType::IMAGES)
                .and(NotForContentType::SSE),
        )
}

/// The layers that keep one request from harming the others: a panic becomes that
/// request's 500, a body that stalls or a request that takes too long its 408.
pub fn guarded(router: Router, deadline: Duration) -> Router {
    router
        .layer(from_fn(move |req: Request, next: Next| {
            within(deadline, req, next)
        }))
        .layer(RequestBodyTimeoutLayer::new(BODY_IDLE_TIMEOUT))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(TraceLayer::new_for_http())
}

/// Answers 408 (problem+json) when a request takes longer than `deadline`.
async fn within(deadline: Duration, req: Request, next: Next) -> Response {
    match tokio::time::timeout(deadline, next.run(req)).await {
        Ok(res) => res,
        Err(_) => extract::too_slow().into_response(),
    }
}

/// Binds `config.listen`, logs the address, and serves until Ctrl-C or SIGTERM.
///
/// The accept loop is hyper's own (as in axum's `serve-with-hyper` example) because
/// `axum::serve` sets no timer, so it has no deadline for request heads; here every
/// connection gets [`Config::header_timeout`] and at most [`Config::max_connections`] are
/// open.
pub async fn serve(config: Config) -> Result<(), AppError> {
    // Held while the process lives: a restore (or a second server) waits for its end.
    // (On PostgreSQL several processes serve one database, and backups are PostgreSQL's.)
    let _lock = match config.database.file() {
        Some(file) => Some(backup::ServerLock::take(file).map_err(AppError::from)?),
        None => None,
    };
    let state = AppState::load(&config).await?;
    if state.pages.build().assets.citizens.is_none() {
        tracing::warn!(
            dist = state.dist.origin(),
            "no built app found (no mitreden-*.js); run `cargo xtask run` to build it"
        );
    }
    state.pages.warm();
    tokio::spawn(strategy::keep_following(state.clone()));
    // Only the serving process erases by the clock (tests that load a state move the
    // clock themselves, `retention::run`).
    tokio::spawn(retention::keep_erasing(
        state.store.clone(),
        state.pages.clone(),
    ));
    let listener = TcpListener::bind(&config.listen).await.map_err(|e| {
        AppError::Startup(format!("Adresse {} nicht verfügbar: {e}", config.listen))
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| AppError::Startup(e.to_string()))?;
    // Printed on stdout as a plain line: tests and scripts started on port 0 read it.
    println!("mitreden listening on http://{addr}");
    tracing::info!(%addr, database = %config.database, version = VERSION, app = state.dist.origin(), "server started");

    let per_client = client::ConnectionsPerClient::new(
        config.max_connections_per_client.max(1),
        state.trusted_proxies.clone(),
        state.ipv6_prefix,
    );
    if let Some(listen) = &config.metrics_listen {
        let metrics = TcpListener::bind(listen).await.map_err(|e| {
            AppError::Startup(format!("--metrics-listen {listen} nicht verfügbar: {e}"))
        })?;
        let local = metrics
            .local_addr()
            .map_err(|e| AppError::Startup(e.to_string()))?;
        println!("metrics on http://{local}/metrics");
        let routes = metrics::routes(state.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(metrics, routes).await {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
    }
    let connections = state.metrics.connections.clone();
    let router = app(state);
    // HTTP/1.1 only: browsers speak HTTP/2 only over TLS, which a proxy in front ends, and
    // hyper's HTTP/1 reader times the whole head from the connection's first byte on —
    // the version sniffing of the "auto" builder waits for that byte with no deadline.
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(config.header_timeout.max(1)));
    let write_stall = Duration::from_secs(config.request_deadline.max(1));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(config.max_connections.max(1)));
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = &mut shutdown => break,
        };
        let Ok(slot) = slot else { break };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: wait, then go on accepting.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // One client may not hold the server's connections (one held ~1,050, and
        // `/healthz` took 8.5 s): beyond its share, its new connection is closed at once.
        let Some(counted) = per_client.admit(peer.ip()) else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        // A client that stops reading its answer cannot hold the connection for ever.
        let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
        stream.set_write_timeout(Some(write_stall));
        let service = TowerToHyperService::new(router.clone().map_request(
            move |mut req: Request<hyper::body::Incoming>| {
                req.extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                req.map(axum::body::Body::new)
            },
        ));
        let conn = http.serve_connection(TokioIo::new(Box::pin(stream)), service);
        let watched = graceful.watch(conn);
        let connections = connections.clone();
        connections.inc();
        tokio::spawn(async move {
            if let Err(e) = watched.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop(slot);
            drop(counted);
            connections.dec();
        });
    }
    tracing::info!("shutting down");
    tokio::select! {
        () = graceful.shutdown() => {},
        () = tokio::time::sleep(Duration::from_secs(10)) => {
            tracing::warn!("connections still open after 10 s; closing");
        }
    }
    Ok(())
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{header, StatusCode};
    use axum::routing::get;

    #[tokio::test]
    #[allow(clippy::unwrap_used, reason = "a test stops on any failure")]
    async fn a_panicking_handler_fails_its_own_request_and_the_next_one_is_served() {
        let router = guarded(
            Router::new()
                .route(
                    "/boom",
                    get(|| async {
                        let bug: Option<&str> = std::hint::black_box(None);
                        bug.expect("a bug reachable from input")
                    }),
                )
                .route("/ok", get(|| async { "ok" })),
            Duration::from_secs(5),
        );
        let boom = router
            .clone()
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(boom.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            boom.headers().get(header::CONTENT_TYPE).unwrap(),
            "application/problem+json"
        );
        let ok = router
            .oneshot(Request::get("/ok").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
    }
}
