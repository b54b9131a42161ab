//! Synthetic communes and QPV-like districts, in Lambert-93 metres.

use super::{place_name, rng_for, SynthParams, SPACING_M};
use geo::{Coord, LineString, Polygon};
use rand::RngExt;

/// A synthetic commune.
#[derive(Debug, Clone)]
pub struct Commune {
    /// Code (`S` + 5 digits: never a real INSEE code).
    pub code: String,
    /// Name.
    pub name: String,
    /// Boundary, Lambert-93.
    pub shape: Polygon<f64>,
    /// Relative density of people (≥ 0.2).
    pub weight: f64,
    /// Legal population.
    pub population: u64,
    /// The commune's QPV, if it has one: code, name, boundary (Lambert-93).
    pub qpv: Option<(String, String, Polygon<f64>)>,
}

/// The grid's layout: `nx` × `ny` cells from `origin`.
struct Grid {
    nx: usize,
    ny: usize,
    origin: [f64; 2],
    vertices: Vec<[f64; 2]>,
}

impl Grid {
    fn new(communes: usize, seed: u64) -> Grid {
        let nx = (communes as f64).sqrt().ceil().max(1.0) as usize;
        let ny = communes.div_ceil(nx);
        let origin = [
            700_000.0 - nx as f64 * SPACING_M / 2.0,
            6_600_000.0 - ny as f64 * SPACING_M / 2.0,
        ];
        let mut rng = rng_for(seed, 1);
        let mut vertices = Vec::with_capacity((nx + 1) * (ny + 1));
        for j in 0..=ny {
            for i in 0..=nx {
                let jitter =
                    |r: &mut rand_pcg::Pcg64Mcg| (r.random::<f64>() - 0.5) * 0.6 * SPACING_M;
                let (dx, dy) = (jitter(&mut rng), jitter(&mut rng));
                vertices.push([
                    origin[0] + i as f64 * SPACING_M + dx,
                    origin[1] + j as f64 * SPACING_M + dy,
                ]);
            }
        }
        Grid {
            nx,
            ny,
            origin,
            vertices,
        }
    }

    fn vertex(&self, i: usize, j: usize) -> [f64; 2] {
        self.vertices[j * (self.nx + 1) + i]
    }

    /// The bent edge from vertex `a` to vertex `b` (ids), excluding `b`. Its
    /// bend depends only on the unordered pair, so both neighbours share it.
    fn edge(&self, seed: u64, a: (usize, usize), b: (usize, usize)) -> Vec<[f64; 2]> {
        let id = |(i, j): (usize, usize)| (j * (self.nx + 1) + i) as u64;
        let (lo, hi) = (id(a).min(id(b)), id(a).max(id(b)));
        let mut rng = rng_for(seed, 2 ^ (lo << 24) ^ (hi << 1));
        let (pa, pb) = (self.vertex(a.0, a.1), self.vertex(b.0, b.1));
        let (from, to) = if id(a) < id(b) { (pa, pb) } else { (pb, pa) };
        let normal = [-(to[1] - from[1]), to[0] - from[0]];
        let amplitude = (rng.random::<f64>() - 0.5) * 0.2;
        let mut points: Vec<[f64; 2]> = (1..4)
            .map(|k| {
                let t = k as f64 / 4.0;
                let bend = amplitude * (std::f64::consts::PI * t).sin();
                [
                    from[0] + t * (to[0] - from[0]) + bend * normal[0],
                    from[1] + t * (to[1] - from[1]) + bend * normal[1],
                ]
            })
            .collect();
        if id(a) > id(b) {
            points.reverse();
        }
        points.insert(0, pa);
        points
    }

    fn cell(&self, seed: u64, i: usize, j: usize) -> Polygon<f64> {
        let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
        let mut ring: Vec<Coord<f64>> = Vec::new();
        for k in 0..4 {
            ring.extend(
                self.edge(seed, corners[k], corners[(k + 1) % 4])
                    .into_iter()
                    .map(|[x, y]| Coord { x, y }),
            );
        }
        Polygon::new(LineString::new(ring), vec![])
    }
}

/// Relative density at `p`: a base plus Gaussian city centres.
fn density(p: [f64; 2], cities: &[([f64; 2], f64, f64)]) -> f64 {
    0.2 + cities
        .iter()
        .map(|(c, peak, sigma)| {
            peak * (-((p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2)) / (2.0 * sigma * sigma)).exp()
        })
        .sum::<f64>()
}

/// Generates the communes (with their QPVs) of a territory.
pub fn generate_communes(params: &SynthParams) -> Vec<Commune> {
    let grid = Grid::new(params.communes.max(1), params.seed);
    let mut rng = rng_for(params.seed, 3);
    let span = [grid.nx as f64 * SPACING_M, grid.ny as f64 * SPACING_M];
    let cities: Vec<([f64; 2], f64, f64)> = (0..(params.communes / 150).max(1))
        .map(|_| {
            let c = [
                grid.origin[0] + rng.random::<f64>() * span[0],
                grid.origin[1] + rng.random::<f64>() * span[1],
            ];
            (
                c,
                5.0 + rng.random::<f64>() * 40.0,
                SPACING_M * (1.5 + rng.random::<f64>() * 4.0),
            )
        })
        .collect();
    let mut communes: Vec<Commune> = (0..params.communes)
        .map(|k| {
            let (i, j) = (k % grid.nx, k / grid.nx);
            let shape = grid.cell(params.seed, i, j);
            let centre = [
                grid.origin[0] + (i as f64 + 0.5) * SPACING_M,
                grid.origin[1] + (j as f64 + 0.5) * SPACING_M,
            ];
            let weight = density(centre, &cities);
            let population = (weight * 350.0 * (0.6 + 0.8 * rng.random::<f64>())).round() as u64;
            Commune {
                code: format!("S{k:05}"),
                name: place_name(k),
                shape,
                weight,
                population,
                qpv: None,
            }
        })
        .collect();
    add_qpvs(&mut communes, params.seed);
    communes
}

/// One QPV in each of the densest communes (1 commune in 25).
fn add_qpvs(communes: &mut [Commune], seed: u64) {
    let mut order: Vec<usize> = (0..communes.len()).collect();
    order.sort_by(|&a, &b| communes[b].weight.total_cmp(&communes[a].weight));
    let count = (communes.len() / 25).max(1);
    let mut rng = rng_for(seed, 4);
    for (q, &c) in order.iter().take(count).enumerate() {
        let centre = ring_centre(&communes[c].shape);
        let mut ring: Vec<Coord<f64>> = (0..10)
            .map(|v| {
                let angle = v as f64 / 10.0 * std::f64::consts::TAU;
                let r = SPACING_M * (0.10 + 0.12 * rng.random::<f64>());
                Coord {
                    x: centre[0] + r * angle.cos(),
                    y: centre[1] + r * angle.sin(),
                }
            })
            .collect();
        if q % 3 == 2 {
            ring.swap(2, 3); // a self-intersection, like 32 of Occitanie's 105 QPVs
        }
        let name = format!("Quartier {}", place_name(q * 7 + 3));
        communes[c].qpv = Some((
            format!("QS{q:05}"),
            name,
            Polygon::new(LineString::new(ring), vec![]),
        ));
    }
}

fn ring_centre(p: &Polygon<f64>) -> [f64; 2] {
    let n = (p.exterior().0.len() - 1).max(1) as f64;
    let sum = p
        .exterior()
        .0
        .iter()
        .skip(1)
        .fold([0.0, 0.0], |s, c| [s[0] + c.x, s[1] + c.y]);
    [sum[0] / n, sum[1] / n]
}
