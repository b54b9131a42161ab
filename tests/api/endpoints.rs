//! Health, layers, zone table and sheet, lookups, hotspots, legends, points.

use super::helpers::{download, first_qpv_vertex, get_json, get_text, send, synthetic};
use actix_web::test;
use serde_json::Value as Json;

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
    let (status, text) = get_text(&s, "/api/zones/qpv?format=csv&sep=semicolon").await;
    assert_eq!(status, 200);
    assert!(text.starts_with("\u{feff}code;nom;demandeurs;"), "{text}");
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
    let (lon, lat) = first_qpv_vertex(&s).await;
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
async fn batch_lookup_keeps_order_and_reports_bad_rows() {
    let (_dir, s) = synthetic();
    let (lon, lat) = first_qpv_vertex(&s).await;
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
    let request = csv_batch("lon,lat", (0..rows).map(|_| "2.1,45.2".to_string()));
    let (status, body) = send(&s, request).await;
    assert_eq!(status, 413);
    let json: Json = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["error"], "too_large");
    assert!(json["message"]
        .as_str()
        .unwrap()
        .contains("1\u{a0}000\u{a0}000 lignes au plus"));
    let request = test::TestRequest::post()
        .uri("/api/lookup")
        .insert_header(("content-type", "text/csv"))
        .set_payload("nom,ville\na,b\n");
    let (status, _) = send(&s, request).await;
    assert_eq!(status, 400);
}

#[actix_web::test]
async fn spreadsheet_csv_is_named_marked_and_labelled() {
    let (_dir, s) = synthetic();
    let uri = "/api/zones/qpv?format=csv&sep=semicolon&labels=true";
    let (status, disposition, body) = download(&s, uri).await;
    assert_eq!(status, 200);
    let disposition = disposition.unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"zonage-qpv-indicateurs"),
        "{disposition}"
    );
    let text = String::from_utf8(body.to_vec()).unwrap();
    let mut lines = text.lines();
    let labels = lines.next().unwrap();
    assert!(labels.starts_with("\u{feff}Code;Nom;"), "{labels}");
    assert!(
        labels.contains("(personnes)"),
        "labels carry units: {labels}"
    );
    let ids = lines.next().unwrap();
    assert!(ids.starts_with("code;nom;demandeurs"), "{ids}");
    assert_eq!(labels.split(';').count(), ids.split(';').count());
    let (status, bad) = get_json(&s, "/api/zones/qpv?format=csv&labels=maybe").await;
    assert_eq!(status, 400);
    assert!(bad["message"].as_str().unwrap().contains("labels"), "{bad}");
}

#[actix_web::test]
async fn search_ranks_exact_then_prefix_and_links_communes_and_qpvs() {
    let (_dir, s) = synthetic();
    let (_, qpv) = get_json(&s, "/api/zones/qpv?limit=1").await;
    let name = qpv["zones"][0]["name"].as_str().unwrap().to_string();
    // Case, accents and hyphens ignored.
    let typed = name.to_uppercase().replace(' ', "-");
    let (status, found) =
        get_json(&s, &format!("/api/search?q={}", typed.replace(' ', "%20"))).await;
    assert_eq!(status, 200);
    let first = &found["results"][0];
    assert_eq!(first["name"], name.as_str(), "{found}");
    assert_eq!(first["match"], "exact");
    assert!(
        !first["within"].as_array().unwrap().is_empty(),
        "a QPV names its commune: {first}"
    );
    let commune = first["within"][0].as_str().unwrap();
    let (_, by_commune) = get_json(
        &s,
        &format!("/api/search?q={}", commune.replace(' ', "%20")),
    )
    .await;
    let hit = by_commune["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["layer"] == "communes")
        .unwrap();
    assert!(
        hit["contains"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == name.as_str()),
        "the commune offers its QPVs: {hit}"
    );
    let matches: Vec<&str> = found["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["match"].as_str().unwrap())
        .collect();
    let order = ["exact", "prefix", "word", "contains"];
    let ranks: Vec<usize> = matches
        .iter()
        .map(|m| order.iter().position(|o| o == m).unwrap())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{matches:?}");
    let (_, none) = get_json(&s, "/api/search?q=zzzzqqq").await;
    assert_eq!(none["total"], 0);
}

#[actix_web::test]
async fn hotspots_by_volume_follow_the_table_and_leave_small_zones_out() {
    let (_dir, s) = synthetic();
    let uri = "/api/hotspots?layer=communes&indicator=part_non_autonomes&sort=volume&limit=10000&min_size=100";
    let (status, answer) = get_json(&s, uri).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["volume_indicator"], "non_autonomes");
    let zones = answer["zones"].as_array().unwrap();
    let volumes: Vec<f64> = zones.iter().filter_map(|z| z["volume"].as_f64()).collect();
    assert!(volumes.windows(2).all(|w| w[0] >= w[1]), "{volumes:?}");
    assert!(zones.iter().all(|z| z["size"].as_f64().unwrap() >= 100.0));
    let (_, all) = get_json(
        &s,
        "/api/hotspots?layer=communes&indicator=part_non_autonomes&min_size=0&limit=10000",
    )
    .await;
    let kept = answer["ranked"].as_u64().unwrap() + answer["excluded_small"].as_u64().unwrap();
    assert_eq!(kept, all["ranked"].as_u64().unwrap());
    // Each listed volume is the table's published value.
    let (_, table) = get_json(&s, "/api/zones/communes?limit=50000").await;
    for z in zones.iter().take(5) {
        let row = table["zones"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == z["code"])
            .unwrap();
        assert_eq!(row["indicators"]["non_autonomes"]["value"], z["volume"]);
    }
}

/// Boxes `[x0, y0, x1, y1]` of a labels answer, by zone code.
fn label_boxes(answer: &Json) -> Vec<(String, Vec<f64>)> {
    let labels = answer["labels"].as_array().unwrap();
    labels
        .iter()
        .map(|l| {
            let b = l["box"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            (l["code"].as_str().unwrap().to_string(), b)
        })
        .collect()
}

#[actix_web::test]
async fn place_names_never_overlap_and_stay_put_when_panning() {
    let (_dir, s) = synthetic();
    let (_, layers) = get_json(&s, "/api/layers").await;
    let e: Vec<f64> = layers["extent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let mut named = 0;
    for zoom in [7, 9, 11, 13] {
        let whole = format!(
            "/api/labels?layers=qpv,communes&zoom={zoom}&bbox={},{},{},{}",
            e[0], e[1], e[2], e[3]
        );
        let (status, answer) = get_json(&s, &whole).await;
        assert_eq!(status, 200, "{answer}");
        let boxes = label_boxes(&answer);
        named += boxes.len();
        for (i, (a, ba)) in boxes.iter().enumerate() {
            for (b, bb) in &boxes[i + 1..] {
                let overlap = ba[0] < bb[2] && bb[0] < ba[2] && ba[1] < bb[3] && bb[1] < ba[3];
                assert!(!overlap, "zoom {zoom}: {a} {ba:?} and {b} {bb:?} overlap");
            }
        }
        // The western half of the view: the same names at the same places.
        let mid = (e[0] + e[2]) / 2.0;
        let half = format!(
            "/api/labels?layers=qpv,communes&zoom={zoom}&bbox={},{},{mid},{}",
            e[0], e[1], e[3]
        );
        let (_, part) = get_json(&s, &half).await;
        for (code, b) in label_boxes(&part) {
            assert!(
                boxes.iter().any(|(c, bb)| *c == code && *bb == b),
                "{code} moved when panning"
            );
        }
    }
    assert!(named > 10, "{named} names placed");
}

/// An answer of several groups of pieces (produced a group at a time while
/// the client reads) has every row, in order.
#[actix_web::test]
async fn a_large_batch_answer_keeps_every_row_in_order() {
    let (_dir, s) = synthetic();
    let rows = 100_003;
    let request = csv_batch("id,lon,lat", (0..rows).map(|k| format!("r{k},2.1,45.2")));
    let (status, body) = send(&s, request).await;
    assert_eq!(status, 200);
    let text = String::from_utf8(body.to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(lines.len(), rows);
    for (k, line) in lines.iter().enumerate().step_by(9_973) {
        assert!(
            line.contains(&format!(",r{k},")) || line.starts_with(&format!("{},r{k}", k + 1)),
            "{line}"
        );
    }
    assert!(lines[rows - 1].contains(&format!("r{}", rows - 1)));
}

/// A CSV batch request: `header`, then one line per row.
fn csv_batch(header: &str, rows: impl Iterator<Item = String>) -> test::TestRequest {
    let body: String = std::iter::once(header.to_string())
        .chain(rows)
        .map(|line| line + "\n")
        .collect();
    test::TestRequest::post()
        .uri("/api/lookup")
        .insert_header(("content-type", "text/csv"))
        .set_payload(body)
}
