//! Zones on a screen: projected to display units (tile units or pixels),
//! simplified to what the eye can tell apart, tiny parts left out. Shared by
//! vector tiles and pictures, so that both show the same outline at a zoom.

use geo::{Area, Coord, MapCoords, MultiPolygon, Polygon};

/// `shape` projected by `project`, simplified (Ramer–Douglas–Peucker,
/// [`super::simplify`]) with
/// `tolerance` display units, without the polygons smaller than `min_area`
/// square units; `None` when nothing is left. Costs one pass over the vertices.
pub fn to_screen(
    shape: &MultiPolygon<f64>,
    project: impl Fn(f64, f64) -> (f64, f64),
    tolerance: f64,
    min_area: f64,
) -> Option<MultiPolygon<f64>> {
    let projected = shape.map_coords(|c| {
        let (x, y) = project(c.x, c.y);
        Coord { x, y }
    });
    keep_visible(super::simplify::simplify(&projected, tolerance), min_area)
}

/// The polygons of `shape` with a real ring and at least `min_area` square
/// units; `None` when none is left.
pub fn keep_visible(shape: MultiPolygon<f64>, min_area: f64) -> Option<MultiPolygon<f64>> {
    let kept: Vec<Polygon<f64>> = shape
        .0
        .into_iter()
        .filter(|p| p.exterior().0.len() >= 4 && p.unsigned_area() >= min_area)
        .collect();
    (!kept.is_empty()).then(|| MultiPolygon::new(kept))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn projects_simplifies_and_drops_specks() {
        let big = polygon![(x: 0.0, y: 0.0), (x: 5.0, y: 0.001), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)];
        let speck = polygon![(x: 20.0, y: 20.0), (x: 20.1, y: 20.0), (x: 20.1, y: 20.1)];
        let shape = MultiPolygon::new(vec![big, speck]);
        let out = to_screen(&shape, |x, y| (2.0 * x, 2.0 * y), 0.5, 1.0).unwrap();
        assert_eq!(out.0.len(), 1, "the speck is gone");
        assert_eq!(
            out.0[0].exterior().0.len(),
            5,
            "the nearly straight vertex is gone"
        );
        assert!((out.unsigned_area() - 400.0).abs() < 0.1);
        assert!(to_screen(&shape, |x, y| (x, y), 0.5, 1000.0).is_none());
    }
}
