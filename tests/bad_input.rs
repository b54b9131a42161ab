//! Bad input: one clear message naming the file, the line or feature, and the
//! field; exit code 1; and input files left untouched.

use crate::util::{edit, report, small_territory, stderr, zonage};
use std::path::Path;

/// Runs `zonage check` and returns its message, asserting exit code 1.
fn check_fails(manifest: &Path) -> String {
    let out = zonage(&["check", manifest.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = stderr(&out);
    assert_eq!(message.lines().count(), 1, "one message: {message}");
    message
}

fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "{part:?} missing from: {message}");
    }
}

#[test]
fn truncated_geojson() {
    let (dir, manifest) = small_territory(1);
    let path = dir.path().join("communes.geojson");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, &text[..text.len() / 2]).unwrap();
    assert_mentions(
        &check_fails(&manifest),
        &["communes.geojson: line", "truncated"],
    );
}

#[test]
fn wrong_geometry_type() {
    let (dir, manifest) = small_territory(1);
    let path = dir.path().join("communes.geojson");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("{\"type\":\"Polygon\"").unwrap();
    let end = start + text[start..].find("]]]}").unwrap() + 4;
    std::fs::write(
        &path,
        format!(
            "{}{{\"type\":\"Point\",\"coordinates\":[3.0,46.5]}}{}",
            &text[..start],
            &text[end..]
        ),
    )
    .unwrap();
    assert_mentions(&check_fails(&manifest), &["communes.geojson: feature 0: field `geometry`: expected a Polygon or MultiPolygon, found a Point"]);
}

#[test]
fn shapefile_without_its_dbf() {
    let (dir, manifest) = small_territory(1);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shapefile");
    for ext in ["shp", "shx", "prj", "cpg"] {
        std::fs::copy(
            fixtures.join(format!("quartiers_cp1252.{ext}")),
            dir.path().join(format!("q.{ext}")),
        )
        .unwrap();
    }
    edit(
        &manifest,
        "file = \"qpv_lambert93.geojson\"\ncode = \"code_qp\"\nname = \"nom_qp\"",
        "file = \"q.shp\"\ncode = \"CODE_QP\"\nname = \"NOM_QP\"",
    );
    assert_mentions(
        &check_fails(&manifest),
        &["q.dbf: cannot read the attribute table a shapefile needs"],
    );
}

#[test]
fn unknown_crs() {
    let (_dir, manifest) = small_territory(1);
    edit(&manifest, "crs = \"EPSG:2154\"", "crs = \"EPSG:99999\"");
    assert_mentions(
        &check_fails(&manifest),
        &["demandeurs.csv: field `crs`: unknown CRS EPSG:99999"],
    );
}

#[test]
fn non_numeric_coordinate() {
    let (dir, manifest) = small_territory(1);
    let path = dir.path().join("demandeurs.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let fields: Vec<&str> = lines[2].split(',').collect();
    lines[2] = format!("{},douze,{}", fields[0], fields[2..].join(","));
    std::fs::write(&path, lines.join("\n")).unwrap();
    assert_mentions(
        &check_fails(&manifest),
        &["demandeurs.csv: line 3: field `x`: `douze` is not a number"],
    );
}

#[test]
fn unknown_column() {
    let (_dir, manifest) = small_territory(1);
    edit(
        &manifest,
        "column = \"autonomie_numerique\"",
        "column = \"autonomie\"",
    );
    assert_mentions(
        &check_fails(&manifest),
        &["demandeurs.csv: line 1: field `autonomie`: no such column (columns: id, x, y,"],
    );
}

#[test]
fn unknown_layer() {
    let (_dir, manifest) = small_territory(1);
    edit(
        &manifest,
        "points = \"demandeurs\"",
        "points = \"demandeur\"",
    );
    assert_mentions(&check_fails(&manifest), &["territoire.toml: line", "field `points`: indicator `demandeurs`: unknown point layer `demandeur` (valid: `demandeurs`, `mediation`"]);
}

#[test]
fn indicator_defined_through_itself() {
    let (_dir, manifest) = small_territory(1);
    edit(
        &manifest,
        "numerator = \"non_autonomes\"",
        "numerator = \"score_exclusion_numerique\"",
    );
    let message = check_fails(&manifest);
    assert_mentions(
        &message,
        &["territoire.toml: line", "refers to itself through"],
    );
    assert!(
        message.contains("`part_non_autonomes` → `score_exclusion_numerique`")
            || message.contains("`score_exclusion_numerique` → `part_non_autonomes`"),
        "{message}"
    );
}

#[test]
fn toml_typo_names_the_line() {
    let (_dir, manifest) = small_territory(1);
    edit(
        &manifest,
        "denominator = \"demandeurs\"",
        "denominateur = \"demandeurs\"",
    );
    assert_mentions(
        &check_fails(&manifest),
        &["territoire.toml: line", "unknown field `denominateur`"],
    );
}

#[test]
fn unknown_layer_in_report_lists_the_valid_ones() {
    let (_dir, manifest) = small_territory(1);
    let out = zonage(&["report", manifest.to_str().unwrap(), "--layer", "iris"]);
    assert_eq!(out.status.code(), Some(1));
    assert_mentions(
        &stderr(&out),
        &["unknown zone layer `iris` (valid: `qpv`, `communes`)"],
    );
}

#[test]
fn input_files_are_never_written() {
    let (dir, manifest) = small_territory(2);
    let snapshot = || -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
        let mut files: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                (
                    p.display().to_string(),
                    std::fs::read(&p).unwrap(),
                    p.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let before = snapshot();
    report(&manifest, "qpv", &["--format", "json"]);
    assert!(zonage(&["check", manifest.to_str().unwrap()])
        .status
        .success());
    assert!(before == snapshot(), "an input file changed");
}
