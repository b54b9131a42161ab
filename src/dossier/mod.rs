//! The diagnostic dossier: seven 16:9 slides on one zone, to present to a
//! mayor, a sub-prefect or partners: title, key figures with the levels
//! above, a map, where to act, help places, change over time, method.
//! Slides are scenes, so they are written as PDF pages ([`crate::render::pdf`])
//! or one PNG or SVG file each. Only published values appear: secret values
//! are written "secret", never their number.
//!
//! - [`page`]: a slide's frame (title, footer, text, tables);
//! - [`figures`]: the slides of numbers and words.

pub mod figures;
pub mod page;

use crate::legend::{Legend, Method};
use crate::manifest::IndicatorSpec;
use crate::points::PublicPoints;
use crate::render::map::{static_map, Focus, MapRequest};
use crate::render::scene::Scene;
use crate::sheet::ZoneSheet;
use crate::territory::Territory;

/// Number of slides: every dossier has the same pages.
pub const SLIDES: usize = 7;

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

    /// The seven slides.
    pub fn slides(&self) -> Vec<Scene> {
        vec![
            figures::title(self),
            figures::key_figures(self, 2),
            self.map(),
            figures::where_to_act(self, 4),
            figures::help_places(self, 5),
            figures::change_over_time(self),
            figures::method(self, 7),
        ]
    }

    /// Slide 3: the zone on the map of its layer, with names, help places,
    /// legend, scale bar and sources (the static-map renderer).
    fn map(&self) -> Scene {
        let t = self.t;
        let values = &t.indicators[self.layer][&self.indicator.id];
        let legend = Legend::new(values, Method::Quantiles, 5);
        let points: Vec<PublicPoints> = (0..t.points.len())
            .filter_map(|p| PublicPoints::of(&t.points, p))
            .collect();
        let title = format!("{} — {}", self.name(), self.indicator.label);
        let request = MapRequest {
            layer: self.layer,
            indicator: self.indicator,
            legend: &legend,
            focus: Focus::Zone(self.zone),
            width: page::WIDTH,
            height: page::HEIGHT,
            title: Some(&title),
            points: &points,
            date: self.date.as_deref(),
        };
        static_map(t, &request)
    }
}
