//! Per-zone indicators, one kind per module.
//!
//! [`compute_layer`] evaluates every indicator of the manifest for one zone
//! layer, in dependency order, with the secrecy rule of [`crate::secrecy`].

mod count;
mod distance;
mod ratio;
pub mod score;
mod series;
mod services;

use crate::join::{Membership, ZoneIndex};
use crate::manifest::{evaluation_order, IndicatorKind, Manifest};
use crate::points::PointLayer;
use crate::zones::ZoneLayer;
use serde::{Serialize, Serializer};
use std::collections::HashMap;

pub use distance::DistanceCache;
pub use score::absent_terms;

/// One indicator's value for one zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A number.
    Number(f64),
    /// Masked by statistical secrecy.
    Secret,
    /// Not available (no data, division by zero, attribute missing).
    Missing,
}

impl Value {
    /// The number, if there is one.
    pub fn number(self) -> Option<f64> {
        match self {
            Value::Number(v) => Some(v),
            _ => None,
        }
    }

    /// True when masked by secrecy.
    pub fn is_secret(self) -> bool {
        self == Value::Secret
    }
}

/// Rounds to six decimals for output: more would only show float noise
/// (distances are computed in `f32`).
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

impl Serialize for Value {
    /// `{"value": 12.5, "secret": false}`; masked: `{"value": null, "secret": true}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Value", 2)?;
        st.serialize_field("value", &self.number().map(round6))?;
        st.serialize_field("secret", &self.is_secret())?;
        st.end()
    }
}

/// Everything an indicator of one zone layer may read.
pub struct Context<'a> {
    /// The zone layer.
    pub zones: &'a ZoneLayer,
    /// Its spatial index (grid for points, R-tree for boxes).
    pub index: &'a ZoneIndex,
    /// Every point layer, by id (shared by all zone layers).
    pub points: &'a HashMap<&'a str, &'a PointLayer>,
    /// Each point layer's membership in this zone layer, by point layer id.
    pub members: HashMap<&'a str, &'a Membership>,
    /// Nearest distances, shared by all zone layers.
    pub distances: &'a DistanceCache,
    /// The manifest.
    pub manifest: &'a Manifest,
    /// The zone layer's position in the territory (for per-layer data).
    pub layer: usize,
    /// Published time series, with their values per layer.
    pub series: &'a [crate::series::SeriesTable],
}

/// Indicator values for one zone layer: for each indicator id, one value per zone.
pub type IndicatorTable = HashMap<String, Vec<Value>>;

/// Computes every indicator for the zones of `ctx`.
pub fn compute_layer(ctx: &Context) -> IndicatorTable {
    compute_specs(ctx, evaluation_order(ctx.manifest))
}

/// Computes the indicators `ids` (which must include the indicators they are
/// computed from) for the zones of `ctx`.
pub fn compute_some(ctx: &Context, ids: &[String]) -> IndicatorTable {
    let order = evaluation_order(ctx.manifest);
    compute_specs(
        ctx,
        order.into_iter().filter(|s| ids.contains(&s.id)).collect(),
    )
}

fn compute_specs(ctx: &Context, specs: Vec<&crate::manifest::IndicatorSpec>) -> IndicatorTable {
    let mut table = IndicatorTable::new();
    for spec in specs {
        let start = std::time::Instant::now();
        let values = match &spec.kind {
            IndicatorKind::Count { points, filter } => count::compute(ctx, points, filter.as_ref()),
            IndicatorKind::Distance {
                from,
                to,
                statistic,
                beyond_km,
            } => distance::compute(ctx, from, to, *statistic, *beyond_km),
            IndicatorKind::Services { points, within_km } => {
                services::compute(ctx, points, within_km.unwrap_or(0.0))
            }
            IndicatorKind::Ratio {
                numerator,
                denominator,
                denominator_attribute,
                scale,
            } => {
                let den = ratio::Denominator::from_spec(
                    denominator.as_deref(),
                    denominator_attribute.as_deref(),
                );
                ratio::compute(ctx, &table, numerator, den, *scale)
            }
            IndicatorKind::Attribute { attribute } => ratio::attribute(ctx, attribute),
            IndicatorKind::Score { terms } => score::compute(&table, terms, ctx.zones.len()),
            IndicatorKind::Series {
                series,
                statistic,
                months,
            } => series::compute(ctx, series, *statistic, *months),
        };
        tracing::debug!(
            "indicator `{}` on `{}`: {:.3} s",
            spec.id,
            ctx.zones.id,
            start.elapsed().as_secs_f64()
        );
        table.insert(spec.id.clone(), rounded(values, spec.decimals()));
    }
    table
}

/// Values rounded to `decimals`, as they are published.
fn rounded(mut values: Vec<Value>, decimals: u8) -> Vec<Value> {
    let factor = 10f64.powi(decimals.into());
    for v in &mut values {
        if let Value::Number(x) = v {
            *x = (*x * factor).round() / factor;
        }
    }
    values
}
