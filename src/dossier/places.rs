//! Slide 5, help places: the public places (digital mediation, France
//! Services, agencies) inside the zone or within 10 km of it, nearest first,
//! with name, kind, address and distance to the zone.

use super::figures::french_km;
use super::page::{Page, BODY, MARGIN, WIDTH};
use super::{Dossier, SLIDES};
use crate::geodesy::degree_margin;
use crate::geometry::distance::to_zone_m;
use crate::points::PublicPoints;
use crate::render::scene::Scene;
use geo::BoundingRect;

/// Most places listed.
const PLACES: usize = 14;
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

/// Slide 5.
pub fn help_places(d: &Dossier, number: usize) -> Scene {
    let found = near(d);
    let inside = found.iter().filter(|p| p.metres == 0.0).count();
    let mut p = Page::new(
        &format!("Lieux d’aide — {}", d.name()),
        &format!(
            "Médiation numérique, France Services et agences\u{a0}: {} dans la zone, {} à moins de 10\u{a0}km",
            inside,
            found.len() - inside
        ),
        &d.footer(),
        number,
        SLIDES,
    );
    if found.is_empty() {
        p.paragraph(
            "Aucun lieu d’aide publié dans la zone ni à moins de 10\u{a0}km.",
            BODY,
            false,
        );
        return p.scene;
    }
    let header = ["Lieu", "Type", "Adresse", "Distance à la zone"].map(String::from);
    let rows: Vec<Vec<String>> = found
        .iter()
        .take(PLACES)
        .map(|place| {
            let distance = match place.metres {
                0.0 => "dans la zone".to_string(),
                m => french_km(m),
            };
            vec![
                place.name.clone(),
                place.kind.clone(),
                place.address.clone(),
                distance,
            ]
        })
        .collect();
    let stops = [1000.0, 1640.0, WIDTH as f32 - MARGIN];
    p.table(&header, &rows, &stops, BODY * 0.7);
    if found.len() > PLACES {
        p.paragraph(
            &format!(
                "… et {} autres (tous les lieux\u{a0}: carte de l’application).",
                found.len() - PLACES
            ),
            20.0,
            true,
        );
    }
    p.paragraph(
        "Distances à vol d’oiseau jusqu’à la limite de la zone.",
        20.0,
        true,
    );
    p.scene
}
