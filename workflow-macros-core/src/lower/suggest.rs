//! "Did you mean …?" suggestions: the closest known name by Jaro-Winkler similarity (the same
//! measure and threshold as the validator's, so the macro and `workflow validate` suggest alike).

/// The candidate closest to `name`, if one is close enough to be a likely typo (similarity
/// ≥ 0.85, case-insensitive); never `name` itself.
pub(crate) fn did_you_mean<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = name.to_lowercase();
    let mut best: Option<(&'c str, f64)> = None;
    for candidate in candidates {
        if *candidate == name {
            continue;
        }
        let score = jaro_winkler(&lower, &candidate.to_lowercase());
        if score >= 0.85 && best.is_none_or(|(_, s)| score > s) {
            best = Some((candidate, score));
        }
    }
    best.map(|(c, _)| c)
}

/// `` `a`, `b` or `c` `` (with `conjunction` = "or"), each name in backticks.
pub(crate) fn list(names: &[&str], conjunction: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

/// Jaro-Winkler similarity of two strings, from 0 (nothing alike) to 1 (equal).
fn jaro_winkler(a: &str, b: &str) -> f64 {
    let jaro = jaro(a, b);
    let prefix = a
        .chars()
        .zip(b.chars())
        .take(4)
        .take_while(|(x, y)| x == y)
        .count();
    // `prefix` is at most 4: the conversion is exact.
    let prefix = f64::from(u8::try_from(prefix).unwrap_or(4));
    jaro + prefix * 0.1 * (1.0 - jaro)
}

fn jaro(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut b_used = vec![false; b.len()];
    let mut a_matched = Vec::new();
    for (i, ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if b_used.get(j) == Some(&false) && b.get(j) == Some(ca) {
                if let Some(used) = b_used.get_mut(j) {
                    *used = true;
                }
                a_matched.push(*ca);
                break;
            }
        }
    }
    let m = a_matched.len();
    if m == 0 {
        return 0.0;
    }
    let b_matched = b
        .iter()
        .zip(&b_used)
        .filter(|(_, used)| **used)
        .map(|(c, _)| *c);
    let transpositions = a_matched
        .iter()
        .zip(b_matched)
        .filter(|(x, y)| **x != *y)
        .count()
        / 2;
    let (m, t) = (count(m), count(transpositions));
    (m / count(a.len()) + m / count(b.len()) + (m - t) / m) / 3.0
}

/// A length as a float (names are short: the conversion is exact).
fn count(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, list};

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("Shipp", &["Pack", "Ship"]), Some("Ship"));
        assert_eq!(did_you_mean("ordr", &["order", "items"]), Some("order"));
        assert_eq!(did_you_mean("retyr", &["retry", "catch"]), Some("retry"));
        assert_eq!(did_you_mean("Zebra", &["Pack", "Ship"]), None);
        assert_eq!(did_you_mean("Ship", &["Ship"]), None);
        assert_eq!(did_you_mean("", &["a"]), None);
    }

    #[test]
    fn lists() {
        assert_eq!(list(&["a"], "or"), "`a`");
        assert_eq!(list(&["a", "b", "c"], "or"), "`a`, `b` or `c`");
        assert_eq!(list(&["a", "b"], "and"), "`a` and `b`");
        assert_eq!(list(&[], "or"), "");
    }
}
