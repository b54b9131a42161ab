//! The secrecy attacker: from every published figure of a territory (each
//! layer's indicators, their QPV and outside-QPV parts, as the API rounds
//! them) it tries to recover a count between 1 and threshold − 1:
//! - a ratio × its denominator (a count or a zone attribute), and the
//!   complement, denominator − that;
//! - a share beyond N km × the zone's count, and the complement;
//! - a count − a filtered count of the same people; a filtered count shown
//!   where the count of all the people is masked;
//! - a total − one of its parts, or the two parts of a masked total;
//! - a group (agency, département) − its shown members;
//! - a zone's QPV part − the QPVs lying wholly in it.
//!
//! Every identity used is exact, so anything found is a real disclosure.

use crate::util::{load, reference_territory, small_territory};
use std::collections::BTreeMap;
use zonage::indicators::{round6, IndicatorTable, Value};
use zonage::manifest::{DistanceStatistic, IndicatorKind};
use zonage::territory::Territory;

/// A recovered value in `1..threshold`, with how it was found.
type Finding = String;

struct Attacker<'a> {
    t: &'a Territory,
    threshold: f64,
    found: std::cell::RefCell<Vec<Finding>>,
}

/// The published number (rounded as the API rounds it), if shown.
fn shown(v: Value) -> Option<f64> {
    v.number().map(round6)
}

impl Attacker<'_> {
    fn check(&self, x: f64, what: impl FnOnce() -> String) {
        let r = x.round();
        if (x - r).abs() < 0.02 && r >= 1.0 && r < self.threshold {
            self.found.borrow_mut().push(format!("{} = {x:.4}", what()));
        }
    }

    /// The point layer a count indicator counts, and whether it is filtered.
    fn count_of(&self, id: &str) -> Option<(&str, bool)> {
        match &self.t.manifest.indicator(id)?.kind {
            IndicatorKind::Count { points, filter } => {
                let private = self.t.points.iter().any(|p| &p.id == points && p.private);
                private.then_some((points.as_str(), filter.is_some()))
            }
            _ => None,
        }
    }

    /// The unfiltered count of a private point layer, if the manifest has one.
    fn total_count(&self, layer: &str) -> Option<&str> {
        let ids = self.t.manifest.indicators.iter().map(|i| i.id.as_str());
        ids.into_iter()
            .find(|id| self.count_of(id) == Some((layer, false)))
    }

    fn attack_table(
        &self,
        place: &str,
        table: &IndicatorTable,
        attributes: &BTreeMap<String, Vec<Option<f64>>>,
    ) {
        for ind in &self.t.manifest.indicators {
            let Some(values) = table.get(&ind.id) else {
                continue;
            };
            match &ind.kind {
                IndicatorKind::Ratio {
                    numerator,
                    denominator,
                    denominator_attribute,
                    scale,
                } => {
                    let Some((layer, _)) = self.count_of(numerator) else {
                        continue;
                    };
                    for (z, v) in values.iter().enumerate() {
                        let Some(r) = shown(*v) else { continue };
                        let den = match (denominator, denominator_attribute) {
                            (Some(d), _) => table.get(d).and_then(|d| shown(d[z])),
                            (None, Some(a)) => attributes.get(a).and_then(|a| a[z]),
                            _ => None,
                        };
                        let Some(d) = den else { continue };
                        let num = r * d / scale;
                        self.check(num, || format!("{place} zone {z}: {} × {d}", ind.id));
                        let same = denominator
                            .as_deref()
                            .and_then(|d| self.count_of(d))
                            .is_some_and(|(l, _)| l == layer);
                        if same {
                            self.check(d - num, || {
                                format!("{place} zone {z}: {d} − {} × {d}", ind.id)
                            });
                        }
                    }
                }
                IndicatorKind::Distance {
                    from,
                    statistic: DistanceStatistic::ShareBeyond,
                    ..
                } => {
                    let Some(total) = self.total_count(from).and_then(|id| table.get(id)) else {
                        continue;
                    };
                    for (z, v) in values.iter().enumerate() {
                        let (Some(s), Some(n)) = (shown(*v), shown(total[z])) else {
                            continue;
                        };
                        self.check(s * n / 100.0, || {
                            format!("{place} zone {z}: {} × {n}", ind.id)
                        });
                        self.check(n - s * n / 100.0, || {
                            format!("{place} zone {z}: {n} − {} × {n}", ind.id)
                        });
                    }
                }
                IndicatorKind::Count {
                    points,
                    filter: Some(_),
                } => {
                    let Some(total) = self.total_count(points).and_then(|id| table.get(id)) else {
                        continue;
                    };
                    for (z, v) in values.iter().enumerate() {
                        match (shown(*v), total[z]) {
                            (Some(f), Value::Number(n)) => self
                                .check(n - f, || format!("{place} zone {z}: total − {}", ind.id)),
                            (Some(f), Value::Secret) => self.found.borrow_mut().push(format!(
                                "{place} zone {z}: {} = {f} shown, total masked",
                                ind.id
                            )),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Totals against their parts.
    fn attack_parts(&self, layer: usize) {
        let Some(split) = &self.t.splits[layer] else {
            return;
        };
        let table = &self.t.indicators[layer];
        for id in &split.ids {
            if self.count_of(id).is_none() {
                continue;
            }
            for (z, &total) in table[id].iter().enumerate() {
                let (inside, outside) = (split.inside[id][z], split.outside[id][z]);
                let name = &self.t.zones[layer].id;
                match (shown(total), shown(inside), shown(outside)) {
                    (Some(t), Some(i), _) => {
                        self.check(t - i, || format!("{name} {z}: {id} − part in QPV"))
                    }
                    (Some(t), _, Some(o)) => {
                        self.check(t - o, || format!("{name} {z}: {id} − part outside"))
                    }
                    (None, Some(i), Some(o)) => {
                        self.check(i + o, || format!("{name} {z}: masked {id} = sum of parts"))
                    }
                    _ => {}
                }
            }
        }
    }

    /// Groups of a derived layer against their shown members, in every view.
    fn attack_groups(&self, layer: usize) {
        let Some((base, grouping)) = &self.t.groupings[layer] else {
            return;
        };
        let views = |l: usize| -> Vec<&IndicatorTable> {
            let mut v = vec![&self.t.indicators[l]];
            if let Some(s) = &self.t.splits[l] {
                v.extend([&s.inside, &s.outside]);
            }
            v
        };
        let (groups, members) = (views(layer), views(*base));
        let mut found = Vec::new();
        for (g_table, m_table) in groups.iter().zip(&members) {
            for (id, g_values) in g_table.iter() {
                if self.count_of(id).is_none() {
                    continue;
                }
                for (g, list) in grouping.members().iter().enumerate() {
                    let Some(total) = shown(g_values[g]) else {
                        continue;
                    };
                    let visible: f64 = list.iter().filter_map(|&m| shown(m_table[id][m])).sum();
                    found.push((
                        total - visible,
                        format!("{} {g}: {id} − shown members", self.t.zones[layer].id),
                    ));
                }
            }
        }
        for (x, what) in found {
            self.check(x, || what);
        }
    }

    /// A zone's QPV part against the QPVs lying wholly in it.
    fn attack_qpv_pieces(&self, layer: usize) {
        let Some(split) = &self.t.splits[layer] else {
            return;
        };
        let Some((s, _)) = self.t.zone_layer(&split.layer) else {
            return;
        };
        let Some((p, _)) = self.t.points.iter().enumerate().find(|(_, l)| l.private) else {
            return;
        };
        let qpv = &self.t.memberships[s][p];
        let zone_of =
            zonage::split::zone_of_points(&self.t.memberships[layer][p], self.t.points[p].len());
        // For each QPV, the zones of `layer` its people live in.
        let mut homes: Vec<Vec<u32>> = vec![Vec::new(); self.t.zones[s].len()];
        for (q, home) in homes.iter_mut().enumerate() {
            home.extend(qpv.of(q).iter().map(|&pt| zone_of[pt as usize]));
            home.sort_unstable();
            home.dedup();
        }
        let mut found = Vec::new();
        for id in split.ids.iter().filter(|id| self.count_of(id).is_some()) {
            let Some(qpv_values) = self.t.indicators[s].get(id) else {
                continue;
            };
            for z in 0..self.t.zones[layer].len() {
                let Some(part) = shown(split.inside[id][z]) else {
                    continue;
                };
                let touching: Vec<usize> = (0..homes.len())
                    .filter(|&q| homes[q].contains(&(z as u32)))
                    .collect();
                if touching.is_empty() || touching.iter().any(|&q| homes[q].len() > 1) {
                    continue;
                }
                let visible: f64 = touching.iter().filter_map(|&q| shown(qpv_values[q])).sum();
                found.push((
                    part - visible,
                    format!("{} {z}: {id} in QPV − its QPVs", self.t.zones[layer].id),
                ));
            }
        }
        for (x, what) in found {
            self.check(x, || what);
        }
    }
}

/// Everything the attacker recovers from `t`.
pub fn attack(t: &Territory) -> Vec<Finding> {
    let a = Attacker {
        t,
        threshold: t.manifest.secrecy.threshold as f64,
        found: Default::default(),
    };
    for (l, zones) in t.zones.iter().enumerate() {
        a.attack_table(&zones.id, &t.indicators[l], &zones.attributes);
        if let Some(split) = &t.splits[l] {
            a.attack_table(
                &format!("{} (QPV)", zones.id),
                &split.inside,
                &BTreeMap::new(),
            );
            a.attack_table(
                &format!("{} (hors QPV)", zones.id),
                &split.outside,
                &BTreeMap::new(),
            );
        }
        a.attack_parts(l);
        a.attack_groups(l);
        a.attack_qpv_pieces(l);
    }
    a.found.into_inner()
}

fn assert_nothing_found(t: &Territory) {
    let found = attack(t);
    assert!(
        found.is_empty(),
        "{} recovered, e.g.:\n{}",
        found.len(),
        found
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(8))]

    /// Generated territories of any seed.
    #[test]
    fn the_attacker_finds_nothing_on_generated_territories(seed in 0u64..1_000_000) {
        let (_dir, manifest) = small_territory(seed);
        assert_nothing_found(&load(&manifest).unwrap());
    }
}

#[test]
fn the_attacker_finds_nothing_in_occitanie() {
    let Some(t) = reference_territory("occitanie.toml") else {
        return;
    };
    assert_nothing_found(&t);
}

#[test]
fn the_attacker_finds_nothing_in_hauts_de_france() {
    let Some(t) = reference_territory("hauts-de-france.toml") else {
        return;
    };
    assert_nothing_found(&t);
}
