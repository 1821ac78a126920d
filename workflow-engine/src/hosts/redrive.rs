//! Redriving a failed execution from where it failed, as `RedriveExecution` does.
//!
//! The service keeps the results of the steps that succeeded and re-runs only the states that
//! did not finish (a state whose `…StateEntered` has no `…StateExited`), the failed branches
//! of a Parallel and the failed iterations of a Map included; it appends an
//! `ExecutionRedriven` event to the same history, and `$$.Execution.RedriveCount` counts the
//! redrives. Locally, [`crate::Engine::redrive`] reads the failed execution's history: the
//! redriven run goes through the definition again on the same input, every task that
//! succeeded before is answered with its recorded result and duration (its handler is not
//! called), and the history records nothing until the run reaches a state that did not
//! finish; from there on it runs as any execution and its events follow `ExecutionRedriven`.
//!
//! A Distributed Map whose Map Run failed is redriven as AWS documents it ("Redriving Map
//! Runs"): the same Map Run (its ARN kept; `MapRunRedriven` with its redrive count in the
//! parent's history) reruns only its unsuccessful children. A STANDARD child that failed,
//! timed out or was aborted is itself redriven from where it failed ("redriven using the
//! RedriveExecution API action … from the last state in ItemProcessor that resulted in their
//! unsuccessful execution": its history continues with `ExecutionRedriven`, its
//! `$$.Execution.RedriveCount` counts); an EXPRESS one starts again from the processor's first
//! state; a child that succeeded keeps its output and is not run; items that never started
//! start. A Map Run that failed with `States.DataLimitExceeded` or `States.Runtime` is not
//! redriven: a new Map Run reruns every child ("A new Map Run is started and the existing Map
//! Run isn't redriven in the following cases"). A Map Run that succeeded before the failure is
//! replayed as it ended (its tolerated failures included), none of its children run again.
//!
//! Left as the service has it but approximated: a Parallel or Map state that failed is entered
//! again, and the events of its branches or iterations that succeeded before are recorded
//! again (their tasks still answered from the record).

use crate::core::prior::Prior;
use crate::{EngineError, Execution, ExecutionStatus};
use std::sync::Arc;

/// What a redrive of `execution` starts from: its history and its Map Runs; refused
/// (`ExecutionNotRedrivable`) unless it failed, timed out or was aborted, with its history kept.
pub(crate) fn prior_of(execution: &Execution) -> Result<Arc<Prior>, EngineError> {
    if !matches!(
        execution.status,
        ExecutionStatus::Failed | ExecutionStatus::TimedOut | ExecutionStatus::Aborted
    ) {
        return Err(EngineError::NotRedrivable(format!(
            "Execution is {}, not FAILED, TIMED_OUT or ABORTED",
            execution.status.as_str()
        )));
    }
    Prior::redrive(&execution.history, execution.map_runs.clone())
        .map(Arc::new)
        .map_err(|e| EngineError::NotRedrivable(e.0))
}

impl crate::Engine {
    /// `RedriveExecution`: runs `failed` (an execution of any definition, `machine`, that
    /// failed, timed out or was aborted) again from where it failed; returns the execution as
    /// it ends this time, its history the failed attempt's, `ExecutionRedriven`, then the
    /// re-run states' events (the untyped form of [`crate::Engine::redrive`]).
    pub async fn redrive_any(
        &self,
        machine: &workflow_asl::StateMachine,
        failed: &Execution,
    ) -> Result<Execution, EngineError> {
        let prior = prior_of(failed)?;
        let compiled = self.compile(machine)?;
        let input = prior.input().clone();
        let extras = crate::Extras {
            prior: Some(&prior),
            ..crate::Extras::default()
        };
        self.run_with(&compiled, input, extras).await
    }

    /// [`crate::Engine::redrive_any`] on a current-thread Tokio runtime created for the call.
    pub fn redrive_any_blocking(
        &self,
        machine: &workflow_asl::StateMachine,
        failed: &Execution,
    ) -> Result<Execution, EngineError> {
        crate::block_on(self.redrive_any(machine, failed))
    }

    /// `RedriveExecution` of a failed execution of a workflow declared with `workflow!`.
    pub async fn redrive<W: crate::Workflow>(
        &self,
        failed: &Execution,
    ) -> Result<Execution, EngineError> {
        self.describe_coverage::<W>();
        self.redrive_any(&W::definition(), failed).await
    }

    /// [`crate::Engine::redrive`] on a current-thread Tokio runtime created for the call.
    pub fn redrive_blocking<W: crate::Workflow>(
        &self,
        failed: &Execution,
    ) -> Result<Execution, EngineError> {
        crate::block_on(self.redrive::<W>(failed))
    }
}
