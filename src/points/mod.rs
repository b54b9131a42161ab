//! Point layers: positions in WGS84 plus the few columns that indicators filter on.
//!
//! Only the columns an indicator needs are kept, as small dictionaries: a
//! private layer never keeps identifiers, and 5 million points stay small.

use crate::manifest::Filter;

mod z_order;
use std::collections::{BTreeMap, HashMap};

/// Dictionaries up to this size are searched value by value, not hashed.
const LINEAR_SEARCH: usize = 8;

/// A categorical column: each point holds an index into `values`.
#[derive(Debug, Default, Clone)]
pub struct Categorical {
    /// Distinct values, in order of first appearance.
    pub values: Vec<String>,
    /// One index into `values` per point.
    pub codes: Vec<u32>,
    /// Position of each value in `values`: a dated column has thousands of
    /// distinct values, too many for a linear search per row.
    lookup: HashMap<String, u32>,
}

impl Categorical {
    /// An empty column with room for `points` codes.
    pub fn with_capacity(points: usize) -> Categorical {
        Categorical {
            codes: Vec::with_capacity(points),
            ..Categorical::default()
        }
    }

    /// Appends one point's value.
    pub fn push(&mut self, value: &str) {
        self.push_bytes(value.as_bytes());
    }

    /// Appends one point's value given as UTF-8 bytes (readers keep fields
    /// as bytes: turning millions of them into `str` to compare them with a
    /// handful of values cost more than the comparison).
    pub fn push_bytes(&mut self, value: &[u8]) {
        let code = self.code_of(value);
        self.codes.push(code);
    }

    /// The dictionary index of `value`, added when new.
    fn code_of(&mut self, value: &[u8]) -> u32 {
        // Most kept columns have a handful of values (category, age band,
        // autonomy): comparing with each is cheaper than hashing the value,
        // done for every row of millions.
        if self.values.len() <= LINEAR_SEARCH {
            if let Some(code) = self.values.iter().position(|v| v.as_bytes() == value) {
                return code as u32;
            }
        }
        let value = String::from_utf8_lossy(value);
        if let Some(&code) = self.lookup.get(value.as_ref()) {
            return code;
        }
        let code = self.values.len() as u32;
        self.values.push(value.to_string());
        self.lookup.insert(value.into_owned(), code);
        code
    }

    /// Appends another column's values (after this one's), merging dictionaries.
    pub fn append(&mut self, other: Categorical) {
        let remap: Vec<u32> = other
            .values
            .iter()
            .map(|v| self.code_of(v.as_bytes()))
            .collect();
        self.codes
            .extend(other.codes.into_iter().map(|c| remap[c as usize]));
    }

    /// For each dictionary value, whether the filter keeps it.
    pub fn accepted(&self, filter: &Filter) -> Vec<bool> {
        self.values
            .iter()
            .map(|v| {
                if let Some(eq) = &filter.equals {
                    v == eq
                } else if let Some(ne) = &filter.not_equals {
                    v != ne
                } else if let Some(before) = &filter.before {
                    crate::manifest::dates::parse_day(v).is_some() && v.as_str() < before.as_str()
                } else {
                    filter.one_of.as_ref().is_some_and(|set| set.contains(v))
                }
            })
            .collect()
    }
}

/// A loaded point layer.
#[derive(Debug, Default)]
pub struct PointLayer {
    /// Layer id from the manifest.
    pub id: String,
    /// Display label.
    pub label: String,
    /// Personal data: never served one by one; counts are subject to secrecy.
    pub private: bool,
    /// Positions (longitude, latitude) of the points that have coordinates.
    pub coords: Vec<[f64; 2]>,
    /// Kept columns, aligned with `coords`.
    pub columns: BTreeMap<String, Categorical>,
    /// Public layers only: a display name per point (empty for private layers).
    pub names: Vec<String>,
    /// What the reader noticed.
    pub read: ReadStats,
}

/// How many example line or row numbers of rows without coordinates a
/// reader keeps for the quality report.
pub const EXAMPLES: usize = 5;

/// What a point reader noticed.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct ReadStats {
    /// Rows or features in the file.
    pub rows: usize,
    /// Rows with an empty coordinate (address not geocoded).
    pub without_coordinates: usize,
    /// First few line numbers (or row numbers) of such rows.
    pub without_coordinates_examples: Vec<u64>,
    /// What those numbers count: `lines` of a text file, `rows` of a database.
    pub examples_are: &'static str,
    /// The CRS of the coordinates.
    pub crs: String,
}

impl PointLayer {
    /// Number of points with coordinates.
    pub fn len(&self) -> usize {
        self.coords.len()
    }

    /// True when no point has coordinates.
    pub fn is_empty(&self) -> bool {
        self.coords.is_empty()
    }

    /// Point `i`'s address: the non-empty values of `columns`, joined by
    /// commas, with typographic apostrophes ("rue de l’Université").
    pub fn address(&self, columns: &[String], i: usize) -> String {
        let parts: Vec<&str> = columns
            .iter()
            .filter_map(|c| self.value(c, i))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect();
        crate::typography::apostrophes(&parts.join(", "))
    }

    /// The value of a kept column for point `i`.
    pub fn value(&self, column: &str, i: usize) -> Option<&str> {
        let c = self.columns.get(column)?;
        Some(c.values[*c.codes.get(i)? as usize].as_str())
    }

    /// Which points a filter keeps (`None` keeps all). The column must exist:
    /// loading checks that.
    pub fn mask(&self, filter: Option<&Filter>) -> Option<Vec<bool>> {
        let filter = filter?;
        let column = self.columns.get(&filter.column)?;
        let accepted = column.accepted(filter);
        Some(column.codes.iter().map(|&c| accepted[c as usize]).collect())
    }
}

/// A point layer that may be shown: never a private one. [`PublicPoints::of`]
/// is the only way to make one and refuses private layers, and whatever draws
/// or encodes points (vector tiles, static maps) takes this type: personal
/// data cannot reach them by mistake, whatever a route forgets to check.
#[derive(Debug, Clone, Copy)]
pub struct PublicPoints<'a> {
    layer: &'a PointLayer,
    index: usize,
}

impl<'a> PublicPoints<'a> {
    /// Point layer `index` of `layers`, unless it is private (or absent).
    pub fn of(layers: &'a [PointLayer], index: usize) -> Option<PublicPoints<'a>> {
        let layer = layers.get(index)?;
        (!layer.private).then_some(PublicPoints { layer, index })
    }

    /// The layer's position among the territory's point layers.
    pub fn index(&self) -> usize {
        self.index
    }
}

impl std::ops::Deref for PublicPoints<'_> {
    type Target = PointLayer;

    fn deref(&self) -> &PointLayer {
        self.layer
    }
}

impl PointLayer {
    /// Reorders the points along a Z-order curve over their extent, so that
    /// points near each other on the map are near each other in memory.
    ///
    /// Why: the join and the nearest-place search look up grid cells and
    /// polygons by position; in file order (by identifier, or random) five
    /// million points walk the whole grid and miss the cache on most lookups,
    /// in Z-order consecutive points hit the same cells and rings (national
    /// report: join 2.5 → 0.6 s, nearest places 2.0 → 1.0 s). Only for layers
    /// whose order means nothing: private ones, never listed one by one.
    /// Cost: two passes over the kilometre cells of the points (a counting
    /// sort, `points/z_order.rs`), then each column placed once, in parallel.
    pub fn sort_spatially(&mut self) {
        use rayon::prelude::*;
        let Some(placement) = z_order::Placement::of(&self.coords) else {
            return;
        };
        let (coords, columns, names) = (&mut self.coords, &mut self.columns, &mut self.names);
        rayon::join(
            || placement.apply(coords),
            || {
                columns
                    .par_iter_mut()
                    .for_each(|(_, c)| placement.apply(&mut c.codes));
                placement.apply(names);
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer_of(coords: Vec<[f64; 2]>) -> PointLayer {
        let mut column = Categorical::default();
        for p in &coords {
            column.push(&format!("{},{}", p[0], p[1]));
        }
        PointLayer {
            columns: BTreeMap::from([("where".to_string(), column)]),
            coords,
            ..PointLayer::default()
        }
    }

    #[test]
    fn sorting_spatially_keeps_each_point_with_its_values() {
        let coords: Vec<[f64; 2]> = (0..1000)
            .map(|i| [(i * 7919 % 1000) as f64 / 10.0, (i * 104_729 % 997) as f64])
            .collect();
        let mut layer = layer_of(coords.clone());
        layer.sort_spatially();
        let mut seen = layer.coords.clone();
        for (i, p) in layer.coords.iter().enumerate() {
            assert_eq!(
                layer.value("where", i),
                Some(format!("{},{}", p[0], p[1]).as_str())
            );
        }
        seen.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let mut expected = coords;
        expected.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert_eq!(seen, expected);
    }

    #[test]
    fn sorting_spatially_puts_the_four_quadrants_one_after_the_other() {
        let corners = [[0.0, 0.0], [10.0, 10.0], [0.0, 10.0], [10.0, 0.0]];
        let mut coords = Vec::new();
        for k in 0..40 {
            let [x, y] = corners[k % 4];
            coords.push([x + (k / 4) as f64 * 0.01, y]);
        }
        let mut layer = layer_of(coords);
        layer.sort_spatially();
        let quadrant = |p: &[f64; 2]| (p[0] > 5.0, p[1] > 5.0);
        let changes = layer
            .coords
            .windows(2)
            .filter(|w| quadrant(&w[0]) != quadrant(&w[1]))
            .count();
        assert_eq!(changes, 3, "{:?}", layer.coords);
    }
}
