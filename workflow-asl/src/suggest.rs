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
    let lower = name.to_lowercase();
    candidates
        .iter()
        .filter(|c| **c != name)
        .map(|c| (c, strsim::jaro_winkler(&lower, &c.to_lowercase())))
        .filter(|(_, score)| *score >= 0.85)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| *c)
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
}
