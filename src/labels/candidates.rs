//! Which zones may be named, where, and in which order: computed once per
//! layer (an inner point per zone, its width, its population).

use super::prefectures::is_prefecture;
use crate::render::view::to_world;
use crate::zones::ZoneLayer;
use geo::{Area, BoundingRect, InteriorPoint};

/// Square kilometres per square degree at the equator.
const KM2_PER_DEG2: f64 = 111.32 * 111.32;
/// Zones of a layer whose median area is under this (km²) are
/// neighbourhoods (QPVs): named from [`NEIGHBOURHOOD_MIN_ZOOM`] only.
const NEIGHBOURHOOD_KM2: f64 = 2.0;
/// The zoom from which neighbourhood names are shown.
pub const NEIGHBOURHOOD_MIN_ZOOM: f64 = 12.0;

/// A zone that may be named.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Its layer's position among the territory's zone layers.
    pub layer: usize,
    /// Its position in the layer.
    pub zone: usize,
    /// Its inner point, in world units (Web Mercator, 0..1).
    pub anchor: [f64; 2],
    /// Its bounding box's width, in world units.
    pub width: f64,
    /// Its population (the layer's `population` attribute), if known.
    pub population: Option<f64>,
    /// Whether it is a prefecture (named first, from zoom 6).
    pub prefecture: bool,
    /// Bigger first among equals: population, else area.
    pub weight: f64,
}

/// The candidates of one layer, with the zoom its names start at.
#[derive(Debug, Clone)]
pub struct LayerCandidates {
    /// The candidates, heaviest first.
    pub zones: Vec<Candidate>,
    /// No name of this layer below this zoom (neighbourhoods: 12).
    pub min_zoom: f64,
}

impl LayerCandidates {
    /// Every zone of layer `z` with an inner point, heaviest first.
    pub fn of(z: usize, layer: &ZoneLayer) -> LayerCandidates {
        let population = layer.attributes.get("population");
        let mut areas = Vec::with_capacity(layer.len());
        let mut zones: Vec<Candidate> = (0..layer.len())
            .filter_map(|i| {
                let shape = &layer.shapes[i];
                let (point, rect) = (shape.interior_point()?, shape.bounding_rect()?);
                let area = shape.unsigned_area() * KM2_PER_DEG2 * point.y().to_radians().cos();
                areas.push(area);
                let people = population.and_then(|p| p[i]);
                let [x0, _] = to_world(rect.min().x, 0.0);
                let [x1, _] = to_world(rect.max().x, 0.0);
                Some(Candidate {
                    layer: z,
                    zone: i,
                    anchor: to_world(point.x(), point.y()),
                    width: x1 - x0,
                    population: people,
                    prefecture: is_prefecture(&layer.codes[i]),
                    weight: people.unwrap_or(area),
                })
            })
            .collect();
        zones.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.zone.cmp(&b.zone)));
        areas.sort_by(f64::total_cmp);
        let median = areas.get(areas.len() / 2).copied().unwrap_or(0.0);
        let min_zoom = if median < NEIGHBOURHOOD_KM2 {
            NEIGHBOURHOOD_MIN_ZOOM
        } else {
            0.0
        };
        LayerCandidates { zones, min_zoom }
    }
}

/// The smallest population named at `zoom`: 250,000 at zoom 6, divided by
/// four at each zoom (15,600 at 8, 980 at 10, everybody from 13).
fn min_population(zoom: f64) -> f64 {
    250_000.0 / 4f64.powf(zoom - 6.0)
}

/// Narrowest zone named, in pixels: a name over a zone much smaller than
/// itself says little about which zone it names.
const MIN_WIDTH_PX: f64 = 24.0;

impl Candidate {
    /// Whether the zone may be named at `zoom` (`k` pixels per world unit):
    /// a prefecture from zoom 6; where the population is known, a zone
    /// populous enough for the zoom (a town of 90,000 people is named even
    /// where it is only a few pixels wide); otherwise a zone wide enough on
    /// the screen.
    pub fn shown_at(&self, zoom: f64, k: f64) -> bool {
        if self.prefecture {
            return zoom >= 6.0;
        }
        match self.population {
            Some(p) => p >= min_population(zoom),
            None => self.width * k >= MIN_WIDTH_PX,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn populations_named_fall_with_the_zoom() {
        assert_eq!(min_population(6.0), 250_000.0);
        assert!(min_population(8.0) > 15_000.0 && min_population(8.0) < 16_000.0);
        assert!(min_population(13.0) < 20.0);
    }
}
