//! Which group each member zone goes to: by a prefix of its code, by one of
//! its properties, by a CSV mapping, or to the nearest point of a layer.
//!
//! Members left without a group (no row in the mapping, empty property) are
//! reported, never dropped in silence: their people are then in no group.

use crate::error::InputError;
use crate::geodesy::haversine_m;
use crate::input::table::Table;
use crate::manifest::{DeriveSpec, MappingSpec};
use crate::points::PointLayer;
use crate::quality::examples;
use crate::zones::ZoneLayer;
use geo::InteriorPoint;
use std::collections::HashMap;
use std::path::Path;

/// The groups of a derived layer and the group of each member.
#[derive(Debug, Default, Clone)]
pub struct Grouping {
    /// Group codes, in order of first member.
    pub codes: Vec<String>,
    /// Group names.
    pub names: Vec<String>,
    /// For each member zone (in the base layer's order), its group.
    pub member_of: Vec<Option<usize>>,
    /// What the grouping found worth saying (members without a group...).
    pub notes: Vec<String>,
}

impl Grouping {
    /// The member indices of each group.
    pub fn members(&self) -> Vec<Vec<usize>> {
        let mut lists = vec![Vec::new(); self.codes.len()];
        for (member, group) in self.member_of.iter().enumerate() {
            if let Some(g) = *group {
                lists[g].push(member);
            }
        }
        lists
    }

    /// Adds `member` to the group `code`, created with `name` when new.
    fn assign(
        &mut self,
        index: &mut HashMap<String, usize>,
        member: usize,
        code: &str,
        name: &str,
    ) {
        let g = *index.entry(code.to_string()).or_insert_with(|| {
            self.codes.push(code.to_string());
            self.names.push(name.to_string());
            self.codes.len() - 1
        });
        self.member_of[member] = Some(g);
    }

    fn note_ungrouped(&mut self, base: &ZoneLayer, why: &str) {
        let lost: Vec<String> = (0..base.len())
            .filter(|&i| self.member_of[i].is_none())
            .map(|i| base.codes[i].clone())
            .collect();
        if !lost.is_empty() {
            self.notes.push(format!(
                "{} of `{}` in no group ({why}): {}",
                crate::progress::plural(lost.len(), "zone", "zones"),
                base.id,
                examples(&lost)
            ));
        }
    }
}

/// The input a rule may need besides the base layer.
pub struct Inputs<'a> {
    /// The point layers, for `nearest`.
    pub points: &'a [PointLayer],
    /// The data folder and manifest, to find a mapping file.
    pub resolve: &'a dyn Fn(&Path) -> Result<std::path::PathBuf, InputError>,
    /// The territory's name, for a `whole` layer without a name.
    pub territory: String,
}

/// Groups the zones of `base` by the rule of `spec`.
pub fn group(spec: &DeriveSpec, base: &ZoneLayer, inputs: &Inputs) -> Result<Grouping, InputError> {
    let mut g = Grouping {
        member_of: vec![None; base.len()],
        ..Default::default()
    };
    let names = spec.names.as_deref() == Some("departements");
    if let Some(n) = spec.code_prefix {
        let keys = base.codes.iter().map(|c| Some(code_prefix(c, n)));
        by_key(&mut g, keys, names);
        g.note_ungrouped(base, "empty code");
    } else if let Some(attribute) = &spec.attribute {
        let values = &base.properties[attribute];
        by_key(&mut g, values.iter().cloned(), names);
        g.note_ungrouped(base, &format!("empty `{attribute}`"));
    } else if let Some(mapping) = &spec.mapping {
        let path = (inputs.resolve)(&mapping.file)?;
        by_mapping(&mut g, base, mapping, &path)?;
        g.note_ungrouped(base, &format!("no row in {}", path.display()));
    } else if let Some(code) = &spec.whole {
        let mut index = HashMap::new();
        let name = spec.name.as_deref().unwrap_or(&inputs.territory);
        for member in 0..base.len() {
            g.assign(&mut index, member, code, name);
        }
    } else if let Some(layer) = &spec.nearest {
        let points = inputs
            .points
            .iter()
            .find(|p| &p.id == layer)
            .expect("validated");
        by_nearest(&mut g, base, points, spec);
        g.note_ungrouped(base, &format!("no point of `{layer}` kept to group around"));
    }
    disambiguate_names(&mut g);
    Ok(g)
}

/// The first `n` characters of an INSEE code; overseas codes (`97x`) take one
/// more, as the départements 971–976 do.
pub fn code_prefix(code: &str, n: usize) -> String {
    let n = if code.starts_with("97") && n == 2 {
        3
    } else {
        n
    };
    code.chars().take(n).collect()
}

fn by_key(g: &mut Grouping, keys: impl Iterator<Item = Option<String>>, departements: bool) {
    let mut index = HashMap::new();
    for (member, key) in keys.enumerate() {
        let Some(key) = key.filter(|k| !k.trim().is_empty()) else {
            continue;
        };
        let key = key.trim();
        let name = match departements
            .then(|| super::departements::name(key))
            .flatten()
        {
            Some(name) => name.to_string(),
            None => key.to_string(),
        };
        g.assign(&mut index, member, key, &name);
    }
}

fn by_mapping(
    g: &mut Grouping,
    base: &ZoneLayer,
    spec: &MappingSpec,
    path: &Path,
) -> Result<(), InputError> {
    let table = Table::read(path, &spec.csv)?;
    let column = |name: &str| table.column(name);
    let (member, group) = (column(&spec.member)?, column(&spec.group)?);
    let name = spec.name.as_deref().map(column).transpose()?;
    let mut index = HashMap::new();
    let mut unknown = Vec::new();
    for (_, row) in table.rows()? {
        let (m, code) = (row[member].trim(), row[group].trim());
        let Some(zone) = base.index_of(m) else {
            unknown.push(m.to_string());
            continue;
        };
        let label = name.map_or(code, |n| row[n].trim());
        g.assign(&mut index, zone, code, label);
    }
    if !unknown.is_empty() {
        g.notes.push(format!(
            "{} member codes of {} match no zone of `{}`: {}",
            unknown.len(),
            path.display(),
            base.id,
            examples(&unknown)
        ));
    }
    Ok(())
}

/// Each member goes to the nearest kept point, measured from the member's
/// inner point (a point inside it even when it is not convex). Brute force:
/// a few thousand members × a hundred agencies is well under a millisecond
/// per member, cheaper than building an index.
fn by_nearest(g: &mut Grouping, base: &ZoneLayer, points: &PointLayer, spec: &DeriveSpec) {
    let keep = points.mask(spec.filter.as_ref());
    let kept = (0..points.len()).filter(|&i| keep.as_ref().is_none_or(|k| k[i]));
    let (candidates, without_code): (Vec<usize>, Vec<usize>) =
        kept.partition(|&i| group_code(points, spec, i).is_some());
    if !without_code.is_empty() {
        let names: Vec<String> = without_code
            .iter()
            .map(|&i| point_label(points, i))
            .collect();
        g.notes.push(format!(
            "{} of `{}` without `{}`, heading no group: {}",
            crate::progress::plural(names.len(), "point", "points"),
            points.id,
            spec.code.as_deref().unwrap_or("code"),
            names.join(", ")
        ));
    }
    let mut index = HashMap::new();
    for (member, shape) in base.shapes.iter().enumerate() {
        let Some(inner) = shape.interior_point() else {
            continue;
        };
        let at = [inner.x(), inner.y()];
        let nearest = candidates.iter().copied().min_by(|&a, &b| {
            haversine_m(at, points.coords[a]).total_cmp(&haversine_m(at, points.coords[b]))
        });
        if let Some(p) = nearest {
            let code = group_code(points, spec, p).expect("candidates have a code");
            g.assign(&mut index, member, &code, &group_name(points, spec, p));
        }
    }
    let heading: std::collections::HashSet<String> = g.codes.iter().cloned().collect();
    let idle: Vec<String> = candidates
        .iter()
        .filter(|&&i| group_code(points, spec, i).is_some_and(|c| !heading.contains(&c)))
        .map(|&i| point_label(points, i))
        .collect();
    if !idle.is_empty() {
        g.notes.push(format!(
            "{} of `{}` nearest to no zone of `{}` (another point is nearer to each, often in the same town), heading no group: {}",
            crate::progress::plural(idle.len(), "point", "points"),
            points.id,
            base.id,
            idle.join(", ")
        ));
    }
}

fn point_label(points: &PointLayer, i: usize) -> String {
    points
        .names
        .get(i)
        .cloned()
        .unwrap_or_else(|| format!("point {}", i + 1))
}

fn group_code(points: &PointLayer, spec: &DeriveSpec, i: usize) -> Option<String> {
    match &spec.code {
        Some(column) => points
            .value(column, i)
            .filter(|v| !v.is_empty() && *v != "null")
            .map(str::to_string),
        None => Some(format!("P{:04}", i + 1)),
    }
}

/// The template with each `{column}` replaced by the point's value; values
/// written in capitals (`ST QUENTIN`) are put in title case.
fn group_name(points: &PointLayer, spec: &DeriveSpec, i: usize) -> String {
    let Some(template) = &spec.name else {
        return points.names.get(i).cloned().unwrap_or_default();
    };
    let mut out = template.clone();
    for column in template_columns(template) {
        let value = points.value(&column, i).unwrap_or("");
        out = out.replace(&format!("{{{column}}}"), &title_case(value));
    }
    out
}

/// The `{column}` names of a name template.
pub fn template_columns(template: &str) -> Vec<String> {
    template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(c, _)| c.to_string()))
        .collect()
}

fn title_case(value: &str) -> String {
    if value.chars().any(char::is_lowercase) {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut start = true;
    for c in value.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

/// Two groups named alike (five agencies in Lille) get their code after the name.
fn disambiguate_names(g: &mut Grouping) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for n in &g.names {
        *count.entry(n.clone()).or_default() += 1;
    }
    for (name, code) in g.names.iter_mut().zip(&g.codes) {
        if count[name.as_str()] > 1 {
            *name = format!("{name} ({code})");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overseas_codes_take_three_characters() {
        assert_eq!(code_prefix("62215", 2), "62");
        assert_eq!(code_prefix("2A004", 2), "2A");
        assert_eq!(code_prefix("97411", 2), "974");
    }

    #[test]
    fn capitals_become_title_case() {
        assert_eq!(title_case("ST QUENTIN"), "St Quentin");
        assert_eq!(title_case("FRIVILLE ESCARBOTIN"), "Friville Escarbotin");
        assert_eq!(title_case("Lille"), "Lille");
        assert_eq!(
            template_columns("Agence de {city} ({department})"),
            ["city", "department"]
        );
    }
}
