//! Writes a synthetic territory as files in the formats real data come in
//! (GeoJSON in WGS84 and in Lambert-93, CSV with `,` or `;`, decimal comma,
//! Windows-1252, BOM), plus the manifest that declares them.

use super::{generate_communes, generate_people, generate_services, Commune, Person, SynthParams};
use crate::crs::Crs;
use crate::indicators::Value;
use crate::progress::{thousands, Progress};
use crate::territory::Territory;
use geo::{MapCoords, Polygon};
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Generates a territory and writes it to `dir`; returns the manifest's path.
pub fn write_territory(
    params: &SynthParams,
    dir: &Path,
    progress: &Progress,
) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let step = progress.step("generating communes and QPVs");
    let communes = generate_communes(params);
    step.done(format!("{} communes", thousands(communes.len())));
    let step = progress.step("generating job-seekers and service places");
    let people = generate_people(&communes, params.seekers, params.seed);
    let services = generate_services(&communes, params.seed);
    step.done(format!("{} job-seekers", thousands(people.len())));
    let step = progress.step(format!("writing files to {}", dir.display()));
    let l93 = Crs::from_epsg(2154).expect("Lambert-93 is defined");
    write_communes(&dir.join("communes.geojson"), &communes, &l93)?;
    write_population(&dir.join("communes_population.csv"), &communes)?;
    write_qpvs(&dir.join("qpv_lambert93.geojson"), &communes)?;
    write_qpv_table(&dir.join("qpv_indicateurs.csv"), &communes)?;
    write_people(&dir.join("demandeurs.csv"), &people)?;
    write_places_csv(
        &dir.join("lieux_mediation.csv"),
        &services.mediation,
        &l93,
        "Espace numérique",
    )?;
    write_places_geojson(
        &dir.join("france_services.geojson"),
        &services.france_services,
        &l93,
    )?;
    write_places_csv(
        &dir.join("agences.csv"),
        &services.agences,
        &l93,
        "Agence France Travail",
    )?;
    let manifest = dir.join("territoire.toml");
    std::fs::write(&manifest, manifest_text(params))?;
    step.done("8 files and territoire.toml");
    Ok(manifest)
}

fn to_wgs84(p: &Polygon<f64>, l93: &Crs) -> Polygon<f64> {
    p.map_coords(|c| {
        let (x, y) = l93
            .to_wgs84(c.x, c.y)
            .expect("the territory lies inside Lambert-93's domain");
        geo::coord! { x: (x * 1e6).round() / 1e6, y: (y * 1e6).round() / 1e6 }
    })
}

fn feature_collection(
    out: &mut impl Write,
    crs: Option<&str>,
    features: impl Iterator<Item = geojson::Feature>,
) -> std::io::Result<()> {
    write!(out, "{{\"type\":\"FeatureCollection\",")?;
    if let Some(name) = crs {
        write!(
            out,
            "\"crs\":{{\"type\":\"name\",\"properties\":{{\"name\":\"{name}\"}}}},"
        )?;
    }
    write!(out, "\"features\":[")?;
    for (i, f) in features.enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &f)?;
    }
    writeln!(out, "\n]}}")
}

fn feature(geometry: geojson::Geometry, props: &[(&str, &str)]) -> geojson::Feature {
    let properties = props
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
        .collect();
    geojson::Feature {
        geometry: Some(geometry),
        properties: Some(properties),
        ..Default::default()
    }
}

fn write_communes(path: &Path, communes: &[Commune], l93: &Crs) -> std::io::Result<()> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    let features = communes.iter().map(|c| {
        feature(
            geojson::Geometry::from(&to_wgs84(&c.shape, l93)),
            &[("code", &c.code), ("nom", &c.name)],
        )
    });
    feature_collection(&mut out, None, features)?;
    out.flush()
}

fn write_qpvs(path: &Path, communes: &[Commune]) -> std::io::Result<()> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    let features = communes.iter().filter_map(|c| {
        let (code, name, shape) = c.qpv.as_ref()?;
        let rounded = shape.map_coords(|p| geo::coord! { x: p.x.round(), y: p.y.round() });
        Some(feature(
            geojson::Geometry::from(&rounded),
            &[("code_qp", code), ("nom_qp", name), ("commune_qp", &c.name)],
        ))
    });
    feature_collection(&mut out, Some("urn:ogc:def:crs:EPSG::2154"), features)?;
    out.flush()
}

/// Population table: one commune in 200 has no row and one code has no
/// commune, as after real commune mergers.
fn write_population(path: &Path, communes: &[Commune]) -> std::io::Result<()> {
    let mut text = String::from("code,nom,population\n");
    for (k, c) in communes.iter().enumerate().filter(|(k, _)| k % 200 != 199) {
        let _ = writeln!(
            text,
            "{},{},{}",
            c.code,
            c.name,
            c.population.max(k as u64 % 7 + 1)
        );
    }
    text.push_str("S99999,Commune fusionnée,1234\n");
    std::fs::write(path, text)
}

/// QPV table in Windows-1252 with `;` and decimal comma, as French exports are.
fn write_qpv_table(path: &Path, communes: &[Commune]) -> std::io::Result<()> {
    let mut text = String::from("code_qp;nom_qp;pop_mun;tp60\n");
    for c in communes {
        if let Some((code, name, _)) = &c.qpv {
            let poverty = 20.0 + (c.weight * 7.3) % 25.0;
            let _ = writeln!(
                text,
                "{code};{name};{};{}",
                (c.population / 4).max(1000),
                format!("{poverty:.1}").replace('.', ",")
            );
        }
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    std::fs::write(path, bytes)
}

fn write_people(path: &Path, people: &[Person]) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(out, "id,x,y,categorie,tranche_age,autonomie_numerique")?;
    for (i, p) in people.iter().enumerate() {
        let (x, y) = p.position.map_or((String::new(), String::new()), |[x, y]| {
            (format!("{x:.0}"), format!("{y:.0}"))
        });
        writeln!(
            out,
            "SYN{i:07},{x},{y},{},{},{}",
            p.categorie, p.tranche_age, p.autonomie_numerique
        )?;
    }
    out.flush()
}

/// Places as `;`-separated CSV with decimal comma in Windows-1252.
fn write_places_csv(
    path: &Path,
    places: &[[f64; 2]],
    l93: &Crs,
    kind: &str,
) -> std::io::Result<()> {
    let mut text = String::from("id;nom;latitude;longitude\n");
    for (i, &[x, y]) in places.iter().enumerate() {
        let (lon, lat) = l93.to_wgs84(x, y).expect("inside Lambert-93's domain");
        let comma = |v: f64| format!("{v:.6}").replace('.', ",");
        let _ = writeln!(text, "{i};{kind} n°{};{};{}", i + 1, comma(lat), comma(lon));
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    std::fs::write(path, bytes)
}

fn write_places_geojson(path: &Path, places: &[[f64; 2]], l93: &Crs) -> std::io::Result<()> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    let features = places.iter().enumerate().map(|(i, &[x, y])| {
        let (lon, lat) = l93.to_wgs84(x, y).expect("inside Lambert-93's domain");
        let name = format!("France services n°{}", i + 1);
        feature(
            geojson::Geometry::new_point([lon, lat]),
            &[("lib_fs", &name)],
        )
    });
    feature_collection(&mut out, None, features)?;
    out.flush()
}

fn manifest_text(p: &SynthParams) -> String {
    format!(
        "# Synthetic territory generated by `zonage generate` (seed {}, {} communes, {} job-seekers).\n{}",
        p.seed,
        p.communes,
        p.seekers,
        include_str!("manifest_template.toml")
    )
}

/// A short French summary of a loaded territory: the QPVs most exposed to digital exclusion.
pub fn demo_summary(t: &Territory) -> String {
    let mut s = String::new();
    let Some(rows) = crate::report::rows(t, "qpv") else {
        return s;
    };
    let score = |r: &crate::report::ZoneRow| {
        r.indicators
            .iter()
            .find(|(id, _)| *id == "score_exclusion_numerique")
            .and_then(|(_, v)| v.number())
    };
    let mut ranked: Vec<_> = rows.iter().filter(|r| score(r).is_some()).collect();
    ranked.sort_by(|a, b| score(b).unwrap_or(0.0).total_cmp(&score(a).unwrap_or(0.0)));
    let _ = writeln!(
        s,
        "\n{} — QPV les plus exposés à l’exclusion numérique\n",
        t.manifest.territory.name
    );
    let _ = writeln!(
        s,
        "{:<9} {:<28} {:>11} {:>14} {:>14} {:>6}",
        "code", "quartier", "demandeurs", "non autonomes", "distance (km)", "score"
    );
    for r in ranked.iter().take(10) {
        let cell = |id: &str, decimals: usize| match r
            .indicators
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, v)| *v)
        {
            Some(Value::Number(x)) => format!("{x:.decimals$}"),
            Some(Value::Secret) => "s".into(),
            _ => String::new(),
        };
        let _ = writeln!(
            s,
            "{:<9} {:<28} {:>11} {:>13}% {:>14} {:>6}",
            r.code,
            r.name,
            cell("demandeurs", 0),
            cell("part_non_autonomes", 1),
            cell("distance_numerique_km", 1),
            cell("score_exclusion_numerique", 0)
        );
    }
    s
}
