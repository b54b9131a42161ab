//! Files, read by their extension: GeoJSON, shapefiles (plain or zipped) and
//! CSV (see [`crate::input`]).

use super::Source;
use crate::error::InputError;
use crate::input;
use crate::manifest::{is_geojson, PointLayerSpec, ZoneLayerSpec};
use crate::points::PointLayer;
use crate::zones::{RawZones, ZoneFields};
use std::path::{Path, PathBuf};

/// A layer file, found and checked to exist.
pub struct FileSource {
    path: PathBuf,
}

impl FileSource {
    /// The file at `path` (already resolved against the data folder).
    pub fn new(path: PathBuf) -> FileSource {
        FileSource { path }
    }
}

impl Source for FileSource {
    fn name(&self) -> &Path {
        &self.path
    }

    fn zones(&self, spec: &ZoneLayerSpec, fields: &ZoneFields) -> Result<RawZones, InputError> {
        input::read_zones(
            &self.path,
            fields,
            spec.crs.as_deref(),
            spec.encoding.as_deref(),
        )
    }

    fn points(&self, spec: &PointLayerSpec, keep: &[String]) -> Result<PointLayer, InputError> {
        if is_geojson(&self.path) {
            input::geojson_file::read_points(&self.path, spec, keep)
        } else {
            input::csv_points::read(&self.path, spec, keep)
        }
    }
}
