//! Spatial join of points to zones.
//!
//! A sparse grid ([`grid`]) gives, for a point, the zones whose cells hold
//! it; cells wholly inside a zone need no further test, the others are tested
//! on the zone's full-resolution geometry with [`crate::geometry::locate`]
//! (non-zero winding, closed zones). An R-tree of bounding boxes serves the
//! area queries (zones near a box). Cost: O(log cells) per point plus an exact
//! test for points near a boundary; the points are split over all cores.
//!
//! A point goes to *every* zone that contains it (zones of one layer may
//! overlap; a point on a shared boundary belongs to both sides).

pub mod grid;

use crate::geometry::banded::BandedZone;
use crate::geometry::distance::Boundary;
use crate::geometry::{locate, Placement};
use crate::zones::ZoneLayer;
use geo::{BoundingRect, Coord};
use grid::ZoneGrid;
use rayon::prelude::*;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};
use std::sync::OnceLock;

/// The spatial indexes of a zone layer: a grid for points, an R-tree for boxes.
pub struct ZoneIndex {
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, u32>>,
    grid: ZoneGrid,
    /// Zones with many edges, prepared for fast exact tests.
    banded: Vec<Option<BandedZone>>,
    /// Zones' boundaries prepared for distances, on the first distance
    /// asked (only layers with `near_m` are asked for any).
    boundaries: OnceLock<Vec<Boundary>>,
}

impl ZoneIndex {
    /// Indexes the zones of `layer`. Cost: O(m log m) plus the grid's cells.
    pub fn new(layer: &ZoneLayer) -> ZoneIndex {
        let boxes = layer.shapes.iter().enumerate().filter_map(|(i, shape)| {
            let r = shape.bounding_rect()?;
            let rect = Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
            Some(GeomWithData::new(rect, i as u32))
        });
        ZoneIndex {
            tree: RTree::bulk_load(boxes.collect()),
            grid: ZoneGrid::new(layer),
            banded: layer.shapes.par_iter().map(BandedZone::new).collect(),
            boundaries: OnceLock::new(),
        }
    }

    /// Metres from `p` to zone `z`'s boundary, `f64::INFINITY` beyond
    /// `within` (see [`Boundary::distance_m`]). The first call prepares every
    /// zone's boundary: O(edges), a box per 16 edges.
    pub fn boundary_m(&self, layer: &ZoneLayer, z: usize, p: [f64; 2], within: f64) -> f64 {
        let boundaries = self
            .boundaries
            .get_or_init(|| layer.shapes.par_iter().map(Boundary::new).collect());
        boundaries[z].distance_m(&layer.shapes[z], p, within)
    }

    /// Zones whose bounding box meets the box `[west, south]`–`[east, north]`.
    pub fn candidates_in(&self, lo: [f64; 2], hi: [f64; 2]) -> impl Iterator<Item = usize> + '_ {
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_corners(lo, hi))
            .map(|g| g.data as usize)
    }

    /// Zones by increasing distance from `p` to their bounding box, with the
    /// squared distance in degrees² (a lower bound for the zone itself).
    pub fn by_box_distance(&self, p: [f64; 2]) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.tree
            .nearest_neighbor_iter_with_distance_2(&p)
            .map(|(g, d2)| (g.data as usize, d2))
    }

    /// Every zone containing `p`, with how it contains it.
    pub fn zones_at<'a>(
        &'a self,
        layer: &'a ZoneLayer,
        p: [f64; 2],
    ) -> impl Iterator<Item = (usize, Placement)> + 'a {
        let c = Coord { x: p[0], y: p[1] };
        self.grid.entries_at(p).filter_map(move |e| {
            let z = e.zone as usize;
            let placement = match (e.interior, &self.banded[z]) {
                (true, _) => Placement::Inside,
                (false, Some(banded)) => banded.locate(c),
                (false, None) => locate(&layer.shapes[z], c),
            };
            placement.counts().then_some((z, placement))
        })
    }
}

/// Which points fall in which zones: for zone `z`, its points are
/// `points[offsets[z]..offsets[z + 1]]`, in increasing order.
#[derive(Debug, Clone, Default)]
pub struct Membership {
    /// Start of each zone's run in `points`; one more entry than zones.
    pub offsets: Vec<usize>,
    /// Point indices, grouped by zone.
    pub points: Vec<u32>,
    /// Points in no zone.
    pub outside: usize,
    /// Points counted under the ambiguous part of the rule (boundary, or an
    /// area only the non-zero winding rule includes).
    pub ambiguous: usize,
    /// Points in more than one zone of the layer.
    pub in_several: usize,
}

impl Membership {
    /// The points of zone `z`.
    pub fn of(&self, z: usize) -> &[u32] {
        &self.points[self.offsets[z]..self.offsets[z + 1]]
    }
}

/// Per-chunk result before the zones are grouped.
#[derive(Default)]
struct Pairs {
    pairs: Vec<(u32, u32)>,
    outside: usize,
    ambiguous: usize,
    in_several: usize,
}

/// Joins `coords` to the zones of `layer`. Cost: see the module documentation.
pub fn join(layer: &ZoneLayer, index: &ZoneIndex, coords: &[[f64; 2]]) -> Membership {
    const CHUNK: usize = 16_384;
    let parts: Vec<Pairs> = coords
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| join_chunk(layer, index, chunk, (c * CHUNK) as u32))
        .collect();
    group_by_zone(parts, layer.len())
}

fn join_chunk(layer: &ZoneLayer, index: &ZoneIndex, chunk: &[[f64; 2]], first: u32) -> Pairs {
    let mut out = Pairs::default();
    for (i, &p) in chunk.iter().enumerate() {
        let before = out.pairs.len();
        for (zone, placement) in index.zones_at(layer, p) {
            out.ambiguous += (placement == Placement::Ambiguous) as usize;
            out.pairs.push((zone as u32, first + i as u32));
        }
        match out.pairs.len() - before {
            0 => out.outside += 1,
            1 => {}
            _ => out.in_several += 1,
        }
    }
    out
}

/// Counting sort of (zone, point) pairs into the CSR layout. Chunks come in
/// point order, so each zone's points stay sorted.
fn group_by_zone(parts: Vec<Pairs>, zones: usize) -> Membership {
    let mut m = Membership {
        offsets: vec![0; zones + 1],
        ..Default::default()
    };
    for part in &parts {
        m.outside += part.outside;
        m.ambiguous += part.ambiguous;
        m.in_several += part.in_several;
        for &(z, _) in &part.pairs {
            m.offsets[z as usize + 1] += 1;
        }
    }
    for z in 0..zones {
        m.offsets[z + 1] += m.offsets[z];
    }
    let mut next = m.offsets.clone();
    m.points = vec![0; m.offsets[zones]];
    for part in parts {
        for (z, p) in part.pairs {
            m.points[next[z as usize]] = p;
            next[z as usize] += 1;
        }
    }
    m
}
