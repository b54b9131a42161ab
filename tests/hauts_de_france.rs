//! The Hauts-de-France manifest over ../shared/geodata: QPV 2024, agency
//! territories and départements built from the communes, the QPV /
//! outside-QPV split and the published series.

use crate::util::{reference_territory, shared_geodata};
use geo::{Area, BoundingRect, Coord, InteriorPoint};
use std::collections::HashMap;
use std::sync::OnceLock;
use zonage::geometry::locate;
use zonage::indicators::Value;
use zonage::territory::Territory;

/// Loaded once for all tests of this module.
pub fn hauts_de_france() -> Option<&'static Territory> {
    static TERRITORY: OnceLock<Option<Territory>> = OnceLock::new();
    TERRITORY
        .get_or_init(|| reference_territory("hauts-de-france.toml"))
        .as_ref()
}

fn layer(t: &Territory, id: &str) -> usize {
    t.zone_layer(id).unwrap().0
}

fn number(v: Value) -> f64 {
    v.number()
        .unwrap_or_else(|| panic!("expected a number, got {v:?}"))
}

#[test]
fn each_agency_territory_counts_exactly_its_communes_job_seekers() {
    let Some(t) = hauts_de_france() else { return };
    let (a, c) = (layer(t, "agences"), layer(t, "communes"));
    let (_, grouping) = t.groupings[a].as_ref().unwrap();
    let (p, seekers) = t.point_layer("demandeurs").unwrap();
    // 91 agencies: one without a code (a regional office), three nearest to no commune.
    assert_eq!(t.zones[a].len(), 87);
    let mut sums = vec![0usize; t.zones[a].len()];
    for (commune, group) in grouping.member_of.iter().enumerate() {
        sums[group.expect("every commune has an agency")] += t.memberships[c][p].of(commune).len();
    }
    for (g, sum) in sums.iter().enumerate() {
        assert_eq!(
            t.memberships[a][p].of(g).len(),
            *sum,
            "{}",
            t.zones[a].names[g]
        );
    }
    let in_region = seekers.len() - t.memberships[c][p].outside;
    assert_eq!(sums.iter().sum::<usize>(), in_region);
    assert_eq!(t.memberships[a][p].outside, t.memberships[c][p].outside);
}

#[test]
fn derived_geometry_is_the_union_of_the_members() {
    let Some(t) = hauts_de_france() else { return };
    let c = layer(t, "communes");
    for id in ["agences", "departements", "region"] {
        let d = layer(t, id);
        let (_, grouping) = t.groupings[d].as_ref().unwrap();
        for (g, members) in grouping.members().iter().enumerate() {
            // Areas in degrees², the same measure on both sides of the ratio
            // (geo's Chamberlain–Duquette area of a large union drifts by a
            // few tenths of a percent where planar and GEOS areas agree).
            let union = t.zones[d].shapes[g].unsigned_area();
            let sum: f64 = members
                .iter()
                .map(|&m| t.zones[c].shapes[m].unsigned_area())
                .sum();
            let code = &t.zones[d].codes[g];
            assert!(
                (union / sum - 1.0).abs() < 0.001,
                "{id} {code}: union {union}, members {sum}"
            );
            for &m in members {
                let inner = t.zones[c].shapes[m].interior_point().unwrap();
                let at = Coord {
                    x: inner.x(),
                    y: inner.y(),
                };
                assert!(
                    locate(&t.zones[d].shapes[g], at).counts(),
                    "{} not in {}",
                    t.zones[c].codes[m],
                    t.zones[d].codes[g]
                );
            }
        }
    }
}

/// Derived outlines are not checked at load (unions are valid by
/// construction): this test checks that they are.
#[test]
fn derived_outlines_are_valid() {
    let Some(t) = hauts_de_france() else { return };
    for id in ["agences", "departements", "region"] {
        let d = layer(t, id);
        for (g, shape) in t.zones[d].shapes.iter().enumerate() {
            let reason = zonage::geometry::validity::invalidity(shape);
            assert!(reason.is_none(), "{id} {}: {reason:?}", t.zones[d].codes[g]);
        }
    }
}

#[test]
fn departements_are_named_and_hold_their_communes() {
    let Some(t) = hauts_de_france() else { return };
    let d = layer(t, "departements");
    let names: Vec<&str> = t.zones[d].names.iter().map(String::as_str).collect();
    assert_eq!(names, ["Aisne", "Nord", "Oise", "Pas-de-Calais", "Somme"]);
}

#[test]
fn carvin_parts_add_up_to_the_totals() {
    let Some(t) = hauts_de_france() else { return };
    let a = layer(t, "agences");
    let i = t.zones[a]
        .index_of("62590")
        .expect("the Carvin agency heads a territory");
    assert_eq!(t.zones[a].names[i], "Agence de Carvin");
    let split = t.splits[a].as_ref().unwrap();
    for id in ["demandeurs", "non_autonomes"] {
        let [inside, outside] = split.parts(id, i).unwrap();
        let total = number(t.indicators[a][id][i]);
        assert!(number(inside.1) > 0.0, "{id}: Carvin has QPVs");
        assert_eq!(number(inside.1) + number(outside.1), total, "{id}");
    }
    for id in ["part_non_autonomes", "distance_numerique_km"] {
        let [inside, outside] = split.parts(id, i).unwrap();
        assert!(
            inside.1.number().is_some() && outside.1.number().is_some(),
            "{id}"
        );
    }
    let [inside, _] = split.parts("part_non_autonomes", i).unwrap();
    let [n, d] = [
        split.inside["non_autonomes"][i],
        split.inside["demandeurs"][i],
    ]
    .map(number);
    assert!(
        (number(inside.1) - 100.0 * n / d).abs() <= 0.05,
        "a part's ratio is recomputed from its own counts (one decimal)"
    );
}

#[test]
fn a_masked_part_never_leaves_its_complement_visible() {
    let Some(t) = hauts_de_france() else { return };
    for (z, split) in t.splits.iter().enumerate() {
        let Some(split) = split else { continue };
        for i in 0..t.zones[z].len() {
            // Counts and their ratios: a median of a few people masked on one
            // side cannot be recovered from the other side's median.
            let counted = split.ids.iter().filter(|id| {
                !matches!(
                    t.manifest.indicator(id).unwrap().kind,
                    zonage::manifest::IndicatorKind::Distance { .. }
                )
            });
            for id in counted {
                let [inside, outside] = split.parts(id, i).unwrap();
                if t.indicators[z][id.as_str()][i].is_secret() {
                    assert!(
                        inside.1.is_secret(),
                        "{} {} {id}: parts add up to a masked total",
                        t.zones[z].id,
                        t.zones[z].codes[i]
                    );
                }
                assert_eq!(
                    inside.1.is_secret(),
                    outside.1.is_secret(),
                    "{} {} {id}",
                    t.zones[z].id,
                    t.zones[z].codes[i]
                );
            }
        }
    }
}

/// Brute force: every point against every QPV's full geometry, then kept
/// only when its commune (also by brute force) is one the QPV lists.
#[test]
fn per_qpv_counts_agree_with_brute_force() {
    let Some(t) = hauts_de_france() else { return };
    let (q, c) = (layer(t, "qpv"), layer(t, "communes"));
    let (p, seekers) = t.point_layer("demandeurs").unwrap();
    let boxes = |z: usize| -> Vec<geo::Rect<f64>> {
        t.zones[z]
            .shapes
            .iter()
            .map(|s| s.bounding_rect().unwrap())
            .collect()
    };
    let (qpv_boxes, commune_boxes) = (boxes(q), boxes(c));
    let inside = |z: usize, rect: &geo::Rect<f64>, k: usize, at: Coord<f64>| {
        rect.min().x <= at.x
            && at.x <= rect.max().x
            && rect.min().y <= at.y
            && at.y <= rect.max().y
            && locate(&t.zones[z].shapes[k], at).counts()
    };
    let listed: Vec<Vec<&str>> = t.zones[q].properties["insee_communes"]
        .iter()
        .map(|l| l.as_deref().unwrap().split('|').collect())
        .collect();
    let mut counts = vec![0usize; t.zones[q].len()];
    for &[x, y] in &seekers.coords {
        let at = Coord { x, y };
        for (k, rect) in qpv_boxes.iter().enumerate() {
            if !inside(q, rect, k, at) {
                continue;
            }
            let commune = commune_boxes
                .iter()
                .enumerate()
                .find(|(m, r)| inside(c, r, *m, at));
            if commune.is_some_and(|(m, _)| listed[k].contains(&t.zones[c].codes[m].as_str())) {
                counts[k] += 1;
            }
        }
    }
    for (k, &n) in counts.iter().enumerate() {
        assert_eq!(
            t.memberships[q][p].of(k).len(),
            n,
            "{}",
            t.zones[q].codes[k]
        );
    }
    assert!(counts.iter().sum::<usize>() > 150_000);
}

#[test]
fn multi_commune_qpvs_have_every_listed_commune_as_parent() {
    let Some(t) = hauts_de_france() else { return };
    let q = layer(t, "qpv");
    let parents = t.parents[q].as_ref().unwrap();
    let mut multi = 0;
    for (k, list) in t.zones[q].properties["insee_communes"].iter().enumerate() {
        let codes: Vec<&str> = list.as_deref().unwrap().split('|').collect();
        let mut found: Vec<&str> = parents[k].iter().map(|p| p.code.as_str()).collect();
        found.sort_unstable();
        let mut listed = codes.clone();
        listed.sort_unstable();
        assert_eq!(found, listed, "{}", t.zones[q].codes[k]);
        let total: f64 = parents[k].iter().map(|p| p.share).sum();
        assert!(
            (total - 1.0).abs() <= 0.005,
            "{}: shares add up to {total}",
            t.zones[q].codes[k]
        );
        multi += (codes.len() > 1) as usize;
    }
    assert_eq!(multi, 55, "QPVs of the region spanning 2 to 5 communes");
}

/// The series file, read here on its own: code → period → value.
fn published(codes: &[&str]) -> HashMap<String, Vec<(String, f64)>> {
    let path = shared_geodata()
        .unwrap()
        .join("france/demandeurs_emploi_communes_2020_2024.csv");
    let mut out: HashMap<String, Vec<(String, f64)>> = HashMap::new();
    for row in csv::Reader::from_path(path).unwrap().records() {
        let row = row.unwrap();
        if codes.contains(&&row[0]) {
            out.entry(row[0].to_string())
                .or_default()
                .push((row[1].to_string(), row[2].parse().unwrap()));
        }
    }
    out
}

#[test]
fn commune_series_equal_the_published_rows_and_their_change() {
    let Some(t) = hauts_de_france() else { return };
    let codes = ["62215", "59512", "02691", "80021", "59350"];
    let rows = published(&codes);
    let c = layer(t, "communes");
    let table = &t.series[0];
    for code in codes {
        let i = t.zones[c].index_of(code).unwrap();
        let values = table.of(c, i).unwrap();
        let expected = &rows[code];
        assert_eq!(expected.len(), 60, "{code}");
        for (period, value) in expected {
            let (y, m) = zonage::manifest::dates::parse_period(period).unwrap();
            let k = table.periods.iter().position(|&p| p == (y, m)).unwrap();
            assert_eq!(values[k], Some(*value), "{code} {period}");
        }
        let dec = |year: &str| {
            expected
                .iter()
                .find(|(p, _)| p == &format!("decembre_{year}"))
                .unwrap()
                .1
        };
        let change = number(t.indicators[c]["evolution_demandeurs_12_mois"][i]);
        assert_eq!(change, dec("2024") - dec("2023"), "{code}");
        let pct = number(t.indicators[c]["evolution_demandeurs_12_mois_pct"][i]);
        assert!(
            (pct - 100.0 * (dec("2024") - dec("2023")) / dec("2023")).abs() <= 5e-7,
            "{code}"
        );
    }
}

#[test]
fn departement_series_are_their_own_published_rows() {
    let Some(t) = hauts_de_france() else { return };
    let d = layer(t, "departements");
    let rows = published(&["59"]);
    let i = t.zones[d].index_of("59").unwrap();
    let latest = rows["59"]
        .iter()
        .find(|(p, _)| p == "decembre_2024")
        .unwrap()
        .1;
    assert_eq!(
        t.indicators[d]["demandeurs_publies"][i],
        Value::Number(latest)
    );
}

#[test]
fn long_term_registration_is_measured_at_the_reference_date() {
    let Some(t) = hauts_de_france() else { return };
    let d = layer(t, "departements");
    for i in 0..t.zones[d].len() {
        let share = number(t.indicators[d]["part_longue_duree"][i]);
        // Registration dates run over 2020–2022; at the end of 2022, two
        // years in three are more than 12 months old.
        assert!(
            (60.0..=72.0).contains(&share),
            "{}: {share}",
            t.zones[d].names[i]
        );
    }
}

/// `zonage check` over the national QPV 2024 file: every zone kept, each
/// invalid outline named with its reason in the text report.
#[test]
fn the_national_qpv_file_gets_an_honest_check() {
    let Some(data) = shared_geodata() else { return };
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("france.toml");
    let text = "[territory]\nname = \"France\"\n\n[[zones]]\nid = \"qpv\"\nfile = \"france/qpv_2024.geojson\"\ncode = \"code_qp\"\nname = \"lib_qp\"\n";
    std::fs::write(&manifest, text).unwrap();
    let out = crate::util::zonage(&[
        "check",
        manifest.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "-q",
    ]);
    assert!(out.status.success(), "{}", crate::util::stderr(&out));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("zones kept           1584"), "{report}");
    assert!(report.contains("invalid geometries   586"), "{report}");
    let reasons = report
        .lines()
        .filter(|l| l.starts_with("    QN") && (l.contains("intersection") || l.contains("touch")))
        .count();
    assert_eq!(reasons, 586, "self-intersections and touching parts");
}

/// An agency territory or a département minus its shown communes never gives
/// back a masked commune: in every group, the masked members' people add up
/// to 0 or to the threshold at least, for every count and both QPV parts.
#[test]
fn no_group_minus_its_shown_members_gives_a_masked_count_back() {
    let Some(t) = hauts_de_france() else { return };
    let counts = zonage::suppression::private_counts(&t.manifest, &t.points);
    let threshold = t.manifest.secrecy.threshold as usize;
    let q = layer(t, "qpv");
    for (z, g) in t.groupings.iter().enumerate() {
        let Some((base, grouping)) = g else { continue };
        for c in &counts {
            let mb = &t.memberships[*base][c.layer];
            let in_qpv: std::collections::HashSet<u32> =
                t.memberships[q][c.layer].points.iter().copied().collect();
            let sides = [
                (
                    zonage::suppression::people(mb, c, |_| true),
                    &t.indicators[*base][c.id],
                ),
                (
                    zonage::suppression::people(mb, c, |p| in_qpv.contains(&p)),
                    &t.splits[*base].as_ref().unwrap().inside[c.id],
                ),
                (
                    zonage::suppression::people(mb, c, |p| !in_qpv.contains(&p)),
                    &t.splits[*base].as_ref().unwrap().outside[c.id],
                ),
            ];
            let split = t.splits[z].as_ref().unwrap();
            let group_values = [
                &t.indicators[z][c.id],
                &split.inside[c.id],
                &split.outside[c.id],
            ];
            for (side, (people, values)) in sides.iter().enumerate() {
                for (g, members) in grouping.members().iter().enumerate() {
                    if group_values[side][g].is_secret() {
                        continue; // nothing to subtract from
                    }
                    let hidden: usize = members
                        .iter()
                        .filter(|&&m| values[m].is_secret())
                        .map(|&m| people[m])
                        .sum();
                    let shown: Vec<usize> = members
                        .iter()
                        .filter(|&&m| !values[m].is_secret())
                        .map(|&m| people[m])
                        .filter(|&n| n > 0)
                        .collect();
                    assert!(
                        hidden == 0 || hidden >= threshold,
                        "{} side {side} group {}: hidden {hidden}, shown {shown:?}",
                        c.id,
                        grouping.codes[g]
                    );
                }
            }
        }
    }
}

/// Every ratio resting on a masked count is masked, whatever masked it (a
/// commune masked by the group rule keeps no rate per inhabitant that would
/// give its count back with its public population).
#[test]
fn no_ratio_survives_its_masked_count() {
    let Some(t) = hauts_de_france() else { return };
    for (z, table) in t.indicators.iter().enumerate() {
        for ind in &t.manifest.indicators {
            let zonage::manifest::IndicatorKind::Ratio { numerator, .. } = &ind.kind else {
                continue;
            };
            for (i, v) in table[&ind.id].iter().enumerate() {
                if table[numerator][i].is_secret() {
                    assert!(
                        v.is_secret(),
                        "{} {} {}",
                        t.zones[z].id,
                        t.zones[z].codes[i],
                        ind.id
                    );
                }
            }
        }
    }
}

/// The sweep that proves most outlines valid before `geo` is asked
/// (`geometry::validity`) reaches `geo`'s verdict on every QPV and commune
/// of the region (89 invalid QPVs).
#[test]
fn the_validity_sweep_agrees_with_geo_on_the_region() {
    use geo::Validation;
    let Some(t) = hauts_de_france() else { return };
    let mut invalid = 0;
    for id in ["qpv", "communes"] {
        let d = layer(t, id);
        for (i, shape) in t.zones[d].shapes.iter().enumerate() {
            let ours = zonage::geometry::validity::invalidity(shape).is_some();
            let geo = !shape.validation_errors().is_empty();
            assert_eq!(ours, geo, "{id} {}", t.zones[d].codes[i]);
            invalid += usize::from(ours);
        }
    }
    assert!(invalid >= 89, "{invalid}");
}
