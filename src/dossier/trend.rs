//! Slide 6, change over time: the zone's published series of job-seekers
//! and those of the levels above (département, région), indexed (100 at the
//! first month) so that a commune and its région share one axis, with each
//! one's change over the last 12 months in persons and in percent. A zone
//! without a series of its own (an agency territory, a QPV) shows the levels
//! above and says so: every dossier has this page.

use super::figures::value_text;
use super::page::{Page, BOTTOM, MARGIN, WIDTH};
use super::{Dossier, SLIDES};
use crate::indicators::Value;
use crate::manifest::dates::month_label;
use crate::manifest::SeriesSpec;
use crate::render::chart::{line_chart_scaled, Chart, Curve};
use crate::render::scene::{Colour, Scene};
use crate::series::SeriesTable;

/// Curve colours, the zone's first (colour-blind safe).
const COLOURS: [Colour; 4] = [
    Colour::rgb(33, 145, 140),
    Colour::rgb(213, 94, 0),
    Colour::rgb(0, 114, 178),
    Colour::rgb(204, 121, 167),
];

/// One zone's published series, in persons.
struct Line {
    name: String,
    values: Vec<Option<f64>>,
}

/// The series of the zone and of each level above that has one.
fn lines(d: &Dossier, k: usize) -> Vec<Line> {
    let t = d.t;
    let table = &t.series[k];
    let mut zones = vec![(d.layer, d.zone)];
    zones.extend(d.sheet.levels.iter().filter_map(|l| {
        let (z, layer) = t.zone_layer(l.layer)?;
        Some((z, layer.index_of(l.code)?))
    }));
    zones
        .into_iter()
        .filter_map(|(z, i)| {
            Some(Line {
                name: t.zones[z].names[i].clone(),
                values: table.of(z, i)?.clone(),
            })
        })
        .collect()
}

/// "Nord : +2 860 personnes en 12 mois (+1,0 %)", from the last month with
/// a value and the month 12 earlier.
fn change_text(line: &Line, periods: &[(i32, u32)], unit: &str) -> Option<String> {
    let last = line.values.iter().rposition(Option::is_some)?;
    let (y, m) = periods[last];
    let before = periods.iter().position(|p| *p == (y - 1, m))?;
    let (now, then) = (line.values[last]?, line.values[before]?);
    let sign = |x: f64| if x > 0.0 { "+" } else { "" };
    let persons = value_text(Value::Number(now - then), unit);
    let pct = match then {
        0.0 => String::new(),
        _ => {
            let p = (now - then) / then * 100.0;
            format!(
                " ({}{})",
                sign(p),
                value_text(Value::Number((p * 10.0).round() / 10.0), "%")
            )
        }
    };
    Some(format!(
        "{}\u{a0}: {}{persons}{pct} entre {} et {}",
        line.name,
        sign(now - then),
        month_label(y - 1, m),
        month_label(y, m)
    ))
}

/// Slide 6.
pub fn change_over_time(d: &Dossier, number: usize) -> Scene {
    let t = d.t;
    // The first published series: the job-seekers' monthly counts.
    let found = (!t.series.is_empty()).then(|| (lines(d, 0), &t.series[0], &t.manifest.series[0]));
    let own = found
        .as_ref()
        .is_some_and(|(l, _, _)| l.first().is_some_and(|l| l.name == d.name()));
    let subtitle = match (&found, own) {
        (None, _) => "Aucune série publiée dans ce territoire",
        (Some(_), true) => "Série publiée, en indice (100 au premier mois), avec les niveaux au-dessus",
        (Some(_), false) => "Pas de série publiée pour la zone elle-même\u{a0}: celles des niveaux au-dessus, en indice (100 au premier mois)",
    };
    let mut p = Page::new(
        &format!("Évolution des demandeurs d’emploi — {}", d.name()),
        subtitle,
        &d.footer(),
        number,
        SLIDES,
    );
    let Some((lines, table, spec)) = found else {
        return p.scene;
    };
    for text in lines
        .iter()
        .filter_map(|l| change_text(l, &table.periods, &spec.unit))
    {
        p.paragraph(&text, 24.0, false);
    }
    let top = p.y - 10.0;
    let size = [WIDTH as f32 - 2.0 * MARGIN + 32.0, BOTTOM + 30.0 - top];
    let drawn = line_chart_scaled(
        &chart(&lines, table, spec),
        size[0] as u32,
        size[1] as u32,
        1.4,
    );
    p.scene.paste(drawn, [MARGIN - 16.0, top]);
    p.scene
}

/// The indexed curves with their source line, no title (the slide has one).
fn chart(lines: &[Line], table: &SeriesTable, spec: &SeriesSpec) -> Chart {
    let curves = lines
        .iter()
        .zip(COLOURS.iter().cycle())
        .map(|(l, &colour)| Curve {
            label: l.name.clone(),
            values: indexed(&l.values),
            colour,
        })
        .collect();
    Chart {
        title: String::new(),
        unit: "indice, 100 au premier mois".into(),
        periods: table.periods.clone(),
        curves,
        source: format!(
            "Source\u{a0}: {}. {}. Données publiques, sans secret statistique.",
            spec.source.trim_end_matches('.'),
            spec.label
        ),
    }
}

/// `values` as an index, 100 at the first value (none if it is 0).
fn indexed(values: &[Option<f64>]) -> Vec<Option<f64>> {
    let base = values
        .iter()
        .flatten()
        .next()
        .copied()
        .filter(|b| *b != 0.0);
    values.iter().map(|v| Some(100.0 * (*v)? / base?)).collect()
}
