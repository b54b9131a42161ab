//! Point layers from CSV: x/y or longitude/latitude columns in any CRS, `,` or
//! `;` separators, decimal comma, UTF-8 (BOM or not) or Windows-1252.

use super::{parse_number, text};
use crate::crs::Crs;
use crate::error::{InputError, Location};
use crate::manifest::PointLayerSpec;
use crate::points::{Categorical, PointLayer};
use rayon::prelude::*;
use std::path::Path;

/// How many example line numbers a report keeps.
const EXAMPLES: usize = 5;

/// Reads a CSV point layer, keeping the `keep` columns (and names, for public layers).
///
/// Rows are parsed in chunks over all cores when the file has no quote
/// character (a quoted field may hold a line break, so such files are read
/// in one piece); line numbers stay exact either way.
pub fn read(path: &Path, spec: &PointLayerSpec, keep: &[String]) -> Result<PointLayer, InputError> {
    let bytes = text::read_bytes(path)?;
    let body = text::decode(&bytes, spec.csv.encoding.as_deref(), path)?;
    let crs_name = spec.crs.as_deref().unwrap_or("EPSG:4326");
    let crs =
        Crs::parse(crs_name).map_err(|e| InputError::file(path, e.to_string()).field("crs"))?;
    let delimiter = spec.csv.delimiter.unwrap_or(',') as u8;
    let (headers, data_start) = read_header(&body, delimiter, path)?;
    let columns = Columns::find(&headers, spec, keep, path)?;
    let decimal = spec.csv.decimal.unwrap_or('.');
    let parts: Vec<Result<Chunk, InputError>> = split_rows(&body[data_start..])
        .par_iter()
        .map(|&(first_line, text)| {
            parse_chunk(text, first_line, delimiter, decimal, &columns, path)
        })
        .collect();
    let mut layer = PointLayer {
        id: spec.id.clone(),
        label: spec.label.clone(),
        private: spec.private,
        ..PointLayer::default()
    };
    layer.read.crs = crs.label().to_string();
    let mut lines = Vec::new();
    for part in parts {
        part?.append_to(&mut layer, &mut lines, &columns.kept);
    }
    project_all(&mut layer.coords, &crs).map_err(|k| {
        let [x, y] = layer.coords[k];
        let problem = format!("({x}, {y}) is not a valid position in {}", crs.label());
        InputError::at(path, Location::Line(lines[k]), problem).field(columns.x.1)
    })?;
    Ok(layer)
}

/// The header's fields and where the data rows start (in bytes).
fn read_header(body: &str, delimiter: u8, path: &Path) -> Result<(Vec<String>, usize), InputError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| InputError::file(path, format!("unreadable header: {e}")))?;
    let fields = headers.iter().map(|h| h.trim().to_string()).collect();
    Ok((fields, reader.position().byte() as usize))
}

/// The columns a layer reads, by position.
struct Columns<'a> {
    count: usize,
    x: (usize, &'a str),
    y: (usize, &'a str),
    kept: Vec<(usize, String)>,
    name: Option<usize>,
}

impl<'a> Columns<'a> {
    fn find(
        headers: &[String],
        spec: &'a PointLayerSpec,
        keep: &[String],
        path: &Path,
    ) -> Result<Self, InputError> {
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| super::missing_column(path, headers, name))
        };
        let (x, y) = (
            spec.x.as_deref().unwrap_or("x"),
            spec.y.as_deref().unwrap_or("y"),
        );
        Ok(Columns {
            count: headers.len(),
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
        })
    }
}

/// Cuts the data rows into pieces at line breaks: (first line number, text).
fn split_rows(data: &str) -> Vec<(u64, &str)> {
    const CHUNK: usize = 1 << 20;
    if data.len() < 2 * CHUNK || data.contains('"') {
        return vec![(2, data)];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    while start < data.len() {
        let end = match data[(start + CHUNK).min(data.len())..].find('\n') {
            Some(i) => (start + CHUNK + i + 1).min(data.len()),
            None => data.len(),
        };
        pieces.push(&data[start..end]);
        start = end;
    }
    let breaks: Vec<u64> = pieces
        .par_iter()
        .map(|p| p.bytes().filter(|&b| b == b'\n').count() as u64)
        .collect();
    let mut line = 2;
    pieces
        .into_iter()
        .zip(breaks)
        .map(|(piece, n)| {
            let first = line;
            line += n;
            (first, piece)
        })
        .collect()
}

/// What one piece of the file holds.
#[derive(Default)]
struct Chunk {
    rows: usize,
    coords: Vec<[f64; 2]>,
    lines: Vec<u64>,
    kept: Vec<Categorical>,
    names: Vec<String>,
    without: usize,
    without_examples: Vec<u64>,
}

impl Chunk {
    fn append_to(self, layer: &mut PointLayer, lines: &mut Vec<u64>, kept: &[(usize, String)]) {
        layer.read.rows += self.rows;
        layer.read.without_coordinates += self.without;
        let room = EXAMPLES.saturating_sub(layer.read.without_coordinates_examples.len());
        layer
            .read
            .without_coordinates_examples
            .extend(self.without_examples.into_iter().take(room));
        layer.coords.extend(self.coords);
        lines.extend(self.lines);
        layer.names.extend(self.names);
        for (column, (_, name)) in self.kept.into_iter().zip(kept) {
            layer
                .columns
                .entry(name.clone())
                .or_default()
                .append(column);
        }
    }
}

fn parse_chunk(
    text: &str,
    first_line: u64,
    delimiter: u8,
    decimal: char,
    columns: &Columns,
    path: &Path,
) -> Result<Chunk, InputError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut chunk = Chunk {
        kept: vec![Categorical::default(); columns.kept.len()],
        ..Chunk::default()
    };
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| csv_error(path, &e, first_line))?
    {
        let line = first_line + record.position().map_or(1, |p| p.line()) - 1;
        if record.len() != columns.count {
            let problem = format!(
                "{} fields where the header has {} (wrong `delimiter`?)",
                record.len(),
                columns.count
            );
            return Err(InputError::at(path, Location::Line(line), problem));
        }
        chunk.rows += 1;
        let coordinate =
            |(i, field): (usize, &str)| parse_coordinate(&record[i], decimal, path, line, field);
        let (Some(x), Some(y)) = (coordinate(columns.x)?, coordinate(columns.y)?) else {
            chunk.without += 1;
            if chunk.without_examples.len() < EXAMPLES {
                chunk.without_examples.push(line);
            }
            continue;
        };
        chunk.coords.push([x, y]);
        chunk.lines.push(line);
        for (slot, (i, _)) in chunk.kept.iter_mut().zip(&columns.kept) {
            slot.push(record[*i].trim());
        }
        if let Some(i) = columns.name {
            chunk.names.push(record[i].trim().to_string());
        }
    }
    Ok(chunk)
}

/// Converts positions to WGS84 in place, over all cores; on failure, the
/// index of the first position that could not be converted (left as it was).
pub fn project_all(coords: &mut [[f64; 2]], crs: &Crs) -> Result<(), usize> {
    if crs.label() == "EPSG:4326"
        && coords
            .iter()
            .all(|&[x, y]| (-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y))
    {
        return Ok(());
    }
    let failed = coords
        .par_iter_mut()
        .enumerate()
        .filter_map(|(k, c)| match crs.position_to_wgs84(c[0], c[1]) {
            Some(p) => {
                *c = p;
                None
            }
            None => Some(k),
        })
        .min();
    failed.map_or(Ok(()), Err)
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

fn csv_error(path: &Path, e: &csv::Error, first_line: u64) -> InputError {
    let line = e.position().map_or(Location::File, |p| {
        Location::Line(first_line + p.line() - 1)
    });
    InputError::at(path, line, format!("unreadable CSV: {e}"))
}
