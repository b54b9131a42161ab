//! Distances in metres from a point to a zone, for short ranges (a few tens
//! of km): each edge is measured in a local frame around the point (see
//! [`crate::geodesy::LocalFrame`], < 0.1 % error under 50 km).

use super::locate;
use crate::geodesy::{squared_to_segment, LocalFrame};
use geo::{Coord, LineString, MultiPolygon};

/// Distance in metres from `p` to the nearest point of the zone's boundary,
/// whether `p` is inside or outside. Cost: linear in the zone's edges; each
/// vertex is projected once and segments compared by squared distance, with
/// one square root at the end (a batch lookup spent 43 % of its time in
/// `hypot` when each segment took its own).
pub fn to_boundary_m(zone: &MultiPolygon<f64>, p: [f64; 2]) -> f64 {
    let frame = LocalFrame::new(p);
    numbered_rings(zone)
        .map(|(_, _, ring)| nearest_squared(&ring.0, &frame))
        .fold(f64::INFINITY, f64::min)
        .sqrt()
}

/// Consecutive edges per [`Boundary`] piece.
const EDGES_PER_PIECE: usize = 16;

/// A zone's boundary cut into pieces of consecutive edges, each with its
/// bounding box, for repeated nearest-boundary queries.
///
/// Why: a batch lookup spent a quarter of its time measuring every edge of
/// every QPV near each row ([`to_boundary_m`]), most of them on the far side
/// of the zone. The local frame is linear in longitude and latitude, so the
/// distance to a piece's box is a lower bound of the distance to its edges:
/// pieces whose box is farther than the best edge so far are skipped, and
/// the answer is the same minimum. Memory: one box per 16 edges.
#[derive(Debug, Clone, Default)]
pub struct Boundary {
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    /// West, south, east, north, in degrees.
    bbox: [f64; 4],
    /// Its polygon, and its ring there (0 the exterior, k the k-th hole).
    polygon: u32,
    ring: u32,
    /// Its first vertex.
    start: u32,
    /// One past its last vertex.
    end: u32,
}

impl Boundary {
    /// Cuts `zone`'s rings (exteriors and holes) into pieces. Cost: O(edges).
    pub fn new(zone: &MultiPolygon<f64>) -> Boundary {
        let mut pieces = Vec::new();
        for (polygon, r, ring) in numbered_rings(zone) {
            let n = ring.0.len();
            let mut start = 0;
            while start + 1 < n {
                let end = (start + EDGES_PER_PIECE + 1).min(n);
                pieces.push(Piece {
                    bbox: bbox_of(&ring.0[start..end]),
                    polygon,
                    ring: r,
                    start: start as u32,
                    end: end as u32,
                });
                start = end - 1;
            }
        }
        Boundary { pieces }
    }

    /// Metres from `p` to the nearest point of `zone`'s boundary (the zone
    /// this was made from), as [`to_boundary_m`]; `f64::INFINITY` when that
    /// is more than `within` metres.
    pub fn distance_m(&self, zone: &MultiPolygon<f64>, p: [f64; 2], within: f64) -> f64 {
        let frame = LocalFrame::new(p);
        let mut near: Vec<(f64, Piece)> = (self.pieces.iter())
            .map(|piece| (frame.squared_to_box(piece.bbox), *piece))
            .filter(|(bound, _)| *bound <= within * within * SLACK)
            .collect();
        near.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        let mut best = f64::INFINITY;
        for (bound, piece) in near {
            if bound > best * SLACK {
                break;
            }
            best = best.min(piece.squared_m(zone, &frame));
        }
        if best > within * within {
            return f64::INFINITY;
        }
        best.sqrt()
    }
}

impl Piece {
    /// Squared metres from the frame's origin to the piece's nearest edge.
    fn squared_m(&self, zone: &MultiPolygon<f64>, frame: &LocalFrame) -> f64 {
        let polygon = &zone.0[self.polygon as usize];
        let ring = match self.ring {
            0 => polygon.exterior(),
            k => &polygon.interiors()[k as usize - 1],
        };
        nearest_squared(&ring.0[self.start as usize..self.end as usize], frame)
    }
}

/// Squared metres from the frame's origin to the nearest edge of a line of
/// vertices: each vertex projected once, one comparison per edge.
fn nearest_squared(vertices: &[Coord<f64>], frame: &LocalFrame) -> f64 {
    let mut projected = vertices.iter().map(|c| frame.project([c.x, c.y]));
    let Some(mut previous) = projected.next() else {
        return f64::INFINITY;
    };
    let mut best = f64::INFINITY;
    for next in projected {
        best = best.min(squared_to_segment(previous, next));
        previous = next;
    }
    best
}

/// A box's bound may exceed an edge's computed distance by rounding when the
/// edge touches the box: skip only pieces clearly farther.
const SLACK: f64 = 1.0 + 1e-9;

/// Every ring of `zone` with its polygon's index and its own (0 the exterior).
fn numbered_rings(zone: &MultiPolygon<f64>) -> impl Iterator<Item = (u32, u32, &LineString<f64>)> {
    zone.0.iter().enumerate().flat_map(|(p, poly)| {
        std::iter::once(poly.exterior())
            .chain(poly.interiors())
            .enumerate()
            .map(move |(r, ring)| (p as u32, r as u32, ring))
    })
}

fn bbox_of(vertices: &[Coord<f64>]) -> [f64; 4] {
    vertices
        .iter()
        .fold(super::bbox::EMPTY, |b, c| super::bbox::grow(b, [c.x, c.y]))
}

/// Distance in metres from `p` to the zone: 0 inside (or on its boundary).
pub fn to_zone_m(zone: &MultiPolygon<f64>, p: [f64; 2]) -> f64 {
    if locate(zone, Coord { x: p[0], y: p[1] }).counts() {
        return 0.0;
    }
    to_boundary_m(zone, p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn distances_to_a_small_square() {
        // A square of 0.01° around (3, 45): sides of about 786 m (east-west) and 1,112 m.
        let zone = MultiPolygon::new(vec![
            polygon![(x: 3.0, y: 45.0), (x: 3.01, y: 45.0), (x: 3.01, y: 45.01), (x: 3.0, y: 45.01)],
        ]);
        assert_eq!(to_zone_m(&zone, [3.005, 45.005]), 0.0);
        let inside = to_boundary_m(&zone, [3.005, 45.005]);
        assert!((inside - 393.0).abs() < 2.0, "{inside}");
        let north = to_zone_m(&zone, [3.005, 45.02]);
        assert!((north - 1_112.0).abs() < 2.0, "{north}");
    }
}
