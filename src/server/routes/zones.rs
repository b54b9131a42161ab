//! `GET /api/zones/{layer}`: the indicator table (JSON, CSV or GeoJSON) with
//! sorting, paging, search and parent filter; `GET /api/zones/{layer}/{code}`:
//! one zone's sheet as a GeoJSON Feature.

use super::{indicator, zone_index, zone_layer};
use crate::report::{rows_of, ZoneRow};
use crate::search::fold;
use crate::server::csv_download::{CsvDownload, CSV_TYPE};
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::AppState;
use crate::sheet::sheet;
use crate::territory::Territory;
use actix_web::{web, HttpResponse};
use geo::{MultiPolygon, Simplify};
use serde::Deserialize;
use serde_json::json;

/// Query of the table route.
#[derive(Deserialize, Default)]
pub struct TableQuery {
    sort: Option<String>,
    order: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
    q: Option<String>,
    parent: Option<String>,
    format: Option<String>,
    sep: Option<String>,
    labels: Option<String>,
}

/// Simplification tolerance for table geometries, in degrees (about 10 m).
const SIMPLIFY_DEGREES: f64 = 1e-4;
/// The largest page.
const MAX_LIMIT: usize = 50_000;

fn number(name: &str, raw: Option<&str>, default: usize, max: usize) -> Result<usize, ApiError> {
    match raw {
        None => Ok(default),
        Some(r) => r
            .parse::<usize>()
            .ok()
            .filter(|v| *v <= max)
            .ok_or_else(|| ApiError::bad(name, format!("un entier de 0 à {max}"))),
    }
}

/// Rows of the layer after search, parent filter and sort; with the total before paging.
fn select<'a>(
    t: &'a Territory,
    layer: &str,
    q: &TableQuery,
) -> Result<(Vec<ZoneRow<'a>>, usize), ApiError> {
    let (z, _) = zone_layer(t, layer)?;
    let mut all = rows_of(t, z);
    if let Some(text) = q.q.as_deref().filter(|s| !s.trim().is_empty()) {
        let needle = fold(text.trim());
        all.retain(|r| fold(r.name).contains(&needle) || fold(r.code).contains(&needle));
    }
    if let Some(parent) = &q.parent {
        // A typo must not look like a parent without children.
        if !t.zones.iter().any(|z| z.index_of(parent).is_some()) {
            return Err(ApiError::bad(
                "parent",
                format!("aucune zone de code «\u{a0}{parent}\u{a0}» dans les couches"),
            ));
        }
        all.retain(|r| r.parents.iter().any(|p| &p.code == parent));
    }
    let descending = match q.order.as_deref() {
        None | Some("desc") => q.sort.is_some(),
        Some("asc") => false,
        Some(other) => {
            return Err(ApiError::bad(
                "order",
                format!("«\u{a0}{other}\u{a0}»\u{a0}: asc ou desc"),
            ))
        }
    };
    sort_rows(t, &mut all, q.sort.as_deref(), descending)?;
    let total = all.len();
    let offset = number("offset", q.offset.as_deref(), 0, usize::MAX)?;
    let limit = number("limit", q.limit.as_deref(), MAX_LIMIT, MAX_LIMIT)?;
    Ok((all.into_iter().skip(offset).take(limit).collect(), total))
}

/// Sorts by `code`, `name` or an indicator (secret and missing values last).
fn sort_rows(
    t: &Territory,
    rows: &mut [ZoneRow],
    sort: Option<&str>,
    descending: bool,
) -> Result<(), ApiError> {
    match sort {
        None | Some("code") => rows.sort_by(|a, b| a.code.cmp(b.code)),
        Some("name") => rows.sort_by_cached_key(|r| fold(r.name)),
        Some(id) => {
            let id = indicator(t, id)?.id();
            let key = |r: &ZoneRow| {
                r.indicators
                    .iter()
                    .find(|(i, _)| *i == id)
                    .and_then(|(_, v)| v.number())
            };
            rows.sort_by(|a, b| match (key(a), key(b)) {
                (Some(x), Some(y)) if descending => y.total_cmp(&x),
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.code.cmp(b.code),
            });
            return Ok(());
        }
    }
    if descending {
        rows.reverse();
    }
    Ok(())
}

/// The table of a layer.
#[utoipa::path(get, path = "/api/zones/{layer}", tag = "zones", params(("layer" = String, Path, description = "Couche de zones (qpv, communes…)"), ("sort" = Option<String>, Query, description = "code, name ou un indicateur"), ("order" = Option<String>, Query, description = "asc ou desc"), ("limit" = Option<usize>, Query, description = "Au plus 50 000"), ("offset" = Option<usize>, Query, description = "Premières zones à sauter"), ("q" = Option<String>, Query, description = "Recherche dans le nom ou le code"), ("parent" = Option<String>, Query, description = "Code d’une zone parente"), ("format" = Option<String>, Query, description = "json, csv ou geojson"), ("sep" = Option<String>, Query, description = "comma ou semicolon (CSV pour tableur français : point-virgule, virgule décimale, marque UTF-8)"), ("labels" = Option<bool>, Query, description = "CSV : une première ligne d’intitulés en français avec leurs unités")), responses((status = 200, description = "Tableau des indicateurs (JSON, CSV ou GeoJSON)", content((crate::server::schemas::ZoneTable = "application/json"), ("text/csv"), ("application/geo+json"))), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 404, description = "Couche, indicateur ou zone inconnus (avec les valeurs valides)", body = ErrorBody, content_type = "application/json")))]
pub async fn table(
    state: web::Data<AppState>,
    layer: web::Path<String>,
    query: web::Query<TableQuery>,
) -> Result<HttpResponse, ApiError> {
    let loaded = state.current();
    let (layer, query) = (layer.into_inner(), query.into_inner());
    // A whole layer as GeoJSON takes most of a second: off the async threads,
    // so that other requests (and `/health`) do not wait for it.
    let body = web::block(move || table_body(&loaded.territory, &layer, &query))
        .await
        .map_err(ApiError::internal)??;
    let mut answer = HttpResponse::Ok();
    answer.content_type(body.media);
    if let Some(disposition) = body.disposition {
        answer.insert_header(("Content-Disposition", disposition));
    }
    Ok(answer.body(body.bytes))
}

/// A table answer built off the async threads.
struct TableBody {
    media: &'static str,
    bytes: Vec<u8>,
    /// `Content-Disposition` of a download (CSV).
    disposition: Option<String>,
}

/// The table's media type and bytes in the format asked for.
fn table_body(t: &Territory, layer: &str, query: &TableQuery) -> Result<TableBody, ApiError> {
    let (selected, total) = select(t, layer, query)?;
    let to_json = |v: serde_json::Value| serde_json::to_vec(&v).map_err(ApiError::internal);
    let plain = |media, bytes| TableBody {
        media,
        bytes,
        disposition: None,
    };
    match query.format.as_deref().unwrap_or("json") {
        "json" => Ok(plain(
            "application/json",
            to_json(json!({ "layer": layer, "total": total, "zones": selected }))?,
        )),
        "csv" => csv(t, layer, &selected, query),
        "geojson" => Ok(plain(
            "application/geo+json",
            to_json(geojson(zone_layer(t, layer)?.1, &selected))?,
        )),
        other => Err(ApiError::bad(
            "format",
            format!("«\u{a0}{other}\u{a0}»\u{a0}: json, csv ou geojson"),
        )),
    }
}

/// CSV named after the layer and the data's vintage; `sep=semicolon` writes
/// `;` and decimal commas for French spreadsheets, `labels=true` a row of
/// French labels with units above the identifiers.
fn csv(
    t: &Territory,
    layer: &str,
    rows: &[ZoneRow],
    q: &TableQuery,
) -> Result<TableBody, ApiError> {
    let columns = crate::report::columns(t, zone_layer(t, layer)?.0);
    let header = ["code", "nom"].into_iter().map(String::from);
    let header = header.chain(columns.iter().map(|c| c.0.clone())).collect();
    let vintage = t.manifest.territory.vintage().unwrap_or_default();
    let name = ["zonage", layer, "indicateurs", &vintage];
    let download = CsvDownload::new(q.sep.as_deref(), &name, header)?.with_labels(
        q.labels.as_deref(),
        || {
            let names = ["Code", "Nom"].into_iter().map(String::from);
            names.chain(columns.iter().map(|c| c.1.clone())).collect()
        },
    )?;
    let sep = download.separator();
    let records = rows.iter().map(|r| {
        let cells = r.indicators.iter().map(|(_, v)| sep.cell(*v));
        [r.code.to_string(), r.name.to_string()]
            .into_iter()
            .chain(cells)
            .collect()
    });
    Ok(TableBody {
        media: CSV_TYPE,
        bytes: download.bytes(records),
        disposition: Some(download.content_disposition()),
    })
}

fn geometry(shape: &MultiPolygon<f64>, tolerance: f64) -> serde_json::Value {
    serde_json::to_value(geojson::Geometry::from(&shape.simplify(tolerance)))
        .expect("geometry serialises")
}

fn geojson(zones: &crate::zones::ZoneLayer, rows: &[ZoneRow]) -> serde_json::Value {
    let features: Vec<_> = rows
        .iter()
        .map(|r| {
            let shape = &zones.shapes[zones.index_of(r.code).expect("row of this layer")];
            let props: serde_json::Map<_, _> = r.indicators.iter().map(|(id, v)| (id.to_string(), json!(v))).collect();
            json!({ "type": "Feature", "geometry": geometry(shape, SIMPLIFY_DEGREES), "properties": { "code": r.code, "name": r.name, "indicators": props } })
        })
        .collect();
    json!({ "type": "FeatureCollection", "features": features })
}

/// One zone's sheet, with its full geometry.
#[utoipa::path(get, path = "/api/zones/{layer}/{code}", tag = "zones", params(("layer" = String, Path, description = "Couche de zones"), ("code" = String, Path, description = "Code de la zone")), responses((status = 200, description = "Fiche de la zone (Feature GeoJSON)", body = crate::server::schemas::ZoneFeature, content_type = "application/geo+json"), (status = 404, description = "Couche, indicateur ou zone inconnus (avec les valeurs valides)", body = ErrorBody, content_type = "application/json")))]
pub async fn zone(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let loaded = state.current();
    let t = &loaded.territory;
    let (layer, code) = path.into_inner();
    let (_, zones) = zone_layer(t, &layer)?;
    let shape = &zones.shapes[zone_index(zones, &code)?];
    let sheet = sheet(t, &layer, &code).expect("the zone exists");
    Ok(HttpResponse::Ok().content_type("application/geo+json").json(json!({ "type": "Feature", "id": code, "geometry": geometry(shape, 0.0), "properties": sheet })))
}
