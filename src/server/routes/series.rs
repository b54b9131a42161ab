//! `GET /api/zones/{layer}/{code}/series`: a zone's published time series,
//! month by month, with the change over 12 months (JSON or CSV).

use super::{zone_index, zone_layer};
use crate::indicators::Value;
use crate::manifest::dates::month_label;
use crate::manifest::SeriesStatistic;
use crate::server::csv_download::CsvDownload;
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::AppState;
use crate::territory::Territory;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value as Json};

/// Query of the series route.
#[derive(Deserialize, Default)]
pub struct SeriesQuery {
    format: Option<String>,
    sep: Option<String>,
}

/// Why zone `i` of layer `z` has no series of `table`.
fn absent_because(t: &Territory, s: usize, z: usize, i: usize) -> Option<String> {
    let table = &t.series[s];
    if table.of(z, i).is_some() {
        return None;
    }
    let Some((base, grouping)) = &t.groupings[z] else {
        return Some("pas de série publiée pour cette zone (seules les communes de 5 000 habitants ou plus le sont)".into());
    };
    let members: Vec<usize> = (0..grouping.member_of.len())
        .filter(|&m| grouping.member_of[m] == Some(i))
        .collect();
    let without = members
        .iter()
        .filter(|&&m| table.of(*base, m).is_none())
        .count();
    Some(format!(
        "{} sur {} sans série publiée\u{a0}: la somme ne serait pas le total de la zone",
        crate::progress::plural(without, "zone membre", "zones membres"),
        members.len()
    ))
}

fn one_series(t: &Territory, s: usize, z: usize, i: usize) -> Json {
    let table = &t.series[s];
    let spec = &t.manifest.series[s];
    let values = table.of(z, i);
    let points: Vec<Json> = table
        .periods
        .iter()
        .enumerate()
        .map(|(k, (y, m))| json!({ "period": format!("{y:04}-{m:02}"), "value": values.and_then(|v| v[k]) }))
        .collect();
    let stat = |st| values.and_then(|v| table.statistic(v, st, 12));
    json!({
        "id": spec.id, "label": spec.label, "unit": spec.unit, "source": spec.source, "public": true,
        "absent_because": absent_because(t, s, z, i),
        "points": if values.is_some() { points } else { Vec::new() },
        "change_12_months": stat(SeriesStatistic::Change),
        "change_12_months_pct": stat(SeriesStatistic::ChangePct).map(crate::indicators::round6),
    })
}

/// A zone's published series.
#[utoipa::path(get, path = "/api/zones/{layer}/{code}/series", tag = "zones", params(("layer" = String, Path, description = "Couche de zones"), ("code" = String, Path, description = "Code de la zone"), ("format" = Option<String>, Query, description = "json, csv, ou png, svg, pdf (courbe de la première série, pour une diapositive)"), ("sep" = Option<String>, Query, description = "comma ou semicolon (CSV)")), responses((status = 200, description = "Séries publiées de la zone, mois par mois (données publiques, sans secret statistique)", content((crate::server::schemas::ZoneSeriesDoc = "application/json"), ("text/csv"), ("image/png"), ("image/svg+xml"), ("application/pdf"))), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 404, description = "Couche ou zone inconnue (avec les valeurs valides)", body = ErrorBody, content_type = "application/json")))]
pub async fn zone_series(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    query: web::Query<SeriesQuery>,
) -> Result<HttpResponse, ApiError> {
    let loaded = state.current();
    let t = &loaded.territory;
    let (layer, code) = path.into_inner();
    let (z, zones) = zone_layer(t, &layer)?;
    let i = zone_index(zones, &code)?;
    let attached = (0..t.series.len()).filter(|&s| t.series[s].layers[z].is_some());
    let series: Vec<Json> = attached.map(|s| one_series(t, s, z, i)).collect();
    match query.format.as_deref().unwrap_or("json") {
        "json" => Ok(HttpResponse::Ok().json(
            json!({ "layer": layer, "code": code, "name": zones.names[i], "series": series }),
        )),
        "csv" => csv(
            &series,
            query.sep.as_deref(),
            &["zonage", "series", &layer, &code],
        ),
        picture @ ("png" | "svg" | "pdf") => {
            let picture = picture.to_string();
            let body = web::block(move || chart_bytes(&loaded.territory, z, i, &picture))
                .await
                .map_err(ApiError::internal)?
                .map_err(ApiError::internal)?;
            Ok(HttpResponse::Ok().content_type(body.0).body(body.1))
        }
        other => Err(ApiError::bad(
            "format",
            format!("«\u{a0}{other}\u{a0}»\u{a0}: json, csv, png, svg ou pdf"),
        )),
    }
}

/// The zone's first published series as a line chart (1600 × 900; PDF: one
/// 16:9 page), with the media type. A zone without values gets the chart
/// saying so, so that a slide built on it is always there.
fn chart_bytes(
    t: &Territory,
    z: usize,
    i: usize,
    format: &str,
) -> Result<(&'static str, Vec<u8>), String> {
    use crate::render::chart::{line_chart, Chart, Curve};
    use crate::render::scene::Colour;
    let zones = &t.zones[z];
    let s = (0..t.series.len()).find(|&s| t.series[s].layers[z].is_some());
    let (table, spec) = match s {
        Some(s) => (Some(&t.series[s]), Some(&t.manifest.series[s])),
        None => (None, None),
    };
    let periods: Vec<(i32, u32)> = table.map_or_else(Vec::new, |t| t.periods.clone());
    let values = table
        .and_then(|t| t.of(z, i))
        .map_or_else(|| vec![None; periods.len()], |v| v.to_vec());
    let chart = Chart {
        title: format!(
            "{} — {}",
            spec.map_or("Série publiée", |s| s.label.as_str()),
            zones.names[i]
        ),
        unit: spec.map_or(String::new(), |s| s.unit.clone()),
        curves: vec![Curve {
            label: zones.names[i].clone(),
            values,
            colour: Colour::rgb(33, 145, 140),
        }],
        periods,
        source: format!(
            "Source\u{a0}: {}. Données publiques, sans secret statistique.",
            spec.map_or("", |s| s.source.as_str())
        ),
    };
    let scene = line_chart(&chart, 1600, 900);
    match format {
        "svg" => Ok((
            "image/svg+xml",
            crate::render::svg::encode(&scene).into_bytes(),
        )),
        "pdf" => Ok((
            "application/pdf",
            crate::render::pdf::document(&[scene], &chart.title)?,
        )),
        _ => Ok(("image/png", crate::render::png::encode(&scene)?)),
    }
}

/// One row per series and month: `serie,periode,mois,valeur`.
fn csv(series: &[Json], sep: Option<&str>, name: &[&str]) -> Result<HttpResponse, ApiError> {
    let header = ["serie", "periode", "mois", "valeur"]
        .map(String::from)
        .to_vec();
    let download = CsvDownload::new(sep, name, header)?;
    let sep = download.separator();
    let rows = {
        let mut rows = Vec::new();
        for s in series {
            let id = s["id"].as_str().unwrap_or_default();
            for p in s["points"].as_array().into_iter().flatten() {
                let period = p["period"].as_str().unwrap_or_default();
                let (y, m) = crate::manifest::dates::parse_period(period).unwrap_or_default();
                let value = p["value"].as_f64().map_or(Value::Missing, Value::Number);
                rows.push(vec![
                    id.to_string(),
                    period.to_string(),
                    month_label(y, m),
                    sep.cell(value),
                ]);
            }
        }
        rows
    };
    Ok(download.response(download.bytes(rows)))
}
