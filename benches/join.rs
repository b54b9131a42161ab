//! The spatial join alone, on the real Occitanie files: job-seekers × communes
//! and job-seekers × QPVs. Loading is not timed; index build + join is.
//! Prints one JSON line per case (median of 5 runs) for bench/sjoin_vs_geopandas.py.
//!
//! Run: `cargo bench --bench join` (data from ZONAGE_DATA or ../shared/geodata).

use std::path::PathBuf;
use std::time::Instant;
use zonage::join::{join, ZoneIndex};
use zonage::manifest::Manifest;
use zonage::progress::Progress;
use zonage::territory::Territory;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = std::env::var_os("ZONAGE_DATA")
        .map_or_else(|| root.join("../shared/geodata"), PathBuf::from);
    let manifest = Manifest::load(&root.join("geodata/occitanie.toml")).expect("manifest");
    let t = Territory::load(manifest, &data, &Progress::hidden()).expect("Occitanie loads");
    let seekers = &t.points[0].coords;
    for layer in &t.zones {
        let mut times = Vec::new();
        let mut pairs = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let index = ZoneIndex::new(layer);
            let m = join(layer, &index, seekers);
            times.push(start.elapsed().as_secs_f64());
            pairs = m.points.len();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{{\"tool\":\"zonage\",\"zones\":\"{}\",\"points\":{},\"pairs\":{},\"seconds\":{:.4},\"threads\":{}}}",
            layer.id,
            seekers.len(),
            pairs,
            times[2],
            rayon::current_num_threads()
        );
    }
}
