//! The PostGIS source, against a real PostgreSQL/PostGIS server: the one
//! whose connection string is in `ZONAGE_PG_URL` (`.ci/postgis.sh` starts
//! one on a Unix socket). Without it the tests are skipped, but never under
//! CI. The Occitanie tables written here are the ones
//! `geodata/occitanie-postgis.toml` reads (benchmarks load them this way).

use super::tables::{Table, OCCITANIE};
use super::{assert_same_reports, file_reports, load, reports};
use crate::util::{repo_geodata, shared_geodata};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use postgres::{Client, NoTls};

/// The environment variable the tests' manifests name.
const URL_ENV: &str = "ZONAGE_PG_URL";

/// A connection to the test database; `None` (skipped) outside CI when
/// no server is set.
pub fn client() -> Option<Client> {
    match std::env::var(URL_ENV) {
        Ok(url) => Some(Client::connect(&url, NoTls).unwrap_or_else(|e| panic!("{URL_ENV}: {e}"))),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must set {URL_ENV} (.ci/postgis.sh)"
            );
            eprintln!("skipped: {URL_ENV} is not set");
            None
        }
    }
}

/// Writes `table` as `schema.name` (geometry column `geom`, a `rank`
/// column giving the file order), through a binary COPY.
pub fn write(db: &mut Client, schema: &str, table: &Table) {
    let name = format!("{schema}.\"{}\"", table.name);
    let columns: Vec<String> = table.columns.iter().map(|c| format!("\"{c}\"")).collect();
    let typed: Vec<String> = columns.iter().map(|c| format!("{c} text")).collect();
    db.batch_execute(&format!(
        "CREATE SCHEMA IF NOT EXISTS {schema};
         DROP TABLE IF EXISTS {name};
         CREATE TEMP TABLE staging (rank bigint, wkb bytea, {});",
        typed.join(", ")
    ))
    .unwrap();
    let copy = format!(
        "COPY staging (rank, wkb, {}) FROM STDIN BINARY",
        columns.join(", ")
    );
    let mut types = vec![Type::INT8, Type::BYTEA];
    types.extend(std::iter::repeat_n(Type::TEXT, columns.len()));
    let mut writer = BinaryCopyInWriter::new(db.copy_in(&copy).unwrap(), &types);
    for (rank, (geometry, cells)) in table.rows.iter().enumerate() {
        let wkb = geometry.as_ref().map(|g| {
            let mut bytes = Vec::new();
            wkb::writer::write_geometry(&mut bytes, g, &Default::default()).unwrap();
            bytes
        });
        let rank = rank as i64;
        let mut values: Vec<&(dyn ToSql + Sync)> = vec![&rank, &wkb];
        values.extend(cells.iter().map(|c| c as &(dyn ToSql + Sync)));
        writer.write(&values).unwrap();
    }
    writer.finish().unwrap();
    db.batch_execute(&format!(
        "CREATE TABLE {name} AS SELECT rank, ST_SetSRID(ST_GeomFromWKB(wkb), {}) AS geom, {}
         FROM staging; DROP TABLE staging;",
        table.srid,
        columns.join(", ")
    ))
    .unwrap();
}

#[test]
fn occitanie_from_postgis_gives_the_same_report_as_from_files() {
    let Some(mut db) = client() else { return };
    if shared_geodata().is_none() {
        return;
    }
    for layer in OCCITANIE {
        write(&mut db, "occitanie", &layer.table());
    }
    let t = load(&repo_geodata().join("occitanie-postgis.toml"));
    assert_same_reports(&reports(&t), file_reports());
    let demandeurs = &t.quality.point_layers[0];
    assert_eq!(demandeurs.read.crs, "EPSG:2154");
    assert_eq!(
        demandeurs.file,
        "PostGIS query `SELECT * FROM occitanie.demandeurs ORDER BY rank`"
    );
}

#[test]
fn postgis_errors_name_the_query_the_row_and_the_field() {
    let Some(mut db) = client() else { return };
    db.batch_execute(
        "CREATE SCHEMA IF NOT EXISTS errors;
         DROP TABLE IF EXISTS errors.lieux;
         CREATE TABLE errors.lieux AS SELECT * FROM (VALUES
           (1, ST_SetSRID(ST_MakePoint(1.44, 43.6), 4326), 'Toulouse'),
           (2, ST_SetSRID(ST_MakePoint(652000, 6862000), 2154), 'Paris'),
           (3, ST_SetSRID(ST_MakeLine(ST_MakePoint(0, 0), ST_MakePoint(1, 1)), 4326), 'Ligne')
         ) AS v(rank, geom, nom);",
    )
    .unwrap();
    let read = |query: &str, url_env: &str| {
        let spec = zonage::manifest::SourceSpec::Postgis {
            url_env: url_env.into(),
            query: query.into(),
            geometry: "geom".into(),
        };
        let m =
            zonage::manifest::Manifest::load(&crate::util::repo_geodata().join("occitanie.toml"))
                .unwrap();
        let source =
            zonage::source::open(&spec, &m, std::path::Path::new("."), "[[points]] `lieux`")
                .unwrap();
        let spec: zonage::manifest::PointLayerSpec =
            toml::from_str("id = \"lieux\"\nname = \"nom\"").unwrap();
        source
            .points(&spec, &[])
            .map(|l| l.coords.len())
            .map_err(|e| e.to_string())
    };
    assert_eq!(
        read("SELECT * FROM errors.lieux WHERE rank = 1", URL_ENV),
        Ok(1)
    );
    let err = read("SELECT * FROM errors.lieux ORDER BY rank", URL_ENV).unwrap_err();
    assert!(
        err.contains("row 2: field `geom`: SRID 2154, where earlier rows have 4326"),
        "{err}"
    );
    let err = read("SELECT * FROM errors.lieux WHERE rank = 3", URL_ENV).unwrap_err();
    assert!(
        err.contains("row 1: field `geom`: expected a Point, found a LineString"),
        "{err}"
    );
    let err = read("SELECT rank, geom FROM errors.lieux", URL_ENV).unwrap_err();
    assert!(err.starts_with("PostGIS query `SELECT rank, geom FROM errors.lieux`: field `nom`: no such column (columns: rank, geom)"), "{err}");
    let err = read("SELECT * FROM errors.absent", URL_ENV).unwrap_err();
    assert!(
        err.contains("field `query`: the query fails: relation \"errors.absent\" does not exist"),
        "{err}"
    );
    let err = read("SELECT * FROM errors.lieux", "ZONAGE_NO_SUCH_VARIABLE").unwrap_err();
    assert!(
        err.contains(
            "field `url_env`: the environment variable `ZONAGE_NO_SUCH_VARIABLE` is not set"
        ),
        "{err}"
    );
}
