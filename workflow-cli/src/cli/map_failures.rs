//! A Distributed Map's failed child executions, said after the execution's own error. AWS
//! fails the Map state (and so the execution, uncaught) with
//! `States.ExceedToleratedFailureThreshold` once more children failed than it tolerates, and
//! keeps each child's own error and cause on the child execution (its `DescribeExecution`, its
//! `ExecutionFailed` event, and the Map Run's `ResultWriter` files: the console's Map Run page
//! lists them by item). The engine names them (`Execution::failed_children`, each a
//! `FailedChild` with the state it failed in); the commands print them where the user reads
//! the parent's error, so a failure inside the Map is seen with its own error and cause.

use workflow_runtime::engine::Execution;

/// How many failed children are named; the rest are counted.
const SHOWN: usize = 3;

/// A line per failed child execution of `execution`'s Map Runs (and of the Map Runs inside
/// them), the first [`SHOWN`] named with their state, error, cause and input, then how many
/// more failed.
pub(super) fn lines(execution: &Execution) -> Vec<String> {
    let failed = execution.failed_children();
    let mut out: Vec<String> = failed
        .iter()
        .take(SHOWN)
        .map(|child| {
            let error = child
                .error
                .as_ref()
                .map_or_else(|| child.status.as_str().to_owned(), ToString::to_string);
            let cause = child
                .cause
                .as_deref()
                .map(|c| format!(": {c}"))
                .unwrap_or_default();
            let state = child
                .state
                .as_deref()
                .map(|s| format!(" at state `{s}`"))
                .unwrap_or_default();
            let name = child.execution.execution_name().unwrap_or_default();
            format!(
                "a child execution of {} failed{state} with {error}{cause} (execution {name}, input {})",
                child.map_run, child.input
            )
        })
        .collect();
    if failed.len() > SHOWN {
        out.push(format!(
            "and {} more failed child execution{}",
            failed.len() - SHOWN,
            if failed.len() - SHOWN == 1 { "" } else { "s" }
        ));
    }
    out
}
