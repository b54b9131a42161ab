//! Slide 5, help places: the public places (digital mediation, France
//! Services, agencies) inside the zone or within 10 km of it, nearest first,
//! with name, kind, address and distance to the zone.

use super::figures::french_km;
use super::page::{Page, BODY};
use super::{Dossier, SLIDES};
use crate::geodesy::degree_margin;
use crate::geometry::distance::to_zone_m;
use crate::points::PublicPoints;
use crate::render::scene::Scene;
use geo::BoundingRect;

/// Most places listed.
const PLACES: usize = 11;
/// Places within this distance of the zone, in metres.
pub const AROUND_M: f64 = 10_000.0;

/// A help place near the zone.
pub struct Place {
    /// Distance to the zone in metres, 0 inside.
    pub metres: f64,
    /// Its name.
    pub name: String,
    /// Its layer's label.
    pub kind: String,
    /// Its address, as the manifest's `address` columns give it.
    pub address: String,
}

/// The public places inside the zone or within [`AROUND_M`] of it, inside
/// first then nearest first (ties by name). Cost: each place in the zone's
/// box widened by 10 km is measured against every edge of the zone.
pub fn near(d: &Dossier) -> Vec<Place> {
    let t = d.t;
    let shape = &t.zones[d.layer].shapes[d.zone];
    let Some(rect) = shape.bounding_rect() else {
        return Vec::new();
    };
    let [dx, dy] = degree_margin([rect.min().x, rect.max().y], AROUND_M);
    let (min, max) = (rect.min(), rect.max());
    let mut found = Vec::new();
    for layer in (0..t.points.len()).filter_map(|p| PublicPoints::of(&t.points, p)) {
        let columns = t
            .manifest
            .point_layer(&layer.id)
            .map_or(&[][..], |s| &s.address[..]);
        for (i, &[x, y]) in layer.coords.iter().enumerate() {
            if x < min.x - dx || x > max.x + dx || y < min.y - dy || y > max.y + dy {
                continue;
            }
            let metres = to_zone_m(shape, [x, y]);
            if metres <= AROUND_M {
                found.push(Place {
                    metres,
                    name: layer.names.get(i).cloned().unwrap_or_default(),
                    kind: layer.label.clone(),
                    address: layer.address(columns, i),
                });
            }
        }
    }
    found.sort_by(|a, b| {
        a.metres
            .total_cmp(&b.metres)
            .then_with(|| a.name.cmp(&b.name))
    });
    found
}

/// Where the map of job-seekers and places goes: `[left, top, width, height]`.
const MAP: [u32; 4] = [1130, 215, 710, 760];
/// Right edge of the table, left of the map.
const TABLE_RIGHT: f32 = 1090.0;

/// Slide 5: the table of places on the left, a map of the job-seekers by
/// zone with the places on the right.
pub fn help_places(d: &Dossier, number: usize) -> Scene {
    let found = near(d);
    let inside = found.iter().filter(|p| p.metres == 0.0).count();
    let mut p = Page::new(
        &format!("Lieux d’aide — {}", d.name()),
        &format!(
            "Médiation numérique, France Services et agences\u{a0}: {inside} dans la zone, {} à moins de 10\u{a0}km",
            found.len() - inside
        ),
        &d.footer(),
        number,
        SLIDES,
    );
    p.right = TABLE_RIGHT;
    let [x, y, w, h] = MAP;
    let map = crate::render::clip::clip_to_size(density_map(d, [w, h]));
    p.scene.paste(map, [x as f32, y as f32]);
    if found.is_empty() {
        p.paragraph(
            "Aucun lieu d’aide publié dans la zone ni à moins de 10\u{a0}km.",
            BODY,
            false,
        );
        return p.scene;
    }
    table(&mut p, &found);
    p.paragraph(
        "Distances à vol d’oiseau jusqu’à la limite de la zone.",
        18.0,
        true,
    );
    p.scene
}

/// The places' table, nearest first, at most [`PLACES`] rows.
fn table(p: &mut Page, found: &[Place]) {
    let size = 18.0;
    let stops = [830.0, TABLE_RIGHT];
    let header = ["Lieu et adresse", "Type", "Distance à la zone"].map(String::from);
    let rows: Vec<Vec<String>> = found
        .iter()
        .take(PLACES)
        .flat_map(|place| {
            let distance = match place.metres {
                0.0 => "dans la zone".to_string(),
                m => french_km(m),
            };
            [
                vec![place.name.clone(), place.kind.clone(), distance],
                vec![
                    format!("   {}", place.address),
                    String::new(),
                    String::new(),
                ],
            ]
        })
        .collect();
    p.table(&header, &rows, &stops, size);
    if found.len() > PLACES {
        let more = crate::typography::count(found.len() - PLACES, "autre lieu", "autres lieux");
        p.paragraph(
            &format!("… et {more} (tous les lieux\u{a0}: carte de l’application)."),
            18.0,
            true,
        );
    }
}

/// The job-seekers by zone (communes of an agency territory, else the
/// zone's own layer) around the zone, with the help places.
fn density_map(d: &Dossier, size: [u32; 2]) -> Scene {
    let t = d.t;
    let split = d.sheet.split_by;
    let layer = d
        .sheet
        .children
        .iter()
        .find(|c| Some(c.layer) != split)
        .and_then(|c| t.zone_layer(c.layer))
        .map_or(d.layer, |(z, _)| z);
    let (_, jobseekers) = crate::hotspots::volume_and_size(&t.manifest, d.indicator);
    let indicator = jobseekers.unwrap_or(d.indicator);
    d.zone_map(layer, indicator, &indicator.label, size, Some(0.75))
}
