//! Parent zones: which communes a QPV lies in, which agency territory a
//! commune belongs to, and with what share of the child's area. Three rules,
//! chosen by the territory ([`crate::territory`]): polygon overlap
//! ([`compute`]), a list the child carries ([`listed`]), shared members
//! ([`through_members`]).
//!
//! Areas come from exact polygon intersections (`geo`'s boolean operations,
//! which accept self-intersecting input), measured in degrees²: the ratio of
//! two areas a few kilometres apart is unaffected by the scale of degrees.
//! Shares under 0.5 % are dropped: they are slivers where two boundary files of
//! different precision disagree, not real overlaps.

use crate::join::ZoneIndex;
use crate::zones::ZoneLayer;
use geo::{Area, BooleanOps, BoundingRect, ChamberlainDuquetteArea, MultiPolygon};
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
    let shares = index.candidates_in(lo, hi).filter_map(|p| {
        let share = child.intersection(&parents.shapes[p]).unsigned_area() / total;
        (share >= MIN_SHARE).then_some((p, share))
    });
    sorted_shares(parents, shares)
}

/// The codes of a list property: `02571|02691` (also `,` or `;`).
pub fn split_codes(list: &str) -> impl Iterator<Item = &str> {
    list.split(['|', ',', ';'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// Parents named by each child's list (QPV 2024's `insee_communes`): every
/// listed zone is a parent, however small its overlap, because the official
/// list says so where two boundary files of different precision disagree.
/// Shares are of the child's area inside its listed parents, so they add up
/// to 1; a listed parent it does not overlap at all gets an equal part of
/// what is left when nothing overlaps. Unknown codes are left out (the
/// quality report names them).
pub fn listed(
    children: &ZoneLayer,
    lists: &[Option<String>],
    parents: &ZoneLayer,
) -> Vec<Vec<ParentShare>> {
    children
        .shapes
        .par_iter()
        .zip(lists)
        .map(|(child, list)| {
            let found: Vec<usize> = split_codes(list.as_deref().unwrap_or(""))
                .filter_map(|c| parents.index_of(c))
                .collect();
            let child = child.union(&MultiPolygon::new(Vec::new()));
            let areas: Vec<f64> = found
                .iter()
                .map(|&p| child.intersection(&parents.shapes[p]).unsigned_area())
                .collect();
            let total: f64 = areas.iter().sum();
            let share = |a: f64| {
                if total > 0.0 {
                    a / total
                } else {
                    1.0 / found.len() as f64
                }
            };
            let shares = found.iter().zip(&areas).map(|(&p, &a)| (p, share(a)));
            sorted_shares(parents, shares)
        })
        .collect()
}

/// Parents of a layer made of the same members (`root`) as its parent layer:
/// `assign.0` and `assign.1` give each member's zone in the child and the
/// parent layer. A child's share in a parent is the geodesic area of its
/// members there over the area of all its members: exact, no polygon
/// operation, no sliver.
pub fn through_members(
    root: &ZoneLayer,
    assign: (Vec<Option<usize>>, Vec<Option<usize>>),
    children: &ZoneLayer,
    parents: &ZoneLayer,
) -> Vec<Vec<ParentShare>> {
    let mut areas: Vec<Vec<(usize, f64)>> = vec![Vec::new(); children.len()];
    for (member, (c, p)) in assign.0.iter().zip(&assign.1).enumerate() {
        let (Some(c), Some(p)) = (*c, *p) else {
            continue;
        };
        let area = root.shapes[member].chamberlain_duquette_unsigned_area();
        match areas[c].iter_mut().find(|(q, _)| *q == p) {
            Some((_, a)) => *a += area,
            None => areas[c].push((p, area)),
        }
    }
    areas
        .into_iter()
        .map(|list| {
            let total: f64 = list.iter().map(|(_, a)| a).sum();
            let shares = list
                .into_iter()
                .map(|(p, a)| (p, if total > 0.0 { a / total } else { 0.0 }));
            sorted_shares(parents, shares)
        })
        .collect()
}

fn sorted_shares(
    parents: &ZoneLayer,
    shares: impl Iterator<Item = (usize, f64)>,
) -> Vec<ParentShare> {
    let mut out: Vec<ParentShare> = shares
        .map(|(p, share)| ParentShare {
            zone: p,
            code: parents.codes[p].clone(),
            name: parents.names[p].clone(),
            share: (share * 1e4).round() / 1e4,
        })
        .collect();
    out.sort_by(|a, b| b.share.total_cmp(&a.share));
    out
}

/// The names of the zones holding zone `i` of layer `z` (a QPV's communes),
/// largest share first; none when the layer has no parent layer.
pub fn parent_names(t: &crate::territory::Territory, z: usize, i: usize) -> Vec<&str> {
    let parents = t.parents[z].as_ref().map_or(&[][..], |p| &p[i]);
    parents.iter().map(|p| p.name.as_str()).collect()
}
