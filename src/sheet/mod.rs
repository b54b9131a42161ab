//! The zone sheet (*fiche*): one zone with every indicator, its rank among the
//! layer's zones, its parents and children, and how it compares with its
//! parent zones, with every level above it and with the whole layer; where
//! the territory is split by QPV, each job-seeker indicator's QPV and
//! outside-QPV parts. `family` finds the zones above and below.

mod family;

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
    /// Zones of layers below (the QPVs of a commune; an agency territory's
    /// communes and their QPVs), with their share in this zone.
    pub children: Vec<Child<'a>>,
    /// The zones above, one per level, following the largest parent
    /// (commune → agency territory → département).
    pub levels: Vec<Level<'a>>,
    /// The layer splitting job-seeker indicators (`qpv`), if any.
    pub split_by: Option<&'a str>,
    /// Every indicator, in manifest order.
    pub indicators: Vec<SheetIndicator<'a>>,
}

/// A zone above this one.
#[derive(Debug, Serialize)]
pub struct Level<'a> {
    /// Its layer id.
    pub layer: &'a str,
    /// Its layer's label.
    pub label: &'a str,
    /// Its code.
    pub code: &'a str,
    /// Its name.
    pub name: &'a str,
}

/// An indicator's value for the people in the split layer's zones and the others.
#[derive(Debug, Serialize)]
pub struct Parts {
    /// People living in a zone of the split layer (a QPV).
    pub inside: Value,
    /// The others.
    pub outside: Value,
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
    /// The value at each level above, aligned with the sheet's `levels`.
    pub levels: Vec<Value>,
    /// QPV and outside-QPV parts (job-seeker indicators of a split layer).
    pub parts: Option<Parts>,
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
    let levels = family::levels(t, z, i);
    let indicators = t
        .manifest
        .indicators
        .iter()
        .map(|ind| indicator(t, (z, i), parents, &levels, &ind.id))
        .collect();
    Some(ZoneSheet {
        layer: &zones.id,
        code: &zones.codes[i],
        name: &zones.names[i],
        parents,
        children: family::children(t, z, i),
        levels: levels.iter().map(|&(l, k)| level(t, l, k)).collect(),
        split_by: t.manifest.territory.split_by.as_deref(),
        indicators,
    })
}

fn level(t: &Territory, l: usize, k: usize) -> Level<'_> {
    let layer = &t.zones[l];
    Level {
        layer: &layer.id,
        label: &layer.label,
        code: &layer.codes[k],
        name: &layer.names[k],
    }
}

fn indicator<'a>(
    t: &'a Territory,
    (z, i): (usize, usize),
    parents: &'a [ParentShare],
    levels: &[(usize, usize)],
    id: &'a str,
) -> SheetIndicator<'a> {
    let values = &t.indicators[z][id];
    let (rank, ranked) = rank_of(values, i);
    let parent_layer = t.manifest.zones[z]
        .parent
        .as_ref()
        .and_then(|p| t.zone_layer(p));
    let parent_values = parent_layer.map_or_else(Vec::new, |(pz, _)| {
        let of_parents = &t.indicators[pz][id];
        parents
            .iter()
            .map(|p| ParentValue {
                code: &p.code,
                value: of_parents[p.zone],
            })
            .collect()
    });
    let parts = t.splits[z]
        .as_ref()
        .and_then(|s| s.parts(id, i))
        .map(|[inside, outside]| Parts {
            inside: inside.1,
            outside: outside.1,
        });
    SheetIndicator {
        id,
        value: values[i],
        rank,
        ranked,
        parents: parent_values,
        levels: levels
            .iter()
            .map(|&(l, k)| t.indicators[l][id][k])
            .collect(),
        parts,
        layer: summary(values),
    }
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
