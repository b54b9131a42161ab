//! ESRI Shapefiles (`.shp` + `.shx` + `.dbf` + `.prj` + `.cpg`), plain or zipped.
//!
//! The `.dbf` text encoding comes from the `.cpg` file when there is one (the
//! ANCT QPV files say `CP1252`), else from the manifest's `encoding`, else
//! Windows-1252, which is what French public shapefiles use.

use crate::crs::Crs;
use crate::error::{InputError, Location};
use crate::zones::{RawZones, ZoneFields};
use shapefile::dbase::{self, FieldValue};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

/// The files that make up one shapefile, read into memory.
struct Parts {
    shp: Vec<u8>,
    dbf: Vec<u8>,
    prj: Option<String>,
    cpg: Option<String>,
    /// How to name a member in messages (`x.shp`, or `x.zip!x.dbf`).
    dbf_name: PathBuf,
}

/// Reads a polygon shapefile with its code and name fields.
pub fn read_zones(
    path: &Path,
    fields: &ZoneFields,
    crs: Option<&str>,
    encoding: Option<&str>,
) -> Result<RawZones, InputError> {
    let parts = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        parts_from_zip(path)?
    } else {
        parts_from_dir(path)?
    };
    let crs = shapefile_crs(path, &parts, crs)?;
    let label = parts.cpg.as_deref().or(encoding).unwrap_or("windows-1252");
    let enc = super::text::encoding_for(label, path)?;
    let shapes = shapefile::ShapeReader::new(Cursor::new(&parts.shp))
        .and_then(|r| r.read())
        .map_err(|e| InputError::file(path, format!("unreadable .shp: {e}")))?;
    let records = dbase::ReaderBuilder::new()
        .with_encoding(dbase::encoding::EncodingRs::from(enc))
        .build(Cursor::new(&parts.dbf))
        .and_then(|mut r| r.read())
        .map_err(|e| InputError::file(&parts.dbf_name, format!("unreadable .dbf: {e}")))?;
    if records.len() != shapes.len() {
        let problem = format!(
            "{} records for {} shapes: the .dbf does not belong to this .shp",
            records.len(),
            shapes.len()
        );
        return Err(InputError::file(&parts.dbf_name, problem));
    }
    assemble(path, &parts, shapes, records, fields, &crs)
}

fn assemble(
    path: &Path,
    parts: &Parts,
    shapes: Vec<shapefile::Shape>,
    records: Vec<dbase::Record>,
    fields: &ZoneFields,
    crs: &Crs,
) -> Result<RawZones, InputError> {
    let (code, name) = (fields.code, fields.name);
    let mut zones = RawZones {
        crs: crs.label().to_string(),
        features_read: shapes.len(),
        ..RawZones::default()
    };
    for (i, (shape, record)) in shapes.into_iter().zip(records).enumerate() {
        let at = |problem: String| InputError::at(path, Location::Feature(i), problem);
        let zone_code = field_text(&record, code, &parts.dbf_name, i)?;
        let zone_name = field_text(&record, name, &parts.dbf_name, i)?;
        let polygon = match shape {
            shapefile::Shape::Polygon(p) => p,
            shapefile::Shape::NullShape => {
                zones
                    .skipped
                    .push(format!("feature {i} ({zone_code}): no geometry"));
                continue;
            }
            other => {
                return Err(
                    at(format!("expected a Polygon, found a {}", other.shapetype()))
                        .field("geometry"),
                )
            }
        };
        let mp = geo::MultiPolygon::<f64>::try_from(polygon)
            .map_err(|e| at(format!("malformed polygon: {e:?}")))?;
        let mp = crs.shape_to_wgs84(mp).map_err(|c| {
            at(format!(
                "coordinate {c:?} cannot be converted from {}",
                crs.label()
            ))
        })?;
        zones.shapes.push(mp);
        zones.codes.push(zone_code);
        zones.names.push(zone_name);
        for field in fields.extra {
            let value = field_text(&record, field, &parts.dbf_name, i)?;
            zones.push_property(field, Some(value));
        }
    }
    zones.declare_properties(fields.extra);
    Ok(zones)
}

fn field_text(
    record: &dbase::Record,
    field: &str,
    dbf: &Path,
    i: usize,
) -> Result<String, InputError> {
    match record.get(field) {
        Some(FieldValue::Character(Some(s))) => Ok(s.trim().to_string()),
        Some(FieldValue::Character(None)) => Ok(String::new()),
        Some(FieldValue::Numeric(Some(n))) => Ok(n.to_string()),
        Some(other) => Ok(other.to_string()),
        None => {
            let mut names: Vec<&str> = record.as_ref().keys().map(String::as_str).collect();
            names.sort_unstable();
            let problem = format!("no such field (fields: {})", names.join(", "));
            Err(InputError::at(dbf, Location::Feature(i), problem).field(field))
        }
    }
}

fn shapefile_crs(
    path: &Path,
    parts: &Parts,
    manifest_crs: Option<&str>,
) -> Result<Crs, InputError> {
    let crs_error = |e: crate::crs::CrsError| InputError::file(path, e.to_string()).field("crs");
    match (manifest_crs, &parts.prj) {
        (Some(name), _) => Crs::parse(name).map_err(crs_error),
        (None, Some(wkt)) => Crs::from_wkt(wkt)
            .map_err(|e| InputError::file(&path.with_extension("prj"), e.to_string())),
        (None, None) => Err(InputError::file(
            path,
            "no .prj file: give the layer's `crs` in the manifest",
        )
        .field("crs")),
    }
}

fn parts_from_dir(shp: &Path) -> Result<Parts, InputError> {
    let sibling = |ext: &str| shp.with_extension(ext);
    let read_text = |ext: &str| {
        std::fs::read(sibling(ext))
            .ok()
            .map(|b| String::from_utf8_lossy(&b).trim().to_string())
    };
    let dbf_name = sibling("dbf");
    let dbf = std::fs::read(&dbf_name).map_err(|e| {
        InputError::file(
            &dbf_name,
            format!("cannot read the attribute table a shapefile needs ({e})"),
        )
    })?;
    Ok(Parts {
        shp: super::text::read_bytes(shp)?,
        dbf,
        prj: read_text("prj"),
        cpg: read_text("cpg"),
        dbf_name,
    })
}

fn parts_from_zip(zip_path: &Path) -> Result<Parts, InputError> {
    let file = std::fs::File::open(zip_path)
        .map_err(|e| InputError::file(zip_path, format!("cannot read the file: {e}")))?;
    let mut archive = zip::ZipArchive::new(file)
        .map_err(|e| InputError::file(zip_path, format!("not a readable zip: {e}")))?;
    let names: Vec<String> = archive.file_names().map(String::from).collect();
    let shp_name = names
        .iter()
        .find(|n| n.to_ascii_lowercase().ends_with(".shp"))
        .cloned()
        .ok_or_else(|| InputError::file(zip_path, "the zip holds no .shp file"))?;
    let stem = &shp_name[..shp_name.len() - 4];
    let mut member = |ext: &str| -> Option<Vec<u8>> {
        let wanted = names.iter().find(|n| {
            n.len() == stem.len() + 4
                && n.starts_with(stem)
                && n[stem.len()..].eq_ignore_ascii_case(ext)
        })?;
        let mut buf = Vec::new();
        archive.by_name(wanted).ok()?.read_to_end(&mut buf).ok()?;
        Some(buf)
    };
    let shp = member(".shp")
        .ok_or_else(|| InputError::file(zip_path, format!("cannot read {shp_name} in the zip")))?;
    let dbf_name = PathBuf::from(format!("{}!{stem}.dbf", zip_path.display()));
    let dbf = member(".dbf").ok_or_else(|| {
        InputError::file(
            &dbf_name,
            "missing: a shapefile needs its .dbf attribute table",
        )
    })?;
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).trim().to_string();
    Ok(Parts {
        shp,
        dbf,
        prj: member(".prj").map(text),
        cpg: member(".cpg").map(text),
        dbf_name,
    })
}
