//! The data-quality report: what was read, what was wrong, what zonage did
//! about it. Printed by `zonage check`, written as JSON with `--json`.

use crate::input::attributes::AttributeJoin;
use crate::points::ReadStats;
use serde::Serialize;
use std::fmt::{self, Write};

/// The whole report.
#[derive(Debug, Default, Serialize)]
pub struct QualityReport {
    /// The manifest checked.
    pub manifest: String,
    /// Where data files were looked for.
    pub data_dir: String,
    /// One entry per zone layer.
    pub zone_layers: Vec<ZoneLayerQuality>,
    /// One entry per point layer.
    pub point_layers: Vec<PointLayerQuality>,
    /// Findings of the later steps (derived layers, filters, time series),
    /// in words; merged into `warnings`.
    pub notes: Vec<String>,
    /// Every warning, in words.
    pub warnings: Vec<String>,
}

/// What was found in a zone layer.
#[derive(Debug, Default, Serialize)]
pub struct ZoneLayerQuality {
    /// Layer id.
    pub id: String,
    /// The file read.
    pub file: String,
    /// CRS used to read it.
    pub crs: String,
    /// Features in the file.
    pub features_read: usize,
    /// Zones kept.
    pub zones: usize,
    /// Features skipped and why.
    pub skipped: Vec<String>,
    /// Zones whose geometry is invalid: code and first reason.
    pub invalid_geometries: Vec<(String, String)>,
    /// Codes used by more than one zone.
    pub duplicate_codes: Vec<String>,
    /// Attribute tables joined.
    pub attribute_tables: Vec<AttributeJoin>,
}

/// What was found in a point layer.
#[derive(Debug, Default, Serialize)]
pub struct PointLayerQuality {
    /// Layer id.
    pub id: String,
    /// The file read.
    pub file: String,
    /// Personal data.
    pub private: bool,
    /// Rows, rows without coordinates, CRS.
    #[serde(flatten)]
    pub read: ReadStats,
    /// Points with coordinates.
    pub points: usize,
    /// How the points fell in each zone layer.
    pub joins: Vec<JoinQuality>,
}

/// How a point layer's points fell in one zone layer.
#[derive(Debug, Default, Serialize)]
pub struct JoinQuality {
    /// Zone layer id.
    pub zone_layer: String,
    /// Points in no zone of the layer.
    pub outside_every_zone: usize,
    /// Points counted under the ambiguous part of the rule (on a boundary, or
    /// where only the non-zero winding rule puts them inside an invalid zone).
    pub ambiguous: usize,
    /// Points in more than one zone of the layer.
    pub in_several_zones: usize,
    /// The zone layer covers only part of the territory (it has a parent
    /// layer, like QPVs in communes): points outside it are expected.
    pub partial_layer: bool,
}

impl QualityReport {
    /// Collects every warning from the layer entries (call once, at the end).
    pub fn collect_warnings(&mut self) {
        let mut w = Vec::new();
        for z in &self.zone_layers {
            zone_warnings(z, &mut w);
        }
        for p in &self.point_layers {
            point_warnings(p, &mut w);
        }
        w.extend(self.notes.iter().cloned());
        self.warnings = w;
    }
}

/// The first ten of `list`, and how many more: `a, b… (+12)`. Every list in
/// the report is cut this way.
pub fn examples(list: &[String]) -> String {
    let mut s = list.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
    if list.len() > 10 {
        let _ = write!(s, "… (+{})", list.len() - 10);
    }
    s
}

fn zone_warnings(z: &ZoneLayerQuality, w: &mut Vec<String>) {
    let id = &z.id;
    if !z.invalid_geometries.is_empty() {
        let codes: Vec<String> = z
            .invalid_geometries
            .iter()
            .map(|(c, why)| format!("{c} ({why})"))
            .collect();
        w.push(format!(
            "{id}: {} invalid geometries, kept and read with the non-zero winding rule: {}",
            codes.len(),
            examples(&codes)
        ));
    }
    for s in &z.skipped {
        w.push(format!("{id}: skipped {s}"));
    }
    if !z.duplicate_codes.is_empty() {
        w.push(format!(
            "{id}: codes used by several zones: {}",
            examples(&z.duplicate_codes)
        ));
    }
    for t in &z.attribute_tables {
        if !t.codes_without_zone.is_empty() {
            w.push(format!("{id}: {} codes of {} match no zone (changed or merged since the boundaries' vintage): {}", t.codes_without_zone.len(), t.file, examples(&t.codes_without_zone)));
        }
        if !t.zones_without_row.is_empty() {
            w.push(format!(
                "{id}: {} zones have no row in {} (their attributes are missing, not 0): {}",
                t.zones_without_row.len(),
                t.file,
                examples(&t.zones_without_row)
            ));
        }
        if t.non_numeric_cells > 0 {
            w.push(format!(
                "{id}: {} cells of {} are not numbers, left missing: {}",
                t.non_numeric_cells,
                t.file,
                examples(&t.non_numeric_examples)
            ));
        }
    }
}

fn point_warnings(p: &PointLayerQuality, w: &mut Vec<String>) {
    let id = &p.id;
    if p.read.without_coordinates > 0 {
        let numbers: Vec<String> = p
            .read
            .without_coordinates_examples
            .iter()
            .map(|l| l.to_string())
            .collect();
        let examples = match numbers.is_empty() {
            true => String::new(),
            false => format!(" (e.g. {} {})", p.read.examples_are, numbers.join(", ")),
        };
        w.push(format!(
            "{id}: {} rows without coordinates, left out{examples}",
            p.read.without_coordinates,
        ));
    }
    for j in &p.joins {
        // Public service files are national: places outside the territory are
        // expected (and serve the distances near its borders).
        if j.outside_every_zone > 0 && p.private && !j.partial_layer {
            w.push(format!(
                "{id}: {} points outside every zone of `{}`",
                j.outside_every_zone, j.zone_layer
            ));
        }
        if j.ambiguous > 0 {
            w.push(format!("{id}: {} points in ambiguous areas of `{}` (boundary or self-intersection), counted in", j.ambiguous, j.zone_layer));
        }
    }
}

impl fmt::Display for QualityReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Manifest {} (data: {})", self.manifest, self.data_dir)?;
        for z in &self.zone_layers {
            writeln!(f, "\nzone layer `{}` — {} [{}]", z.id, z.file, z.crs)?;
            writeln!(f, "  features read        {}", z.features_read)?;
            writeln!(f, "  zones kept           {}", z.zones)?;
            writeln!(f, "  invalid geometries   {}", z.invalid_geometries.len())?;
            for (code, why) in &z.invalid_geometries {
                writeln!(f, "    {code}: {why}")?;
            }
            for t in &z.attribute_tables {
                writeln!(f, "  table {}: {} rows, {} codes without zone, {} zones without row, {} empty cells", t.file, t.rows, t.codes_without_zone.len(), t.zones_without_row.len(), t.empty_cells)?;
            }
        }
        for p in &self.point_layers {
            let private = if p.private { ", private" } else { "" };
            writeln!(
                f,
                "\npoint layer `{}` — {} [{}{private}]",
                p.id, p.file, p.read.crs
            )?;
            writeln!(f, "  rows read            {}", p.read.rows)?;
            writeln!(f, "  without coordinates  {}", p.read.without_coordinates)?;
            for j in &p.joins {
                writeln!(
                    f,
                    "  in `{}`: {} outside every zone, {} ambiguous, {} in several zones",
                    j.zone_layer, j.outside_every_zone, j.ambiguous, j.in_several_zones
                )?;
            }
        }
        writeln!(f, "\n{} warning(s)", self.warnings.len())?;
        for w in &self.warnings {
            writeln!(f, "  ! {w}")?;
        }
        Ok(())
    }
}
