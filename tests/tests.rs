//! zonage's integration tests: one binary, one module per subject.
//! `regression` holds one test per bug found, named after it.

mod api;
mod attacker;
mod bad_input;
mod crs_reference;
mod csv_variants;
mod dossier;
mod fuzz;
mod golden;
mod hauts_de_france;
mod inputs_as_published;
mod join_brute_force;
mod occitanie;
mod regression;
mod report;
mod secrecy;
mod shapefile;
#[cfg(all(feature = "postgis", feature = "geopackage"))]
mod sources;
mod tiles_unchanged;
mod util;
