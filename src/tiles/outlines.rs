//! Zone outlines generalised once per zoom level and kept for every tile of
//! that level.
//!
//! A vector tile used to project its zones' whole outlines to its own units
//! and simplify them, again for each tile a zone touches: a commune at zoom
//! 13 spans a dozen tiles, the region thousands. Here a zone is projected to
//! Web Mercator *world* tile units of the zoom (4,096 per tile side, counted
//! from the world's north-west corner) and simplified once; a tile then only
//! moves it to its own corner and clips it. Translating does not change what
//! Ramer–Douglas–Peucker keeps, so the tiles are those of before
//! (`tests/tiles_unchanged.rs` compares 682 real tiles).
//!
//! The outlines are kept in an LRU cache weighed by their coordinates, so
//! memory stays bounded whatever zooms clients ask for.

use super::grid::TileId;
use super::vector::{EXTENT, MIN_AREA_UNITS, SIMPLIFY_UNITS};
use crate::geometry::screen::to_screen;
use geo::{CoordsIter, MultiPolygon};
use moka::{policy::EvictionPolicy, sync::Cache};
use std::sync::Arc;

/// Bytes of generalised outlines kept. The Occitanie communes (286,024
/// positions) take at most 4.6 MB per zoom level, less where simplification
/// drops positions: every zoom up to 13 fits in a third of it.
pub const BUDGET_BYTES: u64 = 192 * 1024 * 1024;

/// A zone outline in world tile units of one zoom; `None` when nothing of it
/// is visible at that zoom.
pub type Outline = Arc<Option<MultiPolygon<f64>>>;

/// Which outline: zone layer, zone, zoom.
type Key = (u16, u32, u8);

/// Generalised outlines of a territory's zones, made on demand.
pub struct Outlines {
    kept: Cache<Key, Outline>,
}

impl Default for Outlines {
    fn default() -> Self {
        Outlines::new(BUDGET_BYTES)
    }
}

/// What an outline costs: 16 bytes per position and the bookkeeping.
fn weight(_: &Key, outline: &Outline) -> u32 {
    let positions = outline.as_ref().as_ref().map_or(0, |s| s.coords_count());
    u32::try_from(16 * positions + 96).unwrap_or(u32::MAX)
}

impl Outlines {
    /// An empty store keeping up to `budget` bytes of outlines.
    pub fn new(budget: u64) -> Outlines {
        Outlines {
            kept: Cache::builder()
                .max_capacity(budget)
                .weigher(weight)
                .eviction_policy(EvictionPolicy::lru())
                .build(),
        }
    }

    /// Zone `zone` of layer `layer` (whose outline is `shape`, in degrees) at
    /// zoom `z`, projected to world tile units ([`EXTENT`] per tile side) and
    /// simplified as vector tiles are ([`to_screen`] with [`SIMPLIFY_UNITS`]
    /// and [`MIN_AREA_UNITS`]). The first call for a zone and zoom costs one
    /// pass over its positions; the next ones a look-up.
    pub fn at_zoom(
        &self,
        (layer, zone): (usize, usize),
        shape: &MultiPolygon<f64>,
        z: u8,
    ) -> Outline {
        let key = (layer as u16, zone as u32, z);
        self.kept.get_with(key, || {
            let world = TileId { z, x: 0, y: 0 };
            let project = |lon, lat| world.to_tile(lon, lat, EXTENT as f64);
            Arc::new(to_screen(shape, project, SIMPLIFY_UNITS, MIN_AREA_UNITS))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn made_once_per_zone_and_zoom_and_bounded() {
        let square = polygon![(x: 1.0, y: 43.0), (x: 1.01, y: 43.0), (x: 1.01, y: 43.01), (x: 1.0, y: 43.01)];
        let shape = MultiPolygon::new(vec![square]);
        let outlines = Outlines::new(1024);
        let at_12 = outlines.at_zoom((0, 0), &shape, 12);
        assert!(Arc::ptr_eq(&at_12, &outlines.at_zoom((0, 0), &shape, 12)));
        let at_13 = outlines.at_zoom((0, 0), &shape, 13);
        let width = |o: &Outline| {
            use geo::BoundingRect;
            o.as_ref()
                .as_ref()
                .unwrap()
                .bounding_rect()
                .unwrap()
                .width()
        };
        assert!((width(&at_13) / width(&at_12) - 2.0).abs() < 1e-9);
        assert!(
            outlines.at_zoom((0, 0), &shape, 0).is_none(),
            "a speck at zoom 0"
        );
        for z in 0..22 {
            outlines.at_zoom((0, 1), &shape, z);
        }
        outlines.kept.run_pending_tasks();
        assert!(outlines.kept.weighted_size() <= 1024);
    }
}
