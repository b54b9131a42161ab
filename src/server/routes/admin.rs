//! `POST /admin/reload`: loads the manifest again and swaps it in.

use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;
use subtle::ConstantTimeEq;

/// Reloads, with the bearer token given at start-up (`ZONAGE_ADMIN_TOKEN`).
#[utoipa::path(post, path = "/admin/reload", tag = "service", responses((status = 200, description = "Données rechargées", body = crate::server::schemas::Reloaded, content_type = "application/json"), (status = 401, description = "Jeton absent ou invalide", body = ErrorBody, content_type = "application/json"), (status = 403, description = "Rechargement désactivé", body = ErrorBody, content_type = "application/json"), (status = 422, description = "Le manifeste ne se charge pas\u{a0}; les données précédentes restent servies", body = ErrorBody, content_type = "application/json")))]
pub async fn reload(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let expected = state
        .options
        .admin_token
        .as_deref()
        .ok_or(ApiError::ReloadDisabled)?;
    let given = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    // Constant-time: the time taken says nothing of how much of the token matched.
    let matches = given.is_some_and(|g| bool::from(g.as_bytes().ct_eq(expected.as_bytes())));
    if !matches {
        return Err(ApiError::Unauthorized);
    }
    let state = state.into_inner();
    // Loading takes seconds: off the async workers.
    let version = web::block(move || state.reload())
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::ReloadFailed(e.to_string()))?;
    Ok(HttpResponse::Ok().json(json!({ "status": "reloaded", "version": version })))
}
