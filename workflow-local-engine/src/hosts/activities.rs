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
use crate::core::host::TaskContext;
use crate::core::task_outcome::{TaskFailure, TaskOutput};
use serde_json::Value;
use workflow_aws_models::TaskToken;

/// What `GetActivityTask` hands a worker: the local engine's
/// ([`RunningExecution::get_activity_task`](crate::RunningExecution::get_activity_task)) and
/// the client's on AWS (`workflow_runtime::client::ActivityRef::get_task`) alike.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityTask {
    /// The token to answer with.
    pub task_token: TaskToken,
    /// The task's input: its `Parameters` (JSONPath) or `Arguments` (JSONata) evaluated.
    pub input: Value,
}

/// An activity task the core scheduled (`ActivityScheduled`): waits for a worker
/// (`ActivityStarted`, written here), then for its answer or a deadline; the core writes the
/// end. A resumed task whose worker's start was recorded waits for its answer only.
pub(crate) async fn invoke_activity(
    hub: &Hub,
    child: Option<std::sync::Arc<workflow_aws_models::StatesArn>>,
    mut cx: TaskContext<'_, '_, '_>,
) -> Result<Result<TaskOutput, TaskFailure>, Failure> {
    // The engine's tokens are UUIDs: always tokens.
    let task_token =
        TaskToken::parse(&cx.token("activity")).map_err(|e| Failure::runtime(e.to_string()))?;
    let waiting = WaitingTask {
        task_token,
        state: cx.task.node.name.to_string(),
        resource: cx.task.resource.clone(),
        input: cx.task.parameters.clone(),
    };
    let left = cx.remaining_millis();
    let token = waiting.task_token.clone();
    let started = cx.task.recorded.as_ref().and_then(|r| r.worker.clone());
    let resumed_started = started.is_some();
    if let Some(worker_name) = started {
        // Its answer follows the recorded `ActivityStarted`, at its time.
        cx.started(worker_name)?;
    }
    let mut answers = hub.register(
        waiting,
        (cx.task.timeout, cx.task.heartbeat),
        left,
        Some(cx.task.resource.to_string()),
        resumed_started,
        ((child, cx.last_event()), cx.now_millis()),
        cx.task.recorded.as_ref(),
    );
    let mut counted_ms = 0;
    loop {
        let answer = hub.next_answer(&mut answers, &token).await;
        return Ok(match answer {
            Answer::Started {
                worker_name,
                after_ms,
            } => {
                let waited = u64::try_from(after_ms - counted_ms).unwrap_or(0);
                cx.advance(std::time::Duration::from_millis(waited));
                counted_ms = after_ms;
                cx.started(worker_name)?;
                continue;
            }
            Answer::Stalled => Err(TaskFailure::new(
                workflow_asl::ErrorName::Runtime,
                super::callbacks::STALLED_CAUSE,
            )),
            other => answer_to_result(other, counted_ms, &mut cx).map(TaskOutput::from),
        });
    }
}
