//! Regression tests of the hardening audit (issue 9): uploads bounded in size
//! and time, HTTP by the book, security headers, errors that say whose fault.

use super::helpers::{raw_exchange, send, spawn_server, synthetic, test_app};
use crate::util::small_territory;
use actix_web::test::TestRequest;
use serde_json::Value as Json;
use std::io::Write;
use std::time::{Duration, Instant};

fn json(body: &[u8]) -> Json {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(body)))
}

/// Over the wire (actix-web leaves a HEAD answer's body out there).
#[test]
fn head_answers_on_every_get_route_without_a_body() {
    let (_dir, manifest) = small_territory(8);
    let (mut child, port, _lines) = spawn_server(&manifest, &[]);
    for uri in [
        "/health",
        "/api/layers",
        "/api/zones/qpv",
        "/",
        "/tiles/qpv.json",
    ] {
        let request = format!("HEAD {uri} HTTP/1.0\r\nHost: x\r\n\r\n");
        let answer = raw_exchange(port, request.as_bytes(), Duration::from_secs(10));
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        assert!(head.starts_with("HTTP/1.0 200"), "HEAD {uri}: {head}");
        assert!(body.is_empty(), "HEAD {uri}: {body}");
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[actix_web::test]
async fn a_wrong_method_gets_405_with_allow_and_json() {
    let (_dir, state) = synthetic();
    let app = test_app!(state);
    for (method, uri, allow) in [
        ("DELETE", "/health", "GET, HEAD"),
        ("POST", "/api/zones/qpv", "GET, HEAD"),
        ("PUT", "/api/lookup", "GET, HEAD, POST"),
        ("GET", "/admin/reload", "POST"),
        ("PATCH", "/tiles/qpv/0/0/0.mvt", "GET, HEAD"),
    ] {
        let request = TestRequest::default()
            .method(method.parse().unwrap())
            .uri(uri)
            .to_request();
        let response = actix_web::test::call_service(&app, request).await;
        assert_eq!(response.status(), 405, "{method} {uri}");
        assert_eq!(
            response.headers().get("allow").unwrap().to_str().unwrap(),
            allow,
            "{method} {uri}"
        );
        let body = actix_web::test::read_body(response).await;
        assert_eq!(json(&body)["error"], "method_not_allowed");
    }
}

#[actix_web::test]
async fn an_unknown_path_gets_a_json_404() {
    let (_dir, state) = synthetic();
    for uri in [
        "/nope",
        "/api",
        "/api/zones",
        "/tiles/qpv/1/2",
        "/%2e%2e/etc/passwd",
    ] {
        let (status, body) = send(&state, TestRequest::get().uri(uri)).await;
        assert_eq!(status, 404, "{uri}");
        assert!(json(&body)["message"].is_string(), "{uri}");
    }
}

#[actix_web::test]
async fn if_none_match_star_is_not_modified_only_for_what_exists() {
    let (_dir, state) = synthetic();
    let star = |uri: &str| {
        TestRequest::get()
            .uri(uri)
            .insert_header(("If-None-Match", "*"))
    };
    let (status, _) = send(&state, star("/api/zones/qpv/NOPE")).await;
    assert_eq!(status, 404);
    let (status, _) = send(&state, star("/api/zones/qpv")).await;
    assert_eq!(status, 304);
}

#[actix_web::test]
async fn a_bad_number_in_one_json_row_fails_that_row_only() {
    let (_dir, state) = synthetic();
    let body = r#"[{"id":"a","lon":1e309,"lat":43.6},{"id":"b","lon":1.44,"lat":43.6}]"#;
    let request = post_lookup(("content-type", "application/json"), body);
    let (status, answer) = send(&state, request).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
    let rows = json(&answer);
    assert!(rows[0]["error"].is_string());
    assert!(rows[1]["layers"].is_array());
}

/// `POST /api/lookup` with one header and a body.
fn post_lookup(
    header: (&'static str, &'static str),
    body: impl Into<actix_web::web::Bytes>,
) -> TestRequest {
    TestRequest::post()
        .uri("/api/lookup")
        .insert_header(header)
        .set_payload(body)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[actix_web::test]
async fn compressed_bodies_are_decoded_and_bounded_after_decoding() {
    let (_dir, state) = synthetic();
    let csv = "id,lon,lat\na,1.44,43.6\n";
    let request = post_lookup(("content-encoding", "gzip"), gzip(csv.as_bytes()));
    let (status, answer) = send(&state, request).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
    assert!(String::from_utf8_lossy(&answer).contains("\n1,a,"));
    // 40 MB of spaces compress to about 40 KB: refused once decoded.
    let bomb = gzip(&vec![b' '; 40 << 20]);
    assert!(bomb.len() < 1 << 20);
    let request = post_lookup(("content-encoding", "gzip"), bomb);
    let (status, answer) = send(&state, request).await;
    assert_eq!(status, 413, "{}", String::from_utf8_lossy(&answer));
    let request = post_lookup(("content-encoding", "br"), csv);
    let (status, answer) = send(&state, request).await;
    assert_eq!(status, 415);
    assert_eq!(json(&answer)["error"], "unsupported_encoding");
}

#[actix_web::test]
async fn security_headers_and_framing() {
    let (_dir, state) = synthetic();
    let app = test_app!(state);
    let headers = |uri: &'static str| {
        let app = &app;
        async move {
            let response =
                actix_web::test::call_service(app, TestRequest::get().uri(uri).to_request()).await;
            let mut copy = std::collections::HashMap::new();
            for (name, value) in response.headers() {
                copy.insert(name.to_string(), value.to_str().unwrap().to_string());
            }
            copy
        }
    };
    for uri in ["/", "/api/layers", "/nope"] {
        let h = headers(uri).await;
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff", "{uri}");
        assert!(
            h.get("referrer-policy").unwrap().contains("origin"),
            "{uri}"
        );
        assert!(
            h.get("content-security-policy")
                .unwrap()
                .contains("frame-ancestors 'none'"),
            "{uri}"
        );
    }
    let embed = headers("/embed").await;
    assert!(!embed
        .get("content-security-policy")
        .unwrap()
        .contains("frame-ancestors"));
    assert!(!embed.contains_key("x-frame-options"));
    for uri in ["/health", "/metrics"] {
        assert_eq!(
            headers(uri).await.get("cache-control").unwrap(),
            "no-store",
            "{uri}"
        );
    }
}

#[actix_web::test]
async fn tilejson_urls_never_come_from_request_headers() {
    let (_dir, state) = synthetic();
    let request = TestRequest::get()
        .uri("/tiles/qpv.json")
        .insert_header(("Host", "evil.example"))
        .insert_header(("X-Forwarded-Host", "evil.example"))
        .insert_header(("Forwarded", "host=evil.example;proto=https"));
    let (status, body) = send(&state, request).await;
    assert_eq!(status, 200);
    let tiles = json(&body)["tiles"][0].as_str().unwrap().to_string();
    assert_eq!(tiles, "/tiles/qpv/{z}/{x}/{y}.mvt");
}

#[test]
fn a_server_fault_is_a_500_with_an_id_and_no_details() {
    use actix_web::ResponseError;
    let error = zonage::server::error::ApiError::internal("secret detail of a panic");
    let response = error.error_response();
    assert_eq!(response.status(), 500);
    let text = error.to_string();
    assert!(!text.contains("secret detail"), "{text}");
    assert!(text.contains("identifiant"), "{text}");
}

/// The real server, with a 1 s body time-out: a body never finished gets 408
/// and its connection closed; a body over 32 MiB gets 413 long before its end.
#[test]
fn stalled_and_oversized_bodies_are_cut_short() {
    let (_dir, manifest) = small_territory(8);
    let (mut child, port, _lines) = spawn_server(&manifest, &["--body-timeout", "1"]);
    let start = Instant::now();
    let answer = raw_exchange(
        port,
        b"POST /api/lookup HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\nlon,lat\n1.4,43.6\n",
        Duration::from_secs(10),
    );
    let waited = start.elapsed();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    let chunked = raw_exchange(
        port,
        b"POST /api/lookup HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\nlon,lat\n\r\n",
        Duration::from_secs(10),
    );
    assert!(chunked.starts_with("HTTP/1.1 408"), "{chunked}");
    // 33 MiB declared: refused once 32 MiB have been read, without the rest.
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let header = format!("POST /api/lookup HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\nlon,lat\n", 33 << 20);
    stream.write_all(header.as_bytes()).unwrap();
    let line = b"1.4,43.6\n".repeat(1 << 16);
    let start = Instant::now();
    let mut sent = 0;
    while sent < (33 << 20) && stream.write_all(&line).is_ok() {
        sent += line.len();
    }
    let mut answer = String::new();
    use std::io::Read;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = stream.read_to_string(&mut answer);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[actix_web::test]
async fn made_up_methods_do_not_grow_the_metrics() {
    let (_dir, state) = synthetic();
    let app = test_app!(state);
    for k in 0..5_000 {
        let method = actix_web::http::Method::from_bytes(format!("X{k}").as_bytes()).unwrap();
        let request = TestRequest::default()
            .method(method)
            .uri("/health")
            .to_request();
        actix_web::test::call_service(&app, request).await;
    }
    let response =
        actix_web::test::call_service(&app, TestRequest::get().uri("/metrics").to_request()).await;
    let text = actix_web::test::read_body(response).await;
    assert!(text.len() < 50_000, "{} bytes", text.len());
    assert!(String::from_utf8_lossy(&text)
        .contains("method=\"other\",route=\"/health\",status=\"405\"} 5000"));
}

/// Regression: the content security policy of issue 9 blocked the tiles of a
/// manifest's basemap; it now admits the basemap's origin, and only it.
#[actix_web::test]
async fn the_policy_admits_the_basemap_origin_only() {
    let (dir, manifest) = small_territory(5);
    let text = std::fs::read_to_string(&manifest).unwrap();
    let url = "https://data.geopf.fr/wmts?SERVICE=WMTS&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}";
    let with_basemap = text.replacen(
        "[territory]\n",
        &format!("[territory]\nbasemap = \"{url}\"\n"),
        1,
    );
    assert_ne!(text, with_basemap, "the manifest has a [territory] table");
    std::fs::write(&manifest, with_basemap).unwrap();
    let state = super::helpers::state(manifest, dir.path().to_path_buf());
    let app = test_app!(state);
    for path in ["/", "/embed"] {
        let response =
            actix_web::test::call_service(&app, TestRequest::get().uri(path).to_request()).await;
        let policy = response
            .headers()
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            policy.contains("img-src 'self' https://data.geopf.fr data: blob:;"),
            "{path}: {policy}"
        );
        assert!(policy.contains("script-src 'self';"), "{path}: {policy}");
    }
}
