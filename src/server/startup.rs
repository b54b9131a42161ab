//! Building and running the server. `Application::build` binds first (port 0
//! picks a free port, as tests do) so that the address is known before serving.

use super::error::ApiError;
use super::routes::{admin, batch, hotspots, legend, lookup, meta, points, zones};
use super::state::AppState;
use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use std::net::TcpListener;

/// Registers every route and the JSON error handlers of the extractors.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::QueryConfig::default()
            .error_handler(|e, _| ApiError::bad("query", e.to_string()).into()),
    )
    .app_data(
        web::PathConfig::default()
            .error_handler(|e, _| ApiError::bad("path", e.to_string()).into()),
    )
    .service(meta::health)
    .service(meta::layers)
    .service(zones::table)
    .service(zones::zone)
    .service(lookup::lookup_one)
    .service(batch::lookup_batch)
    .service(hotspots::hotspots)
    .service(points::points)
    .service(legend::legend)
    .service(admin::reload);
}

/// A bound, ready-to-run server.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds `address` (e.g. `127.0.0.1:8080`, or port 0 for any free port).
    pub fn build(state: AppState, address: &str) -> std::io::Result<Application> {
        let listener = TcpListener::bind(address)?;
        let port = listener.local_addr()?.port();
        let state = web::Data::new(state);
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .wrap(actix_web::middleware::Compress::default())
                .configure(configure)
        })
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
