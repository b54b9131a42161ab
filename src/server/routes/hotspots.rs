//! `GET /api/hotspots`: zones ranked by an indicator, with their volume, their
//! communes, a minimum size and a CSV download (see [`crate::hotspots`]).

use super::{indicator, zone_layer};
use crate::hotspots::{rank, volume_and_size, Hotspot, SortBy, DEFAULT_MIN_SIZE};
use crate::indicators::round6;
use crate::parents::parent_names as within;
use crate::server::csv_download::CsvDownload;
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::AppState;
use crate::territory::Territory;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

/// Query of the hotspots route.
#[derive(Deserialize)]
pub struct HotspotsQuery {
    layer: Option<String>,
    indicator: Option<String>,
    limit: Option<usize>,
    sort: Option<String>,
    min_size: Option<f64>,
    format: Option<String>,
    sep: Option<String>,
    labels: Option<String>,
}

/// The default indicator when none is given.
const DEFAULT_INDICATOR: &str = "score_exclusion_numerique";
/// The longest list.
const MAX_LIMIT: usize = 10_000;

/// Zones with a value, highest first (or largest volume first); secret and missing values are never ranked.
#[utoipa::path(get, path = "/api/hotspots", tag = "zones", params(("layer" = Option<String>, Query, description = "Couche de zones"), ("indicator" = Option<String>, Query, description = "Indicateur (score par défaut)"), ("limit" = Option<usize>, Query, description = "Nombre de zones (10 par défaut, au plus 10 000)"), ("sort" = Option<String>, Query, description = "value (valeur de l’indicateur, par défaut) ou volume (effectif concerné)"), ("min_size" = Option<f64>, Query, description = "Taille minimale des zones, en demandeurs d’emploi (50 par défaut, 0 pour toutes)"), ("format" = Option<String>, Query, description = "json ou csv"), ("sep" = Option<String>, Query, description = "comma ou semicolon (CSV)"), ("labels" = Option<bool>, Query, description = "CSV\u{a0}: une ligne d’intitulés en français")), responses((status = 200, description = "Zones classées", content((crate::server::schemas::Hotspots = "application/json"), ("text/csv"))), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 404, description = "Couche, indicateur ou zone inconnus (avec les valeurs valides)", body = ErrorBody, content_type = "application/json")))]
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
    let (z, _) = zone_layer(t, layer_id)?;
    let spec = indicator(
        t,
        query.indicator.as_deref().unwrap_or(default_indicator(t)),
    )?
    .spec;
    let sort = match query.sort.as_deref().unwrap_or("value") {
        "value" => SortBy::Value,
        "volume" => SortBy::Volume,
        other => {
            return Err(ApiError::bad(
                "sort",
                format!("«\u{a0}{other}\u{a0}»\u{a0}: value ou volume"),
            ))
        }
    };
    let min_size = query.min_size.unwrap_or(DEFAULT_MIN_SIZE);
    if !(0.0..=1e9).contains(&min_size) {
        return Err(ApiError::bad(
            "min_size",
            "un nombre de 0 à 1\u{a0}000\u{a0}000\u{a0}000",
        ));
    }
    let limit = query.limit.unwrap_or(10).clamp(1, MAX_LIMIT);
    let (ranked, small) = rank(t, z, spec, sort, min_size);
    let listed = &ranked[..ranked.len().min(limit)];
    let (volume, size) = volume_and_size(&t.manifest, spec);
    match query.format.as_deref().unwrap_or("json") {
        "json" => {
            let items: Vec<_> = listed.iter().map(|h| item_json(t, z, h)).collect();
            Ok(HttpResponse::Ok().json(json!({
                "layer": t.zones[z].id, "indicator": spec.id,
                "sort": if sort == SortBy::Volume { "volume" } else { "value" },
                "volume_indicator": volume.map(|v| &v.id), "size_indicator": size.map(|v| &v.id),
                "min_size": size.map(|_| min_size), "excluded_small": small,
                "ranked": ranked.len(), "zones": items,
            })))
        }
        "csv" => csv(t, z, spec, listed, &query),
        other => Err(ApiError::bad(
            "format",
            format!("«\u{a0}{other}\u{a0}»\u{a0}: json ou csv"),
        )),
    }
}

/// The score when the manifest has one, else its first indicator.
fn default_indicator(t: &Territory) -> &str {
    match t.manifest.indicator(DEFAULT_INDICATOR) {
        Some(_) => DEFAULT_INDICATOR,
        None => t.manifest.indicators.first().map_or("", |i| i.id.as_str()),
    }
}

fn item_json(t: &Territory, z: usize, h: &Hotspot) -> serde_json::Value {
    let zones = &t.zones[z];
    json!({
        "rank": h.rank, "code": zones.codes[h.zone], "name": zones.names[h.zone],
        "within": within(t, z, h.zone), "value": round6(h.value),
        "volume": h.volume.map(round6), "size": h.size.map(round6),
    })
}

fn csv(
    t: &Territory,
    z: usize,
    spec: &crate::manifest::IndicatorSpec,
    listed: &[Hotspot],
    q: &HotspotsQuery,
) -> Result<HttpResponse, ApiError> {
    let (volume, size) = volume_and_size(&t.manifest, spec);
    let header = ["rang", "code", "nom", "dans", &spec.id, "volume", "taille"]
        .map(String::from)
        .to_vec();
    let vintage = t.manifest.territory.vintage().unwrap_or_default();
    let name = [
        "zonage",
        "points-chauds",
        &t.zones[z].id,
        &spec.id,
        &vintage,
    ];
    let with_unit = |s: Option<&crate::manifest::IndicatorSpec>| {
        s.map_or(
            String::new(),
            crate::manifest::IndicatorSpec::label_with_unit,
        )
    };
    let download = CsvDownload::new(q.sep.as_deref(), &name, header)?.with_labels(
        q.labels.as_deref(),
        || {
            vec![
                "Rang".into(),
                "Code".into(),
                "Nom".into(),
                "Dans".into(),
                with_unit(Some(spec)),
                with_unit(volume),
                with_unit(size),
            ]
        },
    )?;
    let sep = download.separator();
    let cell = |x: Option<f64>| {
        x.map_or(String::new(), |x| {
            sep.cell(crate::indicators::Value::Number(x))
        })
    };
    let zones = &t.zones[z];
    let rows = listed.iter().map(|h| {
        vec![
            h.rank.to_string(),
            zones.codes[h.zone].clone(),
            zones.names[h.zone].clone(),
            within(t, z, h.zone).join(" | "),
            cell(Some(h.value)),
            cell(h.volume),
            cell(h.size),
        ]
    });
    Ok(download.response(download.bytes(rows)))
}
