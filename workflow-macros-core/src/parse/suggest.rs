//! "Did you mean …?" for misspelled words: the closest candidate by edit distance (insertions,
//! deletions, substitutions and swaps of adjacent letters), when it is close enough to be a
//! likely typo.

/// The candidate closest to `word`, if any is within a third of its length (at least one edit).
pub(super) fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = word.to_lowercase();
    candidates
        .iter()
        .filter(|c| **c != word)
        .map(|c| (*c, distance(&lower, &c.to_lowercase())))
        .filter(|(c, d)| *d <= (word.chars().count().max(c.chars().count()) / 3).max(1))
        .min_by_key(|(_, d)| *d)
        .map(|(c, _)| c)
}

/// `" did you mean `x`?"` (with the leading `;`) or nothing.
pub(super) fn hint(word: &str, candidates: &[&str]) -> String {
    match did_you_mean(word, candidates) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

/// The optimal-string-alignment distance between `a` and `b`.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the dynamic-programming table: two back, one back, current.
    let mut two_back: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut best = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca) {
                best = best.min(two_back[j - 1] + 1);
            }
            cur[j + 1] = best;
        }
        std::mem::swap(&mut two_back, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, distance};

    #[test]
    fn distances() {
        assert_eq!(distance("wiat", "wait"), 1);
        assert_eq!(distance("pas", "pass"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggests_close_words_only() {
        let kinds = super::super::kw::KINDS;
        assert_eq!(did_you_mean("wiat", kinds), Some("wait"));
        assert_eq!(did_you_mean("chioce", kinds), Some("choice"));
        assert_eq!(did_you_mean("paralel", kinds), Some("parallel"));
        assert_eq!(did_you_mean("Pass", kinds), Some("pass"));
        assert_eq!(did_you_mean("zebra", kinds), None);
        assert_eq!(did_you_mean("pass", kinds), None);
    }
}
