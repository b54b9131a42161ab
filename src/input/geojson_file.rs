//! GeoJSON zone and point files.

use crate::crs::Crs;
use crate::error::{InputError, Location};
use crate::zones::{RawZones, ZoneFields};
use geo::MultiPolygon;
use geojson::{Feature, FeatureCollection, GeoJson, GeometryValue as Value};
use std::path::Path;

/// Reads a FeatureCollection, with a line number when the JSON is malformed.
pub fn read_collection(path: &Path) -> Result<FeatureCollection, InputError> {
    let bytes = super::text::read_bytes(path)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let geojson: GeoJson = serde_json::from_slice(body).map_err(|e| {
        let problem = if e.is_eof() {
            format!("the file is truncated or its JSON is not closed ({e})")
        } else {
            format!("invalid GeoJSON: {e}")
        };
        InputError::at(path, Location::Line(e.line() as u64), problem)
    })?;
    match geojson {
        GeoJson::FeatureCollection(fc) => Ok(fc),
        _ => Err(InputError::file(path, "expected a GeoJSON FeatureCollection").field("type")),
    }
}

/// The CRS a collection declares in its (pre-RFC 7946) `crs` member; WGS84 otherwise.
pub fn collection_crs(
    fc: &FeatureCollection,
    path: &Path,
    manifest_crs: Option<&str>,
) -> Result<Crs, InputError> {
    let declared = fc
        .foreign_members
        .as_ref()
        .and_then(|m| m.get("crs"))
        .and_then(|crs| crs.pointer("/properties/name"))
        .and_then(|n| n.as_str());
    let name = manifest_crs.or(declared).unwrap_or("EPSG:4326");
    Crs::parse(name).map_err(|e| InputError::file(path, e.to_string()).field("crs"))
}

/// A property of a feature as text (numbers are written as they are).
pub fn property_text(feature: &Feature, field: &str) -> Option<String> {
    match feature.property(field)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// Reads polygons with their code and name fields.
pub fn read_zones(
    path: &Path,
    fields: &ZoneFields,
    crs: Option<&str>,
) -> Result<RawZones, InputError> {
    let (code, name) = (fields.code, fields.name);
    let fc = read_collection(path)?;
    let crs = collection_crs(&fc, path, crs)?;
    let mut zones = RawZones {
        crs: crs.label().to_string(),
        features_read: fc.features.len(),
        ..RawZones::default()
    };
    for (i, feature) in fc.features.iter().enumerate() {
        let at = |problem: String| InputError::at(path, Location::Feature(i), problem);
        let zone_code =
            property_text(feature, code).ok_or_else(|| at(missing_field(feature)).field(code))?;
        let zone_name =
            property_text(feature, name).ok_or_else(|| at(missing_field(feature)).field(name))?;
        let Some(geometry) = &feature.geometry else {
            zones
                .skipped
                .push(format!("feature {i} ({zone_code}): no geometry"));
            continue;
        };
        let shape = to_multipolygon(&geometry.value).map_err(|found| {
            at(format!(
                "expected a Polygon or MultiPolygon, found a {found}"
            ))
            .field("geometry")
        })?;
        zones.shapes.push(crs.shape_to_wgs84(shape).map_err(|c| {
            at(format!(
                "coordinate {c:?} cannot be converted from {}",
                crs.label()
            ))
            .field("geometry")
        })?);
        zones.codes.push(zone_code);
        zones.names.push(zone_name);
        for field in fields.extra {
            zones.push_property(field, property_text(feature, field));
        }
    }
    zones.declare_properties(fields.extra);
    Ok(zones)
}

fn missing_field(feature: &Feature) -> String {
    let mut names: Vec<&str> = feature
        .properties
        .iter()
        .flat_map(|p| p.keys().map(String::as_str))
        .collect();
    names.sort_unstable();
    format!("missing property (properties: {})", names.join(", "))
}

fn to_multipolygon(value: &Value) -> Result<MultiPolygon<f64>, &'static str> {
    match value {
        Value::Polygon { .. } => geo::Polygon::try_from(value)
            .map(|p| MultiPolygon(vec![p]))
            .map_err(|_| "malformed Polygon"),
        Value::MultiPolygon { .. } => {
            MultiPolygon::try_from(value).map_err(|_| "malformed MultiPolygon")
        }
        other => Err(other.type_name()),
    }
}

/// Reads a point layer from GeoJSON Point (or MultiPoint) features.
pub fn read_points(
    path: &Path,
    spec: &crate::manifest::PointLayerSpec,
    keep: &[String],
) -> Result<crate::points::PointLayer, InputError> {
    let fc = read_collection(path)?;
    let crs = collection_crs(&fc, path, spec.crs.as_deref())?;
    let mut layer = crate::points::PointLayer {
        id: spec.id.clone(),
        label: spec.label.clone(),
        private: spec.private,
        ..Default::default()
    };
    layer.read.crs = crs.label().to_string();
    layer.read.rows = fc.features.len();
    for k in keep {
        layer.columns.insert(k.clone(), Default::default());
    }
    for (i, feature) in fc.features.iter().enumerate() {
        let at = |problem: String| InputError::at(path, Location::Feature(i), problem);
        let positions = match feature.geometry.as_ref().map(|g| &g.value) {
            None => {
                layer.read.without_coordinates += 1;
                continue;
            }
            Some(Value::Point { coordinates }) => vec![coordinates.clone()],
            Some(Value::MultiPoint { coordinates }) => coordinates.clone(),
            Some(other) => {
                return Err(
                    at(format!("expected a Point, found a {}", other.type_name()))
                        .field("geometry"),
                )
            }
        };
        for p in positions {
            let (x, y) = (p[0], p[1]);
            let position = crs.position_to_wgs84(x, y).ok_or_else(|| {
                at(format!(
                    "({x}, {y}) is not a valid position in {}",
                    crs.label()
                ))
                .field("geometry")
            })?;
            layer.coords.push(position);
            for k in keep {
                // A null is an empty value (an agency without its code); a
                // property absent from the feature is a wrong column name.
                let value = match property_text(feature, k) {
                    Some(v) => v,
                    None if feature.contains_property(k) => String::new(),
                    None => return Err(at(missing_field(feature)).field(k.as_str())),
                };
                layer
                    .columns
                    .get_mut(k)
                    .expect("created above")
                    .push(&value);
            }
            if let (Some(name), false) = (&spec.name, spec.private) {
                layer
                    .names
                    .push(property_text(feature, name).unwrap_or_default());
            }
        }
    }
    Ok(layer)
}
