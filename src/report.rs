//! `zonage report`: one row per zone with its code, name, parent zones and
//! every indicator with its secret mark, as CSV or JSON.
//!
//! In CSV a secret value is written `s` (INSEE's mark for *secret
//! statistique*) and a missing one is left empty; JSON says
//! `{"value": null, "secret": true}`.

use crate::indicators::{IndicatorTable, Value};
use crate::parents::ParentShare;
use crate::territory::Territory;
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;

/// One zone's row.
#[derive(Debug, Serialize)]
pub struct ZoneRow<'a> {
    /// Zone code.
    pub code: &'a str,
    /// Zone name.
    pub name: &'a str,
    /// Parent zones with area shares (empty when the layer has no parent layer).
    pub parents: &'a [ParentShare],
    /// Indicator values by id, in manifest order (a JSON object).
    #[serde(serialize_with = "as_object")]
    pub indicators: Vec<(&'a str, Value)>,
}

fn as_object<S: serde::Serializer>(pairs: &[(&str, Value)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

/// Description of an indicator, as reports and APIs show it.
#[derive(Debug, Serialize)]
pub struct IndicatorInfo<'a> {
    /// Identifier.
    pub id: &'a str,
    /// French label.
    pub label: &'a str,
    /// Unit.
    pub unit: &'a str,
    /// What it measures.
    pub description: &'a str,
    /// Data source.
    pub source: &'a str,
}

/// The rows of a zone layer, in file order. `None` for an unknown layer.
pub fn rows<'a>(t: &'a Territory, layer: &str) -> Option<Vec<ZoneRow<'a>>> {
    let (z, _) = t.zone_layer(layer)?;
    Some(rows_of(t, z))
}

/// The rows of zone layer `z` (its position in the territory).
pub fn rows_of(t: &Territory, z: usize) -> Vec<ZoneRow<'_>> {
    let (zones, table) = (&t.zones[z], &t.indicators[z]);
    (0..zones.len())
        .map(|i| ZoneRow {
            code: &zones.codes[i],
            name: &zones.names[i],
            parents: t.parents[z].as_ref().map_or(&[][..], |p| &p[i]),
            indicators: values(t, z, table, i),
        })
        .collect()
}

/// Zone `i`'s values in manifest order, each followed by its QPV and
/// outside-QPV parts where the layer is split.
fn values<'a>(
    t: &'a Territory,
    z: usize,
    table: &IndicatorTable,
    i: usize,
) -> Vec<(&'a str, Value)> {
    let split = t.splits.get(z).and_then(Option::as_ref);
    let mut out = Vec::new();
    for ind in &t.manifest.indicators {
        out.push((ind.id.as_str(), table[&ind.id][i]));
        out.extend(
            split
                .and_then(|s| s.parts(&ind.id, i))
                .into_iter()
                .flatten(),
        );
    }
    out
}

/// The columns of layer `z`'s rows (as [`rows_of`] gives them): each
/// indicator's id with its French label and unit (`Part des… (%)`), each
/// followed by its QPV and outside-QPV parts where the layer is split.
pub fn columns(t: &Territory, z: usize) -> Vec<(String, String)> {
    let split = t.splits.get(z).and_then(Option::as_ref);
    let mut out = Vec::new();
    for ind in &t.manifest.indicators {
        out.push((ind.id.clone(), ind.label_with_unit()));
        let Some(s) = split else { continue };
        if let Some(k) = s.ids.iter().position(|id| *id == ind.id) {
            let (inside, outside) = &s.columns[k];
            let name = s.layer.to_uppercase();
            let unit = if ind.unit.is_empty() {
                String::new()
            } else {
                format!(" ({})", ind.unit)
            };
            out.push((inside.clone(), format!("{} — en {name}{unit}", ind.label)));
            out.push((
                outside.clone(),
                format!("{} — hors {name}{unit}", ind.label),
            ));
        }
    }
    out
}

/// Describes the manifest's indicators.
pub fn indicator_infos(t: &Territory) -> Vec<IndicatorInfo<'_>> {
    t.manifest
        .indicators
        .iter()
        .map(|i| IndicatorInfo {
            id: &i.id,
            label: &i.label,
            unit: &i.unit,
            description: &i.description,
            source: &i.source,
        })
        .collect()
}

/// The CSV dialect of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Separator {
    /// `,` and decimal points.
    Comma,
    /// `;` and decimal commas, as French spreadsheets expect.
    Semicolon,
}

impl Separator {
    /// The field separator byte.
    pub fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
        }
    }

    /// A value as a cell of this dialect (see [`csv_cell`]).
    pub fn cell(self, v: Value) -> String {
        match self {
            Separator::Comma => csv_cell(v),
            Separator::Semicolon => csv_cell(v).replace('.', ","),
        }
    }
}

/// Writes the rows as UTF-8 CSV in the dialect `sep`.
pub fn write_csv(rows: &[ZoneRow], sep: Separator, out: impl Write) -> csv::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(sep.byte())
        .from_writer(out);
    let Some(first) = rows.first() else {
        return w.flush().map_err(Into::into);
    };
    let mut header = vec!["code", "nom", "parents"];
    header.extend(first.indicators.iter().map(|(id, _)| *id));
    w.write_record(&header)?;
    // Cells formatted over all cores: fixed-precision formatting of a
    // national layer's half-million values was most of the writing time.
    let records: Vec<Vec<String>> = rows
        .par_iter()
        .map(|row| {
            let mut record = vec![
                row.code.to_string(),
                row.name.to_string(),
                parents_text(row.parents),
            ];
            record.extend(row.indicators.iter().map(|(_, v)| sep.cell(*v)));
            record
        })
        .collect();
    for record in records {
        w.write_record(&record)?;
    }
    w.flush().map_err(Into::into)
}

/// `31555 (97.2 %) | 31069 (2.8 %)`.
fn parents_text(parents: &[ParentShare]) -> String {
    parents
        .iter()
        .map(|p| format!("{} ({:.1} %)", p.code, p.share * 100.0))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A value as a CSV cell: the number with up to 4 decimals, `s` when secret, empty when missing.
pub fn csv_cell(v: Value) -> String {
    match v {
        Value::Number(x) => format_number(x),
        Value::Secret => "s".into(),
        Value::Missing => String::new(),
    }
}

fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The JSON report of a layer.
#[derive(Serialize)]
pub struct JsonReport<'a> {
    /// Territory name.
    pub territory: &'a str,
    /// Attribution.
    pub source: &'a str,
    /// Layer id.
    pub layer: &'a str,
    /// Secrecy threshold in force.
    pub secrecy_threshold: u32,
    /// The indicators' descriptions.
    pub indicators: Vec<IndicatorInfo<'a>>,
    /// With `[territory] split_by`, the layer (`qpv`) whose zones split the
    /// job-seeker indicators: `<id>_qpv` for the people living in one of its
    /// zones, `<id>_hors_qpv` for the others.
    pub split_by: Option<&'a str>,
    /// One entry per zone.
    pub zones: Vec<JsonZone<'a>>,
}

/// A zone in the JSON report.
#[derive(Serialize)]
pub struct JsonZone<'a> {
    /// Code.
    pub code: &'a str,
    /// Name.
    pub name: &'a str,
    /// Parents with shares.
    pub parents: &'a [ParentShare],
    /// Values by indicator id, in the order of the ids (as the JSON report
    /// always gave them).
    #[serde(serialize_with = "as_object")]
    pub indicators: Vec<(&'a str, Value)>,
}

/// Builds the JSON report of `layer`.
pub fn json_report<'a>(t: &'a Territory, layer: &'a str, rows: Vec<ZoneRow<'a>>) -> JsonReport<'a> {
    JsonReport {
        territory: &t.manifest.territory.name,
        source: &t.manifest.territory.source,
        layer,
        secrecy_threshold: t.manifest.secrecy.threshold,
        indicators: indicator_infos(t),
        split_by: t.manifest.territory.split_by.as_deref(),
        zones: rows
            .into_iter()
            .map(|mut r| {
                // Without serde_json's `Value` per cell: building half a
                // million of them was most of the national JSON report's
                // writing time.
                r.indicators.sort_by_key(|&(id, _)| id);
                JsonZone {
                    code: r.code,
                    name: r.name,
                    parents: r.parents,
                    indicators: r.indicators,
                }
            })
            .collect(),
    }
}
