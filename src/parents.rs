//! Parent zones computed spatially: which communes a QPV lies in, and with
//! what share of its area.
//!
//! Areas come from exact polygon intersections (`geo`'s boolean operations,
//! which accept self-intersecting input), measured in degrees²: the ratio of
//! two areas a few kilometres apart is unaffected by the scale of degrees.
//! Shares under 0.5 % are dropped: they are slivers where two boundary files of
//! different precision disagree, not real overlaps.

use crate::join::ZoneIndex;
use crate::zones::ZoneLayer;
use geo::{Area, BooleanOps, BoundingRect, MultiPolygon};
use rayon::prelude::*;
use serde::Serialize;

/// The smallest share of a child's area that makes a zone its parent.
pub const MIN_SHARE: f64 = 0.005;

/// One parent of a zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParentShare {
    /// Index of the parent zone in its layer.
    #[serde(skip)]
    pub zone: usize,
    /// The parent's code.
    pub code: String,
    /// The parent's name.
    pub name: String,
    /// Share of the child's area inside this parent, 0–1.
    pub share: f64,
}

/// For each zone of `children`, its parents in `parents`, largest share first.
pub fn compute(
    children: &ZoneLayer,
    parents: &ZoneLayer,
    parent_index: &ZoneIndex,
) -> Vec<Vec<ParentShare>> {
    children
        .shapes
        .par_iter()
        .map(|child| parents_of(child, parents, parent_index))
        .collect()
}

fn parents_of(
    child: &MultiPolygon<f64>,
    parents: &ZoneLayer,
    index: &ZoneIndex,
) -> Vec<ParentShare> {
    let Some(bbox) = child.bounding_rect() else {
        return Vec::new();
    };
    // Normalise the child first: a self-intersecting ring's signed area is meaningless.
    let child = child.union(&MultiPolygon::new(Vec::new()));
    let total = child.unsigned_area();
    if total <= 0.0 {
        return Vec::new();
    }
    let lo = [bbox.min().x, bbox.min().y];
    let hi = [bbox.max().x, bbox.max().y];
    let mut shares: Vec<ParentShare> = index
        .candidates_in(lo, hi)
        .filter_map(|p| {
            let share = child.intersection(&parents.shapes[p]).unsigned_area() / total;
            (share >= MIN_SHARE).then(|| ParentShare {
                zone: p,
                code: parents.codes[p].clone(),
                name: parents.names[p].clone(),
                // Four decimals: boundary files are not more precise than that.
                share: (share * 1e4).round() / 1e4,
            })
        })
        .collect();
    shares.sort_by(|a, b| b.share.total_cmp(&a.share));
    shares
}
