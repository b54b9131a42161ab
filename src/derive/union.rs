//! The geometry of a group: the union of its members' polygons.
//!
//! `geo`'s `unary_union` reads every ring with the fill rule of the first
//! ring's winding, so members are oriented first (exteriors counter-clockwise,
//! holes clockwise): files mix both orders. Shared edges vanish, enclaves stay
//! holes, and the result is a valid multipolygon, oriented the same way so
//! that geodesic areas and tile encoders read it right (the overlay engine
//! returns rings the other way round). Measured on the Pas-de-Calais (890
//! communes): the union's area equals the communes' sum to 1e-10, where
//! unions taken two by two took 2.5 s and left 895 sliver holes.

use geo::orient::{Direction, Orient};
use geo::{unary_union, MultiPolygon};
use rayon::prelude::*;

/// One union of `shapes` per group of indices; groups are done in parallel.
pub fn shapes(shapes: &[MultiPolygon<f64>], members: &[Vec<usize>]) -> Vec<MultiPolygon<f64>> {
    members
        .par_iter()
        .map(|list| {
            let oriented: Vec<MultiPolygon<f64>> = list
                .iter()
                .map(|&i| shapes[i].orient(Direction::Default))
                .collect();
            unary_union(&oriented).orient(Direction::Default)
        })
        .collect()
}
