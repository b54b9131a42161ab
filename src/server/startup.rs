//! Building and running the server. `Application::build` binds first (port 0
//! picks a free port, as tests do) so that the address is known before serving.

use super::caching;
use super::error::ApiError;
use super::headers;
use super::metrics;
use super::routes::{
    admin, application, batch, dossier, hotspots, labels, legend, lookup, maps, meta, points,
    search, series, tiles, zones,
};
use super::state::AppState;
use actix_web::dev::Server;
use actix_web::{guard, web, App, HttpRequest, HttpResponse, HttpServer};
use std::net::TcpListener;

/// Registers every route, the JSON error handlers of the extractors, and the
/// middlewares: security headers ([`headers`]), caching and CORS
/// ([`caching`]), then compression negotiated from `Accept-Encoding`. Servers
/// and tests build their `App` with this alone.
///
/// Routes are listed here, in one table, rather than by attribute macros: each
/// path is one resource answering its own methods (`GET` routes answer `HEAD`
/// too), 405 with `Allow` for the others, and any other path answers a JSON 404.
pub fn configure(cfg: &mut web::ServiceConfig) {
    let query = web::QueryConfig::default()
        .error_handler(|e, _| ApiError::bad("query", e.to_string()).into());
    let path = web::PathConfig::default()
        .error_handler(|e, _| ApiError::bad("path", e.to_string()).into());
    let routes = web::scope("")
        .wrap(actix_web::middleware::Compress::default())
        .wrap(actix_web::middleware::from_fn(caching::middleware))
        .wrap(actix_web::middleware::from_fn(headers::middleware))
        .wrap(actix_web::middleware::from_fn(metrics::middleware))
        .service(read("/metrics", metrics::metrics))
        .service(read("/api/openapi.json", super::openapi::openapi_json))
        .service(read("/health", meta::health))
        .service(read("/api/layers", meta::layers))
        .service(read("/api/zones/{layer}", zones::table))
        .service(read("/api/zones/{layer}/{code}", zones::zone))
        .service(read(
            "/api/zones/{layer}/{code}/series",
            series::zone_series,
        ))
        .service(
            web::resource("/api/lookup")
                .route(get_or_head().to(lookup::lookup_one))
                .route(web::post().to(batch::lookup_batch))
                .default_service(not_allowed(&["GET", "HEAD", "POST"])),
        )
        .service(read("/api/hotspots", hotspots::hotspots))
        .service(read("/api/search", search::search_zones))
        .service(read("/api/labels", labels::labels))
        .service(read("/api/dossier/{layer}/{file}", dossier::dossier_pdf))
        .service(read("/api/points/{layer}", points::points))
        .service(read("/api/legend/{layer}/{indicator}", legend::legend))
        .service(read("/tiles/{file}", tiles::tilejson))
        .service(read("/tiles/{layer}/{z}/{x}/{file}", tiles::tile_zxy))
        .service(read("/api/map/{file}", maps::static_map_file))
        .service(read("/", application::index))
        .service(read("/embed", application::embed))
        .service(read("/api/docs", application::docs))
        .service(read("/web/{file:.*}", application::static_file))
        .service(
            web::resource("/admin/reload")
                .route(web::post().to(admin::reload))
                .default_service(not_allowed(&["POST"])),
        )
        .default_service(web::to(unknown_path));
    cfg.app_data(query).app_data(path).service(routes);
}

/// A route answering `GET` and `HEAD` (a `HEAD` answer is the `GET` one
/// without its body: actix-web leaves the body out).
fn get_or_head() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// A read-only resource: `GET` and `HEAD` by `handler`, 405 otherwise.
fn read<F, Args>(path: &str, handler: F) -> actix_web::Resource
where
    F: actix_web::Handler<Args>,
    Args: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
{
    web::resource(path)
        .route(get_or_head().to(handler))
        .default_service(not_allowed(&["GET", "HEAD"]))
}

/// Answers 405 with the methods a path has.
fn not_allowed(allow: &'static [&'static str]) -> actix_web::Route {
    web::to(
        move || async move { Err::<HttpResponse, _>(ApiError::MethodNotAllowed(allow.to_vec())) },
    )
}

/// Any path no route has: a JSON 404.
async fn unknown_path(request: HttpRequest) -> Result<HttpResponse, ApiError> {
    let path: String = request.path().chars().take(200).collect();
    Err(ApiError::UnknownPath(path))
}

/// Reloads on SIGHUP, like `POST /admin/reload` (no token: only who may
/// signal the process can). Errors are logged; the old data keep serving.
fn reload_on_sighup(state: web::Data<AppState>) {
    #[cfg(unix)]
    actix_web::rt::spawn(async move {
        use actix_web::rt::signal::unix::{signal, SignalKind};
        let Ok(mut hangups) = signal(SignalKind::hangup()) else {
            return;
        };
        while hangups.recv().await.is_some() {
            let state = state.clone();
            match web::block(move || state.reload()).await {
                Ok(Ok(version)) => tracing::warn!("SIGHUP: data reloaded, version {version}"),
                Ok(Err(e)) => tracing::error!("SIGHUP: reload failed, previous data kept: {e}"),
                Err(e) => tracing::error!("SIGHUP: reload failed: {e}"),
            }
        }
    });
}

/// A bound, ready-to-run server.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds `address` (e.g. `127.0.0.1:8080`, or port 0 for any free port).
    pub fn build(state: web::Data<AppState>, address: &str) -> std::io::Result<Application> {
        let listener = TcpListener::bind(address)?;
        let port = listener.local_addr()?.port();
        reload_on_sighup(state.clone());
        let server =
            HttpServer::new(move || App::new().app_data(state.clone()).configure(configure))
                // Answers compressed as they are written leave in several
                // segments: with Nagle's algorithm on, the last one waited
                // for the client's delayed ACK, 20–35 ms per JSON answer on
                // a kept-alive connection (47 requests/s for /api/layers on
                // one connection; bench/replicas.sh's API mix, p50 20 ms).
                .tcp_nodelay(true)
                .listen(listener)?
                .run();
        Ok(Application { port, server })
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until stopped.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
