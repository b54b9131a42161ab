//! Map layers drawn into a [`Scene`] through a [`View`]: zones filled by the
//! legend (choropleth), zones as context outlines, and service points.
//! Shared by raster tiles and static maps.

use super::scene::{Colour, Paint, Scene, Shape, Stroke};
use super::view::View;
use crate::geometry::screen::to_screen;
use crate::indicators::Value;
use crate::legend::{Legend, SECRET_COLOUR};
use crate::points::PublicPoints;
use crate::territory::Territory;

/// Simplification tolerance in pixels: a third of a pixel cannot be seen.
const TOLERANCE_PX: f64 = 0.3;
/// Parts smaller than this many square pixels are left out.
const MIN_AREA_PX: f64 = 0.05;
/// The lines of the secret hatching.
pub const SECRET_LINES: Colour = Colour::rgb(97, 97, 97);
/// Point layer colours (Okabe–Ito: told apart with every colour-vision
/// deficiency, and from the viridis fills).
const POINT_COLOURS: [Colour; 5] = [
    Colour::rgb(213, 94, 0),
    Colour::rgb(0, 114, 178),
    Colour::rgb(204, 121, 167),
    Colour::rgb(230, 159, 0),
    Colour::rgb(86, 180, 233),
];

/// How a value is filled on a legend, with opacity `alpha`: secret values
/// hatched (readable without colour), missing ones pale.
pub fn paint_of(legend: &Legend, value: Value, alpha: u8) -> Paint {
    match value {
        Value::Secret => Paint::Hatched {
            background: Colour::hex(SECRET_COLOUR).with_alpha(alpha),
            lines: SECRET_LINES.with_alpha(alpha),
        },
        v => Paint::Solid(Colour::hex(legend.colour(v)).with_alpha(alpha)),
    }
}

/// The colour of point layer number `i` among those drawn.
pub fn point_colour(i: usize) -> Colour {
    POINT_COLOURS[i % POINT_COLOURS.len()]
}

/// How the zones of a layer are drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZoneStyle {
    /// Outline.
    pub stroke: Option<Stroke>,
    /// Zones narrower than this diameter in pixels are drawn as a disc of
    /// it instead (a QPV on a regional map would otherwise be a speck).
    pub marker: Option<f32>,
}

/// Draws the zones of layer `z` that meet the view, each filled by
/// `paint(zone)`, in `style`. Returns how many were drawn. Zones are drawn
/// in layer order, so the same view gives the same picture.
pub fn draw_zones(
    scene: &mut Scene,
    view: &View,
    t: &Territory,
    z: usize,
    paint: impl Fn(usize) -> Option<Paint>,
    style: ZoneStyle,
) -> usize {
    let margin = style.marker.unwrap_or(0.0) as f64 + 2.0;
    let [w, s, e, n] = view.bounds(margin);
    let mut candidates: Vec<usize> = t.indexes[z].candidates_in([w, s], [e, n]).collect();
    candidates.sort_unstable();
    let mut drawn = 0;
    for i in candidates {
        let shape = &t.zones[z].shapes[i];
        if let Some(marker) = style.marker.and_then(|d| small_zone_marker(view, shape, d)) {
            scene.shape(marker, paint(i), style.stroke);
            drawn += 1;
        } else if let Some(rings) = zone_rings(view, shape) {
            scene.shape(Shape::Rings(rings), paint(i), style.stroke);
            drawn += 1;
        }
    }
    drawn
}

/// A disc of `diameter` pixels at the centre of a zone narrower than that.
fn small_zone_marker(view: &View, shape: &geo::MultiPolygon<f64>, diameter: f32) -> Option<Shape> {
    let bbox = geo::BoundingRect::bounding_rect(shape)?;
    let [x0, y0] = view.project(bbox.min().x, bbox.max().y);
    let [x1, y1] = view.project(bbox.max().x, bbox.min().y);
    let size = (x1 - x0).max(y1 - y0) as f32;
    let centre = [((x0 + x1) / 2.0) as f32, ((y0 + y1) / 2.0) as f32];
    (size < diameter).then_some(Shape::Circle(centre, diameter / 2.0))
}

/// The rings of a zone in pixels, simplified; `None` when it is too small to see.
pub fn zone_rings(view: &View, shape: &geo::MultiPolygon<f64>) -> Option<Vec<Vec<[f32; 2]>>> {
    let project = |lon, lat| {
        let [x, y] = view.project(lon, lat);
        (x, y)
    };
    let screen = to_screen(shape, project, TOLERANCE_PX, MIN_AREA_PX)?;
    let ring = |r: &geo::LineString<f64>| r.0.iter().map(|c| [c.x as f32, c.y as f32]).collect();
    Some(
        screen
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .map(ring)
            .collect(),
    )
}

/// Draws the points of a public point layer inside the view as dots of
/// `radius` pixels (private layers cannot be passed). Returns how many were drawn.
pub fn draw_points(
    scene: &mut Scene,
    view: &View,
    layer: PublicPoints<'_>,
    colour: Colour,
    radius: f32,
) -> usize {
    let [w, s, e, n] = view.bounds(radius as f64);
    let halo = Stroke {
        colour: Colour::rgb(255, 255, 255),
        width: radius / 2.5,
    };
    let mut drawn = 0;
    for &[lon, lat] in &layer.coords {
        if lon < w || lon > e || lat < s || lat > n {
            continue;
        }
        let [x, y] = view.project(lon, lat);
        let dot = Shape::Circle([x as f32, y as f32], radius);
        scene.shape(dot, Some(Paint::Solid(colour)), Some(halo));
        drawn += 1;
    }
    drawn
}
