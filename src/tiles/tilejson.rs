//! TileJSON 3.0.0 of a layer's tiles: what `GET /tiles/{layer}.json`
//! answers and what a PMTiles archive carries as its metadata, from one
//! piece so that both describe the same tiles.

use crate::manifest::IndicatorSpec;
use crate::points::PublicPoints;
use crate::territory::Territory;
use serde_json::{json, Map, Value};

/// The fields of a zone layer's vector tiles: `code`, `name`, every
/// indicator, and its `<id>_secret` flag.
pub fn vector_fields(t: &Territory) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert("code".into(), json!("String: code de la zone"));
    fields.insert("name".into(), json!("String: nom de la zone"));
    for ind in &t.manifest.indicators {
        fields.insert(
            ind.id.clone(),
            json!(format!("Number: {} ({})", ind.label, ind.unit)),
        );
        fields.insert(
            format!("{}_secret", ind.id),
            json!("Boolean: valeur masquée (secret statistique)"),
        );
    }
    fields
}

/// TileJSON of zone layer `z` with data version `version`; `tiles` is
/// the URL template (none in an archive, which holds the tiles itself).
pub fn zone_layer(
    t: &Territory,
    z: usize,
    version: &str,
    tiles: Option<String>,
    max_zoom: u8,
) -> Value {
    let zones = &t.zones[z];
    let [w, s, e, n] = zones.extent().unwrap_or([-180.0, -85.0, 180.0, 85.0]);
    let mut doc = json!({
        "tilejson": "3.0.0",
        "name": zones.label,
        "attribution": t.manifest.territory.source,
        "version": version,
        "minzoom": 0,
        "maxzoom": max_zoom,
        "bounds": [w, s, e, n],
        "center": [(w + e) / 2.0, (s + n) / 2.0, 8],
        "vector_layers": [{ "id": zones.id, "description": zones.label, "fields": vector_fields(t) }],
    });
    if let Some(url) = tiles {
        doc["tiles"] = json!([url]);
    }
    doc
}

/// TileJSON of a public place layer's vector tiles (no URL: an archive's).
pub fn place_layer(t: &Territory, points: &PublicPoints, version: &str) -> Value {
    json!({
        "tilejson": "3.0.0",
        "name": points.label,
        "attribution": t.manifest.territory.source,
        "version": version,
        "vector_layers": [{ "id": points.id, "description": points.label, "fields": { "name": "String: nom du lieu" } }],
    })
}

/// TileJSON of PNG tiles of zone layer `z` coloured by an indicator
/// (quantiles, 5 classes, as the map's default).
pub fn choropleth(t: &Territory, z: usize, indicator: &IndicatorSpec, version: &str) -> Value {
    let zones = &t.zones[z];
    json!({
        "tilejson": "3.0.0",
        "name": format!("{} — {}", zones.label, indicator.label),
        "description": format!(
            "{}\u{202f}; couche «\u{a0}{}\u{a0}», quantiles en 5\u{a0}classes",
            indicator.label_with_unit(),
            zones.label
        ),
        "attribution": t.manifest.territory.source,
        "version": version,
    })
}
