//! The engine's own host: what answers the core for a run, a started execution, a redrive,
//! a resume, a replay, an EXPRESS run and TestState, from the parts the execution was started
//! with. A Task the record of a prior history does not answer (the core answers from it first)
//! goes down the chain of answerers ([`LocalHost::chain`], walked once), in its order: an
//! activity's worker (a started execution), a mock, the test's callback (`.waitForTaskToken`
//! on a started execution), a handler, and, for a run started with a debugger, the debugger
//! when no handler answers: the first that takes it is its [`Answerer`]. A debugger also
//! pauses the run (`crate::debug`).

use super::callbacks::Hub;
use super::coverage::MachineCoverage;
use super::handlers::Handlers;
use super::mock::Mocks;
use crate::core::error::Failure;
use crate::core::host::{Host, Interruptible, Interruption, Notice, TaskAt, TaskContext};
use crate::core::pause::{Paused, Reached};
use crate::core::task_events::submits;
use crate::core::task_outcome::{TaskFailure, TaskOutput};
use crate::debug::{Debugger, PendingTask};
use futures::future::BoxFuture;
use serde_json::Value;
use std::collections::BTreeSet;
use std::task::{Context, Poll};
use workflow_asl::ErrorName;
use workflow_aws_models::{StatesArn, TaskToken};

/// Who answers a Task: the first of the chain ([`LocalHost::chain`]) that takes it.
pub(crate) enum Answerer<'e> {
    /// An activity's worker, through the hub of a started execution (`GetActivityTask`).
    Worker(&'e Hub),
    /// A mock configuration's test case, with its response to this invocation.
    Mock(Result<TaskOutput, TaskFailure>),
    /// The test's answer to a `.waitForTaskToken` task's callback, through the hub of a started
    /// execution (its service call made by a handler, if there is one).
    Callback(&'e Hub),
    /// The handlers registered with the engine (by state, resource, integration, Lambda
    /// function, fallback, `.sync` defaults, a Lambda endpoint).
    Handler(&'e Handlers),
    /// The debugger the run was started with, for a Task nothing else answers.
    Debugger(&'e dyn Debugger),
}

/// The parts an execution was started with, and which execution of them this is: who answers
/// its Tasks (the chain's parts: `hub`, `mocks`, `handlers`), what it may call, what it tells.
#[derive(Clone)]
pub(crate) struct LocalHost<'e> {
    /// The hub of an execution started with `StartExecution::start`: where its activities
    /// wait for workers and its `.waitForTaskToken` tasks for the test's answers, and where it
    /// shows its events and Map Runs.
    pub hub: Option<&'e Hub>,
    /// The mocked responses of a mock configuration's test case, by state and invocation.
    pub mocks: Option<&'e Mocks>,
    /// The handlers registered with the engine.
    pub handlers: &'e Handlers,
    /// The activities declared with `Engine::activity`.
    pub activities: &'e BTreeSet<String>,
    /// Where the points this execution reaches are counted, when coverage is on.
    pub coverage: Option<&'e MachineCoverage>,
    /// Whether this is the execution `hub` shows (not a child of its Distributed Maps, which
    /// has a history of its own).
    pub shows: bool,
    /// The child execution this is, for a child of a Distributed Map.
    pub child: Option<std::sync::Arc<StatesArn>>,
    /// The debugger that pauses the run and answers the Tasks nothing else does, if any.
    pub debugger: Option<&'e dyn Debugger>,
}

impl<'e> LocalHost<'e> {
    /// The execution's host as the engine's parts and a started execution's `hub` make it.
    pub(crate) fn new(
        engine: &'e crate::Engine,
        coverage: Option<&'e MachineCoverage>,
        hub: Option<&'e Hub>,
    ) -> Self {
        LocalHost {
            hub,
            mocks: engine.mocks.as_ref(),
            handlers: &engine.handlers,
            activities: &engine.activities,
            coverage,
            shows: true,
            child: None,
            debugger: None,
        }
    }

    /// The hub that shows this execution's events and Map Runs, if it is shown.
    fn shown(&self) -> Option<&'e Hub> {
        self.hub.filter(|_| self.shows)
    }

    /// Whether the activity a Task of `node` uses exists: declared with `Engine::activity`,
    /// served by a handler of its own, or standing behind a mocked state.
    fn activity_exists(&self, task: &TaskAt<'_>) -> bool {
        self.activities.contains(task.resource.as_str())
            || self.handlers.serves(&task.node.name, task.resource)
            || self.mocks.is_some_and(|m| m.covers(&task.node.name))
    }

    /// Who answers the Task of `cx`, the chain walked once in its order: a started
    /// execution's activity waits for a worker, unless a handler of its own (for the state or
    /// the activity) stands in for the worker, as on a run; then a mock of the state, if it
    /// has one; then, for a `.waitForTaskToken` task of a started execution, the test's
    /// callback; else a handler. Past the worker, the call counts as an invocation of its
    /// state (what a mock answers by).
    fn chain(&self, cx: &TaskContext<'_, 'e, '_>) -> Answerer<'e> {
        let (state, resource) = (&cx.task.node.name, cx.task.resource);
        if let Some(hub) = self.hub
            && resource.is_activity()
            && !self.handlers.serves(state, resource)
        {
            return Answerer::Worker(hub);
        }
        let invocation = cx.invocation();
        if let Some(mocked) = self.mocks.and_then(|m| m.result(state, invocation)) {
            return Answerer::Mock(mocked);
        }
        if let Some(hub) = self.hub
            && resource.waits_for_task_token()
        {
            return Answerer::Callback(hub);
        }
        if let Some(debugger) = self.debugger {
            let lookup = super::handlers::Lookup {
                region: cx.region(),
                callback: false,
            };
            let parameters = &cx.task.parameters;
            if self
                .handlers
                .find(state, resource, parameters, lookup)
                .is_none()
            {
                return Answerer::Debugger(debugger);
            }
        }
        Answerer::Handler(self.handlers)
    }
}

/// The events of a Task that a mock, a handler or the test's callback answers, before it does:
/// an activity's worker is stood in for, so it starts at once; a task answered by a test's
/// `callback` writes `TaskSubmitted` once its service call returned (in `await_callback`), while
/// a handler or mock stands for the whole task, and the submission's response is not known:
/// `{}`.
fn stands_in(cx: &mut TaskContext<'_, '_, '_>, callback: bool) -> Result<(), Failure> {
    if cx.task.resource.is_activity() {
        cx.started(None)?;
    }
    if !callback && submits(cx.task.resource) {
        cx.submitted(Value::Object(serde_json::Map::new()))?;
    }
    Ok(())
}

impl<'e> Host<'e> for LocalHost<'e> {
    fn refuses(&self, task: &TaskAt<'_>) -> Option<Failure> {
        // A debugger stands in for a missing activity's worker.
        let missing = self.debugger.is_none() && !self.activity_exists(task);
        (task.resource.is_activity() && missing)
            .then(|| Failure::runtime(format!("The activity {} does not exist.", task.resource)))
    }

    fn answer_task<'a>(
        &'a self,
        mut cx: TaskContext<'a, 'e, '_>,
    ) -> BoxFuture<'a, Result<Result<TaskOutput, TaskFailure>, Failure>> {
        Box::pin(async move {
            match self.chain(&cx) {
                Answerer::Worker(hub) => {
                    super::activities::invoke_activity(hub, self.child.clone(), cx).await
                }
                Answerer::Mock(mocked) => {
                    stands_in(&mut cx, false)?;
                    Ok(mocked)
                }
                Answerer::Callback(hub) => {
                    stands_in(&mut cx, true)?;
                    Ok(
                        super::callbacks::await_callback(
                            hub,
                            self.handlers,
                            self.child.clone(),
                            cx,
                        )
                        .await,
                    )
                }
                Answerer::Debugger(debugger) => {
                    stands_in(&mut cx, false)?;
                    let task = PendingTask {
                        state: cx.task.node.name.to_string(),
                        resource: cx.task.resource.to_string(),
                        parameters: cx.task.parameters.clone(),
                        token: cx.task.token.clone(),
                        retry_count: cx.task.retry_count,
                        timeout_seconds: cx.task.timeout,
                        heartbeat_seconds: cx.task.heartbeat,
                        trail: cx.trail().clone(),
                        started_millis: cx.now_millis(),
                        scope: cx.scope(),
                    };
                    let answer = {
                        // No other strand passes virtual time while the debugger answers.
                        let _busy = cx.busy();
                        debugger.answer(task).await
                    };
                    cx.advance(answer.took);
                    Ok(answer.outcome.map(TaskOutput::from))
                }
                Answerer::Handler(handlers) => {
                    stands_in(&mut cx, false)?;
                    let (parameters, timeout) = (cx.task.parameters.clone(), cx.task.timeout);
                    // The engine's tokens are UUIDs: always tokens.
                    let token = cx.task.token.as_deref().map(TaskToken::parse).transpose();
                    Ok(match token {
                        Ok(token) => {
                            handlers
                                .call(&mut cx, parameters, token, timeout, false)
                                .await
                        }
                        Err(e) => Err(TaskFailure::new(ErrorName::Runtime, e.to_string())),
                    })
                }
            }
        })
    }

    fn notice(&self, notice: Notice<'_>) -> bool {
        match notice {
            Notice::Reached(what) => {
                if let Some(coverage) = self.coverage {
                    coverage.observe(what);
                }
                false
            }
            // A started execution shows its events, and follows its Map Runs, as they go (not
            // its Distributed Maps' children's, which are executions of their own).
            Notice::Event(event) => {
                match (self.hub, &self.child) {
                    // Its own are in the log its hub shares, which tells the host.
                    (Some(_), None) => {}
                    // A child's, for a starter that stores them to resume the execution.
                    (Some(hub), Some(arn)) => hub.record_child(arn, event),
                    (None, _) => {}
                }
                false
            }
            Notice::MapRunStarted(shown) => match self.shown() {
                Some(hub) => {
                    hub.map_run_started(*shown);
                    true
                }
                None => false,
            },
            Notice::MapRunChild {
                arn,
                child,
                ended,
                history,
            } => {
                if let Some(hub) = self.shown() {
                    hub.map_run_child(arn, child, ended, history);
                }
                false
            }
            Notice::MapRunEnded(arn) => {
                if let Some(hub) = self.shown() {
                    hub.map_run_ended(arn);
                }
                false
            }
            // Its children's tokens too: their tasks wait in the execution's hub.
            Notice::TokenIssued(token) => {
                if let Some(hub) = self.hub {
                    hub.token_issued(token);
                }
                false
            }
            Notice::TokenClosed(token) => {
                if let Some(hub) = self.hub {
                    hub.token_closed(token);
                }
                false
            }
            Notice::StrandStarted(trail) => {
                if let Some(debugger) = self.debugger {
                    debugger.strand_started(trail);
                }
                false
            }
            Notice::StrandEnded(trail) => {
                if let Some(debugger) = self.debugger {
                    debugger.strand_ended(trail);
                }
                false
            }
        }
    }

    fn inspects(&self) -> bool {
        self.debugger.is_some()
    }

    fn stops_at(&self, at: &Reached<'_>) -> bool {
        self.debugger.is_some_and(|d| d.stops_at(at))
    }

    fn pause<'a>(&'a self, paused: Paused<'a>) -> BoxFuture<'a, ()> {
        match self.debugger {
            Some(debugger) => debugger.pause(paused),
            None => Box::pin(std::future::ready(())),
        }
    }

    fn interrupt(&self, at: Interruptible<'_>, cx: &mut Context<'_>) -> Poll<Interruption> {
        let Some(hub) = self.shown() else {
            return Poll::Pending;
        };
        match at {
            // The execution's own strands only: a Distributed Map's children (executions of
            // their own) run on, and the execution fails at its transition after the Map,
            // with this failure rather than the Map's.
            Interruptible::Transition => match hub.failure_at_transition() {
                Some(cause) => Poll::Ready(Interruption::Fail(Failure::reported(
                    ErrorName::Runtime,
                    cause,
                ))),
                None => Poll::Pending,
            },
            Interruptible::MapRun(arn) => {
                hub.poll_map_run_signal(arn, cx).map(Interruption::MapRun)
            }
        }
    }

    fn child(&self, arn: &StatesArn) -> Box<dyn Host<'e> + 'e> {
        Box::new(LocalHost {
            shows: false,
            child: Some(std::sync::Arc::new(arn.clone())),
            ..self.clone()
        })
    }
}
