//! Nearest service place for many points, in metres.
//!
//! Service points are stored as 3-D unit vectors in an R-tree: the Euclidean
//! (chord) nearest neighbour is exactly the great-circle nearest neighbour, and
//! the chord converts to metres (see [`crate::geodesy`]). Cost: O(log n) per
//! query after an O(n log n) build.

use crate::geodesy::{chord_to_m, unit_vector};
use rayon::prelude::*;
use rstar::RTree;

/// An index of service points for nearest-distance queries.
pub struct NearestIndex {
    tree: RTree<[f64; 3]>,
}

impl NearestIndex {
    /// Indexes positions (longitude, latitude in degrees).
    pub fn new<'a>(positions: impl IntoIterator<Item = &'a [f64; 2]>) -> NearestIndex {
        let points: Vec<[f64; 3]> = positions.into_iter().map(|&p| unit_vector(p)).collect();
        NearestIndex {
            tree: RTree::bulk_load(points),
        }
    }

    /// Great-circle distance in metres from `p` to the nearest indexed point,
    /// or `None` when the index is empty.
    pub fn distance_m(&self, p: [f64; 2]) -> Option<f64> {
        let v = unit_vector(p);
        let nearest = self.tree.nearest_neighbor(&v)?;
        let chord = ((nearest[0] - v[0]).powi(2)
            + (nearest[1] - v[1]).powi(2)
            + (nearest[2] - v[2]).powi(2))
        .sqrt();
        Some(chord_to_m(chord))
    }

    /// Distances for many points at once, over all cores; `f32::NAN` when the index is empty.
    pub fn distances_m(&self, positions: &[[f64; 2]]) -> Vec<f32> {
        positions
            .par_iter()
            .map(|&p| self.distance_m(p).map_or(f32::NAN, |d| d as f32))
            .collect()
    }
}
