//! `count`: how many of a layer's points are in each zone, optionally filtered.

use super::{Context, Value};
use crate::manifest::Filter;

/// Counts per zone, with secrecy for private layers.
pub fn compute(ctx: &Context, layer: &str, filter: Option<&Filter>) -> Vec<Value> {
    let points = ctx.points[layer];
    let members = ctx.members[layer];
    let mask = points.mask(filter);
    (0..ctx.zones.len())
        .map(|z| {
            let inside = members.of(z);
            let n = match &mask {
                Some(mask) => inside.iter().filter(|&&p| mask[p as usize]).count(),
                None => inside.len(),
            };
            ctx.manifest.secrecy.count(n, points.private)
        })
        .collect()
}
