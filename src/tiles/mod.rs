//! Map tiles of zone layers, in the Web Mercator tile grid (z/x/y, as
//! Leaflet, MapLibre and QGIS use it).
//!
//! - [`grid`]: pure tile arithmetic (bounds, validity, projection);
//! - [`vector`]: Mapbox Vector Tiles: select → project → simplify → clip → encode.

pub mod cache;
pub mod grid;
pub mod outlines;
pub mod vector;

pub use grid::TileId;
