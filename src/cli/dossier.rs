//! `zonage dossier`: a zone's diagnostic dossier written to files, as one PDF
//! or as one PNG or SVG picture per slide (to paste into PowerPoint or
//! Impress), from a zone code or an exact zone name.

use crate::dossier::{Dossier, Format};
use crate::manifest::IndicatorSpec;
use crate::territory::Territory;
use std::path::{Path, PathBuf};

/// What `zonage dossier` was asked for.
pub struct Request<'a> {
    /// The zone layer's id.
    pub layer: &'a str,
    /// The zone's code, or its exact name.
    pub zone: &'a str,
    /// The indicator of the map and of "where to act" (default: the share
    /// of job-seekers not autonomous online).
    pub indicator: Option<&'a str>,
    /// PDF, or pictures.
    pub format: Format,
    /// The PDF file, or the pictures' folder (default: after the zone and
    /// the vintage, in the current folder).
    pub output: Option<&'a Path>,
}

/// Writes the dossier and returns the paths written.
pub fn write(t: &Territory, r: &Request) -> Result<Vec<PathBuf>, String> {
    let (z, _) = t.zone_layer(r.layer).ok_or_else(|| {
        let valid: Vec<&str> = t.zones.iter().map(|z| z.id.as_str()).collect();
        format!(
            "--layer\u{a0}: couche inconnue «\u{a0}{}\u{a0}» (couches\u{a0}: {})",
            r.layer,
            valid.join(", ")
        )
    })?;
    let i = zone_of(t, z, r.zone)?;
    let d = Dossier::new(t, z, i, indicator_of(t, r.indicator)?);
    let files = d.pictures(r.format)?;
    if r.format == Format::Pdf {
        let (name, pdf) = &files[0];
        let path = r
            .output
            .map_or_else(|| PathBuf::from(name), Path::to_path_buf);
        return save(&path, pdf).map(|()| vec![path]);
    }
    let folder = r
        .output
        .map_or_else(|| PathBuf::from(d.file_stem()), Path::to_path_buf);
    std::fs::create_dir_all(&folder).map_err(|e| {
        format!(
            "{}\u{a0}: impossible de créer le dossier\u{a0}: {e}",
            folder.display()
        )
    })?;
    files
        .iter()
        .map(|(name, bytes)| {
            let path = folder.join(name);
            save(&path, bytes).map(|()| path)
        })
        .collect()
}

/// The indicator asked for, else the default one.
fn indicator_of<'a>(t: &'a Territory, id: Option<&str>) -> Result<&'a IndicatorSpec, String> {
    let Some(id) = id else {
        return crate::dossier::default_indicator(&t.manifest)
            .ok_or_else(|| "le manifeste ne déclare aucun indicateur".to_string());
    };
    indicator_named(t, id)
}

/// The indicator `id`, or an error listing the manifest's indicators.
pub(super) fn indicator_named<'a>(t: &'a Territory, id: &str) -> Result<&'a IndicatorSpec, String> {
    t.manifest.indicator(id).ok_or_else(|| {
        let valid: Vec<&str> = t
            .manifest
            .indicators
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        format!(
            "--indicator\u{a0}: indicateur inconnu «\u{a0}{id}\u{a0}» (indicateurs\u{a0}: {})",
            valid.join(", ")
        )
    })
}

/// The zone of layer `z` whose code is `wanted`, else the one zone of the
/// layer whose name is `wanted` (accents, case and hyphens aside), else the
/// one zone of the layer the search finds ("Carvin" for "Agence de Carvin").
fn zone_of(t: &Territory, z: usize, wanted: &str) -> Result<usize, String> {
    let zones = &t.zones[z];
    if let Some(i) = zones.index_of(wanted) {
        return Ok(i);
    }
    let folded = crate::search::fold(wanted);
    let named: Vec<usize> = (0..zones.len())
        .filter(|&i| crate::search::fold(&zones.names[i]) == folded)
        .collect();
    let (hits, _) = crate::search::search(t, wanted, usize::MAX);
    let found: Vec<_> = hits.iter().filter(|h| h.zone.layer == zones.id).collect();
    match (&named[..], &found[..]) {
        ([i], _) => return Ok(*i),
        ([], [one]) => return zones.index_of(one.zone.code).ok_or_else(String::new),
        _ => {}
    }
    let close: Vec<String> = found
        .iter()
        .take(5)
        .map(|h| format!("{} ({})", h.zone.name, h.zone.code))
        .collect();
    let hint = match close.len() {
        0 => "aucune zone de ce nom".to_string(),
        _ => format!(
            "{} zones possibles, donnez le code\u{a0}: {}",
            found.len(),
            close.join(", ")
        ),
    };
    Err(format!(
        "--zone\u{a0}: pas de zone «\u{a0}{wanted}\u{a0}» dans la couche {} ({hint})",
        zones.id
    ))
}

fn save(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes)
        .map_err(|e| format!("{}\u{a0}: impossible d’écrire\u{a0}: {e}", path.display()))
}
