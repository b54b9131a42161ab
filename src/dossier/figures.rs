//! The dossier's title and method slides, and how every slide writes a
//! value, a rank or a distance. Every value comes from the published tables
//! (the sheet's values): a secret value is written "secret statistique", a
//! missing one "—".

use super::page::{Page, MARGIN, WIDTH};
use super::{Dossier, SLIDES};
use crate::indicators::Value;
use crate::manifest::{DistanceStatistic, IndicatorKind, IndicatorSpec, Manifest};
use crate::render::scene::Scene;

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

/// Right edges of the columns after the first, spread from `first` to the margin.
pub fn stops(columns: usize, first: f32) -> Vec<f32> {
    let right = WIDTH as f32 - MARGIN;
    let n = columns.saturating_sub(1).max(1) as f32;
    (1..columns)
        .map(|k| first + (right - first) * k as f32 / n)
        .collect()
}

/// Slide 7: what each indicator shown is, the secrecy rule and what it
/// masked in this dossier, the sources, the vintage.
pub fn method(d: &Dossier, number: usize) -> Scene {
    let t = d.t;
    let mut p = Page::new(
        "Méthode",
        "Définitions, secret statistique, sources",
        &d.footer(),
        number,
        SLIDES,
    );
    for ind in super::key_figures::key_indicators(d) {
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
    p.paragraph(&format!("Secret statistique\u{a0}: un effectif de 1 à {}\u{a0}personnes n’est jamais publié, ni aucun chiffre qui permettrait de le retrouver par différence, complément ou division\u{a0}; ces valeurs sont écrites «\u{a0}{SECRET}\u{a0}».", threshold.saturating_sub(1)), 19.0, false);
    p.paragraph(&masked_sentence(d), 19.0, false);
    p.skip(0.5);
    p.paragraph(
        &format!(
            "Sources\u{a0}: {}.",
            t.manifest.territory.source.trim_end_matches('.')
        ),
        19.0,
        true,
    );
    if let Some(date) = &d.date {
        p.paragraph(&format!("Données\u{a0}: {date}."), 19.0, true);
    }
    p.scene
}

/// How many values the secrecy rule masked on the key-figures and
/// where-to-act pages.
fn masked_sentence(d: &Dossier) -> String {
    let key = super::key_figures::rows(d)
        .iter()
        .flatten()
        .filter(|c| *c == SECRET)
        .count();
    let (_, _, rows) = super::where_to_act::table(d);
    let zones = rows
        .iter()
        .filter(|r| r.iter().any(|c| c == SECRET))
        .count();
    if key + zones == 0 {
        return "Dans ce dossier, aucune valeur n’est masquée.".into();
    }
    let values = crate::typography::count(key, "valeur masquée", "valeurs masquées");
    let listed = crate::typography::count(zones, "zone", "zones");
    format!("Dans ce dossier\u{a0}: {values} dans les chiffres clés\u{a0}; {listed} de la page «\u{a0}Où agir\u{a0}» avec au moins une valeur masquée.")
}

/// How a masked value is written.
pub const SECRET: &str = "secret statistique";

/// A published value with its unit, the French way: "1 563 personnes",
/// "23,4 %", "0,45 km", "secret statistique" for a masked value, "—" for a
/// missing one.
pub fn value_text(v: Value, unit: &str) -> String {
    let x = match v {
        Value::Secret => return SECRET.into(),
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

/// The manifest's first median distance (to the nearest help place).
pub fn median_distance(m: &Manifest) -> Option<&IndicatorSpec> {
    m.indicators.iter().find(|i| {
        matches!(
            i.kind,
            IndicatorKind::Distance {
                statistic: DistanceStatistic::Median,
                ..
            }
        )
    })
}

/// A distance in metres written in km with one decimal: "3,2 km".
pub fn french_km(metres: f64) -> String {
    format!(
        "{}\u{a0}km",
        crate::render::legend_panel::french_number(metres / 1000.0, 1)
    )
}

/// The indicators present in `list`, in its order, each once.
pub fn distinct<'a>(
    list: impl IntoIterator<Item = Option<&'a IndicatorSpec>>,
) -> Vec<&'a IndicatorSpec> {
    let mut out: Vec<&IndicatorSpec> = Vec::new();
    for i in list.into_iter().flatten() {
        if !out.iter().any(|o| o.id == i.id) {
            out.push(i);
        }
    }
    out
}

/// A rank in words: "1ʳᵉ sur 87", "26ᵉ sur 87".
pub fn rank_text(rank: usize, of: usize) -> String {
    let mark = if rank == 1 { "ʳᵉ" } else { "ᵉ" };
    format!("{rank}{mark} sur {of}")
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
