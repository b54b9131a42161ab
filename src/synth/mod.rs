//! A generator of synthetic territories: seeded, deterministic, any size.
//!
//! It serves three uses: the demo a fresh clone runs with no external file,
//! brute-force property tests of the join, and national-scale benchmarks
//! (35,000 communes, 5 million job-seekers). The territory is laid in
//! Lambert-93 around the projection's origin (central France):
//! - communes: a jittered grid whose edges are bent (the same bend for both
//!   neighbours), so they tile the plane with no gap or overlap, like Voronoi cells;
//! - population: a few city centres with Gaussian density;
//! - QPV-like polygons: star-shaped districts in the densest communes, one in
//!   three with a self-intersection, as in the real files;
//! - job-seekers: uniform inside their commune, a share inside its QPV, with
//!   0.4 % of rows without coordinates and 0.15 % outside the territory;
//! - service places: mediation places, France Services, agencies.

mod communes;
mod people;
mod write;

pub use communes::{generate_communes, Commune};
pub use people::{generate_people, generate_services, Person, SynthServices};
pub use write::{demo_summary, write_territory};

use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

/// Size and seed of a synthetic territory.
#[derive(Debug, Clone, Copy)]
pub struct SynthParams {
    /// Number of communes.
    pub communes: usize,
    /// Number of job-seekers.
    pub seekers: usize,
    /// Random seed.
    pub seed: u64,
}

/// Grid spacing in metres: communes of about 16 km², France's average.
pub const SPACING_M: f64 = 4_000.0;

/// A random generator for one purpose, derived from the seed, so that adding
/// draws to one part of the generator leaves the others unchanged.
pub fn rng_for(seed: u64, purpose: u64) -> Pcg64Mcg {
    Pcg64Mcg::seed_from_u64(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ purpose)
}

/// A pronounceable, obviously made-up place name.
pub fn place_name(k: usize) -> String {
    const FIRST: [&str; 12] = [
        "Bel",
        "Mont",
        "Val",
        "Roque",
        "Cas",
        "Saint-Mar",
        "Ville",
        "Font",
        "Pra",
        "Lau",
        "Sauve",
        "Cler",
    ];
    const LAST: [&str; 10] = [
        "mont", "lac", "bourg", "ville", "gnan", "ras", "fort", "val", "tanne", "sières",
    ];
    let (a, b) = (k % FIRST.len(), (k / FIRST.len()) % LAST.len());
    let n = k / (FIRST.len() * LAST.len());
    if n == 0 {
        format!("{}{}", FIRST[a], LAST[b])
    } else {
        format!("{}{}-{}", FIRST[a], LAST[b], n + 1)
    }
}
