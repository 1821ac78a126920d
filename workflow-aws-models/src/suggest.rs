//! Did-you-mean suggestions.

/// The candidate closest to `word`, when one is close enough to be what was meant: equal
/// ignoring case, or a normalised Damerau–Levenshtein similarity of at least 0.7 (one or two
/// typos in a word of ordinary length).
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let score = if candidate.eq_ignore_ascii_case(word) {
            2.0
        } else {
            strsim::normalized_damerau_levenshtein(&lower, &candidate.to_ascii_lowercase())
        };
        if score >= 0.7 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}
