//! Legends for choropleth maps: class breaks (quantiles by default, Jenks
//! natural breaks or equal intervals), a colour-blind-safe sequential palette
//! (viridis: light for low values, dark for high ones), the number of zones per
//! class, and separate classes for secret and missing values.

use crate::indicators::Value;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// How class breaks are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Each class holds about as many zones.
    #[default]
    Quantiles,
    /// Jenks natural breaks: classes as homogeneous as possible.
    Jenks,
    /// Classes of equal width.
    EqualIntervals,
}

/// Colour of secret values (a neutral grey, drawn hatched on maps).
pub const SECRET_COLOUR: &str = "#9e9e9e";
/// Colour of missing values.
pub const MISSING_COLOUR: &str = "#eeeeee";

/// Viridis, from light (low) to dark (high): readable with every colour-vision deficiency.
const VIRIDIS: [[u8; 3]; 9] = [
    [253, 231, 37],
    [181, 222, 43],
    [110, 206, 88],
    [53, 183, 121],
    [31, 158, 137],
    [38, 130, 142],
    [49, 104, 142],
    [62, 73, 137],
    [72, 40, 120],
];

/// One class of a legend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Class {
    /// Lower bound (inclusive).
    pub min: f64,
    /// Upper bound (inclusive for the last class, exclusive otherwise).
    pub max: f64,
    /// Fill colour, `#rrggbb`.
    pub colour: String,
    /// Zones in the class.
    pub zones: usize,
}

/// A whole legend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Legend {
    /// How the breaks were chosen.
    pub method: Method,
    /// Classes, low to high.
    pub classes: Vec<Class>,
    /// Zones whose value is secret (own class, own colour).
    pub secret: Class,
    /// Zones without a value.
    pub missing: Class,
}

impl Legend {
    /// Builds the legend of `values` with at most `k` classes (2 to 9).
    pub fn new(values: &[Value], method: Method, k: usize) -> Legend {
        let mut numbers: Vec<f64> = values.iter().filter_map(|v| v.number()).collect();
        numbers.sort_by(f64::total_cmp);
        let breaks = breaks(&numbers, method, k.clamp(2, 9));
        let colours = palette(breaks.len().saturating_sub(1));
        let mut classes: Vec<Class> = breaks
            .windows(2)
            .zip(colours)
            .map(|(b, colour)| Class {
                min: b[0],
                max: b[1],
                colour,
                zones: 0,
            })
            .collect();
        for &x in &numbers {
            if let Some(i) = class_index(&classes, x) {
                classes[i].zones += 1;
            }
        }
        let count = |f: fn(&Value) -> bool| values.iter().filter(|v| f(v)).count();
        let special = |colour: &str, zones| Class {
            min: f64::NAN,
            max: f64::NAN,
            colour: colour.into(),
            zones,
        };
        Legend {
            method,
            classes,
            secret: special(SECRET_COLOUR, count(|v| v.is_secret())),
            missing: special(MISSING_COLOUR, count(|v| *v == Value::Missing)),
        }
    }

    /// The colour of a value on this legend.
    pub fn colour(&self, v: Value) -> &str {
        match v {
            Value::Secret => &self.secret.colour,
            Value::Missing => &self.missing.colour,
            Value::Number(x) => class_index(&self.classes, x)
                .map_or(&self.missing.colour, |i| &self.classes[i].colour),
        }
    }
}

/// Which legend: zone layer index, indicator id, method, number of classes.
type LegendKey = (usize, String, Method, usize);

/// Legends of one data version, each computed once: raster tiles, static
/// maps and the legend route all ask for the same few (Jenks costs about a
/// millisecond, too much to pay on every tile). At most layers × indicators ×
/// 3 methods × 8 class counts entries, so no bound is needed.
#[derive(Default)]
pub struct LegendCache {
    kept: RwLock<HashMap<LegendKey, Arc<Legend>>>,
}

impl LegendCache {
    /// The legend of `values` (indicator `indicator` of zone layer `layer`),
    /// from memory or computed now and kept.
    pub fn get(
        &self,
        (layer, indicator): (usize, &str),
        values: &[Value],
        method: Method,
        k: usize,
    ) -> Arc<Legend> {
        let key = (layer, indicator.to_string(), method, k);
        if let Some(legend) = self
            .kept
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return legend.clone();
        }
        let legend = Arc::new(Legend::new(values, method, k));
        let mut kept = self.kept.write().unwrap_or_else(|e| e.into_inner());
        kept.entry(key).or_insert(legend).clone()
    }
}

fn class_index(classes: &[Class], x: f64) -> Option<usize> {
    let last = classes.len().checked_sub(1)?;
    classes
        .iter()
        .position(|c| x >= c.min && x < c.max)
        .or((x >= classes[last].min && x <= classes[last].max).then_some(last))
}

/// Breaks from min to max (k + 1 values, fewer when values repeat).
fn breaks(sorted: &[f64], method: Method, k: usize) -> Vec<f64> {
    let (Some(&lo), Some(&hi)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    let mut b: Vec<f64> = match method {
        Method::Quantiles => (0..=k)
            .map(|i| quantile(sorted, i as f64 / k as f64))
            .collect(),
        Method::EqualIntervals => (0..=k)
            .map(|i| lo + (hi - lo) * i as f64 / k as f64)
            .collect(),
        Method::Jenks => jenks(sorted, k),
    };
    b.dedup();
    if b.len() == 1 {
        b.push(hi);
    }
    b
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (sorted[pos.floor() as usize], sorted[pos.ceil() as usize]);
    lo + (hi - lo) * pos.fract()
}

/// Jenks natural breaks, exact over every value: the `k` classes of least
/// within-class sum of squares (the objective of Fisher's programme and of
/// Ckmeans.1d.dp).
///
/// Cost: O(k · n log n) time, O(k · n) memory. Each class's cost comes from
/// prefix sums in O(1), and the dynamic programme's rows are filled by divide
/// and conquer, since the best start of the last class never moves left when
/// the data grow to the right (Wang and Song, 2011). The `ckmeans` crate does
/// the same but pulls `wasm-bindgen` and `js-sys` into a server build.
fn jenks(sorted: &[f64], k: usize) -> Vec<f64> {
    let n = sorted.len();
    let k = k.clamp(1, n);
    let sums = PrefixSums::new(sorted);
    // best[j]: least cost of data[..=j] in c + 1 classes; starts[c][j]: where its last class starts.
    let mut best: Vec<f64> = (0..n).map(|j| sums.cost(0, j)).collect();
    let mut starts = vec![vec![0usize; n]; k];
    for (c, row) in starts.iter_mut().enumerate().skip(1) {
        let mut next = vec![f64::INFINITY; n];
        let mut row_of = Row {
            previous: &best,
            best: &mut next,
            starts: row,
            sums: &sums,
        };
        row_of.fill(c..=n - 1, c..=n - 1);
        best = next;
    }
    let mut breaks = vec![sorted[n - 1]];
    let mut j = n - 1;
    for c in (1..k).rev() {
        let i = starts[c][j];
        breaks.push(sorted[i]);
        j = i - 1;
    }
    breaks.push(sorted[0]);
    breaks.reverse();
    breaks
}

/// Sums and sums of squares of the sorted values, for class costs in O(1).
struct PrefixSums {
    sum: Vec<f64>,
    squares: Vec<f64>,
}

impl PrefixSums {
    fn new(sorted: &[f64]) -> PrefixSums {
        let mut sum = vec![0.0; sorted.len() + 1];
        let mut squares = vec![0.0; sorted.len() + 1];
        for (i, x) in sorted.iter().enumerate() {
            sum[i + 1] = sum[i] + x;
            squares[i + 1] = squares[i] + x * x;
        }
        PrefixSums { sum, squares }
    }

    /// The sum of squared deviations from their mean of values `i..=j`.
    fn cost(&self, i: usize, j: usize) -> f64 {
        let n = (j + 1 - i) as f64;
        let s = self.sum[j + 1] - self.sum[i];
        (self.squares[j + 1] - self.squares[i] - s * s / n).max(0.0)
    }
}

/// One row of the programme: one more class than `previous`.
struct Row<'a> {
    previous: &'a [f64],
    best: &'a mut [f64],
    starts: &'a mut [usize],
    sums: &'a PrefixSums,
}

impl Row<'_> {
    /// Fills ends `ends`, knowing their best starts lie in `candidates`.
    fn fill(
        &mut self,
        ends: std::ops::RangeInclusive<usize>,
        candidates: std::ops::RangeInclusive<usize>,
    ) {
        let (lo, hi) = (*ends.start(), *ends.end());
        if lo > hi {
            return;
        }
        let mid = lo + (hi - lo) / 2;
        let (mut best, mut start) = (f64::INFINITY, *candidates.start());
        for i in *candidates.start()..=(*candidates.end()).min(mid) {
            let total = self.previous[i - 1] + self.sums.cost(i, mid);
            if total < best {
                (best, start) = (total, i);
            }
        }
        self.best[mid] = best;
        self.starts[mid] = start;
        if mid > lo {
            self.fill(lo..=mid - 1, *candidates.start()..=start);
        }
        self.fill(mid + 1..=hi, start..=*candidates.end());
    }
}

/// `n` colours spread over viridis.
pub fn palette(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let t = if n > 1 {
                i as f64 / (n - 1) as f64
            } else {
                0.5
            } * (VIRIDIS.len() - 1) as f64;
            let (a, b) = (VIRIDIS[t.floor() as usize], VIRIDIS[t.ceil() as usize]);
            let mix =
                |k: usize| (a[k] as f64 + (b[k] as f64 - a[k] as f64) * t.fract()).round() as u8;
            format!("#{:02x}{:02x}{:02x}", mix(0), mix(1), mix(2))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(xs: &[f64]) -> Vec<Value> {
        xs.iter().map(|&x| Value::Number(x)).collect()
    }

    #[test]
    fn quantile_classes_hold_every_zone() {
        let mut v = values(&(1..=100).map(f64::from).collect::<Vec<_>>());
        v.push(Value::Secret);
        v.push(Value::Missing);
        let legend = Legend::new(&v, Method::Quantiles, 5);
        assert_eq!(legend.classes.len(), 5);
        assert_eq!(legend.classes.iter().map(|c| c.zones).sum::<usize>(), 100);
        assert!(legend.classes.iter().all(|c| (19..=21).contains(&c.zones)));
        assert_eq!((legend.secret.zones, legend.missing.zones), (1, 1));
        assert_eq!(legend.colour(Value::Secret), SECRET_COLOUR);
        assert_eq!(
            legend.colour(Value::Number(100.0)),
            legend.classes[4].colour
        );
    }

    /// The least within-class sum of squares by trying every split: O(n^k).
    fn brute_force_cost(data: &[f64], k: usize) -> f64 {
        let sums = PrefixSums::new(data);
        fn go(s: &PrefixSums, from: usize, n: usize, k: usize) -> f64 {
            if k == 1 {
                return s.cost(from, n - 1);
            }
            (from + 1..=n - k + 1)
                .map(|i| s.cost(from, i - 1) + go(s, i, n, k - 1))
                .fold(f64::INFINITY, f64::min)
        }
        go(&sums, 0, data.len(), k)
    }

    /// The cost of the classes whose breaks are `b` (each value in the class
    /// whose lower break it reaches).
    fn cost_of_breaks(data: &[f64], b: &[f64]) -> f64 {
        let sums = PrefixSums::new(data);
        let mut cost = 0.0;
        let mut start = 0;
        for lower in b[1..b.len() - 1].iter().chain([&f64::INFINITY]) {
            let end = data.partition_point(|x| x < lower);
            cost += sums.cost(start, end - 1);
            start = end;
        }
        cost
    }

    #[test]
    fn jenks_is_optimal_on_seeded_data() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_pcg::Pcg64::seed_from_u64(9);
        for _ in 0..60 {
            let n = rng.random_range(6..14);
            let mut data: Vec<f64> = (0..n)
                .map(|_| (rng.random_range(0.0..100.0f64)).round())
                .collect();
            data.sort_by(f64::total_cmp);
            data.dedup();
            for k in 2..=4.min(data.len()) {
                let b = jenks(&data, k);
                let found = cost_of_breaks(&data, &b);
                let best = brute_force_cost(&data, k);
                assert!(
                    (found - best).abs() < 1e-6,
                    "{data:?} k={k}: {found} vs {best}"
                );
            }
        }
    }

    #[test]
    fn jenks_finds_obvious_groups() {
        let legend = Legend::new(
            &values(&[1.0, 1.1, 1.2, 5.0, 5.1, 5.2, 9.0, 9.1, 9.2]),
            Method::Jenks,
            3,
        );
        let counts: Vec<usize> = legend.classes.iter().map(|c| c.zones).collect();
        assert_eq!(counts, vec![3, 3, 3]);
    }

    #[test]
    fn the_cache_computes_each_legend_once() {
        let v = values(&[1.0, 2.0, 3.0, 10.0]);
        let cache = LegendCache::default();
        let a = cache.get((0, "x"), &v, Method::Quantiles, 3);
        assert!(Arc::ptr_eq(
            &a,
            &cache.get((0, "x"), &v, Method::Quantiles, 3)
        ));
        let jenks = cache.get((0, "x"), &v, Method::Jenks, 3);
        assert!(!Arc::ptr_eq(&a, &jenks));
        assert_eq!(jenks.classes, Legend::new(&v, Method::Jenks, 3).classes);
    }

    #[test]
    fn equal_intervals_and_constant_values() {
        let legend = Legend::new(&values(&[0.0, 10.0]), Method::EqualIntervals, 2);
        assert_eq!(legend.classes[1].min, 5.0);
        let flat = Legend::new(&values(&[4.0, 4.0]), Method::Quantiles, 5);
        assert_eq!(flat.classes.len(), 1);
        assert_eq!(flat.classes[0].zones, 2);
        assert_eq!(palette(2), vec!["#fde725", "#482878"]);
    }
}
