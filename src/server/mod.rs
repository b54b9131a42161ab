//! The HTTP service: a thin actix-web layer over the engine.
//!
//! - [`startup`]: `Application::build` (binds, port 0 in tests) and the routes;
//! - [`state`]: the loaded territory, shared and swapped atomically on reload;
//! - [`caching`]: ETag, 304, Cache-Control and CORS;
//! - [`error`]: the one error type of the API, mapped to JSON and 4xx here only;
//! - [`routes`]: one module per route family;
//! - [`openapi`] and [`schemas`]: the OpenAPI document and the shapes of the answers.

pub mod caching;
pub mod error;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod schemas;
pub mod startup;
pub mod state;
