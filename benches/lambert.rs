//! Lambert-93 → WGS84, one million points: the closed form
//! (`zonage::crs::lambert`, what `Crs::from_epsg(2154)` uses) against
//! `proj4rs` (the same projection given as a PROJ string, which has no fast
//! path). Prints ns per point, fastest of 5 runs each.
//!
//! Run: `cargo bench --bench lambert`.

use std::hint::black_box;
use std::time::Instant;
use zonage::crs::Crs;

const POINTS: usize = 1_000_000;

fn main() {
    // A grid of positions over France, in Lambert-93 metres.
    let grid: Vec<(f64, f64)> = (0..POINTS)
        .map(|k| {
            let (i, j) = ((k % 1000) as f64, (k / 1000) as f64);
            (100_000.0 + 1_100.0 * i, 6_050_000.0 + 1_050.0 * j)
        })
        .collect();
    let fast = Crs::from_epsg(2154).unwrap();
    let generic = Crs::parse("+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs").unwrap();
    for (name, crs) in [("closed form", &fast), ("proj4rs", &generic)] {
        let best = (0..5)
            .map(|_| {
                let started = Instant::now();
                for &(x, y) in &grid {
                    black_box(crs.to_wgs84(black_box(x), black_box(y)));
                }
                started.elapsed().as_secs_f64() * 1e9 / POINTS as f64
            })
            .fold(f64::INFINITY, f64::min);
        println!("{{\"path\":\"{name}\",\"ns_per_point\":{best:.1}}}");
    }
}
