//! `GET /api/lookup?lon=&lat=`: the zones holding a position, and for QPV-like
//! layers whether it is in, near or out of one.

use super::super::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

/// Query of a single lookup.
#[derive(Deserialize)]
pub struct LookupQuery {
    lon: Option<String>,
    lat: Option<String>,
}

/// Parses a longitude or latitude within its range.
pub fn coordinate(name: &str, raw: Option<&str>, limit: f64) -> Result<f64, ApiError> {
    let raw = raw.ok_or_else(|| ApiError::bad(name, "paramètre obligatoire"))?;
    let value: f64 = raw
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| ApiError::bad(name, format!("«\u{a0}{raw}\u{a0}» n’est pas un nombre")))?;
    if !(-limit..=limit).contains(&value) {
        return Err(ApiError::bad(
            name,
            format!("{value} hors de [-{limit}, {limit}]"),
        ));
    }
    Ok(value)
}

/// One position.
#[utoipa::path(get, path = "/api/lookup", tag = "recherche", params(("lon" = f64, Query, description = "Longitude WGS84"), ("lat" = f64, Query, description = "Latitude WGS84")), responses((status = 200, description = "Zones contenant le point, statut QPV", body = crate::server::schemas::Lookup, content_type = "application/json"), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json")))]
pub async fn lookup_one(
    state: web::Data<AppState>,
    query: web::Query<LookupQuery>,
) -> Result<HttpResponse, ApiError> {
    let lon = coordinate("lon", query.lon.as_deref(), 180.0)?;
    let lat = coordinate("lat", query.lat.as_deref(), 90.0)?;
    let loaded = state.current();
    let layers = crate::lookup::lookup(&loaded.territory, [lon, lat]);
    Ok(HttpResponse::Ok().json(json!({ "lon": lon, "lat": lat, "layers": layers })))
}
