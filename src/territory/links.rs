//! How the zone layers of a territory hang together: which layer a derived
//! layer is made of, and each zone's parents, by the best rule available.
//!
//! - a layer listing its parents (`parents_from`): those parents
//!   ([`parents::listed`]);
//! - two layers made of the same members (communes and the agency
//!   territories grouping them): the members say it exactly
//!   ([`parents::through_members`]);
//! - otherwise, polygon overlap ([`parents::compute`]).

use super::Territory;
use crate::join::Membership;
use crate::manifest::Manifest;
use crate::parents::{self, ParentShare};
use crate::points::PointLayer;
use crate::progress::Progress;
use crate::split::zone_of_points;
use crate::zones::ZoneLayer;

/// The layer a layer is ultimately made of (itself for a file layer).
pub fn root(t: &Territory, mut z: usize) -> usize {
    while let Some((base, _)) = &t.groupings[z] {
        z = *base;
    }
    z
}

/// Same rule from the manifest alone: the root layer's id.
fn root_id<'a>(m: &'a Manifest, mut id: &'a str) -> &'a str {
    while let Some(d) = m.zone_layer(id).and_then(|z| z.derive.as_ref()) {
        id = &d.from;
    }
    id
}

/// True when points outside the layer are expected: it covers only part of
/// the territory, as QPVs do within communes (it has a parent layer that is
/// not made of the same members).
pub fn is_partial(m: &Manifest, z: usize) -> bool {
    let spec = &m.zones[z];
    if m.territory.split_by.as_deref() == Some(spec.id.as_str()) {
        return true;
    }
    match &spec.derive {
        Some(d) => m
            .zones
            .iter()
            .position(|s| s.id == d.from)
            .is_some_and(|b| is_partial(m, b)),
        None => spec
            .parent
            .as_deref()
            .is_some_and(|p| root_id(m, p) != spec.id),
    }
}

/// For each zone of the root layer of `z`, the zone of `z` holding it.
pub fn root_assignment(t: &Territory, z: usize) -> Vec<Option<usize>> {
    match &t.groupings[z] {
        None => (0..t.zones[z].len()).map(Some).collect(),
        Some((base, grouping)) => root_assignment(t, *base)
            .into_iter()
            .map(|member| member.and_then(|m| grouping.member_of[m]))
            .collect(),
    }
}

/// The parents of every zone of every layer that declares a parent layer.
pub fn compute_parents(t: &Territory, progress: &Progress) -> Vec<Option<Vec<Vec<ParentShare>>>> {
    (0..t.zones.len())
        .map(|z| {
            let spec = &t.manifest.zones[z];
            let (p, _) = t.zone_layer(spec.parent.as_deref()?)?;
            let step = progress.step(format!("placing `{}` in `{}`", spec.id, t.zones[p].id));
            let shares = if let Some(field) = &spec.parents_from {
                parents::listed(&t.zones[z], &t.zones[z].properties[field], &t.zones[p])
            } else if root(t, z) == root(t, p) {
                let r = root(t, z);
                let assign = (root_assignment(t, z), root_assignment(t, p));
                parents::through_members(&t.zones[r], assign, &t.zones[z], &t.zones[p])
            } else {
                parents::compute(&t.zones[z], &t.zones[p], &t.indexes[p])
            };
            step.done(crate::progress::plural(t.zones[z].len(), "zone", "zones"));
            Some(shares)
        })
        .collect()
}

/// Listed parent codes that name no zone of the parent layer.
pub fn listed_parent_notes(t: &Territory) -> Vec<String> {
    let mut notes = Vec::new();
    for (z, spec) in t.manifest.zones.iter().enumerate() {
        let (Some(field), Some(parent)) = (&spec.parents_from, &spec.parent) else {
            continue;
        };
        let Some((_, p)) = t.zone_layer(parent) else {
            continue;
        };
        let unknown: Vec<String> = t.zones[z].properties[field]
            .iter()
            .enumerate()
            .flat_map(|(i, list)| {
                parents::split_codes(list.as_deref().unwrap_or(""))
                    .filter(|c| p.index_of(c).is_none())
                    .map(move |c| format!("{} → {c}", t.zones[z].codes[i]))
            })
            .collect();
        if !unknown.is_empty() {
            notes.push(format!(
                "{}: {} parents listed in `{field}` are not zones of `{parent}` (codes changed since the boundaries' vintage?): {}",
                spec.id,
                unknown.len(),
                crate::quality::examples(&unknown)
            ));
        }
    }
    notes
}

/// A layer that lists its parents (QPV 2024 and `insee_communes`) holds
/// only its points that lie in one of its listed parents: a point inside a
/// QPV's polygon but in a commune the official list does not name is on a
/// sliver where two boundary files of different precision disagree, and is
/// counted outside the QPV (the quality report says how many). The parent
/// layer must be read from a file, so that its points are joined already.
pub fn clip_to_listed_parents(
    m: &Manifest,
    zones: &[ZoneLayer],
    points: &[PointLayer],
    memberships: &mut [Vec<Membership>],
) -> Vec<String> {
    let mut notes = Vec::new();
    for (z, spec) in m.zones.iter().enumerate() {
        let (Some(field), Some(parent)) = (&spec.parents_from, &spec.parent) else {
            continue;
        };
        let Some(p) = zones
            .iter()
            .position(|l| &l.id == parent)
            .filter(|&p| !memberships[p].is_empty())
        else {
            continue;
        };
        let listed: Vec<Vec<u32>> = zones[z].properties[field]
            .iter()
            .map(|list| {
                parents::split_codes(list.as_deref().unwrap_or(""))
                    .filter_map(|c| zones[p].index_of(c))
                    .map(|i| i as u32)
                    .collect()
            })
            .collect();
        for (k, layer) in points.iter().enumerate() {
            let parent_of = zone_of_points(&memberships[p][k], layer.len());
            let before = memberships[z][k].points.len();
            let mut clipped = clip(&memberships[z][k], &listed, &parent_of);
            clipped.outside = memberships[z][k].outside + before - clipped.points.len();
            if layer.private && clipped.points.len() < before {
                notes.push(format!(
                    "{}: {} of `{}` inside a zone's outline but in a `{parent}` zone its `{field}` does not list, counted outside it",
                    spec.id,
                    crate::progress::plural(before - clipped.points.len(), "point", "points"),
                    layer.id
                ));
            }
            memberships[z][k] = clipped;
        }
    }
    notes
}

/// Keeps, for each zone, the points whose parent zone is one it lists.
fn clip(m: &Membership, listed: &[Vec<u32>], parent_of: &[u32]) -> Membership {
    let mut out = Membership {
        offsets: vec![0],
        ambiguous: m.ambiguous,
        in_several: m.in_several,
        ..Default::default()
    };
    for (z, allowed) in listed.iter().enumerate() {
        out.points.extend(
            m.of(z)
                .iter()
                .copied()
                .filter(|&p| allowed.contains(&parent_of[p as usize])),
        );
        out.offsets.push(out.points.len());
    }
    out
}
