//! A Distributed Map's failed child executions, said after the execution's own error. AWS
//! fails the Map state (and so the execution, uncaught) with
//! `States.ExceedToleratedFailureThreshold` once more children failed than it tolerates, and
//! keeps each child's own error and cause on the child execution (its `DescribeExecution`, its
//! `ExecutionFailed` event, and the Map Run's `ResultWriter` files: the console's Map Run page
//! lists them by item). The engine records the same (`Execution::map_runs`, each
//! `ChildExecution`'s `error` and `cause`); the commands print them where the user reads the
//! parent's error, so a failure inside the Map is seen with its own error and cause.

use workflow_runtime::engine::MapRun;
use workflow_runtime::execution::ExecutionStatus;

/// How many failed children are named; the rest are counted.
const SHOWN: usize = 3;

/// A line per failed child execution of `map_runs` (and of the Map Runs inside them), the
/// first [`SHOWN`] named with their error, cause and input, then how many more failed.
pub fn lines(map_runs: &[MapRun]) -> Vec<String> {
    let mut failed = Vec::new();
    // Iterative: Map Runs nest as deep as the children's Distributed Maps do.
    let mut stack: Vec<&MapRun> = map_runs.iter().rev().collect();
    while let Some(run) = stack.pop() {
        for child in &run.executions {
            if matches!(
                child.status,
                ExecutionStatus::Failed | ExecutionStatus::TimedOut
            ) {
                failed.push((run, child));
            }
            stack.extend(child.map_runs.iter().rev());
        }
    }
    let mut out: Vec<String> = failed
        .iter()
        .take(SHOWN)
        .map(|(run, child)| {
            let error = child
                .error
                .as_ref()
                .map_or_else(|| child.status.as_str().to_owned(), ToString::to_string);
            let cause = child
                .cause
                .as_deref()
                .map(|c| format!(": {c}"))
                .unwrap_or_default();
            format!(
                "a child execution of {} failed with {error}{cause} (execution {}, input {})",
                run.arn, child.name, child.input
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
