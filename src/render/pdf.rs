//! Scenes as PDF pages, with `krilla`: vector shapes, text that stays text
//! (selectable, searchable, the embedded DejaVu Sans subsetted to the glyphs
//! used), hatching as a PDF pattern. Each scene becomes one 16:9 page of
//! 960 × 540 points (338.67 × 190.5 mm, the size of a presentation slide),
//! whatever its size in pixels. The same scenes give the same bytes: no
//! creation date is written and the file identifier is derived from the
//! content.
//!
//! Why `krilla` rather than `svg2pdf`: our scenes are already shapes and
//! text, so going through SVG (and `usvg`'s parser, font database and text
//! layout) would only add a round trip; `krilla` draws paths and text
//! directly and subsets the font itself.

use super::font::FONT;
use super::scene::{Anchor, Canvas, Colour, Paint, Scene, Shape, Stroke, Text};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Transform};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Pattern};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;

/// Page width in points: 338.67 mm, a 16:9 slide.
pub const PAGE_WIDTH: f32 = 960.0;
/// Page height in points: 190.5 mm.
pub const PAGE_HEIGHT: f32 = 540.0;

/// The scenes as a PDF document, one page each, titled `title`. Fails only
/// if `krilla` cannot write the file (never for our shapes and font).
pub fn document(scenes: &[Scene], title: &str) -> Result<Vec<u8>, String> {
    let font = Font::new(FONT.to_vec().into(), 0).ok_or("the embedded font does not load")?;
    let mut doc = Document::new();
    let metadata = krilla::metadata::Metadata::new()
        .title(title.to_string())
        .producer("zonage".to_string());
    doc.set_metadata(metadata);
    for scene in scenes {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or("page size")?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        let k = (PAGE_WIDTH / scene.width as f32).min(PAGE_HEIGHT / scene.height as f32);
        surface.push_transform(&Transform::from_scale(k, k));
        if let Some(c) = scene.background {
            let rect = Shape::Rect([0.0, 0.0, scene.width as f32, scene.height as f32]);
            draw_shape(&mut surface, &rect, Some(&Paint::Solid(c)), None);
        }
        scene.draw_on(&mut PdfCanvas {
            surface: &mut surface,
            font: &font,
        });
        surface.pop();
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| format!("{e:?}"))
}

/// A page's surface as a [`Canvas`].
struct PdfCanvas<'a, 'b> {
    surface: &'a mut Surface<'b>,
    font: &'a Font,
}

impl Canvas for PdfCanvas<'_, '_> {
    fn shape(&mut self, shape: &Shape, fill: Option<&Paint>, stroke: Option<&Stroke>) {
        draw_shape(self.surface, shape, fill, stroke);
    }
    fn text(&mut self, text: &Text) {
        draw_text(self.surface, self.font, text);
    }
}

fn colour(c: Colour) -> (rgb::Color, NormalizedF32) {
    let opacity = NormalizedF32::new(f32::from(c.a) / 255.0).unwrap_or(NormalizedF32::ONE);
    (rgb::Color::new(c.r, c.g, c.b), opacity)
}

fn solid_fill(c: Colour) -> Fill {
    let (paint, opacity) = colour(c);
    Fill {
        paint: paint.into(),
        opacity,
        rule: FillRule::NonZero,
    }
}

fn solid_stroke(c: Colour, width: f32) -> krilla::paint::Stroke {
    let (paint, opacity) = colour(c);
    krilla::paint::Stroke {
        paint: paint.into(),
        width,
        opacity,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        ..Default::default()
    }
}

fn draw_shape(surface: &mut Surface, shape: &Shape, fill: Option<&Paint>, stroke: Option<&Stroke>) {
    let Some(path) = path_of(shape) else { return };
    let fill = fill.map(|p| match *p {
        Paint::Solid(c) => solid_fill(c),
        Paint::Hatched { background, lines } => Fill {
            paint: hatch(surface, background, lines).into(),
            opacity: NormalizedF32::ONE,
            rule: FillRule::NonZero,
        },
    });
    surface.set_fill(fill);
    surface.set_stroke(stroke.map(|s| solid_stroke(s.colour, s.width)));
    surface.draw_path(&path);
}

/// Side of the hatching's cell, in pixels of the scene (as in PNG).
const HATCH: f32 = 8.0;

/// Diagonal lines on a background, as a repeating PDF pattern.
fn hatch(surface: &mut Surface, background: Colour, lines: Colour) -> Pattern {
    let mut builder = surface.stream_builder();
    let mut cell = builder.surface();
    draw_shape(
        &mut cell,
        &Shape::Rect([0.0, 0.0, HATCH, HATCH]),
        Some(&Paint::Solid(background)),
        None,
    );
    for shift in [-HATCH, 0.0, HATCH] {
        let line = Shape::Line(vec![[shift, HATCH], [shift + HATCH, 0.0]]);
        draw_shape(
            &mut cell,
            &line,
            None,
            Some(&Stroke {
                colour: lines,
                width: 1.5,
            }),
        );
    }
    cell.finish();
    Pattern {
        stream: builder.finish(),
        transform: Transform::identity(),
        width: HATCH,
        height: HATCH,
    }
}

fn path_of(shape: &Shape) -> Option<krilla::geom::Path> {
    let mut b = PathBuilder::new();
    match shape {
        Shape::Circle([x, y], r) => circle(&mut b, *x, *y, *r),
        Shape::Rect([x, y, w, h]) => b.push_rect(krilla::geom::Rect::from_xywh(*x, *y, *w, *h)?),
        Shape::Line(points) => polyline(&mut b, points, false),
        Shape::Rings(rings) => rings.iter().for_each(|r| polyline(&mut b, r, true)),
    }
    b.finish()
}

/// A circle as four cubic arcs (the usual 0.5523 control-point ratio).
fn circle(b: &mut PathBuilder, x: f32, y: f32, r: f32) {
    let k = 0.552_284_8 * r;
    b.move_to(x + r, y);
    b.cubic_to(x + r, y + k, x + k, y + r, x, y + r);
    b.cubic_to(x - k, y + r, x - r, y + k, x - r, y);
    b.cubic_to(x - r, y - k, x - k, y - r, x, y - r);
    b.cubic_to(x + k, y - r, x + r, y - k, x + r, y);
    b.close();
}

fn polyline(b: &mut PathBuilder, points: &[[f32; 2]], closed: bool) {
    for (i, [x, y]) in points.iter().enumerate() {
        if i == 0 {
            b.move_to(*x, *y);
        } else {
            b.line_to(*x, *y);
        }
    }
    if closed && points.len() > 2 {
        b.close();
    }
}

/// Text as PDF text (selectable); a halo is drawn first as outlines, so that
/// extracting the text gives each word once.
fn draw_text(surface: &mut Surface, font: &Font, text: &Text) {
    let shift = match text.anchor {
        Anchor::Start => 0.0,
        Anchor::Middle => super::font::width(&text.content, text.size) / 2.0,
        Anchor::End => super::font::width(&text.content, text.size),
    };
    let start = Point::from_xy(text.at[0] - shift, text.at[1]);
    if let Some(halo) = text.halo {
        surface.set_fill(None);
        surface.set_stroke(Some(solid_stroke(halo, text.size / 4.0)));
        surface.draw_text(
            start,
            font.clone(),
            text.size,
            &text.content,
            true,
            TextDirection::Auto,
        );
    }
    surface.set_stroke(None);
    surface.set_fill(Some(solid_fill(text.colour)));
    surface.draw_text(
        start,
        font.clone(),
        text.size,
        &text.content,
        false,
        TextDirection::Auto,
    );
}
