//! Prometheus metrics: requests, latency, GraphQL errors by code, the
//! database pool and the scheduled jobs. Served at `GET /metrics`.

use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder};

/// Every metric the service exports, in its own registry.
pub struct Metrics {
    registry: Registry,
    pub http_requests: IntCounterVec,
    pub http_duration: HistogramVec,
    pub http_in_flight: IntGaugeVec,
    pub graphql_errors: IntCounterVec,
    pub db_connections: IntGaugeVec,
    pub job_work: IntCounterVec,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

// The metric names, labels and buckets below are constants: creating and
// registering them only fails on a programming error, which the unit test
// at the bottom would catch. Nothing a request sends can reach these calls.
#[allow(clippy::expect_used)]
impl Metrics {
    pub fn new() -> Self {
        let counter = |name: &str, help: &str, labels: &[&str]| IntCounterVec::new(Opts::new(name, help), labels).expect("constant metric");
        let metrics = Self {
            registry: Registry::new_custom(Some("partnerdesk".into()), None).expect("constant prefix"),
            http_requests: counter("http_requests_total", "HTTP requests by method, route and status", &["method", "route", "status"]),
            http_duration: HistogramVec::new(
                HistogramOpts::new("http_request_duration_seconds", "HTTP request latency by route")
                    .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0]),
                &["route"],
            )
            .expect("constant metric"),
            http_in_flight: IntGaugeVec::new(Opts::new("http_requests_in_flight", "HTTP requests being answered, by route"), &["route"])
                .expect("constant metric"),
            graphql_errors: counter("graphql_errors_total", "GraphQL top-level errors by extensions.code", &["code"]),
            db_connections: IntGaugeVec::new(Opts::new("db_pool_connections", "Database pool connections by state"), &["state"])
                .expect("constant metric"),
            job_work: counter("job_work_total", "Work done by the scheduled jobs, by kind", &["kind"]),
        };
        metrics.registry.register(Box::new(metrics.http_requests.clone())).expect("registered once");
        metrics.registry.register(Box::new(metrics.http_duration.clone())).expect("registered once");
        metrics.registry.register(Box::new(metrics.http_in_flight.clone())).expect("registered once");
        metrics.registry.register(Box::new(metrics.graphql_errors.clone())).expect("registered once");
        metrics.registry.register(Box::new(metrics.db_connections.clone())).expect("registered once");
        metrics.registry.register(Box::new(metrics.job_work.clone())).expect("registered once");
        metrics
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        if let Err(e) = TextEncoder::new().encode(&self.registry.gather(), &mut out) {
            tracing::warn!(error = %e, "metrics could not be encoded");
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_registers_and_renders() {
        let m = Metrics::new();
        m.http_requests.with_label_values(&["POST", "/graphql", "200"]).inc();
        m.graphql_errors.with_label_values(&["FORBIDDEN"]).inc();
        m.http_in_flight.with_label_values(&["/graphql"]).inc();
        m.http_duration.with_label_values(&["/graphql"]).observe(0.004);
        m.db_connections.with_label_values(&["idle"]).set(3);
        m.job_work.with_label_values(&["renewals"]).inc_by(2);
        let text = m.render();
        for needle in [
            "partnerdesk_http_requests_total{method=\"POST\",route=\"/graphql\",status=\"200\"} 1",
            "partnerdesk_graphql_errors_total{code=\"FORBIDDEN\"} 1",
            "partnerdesk_http_requests_in_flight{route=\"/graphql\"} 1",
            "partnerdesk_http_request_duration_seconds_bucket{route=\"/graphql\",le=\"0.005\"} 1",
            "partnerdesk_db_pool_connections{state=\"idle\"} 3",
            "partnerdesk_job_work_total{kind=\"renewals\"} 2",
        ] {
            assert!(text.contains(needle), "{needle} missing from:\n{text}");
        }
    }
}
