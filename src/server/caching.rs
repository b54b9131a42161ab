//! HTTP caching and CORS for the read-only API.
//!
//! A response depends only on the data version and the request, so its strong
//! `ETag` is the version plus a hash of the URI: a client that sends it back
//! in `If-None-Match` gets `304 Not Modified` with no body. The handler runs
//! first, so that only a resource that exists is "not modified" (tiles and
//! legends come from memory, so this costs little). Successful GET answers also say how long they may be kept
//! (`Cache-Control`) and that any web page may read them (CORS), so maps can be
//! embedded anywhere.

use super::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpResponse};
use std::hash::{Hash, Hasher};

/// How long a client may keep an answer without asking again, in seconds.
pub const MAX_AGE: u32 = 300;

/// The strong entity tag of a request under a data version. A gzip-encoded
/// answer is another representation, so it gets another tag.
pub fn etag(version: &str, method: &str, uri: &str, gzip: bool) -> String {
    // `DefaultHasher::new()` has fixed keys: the same request hashes the same in every process.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (method, uri, gzip).hash(&mut hasher);
    format!("\"{version}-{:016x}\"", hasher.finish())
}

/// Whether a request's `Accept-Encoding` admits gzip: `gzip` (or `*`)
/// listed without `q=0`.
pub fn accepts_gzip(headers: &header::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .is_some_and(|q| q.trim().parse::<f32>() == Ok(0.0))
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

/// The middleware (see the module documentation).
pub async fn middleware(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let method = request.method();
    let path = request.path();
    let cacheable = (method == Method::GET || method == Method::HEAD)
        && !path.starts_with("/admin")
        && path != "/health"
        && path != "/metrics";
    let version = request
        .app_data::<web::Data<AppState>>()
        .map(|s| s.current().version.clone());
    let tag = match (cacheable, version) {
        (true, Some(v)) => {
            let gzip = accepts_gzip(request.headers());
            let uri = request.uri().to_string();
            // HEAD describes the GET answer: same tag.
            Some(etag(&v, "GET", &uri, gzip))
        }
        _ => None,
    };
    let sent = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut response = next.call(request).await?.map_into_boxed_body();
    if let (Some(tag), true) = (&tag, response.status().is_success()) {
        // Only a resource that exists is "not modified": the handler has run.
        if sent.is_some_and(|s| s.split(',').any(|t| t.trim() == tag || t.trim() == "*")) {
            let not_modified = HttpResponse::NotModified()
                .insert_header((header::ETAG, tag.as_str()))
                .finish();
            return Ok(response.into_response(not_modified));
        }
        let headers = response.headers_mut();
        headers.insert(header::ETAG, HeaderValue::from_str(tag).expect("ASCII tag"));
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_str(&format!("public, max-age={MAX_AGE}")).expect("ASCII"),
        );
    }
    if cacheable {
        response.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
    Ok(response)
}
