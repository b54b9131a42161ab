//! Synthetic job-seekers and service places, in Lambert-93 metres.

use super::communes::Commune;
use super::rng_for;
use crate::geometry::winding::locate_in_polygon;
use geo::{BoundingRect, Coord, Polygon};
use rand::RngExt;
use rand_pcg::Pcg64Mcg;

/// One synthetic job-seeker.
#[derive(Debug, Clone)]
pub struct Person {
    /// Position, Lambert-93; `None` when "not geocoded".
    pub position: Option<[f64; 2]>,
    /// Category A, B or C.
    pub categorie: &'static str,
    /// Age band.
    pub tranche_age: &'static str,
    /// `autonome`, `a_accompagner` or `eloigne`.
    pub autonomie_numerique: &'static str,
}

/// Service places by type, Lambert-93.
#[derive(Debug, Clone, Default)]
pub struct SynthServices {
    /// Digital-mediation places.
    pub mediation: Vec<[f64; 2]>,
    /// France Services offices.
    pub france_services: Vec<[f64; 2]>,
    /// France Travail agencies.
    pub agences: Vec<[f64; 2]>,
}

/// A uniform point inside `polygon` (rejection sampling in its bounding box).
pub fn uniform_in(polygon: &Polygon<f64>, rng: &mut Pcg64Mcg) -> [f64; 2] {
    let b = polygon.bounding_rect().expect("non-empty polygon");
    loop {
        let x = b.min().x + rng.random::<f64>() * b.width();
        let y = b.min().y + rng.random::<f64>() * b.height();
        if locate_in_polygon(polygon, Coord { x, y }).counts() {
            return [x, y];
        }
    }
}

/// Picks an index with probability proportional to `cumulative` increments.
fn pick(cumulative: &[f64], rng: &mut Pcg64Mcg) -> usize {
    let total = *cumulative.last().expect("at least one commune");
    let r = rng.random::<f64>() * total;
    cumulative
        .partition_point(|&c| c <= r)
        .min(cumulative.len() - 1)
}

fn cumulative(weights: impl Iterator<Item = f64>) -> Vec<f64> {
    weights
        .scan(0.0, |acc, w| {
            *acc += w;
            Some(*acc)
        })
        .collect()
}

/// Generates `n` job-seekers over the communes (30 % of a commune's people live in its QPV).
pub fn generate_people(communes: &[Commune], n: usize, seed: u64) -> Vec<Person> {
    let cum = cumulative(communes.iter().map(|c| c.weight));
    let mut rng = rng_for(seed, 5);
    (0..n).map(|_| person(communes, &cum, &mut rng)).collect()
}

fn person(communes: &[Commune], cum: &[f64], rng: &mut Pcg64Mcg) -> Person {
    let c = &communes[pick(cum, rng)];
    let in_qpv = c.qpv.is_some() && rng.random::<f64>() < 0.3;
    let roll = rng.random::<f64>();
    let position = if roll < 0.004 {
        None
    } else if roll < 0.0055 {
        Some([-500_000.0 - rng.random::<f64>() * 1e5, 6_000_000.0]) // moved away: outside the territory
    } else if in_qpv {
        Some(uniform_in(&c.qpv.as_ref().expect("checked").2, rng))
    } else {
        Some(uniform_in(&c.shape, rng))
    };
    let age = rng.random::<f64>();
    let tranche_age = if age < 0.15 {
        "moins de 25 ans"
    } else if age < 0.70 {
        "25 a 49 ans"
    } else {
        "50 ans et plus"
    };
    let p_excluded = 0.11 + if age >= 0.70 { 0.10 } else { 0.0 } + if in_qpv { 0.08 } else { 0.0 };
    let a = rng.random::<f64>();
    let autonomie_numerique = if a < p_excluded * 0.7 {
        "a_accompagner"
    } else if a < p_excluded {
        "eloigne"
    } else {
        "autonome"
    };
    let k = rng.random::<f64>();
    let categorie = if k < 0.56 {
        "A"
    } else if k < 0.70 {
        "B"
    } else {
        "C"
    };
    Person {
        position,
        categorie,
        tranche_age,
        autonomie_numerique,
    }
}

/// Service places, more likely in denser communes.
pub fn generate_services(communes: &[Commune], seed: u64) -> SynthServices {
    let cum = cumulative(communes.iter().map(|c| c.weight.powf(0.7)));
    let mut rng = rng_for(seed, 6);
    let n = communes.len();
    let mut place = |count: usize| -> Vec<[f64; 2]> {
        (0..count)
            .map(|_| uniform_in(&communes[pick(&cum, &mut rng)].shape, &mut rng))
            .collect()
    };
    SynthServices {
        mediation: place((n / 12).max(3)),
        france_services: place((n / 14).max(2)),
        agences: place((n / 40).max(1)),
    }
}
