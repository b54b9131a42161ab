//! `services`: service places inside a zone, or within N km of its boundary.

use super::{Context, Value};
use crate::geodesy::degree_margin;
use crate::geometry::distance::to_zone_m;
use geo::{BoundingRect, MultiPolygon};
use rayon::prelude::*;
use rstar::primitives::GeomWithData;
use rstar::{RTree, AABB};

/// Number of points of `layers` in each zone (`within_km == 0`) or within
/// `within_km` of it. Service layers are public: no secrecy applies.
pub fn compute(ctx: &Context, layers: &[String], within_km: f64) -> Vec<Value> {
    if within_km <= 0.0 {
        return (0..ctx.zones.len())
            .map(|z| {
                let n: usize = layers
                    .iter()
                    .map(|l| ctx.members[l.as_str()].of(z).len())
                    .sum();
                Value::Number(n as f64)
            })
            .collect();
    }
    let positions = layers
        .iter()
        .flat_map(|l| ctx.points[l.as_str()].coords.iter());
    let tree = RTree::bulk_load(
        positions
            .enumerate()
            .map(|(i, &p)| GeomWithData::new(p, i))
            .collect(),
    );
    let metres = within_km * 1000.0;
    (0..ctx.zones.len())
        .into_par_iter()
        .map(|z| {
            let (zone, inside) = (&ctx.zones.shapes[z], members_of(ctx, layers, z));
            let near = |p: &&Place| {
                inside.binary_search(&p.data).is_ok() || to_zone_m(zone, *p.geom()) <= metres
            };
            Value::Number(candidates(zone, &tree, metres).filter(near).count() as f64)
        })
        .collect()
}

/// A service place in the R-tree: its position and its rank among the places
/// of all the layers, taken one after the other.
type Place = GeomWithData<[f64; 2], usize>;

/// The places of `layers` that the join put in zone `z`, by rank, sorted:
/// they are inside, no distance to measure (the region holds nearly all of
/// them, and its outline has thousands of vertices).
fn members_of(ctx: &Context, layers: &[String], z: usize) -> Vec<usize> {
    let mut offset = 0;
    let mut ranks = Vec::new();
    for l in layers {
        ranks.extend(
            ctx.members[l.as_str()]
                .of(z)
                .iter()
                .map(|&p| offset + p as usize),
        );
        offset += ctx.points[l.as_str()].len();
    }
    ranks.sort_unstable();
    ranks
}

/// The places in the zone's box grown by `metres`.
fn candidates<'t>(
    zone: &MultiPolygon<f64>,
    tree: &'t RTree<Place>,
    metres: f64,
) -> impl Iterator<Item = &'t Place> {
    let bbox = zone.bounding_rect();
    let envelope = bbox.map(|bbox| {
        let margin = degree_margin(
            [bbox.min().x, bbox.max().y.abs().max(bbox.min().y.abs())],
            metres,
        );
        let lo = [bbox.min().x - margin[0], bbox.min().y - margin[1]];
        let hi = [bbox.max().x + margin[0], bbox.max().y + margin[1]];
        AABB::from_corners(lo, hi)
    });
    envelope
        .into_iter()
        .flat_map(move |e| tree.locate_in_envelope(&e))
}
