//! What a picture holds, independent of its file format: shapes and text in
//! pixels (x to the right, y down), drawn in order. A [`Scene`] is built once
//! and written by [`super::png`] or [`super::svg`], so the PNG and the SVG of
//! a map show the same thing.

/// An sRGB colour with opacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Opacity, 255 = opaque.
    pub a: u8,
}

impl Colour {
    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Colour {
        Colour { r, g, b, a: 255 }
    }

    /// The same colour with opacity `a`.
    pub const fn with_alpha(self, a: u8) -> Colour {
        Colour { a, ..self }
    }

    /// Parses `#rrggbb` (the legend's colours); black if malformed.
    pub fn hex(s: &str) -> Colour {
        let channel = |i: usize| {
            s.get(1 + 2 * i..3 + 2 * i)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .unwrap_or(0)
        };
        Colour::rgb(channel(0), channel(1), channel(2))
    }

    /// `#rrggbb`, for SVG.
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// How a shape is filled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Paint {
    /// One colour.
    Solid(Colour),
    /// Diagonal lines on a background: secret values, told apart without colour.
    Hatched {
        /// Background.
        background: Colour,
        /// Lines.
        lines: Colour,
    },
}

/// An outline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Colour.
    pub colour: Colour,
    /// Width in pixels.
    pub width: f32,
}

/// A geometric shape in pixels.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Closed rings, filled with the non-zero rule (holes run the other way).
    Rings(Vec<Vec<[f32; 2]>>),
    /// An open line.
    Line(Vec<[f32; 2]>),
    /// A circle: centre and radius.
    Circle([f32; 2], f32),
    /// A rectangle: left, top, width, height.
    Rect([f32; 4]),
}

/// Where a text's anchor point is along its baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Left end.
    Start,
    /// Centre.
    Middle,
    /// Right end.
    End,
}

/// One line of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// Anchor point on the baseline.
    pub at: [f32; 2],
    /// Font size in pixels (the em square).
    pub size: f32,
    /// Colour.
    pub colour: Colour,
    /// Which point of the text `at` is.
    pub anchor: Anchor,
    /// The text itself.
    pub content: String,
    /// A halo of this colour around the letters (place names over the
    /// map), `size / 4` wide; none for text in boxes.
    pub halo: Option<Colour>,
}

/// One thing drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A shape, filled and/or outlined.
    Shape {
        /// The shape.
        shape: Shape,
        /// Fill, if any.
        fill: Option<Paint>,
        /// Outline, if any.
        stroke: Option<Stroke>,
    },
    /// A line of text.
    Text(Text),
}

/// A picture: its size, background and items, drawn in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Background, `None` for transparent.
    pub background: Option<Colour>,
    /// Items, bottom first.
    pub items: Vec<Item>,
}

impl Scene {
    /// An empty picture.
    pub fn new(width: u32, height: u32, background: Option<Colour>) -> Scene {
        Scene {
            width,
            height,
            background,
            items: Vec::new(),
        }
    }

    /// Adds a shape.
    pub fn shape(&mut self, shape: Shape, fill: Option<Paint>, stroke: Option<Stroke>) {
        self.items.push(Item::Shape {
            shape,
            fill,
            stroke,
        });
    }

    /// Adds a line of text.
    pub fn text(&mut self, at: [f32; 2], size: f32, anchor: Anchor, content: impl Into<String>) {
        self.items.push(Item::Text(Text {
            at,
            size,
            colour: INK,
            anchor,
            content: content.into(),
            halo: None,
        }));
    }

    /// Adds `other`'s items moved by `at` (its top-left corner here), over
    /// what is drawn already; its background is not drawn. Nothing is
    /// clipped: for scenes that draw within their own size, such as charts.
    pub fn paste(&mut self, other: Scene, at: [f32; 2]) {
        let moved = |p: [f32; 2]| [p[0] + at[0], p[1] + at[1]];
        let line = |l: Vec<[f32; 2]>| l.into_iter().map(moved).collect::<Vec<_>>();
        for item in other.items {
            self.items.push(match item {
                Item::Text(t) => Item::Text(Text {
                    at: moved(t.at),
                    ..t
                }),
                Item::Shape {
                    shape,
                    fill,
                    stroke,
                } => Item::Shape {
                    shape: match shape {
                        Shape::Rings(rings) => Shape::Rings(rings.into_iter().map(line).collect()),
                        Shape::Line(l) => Shape::Line(line(l)),
                        Shape::Circle(c, r) => Shape::Circle(moved(c), r),
                        Shape::Rect([x, y, w, h]) => Shape::Rect([x + at[0], y + at[1], w, h]),
                    },
                    fill,
                    stroke,
                },
            });
        }
    }

    /// Adds a place name centred on `at` (the middle of its x-height) with a
    /// white halo, readable over any colour of the map.
    pub fn label(&mut self, at: [f32; 2], size: f32, content: impl Into<String>) {
        self.items.push(Item::Text(Text {
            at: [at[0], at[1] + 0.36 * size],
            size,
            colour: INK,
            anchor: Anchor::Middle,
            content: content.into(),
            halo: Some(Colour::rgb(255, 255, 255)),
        }));
    }
}

/// Where a scene is drawn: each file format implements it.
pub trait Canvas {
    /// Draws a shape, filled and/or outlined.
    fn shape(&mut self, shape: &Shape, fill: Option<&Paint>, stroke: Option<&Stroke>);
    /// Draws a line of text.
    fn text(&mut self, text: &Text);
}

impl Scene {
    /// Draws every item on `canvas`, bottom first.
    pub fn draw_on(&self, canvas: &mut impl Canvas) {
        for item in &self.items {
            match item {
                Item::Shape {
                    shape,
                    fill,
                    stroke,
                } => canvas.shape(shape, fill.as_ref(), stroke.as_ref()),
                Item::Text(text) => canvas.text(text),
            }
        }
    }
}

/// The colour of text and furniture.
pub const INK: Colour = Colour::rgb(33, 33, 33);
/// White.
pub const WHITE: Colour = Colour::rgb(255, 255, 255);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        assert_eq!(Colour::hex("#1f9e89"), Colour::rgb(0x1f, 0x9e, 0x89));
        assert_eq!(Colour::hex("#1f9e89").to_hex(), "#1f9e89");
        assert_eq!(Colour::hex("oops"), Colour::rgb(0, 0, 0));
    }
}
