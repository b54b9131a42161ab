//! Line charts of monthly series as scenes (so PNG, SVG and PDF alike): a
//! title, the curves, round values on the left axis with light grid lines,
//! the years below, a legend of the curves and the source line. Months
//! without a value break the curve rather than being drawn as zero.

use super::furniture::{Mark, Panel};
use super::legend_panel::french_number;
use super::scene::{Anchor, Colour, Paint, Scene, Shape, Stroke, INK, WHITE};

/// One curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// What it is ("Carvin", "Pas-de-Calais").
    pub label: String,
    /// One value per period of the chart, `None` where there is none.
    pub values: Vec<Option<f64>>,
    /// Its colour.
    pub colour: Colour,
}

/// A chart to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Title, above; none when empty (a chart inside a slide that has one).
    pub title: String,
    /// The unit of the values ("personnes"), under the title.
    pub unit: String,
    /// The periods, `(year, month)`, in order.
    pub periods: Vec<(i32, u32)>,
    /// The curves.
    pub curves: Vec<Curve>,
    /// The source line, below.
    pub source: String,
}

/// A round step for about `ticks` intervals over `span`: 1, 2 or 5 × 10ⁿ.
fn nice_step(span: f64, ticks: f64) -> f64 {
    let raw = (span / ticks).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .find(|m| m * power >= raw)
        .unwrap_or(10.0);
    step * power
}

/// The axis range and its ticks: round values around the data.
fn axis(values: impl Iterator<Item = f64>) -> Option<(f64, f64, Vec<f64>)> {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    if !lo.is_finite() {
        return None;
    }
    let step = nice_step((hi - lo).max(hi.abs() * 0.1).max(1.0), 5.0);
    let (from, to) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    let to = if to <= from { from + step } else { to };
    let ticks = (0..)
        .map(|k| from + k as f64 * step)
        .take_while(|v| *v <= to + step / 2.0)
        .collect();
    Some((from, to, ticks))
}

/// The chart as a scene of `width` × `height` pixels.
pub fn line_chart(chart: &Chart, width: u32, height: u32) -> Scene {
    let u = (width as f32 / 1600.0).min(height as f32 / 900.0);
    line_chart_scaled(chart, width, height, u)
}

/// The chart with its text `u` times the size it has on a 1600 × 900
/// picture: a chart inside a slide keeps the slide's text size.
pub fn line_chart_scaled(chart: &Chart, width: u32, height: u32, u: f32) -> Scene {
    let (w, h) = (width as f32, height as f32);
    let (title, body, small, margin) = (
        (30.0 * u).max(14.0),
        (16.0 * u).max(10.0),
        (13.0 * u).max(9.0),
        (16.0 * u).max(6.0),
    );
    let mut scene = Scene::new(width, height, Some(WHITE));
    // Without a title (a chart inside a slide that has one), the unit line
    // goes up.
    let title = if chart.title.is_empty() { 0.0 } else { title };
    if title > 0.0 {
        scene.text(
            [margin, margin + title],
            title,
            Anchor::Start,
            chart.title.clone(),
        );
    }
    scene.text(
        [margin, margin + title + 1.6 * body],
        body,
        Anchor::Start,
        crate::typography::french(&format!("en {}", chart.unit)),
    );
    let mut legend = Panel::new(body);
    for c in &chart.curves {
        legend.row(Mark::Swatch(Paint::Solid(c.colour)), c.label.clone(), body);
    }
    let [lw, _] = legend.size();
    legend.draw(&mut scene, [w - margin - lw, margin]);
    let mut source = Panel::new(small);
    source.wrapped(&chart.source, small, w - 2.0 * margin);
    let [_, sh] = source.size();
    source.draw(&mut scene, [margin, h - margin - sh]);
    let plot = [
        margin + 5.0 * body,
        margin + title + 3.5 * body,
        w - 2.0 * margin - lw,
        h - 2.0 * margin - sh - 2.0 * body,
    ];
    draw_plot(&mut scene, chart, plot, small);
    scene
}

/// Axes, grid, years and curves inside `[left, top, right, bottom]`.
fn draw_plot(scene: &mut Scene, chart: &Chart, [left, top, right, bottom]: [f32; 4], small: f32) {
    let all = chart
        .curves
        .iter()
        .flat_map(|c| c.values.iter().flatten().copied());
    let Some((from, to, ticks)) = axis(all) else {
        let note = "Pas de valeur publiée sur la période.";
        scene.text(
            [(left + right) / 2.0, (top + bottom) / 2.0],
            small * 1.2,
            Anchor::Middle,
            note,
        );
        return;
    };
    let n = chart.periods.len().max(2) - 1;
    let x = |k: usize| left + (right - left) * k as f32 / n as f32;
    let y = |v: f64| bottom - (bottom - top) * ((v - from) / (to - from)) as f32;
    let grid = Stroke {
        colour: Colour::rgb(224, 224, 224),
        width: 1.0,
    };
    let decimals = if ticks.iter().all(|t| t.fract() == 0.0) {
        0
    } else {
        1
    };
    for &t in &ticks {
        scene.shape(
            Shape::Line(vec![[left, y(t)], [right, y(t)]]),
            None,
            Some(grid),
        );
        let label = french_number(t, decimals);
        scene.text(
            [left - small * 0.5, y(t) + small * 0.35],
            small,
            Anchor::End,
            label,
        );
    }
    let axis = Stroke {
        colour: INK,
        width: 1.2,
    };
    scene.shape(
        Shape::Line(vec![[left, bottom], [right, bottom]]),
        None,
        Some(axis),
    );
    for (k, (year, month)) in chart.periods.iter().enumerate() {
        if *month == 1 || k == 0 {
            scene.shape(
                Shape::Line(vec![[x(k), bottom], [x(k), bottom + small * 0.4]]),
                None,
                Some(axis),
            );
            scene.text(
                [x(k), bottom + small * 1.5],
                small,
                Anchor::Middle,
                year.to_string(),
            );
        }
    }
    for c in &chart.curves {
        let stroke = Stroke {
            colour: c.colour,
            width: (small / 5.0).max(1.5),
        };
        for run in runs(&c.values) {
            let points = run.map(|(k, v)| [x(k), y(v)]).collect::<Vec<_>>();
            if points.len() > 1 {
                scene.shape(Shape::Line(points), None, Some(stroke));
            }
        }
    }
}

/// The runs of consecutive values of a curve, with their positions.
fn runs(
    values: &[Option<f64>],
) -> impl Iterator<Item = impl Iterator<Item = (usize, f64)> + '_> + '_ {
    values
        .split(Option::is_none)
        .scan(0usize, |start, run| {
            let first = *start;
            *start += run.len() + 1;
            Some((first, run))
        })
        .filter(|(_, run)| !run.is_empty())
        .map(|(first, run)| {
            run.iter()
                .enumerate()
                .map(move |(k, v)| (first + k, v.unwrap_or_default()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_axes_hold_the_data() {
        let (from, to, ticks) = axis([1_234.0, 1_987.0].into_iter()).unwrap();
        assert!(from <= 1_234.0 && to >= 1_987.0, "{from}–{to}");
        assert!(ticks.iter().all(|t| t % 100.0 == 0.0), "{ticks:?}");
        assert!(axis(std::iter::empty()).is_none());
        let (from, to, _) = axis([5.0, 5.0].into_iter()).unwrap();
        assert!(from < to);
    }

    #[test]
    fn gaps_break_the_curve() {
        let values = [
            Some(1.0),
            Some(2.0),
            None,
            Some(3.0),
            None,
            None,
            Some(4.0),
            Some(5.0),
        ];
        let found: Vec<Vec<usize>> = runs(&values).map(|r| r.map(|(k, _)| k).collect()).collect();
        assert_eq!(found, vec![vec![0, 1], vec![3], vec![6, 7]]);
    }

    #[test]
    fn a_chart_writes_its_title_years_and_legend() {
        let chart = Chart {
            title: "Demandeurs d’emploi".into(),
            unit: "personnes".into(),
            periods: (1..=24)
                .map(|m| (2023 + (m - 1) / 12, ((m - 1) % 12 + 1) as u32))
                .collect(),
            curves: vec![Curve {
                label: "Carvin".into(),
                values: (0..24).map(|k| Some(1_000.0 + k as f64)).collect(),
                colour: Colour::rgb(33, 145, 140),
            }],
            source: "France Travail – Dares".into(),
        };
        let svg = super::super::svg::encode(&line_chart(&chart, 960, 540));
        for text in [
            "Demandeurs d’emploi",
            "2023",
            "2024",
            "Carvin",
            "France Travail",
        ] {
            assert!(svg.contains(text), "{text}");
        }
    }
}
