//! Every tile of a public layer over a range of zooms, in one PMTiles v3
//! archive: a single file that static hosting (object storage, a CDN) serves
//! by HTTP range requests, and that Martin, the `pmtiles` tools and
//! MapLibre read. The tiles are the live service's, made by the same code
//! ([`super::vector`], [`crate::render::tile`]), so an archive and the
//! service show the same map; secret values are absent from both.
//!
//! Which tiles: at each zoom, the tiles that a zone's (or a place's) box
//! touches, grown by the vector tiles' buffer; the ones that come out empty
//! are not stored (a reader then finds no tile, as the service answers 204).
//! Tiles are made on every core, a batch at a time (memory stays bounded),
//! and written in the order of their PMTiles id, as readers prefer.

use super::grid::TileId;
use super::vector::{self, BUFFER, EXTENT};
use crate::legend::Legend;
use crate::points::PublicPoints;
use crate::progress::{plural, Progress};
use crate::territory::Territory;
use geo::BoundingRect;
use pmtiles::{Compression, PmTilesWriter, TileCoord, TileType};
use rayon::prelude::*;
use std::io::{Seek, Write};

/// Tiles made at once: enough for both cores, little memory (a few MB).
const BATCH: usize = 2048;

/// What an archive holds.
pub enum Content<'a> {
    /// Vector tiles (MVT) of zone layer `z`, every indicator in them.
    Zones(usize),
    /// Vector tiles of a public point layer (help places).
    Points(PublicPoints<'a>),
    /// PNG tiles of zone layer `layer` coloured by `values` in `legend`.
    Choropleth {
        /// The zone layer.
        layer: usize,
        /// The indicator's values, one per zone.
        values: &'a [crate::indicators::Value],
        /// Its classes and colours.
        legend: Legend,
    },
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Tiles looked at (touched by a zone's or a place's box).
    pub candidates: usize,
    /// Tiles stored (not empty).
    pub tiles: usize,
    /// Size of the archive, in bytes.
    pub bytes: u64,
}

/// Writes the tiles of `content` from `zooms.0` to `zooms.1` (inclusive) to
/// `out` as a PMTiles v3 archive with `metadata` (a TileJSON object).
pub fn write<W: Write + Seek>(
    t: &Territory,
    content: &Content,
    zooms: (u8, u8),
    metadata: &serde_json::Value,
    out: W,
    progress: &Progress,
) -> Result<Written, String> {
    let boxes = boxes(t, content);
    let [w, s, e, n] = (boxes.iter().copied())
        .reduce(crate::geometry::bbox::union)
        .ok_or("the layer is empty: no tile to write")?;
    let (tile_type, compression) = match content {
        Content::Choropleth { .. } => (TileType::Png, Compression::None),
        _ => (TileType::Mvt, Compression::Gzip),
    };
    let mut writer = PmTilesWriter::new(tile_type)
        .precompressed(compression)
        .min_zoom(zooms.0)
        .max_zoom(zooms.1)
        .bounds(w, s, e, n)
        .center((w + e) / 2.0, (s + n) / 2.0)
        .center_zoom(zooms.0.max(8).min(zooms.1))
        .metadata(metadata.to_string())
        .create(out)
        .map_err(|e| e.to_string())?;
    let mut written = Written {
        candidates: 0,
        tiles: 0,
        bytes: 0,
    };
    for z in zooms.0..=zooms.1 {
        let step = progress.step(format!("making the tiles of zoom {z}"));
        let tiles = candidates(&boxes, z);
        let mut stored = 0;
        for batch in tiles.chunks(BATCH) {
            let made: Vec<Option<Vec<u8>>> = batch
                .par_iter()
                .map(|tile| make(t, content, *tile))
                .collect::<Result<_, _>>()?;
            for (tile, bytes) in batch.iter().zip(made) {
                let Some(bytes) = bytes else { continue };
                let coord = TileCoord::new(tile.z, tile.x, tile.y).map_err(|e| e.to_string())?;
                writer.add_tile(coord, &bytes).map_err(|e| e.to_string())?;
                written.bytes += bytes.len() as u64;
                stored += 1;
            }
        }
        step.done(format!(
            "{} of {} looked at",
            plural(stored, "tile", "tiles"),
            crate::progress::thousands(tiles.len())
        ));
        written.candidates += tiles.len();
        written.tiles += stored;
    }
    writer.finalize().map_err(|e| e.to_string())?;
    Ok(written)
}

/// One tile as the service makes it: gzip-compressed MVT, or PNG; `None`
/// when empty.
fn make(t: &Territory, content: &Content, tile: TileId) -> Result<Option<Vec<u8>>, String> {
    let raw = match content {
        Content::Zones(z) => vector::zone_tile(t, *z, tile).map_err(|e| e.to_string())?,
        Content::Points(points) => vector::point_tile(*points, tile).map_err(|e| e.to_string())?,
        Content::Choropleth {
            layer,
            values,
            legend,
        } => {
            return crate::render::tile::raster_tile(t, *layer, values, legend, tile, 1).map(Some);
        }
    };
    Ok(raw.map(|mvt| super::cache::gzip(&mvt)))
}

/// The boxes `[west, south, east, north]` of the zones or places: what
/// [`candidates`] takes.
pub fn boxes(t: &Territory, content: &Content) -> Vec<[f64; 4]> {
    match content {
        Content::Zones(z) | Content::Choropleth { layer: z, .. } => t.zones[*z]
            .shapes
            .iter()
            .filter_map(|shape| shape.bounding_rect())
            .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
            .collect(),
        Content::Points(points) => points
            .coords
            .iter()
            .map(|[x, y]| [*x, *y, *x, *y])
            .collect(),
    }
}

/// The tiles of zoom `z` that a box touches (grown by the tiles' buffer),
/// each once, in the order of their PMTiles id.
pub fn candidates(boxes: &[[f64; 4]], z: u8) -> Vec<TileId> {
    let n = 1u64 << z;
    let margin = BUFFER / EXTENT as f64;
    let last = (n - 1) as f64;
    let mut tiles: Vec<(u64, TileId)> = Vec::new();
    for [w, s, e, north] in boxes {
        let (x0, y0) = TileId::WORLD.to_tile(*w, *north, n as f64);
        let (x1, y1) = TileId::WORLD.to_tile(*e, *s, n as f64);
        let range = |a: f64, b: f64| {
            ((a - margin).floor().clamp(0.0, last) as u32)
                ..=((b + margin).floor().clamp(0.0, last) as u32)
        };
        for x in range(x0, x1) {
            for y in range(y0, y1) {
                let tile = TileId { z, x, y };
                tiles.push((pmtiles_id(tile), tile));
            }
        }
    }
    tiles.sort_unstable_by_key(|(id, _)| *id);
    tiles.dedup_by_key(|(id, _)| *id);
    tiles.into_iter().map(|(_, tile)| tile).collect()
}

/// The tile's id in a PMTiles archive (its rank on the Hilbert curve of
/// its zoom, after every tile of the zooms below).
fn pmtiles_id(tile: TileId) -> u64 {
    TileCoord::new(tile.z, tile.x, tile.y)
        .map(|c| pmtiles::TileId::from(c).value())
        .unwrap_or(u64::MAX)
}
