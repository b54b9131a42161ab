//! The state shared by all requests: the loaded territory, immutable, behind
//! an `Arc` that a reload replaces in one step. A request holds the `Arc` it
//! started with, so it never sees half-loaded data, and a failed reload leaves
//! the old data serving.

use crate::error::InputError;
use crate::legend::{Legend, LegendCache, Method};
use crate::manifest::Manifest;
use crate::progress::Progress;
use crate::territory::Territory;
use crate::tiles::cache::TileCache;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Memory the tile cache may use, in bytes.
pub const TILE_CACHE_BYTES: usize = 512 * 1024 * 1024;

/// How long a request body may take to arrive, by default.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Bearer token required by `POST /admin/reload`; reloads are refused without one.
    pub admin_token: Option<String>,
    /// Keep encoded tiles in memory (on by default in `zonage serve`).
    pub tile_cache: bool,
    /// Memory the tile cache may use, in bytes ([`TILE_CACHE_BYTES`] by default).
    pub tile_cache_bytes: usize,
    /// How long an upload's body may take to arrive before a 408.
    pub body_timeout: Duration,
    /// The address clients reach the service at (e.g. `https://cartes.example.fr/zonage`),
    /// for the URLs written in TileJSON; `None`: URLs relative to the server's root.
    /// Never taken from request headers, which a client or a cache could forge.
    pub public_url: Option<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            admin_token: None,
            tile_cache: false,
            tile_cache_bytes: TILE_CACHE_BYTES,
            body_timeout: BODY_TIMEOUT,
            public_url: None,
        }
    }
}

/// A territory as served, with the version that tags its responses.
pub struct Loaded {
    /// The territory.
    pub territory: Territory,
    /// Data version, derived from the data (see
    /// [`crate::territory::fingerprint`]): the same in every replica serving
    /// the same manifest and data, unchanged by a reload of unchanged data.
    pub version: String,
    /// Encoded tiles of this version.
    pub tiles: TileCache,
    /// Legends of this version, computed once each.
    pub legends: LegendCache,
    /// Place names placed over the whole territory, by layers and zoom.
    pub labels: LabelCache,
    /// Dossiers (PDF) of this version, by layer, zone and indicator.
    pub dossiers: DossierCache,
    /// Content security policies (they admit the manifest's basemap).
    pub policies: super::headers::Policies,
}

/// Names placed over the whole territory for a list of layers at a zoom:
/// computed once (placing the communes of a region takes a few
/// milliseconds) and kept, at most `LABEL_PLACEMENTS` of them.
pub type LabelCache = moka::sync::Cache<(Vec<usize>, u8), Arc<Vec<crate::labels::Placed>>>;

/// Most placements kept (layer lists × zooms).
const LABEL_PLACEMENTS: u64 = 256;

/// Dossiers already built, as PDF bytes, by `(layer, zone, indicator)`
/// positions: a dossier takes tens of milliseconds to build and is
/// presented, so downloaded again, by several people. Weighed by size, at
/// most `DOSSIER_CACHE_BYTES`.
pub type DossierCache = moka::sync::Cache<(usize, usize, usize), bytes::Bytes>;

/// Memory the dossier cache may use (a dossier weighs about 0.3 MB).
const DOSSIER_CACHE_BYTES: u64 = 64 << 20;

/// An empty dossier cache.
fn dossier_cache() -> DossierCache {
    moka::sync::Cache::builder()
        .weigher(|_, pdf: &bytes::Bytes| u32::try_from(pdf.len()).unwrap_or(u32::MAX))
        .max_capacity(DOSSIER_CACHE_BYTES)
        .build()
}

impl Loaded {
    /// The legend of indicator `indicator` over zone layer `layer`.
    pub fn legend(&self, layer: usize, indicator: &str, method: Method, k: usize) -> Arc<Legend> {
        let values = &self.territory.indicators[layer][indicator];
        self.legends.get((layer, indicator), values, method, k)
    }
}

/// Where the data come from, and what is being served.
pub struct AppState {
    current: RwLock<Arc<Loaded>>,
    manifest: PathBuf,
    data_dir: PathBuf,
    /// Held while a reload runs: reloads run one at a time.
    reloading: Mutex<()>,
    /// How the server runs.
    pub options: Options,
    /// Counters for `GET /metrics`.
    pub metrics: super::metrics::Metrics,
    /// Permits for batches in progress (two per core): bounds their memory.
    pub batches: Arc<Semaphore>,
}

impl AppState {
    /// Loads the manifest once; fails as loading does.
    pub fn load(
        manifest: PathBuf,
        data_dir: PathBuf,
        options: Options,
        progress: &Progress,
    ) -> Result<AppState, InputError> {
        let loaded = load(&manifest, &data_dir, &options, progress)?;
        Ok(AppState {
            current: RwLock::new(Arc::new(loaded)),
            manifest,
            data_dir,
            reloading: Mutex::new(()),
            options,
            metrics: Default::default(),
            batches: Arc::new(Semaphore::new(2 * rayon::current_num_threads())),
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
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        let loaded = load(
            &self.manifest,
            &self.data_dir,
            &self.options,
            &Progress::hidden(),
        )?;
        let version = loaded.version.clone();
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(loaded);
        Ok(version)
    }
}

fn load(
    manifest: &Path,
    data_dir: &Path,
    options: &Options,
    progress: &Progress,
) -> Result<Loaded, InputError> {
    let m = Manifest::load(manifest)?;
    let territory = Territory::load(m, data_dir, progress)?;
    let step = progress.step("deriving the data version");
    let version = crate::territory::fingerprint::data_version(&territory);
    step.done(&version);
    let tiles = TileCache::new(options.tile_cache, options.tile_cache_bytes);
    let basemap = territory.manifest.territory.basemap.clone();
    Ok(Loaded {
        territory,
        version,
        tiles,
        legends: LegendCache::default(),
        labels: moka::sync::Cache::new(LABEL_PLACEMENTS),
        dossiers: dossier_cache(),
        policies: super::headers::Policies::for_basemap(basemap.as_deref()),
    })
}
