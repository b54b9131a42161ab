//! The one typeface of the pictures, DejaVu Sans, embedded in the binary
//! (`src/render/fonts`, Bitstream Vera licence) so that a PNG is drawn the same on
//! every machine, offline, and text is measured the same for PNG and SVG.
//!
//! Text is laid out glyph after glyph with the font's advances (no kerning,
//! no shaping): enough for French labels, numbers and units.

use std::sync::OnceLock;
use ttf_parser::{Face, GlyphId, OutlineBuilder};

/// The font file (embedded in PDFs too, subsetted).
pub static FONT: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");

/// The name SVG files ask for, with fallbacks of similar width.
pub const FAMILY: &str = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif";

/// The parsed face, parsed once.
fn face() -> &'static Face<'static> {
    static FACE: OnceLock<Face<'static>> = OnceLock::new();
    FACE.get_or_init(|| Face::parse(FONT, 0).expect("the embedded font parses"))
}

/// The glyph drawn for a character; `?` when the font lacks it.
fn glyph(face: &Face, c: char) -> GlyphId {
    face.glyph_index(c)
        .or_else(|| face.glyph_index('?'))
        .unwrap_or(GlyphId(0))
}

/// Pixels per font unit at `size` pixels per em.
fn scale(face: &Face, size: f32) -> f32 {
    size / face.units_per_em() as f32
}

/// Width in pixels of `text` at `size` pixels per em.
pub fn width(text: &str, size: f32) -> f32 {
    let face = face();
    let units: u32 = text
        .chars()
        .map(|c| face.glyph_hor_advance(glyph(face, c)).unwrap_or(0) as u32)
        .sum();
    units as f32 * scale(face, size)
}

/// Receives glyph outlines in pixels (y down), as path commands.
pub trait Pen {
    /// Starts a contour.
    fn move_to(&mut self, x: f32, y: f32);
    /// A straight segment.
    fn line_to(&mut self, x: f32, y: f32);
    /// A quadratic Bézier segment.
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32);
    /// A cubic Bézier segment.
    fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32);
    /// Closes the contour.
    fn close(&mut self);
}

/// Draws the outlines of `text` with its baseline's left end at `origin`.
pub fn outline(text: &str, size: f32, origin: [f32; 2], pen: &mut impl Pen) {
    let face = face();
    let k = scale(face, size);
    let mut x = origin[0];
    for c in text.chars() {
        let id = glyph(face, c);
        let mut placed = Placed {
            pen: &mut *pen,
            x,
            y: origin[1],
            k,
        };
        face.outline_glyph(id, &mut placed);
        x += face.glyph_hor_advance(id).unwrap_or(0) as f32 * k;
    }
}

/// A glyph's outline moved to its place and scaled to pixels.
struct Placed<'a, P: Pen> {
    pen: &'a mut P,
    x: f32,
    y: f32,
    k: f32,
}

impl<P: Pen> Placed<'_, P> {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.k, self.y - y * self.k)
    }
}

impl<P: Pen> OutlineBuilder for Placed<'_, P> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.pen.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.pen.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let ((x1, y1), (x, y)) = (self.at(x1, y1), self.at(x, y));
        self.pen.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let ((x1, y1), (x2, y2), (x, y)) = (self.at(x1, y1), self.at(x2, y2), self.at(x, y));
        self.pen.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.pen.close();
    }
}

/// Splits `text` into lines no wider than `max` pixels at `size`, at spaces
/// (a word longer than `max` stays whole on its line).
pub fn wrap(text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // Only ASCII spaces break lines: no-break spaces (before a French colon,
    // between thousands) hold their neighbours together.
    for word in text
        .split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
    {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && width(&candidate, size) > max {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_add_up_and_scale() {
        let (a, b) = (width("Toulouse", 10.0), width("Toulouse", 20.0));
        assert!(a > 30.0 && a < 60.0, "{a}");
        assert!((b - 2.0 * a).abs() < 1e-3);
        assert!((width("ab", 12.0) - width("a", 12.0) - width("b", 12.0)).abs() < 1e-3);
        assert!(width("é€ ", 12.0) > 0.0);
    }

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let text = "Part des demandeurs d'emploi sans autonomie numérique";
        let lines = wrap(text, 14.0, 150.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), text);
        assert!(lines.iter().all(|l| width(l, 14.0) <= 150.0));
        let held = wrap("Sources\u{a0}: IGN et INSEE", 14.0, 1.0);
        assert_eq!(held[0], "Sources\u{a0}:");
    }
}
