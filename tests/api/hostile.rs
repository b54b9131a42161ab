//! The hostile table: at least 150 requests a client should never send, over
//! every route and method. Each must get a 4xx with a JSON error body; never
//! a 5xx, never an empty body.

use super::helpers::{synthetic, test_app};
use actix_web::http::Method;
use actix_web::test::{self, TestRequest};

/// One hostile request: method, URI, extra headers, body.
struct Case {
    method: &'static str,
    uri: String,
    headers: Vec<(&'static str, &'static str)>,
    body: Vec<u8>,
}

fn get(uri: impl Into<String>) -> Case {
    Case {
        method: "GET",
        uri: uri.into(),
        headers: Vec::new(),
        body: Vec::new(),
    }
}

fn batch(content_type: &'static str, body: impl Into<Vec<u8>>) -> Case {
    Case {
        method: "POST",
        uri: "/api/lookup".into(),
        headers: vec![("content-type", content_type)],
        body: body.into(),
    }
}

/// Every route with methods it does not have.
fn odd_methods() -> Vec<Case> {
    let routes = [
        "/health",
        "/metrics",
        "/api/openapi.json",
        "/api/layers",
        "/api/zones/communes",
        "/api/zones/communes/X",
        "/api/zones/communes/X/series",
        "/api/hotspots",
        "/api/search?q=a",
        "/api/labels?layers=communes&zoom=3&bbox=0,40,5,50",
        "/api/docs",
        "/api/points/mediation",
        "/api/legend/communes/demandeurs",
        "/tiles/communes.json",
        "/tiles/communes/0/0/0.mvt",
        "/api/map/communes.png",
        "/",
        "/embed",
        "/web/app.css",
    ];
    let methods = ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "BREW"];
    let mut cases: Vec<Case> = routes
        .iter()
        .flat_map(|r| {
            methods.iter().map(move |m| Case {
                method: m,
                ..get(*r)
            })
        })
        .collect();
    cases.extend(["PUT", "DELETE", "PATCH"].map(|m| Case {
        method: m,
        ..get("/api/lookup")
    }));
    cases.extend(["GET", "PUT", "DELETE"].map(|m| Case {
        method: m,
        ..get("/admin/reload")
    }));
    cases
}

fn paths() -> Vec<Case> {
    let long = "a".repeat(8_000);
    [
        "/web/../Cargo.toml",
        "/web/%2e%2e/Cargo.toml",
        "/web/..%2fCargo.toml",
        "/web/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/web/.%2e/.%2e/etc/passwd",
        "/web/%00",
        "/web/js/%2e%2e%2f%2e%2e%2fsrc/main.rs",
        "/tiles/..%2f..%2fetc/0/0/0.mvt",
        "/api/zones/..%2f..%2fetc",
        "/api/map/..%2f..%2fCargo.png",
        "/nope",
        "/api",
        "/api/zones",
        "/tiles",
        "/tiles/communes/1/2",
        "/api/zones/communes/X/series/more",
        "/.env",
        "/admin",
        "/WEB/app.css",
        "/health/",
        "/%ff%fe",
    ]
    .into_iter()
    .map(get)
    .chain([
        get(format!("/api/zones/{long}")),
        get(format!("/{long}")),
        get(format!("/tiles/{long}.json")),
    ])
    .collect()
}

fn tiles() -> Vec<Case> {
    [
        "/tiles/communes/23/0/0.mvt",
        "/tiles/communes/3/8/0.mvt",
        "/tiles/communes/3/0/8.mvt",
        "/tiles/communes/-1/0/0.mvt",
        "/tiles/communes/3/0/0.gif",
        "/tiles/communes/3/0/x.mvt",
        "/tiles/communes/99999999999/0/0.mvt",
        "/tiles/communes/3/0/99999999999.mvt",
        "/tiles/communes/3/0/0",
        "/tiles/communes/3/0/.mvt",
        "/tiles/communes/3/0/0.png",
        "/tiles/communes/3/0/0.png?indicator=demandeurs&scale=3",
        "/tiles/communes/3/0/0.png?indicator=demandeurs&classes=1",
        "/tiles/communes/3/0/0.png?indicator=demandeurs&classes=99",
        "/tiles/communes/3/0/0.png?indicator=demandeurs&method=magic",
        "/tiles/communes/3/0/0.png?style=neon",
        "/tiles/communes/3/0/0.png?indicator=nope",
        "/tiles/nope/0/0/0.mvt",
        "/tiles/demandeurs/0/0/0.mvt",
        "/tiles/demandeurs/0/0/0.png",
        "/tiles/nope.json",
        "/tiles/demandeurs.json",
        "/tiles/communes.xml",
        "/tiles/communes",
    ]
    .into_iter()
    .map(get)
    .collect()
}

fn numbers_and_boxes() -> Vec<Case> {
    let lookups = [
        "lon=NaN&lat=43",
        "lon=inf&lat=43",
        "lon=-inf&lat=43",
        "lon=1e309&lat=43",
        "lon=1&lat=-1e400",
        "lon=999&lat=43",
        "lon=1&lat=91",
        "lon=&lat=",
        "lon=1",
        "lat=43",
        "",
        "lon=0x10&lat=1",
        "lon=1&lat=43&lon=2",
        "lon=%00&lat=1",
    ];
    let boxes = [
        "10,50,0,40",
        "-200,-100,200,100",
        "NaN,0,1,1",
        "1,2,3",
        "1,2,3,4,5",
        "a,b,c,d",
        "inf,0,1,1",
        "",
    ];
    let mut cases: Vec<Case> = lookups
        .iter()
        .map(|q| get(format!("/api/lookup?{q}")))
        .collect();
    cases.extend(
        boxes
            .iter()
            .map(|b| get(format!("/api/points/mediation?bbox={b}"))),
    );
    cases.extend(boxes.iter().map(|b| {
        get(format!(
            "/api/map/communes.png?indicator=demandeurs&bbox={b}"
        ))
    }));
    cases
}

fn names_and_parameters() -> Vec<Case> {
    [
        "/api/zones/nope",
        "/api/zones/demandeurs",
        "/api/zones/communes/NOPE",
        "/api/zones/communes/NOPE/series",
        "/api/zones/qpv/NOPE?format=csv",
        "/api/zones/communes?sort=nope",
        "/api/zones/communes?order=sideways",
        "/api/zones/communes?limit=-1",
        "/api/zones/communes?limit=1e9",
        "/api/zones/communes?limit=99999999",
        "/api/zones/communes?offset=abc",
        "/api/zones/communes?format=xml",
        "/api/zones/communes?format=csv&sep=tab",
        "/api/zones/communes?parent=nope:1",
        "/api/legend/nope/demandeurs",
        "/api/legend/communes/nope",
        "/api/legend/communes/demandeurs?classes=0",
        "/api/legend/communes/demandeurs?method=best",
        "/api/hotspots?layer=nope",
        "/api/hotspots?indicator=nope",
        "/api/hotspots?limit=-3",
        "/api/hotspots?limit=x",
        "/api/hotspots?sort=random",
        "/api/hotspots?min_size=-1",
        "/api/hotspots?min_size=NaN",
        "/api/hotspots?min_size=1e300",
        "/api/hotspots?format=csv&sep=pipe",
        "/api/hotspots?format=csv&labels=2",
        "/api/hotspots?format=xlsx",
        "/api/search",
        "/api/search?limit=x",
        "/api/labels",
        "/api/labels?layers=communes",
        "/api/labels?layers=communes&zoom=19&bbox=0,40,5,50",
        "/api/labels?layers=communes&zoom=255&bbox=0,40,5,50",
        "/api/labels?layers=communes&zoom=-1&bbox=0,40,5,50",
        "/api/labels?layers=nope&zoom=3&bbox=0,40,5,50",
        "/api/labels?layers=communes&zoom=3&bbox=5,50,0,40",
        "/api/labels?layers=communes&zoom=3&bbox=nan,0,1,1",
        "/api/zones/communes?format=csv&labels=yes",
        "/tiles/communes/3/4/2.png?style=heavy",
        "/api/points/demandeurs",
        "/api/points/nope",
        "/api/map/communes.gif",
        "/api/map/communes.png",
        "/api/map/nope.png?indicator=demandeurs",
        "/api/map/demandeurs.png?indicator=demandeurs",
        "/api/map/communes.png?indicator=nope",
        "/api/map/communes.png?indicator=demandeurs&width=100000",
        "/api/map/communes.png?indicator=demandeurs&height=10",
        "/api/map/communes.png?indicator=demandeurs&width=-5",
        "/api/map/communes.svg?indicator=demandeurs&zone=NOPE",
        "/api/map/communes.png?indicator=demandeurs&points=demandeurs",
        "/api/map/communes.png?indicator=demandeurs&points=nope",
        "/api/map/communes.png?indicator=demandeurs&classes=12",
        "/api/zones/communes/X/series?format=xml",
        "/web/nope.js",
        "/web/",
        "/api/openapi.yaml",
    ]
    .into_iter()
    .map(get)
    .collect()
}

fn batches() -> Vec<Case> {
    use zonage::server::routes::batch::MAX_ROWS;
    let too_many = std::iter::once("lon,lat\n".to_string())
        .chain(std::iter::repeat_n("1.4,43.6\n".to_string(), MAX_ROWS + 1))
        .collect::<String>();
    let mut cases = vec![
        batch("text/csv", ""),
        batch("text/csv", "no,header\n1,2\n"),
        batch("text/csv", "\u{feff}"),
        batch("text/csv", vec![0xff, 0xfe, 0x00, 0x01]),
        batch("text/csv", too_many),
        batch("application/json", ""),
        batch("application/json", "{"),
        batch("application/json", "[1,2"),
        batch("application/json", r#"{"lon":1,"lat":2}"#),
        batch("application/json", "["),
        batch("application/json", "[]garbage"),
        batch("application/json", "null"),
        batch("application/json", "\"text\""),
        batch("application/json", vec![0xff; 64]),
        batch("application/json", "[".repeat(10_000)),
        batch(
            "application/json",
            format!("[{}]", r#"{"lon":1,"lat":2},"#.repeat(MAX_ROWS + 1)),
        ),
    ];
    for (encoding, body) in [
        ("gzip", b"not gzip".to_vec()),
        ("deflate", b"not zlib".to_vec()),
        ("br", b"x".to_vec()),
        ("zstd", b"x".to_vec()),
        ("gzip, br", b"x".to_vec()),
    ] {
        let mut case = batch("text/csv", body);
        case.headers.push(("content-encoding", encoding));
        cases.push(case);
    }
    let mut reload = Case {
        method: "POST",
        ..get("/admin/reload")
    };
    reload.headers.push(("authorization", "Bearer wrong"));
    cases.push(reload);
    cases.push(Case {
        method: "POST",
        ..get("/admin/reload")
    });
    cases
}

#[actix_web::test]
async fn every_hostile_request_gets_a_json_4xx() {
    let (_dir, state) = synthetic();
    let app = test_app!(state);
    let cases: Vec<Case> = [
        odd_methods(),
        paths(),
        tiles(),
        numbers_and_boxes(),
        names_and_parameters(),
        batches(),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    let mut wrong = Vec::new();
    for case in &cases {
        let mut request = TestRequest::default()
            .method(Method::from_bytes(case.method.as_bytes()).unwrap())
            .uri(&case.uri)
            .set_payload(case.body.clone());
        for &header in &case.headers {
            request = request.insert_header(header);
        }
        let response = test::call_service(&app, request.to_request()).await;
        let status = response.status();
        let json = response
            .headers()
            .get("content-type")
            .is_some_and(|v| v.to_str().unwrap_or("").starts_with("application/json"));
        let body = test::read_body(response).await;
        let parsed: Option<serde_json::Value> = serde_json::from_slice(&body).ok();
        let message = parsed
            .as_ref()
            .and_then(|b| b["message"].as_str())
            .is_some();
        if !status.is_client_error() || !json || !message {
            let uri: String = case.uri.chars().take(80).collect();
            wrong.push(format!(
                "{} {uri}: {status} {}",
                case.method,
                String::from_utf8_lossy(&body[..body.len().min(120)])
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}
