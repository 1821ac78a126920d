//! The local Step Functions engine of `workflow-runtime`: runs any state machine in-process
//! with the service's semantics. Users reach it through `workflow_runtime::engine` (and
//! `workflow_runtime::execution`, `workflow_runtime::task_kind`, `workflow_runtime::Workflow`),
//! where its guide and examples are; this crate's own items are the engine and what a host
//! outside it (`workflow serve`) builds on: what to call when a started execution ends
//! ([`OnEnd`]), the wall clock in the service's unit ([`wall_millis`]), the service's check of a task token
//! ([`well_formed_task_token`]) and a handler's panic as text ([`panic_message`]); and what a
//! runner of many executions of one workflow builds on (the generated inputs of
//! `workflow-proptest`): the workflow compiled once ([`Engine::compile_workflow`]), the
//! handlers that match none of its Tasks ([`Engine::unmatched_handlers`]) and the coverage its
//! runs reached ([`CompiledMachine::coverage_report`]).
#![deny(missing_docs)]
#![warn(unreachable_pub)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod debug;
pub mod execution;
mod input_schema;
mod map_item;
pub mod task_kind;
pub mod typed_request;
mod workflow;

mod core;
mod failed_child;
mod hosts;
#[cfg(test)]
mod layering_tests;
mod replay;
mod replays;
#[cfg(test)]
mod request_check_tests;
mod resumed;
mod start;

pub use input_schema::{InputField, InputProblem, InputType, MOST_INPUT_PROBLEMS};
pub use map_item::MapItem;
#[doc(hidden)]
pub use workflow::undecodable;
pub use workflow::{StartedWorkflow, TaskRef, Workflow, WorkflowSource};

pub use core::clock::TimeMode;
pub use core::live_map_run::{MapRunUpdate, RunningChild, RunningMapRun};
pub use core::map_run::{ChildExecution, MapRun};
pub use core::object_store::{ObjectStore, ObjectStoreError, PathRefusal};
pub use core::task_outcome::{TaskFailure, TaskOutput};
pub use core::test_step::{ErrorDetails, TestStatus};
pub use core::timeline::awaiting_other_executions;
pub use core::trace::StateTrace;
pub use core::unfinished::{FailedState, Within};
pub use core::virtual_clock::{ClockHold, VirtualClock};
pub use failed_child::FailedChild;
pub use hosts::activities::ActivityTask;
#[cfg(feature = "aws-endpoint")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-endpoint")))]
pub use hosts::aws_endpoint::{AwsEndpointError, AwsEndpoints};
pub use hosts::callbacks::{AnswerOutcome, CallbackError, WaitingTask};
pub use hosts::coverage::{
    COVERAGE_ENV, Coverage, CoverageReadError, CoverageReport, DefinitionSource, MachineReport,
    PointReport,
};
pub use hosts::express::ExpressRun;
pub use hosts::handler_key::{HandlerKey, UnmatchedHandler};
pub use hosts::handlers::{HandlerFuture, TaskCall};
pub use hosts::mock::{MockConfig, MockConfigError, MockedResult, Mocks};
pub use hosts::running::{CurrentMapRun, RunningExecution};
pub use hosts::test_state::{
    InspectionLevel, PreparedTestState, TestState, TestStateError, TestStateOutput,
};
pub use replay::{DataChange, Difference, DifferenceKind, Replayed, Unchecked, UncheckedPart};
pub use replays::{ExecutionReplay, RecordedExecution, Replays, Verdict};
pub use resumed::{ResumePoint, Resumed, ResumedChild, StrandOutcome, StrandPoint, Strands};
pub use start::StartExecution;
pub use start::mode;

pub mod blocking;
pub use core::clock::wall_millis;
pub use hosts::callbacks::well_formed as well_formed_task_token;
pub use hosts::changes::{Change, OnChange};
pub use hosts::handlers::panic_message;
pub use hosts::task::OnEnd;
use workflow_aws_models::{FieldValidationMode, RoleArn};

use core::program::Program;
use core::run::RunOptions;
use hosts::handlers::Handlers;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;
use workflow_asl::ErrorName;
use workflow_asl::{Diagnostic, ExecutionType, StateMachine};

use crate::execution::{ExecutionStatus, HistoryEvent, MAX_HISTORY_EVENTS, MAX_PAYLOAD_BYTES};

/// A finished local execution.
#[derive(Clone, Debug, PartialEq)]
pub struct Execution {
    /// How it ended.
    pub status: ExecutionStatus,
    /// The output, when it succeeded.
    pub output: Option<Value>,
    /// The error name, when it failed (`States.Timeout` when it timed out, as its
    /// `ExecutionTimedOut` event says).
    pub error: Option<ErrorName>,
    /// The cause, when it failed.
    pub cause: Option<String>,
    /// The names of the states entered, in order (branches and iterations included).
    pub states: Vec<String>,
    /// The history events.
    pub history: Vec<HistoryEvent>,
    /// The per-state trace, when tracing was on.
    pub trace: Vec<StateTrace>,
    /// How many states were entered.
    pub transitions: u64,
    /// The Map Runs of its Distributed Maps that ended, in the order they ended.
    pub map_runs: Vec<MapRun>,
}

impl Execution {
    /// The output deserialised into `T` — a workflow's generated `<Name>Output`
    /// (`W::Output`), or any serde type; [`OutputError::NotSucceeded`] when the execution
    /// did not succeed.
    ///
    /// ```
    /// use workflow_runtime::engine::Engine;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::blocking;
    ///
    /// let machine = StateMachine::from_json(
    ///     r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"n": 2}, "End": true}}}"#,
    /// )?;
    /// #[derive(serde::Deserialize)]
    /// struct Out { n: u32 }
    /// let execution = blocking::run(Engine::new().machine(&machine).input(serde_json::json!({})))?;
    /// assert_eq!(execution.output_as::<Out>()?.n, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn output_as<T: DeserializeOwned>(&self) -> Result<T, OutputError> {
        match (&self.status, &self.output) {
            (ExecutionStatus::Succeeded, output) => {
                T::deserialize(output.as_ref().unwrap_or(&Value::Null)).map_err(OutputError::Type)
            }
            (status, _) => Err(OutputError::NotSucceeded {
                status: status.clone(),
                error: self.error.clone(),
                cause: self.cause.clone(),
                failed_child: self.failed_child().map(Box::new),
            }),
        }
    }

    /// `{"status", "output", "error", "cause", "states"}` — the shape `workflow run --json`
    /// prints. Its error and cause are what `DescribeExecution` reports: none for an execution
    /// that timed out (recorded on AWS: LocalStack's `test_global_timeout`, whose
    /// `DescribeExecution` of a `TIMED_OUT` execution has neither; the error is in the
    /// `ExecutionTimedOut` event).
    pub fn summary_json(&self) -> Value {
        let reported = self.status != ExecutionStatus::TimedOut;
        json!({
            "status": self.status.as_str(),
            "output": self.output,
            "error": self.error.as_ref().filter(|_| reported),
            "cause": self.cause.as_ref().filter(|_| reported),
            "states": self.states,
        })
    }

    /// The lines `status: …`, `output: …`, `error: …`, `cause: …` (each when present) and
    /// `states: A → B → …`, each ended by a newline — what `workflow run` prints.
    pub fn summary_text(&self) -> String {
        let mut text = format!("status: {}\n", self.status.as_str());
        if let Some(output) = &self.output {
            text.push_str(&format!("output: {output}\n"));
        }
        if let Some(error) = &self.error {
            text.push_str(&format!("error: {error}\n"));
        }
        if let Some(cause) = &self.cause {
            text.push_str(&format!("cause: {cause}\n"));
        }
        text.push_str(&format!("states: {}\n", self.states.join(" → ")));
        text
    }

    /// The history as `GetExecutionHistory` would return its `events`.
    pub fn history_json(&self) -> Value {
        Value::Array(self.history.iter().map(HistoryEvent::to_json).collect())
    }
}

/// Why an execution could not start.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The definition does not validate.
    #[error("the definition is invalid:\n{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    InvalidDefinition(Vec<Diagnostic>),
    /// The typed input could not be serialised.
    #[error("the execution input cannot be serialised")]
    InvalidInput(#[source] serde_json::Error),
    /// [`blocking::Runtime::run`] was called on a thread that drives a Tokio runtime, where
    /// it would block that runtime: `.await` [`StartExecution::run`] there instead.
    #[error(
        "a blocking run was called inside a Tokio runtime; `.await` the async form (`request.run().await`, `execution.wait().await`) there"
    )]
    InsideAsyncRuntime,
    /// [`StartExecution::start`] was called outside a Tokio runtime: the engine runs a started
    /// execution as a task of its caller's runtime and has none of its own. Start it inside
    /// one (`#[tokio::main]`, `Runtime::enter`), or through [`blocking::Runtime::start`].
    #[error(
        "an execution was started outside a Tokio runtime; start it inside one (`#[tokio::main]`, `tokio::runtime::Runtime::enter`) or with `workflow_local_engine::blocking::Runtime::start`"
    )]
    NoAsyncRuntime,
    /// [`blocking::Runtime::new`] could not make its runtime (the system refused its threads).
    #[error("the blocking adapter's runtime could not be made: {0}")]
    Runtime(#[source] std::io::Error),
    /// The execution input nests deeper than JSON data may
    /// ([`MAX_DEPTH`](workflow_asl::json::MAX_DEPTH) levels).
    #[error(
        "the execution input nests more than {0} levels deep; JSON data may nest at most {0} levels"
    )]
    InputTooDeep(usize),
    /// The execution input is over the service's 256 KiB limit.
    #[error("the execution input is {0} bytes; the service accepts at most {MAX_PAYLOAD_BYTES}")]
    InputTooLarge(usize),
    /// The mocks name a test case that does not exist, or are malformed.
    #[error(transparent)]
    Mocks(#[from] MockConfigError),
    /// [`StartExecution::redrive`] was given an execution it cannot redrive
    /// (`ExecutionNotRedrivable`).
    #[error("ExecutionNotRedrivable: {0}")]
    NotRedrivable(String),
    /// [`StartExecution::resume`] or [`StartExecution::replay`] was given a history it cannot
    /// start from (one that does not begin with `ExecutionStarted`, or a resume's that
    /// already ended the execution).
    #[error("the recorded history cannot be started from: {0}")]
    History(String),
    /// [`StartExecution::replay`] or [`StartExecution::resume_failed`] was given a record that
    /// lacks a piece it cannot go on without (a Map Run, a child execution's history): each
    /// says which piece, and how to get it ([`execution::MissingPiece`]).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    RecordIncomplete(Vec<execution::MissingPiece>),
    /// [`StartExecution::resume_failed`] was given a definition that takes another path than
    /// the record before where the execution failed: resuming would run it on results it does
    /// not lead to. Name the state to resume at ([`StartExecution::from_state`]) to resume
    /// there anyway.
    #[error(
        "the definition diverges from the record before where the execution failed, at {0}; name the state to resume at (`from_state`, `--from-state`) to resume there anyway"
    )]
    DivergesBeforeFailure(Box<Difference>),
    /// [`StartExecution::resume_failed`] was given a fix that has no state by the name of
    /// one where the execution failed, timed out or was stopped (the fix removed or renamed
    /// it): a resume runs that state again on the fix, and would otherwise go on from a state
    /// that succeeded. Refused before anything runs; name the top-level state to resume at
    /// ([`StartExecution::from_state`]): `resumable` lists those the user can name.
    #[error("{}", failed_state_removed(failed, resumable))]
    FailedStateRemoved {
        /// The state where the execution failed (or was running when it timed out or was
        /// stopped), and where it stood.
        failed: FailedState,
        /// The fix's top-level states the record entered, in the order it first entered
        /// them: what [`StartExecution::from_state`] (`--from-state`) may name.
        resumable: Vec<String>,
    },
    /// [`StartExecution::from_state`] named a visit the record does not hold, or several: the
    /// visits it holds that were meant, or the candidates.
    #[error(transparent)]
    NoSuchVisit(#[from] execution::VisitError),
    /// [`StartExecution::from_state`] named a visit the record holds, but the resume cannot
    /// go there as asked: the fix no longer has the state (or its top-level state), it takes
    /// another path than the record before the visit, or the replaced input or variables
    /// are over AWS's limits or assign an enclosing scope's variable.
    #[error("cannot resume at `{visit}`: {reason}")]
    VisitRefused {
        /// The visit, as the record holds it.
        visit: execution::Visit,
        /// Why.
        reason: String,
    },
    /// A started execution ([`StartExecution::start`]) had tasks waiting for callbacks that the test
    /// did not send, without `TimeoutSeconds` or `HeartbeatSeconds`: on the service they would
    /// wait forever (in practice, up to the execution's one-year limit).
    #[error("the execution waits forever for callbacks: {}; answer them before `wait`, or give the Task a TimeoutSeconds or HeartbeatSeconds", waiting.iter().map(|t| format!("task token {} of state `{}`", t.task_token, t.state)).collect::<Vec<_>>().join(", "))]
    Stalled {
        /// The tasks that would wait forever.
        waiting: Vec<WaitingTask>,
        /// The execution as far as it got, to inspect: its history up to the tasks it waits
        /// for, then the failure the engine ended it with when the test gave them up
        /// (`States.Runtime`, a cause that says so), which the service would never write.
        /// `None` when there is no run to show (it could not start).
        execution: Option<Box<Execution>>,
    },
    /// Handlers or mocked responses that match no Task of the workflow: a misspelt state
    /// name or resource would otherwise be silently ignored (detected when the run starts).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    UnmatchedHandlers(Vec<UnmatchedHandler>),
    /// A `workflow!` type was asked to run as another type of state machine than it declares
    /// ([`Workflow::MACHINE_TYPE`]): `.execution_type(…)` or `.sync_express()` (the service's
    /// `StartSyncExecution`, for EXPRESS machines only) on a workflow of the other type. On
    /// AWS the machine has one type, chosen when it is created.
    #[error("{}", machine_type_mismatch(workflow, *declared, *requested))]
    MachineTypeMismatch {
        /// The workflow's name.
        workflow: String,
        /// The type it declares.
        declared: ExecutionType,
        /// The type it was asked to run as.
        requested: ExecutionType,
    },
}

/// [`EngineError::FailedStateRemoved`]'s message.
fn failed_state_removed(failed: &FailedState, resumable: &[String]) -> String {
    let names = resumable
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let advice = match resumable.len() {
        0 => "the record entered none of the fix's top-level states: start a new execution instead"
            .to_owned(),
        1 => {
            format!("name the top-level state to resume at (`from_state`, `--from-state`): {names}")
        }
        _ => format!(
            "name the top-level state to resume at (`from_state`, `--from-state`), one of {names}"
        ),
    };
    format!(
        "the fix has no state {failed}, where the execution failed: a resume runs the state that failed again, on the fix, and the fix removed or renamed it; {advice}"
    )
}

/// [`EngineError::MachineTypeMismatch`]'s message.
fn machine_type_mismatch(
    workflow: &str,
    declared: ExecutionType,
    requested: ExecutionType,
) -> String {
    let setting = match declared {
        ExecutionType::Express => "`type = express`",
        ExecutionType::Standard => "no `type` setting, or `type = standard`",
    };
    let sync = if requested == ExecutionType::Express && declared == ExecutionType::Standard {
        " (`StartSyncExecution`, `.sync_express()`, runs EXPRESS machines only: the service answers `StateMachineTypeNotSupported`)"
    } else {
        ""
    };
    format!(
        "workflow `{workflow}` is of the type {} ({setting} in its `workflow!`), and cannot run as {}{sync}; leave the execution type to the workflow, or change its `type`",
        declared.as_str(),
        requested.as_str()
    )
}

/// Why [`Execution::output_as`] or [`SyncExecution::output_as`](execution::SyncExecution::output_as)
/// gives no output.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The execution failed, timed out or was aborted: it has no output.
    #[error("the execution ended {status}{}{}", match (error, cause) {
        (Some(e), Some(c)) => format!(" with {e}: {c}"),
        (Some(e), None) => format!(" with {e}"),
        _ => String::new(),
    }, failed_child.as_ref().map(|c| format!("; {c}")).unwrap_or_default())]
    NotSucceeded {
        /// How it ended.
        status: ExecutionStatus,
        /// The error name.
        error: Option<ErrorName>,
        /// The cause.
        cause: Option<String>,
        /// The first child execution of its Distributed Maps that failed, when one did (see
        /// [`Execution::failed_child`]).
        failed_child: Option<Box<FailedChild>>,
    },
    /// The output does not deserialise into the type asked for.
    #[error("the execution output does not have the type asked for")]
    Type(#[source] serde_json::Error),
}

/// What a Task with nothing to answer it (or a Distributed Map with no S3) tells a user of
/// the engine to do.
const MISSING_HANDLER_ADVICE: &str = "register one with `Engine::handler`, `Engine::lambda`, or a mocked response (S3 for a Distributed Map: `Engine::object_store`)";

/// A state machine compiled for repeated runs (see [`Engine::compile`]).
pub struct CompiledMachine {
    program: Program,
    name: String,
    /// Every place that calls a resource (Task states, Map `ItemReader`s).
    sites: Vec<hosts::handler_key::TaskSite>,
    /// The Lambda functions its Tasks call.
    lambdas: hosts::handler_key::LambdaSites,
    /// The validator's findings it runs despite ([`Engine::validation_errors_as_warnings`]).
    findings: Vec<Diagnostic>,
    /// Its coverage counters, when the engine that compiled it records coverage.
    coverage: Option<std::sync::Arc<hosts::coverage::MachineCoverage>>,
    /// Why an EXPRESS machine could not run it (a `.sync`, `.waitForTaskToken` or activity
    /// Task, in the service's words), if it could not.
    express_refusal: Option<String>,
    /// The size of its definition's JSON (what an EXPRESS execution's billed memory counts).
    definition_bytes: usize,
}

/// The name of the machine an engine runs, unless it is given one
/// ([`Engine::state_machine_name`]).
pub(crate) const LOCAL_MACHINE_NAME: &str = "LocalStateMachine";

impl CompiledMachine {
    /// The validator's errors that the machine runs despite, with
    /// [`Engine::validation_errors_as_warnings`] (none otherwise: a machine with errors is
    /// not compiled).
    pub fn findings(&self) -> &[Diagnostic] {
        &self.findings
    }

    /// What the runs of this machine reached so far, when the engine that compiled it records
    /// coverage ([`Engine::coverage`]): the counts of the runs of every machine compiled with
    /// the same recorder and definition.
    pub fn coverage_report(&self) -> Option<MachineReport> {
        self.coverage.as_ref().map(|c| c.report())
    }
}

/// The local engine. Build it with handlers and options, then run state machines.
#[derive(Clone)]
pub struct Engine {
    handlers: Handlers,
    mocks: Option<Mocks>,
    field_validation: FieldValidationMode,
    time: TimeMode,
    /// The clock real time is read from ([`Engine::clock`]), the system's without one.
    clock: Option<VirtualClock>,
    seed: u64,
    options: RunOptions,
    identity: core::identity::Identity,
    object_store: Option<ObjectStore>,
    /// The activities declared with [`Engine::activity`].
    activities: std::collections::BTreeSet<String>,
    /// Where coverage is recorded ([`Engine::coverage`], `WORKFLOW_COVERAGE`).
    coverage: Option<Coverage>,
    /// The machines of the `workflow!` types it ran, compiled once, by type and coverage
    /// recorder (shared by its clones).
    workflows: std::sync::Arc<Mutex<WorkflowCache>>,
}

/// Compiled `workflow!` machines, by type and coverage recorder.
type WorkflowCache =
    std::collections::HashMap<(std::any::TypeId, Option<usize>), std::sync::Arc<CompiledMachine>>;

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

impl Engine {
    /// An engine with no handlers, virtual time, seed 0, history on (limited to 25,000 events
    /// as on the service), trace off.
    pub fn new() -> Self {
        Engine {
            handlers: Handlers::default(),
            mocks: None,
            field_validation: FieldValidationMode::Strict,
            time: TimeMode::default(),
            clock: None,
            seed: 0,
            options: RunOptions {
                history: true,
                history_limit: Some(MAX_HISTORY_EVENTS),
                trace: false,
                record_states: true,
                task_durations: std::collections::BTreeMap::new(),
                errors_as_warnings: false,
                missing_handler_advice: MISSING_HANDLER_ADVICE,
            },
            identity: core::identity::Identity::default(),
            object_store: None,
            activities: std::collections::BTreeSet::new(),
            coverage: Coverage::from_environment(),
            workflows: std::sync::Arc::default(),
        }
    }

    /// Records the coverage of this engine's runs in `recorder` (every state, Choice rule and
    /// `Default`, retrier, catcher and Parallel branch reached; see [`Coverage`]), instead of
    /// the process's recorder that `WORKFLOW_COVERAGE=DIR` makes.
    pub fn coverage(mut self, recorder: &Coverage) -> Self {
        self.coverage = Some(recorder.clone());
        self
    }

    /// The recorder this engine's runs count in ([`Engine::coverage`], or the one
    /// `WORKFLOW_COVERAGE=DIR` makes), if any.
    pub fn coverage_recorder(&self) -> Option<&Coverage> {
        self.coverage.as_ref()
    }

    /// Registers an async handler for the Tasks `key` names: a Task state by name
    /// ([`HandlerKey::state`], or the constant `workflow!` emits per Task state, e.g.
    /// `RetrainingPipeline::TRAIN_MODEL`), a service integration
    /// ([`workflow_aws_models::Integration::named`]), or a raw `Resource` string. A key that
    /// matches no Task of the workflow fails the run before it starts
    /// ([`EngineError::UnmatchedHandlers`]).
    pub fn handler<F, Fut, O>(mut self, key: impl Into<HandlerKey>, handler: F) -> Self
    where
        F: Fn(TaskCall) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, TaskFailure>> + Send + 'static,
        O: Into<TaskOutput>,
    {
        self.handlers
            .insert(key.into(), hosts::handlers::boxed(handler));
        self
    }

    /// Registers a typed handler for the Tasks `key` names (see [`Engine::handler`]): the
    /// task's effective input is deserialised into `I` and the handler's `O` serialised as
    /// the result, which is then checked against the integration's result shape (see
    /// [`Engine::field_validation`]).
    pub fn typed_handler<F, Fut, I, O>(mut self, key: impl Into<HandlerKey>, handler: F) -> Self
    where
        F: Fn(I) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, TaskFailure>> + Send + 'static,
        I: DeserializeOwned + Send + 'static,
        O: Serialize + Send + 'static,
    {
        self.handlers
            .insert(key.into(), hosts::handlers::typed(handler));
        self
    }

    /// Registers a handler for the Task state `task` names, typed by the workflow: `workflow!`
    /// emits one [`crate::TaskRef`] constant per Task state, carrying the request the state
    /// sends and the response the states after it read, so a handler that reads a field the
    /// request lacks, or answers without a field a later state reads, does not compile. For a
    /// `lambda:invoke` Task the handler is the Lambda function: it gets the `Payload` and its
    /// answer becomes the result's `Payload` (as [`Engine::lambda`]; for `.waitForTaskToken`,
    /// the answer is what the callback sends). A request that does not fit `Req` at run time
    /// fails the task with `States.TaskFailed`, naming the state and the field. Where `Resp` is
    /// the workflow's own response type (not `serde_json::Value`), the engine's default result
    /// check ([`FieldValidationMode::Strict`]) holds the answer to
    /// [`FieldValidationMode::Present`]: the fields it gives must fit the integration's result
    /// shape, and none that the workflow never reads is required, so a handler that compiles
    /// passes it.
    ///
    /// ```
    /// use workflow_runtime::engine::{Engine, TaskFailure, blocking};
    /// use workflow_runtime::workflow;
    ///
    /// workflow! {
    ///     pub Orders {
    ///         input { order_id: string, total: number }
    ///         "Charge": lambda::invoke {
    ///             FunctionName: "charge",
    ///             Payload: { order: $.order_id, amount: $.total },
    ///         } result_path = $.charge -> "Paid?";
    ///         "Paid?": choice {
    ///             when $.charge.Payload.approved == true => "Done",
    ///             otherwise => "Declined",
    ///         }
    ///         "Declined": fail(error = "Declined");
    ///         "Done": succeed;
    ///     }
    /// }
    ///
    /// let run = blocking::run(Engine::new()
    ///     .task(Orders::CHARGE, |request: OrdersChargeRequest| async move {
    ///         // `approved` is a `bool`: the Choice compares it with `true`.
    ///         Ok::<_, TaskFailure>(OrdersChargeResponse { approved: request.amount < 100.0 })
    ///     })
    ///     .workflow::<Orders>().input(&OrdersInput { order_id: "o-1".into(), total: 42.0 }))
    ///     .unwrap();
    /// assert_eq!(run.status, workflow_runtime::execution::ExecutionStatus::Succeeded, "{:?}", run.cause);
    /// ```
    pub fn task<Req, Resp, Kind, F, Fut>(
        mut self,
        task: TaskRef<Req, Resp, Kind>,
        handler: F,
    ) -> Self
    where
        F: Fn(Req) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Resp, TaskFailure>> + Send + 'static,
        Req: DeserializeOwned + Send + 'static,
        Resp: Serialize + Send + 'static,
    {
        let mut typed = hosts::handlers::typed(handler);
        // The workflow's own response type (a struct of what it reads, or what its `returns`
        // declares) holds every field the workflow needs; `serde_json::Value` (a result read
        // whole, or not at all) promises nothing (`core::result_check::mode`).
        if std::any::TypeId::of::<Resp>() != std::any::TypeId::of::<Value>() {
            typed = hosts::handlers::typed_by_workflow(typed);
        }
        let resource = workflow_aws_models::Resource::parse(task.resource);
        let handler = match resource.integration().filter(|i| i.is_lambda_invoke()) {
            Some(i) => hosts::handlers::lambda_invoke(
                typed,
                i.pattern() != workflow_aws_models::Pattern::WaitForTaskToken,
            ),
            None => typed,
        };
        self.handlers
            .insert(HandlerKey::State(task.name.to_owned()), handler);
        self
    }

    /// Registers an async handler for the Task state named `state` (it comes before any
    /// handler of its resource or integration).
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::{Engine, EngineError, TaskCall, TaskFailure, blocking};
    ///
    /// let machine = StateMachine::from_json(r#"{"StartAt": "Notify", "States": {"Notify": {
    ///     "Type": "Task", "Resource": "arn:aws:states:::sns:publish",
    ///     "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "hi"},
    ///     "End": true}}}"#).unwrap();
    /// let notify = |_: TaskCall| async { Ok::<_, TaskFailure>(json!({"MessageId": "m-1"})) };
    /// let run = blocking::run(Engine::new().state("Notify", notify).machine(&machine).input(json!({}))).unwrap();
    /// assert_eq!(run.output, Some(json!({"MessageId": "m-1"})));
    /// // A misspelt state name is an error when the run starts, with the closest Task.
    /// let typo = blocking::run(Engine::new().state("Notfy", notify).machine(&machine).input(json!({})));
    /// assert!(matches!(&typo, Err(EngineError::UnmatchedHandlers(_))));
    /// assert!(typo.unwrap_err().to_string().contains("did you mean `Notify`?"));
    /// ```
    pub fn state<F, Fut, O>(self, state: impl Into<String>, handler: F) -> Self
    where
        F: Fn(TaskCall) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, TaskFailure>> + Send + 'static,
        O: Into<TaskOutput>,
    {
        self.handler(HandlerKey::State(state.into()), handler)
    }

    /// Registers a typed handler for the Task state named `state` (see
    /// [`Engine::typed_handler`]).
    pub fn typed_state<F, Fut, I, O>(self, state: impl Into<String>, handler: F) -> Self
    where
        F: Fn(I) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, TaskFailure>> + Send + 'static,
        I: DeserializeOwned + Send + 'static,
        O: Serialize + Send + 'static,
    {
        self.typed_handler(HandlerKey::State(state.into()), handler)
    }

    /// Registers a Lambda function by name. It serves `arn:aws:states:::lambda:invoke`
    /// (and `.waitForTaskToken`) tasks whose `FunctionName` names it (a name, an alias or an
    /// ARN), receiving `Payload` and answering it as Lambda does (`{"Payload": …,
    /// "StatusCode": 200, …}`), and tasks whose `Resource` is the function's ARN. A function
    /// no Task names fails the run before it starts, with the closest name (unless a Task
    /// computes its function's name).
    pub fn lambda<F, Fut, I, O>(mut self, function_name: impl Into<String>, handler: F) -> Self
    where
        F: Fn(I) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, TaskFailure>> + Send + 'static,
        I: DeserializeOwned + Send + 'static,
        O: Serialize + Send + 'static,
    {
        self.handlers.insert(
            HandlerKey::Lambda(function_name.into()),
            hosts::handlers::typed(handler),
        );
        self
    }

    /// Registers the handler of every resource that has no handler of its own (e.g. an echo
    /// for smoke-testing a definition's control flow).
    pub fn fallback_handler<F, Fut, O>(mut self, handler: F) -> Self
    where
        F: Fn(TaskCall) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, TaskFailure>> + Send + 'static,
        O: Into<TaskOutput>,
    {
        self.handlers.set_fallback(hosts::handlers::boxed(handler));
        self
    }

    /// Uses the mocked responses of `test_case` for `state_machine` in a Step Functions Local
    /// mock configuration; mocked states never call handlers.
    pub fn mocks(
        mut self,
        config: &MockConfig,
        state_machine: &str,
        test_case: &str,
    ) -> Result<Self, MockConfigError> {
        self.mocks = Some(config.test_case(state_machine, test_case)?);
        Ok(self)
    }

    /// Declares the activity `activity_arn` (`arn:aws:states:<region>:<account>:activity:<name>`),
    /// as `CreateActivity` creates it on the service, so that Task states may use it: its
    /// tasks are then served by a worker through [`RunningExecution::get_activity_task`] (an
    /// execution started with [`StartExecution::start`]) or by a handler registered for the ARN.
    ///
    /// An activity exists when it is declared so, or when a handler is registered for its ARN
    /// or for the Task state that uses it. A Task on an activity that does not exist fails, as
    /// on the service, with `States.Runtime` and the cause `The activity <arn> does not
    /// exist.`, before any `ActivityScheduled` event (LocalStack's
    /// `test_activity_task_on_deleted`, recorded on AWS). A state answered by a mocked
    /// response needs no activity.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::Engine;
    /// use workflow_runtime::execution::ExecutionStatus;
    /// use workflow_runtime::engine::blocking;
    ///
    /// const REVIEW: &str = "arn:aws:states:us-east-1:123456789012:activity:Review";
    /// let machine = StateMachine::from_json(&format!(r#"{{"StartAt": "Review", "States": {{
    ///     "Review": {{"Type": "Task", "Resource": "{REVIEW}", "TimeoutSeconds": 60, "End": true}}}}}}"#))?;
    /// let execution = blocking::start(Engine::new().activity(REVIEW.parse()?).machine(&machine).input(json!({"doc": 1})))?;
    /// let task = execution.get_activity_task(&REVIEW.parse()?, "worker-1").expect("a task is scheduled");
    /// execution.send_task_success(&task.task_token, r#"{"approved": true}"#)?;
    /// assert_eq!(execution.wait()?.output, Some(json!({"approved": true})));
    ///
    /// // Without the declaration, the activity does not exist.
    /// let run = blocking::run(Engine::new().machine(&machine).input(json!({})))?;
    /// assert_eq!(run.status, ExecutionStatus::Failed);
    /// assert!(run.cause.unwrap_or_default().ends_with(&format!("The activity {REVIEW} does not exist.")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn activity(mut self, activity_arn: workflow_aws_models::StatesArn) -> Self {
        // Kept as its text, which a Task's `Resource` naming it has.
        self.activities.insert(activity_arn.to_string());
        self
    }

    /// Invokes the Lambda functions that have no handler of their own at the Lambda endpoint
    /// `url` (`http://HOST:PORT`: cargo-lambda's emulator, `cargo lambda watch`, or anything
    /// answering Lambda's `Invoke`), so that a workflow runs against real Lambda functions.
    /// A function error fails the task with the function's `errorType`, the response as the
    /// cause; an unreachable endpoint with `Lambda.SdkClientException` (feature
    /// `lambda-endpoint`, part of `serve`).
    #[cfg(feature = "lambda-endpoint")]
    pub fn lambda_endpoint(mut self, url: &str) -> Result<Self, String> {
        self.handlers
            .set_lambda_endpoint(hosts::lambda_endpoint::Endpoint::parse(url)?);
        Ok(self)
    }

    /// Sends every Task that no mock or handler answers (its state's, its resource's, its
    /// integration's, its Lambda function's, the fallback) to AWS services at `endpoints`:
    /// the AWS SDK integrations (`arn:aws:states:::aws-sdk:SERVICE:ACTION`) and the optimized
    /// ones whose request is an API operation's, put on the wire by the service's model and
    /// signed with SigV4 for the engine's region ([`Engine::region`]). The result is the API's
    /// output as Step Functions hands it to the state (an optimized integration's documented
    /// shape), a service's error fails the Task with the name Step Functions gives it
    /// (`S3.NoSuchKeyException`, `DynamoDB.ConditionalCheckFailedException`), an endpoint that
    /// cannot be reached with `<Service>.SdkClientException`; nothing is retried but by the
    /// state's `Retry`. A `.sync` job is watched by its describe call until it ends; a
    /// `.waitForTaskToken` Task sends its call where its token can come back (a started
    /// execution). Without an [`Engine::object_store`], a Distributed Map's `ItemReader` and
    /// `ResultWriter` use S3 at its endpoint (feature `aws-endpoint`).
    ///
    /// ```no_run
    /// use serde_json::json;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::{AwsEndpoints, Engine, blocking};
    ///
    /// let machine = StateMachine::from_json(r#"{"StartAt": "Put", "States": {"Put": {
    ///     "Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
    ///     "Parameters": {"TableName": "orders", "Item": {"id": {"S.$": "$.id"}}}, "End": true}}}"#)?;
    /// // moto's server (`moto_server -p 5000`) answers every service at one URL.
    /// let engine = Engine::new().aws_endpoints(AwsEndpoints::new().with("http://127.0.0.1:5000")?);
    /// let run = blocking::run(engine.machine(&machine).input(json!({"id": "o-1"})))?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "aws-endpoint")]
    pub fn aws_endpoints(mut self, endpoints: AwsEndpoints) -> Self {
        self.handlers.set_aws_endpoints(endpoints);
        self
    }

    /// Serves Distributed Maps' `ItemReader` (`s3:getObject`, `s3:listObjectsV2`) and
    /// `ResultWriter` from `store`, which the test fills and reads (a clone shares it).
    pub fn object_store(mut self, store: ObjectStore) -> Self {
        self.object_store = Some(store);
        self
    }

    /// How what handlers and mocks return is checked against the integration's result shape
    /// (for `.sync`, the finished job's description), as AWS's TestState API checks its
    /// mocks: [`FieldValidationMode::Strict`] (the default: required fields present, present
    /// fields conform), [`FieldValidationMode::Present`] (present fields conform) or
    /// [`FieldValidationMode::None`]. Keys the API does not know are accepted, as on AWS. A
    /// handler typed by the workflow ([`Engine::task`]) is held to `Present` under `Strict`. A
    /// result that does not conform fails the execution with `States.Runtime`, naming the
    /// state, the field's JSON pointer and the type it must have.
    pub fn field_validation(mut self, mode: FieldValidationMode) -> Self {
        self.field_validation = mode;
        self
    }

    /// Answers `.sync` tasks that have no handler (nor a mocked response, nor a fallback)
    /// with a realistic default result instead of failing (off by default): the finished
    /// job's description built from the integration's result shape and the request — the
    /// job's name and the request's other fields echoed, every required field present, the
    /// status a successful job ends with (`Completed`, `SUCCEEDED`) — which passes the STRICT
    /// check. SageMaker, Glue, Batch, Athena, CodeBuild, nested Step Functions and every other
    /// `.sync` integration whose result AWS documents; not ECS (`.sync` result undocumented).
    pub fn default_sync_responses(mut self, on: bool) -> Self {
        self.handlers.set_default_sync(on);
        self
    }

    /// The region in the ARNs of its executions (`us-east-1` by default); the partition
    /// follows it (`aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`). With
    /// `Engine::aws_endpoints`, requests are signed for it too.
    ///
    /// ```
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::Engine;
    /// use workflow_runtime::engine::blocking;
    ///
    /// let machine = StateMachine::from_json(
    ///     r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id"}, "End": true}}}"#,
    /// )?;
    /// let engine = Engine::new()
    ///     .region("eu-west-1")
    ///     .account("210987654321")
    ///     .state_machine_name("Orders");
    /// let run = blocking::run(engine.machine(&machine).name("first"))?;
    /// assert_eq!(
    ///     run.output.unwrap()["id"],
    ///     "arn:aws:states:eu-west-1:210987654321:execution:Orders:first"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.identity.region = region.into();
        self
    }

    /// The account in the ARNs of its executions (`123456789012` by default).
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.identity.account = account.into();
        self
    }

    /// The state machine's name (`$$.StateMachine.Name`, and in every ARN); by default the
    /// compiled machine's, `LocalStateMachine`.
    pub fn state_machine_name(mut self, name: impl Into<String>) -> Self {
        self.identity.state_machine_name = Some(name.into());
        self
    }

    /// The execution role (`$$.Execution.RoleArn`); by default the role `local-engine` of
    /// the engine's account, in its region's partition.
    pub fn role_arn(mut self, arn: RoleArn) -> Self {
        self.identity.role_arn = Some(arn);
        self
    }

    /// What a handler's panic does. By default (`false`) it unwinds into the caller of the
    /// run, as a panic in test code should: a failing `assert!` inside a fake Lambda fails the
    /// test, even where the workflow's `Catch` on `States.ALL` would have swallowed a task
    /// failure. With `true` the panic fails its task with `States.TaskFailed`, its message
    /// in the cause, and Retry and Catch see it like any other task failure.
    ///
    /// ```
    /// use workflow_runtime::engine::Engine;
    ///
    /// let engine = Engine::new().panics_fail_tasks(true);
    /// # let _ = engine;
    /// ```
    pub fn panics_fail_tasks(mut self, on: bool) -> Self {
        self.handlers.set_panics_fail_tasks(on);
        self
    }

    /// Virtual time (the default) or real time.
    pub fn time(mut self, mode: TimeMode) -> Self {
        self.time = mode;
        self
    }

    /// Runs executions in real time on `clock`, which stands still until its owner advances
    /// it ([`VirtualClock::advance`], [`VirtualClock::run_until_idle`]): Wait states, retry
    /// intervals, Task timeouts and heartbeats are timers on it, and every time an execution
    /// records or reads (`$$.State.EnteredTime`, `$now()`) is its time. Sets the time mode to
    /// [`TimeMode::Real`]; a later [`Engine::time`] with [`TimeMode::Virtual`] leaves the
    /// clock unread. A started execution ([`StartExecution::start`]) counts its waiting tasks'
    /// deadlines on it too, and the clock waits for it from its start; a run awaited
    /// ([`StartExecution::run`]) joins the clock when it is first polled.
    pub fn clock(mut self, clock: &VirtualClock) -> Self {
        self.clock = Some(clock.clone());
        self.time = TimeMode::Real;
        self
    }

    /// Where real time is read from: the engine's [`VirtualClock`], or the system's clock.
    pub(crate) fn source(&self) -> core::clock::Source {
        match &self.clock {
            Some(clock) => core::clock::Source::Virtual(clock.clone()),
            None => core::clock::Source::System,
        }
    }

    /// Seeds `States.UUID`, `States.MathRandom`, task tokens and retry jitter.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Records a per-state trace.
    pub fn trace(mut self, on: bool) -> Self {
        self.options.trace = on;
        self
    }

    /// Keeps history events (default) or not; without history, nothing limits the length of
    /// an execution.
    pub fn history(mut self, on: bool) -> Self {
        self.options.history = on;
        self
    }

    /// The history limit (`None` for none; the service's is 25,000 events).
    pub fn history_limit(mut self, limit: Option<usize>) -> Self {
        self.options.history_limit = limit;
        self
    }

    /// Each call of the Task state `state` (at any depth: in a Map iteration or a Parallel
    /// branch too) takes `duration` on the virtual clock, whatever answers it: a typed or
    /// untyped handler, a Lambda function, a mock, a fallback. A handler that says how long
    /// it took ([`TaskOutput::after`]) keeps its own duration. `TimeoutSeconds` and
    /// `HeartbeatSeconds` are measured against it, as against a task that really ran so long.
    ///
    /// ```
    /// use std::time::Duration;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::{Engine, TaskFailure, blocking};
    /// use workflow_runtime::execution::ExecutionStatus;
    ///
    /// let machine = StateMachine::from_json(r#"{"StartAt": "Charge", "States": {"Charge": {
    ///     "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    ///     "Parameters": {"FunctionName": "charge"}, "TimeoutSeconds": 60, "End": true}}}"#)?;
    /// let engine = Engine::new()
    ///     .lambda("charge", |_: serde_json::Value| async { Ok::<_, TaskFailure>(serde_json::json!({})) })
    ///     .task_duration("Charge", Duration::from_secs(90));
    /// let run = blocking::run(engine.machine(&machine).input(serde_json::json!({})))?;
    /// assert_eq!(run.status, ExecutionStatus::Failed); // 90 s is past its 60 s timeout
    /// assert_eq!(run.error.unwrap(), "States.Timeout");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn task_duration(mut self, state: impl Into<String>, duration: Duration) -> Self {
        self.options.task_durations.insert(state.into(), duration);
        self
    }

    /// What a Task with nothing to answer it (or a Distributed Map's `ResultWriter` with no
    /// object store) tells the user to do, in place of registering a handler (`workflow
    /// serve` and `workflow test`: their flags).
    pub fn missing_handler_advice(mut self, advice: &'static str) -> Self {
        self.options.missing_handler_advice = advice;
        self
    }

    /// Runs definitions that the validator finds errors in, as long as the engine can run
    /// them (`false` by default: a definition with errors is refused, as the `workflow!`
    /// macro refuses it). Some of the validator's errors are this project's own static
    /// checks, which AWS does not make when it creates a state machine (a path that selects
    /// nothing where the types say so, a request that does not fit the service's model):
    /// with `true` such a definition runs as AWS would run it, and fails where AWS would fail
    /// it. The findings are kept on the compiled machine ([`CompiledMachine::findings`]). A
    /// definition the engine cannot run (a transition to no state, say) is still refused.
    pub fn validation_errors_as_warnings(mut self, on: bool) -> Self {
        self.options.errors_as_warnings = on;
        self
    }

    /// Validates and compiles a state machine for repeated runs (see [`Engine::compiled`]).
    pub fn compile(
        &self,
        machine: &StateMachine,
    ) -> Result<std::sync::Arc<CompiledMachine>, EngineError> {
        let diagnostics = machine.validate();
        if workflow_asl::has_errors(&diagnostics) && !self.options.errors_as_warnings {
            return Err(EngineError::InvalidDefinition(
                diagnostics
                    .into_iter()
                    .filter(Diagnostic::is_error)
                    .collect(),
            ));
        }
        self.compile_checked(machine, diagnostics)
            .map(std::sync::Arc::new)
    }

    /// Compiles a machine validated before (by the `workflow!` macro, by
    /// [`TestState::prepare`]); `diagnostics` are its validation's (its errors kept as the
    /// compiled machine's findings, when errors are taken as warnings).
    pub(crate) fn compile_checked(
        &self,
        machine: &StateMachine,
        diagnostics: Vec<Diagnostic>,
    ) -> Result<CompiledMachine, EngineError> {
        let program = core::program::compile(machine).map_err(|f| {
            EngineError::InvalidDefinition(vec![Diagnostic::error(
                workflow_asl::Code::SchemaValidationFailed,
                workflow_asl::Pointer::root(),
                f.cause,
            )])
        })?;
        let sites = hosts::handler_key::task_sites(&program);
        Ok(CompiledMachine {
            program,
            name: LOCAL_MACHINE_NAME.into(),
            sites,
            lambdas: hosts::handler_key::lambda_sites(machine),
            findings: diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect(),
            coverage: self.coverage.as_ref().map(|c| c.machine(machine)),
            express_refusal: hosts::express::unsupported(machine),
            definition_bytes: machine.to_json().len(),
        })
    }

    /// The names and place of its executions, the execution named `name` when given.
    pub(crate) fn identity_named(&self, name: Option<&str>) -> core::identity::Identity {
        let mut identity = self.identity.clone();
        if let Some(name) = name {
            identity.execution_name = Some(name.to_owned());
        }
        identity
    }

    /// The handler keys and mocked states of this engine that match no Task of `compiled`
    /// (what a run refuses to start with, as [`EngineError::UnmatchedHandlers`]).
    pub fn unmatched_handlers(&self, compiled: &CompiledMachine) -> Vec<UnmatchedHandler> {
        let mocked: Vec<HandlerKey> = self
            .mocks
            .iter()
            .flat_map(|m| m.states())
            .map(HandlerKey::state)
            .collect();
        let keys = self
            .handlers
            .keys()
            .iter()
            .map(|k| (k, false))
            .chain(mocked.iter().map(|k| (k, true)));
        hosts::handler_key::unmatched(keys, &compiled.sites, &compiled.lambdas)
    }

    /// Names the coverage of `machine`, run through [`Engine::machine`], `name` and points it
    /// at where it is written, when this engine records coverage (it does nothing otherwise): an
    /// ASL file's lines (`DefinitionSource::AslFile`, what `workflow run FILE.asl.json`
    /// records, so that the LCOV report's `SF:` is the file and its `DA:` lines are where each
    /// state, Choice rule, retrier, catcher and branch is written) or a workflow's
    /// `Workflow::SOURCE`. The first description of a machine wins.
    pub fn coverage_source(
        &self,
        machine: &StateMachine,
        name: &str,
        source: DefinitionSource<'_>,
    ) {
        if let Some(coverage) = &self.coverage {
            coverage.machine(machine).describe(name, source);
        }
    }
}
