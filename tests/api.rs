//! The HTTP API, in process (actix's test service, no socket), over a
//! generated territory; the privacy walk runs over the real Occitanie data.

use crate::util::{shared_geodata, small_territory};
use actix_web::{test, web, App};
use serde_json::Value as Json;
use std::path::PathBuf;
use zonage::progress::Progress;
use zonage::server::startup::configure;
use zonage::server::state::{AppState, Options};

/// Loads a manifest into server state (admin token `t0ken`).
pub fn state(manifest: PathBuf, data: PathBuf) -> web::Data<AppState> {
    web::Data::new(
        AppState::load(
            manifest,
            data,
            Options {
                admin_token: Some("t0ken".into()),
                tile_cache: true,
            },
            &Progress::hidden(),
        )
        .unwrap_or_else(|e| panic!("{e}")),
    )
}

/// Sends a request to an app over `state`: status and body.
pub async fn send(
    state: &web::Data<AppState>,
    request: test::TestRequest,
) -> (u16, actix_web::web::Bytes) {
    let app = test::init_service(App::new().app_data(state.clone()).configure(configure)).await;
    let response = test::call_service(&app, request.to_request()).await;
    let status = response.status().as_u16();
    (status, test::read_body(response).await)
}

/// GET, parsed as JSON.
pub async fn get_json(state: &web::Data<AppState>, uri: &str) -> (u16, Json) {
    let (status, body) = send(state, test::TestRequest::get().uri(uri)).await;
    (
        status,
        serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("{uri}: {e}: {}", String::from_utf8_lossy(&body))),
    )
}

fn synthetic() -> (tempfile::TempDir, web::Data<AppState>) {
    let (dir, manifest) = small_territory(5);
    let data = dir.path().to_path_buf();
    (dir, state(manifest, data))
}

#[actix_web::test]
async fn health_and_layers() {
    let (_dir, s) = synthetic();
    let (status, health) = get_json(&s, "/health").await;
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
    let (_, layers) = get_json(&s, "/api/layers").await;
    let ids: Vec<&str> = layers["point_layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert!(
        !ids.contains(&"demandeurs"),
        "a private layer is never listed: {ids:?}"
    );
    assert_eq!(layers["indicators"].as_array().unwrap().len(), 12);
    assert_eq!(layers["zone_layers"][0]["parent"], "communes");
}

#[actix_web::test]
async fn zone_table_sorts_pages_searches_and_filters() {
    let (_dir, s) = synthetic();
    let (status, all) = get_json(&s, "/api/zones/communes?sort=demandeurs&limit=5").await;
    assert_eq!(status, 200);
    let values: Vec<f64> = all["zones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z["indicators"]["demandeurs"]["value"].as_f64().unwrap())
        .collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
    assert_eq!(values.len(), 5);
    let (_, page2) = get_json(
        &s,
        "/api/zones/communes?sort=code&order=asc&limit=2&offset=2",
    )
    .await;
    assert_eq!(page2["zones"][0]["code"], "S00002");
    let (_, found) = get_json(&s, "/api/zones/communes?q=s00007").await;
    assert_eq!(found["total"], 1);
    let (_, qpv) = get_json(&s, "/api/zones/qpv?limit=1").await;
    let parent = qpv["zones"][0]["parents"][0]["code"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, of_parent) = get_json(&s, &format!("/api/zones/qpv?parent={parent}")).await;
    assert!(of_parent["total"].as_u64().unwrap() >= 1);
}

#[actix_web::test]
async fn zone_table_as_csv_and_geojson() {
    let (_dir, s) = synthetic();
    let (status, body) = send(
        &s,
        test::TestRequest::get().uri("/api/zones/qpv?format=csv&sep=semicolon"),
    )
    .await;
    assert_eq!(status, 200);
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert!(text.starts_with("code;nom;demandeurs;"), "{text}");
    assert!(
        text.lines().nth(1).unwrap().contains(','),
        "decimal commas: {text}"
    );
    let (_, geo) = get_json(&s, "/api/zones/qpv?format=geojson").await;
    assert_eq!(geo["type"], "FeatureCollection");
    assert_eq!(geo["features"][0]["geometry"]["type"], "MultiPolygon");
}

#[actix_web::test]
async fn zone_sheet_has_ranks_parents_and_children() {
    let (_dir, s) = synthetic();
    let (_, qpv) = get_json(&s, "/api/zones/qpv?limit=1").await;
    let code = qpv["zones"][0]["code"].as_str().unwrap().to_string();
    let (status, sheet) = get_json(&s, &format!("/api/zones/qpv/{code}")).await;
    assert_eq!(status, 200);
    assert_eq!(sheet["type"], "Feature");
    let props = &sheet["properties"];
    let demandeurs = props["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "demandeurs")
        .unwrap();
    assert!(demandeurs["rank"].as_u64().unwrap() >= 1);
    assert!(demandeurs["layer"]["median"].is_number());
    assert_eq!(
        demandeurs["parents"][0]["code"],
        props["parents"][0]["code"]
    );
    let commune = props["parents"][0]["code"].as_str().unwrap().to_string();
    let (_, commune_sheet) = get_json(&s, &format!("/api/zones/communes/{commune}")).await;
    let children: Vec<&str> = commune_sheet["properties"]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert!(children.contains(&code.as_str()), "{children:?}");
}

#[actix_web::test]
async fn lookup_in_near_and_out() {
    let (_dir, s) = synthetic();
    let (_, qpv) = get_json(&s, "/api/zones/qpv?limit=1&format=geojson").await;
    let ring = &qpv["features"][0]["geometry"]["coordinates"][0][0];
    let (lon, lat) = (ring[0][0].as_f64().unwrap(), ring[0][1].as_f64().unwrap());
    let (status, at_vertex) = get_json(&s, &format!("/api/lookup?lon={lon}&lat={lat}")).await;
    assert_eq!(status, 200);
    assert_eq!(at_vertex["layers"][0]["status"], "in");
    let (_, near) = get_json(&s, &format!("/api/lookup?lon={}&lat={lat}", lon + 0.0005)).await;
    let status = near["layers"][0]["status"].as_str().unwrap();
    let distance = near["layers"][0]["distance_to_boundary_m"]
        .as_f64()
        .unwrap();
    assert!(
        status == "in" || (status == "near" && distance <= 200.0),
        "{near}"
    );
    let (_, far) = get_json(&s, "/api/lookup?lon=-40&lat=10").await;
    assert_eq!(far["layers"][0]["status"], "out");
    assert!(far["layers"][1]["zones"].as_array().unwrap().is_empty());
}

#[actix_web::test]
async fn hotspots_legend_and_points() {
    let (_dir, s) = synthetic();
    let (_, hot) = get_json(&s, "/api/hotspots?layer=qpv&limit=3").await;
    assert_eq!(hot["indicator"], "score_exclusion_numerique");
    assert_eq!(hot["zones"][0]["rank"], 1);
    assert_eq!(hot["zones"][0]["value"], 100.0);
    let (_, legend) = get_json(
        &s,
        "/api/legend/communes/taux_demandeurs?method=jenks&classes=4",
    )
    .await;
    let classes = legend["legend"]["classes"].as_array().unwrap();
    assert!(classes.len() <= 4 && !classes.is_empty());
    let (_, points) = get_json(&s, "/api/points/mediation?bbox=-5,40,10,52").await;
    assert!(!points["features"].as_array().unwrap().is_empty());
    let (_, none) = get_json(&s, "/api/points/mediation?bbox=100,10,101,11").await;
    assert!(none["features"].as_array().unwrap().is_empty());
}

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
    let (_, after) = get_json(&s, "/health").await;
    assert_ne!(before["version"], after["version"]);
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

/// Every endpoint, over the real data: no private identifier and no private
/// position (Lambert-93 as in the file, or WGS84 as stored) in any response.
#[actix_web::test]
async fn no_response_reveals_a_job_seeker() {
    let Some(data) = shared_geodata() else { return };
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("geodata/occitanie.toml");
    let s = state(manifest, data.clone());
    let private = private_positions(&s, &data);
    let public = public_positions(&s);
    let mut uris = vec![
        "/health".to_string(),
        "/api/layers".into(),
        "/api/hotspots?layer=communes&limit=1000".into(),
    ];
    for layer in ["qpv", "communes"] {
        for format in ["json", "csv", "geojson"] {
            uris.push(format!("/api/zones/{layer}?format={format}"));
        }
    }
    let loaded = s.current();
    for code in &loaded.territory.zones[0].codes {
        uris.push(format!("/api/zones/qpv/{code}"));
    }
    for ind in &loaded.territory.manifest.indicators {
        uris.push(format!("/api/legend/communes/{}", ind.id));
    }
    for p in loaded.territory.points[0].coords.iter().step_by(20_000) {
        uris.push(format!("/api/lookup?lon={}&lat={}", p[0], p[1]));
    }
    for layer in [
        "mediation",
        "france_services",
        "agences_france_travail",
        "demandeurs",
    ] {
        uris.push(format!("/api/points/{layer}"));
    }
    for z in [6, 9, 12, 14] {
        let (x, y) = tile_of(1.4437, 43.6045, z);
        uris.push(format!("/tiles/qpv/{z}/{x}/{y}.mvt"));
        uris.push(format!("/tiles/communes/{z}/{x}/{y}.mvt"));
    }
    uris.push("/tiles/qpv.json".into());
    for uri in &uris {
        let (_, body) = send(&s, test::TestRequest::get().uri(uri)).await;
        let text = String::from_utf8_lossy(&body);
        assert!(
            !text.contains("DE1") && !text.contains("DE2") && !text.contains("DE3"),
            "{uri} shows an id"
        );
        if let Ok(json) = serde_json::from_slice::<Json>(&body) {
            assert_no_private_pair(&json, &private, &public, uri);
        }
    }
}

/// Private positions, rounded: WGS84 to 1e-6 degrees, Lambert-93 to the metre.
fn private_positions(s: &web::Data<AppState>, data: &std::path::Path) -> Positions {
    let loaded = s.current();
    let mut set: Positions = loaded.territory.points[0]
        .coords
        .iter()
        .map(|&p| key(p))
        .collect();
    let mut reader =
        csv::Reader::from_path(data.join("occitanie/demandeurs_emploi_synthetiques.csv")).unwrap();
    for row in reader.records().map(Result::unwrap) {
        if let (Ok(x), Ok(y)) = (row[1].parse::<f64>(), row[2].parse::<f64>()) {
            set.insert((x.round() as i64 * 1_000_000, y.round() as i64 * 1_000_000));
        }
    }
    set
}

type Positions = std::collections::HashSet<(i64, i64)>;

fn key(p: [f64; 2]) -> (i64, i64) {
    ((p[0] * 1e6).round() as i64, (p[1] * 1e6).round() as i64)
}

/// Positions that public files give (zone vertices, service places): a
/// job-seeker may happen to live on one of them, and showing it reveals nothing.
fn public_positions(s: &web::Data<AppState>) -> Positions {
    let loaded = s.current();
    let t = &loaded.territory;
    let vertices = t
        .zones
        .iter()
        .flat_map(|z| z.shapes.iter())
        .flat_map(|shape| {
            shape.0.iter().flat_map(|p| {
                p.exterior()
                    .0
                    .iter()
                    .chain(p.interiors().iter().flat_map(|r| r.0.iter()))
            })
        });
    let places = t
        .points
        .iter()
        .filter(|p| !p.private)
        .flat_map(|p| p.coords.iter().copied());
    vertices
        .map(|c| key([c.x, c.y]))
        .chain(places.map(key))
        .collect()
}

fn assert_no_private_pair(json: &Json, private: &Positions, public: &Positions, uri: &str) {
    match json {
        Json::Array(items) => {
            if let [Json::Number(a), Json::Number(b)] = items.as_slice() {
                let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
                let k = key([a, b]);
                let in_query = uri.contains(&format!("lon={a}&lat={b}"));
                assert!(
                    in_query || public.contains(&k) || !private.contains(&k),
                    "{uri} shows a private position {a},{b}"
                );
            }
            items
                .iter()
                .for_each(|i| assert_no_private_pair(i, private, public, uri));
        }
        Json::Object(map) => map
            .values()
            .for_each(|v| assert_no_private_pair(v, private, public, uri)),
        _ => {}
    }
}

#[actix_web::test]
async fn batch_lookup_keeps_order_and_reports_bad_rows() {
    let (_dir, s) = synthetic();
    let (_, hot) = get_json(&s, "/api/zones/qpv?limit=1&format=geojson").await;
    let ring = &hot["features"][0]["geometry"]["coordinates"][0][0];
    let (lon, lat) = (ring[0][0].as_f64().unwrap(), ring[0][1].as_f64().unwrap());
    let csv = format!(
        "id;lat;lon\na;{};{}\nb;quarante;2\nc;10;-40\n",
        lat.to_string().replace('.', ","),
        lon.to_string().replace('.', ",")
    );
    let request = test::TestRequest::post()
        .uri("/api/lookup")
        .insert_header(("content-type", "text/csv"))
        .set_payload(csv);
    let (status, body) = send(&s, request).await;
    assert_eq!(status, 200);
    let text = String::from_utf8(body.to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "ligne,id,qpv_code,qpv_nom,qpv_statut,qpv_distance_m,communes_code,communes_nom,erreur"
    );
    assert!(
        lines[1].starts_with("1,a,QS") && lines[1].contains(",in,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("2,b,") && lines[2].contains("quarante"),
        "{}",
        lines[2]
    );
    assert!(lines[3].starts_with("3,c,,,out,"), "{}", lines[3]);
    assert_eq!(lines.len(), 4);
    let json = serde_json::json!([{ "id": 7, "lon": lon, "lat": lat }, { "lon": "x", "lat": 1 }]);
    let request = test::TestRequest::post().uri("/api/lookup").set_json(&json);
    let (status, body) = send(&s, request).await;
    assert_eq!(status, 200);
    let answer: Json = serde_json::from_slice(&body).unwrap();
    assert_eq!(answer[0]["row"], 1);
    assert_eq!(answer[0]["id"], "7");
    assert_eq!(answer[0]["layers"][0]["status"], "in");
    assert!(answer[1]["error"].as_str().unwrap().contains("lon"));
}

#[actix_web::test]
async fn batch_over_the_limit_is_refused_with_413() {
    let (_dir, s) = synthetic();
    let rows = zonage::server::routes::batch::MAX_ROWS + 1;
    let body: String = std::iter::once("lon,lat\n".to_string())
        .chain((0..rows).map(|_| "2.1,45.2\n".to_string()))
        .collect();
    let request = test::TestRequest::post()
        .uri("/api/lookup")
        .insert_header(("content-type", "text/csv"))
        .set_payload(body);
    let (status, body) = send(&s, request).await;
    assert_eq!(status, 413);
    let json: Json = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["error"], "too_large");
    assert!(json["message"]
        .as_str()
        .unwrap()
        .contains("200000 lignes au plus"));
    let request = test::TestRequest::post()
        .uri("/api/lookup")
        .insert_header(("content-type", "text/csv"))
        .set_payload("nom,ville\na,b\n");
    let (status, _) = send(&s, request).await;
    assert_eq!(status, 400);
}

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

/// The tile of zoom `z` holding a position.
fn tile_of(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let world = zonage::tiles::TileId::new(0, 0, 0).unwrap();
    let (x, y) = world.to_tile(lon, lat, (1u64 << z) as f64);
    (x.floor() as u32, y.floor() as u32)
}

#[actix_web::test]
async fn vector_tiles_decode_with_an_independent_reader() {
    let (_dir, s) = synthetic();
    let (_, qpv) = get_json(&s, "/api/zones/qpv?limit=1&format=geojson").await;
    let ring = &qpv["features"][0]["geometry"]["coordinates"][0][0];
    let (lon, lat) = (ring[0][0].as_f64().unwrap(), ring[0][1].as_f64().unwrap());
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

/// A plain HTTP/1.0 GET over a socket: the body.
fn http_get(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer.split("\r\n\r\n").nth(1).unwrap_or("").to_string()
}

/// The real binary on port 0: it serves, and SIGHUP reloads it.
#[cfg(unix)]
#[core::prelude::v1::test] // `test` here is actix's module
fn serve_binds_port_zero_and_reloads_on_sighup() {
    use std::io::BufRead;
    let (_dir, manifest) = small_territory(8);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zonage"))
        .args(["serve", manifest.to_str().unwrap(), "--bind", "127.0.0.1:0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let banner = lines.next().unwrap().unwrap();
    let port: u16 = banner
        .rsplit("port ")
        .next()
        .unwrap()
        .trim_end_matches(')')
        .parse()
        .unwrap();
    let before: Json = serde_json::from_str(&http_get(port, "/health")).unwrap();
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
