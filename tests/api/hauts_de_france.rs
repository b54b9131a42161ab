//! The HTTP service over the Hauts-de-France manifest: agency territories,
//! the QPV / outside-QPV parts in the sheet and the table, published series.

use super::helpers::{download, get_json, get_text, send, state};
use crate::util::{poppler, repo_geodata, shared_geodata};
use actix_web::{test, web};
use serde_json::Value as Json;
use std::sync::OnceLock;
use zonage::server::state::AppState;

pub fn hauts_de_france() -> Option<web::Data<AppState>> {
    static STATE: OnceLock<Option<web::Data<AppState>>> = OnceLock::new();
    STATE
        .get_or_init(|| {
            Some(state(
                repo_geodata().join("hauts-de-france.toml"),
                shared_geodata()?,
            ))
        })
        .clone()
}

fn indicator<'a>(sheet: &'a Json, id: &str) -> &'a Json {
    let list = sheet["properties"]["indicators"].as_array().unwrap();
    list.iter().find(|i| i["id"] == id).unwrap()
}

#[actix_web::test]
async fn the_carvin_sheet_gives_qpv_and_outside_parts_and_every_level_above() {
    let Some(s) = hauts_de_france() else { return };
    let (status, sheet) = get_json(&s, "/api/zones/agences/62590").await;
    assert_eq!(status, 200);
    assert_eq!(sheet["properties"]["name"], "Agence de Carvin");
    assert_eq!(sheet["properties"]["split_by"], "qpv");
    for id in ["demandeurs", "non_autonomes"] {
        let i = indicator(&sheet, id);
        let (inside, outside) = (
            &i["parts"]["inside"]["value"],
            &i["parts"]["outside"]["value"],
        );
        assert_eq!(
            inside.as_f64().unwrap() + outside.as_f64().unwrap(),
            i["value"].as_f64().unwrap(),
            "{id}"
        );
    }
    for id in ["part_non_autonomes", "distance_numerique_km"] {
        assert!(
            indicator(&sheet, id)["parts"]["inside"]["value"].is_number(),
            "{id}"
        );
    }
    let levels = sheet["properties"]["levels"].as_array().unwrap();
    assert_eq!(levels[0]["layer"], "departements");
    let children = sheet["properties"]["children"].as_array().unwrap();
    let of = |layer: &str| children.iter().filter(|c| c["layer"] == layer).count();
    assert!(of("communes") >= 10 && of("qpv") >= 3, "{children:?}");
}

#[actix_web::test]
async fn a_commune_sheet_compares_with_its_agency_departement_and_region() {
    let Some(s) = hauts_de_france() else { return };
    let (_, sheet) = get_json(&s, "/api/zones/communes/62215").await;
    let levels: Vec<&str> = sheet["properties"]["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["layer"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["agences", "departements", "region"]);
    let demandeurs = indicator(&sheet, "demandeurs");
    let values = demandeurs["levels"].as_array().unwrap();
    assert_eq!(values.len(), 3);
    // The region holds every job-seeker of the département.
    let (dep, region) = (
        values[1]["value"].as_f64().unwrap(),
        values[2]["value"].as_f64().unwrap(),
    );
    assert!(region > dep, "{region} > {dep}");
}

#[actix_web::test]
async fn the_table_carries_the_parts_as_columns() {
    let Some(s) = hauts_de_france() else { return };
    let (_, text) = get_text(&s, "/api/zones/agences?format=csv&sep=semicolon").await;
    let header = text.lines().next().unwrap();
    assert!(
        header.contains(";demandeurs;demandeurs_qpv;demandeurs_hors_qpv;"),
        "{header}"
    );
    let (_, json) = get_json(&s, "/api/zones/agences?q=carvin").await;
    assert!(json["zones"][0]["indicators"]["non_autonomes_qpv"]["value"].is_number());
}

#[actix_web::test]
async fn series_of_a_commune_and_why_an_agency_has_none() {
    let Some(s) = hauts_de_france() else { return };
    let (status, carvin) = get_json(&s, "/api/zones/communes/62215/series").await;
    assert_eq!(status, 200);
    let series = &carvin["series"][0];
    assert_eq!(series["public"], true);
    let points = series["points"].as_array().unwrap();
    assert_eq!(points.len(), 60);
    assert_eq!(points[0]["period"], "2020-01");
    assert_eq!(points[0]["value"], 1900.0);
    let (_, agency) = get_json(&s, "/api/zones/agences/62590/series").await;
    let why = agency["series"][0]["absent_because"].as_str().unwrap();
    assert!(why.contains("sans série publiée"), "{why}");
    let (_, csv) = send(
        &s,
        test::TestRequest::get().uri("/api/zones/communes/62215/series?format=csv"),
    )
    .await;
    let text = String::from_utf8(csv.to_vec()).unwrap();
    assert_eq!(
        text.lines().nth(1),
        Some("demandeurs_publies,2020-01,janvier 2020,1900")
    );
}

#[actix_web::test]
async fn a_commune_series_is_a_chart_for_a_slide() {
    let Some(s) = hauts_de_france() else { return };
    let (status, svg) = get_text(&s, "/api/zones/communes/62215/series?format=svg").await;
    assert_eq!(status, 200);
    for text in [
        "— Carvin</text>",
        ">2020</text>",
        ">2024</text>",
        "en personnes",
        "sans secret statistique",
    ] {
        assert!(svg.contains(text), "{text} missing");
    }
    // A zone without a series of its own still gets its chart, which says so.
    let (status, svg) = send(
        &s,
        test::TestRequest::get().uri("/api/zones/agences/62590/series?format=svg"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(String::from_utf8(svg.to_vec())
        .unwrap()
        .contains("Pas de valeur publiée"));
    let (status, pdf) = send(
        &s,
        test::TestRequest::get().uri("/api/zones/communes/62215/series?format=pdf"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF-"));
}

/// French figures as `pdftotext` gives them: no-break spaces as spaces.
fn plain(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
}

#[actix_web::test]
async fn the_carvin_dossier_is_seven_slides_with_the_apis_figures() {
    let Some(s) = hauts_de_france() else { return };
    let (status, disposition, pdf) = download(&s, "/api/dossier/agences/62590.pdf").await;
    assert_eq!(status, 200);
    assert_eq!(
        disposition.as_deref(),
        Some("attachment; filename=\"dossier-agence-de-carvin-decembre-2024.pdf\"")
    );
    let (_, again) = send(
        &s,
        test::TestRequest::get().uri("/api/dossier/agences/62590.pdf"),
    )
    .await;
    assert_eq!(pdf, again, "same request, same bytes");
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &pdf).unwrap();
    let Some(info) = poppler("pdfinfo", file.path(), &[]) else {
        return;
    };
    assert!(info.contains("Pages:           7"), "{info}");
    assert!(info.contains("Page size:       960 x 540 pts"), "{info}");
    let fonts = poppler("pdffonts", file.path(), &[]).unwrap();
    assert!(
        fonts.lines().skip(2).all(|r| r.contains(" yes yes yes ")),
        "{fonts}"
    );
    let text = plain(&poppler("pdftotext", file.path(), &["-"]).unwrap());
    for expected in [
        "Agence de Carvin",
        "décembre 2024",
        "Document de travail",
        "Chiffres clés",
        "Où agir",
        "Lieux d’aide",
        "Évolution",
        "Méthode",
    ] {
        assert!(text.contains(expected), "{expected} missing");
    }
    // Every key figure of the sheet is in the dossier, written as the
    // sheet's value, and so are its QPV and outside-QPV parts.
    let (_, sheet) = get_json(&s, "/api/zones/agences/62590").await;
    let key = [
        "demandeurs",
        "non_autonomes",
        "part_non_autonomes",
        "distance_numerique_km",
        "score_exclusion_numerique",
    ];
    let mut checked = 0;
    for id in key {
        let v = indicator(&sheet, id);
        let parts = ["inside", "outside"].map(|p| v["parts"][p]["value"].as_f64());
        for x in std::iter::once(v["value"].as_f64()).chain(parts).flatten() {
            let shown =
                zonage::dossier::figures::value_text(zonage::indicators::Value::Number(x), "");
            assert!(text.contains(&plain(&shown)), "{id} = {shown} missing");
            checked += 1;
        }
    }
    assert!(checked >= 13, "values and parts: {checked}");
    // The agency's figures are all published: nothing reads secret.
    assert!(text.contains("aucune valeur n’est masquée"), "{text}");
    assert!(poppler(
        "pdftoppm",
        file.path(),
        &[
            "-r",
            "20",
            "-png",
            &file.path().with_extension("p").display().to_string()
        ]
    )
    .is_some());
}

/// Regression: with a region layer above the départements, static maps drew
/// the region's single outline heavy instead of the départements'.
#[actix_web::test]
async fn static_maps_draw_the_departements_heavy_not_the_region() {
    let Some(s) = hauts_de_france() else { return };
    let uri = "/api/map/communes.svg?indicator=demandeurs&width=800&height=450";
    let (status, svg) = get_text(&s, uri).await;
    assert_eq!(status, 200);
    // Zone outlines in the heavy grey (legend swatches are <rect>s, the
    // hatching's tile a short path).
    let heavy = svg
        .lines()
        .filter(|l| l.starts_with("<path") && l.contains(r##"stroke="#616161""##) && l.len() > 200)
        .count();
    assert_eq!(
        heavy, 5,
        "one heavy outline per département of Hauts-de-France"
    );
}
