//! `zonage tiles`: a public layer's tiles over a range of zooms in one
//! PMTiles archive, for static hosting (see [`crate::tiles::archive`]).

use crate::legend::{Legend, Method};
use crate::points::PublicPoints;
use crate::progress::{plural, Progress};
use crate::render::legend_panel::french_number;
use crate::territory::Territory;
use crate::tiles::archive::{self, Content};
use crate::tiles::grid::MAX_ZOOM;
use crate::tiles::tilejson;
use std::path::Path;

/// What `zonage tiles` was asked for.
pub struct Request<'a> {
    /// A zone layer, or a public point layer.
    pub layer: &'a str,
    /// PNG tiles coloured by this indicator instead of vector tiles.
    pub indicator: Option<&'a str>,
    /// First and last zoom, inclusive.
    pub zooms: (u8, u8),
    /// The archive to write.
    pub output: &'a Path,
}

/// Writes the archive (through a temporary file renamed at the end: a
/// failed run leaves no half archive) and returns a one-line summary.
pub fn write(
    t: &Territory,
    version: &str,
    r: &Request,
    progress: &Progress,
) -> Result<String, String> {
    let (min, max) = r.zooms;
    if min > max || max > MAX_ZOOM {
        return Err(format!("--min-zoom {min}, --max-zoom {max}\u{a0}: attendu 0\u{a0}≤ min\u{a0}≤ max\u{a0}≤ {MAX_ZOOM}"));
    }
    let (content, metadata) = content_of(t, version, r)?;
    let started = std::time::Instant::now();
    let written = write_through_partial(t, &content, &metadata, r, progress)?;
    let size = std::fs::metadata(r.output).map_or(0, |m| m.len());
    Ok(format!(
        "{}\u{a0}: {} (z{min}–{max}, {}), {}\u{a0}Mo, {}\u{a0}s\n",
        r.output.display(),
        plural(written.tiles, "tuile", "tuiles"),
        plural(written.candidates, "examinée", "examinées"),
        french_number(size as f64 / 1e6, 1),
        french_number(started.elapsed().as_secs_f64(), 1)
    ))
}

/// What the archive holds, and its TileJSON metadata.
fn content_of<'a>(
    t: &'a Territory,
    version: &str,
    r: &Request,
) -> Result<(Content<'a>, serde_json::Value), String> {
    Ok(match (layer_of(t, r.layer)?, r.indicator) {
        (Layer::Zones(z), None) => (
            Content::Zones(z),
            tilejson::zone_layer(t, z, version, None, r.zooms.1),
        ),
        (Layer::Zones(z), Some(id)) => {
            let spec = super::dossier::indicator_named(t, id)?;
            let values = &t.indicators[z][id];
            let legend = Legend::new(values, Method::Quantiles, 5);
            let content = Content::Choropleth {
                layer: z,
                values,
                legend,
            };
            (content, tilejson::choropleth(t, z, spec, version))
        }
        (Layer::Points(_), Some(_)) => {
            return Err(
                "--indicator\u{a0}: une couche de points n’a que des tuiles vectorielles".into(),
            )
        }
        (Layer::Points(points), None) => {
            let metadata = tilejson::place_layer(t, &points, version);
            (Content::Points(points), metadata)
        }
    })
}

/// Writes to `FILE.pmtiles.partial`, renamed to `FILE.pmtiles` once
/// complete (removed on failure).
fn write_through_partial(
    t: &Territory,
    content: &Content,
    metadata: &serde_json::Value,
    r: &Request,
    progress: &Progress,
) -> Result<archive::Written, String> {
    let partial = r.output.with_extension("pmtiles.partial");
    let cannot = |path: &Path, e: std::io::Error| {
        format!("{}\u{a0}: écriture impossible ({e})", path.display())
    };
    let file = std::fs::File::create(&partial).map_err(|e| cannot(&partial, e))?;
    let out = std::io::BufWriter::new(file);
    let written =
        archive::write(t, content, r.zooms, metadata, out, progress).inspect_err(|_| {
            let _ = std::fs::remove_file(&partial);
        })?;
    std::fs::rename(&partial, r.output).map_err(|e| cannot(r.output, e))?;
    Ok(written)
}

enum Layer<'a> {
    Zones(usize),
    Points(PublicPoints<'a>),
}

/// A zone layer, or a public point layer; a private one is refused.
fn layer_of<'a>(t: &'a Territory, id: &str) -> Result<Layer<'a>, String> {
    if let Some((z, _)) = t.zone_layer(id) {
        return Ok(Layer::Zones(z));
    }
    match t.points.iter().position(|p| p.id == id) {
        Some(p) => PublicPoints::of(&t.points, p).map(Layer::Points).ok_or_else(|| {
            format!("--layer\u{a0}: la couche «\u{a0}{id}\u{a0}» est privée (données personnelles)\u{a0}: ses points ne sont jamais diffusés un par un")
        }),
        None => {
            let zones = t.zones.iter().map(|z| z.id.as_str());
            let public = t.points.iter().filter(|p| !p.private).map(|p| p.id.as_str());
            let valid: Vec<&str> = zones.chain(public).collect();
            Err(format!("--layer\u{a0}: couche inconnue «\u{a0}{id}\u{a0}» (couches\u{a0}: {})", valid.join(", ")))
        }
    }
}
