//! Secondary suppression for layers made of others' zones.
//!
//! An agency territory's count is the sum of its communes' counts. When one
//! commune's count is masked (3 job-seekers) and the others are shown, the
//! territory's count minus the shown communes gives the masked one back. So,
//! for every group of a derived layer and every count of a private layer:
//! the masked members' people must add up to 0 or to the threshold at least;
//! when they do not, the shown member with the fewest people (never 0) is
//! masked too, which always suffices, since a shown count is 0 or at least
//! the threshold. The same holds for the QPV and outside-QPV parts. Ratios
//! resting on a count masked here are masked with it (a share times a shown
//! denominator would give the count back).
//!
//! The aggregate stays shown: masking one more small commune costs the
//! diagnostic less than masking an agency territory.

use crate::derive::Grouping;
use crate::indicators::{IndicatorTable, Value};
use crate::join::Membership;
use crate::manifest::{evaluation_order, IndicatorKind, Manifest};
use crate::points::PointLayer;
use crate::split::Split;

/// One count indicator of a private layer: its id and which points it counts.
pub struct CountOf<'a> {
    /// Indicator id.
    pub id: &'a str,
    /// Position of its point layer.
    pub layer: usize,
    /// Which points the filter keeps (`None`: all).
    pub keep: Option<Vec<bool>>,
}

/// The counts of private point layers in the manifest.
pub fn private_counts<'a>(m: &'a Manifest, points: &[PointLayer]) -> Vec<CountOf<'a>> {
    m.indicators
        .iter()
        .filter_map(|ind| {
            let IndicatorKind::Count {
                points: layer,
                filter,
            } = &ind.kind
            else {
                return None;
            };
            let p = points.iter().position(|l| &l.id == layer && l.private)?;
            Some(CountOf {
                id: &ind.id,
                layer: p,
                keep: points[p].mask(filter.as_ref()),
            })
        })
        .collect()
}

/// How many of count `c`'s people each zone holds, from its membership,
/// restricted to the points `part` keeps.
pub fn people(m: &Membership, c: &CountOf, part: impl Fn(u32) -> bool) -> Vec<usize> {
    (0..m.offsets.len() - 1)
        .map(|z| {
            m.of(z)
                .iter()
                .filter(|&&p| part(p) && c.keep.as_ref().is_none_or(|k| k[p as usize]))
                .count()
        })
        .collect()
}

/// Masks members of `values` until, in every group, the masked members'
/// people add up to 0 or at least `threshold`. `people[k]` gives the people
/// of member `m` for each side that must be checked (total; or inside and
/// outside). Returns the members masked here.
pub fn protect_groups(
    grouping: &Grouping,
    people: &[Vec<usize>],
    masked: &mut [bool],
    threshold: usize,
) -> Vec<usize> {
    let mut added = Vec::new();
    for members in grouping.members() {
        loop {
            let small_side = people.iter().position(|side| {
                let r: usize = members
                    .iter()
                    .filter(|&&m| masked[m])
                    .map(|&m| side[m])
                    .sum();
                r > 0 && r < threshold
            });
            let Some(side) = small_side else { break };
            let next = members
                .iter()
                .copied()
                .filter(|&m| !masked[m] && people[side][m] > 0)
                .min_by_key(|&m| people[side][m]);
            let Some(m) = next else { break };
            masked[m] = true;
            added.push(m);
        }
    }
    added
}

/// Masks in `table` every ratio resting on a masked value, in dependency
/// order: a masked numerator over a public denominator (an indicator or an
/// attribute such as the population) would give the count back.
pub fn propagate_to_ratios(m: &Manifest, table: &mut IndicatorTable) {
    for ind in evaluation_order(m) {
        let IndicatorKind::Ratio {
            numerator,
            denominator,
            ..
        } = &ind.kind
        else {
            continue;
        };
        let Some(num) = table.get(numerator) else {
            continue;
        };
        let den = denominator.as_ref().and_then(|d| table.get(d));
        let hidden: Vec<bool> = (0..num.len())
            .map(|i| num[i].is_secret() || den.is_some_and(|d| d[i].is_secret()))
            .collect();
        if let Some(values) = table.get_mut(&ind.id) {
            for (v, h) in values.iter_mut().zip(hidden) {
                if h {
                    *v = Value::Secret;
                }
            }
        }
    }
}

/// Masks every filtered count (the non-autonomous) where the count of all the
/// people of its layer is masked; returns how many were masked.
pub fn hide_filtered_of_hidden_totals(counts: &[CountOf], table: &mut IndicatorTable) -> usize {
    let mut added = 0;
    for total in counts.iter().filter(|c| c.keep.is_none()) {
        let hidden: Vec<bool> = table[total.id].iter().map(|v| v.is_secret()).collect();
        for part in counts
            .iter()
            .filter(|c| c.keep.is_some() && c.layer == total.layer)
        {
            let values = table.get_mut(part.id).expect("computed");
            for (v, _) in values
                .iter_mut()
                .zip(&hidden)
                .filter(|(v, h)| **h && !v.is_secret())
            {
                *v = Value::Secret;
                added += 1;
            }
        }
    }
    added
}

/// Applies the rule to the totals of base layer `table` for the groups of
/// `grouping`, for every private count.
pub fn protect_totals(
    m: &Manifest,
    counts: &[CountOf],
    (members, grouping): (&[Membership], &Grouping),
    table: &mut IndicatorTable,
) -> usize {
    let threshold = m.secrecy.threshold as usize;
    let mut added = 0;
    // Masking a total masks its filtered counts, which may leave another
    // group's masked people too few: repeat until nothing changes.
    loop {
        let before = added;
        for c in counts {
            let people = vec![people(&members[c.layer], c, |_| true)];
            let values = table.get_mut(c.id).expect("computed");
            let mut masked: Vec<bool> = values.iter().map(|v| v.is_secret()).collect();
            for k in protect_groups(grouping, &people, &mut masked, threshold) {
                values[k] = Value::Secret;
                added += 1;
            }
        }
        added += hide_filtered_of_hidden_totals(counts, table);
        if added == before {
            break;
        }
    }
    propagate_to_ratios(m, table);
    added
}

/// Masks both parts of every count whose total is masked (the two parts would
/// add up to it), and the ratios resting on them.
pub fn hide_parts_of_hidden_totals(
    m: &Manifest,
    counts: &[CountOf],
    table: &IndicatorTable,
    split: &mut Split,
) {
    for c in counts
        .iter()
        .filter(|c| split.ids.iter().any(|id| id == c.id))
    {
        for (i, total) in table[c.id].iter().enumerate() {
            if total.is_secret() {
                split.inside.get_mut(c.id).expect("computed")[i] = Value::Secret;
                split.outside.get_mut(c.id).expect("computed")[i] = Value::Secret;
            }
        }
    }
    propagate_to_ratios(m, &mut split.inside);
    propagate_to_ratios(m, &mut split.outside);
}

/// Applies the rule to the QPV and outside-QPV parts of base layer `split`.
pub fn protect_parts(
    m: &Manifest,
    counts: &[CountOf],
    (members, grouping): (&[Membership], &Grouping),
    split: &mut Split,
    in_split: &dyn Fn(usize, u32) -> bool,
) -> usize {
    let threshold = m.secrecy.threshold as usize;
    let mut added = 0;
    loop {
        let before = added;
        for c in counts
            .iter()
            .filter(|c| split.ids.iter().any(|id| id == c.id))
        {
            let inside = people(&members[c.layer], c, |p| in_split(c.layer, p));
            let outside = people(&members[c.layer], c, |p| !in_split(c.layer, p));
            let mut masked: Vec<bool> = split.inside[c.id].iter().map(|v| v.is_secret()).collect();
            for k in protect_groups(grouping, &[inside, outside], &mut masked, threshold) {
                split.inside.get_mut(c.id).expect("computed")[k] = Value::Secret;
                split.outside.get_mut(c.id).expect("computed")[k] = Value::Secret;
                added += 1;
            }
        }
        added += hide_filtered_of_hidden_totals(counts, &mut split.inside);
        added += hide_filtered_of_hidden_totals(counts, &mut split.outside);
        if added == before {
            break;
        }
    }
    propagate_to_ratios(m, &mut split.inside);
    propagate_to_ratios(m, &mut split.outside);
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_masked_member_gets_a_partner() {
        let g = Grouping {
            codes: vec!["A".into()],
            names: vec!["A".into()],
            member_of: vec![Some(0); 4],
            notes: Vec::new(),
        };
        // Members: 3 (masked), 40, 0, 25: the group's 68 minus 40 and 25 would give 3.
        let people = vec![vec![3, 40, 0, 25]];
        let mut masked = vec![true, false, false, false];
        assert_eq!(protect_groups(&g, &people, &mut masked, 11), vec![3]);
        // Two masked members of 3 and 9 add up to 12: nothing more to mask.
        let people = vec![vec![3, 40, 9, 25]];
        let mut masked = vec![true, false, true, false];
        assert!(protect_groups(&g, &people, &mut masked, 11).is_empty());
    }
}
