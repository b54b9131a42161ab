//! Boxes in degrees, `[west, south, east, north]`, grown point by point.
//!
//! Why not `geo::Rect`: the batch distances, the nearest-place runs and the
//! Z-order grow a box millions of times in hot loops; an array of four
//! numbers with an empty value avoids the `Option` a `Rect` would need.

/// The box that holds nothing: growing it by a point gives that point.
pub const EMPTY: [f64; 4] = [
    f64::INFINITY,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NEG_INFINITY,
];

/// The smallest box holding `b` and the point `[x, y]`.
///
/// ```
/// use zonage::geometry::bbox::{grow, EMPTY};
/// assert_eq!(grow(grow(EMPTY, [2.0, 43.0]), [1.0, 44.0]), [1.0, 43.0, 2.0, 44.0]);
/// ```
pub fn grow(b: [f64; 4], [x, y]: [f64; 2]) -> [f64; 4] {
    [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)]
}

/// The smallest box holding both boxes.
pub fn union(a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}
