//! Mapbox Vector Tiles (spec 2.1) of a zone layer.
//!
//! For a tile: zones whose box meets the tile (R-tree) → their outlines at
//! the tile's zoom, projected to tile units (y down, 4096 per side) and
//! simplified by Ramer–Douglas–Peucker to one unit (a sixteenth of a pixel),
//! made once per zone and zoom ([`super::outlines`]) → moved to the tile's
//! corner → clipped to the tile plus a buffer with `geo`'s boolean operations
//! (which accept self-intersecting zones) → rings oriented as the spec wants
//! → encoded with the `mvt` crate.
//! Properties: `code`, `name` and every indicator with a value; a secret
//! value is absent and marked `<id>_secret = true`. A tile with no zone is `None`.

use super::grid::TileId;
use crate::geometry::screen::keep_visible;
use crate::indicators::Value;
use crate::territory::Territory;
use geo::orient::{Direction, Orient};
use geo::{BooleanOps, BoundingRect, Contains, Coord, LineString, MapCoords, MultiPolygon, Rect};
use mvt::{GeomEncoder, GeomType, Tile};

/// Tile units per side.
pub const EXTENT: u32 = 4096;
/// Buffer around the tile, in tile units, so that strokes join across tiles.
pub const BUFFER: f64 = 64.0;
/// Simplification tolerance, in tile units: one unit is a sixteenth of a
/// pixel on a 256-pixel tile, so nothing visible is lost.
pub const SIMPLIFY_UNITS: f64 = 1.0;
/// Polygons smaller than this (in square tile units) are left out: they would
/// not cover a pixel's sixteenth.
pub const MIN_AREA_UNITS: f64 = 1.0;

/// The encoded tile of zone layer `z`, or `None` when no zone touches it.
pub fn zone_tile(t: &Territory, z: usize, tile: TileId) -> Result<Option<Vec<u8>>, mvt::Error> {
    let layer = &t.zones[z];
    let margin = BUFFER / EXTENT as f64;
    let [w, s, e, n] = tile.bounds(margin);
    let clip = Rect::new(
        Coord {
            x: -BUFFER,
            y: -BUFFER,
        },
        Coord {
            x: EXTENT as f64 + BUFFER,
            y: EXTENT as f64 + BUFFER,
        },
    );
    let out = Tile::new(EXTENT);
    let mut mvt_layer = out.create_layer(&layer.id);
    let mut count = 0;
    let mut candidates: Vec<usize> = t.indexes[z].candidates_in([w, s], [e, n]).collect();
    candidates.sort_unstable();
    for i in candidates {
        let outline = t.outlines.at_zoom((z, i), &layer.shapes[i], tile.z);
        let Some(shape) = tile_shape(outline.as_ref().as_ref(), tile, &clip) else {
            continue;
        };
        let mut feature = mvt_layer.into_feature(encode(&shape)?);
        feature.set_id(i as u64 + 1);
        feature.add_tag_string("code", &layer.codes[i]);
        feature.add_tag_string("name", &layer.names[i]);
        for ind in &t.manifest.indicators {
            match t.indicators[z][&ind.id][i] {
                Value::Number(v) => feature.add_tag_double(&ind.id, crate::indicators::round6(v)),
                Value::Secret => feature.add_tag_bool(&format!("{}_secret", ind.id), true),
                Value::Missing => {}
            }
        }
        mvt_layer = feature.into_layer();
        count += 1;
    }
    finish(out, mvt_layer, count)
}

/// The encoded tile, or `None` when its one layer has no feature.
fn finish(mut out: Tile, layer: mvt::Layer, count: usize) -> Result<Option<Vec<u8>>, mvt::Error> {
    if count == 0 {
        return Ok(None);
    }
    out.add_layer(layer)?;
    out.to_bytes().map(Some)
}

/// A zone's outline at the tile's zoom (world tile units) moved to the
/// tile's corner, clipped and oriented; `None` when nothing visible is left.
/// Zones wholly inside the tile and its buffer (most of them at low zoom)
/// skip the clipping, the costly step.
fn tile_shape(
    outline: Option<&MultiPolygon<f64>>,
    tile: TileId,
    clip: &Rect<f64>,
) -> Option<MultiPolygon<f64>> {
    let extent = EXTENT as f64;
    let (dx, dy) = (tile.x as f64 * extent, tile.y as f64 * extent);
    let moved = outline?.map_coords(|c| Coord {
        x: c.x - dx,
        y: c.y - dy,
    });
    let bbox = moved.bounding_rect()?;
    if clip.contains(&bbox.min()) && clip.contains(&bbox.max()) {
        return Some(moved.orient(Direction::Default));
    }
    let clipped = moved.intersection(&clip.to_polygon());
    keep_visible(clipped, MIN_AREA_UNITS).map(|kept| kept.orient(Direction::Default))
}

fn encode(shape: &MultiPolygon<f64>) -> Result<mvt::GeomData, mvt::Error> {
    let mut encoder = GeomEncoder::new(GeomType::Polygon);
    for polygon in &shape.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            add_ring(&mut encoder, ring)?;
        }
    }
    encoder.encode()
}

/// One ring: its points without the closing one (ClosePath closes it).
fn add_ring(encoder: &mut GeomEncoder<f64>, ring: &LineString<f64>) -> Result<(), mvt::Error> {
    for c in &ring.0[..ring.0.len() - 1] {
        encoder.add_point(c.x.round(), c.y.round())?;
    }
    encoder.complete_geom()
}

/// The encoded tile of a public point layer, or `None` when no point is in
/// it (with its buffer). Properties: `name`. Private layers cannot be passed.
pub fn point_tile(
    points: crate::points::PublicPoints<'_>,
    tile: TileId,
) -> Result<Option<Vec<u8>>, mvt::Error> {
    let [w, s, e, n] = tile.bounds(BUFFER / EXTENT as f64);
    let out = Tile::new(EXTENT);
    let mut layer = out.create_layer(&points.id);
    let mut count = 0;
    for (i, p) in points.coords.iter().enumerate() {
        if p[0] < w || p[0] > e || p[1] < s || p[1] > n {
            continue;
        }
        let (x, y) = tile.to_tile(p[0], p[1], EXTENT as f64);
        let geometry = GeomEncoder::new(GeomType::Point)
            .point(x.round(), y.round())?
            .encode()?;
        let mut feature = layer.into_feature(geometry);
        feature.set_id(i as u64 + 1);
        feature.add_tag_string("name", points.names.get(i).map_or("", String::as_str));
        layer = feature.into_layer();
        count += 1;
    }
    finish(out, layer, count)
}
