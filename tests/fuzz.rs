//! The request parsers never panic, whatever they are sent (proptest).

use proptest::prelude::*;
use zonage::server::batch_rows::parse_rows;
use zonage::server::routes::lookup::coordinate;
use zonage::server::routes::parse_bbox;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn batch_csv_parser_never_panics(body in "(lon|lat|id|x|y|[a-z;,. 0-9\\-\"\n]){0,40}") {
        let _ = parse_rows(&body, false);
    }

    #[test]
    fn batch_csv_rows_are_kept_in_order(rows in proptest::collection::vec(("[a-z0-9]{0,6}", "[-0-9.,a-z]{0,8}", "[-0-9.,a-z]{0,8}"), 0..30)) {
        let body: String = std::iter::once("id;lon;lat\n".to_string())
            .chain(rows.iter().map(|(id, lon, lat)| format!("{id};{lon};{lat}\n")))
            .collect();
        let parsed = parse_rows(&body, false).unwrap();
        prop_assert_eq!(parsed.len(), rows.len());
        for (row, (id, _, _)) in parsed.iter().zip(&rows) {
            prop_assert_eq!(&row.id, id);
        }
    }

    #[test]
    fn batch_json_parser_never_panics(body in "[\\[\\]{}\",:a-z0-9. \\-]{0,60}") {
        let _ = parse_rows(&body, true);
    }

    #[test]
    fn query_parsers_never_panic(raw in ".{0,30}") {
        let _ = parse_bbox(&raw);
        let _ = coordinate("lon", Some(&raw), 180.0);
    }

    #[test]
    fn valid_positions_always_parse(lon in -180.0f64..180.0, lat in -90.0f64..90.0) {
        let body = format!("[{{\"lon\": {lon}, \"lat\": {lat}}}]");
        let rows = parse_rows(&body, true).unwrap();
        prop_assert_eq!(rows[0].position.clone(), Ok([lon, lat]));
    }
}

/// Any query sent to the picture routes (static maps, PNG tiles) answers an
/// image or a 4xx error: never a panic, never a 5xx.
#[test]
fn picture_queries_never_fail_the_server() {
    use crate::api::helpers::{send, synthetic};
    use proptest::test_runner::{Config, TestRunner};
    let (_dir, state) = synthetic();
    let key = prop::sample::select(vec![
        "indicator",
        "bbox",
        "zone",
        "width",
        "height",
        "title",
        "points",
        "method",
        "classes",
        "scale",
    ]);
    let value = "[-a-zA-Z0-9_.,%]{0,10}";
    let query = prop::collection::vec((key, value), 0..5);
    let path = prop::sample::select(vec![
        "/api/map/qpv.png",
        "/api/map/communes.svg",
        "/api/map/x.svg",
        "/tiles/qpv/3/4/2.png",
        "/tiles/communes/9/x/1.png",
    ]);
    let mut runner = TestRunner::new(Config::with_cases(64));
    let strategy = (path, query, prop::bool::ANY);
    runner
        .run(&strategy, |(path, pairs, with_indicator)| {
            let mut query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            if with_indicator {
                query.push("indicator=demandeurs".into());
            }
            let uri = format!("{path}?{}", query.join("&"));
            let request = actix_web::test::TestRequest::get().uri(&uri);
            let (status, _) = actix_web::rt::System::new().block_on(send(&state, request));
            prop_assert!(
                status == 200 || (400..500).contains(&status),
                "{uri}: {status}"
            );
            Ok(())
        })
        .unwrap();
}
