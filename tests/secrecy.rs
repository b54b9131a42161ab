//! Statistical secrecy on a generated territory: no small count shown, every
//! value built on a masked one masked too, masked values never 0.

use crate::util::{load, small_territory};
use zonage::indicators::Value;

#[test]
fn small_private_counts_and_what_depends_on_them_are_masked() {
    let (_dir, manifest) = small_territory(11);
    let t = load(&manifest).unwrap();
    let threshold = t.manifest.secrecy.threshold as f64;
    let mut masked = 0;
    for table in &t.indicators {
        for id in ["demandeurs", "non_autonomes"] {
            for v in &table[id] {
                if let Value::Number(n) = v {
                    assert!(*n == 0.0 || *n >= threshold, "{id} shows {n}");
                }
            }
        }
        for (z, v) in table["non_autonomes"].iter().enumerate() {
            if v.is_secret() {
                masked += 1;
                assert!(table["part_non_autonomes"][z].is_secret());
                assert!(table["score_exclusion_numerique"][z].is_secret());
            }
        }
        for (z, v) in table["demandeurs"].iter().enumerate() {
            if v.is_secret() {
                assert!(table["distance_numerique_km"][z].is_secret());
                assert!(table["taux_demandeurs"][z].is_secret());
            }
        }
    }
    assert!(masked > 0, "the test territory has small zones to mask");
}

#[test]
fn lowering_the_threshold_unmasks_exactly_the_small_counts() {
    let (_dir, manifest) = small_territory(11);
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("threshold = 11", "threshold = 1");
    std::fs::write(&manifest, text).unwrap();
    let t = load(&manifest).unwrap();
    for table in &t.indicators {
        assert!(table.values().flatten().all(|v| !v.is_secret()));
    }
}
