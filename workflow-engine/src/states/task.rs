//! Task states: the handler or mocked response called, with the history events, the
//! timeout and the heartbeat.

use crate::error::Failure;
use crate::execution::{EventKind, JsonText};
use crate::handlers::{TaskFailure, TaskOutput};
use crate::program::{Body, Node};
use crate::run::{Run, Strand};
use crate::task_events::TaskEvents;
use serde_json::Value;
use std::time::Duration;
use workflow_asl::ErrorName;
use workflow_aws_models::Resource;

impl Run<'_> {
    /// Calls the task's handler (or its mocked response), with the history events, the
    /// timeout and the heartbeat.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn invoke(
        &self,
        node: &Node,
        resource: &Resource,
        parameters: Value,
        token: Option<String>,
        retry_count: u32,
        timeout: Option<u64>,
        heartbeat: Option<u64>,
        strand: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        if let Some(recorded) = self.replay.and_then(|r| r.take(&node.name, &parameters)) {
            self.pass_time(strand, recorded.took).await;
            return Ok(recorded.value);
        }
        // Step Functions refuses a request whose text members are not text before the task
        // is scheduled.
        if matches!(node.body, Body::Task { .. })
            && let Some(failure) =
                crate::request_check::start_failure(resource, &parameters, node.jsonata)
        {
            return Err(failure);
        }
        if resource.is_activity() && !self.activity_exists(node, resource) {
            return Err(Failure::runtime(format!(
                "The activity {resource} does not exist."
            )));
        }
        // On a started execution an activity waits for a worker, unless a handler of its own
        // (for the state or the activity) stands in for the worker, as on a run.
        if let Some(hub) = self.callbacks
            && resource.is_activity()
            && !self.handlers.serves(&node.name, resource)
        {
            return self
                .invoke_activity(hub, node, resource, parameters, timeout, heartbeat, strand)
                .await;
        }
        // The events of a service integration, a Lambda function or an activity.
        let events = TaskEvents::of(resource, &self.identity.region);
        self.event(strand, events.scheduled(&parameters, timeout, heartbeat))?;
        self.event(strand, events.started(None))?;
        // A Task's result must match its integration's (not a Map ItemReader's items, nor what
        // the holder of a task token passed in the request sends back).
        let checked = matches!(node.body, Body::Task { .. })
            && !crate::result_check::passes_token(token.as_deref(), &parameters);
        let invocation = self.next_invocation(&node.name);
        let mocked = self.mocks.and_then(|m| m.result(&node.name, invocation));
        let hub = self
            .callbacks
            .filter(|_| mocked.is_none() && resource.waits_for_task_token());
        // A task answered by a test's callback writes `TaskSubmitted` once its service call
        // returned (in `await_callback`); a handler or mock stands for the whole task, and the
        // submission's response is not known: `{}`.
        if hub.is_none() && submits(resource) {
            self.submitted(resource, Value::Object(serde_json::Map::new()), strand)?;
        }
        let outcome = match mocked {
            Some(mocked) => mocked,
            None => match hub {
                Some(hub) => {
                    let call = (node, resource, parameters, token, retry_count);
                    self.await_callback(hub, call, timeout, heartbeat, strand)
                        .await
                }
                None => {
                    self.call_handler(
                        node,
                        resource,
                        parameters,
                        token,
                        retry_count,
                        timeout,
                        strand,
                    )
                    .await
                }
            },
        };
        // What the test says the task takes, for whatever answered it without a duration of
        // its own (`Engine::task_duration`).
        let configured = self.options.task_durations.get(&*node.name).copied();
        let outcome = match (outcome, configured) {
            (Ok(out), Some(d)) if out.duration.is_zero() => Ok(TaskOutput::after(d, out.value)),
            (outcome, _) => outcome,
        };
        // What the task gave, and the virtual time it took until it ended.
        let (outcome, took) = match outcome {
            // A failure that took the configured time: unless the task timed out first.
            Err(f) => match configured {
                Some(d) => match crate::timeouts::expiry(d, timeout, heartbeat) {
                    Some((failure, after)) => (Err(failure), after),
                    None => (Err(f), d),
                },
                None => (Err(f), Duration::ZERO),
            },
            Ok(out) if crate::limits::too_large(&out.value) => (
                Err(TaskFailure::new(
                    ErrorName::DataLimitExceeded,
                    Failure::task_data_limit(&data_limit_subject(resource)).cause,
                )),
                Duration::ZERO,
            ),
            Ok(out) => match crate::timeouts::expiry(out.duration, timeout, heartbeat) {
                Some((failure, after)) => (Err(failure), after),
                None => {
                    let checked = if checked {
                        crate::result_check::check(
                            self.field_validation,
                            &node.name,
                            resource,
                            &out.value,
                        )
                    } else {
                        Ok(())
                    };
                    match checked {
                        Ok(()) => (Ok(out.value), out.duration),
                        Err(f) => (Err(f), Duration::ZERO),
                    }
                }
            },
        };
        self.pass_time(strand, took).await;
        // A task still running when the execution's time is up never reports.
        if strand.clock.expired() {
            return Err(Failure::execution_timed_out());
        }
        match outcome {
            Ok(value) => {
                self.event(strand, events.succeeded(&value))?;
                Ok(value)
            }
            Err(f) => {
                // As the state reports it (a heartbeat's expiry is `States.Timeout`).
                let f = Failure::from(f);
                let timed_out = crate::timeouts::is_timeout(&f.error);
                let kind = events.ended_badly(timed_out, &f);
                self.event(strand, kind)?;
                Err(f)
            }
        }
    }

    /// Whether the activity a Task of `node` uses exists: declared with
    /// [`crate::Engine::activity`], served by a handler of its own, or standing behind
    /// a mocked state.
    fn activity_exists(&self, node: &Node, resource: &Resource) -> bool {
        self.activities.contains(resource.as_str())
            || self.handlers.serves(&node.name, resource)
            || self.mocks.is_some_and(|m| m.covers(&node.name))
    }

    /// Writes `TaskSubmitted` for a `.sync` or `.waitForTaskToken` task whose service call
    /// returned `response`.
    pub(crate) fn submitted(
        &self,
        resource: &Resource,
        response: Value,
        strand: &mut Strand<'_>,
    ) -> Result<(), Failure> {
        let (resource_type, named) = resource.history_parts();
        self.event(
            strand,
            EventKind::TaskSubmitted {
                resource_type,
                resource: named,
                output: JsonText::from(&response),
            },
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn call_handler(
        &self,
        node: &Node,
        resource: &Resource,
        parameters: Value,
        token: Option<String>,
        retry_count: u32,
        timeout: Option<u64>,
        strand: &Strand<'_>,
    ) -> Result<TaskOutput, TaskFailure> {
        let Some((handler, shape)) = self.handlers.find(&node.name, resource, &parameters) else {
            return Err(TaskFailure::new(
                ErrorName::Runtime,
                format!(
                    "no handler for resource `{resource}` (Task state `{}`); {}",
                    node.name, self.options.missing_handler_advice
                ),
            ));
        };
        let call = crate::handlers::TaskCall {
            state: node.name.to_string(),
            resource: resource.clone(),
            input: shape.request(parameters),
            task_token: token,
            retry_count,
        };
        // A handler that panics is a bug in the test (a failing `assert!` in a fake Lambda):
        // by default the panic unwinds into the caller of the run, so the test fails with it,
        // even where a `Catch` on `States.ALL` would swallow a task failure. With
        // `Engine::panics_fail_tasks(true)` it fails the task with `States.TaskFailed` instead.
        let state = node.name.to_string();
        let fail_task = self.handlers.panics_fail_tasks();
        let panicked = move |payload: Box<dyn std::any::Any + Send>| {
            if !fail_task {
                std::panic::resume_unwind(payload);
            }
            let message = crate::handlers::panic_message(&*payload)
                .unwrap_or_else(|| "a non-text panic payload".to_owned());
            TaskFailure::new(
                ErrorName::TaskFailed,
                format!("the handler of Task state `{state}` panicked: {message}"),
            )
        };
        let future: crate::handlers::HandlerFuture =
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(call))) {
                Ok(future) => {
                    use futures::FutureExt as _;
                    let panicked = panicked.clone();
                    Box::pin(
                        std::panic::AssertUnwindSafe(future)
                            .catch_unwind()
                            .map(move |r| r.unwrap_or_else(|p| Err(panicked(p)))),
                    )
                }
                Err(payload) => return Err(panicked(payload)),
            };
        // While the handler runs, its strand is at the current time: no later sleeper wakes.
        let _running = self.timeline.busy();
        let output = match (strand.clock.is_virtual(), timeout) {
            (false, Some(t)) => match tokio::time::timeout(Duration::from_secs(t), future).await {
                Ok(r) => r?,
                Err(_) => return Err(TaskFailure::new(ErrorName::Timeout, "")),
            },
            _ => future.await?,
        };
        Ok(TaskOutput {
            value: shape.response(output.value),
            duration: output.duration,
        })
    }
}

/// Whether a task writes `TaskSubmitted` between `TaskStarted` and its end: every `.sync`
/// (job run) and `.waitForTaskToken` (callback) task does, with the response of the call that
/// started the job or sent the token as its `output` (LocalStack's snapshots, recorded on
/// AWS: 37 such tasks, `sqs:sendMessage.waitForTaskToken`, `sns:publish.waitForTaskToken`,
/// `states:startExecution.sync` and `.sync:2`, `ecs:runTask.sync`, each `TaskStarted` →
/// `TaskSubmitted` → `TaskSucceeded`, `TaskFailed` or `TaskTimedOut`); a request-response
/// task does not.
fn submits(resource: &Resource) -> bool {
    resource.waits_for_task_token() || resource.runs_a_job()
}

/// How the service names a task in a `States.DataLimitExceeded` cause: the service of an
/// integration (`lambda` for `arn:aws:states:::lambda:invoke`, `aws-sdk` for an AWS SDK
/// one, in any partition), else the resource.
fn data_limit_subject(resource: &Resource) -> String {
    match resource.integration() {
        Some(_) => resource.history_parts().0,
        None => resource.to_string(),
    }
}
