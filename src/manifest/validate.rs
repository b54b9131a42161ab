//! Checks that a parsed manifest is coherent: ids unique, every reference to a
//! layer, attribute or indicator resolvable, no indicator defined through itself.

use super::{line_of, IndicatorKind, IndicatorSpec, Manifest, SourceSpec};
use crate::error::InputError;
use std::collections::{HashMap, HashSet};

/// Checks everything that can be checked without opening the data files.
pub fn check(m: &Manifest, text: &str) -> Result<(), InputError> {
    let err = |section: &str, id: &str, field: &str, problem: String| {
        InputError::at(&m.path, line_of(text, section, id), problem).field(field)
    };
    unique_ids(m, text)?;
    for (i, zone) in m.zones.iter().enumerate() {
        check_zone_source(m, i)
            .map_err(|(field, problem)| err("zones", &zone.id, field, problem))?;
    }
    check_territory(m).map_err(|(field, problem)| {
        InputError::at(&m.path, crate::error::Location::File, problem).field(field)
    })?;
    for series in &m.series {
        check_series(m, series)
            .map_err(|(field, problem)| err("series", &series.id, field, problem))?;
    }
    for zone in &m.zones {
        if let Some(parent) = &zone.parent {
            if parent == &zone.id || m.zone_layer(parent).is_none() {
                let valid = list(
                    m.zones
                        .iter()
                        .map(|z| z.id.as_str())
                        .filter(|id| *id != zone.id),
                );
                return Err(err(
                    "zones",
                    &zone.id,
                    "parent",
                    format!("unknown parent zone layer `{parent}` (valid: {valid})"),
                ));
            }
        }
    }
    for point in &m.points {
        let what = format!("point layer `{}`", point.id);
        check_source(&what, &point.file, &point.source, "")
            .map_err(|(field, problem)| err("points", &point.id, field, problem))?;
        let csv = match SourceSpec::of(&point.file, &point.source) {
            Some(SourceSpec::File { path }) => !is_geojson(&path),
            _ => false,
        };
        if csv && (point.x.is_none() || point.y.is_none()) {
            return Err(err(
                "points",
                &point.id,
                "x",
                "a CSV point layer needs `x` and `y` (or `lon` and `lat`) column names".into(),
            ));
        }
    }
    for ind in &m.indicators {
        check_indicator(m, ind).map_err(|(field, problem)| {
            err(
                "indicators",
                &ind.id,
                field,
                format!("indicator `{}`: {problem}", ind.id),
            )
        })?;
    }
    check_cycles(m).map_err(|(id, path)| {
        err(
            "indicators",
            &id,
            "kind",
            format!("indicator `{id}` refers to itself through {path}"),
        )
    })
}

/// A layer is read from a `file` or from a `source`: one of them, not both,
/// and a source names everything it needs.
fn check_source(
    what: &str,
    file: &std::path::Path,
    source: &Option<SourceSpec>,
    or_else: &str,
) -> Result<(), Problem> {
    let empty = |key: &'static str| Err((key, format!("{what}: `source.{key}` is empty")));
    match source {
        None if file.as_os_str().is_empty() => Err((
            "file",
            format!("{what} needs a `file` or a `source`{or_else}"),
        )),
        Some(_) if !file.as_os_str().is_empty() => Err((
            "source",
            format!("{what} has both a `file` and a `source`: keep one"),
        )),
        Some(SourceSpec::File { path }) if path.as_os_str().is_empty() => empty("path"),
        Some(SourceSpec::Geopackage { path, .. }) if path.as_os_str().is_empty() => empty("path"),
        Some(SourceSpec::Geopackage { table, .. }) if table.trim().is_empty() => empty("table"),
        Some(SourceSpec::Postgis { url_env, .. }) if url_env.trim().is_empty() => empty("url_env"),
        Some(SourceSpec::Postgis { query, .. }) if query.trim().is_empty() => empty("query"),
        Some(SourceSpec::Postgis { geometry, .. }) if geometry.trim().is_empty() => {
            empty("geometry")
        }
        _ => Ok(()),
    }
}

/// True when a file name says GeoJSON.
pub(crate) fn is_geojson(file: &std::path::Path) -> bool {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    ext == "geojson" || ext == "json"
}

fn list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<_> = ids.map(|s| format!("`{s}`")).collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// Layer ids are one namespace (zones and points), indicator ids another:
/// an indicator may share its layer's name (`demandeurs`).
fn unique_ids(m: &Manifest, text: &str) -> Result<(), InputError> {
    let zones = m.zones.iter().map(|z| ("zones", &z.id));
    let layers: Vec<_> = zones
        .chain(m.points.iter().map(|p| ("points", &p.id)))
        .collect();
    let indicators: Vec<_> = m.indicators.iter().map(|i| ("indicators", &i.id)).collect();
    for group in [layers, indicators] {
        let mut seen = HashSet::new();
        for (section, id) in group {
            if !seen.insert(id) {
                let problem = format!("the id `{id}` is used twice");
                return Err(
                    InputError::at(&m.path, line_of(text, section, id), problem).field("id")
                );
            }
        }
    }
    Ok(())
}

type Problem = (&'static str, String);

/// A zone layer comes from a file (with its code and name fields) or is
/// derived, by exactly one rule, from a layer declared before it.
fn check_zone_source(m: &Manifest, i: usize) -> Result<(), Problem> {
    let zone = &m.zones[i];
    match &zone.derive {
        None => check_file_layer(zone),
        Some(d) => {
            check_derived_keys(zone)?;
            check_derive_rule(m, i, d)
        }
    }
}

fn check_file_layer(zone: &super::ZoneLayerSpec) -> Result<(), Problem> {
    let what = format!("zone layer `{}`", zone.id);
    check_source(&what, &zone.file, &zone.source, " (or a `derive` rule)")?;
    if zone.code.is_empty() || zone.name.is_empty() {
        let problem = format!(
            "zone layer `{}` needs `code` and `name`: the fields holding each zone's code and name",
            zone.id
        );
        return Err(("code", problem));
    }
    Ok(())
}

/// A derived layer has no file, so none of the keys that read one.
fn check_derived_keys(zone: &super::ZoneLayerSpec) -> Result<(), Problem> {
    let keys = [
        ("file", !zone.file.as_os_str().is_empty()),
        ("source", zone.source.is_some()),
        ("fields", !zone.fields.is_empty()),
        ("parents_from", zone.parents_from.is_some()),
    ];
    match keys.iter().find(|(_, set)| *set) {
        Some((key, _)) => {
            let problem = format!(
                "zone layer `{}` is derived: it has no file or source, so no `{key}`",
                zone.id
            );
            Err((key, problem))
        }
        None => Ok(()),
    }
}

fn check_derive_rule(m: &Manifest, i: usize, d: &super::DeriveSpec) -> Result<(), Problem> {
    let Some(base) = m.zones[..i].iter().find(|z| z.id == d.from) else {
        let valid = list(m.zones[..i].iter().map(|z| z.id.as_str()));
        let problem = format!(
            "`derive.from` must name a zone layer declared before `{}` (valid: {valid})",
            m.zones[i].id
        );
        return Err(("from", problem));
    };
    let rules = [
        ("code_prefix", d.code_prefix.is_some()),
        ("attribute", d.attribute.is_some()),
        ("mapping", d.mapping.is_some()),
        ("nearest", d.nearest.is_some()),
        ("whole", d.whole.is_some()),
    ];
    exactly_one("derive", "`derive`", &rules)?;
    if d.attribute.is_some() && base.derive.is_some() {
        let problem = format!(
            "`derive.attribute` reads a property of the members' file, and `{}` is derived",
            d.from
        );
        return Err(("attribute", problem));
    }
    if d.code_prefix == Some(0) {
        return Err(("code_prefix", "`code_prefix` must be at least 1".into()));
    }
    if let Some(names) = d.names.as_deref().filter(|n| *n != "departements") {
        return Err((
            "names",
            format!("unknown names `{names}` (valid: `departements`)"),
        ));
    }
    match &d.nearest {
        Some(p) if m.point_layer(p).is_some_and(|l| l.private) => Err((
            "nearest",
            format!("`{p}` is private: groups cannot be named after personal data"),
        )),
        Some(p) => point_layer(m, "nearest", p).map(|_| ()),
        None => Ok(()),
    }
}

fn check_territory(m: &Manifest) -> Result<(), Problem> {
    if let Some(layer) = &m.territory.split_by {
        if m.zone_layer(layer).is_none() {
            let valid = list(m.zones.iter().map(|z| z.id.as_str()));
            return Err((
                "split_by",
                format!("unknown zone layer `{layer}` (valid: {valid})"),
            ));
        }
    }
    if let Some(date) = &m.territory.reference_date {
        if super::dates::parse_day(date).is_none() {
            return Err((
                "reference_date",
                format!("`{date}` is not a date written YYYY-MM-DD"),
            ));
        }
    }
    Ok(())
}

fn check_series(m: &Manifest, series: &super::SeriesSpec) -> Result<(), Problem> {
    for layer in &series.layers {
        if m.zone_layer(layer).is_none() {
            let valid = list(m.zones.iter().map(|z| z.id.as_str()));
            return Err((
                "layers",
                format!("unknown zone layer `{layer}` (valid: {valid})"),
            ));
        }
    }
    Ok(())
}

fn point_layer<'a>(m: &Manifest, field: &'static str, id: &'a str) -> Result<&'a str, Problem> {
    if m.point_layer(id).is_some() {
        return Ok(id);
    }
    let valid = list(m.points.iter().map(|p| p.id.as_str()));
    Err((
        field,
        format!("unknown point layer `{id}` (valid: {valid})"),
    ))
}

fn indicator_ref(m: &Manifest, field: &'static str, id: &str) -> Result<(), Problem> {
    if m.indicator(id).is_some() {
        return Ok(());
    }
    let valid = list(m.indicators.iter().map(|i| i.id.as_str()));
    Err((field, format!("unknown indicator `{id}` (valid: {valid})")))
}

fn attribute_ref(m: &Manifest, field: &'static str, name: &str) -> Result<(), Problem> {
    let names: Vec<&str> = m
        .zones
        .iter()
        .flat_map(|z| {
            z.attributes
                .iter()
                .flat_map(|t| t.columns.values().map(String::as_str))
        })
        .collect();
    if names.contains(&name) {
        return Ok(());
    }
    Err((
        field,
        format!(
            "unknown zone attribute `{name}` (valid: {})",
            list(names.into_iter())
        ),
    ))
}

fn check_indicator(m: &Manifest, ind: &IndicatorSpec) -> Result<(), Problem> {
    match &ind.kind {
        IndicatorKind::Count { points, filter } => {
            point_layer(m, "points", points)?;
            if let Some(f) = filter {
                check_filter(m, f)?;
            }
        }
        IndicatorKind::Ratio {
            numerator,
            denominator,
            denominator_attribute,
            ..
        } => {
            indicator_ref(m, "numerator", numerator)?;
            match (denominator, denominator_attribute) {
                (Some(d), None) => indicator_ref(m, "denominator", d)?,
                (None, Some(a)) => attribute_ref(m, "denominator_attribute", a)?,
                _ => {
                    return Err((
                        "denominator",
                        "a ratio needs exactly one of `denominator` and `denominator_attribute`"
                            .into(),
                    ))
                }
            }
        }
        IndicatorKind::Distance {
            from,
            to,
            statistic,
            beyond_km,
        } => {
            point_layer(m, "from", from)?;
            if to.is_empty() {
                return Err(("to", "name at least one service layer".into()));
            }
            to.iter()
                .try_for_each(|t| point_layer(m, "to", t).map(|_| ()))?;
            if *statistic == super::DistanceStatistic::ShareBeyond
                && !beyond_km.is_some_and(|k| k >= 0.0)
            {
                return Err((
                    "beyond_km",
                    "`share_beyond` needs `beyond_km`, a distance in km".into(),
                ));
            }
        }
        IndicatorKind::Services { points, within_km } => {
            points
                .iter()
                .try_for_each(|t| point_layer(m, "points", t).map(|_| ()))?;
            if within_km.is_some_and(|k| !(0.0..=500.0).contains(&k)) {
                return Err(("within_km", "must be between 0 and 500 km".into()));
            }
        }
        IndicatorKind::Attribute { attribute } => attribute_ref(m, "attribute", attribute)?,
        IndicatorKind::Series { series, .. } => {
            if !m.series.iter().any(|s| &s.id == series) {
                let valid = list(m.series.iter().map(|s| s.id.as_str()));
                return Err((
                    "series",
                    format!("unknown series `{series}` (valid: {valid})"),
                ));
            }
        }
        IndicatorKind::Score { terms } => {
            if terms.is_empty() {
                return Err(("terms", "a score needs at least one term".into()));
            }
            terms
                .iter()
                .try_for_each(|t| indicator_ref(m, "terms", &t.indicator))?;
        }
    }
    Ok(())
}

/// Exactly one of `options` (name, present) is set, else a problem naming them.
fn exactly_one(field: &'static str, what: &str, options: &[(&str, bool)]) -> Result<(), Problem> {
    if options.iter().filter(|(_, set)| *set).count() == 1 {
        return Ok(());
    }
    let names: Vec<String> = options.iter().map(|(n, _)| format!("`{n}`")).collect();
    Err((
        field,
        format!("{what} needs exactly one of {}", names.join(", ")),
    ))
}

fn check_filter(m: &Manifest, f: &super::Filter) -> Result<(), Problem> {
    let tests = [
        ("equals", f.equals.is_some()),
        ("not_equals", f.not_equals.is_some()),
        ("in", f.one_of.is_some()),
        ("older_than_months", f.older_than_months.is_some()),
    ];
    exactly_one("filter", "a filter", &tests)?;
    if f.older_than_months.is_some() && m.territory.reference_date.is_none() {
        return Err((
            "filter",
            "`older_than_months` counts from `[territory] reference_date`: set it (YYYY-MM-DD)"
                .into(),
        ));
    }
    Ok(())
}

/// Finds an indicator that depends on itself; returns it and the path.
fn check_cycles(m: &Manifest) -> Result<(), (String, String)> {
    let deps: HashMap<&str, Vec<&str>> = m
        .indicators
        .iter()
        .map(|i| (i.id.as_str(), i.kind.inputs()))
        .collect();
    for start in deps.keys() {
        let mut path = vec![*start];
        if let Some(cycle) = find_cycle(&deps, start, &mut path) {
            return Err((start.to_string(), cycle));
        }
    }
    Ok(())
}

fn find_cycle<'a>(
    deps: &HashMap<&'a str, Vec<&'a str>>,
    start: &str,
    path: &mut Vec<&'a str>,
) -> Option<String> {
    let current = *path.last()?;
    for &next in deps.get(current).into_iter().flatten() {
        if next == start {
            return Some(
                path.iter()
                    .skip(1)
                    .chain([&next])
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(" → "),
            );
        }
        if !path.contains(&next) {
            path.push(next);
            if let Some(c) = find_cycle(deps, start, path) {
                return Some(c);
            }
            path.pop();
        }
    }
    None
}

/// Indicator ids in an order where every indicator comes after its inputs.
pub fn evaluation_order(m: &Manifest) -> Vec<&IndicatorSpec> {
    let mut done: HashSet<&str> = HashSet::new();
    let mut order = Vec::new();
    while order.len() < m.indicators.len() {
        let before = order.len();
        for ind in &m.indicators {
            if !done.contains(ind.id.as_str()) && ind.kind.inputs().iter().all(|i| done.contains(i))
            {
                done.insert(&ind.id);
                order.push(ind);
            }
        }
        assert!(order.len() > before, "cycles are rejected by `check`");
    }
    order
}
