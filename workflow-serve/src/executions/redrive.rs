//! `RedriveExecution`: a failed, timed-out or aborted execution runs again from where it
//! failed. The redriven run starts at once; the call answers once its record and its
//! history's `ExecutionRedriven` (with whatever the run wrote after it by then) are written,
//! in one transaction: a restart finds it redriven, or not at all. Until then it is described
//! as it ended.
//!
//! A call with a `clientToken` that redrove the execution (one of its last ten, within 15
//! minutes of its first use: the API reference's `clientToken`) is answered as that call
//! was, once that redrive is written: a client's retry after a lost answer, or several calls
//! at once with one token, all see the one redrive.

use super::read::redrivable;
use super::start::{engine_for, launch};
use crate::protocol::{ApiError, Timestamp};
use crate::records::{ExecutionRecord, Live, RunState};
use crate::requests::{RedriveExecutionInput, RedriveExecutionOutput};
use crate::service::{Service, lock};
use crate::visible::{execution, finished, settled};
use std::sync::Arc;

pub(crate) async fn redrive_execution(
    service: Arc<Service>,
    r: RedriveExecutionInput,
) -> Result<RedriveExecutionOutput, ApiError> {
    let record = execution(&service, &r.execution_arn).await?;
    let token = r.client_token.as_deref();
    // A call with a token waits for the redrive its token made; when that one is undone (not
    // written), it redrives itself: each turn waits for another call's redrive to end.
    loop {
        if let Some(answer) = answered_before(&record, token, service.now_ms()).await {
            return Ok(answer);
        }
        match redrive(&service, &record, token).await {
            // Redriven meanwhile by a call with the same token: answered as it is.
            Err(refused)
                if refused.name == "ExecutionNotRedrivable"
                    && token.is_some_and(|t| record.redrive_of(t, service.now_ms()).is_some()) => {}
            answer => return answer,
        }
    }
}

/// The answer of the redrive that `token` made, once it is written (`None`: it made none
/// that AWS would answer a retry with at `now`, the service's time, or the redrive was undone).
async fn answered_before(
    record: &Arc<ExecutionRecord>,
    token: Option<&str>,
    now: i64,
) -> Option<RedriveExecutionOutput> {
    let token = token?;
    let earlier = record.redrive_of(token, now)?;
    let gone = |record: &ExecutionRecord| record.redrive_of(token, earlier.at).is_none();
    let reached = record
        .written
        .wait_for(|w| w.attempts >= earlier.attempt || gone(record))
        .await
        .attempts
        >= earlier.attempt;
    (reached && !gone(record)).then_some(RedriveExecutionOutput {
        redrive_date: Timestamp(earlier.at),
    })
}

/// Redrives the execution, as a call with `token`.
async fn redrive(
    service: &Arc<Service>,
    record: &Arc<ExecutionRecord>,
    token: Option<&str>,
) -> Result<RedriveExecutionOutput, ApiError> {
    let service = Arc::clone(service);
    let record = Arc::clone(record);
    let closed = settled(&record).await.end;
    if let (false, Some(reason)) = redrivable(&record, closed.as_ref()) {
        return Err(ApiError::new("ExecutionNotRedrivable", reason));
    }
    let done = finished(&service, &record).await?;
    let failed = done.failed_run();
    let engine = engine_for(&service, &record.machine, record.test_case())?;
    let at = service.now_ms();
    let (before, redrives_before, attempt) = {
        let mut run = lock(&record.run);
        // A call with the same token redrove it since this one looked (its token is kept
        // under this lock): this call is answered as that one (`redrive_execution`).
        if token.is_some_and(|t| record.redrive_of(t, at).is_some()) {
            return Err(ApiError::new(
                "ExecutionNotRedrivable",
                "redriven by a call with the same client token",
            ));
        }
        let RunState::Done(before) = &*run else {
            // Another call redrove it meanwhile.
            return Err(ApiError::new(
                "ExecutionNotRedrivable",
                "Execution is RUNNING and cannot be redriven",
            ));
        };
        let before = before.clone();
        let request = engine
            .machine(&record.machine.definition.model)
            .name(record.name().to_owned())
            .keep_child_events(service.record.keeps())
            .redrive(&failed);
        let (running, _held) = launch(&service, &record.arn, request)
            .map_err(|e| ApiError::new("ExecutionNotRedrivable", e.to_string()))?;
        let redrives_before = record.redriven(at, token);
        let attempt = u32::try_from(record.redrives().0)
            .unwrap_or(u32::MAX)
            .saturating_add(1);
        *run = RunState::Running(Box::new(Live {
            execution: running,
            input: done.input.clone(),
            attempt,
        }));
        (before, redrives_before, attempt)
    };
    super::finish::runs_here(&service, &record);
    // Its `ExecutionRedriven` first (written as its run begins).
    let begun = match &*lock(&record.run) {
        RunState::Running(live) => Some(live.execution.history_reaches(done.events.len() + 1)),
        _ => None,
    };
    if let Some(begun) = begun {
        begun.await;
    }
    let stored = record.to_stored();
    let row = Arc::clone(&record);
    let input = done.input.clone();
    let ticket = service.record.writer.start(
        Box::new(move |tx| {
            crate::database::write::execution(tx, &stored, &row.arn, &row.machine, &input)
        }),
        &record,
        done.events.len(),
    );
    if let Err(e) = ticket.written().await {
        // Not written: not redriven.
        if let RunState::Running(live) = &*lock(&record.run) {
            live.execution
                .stop(None, Some("the redrive was not written"));
        }
        *lock(&record.run) = RunState::Done(before);
        record.set_redrives(redrives_before);
        service.roster.ended(&record.arn);
        service.record.writer.forget(&record.arn);
        // Whoever waits for this run's start is told it was undone.
        record.written.send_modify(|_| {});
        return Err(e);
    }
    service.record.archive.reopen(&record.arn);
    record.written.send_modify(|w| {
        w.attempts = w.attempts.max(attempt);
        w.end = None;
    });
    Ok(RedriveExecutionOutput {
        redrive_date: Timestamp(at),
    })
}
