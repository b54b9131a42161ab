//! The legend box of a static map: the indicator and its unit, one row per
//! class with its colour, the secret class (hatched, with its number of
//! zones), missing values, and the point layers drawn.

use super::furniture::{Mark, Panel};
use super::layers::paint_of;
use super::scene::{Colour, Paint};
use crate::indicators::Value;
use crate::legend::Legend;

/// What the legend box says.
pub struct LegendText<'a> {
    /// Indicator label.
    pub label: &'a str,
    /// Unit, possibly empty.
    pub unit: &'a str,
    /// Secrecy threshold: counts below it are masked.
    pub threshold: u32,
    /// Point layers drawn: label and colour.
    pub points: Vec<(String, Colour)>,
    /// Every value is a whole number (a count): bounds are written without decimals.
    pub whole: bool,
}

/// The legend box, its header wrapped to `max` pixels.
pub fn legend_panel(legend: &Legend, text: &LegendText, size: f32, max: f32) -> Panel {
    let mut panel = Panel::new(size);
    panel.wrapped(text.label, size * 1.1, max);
    if !text.unit.is_empty() {
        let unit = crate::typography::french(&format!("en {}", text.unit));
        panel.row(Mark::None, unit, size * 0.9);
    }
    let decimals = if text.whole { 0 } else { decimals_for(legend) };
    for class in &legend.classes {
        let range = format!(
            "{} – {}",
            french_number(class.min, decimals),
            french_number(class.max, decimals)
        );
        let paint = Paint::Solid(Colour::hex(&class.colour));
        panel.row(Mark::Swatch(paint), range, size);
    }
    special_row(
        &mut panel,
        legend,
        Value::Secret,
        "Secret statistique",
        size,
    );
    if legend.secret.zones > 0 {
        let note = format!(
            "moins de {}\u{a0}personnes, ou de quoi les retrouver",
            text.threshold
        );
        panel.row(Mark::None, note, size * 0.8);
    }
    special_row(&mut panel, legend, Value::Missing, "Non disponible", size);
    for (label, colour) in &text.points {
        panel.row(Mark::Dot(*colour), label.clone(), size);
    }
    panel
}

/// The row of the secret or the missing class, with its number of zones;
/// none when the class is empty.
fn special_row(panel: &mut Panel, legend: &Legend, value: Value, label: &str, size: f32) {
    let class = if value.is_secret() {
        &legend.secret
    } else {
        &legend.missing
    };
    if class.zones > 0 {
        let zones = crate::typography::count(class.zones, "zone", "zones");
        let paint = paint_of(legend, value, 255);
        panel.row(Mark::Swatch(paint), format!("{label} ({zones})"), size);
    }
}

/// Decimals enough to tell the class bounds apart: none for whole numbers
/// or large values, one from 10 up, two below.
fn decimals_for(legend: &Legend) -> usize {
    let bounds = legend.classes.iter().flat_map(|c| [c.min, c.max]);
    let (mut whole, mut largest) = (true, 0f64);
    for b in bounds {
        whole &= b.fract() == 0.0;
        largest = largest.max(b.abs());
    }
    match largest {
        _ if whole => 0,
        l if l >= 100.0 => 0,
        l if l >= 10.0 => 1,
        _ => 2,
    }
}

/// A number the French way: decimal comma, a no-break space between
/// thousands ("12 345,6").
pub fn french_number(x: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, x.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('\u{a0}');
        }
        grouped.push(digit);
    }
    let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match fraction {
        "" => format!("{sign}{grouped}"),
        f => format!("{sign}{grouped},{f}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::legend::Method;

    #[test]
    fn numbers_read_the_french_way() {
        assert_eq!(french_number(12345.678, 1), "12\u{a0}345,7");
        assert_eq!(french_number(0.5, 2), "0,50");
        assert_eq!(french_number(-1234.0, 0), "-1\u{a0}234");
        assert_eq!(french_number(-0.001, 1), "0,0");
        assert_eq!(french_number(999.0, 0), "999");
    }

    #[test]
    fn secret_and_missing_classes_are_listed_with_their_zones() {
        let mut values: Vec<Value> = (0..20).map(|i| Value::Number(i as f64 * 1.5)).collect();
        values.extend([Value::Secret, Value::Secret, Value::Missing]);
        let legend = Legend::new(&values, Method::Quantiles, 4);
        let text = LegendText {
            label: "Part des non autonomes",
            unit: "%",
            threshold: 11,
            points: vec![],
            whole: false,
        };
        let panel = legend_panel(&legend, &text, 16.0, 300.0);
        let rows: Vec<&str> = panel.rows.iter().map(|r| r.text.as_str()).collect();
        assert!(
            rows.contains(&"Secret statistique (2\u{a0}zones)"),
            "{rows:?}"
        );
        assert!(rows.contains(&"moins de 11\u{a0}personnes, ou de quoi les retrouver"));
        assert!(rows.contains(&"Non disponible (1\u{a0}zone)"));
        assert!(rows.contains(&"0,0 – 7,1"), "{rows:?}");
    }
}
