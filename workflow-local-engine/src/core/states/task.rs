//! Task states: the request checked, the Task handed to the host to answer
//! ([`crate::core::host::Host::answer_task`]), with the history events, the timeout, the
//! heartbeat and the result's check.

use crate::core::error::Failure;
use crate::core::host::TaskAt;
use crate::core::prior::{RecordedEnd, RecordedTask};
use crate::core::program::{Body, Node};
use crate::core::run::{Run, Strand};
use crate::core::task_events::TaskEvents;
use crate::core::task_outcome::{TaskFailure, TaskOutput};
use crate::execution::{EventKind, JsonText};
use serde_json::Value;
use std::time::Duration;
use workflow_asl::ErrorName;
use workflow_aws_models::Resource;

impl Run<'_> {
    /// Runs a Task: its host answers it; the core writes its events, passes its time and
    /// checks its result.
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
        // Step Functions refuses a request whose text members are not text before the task
        // is scheduled.
        if matches!(node.body, Body::Task { .. })
            && let Some(failure) =
                crate::core::request_check::start_failure(resource, &parameters, node.jsonata)
        {
            return Err(failure);
        }
        if let Some(seen) = strand.seen.as_deref_mut() {
            seen.parameters = Some(parameters.clone());
        }
        let events = TaskEvents::of(resource, &self.identity.region);
        let activity = matches!(events, TaskEvents::Activity { .. });
        let mut task = TaskAt {
            node,
            resource,
            parameters,
            token,
            retry_count,
            timeout,
            heartbeat,
            entered: strand.entered,
            recorded: None,
        };
        // What the host refuses before the task is scheduled (an activity that does not
        // exist).
        if let Some(refusal) = self.host.refuses(&task) {
            return Err(refusal);
        }
        // A callback's token is issued before the event that shows it, and closed when the
        // task ends, whatever answers it (a `.sync` task's tracks its job, and is not the
        // client's to answer).
        let _issued = task
            .token
            .as_deref()
            .filter(|_| resource.waits_for_task_token())
            .map(|token| IssuedToken::issue(&*self.host, token));
        // The events of a service integration, a Lambda function or an activity (whose start
        // is its worker's).
        self.event(
            strand,
            events.scheduled(&task.parameters, timeout, heartbeat),
        )?;
        if !activity {
            self.event(strand, events.started(None))?;
        }
        // What the record shows of the task, when the run continues a prior history: its
        // end answers it; without one (a resume whose record stops inside the task), what it
        // recorded on the way is the host's to know.
        let recorded = self.prior.as_deref().and_then(|prior| {
            prior.recorded_task(
                strand.last_event,
                (strand.entered, &node.name),
                &task.parameters,
            )
        });
        if let Some(RecordedTask {
            end: Some(end),
            submitted,
            worker,
            ..
        }) = recorded
        {
            // It was invoked: a mock configuration's next response for the state is the
            // next invocation's (Step Functions Local counts a state's invocations, retries
            // included), so that a resumed execution's retry gets the retry's response.
            self.next_invocation(&node.name);
            return self
                .recorded_end(resource, &events, (end, submitted, worker), strand)
                .await;
        }
        // A replay of a stopped or still running execution whose record shows the task
        // started and not ended: it had not ended when the record stopped.
        if recorded.as_ref().is_some_and(|r| r.end.is_none())
            && self
                .prior
                .as_deref()
                .is_some_and(|p| p.replays_an_unfinished_record())
        {
            return Err(Failure::record_ended());
        }
        task.recorded = recorded;
        // A Task's result must match its integration's (not a Map ItemReader's items, nor what
        // the holder of a task token passed in the request sends back).
        let checked = matches!(node.body, Body::Task { .. })
            && !crate::core::result_check::passes_token(task.token.as_deref(), &task.parameters);
        // What the service refuses before doing anything (DynamoDB's expression rules) is
        // its answer, whatever would have answered the task.
        let refused = matches!(node.body, Body::Task { .. })
            .then(|| crate::core::request_check::service_refusal(resource, &task.parameters))
            .flatten();
        let outcome = match refused {
            Some(failure) => Err(failure),
            None => {
                self.host
                    .answer_task(crate::core::host::TaskContext::new(self, strand, task))
                    .await?
            }
        };
        // An EXPRESS child a replay runs again, whose Task nothing answers: it keeps no
        // history to answer it from, so its recorded outcome is taken (see
        // `Run::stands_for_recorded`).
        if self.stands_for_recorded.is_some()
            && matches!(&outcome, Err(failure) if failure.unanswered)
        {
            return Err(Failure::record_ended());
        }
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
                Some(d) => match crate::core::timeouts::expiry(d, timeout, heartbeat) {
                    Some((failure, after)) => (Err(failure), after),
                    None => (Err(f), d),
                },
                None => (Err(f), Duration::ZERO),
            },
            Ok(out) if crate::core::quotas::too_large(&out.value) => (
                Err(TaskFailure::new(
                    ErrorName::DataLimitExceeded,
                    Failure::task_data_limit(&data_limit_subject(resource)).cause,
                )),
                Duration::ZERO,
            ),
            Ok(out) => match crate::core::timeouts::expiry(out.duration, timeout, heartbeat) {
                Some((failure, after)) => (Err(failure), after),
                None => {
                    let checked = if checked {
                        crate::core::result_check::check(
                            crate::core::result_check::mode(self.field_validation, &out),
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
                if let Some(seen) = strand.seen.as_deref_mut() {
                    seen.result = Some(value.clone());
                }
                Ok(value)
            }
            Err(f) => {
                // As the state reports it (a heartbeat's expiry is `States.Timeout`).
                let f = Failure::from(f);
                let timed_out = crate::core::timeouts::is_timeout(&f.error);
                let kind = events.ended_badly(timed_out, &f);
                self.event(strand, kind)?;
                Err(f)
            }
        }
    }

    /// A Task the record answers: what it recorded on the way (a worker's start, the
    /// submission), the time it took, and its end, as recorded.
    async fn recorded_end(
        &self,
        resource: &Resource,
        events: &TaskEvents,
        (end, submitted, worker): (RecordedEnd, Option<Value>, Option<Option<String>>),
        strand: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        if matches!(events, TaskEvents::Activity { .. }) {
            self.event(strand, events.started(worker.flatten()))?;
        }
        if crate::core::task_events::submits(resource) {
            let response = submitted.unwrap_or_else(|| Value::Object(serde_json::Map::new()));
            self.submitted(resource, response, strand)?;
        }
        self.pass_time(strand, end.took).await;
        if strand.clock.expired() {
            return Err(Failure::execution_timed_out());
        }
        match end.outcome {
            Ok(value) => {
                self.event(strand, events.succeeded(&value))?;
                if let Some(seen) = strand.seen.as_deref_mut() {
                    seen.result = Some(value.clone());
                }
                Ok(value)
            }
            Err((error, cause)) => {
                let f = Failure::from(TaskFailure::answered(error, cause));
                let timed_out = crate::core::timeouts::is_timeout(&f.error);
                self.event(strand, events.ended_badly(timed_out, &f))?;
                Err(f)
            }
        }
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
}

/// How the service names a task in a `States.DataLimitExceeded` cause: the service of an
/// integration (`lambda` for `arn:aws:states:::lambda:invoke`, `aws-sdk` for an AWS SDK
/// one, in any partition), else the resource.
fn data_limit_subject(resource: &Resource) -> String {
    match resource.integration() {
        // `aws-sdk` of `aws-sdk:s3`.
        Some(_) => {
            let (kind, _) = resource.history_parts();
            kind.split(':').next().unwrap_or_default().to_owned()
        }
        None => resource.to_string(),
    }
}

/// A callback's token issued to the host ([`Notice::TokenIssued`]): closed when dropped
/// ([`Notice::TokenClosed`]), once its task ended or its strand did.
///
/// [`Notice::TokenIssued`]: crate::core::host::Notice::TokenIssued
/// [`Notice::TokenClosed`]: crate::core::host::Notice::TokenClosed
struct IssuedToken<'h, 'e> {
    host: &'h dyn crate::core::host::Host<'e>,
    token: String,
}

impl<'h, 'e> IssuedToken<'h, 'e> {
    fn issue(host: &'h dyn crate::core::host::Host<'e>, token: &str) -> Self {
        host.notice(crate::core::host::Notice::TokenIssued(token));
        IssuedToken {
            host,
            token: token.to_owned(),
        }
    }
}

impl Drop for IssuedToken<'_, '_> {
    fn drop(&mut self) {
        self.host
            .notice(crate::core::host::Notice::TokenClosed(&self.token));
    }
}
