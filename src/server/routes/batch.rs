//! `POST /api/lookup`: the "is this address in a QPV" check for a whole file.
//!
//! The body is CSV (a header with `lon`/`lat`, `longitude`/`latitude` or
//! `x`/`y` columns, `,` or `;`, decimal comma with `;`, any other columns such
//! as an `id` echoed back) or JSON (`[{"id": …, "lon": …, "lat": …}, …]`).
//! Rows keep their order; a bad row gets its own error and the batch goes on.
//! The body is read up to [`MAX_BYTES`] and [`MAX_ROWS`] rows (413 beyond,
//! naming the limit), rows are looked up over all cores, and the answer is
//! written in pieces as it is produced.

use crate::lookup::{lookup, LayerLookup};
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::routes::lookup::coordinate;
use crate::server::state::AppState;
use actix_web::{post, web, HttpMessage, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use rayon::prelude::*;
use serde::Deserialize;
use std::fmt::Write as _;

/// The most rows a batch may hold.
pub const MAX_ROWS: usize = 200_000;
/// The largest body accepted, in bytes.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;
/// Rows per piece of the answer.
const PIECE: usize = 5_000;

/// One row of a batch: what to echo, and the position or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row's `id`, echoed back (empty without one).
    pub id: String,
    /// The position, or why the row has none.
    pub position: Result<[f64; 2], String>,
}

/// Parses a batch body, CSV or JSON: one entry per row, in order. Fails only
/// when the body as a whole cannot be read (no `lon`/`lat` header, not JSON).
pub fn parse_rows(text: &str, json: bool) -> Result<Vec<Row>, ApiError> {
    if json {
        json_rows(text)
    } else {
        csv_rows(text)
    }
}

/// A JSON batch row.
#[derive(Deserialize)]
struct JsonRow {
    #[serde(default)]
    id: serde_json::Value,
    lon: serde_json::Value,
    lat: serde_json::Value,
}

/// Looks a batch up.
#[utoipa::path(post, path = "/api/lookup", tag = "recherche", request_body(content = String, description = "CSV (lon, lat, id) ou JSON [{id, lon, lat}]", content_type = "text/csv"), responses((status = 200, description = "Une ligne de réponse par ligne envoyée, dans l'ordre (CSV ou JSON)", content(("text/csv"), (Vec<crate::server::schemas::BatchRow> = "application/json"))), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 413, description = "Plus de 200 000 lignes ou de 32 Mo", body = ErrorBody, content_type = "application/json")))]
#[post("/api/lookup")]
pub async fn lookup_batch(
    state: web::Data<AppState>,
    request: HttpRequest,
    mut body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad("body", e.to_string()))?;
        if bytes.len() + chunk.len() > MAX_BYTES {
            return Err(ApiError::TooLarge(format!(
                "{} Mo au plus par requête",
                MAX_BYTES / (1024 * 1024)
            )));
        }
        bytes.extend_from_slice(&chunk);
    }
    // Read in place: the body can be tens of megabytes.
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| ApiError::bad("body", "le corps doit être en UTF-8"))?;
    let json = request.content_type().contains("json");
    let rows = parse_rows(text, json)?;
    if rows.len() > MAX_ROWS {
        return Err(ApiError::TooLarge(format!(
            "{MAX_ROWS} lignes au plus par requête, {} reçues",
            rows.len()
        )));
    }
    let loaded = state.current();
    let answers = web::block(move || {
        let t = &loaded.territory;
        let found: Vec<Result<Vec<LayerLookup>, String>> = rows
            .par_iter()
            .map(|r| r.position.clone().map(|p| lookup(t, p)))
            .collect();
        let layers: Vec<(String, bool)> = t
            .zones
            .iter()
            .zip(&t.manifest.zones)
            .map(|(z, s)| (z.id.clone(), s.near_m.is_some()))
            .collect();
        (rows, found, layers)
    })
    .await
    .map_err(|e| ApiError::bad("body", e.to_string()))?;
    Ok(respond(json, answers))
}

fn json_rows(text: &str) -> Result<Vec<Row>, ApiError> {
    let items: Vec<serde_json::Value> = serde_json::from_str(text)
        .map_err(|e| ApiError::bad("body", format!("JSON illisible : {e}")))?;
    Ok(items
        .into_iter()
        .map(|item| {
            let row: Result<JsonRow, _> = serde_json::from_value(item);
            match row {
                Err(e) => Row {
                    id: String::new(),
                    position: Err(format!("ligne illisible : {e}")),
                },
                Ok(r) => {
                    let text = |v: &serde_json::Value| {
                        v.as_str().map_or_else(|| v.to_string(), str::to_string)
                    };
                    let id = if r.id.is_null() {
                        String::new()
                    } else {
                        text(&r.id)
                    };
                    Row {
                        id,
                        position: position(&text(&r.lon), &text(&r.lat)),
                    }
                }
            }
        })
        .collect())
}

fn position(lon: &str, lat: &str) -> Result<[f64; 2], String> {
    let lon = coordinate("lon", Some(lon), 180.0).map_err(|e| e.to_string())?;
    let lat = coordinate("lat", Some(lat), 90.0).map_err(|e| e.to_string())?;
    Ok([lon, lat])
}

fn csv_rows(text: &str) -> Result<Vec<Row>, ApiError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ApiError::bad("body", e.to_string()))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let (Some(lon), Some(lat)) = (
        find(&["lon", "longitude", "x"]),
        find(&["lat", "latitude", "y"]),
    ) else {
        return Err(ApiError::bad(
            "body",
            format!(
                "l'en-tête doit nommer lon et lat (colonnes : {})",
                headers.join(", ")
            ),
        ));
    };
    let id = find(&["id", "identifiant"]);
    let rows = reader.records().map(|record| match record {
        Err(e) => Row {
            id: String::new(),
            position: Err(format!("ligne illisible : {e}")),
        },
        Ok(r) => Row {
            id: id.and_then(|i| r.get(i)).unwrap_or("").to_string(),
            position: position(r.get(lon).unwrap_or(""), r.get(lat).unwrap_or("")),
        },
    });
    Ok(rows.collect())
}

type Answers = (
    Vec<Row>,
    Vec<Result<Vec<LayerLookup>, String>>,
    Vec<(String, bool)>,
);

/// Writes the answer in pieces of [`PIECE`] rows.
fn respond(json: bool, (rows, found, layers): Answers) -> HttpResponse {
    let total = rows.len();
    let header = if json {
        "[".to_string()
    } else {
        csv_header(&layers)
    };
    let pieces = (0..total.div_ceil(PIECE)).map(move |p| {
        let range = p * PIECE..((p + 1) * PIECE).min(total);
        let mut out = String::new();
        for k in range {
            if json {
                out.push_str(if k == 0 { "\n" } else { ",\n" });
                out.push_str(&json_line(k + 1, &rows[k], &found[k]));
            } else {
                out.push_str(&csv_line(k + 1, &rows[k], &found[k], &layers));
            }
        }
        Ok::<_, actix_web::Error>(web::Bytes::from(out))
    });
    let tail = if json { "\n]\n" } else { "" };
    let stream = futures_util::stream::iter(
        std::iter::once(Ok(web::Bytes::from(header)))
            .chain(pieces)
            .chain(std::iter::once(Ok(web::Bytes::from(tail)))),
    );
    let content_type = if json {
        "application/json"
    } else {
        "text/csv; charset=utf-8"
    };
    HttpResponse::Ok()
        .content_type(content_type)
        .streaming(stream)
}

fn json_line(row: usize, r: &Row, found: &Result<Vec<LayerLookup>, String>) -> String {
    let value = match found {
        Ok(layers) => serde_json::json!({ "row": row, "id": r.id, "layers": layers }),
        Err(e) => serde_json::json!({ "row": row, "id": r.id, "error": e }),
    };
    value.to_string()
}

/// One field of every zone found, `|`-separated (zones may overlap).
fn joined(
    zones: &[crate::lookup::ZoneRef],
    field: fn(&crate::lookup::ZoneRef) -> &String,
) -> String {
    zones
        .iter()
        .map(|z| field(z).as_str())
        .collect::<Vec<_>>()
        .join("|")
}

fn csv_header(layers: &[(String, bool)]) -> String {
    let mut h = String::from("ligne,id");
    for (id, near) in layers {
        let _ = write!(h, ",{id}_code,{id}_nom");
        if *near {
            let _ = write!(h, ",{id}_statut,{id}_distance_m");
        }
    }
    h.push_str(",erreur\n");
    h
}

fn csv_line(
    row: usize,
    r: &Row,
    found: &Result<Vec<LayerLookup>, String>,
    layers: &[(String, bool)],
) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let mut record = vec![row.to_string(), r.id.clone()];
    match found {
        Ok(results) => {
            for (result, (_, near)) in results.iter().zip(layers) {
                record.push(joined(&result.zones, |z| &z.code));
                record.push(joined(&result.zones, |z| &z.name));
                if *near {
                    record.push(
                        result
                            .status
                            .map_or(String::new(), |s| format!("{s:?}").to_lowercase()),
                    );
                    record.push(
                        result
                            .distance_to_boundary_m
                            .map_or(String::new(), |d| format!("{d:.0}")),
                    );
                }
            }
            record.push(String::new());
        }
        Err(e) => {
            let blanks = layers
                .iter()
                .map(|(_, near)| if *near { 4 } else { 2 })
                .sum::<usize>();
            record.extend(std::iter::repeat_n(String::new(), blanks));
            record.push(e.clone());
        }
    }
    w.write_record(&record).expect("writing to memory");
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8 in, UTF-8 out")
}
