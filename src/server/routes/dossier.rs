//! `GET /api/dossier/{layer}/{code}.pdf`: the diagnostic dossier of a zone
//! (seven 16:9 slides, see [`crate::dossier`]), named after the zone and the
//! data's vintage.

use super::{indicator, zone_index, zone_layer};
use crate::dossier::Dossier;
use crate::server::csv_download::slug;
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

/// Query of the dossier route.
#[derive(Deserialize)]
pub struct DossierQuery {
    indicator: Option<String>,
}

/// The indicator of the map and of "where to act" when none is asked for.
const DEFAULT_INDICATOR: &str = "part_non_autonomes";

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
    let fallback = if t.manifest.indicator(DEFAULT_INDICATOR).is_some() {
        DEFAULT_INDICATOR
    } else {
        t.manifest.indicators.first().map_or("", |i| i.id.as_str())
    };
    let wanted = indicator(t, query.indicator.as_deref().unwrap_or(fallback))?.index;
    let date = t.manifest.territory.vintage().unwrap_or_default();
    let parts = ["dossier", zones.names[i].as_str(), date.as_str()].map(slug);
    let name = parts
        .iter()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("-")
        + ".pdf";
    let body = web::block(move || {
        let t = &loaded.territory;
        let d = Dossier::new(t, z, i, &t.manifest.indicators[wanted]);
        crate::render::pdf::document(
            &d.slides(),
            &format!("Diagnostic territorial — {}", d.name()),
        )
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body))
}
