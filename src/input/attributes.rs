//! Attribute tables (CSV) joined to a zone layer on its code.
//!
//! Codes that match no zone and zones with no row are returned, never dropped
//! in silence: boundary files and statistics rarely share a vintage (communes
//! merge), and the quality report lists both.

use super::parse_figure;
use super::table::Table;
use crate::error::InputError;
use crate::manifest::AttributeTableSpec;
use crate::zones::ZoneLayer;
use std::collections::HashSet;
use std::path::Path;

/// What joining one table found.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct AttributeJoin {
    /// The table file.
    pub file: String,
    /// Data rows read.
    pub rows: usize,
    /// Codes of the table that match no zone.
    pub codes_without_zone: Vec<String>,
    /// Zone codes with no row in the table (their attributes are missing).
    pub zones_without_row: Vec<String>,
    /// Non-empty cells that are not numbers (left missing).
    pub non_numeric_cells: usize,
    /// The first few of them: line, column and value.
    pub non_numeric_examples: Vec<String>,
    /// Empty cells (secret or unavailable in the source; left missing, never 0).
    pub empty_cells: usize,
}

/// Joins `spec`'s columns onto `layer` as numeric attributes.
pub fn join(
    path: &Path,
    spec: &AttributeTableSpec,
    layer: &mut ZoneLayer,
) -> Result<AttributeJoin, InputError> {
    let table = Table::read(path, &spec.csv)?;
    let key = table.column(&spec.key)?;
    let wanted: Vec<(usize, &String)> = spec
        .columns
        .iter()
        .map(|(src, dst)| Ok((table.column(src)?, dst)))
        .collect::<Result<_, InputError>>()?;
    let mut report = AttributeJoin {
        file: path.display().to_string(),
        rows: table.rows()?.len(),
        ..Default::default()
    };
    let zones = layer.len();
    for (_, dst) in &wanted {
        layer
            .attributes
            .entry((*dst).clone())
            .or_insert_with(|| vec![None; zones]);
    }
    let mut matched = HashSet::new();
    let decimal = spec.csv.decimal.unwrap_or('.');
    for (line, row) in table.rows()? {
        let code = row[key].trim();
        let Some(zone) = layer.index_of(code) else {
            report.codes_without_zone.push(code.to_string());
            continue;
        };
        matched.insert(zone);
        for (i, dst) in &wanted {
            let cell = row.get(*i).unwrap_or("").trim();
            let value = parse_figure(cell, decimal);
            report.empty_cells += cell.is_empty() as usize;
            if !cell.is_empty() && value.is_none() {
                report.note_unreadable(&format!("line {line}"), &table.headers[*i], cell);
            }
            layer.attributes.get_mut(*dst).expect("created above")[zone] = value;
        }
    }
    report.zones_without_row = (0..layer.len())
        .filter(|z| !matched.contains(z))
        .map(|z| layer.codes[z].clone())
        .collect();
    Ok(report)
}

/// How many unreadable cells a report quotes; the rest are only counted.
const EXAMPLES: usize = 10;

impl AttributeJoin {
    /// Counts a non-empty cell that is not a number, quoting the first few
    /// with their place (`line 12`, `feature 3`).
    pub fn note_unreadable(&mut self, place: &str, column: &str, value: &str) {
        self.non_numeric_cells += 1;
        if self.non_numeric_examples.len() < EXAMPLES {
            self.non_numeric_examples
                .push(format!("{place}, column `{column}`: `{value}`"));
        }
    }
}
