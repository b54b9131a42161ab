//! Errors are JSON 4xx naming the valid choices; reloads need the token.

use super::helpers::{get_json, send, synthetic};
use actix_web::test;

#[actix_web::test]
async fn errors_are_json_4xx_and_name_the_valid_choices() {
    let (_dir, s) = synthetic();
    let cases = [
        ("/api/zones/iris", 404, "unknown_layer"),
        ("/api/zones/qpv/XX", 404, "unknown_zone"),
        ("/api/zones/qpv?sort=bogus", 404, "unknown_indicator"),
        ("/api/zones/qpv?limit=-1", 400, "bad_parameter"),
        ("/api/zones/qpv?format=xlsx", 400, "bad_parameter"),
        ("/api/zones/qpv?order=up", 400, "bad_parameter"),
        ("/api/lookup?lon=1", 400, "bad_parameter"),
        ("/api/lookup?lon=200&lat=1", 400, "bad_parameter"),
        ("/api/lookup?lon=x&lat=1", 400, "bad_parameter"),
        ("/api/points/demandeurs", 403, "private_layer"),
        ("/api/points/mediation?bbox=1,2,3", 400, "bad_parameter"),
        ("/api/points/mediation?bbox=5,40,1,45", 400, "bad_parameter"),
        ("/api/legend/qpv/nope", 404, "unknown_indicator"),
        (
            "/api/legend/qpv/demandeurs?classes=40",
            400,
            "bad_parameter",
        ),
        (
            "/api/legend/qpv/demandeurs?method=magic",
            400,
            "bad_parameter",
        ),
        (
            "/api/hotspots?layer=qpv&indicator=x",
            404,
            "unknown_indicator",
        ),
        ("/api/zones/..%2F..%2Fetc%2Fpasswd", 404, "unknown_layer"),
    ];
    for (uri, status, code) in cases {
        let (got, body) = get_json(&s, uri).await;
        assert_eq!(
            (got, body["error"].as_str()),
            (status, Some(code)),
            "{uri}: {body}"
        );
        assert!(body["message"].as_str().unwrap().len() > 10, "{uri}");
    }
    let (_, unknown) = get_json(&s, "/api/zones/iris").await;
    assert_eq!(unknown["valid"], serde_json::json!(["qpv", "communes"]));
}

#[actix_web::test]
async fn reload_needs_the_token_and_keeps_serving_on_failure() {
    let (dir, s) = synthetic();
    let (_, before) = get_json(&s, "/health").await;
    let (status, _) = send(&s, test::TestRequest::post().uri("/admin/reload")).await;
    assert_eq!(status, 401);
    let bearer = ("authorization", "Bearer t0ken");
    let (status, body) = send(
        &s,
        test::TestRequest::post()
            .uri("/admin/reload")
            .insert_header(bearer),
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    // Unchanged data, unchanged version: caches stay valid across a reload.
    let (_, after) = get_json(&s, "/health").await;
    assert_eq!(before["version"], after["version"]);
    std::fs::write(dir.path().join("communes.geojson"), "{\"type\": ").unwrap();
    let (status, body) = send(
        &s,
        test::TestRequest::post()
            .uri("/admin/reload")
            .insert_header(bearer),
    )
    .await;
    assert_eq!(status, 422);
    assert!(String::from_utf8_lossy(&body).contains("communes.geojson"));
    let (status, still) = get_json(&s, "/health").await;
    assert_eq!((status, &still["version"]), (200, &after["version"]));
}
