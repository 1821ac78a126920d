//! A visit of a state in an execution's record, named in one syntax ([`Visit`]) that the
//! engine (`StartExecution::from_state`), the synthesis of a resume on AWS, `workflow resume
//! --from-state`, `workflow serve`'s console and `workflow mcp` all take, parsed once; and the
//! visits a record holds ([`RecordedVisit`], `RecordedHistory::visits`), which a name that
//! matches none of them is refused with ([`VisitError`]).
//!
//! A visit is a path of steps, outermost first, separated by `/`; a step is a state's name,
//! then `#N` for its `N`th visit on its strand (a loop's turn, from 1), then `[I]` for the
//! item `I` of a Map (an inline Map's iteration, a Distributed Map's child execution, by item
//! index from 0):
//!
//! | written | names |
//! |---|---|
//! | `Pack` | the state `Pack` (its last visit, when a loop visited it more than once) |
//! | `Pack#3` | its third visit |
//! | `Each[4]/Pack` | `Pack` in iteration 4 of the inline Map `Each` |
//! | `Fan out[7]/Check` | `Check` in the child execution of the Distributed Map `Fan out` that ran item 7 |
//! | `Both/Left` | `Left` in its branch of the Parallel `Both` |
//! | `Retry#2[0]/Call` | `Call` in iteration 0 of the second visit of the Map `Retry` |
//! | `"a/b [x]"#2` | a state whose name holds `/`, `#`, `[`, `]` or `"`: written as a JSON string |
//!
//! State names are unique across a state machine, its branches and processors included (ASL
//! "States"), so the containers may be left out (`Pack` for `Each[4]/Pack` when one
//! iteration visited it), and a Parallel's branch follows from the state named in it: a
//! Parallel step takes no index. A name that the record's visits match more than once (in
//! several iterations, or as several visits of an outer container named without `#N`) where
//! the count is left out takes the last visit; where an index is left out, it is refused
//! with the candidates.

use serde_json::Value;
use std::fmt;
use std::str::FromStr;
use workflow_asl::StateKind;
use workflow_aws_models::StatesArn;

/// A visit of a state, as a path of steps from the top-level state that holds it (see the
/// module's documentation for the syntax).
///
/// ```
/// use workflow_runtime::execution::Visit;
///
/// let visit: Visit = "Each[4]/Pack#2".parse()?;
/// assert_eq!(visit.steps().len(), 2);
/// assert_eq!(visit.steps()[0].index, Some(4));
/// assert_eq!(visit.steps()[1].count, Some(2));
/// assert_eq!(visit.state(), "Pack");
/// assert_eq!(visit.to_string(), "Each[4]/Pack#2");
/// // A name is written as it is; one that holds the syntax's characters is quoted.
/// assert_eq!(Visit::from("a/b").to_string(), r#""a/b""#);
/// assert_eq!(r##""a/b"#2"##.parse::<Visit>()?.state(), "a/b");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Visit {
    steps: Vec<VisitStep>,
}

/// One step of a [`Visit`]: a state, which of its visits on its strand, and, for a Map that
/// holds the next step, which item.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VisitStep {
    /// The state's name.
    pub state: String,
    /// Which of its visits on its strand, from 1 (`#N`); `None`: its last.
    pub count: Option<usize>,
    /// Which item of the Map (`[I]`, from 0): an inline Map's iteration or a Distributed
    /// Map's child execution. `None` for a state that holds no further step, a Parallel, or
    /// a Map where the item is left out.
    pub index: Option<usize>,
}

/// Why a visit's text is not a visit: what was expected, at which character (from 1).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{text}` is not a visit: at character {at}, {expected} (a visit is `State`, `State#N` for its Nth visit, `Map[I]/State` for item I of a Map, steps separated by `/`; a name with `/`, `#`, `[`, `]` or `\"` is written as a JSON string)"
)]
pub struct VisitSyntaxError {
    /// The text.
    pub text: String,
    /// Where, in characters from 1.
    pub at: usize,
    /// What was expected there.
    pub expected: String,
}

/// The characters a name written without quotes cannot hold.
const SYNTAX: [char; 5] = ['/', '#', '[', ']', '"'];

/// The most steps a visit holds: a state nests at most this deep (`workflow_asl`'s
/// `MAX_STATE_NESTING` is lower), and a Distributed Map's children add one level each.
pub const MAX_VISIT_STEPS: usize = 256;

impl Visit {
    /// A visit of these steps (at least one).
    pub fn new(steps: Vec<VisitStep>) -> Option<Self> {
        (!steps.is_empty() && steps.len() <= MAX_VISIT_STEPS).then_some(Visit { steps })
    }

    /// Its steps, outermost first.
    pub fn steps(&self) -> &[VisitStep] {
        &self.steps
    }

    /// The state it visits (the last step's).
    pub fn state(&self) -> &str {
        self.steps.last().map_or("", |s| s.state.as_str())
    }

    /// Whether it is a top-level state's (one step, no index).
    pub fn is_top_level(&self) -> bool {
        self.steps.len() == 1
    }
}

impl From<&str> for Visit {
    /// The last visit of the state named `name`, as it is written (no syntax is read in it).
    fn from(name: &str) -> Self {
        Visit {
            steps: vec![VisitStep {
                state: name.to_owned(),
                count: None,
                index: None,
            }],
        }
    }
}

impl From<String> for Visit {
    /// The last visit of the state named `name`, as it is written.
    fn from(name: String) -> Self {
        Visit::from(name.as_str())
    }
}

impl fmt::Display for VisitStep {
    /// `Name`, `Name#N`, `Name[I]`, `Name#N[I]`; a name with the syntax's characters (or
    /// space at either end, or none) as a JSON string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = !self.state.is_empty()
            && !self.state.contains(SYNTAX)
            && self.state.trim() == self.state;
        if plain {
            f.write_str(&self.state)?;
        } else {
            write!(f, "{}", Value::from(self.state.as_str()))?;
        }
        if let Some(count) = self.count {
            write!(f, "#{count}")?;
        }
        if let Some(index) = self.index {
            write!(f, "[{index}]")?;
        }
        Ok(())
    }
}

impl fmt::Display for Visit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, step) in self.steps.iter().enumerate() {
            if n > 0 {
                f.write_str("/")?;
            }
            write!(f, "{step}")?;
        }
        Ok(())
    }
}

impl FromStr for Visit {
    type Err = VisitSyntaxError;

    fn from_str(text: &str) -> Result<Self, VisitSyntaxError> {
        let chars: Vec<char> = text.chars().collect();
        let fail = |at: usize, expected: &str| VisitSyntaxError {
            text: text.to_owned(),
            at: at + 1,
            expected: expected.to_owned(),
        };
        let mut steps = Vec::new();
        let mut at = 0;
        loop {
            while chars.get(at).is_some_and(|c| c.is_whitespace()) {
                at += 1;
            }
            let state = match chars.get(at) {
                Some('"') => {
                    let (name, end) = quoted(&chars, at).ok_or_else(|| {
                        fail(
                            at,
                            "a JSON string closed by `\"` (escapes as JSON writes them)",
                        )
                    })?;
                    at = end;
                    name
                }
                _ => {
                    let start = at;
                    while chars.get(at).is_some_and(|c| !SYNTAX.contains(c)) {
                        at += 1;
                    }
                    let name: String = chars[start..at].iter().collect();
                    let name = name.trim().to_owned();
                    if name.is_empty() {
                        return Err(fail(start, "a state's name"));
                    }
                    name
                }
            };
            let mut step = VisitStep {
                state,
                count: None,
                index: None,
            };
            if chars.get(at) == Some(&'#') {
                let (count, end) =
                    number(&chars, at + 1)
                        .filter(|(n, _)| *n >= 1)
                        .ok_or_else(|| {
                            fail(at + 1, "the visit's number after `#` (1 for the first)")
                        })?;
                step.count = Some(count);
                at = end;
            }
            if chars.get(at) == Some(&'[') {
                let (index, end) = number(&chars, at + 1)
                    .ok_or_else(|| fail(at + 1, "the item's index after `[` (0 for the first)"))?;
                if chars.get(end) != Some(&']') {
                    return Err(fail(end, "`]` after the item's index"));
                }
                step.index = Some(index);
                at = end + 1;
            }
            while chars.get(at).is_some_and(|c| c.is_whitespace()) {
                at += 1;
            }
            steps.push(step);
            if steps.len() > MAX_VISIT_STEPS {
                return Err(fail(at, "fewer steps (a state nests at most 256 deep)"));
            }
            match chars.get(at) {
                None => break,
                Some('/') => at += 1,
                Some('#') if steps.last().is_some_and(|s| s.index.is_some()) => {
                    return Err(fail(
                        at,
                        "`/` or the end: `#N` comes before `[I]` (`Map#2[4]`: item 4 of the Map's second visit)",
                    ));
                }
                Some(_) => return Err(fail(at, "`/`, `#N`, `[I]` or the end")),
            }
        }
        Ok(Visit { steps })
    }
}

/// The JSON string at `at` and where it ends.
fn quoted(chars: &[char], at: usize) -> Option<(String, usize)> {
    let mut end = at + 1;
    let mut escaped = false;
    while let Some(&c) = chars.get(end) {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => break,
            _ => {}
        }
        end += 1;
    }
    if chars.get(end) != Some(&'"') {
        return None;
    }
    let text: String = chars[at..=end].iter().collect();
    let name: String = serde_json::from_str(&text).ok()?;
    Some((name, end + 1))
}

/// The decimal number at `at` (at most 9 digits) and where it ends.
fn number(chars: &[char], at: usize) -> Option<(usize, usize)> {
    let mut end = at;
    while chars.get(end).is_some_and(char::is_ascii_digit) {
        end += 1;
    }
    if end == at || end - at > 9 {
        return None;
    }
    let digits: String = chars[at..end].iter().collect();
    digits.parse().ok().map(|n| (n, end))
}

/// A visit the record holds: its name (every step's index written, a count where its strand
/// visited the state more than once), the state's type, the input it entered with, and
/// where the record holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedVisit {
    /// The visit, fully written.
    pub visit: Visit,
    /// The state's type.
    pub state_type: StateKind,
    /// The input the state entered with, as recorded.
    pub input: Value,
    /// Whether the record shows the state finished (its `…StateExited`).
    pub finished: bool,
    /// Each step's entry in the record: the execution whose history holds it (`None`: the
    /// record's own; a Distributed Map's child by its ARN) and its position there.
    pub(crate) entries: Vec<VisitEntry>,
}

/// Where the record holds a step of a visit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VisitEntry {
    /// The child execution whose history holds it, or `None` for the record's own.
    pub execution: Option<StatesArn>,
    /// The position of its `…StateEntered` in that history.
    pub position: usize,
}

/// Why a visit names no visit the record holds, or more than one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VisitError {
    /// The record holds no visit it names: the visits of its state it holds (or, for a state
    /// it never entered, every state's), at most [`MOST_LISTED`] of them.
    #[error("{}", not_held(visit, held, *more))]
    NotHeld {
        /// The visit asked for.
        visit: Visit,
        /// The visits the record holds that it could have meant.
        held: Vec<Visit>,
        /// How many more there are than listed.
        more: usize,
    },
    /// It names several visits that differ in an item left out: the candidates.
    #[error("{}", ambiguous(visit, candidates, *more))]
    Ambiguous {
        /// The visit asked for.
        visit: Visit,
        /// The visits it names, at most [`MOST_LISTED`].
        candidates: Vec<Visit>,
        /// How many more there are than listed.
        more: usize,
    },
}

/// The most visits a refusal lists.
pub const MOST_LISTED: usize = 20;

fn listed(visits: &[Visit], more: usize) -> String {
    let mut text = visits
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

fn not_held(visit: &Visit, held: &[Visit], more: usize) -> String {
    match held.is_empty() {
        true => format!("the record holds no visit `{visit}`, nor any visit of a state"),
        false => format!(
            "the record holds no visit `{visit}`; it holds {}",
            listed(held, more)
        ),
    }
}

fn ambiguous(visit: &Visit, candidates: &[Visit], more: usize) -> String {
    format!(
        "`{visit}` names several visits the record holds: {}; name the item (`Map[I]/State`)",
        listed(candidates, more)
    )
}

impl Visit {
    /// The one visit among `visits` (a record's: `RecordedHistory::visits`) that this names:
    /// its steps match the last steps of the recorded visit's (the containers before them may
    /// be left out), a step's name exactly, its count and index where given. Where a count is
    /// left out, the last visit; where an index is left out and several items hold one,
    /// [`VisitError::Ambiguous`]; none, [`VisitError::NotHeld`].
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::{Engine, blocking};
    /// use workflow_runtime::execution::{RecordedHistory, Visit};
    ///
    /// let machine = StateMachine::from_json(r#"{"StartAt": "Each", "States": {"Each": {
    ///     "Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Pack",
    ///     "States": {"Pack": {"Type": "Pass", "End": true}}}}}}"#)?;
    /// let run = blocking::run(Engine::new().machine(&machine).input(json!([1, 2])))?;
    /// let visits = RecordedHistory::of_run(&run).visits();
    /// let found = "Each[1]/Pack".parse::<Visit>()?.find(&visits)?;
    /// assert_eq!(found.input, json!(2));
    /// // `Pack` alone is in two iterations.
    /// let refused = Visit::from("Pack").find(&visits).unwrap_err();
    /// assert!(refused.to_string().contains("`Each[0]/Pack`, `Each[1]/Pack`"), "{refused}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn find<'v>(&self, visits: &'v [RecordedVisit]) -> Result<&'v RecordedVisit, VisitError> {
        let wanted = &self.steps;
        let matches = |recorded: &RecordedVisit| {
            let steps = recorded.visit.steps();
            steps.len() >= wanted.len()
                && steps[steps.len() - wanted.len()..]
                    .iter()
                    .zip(wanted)
                    .all(|(r, w)| {
                        r.state == w.state
                            && w.count.is_none_or(|c| r.count.unwrap_or(1) == c)
                            && w.index.is_none_or(|i| r.index == Some(i))
                    })
        };
        let candidates: Vec<&RecordedVisit> = visits.iter().filter(|v| matches(v)).collect();
        // Where a count is left out, the last visit: the candidates that differ only in
        // those counts are one, the one with the highest counts.
        let offset = |recorded: &RecordedVisit| recorded.visit.steps().len() - wanted.len();
        let erased = |recorded: &RecordedVisit| {
            let at = offset(recorded);
            let mut steps = recorded.visit.steps().to_vec();
            for (n, w) in wanted.iter().enumerate() {
                if w.count.is_none() {
                    steps[at + n].count = None;
                }
            }
            steps
        };
        let counts = |recorded: &RecordedVisit| {
            let at = offset(recorded);
            wanted
                .iter()
                .enumerate()
                .filter(|(_, w)| w.count.is_none())
                .map(|(n, _)| recorded.visit.steps()[at + n].count.unwrap_or(1))
                .collect::<Vec<_>>()
        };
        let mut chosen: Vec<&RecordedVisit> = Vec::new();
        for candidate in candidates {
            let key = erased(candidate);
            match chosen.iter_mut().find(|c| erased(c) == key) {
                Some(kept) if counts(candidate) > counts(kept) => *kept = candidate,
                Some(_) => {}
                None => chosen.push(candidate),
            }
        }
        match chosen.as_slice() {
            [one] => Ok(one),
            [] => {
                let same_state: Vec<Visit> = visits
                    .iter()
                    .filter(|v| v.visit.state() == self.state())
                    .map(|v| v.visit.clone())
                    .collect();
                let held = match same_state.is_empty() {
                    true => visits.iter().map(|v| v.visit.clone()).collect(),
                    false => same_state,
                };
                let more = held.len().saturating_sub(MOST_LISTED);
                Err(VisitError::NotHeld {
                    visit: self.clone(),
                    held: held.into_iter().take(MOST_LISTED).collect(),
                    more,
                })
            }
            many => Err(VisitError::Ambiguous {
                visit: self.clone(),
                more: many.len().saturating_sub(MOST_LISTED),
                candidates: many
                    .iter()
                    .take(MOST_LISTED)
                    .map(|v| v.visit.clone())
                    .collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_reads_and_writes_back() {
        for text in [
            "Pack",
            "Pack#3",
            "Each[4]/Pack",
            "Fan out[7]/Check",
            "Both/Left",
            "Retry#2[0]/Call#3",
            r##""a/b [x]"#2"##,
            r#""say \"hi\"""#,
        ] {
            let visit: Visit = text.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(visit.to_string(), text);
        }
        let spaced: Visit = " Each [4] / Pack ".parse().expect("spaces around steps");
        assert_eq!(spaced.to_string(), "Each[4]/Pack");
        assert_eq!(spaced.steps()[0].state, "Each");
    }

    #[test]
    fn what_is_not_a_visit_is_refused_where_it_goes_wrong() {
        for (text, at) in [
            ("", 1),
            ("Pack#", 6),
            ("Pack#0", 6),
            ("Each[x]/Pack", 6),
            ("Each[4/Pack", 7),
            ("Each[4]#2/Pack", 8),
            ("Each//Pack", 6),
            ("\"open", 1),
            ("Pack]", 5),
        ] {
            let e = text.parse::<Visit>().expect_err(text);
            assert_eq!(e.at, at, "{text}: {e}");
        }
        let deep = vec!["S"; MAX_VISIT_STEPS + 1].join("/");
        assert!(deep.parse::<Visit>().is_err());
    }
}
