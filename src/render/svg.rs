//! Writes a [`Scene`] as SVG 1.1 text: one `<path>` per shape, `<text>` kept
//! as text (editable and searchable once pasted in a slide), hatching as a
//! `<pattern>`. Coordinates have one decimal: a tenth of a pixel.

use super::font::FAMILY;
use super::scene::{Anchor, Canvas, Colour, Item, Paint, Scene, Shape, Stroke, Text};
use std::fmt::Write;

/// The scene as an SVG document.
pub fn encode(scene: &Scene) -> String {
    let (w, h) = (scene.width, scene.height);
    let mut out = String::with_capacity(64 * 1024);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{}">"#,
        escape(FAMILY)
    );
    write_patterns(&mut out, scene);
    if let Some(c) = scene.background {
        let _ = writeln!(out, r#"<rect width="{w}" height="{h}"{}/>"#, fill(c));
    }
    scene.draw_on(&mut SvgCanvas(&mut out));
    out.push_str("</svg>\n");
    out
}

/// SVG text as a [`Canvas`].
struct SvgCanvas<'a>(&'a mut String);

impl Canvas for SvgCanvas<'_> {
    fn shape(&mut self, shape: &Shape, fill: Option<&Paint>, stroke: Option<&Stroke>) {
        write_shape(self.0, shape, fill, stroke);
    }
    fn text(&mut self, text: &Text) {
        write_text(self.0, text);
    }
}

/// ` fill="#rrggbb"` with its opacity when not opaque.
fn fill(c: Colour) -> String {
    let opacity = if c.a == 255 {
        String::new()
    } else {
        format!(r#" fill-opacity="{}""#, num(c.a as f32 / 255.0, 3))
    };
    format!(r#" fill="{}"{opacity}"#, c.to_hex())
}

fn pattern_id(background: Colour, lines: Colour) -> String {
    format!("hatch{}{}", &background.to_hex()[1..], &lines.to_hex()[1..])
}

/// One `<pattern>` per hatching used, in order of first use.
fn write_patterns(out: &mut String, scene: &Scene) {
    let mut seen: Vec<(Colour, Colour)> = Vec::new();
    for item in &scene.items {
        if let Item::Shape {
            fill: Some(Paint::Hatched { background, lines }),
            ..
        } = item
        {
            if !seen.contains(&(*background, *lines)) {
                seen.push((*background, *lines));
            }
        }
    }
    if seen.is_empty() {
        return;
    }
    out.push_str("<defs>\n");
    for (bg, lines) in seen {
        let _ = writeln!(
            out,
            r#"<pattern id="{}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8"{}/><path d="M-8,8L0,0M0,8L8,0M8,8L16,0" stroke="{}" stroke-width="1.5"/></pattern>"#,
            pattern_id(bg, lines),
            fill(bg),
            lines.to_hex()
        );
    }
    out.push_str("</defs>\n");
}

fn write_shape(out: &mut String, shape: &Shape, paint: Option<&Paint>, stroke: Option<&Stroke>) {
    let fill_attr = paint_attribute(paint);
    let stroke_attr = stroke.map_or(String::new(), stroke_attributes);
    let _ = match shape {
        Shape::Circle([x, y], r) => writeln!(
            out,
            r#"<circle cx="{}" cy="{}" r="{}"{fill_attr}{stroke_attr}/>"#,
            num(*x, 1),
            num(*y, 1),
            num(*r, 1)
        ),
        Shape::Rect([x, y, w, h]) => writeln!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}"{fill_attr}{stroke_attr}/>"#,
            num(*x, 1),
            num(*y, 1),
            num(*w, 1),
            num(*h, 1)
        ),
        Shape::Line(points) => writeln!(
            out,
            r#"<path d="{}"{fill_attr}{stroke_attr}/>"#,
            path_data(points, false)
        ),
        Shape::Rings(rings) => {
            let d: String = rings.iter().map(|r| path_data(r, true)).collect();
            writeln!(out, r#"<path d="{d}"{fill_attr}{stroke_attr}/>"#)
        }
    };
}

/// ` fill="…"`: a colour, the hatching pattern, or `none`.
fn paint_attribute(paint: Option<&Paint>) -> String {
    match paint {
        Some(Paint::Solid(c)) => fill(*c),
        Some(Paint::Hatched { background, lines }) => {
            format!(r#" fill="url(#{})""#, pattern_id(*background, *lines))
        }
        None => r#" fill="none""#.to_string(),
    }
}

/// ` stroke="…" stroke-width="…"` with round joins, and the opacity when not opaque.
fn stroke_attributes(s: &Stroke) -> String {
    let opacity = if s.colour.a == 255 {
        String::new()
    } else {
        format!(r#" stroke-opacity="{}""#, num(s.colour.a as f32 / 255.0, 3))
    };
    format!(
        r#" stroke="{}" stroke-width="{}" stroke-linejoin="round" stroke-linecap="round"{opacity}"#,
        s.colour.to_hex(),
        num(s.width, 2)
    )
}

/// `M x,y L x,y …` (and `Z` for a ring).
fn path_data(points: &[[f32; 2]], closed: bool) -> String {
    let mut d = String::with_capacity(points.len() * 12);
    for (i, [x, y]) in points.iter().enumerate() {
        d.push(if i == 0 { 'M' } else { 'L' });
        let _ = write!(d, "{},{}", num(*x, 1), num(*y, 1));
    }
    if closed && !points.is_empty() {
        d.push('Z');
    }
    d
}

fn write_text(out: &mut String, text: &Text) {
    let anchor = match text.anchor {
        Anchor::Start => "",
        Anchor::Middle => r#" text-anchor="middle""#,
        Anchor::End => r#" text-anchor="end""#,
    };
    let halo = text.halo.map_or(String::new(), |c| {
        format!(
            r#" stroke="{}" stroke-width="{}" stroke-linejoin="round" paint-order="stroke""#,
            c.to_hex(),
            num(text.size / 4.0, 2)
        )
    });
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" font-size="{}"{}{anchor}{halo}>{}</text>"#,
        num(text.at[0], 1),
        num(text.at[1], 1),
        num(text.size, 1),
        fill(text.colour),
        escape(&text.content)
    );
}

/// A number with at most `decimals` decimals, without trailing zeros.
fn num(x: f32, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// Escapes text for XML content and attributes.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::scene::{Colour, Scene};

    #[test]
    fn shapes_text_and_hatching_are_written() {
        let mut scene = Scene::new(10, 20, None);
        let hatched = Paint::Hatched {
            background: Colour::rgb(1, 2, 3),
            lines: Colour::rgb(4, 5, 6),
        };
        let ring = vec![[0.0, 0.0], [5.0, 0.04], [5.0, 5.0]];
        scene.shape(Shape::Rings(vec![ring]), Some(hatched), None);
        scene.text([1.0, 2.0], 12.0, Anchor::End, "Sud & <Est>");
        let svg = encode(&scene);
        assert!(svg.contains(r#"<pattern id="hatch010203040506""#));
        assert!(svg.contains(r#"<path d="M0,0L5,0L5,5Z" fill="url(#hatch010203040506)"/>"#));
        assert!(svg.contains(r#"text-anchor="end">Sud &amp; &lt;Est&gt;</text>"#));
        assert_eq!(num(-0.01, 1), "0");
        assert_eq!(num(2.50, 2), "2.5");
    }
}
