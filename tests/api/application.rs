//! The map application served by the binary: pages, scripts, Leaflet, and
//! nothing outside `web/`.

use super::helpers::{get_json, send, synthetic};
use actix_web::test;

#[actix_web::test]
async fn pages_and_scripts_are_served_with_their_media_types() {
    let (_dir, s) = synthetic();
    let cases = [
        ("/", "text/html", "<title>zonage"),
        ("/embed?layer=qpv&legend=0", "text/html", "embed.js"),
        ("/web/js/main.js", "text/javascript", "import"),
        ("/web/app.css", "text/css", ".legend"),
        (
            "/web/vendor/leaflet/leaflet.js",
            "text/javascript",
            "Leaflet",
        ),
        ("/web/vendor/leaflet/LICENSE", "", "BSD 2-Clause"),
    ];
    for (uri, media, needle) in cases {
        let app = actix_web::test::init_service(
            actix_web::App::new()
                .app_data(s.clone())
                .configure(zonage::server::startup::configure),
        )
        .await;
        let response =
            test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
        assert_eq!(response.status(), 200, "{uri}");
        let content_type = response
            .headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(content_type.starts_with(media), "{uri}: {content_type}");
        let body = test::read_body(response).await;
        assert!(String::from_utf8_lossy(&body).contains(needle), "{uri}");
    }
}

#[actix_web::test]
async fn nothing_outside_the_application_is_served() {
    let (_dir, s) = synthetic();
    for uri in [
        "/web/../Cargo.toml",
        "/web/%2e%2e/Cargo.toml",
        "/web/..%2F..%2Fetc%2Fpasswd",
        "/web/nothing.js",
    ] {
        let (status, body) = get_json(&s, uri).await;
        assert_eq!(status, 404, "{uri}");
        assert_eq!(body["error"], "unknown_file", "{uri}");
    }
}

#[actix_web::test]
async fn outline_tiles_need_no_indicator_and_layers_say_whether_there_is_a_basemap() {
    let (_dir, s) = synthetic();
    let (x, y) = super::helpers::tile_of(3.0, 46.5, 9);
    let uri = format!("/tiles/communes/9/{x}/{y}.png?style=outlines");
    let (status, png) = send(&s, test::TestRequest::get().uri(&uri)).await;
    assert_eq!(status, 200);
    let pixmap = tiny_skia::Pixmap::decode_png(&png).unwrap();
    let drawn = pixmap.pixels().iter().filter(|p| p.alpha() > 0).count();
    let share = drawn as f64 / (256.0 * 256.0);
    assert!(
        share > 0.005 && share < 0.5,
        "outlines only, no fill: {share}"
    );
    let (status, _) = get_json(&s, "/tiles/communes/9/0/0.png?style=hatched").await;
    assert_eq!(status, 400);
    let (_, layers) = get_json(&s, "/api/layers").await;
    assert!(
        layers["basemap"].is_null(),
        "none unless the manifest names one"
    );
}

#[actix_web::test]
async fn a_basemap_named_in_the_manifest_is_announced_to_the_application() {
    let (dir, manifest) = crate::util::small_territory(5);
    let text = std::fs::read_to_string(&manifest).unwrap().replacen(
        "[territory]\n",
        "[territory]\nbasemap = \"https://tiles.example/{z}/{x}/{y}.png\"\nbasemap_attribution = \"© exemple\"\n",
        1,
    );
    let with_basemap = dir.path().join("avec_fond.toml");
    std::fs::write(&with_basemap, text).unwrap();
    let s = super::helpers::state(with_basemap, dir.path().to_path_buf());
    let (_, layers) = get_json(&s, "/api/layers").await;
    assert_eq!(
        layers["basemap"]["url"],
        "https://tiles.example/{z}/{x}/{y}.png"
    );
    assert_eq!(layers["basemap"]["attribution"], "© exemple");
}
