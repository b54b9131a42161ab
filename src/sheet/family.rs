//! The zones above and below a zone, through the layers' parent links.

use super::Child;
use crate::territory::Territory;

/// The zones above zone `i` of layer `z`, nearest first, following at each
/// level the parent holding the largest share. Stops at a loop, should a
/// manifest make one.
pub fn levels(t: &Territory, mut z: usize, mut i: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    while let (Some(parent), Some(shares)) = (&t.manifest.zones[z].parent, &t.parents[z]) {
        let Some((pz, _)) = t.zone_layer(parent) else {
            break;
        };
        let Some(first) = shares[i].first() else {
            break;
        };
        if out.iter().any(|&(l, _)| l == pz) {
            break;
        }
        (z, i) = (pz, first.zone);
        out.push((z, i));
    }
    out
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
