//! Slide 4, where to act: the zones inside the dossier's zone (its QPVs,
//! else its communes), or beside it (a QPV's neighbours in its commune),
//! ranked by the dossier's indicator, with the people concerned, the
//! job-seekers and the distance to help.

use super::figures::{distinct, median_distance, stops, value_text};
use super::page::{Page, BODY};
use super::{Dossier, SLIDES};
use crate::manifest::IndicatorSpec;
use crate::render::scene::Scene;

/// The slide's table: its zone layer, header and rows, best first; zones
/// whose value is secret or missing last.
pub fn table(d: &Dossier) -> (usize, Vec<String>, Vec<Vec<String>>) {
    let t = d.t;
    let (layer, mut ranked) = members(d);
    let values = &t.indicators[layer][&d.indicator.id];
    ranked.sort_by(|&a, &b| {
        let key = |k: usize| values[k].number().unwrap_or(f64::NEG_INFINITY);
        key(b).total_cmp(&key(a))
    });
    let columns = columns(d);
    let mut header = vec![t.zones[layer].label.clone()];
    header.extend(columns.iter().map(|c| c.label.clone()));
    let rows = ranked
        .iter()
        .map(|&k| {
            let mut row = vec![t.zones[layer].names[k].clone()];
            row.extend(
                columns
                    .iter()
                    .map(|c| value_text(t.indicators[layer][&c.id][k], &c.unit)),
            );
            row
        })
        .collect();
    (layer, header, rows)
}

/// The table's columns: the indicator, the people it counts, the
/// job-seekers, the median distance to help (each once).
fn columns<'a>(d: &Dossier<'a>) -> Vec<&'a IndicatorSpec> {
    let m = &d.t.manifest;
    let (volume, size) = crate::hotspots::volume_and_size(m, d.indicator);
    let median = median_distance(m);
    distinct([Some(d.indicator), volume, size, median])
}

/// Slide 4.
pub fn where_to_act(d: &Dossier, number: usize) -> Scene {
    let (layer, header, rows) = table(d);
    let label = &d.t.zones[layer].label;
    let mut p = Page::new(
        &format!("Où agir — {}", d.name()),
        &format!(
            "{label} classés par «\u{a0}{}\u{a0}», avec les effectifs concernés",
            d.indicator.label
        ),
        &d.footer(),
        number,
        SLIDES,
    );
    let drawn = p.table(&header, &rows, &stops(header.len(), 1000.0), BODY * 0.85);
    if drawn < rows.len() {
        p.paragraph(
            &format!(
                "… et {} autres (liste complète\u{a0}: tableau de l’application).",
                rows.len() - drawn
            ),
            22.0,
            true,
        );
    }
    p.skip(0.3);
    p.paragraph(
        "Zones de valeur secrète ou manquante en dernier. Définitions\u{a0}: page «\u{a0}Méthode\u{a0}».",
        20.0,
        true,
    );
    p.scene
}

/// The zones the "where to act" slide lists: the QPVs inside the zone (else
/// its communes), or, for a zone with none below it, the zones of its layer
/// that share its first parent.
pub fn members(d: &Dossier) -> (usize, Vec<usize>) {
    let t = d.t;
    let zones = &t.zones[d.layer];
    let s = &d.sheet;
    let split = t.manifest.territory.split_by.as_deref().unwrap_or("qpv");
    for wanted in [Some(split), None] {
        let found: Vec<_> = s
            .children
            .iter()
            .filter(|c| wanted.is_none_or(|w| c.layer == w))
            .collect();
        if let Some(first) = found.first() {
            let (l, layer) = t
                .zone_layer(first.layer)
                .expect("children are of known layers");
            let list = found
                .iter()
                .filter(|c| c.layer == first.layer)
                .filter_map(|c| layer.index_of(c.code))
                .collect();
            return (l, list);
        }
    }
    let parent = s.parents.first().map(|p| p.zone);
    let shares = t.parents[d.layer].as_ref();
    let siblings = (0..zones.len()).filter(|&k| {
        parent.is_none() || shares.is_some_and(|s| s[k].first().map(|p| p.zone) == parent)
    });
    (d.layer, siblings.collect())
}
