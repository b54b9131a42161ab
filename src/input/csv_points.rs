//! Point layers from CSV: x/y or longitude/latitude columns in any CRS, `,` or
//! `;` separators, decimal comma, UTF-8 (BOM or not) or Windows-1252.

use super::{parse_number, text};
use crate::crs::Crs;
use crate::error::{InputError, Location};
use crate::manifest::PointLayerSpec;
use crate::points::{Categorical, PointLayer};
use std::path::Path;

/// How many example line numbers a report keeps.
const EXAMPLES: usize = 5;

/// Reads a CSV point layer, keeping the `keep` columns (and names, for public layers).
pub fn read(path: &Path, spec: &PointLayerSpec, keep: &[String]) -> Result<PointLayer, InputError> {
    let bytes = text::read_bytes(path)?;
    let body = text::decode(&bytes, spec.csv.encoding.as_deref(), path)?;
    let crs_name = spec.crs.as_deref().unwrap_or("EPSG:4326");
    let crs =
        Crs::parse(crs_name).map_err(|e| InputError::file(path, e.to_string()).field("crs"))?;
    let delimiter = spec.csv.delimiter.unwrap_or(',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .flexible(false)
        .from_reader(body.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| InputError::file(path, format!("unreadable header: {e}")))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = headers.iter().collect();
                InputError::at(
                    path,
                    Location::Line(1),
                    format!("no such column (columns: {})", names.join(", ")),
                )
                .field(name)
            })
    };
    let (x, y) = (
        spec.x.as_deref().unwrap_or("x"),
        spec.y.as_deref().unwrap_or("y"),
    );
    let columns = Columns {
        x: (column(x)?, x),
        y: (column(y)?, y),
        kept: keep
            .iter()
            .map(|k| Ok((column(k)?, k.clone())))
            .collect::<Result<_, InputError>>()?,
        name: match (&spec.name, spec.private) {
            (Some(n), false) => Some(column(n)?),
            _ => None,
        },
    };
    let mut layer = PointLayer {
        id: spec.id.clone(),
        label: spec.label.clone(),
        private: spec.private,
        ..PointLayer::default()
    };
    layer.read.crs = crs.label().to_string();
    for k in keep {
        layer.columns.insert(k.clone(), Categorical::default());
    }
    read_rows(
        &mut reader,
        path,
        &columns,
        &crs,
        spec.csv.decimal.unwrap_or('.'),
        &mut layer,
    )?;
    Ok(layer)
}

struct Columns<'a> {
    x: (usize, &'a str),
    y: (usize, &'a str),
    kept: Vec<(usize, String)>,
    name: Option<usize>,
}

fn read_rows(
    reader: &mut csv::Reader<&[u8]>,
    path: &Path,
    columns: &Columns,
    crs: &Crs,
    decimal: char,
    layer: &mut PointLayer,
) -> Result<(), InputError> {
    let mut record = csv::StringRecord::new();
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| csv_error(path, &e))?;
        if !more {
            return Ok(());
        }
        layer.read.rows += 1;
        let line = record.position().map_or(0, |p| p.line());
        let coordinate =
            |(i, field): (usize, &str)| parse_coordinate(&record[i], decimal, path, line, field);
        let (Some(x), Some(y)) = (coordinate(columns.x)?, coordinate(columns.y)?) else {
            layer.read.without_coordinates += 1;
            if layer.read.without_coordinates_examples.len() < EXAMPLES {
                layer.read.without_coordinates_examples.push(line);
            }
            continue;
        };
        let position = to_wgs84(crs, x, y).ok_or_else(|| {
            InputError::at(
                path,
                Location::Line(line),
                format!("({x}, {y}) is not a valid position in {}", crs.label()),
            )
            .field(columns.x.1)
        })?;
        layer.coords.push(position);
        for (i, name) in &columns.kept {
            layer
                .columns
                .get_mut(name)
                .expect("created above")
                .push(record[*i].trim());
        }
        if let Some(i) = columns.name {
            layer.names.push(record[i].trim().to_string());
        }
    }
}

/// Parses one coordinate: empty is `None` (not geocoded), garbage is an error.
fn parse_coordinate(
    raw: &str,
    decimal: char,
    path: &Path,
    line: u64,
    field: &str,
) -> Result<Option<f64>, InputError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    match parse_number(raw, decimal) {
        Some(v) if v.is_finite() => Ok(Some(v)),
        _ => {
            let hint = if decimal == '.' && raw.contains(',') {
                " (decimal comma? add `decimal = \",\"` to the layer)"
            } else {
                ""
            };
            Err(InputError::at(
                path,
                Location::Line(line),
                format!("`{raw}` is not a number{hint}"),
            )
            .field(field))
        }
    }
}

/// Converts to WGS84 and rejects positions off the globe.
pub fn to_wgs84(crs: &Crs, x: f64, y: f64) -> Option<[f64; 2]> {
    let (lon, lat) = crs.to_wgs84(x, y)?;
    ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)).then_some([lon, lat])
}

fn csv_error(path: &Path, e: &csv::Error) -> InputError {
    let line = e
        .position()
        .map_or(Location::File, |p| Location::Line(p.line()));
    let problem = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("{len} fields where the header has {expected_len} (wrong `delimiter`?)")
        }
        _ => format!("unreadable CSV: {e}"),
    };
    InputError::at(path, line, problem)
}
