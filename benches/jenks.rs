//! Jenks natural breaks, cold (no legend cache): 5,000 and 35,000 zones with
//! 5 and 9 classes, on seeded skewed values (shares of a few % to 100 %).
//! Prints one JSON line per case: the median and the spread of 11 runs.
//!
//! Run: `cargo bench --bench jenks`.

use rand::{RngExt, SeedableRng};
use std::time::Instant;
use zonage::indicators::Value;
use zonage::legend::{Legend, Method};

fn main() {
    let mut rng = rand_pcg::Pcg64::seed_from_u64(4485);
    for zones in [5_000, 35_000] {
        let values: Vec<Value> = (0..zones)
            .map(|_| Value::Number(100.0 * rng.random_range(0.0..1.0f64).powi(3)))
            .collect();
        for classes in [5, 9] {
            let mut times: Vec<f64> = (0..11)
                .map(|_| {
                    let start = Instant::now();
                    let legend = Legend::new(&values, Method::Jenks, classes);
                    std::hint::black_box(legend);
                    start.elapsed().as_secs_f64() * 1000.0
                })
                .collect();
            times.sort_by(f64::total_cmp);
            println!(
                "{{\"case\":\"jenks\",\"zones\":{zones},\"classes\":{classes},\"median_ms\":{:.2},\"min_ms\":{:.2},\"max_ms\":{:.2}}}",
                times[5], times[0], times[10]
            );
        }
    }
}
