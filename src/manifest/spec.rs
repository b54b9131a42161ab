//! The shape of a manifest, as serde reads it. Field names are the TOML keys.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A whole territory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Name and attribution of the territory.
    pub territory: TerritoryMeta,
    /// The statistical-secrecy rule.
    #[serde(default)]
    pub secrecy: SecrecyRule,
    /// Zone layers (`[[zones]]`), polygons such as QPV and communes.
    #[serde(default)]
    pub zones: Vec<ZoneLayerSpec>,
    /// Point layers (`[[points]]`), such as job-seekers and service places.
    #[serde(default)]
    pub points: Vec<PointLayerSpec>,
    /// Indicators (`[[indicators]]`), computed for every zone layer.
    #[serde(default)]
    pub indicators: Vec<IndicatorSpec>,
    /// Published time series (`[[series]]`) attached to zone layers by code.
    #[serde(default)]
    pub series: Vec<SeriesSpec>,
    /// The manifest file itself (set by [`Manifest::load`]).
    #[serde(skip)]
    pub path: PathBuf,
    /// The manifest's text as read (set by [`Manifest::parse`]): part of the
    /// data version, since labels, rules and colours change the answers.
    #[serde(skip)]
    pub text: String,
}

/// Name and attribution of a territory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerritoryMeta {
    /// Display name, e.g. "Occitanie".
    pub name: String,
    /// Attribution line shown with maps and exports.
    #[serde(default)]
    pub source: String,
    /// Date or vintage of the data (e.g. "juin 2024"), written on static
    /// maps, exports and file names (see [`TerritoryMeta::vintage`]).
    pub date: Option<String>,
    /// A background tile URL for the map application (e.g.
    /// `https://tile.openstreetmap.org/{z}/{x}/{y}.png`); none by default, so
    /// that the map works on a network without internet.
    pub basemap: Option<String>,
    /// The background's attribution, shown on the map.
    #[serde(default)]
    pub basemap_attribution: String,
    /// The day the data describe (`YYYY-MM-DD`), from which registration
    /// lengths (`older_than_months` filters) and series changes are measured.
    pub reference_date: Option<String>,
    /// A zone layer (the QPVs) whose zones split every job-seeker indicator
    /// of the other layers in two: people living in one of its zones, and
    /// the others (columns `<id>_<layer>` and `<id>_hors_<layer>`).
    pub split_by: Option<String>,
}

/// Counts derived from private layers under `threshold` are masked.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecrecyRule {
    /// Smallest count that may be shown; counts from 1 to `threshold - 1` are
    /// secret. Zero is shown: it reveals no one.
    pub threshold: u32,
}

impl Default for SecrecyRule {
    fn default() -> Self {
        SecrecyRule { threshold: 11 }
    }
}

impl TerritoryMeta {
    /// The data's vintage as people read it: `date`, else the month of
    /// `reference_date` ("décembre 2022"), else `None`. Never the day the
    /// data were loaded: a map printed in March of December's data says
    /// December.
    pub fn vintage(&self) -> Option<String> {
        if let Some(date) = self.date.as_deref().filter(|d| !d.trim().is_empty()) {
            return Some(date.trim().to_string());
        }
        let (y, m, _) = super::dates::parse_day(self.reference_date.as_deref()?)?;
        Some(super::dates::month_label(y, m))
    }
}

/// Where a layer's features come from: `source = { kind = "…", … }` in a
/// `[[zones]]` or `[[points]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum SourceSpec {
    /// A file, read by its extension (what `file = …` says).
    File {
        /// The file, relative to the data folder.
        path: PathBuf,
    },
    /// A table (or view) of a GeoPackage (`.gpkg`, SQLite), as IGN
    /// distributes Admin Express and BD TOPO.
    Geopackage {
        /// The GeoPackage file, relative to the data folder.
        path: PathBuf,
        /// The feature table.
        table: String,
    },
    /// The rows of a query on PostgreSQL/PostGIS.
    Postgis {
        /// The environment variable holding the connection string (a URL or
        /// `host=… dbname=…`): never written in the manifest, which is shared.
        url_env: String,
        /// A `SELECT` returning the geometry column and the fields the
        /// layer names (code, name, filter columns…).
        query: String,
        /// The geometry column of the query's rows (`geom` by default).
        #[serde(default = "geom")]
        geometry: String,
    },
}

fn geom() -> String {
    "geom".into()
}

impl SourceSpec {
    /// The source a layer entry names: its `source`, else its `file`;
    /// `None` when it has neither (a derived layer).
    pub fn of(file: &std::path::Path, source: &Option<SourceSpec>) -> Option<SourceSpec> {
        match source {
            Some(s) => Some(s.clone()),
            None if file.as_os_str().is_empty() => None,
            None => Some(SourceSpec::File {
                path: file.to_path_buf(),
            }),
        }
    }
}

/// A polygon layer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneLayerSpec {
    /// Identifier used in indicators, reports and URLs (e.g. `qpv`).
    pub id: String,
    /// Display label (e.g. "Quartiers prioritaires").
    #[serde(default)]
    pub label: String,
    /// GeoJSON (`.geojson`, `.json`) or ESRI Shapefile (`.shp`, or a `.zip`
    /// holding one): the shorthand of `source = { kind = "file", path = … }`.
    /// A layer not `derive`d from another has a `file` or a `source`.
    #[serde(default)]
    pub file: PathBuf,
    /// Where the zones come from when not from `file`: a GeoPackage table or
    /// a PostGIS query (see [`SourceSpec`]).
    pub source: Option<SourceSpec>,
    /// The property or field holding each zone's code (file layers).
    #[serde(default)]
    pub code: String,
    /// The property or field holding each zone's name (file layers).
    #[serde(default)]
    pub name: String,
    /// Numeric attributes read from the zone file itself: property or field
    /// name = attribute name.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// A property listing the codes of each zone's parents (e.g. QPV 2024's
    /// `insee_communes`, `|`-separated): the listed zones are its parents,
    /// whatever the overlap of two boundary files of different precision.
    pub parents_from: Option<String>,
    /// Builds the layer from another one's zones instead of a file.
    pub derive: Option<DeriveSpec>,
    /// Overrides the CRS the file declares (e.g. `EPSG:2154`).
    pub crs: Option<String>,
    /// Text encoding of a shapefile's `.dbf` when it has no `.cpg` file (default: what the `.dbf` header says, else Windows-1252).
    pub encoding: Option<String>,
    /// Another zone layer whose zones contain these (computed spatially, with area shares).
    pub parent: Option<String>,
    /// Point lookups on this layer say `in`, `out` or `near` (within this
    /// many metres of a zone's boundary), with the distance to the nearest
    /// boundary: the "is this address in a QPV" check.
    pub near_m: Option<f64>,
    /// Attribute tables joined on the zone code.
    #[serde(default)]
    pub attributes: Vec<AttributeTableSpec>,
}

/// How a zone layer is built from the zones (members) of another layer.
/// Exactly one of `code_prefix`, `attribute`, `mapping`, `nearest` and `whole`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeriveSpec {
    /// The member layer (e.g. `communes`).
    pub from: String,
    /// Group by the first N characters of the member's code (2 for
    /// départements; codes starting with `97` take 3, the overseas rule).
    pub code_prefix: Option<usize>,
    /// Group by a text property of the member's file (e.g. `epci`).
    pub attribute: Option<String>,
    /// Group by a CSV table: member code → group code (and name).
    pub mapping: Option<MappingSpec>,
    /// Group each member with the nearest point of this public point layer
    /// (measured from the member's inner point).
    pub nearest: Option<String>,
    /// Every member in one zone, the whole territory (a region), with this
    /// code; named by `name`, else by the territory's name. Sheets then
    /// compare each zone with the whole territory.
    pub whole: Option<String>,
    /// `nearest`: the point column giving the group's code (the point's
    /// rank in the file when absent or empty).
    pub code: Option<String>,
    /// `nearest`: the group's name, with `{column}` replaced by the point's
    /// value (e.g. `"Agence de {city}"`); the point's name when absent.
    /// `whole`: the zone's name.
    pub name: Option<String>,
    /// `nearest`: only the points this filter keeps can be a group.
    pub filter: Option<Filter>,
    /// `code_prefix` and `attribute`: `"departements"` names groups after the
    /// French départements; otherwise a group is named by its code.
    pub names: Option<String>,
}

/// A CSV mapping of members to groups.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingSpec {
    /// The CSV file.
    pub file: PathBuf,
    /// The column holding the member's code.
    pub member: String,
    /// The column holding the group's code.
    pub group: String,
    /// The column holding the group's name (the code when absent).
    pub name: Option<String>,
    /// CSV dialect.
    #[serde(flatten)]
    pub csv: CsvDialect,
}

/// A published time series in long form: one row per zone and period.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesSpec {
    /// Identifier used by `series` indicators and in URLs.
    pub id: String,
    /// French label.
    #[serde(default)]
    pub label: String,
    /// Unit of the values (e.g. `personnes`).
    #[serde(default)]
    pub unit: String,
    /// Where the figures come from.
    #[serde(default)]
    pub source: String,
    /// The CSV file.
    pub file: PathBuf,
    /// Column of the zone code.
    pub code: String,
    /// Column of the period: `2024-12`, or a French month and year
    /// (`decembre_2024`, `décembre 2024`).
    pub period: String,
    /// Column of the value.
    pub value: String,
    /// Zone layers the series is attached to (all by default).
    #[serde(default)]
    pub layers: Vec<String>,
    /// CSV dialect.
    #[serde(flatten)]
    pub csv: CsvDialect,
}

/// A CSV table joined to a zone layer on its code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeTableSpec {
    /// The CSV file.
    pub file: PathBuf,
    /// The column holding the zone code.
    pub key: String,
    /// Columns to keep: source column name = attribute name.
    pub columns: BTreeMap<String, String>,
    /// CSV dialect.
    #[serde(flatten)]
    pub csv: CsvDialect,
}

/// How a CSV file is written.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CsvDialect {
    /// Field separator, `,` by default (`;` in French spreadsheet exports).
    pub delimiter: Option<char>,
    /// Decimal separator, `.` by default (`,` in French exports).
    pub decimal: Option<char>,
    /// `utf-8` (default; a BOM is skipped) or `windows-1252` (also `latin1`).
    pub encoding: Option<String>,
}

/// A point layer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointLayerSpec {
    /// Identifier used in indicators (e.g. `demandeurs`).
    pub id: String,
    /// Display label.
    #[serde(default)]
    pub label: String,
    /// CSV or GeoJSON file of points: the shorthand of `source = { kind =
    /// "file", path = … }`. A layer has a `file` or a `source`.
    #[serde(default)]
    pub file: PathBuf,
    /// Where the points come from when not from `file`: a GeoPackage table
    /// or a PostGIS query (see [`SourceSpec`]).
    pub source: Option<SourceSpec>,
    /// CSV: the column of x or longitude.
    #[serde(alias = "lon")]
    pub x: Option<String>,
    /// CSV: the column of y or latitude.
    #[serde(alias = "lat")]
    pub y: Option<String>,
    /// CRS of the coordinates; `EPSG:4326` by default for CSV.
    pub crs: Option<String>,
    /// Column or property naming each place (public layers only; ignored for private ones).
    pub name: Option<String>,
    /// Columns or properties making each place's address, in order (e.g.
    /// `["adresse", "code_postal", "commune"]`), joined by commas in the
    /// sheets; public layers only.
    #[serde(default)]
    pub address: Vec<String>,
    /// Personal data: never shown one by one, counts under the secrecy threshold masked.
    #[serde(default)]
    pub private: bool,
    /// CSV dialect.
    #[serde(flatten)]
    pub csv: CsvDialect,
}

/// One indicator, computed for each zone of every zone layer.
#[derive(Debug, Clone, Deserialize)]
pub struct IndicatorSpec {
    /// Identifier (e.g. `part_non_autonomes`).
    pub id: String,
    /// French label for maps and tables.
    pub label: String,
    /// Unit (e.g. `%`, `km`, `personnes`).
    #[serde(default)]
    pub unit: String,
    /// What it measures, in a sentence.
    #[serde(default)]
    pub description: String,
    /// Where the data come from.
    #[serde(default)]
    pub source: String,
    /// Decimals published: values are rounded to them when computed (see
    /// [`IndicatorSpec::decimals`] for the default).
    #[serde(default)]
    pub decimals: Option<u8>,
    /// What to compute.
    #[serde(flatten)]
    pub kind: IndicatorKind,
}

impl IndicatorSpec {
    /// Its label with its unit, for a header: `Part des… (%)`; the label
    /// alone when it has no unit.
    pub fn label_with_unit(&self) -> String {
        if self.unit.is_empty() {
            self.label.clone()
        } else {
            format!("{} ({})", self.label, self.unit)
        }
    }

    /// The decimals values are rounded to: as declared, else one for shares
    /// (ratios, shares beyond N km), whose extra digits would let a share
    /// times a shown count give an exact count back, and for scores; two for
    /// distances in km (ten metres: the positions are addresses); six
    /// otherwise (attributes as published).
    pub fn decimals(&self) -> u8 {
        let default = match &self.kind {
            IndicatorKind::Ratio { .. } | IndicatorKind::Score { .. } => 1,
            IndicatorKind::Distance { statistic, .. } => match statistic {
                DistanceStatistic::ShareBeyond => 1,
                _ => 2,
            },
            _ => 6,
        };
        self.decimals.unwrap_or(default).min(6)
    }
}

/// What an indicator computes.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum IndicatorKind {
    /// Number of a layer's points in the zone, optionally filtered.
    Count {
        /// The point layer.
        points: String,
        /// Keep only points whose column matches.
        filter: Option<Filter>,
    },
    /// `numerator / denominator × scale`.
    Ratio {
        /// Indicator id.
        numerator: String,
        /// Indicator id (or use `denominator_attribute`).
        denominator: Option<String>,
        /// Zone attribute name, e.g. `population`.
        denominator_attribute: Option<String>,
        /// Multiplier, e.g. 100 for a percentage.
        #[serde(default = "one")]
        scale: f64,
    },
    /// Distance from the zone's points of `from` to the nearest point of `to`.
    Distance {
        /// Point layer whose points are measured (e.g. job-seekers).
        from: String,
        /// Service layers; the nearest point of any of them counts.
        to: Vec<String>,
        /// Summary over the zone's points.
        statistic: DistanceStatistic,
        /// For `share_beyond`: the distance in km.
        beyond_km: Option<f64>,
    },
    /// Number of service points in the zone, or within `within_km` of it.
    Services {
        /// Service layers.
        points: Vec<String>,
        /// 0 or absent: inside the zone only.
        within_km: Option<f64>,
    },
    /// A joined attribute, as is.
    Attribute {
        /// Attribute name (after renaming).
        attribute: String,
    },
    /// Composite score (0–100), ranking zones on several indicators.
    Score {
        /// The indicators combined.
        terms: Vec<ScoreTerm>,
    },
    /// A figure of a published time series (`[[series]]`): its latest value,
    /// or its change over `months`.
    Series {
        /// The series id.
        series: String,
        /// `latest`, `change` (in the series' unit) or `change_pct`.
        statistic: SeriesStatistic,
        /// For changes: how many months back (12 by default).
        #[serde(default = "twelve")]
        months: u32,
    },
}

fn twelve() -> u32 {
    12
}

/// What a `series` indicator takes from a zone's series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeriesStatistic {
    /// The value of the latest period.
    Latest,
    /// Latest value minus the value `months` earlier.
    Change,
    /// That change in % of the earlier value.
    ChangePct,
}

fn one() -> f64 {
    1.0
}

/// A filter on a point layer's column: exactly one of the four tests.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Column name.
    pub column: String,
    /// Keep points whose value equals this.
    pub equals: Option<String>,
    /// Keep points whose value differs from this.
    pub not_equals: Option<String>,
    /// Keep points whose value is one of these.
    #[serde(rename = "in")]
    pub one_of: Option<Vec<String>>,
    /// Keep points whose value, a date `YYYY-MM-DD`, lies more than this
    /// many months before `[territory] reference_date` (e.g. registered for
    /// more than 12 months).
    pub older_than_months: Option<u32>,
    /// Set at load time from `older_than_months` and the reference date:
    /// dates strictly before it are kept.
    #[serde(skip)]
    pub before: Option<String>,
}

/// Summary of distances over a zone's points.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DistanceStatistic {
    /// Median, in km.
    Median,
    /// Mean, in km.
    Mean,
    /// 90th percentile, in km.
    P90,
    /// Share (%) of points farther than `beyond_km`.
    ShareBeyond,
}

/// One term of a composite score.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreTerm {
    /// Indicator id.
    pub indicator: String,
    /// Which way is worse.
    pub direction: Direction,
    /// Relative weight (default 1).
    #[serde(default = "one")]
    pub weight: f64,
}

/// Which values of a score term mean more exclusion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher values are worse (e.g. share not autonomous online).
    HigherIsWorse,
    /// Lower values are worse (e.g. number of help places).
    LowerIsWorse,
}

impl IndicatorKind {
    /// Indicators this one is computed from.
    pub fn inputs(&self) -> Vec<&str> {
        match self {
            IndicatorKind::Ratio {
                numerator,
                denominator,
                ..
            } => std::iter::once(numerator.as_str())
                .chain(denominator.as_deref())
                .collect(),
            IndicatorKind::Score { terms } => terms.iter().map(|t| t.indicator.as_str()).collect(),
            _ => Vec::new(),
        }
    }
}
