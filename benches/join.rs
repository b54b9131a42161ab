//! The spatial join alone: the grid join zonage uses against an R-tree join
//! (bounding boxes in `rstar`, then the same exact test, banded zones
//! included), on the real Occitanie files (job-seekers × communes and × QPVs)
//! and on a generated national territory (35,000 communes, 5 million points).
//! Loading is not timed; index build + join is. Prints one JSON line per case
//! (median of 5 runs); bench/sjoin_vs_geopandas.py reads the `zonage` lines.
//!
//! Run: `cargo bench --bench join` (data from ZONAGE_DATA or ../shared/geodata;
//! `ZONAGE_NATIONAL=0` skips the national case).

use geo::{BoundingRect, Coord};
use rayon::prelude::*;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};
use std::path::PathBuf;
use std::time::Instant;
use zonage::geometry::banded::BandedZone;
use zonage::geometry::locate;
use zonage::join::{join, ZoneIndex};
use zonage::manifest::Manifest;
use zonage::progress::Progress;
use zonage::territory::Territory;
use zonage::zones::ZoneLayer;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = std::env::var_os("ZONAGE_DATA")
        .map_or_else(|| root.join("../shared/geodata"), PathBuf::from);
    let manifest = Manifest::load(&root.join("geodata/occitanie.toml")).expect("manifest");
    let t = Territory::load(manifest, &data, &Progress::hidden()).expect("Occitanie loads");
    compare(&t, "occitanie");
    if std::env::var("ZONAGE_NATIONAL").as_deref() != Ok("0") {
        let dir = tempfile_dir();
        let params = zonage::synth::SynthParams {
            communes: 35_000,
            seekers: 5_000_000,
            seed: 7,
        };
        let manifest =
            zonage::synth::write_territory(&params, &dir, &Progress::hidden()).expect("generated");
        let t = Territory::load(
            Manifest::load(&manifest).unwrap(),
            &dir,
            &Progress::hidden(),
        )
        .expect("national loads");
        compare(&t, "national");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zonage-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Times both joins on every zone layer of `t` against its first point layer.
fn compare(t: &Territory, name: &str) {
    let seekers = &t.points[0].coords;
    for layer in &t.zones {
        let grid = median(|| {
            let index = ZoneIndex::new(layer);
            join(layer, &index, seekers).points.len()
        });
        let rtree = median(|| rtree_join(layer, seekers));
        assert_eq!(
            grid.1, rtree.1,
            "{name} {}: both joins find the same pairs",
            layer.id
        );
        for (method, (seconds, pairs)) in [("grid", grid), ("rtree", rtree)] {
            println!(
                "{{\"tool\":\"zonage\",\"territory\":\"{name}\",\"method\":\"{method}\",\"zones\":\"{}\",\"points\":{},\"pairs\":{pairs},\"seconds\":{seconds:.4},\"threads\":{}}}",
                layer.id,
                seekers.len(),
                rayon::current_num_threads()
            );
        }
    }
}

/// The median time of 5 runs, and what the run returned.
fn median(mut run: impl FnMut() -> usize) -> (f64, usize) {
    let mut times = Vec::new();
    let mut out = 0;
    for _ in 0..5 {
        let start = Instant::now();
        out = run();
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    (times[2], out)
}

/// The join as it was before the grid: an R-tree of bounding boxes gives the
/// candidates, the exact test (banded where the zone is large) decides.
fn rtree_join(layer: &ZoneLayer, coords: &[[f64; 2]]) -> usize {
    let boxes = layer.shapes.iter().enumerate().filter_map(|(i, shape)| {
        let r = shape.bounding_rect()?;
        let rect = Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
        Some(GeomWithData::new(rect, i))
    });
    let tree = RTree::bulk_load(boxes.collect());
    let banded: Vec<Option<BandedZone>> = layer.shapes.par_iter().map(BandedZone::new).collect();
    coords
        .par_iter()
        .map(|&p| {
            let c = Coord { x: p[0], y: p[1] };
            tree.locate_in_envelope_intersecting(&AABB::from_point(p))
                .filter(|g| {
                    let z = g.data;
                    match &banded[z] {
                        Some(b) => b.locate(c).counts(),
                        None => locate(&layer.shapes[z], c).counts(),
                    }
                })
                .count()
        })
        .sum()
}
