//! Resuming what the last server on the data directory left running (it was stopped by
//! SIGTERM, killed, or crashed): each execution whose history does not end continues from that
//! history alone, with the engine's resume (`StartExecution::resume`), before the server
//! answers anyone. AWS never ends an execution because its own machinery restarted: a running
//! execution goes on. So here: a Wait keeps its deadline, a callback Task keeps its token (the
//! token issued before the restart answers it after) and its deadlines (its `TimeoutSeconds`
//! from its recorded start, its `HeartbeatSeconds` from its last heartbeat, which the database
//! keeps, or its start), a Distributed Map keeps its Map Run (its ARN, its finished children
//! and their counts) and resumes its unfinished children, the execution's own timeout counts
//! from its start, and the history goes on with the next ids, without `ExecutionRedriven`. An
//! execution redriven before the restart goes on as its redrive (`StartExecution::
//! resume_redrive`: the failed attempt's record, which the database keeps, and the redriven
//! run's events). A Task whose result was not stored is invoked again: the one place where the
//! local server cannot run a Task exactly once, as AWS runs a STANDARD execution's.
//!
//! EXPRESS executions resume the same way: AWS runs them at least once ("Express Workflows
//! employ an at-least-once execution model", the Developer Guide's "Choosing workflow type"),
//! so running part of one again is within what AWS promises; they keep their ARN (their seed
//! is stored).
//!
//! An execution the engine cannot resume (a history it cannot continue) is not left running
//! for ever: it fails, `States.Runtime` with the reason as its cause (its history ends with
//! `ExecutionFailed`, which the console shows), and the reason is said when the server starts.

use super::start::{engine_for, launch};
use super::stop::end_interrupted;
use crate::protocol::ApiError;
use crate::records::{ExecutionRecord, Finished, Live, RunState};
use crate::service::{Service, lock};
use serde_json::Value;
use std::sync::Arc;
use workflow_aws_models::TaskToken;
use workflow_runtime::execution::{EventKind, HistoryEvent, RecordedHistory};

/// What a restart did with the executions the last server left running.
#[derive(Debug, Default)]
pub(crate) struct Resumed {
    /// How many run again.
    pub resumed: usize,
    /// Those the engine could not resume, with why: failed (`States.Runtime`, the reason as
    /// the cause), or, when even that could not be written, running still without a run
    /// ([`RunState::Interrupted`]) until `StopExecution` ends them.
    pub refused: Vec<(String, String)>,
}

/// Resumes every execution the last server on the data directory left running, in the order
/// they started; then the executions of machines being deleted fail at their next transition,
/// and the deletions none of whose executions runs are finished.
pub(crate) async fn resume_interrupted(service: &Arc<Service>) -> Resumed {
    let mut outcome = Resumed::default();
    for record in service.roster.interrupted() {
        match resume(service, &record).await {
            Ok(()) => outcome.resumed += 1,
            Err(e) => {
                let why = e.message;
                let failed = fail_unresumable(service, &record, &why).await;
                let said = match failed {
                    Ok(()) => format!("{why}; it failed (States.Runtime) with this cause"),
                    Err(e) => format!(
                        "{why}; it is RUNNING still, without a run, because its failure could not be written either ({}): StopExecution ends it",
                        e.message
                    ),
                };
                outcome.refused.push((record.arn.to_string(), said));
            }
        }
    }
    let deleting: Vec<_> = service
        .catalog
        .read(|c| c.deleting.iter().cloned().collect());
    for arn in deleting {
        crate::deletions::fail_executions_of(service, &arn);
    }
    crate::deletions::finish_deletions(service).await;
    outcome
}

/// Resumes the interrupted execution `record` from its stored history, its Distributed Maps'
/// children's and its tasks' last heartbeats.
async fn resume(service: &Arc<Service>, record: &Arc<ExecutionRecord>) -> Result<(), ApiError> {
    let events = service.record.stored_events(&record.arn).await?;
    let children = service.record.stored_child_events(&record.arn).await?;
    let input = service.record.stored_input(&record.arn).await?;
    let beats = stored_heartbeats(service, record).await?;
    // The attempt a redrive before the restart started from: the events before its last
    // `ExecutionRedriven`, with the record the database kept of that attempt's end.
    let redriven_at = events
        .iter()
        .rposition(|e| matches!(e.kind, EventKind::ExecutionRedriven { .. }));
    let failed = match redriven_at {
        Some(at) => Some(failed_attempt(service, record, &events[..at]).await?),
        None => None,
    };
    let mut history = RecordedHistory::new(events.clone());
    for (child, child_events) in children {
        history = history.child(child, child_events);
    }
    let engine = engine_for(service, &record.machine, record.test_case())?.seed(record.seed);
    let compiled = service
        .compiled(&record.machine, &engine)
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let request = engine
        .compiled(&compiled)
        .name(record.name().to_owned())
        .execution_type(record.machine.kind)
        .keep_child_events(true)
        .recorded_heartbeats(beats);
    let request = match (&failed, events.is_empty()) {
        (Some(failed), _) => request.resume_redrive(failed, history),
        // Acknowledged, and gone before its first event was written: nothing of it ran that
        // anyone saw, so it runs from its start, on its input as it was sent.
        (None, true) => {
            let input: Value = serde_json::from_str(&input).map_err(|e| {
                ApiError::internal(format!("the stored input of {}: {e}", record.arn))
            })?;
            request.input(input)
        }
        (None, false) => request.resume(history),
    };
    let attempt = record.written.borrow().attempts.max(1);
    {
        let mut run = lock(&record.run);
        if !matches!(&*run, RunState::Interrupted) {
            // Stopped meanwhile: it stays as that left it.
            return Ok(());
        }
        let (running, _held) =
            launch(service, &record.arn, request).map_err(|e| ApiError::internal(e.to_string()))?;
        *run = RunState::Running(Box::new(Live {
            execution: running,
            input,
            attempt,
        }));
    }
    super::finish::runs_here(service, record);
    // Its stored events are written; the writer follows its run from them on (its row is).
    record
        .written
        .send_modify(|w| w.events = w.events.max(events.len()));
    service.record.writer.follow(record, events.len());
    update_resumed_map_runs(service, record).await;
    Ok(())
}

/// Applies what `UpdateMapRun` changed of the resumed execution `record`'s Map Runs before the
/// restart, once its run resumed them (it settled: its Map Runs run again), in a task of its
/// own.
async fn update_resumed_map_runs(service: &Service, record: &Arc<ExecutionRecord>) {
    let updates = match &service.record.database {
        Some(database) => match database.map_run_updates(&record.arn).await {
            Ok(updates) => updates,
            Err(e) => {
                eprintln!(
                    "workflow serve: {} resumed, without its Map Runs' updates: {e}",
                    record.arn
                );
                return;
            }
        },
        None => return,
    };
    if updates.is_empty() {
        return;
    }
    let settled = match &*lock(&record.run) {
        RunState::Running(live) => live.execution.settled(),
        _ => return,
    };
    let record = Arc::clone(record);
    tokio::spawn(async move {
        settled.await;
        for updated in &updates {
            let update = match &*lock(&record.run) {
                RunState::Running(live) => live
                    .execution
                    .update_map_run(&updated.map_run, crate::map_runs::stored_update(updated)),
                _ => return,
            };
            let _ = update.await;
        }
    });
}

/// The attempt of the redriven execution `record` that its last redrive started from: its
/// history before that redrive (`before`), and how it ended, as the database kept it.
async fn failed_attempt(
    service: &Service,
    record: &ExecutionRecord,
    before: &[HistoryEvent],
) -> Result<workflow_runtime::engine::Execution, ApiError> {
    let kept = match &service.record.database {
        Some(database) => database
            .last_result(&record.arn)
            .await
            .map_err(|e| ApiError::internal(e.to_string()))?,
        None => None,
    };
    let mut attempt = match kept {
        Some(attempt) => attempt,
        // Its end read from its history.
        None => before
            .last()
            .and_then(|last| Finished::ended_by(last, String::new()))
            .ok_or_else(|| {
                ApiError::internal(format!(
                    "{} was redriven, and neither its record nor its history says how the attempt before its redrive ended",
                    record.arn
                ))
            })?,
    };
    attempt.events = before.to_vec();
    Ok(attempt.failed_run())
}

/// The last heartbeat of each task of `record` the database kept.
async fn stored_heartbeats(
    service: &Service,
    record: &ExecutionRecord,
) -> Result<Vec<(TaskToken, i64)>, ApiError> {
    let Some(database) = &service.record.database else {
        return Ok(Vec::new());
    };
    Ok(database
        .heartbeats(&record.arn)
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
        .into_iter()
        .filter_map(|(token, at)| Some((TaskToken::parse(&token).ok()?, at)))
        .collect())
}

/// Fails the interrupted execution `record`, which cannot be resumed because of `why`:
/// `States.Runtime`, `why` its cause, its history ending with `ExecutionFailed`, written.
async fn fail_unresumable(
    service: &Service,
    record: &Arc<ExecutionRecord>,
    why: &str,
) -> Result<(), ApiError> {
    let cause = format!("workflow serve could not resume this execution after a restart: {why}");
    end_interrupted(service, record, |events, input| {
        Finished::failed(events, record.start_ms, input, &cause, service.now_ms())
    })
    .await?;
    service.roster.take_interrupted(&record.arn);
    Ok(())
}
