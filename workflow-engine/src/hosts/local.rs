//! The engine's own host: what answers the core for a run, a started execution, a redrive,
//! an EXPRESS run and TestState, from the parts the execution was started with. Its Tasks are
//! answered in one order: a redrive's recorded result, then an activity's worker (a started
//! execution), then a mock, then the test's callback (`.waitForTaskToken` on a started
//! execution), then a handler.

use super::callbacks::Hub;
use super::coverage::MachineCoverage;
use super::handlers::Handlers;
use super::mock::Mocks;
use super::test_state::TestStep;
use crate::core::error::Failure;
use crate::core::host::{Compound, Host, Observed, TaskAt};
use crate::core::live_map_run::{MapRunSignal, RunningMapRun};
use crate::core::map_run::MapRun;
use crate::core::program::Node;
use crate::core::run::{Run, Strand};
use crate::core::task_events::submits;
use crate::core::task_outcome::{TaskFailure, TaskOutput};
use crate::execution::{ExecutionStatus, HistoryEvent};
use futures::future::BoxFuture;
use serde_json::Value;
use std::collections::BTreeSet;
use std::task::{Context, Poll};

/// The parts an execution was started with, and which execution of them this is.
#[derive(Clone, Copy)]
pub(crate) struct LocalHost<'e> {
    /// The handlers registered with the engine.
    pub handlers: &'e Handlers,
    /// The mocked responses, if any.
    pub mocks: Option<&'e Mocks>,
    /// The activities declared with `Engine::activity`.
    pub activities: &'e BTreeSet<String>,
    /// Where `.waitForTaskToken` tasks and activities wait for the test's answers, for an
    /// execution started with `StartExecution::start`.
    pub callbacks: Option<&'e Hub>,
    /// TestState: the one state run, its mock and context.
    pub test: Option<&'e TestStep>,
    /// Where the points this execution reaches are counted, when coverage is on.
    pub coverage: Option<&'e MachineCoverage>,
    /// Whether this is the execution `callbacks` shows (not a child of its Distributed Maps,
    /// which has a history of its own).
    pub shows: bool,
}

impl<'e> LocalHost<'e> {
    /// The hub that shows this execution's events and Map Runs, if it is shown.
    fn shown(&self) -> Option<&'e Hub> {
        self.callbacks.filter(|_| self.shows)
    }

    /// Whether the activity a Task of `node` uses exists: declared with `Engine::activity`,
    /// served by a handler of its own, or standing behind a mocked state.
    fn activity_exists(&self, task: &TaskAt<'_>) -> bool {
        self.activities.contains(task.resource.as_str())
            || self.handlers.serves(&task.node.name, task.resource)
            || self.mocks.is_some_and(|m| m.covers(&task.node.name))
    }
}

impl<'e> Host<'e> for LocalHost<'e> {
    fn refuses(&self, task: &TaskAt<'_>) -> Option<Failure> {
        (task.resource.is_activity() && !self.activity_exists(task))
            .then(|| Failure::runtime(format!("The activity {} does not exist.", task.resource)))
    }

    fn answer_task<'a>(
        &'a self,
        run: &'a Run<'e>,
        task: TaskAt<'a>,
        strand: &'a mut Strand<'_>,
    ) -> BoxFuture<'a, Result<Result<TaskOutput, TaskFailure>, Failure>> {
        Box::pin(async move {
            if task.resource.is_activity() {
                // On a started execution an activity waits for a worker, unless a handler of
                // its own (for the state or the activity) stands in for the worker, as on a
                // run; a mock or a handler standing for it starts it at once.
                let hub = self
                    .callbacks
                    .filter(|_| !self.handlers.serves(&task.node.name, task.resource));
                if let Some(hub) = hub {
                    return run.invoke_activity(hub, task, strand).await;
                }
                let events =
                    crate::core::task_events::TaskEvents::of(task.resource, &run.identity.region);
                run.event(strand, events.started(None))?;
            }
            let invocation = run.next_invocation(&task.node.name);
            let mocked = self
                .mocks
                .and_then(|m| m.result(&task.node.name, invocation));
            let hub = self
                .callbacks
                .filter(|_| mocked.is_none() && task.resource.waits_for_task_token());
            // A task answered by a test's callback writes `TaskSubmitted` once its service
            // call returned (in `await_callback`); a handler or mock stands for the whole
            // task, and the submission's response is not known: `{}`.
            if hub.is_none() && submits(task.resource) {
                run.submitted(task.resource, Value::Object(serde_json::Map::new()), strand)?;
            }
            Ok(match (mocked, hub) {
                (Some(mocked), _) => mocked,
                (None, Some(hub)) => run.await_callback(hub, self.handlers, task, strand).await,
                (None, None) => {
                    self.handlers
                        .call(
                            run,
                            task.node,
                            task.resource,
                            task.parameters,
                            task.token,
                            task.retry_count,
                            task.timeout,
                            strand,
                        )
                        .await
                }
            })
        })
    }

    fn failure_at_transition(&self) -> Option<Failure> {
        // The execution's own strands only: a Distributed Map's children (executions of their
        // own) run on, and the execution fails at its transition after the Map, with this
        // failure rather than the Map's.
        let cause = self.shown()?.failure_at_transition()?;
        Some(Failure::reported(workflow_asl::ErrorName::Runtime, cause))
    }

    fn observed(&self, what: Observed<'_>) {
        if let Some(coverage) = self.coverage {
            coverage.observe(what);
        }
    }

    fn written(&self, event: &HistoryEvent) {
        if let Some(hub) = self.shown() {
            hub.record(event);
        }
    }

    fn context(&self) -> Option<&Value> {
        self.test.and_then(TestStep::context)
    }

    fn compound_result(
        &self,
        run: &Run<'e>,
        node: &Node,
        compound: Compound<'_>,
        strand: &Strand<'_>,
    ) -> Option<Result<Value, Failure>> {
        let test = self.test?;
        match compound {
            Compound::Parallel => test.compound_mock(&node.name, run),
            Compound::Map {
                map,
                effective,
                context,
            } => run.test_map_mock(test, node, map, effective, context, strand),
        }
    }

    fn failed_steps(&self, run: &Run<'e>, state: &str, steps: Vec<(&'static str, Value)>) {
        if let Some(test) = self.test {
            test.keep_failed_steps(state, run, steps);
        }
    }

    fn map_run_started(&self, shown: RunningMapRun) -> bool {
        match self.shown() {
            Some(hub) => {
                hub.map_run_started(shown);
                true
            }
            None => false,
        }
    }

    fn map_run_child(&self, arn: &str, ended: Option<&ExecutionStatus>) {
        if let Some(hub) = self.shown() {
            hub.map_run_child(arn, ended);
        }
    }

    fn poll_map_run_signal(&self, arn: &str, cx: &mut Context<'_>) -> Poll<MapRunSignal> {
        match self.shown() {
            Some(hub) => hub.poll_map_run_signal(arn, cx),
            None => Poll::Pending,
        }
    }

    fn map_run_ended(&self, arn: &str) {
        if let Some(hub) = self.shown() {
            hub.map_run_ended(arn);
        }
    }

    fn keep_map_run(&self, ended: MapRun) -> Option<MapRun> {
        // A started execution keeps its Map Runs in its hub, where a later stop finds them.
        match self.shown() {
            Some(hub) => {
                hub.map_run_recorded(ended);
                None
            }
            None => Some(ended),
        }
    }

    fn child(&self, _arn: &str) -> Box<dyn Host<'e> + 'e> {
        Box::new(LocalHost {
            test: None,
            shows: false,
            ..*self
        })
    }
}
