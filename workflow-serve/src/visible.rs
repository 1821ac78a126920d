//! What a client is shown of an execution: it exists once its start is written, it reads
//! ended once its end is (`records::Written`), and a reader that finds it between waits for
//! that, as a future (no thread waits). Every operation that reads an execution reads it
//! through here.

use super::locks::lock;
use super::protocol::ApiError;
use super::records::{ExecutionRecord, Finished, RunState, Written};
use super::requests::ArnMember;
use super::service::Service;
use std::sync::Arc;
use workflow_asl::ExecutionType;
use workflow_aws_models::ResourceType;

/// The execution the member `arn` names, as a client may see it: one whose start is not
/// written yet is waited for (a future), and one whose start failed is not found.
pub(crate) async fn execution(
    service: &Service,
    arn: &ArnMember,
) -> Result<Arc<ExecutionRecord>, ApiError> {
    let typed = arn.of(&[ResourceType::Execution, ResourceType::Express])?;
    let record = service.roster.get(typed).ok_or_else(|| not_found(arn))?;
    started(service, &record).await?;
    // Still kept: its start was written (or a start of the same name replaced a failed one).
    match service.roster.get(typed) {
        Some(kept) if Arc::ptr_eq(&kept, &record) => Ok(record),
        _ => Err(not_found(arn)),
    }
}

/// Waits until the start of `record` is written (at once for one that was), or its start
/// failed and it was forgotten.
pub(crate) async fn started(service: &Service, record: &ExecutionRecord) -> Result<(), ApiError> {
    let forgotten = || {
        service
            .roster
            .get(&record.arn)
            .is_none_or(|kept| !std::ptr::eq(&*kept, record))
    };
    // Told when it is written; a failed start is forgotten, then told (its end).
    record.written.wait_for(|w| w.started || forgotten()).await;
    Ok(())
}

/// How the execution `record` stands for a client, once the end of a run that finished is
/// written (a future: a reader that finds a run ended waits for its end, milliseconds, and
/// reads it ended rather than running). An end that cannot be written yet (a full disk) is
/// waited for [`SETTLING`] at most: the execution reads RUNNING then, as what is written says.
pub(crate) async fn settled(record: &ExecutionRecord) -> Written {
    let finishing = || match &*lock(&record.run) {
        RunState::Ending(_) => true,
        RunState::Running(live) => live.execution.is_finished(),
        RunState::Interrupted | RunState::Done(_) => false,
    };
    let settling = record.written.wait_for(|w| !finishing() || w.end.is_some());
    let _ = tokio::time::timeout(SETTLING, settling).await;
    record.written.borrow().clone()
}

/// How long a reader waits for the end of a run that ended to be written.
const SETTLING: std::time::Duration = std::time::Duration::from_secs(5);

/// The execution the member `arn` names, as the operations on a recorded execution see it
/// (`DescribeExecution`, `GetExecutionHistory`, `StopExecution`,
/// `DescribeStateMachineForExecution`), unless `watching` (Step Functions' own
/// `DescribeExecution` of a `.sync` child, see `nested`): an EXPRESS execution's ARN is
/// `InvalidArn`, "Invalid Arn: 'Resource type not valid in this context: express'" (AWS's
/// answer to `DescribeExecution`, recorded in issue 90), and an execution of an EXPRESS machine
/// found by another ARN is not found (`ExecutionDoesNotExist`). The source: each of these
/// operations' API reference says it does not support EXPRESS state machines' executions;
/// Step Functions keeps no EXPRESS execution ("express state machine execution history is not
/// recorded in Step Functions by design", the Step Functions team in aws/aws-sdk issue 796).
/// `DescribeExecution` and `GetExecutionHistory` answer for a Map Run's EXPRESS child before
/// or after they ask here.
pub(crate) async fn recorded_execution(
    service: &Service,
    arn: &ArnMember,
    watching: bool,
) -> Result<Arc<ExecutionRecord>, ApiError> {
    if !watching && arn.of(&[ResourceType::Express]).is_ok() {
        return Err(crate::requests::wrong_type(ResourceType::Express));
    }
    let record = execution(service, arn).await?;
    if record.machine.kind == ExecutionType::Express && !watching {
        return Err(not_found(arn));
    }
    Ok(record)
}

/// `ExecutionDoesNotExist` for the member `arn`, in AWS's words.
fn not_found(arn: &ArnMember) -> ApiError {
    ApiError::new(
        "ExecutionDoesNotExist",
        format!("Execution Does Not Exist: '{}'", arn.text()),
    )
}

/// `StateMachineTypeNotSupported`, the error of an operation a machine's type does not have
/// (botocore's `stepfunctions` model: "State machine type is not supported.").
pub(crate) fn type_not_supported() -> ApiError {
    ApiError::new(
        "StateMachineTypeNotSupported",
        "This operation is not supported by this type of state machine",
    )
}

/// `inputDetails` and `outputDetails` of data included in the answer.
pub(crate) fn included() -> Option<super::requests::CloudWatchEventsExecutionDataDetails> {
    Some(super::requests::CloudWatchEventsExecutionDataDetails {
        included: Some(true),
    })
}

/// The finished execution `record` (read from the archive).
pub(crate) async fn finished(
    service: &Service,
    record: &Arc<ExecutionRecord>,
) -> Result<Arc<Finished>, ApiError> {
    match service.record.archive.get(&record.arn).await {
        Ok(Some(finished)) => Ok(finished),
        Ok(None) => Err(ApiError::internal(format!(
            "the history of {} is not in the store",
            record.arn
        ))),
        Err(e) => Err(ApiError::internal(e.to_string())),
    }
}
