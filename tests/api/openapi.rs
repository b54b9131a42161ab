//! The OpenAPI document covers every route, and the real answers match it:
//! each status the service returns is declared for its path with its media
//! type, and every JSON answer validates against the declared schema (with
//! the `jsonschema` crate; the schemas accept no undeclared field).

use super::helpers::{first_qpv_vertex, get_json, send, synthetic, tile_of};
use actix_web::test;
use serde_json::Value as Json;

/// (method, path as documented, request URI) of real requests.
const CASES: [(&str, &str, &str); 47] = [
    ("get", "/health", "/health"),
    ("get", "/metrics", "/metrics"),
    ("get", "/api/layers", "/api/layers"),
    ("get", "/api/openapi.json", "/api/openapi.json"),
    ("get", "/api/zones/{layer}", "/api/zones/qpv"),
    ("get", "/api/zones/{layer}", "/api/zones/iris"),
    ("get", "/api/zones/{layer}", "/api/zones/qpv?limit=x"),
    ("get", "/api/zones/{layer}/{code}", "/api/zones/qpv/none"),
    (
        "get",
        "/api/zones/{layer}/{code}/series",
        "/api/zones/communes/S00001/series",
    ),
    (
        "get",
        "/api/zones/{layer}/{code}/series",
        "/api/zones/communes/S00001/series?format=csv&sep=semicolon",
    ),
    (
        "get",
        "/api/zones/{layer}/{code}/series",
        "/api/zones/communes/nowhere/series",
    ),
    (
        "get",
        "/api/zones/{layer}/{code}/series",
        "/api/zones/communes/S00001/series?format=xml",
    ),
    ("get", "/api/lookup", "/api/lookup?lon=2&lat=46"),
    ("get", "/api/lookup", "/api/lookup?lon=2"),
    ("get", "/api/hotspots", "/api/hotspots?layer=qpv"),
    (
        "get",
        "/api/hotspots",
        "/api/hotspots?layer=qpv&sort=volume&min_size=0&limit=3",
    ),
    ("get", "/api/hotspots", "/api/hotspots?sort=biggest"),
    ("get", "/api/search", "/api/search?q=quartier"),
    ("get", "/api/search", "/api/search?q=S00001"),
    ("get", "/api/search", "/api/search"),
    (
        "get",
        "/api/labels",
        "/api/labels?layers=communes,qpv&zoom=9&bbox=-10,30,20,60",
    ),
    (
        "get",
        "/api/labels",
        "/api/labels?layers=communes&zoom=30&bbox=0,40,5,50",
    ),
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
    (
        "get",
        "/api/zones/{layer}/{code}/series",
        "/api/zones/communes/S00001/series?format=png",
    ),
    (
        "get",
        "/api/map/{file}",
        "/api/map/qpv.pdf?indicator=demandeurs",
    ),
    ("get", "/api/zones/{layer}", "/api/zones/communes?limit=3"),
    (
        "get",
        "/api/zones/{layer}/{code}",
        "/api/zones/communes/S00001",
    ),
    ("get", "/api/lookup", "/api/lookup?lon=3&lat=46.5"),
    (
        "get",
        "/api/hotspots",
        "/api/hotspots?layer=communes&indicator=demandeurs",
    ),
    (
        "get",
        "/api/points/{layer}",
        "/api/points/mediation?bbox=2,45,4,48",
    ),
    (
        "get",
        "/api/legend/{layer}/{indicator}",
        "/api/legend/communes/non_autonomes?method=jenks",
    ),
    ("get", "/", "/"),
    ("get", "/embed", "/embed?layer=qpv"),
    ("get", "/api/docs", "/api/docs"),
    (
        "get",
        "/api/dossier/{layer}/{file}",
        "/api/dossier/communes/S00001.pdf",
    ),
    (
        "get",
        "/api/dossier/{layer}/{file}",
        "/api/dossier/communes/S00001.txt",
    ),
    (
        "get",
        "/api/dossier/{layer}/{file}",
        "/api/dossier/communes/NOPE.pdf",
    ),
    ("get", "/web/{file}", "/web/js/main.js"),
    ("get", "/web/{file}", "/web/nothing.js"),
    (
        "get",
        "/tiles/{layer}/{z}/{x}/{file}",
        "/tiles/communes/3/4/2.png?style=outlines",
    ),
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
        23,
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
        assert_matches_schema(&doc, declared, &uri, &body);
    }
    let post = test::TestRequest::post()
        .uri("/api/lookup")
        .insert_header(("content-type", "text/csv"))
        .set_payload("lon,lat\n2,46\n");
    let (status, _) = send(&s, post).await;
    assert!(doc["paths"]["/api/lookup"]["post"]["responses"][status.to_string()].is_object());
    let (lon, lat) = first_qpv_vertex(&s).await;
    let body = format!(
        r#"[{{"id": "a", "lon": {lon}, "lat": {lat}}}, {{"id": "b", "lon": "x", "lat": 1}}]"#
    );
    let post = test::TestRequest::post()
        .uri("/api/lookup")
        .insert_header(("content-type", "application/json"))
        .set_payload(body);
    let (status, answer) = send(&s, post).await;
    let declared = &doc["paths"]["/api/lookup"]["post"]["responses"][status.to_string()];
    assert_matches_schema(&doc, declared, "POST /api/lookup (JSON)", &answer);
    for token in [None, Some("t0ken")] {
        let mut reload = test::TestRequest::post().uri("/admin/reload");
        if let Some(token) = token {
            reload = reload.insert_header(("authorization", format!("Bearer {token}")));
        }
        let (status, answer) = send(&s, reload).await;
        let declared = &doc["paths"]["/admin/reload"]["post"]["responses"][status.to_string()];
        assert_matches_schema(&doc, declared, "POST /admin/reload", &answer);
    }
}

/// A declared answer holds, and a JSON body validates against its schema.
fn assert_matches_schema(doc: &Json, declared: &Json, what: &str, body: &[u8]) {
    assert!(declared.is_object(), "{what}: status not declared");
    let Some(content) = declared["content"].as_object() else {
        assert!(body.is_empty(), "{what}: a body where none is declared");
        return;
    };
    let Ok(json) = serde_json::from_slice::<Json>(body) else {
        assert!(
            content.keys().any(|k| !k.contains("json")),
            "{what}: declared JSON only"
        );
        return;
    };
    let schema = ["application/json", "application/geo+json"]
        .iter()
        .find_map(|media| content.get(*media).and_then(|c| c.get("schema")))
        .unwrap_or_else(|| panic!("{what}: a JSON answer without a JSON schema"));
    // The schema refers to the document's components: validate from a root that holds them.
    let mut root = schema.as_object().unwrap().clone();
    root.insert("components".into(), doc["components"].clone());
    let validator = jsonschema::validator_for(&Json::Object(root)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[core::prelude::v1::test]
fn the_schema_check_catches_an_undeclared_field() {
    let doc: Json = serde_json::from_str(&zonage::server::openapi::document()).unwrap();
    let declared = &doc["paths"]["/health"]["get"]["responses"]["200"];
    let good = br#"{"status": "ok", "territory": "T", "version": "1-0"}"#;
    assert_matches_schema(&doc, declared, "good", good);
    let extra = br#"{"status": "ok", "territory": "T", "version": "1-0", "secret": 1}"#;
    let caught = std::panic::catch_unwind(|| assert_matches_schema(&doc, declared, "extra", extra));
    assert!(caught.is_err());
}

/// The answers that only a split, derived territory with series gives (QPV
/// parts, levels, series) match their schemas too.
#[actix_web::test]
async fn hauts_de_france_answers_match_their_schemas() {
    let Some(s) = super::hauts_de_france::hauts_de_france() else {
        return;
    };
    let doc: Json = serde_json::from_str(&zonage::server::openapi::document()).unwrap();
    let cases = [
        ("/api/zones/{layer}/{code}", "/api/zones/agences/62590"),
        ("/api/zones/{layer}/{code}", "/api/zones/qpv/QN05905M"),
        (
            "/api/zones/{layer}/{code}/series",
            "/api/zones/communes/62215/series",
        ),
        (
            "/api/zones/{layer}/{code}/series",
            "/api/zones/agences/62590/series",
        ),
        ("/api/zones/{layer}", "/api/zones/departements"),
        ("/api/layers", "/api/layers"),
    ];
    for (path, uri) in cases {
        let (status, body) = send(&s, test::TestRequest::get().uri(uri)).await;
        assert_eq!(status, 200, "{uri}");
        let declared = &doc["paths"][path]["get"]["responses"]["200"];
        assert_matches_schema(&doc, declared, uri, &body);
    }
}
