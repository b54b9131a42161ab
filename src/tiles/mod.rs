//! Map tiles of zone layers, in the Web Mercator tile grid (z/x/y, as
//! Leaflet, MapLibre and QGIS use it).
//!
//! - [`grid`]: pure tile arithmetic (bounds, validity, projection);
//! - [`outlines`]: each zone projected and simplified once per zoom level, kept;
//! - [`vector`]: Mapbox Vector Tiles: select → outline at the zoom → move → clip → encode;
//! - [`cache`]: encoded tiles with their gzip form, kept;
//! - [`tilejson`]: the description of a layer's tiles (TileJSON 3.0.0);
//! - [`archive`]: every tile of a layer over a zoom range, in a PMTiles archive.

pub mod archive;
pub mod cache;
pub mod grid;
pub mod outlines;
pub mod tilejson;
pub mod vector;

pub use grid::TileId;
