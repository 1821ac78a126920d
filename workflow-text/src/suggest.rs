//! "Did you mean …?": the one suggester of every layer (the `workflow!` macro, the validator,
//! the AWS models' checks, the SageMaker forms, the engine and the CLI), so that a misspelt
//! name gets the same suggestion wherever it is read.
//!
//! The rule is rustc's, which suggests for misspelt identifiers in every compile error
//! (`find_best_match_for_name` in `rustc_span::edit_distance`), fitted to the names read
//! here (identifiers, API members and enum values, intrinsic functions, and state names,
//! which are labels of several words):
//!
//! - names are compared ignoring case, so one that differs from a candidate only in case
//!   (`trainingjobname`) gets it before any other;
//! - the distance is the optimal string alignment distance: the fewest insertions,
//!   deletions, substitutions and swaps of two neighbouring characters, the edits a typist
//!   makes (`TrainingJobNmae` and `States.Fromat` are one edit from the right name);
//! - a candidate the name abbreviates counts as one edit: it starts with the name's first
//!   character, holds the others in order, and is at most three times as long (`int` for
//!   `integer`, `secs` for `seconds`, `model` for `model_name`), as rustc's variant for
//!   method names counts a name found inside a longer one; so does a candidate whose last
//!   words spell the name, at most three times as long (`Status` for `JobStatus`, `id` for
//!   `job_id`: an API's answer names a field after what it belongs to, and the reader
//!   wrote its last word);
//! - a candidate is close enough within a quarter of the name's length,
//!   `max(len, 4) / 4` edits (one up to seven characters, two up to eleven, three up to
//!   fifteen, …), and in fewer edits than the name has characters (one letter is no typo of
//!   another). rustc allows a third; a third of a state name is a whole word, and
//!   `Label Detection Map` is another state, not a typo of `Segment Detection Map`;
//! - the closest candidate wins; of equally close ones, the one fewer plain edits away, then
//!   the one that starts longer as the name does (typos fall late in a word more often than
//!   early, Winkler's observation: `Dispense1` before `Dispense50` for `Dispense10`), then
//!   the first.
//!
//! Edits are what a reader counts when judging a suggestion, and the same share of the
//! length reads the same on short and long names. The similarity scores used before each
//! stretched differently with length: Jaro–Winkler (≥ 0.85) forgives almost any ending after
//! a shared start (`HelloWorldSuccessful` for `HelloWorldFailed`) yet misses a swap in a short
//! word (`cvs` for `csv`); a normalised Damerau–Levenshtein (≥ 0.7) divides by the longer
//! name; a plain distance of two or three is far for `MD5` and near for `JsonToString`.
//!
//! A member of something named (an API's answer names its fields after what it describes: a
//! Glue `JobRun`'s `Id`, Athena's `QueryExecutionId` from `StartQueryExecution`) is often
//! written with that owner's words added or left out: `JobRunId` for `Id`, `QueryId` for
//! `QueryExecutionId`. [`did_you_mean_in`] and [`closest_in`] are told the owner's names, and a
//! candidate that is the name once the owner's words are taken off both at their start and
//! end (`Id` and `JobRunId` both `Id` in a `JobRun`) comes first, meaning the same whatever
//! the edits between them: the plain rule suggested `JobRunQueuingEnabled`, which `JobRunId`
//! abbreviates, for the `Id` meant (issue 75; `docs/field-suggestions.md` measures it on every
//! integration's result).
//!
//! A [`Suggester`] answers many names over one list of candidates within a bounded amount
//! of work: a definition with thousands of misspelt names over thousands of candidates gets
//! suggestions for the first ones, then none, and stays fast.

use std::cmp::Reverse;
use std::collections::HashMap;

/// The candidate a misspelt `name` most likely meant, if one is close enough (see the
/// [module](self)); never `name` itself.
///
/// ```
/// use workflow_text::suggest::did_you_mean;
/// assert_eq!(did_you_mean("Shipp", &["Pack", "Ship"]), Some("Ship"));
/// let members = ["RoleArn", "TrainingJobName"];
/// assert_eq!(did_you_mean("TrainingJobNmae", &members), Some("TrainingJobName"));
/// assert_eq!(did_you_mean("Zebra", &["Pack", "Ship"]), None);
/// ```
pub fn did_you_mean<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    Suggester::new(candidates).suggest(name)
}

/// The work one [`Suggester`] may spend in all: a unit per candidate looked at, and one per
/// cell of each distance computed (the product of the two names' lengths). Enough for every
/// ordinary definition (about forty misspelt names over a thousand 25-character state
/// names); a fraction of a second unoptimised (as the `workflow!` macro runs), far less
/// optimised.
const BUDGET: usize = 25_000_000;

/// "Did you mean" over one list of candidates, asked for many names: the candidates are
/// lowered once, each name is answered once, and the whole costs a bounded amount of work
/// (beyond it, no more suggestions).
///
/// ```
/// use workflow_text::suggest::Suggester;
/// let mut s = Suggester::new(&["Pack", "Ship"]);
/// assert_eq!(s.suggest("Shipp"), Some("Ship"));
/// assert_eq!(s.suggest("ship"), Some("Ship"));
/// assert_eq!(s.suggest("Zebra"), None);
/// ```
#[derive(Debug)]
pub struct Suggester<'c> {
    /// Each candidate, in lower case, and that in characters.
    candidates: Vec<(&'c str, String, usize)>,
    /// The names answered so far.
    answers: HashMap<String, Option<&'c str>>,
    /// The work left.
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
            answers: HashMap::new(),
            budget: BUDGET,
        }
    }

    /// The candidate a misspelt `name` most likely meant, if one is close enough; never
    /// `name` itself.
    pub fn suggest(&mut self, name: &str) -> Option<&'c str> {
        if let Some(answer) = self.answers.get(name) {
            return *answer;
        }
        let answer = self.search(name);
        self.answers.insert(name.to_owned(), answer);
        answer
    }

    /// The closest candidate within the limit, spending from the budget.
    fn search(&mut self, name: &str) -> Option<&'c str> {
        let lower = name.to_lowercase();
        let len = lower.chars().count();
        let mut limit = (len.max(4) / 4).min(len.saturating_sub(1));
        // The best so far, by its rank.
        let mut best: Option<(Rank, &'c str)> = None;
        for (candidate, candidate_lower, candidate_len) in &self.candidates {
            if self.budget == 0 {
                break;
            }
            self.budget -= 1;
            let least = if could_shorten(len, *candidate_len) {
                1
            } else {
                len.abs_diff(*candidate_len)
            };
            if *candidate == name || least > limit {
                continue;
            }
            let cost = len.saturating_mul(*candidate_len);
            if cost > self.budget {
                self.budget = 0;
                break;
            }
            self.budget -= cost;
            let distance = strsim::osa_distance(&lower, candidate_lower);
            let score = if shortens(&lower, len, candidate, candidate_lower, *candidate_len) {
                distance.min(1)
            } else {
                distance
            };
            let rank = (
                score,
                distance,
                Reverse(shared_start(&lower, candidate_lower)),
            );
            if score <= limit && best.as_ref().is_none_or(|(b, _)| rank < *b) {
                best = Some((rank, candidate));
                if distance == 0 {
                    break;
                }
                // Only as close a candidate can take its place.
                limit = score;
            }
        }
        best.map(|(_, candidate)| candidate)
    }
}

/// [`did_you_mean`] for a member of something whose names are `owner` (a shape, an action, the
/// field that holds it): a candidate that means the same as `name` once the owner's words are
/// taken off (see the [module](self)) comes first, the closest of them if several; else
/// [`did_you_mean`]'s answer.
///
/// ```
/// use workflow_text::suggest::{did_you_mean, did_you_mean_in};
/// let job_run = ["Id", "Attempt", "JobName", "JobRunQueuingEnabled", "PreviousRunId"];
/// assert_eq!(did_you_mean("JobRunId", &job_run), Some("JobRunQueuingEnabled"));
/// assert_eq!(did_you_mean_in("JobRunId", &job_run, &["JobRun", "startJobRun"]), Some("Id"));
/// let started = ["QueryExecutionId"];
/// assert_eq!(did_you_mean_in("QueryId", &started, &["startQueryExecution"]), Some("QueryExecutionId"));
/// ```
pub fn did_you_mean_in<'c>(name: &str, candidates: &[&'c str], owner: &[&str]) -> Option<&'c str> {
    let same = same_as(name, candidates, owner);
    match same.as_slice() {
        [] => did_you_mean(name, candidates),
        [only] => Some(*only),
        several => closest(name, several, 1).first().copied(),
    }
}

/// [`closest`] for a member of something whose names are `owner`: the candidates that mean
/// the same as `name` once the owner's words are taken off first (see [`did_you_mean_in`]),
/// then the others as [`closest`] ranks them.
///
/// ```
/// use workflow_text::suggest::closest_in;
/// let fields = ["Attempt", "Id", "JobName", "JobRunState"];
/// assert_eq!(closest_in("JobRunId", &fields, &["JobRun"], 2), ["Id", "JobRunState"]);
/// ```
pub fn closest_in<'c>(
    name: &str,
    candidates: &[&'c str],
    owner: &[&str],
    n: usize,
) -> Vec<&'c str> {
    let same = same_as(name, candidates, owner);
    let others: Vec<&'c str> = candidates
        .iter()
        .copied()
        .filter(|c| !same.contains(c))
        .collect();
    let mut out = closest(name, &same, n);
    if out.len() < n {
        out.extend(closest(name, &others, n - out.len()));
    }
    out
}

/// The words of the owner's names, in lower case.
fn owner_words(owner: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in owner {
        for word in crate::case::words(name) {
            let word = word.to_ascii_lowercase();
            if !out.contains(&word) {
                out.push(word);
            }
        }
    }
    out
}

/// The words of `name` in lower case, the owner's words taken off its start and its end (at
/// least one word is kept).
fn stripped(name: &str, owner: &[String]) -> Vec<String> {
    let mut words: Vec<String> = crate::case::words(name)
        .map(str::to_ascii_lowercase)
        .collect();
    while words.len() > 1 && owner.contains(&words[0]) {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| owner.contains(w)) {
        words.pop();
    }
    words
}

/// The candidates that mean what `name` does but for the owner's words (and are not `name`).
fn same_as<'c>(name: &str, candidates: &[&'c str], owner: &[&str]) -> Vec<&'c str> {
    if owner.is_empty() {
        return Vec::new();
    }
    let owner = owner_words(owner);
    let meant = stripped(name, &owner);
    let Some(last) = meant.last() else {
        return Vec::new();
    };
    // The last word first: most candidates end otherwise, and are not split into words.
    let may_end_so = |c: &str| {
        c.len() >= last.len()
            && c.get(c.len() - last.len()..)
                .is_some_and(|end| end.eq_ignore_ascii_case(last))
    };
    let ends_with_owner = |c: &str| {
        crate::case::words(c)
            .last()
            .is_some_and(|w| owner.contains(&w.to_ascii_lowercase()))
    };
    candidates
        .iter()
        .copied()
        .filter(|c| {
            !name.eq_ignore_ascii_case(c)
                && (may_end_so(c) || ends_with_owner(c))
                && stripped(c, &owner) == meant
        })
        .collect()
}

/// The `n` candidates closest to `name`, closest first, to list when no one of them is close
/// enough for [`did_you_mean`]: ranked as [`did_you_mean`] ranks them (edits, or one for an
/// abbreviation; then plain edits; then the longer shared start), ties in the candidates'
/// order, so that the best guess is always among those shown however long the list. Bounded
/// work as a [`Suggester`]'s: past the budget, the remaining candidates follow in their order.
///
/// ```
/// use workflow_text::suggest::closest;
/// let fields = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"];
/// assert_eq!(closest("kapa_value", &fields, 3), ["kappa", "alpha", "gamma"]);
/// ```
pub fn closest<'c>(name: &str, candidates: &[&'c str], n: usize) -> Vec<&'c str> {
    let lower = name.to_lowercase();
    let len = lower.chars().count();
    let mut budget = BUDGET;
    let mut ranked: Vec<(Rank, usize, &'c str)> = Vec::with_capacity(candidates.len());
    for (index, candidate) in candidates.iter().enumerate() {
        let candidate_lower = candidate.to_lowercase();
        let candidate_len = candidate_lower.chars().count();
        let cost = len.saturating_mul(candidate_len).saturating_add(1);
        let rank = if cost <= budget {
            budget -= cost;
            let distance = strsim::osa_distance(&lower, &candidate_lower);
            let score = if shortens(&lower, len, candidate, &candidate_lower, candidate_len) {
                distance.min(1)
            } else {
                distance
            };
            (
                score,
                distance,
                Reverse(shared_start(&lower, &candidate_lower)),
            )
        } else {
            budget = 0;
            (usize::MAX, usize::MAX, Reverse(0))
        };
        ranked.push((rank, index, candidate));
    }
    ranked.sort_unstable_by_key(|(rank, index, _)| (*rank, *index));
    ranked.into_iter().take(n).map(|(_, _, c)| c).collect()
}

/// How a candidate ranks, least first: its score (edits, or one for an abbreviation), its
/// edits, and (reversed) the characters it starts with as the name does.
type Rank = (usize, usize, Reverse<usize>);

/// How many characters `a` and `b` start with alike.
fn shared_start(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Whether a name `name` characters long can abbreviate a candidate `candidate` characters
/// long: it has three characters or more, and the candidate is longer, but at most three
/// times as long.
fn could_abbreviate(name: usize, candidate: usize) -> bool {
    name >= 3 && name < candidate && candidate <= 3 * name
}

/// Whether a name `name` characters long may be a short form of a candidate `candidate`
/// characters long: an abbreviation of it, or its last words.
fn could_shorten(name: usize, candidate: usize) -> bool {
    could_abbreviate(name, candidate) || could_end(name, candidate)
}

/// Whether the name (`lower`, `len` characters) is a short form of `candidate` (`candidate_lower`,
/// `candidate_len` characters): an abbreviation, or its last words.
fn shortens(
    lower: &str,
    len: usize,
    candidate: &str,
    candidate_lower: &str,
    candidate_len: usize,
) -> bool {
    (could_abbreviate(len, candidate_len) && abbreviates(lower, candidate_lower))
        || (could_end(len, candidate_len) && ends_with_words(lower, candidate))
}

/// Whether a name `name` characters long can be the last words of a candidate `candidate`
/// characters long: it has two characters or more, and the candidate is longer, but at most
/// three times as long.
fn could_end(name: usize, candidate: usize) -> bool {
    name >= 2 && name < candidate && candidate <= 3 * name
}

/// Whether the last words of `candidate` (not all of them) spell `name` (in lower case),
/// case and separators aside: `status` of `JobStatus`, `id` of `job_id`, `job_id` of
/// `TrainingJobId`.
fn ends_with_words(name: &str, candidate: &str) -> bool {
    let key: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
    let words: Vec<&str> = crate::case::words(candidate).collect();
    let mut suffix = String::new();
    for word in words.iter().skip(1).rev() {
        suffix.insert_str(0, &word.to_ascii_lowercase());
        if suffix.len() >= key.len() {
            return !key.is_empty() && suffix == key;
        }
    }
    false
}

/// Whether `candidate` starts with the first character of `name` and holds its other ones in
/// order (`int` of `integer`, `secs` of `seconds`, `model` of `model_name`).
fn abbreviates(name: &str, candidate: &str) -> bool {
    let mut letters = name.chars();
    let mut spelt = candidate.chars();
    letters
        .next()
        .is_some_and(|first| spelt.next() == Some(first))
        && letters.all(|letter| spelt.any(|c| c == letter))
}

#[cfg(test)]
mod tests {
    use super::{Suggester, closest, closest_in, did_you_mean, did_you_mean_in};

    #[test]
    fn a_member_written_with_its_owners_words_added_or_left_out_comes_first() {
        let job_run = [
            "Id",
            "Attempt",
            "PreviousRunId",
            "TriggerName",
            "JobName",
            "JobRunQueuingEnabled",
            "JobRunState",
        ];
        let glue = ["JobRun", "startJobRun"];
        assert_eq!(did_you_mean_in("JobRunId", &job_run, &glue), Some("Id"));
        assert_eq!(did_you_mean_in("RunId", &job_run, &glue), Some("Id"));
        assert_eq!(
            did_you_mean_in("State", &job_run, &glue),
            Some("JobRunState")
        );
        // A plain typo is still a typo; no owner, the plain rule.
        assert_eq!(did_you_mean_in("Atempt", &job_run, &glue), Some("Attempt"));
        assert_eq!(
            did_you_mean_in("JobRunId", &job_run, &[]),
            Some("JobRunQueuingEnabled")
        );
        let athena = ["QueryExecutionId"];
        for name in ["QueryId", "ExecutionId", "Id"] {
            assert_eq!(
                did_you_mean_in(name, &athena, &["startQueryExecution"]),
                Some("QueryExecutionId"),
                "{name}"
            );
        }
        // Never the name itself, nor another member's words alone.
        assert_eq!(
            did_you_mean_in("Id", &["Id", "JobRunId"], &glue),
            Some("JobRunId")
        );
        assert_eq!(
            did_you_mean_in("PreviousId", &job_run, &glue),
            Some("PreviousRunId")
        );
        assert_eq!(closest_in("JobRunId", &job_run, &glue, 3)[0], "Id");
        assert_eq!(closest_in("JobRunId", &job_run, &glue, 3).len(), 3);
    }

    const INTRINSICS: &[&str] = &[
        "Format",
        "StringToJson",
        "JsonToString",
        "Array",
        "ArrayPartition",
        "ArrayContains",
        "ArrayRange",
        "ArrayGetItem",
        "ArrayLength",
        "ArrayUnique",
        "Base64Encode",
        "Base64Decode",
        "Hash",
        "JsonMerge",
        "MathRandom",
        "MathAdd",
        "StringSplit",
        "UUID",
    ];

    #[test]
    fn suggests_the_name_a_typo_meant() {
        let members = &[
            "TrainingJobName",
            "TrainingJobArn",
            "RoleArn",
            "AlgorithmSpecification",
        ];
        let types = &["string", "number", "integer", "bool", "timestamp"];
        let cases: &[(&str, &[&str], &str)] = &[
            // identifiers and keywords
            ("Shipp", &["Pack", "Ship"], "Ship"),
            ("Nxt", &["Next", "End"], "Next"),
            ("wiat", &["wait", "pass"], "wait"),
            ("cvs", &["csv", "json", "jsonl"], "csv"),
            // API members, enum values, state names
            ("TrainingJobNmae", members, "TrainingJobName"),
            ("trainingjobname", members, "TrainingJobName"),
            ("training_job_name", members, "TrainingJobName"),
            (
                "Complted",
                &["InProgress", "Completed", "Failed", "Stopped"],
                "Completed",
            ),
            (
                "Train modle",
                &["Prepare data", "Train model"],
                "Train model",
            ),
            // functions, algorithms, actions
            ("Fromat", INTRINSICS, "Format"),
            ("uuid", INTRINSICS, "UUID"),
            ("sha256", &["MD5", "SHA-1", "SHA-256", "SHA-512"], "SHA-256"),
            (
                "create_trainig_job",
                &["createTrainingJob", "createModel"],
                "createTrainingJob",
            ),
            // the last words of a member
            (
                "Status",
                &["DocumentMetadata", "StatusMessage", "JobStatus", "Warnings"],
                "JobStatus",
            ),
            ("id", &["order", "job_id", "total"], "job_id"),
            // abbreviations
            ("int", types, "integer"),
            ("secs", &["seconds", "timestamp"], "seconds"),
            (
                "model",
                &["endpoint_config_name", "model_name"],
                "model_name",
            ),
            ("Train", &["Prepare data", "Train model"], "Train model"),
        ];
        for (name, candidates, meant) in cases {
            assert_eq!(did_you_mean(name, candidates), Some(*meant), "{name}");
        }
    }

    #[test]
    fn suggests_nothing_far_from_every_candidate() {
        let cases: &[(&str, &[&str])] = &[
            ("Zebra", &["Pack", "Ship"]),
            ("a", &["b", "ab"]),
            ("id", &["kind"]),
            ("Foo", INTRINSICS),
            ("CRC32", &["MD5", "SHA-1", "SHA-256"]),
            ("jsonnet", &["jsonpath", "jsonata"]),
            ("branch", &["retry", "catch", "reader", "writer", "batch"]),
            ("map", &["maxConcurrencyPath"]),
            (
                "Segment Detection Map",
                &["Content Moderation Map", "Label Detection Map"],
            ),
            ("HelloWorldSuccessful", &["Start", "HelloWorldFailed"]),
            ("", &["", "a"]),
        ];
        for (name, candidates) in cases {
            assert_eq!(did_you_mean(name, candidates), None, "{name}");
        }
    }

    #[test]
    fn the_closest_wins_then_the_first() {
        assert_eq!(did_you_mean("Shipp", &["Shop", "Ship"]), Some("Ship"));
        assert_eq!(did_you_mean("pass", &["Pass", "pas"]), Some("Pass"));
        assert_eq!(did_you_mean("ab", &["ac", "ad"]), Some("ac"));
        assert_eq!(
            did_you_mean("secs", &["seconds", "sec"]),
            Some("sec"),
            "of equal scores, the fewer edits"
        );
        assert_eq!(
            did_you_mean("Dispense10", &["Dispense50", "Dispense1"]),
            Some("Dispense1"),
            "of equal edits, the longer shared start"
        );
        assert_eq!(
            did_you_mean("Ship", &["Ship"]),
            None,
            "never the name itself"
        );
    }

    #[test]
    fn thousands_of_misspelt_names_cost_a_bounded_amount_of_work() {
        let names: Vec<String> = (0..10_000).map(|i| format!("State{i:05}")).collect();
        let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut s = Suggester::new(&candidates);
        let started = std::time::Instant::now();
        let mut suggested = 0;
        for i in 0..10_000 {
            if s.suggest(&format!("Stat{i:05}")).is_some() {
                suggested += 1;
            }
        }
        // The first names get suggestions; the budget then stops the search.
        assert!(suggested > 0 && suggested < 10_000, "{suggested}");
        assert_eq!(s.budget, 0);
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    #[test]
    fn candidates_too_long_or_short_to_be_close_cost_a_unit_each() {
        let names: Vec<String> = (0..1_000).map(|i| "x".repeat(20 + i)).collect();
        let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut s = Suggester::new(&candidates);
        for i in 0..20_000 {
            assert_eq!(s.suggest(&format!("{i}")), None);
        }
        assert_eq!(s.budget, super::BUDGET - 20_000 * 1_000);
    }

    /// Issue 45: a list of fields shown instead of one suggestion starts with the closest,
    /// however far down the candidates it is.
    #[test]
    fn the_closest_candidates_come_first() {
        let fields: Vec<String> = (0..20).map(|i| format!("field_{i:02}")).collect();
        let mut names: Vec<&str> = fields.iter().map(String::as_str).collect();
        names.push("CSVHeaderLocation");
        let shown = closest("header_location", &names, 8);
        assert_eq!(shown.len(), 8);
        assert_eq!(shown[0], "CSVHeaderLocation");
        assert_eq!(closest("x", &["a", "b"], 8), ["a", "b"]);
        assert!(closest("x", &[], 8).is_empty());
    }
}
