//! The dossier's slides of numbers and words: title, key figures, where to
//! act, help places, change over time, method. Every value comes from the
//! published tables (the sheet's values): a secret value is written
//! "secret", a missing one "—".

use super::page::{Page, BODY, MARGIN, WIDTH};
use super::{Dossier, SLIDES};
use crate::geodesy::haversine_m;
use crate::indicators::Value;
use crate::points::PublicPoints;
use crate::render::chart::{line_chart, Chart, Curve};
use crate::render::scene::{Colour, Scene};
use geo::{BoundingRect, InteriorPoint};

/// Slide 1: the zone's name and kind, the territory, the vintage, the notice.
pub fn title(d: &Dossier) -> Scene {
    let t = d.t;
    let kind = &t.zones[d.layer].label;
    let mut p = Page::new(
        "Diagnostic territorial",
        &t.manifest.territory.name,
        &d.footer(),
        1,
        SLIDES,
    );
    p.skip(2.0);
    p.paragraph(d.name(), 72.0, false);
    p.paragraph(
        &format!("{kind} · code {}", t.zones[d.layer].codes[d.zone]),
        32.0,
        true,
    );
    p.skip(1.0);
    if let Some(date) = &d.date {
        p.paragraph(&format!("Données\u{a0}: {date}"), 32.0, false);
    }
    p.skip(1.0);
    p.paragraph(
        "Document de travail — données soumises au secret statistique",
        30.0,
        false,
    );
    p.paragraph(
        &format!("Sources\u{a0}: {}", t.manifest.territory.source),
        22.0,
        true,
    );
    p.scene
}

/// Slide 2: every indicator with the zone's value, its rank and the values
/// of the levels above.
pub fn key_figures(d: &Dossier, number: usize) -> Scene {
    let t = d.t;
    let s = &d.sheet;
    let mut p = Page::new(
        &format!("Chiffres clés — {}", d.name()),
        "La zone, son rang parmi les zones de sa couche et les niveaux au-dessus",
        &d.footer(),
        number,
        SLIDES,
    );
    let mut header = vec![
        "Indicateur".to_string(),
        d.name().to_string(),
        "Rang".to_string(),
    ];
    header.extend(s.levels.iter().map(|l| l.name.to_string()));
    let rows: Vec<Vec<String>> = s
        .indicators
        .iter()
        .map(|ind| {
            let spec = t
                .manifest
                .indicator(ind.id)
                .expect("sheet indicators are the manifest's");
            let rank = ind
                .rank
                .map_or("—".into(), |r| format!("{r}/{}", ind.ranked));
            let mut row = vec![spec.label.clone(), value_text(ind.value, &spec.unit), rank];
            row.extend(ind.levels.iter().map(|v| value_text(*v, &spec.unit)));
            row
        })
        .collect();
    let stops = stops(header.len(), 860.0);
    p.table(&header, &rows, &stops, BODY * 0.85);
    p.scene
}

/// Right edges of the columns after the first, spread from `first` to the margin.
fn stops(columns: usize, first: f32) -> Vec<f32> {
    let right = WIDTH as f32 - MARGIN;
    let n = columns.saturating_sub(1).max(1) as f32;
    (1..columns)
        .map(|k| first + (right - first) * k as f32 / n)
        .collect()
}

/// Slide 4: the zones inside (a commune's or a territory's QPVs or
/// communes), or beside (a QPV's neighbours in its commune), ranked by the
/// indicator, with their volume.
pub fn where_to_act(d: &Dossier, number: usize) -> Scene {
    let t = d.t;
    let (layer, members) = members(d);
    let ind = &d.indicator.id;
    let values = &t.indicators[layer][ind];
    let (volume, size) = crate::hotspots::volume_and_size(&t.manifest, d.indicator);
    let mut ranked: Vec<usize> = members;
    ranked.sort_by(|&a, &b| {
        values[b]
            .number()
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&values[a].number().unwrap_or(f64::NEG_INFINITY))
    });
    let label = &t.zones[layer].label;
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
    let mut header = vec![label.clone(), d.indicator.label.clone()];
    header.extend(volume.map(|v| v.label.clone()));
    header.extend(
        size.filter(|s| Some(s.id.as_str()) != volume.map(|v| v.id.as_str()))
            .map(|s| s.label.clone()),
    );
    let rows: Vec<Vec<String>> = ranked
        .iter()
        .map(|&k| {
            let mut row = vec![
                t.zones[layer].names[k].clone(),
                value_text(values[k], &d.indicator.unit),
            ];
            row.extend(volume.map(|v| value_text(t.indicators[layer][&v.id][k], &v.unit)));
            row.extend(
                size.filter(|s| Some(s.id.as_str()) != volume.map(|v| v.id.as_str()))
                    .map(|s| value_text(t.indicators[layer][&s.id][k], &s.unit)),
            );
            row
        })
        .collect();
    let stops = stops(header.len(), 1000.0);
    let drawn = p.table(&header, &rows, &stops, BODY * 0.85);
    let concerned = volume.map_or(String::new(), |v| {
        format!("\u{202f}; concernés\u{a0}: {}", v.label.to_lowercase())
    });
    p.paragraph(
        &format!(
            "Valeur\u{a0}: {}{concerned}. Zones de valeur secrète en dernier.",
            d.indicator.label.to_lowercase()
        ),
        20.0,
        true,
    );
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
    p.scene
}

/// The zones the "where to act" slide lists: the QPVs inside the zone (else
/// its communes), or, for a zone with none below it, the zones of its layer
/// that share its first parent.
fn members(d: &Dossier) -> (usize, Vec<usize>) {
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

/// Most places listed.
const PLACES: usize = 14;
/// Places within this distance of the zone (metres beyond its bounding circle).
const AROUND_M: f64 = 10_000.0;

/// Slide 5: the help places in the zone or within 10 km, nearest first.
pub fn help_places(d: &Dossier, number: usize) -> Scene {
    let t = d.t;
    let shape = &t.zones[d.layer].shapes[d.zone];
    let centre = shape
        .interior_point()
        .map_or([0.0, 0.0], |p| [p.x(), p.y()]);
    let reach = shape.bounding_rect().map_or(0.0, |r| {
        haversine_m(centre, [r.max().x, r.max().y]).max(haversine_m(centre, [r.min().x, r.min().y]))
    }) + AROUND_M;
    let mut found: Vec<(f64, String, String, String)> = Vec::new();
    for layer in (0..t.points.len()).filter_map(|p| PublicPoints::of(&t.points, p)) {
        let columns = t
            .manifest
            .point_layer(&layer.id)
            .map_or(&[][..], |s| &s.address[..]);
        for (i, p) in layer.coords.iter().enumerate() {
            let m = haversine_m(centre, *p);
            if m <= reach {
                let name = layer.names.get(i).cloned().unwrap_or_default();
                found.push((m, name, layer.label.clone(), layer.address(columns, i)));
            }
        }
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut p = Page::new(&format!("Lieux d’aide — {}", d.name()), "Médiation numérique, France Services et agences dans la zone ou à moins de 10\u{a0}km, les plus proches d’abord", &d.footer(), number, SLIDES);
    let header = ["Lieu", "Type", "Adresse", "Distance"]
        .map(String::from)
        .to_vec();
    let rows: Vec<Vec<String>> = found
        .iter()
        .take(PLACES)
        .map(|(m, name, kind, address)| {
            vec![
                name.clone(),
                kind.clone(),
                address.clone(),
                format!(
                    "{}\u{a0}km",
                    crate::render::legend_panel::french_number(m / 1000.0, 1)
                ),
            ]
        })
        .collect();
    if rows.is_empty() {
        p.paragraph(
            "Aucun lieu d’aide publié dans la zone ni à moins de 10\u{a0}km.",
            BODY,
            false,
        );
    } else {
        p.table(
            &header,
            &rows,
            &[1000.0, 1680.0, WIDTH as f32 - MARGIN],
            BODY * 0.7,
        );
    }
    p.paragraph(
        "Distances à vol d’oiseau depuis le centre de la zone.",
        20.0,
        true,
    );
    p.scene
}

/// Slide 6: the zone's published series and those of the levels above,
/// indexed (100 at the first month), so that a commune and its département
/// share one axis.
pub fn change_over_time(d: &Dossier) -> Scene {
    let t = d.t;
    let s = &d.sheet;
    let colours = [
        Colour::rgb(33, 145, 140),
        Colour::rgb(213, 94, 0),
        Colour::rgb(0, 114, 178),
        Colour::rgb(204, 121, 167),
    ];
    let mut levels = vec![(d.layer, d.zone)];
    levels.extend(s.levels.iter().filter_map(|l| {
        let (z, layer) = t.zone_layer(l.layer)?;
        Some((z, layer.index_of(l.code)?))
    }));
    // The first published series (the job-seekers' counts).
    let series = (!t.series.is_empty()).then_some(0);
    let mut curves = Vec::new();
    let mut periods = Vec::new();
    let mut source = String::new();
    if let Some(k) = series {
        let table = &t.series[k];
        periods = table.periods.clone();
        source = t.manifest.series[k].source.clone();
        for (n, &(l, i)) in levels.iter().enumerate() {
            if let Some(values) = table.of(l, i) {
                let base = values.iter().flatten().next().copied().filter(|b| *b > 0.0);
                let indexed = values.iter().map(|v| Some(100.0 * (*v)? / base?)).collect();
                curves.push(Curve {
                    label: t.zones[l].names[i].clone(),
                    values: indexed,
                    colour: colours[n % colours.len()],
                });
            }
        }
    }
    let own = curves.first().is_some_and(|c| c.label == d.name());
    let note = if own {
        ""
    } else {
        " (pas de série publiée pour la zone\u{a0}: niveaux au-dessus)"
    };
    let chart = Chart {
        title: format!("Évolution des demandeurs d’emploi — {}{note}", d.name()),
        unit: "indice, 100 au premier mois".into(),
        periods,
        curves,
        source: format!(
            "Source\u{a0}: {source}. Données publiques, sans secret statistique. {}",
            d.footer()
        ),
    };
    line_chart(&chart, super::page::WIDTH, super::page::HEIGHT)
}

/// Slide 7: what each indicator is, the sources, secrecy, the vintage.
pub fn method(d: &Dossier, number: usize) -> Scene {
    let t = d.t;
    let mut p = Page::new(
        "Méthode",
        "Définitions, sources et secret statistique",
        &d.footer(),
        number,
        SLIDES,
    );
    for ind in &t.manifest.indicators {
        let unit = if ind.unit.is_empty() {
            String::new()
        } else {
            format!(" ({})", ind.unit)
        };
        p.paragraph(
            &format!("{}{unit}\u{a0}: {}", ind.label, ind.description),
            19.0,
            false,
        );
    }
    p.skip(0.5);
    let threshold = t.manifest.secrecy.threshold;
    p.paragraph(&format!("Secret statistique\u{a0}: un effectif de 1 à {}\u{a0}personnes n’est jamais publié, ni aucun chiffre qui permettrait de le retrouver par différence, complément ou division\u{a0}; ces valeurs sont écrites «\u{a0}secret\u{a0}».", threshold.saturating_sub(1)), 19.0, false);
    p.paragraph(
        &format!(
            "Sources\u{a0}: {}.",
            t.manifest.territory.source.trim_end_matches('.')
        ),
        19.0,
        true,
    );
    p.scene
}

/// A published value with its unit, the French way: "1 563 personnes",
/// "23,4 %", "0,45 km", "secret" for a masked value, "—" for a missing one.
pub fn value_text(v: Value, unit: &str) -> String {
    let x = match v {
        Value::Secret => return "secret".into(),
        Value::Missing => return "—".into(),
        Value::Number(x) => x,
    };
    let text = crate::render::legend_panel::french_number(x, 2);
    let text = if text.contains(',') {
        text.trim_end_matches('0').trim_end_matches(',').to_string()
    } else {
        text
    };
    match unit {
        "" => text,
        "%" => format!("{text}\u{202f}%"),
        u if u.starts_with("score") => text,
        u => format!("{text}\u{a0}{}", singular_below_two(x, u)),
    }
}

/// The unit in the singular for 0 and 1 ("1 agence", "0 lieu").
fn singular_below_two(x: f64, unit: &str) -> &str {
    if x.abs() >= 2.0 {
        return unit;
    }
    match unit {
        "personnes" => "personne",
        "habitants" => "habitant",
        "lieux" => "lieu",
        "agences" => "agence",
        other => other,
    }
}
