//! Route handlers, one module per family, and the look-ups they share.

pub mod admin;
pub mod application;
pub mod batch;
pub mod dossier;
pub mod hotspots;
pub mod labels;
pub mod legend;
pub mod lookup;
pub mod maps;
pub mod meta;
pub mod points;
pub mod search;
pub mod series;
pub mod tiles;
pub mod zones;

use super::error::ApiError;
use crate::manifest::IndicatorSpec;
use crate::points::PublicPoints;
use crate::territory::Territory;
use crate::zones::ZoneLayer;

/// The zone layer `id`, or an error listing the valid ones.
pub fn zone_layer<'a>(t: &'a Territory, id: &str) -> Result<(usize, &'a ZoneLayer), ApiError> {
    t.zone_layer(id).ok_or_else(|| ApiError::UnknownLayer {
        layer: id.to_string(),
        valid: t.zones.iter().map(|z| z.id.clone()).collect(),
    })
}

/// The index of zone `code` in `zones`, or an error listing codes that look alike.
pub fn zone_index(zones: &ZoneLayer, code: &str) -> Result<usize, ApiError> {
    zones.index_of(code).ok_or_else(|| {
        let prefix: String = code.chars().take(3).collect();
        let valid = zones
            .codes
            .iter()
            .filter(|c| c.starts_with(&prefix))
            .take(20)
            .cloned()
            .collect();
        ApiError::UnknownZone {
            layer: zones.id.clone(),
            code: code.to_string(),
            valid,
        }
    })
}

/// An indicator named in a request, resolved once: its position in the
/// manifest and its definition, so that handlers never look it up again.
#[derive(Debug, Clone, Copy)]
pub struct IndicatorRef<'a> {
    /// Position in the manifest's indicators.
    pub index: usize,
    /// Its definition.
    pub spec: &'a IndicatorSpec,
}

impl<'a> IndicatorRef<'a> {
    /// Its id.
    pub fn id(&self) -> &'a str {
        &self.spec.id
    }
}

/// The indicator `id`, or an error listing the valid ones.
pub fn indicator<'a>(t: &'a Territory, id: &str) -> Result<IndicatorRef<'a>, ApiError> {
    t.manifest
        .indicators
        .iter()
        .enumerate()
        .find(|(_, i)| i.id == id)
        .map(|(index, spec)| IndicatorRef { index, spec })
        .ok_or_else(|| ApiError::UnknownIndicator {
            indicator: id.to_string(),
            valid: t.manifest.indicators.iter().map(|i| i.id.clone()).collect(),
        })
}

/// The indicator a picture shows: required, and one of the manifest's.
pub fn required_indicator<'a>(
    t: &'a Territory,
    raw: Option<&str>,
) -> Result<IndicatorRef<'a>, ApiError> {
    match raw {
        Some(id) => indicator(t, id),
        None => Err(ApiError::bad(
            "indicator",
            format!(
                "obligatoire\u{a0}; indicateurs disponibles\u{a0}: {}",
                t.manifest
                    .indicators
                    .iter()
                    .map(|i| i.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// The public point layer `id`; a private layer is refused, whatever the route.
pub fn public_points<'a>(t: &'a Territory, id: &str) -> Result<PublicPoints<'a>, ApiError> {
    match t.points.iter().position(|p| p.id == id) {
        Some(p) => {
            PublicPoints::of(&t.points, p).ok_or_else(|| ApiError::PrivateLayer(id.to_string()))
        }
        None => Err(ApiError::UnknownLayer {
            layer: id.to_string(),
            valid: t
                .points
                .iter()
                .filter(|p| !p.private)
                .map(|p| p.id.clone())
                .collect(),
        }),
    }
}

/// Parses `w,s,e,n` in degrees.
pub fn parse_bbox(raw: &str) -> Result<[f64; 4], ApiError> {
    let parts: Vec<f64> = raw
        .split(',')
        .map(|s| s.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| {
            ApiError::bad(
                "bbox",
                "quatre nombres attendus\u{a0}: ouest,sud,est,nord en degrés",
            )
        })?;
    let [w, s, e, n] = <[f64; 4]>::try_from(parts)
        .map_err(|_| ApiError::bad("bbox", "quatre nombres attendus\u{a0}: ouest,sud,est,nord"))?;
    let valid = [w, e].iter().all(|x| (-180.0..=180.0).contains(x))
        && [s, n].iter().all(|y| (-90.0..=90.0).contains(y));
    if !valid || w > e || s > n {
        return Err(ApiError::bad(
            "bbox",
            "ouest ≤ est entre -180 et 180, sud ≤ nord entre -90 et 90",
        ));
    }
    Ok([w, s, e, n])
}
