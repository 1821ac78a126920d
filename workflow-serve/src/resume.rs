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

use super::protocol::ApiError;
use super::records::{ExecutionRecord, Finished, Live, RunState, UnsavedChildEvents};
use super::service::{Service, lock};
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

impl Service {
    /// Resumes every execution the last server on the data directory left running, in the
    /// order they started; then the executions of machines being deleted fail at their next
    /// transition, and the deletions none of whose executions runs are finished.
    pub fn resume_interrupted(&self) -> Resumed {
        let mut outcome = Resumed::default();
        for record in self.interrupted_executions() {
            match self.resume(&record) {
                Ok(()) => outcome.resumed += 1,
                Err(e) => {
                    let why = e.message;
                    let failed = self.fail_unresumable(&record, &why);
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
        let deleting: Vec<_> = self.store().deleting.iter().cloned().collect();
        for arn in deleting {
            let name = self
                .store()
                .machines
                .get(&arn)
                .map(|m| m.name.clone())
                .unwrap_or_default();
            self.fail_executions_of(&arn, &name);
        }
        self.finish_deletions();
        outcome
    }

    /// Resumes the interrupted execution `record` from its stored history, its Distributed
    /// Maps' children's and its tasks' last heartbeats.
    fn resume(&self, record: &Arc<ExecutionRecord>) -> Result<(), ApiError> {
        let events = self.stored_events(record)?;
        let children = self.stored_child_events(record)?;
        let input = self.stored_input(record)?;
        let mut history = RecordedHistory::new(events.clone());
        for (child, child_events) in children {
            history = history.child(child, child_events);
        }
        let engine = self
            .engine_for(&record.machine, record.test_case())?
            .seed(record.seed);
        let compiled = self
            .compiled(&record.machine, &engine)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let beats = self.stored_heartbeats(record)?;
        let request = engine
            .compiled(&compiled)
            .name(record.name().to_owned())
            .execution_type(record.machine.kind)
            .keep_child_events(true)
            .recorded_heartbeats(beats);
        // The attempt a redrive before the restart started from: the events before its last
        // `ExecutionRedriven`, with the record the database kept of that attempt's end.
        let redriven_at = events
            .iter()
            .rposition(|e| matches!(e.kind, EventKind::ExecutionRedriven { .. }));
        let failed = match redriven_at {
            Some(at) => Some(self.failed_attempt(record, &events[..at])?),
            None => None,
        };
        let request = match (&failed, events.is_empty()) {
            (Some(failed), _) => request.resume_redrive(failed, history),
            // Acknowledged, and gone before its first event was written: nothing of it ran
            // that anyone saw, so it runs from its start, on its input as it was sent.
            (None, true) => {
                let input: Value = serde_json::from_str(&input).map_err(|e| {
                    ApiError::internal(format!("the stored input of {}: {e}", record.arn))
                })?;
                request.input(input)
            }
            (None, false) => request.resume(history),
        };
        let (running, _held) = self
            .launch(&record.arn, request)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let mut run = lock(&record.run);
        if !matches!(&*run, RunState::Interrupted) {
            // Stopped meanwhile: it stays as that left it.
            running.stop(None, None);
            return Ok(());
        }
        *run = RunState::Running(Box::new(Live {
            execution: running,
            input,
            saved: events.len(),
            // The children's histories are the run's now (the engine continues them).
            children: UnsavedChildEvents::default(),
        }));
        drop(run);
        self.track_running(record);
        self.resumed(&record.arn);
        if let Err(e) = self.update_resumed_map_runs(record) {
            eprintln!(
                "workflow serve: {} resumed, without its Map Runs' updates: {}",
                record.arn, e.message
            );
        }
        Ok(())
    }

    /// Applies what `UpdateMapRun` changed of the resumed execution `record`'s Map Runs before
    /// the restart, once its run resumed them (it settled: its Map Runs run again), on a
    /// thread of its own (a few, for the executions that have one).
    fn update_resumed_map_runs(&self, record: &Arc<ExecutionRecord>) -> Result<(), ApiError> {
        let Some(database) = &self.database else {
            return Ok(());
        };
        let updates = database
            .map_run_updates(&record.arn)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        if updates.is_empty() {
            return Ok(());
        }
        let settled = match &*lock(&record.run) {
            RunState::Running(live) => live.execution.settled(),
            _ => return Ok(()),
        };
        let record = Arc::clone(record);
        let updating = std::thread::Builder::new()
            .name("workflow-serve-map-run-updates".into())
            .spawn(move || {
                futures::executor::block_on(settled);
                if let RunState::Running(live) = &*lock(&record.run) {
                    for updated in &updates {
                        let _ = futures::executor::block_on(live.execution.update_map_run(
                            &updated.map_run,
                            super::map_runs::stored_update(updated),
                        ));
                    }
                }
            });
        updating
            .map(drop)
            .map_err(|e| ApiError::internal(format!("the Map Runs' updates: {e}")))
    }

    /// The attempt of the redriven execution `record` that its last redrive started from:
    /// its history before that redrive (`before`), and how it ended, as the database kept it.
    fn failed_attempt(
        &self,
        record: &ExecutionRecord,
        before: &[HistoryEvent],
    ) -> Result<workflow_runtime::engine::Execution, ApiError> {
        let kept = self
            .database
            .as_ref()
            .map(|database| database.last_result(&record.arn))
            .transpose()
            .map_err(|e| ApiError::internal(e.to_string()))?
            .flatten();
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
    fn stored_heartbeats(
        &self,
        record: &ExecutionRecord,
    ) -> Result<Vec<(TaskToken, i64)>, ApiError> {
        let Some(database) = &self.database else {
            return Ok(Vec::new());
        };
        Ok(database
            .heartbeats(&record.arn)
            .map_err(|e| ApiError::internal(e.to_string()))?
            .into_iter()
            .filter_map(|(token, at)| Some((TaskToken::parse(&token).ok()?, at)))
            .collect())
    }

    /// Fails the interrupted execution `record`, which cannot be resumed because of `why`:
    /// `States.Runtime`, `why` its cause, its history ending with `ExecutionFailed`, written.
    fn fail_unresumable(&self, record: &Arc<ExecutionRecord>, why: &str) -> Result<(), ApiError> {
        let events = self.stored_events(record)?;
        let saved = events.len();
        let input = self.stored_input(record)?;
        let cause =
            format!("workflow serve could not resume this execution after a restart: {why}");
        let finished = Arc::new(Finished::failed(events, record.start_ms, input, &cause));
        let written = Arc::clone(&finished);
        let arn = workflow_aws_models::StatesArn::clone(&record.arn);
        self.save(Box::new(move |tx| {
            super::database::write::result(tx, &arn, &written, saved)
        }))?;
        *lock(&record.run) = RunState::Done(finished.closed());
        self.archive.keep(&record.arn, finished, true);
        self.resumed(&record.arn);
        Ok(())
    }
}
