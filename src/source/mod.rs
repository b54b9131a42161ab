//! Where layers come from: one [`Source`] interface for files, GeoPackage
//! tables and PostGIS queries, chosen by the manifest's `source = { kind =
//! … }` (or its shorthand `file = …`).
//!
//! Every source returns the same things the file readers always did: zones
//! ([`RawZones`]) or points ([`PointLayer`]) in WGS84, with what was left out
//! and why, and fails with an [`InputError`] naming the source (file, table
//! or query), the feature or row, and the field. The rest of the engine does
//! not know where a layer came from.
//!
//! To add a source: a module here implementing [`Source`] (the database
//! sources hand their rows to `rows.rs`, which builds the layers), a variant
//! of [`SourceSpec`], and a line in [`open`].

mod file;
#[cfg(feature = "geopackage")]
mod geopackage;
#[cfg(feature = "postgis")]
mod postgis;
#[cfg(any(feature = "geopackage", feature = "postgis"))]
mod rows;
#[cfg(any(feature = "geopackage", feature = "postgis"))]
mod wkb_geometry;

use crate::error::InputError;
use crate::manifest::{Manifest, PointLayerSpec, SourceSpec, ZoneLayerSpec};
use crate::points::PointLayer;
use crate::zones::{RawZones, ZoneFields};
use std::path::{Path, PathBuf};

/// A place layers are read from.
pub trait Source {
    /// How messages and the quality report name the source: the file, the
    /// GeoPackage and its table, or the PostGIS query.
    fn name(&self) -> &Path;

    /// Reads a zone layer: polygons with the code, name and `extra` fields
    /// of `fields`, reprojected to WGS84 from the source's CRS (or the
    /// layer's `crs`, which overrides it).
    fn zones(&self, spec: &ZoneLayerSpec, fields: &ZoneFields) -> Result<RawZones, InputError>;

    /// Reads a point layer with the columns `keep` (and the names of a
    /// public layer), positions in WGS84.
    fn points(&self, spec: &PointLayerSpec, keep: &[String]) -> Result<PointLayer, InputError>;
}

/// Opens the source a layer entry names (`entry`, e.g. ``[[zones]] `qpv` ``,
/// says which in messages). A file must exist; a database is only reached
/// when read.
pub fn open(
    spec: &SourceSpec,
    m: &Manifest,
    dir: &Path,
    entry: &str,
) -> Result<Box<dyn Source>, InputError> {
    match spec {
        SourceSpec::File { path } => {
            Ok(Box::new(file::FileSource::new(m.locate(dir, path, entry)?)))
        }
        SourceSpec::Geopackage { path, table } => {
            let path = m.locate(dir, path, entry)?;
            geopackage_source(path, table)
        }
        SourceSpec::Postgis {
            url_env,
            query,
            geometry,
        } => postgis_source(url_env, query, geometry),
    }
}

#[cfg(feature = "geopackage")]
fn geopackage_source(path: PathBuf, table: &str) -> Result<Box<dyn Source>, InputError> {
    Ok(Box::new(geopackage::GeoPackageSource::new(path, table)))
}

#[cfg(not(feature = "geopackage"))]
fn geopackage_source(path: PathBuf, _: &str) -> Result<Box<dyn Source>, InputError> {
    Err(not_built(&path, "geopackage"))
}

#[cfg(feature = "postgis")]
fn postgis_source(
    url_env: &str,
    query: &str,
    geometry: &str,
) -> Result<Box<dyn Source>, InputError> {
    Ok(Box::new(postgis::PostgisSource::new(
        url_env, query, geometry,
    )))
}

#[cfg(not(feature = "postgis"))]
fn postgis_source(_: &str, query: &str, _: &str) -> Result<Box<dyn Source>, InputError> {
    Err(not_built(&query_name(query), "postgis"))
}

/// How a PostGIS query is named in messages: on one line, whitespace
/// collapsed.
pub fn query_name(query: &str) -> PathBuf {
    let one_line: Vec<&str> = query.split_whitespace().collect();
    PathBuf::from(format!("PostGIS query `{}`", one_line.join(" ")))
}

#[cfg(any(not(feature = "geopackage"), not(feature = "postgis")))]
fn not_built(name: &Path, feature: &str) -> InputError {
    InputError::file(
        name,
        format!("this zonage was built without the `{feature}` cargo feature: rebuild it with `--features {feature}`"),
    )
    .field("source")
}
