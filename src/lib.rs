//! # zonage
//!
//! Maps French territories and priority districts (QPV). The engine loads zone
//! layers (QPV, communes) and point layers (job-seekers, service places) declared
//! in a TOML [`manifest`], joins points to zones through a grid of interior cells ([`join`]),
//! computes per-zone [`indicators`] with statistical secrecy ([`secrecy`]) and
//! says what it found wrong in the inputs ([`quality`]).
//!
//! The modules carry no HTTP: a server is a thin layer over [`territory::Territory`].

pub mod cli;
pub mod crs;
pub mod derive;
pub mod dossier;
pub mod error;
pub mod geodesy;
pub mod geometry;
pub mod hotspots;
pub mod indicators;
pub mod input;
pub mod join;
pub mod labels;
pub mod legend;
pub mod lookup;
pub mod manifest;
pub mod nearest;
pub mod parents;
pub mod points;
pub mod progress;
pub mod quality;
pub mod render;
pub mod report;
pub mod search;
pub mod secrecy;
pub mod series;
pub mod server;
pub mod sheet;
pub mod source;
pub mod split;
pub mod suppression;
pub mod synth;
pub mod territory;
pub mod tiles;
pub mod typography;
pub mod zones;

pub use error::Error;
