//! Statistical secrecy on a generated territory: no small count shown, every
//! value built on a masked one masked too, masked values never 0.

use crate::util::{edit, load, poppler, small_territory, stderr, zonage};
use zonage::dossier::figures::value_text;
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

/// The dossier of a zone whose count of job-seekers not autonomous online
/// is masked writes "secret
/// statistique" for it, and nowhere the true figures (read from the same
/// territory loaded with a threshold of 1): not in the PDF's text, not in
/// the SVG slides' texts. PNG slides are drawn from the same scenes as SVG.
#[test]
fn a_masked_zone_s_dossier_writes_secret_never_its_figures() {
    let (dir, manifest) = small_territory(11);
    let t = load(&manifest).unwrap();
    let (z, i) = ["qpv", "communes"]
        .iter()
        .filter_map(|id| t.zone_layer(id))
        .find_map(|(z, layer)| {
            let masked = &t.indicators[z]["non_autonomes"];
            Some((z, (0..layer.len()).find(|&i| masked[i].is_secret())?))
        })
        .expect("a zone with a masked count");
    let (layer, code) = (t.zones[z].id.clone(), t.zones[z].codes[i].clone());
    edit(&manifest, "threshold = 11", "threshold = 1");
    let open = load(&manifest).unwrap();
    edit(&manifest, "threshold = 1", "threshold = 11");
    let truth: Vec<String> = ["demandeurs", "non_autonomes", "part_non_autonomes"]
        .iter()
        .filter_map(|id| {
            t.indicators[z][*id][i].is_secret().then_some(())?;
            let spec = open.manifest.indicator(id)?;
            let x = open.indicators[z][*id][i].number()?;
            Some(value_text(Value::Number(x), &spec.unit))
        })
        .collect();
    assert!(!truth.is_empty());
    let m = manifest.to_str().unwrap();
    let svg = dir.path().join("svg");
    let dossier = |format: &str, out: &std::path::Path| {
        let args = ["dossier", m, "--layer", &layer, "--zone", &code];
        let out = zonage(
            &[
                &args[..],
                &["--format", format, "-o", out.to_str().unwrap(), "-q"],
            ]
            .concat(),
        );
        assert!(out.status.success(), "{}", stderr(&out));
    };
    dossier("svg", &svg);
    let mut secret = 0;
    for entry in std::fs::read_dir(&svg).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for cell in svg_texts(&text) {
            secret += usize::from(cell == "secret statistique");
            let bare = cell.replace('\u{a0}', " ");
            for t in &truth {
                let unitless = t.split('\u{a0}').next().unwrap();
                assert!(
                    cell != *t && cell != unitless,
                    "true figure {t} written: {bare}"
                );
            }
        }
    }
    assert!(
        secret >= 3,
        "the zone's masked values read « secret statistique » ({secret})"
    );
    let pdf = dir.path().join("d.pdf");
    dossier("pdf", &pdf);
    if let Some(text) = poppler("pdftotext", &pdf, &["-"]) {
        assert!(text.matches("secret statistique").count() >= 3, "{text}");
    }
}

/// The contents of an SVG's `<text>` elements, entities decoded.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0))
        .map(|t| {
            t.replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
        })
        .collect()
}
