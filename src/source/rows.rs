//! Layers built from the rows of a database source (GeoPackage, PostGIS):
//! one geometry and text cells per row, in the order the source returns
//! them. The rules are the GeoJSON reader's: a zone needs a code and a name,
//! a row without geometry is left out and counted, a NULL cell of a point
//! column is an empty value.

use super::wkb_geometry;
use crate::crs::Crs;
use crate::error::{InputError, Location};
use crate::manifest::PointLayerSpec;
use crate::points::PointLayer;
use crate::zones::{RawZones, ZoneFields};
use geo::Geometry;
use std::path::{Path, PathBuf};

/// One row of a source: its 1-based number, its geometry (`None` for NULL),
/// and its cells, aligned with the columns the builder asked for.
pub struct Row {
    /// 1-based, in the order the source returns rows.
    pub number: u64,
    /// The geometry, `None` when NULL.
    pub geometry: Option<Geometry<f64>>,
    /// The cells as text, `None` for NULL.
    pub cells: Vec<Option<String>>,
}

/// The columns a zone row must give, in order: code, name, then the extra
/// properties.
pub fn zone_columns(fields: &ZoneFields) -> Vec<String> {
    [fields.code, fields.name]
        .into_iter()
        .map(str::to_string)
        .chain(fields.extra.iter().cloned())
        .collect()
}

/// The columns a point row must give, in order: the kept columns, then the
/// name column of a public layer.
pub fn point_columns(spec: &PointLayerSpec, keep: &[String]) -> Vec<String> {
    let mut columns = keep.to_vec();
    if let (Some(name), false) = (&spec.name, spec.private) {
        columns.push(name.clone());
    }
    columns
}

/// Zones built row by row.
pub struct ZoneRows<'a> {
    source: PathBuf,
    geometry: String,
    fields: &'a ZoneFields<'a>,
    zones: RawZones,
}

impl<'a> ZoneRows<'a> {
    /// An empty layer read from `source` with `fields`, geometries in
    /// the column `geometry`.
    pub fn new(source: &Path, geometry: &str, fields: &'a ZoneFields<'a>) -> ZoneRows<'a> {
        ZoneRows {
            source: source.to_path_buf(),
            geometry: geometry.to_string(),
            fields,
            zones: RawZones::default(),
        }
    }

    /// Adds a row read in `crs`.
    pub fn push(&mut self, row: Row, crs: &Crs) -> Result<(), InputError> {
        let at = |problem: String| InputError::at(&self.source, Location::Row(row.number), problem);
        self.zones.features_read += 1;
        let mut cells = row.cells.into_iter();
        let (code, name) = (cells.next().flatten(), cells.next().flatten());
        let code = code.ok_or_else(|| at("empty code".into()).field(self.fields.code))?;
        let name = name.ok_or_else(|| at("empty name".into()).field(self.fields.name))?;
        let Some(geometry) = row.geometry else {
            let skipped = format!("row {} ({code}): no geometry", row.number);
            self.zones.skipped.push(skipped);
            return Ok(());
        };
        let shape = wkb_geometry::multipolygon(geometry).map_err(|found| {
            at(format!(
                "expected a Polygon or MultiPolygon, found a {found}"
            ))
            .field(self.geometry.as_str())
        })?;
        let shape = crs.shape_to_wgs84(shape).map_err(|c| {
            at(format!(
                "coordinate {c:?} cannot be converted from {}",
                crs.label()
            ))
            .field(self.geometry.as_str())
        })?;
        self.zones.shapes.push(shape);
        self.zones.codes.push(code);
        self.zones.names.push(name);
        for (field, value) in self.fields.extra.iter().zip(cells) {
            self.zones.push_property(field, value);
        }
        Ok(())
    }

    /// The layer, its CRS named by `crs` (the last rows' CRS, or WGS84 when
    /// no row had a geometry).
    pub fn finish(mut self, crs: Option<&Crs>) -> RawZones {
        self.zones.declare_properties(self.fields.extra);
        self.zones.crs = crs.map_or("EPSG:4326", Crs::label).to_string();
        self.zones
    }
}

/// Points built row by row.
pub struct PointRows<'a> {
    source: PathBuf,
    geometry: String,
    keep: &'a [String],
    named: bool,
    layer: PointLayer,
}

impl<'a> PointRows<'a> {
    /// An empty layer read from `source`, keeping the columns `keep`,
    /// geometries in the column `geometry`.
    pub fn new(
        source: &Path,
        geometry: &str,
        spec: &PointLayerSpec,
        keep: &'a [String],
    ) -> PointRows<'a> {
        let mut layer = PointLayer {
            id: spec.id.clone(),
            label: spec.label.clone(),
            private: spec.private,
            ..Default::default()
        };
        for k in keep {
            layer.columns.insert(k.clone(), Default::default());
        }
        PointRows {
            source: source.to_path_buf(),
            geometry: geometry.to_string(),
            keep,
            named: spec.name.is_some() && !spec.private,
            layer,
        }
    }

    /// Adds a row read in `crs`; a row without geometry is counted as
    /// without coordinates.
    pub fn push(&mut self, row: Row, crs: &Crs) -> Result<(), InputError> {
        self.layer.read.rows += 1;
        let positions = match row.geometry.map(wkb_geometry::positions) {
            Some(Ok(p)) if !p.is_empty() => p,
            Some(Err(found)) => {
                let problem = format!("expected a Point, found a {found}");
                let at = Location::Row(row.number);
                return Err(InputError::at(&self.source, at, problem).field(self.geometry.as_str()));
            }
            _ => {
                self.without_coordinates(row.number);
                return Ok(());
            }
        };
        for (x, y) in positions {
            let position = crs.position_to_wgs84(x, y).ok_or_else(|| {
                let problem = format!("({x}, {y}) is not a valid position in {}", crs.label());
                InputError::at(&self.source, Location::Row(row.number), problem)
                    .field(self.geometry.as_str())
            })?;
            self.layer.coords.push(position);
            for (k, cell) in self.keep.iter().zip(&row.cells) {
                let column = self.layer.columns.get_mut(k).expect("created in new");
                column.push(cell.as_deref().unwrap_or(""));
            }
            if self.named {
                let name = row.cells.get(self.keep.len()).cloned().flatten();
                self.layer.names.push(name.unwrap_or_default());
            }
        }
        Ok(())
    }

    fn without_coordinates(&mut self, row: u64) {
        let read = &mut self.layer.read;
        read.without_coordinates += 1;
        read.examples_are = "rows";
        if read.without_coordinates_examples.len() < crate::points::EXAMPLES {
            read.without_coordinates_examples.push(row);
        }
    }

    /// The layer, its CRS named by `crs` (WGS84 when no row had a geometry).
    pub fn finish(mut self, crs: Option<&Crs>) -> PointLayer {
        self.layer.read.crs = crs.map_or("EPSG:4326", Crs::label).to_string();
        self.layer
    }
}

/// Checks that a source's columns include `wanted`: the error names the
/// first one missing and lists those there are.
pub fn check_columns(
    source: &Path,
    present: &[String],
    wanted: &[String],
) -> Result<(), InputError> {
    match wanted.iter().find(|w| !present.contains(w)) {
        None => Ok(()),
        Some(missing) => {
            let problem = format!("no such column (columns: {})", present.join(", "));
            Err(InputError::file(source, problem).field(missing.as_str()))
        }
    }
}

/// An SQL identifier, quoted (a name with spaces, capitals or accents stays
/// one name; a quote inside is doubled).
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
