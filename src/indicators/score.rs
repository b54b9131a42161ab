//! `score`: a composite index in the manner of La MedNum's *Indice de
//! fragilité numérique*.
//!
//! For each term, zones are ranked on the indicator and given their percentile
//! rank (0 for the least excluded, 1 for the most, ties sharing the mean rank;
//! `lower_is_worse` terms are turned around). The weighted mean of a zone's
//! percentile ranks is then rescaled so that the layer's lowest zone scores 0
//! and its highest 100. Ranks make terms of different units comparable and
//! keep one extreme zone from flattening the others. A zone with a secret term
//! is secret; with a missing term, missing; neither takes part in the ranking.
//! A term with no value at all in the layer (a rate per inhabitant where the
//! layer has no population, as QPV 2024 files have none) is left out for that
//! layer, rather than leaving every zone without a score; the quality report
//! says so ([`absent_terms`]).

use super::{IndicatorTable, Value};
use crate::manifest::{Direction, ScoreTerm};

/// The terms whose indicator has no value (number or secret) in any zone.
pub fn absent_terms<'a>(table: &IndicatorTable, terms: &'a [ScoreTerm]) -> Vec<&'a ScoreTerm> {
    terms
        .iter()
        .filter(|t| table[&t.indicator].iter().all(|v| *v == Value::Missing))
        .collect()
}

/// The score of every zone.
pub fn compute(table: &IndicatorTable, terms: &[ScoreTerm], zones: usize) -> Vec<Value> {
    let absent = absent_terms(table, terms);
    let kept: Vec<ScoreTerm> = terms
        .iter()
        .filter(|t| !absent.iter().any(|a| a.indicator == t.indicator))
        .cloned()
        .collect();
    if kept.is_empty() {
        return vec![Value::Missing; zones];
    }
    let terms = &kept[..];
    let mut status: Vec<Value> = vec![Value::Number(0.0); zones];
    for term in terms {
        for (z, v) in table[&term.indicator].iter().enumerate() {
            if !matches!(v, Value::Number(_)) && status[z] != Value::Secret {
                status[z] = *v;
            }
        }
    }
    let ranked: Vec<usize> = (0..zones)
        .filter(|&z| matches!(status[z], Value::Number(_)))
        .collect();
    let total_weight: f64 = terms.iter().map(|t| t.weight).sum();
    let mut raw = vec![0.0; ranked.len()];
    for term in terms {
        let values: Vec<f64> = ranked
            .iter()
            .map(|&z| table[&term.indicator][z].number().unwrap_or(0.0))
            .collect();
        for (r, p) in raw.iter_mut().zip(percentile_ranks(&values)) {
            let p = if term.direction == Direction::HigherIsWorse {
                p
            } else {
                1.0 - p
            };
            *r += term.weight * p / total_weight;
        }
    }
    for (&z, s) in ranked.iter().zip(rescale(&raw)) {
        status[z] = Value::Number(s);
    }
    status
}

/// Percentile rank in [0, 1] of each value; ties get the mean of their ranks.
pub fn percentile_ranks(values: &[f64]) -> Vec<f64> {
    let n = values.len();
    if n < 2 {
        return vec![0.5; n];
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let mean_rank = (i + j) as f64 / 2.0;
        for &k in &order[i..=j] {
            ranks[k] = mean_rank / (n - 1) as f64;
        }
        i = j + 1;
    }
    ranks
}

/// Min–max rescaling to 0–100 (all 50 when every value is equal).
fn rescale(raw: &[f64]) -> Vec<f64> {
    let (lo, hi) = raw
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    raw.iter()
        .map(|&v| {
            if hi > lo {
                100.0 * (v - lo) / (hi - lo)
            } else {
                50.0
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(id: &str, direction: Direction) -> ScoreTerm {
        ScoreTerm {
            indicator: id.into(),
            direction,
            weight: 1.0,
        }
    }

    #[test]
    fn ranks_directions_and_secrecy() {
        let mut table = IndicatorTable::new();
        table.insert(
            "a".into(),
            vec![
                Value::Number(1.0),
                Value::Number(2.0),
                Value::Number(3.0),
                Value::Secret,
            ],
        );
        table.insert(
            "b".into(),
            vec![
                Value::Number(30.0),
                Value::Number(20.0),
                Value::Number(10.0),
                Value::Number(0.0),
            ],
        );
        let same = compute(
            &table,
            &[
                term("a", Direction::HigherIsWorse),
                term("b", Direction::LowerIsWorse),
            ],
            4,
        );
        assert_eq!(same[0], Value::Number(0.0));
        assert_eq!(same[2], Value::Number(100.0));
        assert_eq!(same[3], Value::Secret);
        let opposed = compute(
            &table,
            &[
                term("a", Direction::HigherIsWorse),
                term("b", Direction::HigherIsWorse),
            ],
            4,
        );
        assert_eq!(opposed[0], Value::Number(50.0));
    }

    #[test]
    fn a_term_without_any_value_in_the_layer_is_left_out() {
        let mut table = IndicatorTable::new();
        table.insert(
            "a".into(),
            vec![Value::Number(1.0), Value::Number(3.0), Value::Missing],
        );
        table.insert("per_inhabitant".into(), vec![Value::Missing; 3]);
        let terms = [
            term("a", Direction::HigherIsWorse),
            term("per_inhabitant", Direction::HigherIsWorse),
        ];
        assert_eq!(absent_terms(&table, &terms).len(), 1);
        let scores = compute(&table, &terms, 3);
        assert_eq!(
            scores,
            [Value::Number(0.0), Value::Number(100.0), Value::Missing]
        );
    }

    #[test]
    fn ties_share_their_rank() {
        assert_eq!(percentile_ranks(&[5.0, 1.0, 5.0]), vec![0.75, 0.0, 0.75]);
    }
}
