//! ETag and 304, Cache-Control, CORS, gzip; metrics; the real binary and SIGHUP.

use super::helpers::{http_get, spawn_server, synthetic};
use crate::util::{drop_last_row, small_territory};
use actix_web::{test, App};
use serde_json::Value as Json;
use zonage::server::startup::configure;

#[actix_web::test]
async fn etag_304_cache_control_cors_and_gzip() {
    let (_dir, s) = synthetic();
    let app = test::init_service(App::new().app_data(s.clone()).configure(configure)).await;
    let first = test::call_service(
        &app,
        test::TestRequest::get().uri("/api/zones/qpv").to_request(),
    )
    .await;
    let tag = first
        .headers()
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(tag.starts_with('"') && tag.ends_with('"'));
    assert_eq!(
        first.headers().get("cache-control").unwrap(),
        "public, max-age=300"
    );
    assert_eq!(
        first.headers().get("access-control-allow-origin").unwrap(),
        "*"
    );
    let again = test::TestRequest::get()
        .uri("/api/zones/qpv")
        .insert_header(("if-none-match", tag.as_str()));
    let second = test::call_service(&app, again.to_request()).await;
    assert_eq!(second.status().as_u16(), 304);
    let other = test::TestRequest::get()
        .uri("/api/zones/communes")
        .insert_header(("if-none-match", tag.as_str()));
    assert_eq!(
        test::call_service(&app, other.to_request())
            .await
            .status()
            .as_u16(),
        200
    );
    let gzip = test::TestRequest::get()
        .uri("/api/zones/qpv")
        .insert_header(("accept-encoding", "gzip"));
    let zipped = test::call_service(&app, gzip.to_request()).await;
    assert_eq!(zipped.headers().get("content-encoding").unwrap(), "gzip");
    let error = test::call_service(
        &app,
        test::TestRequest::get().uri("/api/zones/iris").to_request(),
    )
    .await;
    assert!(
        error.headers().get("etag").is_none(),
        "errors carry no ETag"
    );
}

#[actix_web::test]
async fn metrics_count_requests_tiles_and_cache() {
    let (_dir, s) = synthetic();
    let app = test::init_service(App::new().app_data(s.clone()).configure(configure)).await;
    for uri in [
        "/tiles/communes/3/4/2.mvt",
        "/tiles/communes/3/4/2.mvt",
        "/api/zones/iris",
        "/health",
    ] {
        test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
    }
    let response =
        test::call_service(&app, test::TestRequest::get().uri("/metrics").to_request()).await;
    let text = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    assert!(text.contains("zonage_requests_total{method=\"GET\",route=\"/tiles/{layer}/{z}/{x}/{file}\",status=\"200\"} 2"), "{text}");
    assert!(
        text.contains("route=\"/api/zones/{layer}\",status=\"404\"} 1"),
        "{text}"
    );
    assert!(text.contains("zonage_tiles_total{zoom=\"3\"} 2"), "{text}");
    assert!(
        text.contains("zonage_tile_cache_total{result=\"hit\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("zonage_tile_cache_total{result=\"miss\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("zonage_request_duration_seconds_count 4"),
        "{text}"
    );
}

/// The real binary on port 0: it serves, and SIGHUP reloads it; the data
/// version follows the data, not the start time.
#[cfg(unix)]
#[core::prelude::v1::test] // `test` here is actix's module
fn serve_binds_port_zero_and_reloads_on_sighup() {
    let (dir, manifest) = small_territory(8);
    let (mut child, port, mut lines) = spawn_server(&manifest, &[]);
    let before: Json = serde_json::from_str(&http_get(port, "/health")).unwrap();
    drop_last_row(&dir.path().join("demandeurs.csv"));
    std::process::Command::new("kill")
        .args(["-HUP", &child.id().to_string()])
        .status()
        .unwrap();
    let reloaded = lines.next().unwrap().unwrap();
    let after: Json = serde_json::from_str(&http_get(port, "/health")).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(reloaded.contains("SIGHUP: data reloaded"), "{reloaded}");
    assert_ne!(before["version"], after["version"]);
}

/// Replicas load the same data at different times, from a data folder
/// named differently: same version, same `ETag` for the same request, so a
/// cache in front sees one resource.
#[actix_web::test]
async fn replicas_of_the_same_data_give_the_same_etags() {
    let (dir, manifest) = small_territory(5);
    let data = dir.path().to_path_buf();
    let first = super::helpers::state(manifest.clone(), data.clone());
    let second = super::helpers::state(manifest, data.join("."));
    let tag = |state: actix_web::web::Data<zonage::server::state::AppState>| async move {
        let app = super::helpers::test_app!(state);
        let request = test::TestRequest::get()
            .uri("/api/zones/communes")
            .to_request();
        let response = test::call_service(&app, request).await;
        response
            .headers()
            .get("etag")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string()
    };
    let (a, b) = (tag(first.clone()).await, tag(second.clone()).await);
    assert_eq!(a, b);
    assert_eq!(first.current().version, second.current().version);
}
