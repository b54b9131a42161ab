//! Small CSV tables read whole (mappings, series): the file decoded in its
//! dialect, headers trimmed, columns found by name with the usual message
//! when one is missing, rows with their line numbers for messages.

use super::{missing_column, text};
use crate::error::{InputError, Location};
use crate::manifest::CsvDialect;
use std::path::{Path, PathBuf};

/// A CSV file in memory.
pub struct Table {
    /// The file, for messages.
    pub path: PathBuf,
    /// Header names, trimmed.
    pub headers: Vec<String>,
    /// Data rows with their 1-based line numbers, up to the first unreadable one.
    rows: Vec<(u64, csv::StringRecord)>,
    /// The first unreadable row, returned by [`Table::rows`]: callers check
    /// their columns first, so that a header read with the wrong separator is
    /// reported as such, not as the row it then breaks.
    broken: Option<InputError>,
}

impl Table {
    /// Reads `path` in `dialect`; an unreadable row is an error naming its line.
    pub fn read(path: &Path, dialect: &CsvDialect) -> Result<Table, InputError> {
        let bytes = text::read_bytes(path)?;
        let body = text::decode(&bytes, dialect.encoding.as_deref(), path)?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(dialect.delimiter.unwrap_or(',') as u8)
            .from_reader(body.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| InputError::file(path, format!("unreadable header: {e}")))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let mut table = Table {
            path: path.to_path_buf(),
            headers,
            rows: Vec::new(),
            broken: None,
        };
        for row in reader.records() {
            match row {
                Ok(row) => table
                    .rows
                    .push((row.position().map_or(0, |p| p.line()), row)),
                Err(e) => {
                    let at = e
                        .position()
                        .map_or(Location::File, |p| Location::Line(p.line()));
                    table.broken = Some(InputError::at(path, at, format!("unreadable CSV: {e}")));
                    break;
                }
            }
        }
        Ok(table)
    }

    /// The data rows, or the error of the first unreadable one.
    pub fn rows(&self) -> Result<&[(u64, csv::StringRecord)], InputError> {
        match &self.broken {
            Some(e) => Err(e.clone()),
            None => Ok(&self.rows),
        }
    }

    /// The position of column `name`, or the error naming the columns found.
    pub fn column(&self, name: &str) -> Result<usize, InputError> {
        self.headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| missing_column(&self.path, &self.headers, name))
    }
}
