//! Readers for the input files. Each returns data in WGS84 plus what it
//! noticed (rows without coordinates, unreadable cells), and fails with an
//! [`InputError`] naming file, line or feature, and field.
//! Input files are only ever opened for reading.

pub mod attributes;
pub mod blocks;
pub mod csv_points;
pub mod geojson_file;
mod plain_rows;
pub mod shapefile_file;
pub mod table;
pub mod text;

use crate::error::InputError;
use crate::zones::{RawZones, ZoneFields};
use std::path::Path;

/// Reads a zone layer from GeoJSON or a shapefile (plain or zipped).
pub fn read_zones(
    path: &Path,
    fields: &ZoneFields,
    crs_override: Option<&str>,
    encoding: Option<&str>,
) -> Result<RawZones, InputError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "geojson" | "json" => geojson_file::read_zones(path, fields, crs_override),
        "shp" | "zip" => shapefile_file::read_zones(path, fields, crs_override, encoding),
        _ => Err(InputError::file(
            path,
            format!("unsupported zone file type `.{ext}` (expected .geojson, .json, .shp or .zip)"),
        )),
    }
}

/// A property asked for that no zone has is a typo, not a gap in the data.
pub fn check_extra_fields(
    path: &Path,
    zones: &RawZones,
    extra: &[String],
) -> Result<(), InputError> {
    for field in extra {
        let values = &zones.properties[field];
        if !values.is_empty() && values.iter().all(Option::is_none) {
            let problem =
                "no zone of the file has this property or field (or it is empty everywhere)";
            return Err(InputError::file(path, problem).field(field.as_str()));
        }
    }
    Ok(())
}

/// Parses a coordinate: a plain number with the layer's decimal separator.
/// Stricter than [`parse_figure`]: a comma in a coordinate is a wrong dialect,
/// reported as such, not a decimal to guess.
pub fn parse_number(raw: &str, decimal: char) -> Option<f64> {
    parse_trimmed_number(raw.trim(), decimal)
}

/// [`parse_number`] for a cell already trimmed (the CSV readers trim every
/// field once, on bytes).
pub(crate) fn parse_trimmed_number(s: &str, decimal: char) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    // Whole metres, as Lambert-93 files mostly write them: read as an
    // integer (exact below 2^53), cheaper than the general parser on the
    // ten million coordinates of a national file.
    if s.len() <= 15 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some(s.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) as f64);
    }
    if decimal == '.' {
        return s.parse().ok();
    }
    s.replace(decimal, ".").parse().ok()
}

/// Parses a figure as French public files write it: digits grouped by a
/// space, a no-break space (U+00A0) or a narrow no-break space (U+202F)
/// (`6 206`), stray spaces around it (`1 318 `), a decimal comma (`12,5`)
/// even where the table's dialect says `.` (a comma with no point in the
/// cell cannot be an English thousands separator in these files: they group
/// with spaces). `None` for an empty or unreadable cell.
///
/// ```
/// use zonage::input::parse_figure;
/// assert_eq!(parse_figure("6\u{202f}206", '.'), Some(6206.0));
/// assert_eq!(parse_figure(" 1 318 ", '.'), Some(1318.0));
/// assert_eq!(parse_figure("12,5", '.'), Some(12.5));
/// assert_eq!(parse_figure("s", '.'), None);
/// ```
pub fn parse_figure(raw: &str, decimal: char) -> Option<f64> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return None;
    }
    let comma_is_decimal =
        decimal == ',' || (!compact.contains('.') && compact.matches(',').count() == 1);
    let normal = if comma_is_decimal {
        compact.replace(',', ".")
    } else {
        compact
    };
    normal.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The error for a column a CSV header lacks, with the likely cause when the
/// header was read with the wrong separator (one field holding `;` or tabs).
pub fn missing_column<S: AsRef<str>>(path: &Path, headers: &[S], name: &str) -> InputError {
    let names: Vec<&str> = headers.iter().map(AsRef::as_ref).collect();
    let hint = match names.as_slice() {
        [only] if only.contains(';') => {
            " ; the header looks `;`-separated: add `delimiter = \";\"` (and `decimal = \",\"` if numbers use a comma) to this entry of the manifest"
        }
        [only] if only.contains('\t') => {
            " ; the header looks tab-separated: add `delimiter = \"\\t\"` to this entry of the manifest"
        }
        _ => "",
    };
    let problem = format!("no such column (columns: {}){hint}", names.join(", "));
    InputError::at(path, crate::error::Location::Line(1), problem).field(name)
}
