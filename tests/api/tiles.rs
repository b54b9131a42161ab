//! TileJSON and vector tiles, decoded by an independent reader.

use super::helpers::tile_of;
use super::helpers::{first_qpv_vertex, get_json, send, synthetic};
use actix_web::test;

#[actix_web::test]
async fn vector_tiles_decode_with_an_independent_reader() {
    let (_dir, s) = synthetic();
    let (lon, lat) = first_qpv_vertex(&s).await;
    for z in [6u8, 9, 12, 14] {
        let (x, y) = tile_of(lon, lat, z);
        let (status, body) = send(
            &s,
            test::TestRequest::get().uri(&format!("/tiles/qpv/{z}/{x}/{y}.mvt")),
        )
        .await;
        assert_eq!(status, 200, "z{z}");
        let reader = mvt_reader::Reader::new(body.to_vec()).expect("a valid MVT");
        assert_eq!(reader.get_layer_names().unwrap(), vec!["qpv"]);
        let features = reader.get_features(0).unwrap();
        assert!(!features.is_empty());
        let limit = (zonage::tiles::vector::EXTENT as f64 + zonage::tiles::vector::BUFFER) as f32;
        for f in &features {
            use geo::CoordsIter;
            assert!(
                f.geometry
                    .coords_iter()
                    .all(|c| (-64.0..=limit).contains(&c.x) && (-64.0..=limit).contains(&c.y)),
                "z{z}: outside extent + buffer"
            );
            let props = f.properties.as_ref().unwrap();
            assert!(props.contains_key("code") && props.contains_key("name"));
            for (key, value) in props {
                if let Some(id) = key.strip_suffix("_secret") {
                    assert!(!props.contains_key(id), "a secret value is absent: {id}");
                    assert!(matches!(value, mvt_reader::feature::Value::Bool(true)));
                }
            }
        }
    }
}

#[actix_web::test]
async fn empty_tiles_tilejson_and_tile_errors() {
    let (_dir, s) = synthetic();
    let (status, _) = send(&s, test::TestRequest::get().uri("/tiles/qpv/10/0/0.mvt")).await;
    assert_eq!(status, 204);
    let (status, tilejson) = get_json(&s, "/tiles/communes.json").await;
    assert_eq!(status, 200);
    assert_eq!(tilejson["tilejson"], "3.0.0");
    assert!(tilejson["tiles"][0]
        .as_str()
        .unwrap()
        .ends_with("/tiles/communes/{z}/{x}/{y}.mvt"));
    let fields = &tilejson["vector_layers"][0]["fields"];
    assert!(fields["code"].is_string() && fields["score_exclusion_numerique"].is_string());
    for (uri, status) in [
        ("/tiles/qpv/23/0/0.mvt", 400),
        ("/tiles/qpv/3/8/0.mvt", 400),
        ("/tiles/qpv/3/0/x.mvt", 400),
        ("/tiles/qpv/a/0/0.mvt", 400),
        ("/tiles/iris/3/0/0.mvt", 404),
        ("/tiles/iris.json", 404),
    ] {
        let (got, body) = get_json(&s, uri).await;
        assert_eq!(got, status, "{uri}: {body}");
    }
}

#[actix_web::test]
async fn public_point_layers_as_tiles_private_refused() {
    let (_dir, s) = synthetic();
    let (_, places) = get_json(&s, "/api/points/mediation").await;
    let p = &places["features"][0]["geometry"]["coordinates"];
    let (x, y) = tile_of(p[0].as_f64().unwrap(), p[1].as_f64().unwrap(), 11);
    let (status, body) = send(
        &s,
        test::TestRequest::get().uri(&format!("/tiles/mediation/11/{x}/{y}.mvt")),
    )
    .await;
    assert_eq!(status, 200);
    let reader = mvt_reader::Reader::new(body.to_vec()).unwrap();
    let features = reader.get_features(0).unwrap();
    assert!(features.iter().all(|f| matches!(
        f.geometry,
        geo::Geometry::Point(_) | geo::Geometry::MultiPoint(_)
    )));
    assert!(features[0]
        .properties
        .as_ref()
        .unwrap()
        .contains_key("name"));
    let (status, body) = get_json(&s, &format!("/tiles/demandeurs/11/{x}/{y}.mvt")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("private_layer"))
    );
    let (_, unknown) = get_json(&s, "/tiles/nope/1/0/0.mvt").await;
    assert!(unknown["valid"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v == "mediation"));
    assert!(!unknown["valid"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v == "demandeurs"));
}

/// Vector tiles are compressed once, when made: a client asking for gzip
/// gets those bytes (`Content-Encoding: gzip`, `Vary: Accept-Encoding`),
/// which decompress to exactly the tile others get uncompressed; `q=0`
/// refuses gzip; PNG tiles, compressed already, are never gzipped again.
#[actix_web::test]
async fn vector_tiles_come_gzipped_once_png_never() {
    let (_dir, s) = synthetic();
    let app = crate::api::helpers::test_app!(s);
    let (x, y) = tile_of(3.0, 46.5, 8);
    let uri = format!("/tiles/communes/8/{x}/{y}.mvt");
    let get = |accept: Option<&'static str>, uri: String| {
        let mut r = test::TestRequest::get().uri(&uri);
        if let Some(a) = accept {
            r = r.insert_header(("accept-encoding", a));
        }
        r.to_request()
    };
    let plain = test::call_service(&app, get(None, uri.clone())).await;
    assert!(plain
        .headers()
        .get("content-encoding")
        .is_none_or(|v| v == "identity"));
    let plain = test::read_body(plain).await;
    assert!(!plain.is_empty());
    let zipped = test::call_service(&app, get(Some("br;q=1, gzip;q=0.8"), uri.clone())).await;
    assert_eq!(zipped.headers().get("content-encoding").unwrap(), "gzip");
    assert_eq!(zipped.headers().get("vary").unwrap(), "Accept-Encoding");
    let zipped = test::read_body(zipped).await;
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&zipped[..]),
        &mut unzipped,
    )
    .unwrap();
    assert_eq!(unzipped, plain.to_vec(), "the same tile");
    let refused = test::call_service(&app, get(Some("gzip;q=0"), uri)).await;
    assert_ne!(
        refused
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
    let png = format!("/tiles/communes/8/{x}/{y}.png?indicator=demandeurs");
    let png = test::call_service(&app, get(Some("gzip"), png)).await;
    assert_eq!(png.status(), 200);
    assert_ne!(
        png.headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
}
