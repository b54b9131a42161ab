//! Point layers: positions in WGS84 plus the few columns that indicators filter on.
//!
//! Only the columns an indicator needs are kept, as small dictionaries: a
//! private layer never keeps identifiers, and 5 million points stay small.

use crate::manifest::Filter;
use std::collections::{BTreeMap, HashMap};

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
    /// Appends one point's value.
    pub fn push(&mut self, value: &str) {
        let code = self.code_of(value);
        self.codes.push(code);
    }

    /// The dictionary index of `value`, added when new.
    fn code_of(&mut self, value: &str) -> u32 {
        if let Some(&code) = self.lookup.get(value) {
            return code;
        }
        let code = self.values.len() as u32;
        self.values.push(value.to_string());
        self.lookup.insert(value.to_string(), code);
        code
    }

    /// Appends another column's values (after this one's), merging dictionaries.
    pub fn append(&mut self, other: Categorical) {
        let remap: Vec<u32> = other.values.iter().map(|v| self.code_of(v)).collect();
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

/// What a point reader noticed.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct ReadStats {
    /// Rows or features in the file.
    pub rows: usize,
    /// Rows with an empty coordinate (address not geocoded).
    pub without_coordinates: usize,
    /// First few line numbers (or feature indices) of such rows.
    pub without_coordinates_examples: Vec<u64>,
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
