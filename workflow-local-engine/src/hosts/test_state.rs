//! TestState, offline: AWS's `TestState` API (its 2025 revision) on the engine. One state is
//! run once on an input, alone (`definition` is the state) or within a whole state machine
//! (`stateName`, at any depth), with a mocked result or error for a Task, Map or Parallel
//! state, variables, a context object and a retry count; the answer is the status (`SUCCEEDED`, `FAILED`,
//! `RETRIABLE`: a Retrier would retry; `CAUGHT_ERROR`: a Catcher caught it), the output, the
//! error and cause, the next state, and at `DEBUG` and `TRACE` the inspection data (the value
//! after each step of the state's input and output processing, the variables after it, and
//! which Retrier or Catcher handled an error).
//!
//! The fields, statuses and rules are those of the Step Functions API reference (`TestState`,
//! `MockInput`, `TestStateConfiguration`, `InspectionData`; botocore's `stepfunctions` model
//! documents the same), checked against TestState's answers recorded on AWS (LocalStack's
//! AWS-validated TestState snapshots of November 2025 to March 2026;
//! `tests/engine_test_state_recorded.rs` runs them): a mock only for Task, Map or Parallel
//! states, and a Map's or Parallel's mocked result of the right shape; Map and Parallel states
//! only with a mock; `mapIterationFailureCount` (only with a mock) measured against the Map's
//! tolerated failures; a mocked Map's `ItemsPath` evaluated first; `mock.fieldValidationMode`
//! STRICT by default; the state under test named `StateName` when the definition is one
//! state. Those refusals are in AWS's words; the ones no recording shows (a context without a
//! mock, an activity, `.sync` or `.waitForTaskToken` task without a mock) are ours. A Task
//! without a mock is answered by the engine's handlers (AWS would call the service).
//! `errorCausedByState` is accepted and changes nothing when the state is mocked, as AWS
//! answers; `mapItemReaderData` is what a Distributed Map's reader reads, for the inspection
//! data (the result is the mock's); `stateName` finds a state at any depth (a state inside a
//! Parallel branch or a Map's processor runs alone); a mocked Map shows `afterItemsPointer`,
//! `afterItemBatcher` and `afterItemSelector` as `InspectionData`'s documentation describes
//! them (no recording shows them).

use crate::core::task_outcome::TaskFailure;
use crate::core::test_step::{ErrorDetails, MapSeen, Outcome, TestStatus, TestStep};
use crate::start::Launch;
use crate::{Engine, EngineError};
use serde_json::{Map, Value, json};
use std::sync::Mutex;
use workflow_asl::validate::dataflow::context::{CONTEXT_FIELDS, ContextValue};
use workflow_asl::{Diagnostic, ErrorName, QueryLanguage, State, StateMachine, SucceedState};
use workflow_aws_models::{FieldValidationMode, RoleArn};

/// How much a TestState answer shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InspectionLevel {
    /// The output, status and next state (the default).
    #[default]
    Info,
    /// And the inspection data: each step of the input and output processing.
    Debug,
    /// And, for an HTTP Task, its request and response (the same as `Debug` here).
    Trace,
}

impl InspectionLevel {
    /// `INFO`, `DEBUG` or `TRACE`.
    pub fn as_str(self) -> &'static str {
        match self {
            InspectionLevel::Info => "INFO",
            InspectionLevel::Debug => "DEBUG",
            InspectionLevel::Trace => "TRACE",
        }
    }

    /// The level `text` (`INFO`, `DEBUG` or `TRACE`) names.
    pub fn parse(text: &str) -> Option<InspectionLevel> {
        match text {
            "INFO" => Some(InspectionLevel::Info),
            "DEBUG" => Some(InspectionLevel::Debug),
            "TRACE" => Some(InspectionLevel::Trace),
            _ => None,
        }
    }
}

/// A TestState request, in the form of `TestStateInput`: public fields, each named after the
/// API's member, with `Default` (an empty definition, input `{}`, `INFO`, `STRICT`), and a
/// setter per field for building it in one expression ([`TestState::new`] and the setters).
#[derive(Clone, Debug)]
pub struct TestState {
    /// `definition`: one state's JSON, or with `state_name` a whole state machine's.
    pub definition: String,
    /// `stateName`: the state of the whole definition to test.
    pub state_name: Option<String>,
    /// `input`: the state's input.
    pub input: Value,
    /// `inspectionLevel`.
    pub inspection_level: InspectionLevel,
    /// `variables`: the workflow variables the state sees (a JSON object).
    pub variables: Option<Value>,
    /// `mock`: the result (`mock.result`) or the error (`mock.errorOutput`) the Task, Map or
    /// Parallel state gets.
    pub mock: Option<Result<Value, TaskFailure>>,
    /// `mock.fieldValidationMode`: how a mocked Task result is checked against the
    /// integration's result shape (STRICT unless given).
    pub field_validation: FieldValidationMode,
    /// `context`: the context object the state sees (only with a mock).
    pub context: Option<Value>,
    /// `stateConfiguration.retrierRetryCount`: the retries that already happened
    /// (`$$.State.RetryCount`, and what a Retrier's `MaxAttempts` is measured against).
    pub retrier_retry_count: u32,
    /// `stateConfiguration.mapIterationFailureCount`: how many of a mocked Map's iterations
    /// failed, measured against its `ToleratedFailureCount` and `ToleratedFailurePercentage`
    /// (only with a mock; a Map that sets neither ignores it, as AWS does).
    pub map_iteration_failure_count: Option<u32>,
    /// `stateConfiguration.errorCausedByState`: the state inside a Map or Parallel that a
    /// mocked error comes from (the error is the mock's either way, as AWS answers).
    pub error_caused_by_state: Option<String>,
    /// `stateConfiguration.mapItemReaderData`: what a Distributed Map's `ItemReader` would
    /// read (with a mocked result, the result is the mock's, as AWS answers).
    pub map_item_reader_data: Option<String>,
    /// `revealSecrets`: an HTTP Task's connection secrets in the inspection data (refused
    /// with a mock, as AWS refuses it; nothing to reveal offline otherwise).
    pub reveal_secrets: bool,
    /// `roleArn`: the role the state runs with (`$$.Execution.RoleArn`; AWS needs it to call a
    /// service, the engine's handlers do not).
    pub role_arn: Option<RoleArn>,
}

impl Default for TestState {
    fn default() -> Self {
        TestState::new(String::new())
    }
}

impl TestState {
    /// A request for `definition`: one state's JSON, or with `state_name` a whole state
    /// machine's. The input is `{}` unless given.
    pub fn new(definition: impl Into<String>) -> Self {
        TestState {
            definition: definition.into(),
            state_name: None,
            input: Value::Object(Map::new()),
            inspection_level: InspectionLevel::Info,
            variables: None,
            mock: None,
            field_validation: FieldValidationMode::Strict,
            context: None,
            retrier_retry_count: 0,
            map_iteration_failure_count: None,
            error_caused_by_state: None,
            map_item_reader_data: None,
            reveal_secrets: false,
            role_arn: None,
        }
    }

    /// Sets `state_name`.
    pub fn state_name(mut self, name: impl Into<String>) -> Self {
        self.state_name = Some(name.into());
        self
    }

    /// Sets `input`.
    pub fn input(mut self, input: Value) -> Self {
        self.input = input;
        self
    }

    /// Sets `inspection_level`.
    pub fn inspection_level(mut self, level: InspectionLevel) -> Self {
        self.inspection_level = level;
        self
    }

    /// Sets `variables`.
    pub fn variables(mut self, variables: Value) -> Self {
        self.variables = Some(variables);
        self
    }

    /// Sets `mock` to a result (`mock.result`).
    pub fn mock_result(mut self, result: Value) -> Self {
        self.mock = Some(Ok(result));
        self
    }

    /// Sets `mock` to an error (`mock.errorOutput`).
    pub fn mock_error(mut self, error: impl Into<ErrorName>, cause: impl Into<String>) -> Self {
        self.mock = Some(Err(TaskFailure::new(error, cause)));
        self
    }

    /// Sets `field_validation`.
    pub fn field_validation(mut self, mode: FieldValidationMode) -> Self {
        self.field_validation = mode;
        self
    }

    /// Sets `context`.
    pub fn context(mut self, context: Value) -> Self {
        self.context = Some(context);
        self
    }

    /// Sets `retrier_retry_count`.
    pub fn retrier_retry_count(mut self, count: u32) -> Self {
        self.retrier_retry_count = count;
        self
    }

    /// Sets `map_iteration_failure_count`.
    pub fn map_iteration_failure_count(mut self, count: u32) -> Self {
        self.map_iteration_failure_count = Some(count);
        self
    }

    /// Sets `error_caused_by_state`.
    pub fn error_caused_by_state(mut self, name: impl Into<String>) -> Self {
        self.error_caused_by_state = Some(name.into());
        self
    }

    /// Sets `map_item_reader_data`.
    pub fn map_item_reader_data(mut self, data: impl Into<String>) -> Self {
        self.map_item_reader_data = Some(data.into());
        self
    }

    /// Sets `role_arn`.
    pub fn role_arn(mut self, arn: RoleArn) -> Self {
        self.role_arn = Some(arn);
        self
    }

    /// Sets `reveal_secrets`.
    pub fn reveal_secrets(mut self, reveal: bool) -> Self {
        self.reveal_secrets = reveal;
        self
    }
}

/// Why a TestState request was refused, as the service refuses it.
#[derive(Debug, thiserror::Error)]
pub enum TestStateError {
    /// `InvalidDefinition`: the definition does not decode or validate.
    #[error("InvalidDefinition: {}", .0.iter().map(|d| format!("{}: {} at {}", d.code.as_str(), d.message, d.pointer)).collect::<Vec<_>>().join("; "))]
    InvalidDefinition(Vec<Diagnostic>),
    /// `ValidationException`: the request breaks one of TestState's rules.
    #[error("ValidationException: {0}")]
    Validation(String),
    /// `InvalidDefinition` for a state TestState runs only with a mock (a Map or Parallel
    /// without one), in AWS's words.
    #[error("InvalidDefinition: {0}")]
    Unsupported(String),
    /// `InvalidExecutionInput`: the input is too large or too deep.
    #[error("InvalidExecutionInput: {0}")]
    InvalidInput(String),
    /// The engine could not run the state.
    #[error("{0}")]
    Engine(EngineError),
}

/// What TestState answers.
#[derive(Clone, Debug, PartialEq)]
pub struct TestStateOutput {
    /// The status.
    pub status: TestStatus,
    /// The state's output (a caught error's output for `CAUGHT_ERROR`).
    pub output: Option<Value>,
    /// The error, when the state failed.
    pub error: Option<ErrorName>,
    /// The cause, when the state failed.
    pub cause: Option<String>,
    /// The next state: `Next`, the chosen branch, or the Catcher's `Next`.
    pub next_state: Option<String>,
    /// At `DEBUG` and `TRACE`: the inspection data, as the API names its fields (values as
    /// JSON; [`TestStateOutput::to_json`] writes them as the API's JSON text).
    pub inspection_data: Option<Map<String, Value>>,
}

impl TestStateOutput {
    /// The answer in the API's shape (`TestStateOutput`: JSON values as text).
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("status".into(), self.status.as_str().into());
        if let Some(output) = &self.output {
            out.insert("output".into(), output.to_string().into());
        }
        if let Some(error) = &self.error {
            out.insert("error".into(), error.as_str().into());
        }
        if let Some(cause) = &self.cause {
            out.insert("cause".into(), cause.clone().into());
        }
        if let Some(next) = &self.next_state {
            out.insert("nextState".into(), next.clone().into());
        }
        if let Some(data) = &self.inspection_data {
            let data: Map<String, Value> = data
                .iter()
                .map(|(k, v)| {
                    // JSON values are text; the numbers and the error details are not.
                    let v = match k.as_str() {
                        "errorDetails"
                        | "maxConcurrency"
                        | "toleratedFailureCount"
                        | "toleratedFailurePercentage" => v.clone(),
                        _ => Value::String(v.to_string()),
                    };
                    (k.clone(), v)
                })
                .collect();
            out.insert("inspectionData".into(), Value::Object(data));
        }
        Value::Object(out)
    }
}

/// A state machine of `state` alone, named `name`, with a Succeed state standing for each
/// state it leads to, in the query language `query_language` it inherits.
fn alone(state: State, name: &str, query_language: Option<QueryLanguage>) -> StateMachine {
    let mut states = workflow_asl::States::new();
    let targets: Vec<String> = state.successors().into_iter().map(str::to_owned).collect();
    states.insert(name.to_owned(), state);
    for target in targets {
        if !states.contains_key(&target) {
            states.insert(target, State::Succeed(SucceedState::default()));
        }
    }
    StateMachine {
        query_language,
        start_at: name.to_owned(),
        states,
        ..StateMachine::default()
    }
}

/// A TestState request whose definition was decoded and validated, once: the state machine to
/// run and the state under test. [`TestState::prepare`] makes it; [`Engine::test_state`]
/// runs it without decoding or validating the definition again.
#[derive(Clone, Debug)]
pub struct PreparedTestState {
    request: TestState,
    machine: StateMachine,
    name: String,
}

impl PreparedTestState {
    /// The request.
    pub fn request(&self) -> &TestState {
        &self.request
    }

    /// Whether the request runs a Task state without a mock: AWS then calls the service, with
    /// the request's role (`workflow serve` refuses it without one, in AWS's words: "RoleArn
    /// must be specified when testing a Task state", recorded on AWS in LocalStack's
    /// `test_test_state_scenarios` snapshots).
    pub fn calls_a_service(&self) -> bool {
        self.request.mock.is_none() && matches!(self.state(), Some(State::Task(_)))
    }

    /// The state under test.
    fn state(&self) -> Option<&State> {
        self.machine.states.get(self.name.as_str())
    }
}

impl TestState {
    /// Decodes and validates the definition, once: the state machine to run (the whole
    /// definition, or the one state with a Succeed state standing for each state it leads
    /// to) and the state under test; `Err` as TestState refuses the definition.
    pub fn prepare(self) -> Result<PreparedTestState, TestStateError> {
        let (machine, name) = self.machine()?;
        Ok(PreparedTestState {
            request: self,
            machine,
            name,
        })
    }

    /// The state machine to run and the name of the state under test, decoded and validated.
    fn machine(&self) -> Result<(StateMachine, String), TestStateError> {
        let invalid = |message: String| {
            TestStateError::InvalidDefinition(vec![Diagnostic::error(
                workflow_asl::Code::SchemaValidationFailed,
                workflow_asl::Pointer::root(),
                message,
            )])
        };
        let decode = |text: &str| {
            StateMachine::from_json(text)
                .map_err(|e| TestStateError::InvalidDefinition(e.diagnostics))
        };
        let machine = match &self.state_name {
            Some(name) => {
                let whole = decode(&self.definition)?;
                // A state inside a Parallel branch or a Map's processor runs alone, as AWS
                // runs it (recorded: `stateName` `HandleItem` of a Map's iteration), found
                // through the typed model's walk, at any depth.
                let nested = whole
                    .walk()
                    .states()
                    .find(|s| s.name == name && s.scope.index != 0)
                    .map(|s| {
                        let inherited = (s.scope.default_query_language
                            != whole.effective_query_language())
                        .then_some(s.scope.default_query_language)
                        .or(whole.query_language);
                        alone(s.state.clone(), name, inherited)
                    });
                nested.unwrap_or(whole)
            }
            None => {
                let state: Map<String, Value> = match serde_json::from_str(&self.definition) {
                    Ok(Value::Object(state)) => state,
                    Ok(_) => {
                        return Err(invalid(
                            "the definition must be a JSON object: one state's".into(),
                        ));
                    }
                    Err(e) => return Err(invalid(format!("the definition is not JSON: {e}"))),
                };
                if state.contains_key("States") && state.contains_key("StartAt") {
                    return Err(TestStateError::Validation(
                        "the definition is a whole state machine: name the state to test with stateName".into(),
                    ));
                }
                // AWS names the state under test `StateName` (recorded: `$states.context.State.Name`
                // and the pointers of its definition errors, `/States/StateName/Branches`).
                let wrapped = json!({"StartAt": "StateName", "States": {"StateName": state}});
                let mut decoded = decode(&wrapped.to_string())?;
                match decoded.states.shift_remove("StateName") {
                    Some(state) => alone(state, "StateName", None),
                    None => decoded,
                }
            }
        };
        // What AWS's TestState refuses: the errors of the rules AWS checks in a definition;
        // this project's stricter checks (a path that selects nothing, …) leave the state to
        // fail when it runs, as it does on AWS.
        let diagnostics: Vec<Diagnostic> = machine
            .validate()
            .into_iter()
            .filter(Diagnostic::refuses_definition)
            .collect();
        if !diagnostics.is_empty() {
            return Err(TestStateError::InvalidDefinition(diagnostics));
        }
        let name = match &self.state_name {
            Some(name) => {
                if !machine.states.contains_key(name.as_str()) {
                    // AWS's words (recorded: LocalStack's `test_test_state_machine_scenarios`).
                    return Err(TestStateError::Validation(
                        "State not found in definition".into(),
                    ));
                }
                name.clone()
            }
            None => machine.start_at.to_string(),
        };
        Ok((machine, name))
    }
}

impl Engine {
    /// `TestState` for a request decoded and validated ([`TestState::prepare`]): the
    /// definition is not validated again (see [`Engine::test_state`]).
    pub(crate) async fn run_test_state(
        &self,
        prepared: &PreparedTestState,
    ) -> Result<TestStateOutput, TestStateError> {
        let (request, machine, name) = (&prepared.request, &prepared.machine, &prepared.name);
        let state = prepared
            .state()
            .ok_or_else(|| TestStateError::Validation(format!("no state `{name}`")))?;
        check_request(request, state)?;
        check_mocked_result(request, state)?;
        let mut engine = self
            .clone()
            .trace(true)
            .history(false)
            .field_validation(request.field_validation);
        let is_task = matches!(state, State::Task(_));
        if let (true, Some(mock)) = (is_task, &request.mock) {
            let mock = mock.clone();
            engine = engine.state(name.clone(), move |_call| {
                let mock = mock.clone();
                async move { mock }
            });
        }
        // `prepare` validated the definition and refused it for any error: compiled as it is.
        let compiled = engine
            .compile_checked(machine, Vec::new())
            .map_err(|e| match e {
                EngineError::InvalidDefinition(d) => TestStateError::InvalidDefinition(d),
                other => TestStateError::Engine(other),
            })?;
        let index = compiled
            .program
            .scopes
            .first()
            .and_then(|s| s.nodes.iter().position(|n| *n.name == *name))
            .ok_or_else(|| TestStateError::Validation(format!("no state `{name}`")))?;
        let variables = match &request.variables {
            None => Map::new(),
            Some(Value::Object(v)) => v.clone(),
            Some(_) => {
                return Err(TestStateError::Validation(
                    "variables must be a JSON object: its keys are the variables' names".into(),
                ));
            }
        };
        let step = TestStep {
            state: index,
            retrier_retry_count: request.retrier_retry_count,
            compound_mock: if is_task { None } else { request.mock.clone() },
            context: request.context.clone(),
            variables,
            map_iteration_failure_count: request.map_iteration_failure_count,
            map_item_reader_data: request.map_item_reader_data.clone(),
            role_arn: request.role_arn.clone(),
            map_seen: Mutex::new(None),
            failed_steps: Mutex::new(None),
            outcome: Mutex::new(None),
        };
        let run = engine
            .launch(&compiled, request.input.clone(), Launch::TestState(&step))
            .await;
        let trace = match run {
            Ok(execution) => execution.trace,
            Err(EngineError::InputTooLarge(n)) => {
                return Err(TestStateError::InvalidInput(format!(
                    "the input is {n} bytes, over the 262144 the service accepts"
                )));
            }
            Err(EngineError::InputTooDeep(n)) => {
                return Err(TestStateError::InvalidInput(format!(
                    "the input is nested deeper than {n} levels"
                )));
            }
            Err(other) => return Err(TestStateError::Engine(other)),
        };
        let outcome = step
            .outcome
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .ok_or_else(|| {
                TestStateError::Engine(EngineError::Stalled {
                    waiting: Vec::new(),
                    execution: None,
                })
            })?;
        let map_seen = step
            .map_seen
            .into_inner()
            .unwrap_or_else(|p| p.into_inner());
        let failed_steps = step
            .failed_steps
            .into_inner()
            .unwrap_or_else(|p| p.into_inner());
        let steps = match (&outcome.failure, &failed_steps) {
            (Some(_), Some(steps)) => Some(steps.as_slice()),
            _ => trace.last().map(|t| t.steps.as_slice()),
        };
        let inspection_data = (request.inspection_level != InspectionLevel::Info)
            .then(|| inspection(&request.input, steps, state, &outcome, map_seen.as_ref()));
        let (error, cause) = match outcome.failure {
            Some((e, c)) => (e.map(ErrorName::from), Some(c)),
            None => (None, None),
        };
        Ok(TestStateOutput {
            status: outcome.status,
            output: outcome.output,
            error,
            cause,
            next_state: outcome.next,
            inspection_data,
        })
    }
}

/// TestState's own rules on which states take a mock, need one, and take a context and a
/// state configuration. Where AWS's answer is recorded (LocalStack's
/// `test_state_mock_validation` snapshots, recorded on AWS from December 2025 to March
/// 2026), the code and message are AWS's; the others (a context without a mock, a task that
/// needs a mock) are ours.
fn check_request(request: &TestState, state: &State) -> Result<(), TestStateError> {
    use workflow_asl::State;
    let takes_mock = matches!(state, State::Task(_) | State::Map(_) | State::Parallel(_));
    if request.mock.is_some() && !takes_mock {
        return Err(TestStateError::Validation(format!(
            "State type '{}' is not supported when a mock is specified",
            state.kind().as_str()
        )));
    }
    if request.mock.is_some() && request.reveal_secrets {
        return Err(TestStateError::Validation(
            "TestState does not support RevealSecrets when a mock is specified.".into(),
        ));
    }
    if request.map_iteration_failure_count.is_some() && request.mock.is_none() {
        return Err(TestStateError::Validation(
            "TestState does not support MapIterationFailureCount when a mock is not specified."
                .into(),
        ));
    }
    if request.context.is_some() && request.mock.is_none() {
        return Err(TestStateError::Validation(
            "context may only be specified together with a mock".into(),
        ));
    }
    if let Some(context) = &request.context {
        let token_task = matches!(state, State::Task(t)
            if t.resource.runs_a_job() || t.resource.waits_for_task_token());
        check_context(context, token_task).map_err(|reason| {
            TestStateError::Validation(format!("Invalid Context object provided: {reason}"))
        })?;
    }
    match (state, &request.mock) {
        (State::Map(_) | State::Parallel(_), None) => {
            return Err(TestStateError::Unsupported(
                "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]".into(),
            ));
        }
        (State::Task(task), None)
            if task.resource.is_activity()
                || task.resource.runs_a_job()
                || task.resource.waits_for_task_token() =>
        {
            return Err(TestStateError::Validation(
                "TestState runs an activity, or a `.sync` or `.waitForTaskToken` task, only with a mock".into(),
            ));
        }
        (State::Map(map), Some(Ok(result))) => {
            let writes = map.result_writer.is_some();
            match result {
                Value::Object(_) if writes => {}
                _ if writes => {
                    return Err(TestStateError::Validation(
                        "Mocked result must be a JSON object.".into(),
                    ));
                }
                Value::Array(items) => {
                    let failed = request.map_iteration_failure_count.unwrap_or(0);
                    if failed as usize > items.len() {
                        return Err(TestStateError::Validation(
                            "Map iteration failure count must be less than or equal to the number of Map iterations".into(),
                        ));
                    }
                }
                _ => {
                    return Err(TestStateError::Validation(
                        "Mocked result must be an array.".into(),
                    ));
                }
            }
        }
        (State::Parallel(parallel), Some(Ok(result))) => match result {
            Value::Array(items) if items.len() == parallel.branches.len() => {}
            Value::Array(_) => {
                return Err(TestStateError::Validation(
                    "Mocked result must contain the same number of items as number of Parallel branches.".into(),
                ));
            }
            _ => {
                return Err(TestStateError::Validation(
                    "Mocked result must be an array.".into(),
                ));
            }
        },
        _ => {}
    }
    Ok(())
}

/// A mocked context object as TestState checks it, the reason in AWS's words when it is
/// refused (recorded on AWS: LocalStack's `test_state_context_object` snapshots of 2025): no
/// `Map` ("'Map' field is not supported when mocking a Context object"), no field the context
/// object does not have ("Field 'Pokedex' is not allowed", at any level), `Task` only for a
/// `.sync` or `.waitForTaskToken` task, and text where the context holds text
/// ("Execution.Id must be a string"; the other text fields and `RetryCount` follow the same
/// rule, not recorded).
fn check_context(context: &Value, token_task: bool) -> Result<(), String> {
    let Value::Object(parts) = context else {
        return Err("the context object must be a JSON object".into());
    };
    if parts.contains_key("Map") {
        return Err("'Map' field is not supported when mocking a Context object".into());
    }
    // The context object's own fields (`workflow_asl`'s one list of them, AWS documentation,
    // "Accessing the Context object"), `Map` refused above.
    let known = |path: &str| CONTEXT_FIELDS.iter().find(|f| f.path == path);
    for (part, value) in parts {
        let prefix = format!("{part}.");
        if !CONTEXT_FIELDS.iter().any(|f| f.path.starts_with(&prefix)) {
            return Err(format!("Field '{part}' is not allowed"));
        }
        if part == "Task" && !token_task {
            return Err("Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern".into());
        }
        let Value::Object(fields) = value else {
            return Err(format!("{part} must be an object"));
        };
        for (field, v) in fields {
            let Some(known) = known(&format!("{part}.{field}")) else {
                return Err(format!("Field '{field}' is not allowed"));
            };
            let (fits, kind) = match known.value {
                ContextValue::ExecutionInput | ContextValue::Item => (true, "any JSON"),
                ContextValue::Integer => (v.is_u64(), "an integer"),
                ContextValue::String | ContextValue::Timestamp => (v.is_string(), "a string"),
            };
            if !fits {
                return Err(format!("{part}.{field} must be {kind}"));
            }
        }
    }
    Ok(())
}

/// A Task's mocked result against its integration's result shape under the request's
/// `fieldValidationMode`: TestState refuses one that does not conform with a
/// `ValidationException` naming the first problem in AWS's words
/// ([`workflow_aws_models::Finding::mock_validation_reason`]); inside an execution the same
/// check fails the state instead (`result_check`).
fn check_mocked_result(request: &TestState, state: &State) -> Result<(), TestStateError> {
    let (State::Task(task), Some(Ok(result))) = (state, &request.mock) else {
        return Ok(());
    };
    let Some(shape) = crate::core::result_check::result_shape(&task.resource) else {
        return Ok(());
    };
    match shape.validate(result, request.field_validation).first() {
        Some(finding) => Err(TestStateError::Validation(format!(
            "Mock result schema validation error: {}",
            finding.mock_validation_reason()
        ))),
        None => Ok(()),
    }
}

/// `inspectionData` from the steps the state recorded, as AWS shows it (recorded on AWS:
/// LocalStack's TestState snapshots of 2025), JSONPath states by type:
///
/// - a Task: `afterInputPath`, `afterParameters`, `result`, `afterResultSelector`,
///   `afterResultPath`, each the value passed on where the step changed nothing;
/// - a Pass with `Result`: `result`, `afterResultSelector`, `afterResultPath`; without:
///   `afterInputPath`, `afterParameters`, then the same value as `afterResultSelector` and
///   the value after `ResultPath`;
/// - a Choice, Wait, Succeed or Fail: `afterInputPath`;
/// - a Map: `afterInputPath`, `afterItemsPath`, `maxConcurrency` (0 when unlimited),
///   `toleratedFailureCount` and `toleratedFailurePercentage` (when set), then its result
///   steps; a Parallel: its result steps only.
///
/// JSONata states show `afterArguments` and `result` (Tasks) and a Map's limits. Every state
/// shows `input`, `variables` only when there are some, and `errorDetails` for an error a
/// Retrier or Catcher handles; a state that failed part way shows the steps it made.
fn inspection(
    input: &Value,
    steps: Option<&[(&'static str, Value)]>,
    state: &State,
    outcome: &Outcome,
    map_seen: Option<&MapSeen>,
) -> Map<String, Value> {
    use workflow_asl::State;
    let recorded = |name: &str| {
        steps
            .unwrap_or_default()
            .iter()
            .rev()
            .find(|(step, _)| *step == name)
            .map(|(_, v)| v.clone())
    };
    let mut data = Map::new();
    data.insert("input".into(), input.clone());
    let mut put = |field: &str, value: Option<Value>| {
        if let Some(value) = value {
            data.insert(field.into(), value);
        }
    };
    let reached = steps.is_some();
    let after_input = || recorded("InputPath").or_else(|| reached.then(|| input.clone()));
    // The result's steps: the selector (or the result passed on), then ResultPath (or what
    // the selector made, which the default `$` makes the whole output).
    let result_steps = |result: Option<Value>, put: &mut dyn FnMut(&str, Option<Value>)| {
        let Some(result) = result else { return };
        let selected = recorded("ResultSelector").unwrap_or(result);
        put("afterResultSelector", Some(selected.clone()));
        let succeeded = outcome.failure.is_none() || outcome.status == TestStatus::CaughtError;
        if succeeded || recorded("ResultPath").is_some() {
            put(
                "afterResultPath",
                Some(recorded("ResultPath").unwrap_or(selected)),
            );
        }
    };
    if outcome.jsonata {
        if matches!(state, State::Task(_)) {
            put("afterArguments", recorded("Arguments"));
            put("result", recorded("Result"));
        }
    } else {
        match state {
            State::Task(_) => {
                put("afterInputPath", after_input());
                let parameters = recorded("Parameters").or_else(after_input);
                put("afterParameters", parameters.filter(|_| reached));
                let result = recorded("Result");
                put("result", result.clone());
                result_steps(result, &mut put);
            }
            State::Pass(pass) if pass.result.is_some() => {
                let result = recorded("Result");
                put("result", result.clone());
                result_steps(result, &mut put);
            }
            State::Pass(_) => {
                put("afterInputPath", after_input());
                let parameters = recorded("Parameters").or_else(after_input);
                put("afterParameters", parameters.clone());
                result_steps(parameters, &mut put);
            }
            State::Map(_) => {
                put("afterInputPath", after_input());
                result_steps(recorded("Result"), &mut put);
            }
            State::Parallel(_) => result_steps(recorded("Result"), &mut put),
            State::Choice(_) | State::Wait(_) | State::Succeed(_) | State::Fail(_) => {
                put(
                    "afterInputPath",
                    Some(recorded("InputPath").unwrap_or_else(|| input.clone())),
                );
            }
        }
    }
    if let Some(seen) = map_seen {
        put("afterItemsPath", seen.items.clone());
        put("afterItemsPointer", seen.after_items_pointer.clone());
        put("afterItemBatcher", seen.after_item_batcher.clone());
        put("afterItemSelector", seen.after_item_selector.clone());
        put("maxConcurrency", Some(seen.max_concurrency.into()));
        put(
            "toleratedFailureCount",
            seen.tolerated_failure_count.map(Value::from),
        );
        put(
            "toleratedFailurePercentage",
            seen.tolerated_failure_percentage.map(Value::from),
        );
    }
    if !outcome.variables.is_empty() {
        put("variables", Some(Value::Object(outcome.variables.clone())));
    }
    put(
        "errorDetails",
        outcome.details.as_ref().map(ErrorDetails::to_json),
    );
    data
}
