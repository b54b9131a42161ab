//! The rows of a batch body (CSV or JSON), read from a stream one at a time.
//!
//! Neither format is loaded whole: CSV goes through the `csv` reader, JSON
//! through a `serde` sequence visitor that takes one array element at a time
//! as raw text, so reading stops at row `max_rows + 1` whatever follows, and
//! a row that cannot be read (a number such as `1e309` that no `f64` holds,
//! a missing `lat`) fails alone, with its own message.

use crate::server::routes::lookup::coordinate;
use serde::de::{Deserializer as _, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fmt;
use std::io::{BufRead, BufReader, Read};

/// The longest CSV header line accepted, in bytes.
const MAX_HEADER: u64 = 64 * 1024;

/// One row of a batch: what to echo, and the position or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row's `id`, echoed back (empty without one).
    pub id: String,
    /// The position, or why the row has none.
    pub position: Result<[f64; 2], String>,
}

/// Why a body as a whole could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyError {
    /// More than the allowed rows.
    TooManyRows(usize),
    /// Not a batch at all (no `lon`/`lat` header, not a JSON array, cut short).
    Unreadable(String),
}

/// Reads every row of a body, in order, stopping at row `max_rows + 1`.
pub fn read_rows(body: impl Read, json: bool, max_rows: usize) -> Result<Vec<Row>, BodyError> {
    if json {
        json_rows(body, max_rows)
    } else {
        csv_rows(body, max_rows)
    }
}

/// Reads rows from text already in memory (tests, small bodies).
pub fn parse_rows(text: &str, json: bool) -> Result<Vec<Row>, BodyError> {
    read_rows(text.as_bytes(), json, usize::MAX)
}

fn position(lon: &str, lat: &str) -> Result<[f64; 2], String> {
    let lon = coordinate("lon", Some(lon), 180.0).map_err(|e| e.to_string())?;
    let lat = coordinate("lat", Some(lat), 90.0).map_err(|e| e.to_string())?;
    Ok([lon, lat])
}

fn unreadable(e: impl fmt::Display) -> BodyError {
    BodyError::Unreadable(e.to_string())
}

fn csv_rows(body: impl Read, max_rows: usize) -> Result<Vec<Row>, BodyError> {
    let mut body = BufReader::new(body);
    let mut first = Vec::new();
    (&mut body)
        .take(MAX_HEADER)
        .read_until(b'\n', &mut first)
        .map_err(unreadable)?;
    let header = String::from_utf8_lossy(&first);
    let header = header.strip_prefix('\u{feff}').unwrap_or(&header);
    let delimiter = if header.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(io_chain(header.as_bytes().to_vec(), body));
    let headers: Vec<String> = reader
        .headers()
        .map_err(unreadable)?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let (Some(lon), Some(lat)) = (
        find(&["lon", "longitude", "x"]),
        find(&["lat", "latitude", "y"]),
    ) else {
        return Err(BodyError::Unreadable(format!(
            "l’en-tête doit nommer lon et lat (colonnes\u{a0}: {})",
            headers.join(", ")
        )));
    };
    let id = find(&["id", "identifiant"]);
    let mut rows = Vec::new();
    for record in reader.records() {
        if rows.len() == max_rows {
            return Err(BodyError::TooManyRows(max_rows));
        }
        rows.push(match record {
            // A failing stream (limit, time-out) is not a bad row: stop.
            Err(e) if e.is_io_error() => return Err(unreadable(e)),
            Err(e) => Row {
                id: String::new(),
                position: Err(format!("ligne illisible\u{a0}: {e}")),
            },
            Ok(r) => Row {
                id: id.and_then(|i| r.get(i)).unwrap_or("").to_string(),
                position: position(r.get(lon).unwrap_or(""), r.get(lat).unwrap_or("")),
            },
        });
    }
    Ok(rows)
}

fn io_chain(head: Vec<u8>, rest: impl Read) -> impl Read {
    std::io::Cursor::new(head).chain(rest)
}

/// A JSON batch row.
#[derive(Deserialize)]
struct JsonRow {
    #[serde(default)]
    id: serde_json::Value,
    lon: serde_json::Value,
    lat: serde_json::Value,
}

fn json_rows(body: impl Read, max_rows: usize) -> Result<Vec<Row>, BodyError> {
    let mut de = serde_json::Deserializer::from_reader(BufReader::new(body));
    let mut too_many = false;
    let rows = de
        .deserialize_seq(Elements {
            max_rows,
            too_many: &mut too_many,
        })
        .and_then(|rows| de.end().map(|()| rows));
    match rows {
        _ if too_many => Err(BodyError::TooManyRows(max_rows)),
        Ok(rows) => Ok(rows),
        Err(e) => Err(BodyError::Unreadable(format!("JSON illisible\u{a0}: {e}"))),
    }
}

/// Visits the top-level array, one element at a time.
struct Elements<'a> {
    max_rows: usize,
    too_many: &'a mut bool,
}

impl<'de> Visitor<'de> for Elements<'_> {
    type Value = Vec<Row>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("un tableau d’objets {id, lon, lat}")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Row>, A::Error> {
        let mut rows = Vec::new();
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            if rows.len() == self.max_rows {
                *self.too_many = true;
                return Err(serde::de::Error::custom("trop de lignes"));
            }
            rows.push(json_row(raw.get()));
        }
        Ok(rows)
    }
}

fn json_row(raw: &str) -> Row {
    match serde_json::from_str::<JsonRow>(raw) {
        Err(e) => Row {
            id: String::new(),
            position: Err(format!("ligne illisible\u{a0}: {e}")),
        },
        Ok(r) => {
            let text =
                |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
            let id = if r.id.is_null() {
                String::new()
            } else {
                text(&r.id)
            };
            Row {
                id,
                position: position(&text(&r.lon), &text(&r.lat)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_number_fails_its_row_only() {
        let rows = parse_rows(
            r#"[{"id":1,"lon":1e309,"lat":43},{"id":2,"lon":1.4,"lat":43.6}]"#,
            true,
        )
        .unwrap();
        assert!(rows[0].position.is_err());
        assert_eq!(rows[1].position, Ok([1.4, 43.6]));
    }

    #[test]
    fn reading_stops_at_the_first_row_over_the_limit() {
        let csv = "lon,lat\n1,43\n1,43\n1,43\n";
        assert_eq!(
            read_rows(csv.as_bytes(), false, 2),
            Err(BodyError::TooManyRows(2))
        );
        let json = r#"[{"lon":1,"lat":43},{"lon":1,"lat":43},{"lon":1,"lat":43}"#;
        assert_eq!(
            read_rows(json.as_bytes(), true, 2),
            Err(BodyError::TooManyRows(2))
        );
        assert_eq!(read_rows(csv.as_bytes(), false, 3).unwrap().len(), 3);
    }

    #[test]
    fn semicolons_bom_and_decimal_commas() {
        let rows = parse_rows("\u{feff}id;lat;lon\na;43,6;1,44\n", false).unwrap();
        assert_eq!(rows[0].id, "a");
        assert_eq!(rows[0].position, Ok([1.44, 43.6]));
    }
}
