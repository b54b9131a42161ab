//! Reading one CSV point layer alone (blocks, splitting, numbers, Lambert-93
//! to WGS84, kept columns), then putting it in Z-order, on the job-seekers
//! of a generated national territory (5 million rows, 255 MB) or of the
//! manifest in `ZONAGE_MANIFEST` (layer `ZONAGE_LAYER`, `demandeurs` by
//! default). Prints the median of 5 runs of each step, with the spread.
//!
//! Run: `cargo bench --bench csv_points`.

use std::path::{Path, PathBuf};
use std::time::Instant;
use zonage::manifest::Manifest;
use zonage::progress::Progress;

fn main() {
    let (manifest, generated) = match std::env::var_os("ZONAGE_MANIFEST") {
        Some(path) => (PathBuf::from(path), None),
        None => {
            let dir = std::env::temp_dir().join(format!("zonage-csv-{}", std::process::id()));
            let params = zonage::synth::SynthParams {
                communes: 35_000,
                seekers: 5_000_000,
                seed: 7,
            };
            let path = zonage::synth::write_territory(&params, &dir, &Progress::hidden())
                .expect("generated territory");
            (path, Some(dir))
        }
    };
    let m = Manifest::load(&manifest).expect("manifest");
    let id = std::env::var("ZONAGE_LAYER").unwrap_or_else(|_| "demandeurs".into());
    let spec = m.points.iter().find(|p| p.id == id).expect("point layer");
    let dir = manifest.parent().unwrap_or(Path::new("."));
    let path = dir.join(&spec.file);
    // The columns the generated territory's indicators filter on.
    let keep: Vec<String> = ["categorie", "tranche_age", "autonomie_numerique"]
        .map(String::from)
        .into();
    let (mut read, mut sort) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let start = Instant::now();
        let mut layer = zonage::input::csv_points::read(&path, spec, &keep).expect("readable");
        read.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        layer.sort_spatially();
        sort.push(start.elapsed().as_secs_f64());
    }
    println!(
        "{}: read {}, Z-order {}",
        path.display(),
        spread(read),
        spread(sort)
    );
    if let Some(dir) = generated {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// `median s (min–max)`.
fn spread(mut times: Vec<f64>) -> String {
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    format!(
        "{median:.3} s ({:.3}–{:.3})",
        times[0],
        times[times.len() - 1]
    )
}
