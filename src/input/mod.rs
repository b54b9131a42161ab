//! Readers for the input files. Each returns data in WGS84 plus what it
//! noticed (rows without coordinates, unreadable cells), and fails with an
//! [`InputError`](crate::error::InputError) naming file, line or feature, and field.
//! Input files are only ever opened for reading.

pub mod attributes;
pub mod csv_points;
pub mod geojson_file;
pub mod shapefile_file;
pub mod text;

use crate::error::InputError;
use crate::zones::RawZones;
use std::path::Path;

/// Reads a zone layer from GeoJSON or a shapefile (plain or zipped).
pub fn read_zones(
    path: &Path,
    code_field: &str,
    name_field: &str,
    crs_override: Option<&str>,
    encoding: Option<&str>,
) -> Result<RawZones, InputError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let fields = (code_field, name_field);
    match ext.as_str() {
        "geojson" | "json" => geojson_file::read_zones(path, fields, crs_override),
        "shp" | "zip" => shapefile_file::read_zones(path, fields, crs_override, encoding),
        _ => Err(InputError::file(
            path,
            format!("unsupported zone file type `.{ext}` (expected .geojson, .json, .shp or .zip)"),
        )),
    }
}

/// Parses a number as French and English files write it.
pub fn parse_number(raw: &str, decimal: char) -> Option<f64> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if decimal == '.' {
        return s.parse().ok();
    }
    s.replace(decimal, ".").parse().ok()
}
