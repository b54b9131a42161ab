//! The HTTP service: a thin actix-web layer over the engine.
//!
//! - [`startup`]: `Application::build` (binds, port 0 in tests) and the routes;
//! - [`state`]: the loaded territory, shared and swapped atomically on reload;
//! - [`caching`]: ETag, 304, Cache-Control and CORS;
//! - [`headers`]: security headers (nosniff, referrer, CSP and framing);
//! - [`csv_download`]: CSV answers named and ready for spreadsheets;
//! - [`upload`] and [`batch_rows`]: request bodies read as bounded streams;
//! - [`error`]: the one error type of the API, mapped to JSON here only (4xx
//!   for the client's faults, 500 with a logged id for the server's);
//! - [`routes`]: one module per route family;
//! - [`openapi`] and [`schemas`]: the OpenAPI document and the shapes of the answers.

pub mod batch_rows;
pub mod caching;
pub mod csv_download;
pub mod error;
pub mod headers;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod schemas;
pub mod startup;
pub mod state;
pub mod upload;
