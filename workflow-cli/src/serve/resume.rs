//! Resuming what the last server on the data directory left running (it was stopped by
//! SIGTERM, killed, or crashed): each execution it acknowledged continues from its stored
//! history, with the engine's resume (`StartExecution::resume`), before the server answers
//! anyone. AWS never ends an execution because its own machinery restarted: a running
//! execution goes on. So here: a Wait keeps its deadline, a callback Task keeps its token (the
//! token issued before the restart answers it after), a Distributed Map keeps its Map Run (its
//! ARN, its finished children and their counts) and resumes its unfinished children, and the
//! history goes on with the next ids, without `ExecutionRedriven`. A Task whose result was not
//! stored is invoked again: the one place where the local server cannot run a Task exactly
//! once, as AWS runs a STANDARD execution's.
//!
//! EXPRESS executions resume the same way: AWS runs them at least once ("Express Workflows
//! employ an at-least-once execution model", the Developer Guide's "Choosing workflow type"),
//! so running part of one again is within what AWS promises; they keep their ARN (their seed
//! is stored).

use super::protocol::ApiError;
use super::records::{ExecutionRecord, Live, RunState, UnsavedChildEvents};
use super::service::{Service, lock};
use serde_json::Value;
use std::sync::Arc;
use workflow_runtime::execution::{HistoryEvent, RecordedHistory};

/// What a restart did with the executions the last server left running.
#[derive(Debug, Default)]
pub(crate) struct Resumed {
    /// How many run again.
    pub resumed: usize,
    /// Those whose resume was refused, with why: RUNNING still, without a run
    /// ([`RunState::Interrupted`]), until `StopExecution` ends them.
    pub refused: Vec<(String, String)>,
}

impl Service {
    /// Resumes every execution the last server on the data directory left running, in the
    /// order they started.
    pub fn resume_interrupted(&self) -> Resumed {
        let mut outcome = Resumed::default();
        for record in self.interrupted_executions() {
            match self.resume(&record) {
                Ok(()) => outcome.resumed += 1,
                Err(e) => outcome.refused.push((record.arn.to_string(), e.message)),
            }
        }
        outcome
    }

    /// Resumes the interrupted execution `record` from its stored history and its
    /// Distributed Maps' children's.
    fn resume(&self, record: &Arc<ExecutionRecord>) -> Result<(), ApiError> {
        let events = self.stored_events(record)?;
        let children = self.stored_child_events(record)?;
        let input = self.stored_input(record)?;
        let mut history = RecordedHistory::new(typed(&record.arn, &events)?);
        for (child, child_events) in &children {
            let arn = child
                .parse()
                .map_err(|e| ApiError::internal(format!("a stored child execution's ARN: {e}")))?;
            history = history.child(arn, typed(child, child_events)?);
        }
        let engine = self
            .engine_for(&record.machine, record.test_case.as_deref())?
            .seed(record.seed);
        let compiled = self
            .compiled(&record.machine, &engine)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let request = engine
            .compiled(&compiled)
            .name(record.name.clone())
            .execution_type(record.machine.kind)
            .keep_child_events(true);
        let request = if events.is_empty() {
            // Acknowledged, and gone before its first event was written: nothing of it ran
            // that anyone saw, so it runs from its start, on its input as it was sent.
            let input: Value = serde_json::from_str(&input).map_err(|e| {
                ApiError::internal(format!("the stored input of {}: {e}", record.arn))
            })?;
            request.input(input)
        } else {
            request.resume(history)
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
        Ok(())
    }
}

/// The stored events of the execution `arn` as the engine's events.
fn typed(arn: &dyn std::fmt::Display, events: &[Value]) -> Result<Vec<HistoryEvent>, ApiError> {
    events
        .iter()
        .map(|event| {
            HistoryEvent::from_json(event).ok_or_else(|| {
                ApiError::internal(format!(
                    "a stored event of {arn} does not decode: {}",
                    event.get("id").unwrap_or(&Value::Null)
                ))
            })
        })
        .collect()
}
