//! What a map needs besides the map to be shown in a meeting: boxes of text
//! with optional colour marks (title, legend, source) and a scale bar. Each
//! box is measured before it is drawn, so the map can keep its subject clear
//! of the boxes.

use super::font;
use super::scene::{Anchor, Colour, Paint, Scene, Shape, Stroke, INK, WHITE};

/// Space between a box's edge and its content, in em of the box's body text.
const PADDING_EM: f32 = 0.6;
/// Line height, in em.
const LINE_EM: f32 = 1.35;

/// What stands before a line of a box.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// Nothing.
    None,
    /// A filled rectangle: a legend class.
    Swatch(Paint),
    /// A dot: a point layer.
    Dot(Colour),
}

/// One line of a box.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Mark before the text.
    pub mark: Mark,
    /// The text.
    pub text: String,
    /// Font size in pixels.
    pub size: f32,
}

/// A box of rows on a white background.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Rows, top first.
    pub rows: Vec<Row>,
    /// Padding in pixels.
    pub pad: f32,
}

impl Panel {
    /// An empty box with the padding for body text of `size` pixels.
    pub fn new(size: f32) -> Panel {
        Panel {
            rows: Vec::new(),
            pad: size * PADDING_EM,
        }
    }

    /// Adds `text` wrapped to `max` pixels, without a mark.
    pub fn wrapped(&mut self, text: &str, size: f32, max: f32) {
        for line in font::wrap(text, size, max) {
            self.row(Mark::None, line, size);
        }
    }

    /// Adds one row.
    pub fn row(&mut self, mark: Mark, text: impl Into<String>, size: f32) {
        self.rows.push(Row {
            mark,
            text: text.into(),
            size,
        });
    }

    fn mark_width(row: &Row) -> f32 {
        match row.mark {
            Mark::None => 0.0,
            _ => row.size * 2.1,
        }
    }

    /// Width and height in pixels.
    pub fn size(&self) -> [f32; 2] {
        let width = self
            .rows
            .iter()
            .map(|r| Self::mark_width(r) + font::width(&r.text, r.size))
            .fold(0.0, f32::max);
        let height: f32 = self.rows.iter().map(|r| r.size * LINE_EM).sum();
        [width + 2.0 * self.pad, height + 2.0 * self.pad]
    }

    /// Draws the box with its top-left corner at `at`.
    pub fn draw(&self, scene: &mut Scene, at: [f32; 2]) {
        if self.rows.is_empty() {
            return;
        }
        let [w, h] = self.size();
        backdrop(scene, [at[0], at[1], w, h]);
        let mut y = at[1] + self.pad;
        for row in &self.rows {
            let line = row.size * LINE_EM;
            let baseline = y + (line + row.size * 0.7) / 2.0;
            let x = at[0] + self.pad;
            draw_mark(scene, &row.mark, [x, y + line / 2.0], row.size);
            let text_x = x + Self::mark_width(row);
            scene.text(
                [text_x, baseline],
                row.size,
                Anchor::Start,
                row.text.clone(),
            );
            y += line;
        }
    }
}

/// A white, slightly see-through box with a thin border.
fn backdrop(scene: &mut Scene, rect: [f32; 4]) {
    let border = Stroke {
        colour: Colour::rgb(189, 189, 189),
        width: 1.0,
    };
    scene.shape(
        Shape::Rect(rect),
        Some(Paint::Solid(WHITE.with_alpha(235))),
        Some(border),
    );
}

/// A mark centred vertically on `centre[1]`, starting at `centre[0]`.
fn draw_mark(scene: &mut Scene, mark: &Mark, centre: [f32; 2], size: f32) {
    let outline = Some(Stroke {
        colour: Colour::rgb(97, 97, 97),
        width: (size / 14.0).max(0.75),
    });
    match mark {
        Mark::None => {}
        Mark::Swatch(paint) => {
            let rect = [centre[0], centre[1] - size * 0.45, size * 1.6, size * 0.9];
            scene.shape(Shape::Rect(rect), Some(*paint), outline);
        }
        Mark::Dot(colour) => {
            let dot = Shape::Circle([centre[0] + size * 0.8, centre[1]], size * 0.35);
            scene.shape(dot, Some(Paint::Solid(*colour)), outline);
        }
    }
}

/// The longest round distance (1, 2 or 5 × 10ⁿ metres) that fits in
/// `max_px` pixels at `metres_per_pixel`, and its length in pixels.
pub fn scale_length(metres_per_pixel: f64, max_px: f64) -> (f64, f64) {
    let max_m = metres_per_pixel * max_px;
    let power = 10f64.powf(max_m.log10().floor());
    let step = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|f| f * power)
        .find(|&m| m <= max_m)
        .unwrap_or(power);
    (step, step / metres_per_pixel)
}

/// "500 m", "2 km", "1,5 km", with a no-break space before the unit.
pub fn distance_label(metres: f64) -> String {
    if metres < 1000.0 {
        format!("{metres:.0}\u{a0}m")
    } else {
        format!(
            "{}\u{a0}km",
            (metres / 1000.0).to_string().replace('.', ",")
        )
    }
}

/// Draws a scale bar whose bottom-left corner is at `at`: a two-tone bar
/// of a round distance no longer than `max_px`, with its length written
/// above; [`scale_bar_height`] pixels high.
pub fn scale_bar(scene: &mut Scene, at: [f32; 2], metres_per_pixel: f64, max_px: f64, size: f32) {
    let (metres, px) = scale_length(metres_per_pixel, max_px);
    let (px, pad) = (px as f32, size * PADDING_EM);
    let label = distance_label(metres);
    let width = px.max(font::width(&label, size)) + 2.0 * pad;
    let height = scale_bar_height(size);
    backdrop(scene, [at[0], at[1] - height, width, height]);
    let (x, bar_y, bar_h) = (at[0] + pad, at[1] - pad - size * 0.45, size * 0.45);
    let ink = Some(Paint::Solid(INK));
    let half = px / 2.0;
    scene.shape(Shape::Rect([x, bar_y, half, bar_h]), ink, None);
    let white = Some(Paint::Solid(WHITE));
    let border = Some(Stroke {
        colour: INK,
        width: 1.0,
    });
    scene.shape(Shape::Rect([x + half, bar_y, half, bar_h]), white, border);
    scene.text([x, bar_y - size * 0.4], size, Anchor::Start, label);
}

/// Height of a scale bar with text of `size` pixels.
pub fn scale_bar_height(size: f32) -> f32 {
    size * 1.9 + 2.0 * size * PADDING_EM
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_lengths_are_round_and_fit() {
        assert_eq!(scale_length(10.0, 250.0), (2000.0, 200.0));
        assert_eq!(scale_length(10.0, 600.0), (5000.0, 500.0));
        assert_eq!(scale_length(1.0, 99.0), (50.0, 50.0));
        assert_eq!(distance_label(500.0), "500\u{a0}m");
        assert_eq!(distance_label(1500.0), "1,5\u{a0}km");
        assert_eq!(distance_label(20_000.0), "20\u{a0}km");
    }

    #[test]
    fn panels_grow_with_their_rows() {
        let mut panel = Panel::new(16.0);
        panel.row(Mark::None, "Titre", 16.0);
        let [w1, h1] = panel.size();
        panel.row(Mark::Dot(INK), "Titre", 16.0);
        let [w2, h2] = panel.size();
        assert!(w2 > w1 && h2 > h1);
    }
}
