//! A loaded territory: the pipeline read → derive → index → join → place in
//! parents → compute, run once; the result is immutable and can be shared.
//!
//! `read` reads the file layers, [`crate::derive`] builds the layers made
//! of another layer's zones, `links` places zones in their parents.

pub mod fingerprint;
pub(crate) mod links;
mod read;

use crate::derive::{self, Grouping};
use crate::error::InputError;
use crate::indicators::{compute_layer, Context, DistanceCache, IndicatorTable};
use crate::join::{join, Membership, ZoneIndex};
use crate::manifest::{Manifest, ZoneLayerSpec};
use crate::parents::ParentShare;
use crate::points::PointLayer;
use crate::progress::{plural, thousands, Progress};
use crate::quality::{JoinQuality, PointLayerQuality, QualityReport, ZoneLayerQuality};
use crate::series::SeriesTable;
use crate::split::{self, Split};
use crate::suppression;
use crate::zones::ZoneLayer;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// Everything zonage knows about a territory.
pub struct Territory {
    /// The manifest it was loaded from.
    pub manifest: Manifest,
    /// Zone layers, in manifest order.
    pub zones: Vec<ZoneLayer>,
    /// Point layers, in manifest order.
    pub points: Vec<PointLayer>,
    /// Spatial indexes of the zone layers (grid for points, R-tree for boxes), aligned with `zones`.
    pub indexes: Vec<ZoneIndex>,
    /// `memberships[z][p]`: how point layer `p` falls in zone layer `z`.
    pub memberships: Vec<Vec<Membership>>,
    /// For derived zone layers: the member layer's index and the grouping.
    pub groupings: Vec<Option<(usize, Grouping)>>,
    /// Parents of each zone, for zone layers that declare a parent layer.
    pub parents: Vec<Option<Vec<Vec<ParentShare>>>>,
    /// Published time series attached to the zone layers.
    pub series: Vec<SeriesTable>,
    /// Indicator values, aligned with `zones`.
    pub indicators: Vec<IndicatorTable>,
    /// With `split_by`: each zone layer's job-seeker indicators for the
    /// people inside and outside the split layer (`None` for the split layer).
    pub splits: Vec<Option<Split>>,
    /// What was found wrong in the inputs.
    pub quality: QualityReport,
    /// Place names for maps, placed on demand ([`crate::labels`]).
    pub labels: crate::labels::Labeller,
    /// Zone outlines generalised per zoom for vector tiles, made on demand
    /// ([`crate::tiles::outlines`]).
    pub outlines: crate::tiles::outlines::Outlines,
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
        // Zone files and point files are read at the same time, and the
        // nearest help places are found while the zones are built and joined:
        // each side has long single-threaded parts (parsing a GeoJSON file,
        // building unions) that the other fills.
        let (files, points) = rayon::join(
            || read_zone_files(&manifest, data_dir, progress),
            || read_point_files(&manifest, data_dir, progress),
        );
        let (files, (points, point_quality)) = (files?, points?);
        quality.point_layers = point_quality;
        quality.notes.extend(read::filter_notes(&manifest, &points));
        let (joined, distances) = rayon::join(
            || {
                derive_layers(&manifest, data_dir, files, &points, &mut quality, progress)
                    .map(|built| index_and_join(&manifest, built, &points, &mut quality, progress))
            },
            || nearest_distances(&manifest, &points, progress),
        );
        let Joined(zones, groupings, indexes, memberships) = joined?;
        record_joins(&manifest, &zones, &memberships, &mut quality);
        let step = progress.step("attaching published series");
        let series = load_series(&manifest, data_dir, &zones, &groupings, &mut quality)?;
        step.done(format!("{} series", series.len()));
        let mut territory = Territory {
            labels: crate::labels::Labeller::new(zones.len()),
            manifest,
            zones,
            points,
            indexes,
            memberships,
            groupings,
            series,
            parents: Vec::new(),
            indicators: Vec::new(),
            splits: Vec::new(),
            quality,
            outlines: Default::default(),
        };
        territory.compute(&distances, progress);
        Ok(territory)
    }

    /// Places zones in their parents, computes the indicators and completes
    /// the quality report.
    fn compute(&mut self, distances: &DistanceCache, progress: &Progress) {
        self.parents = links::compute_parents(self, progress);
        let notes = links::listed_parent_notes(self);
        self.quality.notes.extend(notes);
        (self.indicators, self.splits) = self.compute_indicators(distances, progress);
        let notes = self.score_notes();
        self.quality.notes.extend(notes);
        self.quality.collect_warnings();
    }

    /// Score terms left out of a layer because they have no value there.
    fn score_notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        for ind in &self.manifest.indicators {
            let crate::manifest::IndicatorKind::Score { terms } = &ind.kind else {
                continue;
            };
            for (z, table) in self.indicators.iter().enumerate() {
                if self.zones[z].is_empty() {
                    continue;
                }
                for term in crate::indicators::absent_terms(table, terms) {
                    notes.push(format!(
                        "{}: score `{}` computed without `{}`, which has no value in this layer",
                        self.zones[z].id, ind.id, term.indicator
                    ));
                }
            }
        }
        notes
    }

    /// The zone layer with this id and its position.
    pub fn zone_layer(&self, id: &str) -> Option<(usize, &ZoneLayer)> {
        self.zones.iter().enumerate().find(|(_, z)| z.id == id)
    }

    /// The point layer with this id and its position.
    pub fn point_layer(&self, id: &str) -> Option<(usize, &PointLayer)> {
        self.points.iter().enumerate().find(|(_, p)| p.id == id)
    }

    fn compute_indicators(
        &self,
        distances: &DistanceCache,
        progress: &Progress,
    ) -> (Vec<IndicatorTable>, Vec<Option<Split>>) {
        let step = progress.step("computing indicators");
        let by_id: HashMap<&str, &PointLayer> =
            self.points.iter().map(|p| (p.id.as_str(), p)).collect();
        let split_layer = self
            .manifest
            .territory
            .split_by
            .as_deref()
            .and_then(|id| self.zone_layer(id));
        let qpv_of = self.split_zone_of_points();
        // Layers are independent: computed side by side.
        let (mut tables, mut splits): (Vec<IndicatorTable>, Vec<Option<Split>>) =
            (0..self.zones.len())
                .into_par_iter()
                .map(|z| {
                    let ctx = Context {
                        zones: &self.zones[z],
                        index: &self.indexes[z],
                        points: &by_id,
                        members: self
                            .points
                            .iter()
                            .map(|p| p.id.as_str())
                            .zip(&self.memberships[z])
                            .collect(),
                        distances,
                        manifest: &self.manifest,
                        layer: z,
                        series: &self.series,
                    };
                    let table = compute_layer(&ctx);
                    let split = split_layer
                        .filter(|(s, _)| *s != z)
                        .map(|(_, layer)| split::compute(&ctx, &table, &qpv_of, &layer.id));
                    (table, split)
                })
                .unzip();
        let added = self.protect_derived(&mut tables, &mut splits, &qpv_of);
        step.done(format!(
            "{} indicators × {} zone layers, {} more values masked so that no sum gives a masked one back",
            self.manifest.indicators.len(),
            self.zones.len(),
            thousands(added)
        ));
        (tables, splits)
    }

    /// For each private point layer, the zone of the `split_by` layer holding
    /// each point ([`split::zone_of_points`]); empty without `split_by`.
    fn split_zone_of_points(&self) -> HashMap<&str, Vec<u32>> {
        let Some((s, _)) = self
            .manifest
            .territory
            .split_by
            .as_deref()
            .and_then(|id| self.zone_layer(id))
        else {
            return HashMap::new();
        };
        let private = self.points.iter().enumerate().filter(|(_, p)| p.private);
        private
            .map(|(p, layer)| {
                (
                    layer.id.as_str(),
                    split::zone_of_points(&self.memberships[s][p], layer.len()),
                )
            })
            .collect()
    }

    /// Secondary suppression in the layers derived layers are made of
    /// ([`crate::suppression`]); returns how many values it masked.
    fn protect_derived(
        &self,
        tables: &mut [IndicatorTable],
        splits: &mut [Option<Split>],
        qpv_of: &HashMap<&str, Vec<u32>>,
    ) -> usize {
        let counts = suppression::private_counts(&self.manifest, &self.points);
        // Looked up once per layer, not once per point.
        let of: Vec<Option<&Vec<u32>>> = self
            .points
            .iter()
            .map(|l| qpv_of.get(l.id.as_str()))
            .collect();
        let in_split =
            |layer: usize, p: u32| of[layer].is_some_and(|of| of[p as usize] != u32::MAX);
        let mut added = 0;
        for (base, grouping) in self.groupings.iter().flatten() {
            let members = (&self.memberships[*base][..], grouping);
            added +=
                suppression::protect_totals(&self.manifest, &counts, members, &mut tables[*base]);
            if let Some(split) = splits[*base].as_mut() {
                suppression::hide_parts_of_hidden_totals(
                    &self.manifest,
                    &counts,
                    &tables[*base],
                    split,
                );
                added +=
                    suppression::protect_parts(&self.manifest, &counts, members, split, &in_split);
            }
        }
        added
    }
}

/// Reads the zone layers that come from files (`None` for derived ones),
/// side by side; the first error in manifest order wins.
fn read_zone_files(
    m: &Manifest,
    dir: &Path,
    progress: &Progress,
) -> Result<Vec<Option<(ZoneLayer, ZoneLayerQuality)>>, InputError> {
    let read: Vec<Result<Option<_>, InputError>> = m
        .zones
        .par_iter()
        .map(|spec| match spec.derive {
            Some(_) => Ok(None),
            None => read::zone_layer(m, spec, dir, progress).map(Some),
        })
        .collect();
    read.into_iter().collect()
}

/// Reads every point layer, side by side; the first error in manifest order wins.
fn read_point_files(
    m: &Manifest,
    dir: &Path,
    progress: &Progress,
) -> Result<(Vec<PointLayer>, Vec<PointLayerQuality>), InputError> {
    let read: Vec<Result<_, InputError>> = m
        .points
        .par_iter()
        .map(|spec| read::point_layer(m, spec, dir, progress))
        .collect();
    read.into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map(|v| v.into_iter().unzip())
}

/// Zone layers with their groupings, indexes and memberships.
struct Joined(
    Vec<ZoneLayer>,
    Vec<Option<(usize, Grouping)>>,
    Vec<ZoneIndex>,
    Vec<Vec<Membership>>,
);

/// Indexes every layer and joins the points to them.
fn index_and_join(
    m: &Manifest,
    (zones, groupings): Derived,
    points: &[PointLayer],
    quality: &mut QualityReport,
    progress: &Progress,
) -> Joined {
    let indexes: Vec<ZoneIndex> = zones.par_iter().map(ZoneIndex::new).collect();
    let memberships = join_all((m, &zones, &indexes), points, &groupings, quality, progress);
    Joined(zones, groupings, indexes, memberships)
}

/// The nearest-help distances every `distance` indicator needs.
fn nearest_distances(m: &Manifest, points: &[PointLayer], progress: &Progress) -> DistanceCache {
    let step = progress.step("finding the nearest help places");
    let by_id: HashMap<&str, &PointLayer> = points.iter().map(|p| (p.id.as_str(), p)).collect();
    let distances = DistanceCache::build(m, &by_id);
    step.done(format!("{} positions", thousands(distances.measured())));
    distances
}

fn load_series(
    m: &Manifest,
    dir: &Path,
    zones: &[ZoneLayer],
    groupings: &[Option<(usize, Grouping)>],
    quality: &mut QualityReport,
) -> Result<Vec<SeriesTable>, InputError> {
    let mut tables = Vec::new();
    for spec in &m.series {
        let path = m.locate(dir, &spec.file, &format!("[[series]] `{}`", spec.id))?;
        let (table, notes) = crate::series::load(spec, &path, zones, groupings)?;
        quality.notes.extend(notes);
        tables.push(table);
    }
    Ok(tables)
}

type Derived = (Vec<ZoneLayer>, Vec<Option<(usize, Grouping)>>);

/// Builds the derived layers in manifest order (a derived layer may group a
/// derived layer declared before it) and puts every layer in place.
fn derive_layers(
    m: &Manifest,
    dir: &Path,
    files: Vec<Option<(ZoneLayer, ZoneLayerQuality)>>,
    points: &[PointLayer],
    quality: &mut QualityReport,
    progress: &Progress,
) -> Result<Derived, InputError> {
    let mut zones: Vec<ZoneLayer> = Vec::new();
    let mut groupings = Vec::new();
    for (spec, file) in m.zones.iter().zip(files) {
        let (layer, q, grouping) = match file {
            Some((layer, q)) => (layer, q, None),
            None => {
                let (layer, q, g) = derive_one(m, (dir, spec), &zones, points, progress)?;
                quality
                    .notes
                    .extend(g.1.notes.iter().map(|n| format!("{}: {n}", spec.id)));
                let sums = derive::incomplete_sums(&zones[g.0], &g.1);
                quality
                    .notes
                    .extend(sums.into_iter().map(|n| format!("{}: {n}", spec.id)));
                (layer, q, Some(g))
            }
        };
        zones.push(layer);
        quality.zone_layers.push(q);
        groupings.push(grouping);
    }
    Ok((zones, groupings))
}

/// Builds derived layer `spec` from the layers built so far.
fn derive_one(
    m: &Manifest,
    (dir, spec): (&Path, &ZoneLayerSpec),
    zones: &[ZoneLayer],
    points: &[PointLayer],
    progress: &Progress,
) -> Result<(ZoneLayer, ZoneLayerQuality, (usize, Grouping)), InputError> {
    let d = spec.derive.as_ref().expect("a derived layer");
    let step = progress.step(format!(
        "building zone layer `{}` from `{}`",
        spec.id, d.from
    ));
    let base = zones
        .iter()
        .position(|z| z.id == d.from)
        .expect("validated: declared before");
    let entry = format!("the `derive.mapping` of `{}`", spec.id);
    let resolve = |file: &Path| m.locate(dir, file, &entry);
    let inputs = derive::groups::Inputs {
        points,
        resolve: &resolve,
        territory: m.territory.name.clone(),
    };
    let grouping = derive::groups::group(d, &zones[base], &inputs)?;
    let ids = (spec.id.as_str(), spec.label.as_str());
    let mut layer = derive::build_layer(ids, &zones[base], &grouping);
    let mut q = ZoneLayerQuality {
        id: spec.id.clone(),
        file: format!("derived from `{}`", d.from),
        crs: "EPSG:4326".into(),
        features_read: zones[base].len(),
        ..Default::default()
    };
    // Unions are valid by construction (`geo`'s overlay engine): checking
    // them again took 0.35 s of the 1.1 s of the Occitanie report (the
    // region's single outline alone 0.23 s); `tests/hauts_de_france.rs`
    // checks that they are.
    read::describe_shapes(&layer, &mut q, read::Validity::Known);
    q.attribute_tables = read::attribute_tables(m, spec, dir, &mut layer)?;
    step.done(format!(
        "{} from {}",
        plural(layer.len(), "zone", "zones"),
        plural(zones[base].len(), "member", "members")
    ));
    Ok((layer, q, (base, grouping)))
}

/// Joins points to every file layer, keeps a listed layer's points inside
/// its listed parents ([`links::clip_to_listed_parents`]), then gives each
/// derived layer its members' points.
fn join_all(
    t: (&Manifest, &[ZoneLayer], &[ZoneIndex]),
    points: &[PointLayer],
    groupings: &[Option<(usize, Grouping)>],
    quality: &mut QualityReport,
    progress: &Progress,
) -> Vec<Vec<Membership>> {
    let (m, zones, indexes) = t;
    let step = progress.step("joining points to zones");
    let mut memberships: Vec<Vec<Membership>> = zones
        .iter()
        .zip(indexes)
        .zip(groupings)
        .map(|((zl, index), g)| match g {
            Some(_) => Vec::new(),
            None => points
                .iter()
                .map(|pl| join(zl, index, &pl.coords))
                .collect(),
        })
        .collect();
    quality.notes.extend(links::clip_to_listed_parents(
        m,
        zones,
        points,
        &mut memberships,
    ));
    for (z, g) in groupings.iter().enumerate() {
        let Some((base, grouping)) = g else { continue };
        memberships[z] = memberships[*base]
            .iter()
            .zip(points)
            .map(|(mb, pl)| {
                let mut derived = derive::membership(mb, grouping);
                (derived.outside, derived.in_several) = derive::tally(&derived, pl.len());
                derived
            })
            .collect();
    }
    let total: usize = points.iter().map(|p| p.len()).sum();
    step.done(format!(
        "{} points × {} zone layers",
        thousands(total),
        zones.len()
    ));
    memberships
}

fn record_joins(
    m: &Manifest,
    zones: &[ZoneLayer],
    memberships: &[Vec<Membership>],
    q: &mut QualityReport,
) {
    for (z, zl) in zones.iter().enumerate() {
        let partial = links::is_partial(m, z);
        for (p, pq) in q.point_layers.iter_mut().enumerate() {
            let mb = &memberships[z][p];
            pq.joins.push(JoinQuality {
                zone_layer: zl.id.clone(),
                outside_every_zone: mb.outside,
                ambiguous: mb.ambiguous,
                in_several_zones: mb.in_several,
                partial_layer: partial,
            });
        }
    }
}
