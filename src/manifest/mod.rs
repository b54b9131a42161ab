//! The manifest: a TOML file that declares a whole territory (zone layers,
//! point layers, indicators, secrecy) so that a new territory needs no code.
//!
//! [`Manifest::load`] parses and checks it: every layer, column and indicator
//! it names must exist, and indicators must not refer to themselves through
//! others. The full reference is in the README ("Manifest reference").

pub mod dates;
mod spec;
mod validate;

pub use validate::evaluation_order;
pub(crate) use validate::is_geojson;

pub use spec::*;

use crate::error::{InputError, Location};
use std::path::{Path, PathBuf};

impl Manifest {
    /// Reads, parses and checks a manifest file. The relative paths of its
    /// layers are resolved later, against the data folder given to
    /// [`crate::territory::Territory::load`].
    pub fn load(path: &Path) -> Result<Manifest, InputError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| InputError::file(path, format!("cannot read the manifest: {e}")))?;
        Manifest::parse(&text, path)
    }

    /// Parses and checks manifest text; `path` only names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Manifest, InputError> {
        let mut manifest: Manifest =
            toml::from_str(text).map_err(|e| toml_error(text, path, &e))?;
        manifest.path = path.to_path_buf();
        manifest.text = text.to_string();
        validate::check(&manifest, text)?;
        manifest.date_filters();
        manifest.typeset();
        Ok(manifest)
    }

    /// Puts the French text people typed (labels, descriptions, sources,
    /// units) in French typography ([`crate::typography::french`]), once, so
    /// that every map, sheet, legend and export shows it right.
    fn typeset(&mut self) {
        use crate::typography::french;
        let fix = |s: &mut String| *s = french(s);
        let t = &mut self.territory;
        fix(&mut t.name);
        fix(&mut t.source);
        t.date.iter_mut().for_each(fix);
        self.zones.iter_mut().for_each(|z| fix(&mut z.label));
        self.points.iter_mut().for_each(|p| fix(&mut p.label));
        for s in &mut self.series {
            [&mut s.label, &mut s.unit, &mut s.source]
                .into_iter()
                .for_each(fix);
        }
        for i in &mut self.indicators {
            [&mut i.label, &mut i.unit, &mut i.description, &mut i.source]
                .into_iter()
                .for_each(fix);
        }
    }

    /// Turns each `older_than_months` filter into the date it keeps values before.
    fn date_filters(&mut self) {
        let reference = self.territory.reference_date.clone().unwrap_or_default();
        for ind in &mut self.indicators {
            if let IndicatorKind::Count {
                filter: Some(f), ..
            } = &mut ind.kind
            {
                if let Some(months) = f.older_than_months {
                    f.before = dates::months_before(&reference, months);
                }
            }
        }
    }

    /// Resolves a file named in the manifest against the data directory.
    pub fn resolve(&self, data_dir: &Path, file: &Path) -> PathBuf {
        if file.is_absolute() {
            file.to_path_buf()
        } else {
            data_dir.join(file)
        }
    }

    /// Resolves a file named by a manifest entry (e.g. ``[[zones]] `qpv` ``)
    /// and checks that it exists. A missing file is the commonest first error:
    /// the message names the entry, the data folder used and how to change it.
    pub fn locate(&self, data_dir: &Path, file: &Path, entry: &str) -> Result<PathBuf, InputError> {
        let path = self.resolve(data_dir, file);
        if path.exists() {
            return Ok(path);
        }
        let problem = format!(
            "file not found: named by {entry} of {}, looked for in the data folder `{}`; \
             point `--data` (or ZONAGE_DATA) at the folder that holds it",
            self.path.display(),
            data_dir.display()
        );
        Err(InputError::file(&path, problem).field("file"))
    }

    /// The zone layer with this id.
    pub fn zone_layer(&self, id: &str) -> Option<&ZoneLayerSpec> {
        self.zones.iter().find(|z| z.id == id)
    }

    /// The point layer with this id.
    pub fn point_layer(&self, id: &str) -> Option<&PointLayerSpec> {
        self.points.iter().find(|p| p.id == id)
    }

    /// The indicator with this id.
    pub fn indicator(&self, id: &str) -> Option<&IndicatorSpec> {
        self.indicators.iter().find(|i| i.id == id)
    }
}

fn toml_error(text: &str, path: &Path, e: &toml::de::Error) -> InputError {
    let line = e
        .span()
        .map(|span| text[..span.start.min(text.len())].lines().count().max(1) as u64);
    let location = line.map_or(Location::File, Location::Line);
    let message = e.message().to_string();
    InputError::at(path, location, message)
}

/// The 1-based line of `id = "value"` inside a `[[section]]` (e.g. `indicators`),
/// to place semantic errors. Found from the spans of `toml`'s own parser, so
/// that any way of writing the value (single quotes, spaces, inline tables)
/// keeps its line.
pub(crate) fn line_of(text: &str, section: &str, id: &str) -> Location {
    let Ok(root) = toml::de::DeTable::parse(text) else {
        return Location::File;
    };
    let entries = root
        .get_ref()
        .iter()
        .find(|(key, _)| key.get_ref() == section)
        .and_then(|(_, value)| value.get_ref().as_array());
    let found = entries.into_iter().flatten().find_map(|entry| {
        let table = entry.get_ref().as_table()?;
        let (_, value) = table.iter().find(|(key, _)| key.get_ref() == "id")?;
        (value.get_ref().as_str() == Some(id)).then(|| value.span())
    });
    match found {
        Some(span) => {
            Location::Line(text[..span.start.min(text.len())].matches('\n').count() as u64 + 1)
        }
        None => Location::File,
    }
}
