//! Geometry operations of the engine, one per module.
//!
//! - [`winding`]: is a point in a zone? The rule for invalid polygons lives there.
//! - [`validity`]: which zones are invalid, and why.

pub mod banded;
pub mod distance;
pub mod validity;
pub mod winding;

pub use winding::{locate, Placement};
