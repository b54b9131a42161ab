//! Encoded tiles kept in memory, so that a tile is computed once per data
//! version. The cache lives with the loaded territory: a reload starts a new
//! one, so no stale tile is ever served.
//!
//! Bounded by bytes ([`TileCache::new`]): past the budget new tiles are still
//! computed and served, just not kept.

use super::TileId;
use crate::legend::Method;
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::RwLock;

/// What a cached tile is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TileKey {
    /// A vector tile of a source (zone layers first, then point layers).
    Vector {
        /// Source index.
        source: usize,
        /// The tile.
        tile: TileId,
    },
    /// A PNG tile of a zone layer coloured by an indicator.
    Raster {
        /// Zone layer index.
        layer: usize,
        /// Indicator index in the manifest.
        indicator: usize,
        /// How classes are chosen.
        method: Method,
        /// Number of classes.
        classes: u8,
        /// Pixel density (1 or 2).
        scale: u8,
        /// The tile.
        tile: TileId,
    },
    /// A PNG tile of a zone layer's outlines only (context under another layer).
    Outlines {
        /// Zone layer index.
        layer: usize,
        /// Pixel density (1 or 2).
        scale: u8,
        /// The tile.
        tile: TileId,
    },
}

/// Encoded tiles (`None` for an empty tile) by [`TileKey`], as shared
/// buffers: serving a kept tile copies nothing.
pub struct TileCache {
    enabled: bool,
    budget: usize,
    state: RwLock<Kept>,
}

/// The tiles kept, and their size in bytes.
#[derive(Default)]
struct Kept {
    tiles: HashMap<TileKey, Option<Bytes>>,
    bytes: usize,
}

/// What a cache look-up found, for metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// Served from memory.
    Hit,
    /// Computed now.
    Miss,
}

impl TileCache {
    /// A cache keeping up to `budget` bytes of tiles; `enabled = false` keeps none.
    pub fn new(enabled: bool, budget: usize) -> TileCache {
        TileCache {
            enabled,
            budget,
            state: RwLock::new(Kept::default()),
        }
    }

    /// The tile from memory, or computed by `make` (and kept if there is room).
    pub fn get_or_insert<E>(
        &self,
        key: TileKey,
        make: impl FnOnce() -> Result<Option<Vec<u8>>, E>,
    ) -> Result<(Option<Bytes>, Lookup), E> {
        if self.enabled {
            let state = self.state.read().unwrap_or_else(|e| e.into_inner());
            if let Some(tile) = state.tiles.get(&key) {
                return Ok((tile.clone(), Lookup::Hit));
            }
        }
        // Bytes are shared, not copied: a hit hands out the kept buffer itself.
        let tile = make()?.map(Bytes::from);
        if self.enabled {
            let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
            let size = tile.as_ref().map_or(0, Bytes::len) + 64;
            if state.bytes + size <= self.budget {
                state.bytes += size;
                state.tiles.insert(key, tile.clone());
            }
        }
        Ok((tile, Lookup::Miss))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_within_budget_and_can_be_off() {
        let key = |x| TileKey::Vector {
            source: 0,
            tile: TileId::new(3, x, 0).unwrap(),
        };
        let cache = TileCache::new(true, 200);
        let make = || Ok::<_, ()>(Some(vec![1u8; 100]));
        assert_eq!(cache.get_or_insert(key(0), make).unwrap().1, Lookup::Miss);
        assert_eq!(cache.get_or_insert(key(0), make).unwrap().1, Lookup::Hit);
        assert_eq!(cache.get_or_insert(key(1), make).unwrap().1, Lookup::Miss);
        assert_eq!(
            cache.get_or_insert(key(1), make).unwrap().1,
            Lookup::Miss,
            "over budget: not kept"
        );
        let off = TileCache::new(false, 1 << 20);
        off.get_or_insert(key(0), make).unwrap();
        assert_eq!(off.get_or_insert(key(0), make).unwrap().1, Lookup::Miss);
    }
}
