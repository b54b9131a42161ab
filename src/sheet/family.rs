//! The zones above and below a zone, through the layers' parent links.

use super::Child;
use crate::territory::{links, Territory};
use geo::Area;

/// The zones above zone `i` of layer `z`, nearest first, one per layer of
/// its chain of parent layers. Where the layer above is made of the same
/// members (communes → agency territory → département), the zone above is
/// the one holding most of this zone's members, not the parent's parent: the
/// commune of Carvin is in the Pas-de-Calais even though most of its agency
/// territory is in the Nord. Otherwise (QPV → commune) it is the parent with
/// the largest share. Stops at a loop, should a manifest make one.
pub fn levels(t: &Territory, z: usize, i: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let (mut current, mut anchor) = ((z, i), (z, i));
    while let Some(parent) = &t.manifest.zones[current.0].parent {
        let Some((pz, _)) = t.zone_layer(parent) else {
            break;
        };
        if pz == z || out.iter().any(|&(l, _)| l == pz) {
            break;
        }
        let above = if links::root(t, pz) == links::root(t, anchor.0) {
            holding_most(t, anchor, pz)
        } else {
            let shares = t.parents[current.0].as_ref();
            shares.and_then(|s| s[current.1].first()).map(|p| p.zone)
        };
        let Some(k) = above else { break };
        out.push((pz, k));
        if links::root(t, pz) != links::root(t, anchor.0) {
            anchor = (pz, k);
        }
        current = (pz, k);
    }
    out
}

/// The zone of layer `upper` holding most of zone `anchor`'s members (by area).
fn holding_most(t: &Territory, anchor: (usize, usize), upper: usize) -> Option<usize> {
    let root = &t.zones[links::root(t, upper)];
    let below = links::root_assignment(t, anchor.0);
    let above = links::root_assignment(t, upper);
    let mut areas: Vec<(usize, f64)> = Vec::new();
    for (m, (b, a)) in below.iter().zip(&above).enumerate() {
        let (Some(b), Some(a)) = (*b, *a) else {
            continue;
        };
        if b != anchor.1 {
            continue;
        }
        let area = root.shapes[m].unsigned_area();
        match areas.iter_mut().find(|(k, _)| *k == a) {
            Some((_, sum)) => *sum += area,
            None => areas.push((a, area)),
        }
    }
    areas
        .into_iter()
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .map(|(k, _)| k)
}

/// Zones of the layers below zone `i` of layer `z`: its children, their
/// children, and so on (an agency territory's communes, then their QPVs),
/// each with its share of area inside zone `i`.
pub fn children(t: &Territory, z: usize, i: usize) -> Vec<Child<'_>> {
    let mut out = Vec::new();
    let mut frontier: Vec<(usize, Vec<(usize, f64)>)> = vec![(z, vec![(i, 1.0)])];
    let mut seen_layers = vec![z];
    while let Some((layer, zones)) = frontier.pop() {
        for (c, spec) in t.manifest.zones.iter().enumerate() {
            let (Some(parent), Some(shares)) = (&spec.parent, &t.parents[c]) else {
                continue;
            };
            if parent != &t.zones[layer].id || seen_layers.contains(&c) {
                continue;
            }
            seen_layers.push(c);
            let found = children_in(shares, &zones);
            out.extend(found.iter().map(|&(k, share)| Child {
                layer: &t.zones[c].id,
                code: &t.zones[c].codes[k],
                name: &t.zones[c].names[k],
                share: (share * 1e4).round() / 1e4,
            }));
            frontier.push((c, found));
        }
    }
    out
}

/// The zones whose parents include some of `zones` (with their shares in
/// the original zone): share = Σ share in parent × parent's share.
fn children_in(
    shares: &[Vec<crate::parents::ParentShare>],
    zones: &[(usize, f64)],
) -> Vec<(usize, f64)> {
    shares
        .iter()
        .enumerate()
        .filter_map(|(k, list)| {
            let share: f64 = list
                .iter()
                .filter_map(|s| {
                    zones
                        .iter()
                        .find(|(z, _)| *z == s.zone)
                        .map(|(_, w)| s.share * w)
                })
                .sum();
            (share > 0.0).then_some((k, share))
        })
        .collect()
}
