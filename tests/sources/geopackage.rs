//! The GeoPackage source, on a GeoPackage written here (the minimal tables
//! of OGC 12-128: `gpkg_spatial_ref_sys`, `gpkg_contents`,
//! `gpkg_geometry_columns`, and one feature table per layer).

use super::tables::{Table, OCCITANIE};
use super::{assert_same_reports, file_reports, load, manifest_with_sources, reports};
use crate::util::shared_geodata;
use rusqlite::Connection;
use std::path::Path;

const SCHEMA: &str = "
PRAGMA application_id = 1196444487;
PRAGMA user_version = 10300;
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL, description TEXT);
INSERT INTO gpkg_spatial_ref_sys VALUES
  ('WGS 84', 4326, 'EPSG', 4326, 'GEOGCS[\"WGS 84\"]', NULL),
  ('RGF93 v1 / Lambert-93', 2154, 'EPSG', 2154, 'PROJCS[\"RGF93 v1 / Lambert-93\"]', NULL);
CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL,
  identifier TEXT, description TEXT DEFAULT '', last_change DATETIME,
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL);
";

/// Writes `tables` to a new GeoPackage at `path`.
pub fn write(path: &Path, tables: &[Table]) {
    let mut db = Connection::open(path).unwrap();
    db.execute_batch(SCHEMA).unwrap();
    let tx = db.transaction().unwrap();
    for table in tables {
        write_table(&tx, table);
    }
    tx.commit().unwrap();
}

fn write_table(db: &rusqlite::Transaction, table: &Table) {
    let quoted: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("\"{c}\" TEXT"))
        .collect();
    let name = &table.name;
    db.execute_batch(&format!(
        "CREATE TABLE \"{name}\" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB, {});
         INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('{name}', 'features', {srid});
         INSERT INTO gpkg_geometry_columns VALUES ('{name}', 'geom', 'GEOMETRY', {srid}, 0, 0);",
        quoted.join(", "),
        srid = table.srid
    ))
    .unwrap();
    let marks = vec!["?"; table.columns.len() + 1].join(", ");
    let names: Vec<String> = table.columns.iter().map(|c| format!("\"{c}\"")).collect();
    let sql = format!(
        "INSERT INTO \"{name}\" (geom, {}) VALUES ({marks})",
        names.join(", ")
    );
    let mut insert = db.prepare(&sql).unwrap();
    for (geometry, cells) in &table.rows {
        let blob = geometry.as_ref().map(|g| gpkg_blob(g, table.srid));
        let values = std::iter::once(rusqlite::types::Value::from(blob)).chain(
            cells
                .iter()
                .map(|c| rusqlite::types::Value::from(c.clone())),
        );
        insert.execute(rusqlite::params_from_iter(values)).unwrap();
    }
}

/// A GeoPackage binary geometry: `GP`, version 0, flags (little-endian, no
/// envelope), the SRID, then WKB.
fn gpkg_blob(geometry: &geo::Geometry<f64>, srid: i32) -> Vec<u8> {
    let mut blob = vec![b'G', b'P', 0, 0b0000_0001];
    blob.extend(srid.to_le_bytes());
    wkb::writer::write_geometry(&mut blob, geometry, &Default::default()).unwrap();
    blob
}

/// The TOML source of a layer in the GeoPackage at `path`.
pub fn source(path: &Path, table: &str) -> String {
    format!(
        "{{ kind = \"geopackage\", path = \"{}\", table = \"{table}\" }}",
        path.display()
    )
}

#[test]
fn occitanie_from_a_geopackage_gives_the_same_report_as_from_files() {
    if shared_geodata().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let gpkg = dir.path().join("occitanie.gpkg");
    let tables: Vec<Table> = OCCITANIE.iter().map(|l| l.table()).collect();
    write(&gpkg, &tables);
    let sources: Vec<(&str, String)> = OCCITANIE
        .iter()
        .map(|l| (l.id, source(&gpkg, l.id)))
        .collect();
    let t = load(&manifest_with_sources(dir.path(), &sources));
    assert_same_reports(&reports(&t), file_reports());
    let demandeurs = &t.quality.point_layers[0];
    assert_eq!(demandeurs.read.crs, "EPSG:2154");
    assert!(
        demandeurs
            .file
            .ends_with("occitanie.gpkg, table `demandeurs`"),
        "{}",
        demandeurs.file
    );
}

#[test]
fn geopackage_errors_name_the_table_and_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let gpkg = dir.path().join("small.gpkg");
    let point = |x, y| Some(geo::Geometry::Point(geo::Point::new(x, y)));
    let table = Table {
        name: "lieux".into(),
        srid: 4326,
        columns: vec!["nom".into()],
        rows: vec![(point(1.44, 43.6), vec![Some("Toulouse".to_string())])],
    };
    write(&gpkg, &[table]);
    let source = |table: &str| {
        zonage::source::open(
            &zonage::manifest::SourceSpec::Geopackage {
                path: gpkg.clone(),
                table: table.into(),
            },
            &zonage::manifest::Manifest::load(&crate::util::repo_geodata().join("occitanie.toml"))
                .unwrap(),
            dir.path(),
            "[[points]] `lieux`",
        )
        .unwrap()
    };
    let spec: zonage::manifest::PointLayerSpec =
        toml::from_str("id = \"lieux\"\nname = \"nom\"\naddress = [\"adresse\"]").unwrap();
    let err = source("lieux")
        .points(&spec, &["adresse".into()])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("small.gpkg, table `lieux`") && err.contains("field `adresse`"),
        "{err}"
    );
    assert!(err.contains("columns: fid, geom, nom"), "{err}");
    let err = source("lieu").points(&spec, &[]).unwrap_err().to_string();
    assert!(
        err.contains("no feature table `lieu`") && err.contains("lieux"),
        "{err}"
    );
    let spec = zonage::manifest::PointLayerSpec {
        name: Some("nom".into()),
        ..spec
    };
    let layer = source("lieux").points(&spec, &[]).unwrap();
    assert_eq!(
        (layer.coords[0], layer.names[0].as_str()),
        ([1.44, 43.6], "Toulouse")
    );
}
