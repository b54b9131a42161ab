//! `GET /metrics`: OpenMetrics text exposition (read by Prometheus) of
//! requests (by method, route and status), latency (histogram), vector tiles
//! served by zoom, and tile-cache hits and misses, on `prometheus-client`.
//! Labels come from fixed lists, so the exposition stays small whatever
//! clients send (5,000 made-up methods used to add 5,000 series).

use super::state::AppState;
use crate::tiles::cache::Lookup;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpResponse};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

/// The labels of a request. Every value comes from a short fixed list, so the
/// number of series is bounded whatever clients send: methods outside the
/// standard ones are `other`, paths are route patterns (`unmatched` for none).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: u16,
}

/// The label of a tile count.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ZoomLabel {
    zoom: u8,
}

/// The label of a tile-cache look-up.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabel {
    result: &'static str,
}

/// The server's counters, on `prometheus-client`.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Histogram,
    tiles: Family<ZoomLabel, Counter>,
    cache: Family<CacheLabel, Counter>,
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Histogram::new(BUCKETS);
        let tiles = Family::<ZoomLabel, Counter>::default();
        let cache = Family::<CacheLabel, Counter>::default();
        registry.register(
            "zonage_requests",
            "Requests answered, by method, route and status",
            requests.clone(),
        );
        registry.register(
            "zonage_request_duration_seconds",
            "Time to answer a request",
            latency.clone(),
        );
        registry.register(
            "zonage_tiles",
            "Vector tiles served, by zoom",
            tiles.clone(),
        );
        registry.register(
            "zonage_tile_cache",
            "Tile cache look-ups, by result",
            cache.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            tiles,
            cache,
        }
    }
}

/// The method as a label: one of the standard methods, or `other`.
fn method_label(method: &Method) -> &'static str {
    const KNOWN: [&str; 9] = [
        "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE",
    ];
    KNOWN
        .into_iter()
        .find(|m| *m == method.as_str())
        .unwrap_or("other")
}

impl Metrics {
    /// Counts one answered request.
    pub fn record(&self, method: &Method, route: String, status: u16, seconds: f64) {
        let labels = RequestLabels {
            method: method_label(method),
            route,
            status,
        };
        self.requests.get_or_create(&labels).inc();
        self.latency.observe(seconds);
    }

    /// Counts one vector tile, and whether it came from the cache.
    pub fn record_tile(&self, zoom: u8, lookup: Lookup) {
        self.tiles.get_or_create(&ZoomLabel { zoom }).inc();
        let result = if lookup == Lookup::Hit { "hit" } else { "miss" };
        self.cache.get_or_create(&CacheLabel { result }).inc();
    }

    /// The OpenMetrics text exposition (which Prometheus reads).
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// Times and counts every request (outermost middleware).
pub async fn middleware(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let start = Instant::now();
    let state = request.app_data::<web::Data<AppState>>().cloned();
    let method = request.method().clone();
    let route = request
        .match_pattern()
        .unwrap_or_else(|| "unmatched".into());
    let response = next.call(request).await?;
    if let Some(state) = state {
        state.metrics.record(
            &method,
            route,
            response.status().as_u16(),
            start.elapsed().as_secs_f64(),
        );
    }
    Ok(response)
}

/// The exposition.
#[utoipa::path(get, path = "/metrics", tag = "service", responses((status = 200, description = "Compteurs au format OpenMetrics (lu par Prometheus)", content_type = "application/openmetrics-text")))]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(state.metrics.render())
}
