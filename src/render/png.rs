//! Writes a [`Scene`] as PNG with `tiny-skia` (anti-aliased, non-zero fill
//! rule, text from the embedded font's outlines). Deterministic: the same
//! scene gives the same bytes.

use super::font::{self, Pen};
use super::scene::{Anchor, Canvas, Colour, Paint, Scene, Shape, Stroke, Text};
use tiny_skia::{
    FillRule, FilterQuality, LineCap, LineJoin, PathBuilder, Pattern, Pixmap, Rect, SpreadMode,
    Transform,
};

/// Side of the hatching pattern's tile, in pixels.
const HATCH: u32 = 8;

/// The scene as PNG bytes. Fails only if the picture is empty or too large to allocate.
pub fn encode(scene: &Scene) -> Result<Vec<u8>, String> {
    let mut pixmap = Pixmap::new(scene.width, scene.height)
        .ok_or_else(|| format!("image {}×{} impossible", scene.width, scene.height))?;
    if let Some(c) = scene.background {
        pixmap.fill(colour(c));
    }
    scene.draw_on(&mut SkiaCanvas(&mut pixmap));
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// A pixmap as a [`Canvas`].
struct SkiaCanvas<'a>(&'a mut Pixmap);

impl Canvas for SkiaCanvas<'_> {
    fn shape(&mut self, shape: &Shape, fill: Option<&Paint>, stroke: Option<&Stroke>) {
        draw_shape(self.0, shape, fill, stroke);
    }
    fn text(&mut self, text: &Text) {
        draw_text(self.0, text);
    }
}

fn colour(c: Colour) -> tiny_skia::Color {
    tiny_skia::Color::from_rgba8(c.r, c.g, c.b, c.a)
}

fn solid(c: Colour) -> tiny_skia::Paint<'static> {
    let mut paint = tiny_skia::Paint::default();
    paint.set_color(colour(c));
    paint.anti_alias = true;
    paint
}

fn draw_shape(pixmap: &mut Pixmap, shape: &Shape, fill: Option<&Paint>, stroke: Option<&Stroke>) {
    let Some(path) = path_of(shape) else { return };
    let identity = Transform::identity();
    match fill {
        Some(Paint::Solid(c)) => {
            pixmap.fill_path(&path, &solid(*c), FillRule::Winding, identity, None);
        }
        Some(Paint::Hatched { background, lines }) => {
            let tile = hatch_tile(*background, *lines);
            let mut paint = solid(*background);
            paint.shader = Pattern::new(
                tile.as_ref(),
                SpreadMode::Repeat,
                FilterQuality::Nearest,
                1.0,
                identity,
            );
            pixmap.fill_path(&path, &paint, FillRule::Winding, identity, None);
        }
        None => {}
    }
    if let Some(s) = stroke {
        let style = tiny_skia::Stroke {
            width: s.width,
            line_join: LineJoin::Round,
            line_cap: LineCap::Round,
            ..Default::default()
        };
        pixmap.stroke_path(&path, &solid(s.colour), &style, identity, None);
    }
}

/// The path of a shape; `None` when it has nothing to draw.
fn path_of(shape: &Shape) -> Option<tiny_skia::Path> {
    match shape {
        Shape::Circle([x, y], r) => PathBuilder::from_circle(*x, *y, *r),
        Shape::Rect([x, y, w, h]) => Rect::from_xywh(*x, *y, *w, *h).map(PathBuilder::from_rect),
        Shape::Line(points) => {
            let mut builder = PathBuilder::new();
            polyline(&mut builder, points, false);
            builder.finish()
        }
        Shape::Rings(rings) => {
            let mut builder = PathBuilder::new();
            for ring in rings {
                polyline(&mut builder, ring, true);
            }
            builder.finish()
        }
    }
}

fn polyline(builder: &mut PathBuilder, points: &[[f32; 2]], closed: bool) {
    for (i, [x, y]) in points.iter().enumerate() {
        if i == 0 {
            builder.move_to(*x, *y);
        } else {
            builder.line_to(*x, *y);
        }
    }
    if closed && points.len() > 2 {
        builder.close();
    }
}

/// A tile of the hatching: diagonal lines that join across tiles.
fn hatch_tile(background: Colour, lines: Colour) -> Pixmap {
    let mut tile = Pixmap::new(HATCH, HATCH).expect("non-zero size");
    tile.fill(colour(background));
    let n = HATCH as f32;
    let mut builder = PathBuilder::new();
    for shift in [-n, 0.0, n] {
        builder.move_to(shift, n);
        builder.line_to(shift + n, 0.0);
    }
    if let Some(path) = builder.finish() {
        let style = tiny_skia::Stroke {
            width: 1.5,
            ..Default::default()
        };
        tile.stroke_path(&path, &solid(lines), &style, Transform::identity(), None);
    }
    tile
}

/// Glyph outlines collected into a `tiny-skia` path.
struct SkiaPen(PathBuilder);

impl Pen for SkiaPen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }
    fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

fn draw_text(pixmap: &mut Pixmap, text: &Text) {
    let shift = match text.anchor {
        Anchor::Start => 0.0,
        Anchor::Middle => font::width(&text.content, text.size) / 2.0,
        Anchor::End => font::width(&text.content, text.size),
    };
    let mut pen = SkiaPen(PathBuilder::new());
    let origin = [text.at[0] - shift, text.at[1]];
    font::outline(&text.content, text.size, origin, &mut pen);
    if let Some(path) = pen.0.finish() {
        if let Some(halo) = text.halo {
            let stroke = tiny_skia::Stroke {
                width: text.size / 4.0,
                line_join: LineJoin::Round,
                ..Default::default()
            };
            pixmap.stroke_path(&path, &solid(halo), &stroke, Transform::identity(), None);
        }
        let paint = solid(text.colour);
        pixmap.fill_path(
            &path,
            &paint,
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::scene::{Colour, Scene, INK};

    fn pixel(png: &[u8], x: u32, y: u32) -> [u8; 4] {
        let pixmap = Pixmap::decode_png(png).unwrap();
        let p = pixmap.pixel(x, y).unwrap();
        [p.red(), p.green(), p.blue(), p.alpha()]
    }

    #[test]
    fn fills_strokes_and_text_land_where_asked() {
        let mut scene = Scene::new(100, 60, Some(Colour::rgb(255, 255, 255)));
        let square = vec![[10.0, 10.0], [40.0, 10.0], [40.0, 40.0], [10.0, 40.0]];
        let red = Colour::rgb(200, 0, 0);
        scene.shape(Shape::Rings(vec![square]), Some(Paint::Solid(red)), None);
        scene.text([60.0, 40.0], 30.0, Anchor::Start, "I");
        let png = encode(&scene).unwrap();
        assert_eq!(pixel(&png, 25, 25), [200, 0, 0, 255]);
        assert_eq!(pixel(&png, 5, 5), [255, 255, 255, 255]);
        // The stem of the "I" covers its middle column.
        let stem = (60..75).any(|x| pixel(&png, x, 30)[..3] == [INK.r, INK.g, INK.b]);
        assert!(stem);
        assert_eq!(png, encode(&scene).unwrap(), "same scene, same bytes");
    }

    #[test]
    fn hatching_shows_both_colours() {
        let mut scene = Scene::new(40, 40, None);
        let (bg, lines) = (Colour::rgb(200, 200, 200), Colour::rgb(60, 60, 60));
        let hatched = Paint::Hatched {
            background: bg,
            lines,
        };
        scene.shape(Shape::Rect([0.0, 0.0, 40.0, 40.0]), Some(hatched), None);
        let pixmap = Pixmap::decode_png(&encode(&scene).unwrap()).unwrap();
        let greys: std::collections::BTreeSet<u8> =
            pixmap.pixels().iter().map(|p| p.red()).collect();
        assert!(
            greys.contains(&200) && greys.iter().any(|&g| g < 120),
            "{greys:?}"
        );
    }
}
