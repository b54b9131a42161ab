//! Geometry operations of the engine, one per module.
//!
//! - [`winding`]: is a point in a zone? The rule for invalid polygons lives there.
//! - [`validity`]: which zones are invalid, and why.
//! - [`screen`]: zones projected and simplified for display (tiles, pictures).
//! - [`bbox`]: boxes in degrees grown point by point.

pub mod banded;
pub mod bbox;
pub mod distance;
pub mod screen;
pub mod simplify;
pub mod validity;
pub mod winding;

pub use winding::{locate, Placement};
