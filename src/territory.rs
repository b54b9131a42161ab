//! A loaded territory: the pipeline load → reproject → index → join →
//! compute, run once; the result is immutable and can be shared.

use crate::error::InputError;
use crate::geometry::validity::invalidity;
use crate::indicators::{compute_layer, Context, DistanceCache, IndicatorTable};
use crate::input::{self, attributes};
use crate::join::{join, Membership, ZoneIndex};
use crate::manifest::{IndicatorKind, Manifest, PointLayerSpec, ZoneLayerSpec};
use crate::parents::{self, ParentShare};
use crate::points::PointLayer;
use crate::progress::{thousands, Progress};
use crate::quality::{JoinQuality, PointLayerQuality, QualityReport, ZoneLayerQuality};
use crate::zones::ZoneLayer;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Everything zonage knows about a territory.
pub struct Territory {
    /// The manifest it was loaded from.
    pub manifest: Manifest,
    /// Zone layers, in manifest order.
    pub zones: Vec<ZoneLayer>,
    /// Point layers, in manifest order.
    pub points: Vec<PointLayer>,
    /// R-trees of the zone layers, aligned with `zones`.
    pub indexes: Vec<ZoneIndex>,
    /// `memberships[z][p]`: how point layer `p` falls in zone layer `z`.
    pub memberships: Vec<Vec<Membership>>,
    /// Parents of each zone, for zone layers that declare a parent layer.
    pub parents: Vec<Option<Vec<Vec<ParentShare>>>>,
    /// Indicator values, aligned with `zones`.
    pub indicators: Vec<IndicatorTable>,
    /// What was found wrong in the inputs.
    pub quality: QualityReport,
}

impl Territory {
    /// Loads every layer of `manifest` from `data_dir` and computes every indicator.
    pub fn load(
        manifest: Manifest,
        data_dir: &Path,
        progress: &Progress,
    ) -> Result<Territory, InputError> {
        let mut quality = QualityReport {
            manifest: manifest.path.display().to_string(),
            data_dir: data_dir.display().to_string(),
            ..Default::default()
        };
        let mut zones = Vec::new();
        for spec in &manifest.zones {
            let (layer, q) = load_zone_layer(&manifest, spec, data_dir, progress)?;
            zones.push(layer);
            quality.zone_layers.push(q);
        }
        let mut points = Vec::new();
        for spec in &manifest.points {
            let (layer, q) = load_point_layer(&manifest, spec, data_dir, progress)?;
            points.push(layer);
            quality.point_layers.push(q);
        }
        let indexes: Vec<ZoneIndex> = zones.iter().map(ZoneIndex::new).collect();
        let memberships = join_all(&zones, &indexes, &points, &mut quality, progress);
        for (spec, zq) in manifest.zones.iter().zip(0..) {
            for pq in &mut quality.point_layers {
                pq.joins[zq].partial_layer = spec.parent.is_some();
            }
        }
        let parents = compute_parents(&manifest, &zones, &indexes, progress);
        quality.collect_warnings();
        let mut territory = Territory {
            manifest,
            zones,
            points,
            indexes,
            memberships,
            parents,
            indicators: Vec::new(),
            quality,
        };
        territory.indicators = territory.compute_indicators(progress);
        Ok(territory)
    }

    /// The zone layer with this id and its position.
    pub fn zone_layer(&self, id: &str) -> Option<(usize, &ZoneLayer)> {
        self.zones.iter().enumerate().find(|(_, z)| z.id == id)
    }

    fn compute_indicators(&self, progress: &Progress) -> Vec<IndicatorTable> {
        let step = progress.step("computing indicators");
        let by_id: HashMap<&str, &PointLayer> =
            self.points.iter().map(|p| (p.id.as_str(), p)).collect();
        let distances = DistanceCache::build(&self.manifest, &by_id);
        let tables: Vec<IndicatorTable> = (0..self.zones.len())
            .map(|z| {
                let ctx = Context {
                    zones: &self.zones[z],
                    index: &self.indexes[z],
                    points: &by_id,
                    members: self
                        .points
                        .iter()
                        .map(|p| p.id.as_str())
                        .zip(self.memberships[z].iter())
                        .collect(),
                    distances: &distances,
                    manifest: &self.manifest,
                };
                compute_layer(&ctx)
            })
            .collect();
        step.done(format!(
            "{} indicators × {} zone layers",
            self.manifest.indicators.len(),
            self.zones.len()
        ));
        tables
    }
}

fn load_zone_layer(
    m: &Manifest,
    spec: &ZoneLayerSpec,
    dir: &Path,
    progress: &Progress,
) -> Result<(ZoneLayer, ZoneLayerQuality), InputError> {
    let step = progress.step(format!("reading zone layer `{}`", spec.id));
    let path = m.resolve(dir, &spec.file);
    let raw = input::read_zones(
        &path,
        &spec.code,
        &spec.name,
        spec.crs.as_deref(),
        spec.encoding.as_deref(),
    )?;
    let mut q = ZoneLayerQuality {
        id: spec.id.clone(),
        file: path.display().to_string(),
        crs: raw.crs.clone(),
        features_read: raw.features_read,
        skipped: raw.skipped.clone(),
        ..Default::default()
    };
    let mut layer = ZoneLayer::new(&spec.id, &spec.label, raw);
    q.zones = layer.len();
    q.duplicate_codes = duplicates(&layer.codes);
    let reasons: Vec<Option<String>> = layer.shapes.par_iter().map(invalidity).collect();
    q.invalid_geometries = reasons
        .into_iter()
        .enumerate()
        .filter_map(|(i, r)| Some((layer.codes[i].clone(), r?)))
        .collect();
    for table in &spec.attributes {
        let table_path = m.resolve(dir, &table.file);
        q.attribute_tables
            .push(attributes::join(&table_path, table, &mut layer)?);
    }
    step.done(format!(
        "{} zones, {} invalid",
        thousands(layer.len()),
        q.invalid_geometries.len()
    ));
    Ok((layer, q))
}

fn duplicates(codes: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut dups: Vec<String> = codes
        .iter()
        .filter(|c| !seen.insert(c.as_str()))
        .cloned()
        .collect();
    dups.dedup();
    dups
}

/// The columns of a point layer that filters use (nothing else is kept).
fn filter_columns(m: &Manifest, layer: &str) -> Vec<String> {
    let mut cols: Vec<String> = m
        .indicators
        .iter()
        .filter_map(|i| match &i.kind {
            IndicatorKind::Count {
                points,
                filter: Some(f),
            } if points == layer => Some(f.column.clone()),
            _ => None,
        })
        .collect();
    cols.sort();
    cols.dedup();
    cols
}

fn load_point_layer(
    m: &Manifest,
    spec: &PointLayerSpec,
    dir: &Path,
    progress: &Progress,
) -> Result<(PointLayer, PointLayerQuality), InputError> {
    let step = progress.step(format!("reading point layer `{}`", spec.id));
    let path = m.resolve(dir, &spec.file);
    let keep = filter_columns(m, &spec.id);
    let layer = if crate::manifest::is_geojson(&spec.file) {
        input::geojson_file::read_points(&path, spec, &keep)?
    } else {
        input::csv_points::read(&path, spec, &keep)?
    };
    step.done(format!(
        "{} rows, {} without coordinates",
        thousands(layer.read.rows),
        thousands(layer.read.without_coordinates)
    ));
    let q = PointLayerQuality {
        id: spec.id.clone(),
        file: path.display().to_string(),
        private: spec.private,
        read: layer.read.clone(),
        points: layer.len(),
        joins: Vec::new(),
    };
    Ok((layer, q))
}

fn join_all(
    zones: &[ZoneLayer],
    indexes: &[ZoneIndex],
    points: &[PointLayer],
    q: &mut QualityReport,
    progress: &Progress,
) -> Vec<Vec<Membership>> {
    let step = progress.step("joining points to zones");
    let memberships: Vec<Vec<Membership>> = zones
        .iter()
        .zip(indexes)
        .map(|(zl, index)| {
            points
                .iter()
                .map(|pl| join(zl, index, &pl.coords))
                .collect()
        })
        .collect();
    for (z, zl) in zones.iter().enumerate() {
        for (p, pq) in q.point_layers.iter_mut().enumerate() {
            let m = &memberships[z][p];
            pq.joins.push(JoinQuality {
                zone_layer: zl.id.clone(),
                outside_every_zone: m.outside,
                ambiguous: m.ambiguous,
                in_several_zones: m.in_several,
                partial_layer: false,
            });
        }
    }
    let total: usize = points.iter().map(|p| p.len()).sum();
    step.done(format!(
        "{} points × {} zone layers",
        thousands(total),
        zones.len()
    ));
    memberships
}

fn compute_parents(
    m: &Manifest,
    zones: &[ZoneLayer],
    indexes: &[ZoneIndex],
    progress: &Progress,
) -> Vec<Option<Vec<Vec<ParentShare>>>> {
    m.zones
        .iter()
        .zip(zones)
        .map(|(spec, layer)| {
            let parent = spec.parent.as_ref()?;
            let p = zones.iter().position(|z| &z.id == parent)?;
            let step = progress.step(format!("placing `{}` in `{parent}`", spec.id));
            let shares = parents::compute(layer, &zones[p], &indexes[p]);
            step.done(format!("{} zones", layer.len()));
            Some(shares)
        })
        .collect()
}
