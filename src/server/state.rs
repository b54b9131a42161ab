//! The state shared by all requests: the loaded territory, immutable, behind
//! an `Arc` that a reload replaces in one step. A request holds the `Arc` it
//! started with, so it never sees half-loaded data, and a failed reload leaves
//! the old data serving.

use crate::error::InputError;
use crate::manifest::Manifest;
use crate::progress::Progress;
use crate::territory::Territory;
use crate::tiles::cache::TileCache;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// Memory the tile cache may use, in bytes.
pub const TILE_CACHE_BYTES: usize = 512 * 1024 * 1024;

/// How the server runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Bearer token required by `POST /admin/reload`; reloads are refused without one.
    pub admin_token: Option<String>,
    /// Keep encoded tiles in memory (on by default in `zonage serve`).
    pub tile_cache: bool,
}

/// A territory as served, with the version that tags its responses.
pub struct Loaded {
    /// The territory.
    pub territory: Territory,
    /// Data version: load time and reload count, e.g. `1764291600-0`.
    pub version: String,
    /// Encoded tiles of this version.
    pub tiles: TileCache,
}

/// Where the data come from, and what is being served.
pub struct AppState {
    current: RwLock<Arc<Loaded>>,
    manifest: PathBuf,
    data_dir: PathBuf,
    reloads: Mutex<u64>,
    /// How the server runs.
    pub options: Options,
    /// Counters for `GET /metrics`.
    pub metrics: super::metrics::Metrics,
}

impl AppState {
    /// Loads the manifest once; fails as loading does.
    pub fn load(
        manifest: PathBuf,
        data_dir: PathBuf,
        options: Options,
        progress: &Progress,
    ) -> Result<AppState, InputError> {
        let loaded = load(&manifest, &data_dir, 0, options.tile_cache, progress)?;
        Ok(AppState {
            current: RwLock::new(Arc::new(loaded)),
            manifest,
            data_dir,
            reloads: Mutex::new(0),
            options,
            metrics: Default::default(),
        })
    }

    /// The territory being served now.
    pub fn current(&self) -> Arc<Loaded> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Loads the manifest again and swaps it in; on error the old data stay.
    /// Reloads run one at a time.
    pub fn reload(&self) -> Result<String, InputError> {
        let mut count = self.reloads.lock().unwrap_or_else(|e| e.into_inner());
        let loaded = load(
            &self.manifest,
            &self.data_dir,
            *count + 1,
            self.options.tile_cache,
            &Progress::hidden(),
        )?;
        *count += 1;
        let version = loaded.version.clone();
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(loaded);
        Ok(version)
    }
}

fn load(
    manifest: &Path,
    data_dir: &Path,
    count: u64,
    tile_cache: bool,
    progress: &Progress,
) -> Result<Loaded, InputError> {
    let m = Manifest::load(manifest)?;
    let territory = Territory::load(m, data_dir, progress)?;
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let tiles = TileCache::new(tile_cache, TILE_CACHE_BYTES);
    Ok(Loaded {
        territory,
        version: format!("{seconds}-{count}"),
        tiles,
    })
}
