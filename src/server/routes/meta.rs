//! `GET /health` and `GET /api/layers`: what is served.

use crate::report::indicator_infos;
use crate::server::state::AppState;
use actix_web::{web, HttpResponse};
use serde_json::json;

/// Liveness, with the data version.
#[utoipa::path(get, path = "/health", tag = "service", responses((status = 200, description = "Service en marche, version des données", body = crate::server::schemas::Health, content_type = "application/json")))]
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let loaded = state.current();
    HttpResponse::Ok().json(json!({ "status": "ok", "territory": loaded.territory.manifest.territory.name, "version": loaded.version }))
}

/// Zone layers, public point layers, indicators, extent and data version.
#[utoipa::path(get, path = "/api/layers", tag = "données", responses((status = 200, description = "Couches, indicateurs, emprise, version", body = crate::server::schemas::Layers, content_type = "application/json")))]
pub async fn layers(state: web::Data<AppState>) -> HttpResponse {
    let loaded = state.current();
    let t = &loaded.territory;
    let zone_layers: Vec<_> = t
        .zones
        .iter()
        .zip(&t.manifest.zones)
        .map(|(z, spec)| {
            json!({ "id": z.id, "label": z.label, "zones": z.len(), "parent": spec.parent, "extent": z.extent(), "attributes": z.attributes.keys().collect::<Vec<_>>() })
        })
        .collect();
    let point_layers: Vec<_> = t
        .points
        .iter()
        .filter(|p| !p.private)
        .map(|p| json!({ "id": p.id, "label": p.label, "points": p.len() }))
        .collect();
    let extent = (t.zones.iter().filter_map(|z| z.extent())).reduce(crate::geometry::bbox::union);
    HttpResponse::Ok().json(json!({
        "territory": t.manifest.territory.name,
        "source": t.manifest.territory.source,
        "date": t.manifest.territory.vintage(),
        "version": loaded.version,
        "secrecy_threshold": t.manifest.secrecy.threshold,
        "extent": extent,
        "zone_layers": zone_layers,
        "point_layers": point_layers,
        "indicators": indicator_infos(t),
        "split": split_info(t),
        "basemap": t.manifest.territory.basemap.as_ref().map(|url| json!({ "url": url, "attribution": t.manifest.territory.basemap_attribution })),
    }))
}

/// With `split_by`: the layer and the indicators given in two parts, with
/// their column names.
fn split_info(t: &crate::territory::Territory) -> serde_json::Value {
    let Some(split) = t.splits.iter().flatten().next() else {
        return serde_json::Value::Null;
    };
    let parts: Vec<_> = split
        .ids
        .iter()
        .zip(&split.columns)
        .map(|(id, (inside, outside))| json!({ "indicator": id, "inside": inside, "outside": outside }))
        .collect();
    json!({ "layer": split.layer, "indicators": parts })
}
