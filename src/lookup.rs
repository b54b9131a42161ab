//! Point lookup: which zones of each layer contain a position, and for layers
//! with `near_m` (QPVs) whether it is `in`, `out` or `near` one, with the
//! distance to the nearest zone boundary. The engine of "is this address in a
//! QPV", for one position or for a batch.

use crate::geodesy::METRES_PER_DEGREE;
use crate::territory::Territory;
use serde::Serialize;

/// Where a position stands with respect to a layer with `near_m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Inside a zone.
    In,
    /// Outside, but within `near_m` of a zone's boundary.
    Near,
    /// Farther.
    Out,
}

impl Status {
    /// `in`, `near` or `out`, as the answers write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::In => "in",
            Status::Near => "near",
            Status::Out => "out",
        }
    }
}

/// A zone found by a lookup, borrowed from the territory (a batch of
/// 200,000 rows copies no name).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneRef<'a> {
    /// Zone code.
    pub code: &'a str,
    /// Zone name.
    pub name: &'a str,
}

/// What one zone layer says of a position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerLookup<'a> {
    /// Layer id.
    pub layer: &'a str,
    /// Zones containing the position (several where zones overlap or on a shared boundary).
    pub zones: Vec<ZoneRef<'a>>,
    /// For layers with `near_m`: in, near or out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// For layers with `near_m`: metres to the nearest zone boundary
    /// (`None` when no zone lies within the search radius).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_to_boundary_m: Option<f64>,
}

/// How far to look for the nearest boundary, in metres.
pub const SEARCH_RADIUS_M: f64 = 50_000.0;

/// Looks `p` (longitude, latitude) up in every zone layer.
pub fn lookup(t: &Territory, p: [f64; 2]) -> Vec<LayerLookup<'_>> {
    t.zones
        .iter()
        .enumerate()
        .map(|(z, layer)| {
            let index = &t.indexes[z];
            let zones: Vec<ZoneRef> = index
                .zones_at(layer, p)
                .map(|(i, _)| ZoneRef {
                    code: &layer.codes[i],
                    name: &layer.names[i],
                })
                .collect();
            let mut result = LayerLookup {
                layer: &layer.id,
                zones,
                status: None,
                distance_to_boundary_m: None,
            };
            if let Some(near) = t.manifest.zones[z].near_m {
                let distance = nearest_boundary_m(t, z, p);
                result.status = Some(match (result.zones.is_empty(), distance) {
                    (false, _) => Status::In,
                    (true, Some(d)) if d <= near => Status::Near,
                    _ => Status::Out,
                });
                result.distance_to_boundary_m = distance.map(|d| (d * 10.0).round() / 10.0);
            }
            result
        })
        .collect()
}

/// Metres from `p` to the nearest boundary of a zone of layer `z`, searching
/// zones by bounding-box distance until no closer one can exist.
fn nearest_boundary_m(t: &Territory, z: usize, p: [f64; 2]) -> Option<f64> {
    let layer = &t.zones[z];
    // A degree of longitude is the shortest degree: a box `d` degrees away is
    // at least `d × metres per degree × cos(latitude)` metres away.
    let shortest_degree = METRES_PER_DEGREE * (p[1].abs() + 1.0).min(89.0).to_radians().cos();
    let mut best: Option<f64> = None;
    for (zone, d2) in t.indexes[z].by_box_distance(p) {
        let lower_bound = d2.sqrt() * shortest_degree;
        if lower_bound > best.unwrap_or(SEARCH_RADIUS_M) {
            break;
        }
        let d = t.indexes[z].boundary_m(layer, zone, p, best.unwrap_or(SEARCH_RADIUS_M));
        if d <= SEARCH_RADIUS_M && best.is_none_or(|b| d < b) {
            best = Some(d);
        }
    }
    best
}
