//! Statistical secrecy (*secret statistique*).
//!
//! The rule, everywhere in zonage:
//! 1. A count of a private layer's points (e.g. job-seekers) from 1 to
//!    `threshold - 1` is **secret**. Zero is shown: it reveals no one.
//! 2. A statistic over a private layer's points in a zone (median distance...)
//!    is secret when it rests on 1 to `threshold - 1` people.
//! 3. Any indicator computed from a secret value is secret (ratios, scores).
//! 4. A secret value is absent, marked `secret`: never 0, never an estimate.
//! 5. No value is ever derived by subtracting cells: every zone's counts come
//!    from its own points, so a parent's total never reveals a masked child;
//!    where a group's members are shown, [`crate::suppression`] masks one more
//!    member so that the group minus the shown members gives nothing back.
//! 6. A part of a zone's people (a filtered count, the numerator of a share,
//!    the people beyond N km) is secret when it, or its complement (the
//!    others), is 1 to `threshold - 1`, or when the whole is: a share times
//!    the shown whole, or the whole minus the part, would give it back.

use crate::indicators::Value;
use crate::manifest::SecrecyRule;

impl SecrecyRule {
    /// Applies rule 1 to a count from a layer (`private` says whether it holds personal data).
    pub fn count(&self, n: usize, private: bool) -> Value {
        if private && n > 0 && n < self.threshold as usize {
            Value::Secret
        } else {
            Value::Number(n as f64)
        }
    }

    /// Applies rule 6: `n` people of `of` in a zone (a filtered count, or the
    /// numerator of a share), secret when `n` or the complement `of - n` is 1
    /// to `threshold - 1`, or when `of` itself is.
    pub fn part(&self, n: usize, of: usize, private: bool) -> Value {
        let small = |k: usize| private && k > 0 && k < self.threshold as usize;
        if small(n) || small(of - n) || small(of) {
            Value::Secret
        } else {
            Value::Number(n as f64)
        }
    }

    /// Applies rule 2: a statistic `value` resting on `n` points of a layer.
    /// With no point at all the statistic does not exist (`Missing`).
    pub fn statistic(&self, value: Option<f64>, n: usize, private: bool) -> Value {
        match value {
            _ if n == 0 => Value::Missing,
            _ if private && n < self.threshold as usize => Value::Secret,
            Some(v) => Value::Number(v),
            None => Value::Missing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_private_counts_are_secret_but_zero_is_shown() {
        let rule = SecrecyRule { threshold: 11 };
        assert_eq!(rule.count(0, true), Value::Number(0.0));
        assert_eq!(rule.count(1, true), Value::Secret);
        assert_eq!(rule.count(10, true), Value::Secret);
        assert_eq!(rule.count(11, true), Value::Number(11.0));
        assert_eq!(rule.count(3, false), Value::Number(3.0));
    }

    #[test]
    fn a_part_is_secret_when_it_or_its_complement_is_small() {
        let rule = SecrecyRule { threshold: 11 };
        assert_eq!(rule.part(9, 11, true), Value::Secret, "9 of 11");
        assert_eq!(rule.part(2, 11, true), Value::Secret, "2 of 11: 9 others");
        assert_eq!(
            rule.part(0, 5, true),
            Value::Secret,
            "0 of 5: all 5 are the others"
        );
        assert_eq!(rule.part(0, 40, true), Value::Number(0.0));
        assert_eq!(rule.part(40, 40, true), Value::Number(40.0));
        assert_eq!(rule.part(20, 40, true), Value::Number(20.0));
        assert_eq!(rule.part(2, 11, false), Value::Number(2.0));
    }

    #[test]
    fn statistics_on_few_people_are_secret() {
        let rule = SecrecyRule { threshold: 5 };
        assert_eq!(rule.statistic(Some(1.2), 0, true), Value::Missing);
        assert_eq!(rule.statistic(Some(1.2), 4, true), Value::Secret);
        assert_eq!(rule.statistic(Some(1.2), 5, true), Value::Number(1.2));
    }
}
