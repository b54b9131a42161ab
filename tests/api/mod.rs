//! The HTTP API, in process (actix's test service) over a generated
//! territory; the privacy walk runs over the real Occitanie data.

mod application;
mod archive;
mod endpoints;
mod errors;
mod hardening;
pub mod hauts_de_france;
pub mod helpers;
mod hostile;
mod http;
mod maps;
mod openapi;
mod privacy;
mod tiles;
mod typography;
