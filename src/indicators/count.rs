//! `count`: how many of a layer's points are in each zone, optionally filtered.

use super::{Context, Value};
use crate::manifest::Filter;

/// Counts per zone, with secrecy for private layers: a filtered count (the
/// non-autonomous among the job-seekers) is also masked where the count of
/// all the zone's people is masked, or where the others (all − filtered) are
/// 1 to threshold − 1 ([`crate::manifest::SecrecyRule::part`]).
pub fn compute(ctx: &Context, layer: &str, filter: Option<&Filter>) -> Vec<Value> {
    let points = ctx.points[layer];
    let members = ctx.members[layer];
    let mask = points.mask(filter);
    (0..ctx.zones.len())
        .map(|z| {
            let inside = members.of(z);
            match &mask {
                Some(mask) => {
                    let n = inside.iter().filter(|&&p| mask[p as usize]).count();
                    ctx.manifest.secrecy.part(n, inside.len(), points.private)
                }
                None => ctx.manifest.secrecy.count(inside.len(), points.private),
            }
        })
        .collect()
}
