//! Layer sources beside files: the Occitanie reference territory read from
//! a GeoPackage and from PostGIS gives exactly the report it gives from its
//! files; a source's errors name it, the row and the field.
//!
//! The tables are written here from the raw files (the job-seekers in
//! Lambert-93 as their CSV gives them, so that the sources' reprojection is
//! exercised), not by zonage's own readers.

mod geopackage;
mod postgis;
mod tables;

use crate::util::{repo_geodata, shared_geodata};
use std::path::Path;
use zonage::manifest::Manifest;
use zonage::progress::Progress;
use zonage::report;
use zonage::territory::Territory;

/// The Occitanie manifest with its file layers replaced by `sources`
/// (layer id → TOML inline table), written to `dir`.
pub fn manifest_with_sources(dir: &Path, sources: &[(&str, String)]) -> std::path::PathBuf {
    let mut text = std::fs::read_to_string(repo_geodata().join("occitanie.toml")).unwrap();
    for (id, source) in sources {
        let file = tables::OCCITANIE.iter().find(|l| l.id == *id).unwrap().file;
        let line = format!("file = \"{file}\"");
        assert!(text.contains(&line), "{line}");
        text = text.replacen(&line, &format!("source = {source}"), 1);
    }
    let path = dir.join("occitanie-sources.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Loads a manifest over the shared reference data.
pub fn load(manifest: &Path) -> Territory {
    let data = shared_geodata().unwrap();
    let m = Manifest::load(manifest).unwrap_or_else(|e| panic!("{e}"));
    Territory::load(m, &data, &Progress::hidden()).unwrap_or_else(|e| panic!("{e}"))
}

/// The CSV report of every zone layer, as `zonage report` writes it.
pub fn reports(t: &Territory) -> Vec<String> {
    (0..t.zones.len())
        .map(|z| {
            let mut out = Vec::new();
            report::write_csv(&report::rows_of(t, z), report::Separator::Comma, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        })
        .collect()
}

/// The reports from the files, computed once.
pub fn file_reports() -> &'static [String] {
    static REPORTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    REPORTS.get_or_init(|| reports(&load(&repo_geodata().join("occitanie.toml"))))
}

/// Asserts two sets of reports are the same, layer by layer, naming the
/// first line that differs.
pub fn assert_same_reports(got: &[String], expected: &[String]) {
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(expected) {
        let first_diff = g.lines().zip(e.lines()).find(|(a, b)| a != b);
        assert!(g == e, "first difference: {first_diff:?}");
    }
}
