//! One way to start a run: a start request, [`StartExecution`], made by one of the engine's
//! four entry points ([`Engine::workflow`] for a `workflow!` type, [`Engine::machine`] for any
//! definition, [`Engine::compiled`] for a machine compiled once and shared,
//! [`Engine::test_state`] for one state), carrying what one execution needs besides the
//! engine's configuration: its input, its name, its type, what to call when it ends, and its
//! mode (see [`mode`]): a new execution, a redrive, a resume, a replay, a synchronous EXPRESS
//! execution, a TestState step. It runs to its end ([`StartExecution::run`]), or starts as a
//! task of the caller's runtime ([`StartExecution::start`]) whose callbacks and activities the
//! caller answers ([`RunningExecution`]); from code that is not async, through
//! [`crate::blocking`].

pub mod mode;

mod launch;
mod nested;
mod started_children;
pub(crate) use launch::{ExecutionStart, Launch, StartsFrom};

use crate::core::prior::{Prior, Replacement, SharedRecord, VisitPlan};
use crate::execution::{RecordedHistory, Visit};
use crate::hosts::express;
use crate::hosts::task::OnEnd;
use crate::{
    CompiledMachine, Engine, EngineError, Execution, PreparedTestState, Replayed, RunningExecution,
    Workflow,
};
use mode::Mode;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Borrow;
use std::marker::PhantomData;
use std::sync::Arc;
use workflow_asl::{ExecutionType, StateKind, StateMachine};
use workflow_aws_models::StatesArn;

/// A request to run one execution: made by an entry point of [`Engine`], given its input and
/// options by its builder methods, then [`run`](Self::run) to its end, or
/// [`start`](Self::start)ed (from code that is not async, by a [`crate::blocking::Runtime`]).
/// `I` is the input's type (a `workflow!` type's `Input`, or JSON), `M` the [`mode`].
///
/// ```
/// use serde_json::json;
/// use workflow_runtime::asl::StateMachine;
/// use workflow_runtime::engine::Engine;
/// use workflow_runtime::execution::ExecutionStatus;
/// use workflow_runtime::engine::blocking;
///
/// let machine = StateMachine::from_json(
///     r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"n": 2}, "End": true}}}"#,
/// )?;
/// let engine = Engine::new();
/// let run = blocking::run(engine.machine(&machine).input(json!({})).name("first"))?;
/// assert_eq!(run.status, ExecutionStatus::Succeeded);
/// assert_eq!(run.output, Some(json!({"n": 2})));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "a start request does nothing until it is run or started"]
pub struct StartExecution<'e, I = Value, M = mode::Standard> {
    engine: &'e Engine,
    target: Target<'e>,
    input: Option<Result<Value, EngineError>>,
    name: Option<String>,
    execution_type: Option<ExecutionType>,
    /// The `workflow!` type's name and the type of state machine it declares, for a request
    /// made by [`Engine::workflow`].
    declared: Option<(&'static str, ExecutionType)>,
    on_end: Option<OnEnd>,
    on_change: Option<crate::hosts::changes::OnChange>,
    wall_deadlines: bool,
    confirm_answers: bool,
    recorded_heartbeats: std::collections::HashMap<String, i64>,
    origin: Origin<'e>,
    keep_child_events: bool,
    /// A resume on a changed definition: the visit to resume at, when named, and what it
    /// enters with instead of what the record shows.
    from_state: Option<(Visit, Replacement)>,
    debugger: Option<Arc<dyn crate::debug::Debugger>>,
    types: PhantomData<fn(&I) -> M>,
}

/// What a request runs.
enum Target<'e> {
    /// A `workflow!` type's machine, compiled once per engine (it was validated by the macro).
    Workflow(fn(&Engine) -> Result<Arc<CompiledMachine>, EngineError>),
    /// Any definition, validated and compiled when the request runs.
    Definition(&'e StateMachine),
    /// A machine compiled before.
    Compiled(Arc<CompiledMachine>),
    /// A TestState request, decoded and validated.
    TestState(&'e PreparedTestState),
}

/// What the execution continues from.
enum Origin<'e> {
    /// Nothing: a new execution.
    New,
    /// A failed execution, redriven.
    Redrive(&'e Execution),
    /// An interrupted execution's recorded history, resumed.
    Resume(RecordedHistory),
    /// A redriven execution (its failed attempt, and its whole recorded history) resumed.
    RedriveResumed(&'e Execution, RecordedHistory),
    /// A recorded history, replayed: on its recorded input, or on the one given (a child
    /// execution a `states:startExecution` Task of the replayed definition starts).
    Replay(RecordedHistory, Option<Value>),
    /// A failed execution's record, resumed on this (changed) definition: at the visit named,
    /// if one is, with what it enters with replaced.
    ResumeFailed(RecordedHistory, Option<Visit>, Replacement),
}

impl Engine {
    /// A start request for the workflow `W` declared with `workflow!`: its input is
    /// `W::Input`. Its machine is compiled once per engine (and per coverage recorder) and
    /// not validated again: the macro validated it.
    ///
    /// ```
    /// use workflow_runtime::engine::Engine;
    /// use workflow_runtime::workflow;
    /// use workflow_runtime::engine::blocking;
    ///
    /// workflow! {
    ///     pub Greeting {
    ///         input { name: string }
    ///         "Greet": pass -> "Done";
    ///         "Done": succeed;
    ///     }
    /// }
    ///
    /// let run = blocking::run(Engine::new()
    ///     .workflow::<Greeting>()
    ///     .input(&GreetingInput { name: "Ada".into() }))?;
    /// assert_eq!(run.states, ["Greet", "Done"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// It runs as the type of state machine `W` declares ([`Workflow::MACHINE_TYPE`]: an
    /// EXPRESS workflow as an asynchronous EXPRESS execution); asked to run as the other type
    /// ([`StartExecution::execution_type`], [`StartExecution::sync_express`] on a STANDARD
    /// workflow), it is [`EngineError::MachineTypeMismatch`].
    pub fn workflow<W: Workflow + 'static>(&self) -> StartExecution<'_, W::Input> {
        let mut request =
            StartExecution::new(self, Target::Workflow(Engine::compile_workflow::<W>));
        request.declared = Some((W::NAME, W::MACHINE_TYPE));
        request
    }

    /// A start request for any definition, `machine`, on JSON input: the definition is
    /// validated and compiled when the request runs (compile it once with
    /// [`Engine::compile`] to run it often).
    pub fn machine<'e>(&'e self, machine: &'e StateMachine) -> StartExecution<'e, Value> {
        StartExecution::new(self, Target::Definition(machine))
    }

    /// A start request for a machine compiled by [`Engine::compile`] (shared by every
    /// execution started from it).
    pub fn compiled(&self, machine: &Arc<CompiledMachine>) -> StartExecution<'_, Value> {
        StartExecution::new(self, Target::Compiled(Arc::clone(machine)))
    }

    /// A start request for AWS's `TestState`: the one state of `request` (decoded and
    /// validated by [`TestState::prepare`](crate::TestState::prepare)) run once, as TestState
    /// runs it.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_runtime::engine::{Engine, InspectionLevel, TestState, TestStatus, blocking};
    ///
    /// let state = r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    ///     "Parameters": {"FunctionName": "Charge", "Payload.$": "$.order"},
    ///     "ResultSelector": {"charged.$": "$.Payload.ok"}, "ResultPath": "$.payment",
    ///     "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 2}],
    ///     "Next": "Ship"}"#;
    /// let engine = Engine::new();
    /// let request = TestState::new(state)
    ///     .input(json!({"order": {"id": 7}}))
    ///     .mock_result(json!({"Payload": {"ok": true}, "StatusCode": 200}))
    ///     .inspection_level(InspectionLevel::Debug)
    ///     .prepare()?;
    /// let ok = blocking::run(engine.test_state(&request))?;
    /// assert_eq!(ok.status, TestStatus::Succeeded);
    /// assert_eq!(ok.output, Some(json!({"order": {"id": 7}, "payment": {"charged": true}})));
    /// assert_eq!(ok.next_state.as_deref(), Some("Ship"));
    /// let data = ok.inspection_data.unwrap();
    /// assert_eq!(data["afterParameters"], json!({"FunctionName": "Charge", "Payload": {"id": 7}}));
    ///
    /// let throttled = TestState::new(state)
    ///     .input(json!({"order": {"id": 7}}))
    ///     .mock_error("Lambda.TooManyRequestsException", "slow down")
    ///     .prepare()?;
    /// let throttled = blocking::run(engine.test_state(&throttled))?;
    /// assert_eq!(throttled.status, TestStatus::Retriable);
    /// assert_eq!(throttled.error, Some("Lambda.TooManyRequestsException".into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn test_state<'e>(
        &'e self,
        request: &'e PreparedTestState,
    ) -> StartExecution<'e, Value, mode::TestStep> {
        StartExecution::new(self, Target::TestState(request))
    }

    /// The machine of the workflow `W`, compiled for this engine once per engine and coverage
    /// recorder (what [`Engine::workflow`] runs; its clones share it), to run many times with
    /// [`Engine::compiled`].
    pub fn compile_workflow<W: Workflow + 'static>(
        &self,
    ) -> Result<Arc<CompiledMachine>, EngineError> {
        let key = (
            std::any::TypeId::of::<W>(),
            self.coverage.as_ref().map(crate::Coverage::id),
        );
        let cached = self
            .workflows
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
            .cloned();
        if let Some(compiled) = cached {
            return Ok(compiled);
        }
        let machine = W::definition();
        let compiled = Arc::new(self.compile_checked(&machine, Vec::new())?);
        if let Some(coverage) = &compiled.coverage {
            coverage.describe(W::NAME, crate::DefinitionSource::Workflow(W::SOURCE));
        }
        self.workflows
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, Arc::clone(&compiled));
        Ok(compiled)
    }
}

impl<'e, I, M: Mode> StartExecution<'e, I, M> {
    fn new(engine: &'e Engine, target: Target<'e>) -> Self {
        StartExecution {
            engine,
            target,
            input: None,
            name: None,
            execution_type: None,
            declared: None,
            on_end: None,
            on_change: None,
            wall_deadlines: false,
            confirm_answers: false,
            recorded_heartbeats: std::collections::HashMap::new(),
            origin: Origin::New,
            keep_child_events: false,
            from_state: None,
            debugger: None,
            types: PhantomData,
        }
    }

    /// This request in mode `N`.
    fn into_mode<N: Mode>(self) -> StartExecution<'e, I, N> {
        StartExecution {
            engine: self.engine,
            target: self.target,
            input: self.input,
            name: self.name,
            execution_type: self.execution_type,
            declared: self.declared,
            on_end: self.on_end,
            on_change: self.on_change,
            wall_deadlines: self.wall_deadlines,
            confirm_answers: self.confirm_answers,
            recorded_heartbeats: self.recorded_heartbeats,
            origin: self.origin,
            keep_child_events: self.keep_child_events,
            from_state: self.from_state,
            debugger: self.debugger,
            types: PhantomData,
        }
    }

    /// The execution's input (`{}` when not given): a `workflow!` type's `Input`, or JSON.
    /// It is the recorded one for a redrive, a resume and a replay, which take no other.
    pub fn input(mut self, input: impl Borrow<I>) -> Self
    where
        I: Serialize,
    {
        self.input = Some(serde_json::to_value(input.borrow()).map_err(EngineError::InvalidInput));
        self
    }

    /// Runs the execution under `debugger` (see [`crate::debug`]): it may pause any strand at
    /// its checkpoints and look inside it, and it answers the Tasks nothing else answers. A
    /// replay is first run to its end without it, to take what the run draws from the record
    /// (as [`replay`](Self::replay) does), then once more under it.
    pub fn debugger(mut self, debugger: Arc<dyn crate::debug::Debugger>) -> Self {
        self.debugger = Some(debugger);
        self
    }

    /// The execution's name (`$$.Execution.Name`, and in its ARN); by default `local-SEED`.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The type of the state machine it runs as: `STANDARD` (the default) or `EXPRESS`. An
    /// EXPRESS execution runs at most five minutes (then ends `TIMED_OUT`), its context object
    /// is an EXPRESS execution's (`$$.Execution.Id` its `express` ARN), and a definition with
    /// a `.sync`, `.waitForTaskToken` or activity Task is refused, as the service refuses to
    /// create such an EXPRESS machine. Without [`sync_express`](Self::sync_express) it is an
    /// asynchronous one (`StartExecution` on an EXPRESS machine).
    ///
    /// ```
    /// use workflow_runtime::asl::{ExecutionType, StateMachine};
    /// use workflow_runtime::engine::Engine;
    /// use workflow_runtime::engine::blocking;
    ///
    /// let machine = StateMachine::from_json(
    ///     r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id"}, "End": true}}}"#,
    /// )?;
    /// let run = blocking::run(Engine::new()
    ///     .machine(&machine)
    ///     .execution_type(ExecutionType::Express))?;
    /// assert!(run.output.unwrap()["id"].as_str().unwrap().contains(":express:"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn execution_type(mut self, kind: ExecutionType) -> Self {
        self.execution_type = Some(kind);
        self
    }

    /// The type it runs as: the one asked for, else the `workflow!` type's, else STANDARD;
    /// [`EngineError::MachineTypeMismatch`] when the one asked for is not the workflow's.
    fn resolved_type(&self) -> Result<ExecutionType, EngineError> {
        match (self.declared, self.execution_type) {
            (Some((workflow, declared)), Some(requested)) if declared != requested => {
                Err(EngineError::MachineTypeMismatch {
                    workflow: workflow.to_owned(),
                    declared,
                    requested,
                })
            }
            (_, Some(requested)) => Ok(requested),
            (Some((_, declared)), None) => Ok(declared),
            (None, None) => Ok(ExecutionType::Standard),
        }
    }

    /// The ARN the execution runs under (`$$.Execution.Id`): a STANDARD execution's, or an
    /// EXPRESS one's `express` ARN.
    pub fn execution_arn(&self) -> StatesArn {
        let engine = self.engine;
        let identity = engine.identity_named(self.name.as_deref());
        let machine = identity.machine_name(crate::LOCAL_MACHINE_NAME);
        match self.resolved_type().ok().or(self.execution_type) {
            Some(ExecutionType::Express) => express::express_arn(&identity, &machine, engine.seed),
            _ => identity.execution_arn(&machine, &identity.execution_name(engine.seed)),
        }
    }

    /// Runs the execution to its end.
    pub async fn run(self) -> Result<M::Output, M::Error>
    where
        I: 'e,
    {
        M::launch(self).await
    }

    /// The machine, compiled (a definition validated first), and the input.
    fn compile(&self) -> Result<Arc<CompiledMachine>, EngineError> {
        match &self.target {
            Target::Workflow(compile) => compile(self.engine),
            Target::Definition(machine) => self.engine.compile(machine),
            Target::Compiled(compiled) => Ok(Arc::clone(compiled)),
            Target::TestState(_) => Err(EngineError::InvalidDefinition(Vec::new())),
        }
    }

    /// What the request runs: the engine (with history kept when a prior history needs it),
    /// the compiled machine, the input and the prior history, if any.
    fn prepare(&mut self) -> Result<Prepared, EngineError> {
        let express = self.resolved_type()? == ExecutionType::Express;
        let compiled = self.compile()?;
        if let (true, Some(refusal)) = (express, &compiled.express_refusal) {
            return Err(express::refused(refusal));
        }
        let mut started = Vec::new();
        let mut started_definitions = std::collections::HashMap::new();
        let mut replayed_children = None;
        let mut incomplete = Vec::new();
        let prior = match std::mem::replace(&mut self.origin, Origin::New) {
            Origin::New => None,
            Origin::Redrive(_) if express => {
                return Err(EngineError::NotRedrivable(
                    "Express executions cannot be redriven".into(),
                ));
            }
            Origin::Redrive(failed) => Some(crate::hosts::redrive::prior_of(failed)?),
            Origin::RedriveResumed(_, _) if express => {
                return Err(EngineError::NotRedrivable(
                    "Express executions cannot be redriven".into(),
                ));
            }
            Origin::RedriveResumed(failed, history) => {
                let (events, _) = history.into_parts();
                Some(crate::hosts::redrive::prior_of_resumed(failed, events)?)
            }
            Origin::Resume(history) => {
                let (events, children) = history.into_parts();
                Some(Arc::new(
                    Prior::resume(events, Arc::new(children))
                        .map_err(|e| EngineError::History(e.0))?,
                ))
            }
            Origin::Replay(history, input) => {
                refuse_incomplete(&history)?;
                // The definition the execution ran, to compare its Distributed Maps with
                // where their items cannot be read again (`core::map_replay`).
                let maps = history
                    .definition()
                    .and_then(crate::core::map_replay::RecordedMaps::of)
                    .map(Arc::new);
                // The children its `states:startExecution` Tasks started are replayed after
                // it, from the same record.
                replayed_children =
                    (!history.started_executions().is_empty()).then(|| history.clone());
                let (events, record) = history.into_record();
                let mut prior = Prior::replay(events, &SharedRecord::of(record))
                    .map_err(|e| EngineError::History(e.0))?
                    .with_recorded_maps(maps);
                if let Some(input) = input {
                    prior = prior.with_input(input);
                }
                Some(Arc::new(prior))
            }
            Origin::ResumeFailed(history, from_state, replacement) => {
                // The fix runs live: it is validated as `workflow validate` and a deployment
                // validate it, whatever the engine takes as warnings.
                if !compiled.findings.is_empty() {
                    return Err(EngineError::InvalidDefinition(compiled.findings.clone()));
                }
                match &from_state {
                    None if replacement != Replacement::default() => {
                        return Err(EngineError::History(
                            "a replaced input or variables are those of the visit resumed at: name it (`from_state`, `--from-state`)".into(),
                        ));
                    }
                    None => {
                        refuse_incomplete(&history)?;
                        started = started_children(&history);
                    }
                    // What a visit inside a container needs of the record is refused where
                    // the visit is found (one at the top level needs none of it).
                    Some(_) => incomplete = blocking_missing(&history),
                }
                started_definitions = history.started_executions().clone();
                let (events, record) = history.into_record();
                let record = SharedRecord::of(record);
                let prior = match &from_state {
                    // A visit may be resumed at whatever the execution's end.
                    Some(_) => Prior::resume_ended(events, &record, true),
                    None => Prior::resume_failed(events, &record, true),
                };
                self.from_state = from_state.map(|visit| (visit, replacement));
                Some(Arc::new(prior.map_err(|e| EngineError::History(e.0))?))
            }
        };
        let input = match &prior {
            Some(prior) => prior.input().clone(),
            None => self
                .input
                .take()
                .unwrap_or_else(|| Ok(Value::Object(serde_json::Map::new())))?,
        };
        // A run from a prior history matches the events it writes: it keeps them.
        let engine = match prior.is_some() && !self.engine.options.history {
            true => std::borrow::Cow::Owned(self.engine.clone().history(true)),
            false => std::borrow::Cow::Borrowed(self.engine),
        };
        Ok(Prepared {
            engine: engine.into_owned(),
            compiled,
            input,
            prior,
            express,
            started,
            started_definitions,
            replayed_children,
            incomplete,
        })
    }
}

/// The child executions `history`'s `states:startExecution` Tasks started that the record
/// holds, each with the definition it is replayed on and its own record.
fn started_children(history: &RecordedHistory) -> Vec<(StatesArn, String, RecordedHistory)> {
    crate::execution::started_executions(history.events())
        .into_iter()
        .filter_map(|arn| {
            let definition = history.started_executions().get(&arn)?.clone();
            let record = history.child_record(&arn)?;
            Some((arn, definition, record))
        })
        .collect()
}

/// A record that lacks a piece a replay (or a resume on a changed definition) cannot go on
/// without ([`crate::execution::MissingPiece::blocks_replay`]).
fn refuse_incomplete(history: &RecordedHistory) -> Result<(), EngineError> {
    let blocking = blocking_missing(history);
    if blocking.is_empty() {
        return Ok(());
    }
    Err(EngineError::RecordIncomplete(blocking))
}

/// The pieces `history` lacks that a replay (or a resume on a changed definition) cannot go
/// on without.
fn blocking_missing(history: &RecordedHistory) -> Vec<crate::execution::MissingPiece> {
    history
        .missing()
        .into_iter()
        .filter(crate::execution::MissingPiece::blocks_replay)
        .collect()
}

impl<I> StartExecution<'_, I, mode::Replay> {
    /// The replay run on `input`, when given, rather than on the recorded one (a child
    /// execution a `states:startExecution` Task of the replayed definition starts on what it
    /// sends now).
    pub(crate) fn on_input(mut self, input: Option<Value>) -> Self {
        if let (Origin::Replay(_, on), Some(input)) = (&mut self.origin, input) {
            *on = Some(input);
        }
        self
    }
}

impl<'e, I, M: mode::Resuming> StartExecution<'e, I, M> {
    /// Resumes at the visit `visit` (a state's name, `Visit::from`, or any visit in the
    /// visit syntax, `"Each[4]/Pack".parse()`: see [`Visit`]), which the record must hold
    /// ([`RecordedHistory::visits`]; else [`EngineError::NoSuchVisit`], listing those it
    /// holds), however the execution ended (one that succeeded too), whatever path the
    /// definition takes before the visit's top-level state:
    ///
    /// - a **top-level** state's visit (its last, or the `#N`th) receives the input the record
    ///   shows it received there, the variables in scope are those the record shows assigned
    ///   before it, and from there the run is live (nothing after it is taken from the
    ///   record);
    /// - a visit **inside a Parallel branch, a Map iteration or a Distributed Map's child**:
    ///   the run starts at the top-level state that holds it, with that state's recorded
    ///   input and variables, and inside it takes from the record what succeeded before the
    ///   visit on its strand, and every sibling branch, iteration or child that succeeded
    ///   (those that did not run again, as a resume at the failure runs them); the visit and
    ///   what follows it on its strand run live, then the containers' ends and what follows
    ///   them. The states before the visit on its strand must take the recorded path (else
    ///   [`EngineError::VisitRefused`]), and the record must hold what the containers ran
    ///   ([`EngineError::RecordIncomplete`]).
    ///
    /// The visit enters with its recorded input, unless [`replace_input`](Self::replace_input)
    /// replaces it, and sees the variables of its scope as the record has them, with
    /// [`replace_variables`](Self::replace_variables)'. A state the fix no longer has is
    /// [`EngineError::VisitRefused`].
    pub fn from_state(mut self, visit: impl Into<Visit>) -> Self {
        if let Origin::ResumeFailed(_, from, _) = &mut self.origin {
            *from = Some(visit.into());
        }
        self
    }

    /// The input the visit [`from_state`](Self::from_state) names enters with, instead of the
    /// recorded one (at most 256 KiB of JSON, as a state's input on AWS: "Step Functions
    /// service quotas"; else [`EngineError::VisitRefused`]).
    pub fn replace_input(mut self, input: Value) -> Self {
        if let Origin::ResumeFailed(_, _, replacement) = &mut self.origin {
            replacement.input = Some(input);
        }
        self
    }

    /// Variables the visit [`from_state`](Self::from_state) names sees, set (or replaced) in
    /// its own scope: the top level for a top-level state, its branch's, iteration's or
    /// child's otherwise. A variable of an enclosing scope is not replaced from inside (a
    /// scope may not assign a name an enclosing one holds: AWS Developer Guide, "Passing data
    /// between states with variables"; `workflow_asl`'s `validate::variables`), and one
    /// variable, as all of them together, holds at most 256 KiB of JSON (the same page's
    /// limits): else [`EngineError::VisitRefused`].
    pub fn replace_variables(mut self, variables: serde_json::Map<String, Value>) -> Self {
        if let Origin::ResumeFailed(_, _, replacement) = &mut self.origin {
            replacement.variables.extend(variables);
        }
        self
    }

    /// Where the resume goes live, without running anything live: the plan a resume on AWS
    /// starts from (`workflow resume --deploy`).
    pub fn plan(self) -> StartExecution<'e, I, mode::ResumePlan> {
        self.into_mode()
    }
}

/// What a request comes to once prepared.
struct Prepared {
    engine: Engine,
    compiled: Arc<CompiledMachine>,
    input: Value,
    prior: Option<Arc<Prior>>,
    express: bool,
    /// A resume's: the child executions its `states:startExecution` Tasks started that the
    /// record holds (ARN, definition, record), resumed where the Task that started one failed
    /// with it.
    started: Vec<(StatesArn, String, RecordedHistory)>,
    /// A resume's on a changed definition: the definitions the child executions its
    /// `states:startExecution` Tasks started ran, by execution ARN.
    started_definitions: std::collections::HashMap<StatesArn, String>,
    /// A replay's whose record holds child executions `states:startExecution` Tasks started
    /// (at any depth): the record, which they are replayed from after it.
    replayed_children: Option<RecordedHistory>,
    /// A resume's at a named visit: what the record lacks that a visit inside a Parallel or
    /// a Map cannot go on without.
    incomplete: Vec<crate::execution::MissingPiece>,
}

impl Prepared {
    /// The execution this request, named `name` (if it is), starts.
    fn start<'a>(&'a self, name: Option<&'a str>) -> ExecutionStart<'a> {
        execution_start(name, self.express, self.prior.as_ref())
    }
}

impl<'e, I> StartExecution<'e, I, mode::Standard> {
    /// `RedriveExecution`: runs `failed` (an execution of this machine that failed, timed out
    /// or was aborted) again from where it failed; the run ends as the redrive does, its
    /// history the failed attempt's, `ExecutionRedriven`, then the re-run states' events (see
    /// [`Engine`]'s redrive rules). [`EngineError::NotRedrivable`] for any other execution.
    pub fn redrive(mut self, failed: &'e Execution) -> Self {
        self.origin = Origin::Redrive(failed);
        self
    }

    /// Resumes an execution of this machine whose process stopped, from its recorded history
    /// (and its Distributed Maps' children's, [`RecordedHistory::child`]): it continues as the
    /// same execution, its history going on after the last recorded event (no
    /// `ExecutionRedriven`): a Wait keeps its deadline, a Task whose end was not recorded is
    /// invoked again (a callback keeps its token and is not submitted again when its
    /// `TaskSubmitted` was recorded), a Distributed Map keeps its Map Run and its finished
    /// children, and its unfinished children resume in turn.
    /// [`EngineError::History`] for a history that ended the execution, or is no history.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::Engine;
    /// use workflow_runtime::execution::RecordedHistory;
    /// use workflow_runtime::engine::blocking;
    ///
    /// let machine = StateMachine::from_json(r#"{"StartAt": "Wait", "States": {
    ///     "Wait": {"Type": "Wait", "Seconds": 30, "Next": "Done"},
    ///     "Done": {"Type": "Pass", "End": true}}}"#)?;
    /// let engine = Engine::new();
    /// let whole = blocking::run(engine.machine(&machine).input(json!({"n": 1})))?;
    /// // The process stopped during the Wait: its first two events were stored.
    /// let stored = RecordedHistory::new(whole.history[..2].to_vec());
    /// let resumed = blocking::run(engine.machine(&machine).resume(stored))?;
    /// assert_eq!(resumed.history, whole.history);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resume(mut self, history: RecordedHistory) -> Self {
        self.origin = Origin::Resume(history);
        self
    }

    /// Resumes an execution that was redriven (`failed`: its attempt before the redrive, as
    /// [`redrive`](Self::redrive) takes it) and whose process stopped before the redriven run
    /// ended: `history` is its whole history so far (the failed attempt's events, the
    /// redrive's `ExecutionRedriven`, what the redriven run recorded). It goes on as the
    /// redrive (its `$$.Execution.RedriveCount`, its `TimeoutSeconds` counted from the
    /// recorded redrive), its history after the last recorded event, what the redriven run
    /// recorded kept as a resume keeps it. [`EngineError::History`] for a history that is not
    /// `failed`'s followed by its next redrive, or that ended.
    pub fn resume_redrive(mut self, failed: &'e Execution, history: RecordedHistory) -> Self {
        self.origin = Origin::RedriveResumed(failed, history);
        self
    }

    /// Runs this definition (possibly changed since) on the recorded `history`: the recorded
    /// results answer its Tasks, and the run is compared with the record as it goes
    /// ([`Replayed`]). A Task the history never ran is a divergence, unless a handler or a
    /// mock of the engine answers it. A Distributed Map's recorded children replay on their
    /// own histories, on the inputs the definition's item processing makes where the items
    /// can be had (the Map's input; an `ItemReader`'s source the engine's object store
    /// holds), else on their recorded inputs ([`Replayed::unchecked`] says so, unless the
    /// record holds the definition the execution ran, [`RecordedHistory::with_definition`],
    /// whose Map configuration is then compared). A child a `states:startExecution` Task
    /// started, at any depth, replays on its recorded definition (or the one given in its
    /// place) and on what the Task sends it now; its differences name it.
    pub fn replay(mut self, history: RecordedHistory) -> StartExecution<'e, I, mode::Replay> {
        self.origin = Origin::Replay(history, None);
        self.into_mode()
    }

    /// Resumes the failed, timed out or stopped execution recorded in `record` on this
    /// definition (a fix of the one it ran), as a new execution: the definition runs on the
    /// record up to where the execution failed (the recorded Task results, values drawn and
    /// child executions taken from it, as a replay takes them), then goes on live from there,
    /// its Tasks answered as any run's (handlers, mocks, the AWS endpoint). Nothing that
    /// succeeded in the record runs again, whatever the fix changes (AWS's redrive rule, see
    /// [`Resumed`](crate::Resumed)): a Parallel or an inline Map that failed is entered again
    /// from the record, its branches and iterations that finished taken from it (their Tasks
    /// answered with their recorded results even where they now send another request), and
    /// only the states where the record's strands failed or were stopped, what follows them
    /// on their own strand and the iterations that never started run; inside a Distributed
    /// Map, only the children that did not succeed run again (a STANDARD one resumed from
    /// where it failed, an EXPRESS one from its start); the variables in scope are the run's
    /// own, as the record makes them. The run gives a [`Resumed`](crate::Resumed): the
    /// execution, where it went live, and what data differs from the record before that.
    ///
    /// Refused before anything runs: a definition the validator finds errors in
    /// ([`EngineError::InvalidDefinition`], whatever
    /// [`Engine::validation_errors_as_warnings`] says: the fix runs live, as a deployment of
    /// it would); one that no longer has a state where the record failed
    /// ([`EngineError::FailedStateRemoved`]); one that already takes another path than the
    /// record before the failure ([`EngineError::DivergesBeforeFailure`]). The last two,
    /// unless the state to resume at is named ([`from_state`](StartExecution::from_state)).
    /// [`EngineError::History`] for a record that did not end unsuccessfully.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::{Engine, blocking};
    /// use workflow_runtime::execution::{ExecutionStatus, RecordedHistory};
    ///
    /// let broken = StateMachine::from_json(r#"{"StartAt": "Load", "States": {
    ///     "Load": {"Type": "Pass", "Result": {"rows": 3}, "Next": "Check"},
    ///     "Check": {"Type": "Choice", "Choices": [{"Variable": "$.rows", "NumericGreaterThan": 5, "Next": "Done"}]},
    ///     "Done": {"Type": "Succeed"}}}"#)?;
    /// let failed = blocking::run(Engine::new().machine(&broken))?;
    /// assert_eq!(failed.status, ExecutionStatus::Failed);
    /// let fixed = StateMachine::from_json(r#"{"StartAt": "Load", "States": {
    ///     "Load": {"Type": "Pass", "Result": {"rows": 3}, "Next": "Check"},
    ///     "Check": {"Type": "Choice", "Choices": [{"Variable": "$.rows", "NumericGreaterThan": 5, "Next": "Done"}],
    ///       "Default": "Done"},
    ///     "Done": {"Type": "Succeed"}}}"#)?;
    /// let resumed = blocking::run(Engine::new().machine(&fixed).resume_failed(RecordedHistory::new(failed.history)))?;
    /// assert_eq!(resumed.execution.status, ExecutionStatus::Succeeded);
    /// assert_eq!(resumed.resumed_at.state, "Check");
    /// assert_eq!(resumed.replayed_states, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resume_failed(
        mut self,
        record: RecordedHistory,
    ) -> StartExecution<'e, I, mode::ResumeFailed> {
        self.origin = Origin::ResumeFailed(record, None, Replacement::default());
        self.into_mode()
    }

    /// `StartSyncExecution`: runs it as an EXPRESS execution the caller waits for; the run
    /// gives the service's answer and the local run behind it.
    pub fn sync_express(mut self) -> StartExecution<'e, I, mode::SyncExpress> {
        self.execution_type = Some(ExecutionType::Express);
        self.into_mode()
    }

    /// What to call once the execution ended and its outcome can be taken (a host that files
    /// it away at once, `workflow serve`); for [`start`](Self::start).
    pub fn on_end(mut self, on_end: OnEnd) -> Self {
        self.on_end = Some(on_end);
        self
    }

    /// What to tell of each change as it happens (an event written, a task waiting for its
    /// token): a host that stores events, routes tokens and wakes activity workers as they
    /// come rather than polling (`workflow serve`); for [`start`](Self::start).
    pub fn on_change(mut self, on_change: crate::hosts::changes::OnChange) -> Self {
        self.on_change = Some(on_change);
        self
    }

    /// Runs its waiting tasks' deadlines (`TimeoutSeconds`, `HeartbeatSeconds`) on the wall
    /// clock, as timers inside the execution's task: a host answering callbacks in real time
    /// needs no clock of its own. Without it, time passes for them only by
    /// [`RunningExecution::advance`](crate::RunningExecution::advance). For
    /// [`start`](Self::start).
    pub fn wall_deadlines(mut self, on: bool) -> Self {
        self.wall_deadlines = on;
        self
    }

    /// Notes where the event of each answer handed to it will be (`SendTaskSuccess`,
    /// `SendTaskFailure`, a worker's start by `GetActivityTask`), so that
    /// [`RunningExecution::answer_recorded`] can wait for it: a host that answers a client only
    /// once the answer's effect is stored (`workflow serve`) waits for it, then stores the
    /// history. For [`start`](Self::start).
    ///
    /// [`RunningExecution::answer_recorded`]: crate::RunningExecution::answer_recorded
    pub fn confirm_answers(mut self, on: bool) -> Self {
        self.confirm_answers = on;
        self
    }

    /// The last heartbeat (`SendTaskHeartbeat`) of each task of a resumed execution before its
    /// process stopped, as the host recorded it: token and wall-clock milliseconds since the
    /// epoch. With [`wall_deadlines`](Self::wall_deadlines), a resumed task's
    /// `HeartbeatSeconds` counts from it (else from the task's recorded start or its worker's),
    /// and its `TimeoutSeconds` from its recorded start, not from the resume. For
    /// [`resume`](Self::resume).
    pub fn recorded_heartbeats(
        mut self,
        beats: impl IntoIterator<Item = (workflow_aws_models::TaskToken, i64)>,
    ) -> Self {
        self.recorded_heartbeats = beats
            .into_iter()
            .map(|(token, millis)| (token.into_string(), millis))
            .collect();
        self
    }

    /// Keeps the events its Distributed Maps' child executions write, for
    /// [`RunningExecution::take_child_events`]: a host that stores an execution's events as
    /// they happen, to resume it after its process stopped ([`resume`](Self::resume),
    /// [`RecordedHistory::child`]), stores its children's too. For [`start`](Self::start).
    pub fn keep_child_events(mut self, keep: bool) -> Self {
        self.keep_child_events = keep;
        self
    }

    /// Starts the execution as a task of the Tokio runtime it is called in (not a thread of
    /// its own, nor a runtime of the engine's) and returns it running: its
    /// `.waitForTaskToken` tasks and activities are the caller's to answer (see
    /// [`RunningExecution`]). Outside a runtime it is [`EngineError::NoAsyncRuntime`]; code
    /// that is not async starts it with [`crate::blocking::Runtime::start`].
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::aws_models::TaskToken;
    /// use workflow_runtime::engine::Engine;
    /// use workflow_runtime::execution::ExecutionStatus;
    /// use workflow_runtime::engine::blocking;
    ///
    /// let machine = StateMachine::from_json(r#"{"StartAt": "Approve", "States": {"Approve": {
    ///     "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    ///     "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
    ///     "End": true}}}"#)?;
    /// let execution = blocking::start(Engine::new().machine(&machine))?;
    /// let task = execution.next_task().unwrap();
    /// // The token the state sent, read where it enters (as the service's `SendTaskSuccess`).
    /// let token: TaskToken = task.input["MessageBody"]["token"].as_str().unwrap().parse()?;
    /// assert_eq!(token, task.task_token);
    /// execution.send_task_success(&token, r#"{"approved": true}"#)?;
    /// let done = execution.wait()?;
    /// assert_eq!(done.status, ExecutionStatus::Succeeded);
    /// assert_eq!(done.output, Some(json!({"approved": true})));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn start(mut self) -> Result<RunningExecution, EngineError> {
        let runtime =
            tokio::runtime::Handle::try_current().map_err(|_| EngineError::NoAsyncRuntime)?;
        let prepared = self.prepare()?;
        let name = self.name.take();
        let on_end = self.on_end.take();
        let mut spawned = prepared_parts(prepared, name, self.keep_child_events);
        spawned.on_change = self.on_change.take();
        spawned.wall_deadlines = self.wall_deadlines;
        spawned.confirm_answers = self.confirm_answers;
        spawned.recorded_beats = std::mem::take(&mut self.recorded_heartbeats);
        spawned.debugger = self.debugger.take();
        Ok(self.engine.spawn(&runtime, spawned, on_end))
    }
}

/// What a spawned execution runs.
pub(crate) struct Spawned {
    pub engine: Engine,
    pub compiled: Arc<CompiledMachine>,
    pub input: Value,
    pub prior: Option<Arc<Prior>>,
    pub express: bool,
    pub name: Option<String>,
    pub keep_child_events: bool,
    pub on_change: Option<crate::hosts::changes::OnChange>,
    pub wall_deadlines: bool,
    pub confirm_answers: bool,
    pub recorded_beats: std::collections::HashMap<String, i64>,
    pub debugger: Option<Arc<dyn crate::debug::Debugger>>,
    /// On a virtual clock, the clock's participant the execution is from its spawn (held by
    /// its task, so that a task dropped unpolled leaves the clock).
    pub participation: Option<Arc<crate::core::virtual_clock::Participation>>,
}

fn prepared_parts(prepared: Prepared, name: Option<String>, keep_child_events: bool) -> Spawned {
    Spawned {
        keep_child_events,
        on_change: None,
        wall_deadlines: false,
        confirm_answers: false,
        recorded_beats: std::collections::HashMap::new(),
        debugger: None,
        participation: None,
        engine: prepared.engine,
        compiled: prepared.compiled,
        input: prepared.input,
        prior: prepared.prior,
        express: prepared.express,
        name,
    }
}

impl Spawned {
    /// What it launches: the execution, started, its callbacks and activities in `hub`.
    pub(crate) fn launch<'a>(&'a self, hub: &'a crate::hosts::callbacks::Hub) -> Launch<'a> {
        let mut start = execution_start(self.name.as_deref(), self.express, self.prior.as_ref());
        start.debugger = self.debugger.as_deref();
        start.participation = self.participation.as_ref();
        Launch::Started(start, hub)
    }
}

/// The execution a request `name`d so (if it is), EXPRESS or not, starts from `prior` (if
/// any).
fn execution_start<'a>(
    name: Option<&'a str>,
    express: bool,
    prior: Option<&'a Arc<Prior>>,
) -> ExecutionStart<'a> {
    ExecutionStart {
        name,
        execution_type: match express {
            true => ExecutionType::Express,
            false => ExecutionType::Standard,
        },
        from: prior.map_or(StartsFrom::New, StartsFrom::Recorded),
        debugger: None,
        participation: None,
    }
}

/// A new execution, a redrive or a resume, to its end.
async fn run_standard<I>(
    mut request: StartExecution<'_, I, mode::Standard>,
) -> Result<Execution, EngineError> {
    let prepared = request.prepare()?;
    let name = request.name.take();
    let mut start = prepared.start(name.as_deref());
    start.debugger = request.debugger.as_deref();
    let launch = Launch::Run(start);
    prepared
        .engine
        .launch(&prepared.compiled, prepared.input.clone(), launch)
        .await
}

/// A synchronous EXPRESS execution, to its end.
async fn run_sync_express<I>(
    mut request: StartExecution<'_, I, mode::SyncExpress>,
) -> Result<crate::ExpressRun, EngineError> {
    let prepared = request.prepare()?;
    let name = request.name.take();
    prepared
        .engine
        .run_sync(&prepared.compiled, prepared.input.clone(), name.as_deref())
        .await
}

/// How many times a replay runs its definition again to take the values it draws from its
/// record (see `core::draws`): each round runs it twice, with two sets of values for the
/// draws not known yet, and recovers them; a recovered value may lead the run to new draws.
const DRAW_ROUNDS: usize = 4;

/// A replay, to its end, compared with its record. A run that draws nothing is the replay;
/// one that draws values at run time is run again until it draws the record's (see
/// `core::draws`).
async fn run_replay<I>(
    mut request: StartExecution<'_, I, mode::Replay>,
) -> Result<Replayed, EngineError> {
    let prepared = request.prepare()?;
    let name = request.name.take();
    let template = prepared
        .prior
        .clone()
        .ok_or_else(|| EngineError::History("a replay needs a record".into()))?;
    let probed = probe_draws(&prepared, name.as_deref(), &template, None).await?;
    // Under a debugger, the run is made once more with what the replay knows of its draws:
    // the same run, paused where the debugger stops it.
    let (execution, prior) = match request.debugger.as_deref() {
        None => (probed.execution, probed.prior),
        Some(debugger) => {
            let (execution, prior, _) = replay_once(
                &prepared,
                (name.as_deref(), None),
                &template,
                crate::core::draws::Probe::A,
                (&probed.known, &probed.opaque),
                Some(debugger),
            )
            .await?;
            (execution, prior)
        }
    };
    let mut replayed = Replayed::new(execution, prior.differences(true), prior.taken())
        .with_unchecked(prior.unchecked());
    let Some(record) = &prepared.replayed_children else {
        return Ok(replayed);
    };
    // The children its `states:startExecution` Tasks started (its own, its Distributed Maps'
    // children's, at any depth) replay on their definitions, each on the input the run sends
    // it now (the parent's Tasks took their recorded results): what differs in them names
    // them, and their children's in turn.
    for (arn, input) in started_children::started_by(&replayed.execution) {
        let (Some(definition), Some(child_record)) = (
            record.started_executions().get(&arn),
            record.child_record(&arn),
        ) else {
            continue;
        };
        let child = replay_started(&prepared.engine, &arn, definition, child_record, input).await;
        match child {
            Ok(child) => replayed.absorb(&arn, child),
            Err(why) => replayed.differences.push(crate::Difference {
                kind: crate::DifferenceKind::Path,
                state: None,
                after_state: None,
                recorded_event: None,
                event: None,
                recorded: "its record".to_owned(),
                now: format!("it could not be replayed: {why}"),
                recorded_details: None,
                now_details: None,
                changes: Vec::new(),
                execution: Some(arn.clone()),
                file: None,
            }),
        }
    }
    Ok(replayed)
}

/// The replay of the child execution `arn` a `states:startExecution` Task started, on
/// `definition` and `input` (what the Task sends now), under its recorded names.
async fn replay_started(
    engine: &Engine,
    arn: &StatesArn,
    definition: &str,
    record: RecordedHistory,
    input: Value,
) -> Result<Replayed, EngineError> {
    let machine = StateMachine::from_json(definition)
        .map_err(|e| EngineError::InvalidDefinition(e.diagnostics))?;
    let compiled = engine.compile(&machine)?;
    let future: futures::future::BoxFuture<'_, _> =
        Box::pin(engine.replay_one(&compiled, Some(arn), record, Some(input)));
    future.await
}

/// A run on a record, the values it draws taken from the record as far as they can be
/// recovered: the last run, its match of the record, the values known and the places where
/// the recorded value is taken as it is.
struct Probed {
    execution: Execution,
    prior: Arc<Prior>,
    known: std::collections::HashMap<crate::core::draws::DrawKey, Value>,
    opaque: Vec<(usize, String)>,
}

/// Runs the definition on `template`'s record (a replay, or a plan of a resume, which runs
/// nothing live) until it draws the record's values: a run that draws nothing is the one;
/// one that draws values at run time is run again, twice a round, until no new value is
/// recovered (see `core::draws`).
async fn probe_draws(
    prepared: &Prepared,
    name: Option<&str>,
    template: &Prior,
    at: Option<&launch::StateStart>,
) -> Result<Probed, EngineError> {
    use crate::core::draws::{Probe, ProbeRun, recover};
    let recorded = template.events().to_vec();
    let mut known = std::collections::HashMap::new();
    let mut opaque: Vec<(usize, String)> = Vec::new();
    let mut round = 0;
    loop {
        let (execution, prior, draws) = replay_once(
            prepared,
            (name, at),
            template,
            Probe::A,
            (&known, &opaque),
            None,
        )
        .await?;
        round += 1;
        if !draws.drew_unknown() || round > DRAW_ROUNDS {
            return Ok(Probed {
                execution,
                prior,
                known,
                opaque,
            });
        }
        let (other, other_prior, other_draws) = replay_once(
            prepared,
            (name, at),
            template,
            Probe::B,
            (&known, &opaque),
            None,
        )
        .await?;
        let (a_pairs, b_pairs) = (prior.matched_pairs(), other_prior.matched_pairs());
        let (a_draws, b_draws) = (draws.drawn(), other_draws.drawn());
        let found = recover(
            &recorded,
            &ProbeRun {
                history: &execution.history,
                matched: &a_pairs,
                draws: &a_draws,
            },
            &ProbeRun {
                history: &other.history,
                matched: &b_pairs,
                draws: &b_draws,
            },
        );
        let before = (known.len(), opaque.len());
        for (key, value) in found.values {
            known.entry(key).or_insert(value);
        }
        for place in found.opaque {
            if !opaque.contains(&place) {
                opaque.push(place);
            }
        }
        if (known.len(), opaque.len()) == before {
            return Ok(Probed {
                execution,
                prior,
                known,
                opaque,
            });
        }
    }
}

/// One run on a fresh match of `template`'s record (from the top-level state `at`, when
/// given), drawing `known` values where it has them and `probe`'s elsewhere, and taking the
/// recorded values at the `opaque` places. Under `debugger`, when there is one.
async fn replay_once(
    prepared: &Prepared,
    (name, at): (Option<&str>, Option<&launch::StateStart>),
    template: &Prior,
    probe: crate::core::draws::Probe,
    (known, opaque): (
        &std::collections::HashMap<crate::core::draws::DrawKey, Value>,
        &[(usize, String)],
    ),
    debugger: Option<&dyn crate::debug::Debugger>,
) -> Result<(Execution, Arc<Prior>, crate::core::draws::Draws), EngineError> {
    let prior = template
        .again()
        .map_err(|e| EngineError::History(e.0))?
        .taking_recorded_values(opaque);
    let prior = Arc::new(prior);
    let draws = crate::core::draws::Draws::new(probe, known.clone()).names_known(name.is_some());
    let launch = Launch::Run(ExecutionStart {
        from: StartsFrom::Replay(&prior, &draws, at),
        debugger,
        ..prepared.start(name)
    });
    let execution = prepared
        .engine
        .launch(&prepared.compiled, prepared.input.clone(), launch)
        .await?;
    Ok((execution, prior, draws))
}

/// Where a resume on a changed definition goes live, and what it runs from there.
struct ResumePlan {
    point: crate::ResumePoint,
    from: PlanFrom,
    /// Why what ran inside the resume state cannot be read from the record against the fixed
    /// definition (`resumed::strands`), if it cannot: a plan is refused, a local resume, which
    /// does not need it, is not.
    strands_refused: Option<String>,
}

/// What a resume runs.
enum PlanFrom {
    /// The record up to where the plan went live, then live: the plan's record and the
    /// values it recovered, and the data differences it found; from the top-level state of
    /// a visit named inside a container, when it is one.
    Record(Box<Probed>, Option<launch::StateStart>),
    /// The named top-level state's visit, live.
    State(launch::StateStart),
}

/// The plan of the resume `prepared` (`from_state`: at the visit named, with what it enters
/// with): where it goes live. Refused where the definition diverges from the record before
/// that.
async fn resume_plan(
    prepared: &Prepared,
    from_state: Option<&(Visit, Replacement)>,
    name: Option<&str>,
) -> Result<ResumePlan, EngineError> {
    let template = prepared
        .prior
        .clone()
        .ok_or_else(|| EngineError::History("a resume needs a record".into()))?;
    if let Some((visit, replacement)) = from_state {
        return visit_plan(prepared, &template, (visit, replacement), name).await;
    }
    let execution_input = template.input().clone();
    refuse_removed_failed_state(&template, &prepared.compiled)?;
    refuse_removed_failed_child_state(&template, &prepared.compiled, &prepared.started)?;
    let probed = probe_draws(prepared, name, &template, None).await?;
    let differences = probed.prior.differences(true);
    if let Some(path) = differences
        .into_iter()
        .find(|d| d.kind == crate::core::prior::DifferenceKind::Path)
    {
        return Err(EngineError::DivergesBeforeFailure(Box::new(path.into())));
    }
    let at = probed.prior.resume_at().ok_or_else(|| {
        EngineError::History(
            "the definition does not reach where the record failed: nothing to resume".into(),
        )
    })?;
    let (strands, strands_refused) = match crate::resumed::strands(
        &template,
        &prepared.compiled.program,
        &prepared.started_definitions,
        &at.state,
    ) {
        Ok(strands) => (strands, None),
        Err(refused) => (None, Some(refused)),
    };
    Ok(ResumePlan {
        point: crate::ResumePoint {
            state: at.state,
            input: at.input,
            variables: at.variables,
            execution_input,
            named: false,
            visit: None,
            strands,
        },
        from: PlanFrom::Record(Box::new(probed), None),
        strands_refused,
    })
}

/// The plan of a resume at the visit `visit` the record holds, entered with `replacement`
/// (see [`StartExecution::from_state`]): a top-level state's visit starts there, live; one
/// inside a container starts at the container's top-level state, the record taken inside it
/// up to the visit.
async fn visit_plan(
    prepared: &Prepared,
    template: &Arc<Prior>,
    (visit, replacement): (&Visit, &Replacement),
    name: Option<&str>,
) -> Result<ResumePlan, EngineError> {
    let visits = crate::core::visits::visits(template);
    let found = visit.find(&visits)?;
    let refused = |reason: String| EngineError::VisitRefused {
        visit: found.visit.clone(),
        reason,
    };
    let program = &prepared.compiled.program;
    let top_state = found.visit.steps()[0].state.as_str();
    let scope = &program.scopes[0];
    let top_level: Vec<&str> = scope.nodes.iter().map(|node| &*node.name).collect();
    let index = top_level
        .iter()
        .position(|&name| name == top_state)
        .ok_or_else(|| {
            refused(format!(
                "the fix has no top-level state `{top_state}` (removed or renamed); its top-level states are {}",
                top_level.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ))
        })?;
    let state = found.visit.state();
    if !program
        .scopes
        .iter()
        .any(|scope| scope.nodes.iter().any(|node| &*node.name == state))
    {
        return Err(refused(format!(
            "the fix has no state `{state}` (removed or renamed): a resume at a visit runs that state again, on the fix"
        )));
    }
    check_replacement(replacement).map_err(refused)?;
    let top_entry = found.entries[0].position;
    let at = template
        .recorded_entry_at(top_entry, &top_level)
        .ok_or_else(|| refused("the record does not show the state's entry".into()))?;
    let execution_input = template.input().clone();
    if found.visit.is_top_level() {
        let mut variables = at.variables;
        variables.extend(replacement.variables.clone());
        let input = replacement.input.clone().unwrap_or(at.input);
        return Ok(ResumePlan {
            point: crate::ResumePoint {
                state: at.state,
                input: input.clone(),
                variables: variables.clone(),
                execution_input,
                named: true,
                visit: Some(found.visit.clone()),
                // A state named to resume at runs again from its start.
                strands: None,
            },
            from: PlanFrom::State(launch::StateStart {
                index,
                input,
                variables,
            }),
            strands_refused: None,
        });
    }
    if !prepared.incomplete.is_empty() {
        return Err(EngineError::RecordIncomplete(prepared.incomplete.clone()));
    }
    let strands = crate::resumed::strands_at_visit(
        template,
        program,
        &prepared.started_definitions,
        found,
        replacement,
    )
    .map_err(refused)?;
    let plan = Arc::new(VisitPlan {
        entries: found.entries.clone(),
        replacement: replacement.clone(),
    });
    let visiting = template
        .again()
        .map_err(|e| EngineError::History(e.0))?
        .at_visit(plan, true);
    let start = launch::StateStart {
        index,
        input: at.input.clone(),
        variables: at.variables.clone(),
    };
    let probed = probe_draws(prepared, name, &visiting, Some(&start)).await?;
    if let Some(path) = probed
        .prior
        .differences(true)
        .into_iter()
        .find(|d| d.kind == crate::core::prior::DifferenceKind::Path)
    {
        let difference: crate::Difference = path.into();
        return Err(refused(format!(
            "the fix takes another path than the record before it, at {difference}; name the top-level state to resume at instead (`{}`), which runs it again from its start",
            found.visit.steps()[0]
        )));
    }
    Ok(ResumePlan {
        point: crate::ResumePoint {
            state: at.state,
            input: at.input,
            variables: at.variables,
            execution_input,
            named: true,
            visit: Some(found.visit.clone()),
            strands: Some(strands),
        },
        from: PlanFrom::Record(Box::new(probed), Some(start)),
        strands_refused: None,
    })
}

/// Why a visit's replaced input or variables cannot be: AWS's limits on a state's input and a
/// variable (256 KiB each; the variables of one `Assign` together too), and JSON's depth.
fn check_replacement(replacement: &Replacement) -> Result<(), String> {
    use crate::execution::MAX_PAYLOAD_BYTES;
    if let Some(input) = &replacement.input {
        match crate::core::quotas::measure(input) {
            None => {
                return Err(format!(
                    "the replaced input nests more than {} levels deep",
                    crate::core::quotas::MAX_NESTING
                ));
            }
            Some(size) if size > MAX_PAYLOAD_BYTES => {
                return Err(format!(
                    "the replaced input is {size} bytes of JSON, more than the {MAX_PAYLOAD_BYTES} a state's input may hold (Step Functions service quotas)"
                ));
            }
            Some(_) => {}
        }
    }
    let mut total = 0;
    for (name, value) in &replacement.variables {
        let size = crate::core::quotas::measure(value).ok_or_else(|| {
            format!(
                "the replaced variable `{name}` nests more than {} levels deep",
                crate::core::quotas::MAX_NESTING
            )
        })?;
        if size > MAX_PAYLOAD_BYTES {
            return Err(format!(
                "the replaced variable `{name}` is {size} bytes of JSON, more than the {MAX_PAYLOAD_BYTES} a variable may hold"
            ));
        }
        total += size;
    }
    if total > MAX_PAYLOAD_BYTES {
        return Err(format!(
            "the replaced variables come to {total} bytes of JSON, more than the {MAX_PAYLOAD_BYTES} one `Assign` may hold"
        ));
    }
    Ok(())
}

/// A resume whose fix has no state by the name of one where the record failed, timed out
/// or was stopped (it removed or renamed it): [`EngineError::FailedStateRemoved`], with the
/// fix's top-level states the record entered (what may be named to resume at instead). A
/// Fail state is no such state: it does no work, and a fix that no longer goes there must
/// remove it (the validator refuses a state nothing reaches); the run goes live where the fix
/// goes instead.
fn refuse_removed_failed_state(
    record: &Prior,
    compiled: &CompiledMachine,
) -> Result<(), EngineError> {
    let scopes = &compiled.program.scopes;
    let has = |state: &str| {
        scopes
            .iter()
            .any(|scope| scope.nodes.iter().any(|node| &*node.name == state))
    };
    let Some(failed) = record
        .failed_states()
        .into_iter()
        .find(|failed| failed.state_type != StateKind::Fail && !has(&failed.state))
    else {
        return Ok(());
    };
    Err(EngineError::FailedStateRemoved {
        failed,
        resumable: resumable(record, compiled),
    })
}

/// The fix's top-level states the record entered, in record order: what a resume may be told
/// to start at instead (`from_state`).
fn resumable(record: &Prior, compiled: &CompiledMachine) -> Vec<String> {
    let top_level: Vec<&str> = compiled
        .program
        .scopes
        .first()
        .map(|scope| scope.nodes.iter().map(|node| &*node.name).collect())
        .unwrap_or_default();
    let mut resumable: Vec<String> = Vec::new();
    for event in record.events() {
        if let crate::execution::EventKind::StateEntered { name, .. } = &event.kind
            && top_level.contains(&&**name)
            && !resumable.iter().any(|s| s == &**name)
        {
            resumable.push(name.to_string());
        }
    }
    resumable
}

/// A resume whose record failed because a child execution a `states:startExecution` Task
/// started failed, and whose child definition (the one it ran, or its fix:
/// `RecordedHistory::started_definition`) has no state by the name of one where the child's
/// record failed: the child would resume where it cannot
/// ([`EngineError::FailedStateRemoved`], placed in the child; the states that may be named
/// are the parent's). A child definition that does not decode is refused with its
/// diagnostics.
fn refuse_removed_failed_child_state(
    record: &Prior,
    compiled: &CompiledMachine,
    started: &[(StatesArn, String, RecordedHistory)],
) -> Result<(), EngineError> {
    for (task, arn) in record.failed_tasks_children() {
        let Some((_, definition, child)) = started.iter().find(|(a, ..)| *a == arn) else {
            continue;
        };
        if !nested::unsuccessful(child) {
            continue;
        }
        let machine = StateMachine::from_json(definition)
            .map_err(|e| EngineError::InvalidDefinition(e.diagnostics))?;
        let walk = machine.walk();
        let names: std::collections::HashSet<&str> = walk.states().map(|s| s.name).collect();
        let (events, held) = child.clone().into_record();
        let Ok(prior) = Prior::resume_failed(events, &SharedRecord::of(held), false) else {
            continue;
        };
        let execution = arn.execution_name().unwrap_or_default().to_owned();
        if let Some(mut failed) = prior
            .failed_states()
            .into_iter()
            .find(|f| f.state_type != StateKind::Fail && !names.contains(f.state.as_str()))
        {
            failed.within.insert(
                0,
                crate::Within::Started {
                    task: task.clone(),
                    execution,
                },
            );
            return Err(EngineError::FailedStateRemoved {
                failed,
                resumable: resumable(record, compiled),
            });
        }
    }
    Ok(())
}

/// Where a resume on a changed definition would go live.
async fn run_resume_plan<I>(
    mut request: StartExecution<'_, I, mode::ResumePlan>,
) -> Result<crate::ResumePoint, EngineError> {
    let prepared = request.prepare()?;
    let name = request.name.take();
    let from_state = request.from_state.take();
    let plan = resume_plan(&prepared, from_state.as_ref(), name.as_deref()).await?;
    match plan.strands_refused {
        Some(refused) => Err(EngineError::History(refused)),
        None => Ok(plan.point),
    }
}

/// A resume on a changed definition, to its end: its plan, then the run, live from where
/// the plan stopped.
async fn run_resume_failed<I>(
    mut request: StartExecution<'_, I, mode::ResumeFailed>,
) -> Result<crate::Resumed, EngineError> {
    let prepared = request.prepare()?;
    let name = request.name.take();
    let from_state = request.from_state.take();
    let plan = resume_plan(&prepared, from_state.as_ref(), name.as_deref()).await?;
    let resumed_at = plan.point;
    let (live, draws, start) = match plan.from {
        PlanFrom::State(start) => (None, None, Some(start)),
        PlanFrom::Record(probed, start) => {
            let probed = *probed;
            let live = probed
                .prior
                .live()
                .map_err(|e| EngineError::History(e.0))?
                .taking_recorded_values(&probed.opaque);
            let draws = crate::core::draws::Draws::new(crate::core::draws::Probe::A, probed.known)
                .names_known(name.is_some());
            (Some(Arc::new(live)), Some(draws), start)
        }
    };
    let from = match (&live, &draws, &start) {
        (Some(live), Some(draws), start) => StartsFrom::Replay(live, draws, start.as_ref()),
        (_, _, Some(start)) => StartsFrom::State(start),
        _ => StartsFrom::New,
    };
    let launch = Launch::Run(ExecutionStart {
        from,
        ..prepared.start(name.as_deref())
    });
    // A nested child whose failure failed the Task that started it resumes from its record.
    let engine = match &live {
        Some(live) => nested::resuming_children(&prepared.engine, live, &prepared.started),
        None => prepared.engine.clone(),
    };
    let execution = engine
        .launch(&prepared.compiled, prepared.input.clone(), launch)
        .await?;
    Ok(crate::Resumed {
        execution,
        resumed_at,
        differences: live.as_ref().map_or_else(Vec::new, |live| {
            live.differences(true)
                .into_iter()
                .map(crate::Difference::from)
                .collect()
        }),
        replayed_states: live.as_ref().map_or(0, |live| live.matched_states()),
    })
}

/// A TestState step.
async fn run_test_step<I>(
    request: StartExecution<'_, I, mode::TestStep>,
) -> Result<crate::TestStateOutput, crate::TestStateError> {
    match request.target {
        Target::TestState(prepared) => request.engine.run_test_state(prepared).await,
        _ => Err(crate::TestStateError::Validation(
            "not a TestState request".into(),
        )),
    }
}
