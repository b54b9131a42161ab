//! Place names on maps: which zones are named at a zoom, and where, so that
//! no two names overlap. The same placement serves the map application's
//! label layer (`GET /api/labels`, placed over the whole territory once per
//! zoom, so that names do not move or flicker when the map is panned, and
//! are never cut at tile edges since they are not drawn in tiles) and the
//! static maps (placed for the picture, around its legend and title).
//!
//! - [`candidates`]: an inner point, a width and a weight per zone, and the
//!   rule of what is named at which zoom (prefectures first, from zoom 6;
//!   communes by population; neighbourhoods such as QPVs from zoom 12);
//! - [`place`]: greedy placement with collision boxes;
//! - [`prefectures`]: the communes that are prefectures.

pub mod candidates;
pub mod place;
pub mod prefectures;

use crate::render::font;
use crate::territory::Territory;
use candidates::LayerCandidates;
use place::{Collisions, PixelBox};
use std::sync::OnceLock;

/// The candidates of every zone layer, computed when first asked for (an
/// inner point per zone: about 0.1 s for the communes of a region).
#[derive(Debug)]
pub struct Labeller {
    layers: Vec<OnceLock<LayerCandidates>>,
}

/// A name placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The zone's layer position.
    pub layer: usize,
    /// The zone's position in its layer.
    pub zone: usize,
    /// The text's centre, in pixels of the frame.
    pub at: [f64; 2],
    /// Font size, in pixels.
    pub size: f32,
    /// The box it holds, in pixels of the frame (text, halo and margin).
    pub bounds: PixelBox,
}

/// Where world units fall in pixels: `pixel = (world − origin) × k`.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// Pixels per world unit (256 × 2^zoom on web maps).
    pub k: f64,
    /// World position of pixel (0, 0).
    pub origin: [f64; 2],
}

/// What to name and where.
#[derive(Debug, Clone)]
pub struct Placement {
    /// Zone layers (positions), most important first.
    pub layers: Vec<usize>,
    /// The zoom (fractional for static maps): what is named.
    pub zoom: f64,
    /// World to pixels.
    pub frame: Frame,
    /// Names must lie inside this box, when given (a picture).
    pub within: Option<PixelBox>,
    /// Boxes names must not overlap (a legend, a title).
    pub obstacles: Vec<PixelBox>,
    /// Font scale (1 on web maps).
    pub scale: f32,
}

impl Placement {
    /// The placement of a web map's zoom level over the whole world.
    pub fn web(layers: Vec<usize>, zoom: u8) -> Placement {
        Placement {
            layers,
            zoom: f64::from(zoom),
            frame: Frame {
                k: 256.0 * f64::from(1u32 << zoom),
                origin: [0.0, 0.0],
            },
            within: None,
            obstacles: Vec::new(),
            scale: 1.0,
        }
    }
}

/// Font sizes, in pixels at scale 1: prefectures, other zones, neighbourhoods.
const SIZES: [f32; 3] = [13.0, 12.0, 11.0];

impl Labeller {
    /// A labeller for `layers` zone layers.
    pub fn new(layers: usize) -> Labeller {
        Labeller {
            layers: (0..layers).map(|_| OnceLock::new()).collect(),
        }
    }

    fn candidates<'a>(&'a self, t: &Territory, z: usize) -> &'a LayerCandidates {
        self.layers[z].get_or_init(|| LayerCandidates::of(z, &t.zones[z]))
    }

    /// Names of the zones asked for, placed without overlap (see
    /// [`Placement`]). Prefectures come first, then each layer in the order
    /// given, heaviest zones first.
    pub fn place(&self, t: &Territory, p: &Placement) -> Vec<Placed> {
        let (zoom, frame, within, scale) = (p.zoom, p.frame, p.within, p.scale);
        let mut taken = Collisions::default();
        p.obstacles.iter().for_each(|b| taken.insert(*b));
        let mut out = Vec::new();
        for prefectures_pass in [true, false] {
            for &z in &p.layers {
                let c = self.candidates(t, z);
                if zoom < c.min_zoom {
                    continue;
                }
                let size_kind = if c.min_zoom > 0.0 { 2 } else { 1 };
                for cand in c.zones.iter().filter(|c| c.prefecture == prefectures_pass) {
                    if !cand.shown_at(zoom, frame.k) {
                        continue;
                    }
                    let size = SIZES[if cand.prefecture { 0 } else { size_kind }] * scale;
                    let at = [
                        (cand.anchor[0] - frame.origin[0]) * frame.k,
                        (cand.anchor[1] - frame.origin[1]) * frame.k,
                    ];
                    let bounds = label_box(&t.zones[z].names[cand.zone], size, at);
                    let inside = within.is_none_or(|w| {
                        w[0] <= bounds[0]
                            && bounds[2] <= w[2]
                            && w[1] <= bounds[1]
                            && bounds[3] <= w[3]
                    });
                    if inside && taken.try_insert(bounds) {
                        out.push(Placed {
                            layer: z,
                            zone: cand.zone,
                            at,
                            size,
                            bounds,
                        });
                    }
                }
            }
        }
        out
    }
}

/// The box of a name centred on `at`: its width in the embedded font, one
/// and a half lines high, with a margin of a third of the size around.
pub fn label_box(text: &str, size: f32, at: [f64; 2]) -> PixelBox {
    let half_w = (font::width(text, size) / 2.0 + size / 3.0) as f64;
    let half_h = (size * 0.75 + size / 6.0) as f64;
    [
        at[0] - half_w,
        at[1] - half_h,
        at[0] + half_w,
        at[1] + half_h,
    ]
}
