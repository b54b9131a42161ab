//! Point-in-zone for zones with many vertices, in O(edges near the point's
//! latitude) instead of O(all edges).
//!
//! A ray cast from a point only meets edges whose y-range holds the point's
//! y, and only those can hold the point itself. So the zone's height is cut
//! into horizontal bands, each listing the edges that overlap it, and a test
//! reads one band. The answer is exactly [`super::locate`]'s (same rule, same
//! arithmetic); only the edges that cannot matter are skipped. This is the
//! idea of GEOS's `IndexedPointInAreaLocator`, with bands for an interval tree.
//!
//! Cost: build O(edges); memory about one edge per edge and band it spans.

use super::winding::{combine, union, Placement, RingTest};
use geo::{BoundingRect, Coord, MultiPolygon};

/// Edges per band, on average: a handful keeps the scan short.
const EDGES_PER_BAND: usize = 4;
/// Zones with fewer edges are tested directly: bands would not pay.
pub const MIN_EDGES: usize = 48;
/// Rings a band test tracks at once; zones with more use the plain test.
const MAX_RINGS: usize = 32;

/// One edge, with its ring (index into the zone's rings, in polygon order).
#[derive(Debug, Clone, Copy)]
struct BandEdge {
    a: Coord<f64>,
    b: Coord<f64>,
    ring: u16,
}

/// A zone prepared for many point tests.
#[derive(Debug)]
pub struct BandedZone {
    y0: f64,
    band_height: f64,
    /// Start of each band in `edges` (one more entry than bands).
    starts: Vec<u32>,
    edges: Vec<BandEdge>,
    /// For each polygon, its rings' range in the ring numbering (exterior first).
    polygons: Vec<(u16, u16)>,
}

impl BandedZone {
    /// Prepares `zone`, or `None` when the plain test is as good (few edges,
    /// or too many rings to track).
    pub fn new(zone: &MultiPolygon<f64>) -> Option<BandedZone> {
        let rings: Vec<_> = zone
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .collect();
        let edge_count: usize = rings.iter().map(|r| r.0.len().saturating_sub(1)).sum();
        if edge_count < MIN_EDGES || rings.len() > MAX_RINGS {
            return None;
        }
        let r = zone.bounding_rect()?;
        let bands = (edge_count / EDGES_PER_BAND).max(1);
        let band_height = (r.height() / bands as f64).max(f64::MIN_POSITIVE);
        let band_of =
            |y: f64| (((y - r.min().y) / band_height).floor().max(0.0) as usize).min(bands - 1);
        let mut per_band: Vec<Vec<BandEdge>> = vec![Vec::new(); bands];
        for (ring, line) in rings.iter().enumerate() {
            for e in line.0.windows(2) {
                let edge = BandEdge {
                    a: e[0],
                    b: e[1],
                    ring: ring as u16,
                };
                for band in &mut per_band[band_of(e[0].y.min(e[1].y))..=band_of(e[0].y.max(e[1].y))]
                {
                    band.push(edge);
                }
            }
        }
        let mut polygons = Vec::new();
        let mut next = 0u16;
        for p in &zone.0 {
            let count = 1 + p.interiors().len() as u16;
            polygons.push((next, next + count));
            next += count;
        }
        let mut starts = vec![0u32];
        let mut edges = Vec::new();
        for band in per_band {
            edges.extend(band);
            starts.push(edges.len() as u32);
        }
        Some(BandedZone {
            y0: r.min().y,
            band_height,
            starts,
            edges,
            polygons,
        })
    }

    /// Locates `p` in the zone; the same answer as [`super::locate`].
    pub fn locate(&self, p: Coord<f64>) -> Placement {
        let bands = self.starts.len() - 1;
        let band = (p.y - self.y0) / self.band_height;
        if !(0.0..=bands as f64).contains(&band) {
            return Placement::Outside;
        }
        let band = (band.floor() as usize).min(bands - 1);
        let mut tests = [RingTest::default(); MAX_RINGS];
        for e in &self.edges[self.starts[band] as usize..self.starts[band + 1] as usize] {
            tests[e.ring as usize].add_edge(e.a, e.b, p);
        }
        union(self.polygons.iter().map(|&(first, end)| {
            let holes = tests[first as usize + 1..end as usize].iter().copied();
            combine(tests[first as usize], holes)
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::locate;
    use geo::{LineString, Polygon};
    use rand::{RngExt, SeedableRng};

    /// A star-shaped ring of `n` vertices around `c`; `twist` swaps two
    /// vertices to make it self-intersect.
    fn star(
        c: [f64; 2],
        r: f64,
        n: usize,
        rng: &mut rand_pcg::Pcg64Mcg,
        twist: bool,
    ) -> LineString<f64> {
        let mut pts: Vec<Coord<f64>> = (0..n)
            .map(|k| {
                let a = k as f64 / n as f64 * std::f64::consts::TAU;
                let radius = r * (0.6 + 0.4 * rng.random::<f64>());
                Coord {
                    x: c[0] + radius * a.cos(),
                    y: c[1] + radius * a.sin(),
                }
            })
            .collect();
        if twist {
            pts.swap(3, 9);
        }
        LineString::new(pts)
    }

    #[test]
    fn same_answers_as_the_plain_test() {
        for seed in 0..20 {
            let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
            let hole = star([0.0, 0.0], 0.3, 60, &mut rng, seed % 3 == 0);
            let outer = star([0.0, 0.0], 1.0, 200, &mut rng, seed % 2 == 0);
            let island = Polygon::new(star([2.5, 0.5], 0.5, 80, &mut rng, false), vec![]);
            let zone = MultiPolygon::new(vec![Polygon::new(outer, vec![hole]), island]);
            let banded = BandedZone::new(&zone).expect("many edges");
            let vertices = zone.0.iter().flat_map(|p| {
                p.exterior()
                    .0
                    .iter()
                    .chain(p.interiors().iter().flat_map(|h| h.0.iter()))
            });
            let mut points: Vec<Coord<f64>> = vertices.copied().collect();
            points.extend((0..3000).map(|_| Coord {
                x: -1.5 + 5.0 * rng.random::<f64>(),
                y: -1.5 + 3.0 * rng.random::<f64>(),
            }));
            for p in points {
                assert_eq!(banded.locate(p), locate(&zone, p), "seed {seed}, {p:?}");
            }
        }
    }
}
