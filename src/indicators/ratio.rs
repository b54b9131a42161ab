//! `ratio` (of two indicators, or of an indicator to a zone attribute) and
//! `attribute` (a joined attribute as is).

use super::{Context, IndicatorTable, Value};

/// What a ratio divides by.
pub enum Denominator<'a> {
    /// Another indicator.
    Indicator(&'a str),
    /// A zone attribute (e.g. population).
    Attribute(&'a str),
}

impl<'a> Denominator<'a> {
    /// From the manifest's two optional keys (validation ensures one is set).
    pub fn from_spec(indicator: Option<&'a str>, attribute: Option<&'a str>) -> Self {
        match (indicator, attribute) {
            (Some(i), _) => Denominator::Indicator(i),
            (None, a) => Denominator::Attribute(a.unwrap_or_default()),
        }
    }
}

/// `numerator / denominator × scale`; secret if either side is, missing on
/// a zero or missing denominator.
pub fn compute(
    ctx: &Context,
    table: &IndicatorTable,
    numerator: &str,
    den: Denominator,
    scale: f64,
) -> Vec<Value> {
    let num = &table[numerator];
    let den: Vec<Value> = match den {
        Denominator::Indicator(id) => table[id].clone(),
        Denominator::Attribute(name) => attribute(ctx, name),
    };
    num.iter()
        .zip(&den)
        .map(|(&n, &d)| match (n, d) {
            (Value::Secret, _) | (_, Value::Secret) => Value::Secret,
            (Value::Number(n), Value::Number(d)) if d != 0.0 => Value::Number(n / d * scale),
            _ => Value::Missing,
        })
        .collect()
}

/// The attribute's values; `Missing` for an empty cell or a layer without it.
pub fn attribute(ctx: &Context, name: &str) -> Vec<Value> {
    match ctx.zones.attributes.get(name) {
        Some(column) => column
            .iter()
            .map(|v| v.map_or(Value::Missing, Value::Number))
            .collect(),
        None => vec![Value::Missing; ctx.zones.len()],
    }
}
