//! Raster tiles and static maps: sizes, determinism, the legend's colours
//! in the pixels, secret zones drawn apart, and every bad request.

use super::helpers::{get_json, send, synthetic, tile_of};
use crate::util::poppler;
use actix_web::test;
use geo::InteriorPoint;
use tiny_skia::Pixmap;
use zonage::indicators::Value;

async fn get(
    s: &actix_web::web::Data<zonage::server::state::AppState>,
    uri: &str,
) -> (u16, Vec<u8>) {
    let (status, body) = send(s, test::TestRequest::get().uri(uri)).await;
    (status, body.to_vec())
}

#[actix_web::test]
async fn static_maps_have_the_asked_size_and_the_same_bytes_each_time() {
    let (_dir, s) = synthetic();
    let uri = "/api/map/communes.png?indicator=non_autonomes&width=800&height=450&points=all";
    let (status, png) = get(&s, uri).await;
    assert_eq!(status, 200);
    let pixmap = Pixmap::decode_png(&png).expect("a PNG");
    assert_eq!((pixmap.width(), pixmap.height()), (800, 450));
    assert_eq!(get(&s, uri).await.1, png, "same request, same bytes");
    let (status, svg) = get(&s, &uri.replace(".png", ".svg")).await;
    assert_eq!(status, 200);
    let svg = String::from_utf8(svg).unwrap();
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"450\"")
    );
    let text = texts(&svg);
    for expected in [
        "Demandeurs non autonomes en ligne",
        "Secret statistique (",
        "moins de 11\u{a0}personnes, ou de quoi les retrouver",
        "Lieux de médiation numérique",
        "Sources\u{a0}: zonage – territoire synthétique",
        "Données\u{a0}: fictives, générées par zonage",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    assert!(
        svg.contains("\u{a0}km</text>") || svg.contains("\u{a0}m</text>"),
        "a scale bar"
    );
    assert!(
        svg.contains(r#"paint-order="stroke""#),
        "place names drawn with a halo, as <text>"
    );
}

/// The text of an SVG's `<text>` elements, lines joined by spaces.
fn texts(svg: &str) -> String {
    svg.split("<text ")
        .skip(1)
        .filter_map(|t| t.split_once('>')?.1.split_once("</text>").map(|(s, _)| s))
        .collect::<Vec<_>>()
        .join(" ")
        .replace("&apos;", "'")
}

#[actix_web::test]
async fn a_zone_map_is_titled_and_outlines_its_zone() {
    let (_dir, s) = synthetic();
    let (_, table) = get_json(&s, "/api/zones/qpv?limit=1").await;
    let code = table["zones"][0]["code"].as_str().unwrap();
    let name = table["zones"][0]["name"].as_str().unwrap();
    let uri = format!("/api/map/qpv.svg?indicator=demandeurs&zone={code}&title=Mon%20quartier");
    let (status, svg) = get(&s, &uri).await;
    assert_eq!(status, 200);
    let svg = String::from_utf8(svg).unwrap();
    assert!(svg.contains(">Mon quartier</text>"));
    assert!(svg.contains(&format!("{name} ({code})")));
    assert!(
        svg.contains(r##"fill="none" stroke="#212121" stroke-width="3""##),
        "outlined"
    );
}

/// Two colours equal but for the rounding of a see-through fill (±2 a channel).
fn near(a: &[u8; 3], b: &[u8; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(*y) <= 2)
}

/// The colour of a pixel, without opacity.
fn rgb(pixmap: &Pixmap, x: f64, y: f64) -> [u8; 3] {
    let (x, y) = (x.clamp(0.0, 255.0), y.clamp(0.0, 255.0));
    let p = pixmap.pixel(x as u32, y as u32).unwrap().demultiply();
    [p.red(), p.green(), p.blue()]
}

#[actix_web::test]
async fn raster_tiles_use_the_legend_colours_and_hatch_secret_zones() {
    let (_dir, s) = synthetic();
    let loaded = s.current();
    let t = &loaded.territory;
    let (z, communes) = t.zone_layer("communes").unwrap();
    let values = &t.indicators[z]["non_autonomes"];
    let (_, legend) = get_json(&s, "/api/legend/communes/non_autonomes").await;
    let class_colours: Vec<[u8; 3]> = legend["legend"]["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| zonage::render::scene::Colour::hex(c["colour"].as_str().unwrap()))
        .map(|c| [c.r, c.g, c.b])
        .collect();
    let (mut secret_seen, mut number_seen) = (0, 0);
    for (i, shape) in communes.shapes.iter().enumerate().take(40) {
        let p = shape.interior_point().unwrap();
        let (x, y) = tile_of(p.x(), p.y(), 12);
        let uri = format!("/tiles/communes/12/{x}/{y}.png?indicator=non_autonomes");
        let (status, png) = get(&s, &uri).await;
        assert_eq!(status, 200);
        let pixmap = Pixmap::decode_png(&png).unwrap();
        let tile = zonage::tiles::TileId::new(12, x, y).unwrap();
        let (px, py) = tile.to_tile(p.x(), p.y(), 256.0);
        let colour = rgb(&pixmap, px, py);
        // Every 5 × 5 window crosses a line of the hatching (period 8 px).
        let around: Vec<[u8; 3]> = (0..25)
            .map(|k| {
                rgb(
                    &pixmap,
                    px + (k % 5) as f64 - 2.0,
                    py + (k / 5) as f64 - 2.0,
                )
            })
            .collect();
        match values[i] {
            Value::Secret => {
                assert!(
                    around.iter().all(|c| c[0] == c[1] && c[1] == c[2]),
                    "secret zone {i} hatched in greys: {around:?}"
                );
                assert!(
                    around.iter().any(|c| c[0] < 130) && around.iter().any(|c| c[0] > 150),
                    "{around:?}"
                );
                secret_seen += 1;
            }
            Value::Number(_) => {
                assert!(
                    class_colours
                        .iter()
                        .any(|c| around.iter().any(|a| near(a, c))),
                    "zone {i}: {colour:?} not a class colour"
                );
                number_seen += 1;
            }
            Value::Missing => {}
        }
    }
    assert!(
        secret_seen > 0 && number_seen > 0,
        "{secret_seen} {number_seen}"
    );
}

#[actix_web::test]
async fn raster_tiles_come_in_two_densities_and_are_transparent_off_the_territory() {
    let (_dir, s) = synthetic();
    let (lon, lat) = (3.0, 46.5);
    let (x, y) = tile_of(lon, lat, 9);
    let uri = format!("/tiles/communes/9/{x}/{y}.png?indicator=demandeurs&scale=2");
    let (status, png) = get(&s, &uri).await;
    assert_eq!(status, 200);
    assert_eq!(Pixmap::decode_png(&png).unwrap().width(), 512);
    let (status, png) = get(&s, "/tiles/communes/9/0/0.png?indicator=demandeurs").await;
    assert_eq!(status, 200);
    let empty = Pixmap::decode_png(&png).unwrap();
    assert_eq!(empty.width(), 256);
    assert!(empty.pixels().iter().all(|p| p.alpha() == 0));
}

#[actix_web::test]
async fn bad_picture_requests_are_refused_with_the_reason() {
    let (_dir, s) = synthetic();
    let cases: [(&str, u16, &str); 17] = [
        (
            "/api/map/qpv.png?indicator=demandeurs&width=5000",
            400,
            "4096",
        ),
        (
            "/api/map/qpv.png?indicator=demandeurs&height=100",
            400,
            "200",
        ),
        (
            "/api/map/qpv.png?indicator=demandeurs&width=large",
            400,
            "width",
        ),
        ("/api/map/qpv.png", 400, "non_autonomes"),
        ("/api/map/qpv.png?indicator=chomage", 404, "non_autonomes"),
        ("/api/map/iris.png?indicator=demandeurs", 404, "communes"),
        ("/api/map/qpv.gif?indicator=demandeurs", 400, "svg"),
        ("/api/map/qpv.png?indicator=demandeurs&zone=ZZ9", 404, "ZZ9"),
        (
            "/api/map/qpv.png?indicator=demandeurs&bbox=1,2,3",
            400,
            "bbox",
        ),
        (
            "/api/map/qpv.png?indicator=demandeurs&bbox=1,2,3,4&zone=x",
            400,
            "pas les deux",
        ),
        (
            "/api/map/qpv.png?indicator=demandeurs&points=demandeurs",
            403,
            "personnelles",
        ),
        (
            "/api/map/qpv.png?indicator=demandeurs&classes=12",
            400,
            "classes",
        ),
        (
            "/api/map/..%2F..%2Fetc%2Fpasswd.png?indicator=demandeurs",
            404,
            "Couche inconnue",
        ),
        (
            "/tiles/qpv/3/0/0.png?indicator=demandeurs&scale=3",
            400,
            "scale",
        ),
        ("/tiles/qpv/3/0/0.png", 400, "indicator"),
        (
            "/tiles/mediation/3/0/0.png?indicator=demandeurs",
            404,
            "communes",
        ),
        ("/tiles/qpv/3/9/0.png?indicator=demandeurs", 400, "z/x/y"),
    ];
    for (uri, expected, needle) in cases {
        let (status, body) = get_json(&s, uri).await;
        assert_eq!(status, expected, "{uri}: {body}");
        assert!(
            body["message"].as_str().unwrap().contains(needle),
            "{uri}: {body}"
        );
    }
}

#[actix_web::test]
async fn a_static_map_as_pdf_is_one_slide_with_its_font_embedded_and_its_text_as_text() {
    let (_dir, s) = synthetic();
    let uri =
        "/api/map/communes.pdf?indicator=non_autonomes&points=all&title=Carte%20d%E2%80%99essai";
    let (status, pdf) = get(&s, uri).await;
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert_eq!(get(&s, uri).await.1, pdf, "same request, same bytes");
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &pdf).unwrap();
    let Some(info) = poppler("pdfinfo", file.path(), &[]) else {
        return;
    };
    assert!(info.contains("Pages:           1"), "{info}");
    assert!(
        info.contains("Page size:       960 x 540 pts"),
        "16:9: {info}"
    );
    let fonts = poppler("pdffonts", file.path(), &[]).unwrap();
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(
        !rows.is_empty() && rows.iter().all(|r| r.contains(" yes yes yes ")),
        "embedded, subsetted, with Unicode: {fonts}"
    );
    let text = poppler("pdftotext", file.path(), &["-"]).unwrap();
    for expected in [
        "Carte d’essai",
        "Lieux de médiation numérique",
        "Secret statistique (",
        "Sources",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
}
