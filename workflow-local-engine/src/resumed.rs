//! What a resume on a changed definition did ([`Resumed`]): a failed, timed out or stopped
//! execution's record run on a fixed definition up to where it failed, then live
//! ([`StartExecution::resume_failed`](crate::StartExecution::resume_failed)), and where it
//! went live ([`ResumePoint`]: the top-level state, its input and the variables in scope,
//! what a resume on AWS starts a new state machine from, and [`Strands`]: what the record says
//! ran inside that state, branch by branch, iteration by iteration, child by child, read from
//! the record by `record`).
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

mod record;
#[cfg(test)]
mod visit_tests;

pub(crate) use record::{strands, strands_at_visit};

use crate::{Difference, DifferenceKind, Execution};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::fmt;
use workflow_aws_models::{RoleArn, StatesArn};

/// Where a resume on a changed definition goes live: the top-level state the execution is in
/// there (a state inside a Parallel or a Map is in the top-level state that holds it: a state
/// machine starts at a top-level state), the input it enters it with and the variables in
/// scope then, and what the record says ran inside it ([`Strands`]).
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
    /// The visit named to resume at, as the record holds it (every index written): the
    /// top-level state's own, or one inside it (then `state` is the top-level state that
    /// holds it, and `strands` routes its strand to it). `None` where the record fails.
    pub visit: Option<crate::execution::Visit>,
    /// What the record says ran inside the state, when it is a Parallel, a Map or a Task that
    /// started a child execution and did not finish: how each branch, iteration or child
    /// ended, or where it stopped. `None` for any other state, and for a state named to
    /// resume at (it runs again from its start).
    pub strands: Option<Strands>,
}

/// What the record says ran inside a state that did not finish: the outcome of each of its
/// branches, iterations or child executions that started. A resume takes the ones that
/// succeeded from the record and resumes the others where they stopped; one the record does
/// not hold (an item never started, an EXPRESS child that failed: it keeps no history) runs
/// from its start.
#[derive(Clone, Debug, PartialEq)]
pub enum Strands {
    /// A Parallel's branches, by their index in `Branches`.
    Parallel(BTreeMap<usize, StrandOutcome>),
    /// A Map's iterations (inline) or child executions (Distributed), by item index.
    Map {
        /// Whether the Map is a Distributed Map (its items ran as child executions).
        distributed: bool,
        /// The outcome of each item the record holds, by index.
        items: BTreeMap<usize, StrandOutcome>,
    },
    /// The child execution a `states:startExecution` Task started and that did not succeed.
    Execution(Box<ResumedChild>),
}

/// How a branch, an iteration or a child execution ended in the record.
#[derive(Clone, Debug, PartialEq)]
pub enum StrandOutcome {
    /// It ran to its end: its output.
    Succeeded(Value),
    /// It stopped (failed, was aborted, timed out) in a state: where it resumes.
    Stopped(StrandPoint),
}

/// Where a branch, an iteration or a child execution resumes: the state of its own that did
/// not finish, the input the record shows it entered with, the variables its own scope had
/// assigned before it (the ones it sees of enclosing scopes are theirs), and what ran inside
/// that state.
#[derive(Clone, Debug, PartialEq)]
pub struct StrandPoint {
    /// The state, in the branch's or the processor's `States`.
    pub state: String,
    /// Its recorded input.
    pub input: Value,
    /// The variables the branch, iteration or child assigned before it, by name.
    pub variables: Map<String, Value>,
    /// What ran inside it, when it is a Parallel or a Map.
    pub strands: Option<Strands>,
}

/// A child execution a `states:startExecution` Task started, that failed, timed out or was
/// stopped: resumed from its own record, as its own execution is (rather than started over).
#[derive(Clone, Debug, PartialEq)]
pub struct ResumedChild {
    /// The child execution's ARN (its machine is in it).
    pub execution: StatesArn,
    /// The definition it ran, as the record holds it; a resume may run it on a fixed one.
    pub definition: String,
    /// The role it ran with, as its `ExecutionStarted` names it.
    pub role_arn: Option<RoleArn>,
    /// Where it resumes.
    pub point: ResumePoint,
}

impl ResumePoint {
    /// `{"state", "input", "variables", "executionInput", "named", "visit", "strands"}`
    /// (`visit`, the named visit's text, or `null`; `strands` only when there is one:
    /// [`Strands::to_json`]).
    pub fn to_json(&self) -> Value {
        let mut out = json!({
            "state": self.state,
            "input": self.input,
            "variables": self.variables,
            "executionInput": self.execution_input,
            "named": self.named,
            "visit": self.visit.as_ref().map(ToString::to_string),
        });
        if let (Some(strands), Some(map)) = (&self.strands, out.as_object_mut()) {
            map.insert("strands".into(), strands.to_json());
        }
        out
    }
}

impl Strands {
    /// `{"branches": [...]}`, `{"distributed": bool, "items": [...]}` (each with its
    /// `branch` or `index`, and `output` or `resumeAt`: [`StrandPoint`]'s `{"state",
    /// "input", "variables", "strands"}`), or `{"execution", "resumeAt"}` (a
    /// [`ResumePoint`]'s JSON).
    pub fn to_json(&self) -> Value {
        let outcomes = |key: &str, outcomes: &BTreeMap<usize, StrandOutcome>| {
            outcomes
                .iter()
                .map(|(at, outcome)| {
                    let mut entry = outcome.to_json();
                    if let Some(map) = entry.as_object_mut() {
                        map.insert(key.into(), (*at).into());
                    }
                    entry
                })
                .collect::<Vec<_>>()
        };
        match self {
            Strands::Parallel(branches) => json!({"branches": outcomes("branch", branches)}),
            Strands::Map { distributed, items } => {
                json!({"distributed": distributed, "items": outcomes("index", items)})
            }
            Strands::Execution(child) => json!({
                "execution": child.execution.to_string(),
                "resumeAt": child.point.to_json(),
            }),
        }
    }

    /// How many branches, iterations or children it takes from the record (they
    /// succeeded), and how many it resumes (they stopped), at any depth.
    pub fn counts(&self) -> (usize, usize) {
        let mut taken = 0;
        let mut resumed = 0;
        let mut pending = vec![self];
        while let Some(strands) = pending.pop() {
            let outcomes = match strands {
                Strands::Parallel(outcomes)
                | Strands::Map {
                    items: outcomes, ..
                } => outcomes,
                Strands::Execution(child) => {
                    resumed += 1;
                    pending.extend(&child.point.strands);
                    continue;
                }
            };
            for outcome in outcomes.values() {
                match outcome {
                    StrandOutcome::Succeeded(_) => taken += 1,
                    StrandOutcome::Stopped(point) => {
                        resumed += 1;
                        pending.extend(&point.strands);
                    }
                }
            }
        }
        (taken, resumed)
    }
}

impl StrandOutcome {
    /// `{"output"}` or `{"resumeAt": {"state", "input", "variables", "strands"}}`.
    pub fn to_json(&self) -> Value {
        match self {
            StrandOutcome::Succeeded(output) => json!({"output": output}),
            StrandOutcome::Stopped(point) => {
                let mut at = json!({
                    "state": point.state,
                    "input": point.input,
                    "variables": point.variables,
                });
                if let (Some(strands), Some(map)) = (&point.strands, at.as_object_mut()) {
                    map.insert("strands".into(), strands.to_json());
                }
                json!({"resumeAt": at})
            }
        }
    }
}

impl fmt::Display for ResumePoint {
    /// ``state `Load` (input {…}, 2 variables)`` (a named visit other than the state's own:
    /// ``state `Each` (at `Each[4]/Pack`; input {…}, …)``), and what it takes from the record
    /// inside it (`; inside it 2 taken from the record, 1 resumed`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.variables.len();
        write!(f, "state `{}` (", self.state)?;
        if let Some(visit) = self.visit.as_ref().filter(|v| v.to_string() != self.state) {
            write!(f, "at `{visit}`; ")?;
        }
        write!(
            f,
            "input {}, {n} variable{})",
            crate::replay::cut(&self.input.to_string()),
            if n == 1 { "" } else { "s" }
        )?;
        if let Some(strands) = &self.strands {
            let (taken, resumed) = strands.counts();
            write!(
                f,
                "; inside it {taken} taken from the record, {resumed} resumed"
            )?;
        }
        Ok(())
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
