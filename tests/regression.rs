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
    let rows = zonage::server::batch_rows::parse_rows(
        r#"[{"lon": -59.233853544741756, "lat": 0.0}]"#,
        true,
    )
    .unwrap();
    assert_eq!(rows[0].position, Ok([-59.233853544741756, 0.0]));
}

/// `zonage check national.toml | head` panicked ("failed printing to
/// stdout: Broken pipe"): a reader that stops reading is not an error.
#[test]
fn a_closed_standard_output_is_not_a_panic() {
    let (_dir, manifest) = crate::util::small_territory(3);
    for command in ["check", "report"] {
        let mut args = vec![command, manifest.to_str().unwrap()];
        if command == "report" {
            args.extend(["--layer", "communes"]);
        }
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zonage"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // closed before the territory is loaded
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{command}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{command}: {stderr}");
    }
}

/// A manifest error lost its line number when the indicator's id was written
/// in single quotes (`id = 'x'`): the line was found by searching `"x"`.
/// Found in the hardening audit (issue 9).
#[test]
fn manifest_errors_keep_their_line_with_single_quoted_ids() {
    let (_dir, manifest) = crate::util::small_territory(2);
    let text = std::fs::read_to_string(&manifest).unwrap();
    let line = text
        .lines()
        .position(|l| l.trim() == r#"id = "part_non_autonomes""#)
        .unwrap()
        + 1;
    let text = text
        .replace(r#"id = "part_non_autonomes""#, "id = 'part_non_autonomes'")
        .replace(r#"numerator = "non_autonomes""#, r#"numerator = "nope""#);
    let error = Manifest::parse(&text, Path::new("m.toml"))
        .unwrap_err()
        .to_string();
    assert!(error.contains(&format!("line {line}:")), "{error}");
}
