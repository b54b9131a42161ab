//! The errors the engine returns. Each names the file and, where it can, the
//! line or feature and the field, so that one message is enough to fix the input.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input file a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The whole file.
    File,
    /// A 1-based line of a text file (CSV, TOML).
    Line(u64),
    /// A 0-based feature (GeoJSON feature, shapefile record).
    Feature(usize),
    /// A 1-based row of a database query or table, in the order it returns them.
    Row(u64),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Line(n) => write!(f, "line {n}: "),
            Location::Feature(n) => write!(f, "feature {n}: "),
            Location::Row(n) => write!(f, "row {n}: "),
        }
    }
}

/// A problem with one input file: which file, where, which field, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file as the user named it (resolved against the data directory),
    /// or how a database source is named: ``communes.gpkg, table `communes` ``,
    /// ``PostGIS query `SELECT …` ``.
    pub file: PathBuf,
    /// Where in the file.
    pub location: Location,
    /// The field (column, property, manifest key) at fault, if one is.
    pub field: Option<String>,
    /// What is wrong, in one sentence.
    pub problem: String,
}

impl InputError {
    /// A problem with a file as a whole.
    pub fn file(file: &Path, problem: impl Into<String>) -> Self {
        InputError {
            file: file.to_path_buf(),
            location: Location::File,
            field: None,
            problem: problem.into(),
        }
    }

    /// A problem at a location of a file.
    pub fn at(file: &Path, location: Location, problem: impl Into<String>) -> Self {
        InputError {
            location,
            ..InputError::file(file, problem)
        }
    }

    /// The same error, naming the field at fault.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.location)?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        write!(f, "{}", self.problem)
    }
}

impl std::error::Error for InputError {}

/// Any error of the engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file (data or manifest) cannot be used.
    #[error("{0}")]
    Input(#[from] InputError),
}

/// Shorthand for results of the engine.
pub type Result<T, E = Error> = std::result::Result<T, E>;
