//! Activities: Task states whose resource is `arn:aws:states:<region>:<account>:activity:<name>`,
//! served by an in-process worker through [`crate::RunningExecution::get_activity_task`]
//! (`GetActivityTask`) and the `send_task_*` calls (`SendTaskSuccess`, `SendTaskFailure`,
//! `SendTaskHeartbeat`).
//!
//! As on the service, the task is `ActivityScheduled` until a worker takes it
//! (`ActivityStarted`, with the worker's name), then ends `ActivitySucceeded`,
//! `ActivityFailed` or `ActivityTimedOut`. `TimeoutSeconds` counts from the scheduling,
//! `HeartbeatSeconds` from the worker's start or its last heartbeat. Executions run with
//! [`crate::Engine::run`] serve activities with the handler registered for the activity's ARN.
//! An activity must exist (declared with [`crate::Engine::activity`], or served by a handler
//! of its own): a Task on one that does not fails with `States.Runtime`, as on the service.

use super::callbacks::{Answer, Hub, WaitingTask, answer_to_result, stalled};
use crate::core::error::Failure;
use crate::core::program::Node;
use crate::core::run::{Run, Strand};
use crate::execution::{EventKind, JsonText};
use futures::StreamExt;
use serde_json::Value;
use workflow_aws_models::Resource;

/// What `GetActivityTask` hands a worker.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityTask {
    /// The token to answer with.
    pub task_token: String,
    /// The task's input: its `Parameters` (JSONPath) or `Arguments` (JSONata) evaluated.
    pub input: Value,
}

impl Run<'_> {
    /// Schedules an activity task and waits for a worker's answer or a deadline.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn invoke_activity(
        &self,
        hub: &Hub,
        node: &Node,
        resource: &Resource,
        input: Value,
        timeout: Option<u64>,
        heartbeat: Option<u64>,
        strand: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        self.event(
            strand,
            EventKind::ActivityScheduled {
                resource: resource.to_string(),
                input: JsonText::from(&input),
                timeout_seconds: timeout,
                heartbeat_seconds: heartbeat,
            },
        )?;
        let task = WaitingTask {
            task_token: self.new_token(),
            state: node.name.to_string(),
            resource: resource.clone(),
            input,
        };
        let left = strand.clock.remaining_millis();
        let mut answers =
            hub.register(task, (timeout, heartbeat), left, Some(resource.to_string()));
        let mut counted_ms = 0;
        loop {
            let answer = answers.next().await.unwrap_or(Answer::Stalled);
            let timed_out = matches!(answer, Answer::TimedOut { .. });
            let answer = match answer {
                Answer::Started {
                    worker_name,
                    after_ms,
                } => {
                    let waited = u64::try_from(after_ms - counted_ms).unwrap_or(0);
                    strand
                        .clock
                        .advance(std::time::Duration::from_millis(waited));
                    counted_ms = after_ms;
                    self.event(strand, EventKind::ActivityStarted { worker_name })?;
                    continue;
                }
                Answer::Stalled => return Err(stalled()),
                other => answer_to_result(other, counted_ms, strand),
            };
            return match answer {
                Ok(output) if crate::core::limits::too_large(&output) => {
                    Err(Failure::task_data_limit(resource.as_str()))
                }
                Ok(output) => {
                    self.event(
                        strand,
                        EventKind::ActivitySucceeded {
                            output: JsonText::from(&output),
                        },
                    )?;
                    Ok(output)
                }
                Err(failure) => {
                    // As the state reports it (a heartbeat's expiry is `States.Timeout`, as AWS
                    // recorded for activities too: LocalStack's `test_activities`).
                    let f = Failure::from(failure);
                    let cause = f.cause.clone();
                    let kind = if timed_out {
                        EventKind::ActivityTimedOut {
                            error: f.error.clone(),
                            cause,
                        }
                    } else {
                        EventKind::ActivityFailed {
                            error: f.error_name().cloned(),
                            cause,
                        }
                    };
                    self.event(strand, kind)?;
                    Err(f)
                }
            };
        }
    }
}
