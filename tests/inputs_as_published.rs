//! Inputs as territories publish them (found loading the Métropole de Lille
//! and Rennes from the README alone): French figures, attributes in the
//! zone file, a misspelt filter value, QPVs listing their communes, layers
//! built from other layers. One small territory written by hand.

use crate::util::{load, stderr, zonage};
use std::path::{Path, PathBuf};

/// Three square communes side by side (1° each) and one QPV over the first
/// two, slightly overlapping the second (as QPV and commune files of
/// different precision do).
const COMMUNES: &str = r#"{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"code": "00001", "nom": "Aval", "pop": "6 206", "epci": "E1"},
  "geometry": {"type": "Polygon", "coordinates": [[[0,45],[1,45],[1,46],[0,46],[0,45]]]}},
 {"type": "Feature", "properties": {"code": "00002", "nom": "Bourg", "pop": "1 318 ", "epci": "E1"},
  "geometry": {"type": "Polygon", "coordinates": [[[1,45],[2,45],[2,46],[1,46],[1,45]]]}},
 {"type": "Feature", "properties": {"code": "00003", "nom": "Cieux", "pop": "n.d.", "epci": "E2"},
  "geometry": {"type": "Polygon", "coordinates": [[[2,45],[3,45],[3,46],[2,46],[2,45]]]}}]}"#;

const QPV: &str = r#"{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"code_qp": "QN00001M", "lib_qp": "Les Prés", "insee_communes": "00001|00002"},
  "geometry": {"type": "Polygon", "coordinates": [[[0.2,45.2],[1.002,45.2],[1.002,45.8],[0.2,45.8],[0.2,45.2]]]}}]}"#;

fn seekers() -> String {
    let mut csv = String::from("lon,lat,autonomie\n");
    for k in 0..300 {
        let lon = 0.05 + (k % 30) as f64 * 0.098;
        let lat = 45.05 + (k / 30) as f64 * 0.09;
        let autonomy = if k % 4 == 0 { "eloigne" } else { "autonome" };
        csv.push_str(&format!("{lon},{lat},{autonomy}\n"));
    }
    csv
}

const MANIFEST: &str = r#"
[territory]
name = "Essai"
split_by = "qpv"

[[zones]]
id = "qpv"
file = "qpv.geojson"
code = "code_qp"
name = "lib_qp"
parent = "communes"
parents_from = "insee_communes"

[[zones]]
id = "communes"
file = "communes.geojson"
code = "code"
name = "nom"
parent = "epci"
fields = { pop = "population_fichier" }

[[zones.attributes]]
file = "population.csv"
key = "code"
columns = { population = "population" }
delimiter = ";"

[[zones]]
id = "epci"
derive = { from = "communes", attribute = "epci" }

[[points]]
id = "demandeurs"
file = "demandeurs.csv"
lon = "lon"
lat = "lat"
private = true

[[indicators]]
id = "demandeurs"
label = "Demandeurs"
kind = "count"
points = "demandeurs"

[[indicators]]
id = "eloignes"
label = "Éloignés du numérique"
kind = "count"
points = "demandeurs"
filter = { column = "autonomie", in = ["eloigne", "eloignes"] }
"#;

/// Writes the territory to a fresh folder; `edit` changes the manifest.
fn territory(edit: impl Fn(&str) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("communes.geojson", COMMUNES);
    write("qpv.geojson", QPV);
    write("demandeurs.csv", &seekers());
    write(
        "population.csv",
        "code;population\n00001;6\u{202f}206\n00002;1\u{a0}318 \n00003;12,5x\n",
    );
    write("territoire.toml", &edit(MANIFEST));
    let manifest = dir.path().join("territoire.toml");
    (dir, manifest)
}

fn attribute(t: &zonage::territory::Territory, name: &str) -> Vec<Option<f64>> {
    t.zone_layer("communes").unwrap().1.attributes[name].clone()
}

#[test]
fn french_figures_are_read_and_unreadable_cells_named() {
    let (_dir, manifest) = territory(str::to_string);
    let t = load(&manifest).unwrap();
    assert_eq!(
        attribute(&t, "population"),
        [Some(6206.0), Some(1318.0), None]
    );
    let warning = t
        .quality
        .warnings
        .iter()
        .find(|w| w.contains("population.csv are not numbers"))
        .expect("a warning");
    assert!(
        warning.contains("line 4, column `population`: `12,5x`"),
        "{warning}"
    );
}

#[test]
fn zone_attributes_come_from_the_zone_file() {
    let (_dir, manifest) = territory(str::to_string);
    let t = load(&manifest).unwrap();
    assert_eq!(
        attribute(&t, "population_fichier"),
        [Some(6206.0), Some(1318.0), None]
    );
    let warning = t
        .quality
        .warnings
        .iter()
        .find(|w| w.contains("`n.d.`"))
        .expect("the unreadable property is named");
    assert!(warning.contains("feature 2, column `pop`"), "{warning}");
}

#[test]
fn a_filter_value_matching_no_row_is_a_warning_naming_the_values() {
    let (_dir, manifest) = territory(str::to_string);
    let t = load(&manifest).unwrap();
    let warning = t
        .quality
        .warnings
        .iter()
        .find(|w| w.contains("matches no row"))
        .expect("a warning");
    assert!(
        warning.contains("`eloignes`") && warning.contains("autonome, eloigne"),
        "{warning}"
    );
}

#[test]
fn listed_parents_are_kept_however_small_their_share() {
    let (_dir, manifest) = territory(str::to_string);
    let t = load(&manifest).unwrap();
    let (q, _) = t.zone_layer("qpv").unwrap();
    let parents = &t.parents[q].as_ref().unwrap()[0];
    let codes: Vec<&str> = parents.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(
        codes,
        ["00001", "00002"],
        "Bourg holds 0.25 % of the QPV: listed, so kept"
    );
    let total: f64 = parents.iter().map(|p| p.share).sum();
    assert!((total - 1.0).abs() < 1e-3, "{total}");
}

#[test]
fn layers_grouped_by_attribute_sum_their_members() {
    let (_dir, manifest) = territory(str::to_string);
    let t = load(&manifest).unwrap();
    let (e, epci) = t.zone_layer("epci").unwrap();
    let (c, _) = t.zone_layer("communes").unwrap();
    assert_eq!(epci.codes, ["E1", "E2"]);
    let count = |z: usize, i: usize| t.indicators[z]["demandeurs"][i].number().unwrap();
    assert_eq!(count(e, 0), count(c, 0) + count(c, 1));
    assert_eq!(
        attribute(&t, "population")[..2]
            .iter()
            .flatten()
            .sum::<f64>(),
        epci.attributes["population"][0].unwrap()
    );
    // The communes' parents are their EPCI, whole.
    assert_eq!(t.parents[c].as_ref().unwrap()[1][0].code, "E1");
    assert_eq!(t.parents[c].as_ref().unwrap()[1][0].share, 1.0);
}

#[test]
fn qpv_and_outside_parts_add_up_in_every_zone() {
    let (_dir, manifest) = territory(str::to_string);
    let t = load(&manifest).unwrap();
    for id in ["communes", "epci"] {
        let (z, zones) = t.zone_layer(id).unwrap();
        let split = t.splits[z].as_ref().unwrap();
        for i in 0..zones.len() {
            let [inside, outside] = split.parts("demandeurs", i).unwrap();
            let total = t.indicators[z]["demandeurs"][i];
            if let (Some(a), Some(b), Some(n)) =
                (inside.1.number(), outside.1.number(), total.number())
            {
                assert_eq!(a + b, n, "{id} {}", zones.codes[i]);
            }
        }
    }
}

#[test]
fn a_header_read_with_the_wrong_separator_says_so() {
    let (_dir, manifest) = territory(|m| m.replace("delimiter = \";\"\n", ""));
    let message = load(&manifest).err().expect("an error");
    assert!(
        message.contains("`;`-separated") && message.contains("delimiter"),
        "{message}"
    );
}

#[test]
fn a_missing_file_names_the_entry_the_folder_and_the_option() {
    let (dir, manifest) = territory(str::to_string);
    std::fs::remove_file(dir.path().join("demandeurs.csv")).unwrap();
    let out = zonage(&[
        "check",
        manifest.to_str().unwrap(),
        "--data",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(
        message.contains("[[points]] `demandeurs`") && message.contains("--data"),
        "{message}"
    );
    assert!(
        message.contains(&dir.path().display().to_string()),
        "{message}"
    );
}

#[test]
fn report_writes_the_french_csv_dialect() {
    let (_dir, manifest) = territory(str::to_string);
    let out = crate::util::report(Path::new(&manifest), "communes", &["--sep", "semicolon"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.starts_with("code;nom;parents;demandeurs;demandeurs_qpv;demandeurs_hors_qpv"),
        "{header}"
    );
}

#[test]
fn a_derived_layer_takes_no_file_and_may_join_a_table() {
    let (_dir, manifest) = territory(|m| {
        m.replace(
            "derive = { from = \"communes\", attribute = \"epci\" }",
            "derive = { from = \"communes\", attribute = \"epci\" }\nfile = \"epci.geojson\"",
        )
    });
    let message = load(&manifest).err().expect("an error");
    assert!(
        message.contains("is derived") && message.contains("file"),
        "{message}"
    );
    let (dir, manifest) = territory(|m| {
        m.replace(
            "derive = { from = \"communes\", attribute = \"epci\" }",
            "derive = { from = \"communes\", attribute = \"epci\" }\n\n[[zones.attributes]]\nfile = \"epci.csv\"\nkey = \"siren\"\ncolumns = { emplois = \"emplois\" }",
        )
    });
    std::fs::write(
        dir.path().join("epci.csv"),
        "siren,emplois\nE1,1 200\nE2,310\n",
    )
    .unwrap();
    let t = load(&manifest).unwrap();
    let (_, epci) = t.zone_layer("epci").unwrap();
    assert_eq!(epci.attributes["emplois"], [Some(1200.0), Some(310.0)]);
}

#[test]
fn groups_around_the_nearest_point_and_a_filter_matching_nothing_is_said() {
    let with_agencies = |filter: &str| {
        let filter = filter.to_string();
        move |m: &str| {
            format!(
                "{m}\n[[points]]\nid = \"agences\"\nfile = \"agences.csv\"\nlon = \"lon\"\nlat = \"lat\"\nname = \"nom\"\n"
            )
            .replace(
                "[[points]]\nid = \"demandeurs\"",
                &format!("[[zones]]\nid = \"territoires\"\nderive = {{ from = \"communes\", nearest = \"agences\", code = \"code\", name = \"Agence de {{ville}}\", filter = {{ column = \"dep\", in = [{filter}] }} }}\n\n[[points]]\nid = \"demandeurs\""),
            )
        }
    };
    let agencies =
        "code,nom,ville,dep,lon,lat\nA1,FT Aval,AVAL,00,0.5,45.5\nA2,FT Cieux,CIEUX,00,2.5,45.5\n";
    let (dir, manifest) = territory(with_agencies("\"00\""));
    std::fs::write(dir.path().join("agences.csv"), agencies).unwrap();
    let t = load(&manifest).unwrap();
    let (_, territories) = t.zone_layer("territoires").unwrap();
    assert_eq!(territories.names, ["Agence de Aval", "Agence de Cieux"]);
    let (dir, manifest) = territory(with_agencies("\"99\""));
    std::fs::write(dir.path().join("agences.csv"), agencies).unwrap();
    let t = load(&manifest).unwrap();
    let said =
        t.quality.warnings.iter().any(|w| {
            w.contains("`99` of `dep` matches no row") && w.contains("values present: 00")
        });
    assert!(said, "{:#?}", t.quality.warnings);
}
