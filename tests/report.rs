//! `zonage report` output, pinned with insta snapshots on a generated
//! territory (the generator is deterministic for a seed).

use crate::util::{report, small_territory, stderr, zonage};

#[test]
fn qpv_report_csv() {
    let (_dir, manifest) = small_territory(3);
    let out = report(&manifest, "qpv", &[]);
    assert!(
        out.stderr.is_empty(),
        "piped runs stay quiet: {}",
        stderr(&out)
    );
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn qpv_report_json_marks_secrets() {
    let (_dir, manifest) = small_territory(3);
    let out = report(&manifest, "qpv", &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["layer"], "qpv");
    assert_eq!(json["indicators"].as_array().unwrap().len(), 12);
    let first = &json["zones"][0];
    assert!(first["parents"][0]["share"].as_f64().unwrap() > 0.0);
    for zone in json["zones"].as_array().unwrap() {
        for (_, v) in zone["indicators"].as_object().unwrap() {
            assert!(
                v["secret"] != true || v["value"].is_null(),
                "a secret value is absent"
            );
        }
    }
    insta::assert_json_snapshot!(first);
}

#[test]
fn check_writes_json_quality_report() {
    let (dir, manifest) = small_territory(3);
    let json_path = dir.path().join("quality.json");
    let out = zonage(&[
        "check",
        manifest.to_str().unwrap(),
        "--json",
        json_path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("invalid geometries"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json_path).unwrap()).unwrap();
    let communes = &json["zone_layers"][1]["attribute_tables"][0];
    assert_eq!(
        communes["codes_without_zone"],
        serde_json::json!(["S99999"])
    );
    assert!(!json["warnings"].as_array().unwrap().is_empty());
}
