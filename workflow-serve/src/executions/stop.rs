//! `StopExecution`: the run stops (`ExecutionAborted`), and the call answers once its end is
//! written; an execution the last server left running, with no run here, ends `ABORTED` from
//! its stored history.

use crate::protocol::{ApiError, Timestamp};
use crate::records::{ExecutionRecord, Finished, RunState};
use crate::requests::{StopExecutionInput, StopExecutionOutput};
use crate::service::{Service, lock};
use crate::visible::recorded_execution;
use std::sync::Arc;
use std::time::Duration;
use workflow_asl::ErrorName;

/// How long `StopExecution` waits for the end of the run it stopped to be written before it
/// answers that it is not written yet (a full disk): the run is stopped, and its end is
/// written once there is room.
const END_WRITTEN: Duration = Duration::from_secs(10);

pub(crate) async fn stop_execution(
    service: Arc<Service>,
    r: StopExecutionInput,
) -> Result<StopExecutionOutput, ApiError> {
    let record = recorded_execution(&service, &r.execution_arn, false).await?;
    let (error, cause) = (r.error.as_deref(), r.cause.as_deref());
    if let Some(stop_ms) = stop_interrupted(&service, &record, error, cause).await? {
        return Ok(StopExecutionOutput {
            stop_date: Timestamp(stop_ms),
        });
    }
    if let RunState::Running(live) = &*lock(&record.run) {
        live.execution
            .stop(error.map(ErrorName::from).as_ref(), cause);
    }
    // Its end (`ExecutionAborted`, or the end it reached first), written.
    let ended =
        tokio::time::timeout(END_WRITTEN, record.written.wait_for(|w| w.end.is_some())).await;
    match ended {
        Ok(written) => Ok(StopExecutionOutput {
            stop_date: Timestamp(written.end.as_ref().map_or(0, |end| end.stop_ms)),
        }),
        _ => Err(ApiError::internal(
            "the execution is stopped, and its end is not written yet (the data directory's disk?): it is written once it can be",
        )),
    }
}

/// `StopExecution` of an execution the last server left running that no run here continues:
/// it ends `ABORTED`, its stored history and `ExecutionAborted`, written before it is described
/// so; when it stopped. `None` when it is not interrupted (or no longer: another call ended it
/// first).
async fn stop_interrupted(
    service: &Service,
    record: &Arc<ExecutionRecord>,
    error: Option<&str>,
    cause: Option<&str>,
) -> Result<Option<i64>, ApiError> {
    // Taken off the interrupted ones first: one call ends it.
    if !service.roster.take_interrupted(&record.arn) {
        return Ok(None);
    }
    let ended = end_interrupted(service, record, |events, input| {
        Finished::aborted(events, input, error, cause, service.now_ms())
    })
    .await;
    match ended {
        Ok(stop_ms) => Ok(Some(stop_ms)),
        Err(e) => {
            service.roster.interrupted_again(record);
            Err(e)
        }
    }
}

/// Ends the interrupted execution `record` as `end` makes it of its stored history and input:
/// written, then filed away and described ended; when it ended.
pub(crate) async fn end_interrupted(
    service: &Service,
    record: &Arc<ExecutionRecord>,
    end: impl FnOnce(Vec<workflow_runtime::execution::HistoryEvent>, String) -> Finished,
) -> Result<i64, ApiError> {
    let events = service.record.stored_events(&record.arn).await?;
    let input = service.record.stored_input(&record.arn).await?;
    let saved = events.len();
    let finished = Arc::new(end(events, input));
    let written = Arc::clone(&finished);
    let arn = workflow_aws_models::StatesArn::clone(&record.arn);
    service
        .record
        .writer
        .submit(Box::new(move |tx| {
            crate::database::write::result(tx, &arn, &written, saved)
        }))
        .written()
        .await?;
    let closed = finished.closed();
    service
        .record
        .archive
        .keep(&record.arn, Arc::clone(&finished));
    *lock(&record.run) = RunState::Done(closed.clone());
    record.written.send_modify(|w| w.end = Some(closed));
    Ok(finished.stop_ms)
}
