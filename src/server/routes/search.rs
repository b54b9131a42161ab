//! `GET /api/search?q=`: zones of every layer by name or code (see
//! [`crate::search`]). The map application's search box asks it as the user
//! types instead of downloading every name.

use crate::search::search;
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

/// Query of the search route.
#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
    limit: Option<usize>,
}

/// The longest query read, in characters (longer ones are cut).
const MAX_QUERY_CHARS: usize = 100;

/// Zones whose name or code matches, best first.
#[utoipa::path(get, path = "/api/search", tag = "zones", params(("q" = String, Query, description = "Texte cherché (nom ou code\u{a0}; casse, accents, traits d’union et apostrophes ignorés)"), ("limit" = Option<usize>, Query, description = "Nombre de résultats (10 par défaut, au plus 50)")), responses((status = 200, description = "Zones trouvées\u{a0}: correspondance exacte, puis début du nom, début d’un mot, contenu", body = crate::server::schemas::SearchAnswer, content_type = "application/json"), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json")))]
pub async fn search_zones(
    state: web::Data<AppState>,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, ApiError> {
    let text: String = query
        .q
        .as_deref()
        .ok_or_else(|| ApiError::bad("q", "obligatoire\u{a0}: le nom ou le code cherché"))?
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    let limit = query.limit.unwrap_or(10).clamp(1, 50);
    let loaded = state.current();
    let (hits, total) = search(&loaded.territory, &text, limit);
    Ok(HttpResponse::Ok().json(json!({ "query": text, "total": total, "results": hits })))
}
