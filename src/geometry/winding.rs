//! Point-in-zone test with an explicit rule for invalid polygons.
//!
//! Public boundary files contain self-intersecting rings (32 of the 105 QPVs
//! of Occitanie). For such rings, "inside" depends on the fill rule: the
//! even-odd rule (GEOS, shapely) leaves out any area the ring wraps twice, the
//! non-zero winding rule keeps it. **zonage uses the non-zero winding rule on
//! closed zones**: a point is in a zone when the exterior ring winds around it
//! (or it lies on the boundary) and no hole does. So no point that a drawing of
//! the zone shows inside is ever lost. Points where the two rules disagree, and
//! points exactly on a boundary (which then belong to every zone sharing it),
//! are reported as *ambiguous*, so a quality report can count them.
//!
//! Cost: linear in the zone's vertex count; call it only for points that the
//! join's grid cannot place by itself, in cells a zone's edge crosses (see
//! [`crate::join::grid`]).

use geo::{Coord, LineString, MultiPolygon, Polygon};

/// Where a point stands with respect to a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Not in the zone.
    Outside,
    /// In the zone, and both fill rules agree.
    Inside,
    /// In the zone by zonage's rule, but on its boundary or in an area the
    /// even-odd rule would leave out: counted, and reported as ambiguous.
    Ambiguous,
}

impl Placement {
    /// True when the point counts for the zone.
    pub fn counts(self) -> bool {
        self != Placement::Outside
    }
}

/// What one ring says of a point, built edge by edge with [`RingTest::add_edge`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RingTest {
    winding: i32,
    crossings_odd: bool,
    on_boundary: bool,
}

impl RingTest {
    /// Accounts for the edge `a`–`b`. Only edges whose y-range holds `p.y`
    /// change the result, which lets [`super::banded`] skip the others.
    pub(crate) fn add_edge(&mut self, a: Coord<f64>, b: Coord<f64>, p: Coord<f64>) {
        let cross = (b.x - a.x) * (p.y - a.y) - (p.x - a.x) * (b.y - a.y);
        if cross == 0.0 && within_box(a, b, p) {
            self.on_boundary = true;
        }
        if a.y <= p.y {
            if b.y > p.y && cross > 0.0 {
                self.winding += 1;
            }
        } else if b.y <= p.y && cross < 0.0 {
            self.winding -= 1;
        }
        // Half-open rule on y so that a vertex is crossed once.
        if (a.y > p.y) != (b.y > p.y) && (cross > 0.0) == (b.y > a.y) {
            self.crossings_odd = !self.crossings_odd;
        }
    }

    fn nonzero(self) -> bool {
        self.winding != 0 || self.on_boundary
    }
    fn evenodd(self) -> bool {
        self.crossings_odd || self.on_boundary
    }
}

/// Tests `p` against a ring: winding number, crossing parity and boundary.
fn test_ring(ring: &LineString<f64>, p: Coord<f64>) -> RingTest {
    let mut t = RingTest::default();
    for edge in ring.0.windows(2) {
        t.add_edge(edge[0], edge[1], p);
    }
    t
}

/// Whether `p` is inside `ring` (or on it) by the even-odd rule: for a
/// simple ring, plainly inside.
pub(crate) fn inside_ring(ring: &LineString<f64>, p: Coord<f64>) -> bool {
    test_ring(ring, p).evenodd()
}

fn within_box(a: Coord<f64>, b: Coord<f64>, p: Coord<f64>) -> bool {
    p.x >= a.x.min(b.x) && p.x <= a.x.max(b.x) && p.y >= a.y.min(b.y) && p.y <= a.y.max(b.y)
}

/// Locates `p` in one polygon.
pub fn locate_in_polygon(polygon: &Polygon<f64>, p: Coord<f64>) -> Placement {
    let outer = test_ring(polygon.exterior(), p);
    if !outer.nonzero() && !outer.evenodd() {
        return Placement::Outside;
    }
    combine(
        outer,
        polygon.interiors().iter().map(|hole| test_ring(hole, p)),
    )
}

/// The rule itself: what the exterior ring's and the holes' tests make of a point.
pub(crate) fn combine(outer: RingTest, holes: impl Iterator<Item = RingTest>) -> Placement {
    if !outer.nonzero() && !outer.evenodd() {
        return Placement::Outside;
    }
    let (mut nonzero, mut evenodd, mut boundary) =
        (outer.nonzero(), outer.evenodd(), outer.on_boundary);
    for h in holes {
        if h.on_boundary {
            boundary = true;
            continue;
        }
        nonzero &= h.winding == 0;
        evenodd &= !h.crossings_odd;
    }
    match (nonzero, evenodd || boundary) {
        (false, _) => Placement::Outside,
        (true, true) if !boundary => Placement::Inside,
        _ => Placement::Ambiguous,
    }
}

/// Locates `p` in a zone made of one or more polygons (their union).
pub fn locate(zone: &MultiPolygon<f64>, p: Coord<f64>) -> Placement {
    union(zone.0.iter().map(|polygon| locate_in_polygon(polygon, p)))
}

/// The placement in a union of polygons, from the placement in each: inside
/// one is inside the union (stops early), else ambiguous if any is.
pub(crate) fn union(placements: impl Iterator<Item = Placement>) -> Placement {
    let mut best = Placement::Outside;
    for placement in placements {
        match placement {
            Placement::Inside => return Placement::Inside,
            Placement::Ambiguous => best = Placement::Ambiguous,
            Placement::Outside => {}
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{coord, polygon};

    fn at(x: f64, y: f64) -> Coord<f64> {
        coord! { x: x, y: y }
    }

    #[test]
    fn square_with_hole() {
        let p = polygon!(
            exterior: [(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 10.)],
            interiors: [[(x: 4., y: 4.), (x: 6., y: 4.), (x: 6., y: 6.), (x: 4., y: 6.)]],
        );
        assert_eq!(locate_in_polygon(&p, at(1., 1.)), Placement::Inside);
        assert_eq!(locate_in_polygon(&p, at(5., 5.)), Placement::Outside);
        assert_eq!(locate_in_polygon(&p, at(11., 5.)), Placement::Outside);
        assert_eq!(locate_in_polygon(&p, at(10., 5.)), Placement::Ambiguous);
        assert_eq!(locate_in_polygon(&p, at(0., 0.)), Placement::Ambiguous);
        assert_eq!(locate_in_polygon(&p, at(4., 5.)), Placement::Ambiguous);
    }

    #[test]
    fn doubly_wound_area_is_inside_but_ambiguous() {
        // A ring that goes twice around the square [1,2]x[1,2].
        let p = polygon![
            (x: 0., y: 0.), (x: 3., y: 0.), (x: 3., y: 3.), (x: 1., y: 3.),
            (x: 1., y: 1.), (x: 2., y: 1.), (x: 2., y: 2.), (x: 0., y: 2.),
        ];
        assert_eq!(locate_in_polygon(&p, at(0.5, 0.5)), Placement::Inside);
        let inner = locate_in_polygon(&p, at(1.5, 1.5));
        assert!(inner.counts());
    }

    #[test]
    fn bowtie_lobes_are_inside() {
        let p = polygon![(x: 0., y: 0.), (x: 2., y: 2.), (x: 2., y: 0.), (x: 0., y: 2.)];
        assert_eq!(locate_in_polygon(&p, at(0.2, 1.0)), Placement::Inside);
        assert_eq!(locate_in_polygon(&p, at(1.8, 1.0)), Placement::Inside);
        assert_eq!(locate_in_polygon(&p, at(1.0, 1.8)), Placement::Outside);
    }
}
