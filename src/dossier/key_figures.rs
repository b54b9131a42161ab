//! Slide 2, the key figures: the job-seekers, those not autonomous online
//! (number and share), the median distance to help and the exclusion score,
//! each with the people in and outside the QPVs, its rank among the zones
//! of its layer, and the values of the levels above side by side.

use super::figures::{distinct, median_distance, rank_text, stops, value_text};
use super::page::{Page, BODY};
use super::{Dossier, SLIDES};
use crate::indicators::Value;
use crate::manifest::{IndicatorKind, IndicatorSpec};
use crate::render::scene::Scene;
use crate::sheet::SheetIndicator;

/// The indicators of the slide, in this order and each once: the
/// job-seekers (the first unfiltered count), the people the dossier's
/// indicator counts (its numerator), that indicator, the first median
/// distance, the first score. A manifest with none of those kinds gives its
/// first six indicators.
pub fn key_indicators<'a>(d: &Dossier<'a>) -> Vec<&'a IndicatorSpec> {
    let m = &d.t.manifest;
    let (volume, size) = crate::hotspots::volume_and_size(m, d.indicator);
    let median = median_distance(m);
    let score = m
        .indicators
        .iter()
        .find(|i| matches!(i.kind, IndicatorKind::Score { .. }));
    let mut shown = distinct([size, volume, Some(d.indicator), median, score]);
    if shown.len() < 3 {
        shown = m.indicators.iter().take(6).collect();
    }
    shown
}

/// The slide's indicators with the sheet's figures.
fn shown<'a>(d: &'a Dossier) -> Vec<(&'a IndicatorSpec, &'a SheetIndicator<'a>)> {
    key_indicators(d)
        .into_iter()
        .filter_map(|spec| Some((spec, d.sheet.indicators.iter().find(|i| i.id == spec.id)?)))
        .collect()
}

/// The split layer's name (`QPV`) when a shown indicator has parts.
fn split_name(d: &Dossier, shown: &[(&IndicatorSpec, &SheetIndicator)]) -> Option<String> {
    d.sheet
        .split_by
        .filter(|_| shown.iter().any(|(_, i)| i.parts.is_some()))
        .map(str::to_uppercase)
}

/// The table's rows, as written on the slide: the zone, its QPV and
/// outside-QPV parts, its rank, then each level above; one column per
/// indicator.
pub fn rows(d: &Dossier) -> Vec<Vec<String>> {
    rows_of(d, &shown(d))
}

/// [`rows`] for the slide's indicators, already looked up.
fn rows_of(d: &Dossier, shown: &[(&IndicatorSpec, &SheetIndicator)]) -> Vec<Vec<String>> {
    let mut rows = vec![row(d.name(), shown, |i| i.value)];
    if let Some(name) = split_name(d, shown) {
        let part = |i: &SheetIndicator, inside: bool| {
            i.parts.as_ref().map_or(Value::Missing, |p| match inside {
                true => p.inside,
                false => p.outside,
            })
        };
        rows.push(row(&format!("dont en {name}"), shown, |i| part(i, true)));
        rows.push(row(&format!("hors {name}"), shown, |i| part(i, false)));
    }
    let mut ranks = vec!["Rang".to_string()];
    ranks.extend(
        shown
            .iter()
            .map(|(_, i)| i.rank.map_or("—".into(), |r| rank_text(r, i.ranked))),
    );
    rows.push(ranks);
    for (k, level) in d.sheet.levels.iter().enumerate() {
        let mut row = vec![level.name.to_string()];
        // A score ranks the zones of one layer against each other: a
        // level's score (a région alone in its layer) is not comparable.
        row.extend(shown.iter().map(|(spec, i)| match spec.kind {
            IndicatorKind::Score { .. } => "—".to_string(),
            _ => cell(i.levels[k], &spec.unit),
        }));
        rows.push(row);
    }
    rows
}

/// A row named `name`, with `value` of each shown indicator.
fn row(
    name: &str,
    shown: &[(&IndicatorSpec, &SheetIndicator)],
    value: impl Fn(&SheetIndicator) -> Value,
) -> Vec<String> {
    let mut row = vec![name.to_string()];
    row.extend(shown.iter().map(|(spec, i)| cell(value(i), &spec.unit)));
    row
}

/// Short units stay with the number ("16,8 %", "3 km"); long ones
/// ("personnes") go to the column's header.
fn keeps_unit(unit: &str) -> bool {
    matches!(unit, "%" | "km" | "m") || unit.starts_with("score")
}

/// A cell: the value with its unit if short, without it otherwise.
fn cell(v: Value, unit: &str) -> String {
    value_text(v, if keeps_unit(unit) { unit } else { "" })
}

/// A column's header: the label, with a long unit.
fn column_label(spec: &IndicatorSpec) -> String {
    match keeps_unit(&spec.unit) {
        true => spec.label.clone(),
        false => spec.label_with_unit(),
    }
}

/// Slide 2.
pub fn key_figures(d: &Dossier, number: usize) -> Scene {
    let shown = shown(d);
    let split = split_name(d, &shown);
    let mut p = Page::new(
        &format!("Chiffres clés — {}", d.name()),
        "La zone, son rang parmi les zones de sa couche et les niveaux au-dessus",
        &d.footer(),
        number,
        SLIDES,
    );
    let mut header = vec![String::new()];
    header.extend(shown.iter().map(|(spec, _)| column_label(spec)));
    let rows = rows_of(d, &shown);
    p.table(&header, &rows, &stops(header.len(), 720.0), BODY);
    p.skip(0.5);
    for note in notes(d, split.as_deref(), &shown) {
        p.paragraph(&note, 20.0, true);
    }
    p.scene
}

/// What the reader needs to read the table.
fn notes(
    d: &Dossier,
    split: Option<&str>,
    shown: &[(&IndicatorSpec, &SheetIndicator)],
) -> Vec<String> {
    let layer = &d.t.zones[d.layer].label;
    let mut notes = vec![format!(
        "Rang\u{a0}: parmi les zones de la couche «\u{a0}{layer}\u{a0}» qui ont une valeur publiée, la 1ʳᵉ ayant la valeur la plus forte."
    )];
    if let Some(name) = split {
        notes.push(format!(
            "En {name}\u{a0}: demandeurs d’emploi qui habitent un quartier prioritaire\u{a0}; hors {name}\u{a0}: les autres."
        ));
    }
    if let Some((score, _)) = shown
        .iter()
        .find(|(s, _)| matches!(s.kind, IndicatorKind::Score { .. }))
    {
        notes.push(format!(
            "{}\u{a0}: il compare les zones d’une même couche, il n’est donc pas donné pour les niveaux au-dessus.",
            score.label
        ));
    }
    notes
}
