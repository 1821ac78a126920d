//! Redriving a failed execution from where it failed, as `RedriveExecution` does.
//!
//! The service keeps the results of the steps that succeeded and re-runs only the states that
//! did not finish (a state whose `…StateEntered` has no `…StateExited`), the failed branches
//! of a Parallel and the failed iterations of a Map included; it appends an
//! `ExecutionRedriven` event to the same history, and `$$.Execution.RedriveCount` counts the
//! redrives. Locally, [`crate::StartExecution::redrive`] reads the failed execution's history: the
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
//! The sources: `RedriveExecution` (API Reference): it "continues the failed execution from
//! the unsuccessful step ... preserves the results and execution history of the successful
//! steps, and doesn't rerun these steps"; "For workflows that include an Inline Map or
//! Parallel state, RedriveExecution API action reschedules and redrives only the iterations
//! and branches that failed or aborted"; a state is unsuccessful when "there's no
//! `<stateType>Exited` event corresponding to the `<stateType>Entered` event" (Developer
//! Guide, "Redriving Map Runs").
//!
//! Left as the service has it but approximated: a Parallel or Map state that failed is entered
//! again, and the events of its branches or iterations that succeeded before are recorded
//! again (their tasks still answered from the record, by state and request: the definition is
//! the same). A resume on a changed definition (`StartExecution::resume_failed`), whose Tasks
//! may now send other requests, reads the same rule along the record's chains instead
//! (`core::unfinished`): a Parallel or inline Map that failed is entered again from the
//! record, its branches and iterations that finished are taken from it, and only the states
//! where its strands failed or were stopped (and what follows them on their own strand) run
//! again.

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

/// What a redrive of `execution` resumed after its process stopped starts from: the redrive's
/// record of `execution` (its failed attempt), then `history`, the execution's whole history
/// so far (the failed attempt's events, this redrive's `ExecutionRedriven`, the redriven run's
/// events); see [`Prior::continue_redrive`].
pub(crate) fn prior_of_resumed(
    execution: &Execution,
    history: Vec<crate::execution::HistoryEvent>,
) -> Result<Arc<Prior>, EngineError> {
    let prior = prior_of(execution)?;
    let prior =
        Arc::try_unwrap(prior).map_err(|_| EngineError::History("a shared record".into()))?;
    prior
        .continue_redrive(history)
        .map(Arc::new)
        .map_err(|e| EngineError::History(e.0))
}
