//! "Did you mean …?" suggestions for misspelled names, shared by the validator and the
//! `workflow!` macro so that both suggest alike.

/// The candidate closest to `name`, if one is close enough to be a likely typo
/// (Jaro-Winkler similarity ≥ 0.85, case-insensitive); never `name` itself.
///
/// ```
/// use workflow_asl::suggest::did_you_mean;
/// assert_eq!(did_you_mean("Shipp", &["Pack", "Ship"]), Some("Ship"));
/// ```
pub fn did_you_mean<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    Suggester::new(candidates).suggest(name)
}

/// The least Jaro-Winkler similarity a suggestion needs.
const THRESHOLD: f64 = 0.85;

/// The work (characters compared) one [`Suggester`] spends in all before it stops suggesting:
/// enough for every ordinary definition, so that a hostile one with thousands of misspelt
/// names over thousands of candidates stays fast.
const BUDGET: usize = 4_000_000;

/// "Did you mean" over one list of candidates, asked for many names: the candidates are
/// lowercased once, each name is answered once, and the whole costs a bounded amount of work
/// (beyond it, no more suggestions).
///
/// ```
/// use workflow_asl::suggest::Suggester;
/// let mut s = Suggester::new(&["Pack", "Ship"]);
/// assert_eq!(s.suggest("Shipp"), Some("Ship"));
/// assert_eq!(s.suggest("Zebra"), None);
/// ```
pub struct Suggester<'c> {
    candidates: Vec<(&'c str, String, usize)>,
    answers: std::collections::HashMap<String, Option<&'c str>>,
    budget: usize,
}

impl<'c> Suggester<'c> {
    /// A suggester over `candidates`.
    pub fn new(candidates: &[&'c str]) -> Self {
        Suggester {
            candidates: candidates
                .iter()
                .map(|c| {
                    let lower = c.to_lowercase();
                    let len = lower.chars().count();
                    (*c, lower, len)
                })
                .collect(),
            answers: std::collections::HashMap::new(),
            budget: BUDGET,
        }
    }

    /// The candidate closest to `name`, if close enough to be a likely typo; never `name`.
    pub fn suggest(&mut self, name: &str) -> Option<&'c str> {
        if let Some(answer) = self.answers.get(name) {
            return *answer;
        }
        let lower = name.to_lowercase();
        let len = lower.chars().count();
        let mut best: Option<(&'c str, f64)> = None;
        for (candidate, candidate_lower, candidate_len) in &self.candidates {
            if *candidate == name || !could_reach(len, *candidate_len) {
                continue;
            }
            let cost = len + candidate_len;
            if cost > self.budget {
                self.budget = 0;
                break;
            }
            self.budget -= cost;
            let score = strsim::jaro_winkler(&lower, candidate_lower);
            if score >= THRESHOLD && best.is_none_or(|(_, b)| score > b) {
                best = Some((candidate, score));
            }
        }
        let answer = best.map(|(c, _)| c);
        self.answers.insert(name.to_owned(), answer);
        answer
    }
}

/// Whether strings of these lengths (in characters) can reach the threshold: the Jaro
/// similarity is at most `(m/a + m/b + 1) / 3` with `m = min(a, b)`, and Winkler's prefix
/// bonus lifts it to at most `0.6 × jaro + 0.4`.
fn could_reach(a: usize, b: usize) -> bool {
    if a == 0 || b == 0 {
        return false;
    }
    let m = a.min(b) as f64;
    let jaro = (m / a as f64 + m / b as f64 + 1.0) / 3.0;
    0.6 * jaro + 0.4 >= THRESHOLD
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("Shipp", &["Pack", "Ship"]), Some("Ship"));
        assert_eq!(did_you_mean("Nxt", &["Next", "End"]), Some("Next"));
        assert_eq!(did_you_mean("Zebra", &["Pack", "Ship"]), None);
    }

    #[test]
    fn the_length_bound_never_drops_a_suggestion_the_full_comparison_makes() {
        let words = [
            "a",
            "ab",
            "abc",
            "abcd",
            "abcdef",
            "abcdefgh",
            "abcdefghijkl",
            "x",
        ];
        for a in words {
            for b in words {
                let score = strsim::jaro_winkler(a, b);
                if score >= super::THRESHOLD {
                    assert!(super::could_reach(a.len(), b.len()), "{a} {b} {score}");
                }
            }
        }
    }

    #[test]
    fn thousands_of_misspelt_names_cost_a_bounded_amount_of_work() {
        let names: Vec<String> = (0..10_000).map(|i| format!("State{i:05}")).collect();
        let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut s = super::Suggester::new(&candidates);
        let mut suggested = 0;
        for i in 0..10_000 {
            if s.suggest(&format!("Stat{i:05}")).is_some() {
                suggested += 1;
            }
        }
        // The first names get suggestions; the budget then stops the search.
        assert!(suggested > 0 && suggested < 10_000, "{suggested}");
        assert_eq!(s.budget, 0);
    }
}
