//! The local engine: runs any state machine in-process with the service's semantics.
//!
//! - the whole model: the JSONPath pipeline (InputPath → Parameters → ResultSelector →
//!   ResultPath → OutputPath), payload templates, every intrinsic function, the context
//!   object, every Choice operator, Wait in its four forms, Parallel and Map running
//!   concurrently (MaxConcurrency, 40 inline iterations at once without it, ItemSelector,
//!   ItemBatcher, tolerated failures) and passing virtual time in turn, Retry
//!   (IntervalSeconds, BackoffRate, MaxAttempts, MaxDelaySeconds, JitterStrategy), Catch,
//!   Fail, variables (`Assign`) with their scopes, and JSONata states;
//! - Task handlers are async Rust functions registered per Task state (`Engine::state`, or
//!   the constant `workflow!` emits per Task state), per service integration
//!   (`aws_models::Integration::named`, no ARN to write), per resource or per Lambda function,
//!   or responses mocked in Step Functions Local's `MockConfigFile` format; a handler or mock
//!   that matches no Task is an error when the run starts (with the closest Task); a task
//!   without a handler fails with `States.Runtime` naming the resource, unless `.sync` default
//!   results are on (`Engine::default_sync_responses`);
//! - what handlers and mocks return is checked against the integration's result shape (for
//!   `.sync`, the finished job's description) as AWS's TestState API checks mocks
//!   (`Engine::field_validation`: STRICT by default, PRESENT, NONE);
//! - a virtual clock by default: Wait, retry back-off and timeouts cost no time and runs are
//!   deterministic (seeded UUIDs and random numbers); real time on request, read from the
//!   system's clock or from a [`VirtualClock`] that stands still until the test advances it
//!   (`Engine::clock`);
//! - with feature `aws-endpoint`, the Tasks nothing local answers sent to AWS services at an
//!   endpoint (moto's server, LocalStack, AWS: `Engine::aws_endpoints`), by each service's
//!   model, signed with SigV4, answered and failing as on AWS;
//! - history events shaped like `GetExecutionHistory`'s, and an optional per-state trace.
//! - one async runtime, the caller's: a run is a future, a started execution a task of the
//!   Tokio runtime it was started in; code that is not async drives them through [`blocking`]
//!   (a [`blocking::Runtime`] its user owns);
//! - the services a test drives ([`StartExecution::start`] and [`RunningExecution`]):
//!   `.waitForTaskToken` callbacks answered with `send_task_success` / `send_task_failure` /
//!   `send_task_heartbeat`, activities served by `get_activity_task`, task and execution
//!   timeouts on the virtual clock; EXPRESS runs as `StartSyncExecution` returns them
//!   ([`StartExecution::sync_express`]); Distributed Maps reading from and writing to a local
//!   [`ObjectStore`]; redrives of failed executions ([`StartExecution::redrive`]), resumes of
//!   interrupted ones ([`StartExecution::resume`]) and replays of recorded ones
//!   ([`StartExecution::replay`]).
//!
//! ```
//! use serde_json::json;
//! use workflow_runtime::engine::Engine;
//! use workflow_runtime::execution::ExecutionStatus;
//! use workflow_runtime::asl::StateMachine;
//! use workflow_runtime::engine::blocking;
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
//! let execution = blocking::run(engine.machine(&machine).input(json!({"name": "Ada"}))).unwrap();
//! assert_eq!(execution.status, ExecutionStatus::Succeeded);
//! assert_eq!(execution.output, Some(json!({"greeting": "hello Ada"})));
//! ```

pub use workflow_local_engine::{
    ActivityTask, AnswerOutcome, COVERAGE_ENV, CallbackError, ChildExecution, CompiledMachine,
    Coverage, CoverageReadError, CoverageReport, CurrentMapRun, DataChange, DefinitionSource,
    Difference, DifferenceKind, Engine, EngineError, ErrorDetails, Execution, ExecutionReplay,
    ExpressRun, FailedChild, FailedState, HandlerFuture, HandlerKey, InspectionLevel,
    MachineReport, MapRun, MapRunUpdate, MockConfig, MockConfigError, MockedResult, Mocks,
    ObjectStore, ObjectStoreError, OutputError, PathRefusal, PointReport, PreparedTestState,
    RecordedExecution, Replayed, Replays, ResumePoint, Resumed, ResumedChild, RunningChild,
    RunningExecution, RunningMapRun, StartExecution, StateTrace, StrandOutcome, StrandPoint,
    Strands, TaskCall, TaskFailure, TaskOutput, TestState, TestStateError, TestStateOutput,
    TestStatus, TimeMode, Unchecked, UncheckedPart, UnmatchedHandler, Verdict, VirtualClock,
    WaitingTask, Within, blocking, debug, mode,
};
#[cfg(feature = "aws-endpoint")]
pub use workflow_local_engine::{AwsEndpointError, AwsEndpoints};
