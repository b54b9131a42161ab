//! `GET /metrics`: Prometheus text exposition of requests (by route and
//! status), latency (histogram), vector tiles served by zoom, and tile-cache
//! hits and misses. Counters are atomics or a short-held lock: recording costs
//! far less than a request.

use super::state::AppState;
use crate::tiles::cache::Lookup;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpResponse};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Mutex;
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

/// The server's counters.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: [AtomicU64; BUCKETS.len()],
    latency_count: AtomicU64,
    latency_micros: AtomicU64,
    tiles_by_zoom: [AtomicU64; 23],
    cache_hits: AtomicU64,
    cache_misses: AtomicU64,
}

impl Metrics {
    /// Counts one answered request.
    pub fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let key = (method.to_string(), route.to_string(), status);
        *self
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key)
            .or_default() += 1;
        for (bucket, bound) in self.latency.iter().zip(BUCKETS) {
            if seconds <= bound {
                bucket.fetch_add(1, Relaxed);
            }
        }
        self.latency_count.fetch_add(1, Relaxed);
        self.latency_micros
            .fetch_add((seconds * 1e6) as u64, Relaxed);
    }

    /// Counts one vector tile, and whether it came from the cache.
    pub fn record_tile(&self, zoom: u8, lookup: Lookup) {
        self.tiles_by_zoom[zoom as usize].fetch_add(1, Relaxed);
        let counter = if lookup == Lookup::Hit {
            &self.cache_hits
        } else {
            &self.cache_misses
        };
        counter.fetch_add(1, Relaxed);
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# HELP zonage_requests_total Requests answered, by method, route and status.\n# TYPE zonage_requests_total counter");
        for ((method, route, status), n) in self
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let _ = writeln!(out, "zonage_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}");
        }
        let _ = writeln!(out, "# HELP zonage_request_duration_seconds Time to answer a request.\n# TYPE zonage_request_duration_seconds histogram");
        for (bucket, bound) in self.latency.iter().zip(BUCKETS) {
            let _ = writeln!(
                out,
                "zonage_request_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                bucket.load(Relaxed)
            );
        }
        let count = self.latency_count.load(Relaxed);
        let _ = writeln!(
            out,
            "zonage_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(
            out,
            "zonage_request_duration_seconds_sum {}",
            self.latency_micros.load(Relaxed) as f64 / 1e6
        );
        let _ = writeln!(out, "zonage_request_duration_seconds_count {count}");
        let _ = writeln!(out, "# HELP zonage_tiles_total Vector tiles served, by zoom.\n# TYPE zonage_tiles_total counter");
        for (z, n) in self
            .tiles_by_zoom
            .iter()
            .enumerate()
            .filter(|(_, n)| n.load(Relaxed) > 0)
        {
            let _ = writeln!(
                out,
                "zonage_tiles_total{{zoom=\"{z}\"}} {}",
                n.load(Relaxed)
            );
        }
        let _ = writeln!(out, "# HELP zonage_tile_cache_total Tile cache look-ups, by result.\n# TYPE zonage_tile_cache_total counter");
        let _ = writeln!(
            out,
            "zonage_tile_cache_total{{result=\"hit\"}} {}",
            self.cache_hits.load(Relaxed)
        );
        let _ = writeln!(
            out,
            "zonage_tile_cache_total{{result=\"miss\"}} {}",
            self.cache_misses.load(Relaxed)
        );
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
    let method = request.method().to_string();
    let route = request
        .match_pattern()
        .unwrap_or_else(|| "unmatched".into());
    let response = next.call(request).await?;
    if let Some(state) = state {
        state.metrics.record(
            &method,
            &route,
            response.status().as_u16(),
            start.elapsed().as_secs_f64(),
        );
    }
    Ok(response)
}

/// The exposition.
#[utoipa::path(get, path = "/metrics", tag = "service", responses((status = 200, description = "Compteurs au format texte de Prometheus", content_type = "text/plain")))]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render())
}
