//! Published time series (`[[series]]`): monthly counts of job-seekers by
//! commune, département and region, read in long form (code, period, value)
//! and attached to zone layers by code.
//!
//! A derived layer's zone with no row of its own gets the sum of its
//! members' values, period by period, where *every* member has one: a sum
//! over some members would pass for the total. These figures are published
//! (rounded by their producer), so no secrecy applies to them.

use crate::derive::Grouping;
use crate::error::{InputError, Location};
use crate::input::parse_figure;
use crate::input::table::Table;
use crate::manifest::dates::parse_period;
use crate::manifest::{SeriesSpec, SeriesStatistic};
use crate::quality::examples;
use crate::zones::ZoneLayer;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// A month, `(year, month)`.
pub type Period = (i32, u32);

/// One zone's values, aligned with [`SeriesTable::periods`].
pub type ZoneSeries = Vec<Option<f64>>;

/// A series attached to the zone layers of a territory.
#[derive(Debug, Clone)]
pub struct SeriesTable {
    /// The series id.
    pub id: String,
    /// Every period of the file, in order.
    pub periods: Vec<Period>,
    /// For each zone layer (territory order): `None` when the series is not
    /// attached to it, else one entry per zone, `None` for a zone without series.
    pub layers: Vec<Option<Vec<Option<ZoneSeries>>>>,
}

impl SeriesTable {
    /// The series of zone `i` of layer `z`, if it has one.
    pub fn of(&self, z: usize, i: usize) -> Option<&ZoneSeries> {
        self.layers.get(z)?.as_ref()?.get(i)?.as_ref()
    }

    /// Index of the period `months` before period index `at`.
    fn back(&self, at: usize, months: u32) -> Option<usize> {
        let (y, m) = self.periods[at];
        let index = y * 12 + m as i32 - 1 - months as i32;
        let target = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        self.periods.binary_search(&target).ok()
    }

    /// A statistic of one zone's series, from the latest period of the file.
    pub fn statistic(
        &self,
        values: &ZoneSeries,
        stat: SeriesStatistic,
        months: u32,
    ) -> Option<f64> {
        let last = self.periods.len().checked_sub(1)?;
        let latest = values[last]?;
        if stat == SeriesStatistic::Latest {
            return Some(latest);
        }
        let before = values[self.back(last, months)?]?;
        match stat {
            SeriesStatistic::Change => Some(latest - before),
            _ if before == 0.0 => None,
            _ => Some((latest - before) / before * 100.0),
        }
    }
}

/// The rows of a series file: code → period → value.
type Rows = HashMap<String, BTreeMap<Period, f64>>;

/// Reads a series file and attaches it to `zones`; returns it with what the
/// quality report should say.
pub fn load(
    spec: &SeriesSpec,
    path: &Path,
    zones: &[ZoneLayer],
    groupings: &[Option<(usize, Grouping)>],
) -> Result<(SeriesTable, Vec<String>), InputError> {
    let (rows, mut notes) = read_rows(spec, path)?;
    let periods: BTreeSet<Period> = rows.values().flat_map(|r| r.keys().copied()).collect();
    let mut table = SeriesTable {
        id: spec.id.clone(),
        periods: periods.into_iter().collect(),
        layers: Vec::with_capacity(zones.len()),
    };
    let mut used = BTreeSet::new();
    for (z, layer) in zones.iter().enumerate() {
        if !spec.layers.is_empty() && !spec.layers.contains(&layer.id) {
            table.layers.push(None);
            continue;
        }
        let members = groupings[z]
            .as_ref()
            .and_then(|(base, g)| Some((table.layers[*base].as_ref()?, g)));
        let (values, why) = attach(&table.periods, &rows, layer, members, &mut used);
        notes.extend(why.map(|w| format!("series `{}` on `{}`: {w}", spec.id, layer.id)));
        table.layers.push(Some(values));
    }
    let orphans: Vec<&String> = rows.keys().filter(|c| !used.contains(c.as_str())).collect();
    if !orphans.is_empty() {
        let mut shown: Vec<String> = orphans.iter().map(|c| c.to_string()).collect();
        shown.sort_unstable();
        notes.push(format!(
            "series `{}`: {} codes of {} match no zone (other territories, or codes changed): {}",
            spec.id,
            orphans.len(),
            path.display(),
            examples(&shown)
        ));
    }
    Ok((table, notes))
}

/// The series of each zone of `layer`: its own rows, else (derived layers)
/// the sum of its members'. Returns what to report about zones without one.
fn attach<'a>(
    periods: &[Period],
    rows: &'a Rows,
    layer: &ZoneLayer,
    members: Option<(&Vec<Option<ZoneSeries>>, &Grouping)>,
    used: &mut BTreeSet<&'a str>,
) -> (Vec<Option<ZoneSeries>>, Option<String>) {
    let lists = members.map(|(_, g)| g.members());
    let mut missing = Vec::new();
    let values: Vec<Option<ZoneSeries>> = (0..layer.len())
        .map(|i| {
            if let Some((code, own)) = rows.get_key_value(&layer.codes[i]) {
                used.insert(code.as_str());
                return Some(periods.iter().map(|p| own.get(p).copied()).collect());
            }
            let summed = members
                .zip(lists.as_ref())
                .and_then(|((of, _), lists)| sum_members(periods.len(), of, &lists[i]));
            if summed.is_none() {
                missing.push(layer.codes[i].clone());
            }
            summed
        })
        .collect();
    let why = (!missing.is_empty()).then(|| {
        let rule = if members.is_some() { " nor all of their members" } else { "" };
        format!(
            "{} zones have no series{rule} (published for communes of 5,000 inhabitants or more): {}",
            missing.len(),
            examples(&missing)
        )
    });
    (values, why)
}

/// Period by period, the sum of the members' values where every member has
/// one; `None` when no period is complete.
fn sum_members(periods: usize, of: &[Option<ZoneSeries>], members: &[usize]) -> Option<ZoneSeries> {
    if members.is_empty() {
        return None;
    }
    let sums: ZoneSeries = (0..periods)
        .map(|k| {
            members
                .iter()
                .map(|&m| of[m].as_ref().and_then(|s| s[k]))
                .sum()
        })
        .collect();
    sums.iter().any(Option::is_some).then_some(sums)
}

fn read_rows(spec: &SeriesSpec, path: &Path) -> Result<(Rows, Vec<String>), InputError> {
    let table = Table::read(path, &spec.csv)?;
    let column = |name: &str| table.column(name);
    let (code, period, value) = (
        column(&spec.code)?,
        column(&spec.period)?,
        column(&spec.value)?,
    );
    let decimal = spec.csv.decimal.unwrap_or('.');
    let mut rows = Rows::new();
    let mut unreadable = Vec::new();
    for (line, record) in table.rows()? {
        let line = *line;
        let p = parse_period(&record[period]).ok_or_else(|| {
            let problem = format!(
                "`{}` is not a month (`2024-12` or `decembre_2024`)",
                &record[period]
            );
            InputError::at(path, Location::Line(line), problem).field(spec.period.as_str())
        })?;
        match parse_figure(&record[value], decimal) {
            Some(v) => {
                rows.entry(record[code].trim().to_string())
                    .or_default()
                    .insert(p, v);
            }
            None if record[value].trim().is_empty() => {}
            None => unreadable.push(format!(
                "line {line}, column `{}`: `{}`",
                spec.value, &record[value]
            )),
        }
    }
    let notes = (!unreadable.is_empty())
        .then(|| {
            format!(
                "series `{}`: {} cells of {} are not numbers, left out: {}",
                spec.id,
                unreadable.len(),
                path.display(),
                unreadable[..unreadable.len().min(10)].join(", ")
            )
        })
        .into_iter()
        .collect();
    Ok((rows, notes))
}
