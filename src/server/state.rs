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
use std::time::{Duration, SystemTime, UNIX_EPOCH};
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
    /// Data version: load time and reload count, e.g. `1764291600-0`.
    pub version: String,
    /// Encoded tiles of this version.
    pub tiles: TileCache,
    /// The day the data were loaded, `YYYY-MM-DD` (UTC).
    pub loaded_on: String,
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
    reloads: Mutex<u64>,
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
        let loaded = load(&manifest, &data_dir, 0, &options, progress)?;
        Ok(AppState {
            current: RwLock::new(Arc::new(loaded)),
            manifest,
            data_dir,
            reloads: Mutex::new(0),
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
        let mut count = self.reloads.lock().unwrap_or_else(|e| e.into_inner());
        let loaded = load(
            &self.manifest,
            &self.data_dir,
            *count + 1,
            &self.options,
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
    options: &Options,
    progress: &Progress,
) -> Result<Loaded, InputError> {
    let m = Manifest::load(manifest)?;
    let territory = Territory::load(m, data_dir, progress)?;
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let tiles = TileCache::new(options.tile_cache, options.tile_cache_bytes);
    let basemap = territory.manifest.territory.basemap.clone();
    Ok(Loaded {
        territory,
        version: format!("{seconds}-{count}"),
        tiles,
        loaded_on: iso_date(seconds),
        legends: LegendCache::default(),
        labels: moka::sync::Cache::new(LABEL_PLACEMENTS),
        dossiers: dossier_cache(),
        policies: super::headers::Policies::for_basemap(basemap.as_deref()),
    })
}

/// `YYYY-MM-DD` of a Unix time (proleptic Gregorian calendar, UTC).
fn iso_date(seconds: u64) -> String {
    // Howard Hinnant's days-to-civil algorithm, on eras of 400 years.
    let days = (seconds / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_of_unix_times() {
        assert_eq!(super::iso_date(0), "1970-01-01");
        assert_eq!(super::iso_date(951_782_400), "2000-02-29");
        assert_eq!(super::iso_date(1_795_834_800), "2026-11-28");
    }
}
