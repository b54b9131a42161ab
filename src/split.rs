//! QPV versus the rest: every job-seeker indicator of a zone, also for the
//! people living in a zone of the `split_by` layer (the QPVs) and for the
//! others, as the diagnostics compare them.
//!
//! The parts are computed like any indicator, over the part's own points
//! (a derived ratio is recomputed from the parts' counts, a median taken
//! over the part's people). Which indicators split: counts and distance
//! statistics of private point layers, and ratios of two such indicators;
//! attributes, service counts, series and scores describe the zone, not its
//! people, and do not split.
//!
//! Secrecy, on top of the usual rule applied to each part:
//! - *complement*: when a count's total or either part is secret, both parts
//!   are, and so is everything computed from that count in both parts (else
//!   total − part gives the masked part back);
//! - *pieces*: when a zone holds 1 to `threshold − 1` of a count's people
//!   in one QPV, both parts are masked too (the QPV's own figure minus its
//!   other pieces would give them back).

use crate::indicators::{compute_some, Context, IndicatorTable, Value};
use crate::join::Membership;
use crate::manifest::{IndicatorKind, Manifest};
use crate::points::PointLayer;
use std::collections::{HashMap, HashSet};

/// A zone layer's indicators for the people inside and outside the split layer.
#[derive(Debug, Default)]
pub struct Split {
    /// The split layer's id (`qpv`): columns are `<id>_<layer>` and `<id>_hors_<layer>`.
    pub layer: String,
    /// The indicators that split, in manifest order.
    pub ids: Vec<String>,
    /// Their two column names, `<id>_<layer>` and `<id>_hors_<layer>`.
    pub columns: Vec<(String, String)>,
    /// Values for the people living in a zone of the split layer.
    pub inside: IndicatorTable,
    /// Values for the others.
    pub outside: IndicatorTable,
}

impl Split {
    /// The two parts of indicator `id` of zone `i`, with their column names.
    pub fn parts(&self, id: &str, i: usize) -> Option<[(&str, Value); 2]> {
        let k = self.ids.iter().position(|s| s == id)?;
        let (inside, outside) = &self.columns[k];
        Some([(inside, self.inside[id][i]), (outside, self.outside[id][i])])
    }
}

/// The ids of the indicators that split, in manifest order.
pub fn splitting_ids(m: &Manifest) -> Vec<String> {
    let private = |layer: &str| m.point_layer(layer).is_some_and(|p| p.private);
    let mut ids: Vec<String> = Vec::new();
    for ind in crate::manifest::evaluation_order(m) {
        let splits = match &ind.kind {
            IndicatorKind::Count { points, .. } => private(points),
            IndicatorKind::Distance { from, .. } => private(from),
            IndicatorKind::Ratio {
                numerator,
                denominator: Some(d),
                ..
            } => ids.contains(numerator) && ids.contains(d),
            _ => false,
        };
        if splits {
            ids.push(ind.id.clone());
        }
    }
    let order: HashMap<&str, usize> = m
        .indicators
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    ids.sort_by_key(|id| order[id.as_str()]);
    ids
}

/// For each point of a layer, the zone of the split layer holding it (the
/// first, if zones overlap), or `u32::MAX`.
pub fn zone_of_points(split: &Membership, points: usize) -> Vec<u32> {
    let mut of = vec![u32::MAX; points];
    for z in (0..split.offsets.len().saturating_sub(1)).rev() {
        for &p in split.of(z) {
            of[p as usize] = z as u32;
        }
    }
    of
}

/// The part of `m` whose points satisfy `keep`.
pub fn restrict(m: &Membership, keep: impl Fn(u32) -> bool) -> Membership {
    let mut out = Membership {
        offsets: vec![0],
        ..Default::default()
    };
    for z in 0..m.offsets.len() - 1 {
        out.points
            .extend(m.of(z).iter().copied().filter(|&p| keep(p)));
        out.offsets.push(out.points.len());
    }
    out
}

/// Computes the two parts of the splitting indicators for the layer of
/// `ctx`, given the totals; `qpv_of[layer id]` places each private point.
pub fn compute(
    ctx: &Context,
    totals: &IndicatorTable,
    qpv_of: &HashMap<&str, Vec<u32>>,
    layer: &str,
) -> Split {
    let ids = splitting_ids(ctx.manifest);
    let part = |inside: bool| {
        let members: HashMap<&str, Membership> = qpv_of
            .iter()
            .map(|(id, of)| {
                (
                    *id,
                    restrict(ctx.members[id], |p| (of[p as usize] != u32::MAX) == inside),
                )
            })
            .collect();
        let mut part_ctx = Context {
            members: ctx.members.clone(),
            ..*ctx
        };
        for (id, m) in &members {
            part_ctx.members.insert(id, m);
        }
        compute_some(&part_ctx, &ids)
    };
    let columns = ids
        .iter()
        .map(|id| (format!("{id}_{layer}"), format!("{id}_hors_{layer}")))
        .collect();
    let mut split = Split {
        layer: layer.to_string(),
        inside: part(true),
        outside: part(false),
        ids,
        columns,
    };
    mask(ctx, totals, qpv_of, &mut split);
    split
}

/// The count indicators an indicator rests on (a filtered count rests on the
/// count of all its layer's people too: it is masked where that one is).
fn counts_of<'a>(m: &'a Manifest, id: &'a str) -> Vec<&'a str> {
    match m.indicator(id).map(|i| &i.kind) {
        Some(IndicatorKind::Count {
            points,
            filter: Some(_),
        }) => {
            let all = m.indicators.iter().filter(|i| {
                matches!(&i.kind, IndicatorKind::Count { points: p, filter: None } if p == points)
            });
            std::iter::once(id)
                .chain(all.map(|i| i.id.as_str()))
                .collect()
        }
        Some(IndicatorKind::Count { .. }) => vec![id],
        Some(IndicatorKind::Ratio {
            numerator,
            denominator,
            ..
        }) => {
            let mut v = counts_of(m, numerator);
            v.extend(denominator.iter().flat_map(|d| counts_of(m, d)));
            v
        }
        _ => Vec::new(),
    }
}

/// Applies the complement and piece rules (module documentation).
fn mask(
    ctx: &Context,
    totals: &IndicatorTable,
    qpv_of: &HashMap<&str, Vec<u32>>,
    split: &mut Split,
) {
    let counts: HashSet<&str> = split
        .ids
        .iter()
        .flat_map(|id| counts_of(ctx.manifest, id))
        .collect();
    let unsafe_zones: HashMap<&str, Vec<bool>> = counts
        .iter()
        .map(|&c| {
            let secret = |i: usize| {
                [&totals[c], &split.inside[c], &split.outside[c]]
                    .iter()
                    .any(|values| values[i].is_secret())
            };
            let pieces = small_pieces(ctx, c, qpv_of);
            let zones = pieces.iter().enumerate().map(|(i, &p)| p || secret(i));
            (c, zones.collect())
        })
        .collect();
    for id in &split.ids {
        let rests_on = counts_of(ctx.manifest, id);
        let masked = |i: &usize| rests_on.iter().any(|c| unsafe_zones[c][*i]);
        for i in (0..ctx.zones.len()).filter(masked) {
            split.inside.get_mut(id).expect("computed")[i] = Value::Secret;
            split.outside.get_mut(id).expect("computed")[i] = Value::Secret;
        }
    }
}

/// For each zone, whether its parts must be masked because of a small piece:
/// it holds 1 to `threshold − 1` of count `c`'s people in some zone of the
/// split layer, or it holds the largest piece of such a zone (else that
/// zone's own figure minus this piece would give the small one back).
fn small_pieces(ctx: &Context, c: &str, qpv_of: &HashMap<&str, Vec<u32>>) -> Vec<bool> {
    let mut masked = vec![false; ctx.zones.len()];
    let Some(IndicatorKind::Count { points, filter }) = ctx.manifest.indicator(c).map(|i| &i.kind)
    else {
        return masked;
    };
    let layer: &PointLayer = ctx.points[points.as_str()];
    let keep = layer.mask(filter.as_ref());
    let of = &qpv_of[points.as_str()];
    let members = ctx.members[points.as_str()];
    // (split zone) → [(zone, people)]
    let mut pieces: HashMap<u32, Vec<(usize, usize)>> = HashMap::new();
    for i in 0..ctx.zones.len() {
        let mut here: HashMap<u32, usize> = HashMap::new();
        for &p in members.of(i) {
            let q = of[p as usize];
            if q != u32::MAX && keep.as_ref().is_none_or(|k| k[p as usize]) {
                *here.entry(q).or_default() += 1;
            }
        }
        for (q, n) in here {
            pieces.entry(q).or_default().push((i, n));
        }
    }
    let threshold = ctx.manifest.secrecy.threshold as usize;
    for list in pieces.values() {
        let small: Vec<usize> = list
            .iter()
            .filter(|(_, n)| *n < threshold)
            .map(|(i, _)| *i)
            .collect();
        if small.is_empty() {
            continue;
        }
        small.iter().for_each(|&i| masked[i] = true);
        let largest = list.iter().max_by_key(|(_, n)| *n).expect("not empty");
        masked[largest.0] = true;
    }
    masked
}
