//! The local engine: runs any state machine in-process with the service's semantics.
//!
//! - the whole model: the JSONPath pipeline (InputPath → Parameters → ResultSelector →
//!   ResultPath → OutputPath), payload templates, every intrinsic function, the context
//!   object, every Choice operator, Wait in its four forms, Parallel and Map running
//!   concurrently (MaxConcurrency, ItemSelector, ItemBatcher, tolerated failures), Retry
//!   (IntervalSeconds, BackoffRate, MaxAttempts, MaxDelaySeconds, JitterStrategy), Catch,
//!   Fail, variables (`Assign`) with their scopes, and JSONata states;
//! - Task handlers are async Rust functions registered per resource (or per Lambda function),
//!   or responses mocked in Step Functions Local's `MockConfigFile` format; a task without a
//!   handler fails with `States.Runtime` naming the resource;
//! - a virtual clock by default: Wait, retry back-off and timeouts cost no time and runs are
//!   deterministic (seeded UUIDs and random numbers); real time on request;
//! - history events shaped like `GetExecutionHistory`'s, and an optional per-state trace.
//!
//! ```
//! use serde_json::json;
//! use workflow_runtime::engine::{Engine, ExecutionStatus};
//! use workflow_runtime::asl::StateMachine;
//!
//! let machine = StateMachine::from_json(r#"{
//!     "StartAt": "Greet",
//!     "States": {
//!         "Greet": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
//!                   "Parameters": {"FunctionName": "greeter", "Payload.$": "$"},
//!                   "OutputPath": "$.Payload", "End": true}
//!     }
//! }"#).unwrap();
//! let engine = Engine::new().lambda("greeter", |payload: serde_json::Value| async move {
//!     Ok(json!({"greeting": format!("hello {}", payload["name"].as_str().unwrap_or("you"))}))
//! });
//! let execution = engine.run_blocking(&machine, json!({"name": "Ada"})).unwrap();
//! assert_eq!(execution.status, ExecutionStatus::Succeeded);
//! assert_eq!(execution.output, Some(json!({"greeting": "hello Ada"})));
//! ```

mod clock;
mod dynamic;
mod error;
mod handlers;
mod history;
mod jsonata;
mod limits;
mod mock;
mod program;
mod run;
mod states;
mod trace;
mod vars;

pub use clock::TimeMode;
pub use handlers::{HandlerFuture, TaskCall, TaskFailure, TaskOutput};
pub use history::{EventKind, HistoryEvent, JsonText};
pub use mock::{MockConfig, MockConfigError, MockedResult, Mocks};
pub use trace::StateTrace;

use clock::Clock;
use handlers::Handlers;
use program::Program;
use run::{Run, Shared, Strand};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::future::Future;
use std::sync::Mutex;
use vars::Frame;
use workflow_asl::eval::SeededEntropy;
use workflow_asl::{Diagnostic, StateMachine};

/// The service's limit on execution input, state input and output: 256 KiB.
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;
/// The service's limit on an execution's history: 25,000 events.
pub const MAX_HISTORY_EVENTS: usize = 25_000;

/// How an execution ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExecutionStatus {
    /// `SUCCEEDED`.
    Succeeded,
    /// `FAILED`.
    Failed,
    /// `TIMED_OUT`: the machine's `TimeoutSeconds` passed.
    TimedOut,
}

impl ExecutionStatus {
    /// The service's spelling: `SUCCEEDED`, `FAILED`, `TIMED_OUT`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutionStatus::Succeeded => "SUCCEEDED",
            ExecutionStatus::Failed => "FAILED",
            ExecutionStatus::TimedOut => "TIMED_OUT",
        }
    }
}

/// A finished local execution.
#[derive(Clone, Debug, PartialEq)]
pub struct Execution {
    /// How it ended.
    pub status: ExecutionStatus,
    /// The output, when it succeeded.
    pub output: Option<Value>,
    /// The error name, when it failed.
    pub error: Option<String>,
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
}

impl Execution {
    /// `{"status", "output", "error", "cause", "states"}` — the shape `workflow run --json` prints.
    pub fn summary_json(&self) -> Value {
        json!({
            "status": self.status.as_str(),
            "output": self.output,
            "error": self.error,
            "cause": self.cause,
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
    #[error("the execution input cannot be serialised: {0}")]
    InvalidInput(String),
    /// The execution input is over the service's 256 KiB limit.
    #[error("the execution input is {0} bytes; the service accepts at most {MAX_PAYLOAD_BYTES}")]
    InputTooLarge(usize),
    /// The mocks name a test case that does not exist, or are malformed.
    #[error(transparent)]
    Mocks(#[from] MockConfigError),
}

/// What an engine records while running.
#[derive(Clone, Debug)]
pub(crate) struct RunOptions {
    pub history: bool,
    pub history_limit: Option<usize>,
    pub trace: bool,
    pub record_states: bool,
}

/// A state machine compiled for repeated runs (see [`Engine::compile`]).
pub struct CompiledMachine {
    program: Program,
    name: String,
}

/// The local engine. Build it with handlers and options, then run state machines.
#[derive(Clone)]
pub struct Engine {
    handlers: Handlers,
    mocks: Option<Mocks>,
    time: TimeMode,
    seed: u64,
    options: RunOptions,
    role_arn: String,
}

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
            time: TimeMode::default(),
            seed: 0,
            options: RunOptions {
                history: true,
                history_limit: Some(MAX_HISTORY_EVENTS),
                trace: false,
                record_states: true,
            },
            role_arn: "arn:aws:iam::123456789012:role/local-engine".into(),
        }
    }

    /// Registers an async handler for Task states whose `Resource` is exactly `resource`.
    pub fn handler<F, Fut, O>(mut self, resource: impl Into<String>, handler: F) -> Self
    where
        F: Fn(TaskCall) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, TaskFailure>> + Send + 'static,
        O: Into<TaskOutput>,
    {
        self.handlers
            .insert(resource.into(), handlers::boxed(handler));
        self
    }

    /// Registers a typed handler: the task's effective input is deserialised into `I` and the
    /// handler's `O` serialised as the result.
    pub fn typed_handler<F, Fut, I, O>(mut self, resource: impl Into<String>, handler: F) -> Self
    where
        F: Fn(I) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, TaskFailure>> + Send + 'static,
        I: DeserializeOwned + Send + 'static,
        O: Serialize + Send + 'static,
    {
        self.handlers
            .insert(resource.into(), handlers::typed(handler));
        self
    }

    /// Registers a Lambda function by name. It serves `arn:aws:states:::lambda:invoke`
    /// (and `.waitForTaskToken`) tasks whose `FunctionName` names it (a name, an alias or an
    /// ARN), receiving `Payload` and answering it as Lambda does (`{"Payload": …,
    /// "StatusCode": 200, …}`), and tasks whose `Resource` is the function's ARN.
    pub fn lambda<F, Fut, I, O>(mut self, function_name: impl Into<String>, handler: F) -> Self
    where
        F: Fn(I) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, TaskFailure>> + Send + 'static,
        I: DeserializeOwned + Send + 'static,
        O: Serialize + Send + 'static,
    {
        self.handlers
            .insert_lambda(function_name.into(), handlers::typed(handler));
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
        self.handlers.set_fallback(handlers::boxed(handler));
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

    /// Virtual time (the default) or real time.
    pub fn time(mut self, mode: TimeMode) -> Self {
        self.time = mode;
        self
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

    /// Validates and compiles a state machine for repeated runs.
    pub fn compile(&self, machine: &StateMachine) -> Result<CompiledMachine, EngineError> {
        let diagnostics = machine.validate();
        if workflow_asl::has_errors(&diagnostics) {
            return Err(EngineError::InvalidDefinition(
                diagnostics
                    .into_iter()
                    .filter(Diagnostic::is_error)
                    .collect(),
            ));
        }
        let program = program::compile(machine).map_err(|f| {
            EngineError::InvalidDefinition(vec![Diagnostic::error(
                workflow_asl::Code::SchemaValidationFailed,
                workflow_asl::Pointer::root(),
                f.cause,
            )])
        })?;
        Ok(CompiledMachine {
            program,
            name: "LocalStateMachine".into(),
        })
    }

    /// Runs `machine` on `input`.
    pub async fn run(
        &self,
        machine: &StateMachine,
        input: Value,
    ) -> Result<Execution, EngineError> {
        let compiled = self.compile(machine)?;
        self.run_compiled(&compiled, input).await
    }

    /// Runs a compiled machine on `input`.
    pub async fn run_compiled(
        &self,
        compiled: &CompiledMachine,
        input: Value,
    ) -> Result<Execution, EngineError> {
        let size = input.to_string().len();
        if size > MAX_PAYLOAD_BYTES {
            return Err(EngineError::InputTooLarge(size));
        }
        let clock = Clock::start(self.time);
        let start = clock.now();
        let name = format!("local-{}", self.seed);
        let machine_arn = format!(
            "arn:aws:states:us-east-1:123456789012:stateMachine:{}",
            compiled.name
        );
        let run = Run {
            program: &compiled.program,
            handlers: &self.handlers,
            mocks: self.mocks.as_ref(),
            options: &self.options,
            shared: Mutex::new(Shared::default()),
            entropy: Mutex::new(SeededEntropy::new(self.seed)),
            execution: json!({
                "Id": format!("arn:aws:states:us-east-1:123456789012:execution:{}:{name}", compiled.name),
                "Input": input,
                "Name": name,
                "RoleArn": self.role_arn,
                "StartTime": workflow_asl::timestamp::format_rfc3339_millis(start),
                "RedriveCount": 0,
            }),
            state_machine: json!({"Id": machine_arn, "Name": compiled.name}),
            uncounted_events: std::sync::atomic::AtomicU64::new(0),
        };
        let mut strand = Strand {
            clock,
            last_event: 0,
            vars: Frame::root(),
        };
        // The first event cannot overflow a history limit of at least one event.
        let _ = run.event(
            &mut strand,
            EventKind::ExecutionStarted {
                input: JsonText::from(&input),
            },
        );
        let outcome = run.run_scope(0, input, &mut strand).await;
        let elapsed_ms = strand.clock.now() - start;
        let timed_out = compiled.program.timeout_seconds.is_some_and(|t| {
            elapsed_ms > i64::try_from(t.saturating_mul(1000)).unwrap_or(i64::MAX)
        });
        let (status, output, error, cause) = match outcome {
            _ if timed_out => (
                ExecutionStatus::TimedOut,
                None,
                Some("States.Timeout".to_owned()),
                Some(format!(
                    "the execution ran longer than its TimeoutSeconds of {}",
                    compiled.program.timeout_seconds.unwrap_or(0)
                )),
            ),
            Ok(output) => (ExecutionStatus::Succeeded, Some(output), None, None),
            Err(f) => (
                ExecutionStatus::Failed,
                None,
                (!f.error.is_empty()).then_some(f.error),
                (!f.cause.is_empty()).then_some(f.cause),
            ),
        };
        let final_event = match status {
            ExecutionStatus::Succeeded => EventKind::ExecutionSucceeded {
                output: JsonText::from(output.as_ref().unwrap_or(&Value::Null)),
            },
            ExecutionStatus::Failed => EventKind::ExecutionFailed {
                error: error.clone().unwrap_or_default(),
                cause: cause.clone().unwrap_or_default(),
            },
            ExecutionStatus::TimedOut => EventKind::ExecutionTimedOut {
                error: error.clone().unwrap_or_default(),
                cause: cause.clone().unwrap_or_default(),
            },
        };
        {
            // The closing event is written even past the limit, as the service's last word.
            let mut shared = run.shared.lock().unwrap_or_else(|p| p.into_inner());
            if self.options.history {
                let id = shared.events.len() as u64 + 1;
                shared.events.push(HistoryEvent {
                    id,
                    previous_event_id: strand.last_event,
                    timestamp_millis: strand.clock.now(),
                    kind: final_event,
                });
            }
        }
        let shared = run.shared.into_inner().unwrap_or_else(|p| p.into_inner());
        Ok(Execution {
            status,
            output,
            error,
            cause,
            states: shared.entered.iter().map(ToString::to_string).collect(),
            history: shared.events,
            trace: shared.trace,
            transitions: shared.transitions,
        })
    }

    /// Runs a workflow declared with `workflow!` on its typed input.
    pub async fn run_workflow<W: crate::Workflow>(
        &self,
        input: &W::Input,
    ) -> Result<Execution, EngineError> {
        let input =
            serde_json::to_value(input).map_err(|e| EngineError::InvalidInput(e.to_string()))?;
        self.run(&W::definition(), input).await
    }

    /// [`Engine::run_workflow`] to completion on a current-thread Tokio runtime.
    pub fn run_workflow_blocking<W: crate::Workflow>(
        &self,
        input: &W::Input,
    ) -> Result<Execution, EngineError> {
        let input =
            serde_json::to_value(input).map_err(|e| EngineError::InvalidInput(e.to_string()))?;
        self.run_blocking(&W::definition(), input)
    }

    /// Runs `machine` to completion on a current-thread Tokio runtime created for the call
    /// (use [`Engine::run`] from async code).
    pub fn run_blocking(
        &self,
        machine: &StateMachine,
        input: Value,
    ) -> Result<Execution, EngineError> {
        // A current-thread Tokio runtime, so that handlers may use Tokio (timers, I/O).
        match tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
        {
            Ok(runtime) => runtime.block_on(self.run(machine, input)),
            Err(_) => futures::executor::block_on(self.run(machine, input)),
        }
    }
}
