//! A grid that answers "which zones contain this point" mostly without a
//! point-in-polygon test.
//!
//! The layer's extent is cut into square cells (about 16 per median zone
//! width, `CELLS_PER_ZONE`). A cell that none of a zone's edges touches lies wholly inside or
//! wholly outside that zone, and a whole row run of such cells shares the
//! answer: one test at build time decides it. Points in *interior* cells are
//! assigned directly; only points in cells an edge crosses get the exact test
//! of [`crate::geometry::locate`]. This is the idea of GEOS's prepared
//! geometries, on a grid.
//!
//! Cells are stored by blocks of 16 × 16, and only the blocks some zone
//! touches are allocated, so a few QPVs over a whole region cost little.
//! Memory: one `u32` per cell of an allocated block, plus lists for cells
//! shared by several zones. Cost: build O(cells + edges), the zones split over
//! all cores; query O(1) plus one exact test per boundary entry.

use crate::geometry::locate;
use crate::zones::ZoneLayer;
use geo::{BoundingRect, Coord, MultiPolygon};
use rayon::prelude::*;

/// Cells per median zone width: finer means fewer exact tests, more memory.
const CELLS_PER_ZONE: f64 = 16.0;
/// The most blocks the top level may have; coarser cells beyond that.
pub const MAX_BLOCKS: f64 = 16_000_000.0;
/// Cells per block side.
const BLOCK: usize = 16;

const EMPTY: u32 = u32::MAX;
const MULTI: u32 = 1 << 31;
const INTERIOR: u32 = 1 << 30;

/// An entry of a cell: a zone, and whether the cell lies wholly inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Zone index in its layer.
    pub zone: u32,
    /// True: every point of the cell is inside the zone (no test needed).
    pub interior: bool,
}

/// The grid of a zone layer.
pub struct ZoneGrid {
    origin: [f64; 2],
    cell: f64,
    nx: usize,
    ny: usize,
    /// Blocks per row of the top level.
    bx: usize,
    /// Per block: `EMPTY`, or where its cells start in `cells`.
    blocks: Vec<u32>,
    /// Per cell of allocated blocks: `EMPTY`, one zone (with the `INTERIOR`
    /// bit), or `MULTI | i`.
    cells: Vec<u32>,
    /// Entries of the cells that several zones share, as linked lists:
    /// (entry, index of the next node or `EMPTY`).
    multi: Vec<(Entry, u32)>,
}

/// The cell range of a box.
#[derive(Clone, Copy)]
struct Span {
    i0: usize,
    j0: usize,
    i1: usize,
    j1: usize,
}

impl ZoneGrid {
    /// Builds the grid of `layer`.
    pub fn new(layer: &ZoneLayer) -> ZoneGrid {
        let [w, s, e, n] = layer.extent().unwrap_or([0.0, 0.0, 0.0, 0.0]);
        let block_area = (BLOCK * BLOCK) as f64;
        let cell = cell_size(&layer.shapes)
            .max(((e - w) * (n - s) / MAX_BLOCKS / block_area).sqrt())
            .max(1e-9);
        let (nx, ny) = (((e - w) / cell) as usize + 1, ((n - s) / cell) as usize + 1);
        let (bx, by) = (nx.div_ceil(BLOCK), ny.div_ceil(BLOCK));
        let mut grid = ZoneGrid {
            origin: [w, s],
            cell,
            nx,
            ny,
            bx,
            blocks: vec![EMPTY; bx * by],
            cells: Vec::new(),
            multi: Vec::new(),
        };
        if layer.is_empty() {
            return grid;
        }
        let per_zone: Vec<Vec<((usize, usize), Entry)>> = layer
            .shapes
            .par_iter()
            .enumerate()
            .map(|(z, shape)| grid.zone_cells(shape, z as u32))
            .collect();
        for (cell, entry) in per_zone.into_iter().flatten() {
            grid.insert(cell, entry);
        }
        grid
    }

    /// Where cell `(i, j)` is stored, allocating its block if needed.
    fn slot_mut(&mut self, (i, j): (usize, usize)) -> &mut u32 {
        let block = (j / BLOCK) * self.bx + i / BLOCK;
        if self.blocks[block] == EMPTY {
            self.blocks[block] = self.cells.len() as u32;
            self.cells.resize(self.cells.len() + BLOCK * BLOCK, EMPTY);
        }
        &mut self.cells[self.blocks[block] as usize + (j % BLOCK) * BLOCK + i % BLOCK]
    }

    fn slot(&self, (i, j): (usize, usize)) -> u32 {
        match self.blocks[(j / BLOCK) * self.bx + i / BLOCK] {
            EMPTY => EMPTY,
            start => self.cells[start as usize + (j % BLOCK) * BLOCK + i % BLOCK],
        }
    }

    fn insert(&mut self, cell: (usize, usize), entry: Entry) {
        let encoded = entry.zone | if entry.interior { INTERIOR } else { 0 };
        let node = self.multi.len() as u32;
        let slot = self.slot_mut(cell);
        let previous = *slot;
        let next = match previous {
            EMPTY => {
                *slot = encoded;
                return;
            }
            word if word & MULTI != 0 => word & !MULTI,
            _ => node + 1,
        };
        *slot = MULTI | node;
        self.multi.push((entry, next));
        if previous & MULTI == 0 {
            self.multi.push((decode(previous), EMPTY));
        }
    }

    /// The entries of the cell holding `p` (none outside the grid).
    pub fn entries_at(&self, p: [f64; 2]) -> Entries<'_> {
        let (single, next) = match self.cell_of(p).map(|c| self.slot(c)) {
            None | Some(EMPTY) => (None, EMPTY),
            Some(word) if word & MULTI != 0 => (None, word & !MULTI),
            Some(word) => (Some(decode(word)), EMPTY),
        };
        Entries {
            single,
            next,
            nodes: &self.multi,
        }
    }

    fn cell_of(&self, p: [f64; 2]) -> Option<(usize, usize)> {
        let i = ((p[0] - self.origin[0]) / self.cell).floor();
        let j = ((p[1] - self.origin[1]) / self.cell).floor();
        let inside = i >= 0.0 && j >= 0.0 && (i as usize) < self.nx && (j as usize) < self.ny;
        inside.then_some((i as usize, j as usize))
    }

    fn index(&self, v: f64, axis: usize) -> usize {
        let limit = if axis == 0 { self.nx } else { self.ny };
        (((v - self.origin[axis]) / self.cell).floor().max(0.0) as usize).min(limit - 1)
    }

    fn span(&self, lo: Coord<f64>, hi: Coord<f64>) -> Span {
        Span {
            i0: self.index(lo.x, 0),
            j0: self.index(lo.y, 1),
            i1: self.index(hi.x, 0),
            j1: self.index(hi.y, 1),
        }
    }

    /// The cells of one zone: those an edge touches, and those wholly inside.
    ///
    /// Untouched cells that share a side form regions no edge enters (an edge
    /// on a shared side marks the cell its coordinates floor to), so one exact
    /// test per region, found by flood fill, classifies all its cells.
    fn zone_cells(&self, shape: &MultiPolygon<f64>, zone: u32) -> Vec<((usize, usize), Entry)> {
        let Some(r) = shape.bounding_rect() else {
            return Vec::new();
        };
        let span = self.span(r.min(), r.max());
        let mut state = self.crossed_cells(shape, span);
        let width = span.i1 - span.i0 + 1;
        let mut out = Vec::new();
        let mut stack = Vec::new();
        for start in 0..state.len() {
            if state[start] != UNKNOWN {
                continue;
            }
            let (i, j) = (span.i0 + start % width, span.j0 + start / width);
            let inside = locate(shape, self.centre(i, j)).counts();
            let mark = if inside { INSIDE } else { OUTSIDE };
            flood(&mut state, width, start, mark, &mut stack);
        }
        for (k, &s) in state.iter().enumerate() {
            if s == CROSSED || s == INSIDE {
                let cell = (span.i0 + k % width, span.j0 + k / width);
                out.push((
                    cell,
                    Entry {
                        zone,
                        interior: s == INSIDE,
                    },
                ));
            }
        }
        out
    }

    /// Marks the cells of each edge's bounding box: conservative (a marked
    /// cell only costs an exact test), and edges are short next to cells.
    fn crossed_cells(&self, shape: &MultiPolygon<f64>, span: Span) -> Vec<u8> {
        let width = span.i1 - span.i0 + 1;
        let mut crossed = vec![UNKNOWN; width * (span.j1 - span.j0 + 1)];
        let rings = shape
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
        for e in rings.flat_map(|ring| ring.0.windows(2)) {
            let lo = Coord {
                x: e[0].x.min(e[1].x),
                y: e[0].y.min(e[1].y),
            };
            let hi = Coord {
                x: e[0].x.max(e[1].x),
                y: e[0].y.max(e[1].y),
            };
            let s = self.span(lo, hi);
            for j in s.j0..=s.j1 {
                let row = (j - span.j0) * width;
                crossed[row + s.i0 - span.i0..=row + s.i1 - span.i0].fill(CROSSED);
            }
        }
        crossed
    }

    fn centre(&self, i: usize, j: usize) -> Coord<f64> {
        Coord {
            x: self.origin[0] + (i as f64 + 0.5) * self.cell,
            y: self.origin[1] + (j as f64 + 0.5) * self.cell,
        }
    }
}

const UNKNOWN: u8 = 0;
const CROSSED: u8 = 1;
const INSIDE: u8 = 2;
const OUTSIDE: u8 = 3;

/// Marks the region of `UNKNOWN` cells around `start` (4-connected).
fn flood(state: &mut [u8], width: usize, start: usize, mark: u8, stack: &mut Vec<usize>) {
    stack.push(start);
    state[start] = mark;
    while let Some(k) = stack.pop() {
        let (i, j) = (k % width, k / width);
        let rows = state.len() / width;
        let neighbours = [
            (i > 0).then(|| k - 1),
            (i + 1 < width).then(|| k + 1),
            (j > 0).then(|| k - width),
            (j + 1 < rows).then(|| k + width),
        ];
        for n in neighbours.into_iter().flatten() {
            if state[n] == UNKNOWN {
                state[n] = mark;
                stack.push(n);
            }
        }
    }
}

/// The entries of one cell.
pub struct Entries<'a> {
    single: Option<Entry>,
    next: u32,
    nodes: &'a [(Entry, u32)],
}

impl Iterator for Entries<'_> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        if let Some(e) = self.single.take() {
            return Some(e);
        }
        let (entry, next) = *self.nodes.get(self.next as usize)?;
        self.next = next;
        Some(entry)
    }
}

fn decode(word: u32) -> Entry {
    Entry {
        zone: word & !INTERIOR,
        interior: word & INTERIOR != 0,
    }
}

/// The median zone's larger side, divided into [`CELLS_PER_ZONE`] cells.
fn cell_size(shapes: &[MultiPolygon<f64>]) -> f64 {
    let mut sides: Vec<f64> = shapes
        .iter()
        .filter_map(|s| s.bounding_rect())
        .map(|r| r.width().max(r.height()))
        .filter(|s| *s > 0.0)
        .collect();
    if sides.is_empty() {
        return 1.0;
    }
    let mid = sides.len() / 2;
    let (_, median, _) = sides.select_nth_unstable_by(mid, f64::total_cmp);
    *median / CELLS_PER_ZONE
}
