//! The engine's own host: what answers the core for a run, a started execution, a redrive,
//! a resume, a replay, an EXPRESS run and TestState, from the parts the execution was started
//! with. A Task the record of a prior history does not answer (the core answers from it first)
//! goes down the chain of [`Answerer`]s the start request assembles, in its order: an
//! activity's worker (a started execution), a mock, the test's callback (`.waitForTaskToken`
//! on a started execution), a handler.

use super::callbacks::Hub;
use super::coverage::MachineCoverage;
use super::handlers::Handlers;
use super::mock::Mocks;
use crate::core::error::Failure;
use crate::core::host::{Host, Interruptible, Interruption, Notice, TaskAt, TaskContext};
use crate::core::task_events::submits;
use crate::core::task_outcome::{TaskFailure, TaskOutput};
use futures::future::BoxFuture;
use serde_json::Value;
use std::collections::BTreeSet;
use std::task::{Context, Poll};
use workflow_asl::ErrorName;
use workflow_aws_models::{StatesArn, TaskToken};

/// One who answers Tasks, in the chain a start request assembles ([`chain`]).
#[derive(Clone, Copy)]
pub(crate) enum Answerer<'e> {
    /// An activity's worker, through the hub of a started execution (`GetActivityTask`),
    /// unless a handler of the state's or the activity's own stands in for it.
    Worker(&'e Hub),
    /// The mocked responses of a mock configuration's test case, by state and invocation.
    Mock(&'e Mocks),
    /// The test's answer to a `.waitForTaskToken` task's callback, through the hub of a started
    /// execution (its service call made by a handler, if there is one).
    Callback(&'e Hub),
    /// The handlers registered with the engine (by state, resource, integration, Lambda
    /// function, fallback, `.sync` defaults, a Lambda endpoint).
    Handler(&'e Handlers),
}

/// The chain of answerers of an execution started with `callbacks` (a started one's hub),
/// `mocks` and `handlers`, in the order they are asked.
pub(crate) fn chain<'e>(
    handlers: &'e Handlers,
    mocks: Option<&'e Mocks>,
    callbacks: Option<&'e Hub>,
) -> Vec<Answerer<'e>> {
    let mut chain = Vec::with_capacity(4);
    chain.extend(callbacks.map(Answerer::Worker));
    chain.extend(mocks.map(Answerer::Mock));
    chain.extend(callbacks.map(Answerer::Callback));
    chain.push(Answerer::Handler(handlers));
    chain
}

/// Which answerer of the chain answers a Task that no worker takes.
enum Answered<'e> {
    /// A mock, with this.
    Mocked(Result<TaskOutput, TaskFailure>),
    /// The test's callback, through this hub.
    ByCallback(&'e Hub),
    /// A handler of these.
    ByHandler(&'e Handlers),
}

/// The parts an execution was started with, and which execution of them this is.
#[derive(Clone)]
pub(crate) struct LocalHost<'e> {
    /// Who answers Tasks, in order.
    pub answerers: &'e [Answerer<'e>],
    /// The handlers registered with the engine.
    pub handlers: &'e Handlers,
    /// The activities declared with `Engine::activity`.
    pub activities: &'e BTreeSet<String>,
    /// Where `.waitForTaskToken` tasks and activities wait for the test's answers, for an
    /// execution started with `StartExecution::start`.
    pub callbacks: Option<&'e Hub>,
    /// Where the points this execution reaches are counted, when coverage is on.
    pub coverage: Option<&'e MachineCoverage>,
    /// Whether this is the execution `callbacks` shows (not a child of its Distributed Maps,
    /// which has a history of its own).
    pub shows: bool,
    /// The child execution this is, for a child of a Distributed Map.
    pub child: Option<std::sync::Arc<StatesArn>>,
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
            || self.answerers.iter().any(|a| match a {
                Answerer::Mock(mocks) => mocks.covers(&task.node.name),
                _ => false,
            })
    }
}

impl<'e> Host<'e> for LocalHost<'e> {
    fn refuses(&self, task: &TaskAt<'_>) -> Option<Failure> {
        (task.resource.is_activity() && !self.activity_exists(task))
            .then(|| Failure::runtime(format!("The activity {} does not exist.", task.resource)))
    }

    fn answer_task<'a>(
        &'a self,
        mut cx: TaskContext<'a, 'e, '_>,
    ) -> BoxFuture<'a, Result<Result<TaskOutput, TaskFailure>, Failure>> {
        Box::pin(async move {
            let (state, resource) = (&cx.task.node.name, cx.task.resource);
            let activity = resource.is_activity();
            // On a started execution an activity waits for a worker, unless a handler of its
            // own (for the state or the activity) stands in for the worker, as on a run.
            let own_handler = self.handlers.serves(state, resource);
            for answerer in self.answerers {
                if let Answerer::Worker(hub) = answerer
                    && activity
                    && !own_handler
                {
                    return super::activities::invoke_activity(hub, self.child.clone(), cx).await;
                }
            }
            // A mock or a handler standing for an activity's worker starts it at once.
            if activity {
                cx.started(None)?;
            }
            let invocation = cx.invocation();
            let mut answered = Answered::ByHandler(self.handlers);
            for answerer in self.answerers {
                match answerer {
                    Answerer::Worker(_) => {}
                    Answerer::Mock(mocks) => {
                        if let Some(mocked) = mocks.result(&cx.task.node.name, invocation) {
                            answered = Answered::Mocked(mocked);
                            break;
                        }
                    }
                    Answerer::Callback(hub) if cx.task.resource.waits_for_task_token() => {
                        answered = Answered::ByCallback(hub);
                        break;
                    }
                    Answerer::Callback(_) => {}
                    Answerer::Handler(handlers) => {
                        answered = Answered::ByHandler(handlers);
                        break;
                    }
                }
            }
            // A task answered by a test's callback writes `TaskSubmitted` once its service
            // call returned (in `await_callback`); a handler or mock stands for the whole
            // task, and the submission's response is not known: `{}`.
            let callback = matches!(answered, Answered::ByCallback(_));
            if !callback && submits(cx.task.resource) {
                cx.submitted(Value::Object(serde_json::Map::new()))?;
            }
            Ok(match answered {
                Answered::Mocked(mocked) => mocked,
                Answered::ByCallback(hub) => {
                    super::callbacks::await_callback(hub, self.handlers, self.child.clone(), cx)
                        .await
                }
                Answered::ByHandler(handlers) => {
                    let (parameters, timeout) = (cx.task.parameters.clone(), cx.task.timeout);
                    // The engine's tokens are UUIDs: always tokens.
                    let token = cx.task.token.as_deref().map(TaskToken::parse).transpose();
                    match token {
                        Ok(token) => {
                            handlers
                                .call(&mut cx, parameters, token, timeout, false)
                                .await
                        }
                        Err(e) => Err(TaskFailure::new(ErrorName::Runtime, e.to_string())),
                    }
                }
            })
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
                match (self.callbacks, &self.child) {
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
                if let Some(hub) = self.callbacks {
                    hub.token_issued(token);
                }
                false
            }
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
