//! Tile arithmetic: which part of the world a tile covers, and where a
//! longitude/latitude falls in it. Pure functions, no allocation.

use std::f64::consts::PI;

/// The deepest zoom served.
pub const MAX_ZOOM: u8 = 22;
/// Web Mercator's latitude limit.
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

/// A tile of the Web Mercator grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileId {
    /// Zoom level.
    pub z: u8,
    /// Column, from the antimeridian eastwards.
    pub x: u32,
    /// Row, from the north.
    pub y: u32,
}

impl TileId {
    /// The single tile of zoom 0: the whole world.
    pub const WORLD: TileId = TileId { z: 0, x: 0, y: 0 };

    /// A tile, or why it does not exist.
    pub fn new(z: u32, x: u32, y: u32) -> Result<TileId, String> {
        if z > MAX_ZOOM as u32 {
            return Err(format!("zoom {z} au-delà de {MAX_ZOOM}"));
        }
        let n = 1u64 << z;
        if x as u64 >= n || y as u64 >= n {
            return Err(format!("x et y vont de 0 à {} au zoom {z}", n - 1));
        }
        Ok(TileId { z: z as u8, x, y })
    }

    /// Tiles per side at this zoom.
    fn n(&self) -> f64 {
        (1u64 << self.z) as f64
    }

    /// Longitude/latitude bounds `[west, south, east, north]`, grown by
    /// `margin` (a fraction of the tile's side) on every side.
    pub fn bounds(&self, margin: f64) -> [f64; 4] {
        let n = self.n();
        let lon = |x: f64| x / n * 360.0 - 180.0;
        let lat = |y: f64| (PI * (1.0 - 2.0 * y / n)).sinh().atan().to_degrees();
        let (x, y) = (self.x as f64, self.y as f64);
        [
            lon(x - margin),
            lat(y + 1.0 + margin).max(-MAX_LATITUDE),
            lon(x + 1.0 + margin),
            lat(y - margin).min(MAX_LATITUDE),
        ]
    }

    /// Where a position falls in the tile, in units of `extent` per side
    /// (x to the east, y to the south; outside the tile beyond 0..extent).
    pub fn to_tile(&self, lon: f64, lat: f64, extent: f64) -> (f64, f64) {
        let n = self.n();
        let lat = lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
        let wx = (lon + 180.0) / 360.0 * n;
        let wy = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0 * n;
        ((wx - self.x as f64) * extent, (wy - self.y as f64) * extent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn world_tile_and_corners() {
        let t = TileId::new(0, 0, 0).unwrap();
        let [w, s, e, n] = t.bounds(0.0);
        assert!((w + 180.0).abs() < 1e-9 && (e - 180.0).abs() < 1e-9);
        assert!((n - MAX_LATITUDE).abs() < 1e-9 && (s + MAX_LATITUDE).abs() < 1e-9);
        let (x, y) = t.to_tile(0.0, 0.0, 4096.0);
        assert!((x - 2048.0).abs() < 1e-6 && (y - 2048.0).abs() < 1e-6);
    }

    #[test]
    fn toulouse_at_zoom_10() {
        // Toulouse's Capitole (1.4437, 43.6045) is in tile 10/516/373.
        let t = TileId::new(10, 516, 373).unwrap();
        let (x, y) = t.to_tile(1.4437, 43.6045, 1.0);
        assert!(
            (0.0..1.0).contains(&x) && (0.0..1.0).contains(&y),
            "{x} {y}"
        );
        let [w, s, e, n] = t.bounds(0.0);
        assert!(w < 1.4437 && 1.4437 < e && s < 43.6045 && 43.6045 < n);
    }

    #[test]
    fn out_of_range_tiles_are_refused() {
        assert!(TileId::new(23, 0, 0).is_err());
        assert!(TileId::new(3, 8, 0).is_err());
        assert!(TileId::new(3, 7, 7).is_ok());
    }
}
