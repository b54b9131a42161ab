//! Days and months as the inputs write them: `YYYY-MM-DD` for registration
//! dates and the reference date, `2024-12` or French month names
//! (`decembre_2024`, `décembre 2024`) for the periods of published series.
//!
//! Only calendar arithmetic on months is needed, so no date crate: dates
//! stay text in the ISO order, where comparing strings compares days.

/// `(year, month, day)` of a `YYYY-MM-DD` date, checked.
pub fn parse_day(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.get(..2)?.parse().ok()?;
    ((1..=12).contains(&month) && (1..=days_in(year, month)).contains(&day))
        .then_some((year, month, day))
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// The day `months` months before `reference` (`YYYY-MM-DD`), the day of
/// the month clamped to the month's length: 2024-03-31 less one month is
/// 2024-02-29.
///
/// ```
/// use zonage::manifest::dates::months_before;
/// assert_eq!(months_before("2024-12-31", 12).as_deref(), Some("2023-12-31"));
/// assert_eq!(months_before("2024-03-31", 1).as_deref(), Some("2024-02-29"));
/// ```
pub fn months_before(reference: &str, months: u32) -> Option<String> {
    let (year, month, day) = parse_day(reference)?;
    let index = year * 12 + month as i32 - 1 - months as i32;
    let (y, m) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    Some(format!("{y:04}-{m:02}-{:02}", day.min(days_in(y, m))))
}

const MONTHS: [&str; 12] = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// A month of a series as `(year, month)`: `2024-12`, `2024-12-31`,
/// `decembre_2024`, `Décembre 2024`, `décembre-2024`.
///
/// ```
/// use zonage::manifest::dates::parse_period;
/// assert_eq!(parse_period("decembre_2024"), Some((2024, 12)));
/// assert_eq!(parse_period("Février 2021"), Some((2021, 2)));
/// assert_eq!(parse_period("2020-01"), Some((2020, 1)));
/// assert_eq!(parse_period("trimestre_2020"), None);
/// ```
pub fn parse_period(text: &str) -> Option<(i32, u32)> {
    let t = text.trim();
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        let mut parts = t.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        return (1..=12).contains(&month).then_some((year, month));
    }
    let (name, year) = t.rsplit_once(['_', ' ', '-'])?;
    let folded: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'û' | 'ù' => 'u',
            other => other,
        })
        .collect();
    let month = MONTHS.iter().position(|m| *m == folded.trim())? as u32 + 1;
    Some((year.trim().parse().ok()?, month))
}

/// A month written for people: `décembre 2024`.
pub fn month_label(year: i32, month: u32) -> String {
    const LABELS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    format!("{} {year}", LABELS[(month as usize + 11) % 12])
}
