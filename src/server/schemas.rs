//! The shapes of the JSON answers, for the OpenAPI document only. The
//! handlers build their answers from the engine's types; a test validates
//! real answers against these schemas (no unknown field accepted), so the
//! document cannot drift from the service.

#![allow(dead_code)]

use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// `GET /health`.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Health {
    /// Always `ok`.
    status: String,
    /// The territory's name.
    territory: String,
    /// Data version: a hash of the data served, the same in every replica
    /// serving the same data.
    version: String,
}

/// `GET /api/layers`.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Layers {
    territory: String,
    /// Attribution line.
    source: String,
    /// The data's vintage ("décembre 2024"), when the manifest gives it.
    date: Option<String>,
    version: String,
    /// Counts from 1 to this minus one are masked.
    secrecy_threshold: u32,
    /// `[ouest, sud, est, nord]` of all zone layers, in degrees.
    extent: Option<Vec<f64>>,
    zone_layers: Vec<ZoneLayerInfo>,
    /// Public point layers only.
    point_layers: Vec<PointLayerInfo>,
    indicators: Vec<IndicatorInfo>,
    /// With `split_by`: the job-seeker indicators also given for the people
    /// in the layer's zones (QPVs) and the others, and their columns.
    split: Option<SplitInfo>,
    /// Background tiles for the map application, when the manifest names some.
    basemap: Option<Basemap>,
}

/// The QPV / outside-QPV split.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitInfo {
    /// The layer whose zones split (`qpv`).
    layer: String,
    indicators: Vec<SplitColumns>,
}

/// An indicator given in two parts.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitColumns {
    indicator: String,
    /// Column of the people in the split layer's zones (`demandeurs_qpv`).
    inside: String,
    /// Column of the others (`demandeurs_hors_qpv`).
    outside: String,
}

/// Background tiles.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Basemap {
    /// URL template with `{z}`, `{x}`, `{y}`.
    url: String,
    attribution: String,
}

/// A zone layer.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneLayerInfo {
    id: String,
    label: String,
    /// Number of zones.
    zones: usize,
    /// The layer holding these zones (QPV → communes).
    parent: Option<String>,
    extent: Option<Vec<f64>>,
    /// Attribute columns joined from tables.
    attributes: Vec<String>,
}

/// A public point layer.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PointLayerInfo {
    id: String,
    label: String,
    /// Number of points.
    points: usize,
}

/// An indicator.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorInfo {
    id: String,
    label: String,
    unit: String,
    description: String,
    source: String,
}

/// A value: `null` and `secret: true` when masked, `null` and `secret: false` when missing.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueDoc {
    value: Option<f64>,
    secret: bool,
}

/// A zone's share in a parent zone.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParentShareDoc {
    code: String,
    name: String,
    /// Share of the zone's area in this parent, 0 to 1.
    share: f64,
}

/// `GET /api/zones/{layer}` (JSON).
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneTable {
    layer: String,
    /// Zones matching the filters, before `limit` and `offset`.
    total: usize,
    zones: Vec<ZoneRowDoc>,
}

/// A row of the zone table.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneRowDoc {
    code: String,
    name: String,
    parents: Vec<ParentShareDoc>,
    /// By indicator id.
    indicators: BTreeMap<String, ValueDoc>,
}

/// `GET /api/zones/{layer}/{code}`: a GeoJSON Feature.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneFeature {
    /// `Feature`.
    #[serde(rename = "type")]
    kind: String,
    /// The zone's code.
    id: String,
    /// The zone's full geometry (GeoJSON MultiPolygon, WGS84).
    #[schema(value_type = Object)]
    geometry: serde_json::Value,
    properties: ZoneSheetDoc,
}

/// A zone's sheet.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneSheetDoc {
    layer: String,
    code: String,
    name: String,
    parents: Vec<ParentShareDoc>,
    /// Zones of the layers below (the QPVs of a commune; an agency
    /// territory's communes and their QPVs).
    children: Vec<ChildDoc>,
    /// The zones above, nearest first (commune → agency territory → département).
    levels: Vec<LevelDoc>,
    /// The layer whose zones split job-seeker indicators in two parts (`qpv`).
    split_by: Option<String>,
    indicators: Vec<SheetIndicatorDoc>,
}

/// A zone above the sheet's zone.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelDoc {
    layer: String,
    /// The layer's label.
    label: String,
    code: String,
    name: String,
}

/// An indicator for the people inside the split layer's zones (QPVs) and the others.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartsDoc {
    inside: ValueDoc,
    outside: ValueDoc,
}

/// A zone inside another.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChildDoc {
    layer: String,
    code: String,
    name: String,
    share: f64,
}

/// One indicator of a sheet.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SheetIndicatorDoc {
    id: String,
    value: Option<f64>,
    secret: bool,
    /// 1 = highest; `null` when secret or missing.
    rank: Option<usize>,
    /// Zones with a value.
    ranked: usize,
    /// The value in each parent zone.
    parents: Vec<ParentValueDoc>,
    /// The value at each level above, aligned with the sheet's `levels`.
    levels: Vec<ValueDoc>,
    /// QPV and outside-QPV parts, for job-seeker indicators of a split layer.
    parts: Option<PartsDoc>,
    /// The layer's distribution.
    layer: SummaryDoc,
}

/// An indicator's value in a parent zone.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParentValueDoc {
    code: String,
    value: Option<f64>,
    secret: bool,
}

/// An indicator over a layer.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryDoc {
    min: Option<f64>,
    median: Option<f64>,
    mean: Option<f64>,
    max: Option<f64>,
    /// Zones with a value.
    zones: usize,
    /// Zones whose value is secret.
    secret: usize,
}

/// `GET /api/lookup`.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Lookup {
    lon: f64,
    lat: f64,
    layers: Vec<LayerLookupDoc>,
}

/// What one zone layer says of a position.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LayerLookupDoc {
    layer: String,
    /// Zones holding the position (several where zones overlap).
    zones: Vec<ZoneRefDoc>,
    /// Layers with `near_m`: `in`, `near` or `out`.
    status: Option<String>,
    /// Distance to the nearest boundary of the layer, metres (within 50 km).
    distance_to_boundary_m: Option<f64>,
}

/// A zone named.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneRefDoc {
    code: String,
    name: String,
}

/// A row of a JSON batch answer (the answer is an array of them).
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRow {
    /// Row number, from 1.
    row: usize,
    /// The row's `id`, echoed.
    id: Option<String>,
    /// As in `GET /api/lookup`; absent when the row is bad.
    layers: Option<Vec<LayerLookupDoc>>,
    /// Why the row could not be looked up.
    error: Option<String>,
}

/// `GET /api/hotspots`.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Hotspots {
    layer: String,
    indicator: String,
    /// `value` or `volume`.
    sort: String,
    /// The count giving each zone's volume (a ratio's numerator), if any.
    volume_indicator: Option<String>,
    /// The count giving each zone's size (all job-seekers), if any.
    size_indicator: Option<String>,
    /// The minimum size applied (none without a size indicator).
    min_size: Option<f64>,
    /// Zones with a value left out by the minimum size.
    excluded_small: usize,
    /// Zones with a value at or above the minimum size (secret ones are never ranked).
    ranked: usize,
    zones: Vec<Hotspot>,
}

/// A ranked zone.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Hotspot {
    rank: usize,
    code: String,
    name: String,
    /// Names of the zones holding it (a QPV's communes).
    within: Vec<String>,
    value: f64,
    /// Null when secret or missing.
    volume: Option<f64>,
    /// Null when secret or missing.
    size: Option<f64>,
}

/// `GET /api/labels`.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelsAnswer {
    zoom: u8,
    labels: Vec<LabelDoc>,
}

/// A name placed.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelDoc {
    layer: String,
    code: String,
    name: String,
    /// Centre of the text, degrees.
    lon: f64,
    /// Centre of the text, degrees.
    lat: f64,
    /// Font size, pixels.
    size: f32,
    /// `[x0, y0, x1, y1]` in pixels of the zoom level's world (no two overlap).
    #[serde(rename = "box")]
    bounds: Vec<f64>,
}

/// `GET /api/search`.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchAnswer {
    /// The text searched (cut at 100 characters).
    query: String,
    /// Zones matching, before the limit.
    total: usize,
    results: Vec<SearchHit>,
}

/// A zone found.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchHit {
    layer: String,
    code: String,
    name: String,
    layer_label: String,
    /// `exact`, `prefix`, `word` or `contains`.
    #[serde(rename = "match")]
    matched: String,
    /// Names of the zones holding it (a QPV's communes).
    within: Vec<String>,
    /// Zones directly below it (a commune's QPVs), at most 50.
    contains: Vec<ZoneNamed>,
}

/// A zone of some layer.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneNamed {
    layer: String,
    code: String,
    name: String,
}

/// `GET /api/points/{layer}`: a GeoJSON FeatureCollection of points.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PointCollection {
    /// `FeatureCollection`.
    #[serde(rename = "type")]
    kind: String,
    features: Vec<PointFeature>,
}

/// A public place.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PointFeature {
    #[serde(rename = "type")]
    kind: String,
    /// GeoJSON Point, WGS84.
    #[schema(value_type = Object)]
    geometry: serde_json::Value,
    properties: PointProperties,
}

/// What is said of a place.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PointProperties {
    layer: String,
    name: String,
    /// Its address (the manifest's `address` columns), empty when none.
    address: String,
}

/// `GET /api/legend/{layer}/{indicator}`.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LegendAnswer {
    layer: String,
    indicator: String,
    label: String,
    unit: String,
    source: String,
    legend: LegendDoc,
    secret_label: String,
    missing_label: String,
}

/// Classes and colours.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LegendDoc {
    /// `quantiles`, `jenks` or `equal_intervals`.
    method: String,
    /// Low to high.
    classes: Vec<ClassDoc>,
    /// Zones with a secret value.
    secret: ClassDoc,
    /// Zones without a value.
    missing: ClassDoc,
}

/// A class.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassDoc {
    /// Lower bound (inclusive); `null` for the secret and missing classes.
    min: Option<f64>,
    /// Upper bound.
    max: Option<f64>,
    /// `#rrggbb`.
    colour: String,
    /// Zones in the class.
    zones: usize,
}

/// `GET /tiles/{layer}.json`: TileJSON 3.0.0.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TileJson {
    tilejson: String,
    name: String,
    attribution: String,
    version: String,
    tiles: Vec<String>,
    minzoom: u8,
    maxzoom: u8,
    bounds: Vec<f64>,
    center: Vec<f64>,
    vector_layers: Vec<VectorLayer>,
}

/// A layer of the vector tiles.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VectorLayer {
    id: String,
    description: String,
    /// Field name → type and meaning.
    fields: BTreeMap<String, String>,
}

/// `POST /admin/reload`.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reloaded {
    /// `reloaded`.
    status: String,
    /// The new data version.
    version: String,
}

/// `GET /api/zones/{layer}/{code}/series`.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneSeriesDoc {
    layer: String,
    code: String,
    name: String,
    /// One entry per series attached to the layer.
    series: Vec<OneSeriesDoc>,
}

/// A published series of one zone.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OneSeriesDoc {
    id: String,
    label: String,
    unit: String,
    source: String,
    /// Always `true`: published aggregates, shown without statistical secrecy.
    public: bool,
    /// Why the zone has no series (e.g. some of its communes are not published); absent otherwise.
    absent_because: Option<String>,
    /// Month by month, `YYYY-MM`.
    points: Vec<SeriesPointDoc>,
    /// Latest value minus the value 12 months before.
    change_12_months: Option<f64>,
    /// That change in %.
    change_12_months_pct: Option<f64>,
}

/// One month of a series.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeriesPointDoc {
    period: String,
    value: Option<f64>,
}
