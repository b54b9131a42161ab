//! `GET /tiles/{layer}.json` (TileJSON 3.0.0) and
//! `GET /tiles/{layer}/{z}/{x}/{y}.mvt` (Mapbox Vector Tile 2.1).

use super::zone_layer;
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::AppState;
use crate::tiles::{vector, TileId};
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde_json::json;

/// The media type of vector tiles.
pub const MVT_TYPE: &str = "application/vnd.mapbox-vector-tile";

/// TileJSON describing a zone layer's vector tiles and their fields.
#[utoipa::path(get, path = "/tiles/{file}", tag = "cartes", params(("file" = String, Path, description = "{couche}.json")), responses((status = 200, description = "TileJSON 3.0.0", content_type = "application/json"), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 404, description = "Couche, indicateur ou zone inconnus (avec les valeurs valides)", body = ErrorBody, content_type = "application/json")))]
#[get("/tiles/{file}")]
pub async fn tilejson(
    state: web::Data<AppState>,
    file: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let layer = file
        .strip_suffix(".json")
        .ok_or_else(|| ApiError::bad("path", "attendu : /tiles/{couche}.json"))?;
    let loaded = state.current();
    let t = &loaded.territory;
    let (z, zones) = zone_layer(t, layer)?;
    let info = request.connection_info();
    let base = format!("{}://{}", info.scheme(), info.host());
    let mut fields = serde_json::Map::new();
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
    let [w, s, e, n] = zones.extent().unwrap_or([-180.0, -85.0, 180.0, 85.0]);
    Ok(HttpResponse::Ok().json(json!({
        "tilejson": "3.0.0",
        "name": zones.label,
        "attribution": t.manifest.territory.source,
        "version": loaded.version,
        "tiles": [format!("{base}/tiles/{layer}/{{z}}/{{x}}/{{y}}.mvt")],
        "minzoom": 0,
        "maxzoom": crate::tiles::grid::MAX_ZOOM,
        "bounds": [w, s, e, n],
        "center": [(w + e) / 2.0, (s + n) / 2.0, 8],
        "vector_layers": [{ "id": t.zones[z].id, "description": zones.label, "fields": fields }],
    })))
}

/// What a tile URL names: zone layer `i` as `i`, point layer `p` as
/// `zones + p`. Private point layers are refused; an unknown name lists both kinds.
fn tile_source(t: &crate::territory::Territory, id: &str) -> Result<usize, ApiError> {
    if let Some((z, _)) = t.zone_layer(id) {
        return Ok(z);
    }
    match super::public_points(t, id) {
        Ok(points) => Ok(t.zones.len()
            + t.points
                .iter()
                .position(|p| p.id == points.id)
                .expect("found above")),
        Err(ApiError::UnknownLayer { layer, .. }) => {
            let public = t.points.iter().filter(|p| !p.private).map(|p| p.id.clone());
            Err(ApiError::UnknownLayer {
                layer,
                valid: t.zones.iter().map(|z| z.id.clone()).chain(public).collect(),
            })
        }
        Err(e) => Err(e),
    }
}

/// One vector tile of a zone layer or a public point layer; 204 when empty.
#[utoipa::path(get, path = "/tiles/{layer}/{z}/{x}/{file}", tag = "cartes", params(("layer" = String, Path, description = "Couche de zones ou de points publique"), ("z" = u32, Path, description = "Zoom, 0 à 22"), ("x" = u32, Path, description = "Colonne"), ("file" = String, Path, description = "{y}.mvt")), responses((status = 200, description = "Tuile vectorielle MVT 2.1", content_type = "application/vnd.mapbox-vector-tile"), (status = 204, description = "Tuile vide"), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 403, description = "Couche privée : jamais diffusée", body = ErrorBody, content_type = "application/json"), (status = 404, description = "Couche, indicateur ou zone inconnus (avec les valeurs valides)", body = ErrorBody, content_type = "application/json")))]
#[get("/tiles/{layer}/{z}/{x}/{file}")]
pub async fn mvt(
    state: web::Data<AppState>,
    path: web::Path<(String, u32, u32, String)>,
) -> Result<HttpResponse, ApiError> {
    let (layer, z, x, file) = path.into_inner();
    let y: u32 = file
        .strip_suffix(".mvt")
        .and_then(|y| y.parse().ok())
        .ok_or_else(|| {
            ApiError::bad("y", format!("« {file} » : attendu un entier suivi de .mvt"))
        })?;
    let tile = TileId::new(z, x, y).map_err(|e| ApiError::bad("z/x/y", e))?;
    let loaded = state.current();
    let index = tile_source(&loaded.territory, &layer)?;
    let (encoded, lookup) = web::block(move || {
        let t = &loaded.territory;
        loaded
            .tiles
            .get_or_insert((index, tile), || match index.checked_sub(t.zones.len()) {
                None => vector::zone_tile(t, index, tile),
                Some(p) => vector::point_tile(&t.points[p], tile),
            })
    })
    .await
    .map_err(|e| ApiError::bad("tile", e.to_string()))?
    .map_err(|e| ApiError::bad("tile", e.to_string()))?;
    state.metrics.record_tile(tile.z, lookup);
    Ok(match encoded {
        Some(bytes) => HttpResponse::Ok().content_type(MVT_TYPE).body(bytes),
        None => HttpResponse::NoContent().finish(),
    })
}
