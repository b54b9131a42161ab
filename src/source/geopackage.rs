//! GeoPackage tables (OGC 12-128r18): SQLite files whose feature tables hold
//! geometries as "GeoPackage binary" (a `GP` header, then WKB), with their
//! CRS in `gpkg_spatial_ref_sys`. IGN distributes Admin Express and BD TOPO
//! this way. Opened read-only: the file is never written.

use super::rows::{self, quote, PointRows, Row, ZoneRows};
use super::{wkb_geometry, Source};
use crate::crs::Crs;
use crate::error::{InputError, Location};
use crate::manifest::{PointLayerSpec, ZoneLayerSpec};
use crate::points::PointLayer;
use crate::zones::{RawZones, ZoneFields};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// A feature table of a GeoPackage file.
pub struct GeoPackageSource {
    path: PathBuf,
    table: String,
    name: PathBuf,
}

impl GeoPackageSource {
    /// The table `table` of the GeoPackage at `path` (not opened yet).
    pub fn new(path: PathBuf, table: &str) -> GeoPackageSource {
        let name = PathBuf::from(format!("{}, table `{table}`", path.display()));
        GeoPackageSource {
            path,
            table: table.to_string(),
            name,
        }
    }

    fn error(&self, problem: impl Into<String>) -> InputError {
        InputError::file(&self.name, problem)
    }

    /// Opens the file read-only and finds the table's geometry column.
    fn open(&self) -> Result<Table, InputError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let db = Connection::open_with_flags(&self.path, flags)
            .map_err(|e| self.error(format!("cannot open the GeoPackage: {e}")))?;
        let (geometry, srs_id) = self.geometry_column(&db)?;
        Ok(Table {
            db,
            geometry,
            srs_id,
        })
    }

    /// Reads the table's rows with `wanted` columns, handing each to `each`
    /// with the table's CRS (or `crs_override`); returns that CRS.
    fn read(
        &self,
        table: &Table,
        wanted: &[String],
        crs_override: Option<&str>,
        mut each: impl FnMut(Row, &Crs) -> Result<(), InputError>,
    ) -> Result<Crs, InputError> {
        let db = &table.db;
        let crs = self.crs(db, table.srs_id, crs_override)?;
        rows::check_columns(&self.name, &self.columns(db)?, wanted)?;
        let sql = select(&self.table, &table.geometry, wanted);
        let mut statement = db.prepare(&sql).map_err(|e| self.error(e.to_string()))?;
        let mut cursor = statement.query([]).map_err(|e| self.error(e.to_string()))?;
        let mut number = 0;
        while let Some(row) = cursor.next().map_err(|e| self.error(e.to_string()))? {
            number += 1;
            each(self.row(row, number, table, wanted)?, &crs)?;
        }
        Ok(crs)
    }

    fn row(
        &self,
        row: &rusqlite::Row,
        number: u64,
        table: &Table,
        wanted: &[String],
    ) -> Result<Row, InputError> {
        let at = |problem: String, field: &str| {
            InputError::at(&self.name, Location::Row(number), problem).field(field)
        };
        let g = table.geometry.as_str();
        let geometry = match row.get_ref(0).map_err(|e| at(e.to_string(), g))? {
            ValueRef::Null => None,
            ValueRef::Blob(blob) => Some(
                gpkg_wkb(blob)
                    .and_then(wkb_geometry::decode)
                    .map_err(|e| at(e, g))?,
            ),
            other => {
                let problem = format!("expected a geometry, found a {:?}", other.data_type());
                return Err(at(problem, g));
            }
        };
        let cells = (1..)
            .zip(wanted)
            .map(|(i, name)| {
                row.get_ref(i)
                    .map(text)
                    .map_err(|e| at(e.to_string(), name))
            })
            .collect::<Result<_, _>>()?;
        Ok(Row {
            number,
            geometry,
            cells,
        })
    }

    /// The table's columns.
    fn columns(&self, db: &Connection) -> Result<Vec<String>, InputError> {
        let probe = format!("SELECT * FROM {} LIMIT 0", quote(&self.table));
        let statement = db.prepare(&probe).map_err(|e| self.error(e.to_string()))?;
        Ok(statement
            .column_names()
            .iter()
            .map(|c| c.to_string())
            .collect())
    }

    /// The table's geometry column and its `srs_id`, from `gpkg_geometry_columns`.
    fn geometry_column(&self, db: &Connection) -> Result<(String, i64), InputError> {
        let sql = "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?1";
        db.query_row(sql, [&self.table], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| {
                let tables = feature_tables(db).unwrap_or_default();
                self.error(format!(
                    "no feature table `{}` in this GeoPackage (feature tables: {}; {e})",
                    self.table,
                    tables.join(", ")
                ))
                .field("table")
            })
    }

    /// The CRS of `srs_id`: by its EPSG code, else by its WKT definition.
    fn crs(
        &self,
        db: &Connection,
        srs_id: i64,
        crs_override: Option<&str>,
    ) -> Result<Crs, InputError> {
        let crs_error = |e: crate::crs::CrsError| self.error(e.to_string()).field("crs");
        if let Some(name) = crs_override {
            return Crs::parse(name).map_err(crs_error);
        }
        let sql = "SELECT organization, organization_coordsys_id, definition \
                   FROM gpkg_spatial_ref_sys WHERE srs_id = ?1";
        let (org, code, wkt): (String, i64, String) = db
            .query_row(sql, [srs_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|e| {
                self.error(format!(
                    "srs_id {srs_id} is not in gpkg_spatial_ref_sys: {e}"
                ))
                .field("crs")
            })?;
        if org.eq_ignore_ascii_case("EPSG") && code > 0 {
            return Crs::from_epsg(code as u32).map_err(crs_error);
        }
        Crs::from_wkt(&wkt).map_err(|e| {
            self.error(format!("{e}: set `crs` in the manifest (srs_id {srs_id})"))
                .field("crs")
        })
    }
}

impl Source for GeoPackageSource {
    fn name(&self) -> &Path {
        &self.name
    }

    fn zones(&self, spec: &ZoneLayerSpec, fields: &ZoneFields) -> Result<RawZones, InputError> {
        let table = self.open()?;
        let mut zones = ZoneRows::new(&self.name, &table.geometry, fields);
        let wanted = rows::zone_columns(fields);
        let crs = self.read(&table, &wanted, spec.crs.as_deref(), |row, crs| {
            zones.push(row, crs)
        })?;
        Ok(zones.finish(Some(&crs)))
    }

    fn points(&self, spec: &PointLayerSpec, keep: &[String]) -> Result<PointLayer, InputError> {
        let table = self.open()?;
        let mut points = PointRows::new(&self.name, &table.geometry, spec, keep);
        let wanted = rows::point_columns(spec, keep);
        let crs = self.read(&table, &wanted, spec.crs.as_deref(), |row, crs| {
            points.push(row, crs)
        })?;
        Ok(points.finish(Some(&crs)))
    }
}

/// An open GeoPackage and what its table's geometries are.
struct Table {
    db: Connection,
    geometry: String,
    srs_id: i64,
}

/// `SELECT "geometry", "a", "b" FROM "table"`, identifiers quoted.
fn select(table: &str, geometry: &str, columns: &[String]) -> String {
    let quoted: Vec<String> = std::iter::once(geometry)
        .chain(columns.iter().map(String::as_str))
        .map(quote)
        .collect();
    format!("SELECT {} FROM {}", quoted.join(", "), quote(table))
}

fn feature_tables(db: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut s = db.prepare("SELECT table_name FROM gpkg_geometry_columns ORDER BY 1")?;
    let names = s.query_map([], |r| r.get(0))?;
    names.collect()
}

/// A cell as text: numbers written as Rust writes them (`1234`, `12.5`).
fn text(value: ValueRef) -> Option<String> {
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
    }
}

/// The WKB inside a GeoPackage binary geometry: after the `GP` magic, the
/// version, the flags, the `srs_id` and the envelope the flags announce.
fn gpkg_wkb(blob: &[u8]) -> Result<&[u8], String> {
    if blob.len() < 8 || &blob[..2] != b"GP" {
        return Err("not a GeoPackage geometry (no `GP` header)".into());
    }
    let flags = blob[3];
    if flags & 0b10_0000 != 0 {
        return Err("extended GeoPackage geometry types are not supported".into());
    }
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        other => {
            return Err(format!(
                "invalid envelope code {other} in the GeoPackage header"
            ))
        }
    };
    blob.get(8 + envelope..)
        .ok_or_else(|| "truncated GeoPackage geometry".to_string())
}

#[cfg(test)]
mod tests {
    use super::gpkg_wkb;

    #[test]
    fn the_header_and_its_envelope_are_skipped() {
        let mut blob = vec![b'G', b'P', 0, 0b0000_0011, 0xE6, 0x10, 0, 0];
        blob.extend([0u8; 32]);
        blob.extend([1, 1, 0, 0, 0]);
        assert_eq!(gpkg_wkb(&blob).unwrap(), [1, 1, 0, 0, 0]);
        assert!(gpkg_wkb(b"XX\0\0\0\0\0\0").is_err());
        assert!(gpkg_wkb(&blob[..20]).is_err());
    }
}
