//! Zone layers: polygons with a code, a name and joined attributes, in WGS84.

use geo::{BoundingRect, MultiPolygon};
use std::collections::{BTreeMap, HashMap};

/// Zones as a reader returns them, before attributes are joined.
#[derive(Debug, Default)]
pub struct RawZones {
    /// Zone codes, one per zone.
    pub codes: Vec<String>,
    /// Zone names.
    pub names: Vec<String>,
    /// Geometries in WGS84 (longitude, latitude).
    pub shapes: Vec<MultiPolygon<f64>>,
    /// The CRS the file was read in, and where that came from.
    pub crs: String,
    /// Features the file holds.
    pub features_read: usize,
    /// Features skipped, with why (no geometry...).
    pub skipped: Vec<String>,
    /// Other properties or fields asked for, as text, one per zone (`None`
    /// where a feature lacks it or it is empty).
    pub properties: BTreeMap<String, Vec<Option<String>>>,
}

impl RawZones {
    /// Appends one zone's value of an extra property (an empty text is none).
    pub fn push_property(&mut self, field: &str, value: Option<String>) {
        let value = value.filter(|v| !v.trim().is_empty());
        self.properties
            .entry(field.to_string())
            .or_default()
            .push(value);
    }

    /// Makes sure every extra property has its column, even with no zone.
    pub fn declare_properties(&mut self, fields: &[String]) {
        for field in fields {
            self.properties.entry(field.clone()).or_default();
        }
    }
}

/// The properties (GeoJSON) or fields (shapefile) a reader takes from each zone.
#[derive(Debug, Clone, Copy)]
pub struct ZoneFields<'a> {
    /// The zone's code.
    pub code: &'a str,
    /// The zone's name.
    pub name: &'a str,
    /// Others, kept as text in [`RawZones::properties`].
    pub extra: &'a [String],
}

/// A loaded zone layer.
#[derive(Debug)]
pub struct ZoneLayer {
    /// Layer id from the manifest.
    pub id: String,
    /// Display label.
    pub label: String,
    /// Zone codes.
    pub codes: Vec<String>,
    /// Zone names.
    pub names: Vec<String>,
    /// Full-resolution geometries in WGS84.
    pub shapes: Vec<MultiPolygon<f64>>,
    /// Joined numeric attributes by name; `None` is an empty (secret or unavailable) cell.
    pub attributes: BTreeMap<String, Vec<Option<f64>>>,
    /// Text properties read from the zone file (grouping keys, parent lists).
    pub properties: BTreeMap<String, Vec<Option<String>>>,
    index_by_code: HashMap<String, usize>,
    /// [`ZoneLayer::extent`], computed on first use.
    extent: std::sync::OnceLock<Option<[f64; 4]>>,
}

impl ZoneLayer {
    /// Builds a layer from what a reader returned.
    pub fn new(id: &str, label: &str, raw: RawZones) -> ZoneLayer {
        let index_by_code = raw
            .codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), i))
            .collect();
        ZoneLayer {
            id: id.to_string(),
            label: label.to_string(),
            codes: raw.codes,
            // Files write "Val D'Aran" and "L'Isle-Jourdain": names are shown
            // with the typographic apostrophe, like everything zonage writes.
            names: raw
                .names
                .into_iter()
                .map(|n| {
                    if n.contains('\'') {
                        crate::typography::apostrophes(&n)
                    } else {
                        n
                    }
                })
                .collect(),
            shapes: raw.shapes,
            attributes: BTreeMap::new(),
            properties: raw.properties,
            index_by_code,
            extent: std::sync::OnceLock::new(),
        }
    }

    /// Number of zones.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when the layer has no zone.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The index of the zone with this code.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.index_by_code.get(code).copied()
    }

    /// Bounding box of the whole layer: `[west, south, east, north]`.
    /// Computed once, on first use (a pass over every vertex: 3 ms for the
    /// communes of a region, which `GET /api/layers` paid on every request);
    /// a layer's shapes do not change once it is built.
    pub fn extent(&self) -> Option<[f64; 4]> {
        *self.extent.get_or_init(|| {
            self.shapes
                .iter()
                .filter_map(|s| s.bounding_rect())
                .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
                .reduce(crate::geometry::bbox::union)
        })
    }
}
