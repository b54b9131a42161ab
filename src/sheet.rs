//! The zone sheet (*fiche*): one zone with every indicator, its rank among the
//! layer's zones, its parents and children, and how it compares with its
//! parent zones and with the whole layer.

use crate::indicators::Value;
use crate::parents::ParentShare;
use crate::territory::Territory;
use serde::Serialize;

/// One zone's sheet.
#[derive(Debug, Serialize)]
pub struct ZoneSheet<'a> {
    /// Layer id.
    pub layer: &'a str,
    /// Zone code.
    pub code: &'a str,
    /// Zone name.
    pub name: &'a str,
    /// Zones of the parent layer holding this one, with area shares.
    pub parents: &'a [ParentShare],
    /// Zones of child layers (e.g. the QPVs of a commune), with their share in this zone.
    pub children: Vec<Child<'a>>,
    /// Every indicator, in manifest order.
    pub indicators: Vec<SheetIndicator<'a>>,
}

/// A zone of a child layer that lies (partly) in this one.
#[derive(Debug, Serialize)]
pub struct Child<'a> {
    /// Child layer id.
    pub layer: &'a str,
    /// Its code.
    pub code: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Share of the child's area inside this zone.
    pub share: f64,
}

/// One indicator of the sheet.
#[derive(Debug, Serialize)]
pub struct SheetIndicator<'a> {
    /// Indicator id.
    pub id: &'a str,
    /// The zone's value.
    #[serde(flatten)]
    pub value: Value,
    /// Rank among the layer's zones with a value, 1 for the highest; absent
    /// when the value is secret or missing.
    pub rank: Option<usize>,
    /// Number of ranked zones.
    pub ranked: usize,
    /// The value of each parent zone.
    pub parents: Vec<ParentValue<'a>>,
    /// The layer's distribution.
    pub layer: Summary,
}

/// A parent zone's value of an indicator.
#[derive(Debug, Serialize)]
pub struct ParentValue<'a> {
    /// Parent code.
    pub code: &'a str,
    /// Its value.
    #[serde(flatten)]
    pub value: Value,
}

/// Distribution of an indicator over a layer's zones with a value.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Smallest value.
    pub min: Option<f64>,
    /// Median (type 7 quantile).
    pub median: Option<f64>,
    /// Mean.
    pub mean: Option<f64>,
    /// Largest value.
    pub max: Option<f64>,
    /// Zones with a value.
    pub zones: usize,
    /// Zones whose value is secret.
    pub secret: usize,
}

/// The sheet of zone `code` of `layer`, or `None` when either is unknown.
pub fn sheet<'a>(t: &'a Territory, layer: &str, code: &str) -> Option<ZoneSheet<'a>> {
    let (z, zones) = t.zone_layer(layer)?;
    let i = zones.index_of(code)?;
    let parents: &[ParentShare] = t.parents[z].as_ref().map_or(&[], |p| &p[i]);
    let parent_layer = t.manifest.zones[z]
        .parent
        .as_ref()
        .and_then(|p| t.zone_layer(p));
    let indicators = t
        .manifest
        .indicators
        .iter()
        .map(|ind| {
            let values = &t.indicators[z][&ind.id];
            let (rank, ranked) = rank_of(values, i);
            let parent_values = parent_layer.map_or_else(Vec::new, |(pz, _)| {
                let of_parents = &t.indicators[pz][&ind.id];
                parents
                    .iter()
                    .map(|p| ParentValue {
                        code: &p.code,
                        value: of_parents[p.zone],
                    })
                    .collect()
            });
            SheetIndicator {
                id: &ind.id,
                value: values[i],
                rank,
                ranked,
                parents: parent_values,
                layer: summary(values),
            }
        })
        .collect();
    Some(ZoneSheet {
        layer: &zones.id,
        code: &zones.codes[i],
        name: &zones.names[i],
        parents,
        children: children(t, z, i),
        indicators,
    })
}

/// Zones of the layers whose parent layer is `z`, that lie in zone `i`.
fn children(t: &Territory, z: usize, i: usize) -> Vec<Child<'_>> {
    let id = &t.zones[z].id;
    let mut out = Vec::new();
    for (c, spec) in t.manifest.zones.iter().enumerate() {
        let (Some(parent), Some(shares)) = (&spec.parent, &t.parents[c]) else {
            continue;
        };
        if parent != id {
            continue;
        }
        for (k, list) in shares.iter().enumerate() {
            if let Some(share) = list.iter().find(|s| s.zone == i) {
                out.push(Child {
                    layer: &t.zones[c].id,
                    code: &t.zones[c].codes[k],
                    name: &t.zones[c].names[k],
                    share: share.share,
                });
            }
        }
    }
    out
}

/// Rank (1 = highest) of zone `i` among zones with a number, and how many have one.
pub fn rank_of(values: &[Value], i: usize) -> (Option<usize>, usize) {
    let ranked = values.iter().filter(|v| v.number().is_some()).count();
    let rank = values[i].number().map(|x| {
        1 + values
            .iter()
            .filter_map(|v| v.number())
            .filter(|&y| y > x)
            .count()
    });
    (rank, ranked)
}

/// The distribution of an indicator over a layer.
pub fn summary(values: &[Value]) -> Summary {
    let mut numbers: Vec<f64> = values.iter().filter_map(|v| v.number()).collect();
    let secret = values.iter().filter(|v| v.is_secret()).count();
    if numbers.is_empty() {
        return Summary {
            secret,
            ..Summary::default()
        };
    }
    numbers.sort_by(f64::total_cmp);
    let n = numbers.len();
    let pos = 0.5 * (n - 1) as f64;
    let (lo, hi) = (numbers[pos.floor() as usize], numbers[pos.ceil() as usize]);
    Summary {
        min: Some(numbers[0]),
        median: Some(lo + (hi - lo) * pos.fract()),
        mean: Some(numbers.iter().sum::<f64>() / n as f64),
        max: Some(numbers[n - 1]),
        zones: n,
        secret,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_and_summary() {
        let v = [
            Value::Number(3.0),
            Value::Secret,
            Value::Number(7.0),
            Value::Missing,
            Value::Number(5.0),
        ];
        assert_eq!(rank_of(&v, 2), (Some(1), 3));
        assert_eq!(rank_of(&v, 0), (Some(3), 3));
        assert_eq!(rank_of(&v, 1), (None, 3));
        let s = summary(&v);
        assert_eq!(
            (s.min, s.median, s.max, s.zones, s.secret),
            (Some(3.0), Some(5.0), Some(7.0), 3, 1)
        );
    }
}
