//! `GET /api/hotspots?layer=&indicator=&limit=`: zones ranked, highest first.

use super::{indicator, zone_layer};
use crate::indicators::round6;
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

/// Query of the hotspots route.
#[derive(Deserialize)]
pub struct HotspotsQuery {
    layer: Option<String>,
    indicator: Option<String>,
    limit: Option<usize>,
}

/// The default indicator when none is given.
const DEFAULT_INDICATOR: &str = "score_exclusion_numerique";

/// Zones with a value, highest first; secret and missing values are never ranked.
#[utoipa::path(get, path = "/api/hotspots", tag = "zones", params(("layer" = Option<String>, Query, description = "Couche de zones"), ("indicator" = Option<String>, Query, description = "Indicateur (score par défaut)"), ("limit" = Option<usize>, Query, description = "Nombre de zones")), responses((status = 200, description = "Zones classées", body = crate::server::schemas::Hotspots, content_type = "application/json"), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 404, description = "Couche, indicateur ou zone inconnus (avec les valeurs valides)", body = ErrorBody, content_type = "application/json")))]
pub async fn hotspots(
    state: web::Data<AppState>,
    query: web::Query<HotspotsQuery>,
) -> Result<HttpResponse, ApiError> {
    let loaded = state.current();
    let t = &loaded.territory;
    let layer_id = query
        .layer
        .as_deref()
        .unwrap_or_else(|| t.zones.first().map_or("", |z| z.id.as_str()));
    let (z, zones) = zone_layer(t, layer_id)?;
    let fallback = t.manifest.indicators.first().map_or("", |i| i.id.as_str());
    let wanted = query.indicator.as_deref().unwrap_or(
        if t.manifest.indicator(DEFAULT_INDICATOR).is_some() {
            DEFAULT_INDICATOR
        } else {
            fallback
        },
    );
    let id = indicator(t, wanted)?.id();
    let limit = query.limit.unwrap_or(10).clamp(1, 1000);
    let values = &t.indicators[z][id];
    let mut ranked: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| Some((i, v.number()?)))
        .collect();
    ranked.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then(zones.codes[a.0].cmp(&zones.codes[b.0]))
    });
    let items: Vec<_> = ranked
        .iter()
        .take(limit)
        .enumerate()
        .map(|(r, &(i, v))| json!({ "rank": r + 1, "code": zones.codes[i], "name": zones.names[i], "value": round6(v) }))
        .collect();
    Ok(HttpResponse::Ok().json(
        json!({ "layer": zones.id, "indicator": id, "ranked": ranked.len(), "zones": items }),
    ))
}
