//! Pictures compared with reviewed golden files (`tests/golden/`), with a
//! tolerance: anti-aliasing may differ by a shade between CPUs (tiny-skia
//! picks SIMD paths at run time), not the map.
//!
//! After a deliberate change of the drawing, regenerate them with
//! `ZONAGE_BLESS=1 cargo test golden`, look at them, and commit them.

use crate::api::helpers::{send, synthetic};
use crate::util::poppler;
use actix_web::test;
use std::path::PathBuf;
use tiny_skia::Pixmap;

/// A channel may differ by this much before a pixel counts as different.
const CHANNEL_TOLERANCE: u8 = 24;
/// Share of pixels that may differ.
const PIXEL_SHARE: f64 = 0.002;
/// SVG coordinates may differ by this much (they are written to 0.1 px).
const NUMBER_TOLERANCE: f64 = 0.15;

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Reads the golden file, or writes it when blessing (or when it does not
/// exist yet, then fails so that it gets reviewed).
fn expected(name: &str, actual: &[u8]) -> Vec<u8> {
    let path = golden(name);
    let bless = std::env::var_os("ZONAGE_BLESS").is_some();
    if bless || !path.exists() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        assert!(bless, "{} written: review it and commit it", path.display());
    }
    std::fs::read(&path).unwrap()
}

/// Pixels differing by more than the tolerance.
fn differing_pixels(a: &Pixmap, b: &Pixmap) -> usize {
    a.pixels()
        .iter()
        .zip(b.pixels())
        .filter(|(p, q)| {
            let (p, q) = (p.demultiply(), q.demultiply());
            [
                p.red().abs_diff(q.red()),
                p.green().abs_diff(q.green()),
                p.blue().abs_diff(q.blue()),
                p.alpha().abs_diff(q.alpha()),
            ]
            .into_iter()
            .any(|d| d > CHANNEL_TOLERANCE)
        })
        .count()
}

fn assert_png_matches(name: &str, actual: &[u8]) {
    let want = Pixmap::decode_png(&expected(name, actual)).unwrap();
    let got = Pixmap::decode_png(actual).expect("a PNG");
    assert_eq!(
        (got.width(), got.height()),
        (want.width(), want.height()),
        "{name}: size"
    );
    let differing = differing_pixels(&got, &want);
    let allowed = (PIXEL_SHARE * (got.width() * got.height()) as f64) as usize;
    assert!(
        differing <= allowed,
        "{name}: {differing} pixels differ (at most {allowed})"
    );
}

/// An SVG as tokens: numbers apart, so they can be compared with a tolerance.
fn tokens(svg: &str) -> Vec<Result<f64, String>> {
    let mut out = Vec::new();
    let mut current = String::new();
    let number = |c: char| c.is_ascii_digit() || c == '.' || c == '-';
    for c in svg.chars() {
        if !current.is_empty() && number(c) != current.chars().all(number) {
            out.push(
                current
                    .parse::<f64>()
                    .map_err(|_| std::mem::take(&mut current)),
            );
            current.clear();
        }
        current.push(c);
    }
    out.push(current.parse::<f64>().map_err(|_| current.clone()));
    out
}

fn assert_svg_matches(name: &str, actual: &str) {
    let want = String::from_utf8(expected(name, actual.as_bytes())).unwrap();
    let (got, want) = (tokens(actual), tokens(&want));
    assert_eq!(got.len(), want.len(), "{name}: not the same elements");
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        let same = match (g, w) {
            (Ok(a), Ok(b)) => (a - b).abs() <= NUMBER_TOLERANCE,
            (a, b) => a == b,
        };
        assert!(same, "{name}: token {i}: {g:?} instead of {w:?}");
    }
}

async fn picture(uri: &str) -> Vec<u8> {
    let (_dir, s) = synthetic();
    let (status, body) = send(&s, test::TestRequest::get().uri(uri)).await;
    assert_eq!(status, 200, "{uri}: {}", String::from_utf8_lossy(&body));
    body.to_vec()
}

#[actix_web::test]
async fn static_map_png() {
    let png = picture(
        "/api/map/communes.png?indicator=non_autonomes&width=960&height=540&points=mediation",
    )
    .await;
    assert_png_matches("communes_non_autonomes.png", &png);
}

#[actix_web::test]
async fn static_map_svg() {
    let svg =
        picture("/api/map/qpv.svg?indicator=part_non_autonomes&width=960&height=540&title=QPV")
            .await;
    assert_svg_matches(
        "qpv_part_non_autonomes.svg",
        &String::from_utf8(svg).unwrap(),
    );
}

#[actix_web::test]
async fn raster_tile_png() {
    let (x, y) = crate::api::helpers::tile_of(3.0, 46.5, 8);
    let png = picture(&format!(
        "/tiles/communes/8/{x}/{y}.png?indicator=demandeurs&scale=2"
    ))
    .await;
    assert_png_matches("communes_demandeurs_tile.png", &png);
}

#[core::prelude::v1::test]
fn the_comparisons_catch_real_differences() {
    let a = tokens(r#"<path d="M1.2,3L4,5"/>"#);
    let b = tokens(r#"<path d="M1.3,3L4,5"/>"#);
    let c = tokens(r#"<path d="M1.9,3L4,5"/>"#);
    let close = |x: &[Result<f64, String>], y: &[Result<f64, String>]| {
        x.len() == y.len()
            && x.iter().zip(y).all(|(p, q)| match (p, q) {
                (Ok(p), Ok(q)) => (p - q).abs() <= NUMBER_TOLERANCE,
                (p, q) => p == q,
            })
    };
    assert!(close(&a, &b) && !close(&a, &c));
    let mut white = Pixmap::new(10, 10).unwrap();
    white.fill(tiny_skia::Color::WHITE);
    let mut grey = white.clone();
    grey.fill(tiny_skia::Color::from_rgba8(250, 250, 250, 255));
    let mut black = white.clone();
    black.fill(tiny_skia::Color::BLACK);
    assert_eq!(differing_pixels(&white, &grey), 0);
    assert_eq!(differing_pixels(&white, &black), 100);
}

/// Every page of the Carvin agency's dossier (Hauts-de-France reference
/// data), rendered by poppler's `pdftoppm` at 36 dpi (480 × 270), against
/// reviewed pictures: a change of layout, a missing map or a slide drawn
/// off its page shows.
#[actix_web::test]
async fn dossier_pages_as_poppler_draws_them() {
    let Some(s) = crate::api::hauts_de_france::hauts_de_france() else {
        return;
    };
    let (status, pdf) = send(
        &s,
        test::TestRequest::get().uri("/api/dossier/agences/62590.pdf"),
    )
    .await;
    assert_eq!(status, 200);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("carvin.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let prefix = dir.path().join("page").display().to_string();
    if poppler("pdftoppm", &file, &["-r", "36", "-png", &prefix]).is_none() {
        return;
    }
    for page in 1..=zonage::dossier::SLIDES {
        let png = std::fs::read(dir.path().join(format!("page-{page}.png")))
            .unwrap_or_else(|e| panic!("page {page} rendered: {e}"));
        assert_png_matches(&format!("dossier/carvin-{page}.png"), &png);
    }
}
