//! One slide of a dossier: a 1920 × 1080 scene with a title, a footer
//! (the territory, the vintage, the secrecy notice, the page number) and
//! helpers for lines of text and tables in between.

use crate::render::font;
use crate::render::scene::{Anchor, Colour, Scene, Shape, Stroke, WHITE};

/// Slide size in pixels (16:9; a PDF page of 960 × 540 points).
pub const WIDTH: u32 = 1920;
/// Slide height in pixels.
pub const HEIGHT: u32 = 1080;
/// Left and right margin.
pub const MARGIN: f32 = 80.0;
/// Body text size.
pub const BODY: f32 = 26.0;
/// The first line below a slide's title.
pub const TOP: f32 = 230.0;
/// The last line above the footer.
pub const BOTTOM: f32 = 960.0;

/// The accent colour of titles and rules.
const ACCENT: Colour = Colour::rgb(31, 78, 140);
/// Muted text.
const MUTED: Colour = Colour::rgb(85, 85, 85);

/// A slide being drawn.
pub struct Page {
    /// The scene.
    pub scene: Scene,
    /// Where the next line goes.
    pub y: f32,
    /// Right edge of text and tables (the margin, unless a picture takes
    /// the right of the slide).
    pub right: f32,
}

impl Page {
    /// A slide titled `title` (and `subtitle`), with its footer.
    pub fn new(title: &str, subtitle: &str, footer: &str, number: usize, of: usize) -> Page {
        let mut scene = Scene::new(WIDTH, HEIGHT, Some(WHITE));
        scene.text([MARGIN, 120.0], 52.0, Anchor::Start, title);
        coloured(
            &mut scene,
            [MARGIN, 170.0],
            BODY,
            Anchor::Start,
            subtitle,
            MUTED,
        );
        let rule = Stroke {
            colour: ACCENT,
            width: 4.0,
        };
        scene.shape(
            Shape::Line(vec![[MARGIN, 195.0], [MARGIN + 160.0, 195.0]]),
            None,
            Some(rule),
        );
        let thin = Stroke {
            colour: Colour::rgb(200, 200, 200),
            width: 1.5,
        };
        let w = WIDTH as f32;
        scene.shape(
            Shape::Line(vec![[MARGIN, 1000.0], [w - MARGIN, 1000.0]]),
            None,
            Some(thin),
        );
        coloured(
            &mut scene,
            [MARGIN, 1040.0],
            20.0,
            Anchor::Start,
            footer,
            MUTED,
        );
        coloured(
            &mut scene,
            [w - MARGIN, 1040.0],
            20.0,
            Anchor::End,
            &format!("{number}/{of}"),
            MUTED,
        );
        Page {
            scene,
            y: TOP + BODY,
            right: w - MARGIN,
        }
    }

    /// A paragraph wrapped to the slide's width, at `size`; muted with `muted`.
    pub fn paragraph(&mut self, text: &str, size: f32, muted: bool) {
        for line in font::wrap(text, size, self.right - MARGIN) {
            let colour = if muted {
                MUTED
            } else {
                crate::render::scene::INK
            };
            coloured(
                &mut self.scene,
                [MARGIN, self.y],
                size,
                Anchor::Start,
                &line,
                colour,
            );
            self.y += size * 1.45;
        }
    }

    /// Space of `lines` body lines.
    pub fn skip(&mut self, lines: f32) {
        self.y += BODY * 1.45 * lines;
    }

    /// A table: `header` then `rows`; the first column left-aligned at the
    /// margin, the others right-aligned at `stops` (x of their right edge).
    /// Headers wrap within their column; a first-column text too long is
    /// cut with "…". Rows that would run past the footer are left out;
    /// returns how many were drawn.
    pub fn table(
        &mut self,
        header: &[String],
        rows: &[Vec<String>],
        stops: &[f32],
        size: f32,
    ) -> usize {
        let line = size * 1.6;
        self.header(header, stops, size * 0.85);
        self.y += line * 0.9;
        let mut drawn = 0;
        for row in rows {
            if self.y > BOTTOM {
                break;
            }
            let rule = Stroke {
                colour: Colour::rgb(228, 228, 228),
                width: 1.0,
            };
            let top = self.y - size * 1.15;
            self.scene.shape(
                Shape::Line(vec![[MARGIN, top], [self.right, top]]),
                None,
                Some(rule),
            );
            self.cells(row, stops, size);
            self.y += line;
            drawn += 1;
        }
        drawn
    }

    /// The header row: each label wrapped to its column's width, its last
    /// line on the row's baseline.
    fn header(&mut self, cells: &[String], stops: &[f32], size: f32) {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .enumerate()
            .map(|(k, text)| font::wrap(text, size, column_width(stops, k) - 0.8 * size))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        self.y += (lines - 1) as f32 * size * 1.25;
        for (k, cell) in wrapped.iter().enumerate() {
            let (x, anchor) = column_anchor(stops, k);
            for (n, text) in cell.iter().rev().enumerate() {
                let y = self.y - n as f32 * size * 1.25;
                coloured(&mut self.scene, [x, y], size, anchor, text, MUTED);
            }
        }
    }

    fn cells(&mut self, cells: &[String], stops: &[f32], size: f32) {
        for (k, text) in cells.iter().enumerate() {
            let (x, anchor) = column_anchor(stops, k);
            let text = match k {
                0 => fit(text, size, column_width(stops, 0)),
                _ => text.clone(),
            };
            let ink = crate::render::scene::INK;
            coloured(&mut self.scene, [x, self.y], size, anchor, &text, ink);
        }
    }
}

/// Width of the first column's text: up to the second column's usual width
/// before its right edge.
const SECOND_COLUMN: f32 = 260.0;

/// Where column `k`'s text is anchored.
fn column_anchor(stops: &[f32], k: usize) -> (f32, Anchor) {
    match k {
        0 => (MARGIN, Anchor::Start),
        _ => (stops[k - 1], Anchor::End),
    }
}

/// The width column `k` may take: the first up to the second's usual width
/// before the second's right edge, the others from the previous edge.
fn column_width(stops: &[f32], k: usize) -> f32 {
    let first = stops
        .first()
        .map_or(WIDTH as f32 - 2.0 * MARGIN, |s| s - MARGIN - SECOND_COLUMN);
    match k {
        0 => first,
        1 => SECOND_COLUMN,
        _ => stops[k - 1] - stops[k - 2],
    }
}

/// `text` cut with "…" to fit `max` pixels.
pub fn fit(text: &str, size: f32, max: f32) -> String {
    if font::width(text, size) <= max {
        return text.to_string();
    }
    let mut out: String = text.to_string();
    while !out.is_empty() && font::width(&format!("{out}…"), size) > max {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

/// A line of text in a colour.
fn coloured(
    scene: &mut Scene,
    at: [f32; 2],
    size: f32,
    anchor: Anchor,
    text: &str,
    colour: Colour,
) {
    scene.text(at, size, anchor, text);
    if let Some(crate::render::scene::Item::Text(t)) = scene.items.last_mut() {
        t.colour = colour;
    }
}
