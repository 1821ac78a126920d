//! Activities: Task states whose resource is `arn:aws:states:<region>:<account>:activity:<name>`,
//! served by an in-process worker through [`crate::RunningExecution::get_activity_task`]
//! (`GetActivityTask`) and the `send_task_*` calls (`SendTaskSuccess`, `SendTaskFailure`,
//! `SendTaskHeartbeat`).
//!
//! As on the service, the task is `ActivityScheduled` until a worker takes it
//! (`ActivityStarted`, with the worker's name), then ends `ActivitySucceeded`,
//! `ActivityFailed` or `ActivityTimedOut`. `TimeoutSeconds` counts from the scheduling,
//! `HeartbeatSeconds` from the worker's start or its last heartbeat. Executions run with
//! [`crate::StartExecution::run`] serve activities with the handler registered for the activity's ARN.
//! An activity must exist (declared with [`crate::Engine::activity`], or served by a handler
//! of its own): a Task on one that does not fails with `States.Runtime`, as on the service.

use super::callbacks::{Answer, Hub, WaitingTask, answer_to_result};
use crate::core::error::Failure;
use crate::core::host::TaskAt;
use crate::core::run::{Run, Strand};
use crate::core::task_events::TaskEvents;
use crate::core::task_outcome::{TaskFailure, TaskOutput};
use futures::StreamExt;
use serde_json::Value;

/// What `GetActivityTask` hands a worker.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityTask {
    /// The token to answer with.
    pub task_token: String,
    /// The task's input: its `Parameters` (JSONPath) or `Arguments` (JSONata) evaluated.
    pub input: Value,
}

impl Run<'_> {
    /// An activity task the core scheduled (`ActivityScheduled`): waits for a worker
    /// (`ActivityStarted`, written here), then for its answer or a deadline; the core writes
    /// the end. A resumed task whose worker's start was recorded waits for its answer only.
    pub(crate) async fn invoke_activity(
        &self,
        hub: &Hub,
        task: TaskAt<'_>,
        strand: &mut Strand<'_>,
    ) -> Result<Result<TaskOutput, TaskFailure>, Failure> {
        let events = TaskEvents::of(task.resource, &self.identity.region);
        let waiting = WaitingTask {
            task_token: self.derived_token(task.entered, task.retry_count, "activity"),
            state: task.node.name.to_string(),
            resource: task.resource.clone(),
            input: task.parameters,
        };
        let left = strand.clock.remaining_millis();
        let started = task.recorded.and_then(|r| r.worker);
        let mut answers = hub.register(
            waiting,
            (task.timeout, task.heartbeat),
            left,
            Some(task.resource.to_string()),
            started.is_some(),
        );
        if let Some(worker_name) = started {
            self.event(strand, events.started(worker_name))?;
        }
        let mut counted_ms = 0;
        loop {
            let answer = answers.next().await.unwrap_or(Answer::Stalled);
            return Ok(match answer {
                Answer::Started {
                    worker_name,
                    after_ms,
                } => {
                    let waited = u64::try_from(after_ms - counted_ms).unwrap_or(0);
                    strand
                        .clock
                        .advance(std::time::Duration::from_millis(waited));
                    counted_ms = after_ms;
                    self.event(strand, events.started(worker_name))?;
                    continue;
                }
                Answer::Stalled => Err(TaskFailure::new(
                    workflow_asl::ErrorName::Runtime,
                    super::callbacks::STALLED_CAUSE,
                )),
                other => answer_to_result(other, counted_ms, strand).map(TaskOutput::from),
            });
        }
    }
}
