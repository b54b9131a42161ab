//! `distance`: how far a zone's people live from the nearest help place.
//!
//! Each point's distance to the nearest point of the service layers is
//! computed once (over all cores) and shared by every zone layer; then each
//! zone summarises its own points' distances (median, mean, 90th percentile,
//! or share beyond N km).

use super::{Context, Value};
use crate::manifest::{DistanceStatistic, IndicatorKind, Manifest};
use crate::nearest::NearestIndex;
use crate::points::PointLayer;
use std::collections::HashMap;

/// Per-point nearest distances (metres), by (from layer, service layers).
#[derive(Default)]
pub struct DistanceCache {
    distances: HashMap<(String, Vec<String>), Vec<f32>>,
}

impl DistanceCache {
    /// Computes the distances every `distance` indicator of the manifest needs.
    pub fn build(manifest: &Manifest, layers: &HashMap<&str, &PointLayer>) -> DistanceCache {
        let mut cache = DistanceCache::default();
        for ind in &manifest.indicators {
            let IndicatorKind::Distance { from, to, .. } = &ind.kind else {
                continue;
            };
            let key = key(from, to);
            if cache.distances.contains_key(&key) {
                continue;
            }
            let start = std::time::Instant::now();
            let index = NearestIndex::new(to.iter().flat_map(|t| layers[t.as_str()].coords.iter()));
            let distances = index.distances_m(&layers[from.as_str()].coords);
            tracing::debug!(
                "nearest of {to:?} for `{from}`: {:.3} s",
                start.elapsed().as_secs_f64()
            );
            cache.distances.insert(key, distances);
        }
        cache
    }

    /// How many positions were measured, over all the pairs of layers.
    pub fn measured(&self) -> usize {
        self.distances.values().map(Vec::len).sum()
    }

    /// The distances of `from`'s points to the nearest point of `to`.
    pub fn get(&self, from: &str, to: &[String]) -> &[f32] {
        &self.distances[&key(from, to)]
    }
}

fn key(from: &str, to: &[String]) -> (String, Vec<String>) {
    let mut to = to.to_vec();
    to.sort();
    (from.to_string(), to)
}

/// The statistic per zone, in km (or % for `share_beyond`).
pub fn compute(
    ctx: &Context,
    from: &str,
    to: &[String],
    stat: DistanceStatistic,
    beyond_km: Option<f64>,
) -> Vec<Value> {
    let layer = ctx.points[from];
    let members = ctx.members[from];
    let all = ctx.distances.get(from, to);
    let mut buffer: Vec<f32> = Vec::new();
    (0..ctx.zones.len())
        .map(|z| {
            buffer.clear();
            buffer.extend(
                members
                    .of(z)
                    .iter()
                    .map(|&p| all[p as usize])
                    .filter(|d| d.is_finite()),
            );
            let beyond = beyond_km.unwrap_or(0.0);
            let value = summarise(&mut buffer, stat, beyond);
            let rule = &ctx.manifest.secrecy;
            match stat {
                // A share is a part of the zone's people (rule 6).
                DistanceStatistic::ShareBeyond if !buffer.is_empty() => {
                    let far = count_beyond(&buffer, beyond);
                    match rule.part(far, buffer.len(), layer.private) {
                        Value::Number(_) => Value::Number(value.unwrap_or(0.0)),
                        other => other,
                    }
                }
                _ => rule.statistic(value, buffer.len(), layer.private),
            }
        })
        .collect()
}

/// Summarises distances in metres; returns km, or % for `share_beyond`.
pub fn summarise(d: &mut [f32], stat: DistanceStatistic, beyond_km: f64) -> Option<f64> {
    if d.is_empty() {
        return None;
    }
    let km = |m: f64| m / 1000.0;
    Some(match stat {
        DistanceStatistic::Mean => km(d.iter().map(|&x| x as f64).sum::<f64>() / d.len() as f64),
        DistanceStatistic::Median => km(quantile(d, 0.5)),
        DistanceStatistic::P90 => km(quantile(d, 0.9)),
        DistanceStatistic::ShareBeyond => {
            100.0 * count_beyond(d, beyond_km) as f64 / d.len() as f64
        }
    })
}

/// How many distances (metres) are beyond `km`.
fn count_beyond(d: &[f32], km: f64) -> usize {
    let limit = (km * 1000.0) as f32;
    d.iter().filter(|&&x| x > limit).count()
}

/// Quantile with linear interpolation between order statistics (type 7, as
/// in R, numpy and pandas). Cost: O(n) with selection.
fn quantile(d: &mut [f32], q: f64) -> f64 {
    let pos = q * (d.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let (_, &mut low, upper) = d.select_nth_unstable_by(lo, f32::total_cmp);
    let frac = pos - lo as f64;
    if frac == 0.0 || upper.is_empty() {
        return low as f64;
    }
    let high = upper.iter().copied().fold(f32::INFINITY, f32::min);
    low as f64 + frac * (high as f64 - low as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_numpy() {
        let mut d = [4000.0, 1000.0, 3000.0, 2000.0];
        assert_eq!(summarise(&mut d, DistanceStatistic::Median, 0.0), Some(2.5));
        assert!((summarise(&mut d, DistanceStatistic::P90, 0.0).unwrap() - 3.7).abs() < 1e-9);
        assert_eq!(summarise(&mut d, DistanceStatistic::Mean, 0.0), Some(2.5));
        assert_eq!(
            summarise(&mut d, DistanceStatistic::ShareBeyond, 2.5),
            Some(50.0)
        );
        assert_eq!(summarise(&mut [], DistanceStatistic::Median, 0.0), None);
    }
}
