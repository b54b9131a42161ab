//! A territory's data version: a hash of what it can serve, so that every
//! process loading the same manifest and data, on this machine or another,
//! at any time, names it the same way.
//!
//! Why not the load time: replicas behind a cache must give the same `ETag`
//! for the same answer, and a reload of unchanged data must not make every
//! client download everything again. Why not the input files' bytes: a
//! PostGIS source has no file, and two files written differently (quotes,
//! line ends) give the same data.
//!
//! What is hashed: the manifest's text (labels, rules, colours), every zone
//! (code, name, outline, attributes, properties), every indicator value,
//! the public point layers (positions, names, kept columns), the number of
//! points of each private layer, and the published series. Not the quality
//! report: the service does not publish it, and it names the data folder as
//! each process was given it (`--data ../data` or an absolute path), which
//! would give replicas of the same data different versions. XXH3 over the national territory (35,000 communes, 5 million
//! job-seekers) takes a few tens of milliseconds: the private layers'
//! positions are not hashed, only what they give (indicators).

use super::Territory;
use crate::indicators::Value;
use crate::points::PointLayer;
use crate::zones::ZoneLayer;
use std::hash::{Hash, Hasher};
use twox_hash::XxHash3_64;

/// The data version of `territory`: 16 hexadecimal digits, e.g.
/// `9f86d081884c7d65`.
pub fn data_version(territory: &Territory) -> String {
    let mut h = XxHash3_64::with_seed(0);
    territory.manifest.text.hash(&mut h);
    for layer in &territory.zones {
        zone_layer(&mut h, layer);
    }
    for table in &territory.indicators {
        let mut ids: Vec<&String> = table.keys().collect();
        ids.sort_unstable();
        for id in ids {
            id.hash(&mut h);
            table[id].iter().for_each(|v| value(&mut h, *v));
        }
    }
    for layer in &territory.points {
        point_layer(&mut h, layer);
    }
    for series in &territory.series {
        series.id.hash(&mut h);
        format!("{:?}{:?}", series.periods, series.layers).hash(&mut h);
    }
    format!("{:016x}", h.finish())
}

fn zone_layer(h: &mut XxHash3_64, layer: &ZoneLayer) {
    (&layer.id, &layer.label, &layer.codes, &layer.names).hash(h);
    for shape in &layer.shapes {
        for polygon in shape {
            let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
            for ring in rings {
                ring.0.len().hash(h);
                ring.0
                    .iter()
                    .for_each(|c| (c.x.to_bits(), c.y.to_bits()).hash(h));
            }
        }
    }
    for (name, values) in &layer.attributes {
        name.hash(h);
        values.iter().for_each(|v| v.map(f64::to_bits).hash(h));
    }
    layer.properties.hash(h);
}

fn point_layer(h: &mut XxHash3_64, layer: &PointLayer) {
    (&layer.id, &layer.label, layer.private, layer.len()).hash(h);
    if layer.private {
        return;
    }
    layer
        .coords
        .iter()
        .for_each(|[x, y]| (x.to_bits(), y.to_bits()).hash(h));
    layer.names.hash(h);
    for (name, column) in &layer.columns {
        (name, &column.values, &column.codes).hash(h);
    }
}

fn value(h: &mut XxHash3_64, v: Value) {
    match v {
        Value::Number(x) => (0u8, x.to_bits()).hash(h),
        Value::Secret => 1u8.hash(h),
        Value::Missing => 2u8.hash(h),
    }
}
