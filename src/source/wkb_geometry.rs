//! Geometries as databases store them: Well-Known Binary (WKB), decoded by
//! the `wkb` crate into `geo` types.

use geo::{Geometry, MultiPolygon};
use geo_traits::to_geo::ToGeoGeometry;

/// Decodes a WKB geometry; the problem in words when the bytes are not one.
pub fn decode(bytes: &[u8]) -> Result<Geometry<f64>, String> {
    let wkb = wkb::reader::read_wkb(bytes).map_err(|e| format!("unreadable WKB geometry: {e}"))?;
    wkb.try_to_geometry()
        .ok_or_else(|| "unsupported WKB geometry".to_string())
}

/// The polygons of a zone geometry; the type found otherwise.
pub fn multipolygon(geometry: Geometry<f64>) -> Result<MultiPolygon<f64>, &'static str> {
    match geometry {
        Geometry::Polygon(p) => Ok(MultiPolygon(vec![p])),
        Geometry::MultiPolygon(mp) => Ok(mp),
        other => Err(type_name(&other)),
    }
}

/// The positions of a point geometry (a MultiPoint gives several); the
/// type found otherwise. An empty point (NaN coordinates in WKB) gives none.
pub fn positions(geometry: Geometry<f64>) -> Result<Vec<(f64, f64)>, &'static str> {
    let points = match geometry {
        Geometry::Point(p) => vec![p],
        Geometry::MultiPoint(mp) => mp.0,
        other => return Err(type_name(&other)),
    };
    Ok(points
        .into_iter()
        .map(|p| (p.x(), p.y()))
        .filter(|(x, y)| !x.is_nan() && !y.is_nan())
        .collect())
}

/// The geometry's type as the OGC names it.
fn type_name(geometry: &Geometry<f64>) -> &'static str {
    match geometry {
        Geometry::Point(_) => "Point",
        Geometry::Line(_) | Geometry::LineString(_) => "LineString",
        Geometry::Polygon(_) => "Polygon",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
        Geometry::Rect(_) => "Rect",
        Geometry::Triangle(_) => "Triangle",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{point, polygon};

    fn encoded(g: &Geometry<f64>) -> Vec<u8> {
        let mut bytes = Vec::new();
        wkb::writer::write_geometry(&mut bytes, g, &Default::default()).unwrap();
        bytes
    }

    #[test]
    fn polygons_and_points_come_back_as_written() {
        let square = polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.), (x: 0., y: 0.)];
        let zone = multipolygon(decode(&encoded(&square.clone().into())).unwrap()).unwrap();
        assert_eq!(zone, MultiPolygon(vec![square]));
        let p: Geometry<f64> = point!(x: 652_000.5, y: 6_862_000.25).into();
        assert_eq!(
            positions(decode(&encoded(&p)).unwrap()).unwrap(),
            [(652_000.5, 6_862_000.25)]
        );
    }

    #[test]
    fn wrong_types_and_bytes_are_named() {
        let p: Geometry<f64> = point!(x: 1., y: 2.).into();
        assert_eq!(multipolygon(decode(&encoded(&p)).unwrap()), Err("Point"));
        assert!(decode(&[1, 2, 3]).unwrap_err().contains("WKB"));
    }
}
