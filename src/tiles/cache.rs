//! Encoded tiles kept in memory, so that a tile is computed once per data
//! version. The cache lives with the loaded territory: a reload starts a new
//! one, so no stale tile is ever served.
//!
//! Bounded by bytes ([`TileCache::new`]): past the budget the least used
//! tiles make room for new ones.
//!
//! Vector tiles are kept twice, as encoded and gzip-compressed once at the
//! miss: browsers, MapLibre and QGIS all ask for gzip, and compressing a
//! kept tile again on every answer cost more than serving it (3,900–5,900
//! tiles/s warm with gzip against 21,000–41,000 without, issue 12).

use super::TileId;
use crate::legend::Method;
use bytes::Bytes;
use moka::policy::EvictionPolicy;
use moka::sync::Cache;
use std::sync::Arc;

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
        /// Heavy lines (`style=boundaries`: départements over communes).
        heavy: bool,
        /// Pixel density (1 or 2).
        scale: u8,
        /// The tile.
        tile: TileId,
    },
}

/// One kept tile: its bytes, and for a vector tile the same gzip-compressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedTile {
    /// The tile as encoded (MVT or PNG).
    pub raw: Bytes,
    /// The MVT tile gzip-compressed; `None` for PNG, already compressed.
    pub gzip: Option<Bytes>,
}

impl EncodedTile {
    /// `raw` with, for a vector tile, its gzip form (compressed now).
    fn new(key: &TileKey, raw: Vec<u8>) -> EncodedTile {
        let gzip = matches!(key, TileKey::Vector { .. }).then(|| Bytes::from(gzip(&raw)));
        EncodedTile {
            raw: Bytes::from(raw),
            gzip,
        }
    }
}

/// `bytes` gzip-compressed at the default level (what a server's own
/// compression does: level 9 made tiles 1–2 % smaller for twice the time).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 2 + 64),
        flate2::Compression::default(),
    );
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .expect("compressing into memory cannot fail")
}

/// Encoded tiles (`None` for an empty tile) by [`TileKey`], as shared
/// buffers: serving a kept tile copies nothing.
///
/// On `moka`: weighed by bytes, the least recently used tiles are evicted once
/// the budget is full, so a crawl of thousands of distinct tiles does not
/// leave the cache useless; and concurrent misses of one tile compute it
/// once, the others waiting for that result. Plain LRU rather than moka's
/// default TinyLFU admission: tiles vary from 100 bytes to 100 KB, and
/// TinyLFU, weighing a large hot tile against the many small tiles it would
/// evict, kept refusing the benchmark list's tiles after a crawl (10,000
/// req/s instead of 40,000 with an 8 MiB cache; measured in bench/hardening.sh).
pub struct TileCache {
    tiles: Option<Cache<TileKey, Option<EncodedTile>>>,
}

/// What a cache look-up found, for metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// Served from memory.
    Hit,
    /// Computed now.
    Miss,
}

/// What a kept tile costs: its bytes and the key's bookkeeping.
fn weight(_: &TileKey, tile: &Option<EncodedTile>) -> u32 {
    let bytes = tile
        .as_ref()
        .map_or(0, |t| t.raw.len() + t.gzip.as_ref().map_or(0, Bytes::len))
        + 64;
    u32::try_from(bytes).unwrap_or(u32::MAX)
}

impl TileCache {
    /// A cache keeping up to `budget` bytes of tiles; `enabled = false` keeps none.
    pub fn new(enabled: bool, budget: usize) -> TileCache {
        TileCache {
            tiles: enabled.then(|| {
                Cache::builder()
                    .max_capacity(budget as u64)
                    .weigher(weight)
                    .eviction_policy(EvictionPolicy::lru())
                    .build()
            }),
        }
    }

    /// The tile if it is in memory: cheap enough for an async thread.
    pub fn get(&self, key: &TileKey) -> Option<Option<EncodedTile>> {
        self.tiles.as_ref()?.get(key)
    }

    /// The tile from memory, or computed by `make` (and kept). Blocks while
    /// another thread computes the same tile: call it off the async threads.
    pub fn get_or_insert<E: Send + Sync + 'static>(
        &self,
        key: TileKey,
        make: impl FnOnce() -> Result<Option<Vec<u8>>, E>,
    ) -> Result<(Option<EncodedTile>, Lookup), Arc<E>> {
        let mut lookup = Lookup::Hit;
        let compute = || {
            lookup = Lookup::Miss;
            // Bytes are shared, not copied: a hit hands out the kept buffer itself.
            make().map(|tile| tile.map(|raw| EncodedTile::new(&key, raw)))
        };
        let tile = match &self.tiles {
            Some(cache) => cache.try_get_with(key, compute)?,
            None => compute().map_err(Arc::new)?,
        };
        Ok((tile, lookup))
    }

    /// Waits for pending evictions.
    #[cfg(test)]
    fn settle(&self) {
        if let Some(cache) = &self.tiles {
            cache.run_pending_tasks();
        }
    }

    /// Bytes kept (weighed as the budget is), after pending work.
    #[cfg(test)]
    fn weighted_size(&self) -> u64 {
        self.tiles.as_ref().map_or(0, Cache::weighted_size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(x: u32) -> TileKey {
        TileKey::Vector {
            source: 0,
            tile: TileId::new(14, x, 0).unwrap(),
        }
    }

    #[test]
    fn keeps_and_can_be_off() {
        let cache = TileCache::new(true, 1 << 20);
        let make = || Ok::<_, ()>(Some(vec![1u8; 100]));
        assert_eq!(cache.get_or_insert(key(0), make).unwrap().1, Lookup::Miss);
        assert_eq!(cache.get_or_insert(key(0), make).unwrap().1, Lookup::Hit);
        assert!(cache.get(&key(0)).is_some());
        let off = TileCache::new(false, 1 << 20);
        off.get_or_insert(key(0), make).unwrap();
        assert_eq!(off.get_or_insert(key(0), make).unwrap().1, Lookup::Miss);
    }

    /// Regression (issue 9): once full, the old cache kept nothing new, so a
    /// new working set was computed anew on every request.
    #[test]
    fn evicts_to_make_room_for_a_new_working_set() {
        let cache = TileCache::new(true, 100 * 1164);
        let make = || Ok::<_, ()>(Some(vec![1u8; 1100]));
        for x in 0..2_000 {
            cache.get_or_insert(key(x), make).unwrap();
        }
        let mut hits = 0;
        for round in 0..10 {
            for x in 5_000..5_050 {
                let (_, found) = cache.get_or_insert(key(x), make).unwrap();
                hits += usize::from(round == 9 && found == Lookup::Hit);
            }
            cache.settle();
        }
        assert!(cache.weighted_size() <= 100 * 1164);
        assert!(hits >= 45, "{hits} hits of 50 on the last round");
    }

    #[test]
    fn concurrent_misses_compute_a_tile_once() {
        let cache = TileCache::new(true, 1 << 20);
        let made = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    cache
                        .get_or_insert(key(7), || {
                            made.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(50));
                            Ok::<_, ()>(Some(vec![0u8; 10]))
                        })
                        .unwrap();
                });
            }
        });
        assert_eq!(made.into_inner(), 1);
    }
}
