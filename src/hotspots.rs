//! Hotspots (*points chauds*): the zones of a layer ranked by an indicator,
//! each with the volume behind it and where it is.
//!
//! A share alone misleads: a QPV where 25 % of 101 job-seekers are not
//! autonomous online outranks one where 22 % of 7,100 are, though the second
//! holds fifteen times more people to help. So each zone comes with its
//! *volume* (the count behind the indicator: the numerator of a ratio, the
//! count itself, else the zone's size), the list can be sorted by volume,
//! and zones under a minimum size (50 job-seekers by default) are left out:
//! villages of a few people would otherwise top every share.
//!
//! Only published values are used: a secret value is never ranked, and a
//! zone whose size is secret is left out by any minimum size, so the list
//! tells nothing the indicator table does not.

use crate::indicators::Value;
use crate::manifest::{IndicatorKind, IndicatorSpec, Manifest};
use crate::territory::Territory;

/// How to order the zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// By the indicator, highest first.
    Value,
    /// By the volume, largest first (then by the indicator).
    Volume,
}

/// The minimum size when none is asked for, in people.
pub const DEFAULT_MIN_SIZE: f64 = 50.0;

/// A ranked zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Hotspot {
    /// Rank, 1 for the first.
    pub rank: usize,
    /// The zone's position in its layer.
    pub zone: usize,
    /// The indicator's value.
    pub value: f64,
    /// The volume's value; `None` when secret or missing.
    pub volume: Option<f64>,
    /// The size's value; `None` when secret or missing.
    pub size: Option<f64>,
}

/// The indicators that give the volume and the size of a zone for
/// `indicator`: the volume is a count (the ratio's numerator, the count
/// itself), else the size; the size is the first count without filter
/// (all job-seekers). Either may be absent from a manifest without counts.
pub fn volume_and_size<'a>(
    m: &'a Manifest,
    indicator: &'a IndicatorSpec,
) -> (Option<&'a IndicatorSpec>, Option<&'a IndicatorSpec>) {
    let is_count = |i: &IndicatorSpec| matches!(i.kind, IndicatorKind::Count { .. });
    let size = m
        .indicators
        .iter()
        .find(|i| matches!(i.kind, IndicatorKind::Count { filter: None, .. }));
    let volume = match &indicator.kind {
        IndicatorKind::Count { .. } => Some(indicator),
        IndicatorKind::Ratio { numerator, .. } => m.indicator(numerator).filter(|i| is_count(i)),
        _ => None,
    };
    (volume.or(size), size)
}

/// The zones of layer `z` with a published value of `indicator`, bigger
/// than `min_size` (by the size indicator; ignored without one), in the
/// order `sort` asks; ties by code. With the number of zones left out by the
/// minimum size.
pub fn rank(
    t: &Territory,
    z: usize,
    indicator: &IndicatorSpec,
    sort: SortBy,
    min_size: f64,
) -> (Vec<Hotspot>, usize) {
    let (volume, size) = volume_and_size(&t.manifest, indicator);
    let table = &t.indicators[z];
    let of = |spec: Option<&IndicatorSpec>, i: usize| spec.and_then(|s| table[&s.id][i].number());
    let values: &[Value] = &table[&indicator.id];
    let mut small = 0;
    let mut kept: Vec<Hotspot> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let Some(value) = v.number() else { continue };
        let zone_size = of(size, i);
        if size.is_some() && min_size > 0.0 && zone_size.is_none_or(|n| n < min_size) {
            small += 1;
            continue;
        }
        kept.push(Hotspot {
            rank: 0,
            zone: i,
            value,
            volume: of(volume, i),
            size: zone_size,
        });
    }
    let codes = &t.zones[z].codes;
    kept.sort_by(|a, b| {
        let by_volume = match sort {
            SortBy::Volume => b
                .volume
                .unwrap_or(-1.0)
                .total_cmp(&a.volume.unwrap_or(-1.0)),
            SortBy::Value => std::cmp::Ordering::Equal,
        };
        by_volume
            .then(b.value.total_cmp(&a.value))
            .then(codes[a.zone].cmp(&codes[b.zone]))
    });
    for (k, h) in kept.iter_mut().enumerate() {
        h.rank = k + 1;
    }
    (kept, small)
}
