//! Security headers on every answer.
//!
//! - `X-Content-Type-Options: nosniff`: a browser never guesses a type (a CSV
//!   answer echoing a client's `id` is never run as HTML).
//! - `Referrer-Policy: strict-origin-when-cross-origin`: the address of a
//!   zone's sheet does not leak to other sites.
//! - `Content-Security-Policy`: the application loads only its own scripts,
//!   styles and pictures (and the tiles of the manifest's basemap, from its
//!   origin alone), and nothing may be framed (`frame-ancestors 'none'`)
//!   except `/embed`, made for an `<iframe>` in a slide or a partner's page,
//!   and the tiles and pictures that such pages show.
//! - `Cache-Control: no-store` on `/health` and `/metrics`: a cache in between
//!   must never answer for the service's own state.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::Error;

/// The policy of the application's pages and of every API answer.
const POLICY: &str = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/// The same policy, for what other sites may frame.
const EMBEDDABLE_POLICY: &str = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// The origin of a basemap URL template, as a CSP source:
/// `https://data.geopf.fr` for the Plan IGN, `https://*.tile.example.org`
/// for a `{s}` subdomain template; `None` for anything else (nothing odd
/// ever reaches a header).
pub fn basemap_origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?']).next()?.replace("{s}", "*");
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '*');
    (matches!(scheme, "http" | "https") && !host.is_empty() && host.chars().all(plain))
        .then(|| format!("{scheme}://{host}"))
}

/// The two policies of a loaded territory (pages others may frame, and the
/// rest), built once when the data are loaded: pictures may also come from
/// the manifest basemap's origin.
#[derive(Debug, Clone)]
pub struct Policies {
    framed: HeaderValue,
    other: HeaderValue,
}

impl Policies {
    /// The policies for a manifest's `basemap` URL template, if any.
    pub fn for_basemap(basemap: Option<&str>) -> Policies {
        let origin = basemap.and_then(basemap_origin);
        let build = |base: &'static str| match &origin {
            None => HeaderValue::from_static(base),
            Some(origin) => {
                let text = base.replacen("img-src 'self'", &format!("img-src 'self' {origin}"), 1);
                HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static(base))
            }
        };
        Policies {
            framed: build(EMBEDDABLE_POLICY),
            other: build(POLICY),
        }
    }
}

impl Default for Policies {
    fn default() -> Policies {
        Policies::for_basemap(None)
    }
}

/// True for paths other sites may show in a frame.
fn embeddable(path: &str) -> bool {
    path == "/embed"
        || path.starts_with("/tiles/")
        || path.starts_with("/api/map/")
        || path.starts_with("/web/")
}

/// Adds the headers (see the module documentation).
pub async fn middleware(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    // Decided before the call, from the borrowed path: no copy per request.
    let path = request.path();
    let framed = embeddable(path);
    let no_store = path == "/health" || path == "/metrics";
    let policies = request
        .app_data::<actix_web::web::Data<super::state::AppState>>()
        .map_or_else(Policies::default, |state| state.current().policies.clone());
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    let set = |headers: &mut header::HeaderMap, name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(
        headers,
        header::REFERRER_POLICY,
        "strict-origin-when-cross-origin",
    );
    let policy = if framed {
        policies.framed
    } else {
        policies.other
    };
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    if !framed {
        set(headers, header::X_FRAME_OPTIONS, "DENY");
    }
    if no_store {
        set(headers, header::CACHE_CONTROL, "no-store");
        headers.remove(header::ETAG);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::basemap_origin;

    #[test]
    fn basemap_origins_are_plain_hosts() {
        let ign = "https://data.geopf.fr/wmts?SERVICE=WMTS&TILEMATRIX={z}";
        assert_eq!(
            basemap_origin(ign).as_deref(),
            Some("https://data.geopf.fr")
        );
        let osm = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png";
        assert_eq!(
            basemap_origin(osm).as_deref(),
            Some("https://*.tile.openstreetmap.org")
        );
        assert_eq!(basemap_origin("javascript:alert(1)"), None);
        assert_eq!(basemap_origin("https://evil.example;script-src *"), None);
    }
}
