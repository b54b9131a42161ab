//! `GET /api/points/{layer}?bbox=`: a public point layer as GeoJSON. Private
//! layers are refused here as everywhere.

use super::{parse_bbox, public_points};
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

/// Query of the points route.
#[derive(Deserialize)]
pub struct PointsQuery {
    bbox: Option<String>,
}

/// Features of the layer inside the box (all of them without one).
#[utoipa::path(get, path = "/api/points/{layer}", tag = "données", params(("layer" = String, Path, description = "Couche de points publique"), ("bbox" = Option<String>, Query, description = "ouest,sud,est,nord")), responses((status = 200, description = "FeatureCollection GeoJSON", body = crate::server::schemas::PointCollection, content_type = "application/geo+json"), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 403, description = "Couche privée\u{a0}: jamais diffusée", body = ErrorBody, content_type = "application/json"), (status = 404, description = "Couche, indicateur ou zone inconnus (avec les valeurs valides)", body = ErrorBody, content_type = "application/json")))]
pub async fn points(
    state: web::Data<AppState>,
    layer: web::Path<String>,
    query: web::Query<PointsQuery>,
) -> Result<HttpResponse, ApiError> {
    let loaded = state.current();
    let points = public_points(&loaded.territory, &layer)?;
    let bbox = query.bbox.as_deref().map(parse_bbox).transpose()?;
    let inside = |p: &[f64; 2]| {
        bbox.is_none_or(|[w, s, e, n]| p[0] >= w && p[0] <= e && p[1] >= s && p[1] <= n)
    };
    let spec = loaded.territory.manifest.point_layer(&points.id);
    let columns = spec.map_or(&[][..], |s| &s.address[..]);
    let features: Vec<_> = points
        .coords
        .iter()
        .enumerate()
        .filter(|(_, p)| inside(p))
        .map(|(i, p)| {
            let name = points.names.get(i).map_or("", String::as_str);
            let address = points.address(columns, i);
            json!({ "type": "Feature", "geometry": { "type": "Point", "coordinates": p }, "properties": { "layer": points.id, "name": name, "address": address } })
        })
        .collect();
    Ok(HttpResponse::Ok()
        .content_type("application/geo+json")
        .json(json!({ "type": "FeatureCollection", "features": features })))
}
