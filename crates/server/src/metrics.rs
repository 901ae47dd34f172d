//! What a town's IT watches: `/metrics` in Prometheus' text format, served only on
//! `--metrics-listen` (an address of its own, never the public one).
//!
//! Counted as it happens: requests by route (the route's pattern, never a path with an id
//! in it; the app's pages and files are one route, `app`), method and status — 429s and
//! 503s among them — and their latency; open connections; the sizes of the comment
//! writer's groups. Read when scraped: the writer's queue, the database's size on disk
//! (file and WAL), and the mails and pushes waiting.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::{Registry, Unit};

use crate::AppState;

/// A request's labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

/// A latency's label.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabel {
    route: String,
}

/// The queue's label: `email` or `push` (the mail queue's `channel`).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ChannelLabel {
    channel: String,
}

type Latencies = Family<RouteLabel, Histogram, fn() -> Histogram>;

/// The server's metrics; cheap to clone.
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    requests: Family<RequestLabels, Counter>,
    latency: Latencies,
    /// Connections open now.
    pub connections: Gauge,
    queue_depth: Gauge,
    database_bytes: Gauge,
    notify_waiting: Family<ChannelLabel, Gauge>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

fn latency_histogram() -> Histogram {
    // 1 ms … ~16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Metrics {
    /// The metrics of a server whose comment writer's group sizes are `group_sizes`
    /// ([`crate::ingest::Ingest::group_sizes`]).
    pub fn new(group_sizes: Histogram) -> Self {
        let mut registry = Registry::with_prefix("mitreden");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Answered requests by route, method and status",
            requests.clone(),
        );
        let latency: Latencies = Family::new_with_constructor(latency_histogram);
        registry.register_with_unit(
            "http_request_duration",
            "Time from a request's head to its answer's head, by route",
            Unit::Seconds,
            latency.clone(),
        );
        let connections = Gauge::default();
        registry.register(
            "http_open_connections",
            "Client connections open now",
            connections.clone(),
        );
        let queue_depth = Gauge::default();
        registry.register(
            "ingest_queue_depth",
            "Requests with comments waiting for the writer (at most 256; then 503)",
            queue_depth.clone(),
        );
        registry.register(
            "ingest_group_comments",
            "Comments per commit of the writer (group commit)",
            group_sizes,
        );
        let database_bytes = Gauge::default();
        registry.register_with_unit(
            "database_size",
            "The SQLite file and its WAL on disk",
            Unit::Bytes,
            database_bytes.clone(),
        );
        let notify_waiting = Family::<ChannelLabel, Gauge>::default();
        registry.register(
            "notify_waiting",
            "Mails and pushes not yet sent nor given up",
            notify_waiting.clone(),
        );
        Self {
            registry: Arc::new(registry),
            requests,
            latency,
            connections,
            queue_depth,
            database_bytes,
            notify_waiting,
        }
    }

    fn record(&self, route: &str, method: &str, status: StatusCode, started: Instant) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_owned(),
                method: method.to_owned(),
                status: status.as_u16(),
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabel {
                route: route.to_owned(),
            })
            .observe(started.elapsed().as_secs_f64());
    }
}

/// The route's pattern, filled from inside the router (where it is known) for [`count`]:
/// a slot the request carries in, so that an answer an outer layer makes instead (a
/// caught panic's 500, the deadline's 408) is still counted under its route.
#[derive(Clone, Default)]
struct RouteSlot(Arc<std::sync::OnceLock<Arc<str>>>);

/// Inside the router (a `route_layer`): puts the matched route's pattern into the slot.
pub async fn name_route(req: Request, next: Next) -> Response {
    if let (Some(slot), Some(path)) = (
        req.extensions().get::<RouteSlot>(),
        req.extensions().get::<MatchedPath>(),
    ) {
        let _ = slot.0.set(path.as_str().into());
    }
    next.run(req).await
}

/// A request's method as a label: the methods the server knows, every other `other` (a
/// client may send any word as a method; each would be a series for ever).
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Around everything: counts the request and its time, under its route (or `app`).
pub async fn count(State(metrics): State<Metrics>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(req.method());
    let slot = RouteSlot::default();
    req.extensions_mut().insert(slot.clone());
    let res = next.run(req).await;
    let route = slot.0.get().map_or("app", |r| r.as_ref());
    metrics.record(route, method, res.status(), started);
    res
}

/// The router of `--metrics-listen`: `/metrics`, and the health checks for a monitor that
/// looks only there.
pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(crate::api::healthz))
        .route("/readyz", get(crate::api::readyz))
        .with_state(state)
}

/// `GET /metrics`.
async fn metrics(State(state): State<AppState>) -> Response {
    let m = &state.metrics;
    m.queue_depth.set(state.ingest.waiting() as i64);
    if let Some(on_disk) = state.store.size_bytes().await {
        m.database_bytes
            .set(i64::try_from(on_disk).unwrap_or(i64::MAX));
    }
    match state.store.mails_waiting().await {
        Ok(rows) => {
            for channel in mitreden_store::notify::Channel::ALL {
                let n = rows.iter().find(|(c, _)| *c == channel).map_or(0, |r| r.1);
                m.notify_waiting
                    .get_or_create(&ChannelLabel {
                        channel: channel.key().to_owned(),
                    })
                    .set(i64::try_from(n).unwrap_or(i64::MAX));
            }
        }
        Err(e) => tracing::warn!(error = %e, "metrics: mail queue not read"),
    }
    let mut body = String::new();
    if let Err(e) = prometheus_client::encoding::prometheus_text::encode(&mut body, &m.registry) {
        tracing::error!(error = %e, "metrics not encoded");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                prometheus_client::encoding::prometheus_text::CONTENT_TYPE,
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}
