//! `POST /api/lookup`: the "is this address in a QPV" check for a whole file.
//!
//! The body is CSV (a header with `lon`/`lat`, `longitude`/`latitude` or
//! `x`/`y` columns, `,` or `;`, decimal comma with `;`, any other columns such
//! as an `id` echoed back) or JSON (`[{"id": …, "lon": …, "lat": …}, …]`).
//! Rows keep their order; a bad row gets its own error and the batch goes on.
//! The body is read as a stream ([`crate::server::upload`]) on a blocking
//! thread, up to [`MAX_BYTES`] and [`MAX_ROWS`] rows (413 beyond, naming the
//! limit), within the body time-out (408); at most two batches per core run at
//! once (503 with `Retry-After` beyond). Rows are looked up over all cores, and
//! the answer is written in pieces as it is produced.

use crate::lookup::{lookup, LayerLookup};
use crate::server::batch_rows::{read_rows, BodyError, Row};
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::AppState;
use crate::server::upload::{self, Upload};
use crate::territory::Territory;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use rayon::prelude::*;
use std::fmt::Write as _;

/// The most rows a batch may hold.
pub const MAX_ROWS: usize = 200_000;
/// The largest body accepted, in bytes (after decompression).
pub const MAX_BYTES: usize = 32 * 1024 * 1024;
/// Rows per piece of the answer.
const PIECE: usize = 5_000;

/// Looks a batch up.
#[utoipa::path(post, path = "/api/lookup", tag = "recherche", request_body(content = String, description = "CSV (lon, lat, id) ou JSON [{id, lon, lat}] ; corps compressé accepté (Content-Encoding: gzip ou deflate)", content_type = "text/csv"), responses((status = 200, description = "Une ligne de réponse par ligne envoyée, dans l'ordre (CSV ou JSON)", content(("text/csv"), (Vec<crate::server::schemas::BatchRow> = "application/json"))), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 408, description = "Corps non reçu en entier dans le délai (30 s par défaut)", body = ErrorBody, content_type = "application/json"), (status = 413, description = "Plus de 200 000 lignes ou de 32 Mio", body = ErrorBody, content_type = "application/json"), (status = 415, description = "Content-Encoding autre que gzip ou deflate", body = ErrorBody, content_type = "application/json"), (status = 503, description = "Trop de lots en cours : réessayer après Retry-After secondes", body = ErrorBody, content_type = "application/json")))]
pub async fn lookup_batch(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let encoding = upload::encoding(request.headers())?;
    // Held until the answer is computed: bounds the memory of batches in progress.
    let permit = state
        .batches
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::Busy)?;
    let json = request.content_type().contains("json");
    let limits = upload::Limits {
        max_bytes: MAX_BYTES,
        deadline: state.options.body_timeout,
    };
    let upload = Upload::start(body, limits);
    let stopped = upload.why_stopped();
    let loaded = state.current();
    let answers = web::block(move || {
        let rows = read_rows(upload.decoded(encoding), json, MAX_ROWS);
        let rows = match (rows, stopped.get()) {
            (_, Some(why)) => return Err(why.into_error()),
            (Err(BodyError::TooManyRows(n)), None) => {
                return Err(ApiError::TooLarge(format!(
                    "{n} lignes au plus par requête"
                )))
            }
            (Err(BodyError::Unreadable(e)), None) => return Err(ApiError::bad("body", e)),
            (Ok(rows), None) => rows,
        };
        let found = look_up(&loaded.territory, &rows);
        drop(permit);
        Ok((rows, found, layers(&loaded.territory)))
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(respond(json, answers))
}

/// Every row looked up, over all cores.
fn look_up(t: &Territory, rows: &[Row]) -> Vec<Result<Vec<LayerLookup>, String>> {
    rows.par_iter()
        .map(|r| r.position.clone().map(|p| lookup(t, p)))
        .collect()
}

/// Each zone layer's id, and whether it has a nearness status.
fn layers(t: &Territory) -> Vec<(String, bool)> {
    t.zones
        .iter()
        .zip(&t.manifest.zones)
        .map(|(z, s)| (z.id.clone(), s.near_m.is_some()))
        .collect()
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
