//! `GET /tiles/{layer}.json` (TileJSON 3.0.0),
//! `GET /tiles/{layer}/{z}/{x}/{y}.mvt` (Mapbox Vector Tile 2.1) and
//! `GET /tiles/{layer}/{z}/{x}/{y}.png` (raster choropleth).

use super::{legend, required_indicator, zone_layer};
use crate::render::tile::{outline_tile, raster_tile};
use crate::server::caching::accepts_gzip;
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::{AppState, Loaded};
use crate::territory::Territory;
use crate::tiles::cache::{EncodedTile, Lookup, TileKey};
use crate::tiles::{tilejson, vector, TileId};
use actix_web::http::header::{self, ContentEncoding};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

/// The media type of vector tiles.
pub const MVT_TYPE: &str = "application/vnd.mapbox-vector-tile";

/// TileJSON describing a zone layer's vector tiles and their fields.
#[utoipa::path(get, path = "/tiles/{file}", tag = "cartes", params(("file" = String, Path, description = "{couche}.json")), responses((status = 200, description = "TileJSON 3.0.0", body = crate::server::schemas::TileJson, content_type = "application/json"), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 404, description = "Couche, indicateur ou zone inconnus (avec les valeurs valides)", body = ErrorBody, content_type = "application/json")))]
pub async fn tilejson(
    state: web::Data<AppState>,
    file: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let layer = file
        .strip_suffix(".json")
        .ok_or_else(|| ApiError::bad("path", "attendu\u{a0}: /tiles/{couche}.json"))?;
    let loaded = state.current();
    let t = &loaded.territory;
    let (z, _) = zone_layer(t, layer)?;
    // Never from `Host` or `X-Forwarded-Host`: a forged header would end up
    // in every shared cache's copy of this answer.
    let base = state.options.public_url.as_deref().unwrap_or("");
    let url = format!("{base}/tiles/{layer}/{{z}}/{{x}}/{{y}}.mvt");
    let max_zoom = crate::tiles::grid::MAX_ZOOM;
    Ok(HttpResponse::Ok().json(tilejson::zone_layer(
        t,
        z,
        &loaded.version,
        Some(url),
        max_zoom,
    )))
}

/// What a tile URL names: zone layer `i` as `i`, point layer `p` as
/// `zones + p`. Private point layers are refused; an unknown name lists both kinds.
fn tile_source(t: &crate::territory::Territory, id: &str) -> Result<usize, ApiError> {
    if let Some((z, _)) = t.zone_layer(id) {
        return Ok(z);
    }
    match super::public_points(t, id) {
        Ok(points) => Ok(t.zones.len() + points.index()),
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

/// Query of a tile: the raster options (ignored by vector tiles).
#[derive(Deserialize)]
pub struct TileQuery {
    indicator: Option<String>,
    scale: Option<String>,
    method: Option<String>,
    classes: Option<String>,
    style: Option<String>,
}

/// One tile: `{y}.mvt`, a vector tile of a zone layer or a public point
/// layer (204 when empty); `{y}.png`, a raster choropleth of a zone layer.
#[utoipa::path(get, path = "/tiles/{layer}/{z}/{x}/{file}", tag = "cartes", params(("layer" = String, Path, description = "Couche de zones (MVT, PNG) ou de points publique (MVT)"), ("z" = u32, Path, description = "Zoom, 0 à 22"), ("x" = u32, Path, description = "Colonne"), ("file" = String, Path, description = "{y}.mvt ou {y}.png"), ("indicator" = Option<String>, Query, description = "PNG\u{a0}: indicateur représenté (obligatoire sauf style=outlines)"), ("style" = Option<String>, Query, description = "PNG\u{a0}: choropleth (par défaut) outlines (contours seuls, pour le contexte) ou boundaries (contours appuyés : départements)"), ("scale" = Option<u32>, Query, description = "PNG\u{a0}: 1 (256 pixels) ou 2 (512 pixels, écrans haute densité)"), ("method" = Option<String>, Query, description = "PNG\u{a0}: quantiles, jenks, equal_intervals"), ("classes" = Option<usize>, Query, description = "PNG\u{a0}: 2 à 9")), responses((status = 200, description = "Tuile vectorielle MVT 2.1 ou tuile raster PNG (transparente hors des zones)", content(("application/vnd.mapbox-vector-tile"), ("image/png"))), (status = 204, description = "Tuile vectorielle vide"), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 403, description = "Couche privée\u{a0}: jamais diffusée", body = ErrorBody, content_type = "application/json"), (status = 404, description = "Couche, indicateur ou zone inconnus (avec les valeurs valides)", body = ErrorBody, content_type = "application/json")))]
pub async fn tile_zxy(
    request: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, u32, u32, String)>,
    query: web::Query<TileQuery>,
) -> Result<HttpResponse, ApiError> {
    let (layer, z, x, file) = path.into_inner();
    let (y, format) = file
        .rsplit_once('.')
        .and_then(|(y, ext)| Some((y.parse::<u32>().ok()?, ext)))
        .filter(|(_, ext)| matches!(*ext, "mvt" | "png"))
        .ok_or_else(|| {
            ApiError::bad(
                "y",
                format!("«\u{a0}{file}\u{a0}»\u{a0}: attendu un entier suivi de .mvt ou .png"),
            )
        })?;
    let tile = TileId::new(z, x, y).map_err(|e| ApiError::bad("z/x/y", e))?;
    if format == "png" {
        return raster(state, &layer, tile, &query).await;
    }
    let loaded = state.current();
    let source = tile_source(&loaded.territory, &layer)?;
    let key = TileKey::Vector { source, tile };
    let encoded = cached(&state, loaded, key, move |loaded| {
        let t = &loaded.territory;
        match source.checked_sub(t.zones.len()) {
            None => vector::zone_tile(t, source, tile),
            Some(p) => match crate::points::PublicPoints::of(&t.points, p) {
                Some(points) => vector::point_tile(points, tile),
                None => Ok(None), // unreachable: the source was made from a public layer
            },
        }
    })
    .await?;
    let Some(tile) = encoded else {
        return Ok(HttpResponse::NoContent().finish());
    };
    let mut answer = HttpResponse::Ok();
    answer
        .content_type(MVT_TYPE)
        .insert_header((header::VARY, "Accept-Encoding"));
    Ok(match tile.gzip {
        // Compressed once when the tile was made: sent as is.
        Some(gzip) if accepts_gzip(request.headers()) => {
            answer.insert_header(ContentEncoding::Gzip).body(gzip)
        }
        // `identity` keeps the compression middleware off a tile the
        // client does not want compressed.
        _ => answer
            .insert_header(ContentEncoding::Identity)
            .body(tile.raw),
    })
}

/// A PNG tile of a zone layer coloured by an indicator.
async fn raster(
    state: web::Data<AppState>,
    layer: &str,
    tile: TileId,
    query: &TileQuery,
) -> Result<HttpResponse, ApiError> {
    let loaded = state.current();
    let (z, _) = zone_layer(&loaded.territory, layer)?;
    let key = raster_key(&loaded.territory, z, tile, query)?;
    let encoded = cached(&state, loaded.clone(), key, move |loaded| {
        draw_raster(loaded, key).map(Some)
    })
    .await?;
    // PNG is compressed already: `identity` keeps the middleware off it.
    Ok(HttpResponse::Ok()
        .content_type("image/png")
        .insert_header(ContentEncoding::Identity)
        .body(encoded.map(|t| t.raw).unwrap_or_default()))
}

/// What a PNG tile request asks for, checked.
fn raster_key(t: &Territory, z: usize, tile: TileId, q: &TileQuery) -> Result<TileKey, ApiError> {
    let scale = match q.scale.as_deref() {
        None | Some("1") => 1,
        Some("2") => 2,
        Some(other) => {
            return Err(ApiError::bad(
                "scale",
                format!("«\u{a0}{other}\u{a0}»\u{a0}: 1 ou 2"),
            ))
        }
    };
    match q.style.as_deref() {
        None | Some("choropleth") => {}
        Some(style @ ("outlines" | "boundaries")) => {
            return Ok(TileKey::Outlines {
                layer: z,
                heavy: style == "boundaries",
                scale,
                tile,
            })
        }
        Some(other) => {
            return Err(ApiError::bad(
                "style",
                format!("«\u{a0}{other}\u{a0}»\u{a0}: choropleth, outlines ou boundaries"),
            ))
        }
    }
    let wanted = required_indicator(t, q.indicator.as_deref())?;
    Ok(TileKey::Raster {
        layer: z,
        indicator: wanted.index,
        method: legend::method(q.method.as_deref())?,
        classes: legend::classes(q.classes.as_deref())? as u8,
        scale,
        tile,
    })
}

/// Draws the PNG tile a key names.
fn draw_raster(loaded: &Loaded, key: TileKey) -> Result<Vec<u8>, String> {
    let t = &loaded.territory;
    match key {
        TileKey::Outlines {
            layer,
            heavy,
            scale,
            tile,
        } => outline_tile(t, layer, tile, scale as u32, heavy),
        TileKey::Raster {
            layer,
            indicator,
            method,
            classes,
            scale,
            tile,
        } => {
            let id = &t.manifest.indicators[indicator].id;
            let values = &t.indicators[layer][id];
            let legend = loaded.legend(layer, id, method, classes as usize);
            raster_tile(t, layer, values, &legend, tile, scale as u32)
        }
        TileKey::Vector { .. } => Err("une tuile vectorielle n’est pas une image".into()),
    }
}

/// The tile from the cache (on the async thread: a hit costs a hash look-up),
/// or made by `make` on the blocking pool (drawing and encoding take
/// milliseconds), counted in the metrics.
async fn cached<E: std::fmt::Display + Send + Sync + 'static>(
    state: &web::Data<AppState>,
    loaded: std::sync::Arc<Loaded>,
    key: TileKey,
    make: impl FnOnce(&Loaded) -> Result<Option<Vec<u8>>, E> + Send + 'static,
) -> Result<Option<EncodedTile>, ApiError> {
    let z = match key {
        TileKey::Vector { tile, .. }
        | TileKey::Raster { tile, .. }
        | TileKey::Outlines { tile, .. } => tile.z,
    };
    if let Some(encoded) = loaded.tiles.get(&key) {
        state.metrics.record_tile(z, Lookup::Hit);
        return Ok(encoded);
    }
    let (encoded, lookup) = web::block(move || loaded.tiles.get_or_insert(key, || make(&loaded)))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    state.metrics.record_tile(z, lookup);
    Ok(encoded)
}
