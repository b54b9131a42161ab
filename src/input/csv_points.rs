//! Point layers from CSV: x/y or longitude/latitude columns in any CRS, `,` or
//! `;` separators, decimal comma, UTF-8 (BOM or not) or Windows-1252.

use super::blocks::{Block, LineBlocks};
use super::parse_trimmed_number;
use super::plain_rows::PlainRows;
use crate::crs::Crs;
use crate::error::{InputError, Location};
use crate::manifest::PointLayerSpec;
use crate::points::{Categorical, PointLayer, EXAMPLES};
use rayon::prelude::*;
use std::path::Path;

/// Reads a CSV point layer, keeping the `keep` columns (and names, for public layers).
///
/// The file is read block by block ([`LineBlocks`]); each block's rows are
/// parsed and converted to WGS84 in pieces over all cores while the next
/// block is read. From the first block with a quote character on, the file is
/// one block (a quoted field may hold a line break). Line numbers stay exact
/// either way.
pub fn read(path: &Path, spec: &PointLayerSpec, keep: &[String]) -> Result<PointLayer, InputError> {
    let crs_name = spec.crs.as_deref().unwrap_or("EPSG:4326");
    let crs =
        Crs::parse(crs_name).map_err(|e| InputError::file(path, e.to_string()).field("crs"))?;
    let delimiter = spec.csv.delimiter.unwrap_or(',') as u8;
    let mut blocks = LineBlocks::open(path, spec.csv.encoding.as_deref())?;
    let mut first = blocks.next_csv_block()?.unwrap_or_default();
    let (headers, data_start) = read_header(&first.text, delimiter, path)?;
    let columns = Columns::find(&headers, spec, keep, path)?;
    let rows = Rows {
        delimiter,
        decimal: spec.csv.decimal.unwrap_or('.'),
        columns: &columns,
        crs: &crs,
        path,
    };
    let mut layer = empty_layer(spec, &crs);
    first.first_line += first.text[..data_start].matches('\n').count() as u64;
    first.text.drain(..data_start);
    let mut next = Some(first);
    while let Some(block) = next.take() {
        // The next block is read while this one is parsed. (A reader thread
        // of its own, tried, used more processor time on two cores.)
        let (following, parsed) = rayon::join(|| blocks.next_csv_block(), || rows.parse(&block));
        for chunk in parsed {
            chunk?.append_to(&mut layer, &columns.kept);
        }
        next = following?;
    }
    Ok(layer)
}

/// The layer before its rows: identity and CRS.
fn empty_layer(spec: &PointLayerSpec, crs: &Crs) -> PointLayer {
    let mut layer = PointLayer {
        id: spec.id.clone(),
        label: spec.label.clone(),
        private: spec.private,
        ..PointLayer::default()
    };
    layer.read.crs = crs.label().to_string();
    layer
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
    // After a header ending in "\r\n" the reader stops between the two.
    let mut end = reader.position().byte() as usize;
    if body[..end].ends_with('\r') && body[end..].starts_with('\n') {
        end += 1;
    }
    Ok((fields, end))
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

/// Cuts a block's rows into pieces at line breaks: (first line number, text).
fn split_rows(block: &Block) -> Vec<(u64, &str)> {
    const CHUNK: usize = 1 << 20;
    let data = block.text.as_str();
    if data.len() < 2 * CHUNK || data.contains('"') {
        return vec![(block.first_line, data)];
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
    let mut line = block.first_line;
    pieces
        .into_iter()
        .map(|piece| {
            let first = line;
            line += piece.bytes().filter(|&b| b == b'\n').count() as u64;
            (first, piece)
        })
        .collect()
}

/// What one piece of the file holds.
#[derive(Default)]
struct Chunk {
    rows: usize,
    coords: Vec<[f64; 2]>,
    kept: Vec<Categorical>,
    names: Vec<String>,
    without: usize,
    without_examples: Vec<u64>,
}

impl Chunk {
    /// An empty chunk with room for the rows of `bytes` of text (rows of
    /// these files are rarely shorter than 32 bytes): vectors that grow by
    /// doubling copied and faulted in each piece's points several times.
    fn with_room(kept: usize, bytes: usize) -> Chunk {
        let rows = bytes / 32;
        Chunk {
            coords: Vec::with_capacity(rows),
            kept: (0..kept)
                .map(|_| Categorical::with_capacity(rows))
                .collect(),
            ..Chunk::default()
        }
    }

    fn append_to(self, layer: &mut PointLayer, kept: &[(usize, String)]) {
        layer.read.rows += self.rows;
        layer.read.without_coordinates += self.without;
        layer.read.examples_are = "lines";
        let room = EXAMPLES.saturating_sub(layer.read.without_coordinates_examples.len());
        layer
            .read
            .without_coordinates_examples
            .extend(self.without_examples.into_iter().take(room));
        layer.coords.extend(self.coords);
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

/// Line numbers of records from their byte offsets, counted as the reader
/// moves on.
///
/// Why not the reader's own line numbers: with "\r\n" line ends the `csv`
/// crate places a record that follows one at the "\n", on the line before,
/// so its numbering depends on where a piece starts; counting the breaks
/// before each record's first byte does not.
struct LineCounter<'a> {
    text: &'a [u8],
    /// Bytes counted so far.
    at: usize,
    /// Line number at `at`.
    line: u64,
}

impl LineCounter<'_> {
    /// The line of the record starting at `byte`, or after the line breaks
    /// there (the reader places a record after empty lines at their start;
    /// a record cannot start with a line break).
    fn line_at(&mut self, byte: usize) -> u64 {
        let rest = self.text.get(byte..).unwrap_or_default();
        let start = byte
            + rest
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
        let start = start.clamp(self.at, self.text.len());
        let breaks = self.text[self.at..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.line += breaks as u64;
        self.at = start;
        self.line
    }
}

/// How to read the data rows of one file.
struct Rows<'a> {
    delimiter: u8,
    decimal: char,
    columns: &'a Columns<'a>,
    crs: &'a Crs,
    path: &'a Path,
}

impl Rows<'_> {
    /// Parses a block's rows, in pieces over all cores.
    fn parse(&self, block: &Block) -> Vec<Result<Chunk, InputError>> {
        split_rows(block)
            .par_iter()
            .map(|&(first_line, text)| self.parse_piece(text, first_line))
            .collect()
    }

    fn parse_piece(&self, text: &str, first_line: u64) -> Result<Chunk, InputError> {
        let mut chunk = Chunk::with_room(self.columns.kept.len(), text.len());
        let Some(mut rows) = PlainRows::new(text, self.delimiter, first_line) else {
            self.parse_quoted(text, first_line, &mut chunk)?;
            return Ok(chunk);
        };
        let mut fields = Vec::with_capacity(self.columns.count);
        while let Some(line) = rows.next_row(&mut fields) {
            self.parse_row(Fields::Split(&fields), line, &mut chunk)?;
        }
        Ok(chunk)
    }

    /// A piece with quotes (or lone carriage returns), read by the `csv` crate.
    fn parse_quoted(
        &self,
        text: &str,
        first_line: u64,
        chunk: &mut Chunk,
    ) -> Result<(), InputError> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut record = csv::ByteRecord::new();
        let mut lines = LineCounter {
            text: text.as_bytes(),
            at: 0,
            line: first_line,
        };
        while reader
            .read_byte_record(&mut record)
            .map_err(|e| csv_error(self.path, &e, first_line))?
        {
            let line = lines.line_at(record.position().map_or(0, |p| p.byte() as usize));
            self.parse_row(Fields::Record(&record), line, chunk)?;
        }
        Ok(())
    }

    /// One row: its position converted to WGS84 and its kept values, or a
    /// row without coordinates counted.
    fn parse_row(&self, fields: Fields, line: u64, chunk: &mut Chunk) -> Result<(), InputError> {
        let columns = self.columns;
        if fields.len() != columns.count {
            let problem = format!(
                "{} fields where the header has {} (wrong `delimiter`?)",
                fields.len(),
                columns.count
            );
            return Err(InputError::at(self.path, Location::Line(line), problem));
        }
        chunk.rows += 1;
        let field = |i: usize| trimmed(fields.get(i));
        let coordinate = |(i, name): (usize, &str)| {
            parse_coordinate(field(i), self.decimal, self.path, line, name)
        };
        let (Some(x), Some(y)) = (coordinate(columns.x)?, coordinate(columns.y)?) else {
            chunk.without += 1;
            if chunk.without_examples.len() < EXAMPLES {
                chunk.without_examples.push(line);
            }
            return Ok(());
        };
        let Some(position) = self.crs.position_to_wgs84(x, y) else {
            let problem = format!("({x}, {y}) is not a valid position in {}", self.crs.label());
            let error = InputError::at(self.path, Location::Line(line), problem);
            return Err(error.field(columns.x.1));
        };
        chunk.coords.push(position);
        for (slot, (i, _)) in chunk.kept.iter_mut().zip(&columns.kept) {
            slot.push_bytes(trimmed_bytes(fields.get(*i)));
        }
        if let Some(i) = columns.name {
            chunk.names.push(field(i).to_string());
        }
        Ok(())
    }
}

/// A row's fields, as either reader gives them.
#[derive(Clone, Copy)]
enum Fields<'a> {
    Split(&'a [&'a [u8]]),
    Record(&'a csv::ByteRecord),
}

impl<'a> Fields<'a> {
    fn len(self) -> usize {
        match self {
            Fields::Split(f) => f.len(),
            Fields::Record(r) => r.len(),
        }
    }

    /// Field `i` (the caller checked the count).
    fn get(self, i: usize) -> &'a [u8] {
        match self {
            Fields::Split(f) => f[i],
            Fields::Record(r) => &r[i],
        }
    }
}

/// A field as trimmed text. Blocks are valid UTF-8 and fields end at ASCII
/// delimiters, so the conversion cannot fail.
fn trimmed(bytes: &[u8]) -> &str {
    let bytes = trimmed_bytes(bytes);
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// A field's bytes without the white space around it. ASCII spaces are cut
/// from the bytes (cheaper than `str::trim` on millions of fields); other
/// white space (a no-break space) only where the field starts or ends with
/// a non-ASCII byte.
fn trimmed_bytes(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.trim_ascii();
    match (bytes.first(), bytes.last()) {
        (Some(a), Some(b)) if !a.is_ascii() || !b.is_ascii() => {
            std::str::from_utf8(bytes).map_or(bytes, |t| t.trim().as_bytes())
        }
        _ => bytes,
    }
}

/// Parses one trimmed coordinate: empty is `None` (not geocoded), garbage is
/// an error.
fn parse_coordinate(
    raw: &str,
    decimal: char,
    path: &Path,
    line: u64,
    field: &str,
) -> Result<Option<f64>, InputError> {
    if raw.is_empty() {
        return Ok(None);
    }
    match parse_trimmed_number(raw, decimal) {
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
