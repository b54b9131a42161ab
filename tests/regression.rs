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
