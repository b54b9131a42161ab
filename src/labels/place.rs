//! Greedy placement: names are taken in order of importance, and each is
//! kept only if its box overlaps no box kept before (nor any obstacle, such
//! as a static map's legend). Boxes are found through a grid of cells.
//!
//! Greedy placement is what map renderers do for point labels (Mapnik's
//! placement finder, MapLibre's collision index): simple, O(n) with the grid,
//! and stable when placed over the whole territory once per zoom.

use std::collections::HashMap;

/// A box `[x0, y0, x1, y1]` in pixels.
pub type PixelBox = [f64; 4];

/// Side of the grid's cells, in pixels.
const CELL: f64 = 128.0;

/// Boxes kept so far.
#[derive(Default)]
pub struct Collisions {
    boxes: Vec<PixelBox>,
    cells: HashMap<(i64, i64), Vec<usize>>,
}

fn cells_of(b: &PixelBox) -> impl Iterator<Item = (i64, i64)> {
    let (cx0, cy0) = ((b[0] / CELL).floor() as i64, (b[1] / CELL).floor() as i64);
    let (cx1, cy1) = ((b[2] / CELL).floor() as i64, (b[3] / CELL).floor() as i64);
    (cx0..=cx1).flat_map(move |x| (cy0..=cy1).map(move |y| (x, y)))
}

fn overlap(a: &PixelBox, b: &PixelBox) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

impl Collisions {
    /// Keeps `b` if it overlaps no box kept before; says whether it did.
    pub fn try_insert(&mut self, b: PixelBox) -> bool {
        let free = cells_of(&b).all(|cell| {
            self.cells
                .get(&cell)
                .is_none_or(|list| list.iter().all(|&k| !overlap(&self.boxes[k], &b)))
        });
        if free {
            self.insert(b);
        }
        free
    }

    /// Keeps `b` whatever it overlaps (an obstacle).
    pub fn insert(&mut self, b: PixelBox) {
        let k = self.boxes.len();
        self.boxes.push(b);
        for cell in cells_of(&b) {
            self.cells.entry(cell).or_default().push(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    /// The grid keeps exactly what a comparison of every pair would keep.
    #[test]
    fn grid_agrees_with_brute_force() {
        let mut rng = rand_pcg::Pcg64::seed_from_u64(7);
        let mut grid = Collisions::default();
        let mut kept: Vec<PixelBox> = Vec::new();
        for _ in 0..2_000 {
            let (x, y) = (
                rng.random_range(-500.0..2_000.0),
                rng.random_range(-500.0..2_000.0),
            );
            let b = [
                x,
                y,
                x + rng.random_range(5.0..300.0),
                y + rng.random_range(5.0..40.0),
            ];
            let brute = kept.iter().all(|k| !overlap(k, &b));
            assert_eq!(grid.try_insert(b), brute);
            if brute {
                kept.push(b);
            }
        }
        assert!(kept.len() > 50);
    }
}
