//! Where the world falls on a picture: Web Mercator (as on the web maps the
//! pictures sit beside), scaled and shifted to pixels. Pure arithmetic.

use crate::tiles::grid::MAX_LATITUDE;
use crate::tiles::TileId;
use std::f64::consts::PI;

/// Earth's equatorial circumference in Web Mercator metres.
const EQUATOR_M: f64 = 40_075_016.686;
/// The smallest span a view may have, in world units (about 150 m at the
/// equator): a point or a tiny zone still gets some surroundings.
const MIN_SPAN: f64 = 4e-6;

/// A Web Mercator view: world units (0..1 from the antimeridian and from the
/// north) to pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// Pixels per world unit.
    pub k: f64,
    /// World position of the picture's top-left corner.
    pub origin: [f64; 2],
    /// Picture size in pixels.
    pub size: [f64; 2],
}

/// World units of a longitude/latitude.
pub fn to_world(lon: f64, lat: f64) -> [f64; 2] {
    let (x, y) = TileId::WORLD.to_tile(lon, lat, 1.0);
    [x, y]
}

/// Longitude/latitude of world units.
pub fn to_lon_lat(w: [f64; 2]) -> [f64; 2] {
    let lat = (PI * (1.0 - 2.0 * w[1])).sinh().atan().to_degrees();
    [w[0] * 360.0 - 180.0, lat.clamp(-MAX_LATITUDE, MAX_LATITUDE)]
}

impl View {
    /// The view that shows `bbox` (`[west, south, east, north]` in degrees)
    /// as large as it fits, centred, in `frame` (`[left, top, width, height]`
    /// in pixels) of a picture of `size` pixels. The rest of the picture shows
    /// the surroundings.
    pub fn fit(bbox: [f64; 4], frame: [f64; 4], size: [f64; 2]) -> View {
        let [x0, y1] = to_world(bbox[0], bbox[1]);
        let [x1, y0] = to_world(bbox[2], bbox[3]);
        let (span_x, span_y) = ((x1 - x0).max(MIN_SPAN), (y1 - y0).max(MIN_SPAN));
        let k = (frame[2] / span_x).min(frame[3] / span_y);
        let centre = [(x0 + x1) / 2.0, (y0 + y1) / 2.0];
        let frame_centre = [frame[0] + frame[2] / 2.0, frame[1] + frame[3] / 2.0];
        View {
            k,
            origin: [
                centre[0] - frame_centre[0] / k,
                centre[1] - frame_centre[1] / k,
            ],
            size,
        }
    }

    /// The view of one tile drawn on `pixels` pixels per side.
    pub fn tile(tile: TileId, pixels: f64) -> View {
        let n = (1u64 << tile.z) as f64;
        View {
            k: n * pixels,
            origin: [tile.x as f64 / n, tile.y as f64 / n],
            size: [pixels, pixels],
        }
    }

    /// Pixel of a longitude/latitude.
    pub fn project(&self, lon: f64, lat: f64) -> [f64; 2] {
        let [x, y] = to_world(lon, lat);
        [(x - self.origin[0]) * self.k, (y - self.origin[1]) * self.k]
    }

    /// Longitude/latitude bounds `[west, south, east, north]` of the picture,
    /// grown by `margin` pixels on every side.
    pub fn bounds(&self, margin: f64) -> [f64; 4] {
        let corner = |px: f64, py: f64| {
            to_lon_lat([self.origin[0] + px / self.k, self.origin[1] + py / self.k])
        };
        let [w, n] = corner(-margin, -margin);
        let [e, s] = corner(self.size[0] + margin, self.size[1] + margin);
        [w.max(-180.0), s, e.min(180.0), n]
    }

    /// Ground metres per pixel at the picture's centre (Mercator stretches
    /// distances by 1/cos(latitude)).
    pub fn metres_per_pixel(&self) -> f64 {
        let centre_y = self.origin[1] + self.size[1] / 2.0 / self.k;
        let lat = to_lon_lat([0.0, centre_y])[1].to_radians();
        EQUATOR_M * lat.cos() / self.k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fitted_box_fills_its_frame_and_keeps_its_centre() {
        let bbox = [1.35, 43.55, 1.50, 43.65];
        let view = View::fit(bbox, [100.0, 50.0, 800.0, 400.0], [1000.0, 500.0]);
        let [x0, y0] = view.project(bbox[0], bbox[3]);
        let [x1, y1] = view.project(bbox[2], bbox[1]);
        assert!(x0 >= 99.9 && x1 <= 900.1 && y0 >= 49.9 && y1 <= 450.1);
        assert!((x1 - x0 - 800.0).abs() < 1e-6 || (y1 - y0 - 400.0).abs() < 1e-6);
        assert!(((x0 + x1) / 2.0 - 500.0).abs() < 1e-6 && ((y0 + y1) / 2.0 - 250.0).abs() < 1e-6);
        let [w, s, e, n] = view.bounds(0.0);
        assert!(w < bbox[0] && s < bbox[1] && e > bbox[2] && n > bbox[3]);
    }

    #[test]
    fn tile_view_matches_tile_arithmetic() {
        let tile = TileId::new(10, 516, 373).unwrap();
        let view = View::tile(tile, 256.0);
        let (x, y) = tile.to_tile(1.4437, 43.6045, 256.0);
        let [px, py] = view.project(1.4437, 43.6045);
        assert!((x - px).abs() < 1e-6 && (y - py).abs() < 1e-6);
    }

    #[test]
    fn scale_at_toulouse() {
        // At zoom 10, a 256-pixel tile spans 39,135.8 m × cos(latitude).
        let view = View::tile(TileId::new(10, 516, 373).unwrap(), 256.0);
        let expected = 39_135.76 * 43.6f64.to_radians().cos() / 256.0;
        assert!((view.metres_per_pixel() - expected).abs() / expected < 0.002);
    }
}
