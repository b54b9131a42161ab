//! `zonage dossier` on a generated territory: the PDF, one PNG or SVG file
//! per slide, the same bytes twice, and clear errors.

use crate::util::{load, small_territory, stderr, zonage};
use tiny_skia::Pixmap;
use zonage::dossier::SLIDE_NAMES;

/// The commune with the most job-seekers: a zone with QPVs.
fn big_commune(manifest: &std::path::Path) -> (String, String) {
    let t = load(manifest).unwrap();
    let (z, communes) = t.zone_layer("communes").unwrap();
    let values = &t.indicators[z]["demandeurs"];
    let i = (0..communes.len())
        .max_by(|&a, &b| {
            let v = |k: usize| values[k].number().unwrap_or(0.0);
            v(a).total_cmp(&v(b))
        })
        .unwrap();
    (communes.codes[i].clone(), communes.names[i].clone())
}

#[test]
fn png_slides_are_1920_by_1080_and_svg_slides_keep_their_text() {
    let (dir, manifest) = small_territory(5);
    let (code, name) = big_commune(&manifest);
    let m = manifest.to_str().unwrap();
    for format in ["png", "svg"] {
        let out_dir = dir.path().join(format);
        let out = zonage(&[
            "dossier",
            m,
            "--layer",
            "communes",
            "--zone",
            &code,
            "--format",
            format,
            "-o",
            out_dir.to_str().unwrap(),
            "-q",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let mut files: Vec<String> = std::fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let expected: Vec<String> = SLIDE_NAMES
            .iter()
            .map(|n| format!("{n}.{format}"))
            .collect();
        assert_eq!(files, expected);
        let listed = String::from_utf8(out.stdout).unwrap();
        assert_eq!(listed.lines().count(), 7, "the paths written are listed");
        for file in &files {
            let bytes = std::fs::read(out_dir.join(file)).unwrap();
            if format == "png" {
                let png = Pixmap::decode_png(&bytes).unwrap();
                assert_eq!((png.width(), png.height()), (1920, 1080), "{file}");
            } else {
                let svg = String::from_utf8(bytes).unwrap();
                assert!(svg.contains("<text"), "{file} keeps its text as <text>");
            }
        }
    }
    let title = std::fs::read_to_string(dir.path().join("svg/01-titre.svg")).unwrap();
    let escaped = name.replace('&', "&amp;").replace('\'', "&#39;");
    assert!(
        title.contains(&format!(">{escaped}</text>")),
        "the zone's name is a text"
    );
}

#[test]
fn the_pdf_is_named_after_the_zone_and_the_same_twice() {
    let (dir, manifest) = small_territory(5);
    let (code, name) = big_commune(&manifest);
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_zonage"))
            .args([
                "dossier",
                manifest.to_str().unwrap(),
                "--layer",
                "communes",
                "--zone",
                &code,
                "-q",
            ])
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = run();
    assert!(out.status.success(), "{}", stderr(&out));
    let path = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let slug = zonage::typography::slug(&name);
    assert!(
        path.starts_with(&format!("dossier-{slug}")) && path.ends_with(".pdf"),
        "{path}"
    );
    let first = std::fs::read(dir.path().join(&path)).unwrap();
    assert!(first.starts_with(b"%PDF-"));
    assert!(first.len() < 2 << 20, "under 2 MB: {} bytes", first.len());
    assert!(run().status.success());
    assert_eq!(
        first,
        std::fs::read(dir.path().join(&path)).unwrap(),
        "same bytes"
    );
}

#[test]
fn a_wrong_layer_zone_or_indicator_is_named_with_what_is_valid() {
    let (_dir, manifest) = small_territory(5);
    let m = manifest.to_str().unwrap();
    let cases: [(&[&str], &str); 3] = [
        (&["--layer", "commune", "--zone", "x"], "--layer\u{a0}: couche inconnue «\u{a0}commune\u{a0}» (couches\u{a0}: qpv, communes"),
        (&["--layer", "communes", "--zone", "Atlantide"], "--zone\u{a0}: pas de zone «\u{a0}Atlantide\u{a0}» dans la couche communes"),
        (&["--layer", "qpv", "--zone", "QS00000", "--indicator", "chomage"], "--indicator\u{a0}: indicateur inconnu «\u{a0}chomage\u{a0}» (indicateurs\u{a0}: demandeurs"),
    ];
    for (args, expected) in cases {
        let mut all = vec!["dossier", m, "-q"];
        all.extend(args);
        let out = zonage(&all);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
    }
}

#[test]
fn every_text_of_a_dossier_follows_french_typography() {
    let (_dir, manifest) = small_territory(5);
    let t = load(&manifest).unwrap();
    let indicator = zonage::dossier::default_indicator(&t.manifest).unwrap();
    let mut checked = 0;
    for layer in ["communes", "qpv"] {
        let (z, zones) = t.zone_layer(layer).unwrap();
        for i in [0, zones.len() - 1] {
            let d = zonage::dossier::Dossier::new(&t, z, i, indicator);
            for scene in d.slides() {
                for item in &scene.items {
                    if let zonage::render::scene::Item::Text(text) = item {
                        let problems = zonage::typography::problems(&text.content);
                        assert!(problems.is_empty(), "{:?}: {problems:?}", text.content);
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 400, "{checked} texts");
}
