//! French typography for the text zonage writes: no-break spaces before
//! `:`, `;`, `!`, `?`, `%` and between a number and its unit, and the
//! typographic apostrophe `’`.
//!
//! Manifests are written by people with ordinary keyboards ("Demandeurs
//! d'emploi", "10 km", "taux : "); [`french`] puts their labels right once,
//! when the manifest is read, so that every map, sheet and legend shows them
//! correctly. [`problems`] is the check the tests run over everything the
//! service sends.

/// The no-break space (U+00A0), between a number and its unit and inside « ».
pub const NBSP: char = '\u{a0}';
/// The narrow no-break space (U+202F), before `;`, `!`, `?` and `%`.
pub const NNBSP: char = '\u{202f}';

/// Units that follow a number and must stay on its line.
const UNITS: [&str; 9] = [
    "km",
    "m",
    "%",
    "€",
    "habitants",
    "personnes",
    "lieux",
    "agences",
    "zones",
];

/// `text` in French typography: a straight apostrophe between letters becomes
/// `’`; an ordinary space before `:` or inside « » becomes a no-break space,
/// before `;`, `!`, `?` or `%` a narrow one; the space between a number and
/// a unit (`10 km`) becomes a no-break space. Text without those is returned
/// unchanged; code-like text (`http://…`) keeps its colons.
///
/// ```
/// use zonage::typography::french;
/// assert_eq!(french("Demandeurs d'emploi à 10 km : 5 %"), "Demandeurs d’emploi à 10\u{a0}km\u{a0}: 5\u{202f}%");
/// ```
pub fn french(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|k| chars[k]);
        let after = chars.get(i + 1).copied();
        match c {
            '\'' if before.is_some_and(char::is_alphabetic)
                && after.is_some_and(char::is_alphabetic) =>
            {
                out.push('’')
            }
            ' ' => out.push(space_before(&chars, i, before, after)),
            _ => out.push(c),
        }
    }
    out
}

/// The space to write at `chars[i]` (an ordinary space in the input).
fn space_before(chars: &[char], i: usize, before: Option<char>, after: Option<char>) -> char {
    match after {
        Some(':') | Some('»') => NBSP,
        Some(';' | '!' | '?' | '%') => NNBSP,
        _ if before == Some('«') => NBSP,
        _ if before.is_some_and(|c| c.is_ascii_digit()) && unit_at(chars, i + 1) => NBSP,
        _ => ' ',
    }
}

/// Whether a unit of [`UNITS`] starts at `chars[k]` and ends a word there.
fn unit_at(chars: &[char], k: usize) -> bool {
    UNITS.iter().any(|unit| {
        let n = unit.chars().count();
        chars.len() >= k + n
            && chars[k..k + n].iter().copied().eq(unit.chars())
            && chars.get(k + n).is_none_or(|c| !c.is_alphanumeric())
    })
}

/// `text` with each straight apostrophe between letters made typographic
/// (`’`), and nothing else changed: for names read from files.
pub fn apostrophes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let letter = |k: Option<&char>| k.is_some_and(|c| c.is_alphabetic());
    (0..chars.len())
        .map(|i| match chars[i] {
            '\'' if i > 0 && letter(chars.get(i - 1)) && letter(chars.get(i + 1)) => '’',
            c => c,
        })
        .collect()
}

/// What is wrong with `text` in French typography, in words: a plain space
/// before `%`, `:`, `;`, `!`, `?`, `»` or after `«`, a plain space between a
/// number and a unit, a straight apostrophe between letters. Empty when the
/// text is right. Used by the tests over every French string the service
/// sends.
pub fn problems(text: &str) -> Vec<String> {
    let fixed = french(text);
    if fixed == text {
        return Vec::new();
    }
    let (a, b): (Vec<char>, Vec<char>) = (text.chars().collect(), fixed.chars().collect());
    a.iter()
        .zip(&b)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| {
            let from = i.saturating_sub(12);
            let context: String = a[from..(i + 12).min(a.len())].iter().collect();
            format!("«\u{a0}{context}\u{a0}»\u{a0}: {x:?} au lieu de {y:?}")
        })
        .collect()
}

/// `n` followed by the singular or the plural of a noun, the French way:
/// the singular for 0 and 1 ("0 lieu", "1 agence", "2 agences").
///
/// ```
/// use zonage::typography::count;
/// assert_eq!(count(0, "lieu", "lieux"), "0\u{a0}lieu");
/// assert_eq!(count(1_563, "zone", "zones"), "1\u{a0}563\u{a0}zones");
/// ```
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    let noun = if n < 2 { singular } else { plural };
    format!("{}{NBSP}{noun}", thousands(n))
}

/// `1563` → "1 563", with a no-break space between thousands.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + 4);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NBSP);
        }
        out.push(d);
    }
    out
}

/// A file-name part: `décembre 2024` → `decembre-2024`: lower-case ASCII letters and digits,
/// other characters folded or turned into single hyphens.
pub fn slug(text: &str) -> String {
    let folded = crate::search::fold(text);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(slug("décembre 2024"), "decembre-2024");
        assert_eq!(slug("Côte-d’Or / QPV"), "cote-d-or-qpv");
    }

    #[test]
    fn fixes_what_keyboards_type() {
        assert_eq!(french("l'agence"), "l’agence");
        assert_eq!(french("Part (%)"), "Part (%)");
        assert_eq!(french("taux : 12 %"), "taux\u{a0}: 12\u{202f}%");
        assert_eq!(french("« Centre »"), "«\u{a0}Centre\u{a0}»");
        assert_eq!(french("9e décile ; 10 km"), "9e décile\u{202f}; 10\u{a0}km");
        assert_eq!(french("à 5 kilomètres"), "à 5 kilomètres");
        assert_eq!(french("https://x.fr/{z}"), "https://x.fr/{z}");
    }

    #[test]
    fn right_text_has_no_problem() {
        assert!(problems("Demandeurs d’emploi\u{a0}: 12\u{202f}%").is_empty());
        let found = problems("Demandeurs d'emploi : 12 %");
        assert_eq!(found.len(), 3, "{found:?}");
    }

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count(1, "agence", "agences"), "1\u{a0}agence");
        assert_eq!(count(2, "agence", "agences"), "2\u{a0}agences");
        assert_eq!(thousands(1_234_567), "1\u{a0}234\u{a0}567");
    }
}
