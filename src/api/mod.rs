//! The HTTP surface: the axum router with GraphQL, GraphiQL and health
//! checks, and the layers every request passes (request id, tracing, time
//! budget, panic guard).

pub mod codes;
pub mod context;
mod execute;
pub mod graphiql;
pub mod help;
pub mod http;
pub mod limits;
pub mod prescan;
pub mod schema;
pub mod shape;

use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderName, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::app::App;
pub use schema::{sdl, AppSchema, SchemaLimits};

/// HTTP-level settings.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    pub limits: SchemaLimits,
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
    /// Most aliased fields in one selection set.
    pub max_aliases: usize,
    /// Query cost each client may spend per minute.
    pub points_per_minute: u32,
    /// What a document may hold before it is parsed.
    pub document: prescan::Bounds,
    /// How deep and large a parsed document may be.
    pub shape: shape::ShapeLimits,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            limits: SchemaLimits::default(),
            max_body_bytes: 256 * 1024,
            request_timeout: Duration::from_secs(10),
            max_aliases: 30,
            points_per_minute: 10_000,
            document: prescan::Bounds { max_tokens: 15_000, max_nesting: 40, max_definitions: 50 },
            shape: shape::ShapeLimits::default(),
        }
    }
}

/// What the handlers share.
#[derive(Clone)]
pub struct ApiState {
    pub app: Arc<App>,
    pub help: Arc<help::HelpSite>,
    pub schema: AppSchema,
    pub max_body_bytes: usize,
    pub max_aliases: usize,
    pub max_directives: usize,
    pub document: prescan::Bounds,
    pub shape: shape::ShapeLimits,
    /// Parsing is charged to the same budget as the query's cost.
    pub budget: Arc<limits::CostBudget>,
}

/// The whole HTTP application, without a help site.
pub fn router(app: Arc<App>, config: &ApiConfig) -> Router {
    router_with_help(app, config, help::HelpSite::Absent)
}

/// The whole HTTP application, with the help site under `/help/`.
pub fn router_with_help(app: Arc<App>, config: &ApiConfig, help_site: help::HelpSite) -> Router {
    let budget = Arc::new(limits::CostBudget::new(config.points_per_minute));
    let state = ApiState {
        help: Arc::new(help_site),
        schema: schema::build(app.clone(), &config.limits, budget.clone()),
        app,
        max_body_bytes: config.max_body_bytes,
        max_aliases: config.max_aliases,
        max_directives: config.limits.max_directives,
        document: config.document,
        shape: config.shape,
        budget,
    };
    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .route("/graphql", get(http::get).post(http::post).fallback(http::method_not_allowed))
        .route("/graphql/assets/{name}", get(graphiql::asset))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/help", get(help::redirect))
        .route("/help/", get(help::page))
        .route("/help/{*path}", get(help::page))
        .fallback(|| async { (StatusCode::NOT_FOUND, "Not found. The API is at /graphql.") })
        .layer(axum::middleware::from_fn_with_state(state.clone(), track))
        .with_state(state)
        .layer(CatchPanicLayer::custom(http::panic_response))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, config.request_timeout))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// Counts and times every request by its route (never by its raw path, so
/// that random URLs cannot grow the metrics), and counts those in flight.
async fn track(
    axum::extract::State(state): axum::extract::State<ApiState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let route = request.extensions().get::<axum::extract::MatchedPath>().map_or("unmatched", |p| p.as_str()).to_owned();
    let method = request.method().as_str().to_owned();
    let started = std::time::Instant::now();
    let _in_flight = InFlight::enter(state.app.metrics.http_in_flight.with_label_values(&[route.as_str()]));
    let response = next.run(request).await;
    let metrics = &state.app.metrics;
    metrics.http_duration.with_label_values(&[route.as_str()]).observe(started.elapsed().as_secs_f64());
    metrics.http_requests.with_label_values(&[method.as_str(), route.as_str(), response.status().as_str()]).inc();
    response
}

/// One request in the in-flight gauge, left however the request ends (also
/// when its future is dropped).
struct InFlight(prometheus::IntGauge);

impl InFlight {
    fn enter(gauge: prometheus::IntGauge) -> Self {
        gauge.inc();
        Self(gauge)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// The Prometheus text format, with the database pool read at scrape time.
async fn metrics(axum::extract::State(state): axum::extract::State<ApiState>) -> impl IntoResponse {
    let (open, idle) = state.app.pool_stats();
    let gauge = &state.app.metrics.db_connections;
    gauge.with_label_values(&["idle"]).set(i64::from(idle));
    gauge.with_label_values(&["in_use"]).set(i64::from(open.saturating_sub(idle)));
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.app.metrics.render())
}

/// 200 when the database answers within two seconds, 503 otherwise.
async fn readyz(axum::extract::State(state): axum::extract::State<ApiState>) -> impl IntoResponse {
    match tokio::time::timeout(Duration::from_secs(2), state.app.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready"),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database timed out"),
    }
}
