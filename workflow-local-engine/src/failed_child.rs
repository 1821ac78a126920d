//! A Distributed Map's failed child execution, seen from its parent ([`FailedChild`]): AWS
//! fails the Map (and, uncaught, the execution) with `States.ExceedToleratedFailureThreshold`
//! once more children failed than it tolerates, and keeps each child's own error and cause
//! on the child (its `DescribeExecution`, its `ExecutionFailed` event, the `ResultWriter`'s
//! files). [`Execution::failed_child`] names the first one, at any depth, with the state it
//! failed in, its error and cause, and the execution's `Display` says it after the
//! execution's own error, as `workflow run` and the console do.

use crate::Execution;
use crate::core::map_run::MapRun;
use crate::execution::{ExecutionStatus, JsonText};
use std::fmt;
use workflow_asl::ErrorName;
use workflow_aws_models::StatesArn;

/// The first child execution of an execution's Distributed Maps that failed or timed out
/// (in the order the Map Runs ended, each Map Run's children in item order, a child's own
/// Map Runs before the next child), as [`Execution::failed_child`] finds it.
#[derive(Clone, Debug, PartialEq)]
pub struct FailedChild {
    /// The Map Run that started it.
    pub map_run: StatesArn,
    /// The child execution.
    pub execution: StatesArn,
    /// `FAILED` or `TIMED_OUT`.
    pub status: ExecutionStatus,
    /// The state it failed in, when it is known.
    pub state: Option<String>,
    /// Its error.
    pub error: Option<ErrorName>,
    /// Its cause.
    pub cause: Option<String>,
    /// Its input (the item or batch, as its `ItemSelector` made it).
    pub input: JsonText,
    /// How many children of the execution failed or timed out in all, at any depth.
    pub failed: usize,
}

impl FailedChild {
    /// The children of `map_runs` (and of the Map Runs inside them) that failed or timed out,
    /// in order, each counting them all.
    pub(crate) fn all_of(map_runs: &[MapRun]) -> Vec<FailedChild> {
        let mut found = Vec::new();
        // Iterative: Map Runs nest as deep as the children's Distributed Maps do.
        let mut stack: Vec<&MapRun> = map_runs.iter().rev().collect();
        while let Some(run) = stack.pop() {
            for child in &run.executions {
                if matches!(
                    child.status,
                    ExecutionStatus::Failed | ExecutionStatus::TimedOut
                ) {
                    found.push(FailedChild {
                        map_run: run.arn.clone(),
                        execution: child.arn.clone(),
                        status: child.status.clone(),
                        state: child.failed_state.clone(),
                        error: child.error.clone(),
                        cause: child.cause.clone(),
                        input: child.input.clone(),
                        failed: 0,
                    });
                }
            }
            for child in run.executions.iter().rev() {
                stack.extend(child.map_runs.iter().rev());
            }
        }
        let failed = found.len();
        for child in &mut found {
            child.failed = failed;
        }
        found
    }
}

impl fmt::Display for FailedChild {
    /// `child execution ARN failed at state `S` with E: C (input I)`, then how many others
    /// failed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ended = match self.status {
            ExecutionStatus::TimedOut => "timed out",
            _ => "failed",
        };
        write!(f, "child execution {} {ended}", self.execution)?;
        if let Some(state) = &self.state {
            write!(f, " at state `{state}`")?;
        }
        match (&self.error, &self.cause) {
            (Some(e), Some(c)) if !c.is_empty() => write!(f, " with {e}: {c}")?,
            (Some(e), _) => write!(f, " with {e}")?,
            (None, Some(c)) if !c.is_empty() => write!(f, ": {c}")?,
            _ => {}
        }
        write!(f, " (input {})", self.input)?;
        if self.failed > 1 {
            let others = self.failed - 1;
            write!(
                f,
                "; {others} other child execution{} failed",
                if others == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}

impl Execution {
    /// The first child execution of its Distributed Maps that failed or timed out, with the
    /// state it failed in, its error and cause (a Map Run that failed says only
    /// `States.ExceedToleratedFailureThreshold`); `None` when none did.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::{Engine, blocking};
    ///
    /// let machine = StateMachine::from_json(r#"{"StartAt": "Each", "States": {"Each": {
    ///     "Type": "Map", "ItemsPath": "$.items", "End": true,
    ///     "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    ///       "StartAt": "Check", "States": {
    ///         "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 2, "Next": "Refuse"}],
    ///           "Default": "Ok"},
    ///         "Refuse": {"Type": "Fail", "Error": "TooBig", "Cause": "over two"},
    ///         "Ok": {"Type": "Succeed"}}}}}}"#)?;
    /// let run = blocking::run(Engine::new().machine(&machine).input(json!({"items": [1, 3]})))?;
    /// assert_eq!(run.error.as_ref().map(|e| e.as_str()), Some("States.ExceedToleratedFailureThreshold"));
    /// let child = run.failed_child().expect("a child failed");
    /// assert_eq!(child.state.as_deref(), Some("Refuse"));
    /// assert_eq!(child.error.as_ref().map(|e| e.as_str()), Some("TooBig"));
    /// assert_eq!(child.cause.as_deref(), Some("over two"));
    /// assert!(run.to_string().contains("failed at state `Refuse` with TooBig: over two"), "{run}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn failed_child(&self) -> Option<FailedChild> {
        FailedChild::all_of(&self.map_runs).into_iter().next()
    }

    /// Every child execution of its Distributed Maps that failed or timed out, in the order
    /// [`failed_child`](Self::failed_child) finds the first.
    pub fn failed_children(&self) -> Vec<FailedChild> {
        FailedChild::all_of(&self.map_runs)
    }
}

impl fmt::Display for Execution {
    /// `SUCCEEDED`, or `FAILED with E: C` (`TIMED_OUT`, `ABORTED`), then, when a child
    /// execution of its Distributed Maps failed, `; child execution … failed at state …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.status.as_str())?;
        match (&self.error, &self.cause) {
            (Some(e), Some(c)) if !c.is_empty() => write!(f, " with {e}: {c}")?,
            (Some(e), _) => write!(f, " with {e}")?,
            (None, Some(c)) if !c.is_empty() => write!(f, ": {c}")?,
            _ => {}
        }
        if let Some(child) = self.failed_child() {
            write!(f, "; {child}")?;
        }
        Ok(())
    }
}
