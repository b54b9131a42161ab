//! Which zones are invalid, and why (self-intersections, rings too short...).
//!
//! Invalid zones are kept as they are: [`super::winding`] has a rule for them.
//! This module only lets the quality report name them.
//!
//! `geo`'s validation tests every pair of a ring's edges: on the Occitanie
//! communes it took 18 % of the whole report's time. Most outlines are
//! valid, so a sweep over the edges sorted by x first proves the common case
//! ([`surely_valid`]: no two edges cross or touch except neighbours at their
//! shared vertex, every hole inside its outline, no outline inside another);
//! only a zone it cannot prove valid goes to `geo`, which names the reason.

use super::winding::inside_ring;
use geo::{Coord, LineString, MultiPolygon, Validation};

/// The first reason a zone is invalid, or `None` when it is valid.
/// Cost: O(n log n) in the vertex count for most zones; a zone the sweep
/// cannot prove valid also pays `geo`'s check (quadratic in a ring's edges).
pub fn invalidity(zone: &MultiPolygon<f64>) -> Option<String> {
    if surely_valid(zone) {
        return None;
    }
    zone.validation_errors()
        .into_iter()
        .next()
        .map(|e| e.to_string())
}

/// An edge of a ring: its ends, its ring, its position in the ring.
struct Edge {
    a: Coord<f64>,
    b: Coord<f64>,
    ring: usize,
    index: usize,
}

/// True when the zone is certainly valid (see the module documentation);
/// false when it may not be, touching rings included: `geo` then decides.
pub fn surely_valid(zone: &MultiPolygon<f64>) -> bool {
    let rings: Vec<&LineString<f64>> = zone
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .collect();
    let well_formed = |r: &&LineString<f64>| {
        r.0.len() >= 4
            && r.0.first() == r.0.last()
            && r.0.iter().all(|c| c.x.is_finite() && c.y.is_finite())
            && r.0.windows(2).all(|w| w[0] != w[1])
    };
    if !rings.iter().all(well_formed) {
        return false;
    }
    no_edges_meet(&rings) && nested_right(zone)
}

/// No two edges of any rings meet, except consecutive edges of one ring at
/// their shared vertex (and nowhere else). A sweep in x: each edge is tested
/// against the edges whose x-range overlaps its own.
fn no_edges_meet(rings: &[&LineString<f64>]) -> bool {
    let mut edges: Vec<Edge> = rings
        .iter()
        .enumerate()
        .flat_map(|(ring, r)| {
            r.0.windows(2).enumerate().map(move |(index, w)| Edge {
                a: w[0],
                b: w[1],
                ring,
                index,
            })
        })
        .collect();
    edges.sort_unstable_by(|e, f| e.a.x.min(e.b.x).total_cmp(&f.a.x.min(f.b.x)));
    let sizes: Vec<usize> = rings.iter().map(|r| r.0.len() - 1).collect();
    let mut active: Vec<usize> = Vec::new();
    for (k, e) in edges.iter().enumerate() {
        let left = e.a.x.min(e.b.x);
        active.retain(|&j| edges[j].a.x.max(edges[j].b.x) >= left);
        for &j in &active {
            if edges_meet(&edges[j], e, &sizes) {
                return false;
            }
        }
        active.push(k);
    }
    true
}

/// Whether two edges meet where a valid outline's may not.
fn edges_meet(e: &Edge, f: &Edge, sizes: &[usize]) -> bool {
    if e.a.y.max(e.b.y) < f.a.y.min(f.b.y) || f.a.y.max(f.b.y) < e.a.y.min(e.b.y) {
        return false;
    }
    let n = sizes[e.ring];
    let neighbours = e.ring == f.ring
        && (e.index + 1 == f.index
            || f.index + 1 == e.index
            || (e.index == 0 && f.index == n - 1)
            || (f.index == 0 && e.index == n - 1));
    if neighbours {
        // They share one vertex; any other contact (a spike folding back)
        // shows as the far end of one lying on the other's line.
        let (shared, far) = if e.b == f.a { (e.b, f.b) } else { (e.a, f.a) };
        let other = if shared == e.a { e.b } else { e.a };
        return orient(shared, other, far) == 0.0;
    }
    segments_touch(e.a, e.b, f.a, f.b)
}

/// Twice the signed area of `a`, `b`, `c`: > 0 counter-clockwise.
fn orient(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> f64 {
    (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
}

/// Whether segments `p`–`q` and `r`–`s` have any point in common. A
/// collinear (zero) orientation counts as touching: the sweep then leaves
/// the zone to `geo`, which is exact about it.
fn segments_touch(p: Coord<f64>, q: Coord<f64>, r: Coord<f64>, s: Coord<f64>) -> bool {
    let (d1, d2) = (orient(p, q, r), orient(p, q, s));
    let (d3, d4) = (orient(r, s, p), orient(r, s, q));
    if d1 == 0.0 || d2 == 0.0 || d3 == 0.0 || d4 == 0.0 {
        return true;
    }
    (d1 > 0.0) != (d2 > 0.0) && (d3 > 0.0) != (d4 > 0.0)
}

/// With no edges meeting, rings are disjoint, so one vertex tells where a
/// whole ring lies: every hole inside its outline, and no outline inside
/// another polygon's outline (an island in a lake is valid, but left to
/// `geo`).
fn nested_right(zone: &MultiPolygon<f64>) -> bool {
    let holes_inside = zone.0.iter().all(|p| {
        p.interiors()
            .iter()
            .all(|h| inside_ring(p.exterior(), h.0[0]))
    });
    let outlines_apart = zone.0.iter().enumerate().all(|(i, p)| {
        zone.0
            .iter()
            .enumerate()
            .all(|(j, q)| i == j || !inside_ring(q.exterior(), p.exterior().0[0]))
    });
    holes_inside && outlines_apart
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, MultiPolygon};

    fn zone(p: geo::Polygon<f64>) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![p])
    }

    #[test]
    fn the_sweep_proves_plain_outlines_and_refuses_crossings() {
        let square = polygon![(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.)];
        assert!(surely_valid(&zone(square.clone())));
        let bowtie = polygon![(x: 0., y: 0.), (x: 4., y: 4.), (x: 4., y: 0.), (x: 0., y: 4.)];
        assert!(!surely_valid(&zone(bowtie.clone())));
        assert!(invalidity(&zone(bowtie)).is_some());
        let holed = polygon!(
            exterior: [(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.)],
            interiors: [[(x: 1., y: 1.), (x: 2., y: 1.), (x: 2., y: 2.), (x: 1., y: 2.)]],
        );
        assert!(surely_valid(&zone(holed)));
        let hole_outside = polygon!(
            exterior: [(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.)],
            interiors: [[(x: 5., y: 5.), (x: 6., y: 5.), (x: 6., y: 6.), (x: 5., y: 6.)]],
        );
        assert!(!surely_valid(&zone(hole_outside.clone())));
        assert!(invalidity(&zone(hole_outside)).is_some());
        let small = polygon![(x: 1., y: 1.), (x: 2., y: 1.), (x: 2., y: 2.), (x: 1., y: 2.)];
        let nested = MultiPolygon::new(vec![square, small]);
        assert!(!surely_valid(&nested) && invalidity(&nested).is_some());
    }

    /// On random quadrilaterals (many of them self-crossing), whatever the
    /// sweep proves valid, `geo` finds valid too.
    #[test]
    fn the_sweep_never_calls_valid_what_geo_does_not() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_pcg::Pcg64::seed_from_u64(7);
        // Small integer coordinates: many collinear and touching cases.
        let mut next = || f64::from(rng.random_range(0..8u8));
        let mut proven = 0;
        for _ in 0..2_000 {
            let ring: Vec<(f64, f64)> = (0..4).map(|_| (next(), next())).collect();
            let mut coords: Vec<Coord<f64>> = ring.iter().map(|&(x, y)| Coord { x, y }).collect();
            coords.push(coords[0]);
            let z = zone(geo::Polygon::new(LineString(coords), vec![]));
            if surely_valid(&z) {
                proven += 1;
                assert!(z.validation_errors().is_empty(), "{z:?}");
            }
        }
        assert!(proven > 100, "{proven} proven");
    }
}
