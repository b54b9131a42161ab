//! The diagnostic dossier: seven 16:9 slides on one zone, to present to a
//! mayor, a sub-prefect or partners: title, key figures with the levels
//! above, a map, where to act, help places, change over time, method.
//! Slides are scenes, so they are written as PDF pages ([`crate::render::pdf`])
//! or one PNG or SVG file each. Only published values appear: secret values
//! are written "secret", never their number.
//!
//! - [`page`]: a slide's frame (title, footer, text, tables);
//! - [`figures`]: the title and method slides, and how values are written;
//! - [`key_figures`], [`where_to_act`], [`places`], [`trend`]: slides 2, 4, 5, 6.
//!
//! The command line (`zonage dossier`) and the route
//! (`/api/dossier/{layer}/{code}.pdf`) both go through [`Dossier::pdf`] and
//! [`Dossier::pictures`], so they write the same bytes.

pub mod figures;
pub mod key_figures;
pub mod page;
pub mod places;
pub mod trend;
pub mod where_to_act;

use crate::legend::{Legend, Method};
use crate::manifest::{IndicatorSpec, Manifest};
use crate::points::PublicPoints;
use crate::render::map::{static_map, Focus, MapRequest};
use crate::render::scene::Scene;
use crate::sheet::ZoneSheet;
use crate::territory::Territory;

/// Number of slides: every dossier has the same pages.
pub const SLIDES: usize = 7;

/// File names of the slides written one picture each, in order (without
/// extension): sorted by name, they are in the dossier's order.
pub const SLIDE_NAMES: [&str; SLIDES] = [
    "01-titre",
    "02-chiffres-cles",
    "03-carte",
    "04-ou-agir",
    "05-lieux-d-aide",
    "06-evolution",
    "07-methode",
];

/// The indicator of the map and of "where to act" when none is asked for.
pub const DEFAULT_INDICATOR: &str = "part_non_autonomes";

/// The indicator a dossier shows when none is asked for: the share of
/// job-seekers not autonomous online, else the manifest's first.
pub fn default_indicator(m: &Manifest) -> Option<&IndicatorSpec> {
    m.indicator(DEFAULT_INDICATOR)
        .or_else(|| m.indicators.first())
}

/// The file name, without extension, of the dossier of a zone named
/// `name` on data of `date`: `dossier-agence-de-carvin-decembre-2024`.
pub fn file_stem(name: &str, date: Option<&str>) -> String {
    ["dossier", name, date.unwrap_or("")]
        .map(crate::typography::slug)
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// How the slides are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One PDF document, one 960 × 540 pt page per slide.
    Pdf,
    /// One 1920 × 1080 PNG picture per slide.
    Png,
    /// One SVG picture per slide, text kept as `<text>`.
    Svg,
}

/// What a dossier is about.
pub struct Dossier<'a> {
    /// The territory.
    pub t: &'a Territory,
    /// The zone's layer position.
    pub layer: usize,
    /// The zone's position in its layer.
    pub zone: usize,
    /// The indicator of the map and of "where to act".
    pub indicator: &'a IndicatorSpec,
    /// The data's vintage.
    pub date: Option<String>,
    /// The zone's sheet (values, ranks, levels above, members), computed once.
    pub sheet: ZoneSheet<'a>,
}

impl<'a> Dossier<'a> {
    /// The dossier of zone `zone` of layer `layer`, on `indicator`.
    pub fn new(
        t: &'a Territory,
        layer: usize,
        zone: usize,
        indicator: &'a IndicatorSpec,
    ) -> Dossier<'a> {
        let zones = &t.zones[layer];
        let sheet =
            crate::sheet::sheet(t, &zones.id, &zones.codes[zone]).expect("a zone of the layer");
        Dossier {
            t,
            layer,
            zone,
            indicator,
            date: t.manifest.territory.vintage(),
            sheet,
        }
    }

    /// The footer line of every slide.
    pub fn footer(&self) -> String {
        let vintage = self
            .date
            .as_deref()
            .map(|d| format!(" · données\u{a0}: {d}"))
            .unwrap_or_default();
        format!(
            "{}{vintage} · document de travail, données soumises au secret statistique",
            self.t.manifest.territory.name
        )
    }

    /// The zone's name.
    pub fn name(&self) -> &str {
        &self.t.zones[self.layer].names[self.zone]
    }

    /// The file name without extension, after the zone and the vintage:
    /// `dossier-agence-de-carvin-decembre-2024`.
    pub fn file_stem(&self) -> String {
        file_stem(self.name(), self.date.as_deref())
    }

    /// The dossier as one PDF document. Deterministic: the same territory
    /// and zone give the same bytes.
    pub fn pdf(&self) -> Result<Vec<u8>, String> {
        crate::render::pdf::document(
            &self.slides(),
            &format!("Diagnostic territorial — {}", self.name()),
        )
    }

    /// The slides as pictures, one `(file name, bytes)` per slide, named
    /// after [`SLIDE_NAMES`]; `Format::Pdf` gives the one PDF file.
    pub fn pictures(&self, format: Format) -> Result<Vec<(String, Vec<u8>)>, String> {
        if format == Format::Pdf {
            return Ok(vec![(format!("{}.pdf", self.file_stem()), self.pdf()?)]);
        }
        self.slides()
            .iter()
            .zip(SLIDE_NAMES)
            .map(|(scene, name)| match format {
                Format::Png => Ok((format!("{name}.png"), crate::render::png::encode(scene)?)),
                _ => Ok((
                    format!("{name}.svg"),
                    crate::render::svg::encode(scene).into_bytes(),
                )),
            })
            .collect()
    }

    /// The seven slides.
    pub fn slides(&self) -> Vec<Scene> {
        vec![
            figures::title(self),
            key_figures::key_figures(self, 2),
            self.map(),
            where_to_act::where_to_act(self, 4),
            places::help_places(self, 5),
            trend::change_over_time(self, 6),
            figures::method(self, 7),
        ]
    }

    /// Slide 3: the indicator on the zones "where to act" lists (the zone's
    /// QPVs, else its communes, else its layer), the zone outlined, with
    /// names, help places, legend, scale bar and sources (the static-map
    /// renderer).
    fn map(&self) -> Scene {
        let (layer, _) = where_to_act::members(self);
        let title = format!("{} — {}", self.name(), self.indicator.label);
        let size = [page::WIDTH, page::HEIGHT];
        self.zone_map(layer, self.indicator, &title, size, None)
    }

    /// A static map of `indicator` on `layer`, framed on the dossier's zone
    /// (outlined), with the public help places.
    pub fn zone_map(
        &self,
        layer: usize,
        indicator: &IndicatorSpec,
        title: &str,
        [width, height]: [u32; 2],
        text_scale: Option<f32>,
    ) -> Scene {
        let t = self.t;
        let focus = match layer == self.layer {
            true => Focus::Zone(self.zone),
            false => Focus::Around {
                layer: self.layer,
                zone: self.zone,
            },
        };
        let values = &t.indicators[layer][&indicator.id];
        let legend = Legend::new(values, Method::Quantiles, 5);
        let points: Vec<PublicPoints> = (0..t.points.len())
            .filter_map(|p| PublicPoints::of(&t.points, p))
            .collect();
        let request = MapRequest {
            layer,
            indicator,
            legend: &legend,
            focus,
            width,
            height,
            title: Some(title),
            points: &points,
            date: self.date.as_deref(),
            text_scale,
        };
        static_map(t, &request)
    }
}
