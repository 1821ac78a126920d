//! The breakpoints of a session: on states (from a source line, `setBreakpoints`, or by
//! name, `setFunctionBreakpoints`), each with an optional condition and hit condition,
//! evaluated in the state's scope; and the exception breakpoints (`setExceptionBreakpoints`):
//! errors raised and caught (by a Retry or a Catch of the state or of a state that encloses
//! it), errors not caught, and a replay's divergences from its record. A condition is
//! JSONata or JSONPath, as the state's own expressions are (see `Scope::holds`); a hit
//! condition is a count (`5`, `>= 5`, `% 3`, …) or a JSONata expression of `$hits`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use workflow_runtime::engine::debug::{Handled, Scope};

/// A breakpoint on a state.
#[derive(Debug)]
pub(crate) struct Breakpoint {
    /// Its id, as the client knows it.
    pub id: i64,
    /// Stop only where this holds.
    pub condition: Option<String>,
    /// Stop only on the hits this allows.
    pub hit_condition: Option<HitCondition>,
    /// Set by the state's name rather than a line.
    pub function: bool,
    /// How often the state was reached where the condition held.
    hits: AtomicU64,
}

/// When a breakpoint stops, by its hits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum HitCondition {
    /// The count compares so (`== 5`, `5`, `> 5`, `>= 5`, `< 5`, `<= 5`).
    Compare(Comparison, u64),
    /// Every nth hit (`% 3`).
    Every(u64),
    /// A JSONata expression of `$hits` (and the state's scope) that holds.
    Expression(String),
}

/// A comparison of a hit count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Comparison {
    Equal,
    Greater,
    AtLeast,
    Less,
    AtMost,
}

impl HitCondition {
    /// The hit condition `text` means.
    pub(super) fn parse(text: &str) -> HitCondition {
        let text = text.trim();
        let (comparison, rest) = if let Some(r) = text.strip_prefix(">=") {
            (Comparison::AtLeast, r)
        } else if let Some(r) = text.strip_prefix("<=") {
            (Comparison::AtMost, r)
        } else if let Some(r) = text.strip_prefix("==") {
            (Comparison::Equal, r)
        } else if let Some(r) = text.strip_prefix('>') {
            (Comparison::Greater, r)
        } else if let Some(r) = text.strip_prefix('<') {
            (Comparison::Less, r)
        } else if let Some(r) = text.strip_prefix('%') {
            if let Ok(n) = r.trim().parse::<u64>()
                && n > 0
            {
                return HitCondition::Every(n);
            }
            return HitCondition::Expression(text.to_owned());
        } else {
            (Comparison::Equal, text)
        };
        match rest.trim().parse::<u64>() {
            Ok(n) => HitCondition::Compare(comparison, n),
            Err(_) => HitCondition::Expression(text.to_owned()),
        }
    }

    /// Whether the `hits`th hit stops, in `scope`.
    fn allows(&self, hits: u64, scope: &Scope) -> Result<bool, String> {
        Ok(match self {
            HitCondition::Compare(c, n) => match c {
                Comparison::Equal => hits == *n,
                Comparison::Greater => hits > *n,
                Comparison::AtLeast => hits >= *n,
                Comparison::Less => hits < *n,
                Comparison::AtMost => hits <= *n,
            },
            HitCondition::Every(n) => hits.is_multiple_of(*n),
            HitCondition::Expression(e) => {
                let jsonata = match e.trim_start().starts_with("{%") {
                    true => e.clone(),
                    false => format!("{{% {e} %}}"),
                };
                scope
                    .holds(&jsonata, &[("hits", hits.into())])
                    .map_err(|e| e.to_string())?
            }
        })
    }
}

/// Every breakpoint of the session, by where it was set and by state.
#[derive(Debug, Default)]
pub(crate) struct Breakpoints {
    /// Those set on lines, by file.
    by_source: HashMap<PathBuf, Vec<(String, Arc<Breakpoint>)>>,
    /// Those set by state name.
    functions: Vec<(String, Arc<Breakpoint>)>,
    /// All of them, by state.
    by_state: HashMap<String, Vec<Arc<Breakpoint>>>,
    /// The last id given.
    last_id: i64,
}

/// What a breakpoint is set with.
#[derive(Clone, Debug, Default)]
pub(crate) struct Wanted {
    /// Its condition.
    pub condition: Option<String>,
    /// Its hit condition.
    pub hit_condition: Option<String>,
}

impl Breakpoints {
    /// A new breakpoint's id.
    pub(super) fn next_id(&mut self) -> i64 {
        self.last_id += 1;
        self.last_id
    }

    /// Replaces the breakpoints set on lines of `source` with `set` (each on its state);
    /// returns their ids, in order.
    pub(super) fn set_source(&mut self, source: PathBuf, set: Vec<(String, Wanted)>) -> Vec<i64> {
        let made = self.make(set, false);
        let ids = made.iter().map(|(_, b)| b.id).collect();
        self.by_source.insert(source, made);
        self.index();
        ids
    }

    /// Replaces the breakpoints set by state name with `set`; returns their ids, in order.
    pub(super) fn set_functions(&mut self, set: Vec<(String, Wanted)>) -> Vec<i64> {
        self.functions = self.make(set, true);
        self.index();
        self.functions.iter().map(|(_, b)| b.id).collect()
    }

    fn make(
        &mut self,
        set: Vec<(String, Wanted)>,
        function: bool,
    ) -> Vec<(String, Arc<Breakpoint>)> {
        set.into_iter()
            .map(|(state, wanted)| {
                let breakpoint = Breakpoint {
                    id: self.next_id(),
                    condition: wanted.condition.filter(|c| !c.trim().is_empty()),
                    hit_condition: wanted
                        .hit_condition
                        .filter(|c| !c.trim().is_empty())
                        .map(|c| HitCondition::parse(&c)),
                    function,
                    hits: AtomicU64::new(0),
                };
                (state, Arc::new(breakpoint))
            })
            .collect()
    }

    fn index(&mut self) {
        self.by_state.clear();
        let all = self.by_source.values().flatten().chain(&self.functions);
        for (state, breakpoint) in all {
            self.by_state
                .entry(state.clone())
                .or_default()
                .push(Arc::clone(breakpoint));
        }
    }

    /// Whether the breakpoint `id` is still set.
    pub(super) fn is_set(&self, id: i64) -> bool {
        self.by_state.values().flatten().any(|b| b.id == id)
    }

    /// Whether a breakpoint is set on `state`.
    pub(super) fn has(&self, state: &str) -> bool {
        self.by_state.contains_key(state)
    }

    /// The breakpoints of `state` that stop where it is entered with `scope` (counting a
    /// hit for each whose condition holds), whether they were all set by name, and the
    /// conditions that could not be evaluated (a breakpoint whose condition fails stops,
    /// saying why).
    pub(super) fn hit(&self, state: &str, scope: &Scope) -> (Vec<i64>, bool, Vec<String>) {
        let Some(breakpoints) = self.by_state.get(state) else {
            return (Vec::new(), false, Vec::new());
        };
        let (mut hits, mut errors) = (Vec::new(), Vec::new());
        let mut function_only = true;
        for breakpoint in breakpoints {
            let holds = match &breakpoint.condition {
                None => true,
                Some(condition) => scope.holds(condition, &[]).unwrap_or_else(|e| {
                    errors.push(format!("the condition `{condition}` failed: {e}"));
                    true
                }),
            };
            if !holds {
                continue;
            }
            let count = breakpoint.hits.fetch_add(1, Ordering::SeqCst) + 1;
            let allowed = match &breakpoint.hit_condition {
                None => true,
                Some(h) => h.allows(count, scope).unwrap_or_else(|e| {
                    errors.push(format!("the hit condition failed: {e}"));
                    true
                }),
            };
            if allowed {
                hits.push(breakpoint.id);
                function_only &= breakpoint.function;
            }
        }
        let function_only = function_only && !hits.is_empty();
        (hits, function_only, errors)
    }

    /// Whether `scope` (a past checkpoint's) is where a breakpoint of its state stops, by
    /// the breakpoints' conditions alone (a past stop counts no hit).
    pub(super) fn would_stop(&self, scope: &Scope) -> bool {
        self.by_state.get(&scope.state).is_some_and(|list| {
            list.iter().any(|b| match &b.condition {
                None => true,
                Some(c) => scope.holds(c, &[]).unwrap_or(true),
            })
        })
    }
}

/// The exception breakpoints.
#[derive(Clone, Debug)]
pub(crate) struct Exceptions {
    /// Errors caught: the names that stop (empty: every one), or `None` when off.
    pub caught: Option<Vec<String>>,
    /// Errors not caught: the names that stop (empty: every one), or `None` when off.
    pub uncaught: Option<Vec<String>>,
    /// A replay's divergences from its record.
    pub divergence: bool,
}

impl Default for Exceptions {
    /// As the filters' defaults say: errors not caught and divergences stop.
    fn default() -> Self {
        Exceptions {
            caught: None,
            uncaught: Some(Vec::new()),
            divergence: true,
        }
    }
}

/// The filters offered (`exceptionBreakpointFilters`): id, label, description, default.
pub(crate) const FILTERS: [(&str, &str, &str, bool); 3] = [
    (
        "uncaught",
        "Errors not caught",
        "Stop where a state raises an error that no Retry or Catch handles (it ends the execution)",
        true,
    ),
    (
        "caught",
        "Errors caught",
        "Stop where a state raises an error that a Retry or a Catch handles",
        false,
    ),
    (
        "divergence",
        "Divergences from the record",
        "Stop where a run of a recorded history no longer follows its record",
        true,
    ),
];

/// What a filter's condition holds: error names, comma-separated.
pub(crate) const CONDITION_DESCRIPTION: &str =
    "Error names, comma-separated (e.g. States.TaskFailed, Payment.Declined); empty: every error";

impl Exceptions {
    /// Whether an error `error`, handled as `handled`, stops.
    pub(super) fn stops(&self, error: &str, handled: &Handled) -> bool {
        let names = match handled.is_caught() {
            true => &self.caught,
            false => &self.uncaught,
        };
        names.as_ref().is_some_and(|names| {
            names.is_empty() || names.iter().any(|n| n == error || n == "States.ALL")
        })
    }

    /// The names a filter's condition lists.
    pub(super) fn names(condition: Option<&str>) -> Vec<String> {
        condition
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scope(n: i64) -> Scope {
        crate::debug::view::scope_for_tests("S", json!({"n": n}))
    }

    #[test]
    fn hit_conditions_read_as_counts_or_jsonata() {
        assert_eq!(
            HitCondition::parse("3"),
            HitCondition::Compare(Comparison::Equal, 3)
        );
        assert_eq!(
            HitCondition::parse(">= 2"),
            HitCondition::Compare(Comparison::AtLeast, 2)
        );
        assert_eq!(HitCondition::parse("% 2"), HitCondition::Every(2));
        assert!(matches!(
            HitCondition::parse("$hits > 1"),
            HitCondition::Expression(_)
        ));
        let s = scope(1);
        assert_eq!(HitCondition::parse("$hits > 1").allows(2, &s), Ok(true));
        assert_eq!(HitCondition::parse("$hits > 1").allows(1, &s), Ok(false));
    }

    #[test]
    fn conditions_count_hits_only_where_they_hold() {
        let mut breakpoints = Breakpoints::default();
        let wanted = Wanted {
            condition: Some("$.n".into()),
            hit_condition: Some("2".into()),
        };
        let ids = breakpoints.set_source(PathBuf::from("f"), vec![("S".into(), wanted)]);
        assert!(breakpoints.has("S"));
        assert!(breakpoints.hit("S", &scope(0)).0.is_empty());
        assert!(breakpoints.hit("S", &scope(1)).0.is_empty());
        assert_eq!(breakpoints.hit("S", &scope(1)).0, ids);
        breakpoints.set_source(PathBuf::from("f"), Vec::new());
        assert!(!breakpoints.has("S"));
    }

    #[test]
    fn exception_filters_choose_by_handling_and_name() {
        let mut e = Exceptions::default();
        assert!(e.stops("X", &Handled::Uncaught));
        assert!(!e.stops("X", &Handled::Caught));
        e.caught = Some(Exceptions::names(Some("Payment.Declined, States.Timeout")));
        assert!(e.stops("Payment.Declined", &Handled::ByEnclosing("P".into())));
        assert!(!e.stops("Other", &Handled::Retried));
    }
}
