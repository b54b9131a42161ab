//! `GET /api/dossier/{layer}/{code}.pdf`: the diagnostic dossier of a zone
//! (seven 16:9 slides, see [`crate::dossier`]), named after the zone and the
//! data's vintage.

use super::{indicator, zone_index, zone_layer};
use crate::dossier::Dossier;
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::{AppState, Loaded};
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use std::sync::Arc;

/// Query of the dossier route.
#[derive(Deserialize)]
pub struct DossierQuery {
    indicator: Option<String>,
}

/// A zone's dossier as PDF.
#[utoipa::path(get, path = "/api/dossier/{layer}/{file}", tag = "cartes", params(("layer" = String, Path, description = "Couche de zones"), ("file" = String, Path, description = "{code}.pdf"), ("indicator" = Option<String>, Query, description = "Indicateur de la carte et du classement (part des non autonomes par défaut)")), responses((status = 200, description = "Le dossier\u{a0}: sept pages 16:9, textes sélectionnables, police incorporée", content_type = "application/pdf"), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 404, description = "Couche, indicateur ou zone inconnus (avec les valeurs valides)", body = ErrorBody, content_type = "application/json")))]
pub async fn dossier_pdf(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    query: web::Query<DossierQuery>,
) -> Result<HttpResponse, ApiError> {
    let (layer, file) = path.into_inner();
    let code = file
        .strip_suffix(".pdf")
        .ok_or_else(|| ApiError::bad("path", "attendu\u{a0}: /api/dossier/{couche}/{code}.pdf"))?
        .to_string();
    let loaded = state.current();
    let t = &loaded.territory;
    let (z, zones) = zone_layer(t, &layer)?;
    let i = zone_index(zones, &code)?;
    let wanted = match &query.indicator {
        Some(id) => indicator(t, id)?.index,
        None => {
            indicator(
                t,
                crate::dossier::default_indicator(&t.manifest).map_or("", |i| &i.id),
            )?
            .index
        }
    };
    let vintage = t.manifest.territory.vintage();
    let name = format!(
        "{}.pdf",
        crate::dossier::file_stem(&zones.names[i], vintage.as_deref())
    );
    let body = cached_pdf(loaded.clone(), (z, i, wanted)).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body))
}

/// The dossier of `(layer, zone, indicator)` from the cache of its data
/// version, built (off the async threads) and kept at the first request.
async fn cached_pdf(
    loaded: Arc<Loaded>,
    key: (usize, usize, usize),
) -> Result<bytes::Bytes, ApiError> {
    if let Some(pdf) = loaded.dossiers.get(&key) {
        return Ok(pdf);
    }
    let built = loaded.clone();
    let pdf = web::block(move || {
        let t = &built.territory;
        let (z, i, wanted) = key;
        Dossier::new(t, z, i, &t.manifest.indicators[wanted]).pdf()
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    let pdf = bytes::Bytes::from(pdf);
    loaded.dossiers.insert(key, pdf.clone());
    Ok(pdf)
}
