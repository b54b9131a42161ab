//! Coordinate reference systems: parse what the inputs say (an `EPSG:` code, a
//! `.prj` WKT, a GeoJSON `crs` member) and convert coordinates to WGS84
//! longitude/latitude in degrees, where the engine stores everything.
//!
//! Conversions use `proj4rs` (a Rust port of PROJ's projections, checked
//! against PROJ) with EPSG definitions from `crs-definitions`, except for
//! Lambert-93 and the CC zones, which [`lambert`] converts in closed form
//! (about ten times faster: most French files are in Lambert-93).

pub mod lambert;

use geo::{Coord, MapCoords, MultiPolygon};
use proj4rs::proj::Proj;
use std::fmt;

/// A coordinate reference system that can be converted to WGS84.
pub struct Crs {
    label: String,
    proj: Proj,
    geographic: bool,
    /// The closed-form path, for Lambert-93 and the CC zones.
    lambert: Option<lambert::Lambert>,
}

impl fmt::Debug for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// Why a CRS description could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrsError(pub String);

impl fmt::Display for CrsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Crs {
    /// WGS84 longitude/latitude (EPSG:4326, also what OGC calls CRS84).
    pub fn wgs84() -> Crs {
        Crs::from_epsg(4326).expect("EPSG:4326 is always defined")
    }

    /// A CRS from its EPSG code.
    pub fn from_epsg(code: u32) -> Result<Crs, CrsError> {
        let unknown = || CrsError(format!("unknown CRS EPSG:{code}"));
        let code16 = u16::try_from(code).map_err(|_| unknown())?;
        let proj = Proj::from_epsg_code(code16).map_err(|_| unknown())?;
        let mut crs = Crs::new(format!("EPSG:{code}"), proj);
        crs.lambert = lambert::Lambert::from_epsg(code);
        Ok(crs)
    }

    /// A CRS from a name as people write it: `EPSG:2154`, `epsg:4326`,
    /// `urn:ogc:def:crs:EPSG::2154`, `urn:ogc:def:crs:OGC:1.3:CRS84`, `CRS84`, or a
    /// `+proj=` string.
    pub fn parse(name: &str) -> Result<Crs, CrsError> {
        let trimmed = name.trim();
        if trimmed.starts_with("+proj") {
            let proj = Proj::from_proj_string(trimmed)
                .map_err(|e| CrsError(format!("invalid PROJ string `{trimmed}`: {e}")))?;
            return Ok(Crs::new(trimmed.to_string(), proj));
        }
        let upper = trimmed.to_ascii_uppercase();
        if upper.ends_with("CRS84") || upper == "WGS84" {
            return Ok(Crs::wgs84());
        }
        let code = upper
            .rsplit(':')
            .next()
            .filter(|_| upper.contains("EPSG"))
            .and_then(|c| c.parse::<u32>().ok())
            .ok_or_else(|| {
                CrsError(format!("unknown CRS `{trimmed}` (expected e.g. EPSG:2154)"))
            })?;
        Crs::from_epsg(code)
    }

    /// A CRS from WKT, as found in a shapefile's `.prj`. Lambert-93 written by
    /// ESRI tools is recognised by name, since its WKT carries no EPSG code.
    pub fn from_wkt(wkt: &str) -> Result<Crs, CrsError> {
        if let Some(code) = known_wkt_code(wkt) {
            return Crs::from_epsg(code);
        }
        let proj_string = proj4wkt::wkt_to_projstring(wkt)
            .map_err(|e| CrsError(format!("unreadable WKT: {e}")))?;
        let proj = Proj::from_proj_string(&proj_string)
            .map_err(|e| CrsError(format!("unsupported WKT `{proj_string}`: {e}")))?;
        Ok(Crs::new(format!("WKT ({proj_string})"), proj))
    }

    fn new(label: String, proj: Proj) -> Crs {
        let geographic = proj.is_latlong();
        Crs {
            label,
            proj,
            geographic,
            lambert: None,
        }
    }

    /// How this CRS is named in reports.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// True for longitude/latitude systems.
    pub fn is_geographic(&self) -> bool {
        self.geographic
    }

    /// Converts one coordinate pair to WGS84 (longitude, latitude) in degrees.
    /// Returns `None` when the pair cannot be projected (out of the domain).
    pub fn to_wgs84(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        if self.label == "EPSG:4326" {
            return Some((x, y));
        }
        if let Some(l) = &self.lambert {
            let (lon, lat) = l.to_lon_lat(x, y);
            return (lon.is_finite() && lat.is_finite()).then_some((lon, lat));
        }
        let mut p = if self.geographic {
            (x.to_radians(), y.to_radians(), 0.0)
        } else {
            (x, y, 0.0)
        };
        proj4rs::transform::transform(&self.proj, wgs84_proj(), &mut p).ok()?;
        let (lon, lat) = (p.0.to_degrees(), p.1.to_degrees());
        (lon.is_finite() && lat.is_finite()).then_some((lon, lat))
    }

    /// Converts a position to WGS84 and rejects one that lands off the globe
    /// (a swapped or mistyped coordinate): `[longitude, latitude]`.
    pub fn position_to_wgs84(&self, x: f64, y: f64) -> Option<[f64; 2]> {
        let (lon, lat) = self.to_wgs84(x, y)?;
        ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)).then_some([lon, lat])
    }

    /// Converts a zone to WGS84; fails with the first coordinate that cannot be converted.
    pub fn shape_to_wgs84(
        &self,
        shape: MultiPolygon<f64>,
    ) -> Result<MultiPolygon<f64>, (f64, f64)> {
        if self.label == "EPSG:4326" {
            return Ok(shape);
        }
        shape.try_map_coords(|c| {
            self.to_wgs84(c.x, c.y)
                .map(|(x, y)| Coord { x, y })
                .ok_or((c.x, c.y))
        })
    }

    /// Converts WGS84 degrees to this CRS (used by the generator and by tests).
    pub fn from_wgs84(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        if let Some(l) = &self.lambert {
            let (x, y) = l.from_lon_lat(lon, lat);
            return (x.is_finite() && y.is_finite()).then_some((x, y));
        }
        let mut p = (lon.to_radians(), lat.to_radians(), 0.0);
        proj4rs::transform::transform(wgs84_proj(), &self.proj, &mut p).ok()?;
        if self.geographic {
            p = (p.0.to_degrees(), p.1.to_degrees(), 0.0);
        }
        (p.0.is_finite() && p.1.is_finite()).then_some((p.0, p.1))
    }
}

fn wgs84_proj() -> &'static Proj {
    static WGS84: std::sync::OnceLock<Proj> = std::sync::OnceLock::new();
    WGS84.get_or_init(|| Proj::from_epsg_code(4326).expect("EPSG:4326 is defined"))
}

/// ESRI `.prj` files name their systems instead of giving an authority code;
/// map the names French public files use to their EPSG codes.
fn known_wkt_code(wkt: &str) -> Option<u32> {
    let upper = wkt.to_ascii_uppercase();
    if let Some(code) = authority_code(&upper) {
        return Some(code);
    }
    if upper.starts_with("GEOGCS[\"GCS_WGS_1984\"") {
        return Some(4326);
    }
    const NAMES: [(&str, u32); 7] = [
        ("LAMBERT_93", 2154),
        ("LAMBERT-93", 2154),
        ("RGFG95_UTM_ZONE_22N", 2972),
        ("RGR92_UTM_ZONE_40S", 2975),
        ("RGAF09_UTM_ZONE_20N", 5490),
        ("RGM04_UTM_ZONE_38S", 4471),
        ("WGS_1984_UTM_ZONE_20N", 32620),
    ];
    let head = upper.split(',').next().unwrap_or("");
    NAMES
        .iter()
        .find(|(name, _)| head.contains(name))
        .map(|&(_, code)| code)
}

/// The last `AUTHORITY["EPSG","code"]` of a WKT names the whole system.
fn authority_code(upper_wkt: &str) -> Option<u32> {
    let start = upper_wkt.rfind("AUTHORITY[\"EPSG\",")?;
    let rest = &upper_wkt[start + "AUTHORITY[\"EPSG\",".len()..];
    let digits: String = rest
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    // The last authority is the outermost one only when it closes the WKT.
    let tail = &rest[rest.find(']')? + 1..];
    (tail
        .trim_matches(|c: char| c == ']' || c.is_whitespace())
        .is_empty())
    .then(|| digits.parse().ok())
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_spellings() {
        for name in ["EPSG:2154", "epsg:2154", "urn:ogc:def:crs:EPSG::2154"] {
            assert_eq!(Crs::parse(name).unwrap().label(), "EPSG:2154");
        }
        assert_eq!(
            Crs::parse("urn:ogc:def:crs:OGC:1.3:CRS84").unwrap().label(),
            "EPSG:4326"
        );
        assert!(Crs::parse("EPSG:999999").is_err());
        assert!(Crs::parse("Lambert").is_err());
    }

    #[test]
    fn reads_esri_lambert93_prj() {
        let prj = r#"PROJCS["RGF_1993_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]"#;
        assert_eq!(Crs::from_wkt(prj).unwrap().label(), "EPSG:2154");
    }
}
