//! Static maps for slides and reports: one indicator over a zone layer,
//! framed on the layer, a box or one zone, with a title, a legend, a scale
//! bar and a source-and-date line, optionally the service points. The
//! subject is fitted in the space the boxes leave free; the rest of the
//! picture shows its surroundings.

use super::furniture::{scale_bar, scale_bar_height, Panel};
use super::layers::{draw_points, draw_zones, paint_of, point_colour, ZoneStyle};
use super::legend_panel::{legend_panel, LegendText};
use super::scene::{Colour, Paint, Scene, Stroke, INK, WHITE};
use super::view::View;
use crate::legend::Legend;
use crate::manifest::IndicatorSpec;
use crate::points::PublicPoints;
use crate::territory::Territory;
use geo::BoundingRect;

/// The map's background, where no zone is drawn.
const BACKGROUND: Colour = Colour::rgb(246, 246, 244);

/// What the map is framed on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Focus {
    /// The whole layer.
    Layer,
    /// A box `[west, south, east, north]` in degrees.
    Bbox([f64; 4]),
    /// One zone of the layer (by index), outlined.
    Zone(usize),
    /// One zone of another layer, outlined over the layer shown: an agency
    /// territory over its QPVs.
    Around {
        /// Its layer's index.
        layer: usize,
        /// Its index in that layer.
        zone: usize,
    },
}

impl Focus {
    /// The outlined zone, `(layer, zone)`, if any.
    fn outlined(self, shown: usize) -> Option<(usize, usize)> {
        match self {
            Focus::Zone(zone) => Some((shown, zone)),
            Focus::Around { layer, zone } => Some((layer, zone)),
            _ => None,
        }
    }
}

/// Everything a static map shows.
pub struct MapRequest<'a> {
    /// Zone layer index.
    pub layer: usize,
    /// The indicator shown.
    pub indicator: &'a IndicatorSpec,
    /// Classes and colours.
    pub legend: &'a Legend,
    /// What the map is framed on.
    pub focus: Focus,
    /// Picture width in pixels.
    pub width: u32,
    /// Picture height in pixels.
    pub height: u32,
    /// Title; the indicator's label when `None`.
    pub title: Option<&'a str>,
    /// Public point layers to draw.
    pub points: &'a [PublicPoints<'a>],
    /// The data's vintage, for the source line (none: not written).
    pub date: Option<&'a str>,
    /// Text size relative to a 1600 × 900 picture's; `None`: in proportion
    /// to this picture (a small map inside a slide keeps readable text).
    pub text_scale: Option<f32>,
}

/// Text sizes and margins, in pixels, for a picture: proportional to a
/// 1600 × 900 slide, never too small to read.
struct Sizes {
    title: f32,
    subtitle: f32,
    body: f32,
    small: f32,
    margin: f32,
}

impl Sizes {
    fn new(width: u32, height: u32, scale: Option<f32>) -> Sizes {
        let u = scale.unwrap_or((width as f32 / 1600.0).min(height as f32 / 900.0));
        Sizes {
            title: (30.0 * u).max(14.0),
            subtitle: (18.0 * u).max(10.5),
            body: (16.0 * u).max(10.0),
            small: (13.0 * u).max(9.0),
            margin: (16.0 * u).max(6.0),
        }
    }
}

/// Builds the map (see the module documentation).
pub fn static_map(t: &Territory, req: &MapRequest) -> Scene {
    let (w, h) = (req.width as f32, req.height as f32);
    let sizes = Sizes::new(req.width, req.height, req.text_scale);
    let info = req.indicator;
    let title = title_panel(t, req, info, &sizes);
    let legend = legend_panel(
        req.legend,
        &legend_text(t, req, info),
        sizes.body,
        (w * 0.28).max(120.0),
    );
    let source = source_panel(t, req, info, &sizes);
    let [_, th] = title.size();
    let [lw, _] = legend.size();
    let [_, sh] = source.size();
    let m = sizes.margin;
    let bottom = h - m - sh;
    let top = m + th + m / 2.0;
    let lowest = bottom - scale_bar_height(sizes.small) - m;
    let frame = fit_frame([w, h], [m, top, w - lw - 3.0 * m, lowest - top]);
    let view = View::fit(focus_bbox(t, req), frame, [w as f64, h as f64]);
    let mut scene = Scene::new(req.width, req.height, Some(BACKGROUND));
    draw_map(&mut scene, &view, t, req, &sizes);
    let obstacles = vec![
        boxed([m, m], title.size()),
        boxed([w - m - lw, m], legend.size()),
        [0.0, f64::from(lowest), f64::from(w), f64::from(h)],
    ];
    draw_names(&mut scene, &view, t, req, &sizes, obstacles);
    title.draw(&mut scene, [m, m]);
    legend.draw(&mut scene, [w - m - lw, m]);
    let scale_max = (w * 0.2) as f64;
    scale_bar(
        &mut scene,
        [m, bottom - m / 2.0],
        view.metres_per_pixel(),
        scale_max,
        sizes.small,
    );
    source.draw(&mut scene, [m, bottom]);
    scene
}

/// The box of a panel drawn at `at`.
fn boxed(at: [f32; 2], size: [f32; 2]) -> [f64; 4] {
    let [x, y] = at.map(f64::from);
    [x, y, x + f64::from(size[0]), y + f64::from(size[1])]
}

/// The zone layer shown and the layers above it, nearest first.
fn layer_chain(t: &Territory, layer: usize) -> Vec<usize> {
    let mut chain = vec![layer];
    let mut current = layer;
    while let Some((p, _)) = t.manifest.zones[current]
        .parent
        .as_deref()
        .and_then(|id| t.zone_layer(id))
    {
        if chain.contains(&p) {
            break;
        }
        chain.push(p);
        current = p;
    }
    chain
}

/// Names of the zones shown and of the zones above (a QPV map names its
/// communes too), placed as on the web map but for this picture, around
/// its title, legend and source line (see [`crate::labels`]).
fn draw_names(
    scene: &mut Scene,
    view: &View,
    t: &Territory,
    req: &MapRequest,
    sizes: &Sizes,
    obstacles: Vec<[f64; 4]>,
) {
    let placement = crate::labels::Placement {
        layers: layer_chain(t, req.layer).into_iter().take(2).collect(),
        zoom: (view.k / 256.0).log2(),
        frame: crate::labels::Frame {
            k: view.k,
            origin: view.origin,
        },
        within: Some([0.0, 0.0, view.size[0], view.size[1]]),
        obstacles,
        scale: sizes.body / 14.0,
    };
    for p in t.labels.place(t, &placement) {
        let at = [p.at[0] as f32, p.at[1] as f32];
        scene.label(at, p.size, t.zones[p.layer].names[p.zone].clone());
    }
}

/// The frame `[left, top, width, height]` the subject is fitted in; the
/// whole picture (less a margin) when the boxes leave too little room.
fn fit_frame(size: [f32; 2], frame: [f32; 4]) -> [f64; 4] {
    let [w, h] = size;
    let frame = if frame[2] < 0.4 * w || frame[3] < 0.4 * h {
        [0.05 * w, 0.05 * h, 0.9 * w, 0.9 * h]
    } else {
        frame
    };
    frame.map(|v| v as f64)
}

/// The box the map is fitted on, in degrees.
fn focus_bbox(t: &Territory, req: &MapRequest) -> [f64; 4] {
    let whole = t.zones[req.layer]
        .extent()
        .unwrap_or([-5.2, 41.3, 9.6, 51.1]);
    match req.focus {
        Focus::Layer => whole,
        Focus::Bbox(b) => b,
        Focus::Zone(_) | Focus::Around { .. } => {
            let (l, i) = req.focus.outlined(req.layer).expect("a zone focus");
            zone_bbox(&t.zones[l].shapes[i]).unwrap_or(whole)
        }
    }
}

/// A zone's box widened by a quarter on each side, for its surroundings.
fn zone_bbox(shape: &geo::MultiPolygon<f64>) -> Option<[f64; 4]> {
    let r = shape.bounding_rect()?;
    let (dx, dy) = (r.width() * 0.25, r.height() * 0.25);
    Some([
        r.min().x - dx,
        r.min().y - dy,
        r.max().x + dx,
        r.max().y + dy,
    ])
}

/// Context (the parent layer's outlines), the choropleth, the outlined
/// zone and the points.
fn draw_map(scene: &mut Scene, view: &View, t: &Territory, req: &MapRequest, sizes: &Sizes) {
    let u = sizes.body / 16.0;
    let parent = t.manifest.zones[req.layer].parent.as_deref();
    if let Some((p, _)) = parent.and_then(|id| t.zone_layer(id)) {
        let context = Stroke {
            colour: Colour::rgb(176, 176, 176),
            width: 0.8 * u,
        };
        let style = ZoneStyle {
            stroke: Some(context),
            marker: None,
        };
        draw_zones(scene, view, t, p, |_| Some(Paint::Solid(WHITE)), style);
    }
    let values = &t.indicators[req.layer][&req.indicator.id];
    let outline = Stroke {
        colour: Colour::rgb(66, 66, 66).with_alpha(160),
        width: (0.6 * u).max(0.5),
    };
    let paint = |i: usize| Some(paint_of(req.legend, values[i], 255));
    let style = ZoneStyle {
        stroke: Some(outline),
        marker: Some(5.0 * u),
    };
    draw_zones(scene, view, t, req.layer, paint, style);
    draw_boundaries(scene, view, t, req, u);
    if let Some((l, i)) = req.focus.outlined(req.layer) {
        let bold = Stroke {
            colour: INK,
            width: 3.0 * u,
        };
        if let Some(rings) = super::layers::zone_rings(view, &t.zones[l].shapes[i]) {
            scene.shape(super::scene::Shape::Rings(rings), None, Some(bold));
        }
    }
    for (k, &points) in req.points.iter().enumerate() {
        draw_points(scene, view, points, point_colour(k), (5.0 * u).max(3.0));
    }
}

/// The outlines of the highest layer above the one shown that has more than
/// one zone (départements), heavier than the communes' so that one sees
/// where one is.
fn draw_boundaries(scene: &mut Scene, view: &View, t: &Territory, req: &MapRequest, u: f32) {
    // The highest layer above with more than one zone: the départements, not
    // the region's single outline.
    let chain = layer_chain(t, req.layer);
    let Some(&top) = chain
        .get(1..)
        .and_then(|above| above.iter().rev().find(|&&l| t.zones[l].len() > 1))
    else {
        return;
    };
    let style = ZoneStyle {
        stroke: Some(Stroke {
            colour: Colour::rgb(97, 97, 97),
            width: 1.8 * u,
        }),
        marker: None,
    };
    draw_zones(scene, view, t, top, |_| None, style);
}

fn title_panel(t: &Territory, req: &MapRequest, info: &IndicatorSpec, sizes: &Sizes) -> Panel {
    let layer = &t.zones[req.layer];
    let subtitle = match req.focus.outlined(req.layer) {
        Some((l, i)) if l == req.layer => {
            format!("{} ({}) · {}", layer.names[i], layer.codes[i], layer.label)
        }
        Some((l, i)) => {
            let around = &t.zones[l];
            format!(
                "{} · {} ({})",
                layer.label, around.names[i], around.codes[i]
            )
        }
        None => format!("{} · {}", layer.label, t.manifest.territory.name),
    };
    let max = req.width as f32 * 0.55;
    let mut panel = Panel::new(sizes.body);
    panel.wrapped(req.title.unwrap_or(&info.label), sizes.title, max);
    panel.wrapped(&subtitle, sizes.subtitle, max);
    panel
}

fn legend_text<'a>(t: &Territory, req: &MapRequest, info: &'a IndicatorSpec) -> LegendText<'a> {
    let points = req
        .points
        .iter()
        .enumerate()
        .map(|(k, p)| (p.label.clone(), point_colour(k)))
        .collect();
    let values = &t.indicators[req.layer][&req.indicator.id];
    LegendText {
        whole: values
            .iter()
            .all(|v| v.number().is_none_or(|x| x.fract() == 0.0)),
        label: &info.label,
        unit: &info.unit,
        threshold: t.manifest.secrecy.threshold,
        points,
    }
}

fn source_panel(t: &Territory, req: &MapRequest, info: &IndicatorSpec, sizes: &Sizes) -> Panel {
    let mut line = format!(
        "Sources\u{a0}: {}",
        t.manifest.territory.source.trim_end_matches('.')
    );
    if !info.source.is_empty() && !t.manifest.territory.source.contains(&info.source) {
        line.push_str(&format!(
            "\u{202f}; indicateur\u{a0}: {}",
            info.source.trim_end_matches('.')
        ));
    }
    if let Some(date) = req.date {
        line.push_str(&format!(". Données\u{a0}: {date}"));
    }
    line.push_str(". Carte\u{a0}: zonage.");
    let mut panel = Panel::new(sizes.small);
    let max = req.width as f32 - 2.0 * sizes.margin - 2.0 * panel.pad;
    panel.wrapped(&line, sizes.small, max);
    panel
}
