//! Which zones are invalid, and why (self-intersections, rings too short...).
//!
//! Invalid zones are kept as they are: [`super::winding`] has a rule for them.
//! This module only lets the quality report name them.

use geo::{MultiPolygon, Validation};

/// The first reason a zone is invalid, or `None` when it is valid.
/// Cost: O(n log n) in the vertex count; run once per zone at load time.
pub fn invalidity(zone: &MultiPolygon<f64>) -> Option<String> {
    zone.validation_errors()
        .into_iter()
        .next()
        .map(|e| e.to_string())
}
