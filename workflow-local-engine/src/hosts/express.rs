//! EXPRESS executions: what `StartSyncExecution` returns for a local run.
//!
//! An EXPRESS state machine runs at most five minutes (a longer run ends `TIMED_OUT`), and
//! supports only the request-response integrations: a `.sync` or `.waitForTaskToken` Task or
//! an activity is refused when the machine is created, as the service refuses it. The
//! response carries the status (`SUCCEEDED`, `FAILED` or `TIMED_OUT`), the output (as JSON
//! text, when it succeeded), the error and cause (when it did not) and the billing details:
//! the duration rounded up to the next 100 ms, and memory in 64-MB chunks (the service bills
//! at least one chunk; its measure of the memory used is not public, so a local run estimates
//! it from the definition and the largest payload, which for every payload the service
//! accepts is one chunk). An asynchronous EXPRESS execution (`StartExecution` on an EXPRESS
//! machine) is a run whose request is set to [`crate::StartExecution::execution_type`] EXPRESS: the same limit,
//! refusals and context; the service's at-least-once delivery of it is not modelled.
//!
//! The context object of an EXPRESS execution is the one AWS recorded for `StartSyncExecution`
//! (LocalStack's `test_express_sync.py::test_query_runtime_memory`, validated on AWS on
//! 2024-07-15): `$$.Execution` is `{"Id", "Input", "Name", "RoleArn", "StartTime"}`, its `Id`
//! the execution's `express` ARN (`arn:<partition>:states:<region>:<account>:express:<machine>:
//! <name>:<id>`, the `executionArn` of the response), and it has no `RedriveCount` (EXPRESS
//! executions are not redriven); an asynchronous one's has `"RedriveCount": 0` besides
//! (`test_express_async.py::test_query_runtime_memory`, recorded the same day).

use crate::execution::{BillingDetails, SyncExecution};
use crate::start::Launch;
use crate::{CompiledMachine, EngineError, Execution, ExecutionStatus};
use serde_json::Value;
use workflow_asl::{Code, Diagnostic, Pointer, StateMachine};
use workflow_aws_models::{MachineName, StatesArn, StatesResource};

/// A local EXPRESS run: what `StartSyncExecution` answers, and the run behind it, which the
/// service does not return.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpressRun {
    /// The answer, as the service gives it.
    pub response: SyncExecution,
    /// The local run (states entered, history).
    pub execution: Execution,
}

/// The integrations an EXPRESS machine cannot use: the service's message for the first one,
/// in document order.
pub(crate) fn unsupported(machine: &StateMachine) -> Option<String> {
    machine.walk().tasks().find_map(|(_, task)| {
        let resource = &task.resource;
        resource
            .express_refusal()
            .map(|refusal| format!("{refusal}: {resource}"))
    })
}

/// The refusal of a definition an EXPRESS machine cannot run (`message`, from
/// [`unsupported`]), as the service refuses to create it.
pub(crate) fn refused(message: &str) -> EngineError {
    EngineError::InvalidDefinition(vec![Diagnostic::error(
        Code::SchemaValidationFailed,
        Pointer::root(),
        message,
    )])
}

impl crate::Engine {
    /// Runs `compiled` on `input` as an EXPRESS state machine whose caller waits
    /// (`StartSyncExecution`, named `name` when given): the service's answer, and the local run
    /// behind it.
    pub(crate) async fn run_sync(
        &self,
        compiled: &CompiledMachine,
        input: Value,
        name: Option<&str>,
    ) -> Result<ExpressRun, EngineError> {
        let input_text = input.to_string();
        // The response's dates and billed duration are read from the history: keep it.
        let engine = self.clone().history(true);
        let execution = engine
            .launch(compiled, input, Launch::SyncExpress { name })
            .await?;
        let start = execution.history.first().map_or(0, |e| e.timestamp_millis);
        let stop = execution
            .history
            .last()
            .map_or(start, |e| e.timestamp_millis);
        let output = execution.output.as_ref().map(Value::to_string);
        let largest_payload = execution
            .history
            .iter()
            .map(|e| e.to_json().to_string().len())
            .max()
            .unwrap_or(0)
            .max(input_text.len());
        let status = match execution.status {
            ExecutionStatus::Succeeded | ExecutionStatus::TimedOut => execution.status.clone(),
            _ => ExecutionStatus::Failed,
        };
        let identity = self.identity_named(name);
        let machine = identity.machine_name(&compiled.name);
        let response = SyncExecution {
            execution_arn: express_arn(&identity, &machine, self.seed),
            state_machine_arn: Some(identity.state_machine_arn(&machine)),
            name: identity.execution_name(self.seed),
            start_date_millis: start,
            stop_date_millis: stop,
            status,
            input: Some(input_text),
            output,
            error: execution.error.clone(),
            cause: execution.cause.clone(),
            billing_details: Some(billing(
                stop - start,
                compiled.definition_bytes + largest_payload,
            )),
        };
        Ok(ExpressRun {
            response,
            execution,
        })
    }
}

/// The ARN of the EXPRESS execution of `machine` run with `seed`.
pub(crate) fn express_arn(
    identity: &crate::core::identity::Identity,
    machine: &MachineName,
    seed: u64,
) -> StatesArn {
    let id = {
        let mut entropy = workflow_asl::eval::SeededEntropy::new(seed);
        workflow_asl::eval::Entropy::uuid(&mut entropy)
    };
    identity.arn(StatesResource::Express {
        machine: machine.clone(),
        name: identity.execution_name(seed),
        id: Some(id),
    })
}

/// How an EXPRESS execution was started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Start {
    /// `StartSyncExecution`: the caller waits for the result.
    Synchronous,
    /// `StartExecution` on an EXPRESS machine.
    Asynchronous,
}

/// The billed duration (up to the next 100 ms, at least 100) and memory (64-MB chunks, at
/// least one) of a run of `millis` using about `bytes`.
fn billing(millis: i64, bytes: usize) -> BillingDetails {
    const CHUNK_MB: u64 = 64;
    let millis = u64::try_from(millis).unwrap_or(0);
    let megabytes = (bytes as u64).div_ceil(1024 * 1024);
    BillingDetails {
        billed_memory_used_in_mb: megabytes.div_ceil(CHUNK_MB).max(1) * CHUNK_MB,
        billed_duration_in_milliseconds: millis.div_ceil(100).max(1) * 100,
    }
}

#[cfg(test)]
mod tests {
    use super::billing;

    #[test]
    fn duration_rounds_up_to_100_ms_and_memory_to_64_mb() {
        let b = billing(0, 10);
        assert_eq!(
            (
                b.billed_duration_in_milliseconds,
                b.billed_memory_used_in_mb
            ),
            (100, 64)
        );
        let b = billing(12_301, 70 * 1024 * 1024);
        assert_eq!(
            (
                b.billed_duration_in_milliseconds,
                b.billed_memory_used_in_mb
            ),
            (12_400, 128)
        );
    }
}
