//! CRS conversions against reference coordinates computed by PROJ 9.5.1
//! (pyproj 3.7.2, `Transformer.from_crs(4326, code, always_xy=True)`), and
//! Lambert-93's defining point (3°E, 46.5°N) = (700,000 m, 6,600,000 m).

use zonage::crs::Crs;

/// (EPSG code, lon, lat, x, y).
#[allow(clippy::unreadable_literal)]
const REFERENCES: [(u32, f64, f64, f64, f64); 11] = [
    (2154, 3.0, 46.5, 700000.0, 6600000.0),
    (2154, 2.3499, 48.8530, 652296.9731, 6861636.3585),
    (2154, 1.4437, 43.6045, 574317.0087, 6279621.5444),
    (2154, 7.7521, 48.5734, 1050362.6954, 6840899.6472),
    (2154, -4.4861, 48.3904, 146632.9785, 6836262.3267),
    (2154, 8.7369, 41.9192, 1176526.6023, 6108263.0226),
    (2972, -52.3260, 4.9372, 352980.2046, 545868.9224),
    (2975, 55.4504, -20.8789, 338807.6094, 7690477.7454),
    (5490, -61.0588, 14.6161, 709096.3158, 1616759.7331),
    (4471, 45.2279, -12.7806, 524735.3747, 8587115.8115),
    (32620, -61.5331, 16.2411, 656770.8974, 1796166.1759),
];

#[test]
fn projects_to_the_reference_within_one_centimetre() {
    for (code, lon, lat, x, y) in REFERENCES {
        let crs = Crs::from_epsg(code).unwrap();
        let (px, py) = crs.from_wgs84(lon, lat).unwrap();
        assert!(
            (px - x).abs() < 0.01 && (py - y).abs() < 0.01,
            "EPSG:{code}: ({px}, {py}) vs ({x}, {y})"
        );
    }
}

#[test]
fn unprojects_to_the_reference_within_one_centimetre() {
    // 1 cm is about 9e-8 degrees of latitude.
    for (code, lon, lat, x, y) in REFERENCES {
        let (plon, plat) = Crs::from_epsg(code).unwrap().to_wgs84(x, y).unwrap();
        let metres = zonage::geodesy::haversine_m([plon, plat], [lon, lat]);
        assert!(metres < 0.01, "EPSG:{code}: off by {metres} m");
    }
}

#[test]
fn unknown_codes_are_refused() {
    assert!(Crs::from_epsg(99_999).is_err());
    assert!(Crs::from_epsg(1_000_000).is_err());
}

/// PROJ's figures for Lambert-93 on a 100 × 100 grid over France and for the
/// CC42–CC50 zones (`bench/proj_lambert_reference.py` wrote them): the
/// closed-form path (`zonage::crs::lambert`) agrees within 1 mm both ways.
#[test]
fn the_lambert_fast_path_agrees_with_proj_within_a_millimetre() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/proj_lambert.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut checked = 0;
    let (mut worst_xy, mut worst_ll) = (0.0f64, 0.0f64);
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<f64> = line.split(',').map(|v| v.parse().unwrap()).collect();
        let (code, lon, lat, x, y) = (f[0] as u32, f[1], f[2], f[3], f[4]);
        let crs = Crs::from_epsg(code).unwrap();
        let (px, py) = crs.from_wgs84(lon, lat).unwrap();
        worst_xy = worst_xy.max((px - x).hypot(py - y));
        let (plon, plat) = crs.to_wgs84(x, y).unwrap();
        worst_ll = worst_ll.max(zonage::geodesy::haversine_m([plon, plat], [lon, lat]));
        checked += 1;
    }
    assert!(checked >= 11_800, "{checked} points");
    assert!(worst_xy < 0.001, "forward: off by {worst_xy} m at worst");
    assert!(worst_ll < 0.001, "inverse: off by {worst_ll} m at worst");
}
