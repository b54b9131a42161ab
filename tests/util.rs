//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Output;
use zonage::manifest::Manifest;
use zonage::progress::Progress;
use zonage::synth::{write_territory, SynthParams};
use zonage::territory::Territory;

/// The reference data in `../shared/geodata`. Absent outside this project's
/// machines: the tests that need it are skipped there, but never under CI.
pub fn shared_geodata() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/geodata");
    if dir.join("README.md").exists() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have ../shared/geodata"
    );
    eprintln!("skipped: ../shared/geodata is not there");
    None
}

/// This repository's `geodata/` folder.
pub fn repo_geodata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata")
}

/// A small synthetic territory written to a fresh temporary folder.
pub fn small_territory(seed: u64) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let params = SynthParams {
        communes: 120,
        seekers: 12_000,
        seed,
    };
    let manifest =
        write_territory(&params, dir.path(), &Progress::hidden()).expect("generator writes");
    (dir, manifest)
}

/// Loads a manifest with its own folder as data directory.
pub fn load(manifest: &Path) -> Result<Territory, String> {
    let m = Manifest::load(manifest).map_err(|e| e.to_string())?;
    Territory::load(m, manifest.parent().unwrap(), &Progress::hidden()).map_err(|e| e.to_string())
}

/// Runs the `zonage` binary.
pub fn zonage(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_zonage"))
        .args(args)
        .output()
        .expect("the zonage binary runs")
}

/// Standard error of a run, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Replaces `from` by `to` in a file (the test's own copy).
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Runs `zonage report MANIFEST --layer LAYER` with extra arguments; asserts success.
pub fn report(manifest: &Path, layer: &str, extra: &[&str]) -> Output {
    let mut args = vec!["report", manifest.to_str().unwrap(), "--layer", layer];
    args.extend_from_slice(extra);
    let out = zonage(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

/// A reference manifest of `geodata/` (e.g. `occitanie.toml`) loaded over
/// `../shared/geodata`; `None` where the data are absent (not under CI).
pub fn reference_territory(manifest: &str) -> Option<Territory> {
    let data = shared_geodata()?;
    let manifest = Manifest::load(&repo_geodata().join(manifest)).unwrap();
    Some(Territory::load(manifest, &data, &Progress::hidden()).unwrap_or_else(|e| panic!("{e}")))
}

/// Runs a poppler tool (`pdfinfo`, `pdffonts`, `pdftotext`) on `file`, then
/// `after`; `None` when poppler-utils is not installed, outside CI
/// (`.ci/run` installs it).
pub fn poppler(tool: &str, file: &std::path::Path, after: &[&str]) -> Option<String> {
    match std::process::Command::new(tool)
        .arg(file)
        .args(after)
        .output()
    {
        Ok(o) => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        Err(_) if std::env::var_os("CI").is_none() => None,
        Err(e) => panic!("{tool}: {e} (poppler-utils is needed under CI)"),
    }
}

/// Removes the last row of a CSV file (a change of data, as a new monthly
/// extract would bring).
pub fn drop_last_row(path: &Path) {
    let text = std::fs::read_to_string(path).expect("a text file");
    let kept = text
        .trim_end()
        .rsplit_once('\n')
        .expect("two lines or more")
        .0;
    std::fs::write(path, format!("{kept}\n")).expect("written");
}
