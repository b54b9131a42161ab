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
//! the answer is sent in pieces as it is produced, at most `IN_FLIGHT`
//! pieces ahead of the client: whatever the batch's size, its answer is never
//! held whole (a 1,000,000-row answer weighs some 150 MB).

use crate::lookup::{lookup, LayerLookup};
use crate::server::batch_rows::{read_rows, BodyError, Row};
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::{AppState, Loaded};
use crate::server::upload::{self, Upload};
use crate::territory::Territory;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::sync::Arc;
use tokio::sync::OwnedSemaphorePermit;

/// The most rows a batch may hold.
pub const MAX_ROWS: usize = 1_000_000;
/// The largest body accepted, in bytes (after decompression).
pub const MAX_BYTES: usize = 32 * 1024 * 1024;
/// Rows per piece of the answer.
const PIECE: usize = 5_000;
/// Pieces computed at once, and pieces waiting for the client at most.
const IN_FLIGHT: usize = 8;

/// Looks a batch up.
#[utoipa::path(post, path = "/api/lookup", tag = "recherche", request_body(content = String, description = "CSV (lon, lat, id) ou JSON [{id, lon, lat}]\u{a0}; corps compressé accepté (Content-Encoding: gzip ou deflate)", content_type = "text/csv"), responses((status = 200, description = "Une ligne de réponse par ligne envoyée, dans l’ordre (CSV ou JSON)", content(("text/csv"), (Vec<crate::server::schemas::BatchRow> = "application/json"))), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 408, description = "Corps non reçu en entier dans le délai (30 s par défaut)", body = ErrorBody, content_type = "application/json"), (status = 413, description = "Plus de 1\u{a0}000\u{a0}000 de lignes ou de 32\u{a0}Mio", body = ErrorBody, content_type = "application/json"), (status = 415, description = "Content-Encoding autre que gzip ou deflate", body = ErrorBody, content_type = "application/json"), (status = 503, description = "Trop de lots en cours\u{a0}: réessayer après Retry-After secondes", body = ErrorBody, content_type = "application/json")))]
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
    let rows = web::block(move || {
        let rows = read_rows(upload.decoded(encoding), json, MAX_ROWS);
        match (rows, stopped.get()) {
            (_, Some(why)) => Err(why.into_error()),
            (Err(BodyError::TooManyRows(n)), None) => Err(ApiError::TooLarge(format!(
                "{} lignes au plus par requête",
                crate::typography::thousands(n)
            ))),
            (Err(BodyError::Unreadable(e)), None) => Err(ApiError::bad("body", e)),
            (Ok(rows), None) => Ok(rows),
        }
    })
    .await
    .map_err(ApiError::internal)??;
    let content_type = if json {
        "application/json"
    } else {
        "text/csv; charset=utf-8"
    };
    let pieces = answer_stream(loaded, rows, json, permit)?;
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .streaming(pieces))
}

/// The answer's pieces, produced by a thread of their own [`IN_FLIGHT`]
/// pieces at a time over all cores and sent in order through a channel of
/// [`IN_FLIGHT`] places: the thread waits while the client is slow, and
/// stops when it goes away. The batch's permit is held until the last piece
/// is made.
fn answer_stream(
    loaded: Arc<Loaded>,
    rows: Vec<Row>,
    json: bool,
    permit: OwnedSemaphorePermit,
) -> Result<impl futures_util::Stream<Item = Result<web::Bytes, actix_web::Error>>, ApiError> {
    let (sender, receiver) = tokio::sync::mpsc::channel::<web::Bytes>(IN_FLIGHT);
    std::thread::Builder::new()
        .name("lookup-batch".into())
        .spawn(move || {
            let _permit = permit;
            for piece in answer_pieces(&loaded.territory, &rows, json) {
                if sender.blocking_send(piece).is_err() {
                    return; // the client went away
                }
            }
        })
        .map_err(ApiError::internal)?;
    Ok(futures_util::stream::unfold(receiver, |mut r| async move {
        r.recv().await.map(|piece| (Ok(piece), r))
    }))
}

/// Each zone layer's id, and whether it has a nearness status.
fn layers(t: &Territory) -> Vec<(&str, bool)> {
    t.zones
        .iter()
        .zip(&t.manifest.zones)
        .map(|(z, s)| (z.id.as_str(), s.near_m.is_some()))
        .collect()
}

/// The answer, in pieces of [`PIECE`] rows, lazily: each group of
/// [`IN_FLIGHT`] pieces is looked up and written over all cores when the
/// previous one has been taken, so that no list of results is held.
fn answer_pieces<'a>(
    t: &'a Territory,
    rows: &'a [Row],
    json: bool,
) -> impl Iterator<Item = web::Bytes> + 'a {
    let layers = layers(t);
    let header = if json {
        "[".to_string()
    } else {
        csv_header(&layers)
    };
    let groups = rows.chunks(PIECE * IN_FLIGHT).enumerate();
    let body = groups.flat_map(move |(g, group)| {
        let first = g * PIECE * IN_FLIGHT;
        let layers = &layers;
        group
            .par_chunks(PIECE)
            .enumerate()
            .map(|(p, chunk)| piece(t, (first + p * PIECE, chunk), json, layers))
            .collect::<Vec<_>>()
    });
    let tail = if json { "\n]\n" } else { "" };
    std::iter::once(web::Bytes::from(header))
        .chain(body)
        .chain(std::iter::once(web::Bytes::from(tail)))
}

/// One piece of the answer: rows `chunk`, the first being row `first` (from 0).
fn piece(
    t: &Territory,
    (first, chunk): (usize, &[Row]),
    json: bool,
    layers: &[(&str, bool)],
) -> web::Bytes {
    if !json {
        return csv_piece(t, (first, chunk), layers);
    }
    let mut out = String::new();
    for (k, row) in chunk.iter().enumerate() {
        let n = first + k;
        let found = row.position.clone().map(|pos| lookup(t, pos));
        out.push_str(if n == 0 { "\n" } else { ",\n" });
        out.push_str(&json_line(n + 1, row, &found));
    }
    web::Bytes::from(out)
}

/// The CSV rows of one piece, through one writer (a writer per row cost an
/// 8 KB buffer and a dozen strings each: a fifth of a batch's time went to
/// allocating and clearing memory).
fn csv_piece(
    t: &Territory,
    (first, chunk): (usize, &[Row]),
    layers: &[(&str, bool)],
) -> web::Bytes {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(chunk.len() * 96));
    for (k, row) in chunk.iter().enumerate() {
        let found = row.position.clone().map(|pos| lookup(t, pos));
        write_csv_row(&mut w, first + k + 1, row, &found, layers).expect("writing to memory");
    }
    web::Bytes::from(w.into_inner().expect("writing to memory"))
}

fn json_line(row: usize, r: &Row, found: &Result<Vec<LayerLookup<'_>>, String>) -> String {
    let value = match found {
        Ok(layers) => serde_json::json!({ "row": row, "id": r.id, "layers": layers }),
        Err(e) => serde_json::json!({ "row": row, "id": r.id, "error": e }),
    };
    value.to_string()
}

/// One field of every zone found, `|`-separated (zones may overlap).
fn joined<'a>(
    zones: &[crate::lookup::ZoneRef<'a>],
    field: fn(&crate::lookup::ZoneRef<'a>) -> &'a str,
) -> std::borrow::Cow<'a, str> {
    match zones {
        [one] => field(one).into(),
        _ => zones.iter().map(field).collect::<Vec<_>>().join("|").into(),
    }
}

fn csv_header(layers: &[(&str, bool)]) -> String {
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

fn write_csv_row(
    w: &mut csv::Writer<Vec<u8>>,
    row: usize,
    r: &Row,
    found: &Result<Vec<LayerLookup<'_>>, String>,
    layers: &[(&str, bool)],
) -> csv::Result<()> {
    w.write_field(row.to_string())?;
    w.write_field(&r.id)?;
    match found {
        Ok(results) => {
            for (result, (_, near)) in results.iter().zip(layers) {
                w.write_field(joined(&result.zones, |z| z.code).as_bytes())?;
                w.write_field(joined(&result.zones, |z| z.name).as_bytes())?;
                if *near {
                    w.write_field(result.status.map_or("", |s| s.as_str()))?;
                    let distance = result.distance_to_boundary_m.map(|d| format!("{d:.0}"));
                    w.write_field(distance.unwrap_or_default())?;
                }
            }
            w.write_field("")?;
        }
        Err(e) => {
            let blanks = layers
                .iter()
                .map(|(_, near)| if *near { 4 } else { 2 })
                .sum::<usize>();
            for _ in 0..blanks {
                w.write_field("")?;
            }
            w.write_field(e)?;
        }
    }
    w.write_record(None::<&[u8]>)
}
