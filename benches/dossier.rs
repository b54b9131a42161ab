//! Building a diagnostic dossier, load not timed: the Carvin agency
//! territory (its 20 communes, 3 QPVs, 56 help places around) and the
//! largest QPV of Hauts-de-France, as PDF, PNG and SVG slides. Prints one
//! JSON line per case with the fastest, median and slowest of 15 runs and
//! the size written.
//!
//! Run: `cargo bench --bench dossier` (data from ZONAGE_DATA or ../shared/geodata).

use std::path::PathBuf;
use std::time::Instant;
use zonage::dossier::{Dossier, Format};
use zonage::manifest::Manifest;
use zonage::progress::Progress;
use zonage::territory::Territory;

const RUNS: usize = 15;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = std::env::var_os("ZONAGE_DATA")
        .map_or_else(|| root.join("../shared/geodata"), PathBuf::from);
    let manifest = Manifest::load(&root.join("geodata/hauts-de-france.toml")).expect("manifest");
    let t = Territory::load(manifest, &data, &Progress::hidden()).expect("Hauts-de-France loads");
    let (agences, layer) = t.zone_layer("agences").expect("agency layer");
    let carvin = layer.index_of("62590").expect("the Carvin agency");
    let (qpv, qpvs) = t.zone_layer("qpv").expect("QPV layer");
    let largest = (0..qpvs.len())
        .max_by_key(|&i| {
            qpvs.shapes[i]
                .0
                .iter()
                .map(|p| p.exterior().0.len())
                .sum::<usize>()
        })
        .expect("a QPV");
    for (case, z, i) in [("agence", agences, carvin), ("qpv", qpv, largest)] {
        for format in [Format::Pdf, Format::Png, Format::Svg] {
            measure(&t, case, z, i, format);
        }
    }
}

/// Times `RUNS` builds of one dossier, from the zone to the bytes.
fn measure(t: &Territory, case: &str, z: usize, i: usize, format: Format) {
    let indicator = zonage::dossier::default_indicator(&t.manifest).expect("an indicator");
    let mut times = Vec::with_capacity(RUNS);
    let mut bytes = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let files = Dossier::new(t, z, i, indicator)
            .pictures(format)
            .expect("built");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        bytes = files.iter().map(|(_, b)| b.len()).sum::<usize>();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{{\"case\":\"{case}\",\"zone\":\"{}\",\"format\":\"{format:?}\",\"ms_min\":{:.1},\"ms_median\":{:.1},\"ms_max\":{:.1},\"bytes\":{bytes}}}",
        t.zones[z].names[i],
        times[0],
        times[RUNS / 2],
        times[RUNS - 1]
    );
}
