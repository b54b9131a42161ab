//! The map application: `web/` embedded in the binary (so one file serves
//! everything, offline), at `/` (the full application), `/embed` (the map
//! alone, for an `<iframe>` in a slide or a page) and `/web/{file}` (scripts,
//! styles, Leaflet).

use crate::server::error::ApiError;
use actix_web::{web, HttpResponse};
use rust_embed::RustEmbed;

/// The files of `web/`, read at build time (from disk in debug builds, so
/// that editing the front end needs no rebuild).
#[derive(RustEmbed)]
#[folder = "web/"]
struct Assets;

/// One embedded file with its media type, or 404.
fn asset(path: &str) -> Result<HttpResponse, ApiError> {
    let file = Assets::get(path).ok_or_else(|| ApiError::UnknownFile(path.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type(file.metadata.mimetype())
        .body(file.data.into_owned()))
}

/// The application.
#[utoipa::path(get, path = "/", tag = "application", responses((status = 200, description = "L’application cartographique (HTML)", content_type = "text/html")))]
pub async fn index() -> Result<HttpResponse, ApiError> {
    asset("index.html")
}

/// The map alone, for embedding; options in the query (see the README).
#[utoipa::path(get, path = "/embed", tag = "application", responses((status = 200, description = "La carte seule, à intégrer dans une iframe (HTML)", content_type = "text/html")))]
pub async fn embed() -> Result<HttpResponse, ApiError> {
    asset("embed.html")
}

/// The API's documentation, readable in a browser (Swagger UI, vendored).
#[utoipa::path(get, path = "/api/docs", tag = "application", responses((status = 200, description = "La documentation de l’API, lisible dans un navigateur (HTML, hors ligne)", content_type = "text/html")))]
pub async fn docs() -> Result<HttpResponse, ApiError> {
    asset("docs.html")
}

/// A file of the application. Only embedded files exist: `..` leads nowhere.
#[utoipa::path(get, path = "/web/{file}", tag = "application", params(("file" = String, Path, description = "Fichier de l’application")), responses((status = 200, description = "Script, style ou image", content(("text/javascript"), ("text/css"), ("image/png"), ("image/svg+xml"))), (status = 404, description = "Fichier inconnu", body = crate::server::openapi::ErrorBody, content_type = "application/json")))]
pub async fn static_file(path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    asset(&path)
}
