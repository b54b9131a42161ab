//! `series`: a figure of a published time series attached to the layer (its
//! latest value, or its change over N months). Published figures: no secrecy.

use super::{Context, Value};
use crate::manifest::SeriesStatistic;

/// The statistic per zone; missing where the zone has no series or the
/// periods it needs are absent.
pub fn compute(ctx: &Context, series: &str, stat: SeriesStatistic, months: u32) -> Vec<Value> {
    let table = ctx.series.iter().find(|s| s.id == series);
    (0..ctx.zones.len())
        .map(|i| {
            table
                .and_then(|t| t.statistic(t.of(ctx.layer, i)?, stat, months))
                .map_or(Value::Missing, Value::Number)
        })
        .collect()
}
