//! Building and running the server. `Application::build` binds first (port 0
//! picks a free port, as tests do) so that the address is known before serving.

use super::caching;
use super::error::ApiError;
use super::metrics;
use super::routes::{
    admin, application, batch, hotspots, legend, lookup, maps, meta, points, series, tiles, zones,
};
use super::state::AppState;
use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use std::net::TcpListener;

/// Registers every route, the JSON error handlers of the extractors, and the
/// middlewares: caching and CORS ([`caching`]), then compression negotiated
/// from `Accept-Encoding`. Servers and tests build their `App` with this alone.
pub fn configure(cfg: &mut web::ServiceConfig) {
    let query = web::QueryConfig::default()
        .error_handler(|e, _| ApiError::bad("query", e.to_string()).into());
    let path = web::PathConfig::default()
        .error_handler(|e, _| ApiError::bad("path", e.to_string()).into());
    let routes = web::scope("")
        .wrap(actix_web::middleware::Compress::default())
        .wrap(actix_web::middleware::from_fn(caching::middleware))
        .wrap(actix_web::middleware::from_fn(metrics::middleware))
        .service(metrics::metrics)
        .service(super::openapi::openapi_json)
        .service(meta::health)
        .service(meta::layers)
        .service(zones::table)
        .service(zones::zone)
        .service(series::zone_series)
        .service(lookup::lookup_one)
        .service(batch::lookup_batch)
        .service(hotspots::hotspots)
        .service(points::points)
        .service(legend::legend)
        .service(tiles::tilejson)
        .service(tiles::tile_zxy)
        .service(maps::static_map_file)
        .service(application::index)
        .service(application::embed)
        .service(application::static_file)
        .service(admin::reload);
    cfg.app_data(query).app_data(path).service(routes);
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
