//! Where each point goes when a layer is put in Z-order (see
//! [`PointLayer::sort_spatially`](super::PointLayer::sort_spatially)).

use crate::geometry::bbox;
use rayon::prelude::*;

/// Bits per axis of the cells points are grouped by: 2¹⁰ × 2¹⁰ cells over
/// the layer's extent, about 1 km across France, finer than any grid the
/// join or the nearest-place search uses.
const CELL_BITS: u32 = 10;

/// The new position of every point: cells in Z-order, points of one cell in
/// their former order.
///
/// Why cells and a counting sort rather than a full sort of Z keys: points
/// of one kilometre-wide cell hit the same grid cells and rings whatever
/// their order within it, and a counting sort is two passes over the keys
/// instead of a comparison sort and a gather per column (national file,
/// 5 million points: 0.50 → 0.12 s, `cargo bench --bench csv_points`).
pub struct Placement {
    /// For point `i`, its index once reordered.
    to: Vec<u32>,
}

impl Placement {
    /// The placement of `coords` (`None` for fewer than two points).
    pub fn of(coords: &[[f64; 2]]) -> Option<Placement> {
        if coords.len() < 2 || coords.len() > u32::MAX as usize {
            return None;
        }
        let cells = cell_keys(coords);
        // Cumulated counts: where each cell's points start.
        let mut start = vec![0u32; 1 << (2 * CELL_BITS)];
        for &c in &cells {
            start[c as usize] += 1;
        }
        let mut total = 0;
        for slot in &mut start {
            (*slot, total) = (total, total + *slot);
        }
        let to = cells
            .iter()
            .map(|&c| {
                let at = &mut start[c as usize];
                *at += 1;
                *at - 1
            })
            .collect();
        Some(Placement { to })
    }

    /// Moves the items of `values` (one per point, or none) to their places.
    pub fn apply<T: Default + Send>(&self, values: &mut Vec<T>) {
        if values.len() != self.to.len() {
            return;
        }
        let mut placed: Vec<T> = std::iter::repeat_with(T::default)
            .take(values.len())
            .collect();
        for (value, &to) in values.drain(..).zip(&self.to) {
            placed[to as usize] = value;
        }
        *values = placed;
    }
}

/// Each point's cell as a Z-order key of `2 × CELL_BITS` bits.
fn cell_keys(coords: &[[f64; 2]]) -> Vec<u32> {
    let [x0, y0, x1, y1] = coords
        .par_iter()
        .fold(|| bbox::EMPTY, |b, &p| bbox::grow(b, p))
        .reduce(|| bbox::EMPTY, bbox::union);
    let steps = f64::from((1u32 << CELL_BITS) - 1);
    let scale =
        |v: f64, lo: f64, hi: f64| ((v - lo) / (hi - lo).max(f64::MIN_POSITIVE) * steps) as u32;
    coords
        .par_iter()
        .map(|&[x, y]| spread(scale(x, x0, x1)) | spread(scale(y, y0, y1)) << 1)
        .collect()
}

/// The low `CELL_BITS` bits of `v` spaced out to the even bits (the other
/// axis takes the odd ones).
fn spread(v: u32) -> u32 {
    let mut x = v & ((1 << CELL_BITS) - 1);
    x = (x | x << 8) & 0x00ff_00ff;
    x = (x | x << 4) & 0x0f0f_0f0f;
    x = (x | x << 2) & 0x3333_3333;
    (x | x << 1) & 0x5555_5555
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_come_in_z_order_and_keep_their_points_in_file_order() {
        let coords: Vec<[f64; 2]> = (0..5000u64)
            .map(|i| [(i * 7919 % 1000) as f64, (i * 104_729 % 997) as f64])
            .collect();
        let keys = cell_keys(&coords);
        let placement = Placement::of(&coords).unwrap();
        let mut order: Vec<usize> = (0..coords.len()).collect();
        placement.apply(&mut order);
        let mut expected = order.clone();
        expected.sort_by_key(|&i| (keys[i], i));
        assert_eq!(order, expected);
        let mut placed = coords.clone();
        placement.apply(&mut placed);
        assert_eq!(placed, order.iter().map(|&i| coords[i]).collect::<Vec<_>>());
    }

    #[test]
    fn values_of_another_length_are_left_alone() {
        let placement = Placement::of(&[[0.0, 0.0], [1.0, 1.0]]).unwrap();
        let mut names: Vec<String> = Vec::new();
        placement.apply(&mut names);
        assert!(names.is_empty());
    }
}
