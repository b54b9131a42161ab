//! Zone layers derived from another layer's zones (their *members*): agency
//! territories from communes, départements from commune codes, EPCIs from a
//! list. No geometry file is read.
//!
//! [`groups`] decides which group each member goes to; this module then
//! builds the layer: each group's geometry is the union of its members'
//! (`union`), its numeric attributes the sums of its members' (only when
//! every member has the attribute: a partial sum would pass for a total), and
//! its points are its members' points ([`membership`]), so that a group's
//! count is exactly the sum of its members' counts and every indicator is
//! computed over the group's own people, as for any zone layer.

pub mod departements;
pub mod groups;
mod union;

use crate::join::Membership;
use crate::zones::{RawZones, ZoneLayer};
use std::collections::BTreeMap;

pub use groups::Grouping;

/// Builds the derived layer `id` from `base` and its grouping. Each group's
/// outline is the union of its members' own, never of unions already made
/// (a region from its départements' outlines came out with 902 sliver
/// holes where the overlay had moved their shared edges apart).
pub fn build_layer((id, label): (&str, &str), base: &ZoneLayer, grouping: &Grouping) -> ZoneLayer {
    let members = grouping.members();
    let shapes = union::shapes(&base.shapes, &members);
    let raw = RawZones {
        codes: grouping.codes.clone(),
        names: grouping.names.clone(),
        shapes,
        crs: format!("derived from `{}`", base.id),
        features_read: grouping.codes.len(),
        ..RawZones::default()
    };
    let mut layer = ZoneLayer::new(id, label, raw);
    layer.attributes = summed_attributes(base, &members);
    layer
}

/// Each attribute of the members, summed per group over the members that
/// have it; missing when none has.
///
/// Why not missing as soon as one member lacks it: the members without a
/// value are, in practice, communes merged since the boundaries' vintage,
/// whose people the merged commune's figure already counts (the quality
/// report names them). [`incomplete_sums`] says which groups are concerned.
fn summed_attributes(
    base: &ZoneLayer,
    members: &[Vec<usize>],
) -> BTreeMap<String, Vec<Option<f64>>> {
    base.attributes
        .iter()
        .map(|(name, values)| {
            let sums = members
                .iter()
                .map(|m| m.iter().filter_map(|&i| values[i]).reduce(|a, b| a + b))
                .collect();
            (name.clone(), sums)
        })
        .collect()
}

/// For the quality report: per attribute, the groups where some member has
/// no value.
pub fn incomplete_sums(base: &ZoneLayer, grouping: &Grouping) -> Vec<String> {
    let members = grouping.members();
    base.attributes
        .iter()
        .filter_map(|(name, values)| {
            let groups: Vec<String> = members
                .iter()
                .enumerate()
                .filter(|(_, m)| m.iter().any(|&i| values[i].is_none()))
                .map(|(g, _)| grouping.codes[g].clone())
                .collect();
            (!groups.is_empty()).then(|| {
                format!(
                    "`{name}` sums the members that have it in {}: {}",
                    crate::progress::plural(groups.len(), "group", "groups"),
                    groups.join(", ")
                )
            })
        })
        .collect()
}

/// The points of each group: the union of its members' points, sorted.
///
/// Cost: O(points in the base layer), one counting sort; a point on the
/// boundary of two members of one group is counted once.
pub fn membership(base: &Membership, grouping: &Grouping) -> Membership {
    let groups = grouping.codes.len();
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); groups];
    for (member, group) in grouping.member_of.iter().enumerate() {
        if let Some(g) = *group {
            lists[g].extend_from_slice(base.of(member));
        }
    }
    let mut m = Membership {
        offsets: Vec::with_capacity(groups + 1),
        ..Default::default()
    };
    m.offsets.push(0);
    for list in &mut lists {
        list.sort_unstable();
        list.dedup();
        m.points.extend_from_slice(list);
        m.offsets.push(m.points.len());
    }
    m
}

/// Counts of a membership's points in no zone and in several, given the
/// number of points of the layer.
pub fn tally(m: &Membership, points: usize) -> (usize, usize) {
    let mut seen = vec![0u8; points];
    for &p in &m.points {
        seen[p as usize] = seen[p as usize].saturating_add(1);
    }
    let outside = seen.iter().filter(|&&n| n == 0).count();
    let several = seen.iter().filter(|&&n| n > 1).count();
    (outside, several)
}
