//! The OpenAPI 3 document of the service, at `GET /api/openapi.json`, built
//! by `utoipa` from the annotations on each route.

use super::routes::{
    admin, application, batch, dossier, hotspots, labels, legend, lookup, maps, meta, points,
    search, series, tiles, zones,
};
use actix_web::HttpResponse;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

/// Every error's body.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// Machine-readable code (`unknown_layer`, `bad_parameter`…).
    pub error: String,
    /// One sentence in French.
    pub message: String,
    /// For unknown names: the valid ones.
    pub valid: Option<Vec<String>>,
}

/// The document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "zonage",
        description = "Territoires, QPV et exclusion numérique des demandeurs d’emploi\u{a0}: indicateurs par zone, recherche d’adresses, légendes, tuiles vectorielles."
    ),
    paths(
        meta::health,
        meta::layers,
        zones::table,
        zones::zone,
        series::zone_series,
        lookup::lookup_one,
        batch::lookup_batch,
        hotspots::hotspots,
        search::search_zones,
        labels::labels,
        dossier::dossier_pdf,
        points::points,
        legend::legend,
        tiles::tilejson,
        tiles::tile_zxy,
        maps::static_map_file,
        application::index,
        application::embed,
        application::docs,
        application::static_file,
        admin::reload,
        openapi_json,
        super::metrics::metrics
    ),
    components(schemas(ErrorBody))
)]
pub struct ApiDoc;

/// The OpenAPI document as JSON text.
pub fn document() -> String {
    ApiDoc::openapi().to_json().unwrap_or_default()
}

/// The OpenAPI document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "service", responses((status = 200, description = "Ce document (OpenAPI 3.1)", body = Object, content_type = "application/json")))]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
