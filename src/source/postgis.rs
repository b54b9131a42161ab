//! PostgreSQL/PostGIS queries: the rows of a `SELECT`, geometries fetched
//! as WKB (`ST_AsBinary`) with their SRID, fields as text. The connection
//! string comes from an environment variable named in the manifest, never
//! from the manifest itself (it holds a password, and manifests are shared);
//! messages never print it.
//!
//! Rows are streamed (`query_raw`), not collected first: 600,000
//! job-seekers do not sit twice in memory.

use super::rows::{self, quote, PointRows, Row, ZoneRows};
use super::{query_name, wkb_geometry, Source};
use crate::crs::Crs;
use crate::error::{InputError, Location};
use crate::manifest::{PointLayerSpec, ZoneLayerSpec};
use crate::points::PointLayer;
use crate::zones::{RawZones, ZoneFields};
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, NoTls};
use std::path::{Path, PathBuf};

/// A query on a PostGIS database.
pub struct PostgisSource {
    url_env: String,
    query: String,
    geometry: String,
    name: PathBuf,
}

impl PostgisSource {
    /// The query `query`, on the database whose connection string is in the
    /// environment variable `url_env`, geometries in column `geometry`.
    pub fn new(url_env: &str, query: &str, geometry: &str) -> PostgisSource {
        PostgisSource {
            url_env: url_env.to_string(),
            query: query.trim().trim_end_matches(';').to_string(),
            geometry: geometry.to_string(),
            name: query_name(query),
        }
    }

    fn error(&self, problem: impl Into<String>) -> InputError {
        InputError::file(&self.name, problem)
    }

    fn connect(&self) -> Result<Client, InputError> {
        let url = std::env::var(&self.url_env).map_err(|_| {
            self.error(format!(
                "the environment variable `{}` is not set: it holds the PostgreSQL connection string",
                self.url_env
            ))
            .field("url_env")
        })?;
        Client::connect(&url, NoTls).map_err(|e| {
            let problem = format!(
                "cannot connect to PostgreSQL (`{}`): {}",
                self.url_env,
                said(&e)
            );
            self.error(problem).field("url_env")
        })
    }

    /// The query's column names, from its description (no row is fetched).
    fn columns(&self, db: &mut Client) -> Result<Vec<String>, InputError> {
        let probe = format!("SELECT * FROM ({}) AS zonage_source LIMIT 0", self.query);
        let statement = db.prepare(&probe).map_err(|e| {
            self.error(format!("the query fails: {}", said(&e)))
                .field("query")
        })?;
        Ok(statement
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect())
    }

    /// Streams the rows with `wanted` columns to `each`, with the rows' CRS
    /// (from their SRID, or `crs_override`); returns the last CRS used.
    fn read(
        &self,
        wanted: &[String],
        crs_override: Option<&str>,
        mut each: impl FnMut(Row, &Crs) -> Result<(), InputError>,
    ) -> Result<Option<Crs>, InputError> {
        let mut db = self.connect()?;
        let present = self.columns(&mut db)?;
        rows::check_columns(&self.name, &present, std::slice::from_ref(&self.geometry))?;
        rows::check_columns(&self.name, &present, wanted)?;
        let mut crs = SridCrs::new(crs_override).map_err(|e| self.error(e).field("crs"))?;
        let no_params: [&str; 0] = [];
        let mut stream = db.query_raw(&self.select(wanted), no_params).map_err(|e| {
            self.error(format!("the query fails: {}", said(&e)))
                .field("query")
        })?;
        let mut number = 0;
        while let Some(row) = stream
            .next()
            .map_err(|e| self.error(said(&e)).field("query"))?
        {
            number += 1;
            let row = self.row(&row, number, wanted)?;
            let srid = row.row.geometry.as_ref().and(row.srid);
            let crs = crs.for_srid(srid).map_err(|e| {
                InputError::at(&self.name, Location::Row(number), e).field(self.geometry.as_str())
            })?;
            each(row.row, crs)?;
        }
        Ok(crs.last())
    }

    /// The query wrapped to give the geometry as WKB with its SRID, then
    /// the wanted fields as text.
    fn select(&self, wanted: &[String]) -> String {
        let g = quote(&self.geometry);
        let fields: Vec<String> = wanted
            .iter()
            .map(|c| format!("{}::text", quote(c)))
            .collect();
        let fields = fields.iter().map(|f| format!(", {f}")).collect::<String>();
        format!(
            "SELECT ST_AsBinary({g}), ST_SRID({g}){fields} FROM ({}) AS zonage_source",
            self.query
        )
    }

    fn row(
        &self,
        row: &postgres::Row,
        number: u64,
        wanted: &[String],
    ) -> Result<SridRow, InputError> {
        let at = |problem: String, field: &str| {
            InputError::at(&self.name, Location::Row(number), problem).field(field)
        };
        let wkb: Option<&[u8]> = row.try_get(0).map_err(|e| at(said(&e), &self.geometry))?;
        let geometry = match wkb {
            None => None,
            Some(bytes) => Some(wkb_geometry::decode(bytes).map_err(|e| at(e, &self.geometry))?),
        };
        let srid: Option<i32> = row.try_get(1).map_err(|e| at(said(&e), &self.geometry))?;
        let cells = (2..)
            .zip(wanted)
            .map(|(i, name)| {
                row.try_get::<_, Option<String>>(i)
                    .map_err(|e| at(said(&e), name))
            })
            .collect::<Result<_, _>>()?;
        Ok(SridRow {
            row: Row {
                number,
                geometry,
                cells,
            },
            srid,
        })
    }
}

/// A row with the SRID of its geometry.
struct SridRow {
    row: Row,
    srid: Option<i32>,
}

/// The CRS of the rows: the manifest's `crs` when set, else the SRID of the
/// geometries, which must be the same on every row.
enum SridCrs {
    /// The layer's `crs`: SRIDs are not looked at.
    Fixed(Crs),
    /// The first SRID met and its CRS (`None` before any geometry).
    FromRows(Option<(i32, Crs)>),
}

impl SridCrs {
    fn new(crs_override: Option<&str>) -> Result<SridCrs, String> {
        Ok(match crs_override {
            Some(name) => SridCrs::Fixed(Crs::parse(name).map_err(|e| e.to_string())?),
            None => SridCrs::FromRows(None),
        })
    }

    /// The CRS of a row whose geometry has `srid` (`None`: no geometry).
    fn for_srid(&mut self, srid: Option<i32>) -> Result<&Crs, String> {
        if let (SridCrs::FromRows(met), Some(srid)) = (&mut *self, srid) {
            meet(met, srid)?;
        }
        Ok(match self {
            SridCrs::Fixed(crs) | SridCrs::FromRows(Some((_, crs))) => crs,
            SridCrs::FromRows(None) => wgs84(),
        })
    }

    fn last(self) -> Option<Crs> {
        match self {
            SridCrs::Fixed(crs) | SridCrs::FromRows(Some((_, crs))) => Some(crs),
            SridCrs::FromRows(None) => None,
        }
    }
}

/// Takes the first SRID met; any other one later is an error.
fn meet(met: &mut Option<(i32, Crs)>, srid: i32) -> Result<(), String> {
    match met.as_ref().map(|(known, _)| *known) {
        Some(known) if known == srid => Ok(()),
        Some(known) => Err(format!(
            "SRID {srid}, where earlier rows have {known}: transform them to one CRS in the query (ST_Transform)"
        )),
        None if srid <= 0 => Err(
            "geometry without SRID: set `crs` in the manifest, or ST_SetSRID in the query".into(),
        ),
        None => {
            let crs = Crs::from_epsg(srid as u32)
                .map_err(|e| format!("{e}: set `crs` in the manifest"))?;
            *met = Some((srid, crs));
            Ok(())
        }
    }
}

fn wgs84() -> &'static Crs {
    static WGS84: std::sync::OnceLock<Crs> = std::sync::OnceLock::new();
    WGS84.get_or_init(Crs::wgs84)
}

impl Source for PostgisSource {
    fn name(&self) -> &Path {
        &self.name
    }

    fn zones(&self, spec: &ZoneLayerSpec, fields: &ZoneFields) -> Result<RawZones, InputError> {
        let mut zones = ZoneRows::new(&self.name, &self.geometry, fields);
        let crs = self.read(
            &rows::zone_columns(fields),
            spec.crs.as_deref(),
            |row, crs| zones.push(row, crs),
        )?;
        Ok(zones.finish(crs.as_ref()))
    }

    fn points(&self, spec: &PointLayerSpec, keep: &[String]) -> Result<PointLayer, InputError> {
        let mut points = PointRows::new(&self.name, &self.geometry, spec, keep);
        let crs = self.read(
            &rows::point_columns(spec, keep),
            spec.crs.as_deref(),
            |row, crs| points.push(row, crs),
        )?;
        Ok(points.finish(crs.as_ref()))
    }
}

/// What PostgreSQL said: the server's message (with its detail) rather than
/// the client's wrapping.
fn said(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.hint() {
            Some(hint) => format!("{} ({hint})", db.message()),
            None => db.message().to_string(),
        },
        None => e.to_string(),
    }
}
