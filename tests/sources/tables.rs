//! The Occitanie layers as database tables: one geometry and text cells per
//! row, in file order. Zones as zonage's file readers give them (WGS84: the
//! shapefile's encoding and ring rules are the file readers' business, tested
//! elsewhere); points straight from the raw files, in their own CRS, so that
//! the database sources reproject the job-seekers from Lambert-93 themselves.

use crate::util::shared_geodata;
use geo::{Geometry, Point};
use std::path::Path;
use zonage::zones::ZoneFields;

/// How a layer file is turned into a table.
pub enum Kind {
    /// Zones, with the manifest's code and name fields.
    Zones {
        code: &'static str,
        name: &'static str,
    },
    /// CSV points with coordinate columns in `srid`.
    CsvPoints {
        x: &'static str,
        y: &'static str,
        srid: i32,
    },
    /// GeoJSON points (WGS84).
    GeoJsonPoints,
}

/// A file layer of the Occitanie manifest.
pub struct LayerFile {
    /// Layer id.
    pub id: &'static str,
    /// The file, as the manifest names it.
    pub file: &'static str,
    /// How to read it.
    pub kind: Kind,
}

/// Every file layer of `geodata/occitanie.toml`.
pub const OCCITANIE: &[LayerFile] = &[
    LayerFile {
        id: "qpv",
        file: "occitanie/qpv_2015_lambert93/QP_OCCITANIE_LB93.shp",
        kind: Kind::Zones {
            code: "CODE_QP",
            name: "NOM_QP",
        },
    },
    LayerFile {
        id: "communes",
        file: "occitanie/communes.geojson",
        kind: Kind::Zones {
            code: "code",
            name: "nom",
        },
    },
    LayerFile {
        id: "demandeurs",
        file: "occitanie/demandeurs_emploi_synthetiques.csv",
        kind: Kind::CsvPoints {
            x: "x",
            y: "y",
            srid: 2154,
        },
    },
    LayerFile {
        id: "mediation",
        file: "france/lieux_mediation_numerique_2022.csv",
        kind: Kind::CsvPoints {
            x: "longitude",
            y: "latitude",
            srid: 4326,
        },
    },
    LayerFile {
        id: "france_services",
        file: "france/france_services_2024.csv",
        kind: Kind::CsvPoints {
            x: "longitude",
            y: "latitude",
            srid: 4326,
        },
    },
    LayerFile {
        id: "agences_france_travail",
        file: "france/agences_france_travail.geojson",
        kind: Kind::GeoJsonPoints,
    },
];

/// A table: its name (the layer id), the SRID of its geometries, its text
/// columns, and its rows.
pub struct Table {
    /// Table name.
    pub name: String,
    /// SRID of every geometry.
    pub srid: i32,
    /// Text columns, in order.
    pub columns: Vec<String>,
    /// Geometry (`None`: NULL) and cells of each row.
    pub rows: Rows,
}

impl LayerFile {
    /// The layer as a table.
    pub fn table(&self) -> Table {
        let path = shared_geodata().unwrap().join(self.file);
        let (srid, columns, rows) = match self.kind {
            Kind::Zones { code, name } => zones(&path, code, name),
            Kind::CsvPoints { x, y, srid } => csv_points(&path, x, y, srid),
            Kind::GeoJsonPoints => geojson_points(&path),
        };
        Table {
            name: self.id.to_string(),
            srid,
            columns,
            rows,
        }
    }
}

/// Geometry (`None`: NULL) and text cells of each row.
pub type Rows = Vec<(Option<Geometry<f64>>, Vec<Option<String>>)>;

fn zones(path: &Path, code: &str, name: &str) -> (i32, Vec<String>, Rows) {
    let fields = ZoneFields {
        code,
        name,
        extra: &[],
    };
    let raw = zonage::input::read_zones(path, &fields, None, None).unwrap();
    let rows = raw
        .shapes
        .into_iter()
        .zip(raw.codes.into_iter().zip(raw.names))
        .map(|(shape, (c, n))| (Some(Geometry::MultiPolygon(shape)), vec![Some(c), Some(n)]))
        .collect();
    (4326, vec![code.to_string(), name.to_string()], rows)
}

fn csv_points(path: &Path, x: &str, y: &str, srid: i32) -> (i32, Vec<String>, Rows) {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .unwrap();
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (xi, yi) = (col(x), col(y));
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let coordinate = |i: usize| zonage::input::parse_number(&r[i], '.');
            let geometry = match (coordinate(xi), coordinate(yi)) {
                (Some(x), Some(y)) => Some(Geometry::Point(Point::new(x, y))),
                _ => None,
            };
            let cells = r.iter().map(|c| Some(c.to_string())).collect();
            (geometry, cells)
        })
        .collect();
    (srid, headers, rows)
}

fn geojson_points(path: &Path) -> (i32, Vec<String>, Rows) {
    let text = std::fs::read_to_string(path).unwrap();
    let fc: geojson::FeatureCollection = text.parse().unwrap();
    let mut columns: Vec<String> = fc.features[0]
        .properties
        .iter()
        .flat_map(|p| p.keys().cloned())
        .collect();
    columns.sort();
    let rows = fc
        .features
        .iter()
        .map(|f| {
            let geometry = f
                .geometry
                .as_ref()
                .map(|g| Geometry::try_from(g.clone()).unwrap());
            let cells = columns
                .iter()
                .map(|c| match f.property(c) {
                    None | Some(serde_json::Value::Null) => None,
                    Some(serde_json::Value::String(s)) => Some(s.clone()),
                    Some(other) => Some(other.to_string()),
                })
                .collect();
            (geometry, cells)
        })
        .collect();
    (4326, columns, rows)
}
