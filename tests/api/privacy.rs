//! The privacy walk over the real data.

use super::helpers::{send, state, tile_of};
use crate::util::shared_geodata;
use actix_web::{test, web};
use serde_json::Value as Json;
use std::path::PathBuf;
use zonage::server::state::AppState;

/// Every endpoint, over the real data: no private identifier and no private
/// position (Lambert-93 as in the file, or WGS84 as stored) in any response.
#[actix_web::test]
async fn no_response_reveals_a_job_seeker() {
    let Some(data) = shared_geodata() else { return };
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("geodata/occitanie.toml");
    let s = state(manifest, data.clone());
    let private = private_positions(&s, &data);
    let public = public_positions(&s);
    let mut uris = vec![
        "/health".to_string(),
        "/api/layers".into(),
        "/api/hotspots?layer=communes&limit=1000".into(),
        "/api/hotspots?layer=qpv&indicator=part_non_autonomes&sort=volume&min_size=0&limit=1000"
            .into(),
        "/api/hotspots?layer=communes&format=csv&limit=10000".into(),
        "/api/search?q=toulouse&limit=50".into(),
        "/api/labels?layers=qpv,communes&zoom=12&bbox=1.2,43.4,1.7,43.8".into(),
    ];
    for layer in ["qpv", "communes"] {
        for format in ["json", "csv", "geojson"] {
            uris.push(format!("/api/zones/{layer}?format={format}"));
        }
    }
    let loaded = s.current();
    for code in &loaded.territory.zones[0].codes {
        uris.push(format!("/api/zones/qpv/{code}"));
    }
    for ind in &loaded.territory.manifest.indicators {
        uris.push(format!("/api/legend/communes/{}", ind.id));
    }
    for p in loaded.territory.points[0].coords.iter().step_by(20_000) {
        uris.push(format!("/api/lookup?lon={}&lat={}", p[0], p[1]));
    }
    for layer in [
        "mediation",
        "france_services",
        "agences_france_travail",
        "demandeurs",
    ] {
        uris.push(format!("/api/points/{layer}"));
    }
    for z in [6, 9, 12, 14] {
        let (x, y) = tile_of(1.4437, 43.6045, z);
        uris.push(format!("/tiles/qpv/{z}/{x}/{y}.mvt"));
        uris.push(format!("/tiles/communes/{z}/{x}/{y}.mvt"));
    }
    uris.push("/tiles/qpv.json".into());
    for z in [6, 12] {
        let (x, y) = tile_of(1.4437, 43.6045, z);
        uris.push(format!("/tiles/qpv/{z}/{x}/{y}.png?indicator=demandeurs"));
        uris.push(format!(
            "/tiles/communes/{z}/{x}/{y}.png?indicator=non_autonomes"
        ));
    }
    let first_qpv = &loaded.territory.zones[0].codes[0];
    let maps = [
        "/api/map/communes.svg?indicator=non_autonomes&points=all".to_string(),
        format!("/api/map/qpv.svg?indicator=demandeurs&zone={first_qpv}&points=all"),
        "/api/map/qpv.png?indicator=demandeurs&points=all".to_string(),
    ];
    uris.extend(maps.iter().cloned());
    for uri in &uris {
        let (_, body) = send(&s, test::TestRequest::get().uri(uri)).await;
        let text = String::from_utf8_lossy(&body);
        assert!(
            !text.contains("DE1") && !text.contains("DE2") && !text.contains("DE3"),
            "{uri} shows an id"
        );
        if let Ok(json) = serde_json::from_slice::<Json>(&body) {
            assert_no_private_pair(&json, &private, &public, uri);
        }
    }
    assert_maps_draw_only_public_points(&s, &maps[0]).await;
}

/// A map of the whole region with every public point layer draws one dot
/// per public point at most (plus the legend's): no job-seeker is drawn.
async fn assert_maps_draw_only_public_points(s: &web::Data<AppState>, uri: &str) {
    let loaded = s.current();
    let public: usize = loaded
        .territory
        .points
        .iter()
        .filter(|p| !p.private)
        .map(|p| p.len())
        .sum();
    let (_, body) = send(s, test::TestRequest::get().uri(uri)).await;
    let dots = String::from_utf8_lossy(&body).matches("<circle").count();
    assert!(
        dots > 100 && dots <= public + 3,
        "{dots} dots for {public} public points"
    );
    let private = uri.replace("points=all", "points=demandeurs");
    let (status, _) = send(s, test::TestRequest::get().uri(&private)).await;
    assert_eq!(status, 403);
}

/// Private positions, rounded: WGS84 to 1e-6 degrees, Lambert-93 to the metre.
fn private_positions(s: &web::Data<AppState>, data: &std::path::Path) -> Positions {
    let loaded = s.current();
    let mut set: Positions = loaded.territory.points[0]
        .coords
        .iter()
        .map(|&p| key(p))
        .collect();
    let mut reader =
        csv::Reader::from_path(data.join("occitanie/demandeurs_emploi_synthetiques.csv")).unwrap();
    for row in reader.records().map(Result::unwrap) {
        if let (Ok(x), Ok(y)) = (row[1].parse::<f64>(), row[2].parse::<f64>()) {
            set.insert((x.round() as i64 * 1_000_000, y.round() as i64 * 1_000_000));
        }
    }
    set
}

type Positions = std::collections::HashSet<(i64, i64)>;

fn key(p: [f64; 2]) -> (i64, i64) {
    ((p[0] * 1e6).round() as i64, (p[1] * 1e6).round() as i64)
}

/// Positions that public files give (zone vertices, service places): a
/// job-seeker may happen to live on one of them, and showing it reveals nothing.
fn public_positions(s: &web::Data<AppState>) -> Positions {
    let loaded = s.current();
    let t = &loaded.territory;
    let vertices = t
        .zones
        .iter()
        .flat_map(|z| z.shapes.iter())
        .flat_map(|shape| {
            shape.0.iter().flat_map(|p| {
                p.exterior()
                    .0
                    .iter()
                    .chain(p.interiors().iter().flat_map(|r| r.0.iter()))
            })
        });
    let places = t
        .points
        .iter()
        .filter(|p| !p.private)
        .flat_map(|p| p.coords.iter().copied());
    vertices
        .map(|c| key([c.x, c.y]))
        .chain(places.map(key))
        .collect()
}

fn assert_no_private_pair(json: &Json, private: &Positions, public: &Positions, uri: &str) {
    match json {
        Json::Array(items) => {
            if let [Json::Number(a), Json::Number(b)] = items.as_slice() {
                let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
                let k = key([a, b]);
                let in_query = uri.contains(&format!("lon={a}&lat={b}"));
                assert!(
                    in_query || public.contains(&k) || !private.contains(&k),
                    "{uri} shows a private position {a},{b}"
                );
            }
            items
                .iter()
                .for_each(|i| assert_no_private_pair(i, private, public, uri));
        }
        Json::Object(map) => map
            .values()
            .for_each(|v| assert_no_private_pair(v, private, public, uri)),
        _ => {}
    }
}
