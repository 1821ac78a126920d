//! What a resume on a changed definition did ([`Resumed`]): a failed, timed out or stopped
//! execution's record run on a fixed definition up to where it failed, then live
//! ([`StartExecution::resume_failed`](crate::StartExecution::resume_failed)), and where it
//! went live ([`ResumePoint`]: the top-level state, its input and the variables in scope,
//! what a resume on AWS starts a new state machine from).
//!
//! Nothing that succeeded in the record runs again, whatever the fix changes (AWS's redrive
//! rule: `RedriveExecution` "reschedules and redrives only the iterations and branches that
//! failed or aborted"): a state, a Parallel's branch, an inline Map's iteration or a
//! Distributed Map's child that succeeded is taken from the record (a Task with its recorded
//! result, even when it would now send another request: a data difference, not a call);
//! only the states where the record's strands failed or were stopped, what follows them on
//! their own strand, and what never started run on the fix. A fix that removed or renamed
//! such a state ([`crate::FailedState`]) is refused before anything runs
//! ([`crate::EngineError::FailedStateRemoved`]); so is a fix the validator finds errors in
//! ([`crate::EngineError::InvalidDefinition`]), as `workflow validate` and a deployment
//! refuse it. [`StartExecution::from_state`](crate::StartExecution::from_state) starts over
//! at a named top-level state instead.
//!
//! A child execution a `states:startExecution` Task started (`.sync`, `.sync:2`) whose
//! failure failed that Task resumes from its own record (which the record holds beside the
//! parent's, `RecordedHistory::started_execution`), on the definition it ran, its states
//! that succeeded taken from it, rather than start over; the Task gets the child's end as
//! Step Functions gives it (see `start::nested`). A handler the engine has for that Task
//! state answers it instead.

use crate::{Difference, DifferenceKind, Execution};
use serde_json::{Map, Value, json};
use std::fmt;

/// Where a resume on a changed definition goes live: the top-level state the execution is in
/// there (a state inside a Parallel or a Map is in the top-level state that holds it: a state
/// machine starts at a top-level state), the input it enters it with and the variables in
/// scope then.
#[derive(Clone, Debug, PartialEq)]
pub struct ResumePoint {
    /// The top-level state.
    pub state: String,
    /// Its input, as the run (or, for a state named to resume at, the record) makes it.
    pub input: Value,
    /// The variables in scope as it is entered, by name.
    pub variables: Map<String, Value>,
    /// The recorded execution's input (the new execution's `$$.Execution.Input`).
    pub execution_input: Value,
    /// Whether the state was named to resume at
    /// ([`from_state`](crate::StartExecution::from_state)) rather than found where the
    /// record fails.
    pub named: bool,
}

impl ResumePoint {
    /// `{"state", "input", "variables", "executionInput", "named"}`.
    pub fn to_json(&self) -> Value {
        json!({
            "state": self.state,
            "input": self.input,
            "variables": self.variables,
            "executionInput": self.execution_input,
            "named": self.named,
        })
    }
}

impl fmt::Display for ResumePoint {
    /// `state `Load` (input {…}, 2 variables)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.variables.len();
        write!(
            f,
            "state `{}` (input {}, {n} variable{})",
            self.state,
            crate::replay::cut(&self.input.to_string()),
            if n == 1 { "" } else { "s" }
        )
    }
}

/// A resume on a changed definition, as it ran.
#[derive(Clone, Debug, PartialEq)]
pub struct Resumed {
    /// The new execution: its history from its start (the states taken from the record, then
    /// those run live), its end.
    pub execution: Execution,
    /// Where it went live.
    pub resumed_at: ResumePoint,
    /// What data the definition makes otherwise than the record before it went live (it
    /// takes the recorded path there, or it would have been refused): each a
    /// [`DifferenceKind::Data`] difference, or one inside a child execution.
    pub differences: Vec<Difference>,
    /// How many states it entered as the record shows them, not run again (none for a state
    /// named to resume at: the run starts there).
    pub replayed_states: usize,
}

impl Resumed {
    /// How many states the resume ran live: those it entered beyond the recorded ones.
    pub fn live_states(&self) -> u64 {
        self.execution
            .transitions
            .saturating_sub(self.replayed_states as u64)
    }

    /// `{"status", "output", "error", "cause", "states", "resumedAt": {…}, "replayedStates",
    /// "liveStates", "differences": [...]}`: what `workflow resume --json` prints.
    pub fn to_json(&self) -> Value {
        let mut out = self.execution.summary_json();
        if let Some(map) = out.as_object_mut() {
            map.insert("resumedAt".into(), self.resumed_at.to_json());
            map.insert("replayedStates".into(), self.replayed_states.into());
            map.insert("liveStates".into(), self.live_states().into());
            map.insert(
                "differences".into(),
                Value::Array(self.differences.iter().map(Difference::to_json).collect()),
            );
        }
        out
    }

    /// The differences of data it found before it went live.
    pub fn data_differences(&self) -> impl Iterator<Item = &Difference> {
        self.differences
            .iter()
            .filter(|d| d.kind == DifferenceKind::Data)
    }
}
