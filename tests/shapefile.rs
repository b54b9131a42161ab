//! The Windows-1252 shapefile fixture (written by pyshp with a `.cpg`, like
//! the ANCT QPV files), plain and zipped.

use std::path::PathBuf;
use zonage::input::read_zones;
use zonage::zones::ZoneFields;

fn fields<'a>(code: &'a str, name: &'a str) -> ZoneFields<'a> {
    ZoneFields {
        code,
        name,
        extra: &[],
    }
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/shapefile")
        .join(name)
}

fn read_fixture(name: &str) -> zonage::zones::RawZones {
    read_zones(&fixture(name), &fields("CODE_QP", "NOM_QP"), None, None)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn reads_windows_1252_names_and_lambert93() {
    let zones = read_fixture("quartiers_cp1252.shp");
    assert_eq!(zones.crs, "EPSG:2154");
    assert_eq!(
        zones.names,
        vec![
            "Quartier Saint-Éloi",
            "Les Izards – Trois Cocus",
            "Bagatelle à l’Ouest"
        ]
    );
    // The first square's south-west corner is (574000, 6279000) in Lambert-93.
    let corner = zones.shapes[0].0[0].exterior().0[0];
    assert!(
        (corner.x - 1.439_927_6).abs() < 1e-7 && (corner.y - 43.598_852_4).abs() < 1e-7,
        "{corner:?}"
    );
}

#[test]
fn zipped_shapefile_reads_the_same() {
    let plain = read_fixture("quartiers_cp1252.shp");
    let zipped = read_fixture("quartiers_cp1252.zip");
    assert_eq!(plain.codes, zipped.codes);
    assert_eq!(plain.names, zipped.names);
    assert_eq!(plain.shapes, zipped.shapes);
}

#[test]
fn unknown_field_lists_the_fields() {
    let err = read_zones(
        &fixture("quartiers_cp1252.shp"),
        &fields("CODE", "NOM_QP"),
        None,
        None,
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("quartiers_cp1252.dbf: feature 0: field `CODE`: no such field (fields: CODE_QP, NOM_QP, POP)"), "{text}");
}
