//! `services`: service places inside a zone, or within N km of its boundary.

use super::{Context, Value};
use crate::geodesy::degree_margin;
use crate::geometry::distance::to_zone_m;
use geo::{BoundingRect, MultiPolygon};
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
    ctx.zones
        .shapes
        .iter()
        .map(|zone| Value::Number(count_near(zone, &tree, metres) as f64))
        .collect()
}

fn count_near(
    zone: &MultiPolygon<f64>,
    tree: &RTree<GeomWithData<[f64; 2], usize>>,
    metres: f64,
) -> usize {
    let Some(bbox) = zone.bounding_rect() else {
        return 0;
    };
    let margin = degree_margin(
        [bbox.min().x, bbox.max().y.abs().max(bbox.min().y.abs())],
        metres,
    );
    let lo = [bbox.min().x - margin[0], bbox.min().y - margin[1]];
    let hi = [bbox.max().x + margin[0], bbox.max().y + margin[1]];
    tree.locate_in_envelope(&AABB::from_corners(lo, hi))
        .filter(|p| to_zone_m(zone, *p.geom()) <= metres)
        .count()
}
