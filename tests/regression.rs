//! One test per bug found, named after it.

use std::path::Path;
use zonage::manifest::Manifest;

/// The reference manifest names an indicator after the layer it counts
/// (`demandeurs`): ids were once checked in one namespace and it was refused.
#[test]
fn indicator_may_share_its_layers_id() {
    let manifest =
        Manifest::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata/occitanie.toml"));
    assert!(manifest.is_ok(), "{}", manifest.unwrap_err());
}

/// A JSON batch row's longitude came back one unit in the last place off
/// (-59.233853544741756 read as -59.23385354474176): serde_json's fast float
/// parser is not correctly rounded without its `float_roundtrip` feature.
/// Found by `fuzz::valid_positions_always_parse`.
#[test]
fn json_batch_coordinates_keep_every_digit() {
    let rows = zonage::server::routes::batch::parse_rows(
        r#"[{"lon": -59.233853544741756, "lat": 0.0}]"#,
        true,
    )
    .unwrap();
    assert_eq!(rows[0].position, Ok([-59.233853544741756, 0.0]));
}
