//! French typography in every French string the service sends: layer and
//! indicator labels and descriptions, legends, sheets, hotspots, search,
//! error messages, the OpenAPI descriptions and the texts of static maps
//! (the browser test walks the application's own texts). Checked with
//! `zonage::typography::problems`: no plain space before `%`, `:`, `;`,
//! `!`, `?` or a unit, no straight apostrophe between letters.

use super::hauts_de_france::hauts_de_france;
use super::helpers::{get_json, get_text, synthetic};
use actix_web::web;
use serde_json::Value as Json;
use zonage::server::state::AppState;
use zonage::typography::problems;

/// Every string inside a JSON answer, with where it was found.
fn strings(v: &Json, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        Json::String(s) => out.push((path.to_string(), s.clone())),
        Json::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, x)| strings(x, &format!("{path}[{i}]"), out)),
        Json::Object(map) => map
            .iter()
            .for_each(|(k, x)| strings(x, &format!("{path}.{k}"), out)),
        _ => {}
    }
}

/// Requests whose answers are French text (good ones and bad ones).
fn requests(s: &Json) -> Vec<String> {
    let layers: Vec<&str> = s["zone_layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    let indicators: Vec<&str> = s["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    let mut out = vec![
        "/api/layers".to_string(),
        "/api/search?q=sa".into(),
        "/api/openapi.json".into(),
    ];
    for l in &layers {
        out.push(format!("/api/hotspots?layer={l}&limit=3"));
        for i in &indicators {
            out.push(format!("/api/legend/{l}/{i}"));
        }
    }
    for bad in [
        "/api/zones/nowhere",
        "/api/zones/communes?sort=nothing",
        "/api/zones/communes?order=up",
        "/api/zones/communes?limit=x",
        "/api/zones/communes?format=xls",
        "/api/zones/communes?sep=tab",
        "/api/zones/communes?labels=maybe",
        "/api/lookup?lon=2",
        "/api/lookup?lon=500&lat=2",
        "/api/hotspots?sort=big",
        "/api/hotspots?min_size=-4",
        "/api/legend/communes/x",
        "/api/map/communes.png",
        "/api/map/communes.gif?indicator=demandeurs",
        "/api/map/communes.png?indicator=demandeurs&width=9",
        "/api/labels?layers=communes",
        "/api/labels?layers=x&zoom=3&bbox=0,0,1,1",
        "/api/search",
        "/tiles/communes/3/4/2.png?style=x",
        "/api/points/demandeurs",
        "/nowhere",
        "/api/zones/communes/nowhere",
    ] {
        out.push(bad.to_string());
    }
    out
}

async fn check_all(s: &web::Data<AppState>) {
    let (_, layers) = get_json(s, "/api/layers").await;
    let mut found = Vec::new();
    for uri in requests(&layers) {
        let (_, answer) = get_json(s, &uri).await;
        strings(&answer, &uri, &mut found);
    }
    let (_, first) = get_json(s, "/api/zones/communes?limit=1").await;
    let code = first["zones"][0]["code"].as_str().unwrap().to_string();
    let (_, sheet) = get_json(s, &format!("/api/zones/communes/{code}")).await;
    strings(&sheet["properties"], "sheet", &mut found);
    let (_, svg) = get_text(s, "/api/map/communes.svg?indicator=demandeurs&points=all").await;
    for text in svg
        .split("<text")
        .skip(1)
        .filter_map(|t| t.split_once('>')?.1.split_once("</text>").map(|x| x.0))
    {
        found.push((
            "map.svg".into(),
            text.replace("&amp;", "&").replace("&#39;", "'"),
        ));
    }
    let wrong: Vec<String> = found
        .iter()
        // Identifiers, codes and URLs are not prose; the OpenAPI schemas and
        // summaries come from the code's English doc comments.
        .filter(|(path, text)| {
            !path.ends_with(".id") && !text.starts_with('/') && !text.contains("://")
        })
        .filter(|(path, _)| {
            !path.contains("components.schemas")
                && !path.ends_with(".summary")
                && !path.ends_with(".get.description")
        })
        .flat_map(|(path, text)| {
            problems(text)
                .into_iter()
                .map(move |p| format!("{path}: {p}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} typography problems:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[actix_web::test]
async fn every_french_string_sent_follows_french_typography() {
    let (_dir, s) = synthetic();
    check_all(&s).await;
    if let Some(hdf) = hauts_de_france() {
        check_all(&hdf).await;
    }
}
