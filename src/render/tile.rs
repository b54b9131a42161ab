//! Raster tiles: one zone layer's choropleth on a 256-pixel tile (512 at
//! scale 2, for high-density screens), with the legend's colours, secret
//! zones hatched and thin outlines. A tile with no zone is transparent, so
//! that map clients show nothing there instead of a broken image.

use super::layers::{draw_zones, paint_of, ZoneStyle};
use super::scene::{Colour, Paint, Scene, Stroke};
use super::view::View;
use crate::indicators::Value;
use crate::legend::Legend;
use crate::territory::Territory;
use crate::tiles::TileId;

/// Pixels per side of a tile at scale 1.
pub const TILE_PIXELS: u32 = 256;
/// Fill opacity: a basemap under the tiles still shows through.
const FILL_ALPHA: u8 = 204;

/// The PNG tile of zone layer `z` coloured by `values` on `legend`.
pub fn raster_tile(
    t: &Territory,
    z: usize,
    values: &[Value],
    legend: &Legend,
    tile: TileId,
    scale: u32,
) -> Result<Vec<u8>, String> {
    // Outlines thicken with the zoom: at a regional zoom thousands of
    // communes would otherwise be all outline.
    let width = if tile.z >= 10 { 1.0 } else { 0.5 } * scale as f32;
    let style = ZoneStyle {
        stroke: Some(Stroke {
            colour: Colour::rgb(66, 66, 66).with_alpha(150),
            width,
        }),
        marker: Some(5.0 * scale as f32),
    };
    let paint = |i: usize| Some(paint_of(legend, values[i], FILL_ALPHA));
    zones_tile(t, z, tile, scale, paint, style)
}

/// The PNG tile of zone layer `z`'s outlines alone: the context drawn under
/// another layer when there is no basemap (communes under the QPVs), or
/// with `heavy` lines over it (départements over communes).
pub fn outline_tile(
    t: &Territory,
    z: usize,
    tile: TileId,
    scale: u32,
    heavy: bool,
) -> Result<Vec<u8>, String> {
    let (colour, width) = if heavy {
        (Colour::rgb(80, 80, 80), 1.8)
    } else {
        (Colour::rgb(117, 117, 117).with_alpha(200), 0.8)
    };
    let style = ZoneStyle {
        stroke: Some(Stroke {
            colour,
            width: width * scale as f32,
        }),
        marker: None,
    };
    zones_tile(t, z, tile, scale, |_| None, style)
}

/// A transparent tile of `scale` × 256 pixels with the zones of layer `z` drawn on it.
fn zones_tile(
    t: &Territory,
    z: usize,
    tile: TileId,
    scale: u32,
    paint: impl Fn(usize) -> Option<Paint>,
    style: ZoneStyle,
) -> Result<Vec<u8>, String> {
    let pixels = TILE_PIXELS * scale;
    let view = View::tile(tile, pixels as f64);
    let mut scene = Scene::new(pixels, pixels, None);
    draw_zones(&mut scene, &view, t, z, paint, style);
    super::png::encode(&scene)
}
