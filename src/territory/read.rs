//! Reading the layers of a manifest from their sources (files, GeoPackage
//! tables, PostGIS queries): zones with their attribute tables and own
//! fields, and points with the columns the rest of the manifest needs
//! (filters, derived layers), nothing more.

use crate::error::InputError;
use crate::geometry::validity::invalidity;
use crate::input::{self, attributes, attributes::AttributeJoin, parse_figure};
use crate::manifest::{IndicatorKind, Manifest, PointLayerSpec, SourceSpec, ZoneLayerSpec};
use crate::points::PointLayer;
use crate::progress::{plural, thousands, Progress};
use crate::quality::{PointLayerQuality, ZoneLayerQuality};
use crate::source::Source;
use crate::zones::{ZoneFields, ZoneLayer};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;

/// The source a layer entry names (`kind` e.g. `zones`), opened.
fn layer_source(
    m: &Manifest,
    dir: &Path,
    kind: &str,
    id: &str,
    spec: Option<SourceSpec>,
) -> Result<Box<dyn Source>, InputError> {
    let entry = format!("[[{kind}]] `{id}`");
    let spec = spec.ok_or_else(|| {
        InputError::file(&m.path, format!("{entry} has no `file` or `source`")).field("file")
    })?;
    crate::source::open(&spec, m, dir, &entry)
}

/// Reads a zone layer from its source, with its own fields and attribute tables.
pub fn zone_layer(
    m: &Manifest,
    spec: &ZoneLayerSpec,
    dir: &Path,
    progress: &Progress,
) -> Result<(ZoneLayer, ZoneLayerQuality), InputError> {
    let step = progress.step(format!("reading zone layer `{}`", spec.id));
    let source_spec = SourceSpec::of(&spec.file, &spec.source);
    let source = layer_source(m, dir, "zones", &spec.id, source_spec)?;
    let extra = text_fields(m, spec);
    let fields = ZoneFields {
        code: &spec.code,
        name: &spec.name,
        extra: &extra,
    };
    let raw = source.zones(spec, &fields)?;
    input::check_extra_fields(source.name(), &raw, &extra)?;
    let path = source.name();
    let mut q = ZoneLayerQuality {
        id: spec.id.clone(),
        file: path.display().to_string(),
        crs: raw.crs.clone(),
        features_read: raw.features_read,
        skipped: raw.skipped.clone(),
        ..Default::default()
    };
    let mut layer = ZoneLayer::new(&spec.id, &spec.label, raw);
    describe_shapes(&layer, &mut q, Validity::Check);
    if !spec.fields.is_empty() {
        q.attribute_tables.push(own_fields(spec, path, &mut layer));
    }
    q.attribute_tables
        .extend(attribute_tables(m, spec, dir, &mut layer)?);

    step.done(format!(
        "{}, {} invalid",
        plural(layer.len(), "zone", "zones"),
        q.invalid_geometries.len()
    ));
    Ok((layer, q))
}

/// Joins the layer's `[[zones.attributes]]` tables (file and derived layers alike).
pub fn attribute_tables(
    m: &Manifest,
    spec: &ZoneLayerSpec,
    dir: &Path,
    layer: &mut ZoneLayer,
) -> Result<Vec<AttributeJoin>, InputError> {
    let entry = format!("[[zones.attributes]] of `{}`", spec.id);
    spec.attributes
        .iter()
        .map(|table| attributes::join(&m.locate(dir, &table.file, &entry)?, table, layer))
        .collect()
}

/// Whether a layer's outlines must be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// Read from a file: check each (in parallel).
    Check,
    /// Built by a union, valid by construction: not checked.
    Known,
}

/// Zone count, duplicate codes and, if asked, invalid geometries of a layer.
pub fn describe_shapes(layer: &ZoneLayer, q: &mut ZoneLayerQuality, validity: Validity) {
    q.zones = layer.len();
    q.duplicate_codes = duplicates(&layer.codes);
    if validity == Validity::Known {
        return;
    }
    let reasons: Vec<Option<String>> = layer.shapes.par_iter().map(invalidity).collect();
    q.invalid_geometries = reasons
        .into_iter()
        .enumerate()
        .filter_map(|(i, r)| Some((layer.codes[i].clone(), r?)))
        .collect();
}

/// The text properties a zone file must keep: its numeric `fields`, its
/// parent list, and the keys of layers derived from it by attribute.
fn text_fields(m: &Manifest, spec: &ZoneLayerSpec) -> Vec<String> {
    let derived = m.zones.iter().filter_map(|z| {
        let d = z.derive.as_ref()?;
        (d.from == spec.id).then_some(d.attribute.clone()).flatten()
    });
    let mut fields: Vec<String> = spec
        .fields
        .keys()
        .cloned()
        .chain(spec.parents_from.clone())
        .chain(derived)
        .collect();
    fields.sort();
    fields.dedup();
    fields
}

/// Numeric attributes from the zone file's own properties, read like cells
/// of an attribute table (French figures included).
fn own_fields(spec: &ZoneLayerSpec, path: &Path, layer: &mut ZoneLayer) -> AttributeJoin {
    let mut report = AttributeJoin {
        file: path.display().to_string(),
        rows: layer.len(),
        ..Default::default()
    };
    for (source, name) in &spec.fields {
        let cells = &layer.properties[source];
        let mut values = Vec::with_capacity(cells.len());
        for (i, cell) in cells.iter().enumerate() {
            let value = cell.as_deref().and_then(|c| parse_figure(c, '.'));
            match cell {
                None => report.empty_cells += 1,
                Some(c) if value.is_none() => {
                    report.note_unreadable(&format!("feature {i}"), source, c);
                }
                Some(_) => {}
            }
            values.push(value);
        }
        layer.attributes.insert(name.clone(), values);
    }
    report
}

fn duplicates(codes: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut dups: Vec<String> = codes
        .iter()
        .filter(|c| !seen.insert(c.as_str()))
        .cloned()
        .collect();
    dups.dedup();
    dups
}

/// The columns of a point layer that the manifest uses (nothing else is
/// kept): filter columns, and the code, name and filter columns of layers
/// grouped around its points.
fn kept_columns(m: &Manifest, layer: &str) -> Vec<String> {
    let filters = m.indicators.iter().filter_map(|i| match &i.kind {
        IndicatorKind::Count {
            points,
            filter: Some(f),
        } if points == layer => Some(f.column.clone()),
        _ => None,
    });
    let derived = m
        .zones
        .iter()
        .filter_map(|z| z.derive.as_ref())
        .filter(|d| d.nearest.as_deref() == Some(layer));
    let derived = derived.flat_map(|d| {
        let template = d
            .name
            .as_deref()
            .map(crate::derive::groups::template_columns);
        d.code
            .clone()
            .into_iter()
            .chain(d.filter.as_ref().map(|f| f.column.clone()))
            .chain(template.into_iter().flatten())
    });
    // Addresses are for the public places' sheets: never kept for a private layer.
    let address = m
        .point_layer(layer)
        .filter(|p| !p.private)
        .map_or(&[][..], |p| &p.address[..]);
    let mut cols: Vec<String> = filters
        .chain(derived)
        .chain(address.iter().cloned())
        .collect();
    cols.sort();
    cols.dedup();
    cols
}

/// Reads a point layer.
pub fn point_layer(
    m: &Manifest,
    spec: &PointLayerSpec,
    dir: &Path,
    progress: &Progress,
) -> Result<(PointLayer, PointLayerQuality), InputError> {
    let step = progress.step(format!("reading point layer `{}`", spec.id));
    let source_spec = SourceSpec::of(&spec.file, &spec.source);
    let source = layer_source(m, dir, "points", &spec.id, source_spec)?;
    let keep = kept_columns(m, &spec.id);
    let mut layer = source.points(spec, &keep)?;
    let path = source.name();
    // Files write "L'Etape": names are shown with the typographic apostrophe,
    // made once here (as for zone names), not on every answer.
    for name in layer.names.iter_mut().filter(|n| n.contains('\'')) {
        *name = crate::typography::apostrophes(name);
    }
    if layer.private {
        layer.sort_spatially();
    }
    step.done(format!(
        "{} rows, {} without coordinates",
        thousands(layer.read.rows),
        thousands(layer.read.without_coordinates)
    ));
    let q = PointLayerQuality {
        id: spec.id.clone(),
        file: path.display().to_string(),
        private: spec.private,
        read: layer.read.clone(),
        points: layer.len(),
        joins: Vec::new(),
    };
    Ok((layer, q))
}

/// Filters whose value matches no row: a misspelt value (`autonomes` for
/// `autonome`) would silently count nothing, or everything.
pub fn filter_notes(m: &Manifest, points: &[PointLayer]) -> Vec<String> {
    let counts = m.indicators.iter().filter_map(|ind| match &ind.kind {
        IndicatorKind::Count {
            points,
            filter: Some(f),
        } => Some((format!("indicator `{}`", ind.id), points, f)),
        _ => None,
    });
    let derived = m.zones.iter().filter_map(|z| {
        let d = z.derive.as_ref()?;
        Some((
            format!("zone layer `{}`", z.id),
            d.nearest.as_ref()?,
            d.filter.as_ref()?,
        ))
    });
    counts
        .chain(derived)
        .filter_map(|(who, layer, f)| {
            let column = points
                .iter()
                .find(|p| &p.id == layer)?
                .columns
                .get(&f.column)?;
            let wanted = f
                .equals
                .iter()
                .chain(&f.not_equals)
                .chain(f.one_of.iter().flatten());
            let absent: Vec<String> = wanted
                .filter(|v| !column.values.contains(v))
                .map(|v| format!("`{v}`"))
                .collect();
            if absent.is_empty() {
                return None;
            }
            let mut values: Vec<&str> = column.values.iter().map(String::as_str).collect();
            values.sort_unstable();
            values.truncate(20);
            Some(format!(
                "{who}: filter value {} of `{}` matches no row of `{layer}` (values present: {})",
                absent.join(", "),
                f.column,
                values.join(", ")
            ))
        })
        .collect()
}
