//! Nearest service place for many points, in metres.
//!
//! Service points are stored as 3-D unit vectors in an R-tree: the Euclidean
//! (chord) nearest neighbour is exactly the great-circle nearest neighbour, and
//! the chord converts to metres (see [`crate::geodesy`]).
//!
//! For many queries ([`NearestIndex::distances_m`]), points are grouped in
//! small boxes: runs of consecutive points when they come in spatial order,
//! cells otherwise; each group asks the tree once for the few places that
//! can be nearest to any point of its box, and its points only compare
//! those. Cost: O(log n) per group plus a handful of comparisons per point
//! (and a sort by cell for points in no spatial order).

use crate::geodesy::{chord_to_m, unit_vector};
use crate::geometry::bbox;
use rayon::prelude::*;
use rstar::RTree;

/// Cell side, in degrees, for grouping queries (about 5 km). Larger cells
/// mean fewer tree queries and more candidates per point: on the national
/// file, 0.02° took 1.03–1.11 s, 0.05° 0.82–0.99 s, 0.1° 1.09–1.34 s.
const CELL_DEGREES: f64 = 0.05;

/// Side, in degrees, of the box a run of consecutive positions may fill
/// (see [`spatial_runs`]).
const RUN_DEGREES: f64 = 0.05;

/// Positions per run, on average, below which the positions are sorted by
/// cell instead (they are in no spatial order).
const RUN_LENGTH: usize = 16;

/// The cell of a position, packed in one integer (column, row).
fn cell_key(p: &[f64; 2]) -> u64 {
    let i = ((p[0] / CELL_DEGREES).floor() as i64 + (1 << 31)) as u64;
    let j = ((p[1] / CELL_DEGREES).floor() as i64 + (1 << 31)) as u64;
    (i << 32) | (j & 0xFFFF_FFFF)
}

fn cell_of_key(key: u64) -> (i64, i64) {
    (
        ((key >> 32) as i64) - (1 << 31),
        ((key & 0xFFFF_FFFF) as i64) - (1 << 31),
    )
}

/// An index of service points for nearest-distance queries.
pub struct NearestIndex {
    tree: RTree<[f64; 3]>,
}

fn chord(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// Groups of positions that each search the tree once: a box in degrees
/// (longitude, latitude: west, south, east, north) and the positions in it.
struct Group<'a> {
    bounds: [f64; 4],
    members: Members<'a>,
}

/// Which positions a group holds.
enum Members<'a> {
    /// Consecutive positions.
    Run(std::ops::Range<usize>),
    /// Positions of one cell, by index.
    Cell(&'a [(u64, u32)]),
}

/// Positions already in spatial order (private layers are, see
/// [`crate::points::PointLayer::sort_spatially`]), cut into runs of
/// consecutive positions that fit in a cell-sized box: no sort, no index.
/// `None` when the runs are too short (positions in no spatial order).
///
/// Why runs rather than cells for these: the layer's order groups points by
/// kilometre cells, not by the search's cells, so sorting by cell again was
/// needed; with runs, the national report's step « finding the nearest help
/// places » (`-v`) takes 0.5–1.0 s beside the join instead of 0.8–1.0 s.
fn spatial_runs(positions: &[[f64; 2]]) -> Option<Vec<Group<'static>>> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut bounds = bbox::EMPTY;
    for (i, &p) in positions.iter().enumerate() {
        let grown = bbox::grow(bounds, p);
        if grown[2] - grown[0] <= RUN_DEGREES && grown[3] - grown[1] <= RUN_DEGREES {
            bounds = grown;
            continue;
        }
        runs.push(Group {
            bounds,
            members: Members::Run(start..i),
        });
        if runs.len().saturating_mul(RUN_LENGTH) > positions.len() {
            return None;
        }
        (start, bounds) = (i, bbox::grow(bbox::EMPTY, p));
    }
    runs.push(Group {
        bounds,
        members: Members::Run(start..positions.len()),
    });
    Some(runs)
}

/// The positions' (cell, index) pairs, sorted by cell: the points of a cell
/// side by side.
fn by_cell(positions: &[[f64; 2]]) -> Vec<(u64, u32)> {
    let mut order: Vec<(u64, u32)> = positions
        .par_iter()
        .enumerate()
        .map(|(i, p)| (cell_key(p), i as u32))
        .collect();
    order.par_sort_unstable();
    order
}

/// The groups of the sorted (cell, index) pairs, one per cell.
fn cell_groups(order: &[(u64, u32)]) -> Vec<Group<'_>> {
    order
        .chunk_by(|a, b| a.0 == b.0)
        .map(|members| {
            let (i, j) = cell_of_key(members[0].0);
            let (west, south) = (i as f64 * CELL_DEGREES, j as f64 * CELL_DEGREES);
            Group {
                bounds: [west, south, west + CELL_DEGREES, south + CELL_DEGREES],
                members: Members::Cell(members),
            }
        })
        .collect()
}

impl NearestIndex {
    /// Indexes positions (longitude, latitude in degrees).
    pub fn new<'a>(positions: impl IntoIterator<Item = &'a [f64; 2]>) -> NearestIndex {
        let points: Vec<[f64; 3]> = positions.into_iter().map(|&p| unit_vector(p)).collect();
        NearestIndex {
            tree: RTree::bulk_load(points),
        }
    }

    /// Great-circle distance in metres from `p` to the nearest indexed point,
    /// or `None` when the index is empty.
    pub fn distance_m(&self, p: [f64; 2]) -> Option<f64> {
        let v = unit_vector(p);
        self.tree
            .nearest_neighbor(&v)
            .map(|n| chord_to_m(chord(n, &v)))
    }

    /// Distances for many points at once, over all cores; `f32::NAN` when
    /// the index is empty.
    pub fn distances_m(&self, positions: &[[f64; 2]]) -> Vec<f32> {
        let mut out = vec![f32::NAN; positions.len()];
        if self.tree.size() == 0 {
            return out;
        }
        let order;
        let groups = match spatial_runs(positions) {
            Some(runs) => runs,
            None => {
                order = by_cell(positions);
                cell_groups(&order)
            }
        };
        let results: Vec<Vec<(u32, f32)>> = groups
            .par_iter()
            .map(|g| self.group_distances(g, positions))
            .collect();
        for (i, d) in results.into_iter().flatten() {
            out[i as usize] = d;
        }
        out
    }

    /// Distances for the points of one group. Any point `p` of the group's
    /// box has a place within `|p − c| + d(c)` of it (c the box's centre, d
    /// its nearest distance), so every candidate lies within `d(c) + 2·h` of
    /// `c`, with `h` the box's half-diagonal: the triangle inequality of the
    /// chord metric.
    fn group_distances(&self, group: &Group, positions: &[[f64; 2]]) -> Vec<(u32, f32)> {
        let [west, south, east, north] = group.bounds;
        let centre = [(west + east) / 2.0, (south + north) / 2.0];
        let c = unit_vector(centre);
        let h = [[west, south], [east, south], [west, north], [east, north]]
            .iter()
            .map(|&corner| chord(&c, &unit_vector(corner)))
            .fold(0.0, f64::max)
            * 1.01;
        let nearest = self
            .tree
            .nearest_neighbor(&c)
            .expect("the tree is not empty");
        // The slack keeps the nearest place itself when h is 0 (a run of
        // one position): its squared chord may round above radius².
        let radius = (chord(nearest, &c) + 2.0 * h) * (1.0 + 1e-9);
        let candidates: Vec<&[f64; 3]> = self
            .tree
            .locate_within_distance(c, radius * radius)
            .collect();
        let distance = |k: u32| {
            let v = unit_vector(positions[k as usize]);
            let best = candidates
                .iter()
                .map(|s| chord(s, &v))
                .fold(f64::INFINITY, f64::min);
            (k, chord_to_m(best) as f32)
        };
        match &group.members {
            Members::Run(range) => range.clone().map(|k| distance(k as u32)).collect(),
            Members::Cell(members) => members.iter().map(|&(_, k)| distance(k)).collect(),
        }
    }
}
