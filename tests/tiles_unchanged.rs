//! The vector tiles of the real Occitanie communes and QPVs stay the same
//! through changes of the tile pipeline (speed work must not move a line).
//!
//! Every tile of the benchmark list (`bench/tiles.txt`, 341 tiles z6–z13
//! around the region's towns) is decoded with an independent reader and
//! written out canonically (features by id, properties sorted); a digest of
//! that text per tile is compared with `tests/golden/tiles_occitanie.txt`.
//! After a deliberate change of the tiles, regenerate it with
//! `ZONAGE_BLESS=1 cargo test tiles_unchanged` and say why in the commit.

use crate::occitanie::occitanie;
use std::fmt::Write;
use std::path::PathBuf;
use zonage::territory::Territory;
use zonage::tiles::{vector::zone_tile, TileId};

/// FNV-1a, 64 bits: a digest that does not depend on the Rust version.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The decoded tile as text: one line per feature, by id.
fn canonical(bytes: Vec<u8>) -> (usize, String) {
    let reader = mvt_reader::Reader::new(bytes).expect("a valid MVT");
    let mut features = reader.get_features(0).expect("one layer");
    features.sort_by_key(|f| f.id);
    let mut text = reader.get_layer_names().unwrap().join(",");
    for f in &features {
        let mut props: Vec<String> = f
            .properties
            .iter()
            .flatten()
            .map(|(k, v)| format!("{k}={v:?}"))
            .collect();
        props.sort();
        write!(text, "\n{:?} {:?} {}", f.id, f.geometry, props.join(" ")).unwrap();
    }
    (features.len(), text)
}

fn tile_list() -> Vec<TileId> {
    let list = include_str!("../bench/tiles.txt");
    list.lines()
        .map(|l| {
            let n: Vec<u32> = l.split('/').map(|p| p.parse().unwrap()).collect();
            TileId::new(n[0], n[1], n[2]).unwrap()
        })
        .collect()
}

/// One line per tile and layer: `layer z/x/y features digest`.
fn digests(t: &Territory) -> String {
    let mut out = String::new();
    for layer in ["communes", "qpv"] {
        let (z, _) = t.zone_layer(layer).unwrap();
        for tile in tile_list() {
            let (n, digest) = match zone_tile(t, z, tile).unwrap() {
                Some(bytes) => {
                    let (n, text) = canonical(bytes);
                    (n, format!("{:016x}", fnv1a(&text)))
                }
                None => (0, "-".into()),
            };
            let TileId { z, x, y } = tile;
            writeln!(out, "{layer} {z}/{x}/{y} {n} {digest}").unwrap();
        }
    }
    out
}

#[test]
fn occitanie_tiles_are_unchanged() {
    let Some(t) = occitanie() else { return };
    let actual = digests(t);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiles_occitanie.txt");
    if std::env::var_os("ZONAGE_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    let changed: Vec<(&str, &str)> = expected
        .lines()
        .zip(actual.lines())
        .filter(|(e, a)| e != a)
        .collect();
    assert!(
        changed.is_empty() && expected.lines().count() == actual.lines().count(),
        "{} of {} tiles changed, first ones (expected, actual): {:#?}",
        changed.len(),
        expected.lines().count(),
        &changed[..changed.len().min(5)]
    );
}
