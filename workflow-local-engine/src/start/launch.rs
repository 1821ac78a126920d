//! A run to its end: what every start request (`super::StartExecution`) comes to, as a
//! [`Launch`] that says what it runs. [`Engine::launch`] goes in three steps:
//! [`Engine::prepare`] checks the input and makes who the execution is, when it starts and
//! what its states read of it (`$$.Execution`, a typed [`ExecutionContext`]);
//! [`Engine::answerers`] assembles who answers its Tasks (its host, [`LocalHost`]);
//! [`Engine::drive`] writes its first events (a run from a prior history: the recorded ones),
//! drives the core on the execution's timeline and writes the closing event.

use crate::core;
use crate::core::clock::Clock;
use crate::core::context::{ContextObject, ExecutionContext, Redrives};
use crate::core::draws::Draws;
use crate::core::identity::Identity;
use crate::core::prior::{Prior, PriorKind};
use crate::core::quotas::EXPRESS_MAX_SECONDS;
use crate::core::run::{Run, Shared, Strand};
use crate::core::test_step::TestStep;
use crate::core::vars::Frame;
use crate::execution::{EventKind, ExecutionStatus, HistoryEvent, JsonText, MAX_PAYLOAD_BYTES};
use crate::hosts::callbacks::Hub;
use crate::hosts::express;
use crate::hosts::local::LocalHost;
use crate::{CompiledMachine, Engine, EngineError, Execution, TimeMode};
use serde_json::Value;
use std::borrow::Cow;
use std::sync::{Arc, Mutex};
use workflow_asl::eval::SeededEntropy;
use workflow_asl::{ErrorName, ExecutionType};
use workflow_aws_models::{MachineName, StatesResource};

/// What a start request launches, as its caller states it: a whole execution (run to its end
/// or started), a synchronous EXPRESS one, or TestState's one state. The rest (its limit,
/// context object, history, answerers) follows from it.
pub(crate) enum Launch<'a> {
    /// A STANDARD or asynchronous EXPRESS execution its caller runs to its end
    /// (`StartExecution::run`, each run of a replay).
    Run(ExecutionStart<'a>),
    /// The same, started (`StartExecution::start`): the hub shows it as it goes and holds the
    /// caller's answers to its callbacks and activities.
    Started(ExecutionStart<'a>, &'a Hub),
    /// `StartSyncExecution`, named `name` when the request names it.
    SyncExpress {
        /// The execution's name, if the request names it.
        name: Option<&'a str>,
    },
    /// TestState: the one state to run, and where its outcome goes.
    TestState(&'a TestStep),
}

/// A STANDARD or asynchronous EXPRESS execution to launch.
pub(crate) struct ExecutionStart<'a> {
    /// The execution's name, when the request names it (else the engine's `local-SEED`).
    pub name: Option<&'a str>,
    /// `STANDARD`, or `EXPRESS` started asynchronously: at most five minutes, and its context
    /// object is an EXPRESS execution's (see [`express`]).
    pub execution_type: ExecutionType,
    /// What it starts from.
    pub from: StartsFrom<'a>,
    /// The debugger that pauses it, if any (`crate::debug`).
    pub debugger: Option<&'a dyn crate::debug::Debugger>,
    /// A started execution on a virtual clock: the clock's participant it is since it was
    /// spawned.
    pub participation: Option<&'a Arc<core::virtual_clock::Participation>>,
}

/// What an execution starts from.
pub(crate) enum StartsFrom<'a> {
    /// Nothing: a new execution.
    New,
    /// A recorded history it continues (a resume, a redrive) or is compared with (a replay).
    Recorded(&'a Arc<Prior>),
    /// A recorded history replayed, the values the run draws taken from the record as far as
    /// they are known (`core::draws`); from a top-level state (a resume at a visit inside
    /// it), when given.
    Replay(&'a Arc<Prior>, &'a Draws, Option<&'a StateStart>),
    /// A top-level state, with its input and the variables in scope: a resume at a named
    /// state.
    State(&'a StateStart),
}

/// Where a resume at a named state starts: the top-level state (its index in the top scope),
/// its input, the variables in scope.
#[derive(Clone)]
pub(crate) struct StateStart {
    pub index: usize,
    pub input: Value,
    pub variables: serde_json::Map<String, Value>,
}

impl<'a> Launch<'a> {
    /// The whole execution it launches, unless it is a synchronous EXPRESS one or TestState.
    fn execution(&self) -> Option<&ExecutionStart<'a>> {
        match self {
            Launch::Run(start) | Launch::Started(start, _) => Some(start),
            Launch::SyncExpress { .. } | Launch::TestState(_) => None,
        }
    }

    /// The execution's name, when the request names it.
    fn name(&self) -> Option<&'a str> {
        match self {
            Launch::SyncExpress { name } => *name,
            _ => self.execution().and_then(|start| start.name),
        }
    }

    /// The history it starts from, if any.
    fn prior(&self) -> Option<&'a Arc<Prior>> {
        match self.execution().map(|start| &start.from) {
            Some(StartsFrom::Recorded(prior) | StartsFrom::Replay(prior, ..)) => Some(prior),
            _ => None,
        }
    }

    /// A resume's named state.
    fn state(&self) -> Option<&'a StateStart> {
        match self.execution().map(|start| &start.from) {
            Some(StartsFrom::State(state) | StartsFrom::Replay(_, _, Some(state))) => Some(state),
            _ => None,
        }
    }

    /// A replay's draws.
    fn draws(&self) -> Option<&'a Draws> {
        match self.execution().map(|start| &start.from) {
            Some(StartsFrom::Replay(_, draws, _)) => Some(draws),
            _ => None,
        }
    }

    /// A started execution's hub.
    fn hub(&self) -> Option<&'a Hub> {
        match self {
            Launch::Started(_, hub) => Some(hub),
            _ => None,
        }
    }

    /// TestState's state.
    fn test(&self) -> Option<&'a TestStep> {
        match self {
            Launch::TestState(step) => Some(step),
            _ => None,
        }
    }

    /// How an EXPRESS execution was started; `None` for a STANDARD one and TestState.
    fn express(&self) -> Option<express::Start> {
        match self {
            Launch::SyncExpress { .. } => Some(express::Start::Synchronous),
            _ => self
                .execution()
                .filter(|start| start.execution_type == ExecutionType::Express)
                .map(|_| express::Start::Asynchronous),
        }
    }
}

/// Who an execution is and when it starts: the first step of [`Engine::launch`].
struct Prepared<'a> {
    /// The names, region, account and role in its ARNs.
    identity: Cow<'a, Identity>,
    /// The state machine it runs as.
    machine: MachineName,
    /// `$$.Execution`.
    execution: ExecutionContext,
    /// Its clock, from its start, with its deadline.
    clock: Clock,
    /// When its strands go live: a redrive's when it was redriven, else its start.
    live_from: i64,
}

/// How an execution ended: its status and outcome, and the event that closes its history.
struct Ending {
    status: ExecutionStatus,
    output: Option<Value>,
    error: Option<ErrorName>,
    cause: Option<String>,
    /// `None`: a replay whose record has no end yet.
    event: Option<EventKind>,
}

impl Engine {
    /// Runs `compiled` on `input` to its end, as `launch` says.
    pub(crate) async fn launch(
        &self,
        compiled: &CompiledMachine,
        input: Value,
        launch: Launch<'_>,
    ) -> Result<Execution, EngineError> {
        let prepared = self.prepare(compiled, &input, &launch)?;
        let mut host = self.answerers(compiled, launch.hub())?;
        host.debugger = launch.execution().and_then(|start| start.debugger);
        self.drive(compiled, input, &launch, prepared, host).await
    }

    /// Checks `input` and makes who the execution `launch` starts is, its clock and its
    /// context object.
    fn prepare(
        &self,
        compiled: &CompiledMachine,
        input: &Value,
        launch: &Launch<'_>,
    ) -> Result<Prepared<'_>, EngineError> {
        let size = core::quotas::measure(input);
        if let Some(size) = size.filter(|s| *s > MAX_PAYLOAD_BYTES) {
            return Err(EngineError::InputTooLarge(size));
        }
        if size.is_none() {
            return Err(EngineError::InputTooDeep(core::quotas::MAX_NESTING));
        }
        let prior = launch.prior().map(Arc::as_ref);
        let (clock, live_from) = self.execution_clock(compiled, launch, prior);
        // The request's name for the execution, else the engine's; the recorded role of an
        // execution run again from its history.
        let role = prior.and_then(Prior::role_arn);
        let identity = match (launch.name(), role) {
            (None, None) => Cow::Borrowed(&self.identity),
            (name, role) => Cow::Owned(Identity {
                execution_name: name
                    .map(str::to_owned)
                    .or(self.identity.execution_name.clone()),
                role_arn: role.cloned().or(self.identity.role_arn.clone()),
                ..self.identity.clone()
            }),
        };
        let machine = identity.machine_name(&compiled.name);
        let name = identity.execution_name(self.seed);
        let id = match (launch.test(), launch.express()) {
            // TestState runs an EXPRESS execution, whose `Id` is
            // `arn:…:express:<machine>:<name>` (LocalStack's TestState snapshots of 2025).
            (Some(_), _) => identity.arn(StatesResource::Express {
                machine: machine.clone(),
                name: name.clone(),
                id: None,
            }),
            (None, Some(_)) => express::express_arn(&identity, &machine, self.seed),
            (None, None) => identity.execution_arn(&machine, &name),
        };
        // TestState's `RoleArn` is the request's (`null` without one).
        let role_arn = match launch.test() {
            Some(test) => test.role_arn.clone(),
            None => identity.role_arn(),
        };
        let redrives = match (launch, prior.map(Prior::kind)) {
            // A synchronous EXPRESS execution has no `RedriveCount` (EXPRESS executions are not
            // redriven), an asynchronous one `"RedriveCount": 0` (both recorded on AWS on
            // 2024-07-15 with the same definition: LocalStack's `test_query_runtime_memory` of
            // `test_express_sync.py` and of `test_express_async.py`); TestState's has none.
            (Launch::SyncExpress { .. } | Launch::TestState(_), _) => Redrives::NotCounted,
            (_, Some(PriorKind::Redrive { count })) => Redrives::Redriven {
                count,
                at_millis: live_from,
            },
            _ => Redrives::Never,
        };
        let execution = ExecutionContext {
            id,
            input: input.clone(),
            name,
            role_arn,
            start_millis: clock.now(),
            redrives,
        };
        Ok(Prepared {
            identity,
            machine,
            execution,
            clock,
            live_from,
        })
    }

    /// The clock of the execution `launch` starts from `prior` (if any), with its deadline,
    /// and when its strands go live. A run from a prior history starts at its recorded start;
    /// a redrive's `TimeoutSeconds` counts from the redrive, when the failed attempt ended, a
    /// resume's from the start.
    fn execution_clock(
        &self,
        compiled: &CompiledMachine,
        launch: &Launch<'_>,
        prior: Option<&Prior>,
    ) -> (Clock, i64) {
        let max_seconds = launch.express().map(|_| EXPRESS_MAX_SECONDS);
        let timeout_millis = match (compiled.program.timeout_seconds, max_seconds) {
            (Some(t), Some(m)) => Some(t.min(m)),
            (t, m) => t.or(m),
        }
        .map(|t| i64::try_from(t.saturating_mul(1000)).unwrap_or(i64::MAX));
        let Some(prior) = prior else {
            let clock = Clock::start(self.time, self.source()).with_deadline(timeout_millis);
            let now = clock.now();
            return (clock, now);
        };
        let clock = Clock::recorded_at(self.time, prior.start_millis(), self.source());
        // A resume on a changed definition goes live, and counts its `TimeoutSeconds`, from
        // where the record ended, as a redrive does.
        let redrive = matches!(
            prior.kind(),
            PriorKind::Redrive { .. } | PriorKind::ResumeFailed
        );
        // A redrive goes live when the failed attempt ended (on the wall clock: now). A
        // redrive resumed went live when it was redriven, as recorded.
        let from = match (redrive, self.time, prior.redriven_millis()) {
            (true, _, Some(redriven)) => redriven,
            (true, TimeMode::Real, None) => self.source().now_millis(),
            (true, TimeMode::Virtual { .. }, None) => prior.end_millis(),
            (false, _, _) => prior.start_millis(),
        };
        let counted_from = if redrive { from } else { prior.start_millis() };
        let deadline = timeout_millis.map(|t| counted_from.saturating_add(t));
        (clock.with_deadline_at(deadline), from)
    }

    /// Who answers the Tasks of `compiled`, for an execution started with `hub` (if it was):
    /// the engine's handlers and mocks, the hub's workers and callbacks (see
    /// [`LocalHost::chain`]). A handler or mock that matches no Task of the machine is refused.
    fn answerers<'a>(
        &'a self,
        compiled: &'a CompiledMachine,
        hub: Option<&'a Hub>,
    ) -> Result<LocalHost<'a>, EngineError> {
        let unmatched = self.unmatched_handlers(compiled);
        if !unmatched.is_empty() {
            return Err(EngineError::UnmatchedHandlers(unmatched));
        }
        Ok(LocalHost::new(self, compiled.coverage.as_deref(), hub))
    }

    /// Runs the execution `prepared` on `input`, its Tasks answered by `host`, to its end.
    async fn drive(
        &self,
        compiled: &CompiledMachine,
        input: Value,
        launch: &Launch<'_>,
        prepared: Prepared<'_>,
        host: LocalHost<'_>,
    ) -> Result<Execution, EngineError> {
        let (hub, prior) = (launch.hub(), launch.prior());
        let Prepared {
            identity,
            machine,
            execution,
            clock,
            live_from,
        } = prepared;
        // Without a store of its own, a Distributed Map reads and writes S3 at the AWS
        // endpoint, if it has one.
        #[cfg(feature = "aws-endpoint")]
        let remote_store = match &self.object_store {
            None => self.handlers.aws_object_store(&identity.region),
            Some(_) => None,
        };
        #[cfg(not(feature = "aws-endpoint"))]
        let remote_store: Option<crate::ObjectStore> = None;
        // On a virtual clock, the execution is one of the clock's participants: a started one
        // since it was spawned (so that the clock waits for it before its first poll).
        let participation = match launch.execution().and_then(|start| start.participation) {
            Some(participation) => Some(Arc::clone(participation)),
            None => self.clock.as_ref().map(|clock| clock.participation()),
        };
        let timeline = core::timeline::Timeline::on(participation);
        let run = Run {
            program: &compiled.program,
            field_validation: self.field_validation,
            options: &self.options,
            // A started execution's history is its hub's too (held once).
            shared: Mutex::new(Shared {
                events: hub.map(|hub| hub.log.clone()).unwrap_or_default(),
                ..Shared::default()
            }),
            entropy: Mutex::new(SeededEntropy::new(self.seed)),
            context_object: ContextObject::new(
                execution,
                &identity.state_machine_arn(&machine),
                &machine,
            ),
            machine,
            identity: &identity,
            uncounted_events: std::sync::atomic::AtomicU64::new(0),
            host: Box::new(host),
            object_store: self.object_store.as_ref().or(remote_store.as_ref()),
            map_runs: Mutex::new(core::map_run::MapRuns::sharing(
                hub.map(|hub| Arc::clone(&hub.ended_map_runs))
                    .unwrap_or_default(),
            )),
            timeline: &timeline,
            prior: prior.cloned(),
            draws: launch.draws(),
            live_from,
            test: launch.test(),
            stands_for_recorded: None,
            // A replay (and a plan, which runs nothing live) writes its ResultWriter's files
            // apart: a replay compares them with the record's.
            replay_writes: prior
                .filter(|p| p.kind() == PriorKind::Replay || p.is_plan())
                .map(|_| core::object_store::ObjectStore::new()),
            divergences_shown: std::sync::atomic::AtomicUsize::new(0),
        };
        let mut strand = Strand::new(clock, 0, Frame::root());
        start(&run, &mut strand, &input, hub);
        let outcome = match (launch.test(), launch.state()) {
            (Some(test), _) => {
                run.timeline
                    .drive(run.test_step(test, input, &mut strand))
                    .await
            }
            // A resume at a named state: its input and the variables in scope, from there.
            (None, Some(state)) => {
                strand.vars.own = state.variables.clone();
                run.timeline
                    .drive(run.run_scope_from(0, state.index, state.input.clone(), &mut strand))
                    .await
            }
            (None, None) => {
                run.timeline
                    .drive(run.run_scope(0, input, &mut strand))
                    .await
            }
        };
        let ending = ending(outcome, strand.clock.expired(), prior.map(Arc::as_ref));
        if let Some(event) = ending.event.clone() {
            self.close(&run, &strand, event);
        }
        let shared = run.shared.into_inner().unwrap_or_else(|p| p.into_inner());
        // A started execution's hub shares its ended Map Runs (`MapRuns::finished`).
        let map_runs = run
            .map_runs
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .take_finished();
        if let Some(coverage) = &self.coverage {
            coverage.flush();
        }
        Ok(Execution {
            status: ending.status,
            output: ending.output,
            error: ending.error,
            cause: ending.cause,
            states: shared.entered.iter().map(ToString::to_string).collect(),
            history: shared.events.into_events(),
            trace: shared.trace,
            transitions: shared.transitions,
            map_runs,
        })
    }

    /// Writes `event`, the closing event, even past the history's limit, as the service's
    /// last word (when the history is kept).
    fn close(&self, run: &Run<'_>, strand: &Strand<'_>, mut event: EventKind) {
        if !self.options.history {
            return;
        }
        let shared = run.shared.lock().unwrap_or_else(|p| p.into_inner());
        let id = shared.events.len() as u64 + 1;
        let previous = match run.prior.as_deref() {
            // A replay compares it with the recorded end.
            Some(prior) if prior.writes_own_history() => {
                let _ = prior.match_event(strand.last_event, id, strand.clock.now(), &mut event);
                strand.last_event
            }
            Some(prior) => prior.live_previous(strand.last_event),
            None => strand.last_event,
        };
        shared.events.push(HistoryEvent {
            id,
            previous_event_id: previous,
            timestamp_millis: shared.events.stamp(strand.clock.now()),
            kind: event,
        });
    }
}

/// Writes the execution's first events on `strand`: a new execution's `ExecutionStarted`; a
/// resume and a redrive continue the recorded history (a redrive after its
/// `ExecutionRedriven`), walking it from its `ExecutionStarted`.
fn start(run: &Run<'_>, strand: &mut Strand<'_>, input: &Value, hub: Option<&Hub>) {
    match run.prior.as_deref().filter(|p| !p.writes_own_history()) {
        Some(prior) => {
            let shared = run.shared.lock().unwrap_or_else(|p| p.into_inner());
            shared.events.replace(prior.history(run.live_from));
            // A started one shows the history so far from its first event.
            if let Some(hub) = hub {
                hub.wrote();
            }
            strand.last_event = 1;
        }
        None => {
            // The first event cannot overflow a history limit of at least one event.
            let _ = run.event(
                strand,
                EventKind::ExecutionStarted {
                    input: JsonText::from(input),
                    role_arn: run.identity.role_arn(),
                },
            );
        }
    }
}

/// How a run that ended with `outcome` (`timed_out`: past its deadline) ends, `prior` the
/// history it started from. The service reports an execution timeout with the error in its
/// history event only, and no cause.
fn ending(
    outcome: Result<Value, core::error::Failure>,
    timed_out: bool,
    prior: Option<&Prior>,
) -> Ending {
    // A replay of a record that stops before the execution's end (it was stopped, or is
    // still running) ends as the record does: `ExecutionAborted`, or no end yet.
    if let Err(f) = &outcome
        && f.record_ended
        && let Some(prior) = prior
    {
        let end = prior.recorded_end().map(|end| end.kind.clone());
        let status = match end {
            Some(_) => ExecutionStatus::Aborted,
            None => ExecutionStatus::Running,
        };
        let error = end.as_ref().and_then(EventKind::error).map(ErrorName::from);
        let cause = end.as_ref().and_then(EventKind::cause).map(str::to_owned);
        return Ending {
            status,
            output: None,
            error,
            cause: cause.filter(|c| !c.is_empty()),
            event: end,
        };
    }
    if timed_out {
        return Ending {
            status: ExecutionStatus::TimedOut,
            output: None,
            error: Some(ErrorName::Timeout),
            cause: None,
            event: Some(EventKind::ExecutionTimedOut {
                error: ErrorName::Timeout,
                cause: String::new(),
            }),
        };
    }
    match outcome {
        Ok(output) => Ending {
            status: ExecutionStatus::Succeeded,
            event: Some(EventKind::ExecutionSucceeded {
                output: JsonText::from(&output),
            }),
            output: Some(output),
            error: None,
            cause: None,
        },
        Err(f) => {
            let error = f.error_name().cloned();
            let cause = (!f.cause.is_empty()).then_some(f.cause);
            Ending {
                status: ExecutionStatus::Failed,
                output: None,
                event: Some(EventKind::ExecutionFailed {
                    error: error.clone(),
                    cause: cause.clone().unwrap_or_default(),
                }),
                error,
                cause,
            }
        }
    }
}
