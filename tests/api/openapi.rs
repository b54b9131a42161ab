//! The OpenAPI document covers every route, and the real answers match it:
//! each status the service returns is declared for its path, with its media type.

use super::helpers::{get_json, send, synthetic, tile_of};
use actix_web::test;

/// (method, path as documented, request URI) of real requests.
const CASES: [(&str, &str, &str); 19] = [
    ("get", "/health", "/health"),
    ("get", "/metrics", "/metrics"),
    ("get", "/api/layers", "/api/layers"),
    ("get", "/api/openapi.json", "/api/openapi.json"),
    ("get", "/api/zones/{layer}", "/api/zones/qpv"),
    ("get", "/api/zones/{layer}", "/api/zones/iris"),
    ("get", "/api/zones/{layer}", "/api/zones/qpv?limit=x"),
    ("get", "/api/zones/{layer}/{code}", "/api/zones/qpv/none"),
    ("get", "/api/lookup", "/api/lookup?lon=2&lat=46"),
    ("get", "/api/lookup", "/api/lookup?lon=2"),
    ("get", "/api/hotspots", "/api/hotspots?layer=qpv"),
    ("get", "/api/points/{layer}", "/api/points/demandeurs"),
    ("get", "/api/points/{layer}", "/api/points/mediation"),
    (
        "get",
        "/api/legend/{layer}/{indicator}",
        "/api/legend/qpv/demandeurs",
    ),
    ("get", "/tiles/{file}", "/tiles/qpv.json"),
    (
        "get",
        "/tiles/{layer}/{z}/{x}/{file}",
        "/tiles/qpv/10/0/0.mvt",
    ),
    (
        "get",
        "/tiles/{layer}/{z}/{x}/{file}",
        "/tiles/qpv/10/0/0.png?indicator=demandeurs",
    ),
    (
        "get",
        "/api/map/{file}",
        "/api/map/qpv.png?indicator=demandeurs",
    ),
    ("get", "/api/map/{file}", "/api/map/qpv.svg?width=99999"),
];

#[actix_web::test]
async fn every_route_is_documented_and_answers_as_documented() {
    let (_dir, s) = synthetic();
    let (status, doc) = get_json(&s, "/api/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    let operations: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(
        operations,
        15,
        "every route of startup::configure: {:?}",
        paths.keys().collect::<Vec<_>>()
    );
    let (lon, lat) = (3.0, 46.5);
    let (x, y) = tile_of(lon, lat, 9);
    let tile = format!("/tiles/communes/9/{x}/{y}.mvt");
    let cases = CASES
        .iter()
        .map(|&(m, p, u)| (m, p, u.to_string()))
        .chain([("get", "/tiles/{layer}/{z}/{x}/{file}", tile)]);
    for (method, path, uri) in cases {
        let (status, body) = send(&s, test::TestRequest::get().uri(&uri)).await;
        let declared = &doc["paths"][path][method]["responses"][status.to_string()];
        assert!(
            declared.is_object(),
            "{uri}: status {status} is not documented for {method} {path}: {}",
            String::from_utf8_lossy(&body)
        );
        if let Some(content) = declared["content"].as_object() {
            assert!(content.keys().any(|k| !k.is_empty()), "{uri}");
        }
    }
    let post = test::TestRequest::post()
        .uri("/api/lookup")
        .insert_header(("content-type", "text/csv"))
        .set_payload("lon,lat\n2,46\n");
    let (status, _) = send(&s, post).await;
    assert!(doc["paths"]["/api/lookup"]["post"]["responses"][status.to_string()].is_object());
    let reload = test::TestRequest::post().uri("/admin/reload");
    let (status, _) = send(&s, reload).await;
    assert!(doc["paths"]["/admin/reload"]["post"]["responses"][status.to_string()].is_object());
}
