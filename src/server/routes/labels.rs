//! `GET /api/labels?layers=&zoom=&bbox=`: the place names of a view, for
//! the map application's label layer (see [`crate::labels`]). Names are
//! placed over the whole territory once per zoom and list of layers, then
//! those in the view are sent: panning never moves a name.

use super::{parse_bbox, zone_layer};
use crate::labels::{Placed, Placement};
use crate::render::view::to_world;
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::{AppState, Loaded};
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// Query of the labels route.
#[derive(Deserialize)]
pub struct LabelsQuery {
    layers: Option<String>,
    zoom: Option<u8>,
    bbox: Option<String>,
}

/// The deepest zoom placed (names do not change beyond).
const MAX_ZOOM: u8 = 18;

/// Names of the zones of `layers` in the view, placed without overlap.
#[utoipa::path(get, path = "/api/labels", tag = "cartes", params(("layers" = String, Query, description = "Couches de zones nommées, la plus importante d’abord (ex. qpv,communes)"), ("zoom" = u8, Query, description = "Niveau de zoom (0 à 18)"), ("bbox" = String, Query, description = "ouest,sud,est,nord en degrés")), responses((status = 200, description = "Noms placés\u{a0}: texte, position, taille de police et boîte en pixels du niveau de zoom", body = crate::server::schemas::LabelsAnswer, content_type = "application/json"), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 404, description = "Couche inconnue (avec les valeurs valides)", body = ErrorBody, content_type = "application/json")))]
pub async fn labels(
    state: web::Data<AppState>,
    query: web::Query<LabelsQuery>,
) -> Result<HttpResponse, ApiError> {
    let loaded = state.current();
    let t = &loaded.territory;
    let raw = query.layers.as_deref().ok_or_else(|| {
        ApiError::bad(
            "layers",
            "obligatoire\u{a0}: couches séparées par des virgules",
        )
    })?;
    let mut layers = Vec::new();
    for id in raw.split(',').filter(|s| !s.is_empty()) {
        let (z, _) = zone_layer(t, id)?;
        if !layers.contains(&z) {
            layers.push(z);
        }
    }
    let zoom = query
        .zoom
        .filter(|z| *z <= MAX_ZOOM)
        .ok_or_else(|| ApiError::bad("zoom", format!("un entier de 0 à {MAX_ZOOM}")))?;
    let bbox = parse_bbox(
        query
            .bbox
            .as_deref()
            .ok_or_else(|| ApiError::bad("bbox", "obligatoire\u{a0}: ouest,sud,est,nord"))?,
    )?;
    let placed = placement(loaded.clone(), layers, zoom).await?;
    let k = 256.0 * f64::from(1u32 << zoom);
    let [x0, y1] = to_world(bbox[0], bbox[1]).map(|v| v * k);
    let [x1, y0] = to_world(bbox[2], bbox[3]).map(|v| v * k);
    let shown: Vec<_> = placed
        .iter()
        .filter(|p| p.bounds[2] >= x0 && p.bounds[0] <= x1 && p.bounds[3] >= y0 && p.bounds[1] <= y1)
        .map(|p| {
            let zones = &t.zones[p.layer];
            let [lon, lat] = crate::render::view::to_lon_lat([p.at[0] / k, p.at[1] / k]);
            json!({ "layer": zones.id, "code": zones.codes[p.zone], "name": zones.names[p.zone], "lon": lon, "lat": lat, "size": p.size, "box": p.bounds.map(|v| (v * 10.0).round() / 10.0) })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "zoom": zoom, "labels": shown })))
}

/// The names of `layers` placed over the whole territory at `zoom` (cached).
async fn placement(
    loaded: Arc<Loaded>,
    layers: Vec<usize>,
    zoom: u8,
) -> Result<Arc<Vec<Placed>>, ApiError> {
    let key = (layers, zoom);
    if let Some(hit) = loaded.labels.get(&key) {
        return Ok(hit);
    }
    web::block(move || {
        let placement = Placement::web(key.0.clone(), key.1);
        let placed = loaded.territory.labels.place(&loaded.territory, &placement);
        let placed = Arc::new(placed);
        loaded.labels.insert(key, placed.clone());
        placed
    })
    .await
    .map_err(ApiError::internal)
}
