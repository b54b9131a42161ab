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
    /// Data rows with their 1-based line numbers.
    pub rows: Vec<(u64, csv::StringRecord)>,
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
        let rows = reader
            .records()
            .map(|row| {
                let row = row.map_err(|e| {
                    let at = e
                        .position()
                        .map_or(Location::File, |p| Location::Line(p.line()));
                    InputError::at(path, at, format!("unreadable CSV: {e}"))
                })?;
                Ok((row.position().map_or(0, |p| p.line()), row))
            })
            .collect::<Result<_, InputError>>()?;
        Ok(Table {
            path: path.to_path_buf(),
            headers,
            rows,
        })
    }

    /// The position of column `name`, or the error naming the columns found.
    pub fn column(&self, name: &str) -> Result<usize, InputError> {
        self.headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| missing_column(&self.path, &self.headers, name))
    }
}
