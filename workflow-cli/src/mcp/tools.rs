//! The tools: each one's arguments as a Rust type (its input schema is written from it by
//! schemars), and its work, done by the command of `workflow` it stands for (`cli::validate`,
//! `cli::run`, …), so that a tool answers what the command prints with `--json` (the text
//! of `graph` and `import`) and refuses what the command refuses, with its message.

use crate::cli::input::{DEFINITION_LIMIT, INPUT_LIMIT, MOCK_LIMIT, ReadError, bounded};
use crate::cli::local_tasks::LocalTasks;
use crate::cli::{
    Failure, coverage, graph, import, input, replay, run, test_state, types, validate,
};
use crate::source::Definition;
use futures::future::BoxFuture;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use workflow_runtime::execution::RecordedHistory;

/// A tool's answer: the JSON `--json` prints, or a picture's or a program's text.
#[derive(Debug)]
pub(super) enum Answer {
    /// A JSON object.
    Json(Value),
    /// Text.
    Text(String),
}

/// Why a tool could not answer: the message the command prints on standard error.
pub(super) type Refusal = String;

impl From<Failure> for Refusal {
    fn from(failure: Failure) -> Refusal {
        failure.message
    }
}

/// One tool: its name, what it does, its arguments' schema and its work.
pub(super) struct Tool {
    /// The tool's name.
    pub name: &'static str,
    /// What it does, for the agent.
    pub description: &'static str,
    /// The JSON Schema of its arguments.
    pub schema: fn() -> std::sync::Arc<serde_json::Map<String, Value>>,
    /// Its work, on the arguments as sent.
    pub call: Call,
    /// Whether it only reads (every tool but `run`, which may write coverage files).
    pub read_only: bool,
}

/// A tool's work, on the arguments as sent: a task of the server's runtime either way.
#[derive(Clone, Copy)]
pub(super) enum Call {
    /// Reads and checks, done at once.
    Now(fn(serde_json::Map<String, Value>) -> Result<Answer, Refusal>),
    /// A run of the engine: a future, awaited on the server's runtime as the engine's runs
    /// are (no thread, nor runtime, of its own).
    Engine(fn(serde_json::Map<String, Value>) -> Work),
}

/// A tool's work as a future: its answer, or its refusal.
pub(super) type Work = BoxFuture<'static, Result<Answer, Refusal>>;

/// The arguments' schema of a tool taking `T`.
fn schema<T: JsonSchema + 'static>() -> std::sync::Arc<serde_json::Map<String, Value>> {
    rmcp::handler::server::tool::schema_for_type::<T>()
}

/// The arguments as `T`; arguments of the wrong shape are refused with serde's message, which
/// names the argument (`unknown field `defintion``, `invalid type: …`).
fn arguments<T: serde::de::DeserializeOwned>(
    tool: &str,
    args: serde_json::Map<String, Value>,
) -> Result<T, Refusal> {
    serde_json::from_value(Value::Object(args)).map_err(|e| {
        format!("workflow mcp: the arguments of `{tool}` do not fit its input schema: {e}")
    })
}

/// Every tool the server offers.
pub(super) const TOOLS: &[Tool] = &[
    Tool {
        name: "validate",
        description: "Validate an Amazon States Language definition (or one of the crate's workflows) with every rule of the language and of the Step Functions service. Answers what `workflow validate --json` prints: {\"valid\", \"files\": [{\"file\", \"valid\", \"diagnostics\": [{\"severity\", \"code\", \"pointer\", \"message\", \"line\", \"column\"}]}]}; each message says the fix, and `explain` gives a code's rule.",
        schema: schema::<ValidateArgs>,
        call: Call::Now(validate_tool),
        read_only: true,
    },
    Tool {
        name: "explain",
        description: "Explain a diagnostic code of `validate`: what it reports, the rule of AWS it enforces, and where that rule is written. Answers what `workflow explain --json CODE` prints: {\"code\", \"origin\" (aws: one of ValidateStateMachineDefinition's codes; workflow: this project's), \"summary\", \"rule\", \"sources\": [{\"title\", \"url\"}]}.",
        schema: schema::<ExplainArgs>,
        call: Call::Now(explain_tool),
        read_only: true,
    },
    Tool {
        name: "types",
        description: "The type of the JSON entering and leaving every state of a definition, as the validator's data-flow inference finds it (from literals, templates and result paths; the execution input is a crate's workflow's `input { … }` schema, unknown for ASL text). Answers what `workflow types --json` prints: {\"states\": [{\"state\", \"pointer\", \"reached\", \"input\", \"output\", \"variables\"}], \"output\"}.",
        schema: schema::<TypesArgs>,
        call: Call::Now(types_tool),
        read_only: true,
    },
    Tool {
        name: "test_state",
        description: "Run one state once, offline, as AWS's TestState API does: the state's input, mocked results or errors, variables, context, retry count, inspection level; answers TestState's own JSON (status SUCCEEDED, FAILED, RETRIABLE or CAUGHT_ERROR, output, error, cause, nextState, inspectionData), as `workflow test-state` prints it.",
        schema: schema::<TestStateArgs>,
        call: Call::Engine(test_state_tool),
        read_only: true,
    },
    Tool {
        name: "run",
        description: "Run a definition on the local engine (virtual time: Wait states take no time), its Task states answered by a Step Functions Local mock configuration. Answers what `workflow run --json --events` prints: {\"status\", \"output\", \"error\", \"cause\", \"states\" (the states entered, in order), \"events\" (the history, a line per event)}; \"history\" (GetExecutionHistory's events) with `history: true`. A failed execution is an answer, not a tool error.",
        schema: schema::<RunArgs>,
        call: Call::Engine(run_tool),
        read_only: false,
    },
    Tool {
        name: "replay",
        description: "Replay a recorded execution (its record: `history`, the JSON `aws stepfunctions get-execution-history --output json` prints or `run`'s `history`; `record`, the path of a history file or of a record's directory as `workflow history ARN --format record -o DIR` writes it; or `execution_arn` alone, read through the client) against a definition, the one that ran or a changed one: the recorded Task results answer its Tasks, and the run is compared with the record. Answers what `workflow replay --json` prints: {\"identical\", \"recordedPath\", \"divergence\" (the first difference: {\"kind\": \"path\"|\"data\", \"state\", \"afterState\", \"event\", \"recorded\", \"now\", \"changes\": [{\"pointer\", \"recorded\", \"now\"}], …}, or null), \"pathDivergence\", \"differences\", \"summary\", \"status\", \"output\", \"error\", \"cause\", \"states\"}. Values drawn at run time (UUIDs, random numbers, times) are the record's. A Task the history never ran diverges unless `mock_config` answers it.",
        schema: schema::<ReplayArgs>,
        call: Call::Engine(replay_tool),
        read_only: true,
    },
    Tool {
        name: "coverage",
        description: "The workflow coverage recorded in a directory (by `run` with `coverage`, or any run with WORKFLOW_COVERAGE=DIR): each workflow's points reached (states, Choice rules and Defaults, retriers, catchers, Parallel branches) and every point not reached, with its line. Answers what `workflow coverage DIR --format json` prints.",
        schema: schema::<CoverageArgs>,
        call: Call::Now(coverage_tool),
        read_only: true,
    },
    Tool {
        name: "graph",
        description: "The state graph of a definition: Mermaid stateDiagram-v2 (default), Graphviz DOT, an SVG picture or a standalone HTML page, as `workflow graph` prints it.",
        schema: schema::<GraphArgs>,
        call: Call::Now(graph_tool),
        read_only: true,
    },
    Tool {
        name: "import",
        description: "The definition written as one `workflow! { … }` invocation of the Rust `workflow` crates, whose expansion is JSON-equal to it, as `workflow import` prints it; a definition that is not valid is refused with its located diagnostics.",
        schema: schema::<ImportArgs>,
        call: Call::Now(import_tool),
        read_only: true,
    },
];

/// The tool named `name`.
pub(super) fn tool(name: &str) -> Option<&'static Tool> {
    TOOLS.iter().find(|t| t.name == name)
}

/// How the definition is had: `definition`, the ASL as text, `workflow`, one of the crate's
/// workflows by name, or `source`, a file, template or cloud assembly as the command line
/// names it; its name in messages and the definition (or why there is none).
fn definition(
    definition: Option<String>,
    workflow: Option<&str>,
    source: Option<&str>,
) -> Result<(String, Result<Definition, ReadError>), Refusal> {
    match (definition, workflow, source) {
        (Some(text), None, None) => Ok((
            "definition".to_owned(),
            bounded(text, "`definition`", DEFINITION_LIMIT, "a definition")
                .map(|text| Definition::text("definition", text)),
        )),
        (None, Some(name), None) => match crate::cli::crate_workflow(name) {
            Some(workflow) => Ok((name.to_owned(), Ok(Definition::of_crate(workflow)))),
            None => Err(unknown_workflow(name)),
        },
        (None, None, Some(source)) => Ok((source.to_owned(), crate::source::load(Path::new(source)))),
        (None, None, None) => Err(
            "workflow mcp: give the definition as `definition` (its Amazon States Language JSON, as text), as `workflow` (the name of one of the crate's workflows) or as `source` (a file, a template's machine `template.yaml#LogicalId`, or a CDK cloud assembly's `cdk.out#Stack/Machine`)".to_owned(),
        ),
        _ => Err(
            "workflow mcp: give the definition one way: `definition` (its ASL text), `workflow` (the name of one of the crate's workflows) or `source` (a file, template or cloud assembly), not several".to_owned(),
        ),
    }
}

/// The definition; one over the service's limit, or that cannot be read, is refused with
/// the command's message.
fn definition_text(
    text: Option<String>,
    workflow: Option<&str>,
    source: Option<&str>,
) -> Result<Definition, Refusal> {
    let (_, definition) = definition(text, workflow, source)?;
    definition.map_err(|e| e.to_string())
}

fn unknown_workflow(name: &str) -> Refusal {
    let names: Vec<&str> = crate::cli::crate_workflows()
        .iter()
        .map(|w| w.name)
        .collect();
    if names.is_empty() {
        return format!(
            "workflow mcp: no workflow `{name}`: this server has no crate workflows (a crate's own `workflow` binary, `workflow_cli::main_with`, serves them); give the ASL text as `definition`"
        );
    }
    let hint = match workflow_text::suggest::did_you_mean(name, &names) {
        Some(close) => format!("did you mean `{close}`? "),
        None => String::new(),
    };
    format!(
        "workflow mcp: no workflow `{name}` in this crate; {hint}its workflows are {}",
        names.join(", ")
    )
}

/// The mock configuration given as `mock_config` (its text, at most the command's limit), which
/// needs the `test_case` whose responses answer the Task states.
fn mock_config(config: Option<String>, test_case: Option<&str>) -> Result<Option<String>, Refusal> {
    let Some(config) = config else {
        return Ok(None);
    };
    if test_case.is_none() {
        return Err("workflow mcp: `mock_config` needs `test_case`, the test case whose responses answer the Task states".to_owned());
    }
    bounded(config, "`mock_config`", MOCK_LIMIT, "a mock configuration")
        .map(Some)
        .map_err(|e| format!("workflow mcp: {e}"))
}

/// JSON text given as the argument `name`, checked as the command checks its options: at most
/// 256 KiB, and JSON.
fn json_text(text: &str, name: &str) -> Result<(), Refusal> {
    if text.len() as u64 > INPUT_LIMIT {
        return Err(format!(
            "workflow mcp: `{name}` is larger than 256 KiB, the service's limit for an execution input"
        ));
    }
    workflow_text::json::parse_data(text.trim_start_matches('\u{feff}'))
        .map(|_| ())
        .map_err(|e| format!("workflow mcp: `{name}` is not JSON: {e}"))
}

// ---- validate ------------------------------------------------------------------------------

/// The arguments of `validate`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ValidateArgs {
    /// The definition: Amazon States Language JSON, as text (at most 1 MiB, the service's
    /// limit). Give this or `workflow`.
    pub definition: Option<String>,
    /// One of the crate's workflows, by name (a crate's own `workflow` binary serves them);
    /// instead of `definition`.
    pub workflow: Option<String>,
    /// A definition source, as the command line names it, instead of `definition`: an ASL
    /// file's path, a CloudFormation or SAM template's state machine (`template.yaml#LogicalId`,
    /// or the template alone when it holds one), or a CDK cloud assembly's
    /// (`cdk.out#Stack/Machine`).
    pub source: Option<String>,
    /// Validate it as an EXPRESS state machine (request-response integrations only).
    #[serde(default)]
    pub express: bool,
}

fn validate_tool(args: serde_json::Map<String, Value>) -> Result<Answer, Refusal> {
    let args: ValidateArgs = arguments("validate", args)?;
    let (shown, definition) = definition(
        args.definition,
        args.workflow.as_deref(),
        args.source.as_deref(),
    )?;
    let report = validate::check(&shown, definition, &validate::options(args.express));
    Ok(Answer::Json(validate::json_report(&[report])))
}

// ---- explain -------------------------------------------------------------------------------

/// The arguments of `explain`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ExplainArgs {
    /// A diagnostic code, as `validate` reports it: `MISSING_TRANSITION_TARGET`,
    /// `STATES_ALL_NOT_LAST`, …
    pub code: String,
}

fn explain_tool(args: serde_json::Map<String, Value>) -> Result<Answer, Refusal> {
    let args: ExplainArgs = arguments("explain", args)?;
    Ok(Answer::Json(crate::cli::explain::explanation(&args.code)?))
}

// ---- types ---------------------------------------------------------------------------------

/// The arguments of `types`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct TypesArgs {
    /// The definition: Amazon States Language JSON, as text. Give this or `workflow`.
    pub definition: Option<String>,
    /// One of the crate's workflows, by name; instead of `definition`.
    pub workflow: Option<String>,
    /// A definition source, as the command line names it, instead of `definition`: an ASL
    /// file's path, a CloudFormation or SAM template's state machine (`template.yaml#LogicalId`,
    /// or the template alone when it holds one), or a CDK cloud assembly's
    /// (`cdk.out#Stack/Machine`).
    pub source: Option<String>,
}

fn types_tool(args: serde_json::Map<String, Value>) -> Result<Answer, Refusal> {
    let args: TypesArgs = arguments("types", args)?;
    let definition = definition_text(
        args.definition,
        args.workflow.as_deref(),
        args.source.as_deref(),
    )?;
    let machine = definition.decode()?;
    // A crate's workflow starts from its `input { … }` schema's type.
    let input_type = input::execution_input_type(&definition);
    Ok(Answer::Json(types::report(&machine, &input_type)))
}

// ---- test_state ----------------------------------------------------------------------------

/// How a mocked Task result is checked against the integration's result shape, as TestState's
/// `mock.fieldValidationMode`.
#[derive(Clone, Copy, Default, Deserialize, JsonSchema)]
pub(super) enum FieldValidation {
    /// Required fields present, present fields conform.
    #[default]
    #[serde(rename = "STRICT")]
    Strict,
    /// Present fields conform.
    #[serde(rename = "PRESENT")]
    Present,
    /// No check.
    #[serde(rename = "NONE")]
    None,
}

impl FieldValidation {
    fn as_str(self) -> &'static str {
        match self {
            FieldValidation::Strict => "STRICT",
            FieldValidation::Present => "PRESENT",
            FieldValidation::None => "NONE",
        }
    }
}

/// TestState's `inspectionLevel`.
#[derive(Clone, Copy, Default, Deserialize, JsonSchema)]
pub(super) enum InspectionLevel {
    /// The output, status and next state.
    #[default]
    #[serde(rename = "INFO")]
    Info,
    /// And the inspection data (the input and output of each processing step).
    #[serde(rename = "DEBUG")]
    Debug,
    /// And, for HTTP Tasks, the request and response.
    #[serde(rename = "TRACE")]
    Trace,
}

impl InspectionLevel {
    fn as_str(self) -> &'static str {
        match self {
            InspectionLevel::Info => "INFO",
            InspectionLevel::Debug => "DEBUG",
            InspectionLevel::Trace => "TRACE",
        }
    }
}

/// The arguments of `test_state`: TestState's request, named as `workflow test-state`'s
/// options are.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct TestStateArgs {
    /// The definition: one state's JSON, or a whole state machine's with `state`, as text.
    /// Give this or `workflow`.
    pub definition: Option<String>,
    /// One of the crate's workflows, by name (with `state`); instead of `definition`.
    pub workflow: Option<String>,
    /// A definition source, as the command line names it, instead of `definition`: an ASL
    /// file's path, a CloudFormation or SAM template's state machine (`template.yaml#LogicalId`,
    /// or the template alone when it holds one), or a CDK cloud assembly's
    /// (`cdk.out#Stack/Machine`).
    pub source: Option<String>,
    /// The state of a whole state machine to test (TestState's `stateName`).
    pub state: Option<String>,
    /// The state's input, as JSON text (default `{}`).
    pub input: Option<String>,
    /// A mocked result for a Task, Map or Parallel state, as JSON text (`mock.result`).
    pub mock_result: Option<String>,
    /// A mocked error for a Task, Map or Parallel state (`mock.errorOutput.error`).
    pub mock_error: Option<String>,
    /// The mocked error's cause (`mock.errorOutput.cause`).
    pub mock_cause: Option<String>,
    /// How a mocked Task result is checked against the integration's result shape.
    #[serde(default)]
    pub field_validation: FieldValidation,
    /// The workflow variables the state sees, as a JSON object's text.
    pub variables: Option<String>,
    /// The context object the state sees, as JSON text (only with a mock).
    pub context: Option<String>,
    /// The retries that already happened (`stateConfiguration.retrierRetryCount`).
    #[serde(default)]
    pub retry_count: u32,
    /// How many of a mocked Map's iterations failed
    /// (`stateConfiguration.mapIterationFailureCount`).
    pub map_failures: Option<u32>,
    /// The state inside a Map or Parallel a mocked error comes from
    /// (`stateConfiguration.errorCausedByState`).
    pub error_caused_by: Option<String>,
    /// What a Distributed Map's `ItemReader` reads, as the object holds it
    /// (`stateConfiguration.mapItemReaderData`).
    pub map_reader_data: Option<String>,
    /// INFO (the output, status and next state), DEBUG or TRACE (and the inspection data).
    #[serde(default)]
    pub inspection_level: InspectionLevel,
}

fn test_state_tool(args: serde_json::Map<String, Value>) -> Work {
    Box::pin(async move {
        let args: TestStateArgs = arguments("test_state", args)?;
        let definition = definition_text(
            args.definition,
            args.workflow.as_deref(),
            args.source.as_deref(),
        )?;
        for (value, name) in [
            (&args.input, "input"),
            (&args.mock_result, "mock_result"),
            (&args.variables, "variables"),
            (&args.context, "context"),
        ] {
            if let Some(value) = value {
                json_text(value, name)?;
            }
        }
        if args.mock_cause.is_some() && args.mock_error.is_none() {
            return Err(
                "workflow mcp: `mock_cause` is the cause of `mock_error`: give both".to_owned(),
            );
        }
        if args.mock_result.is_some() && args.mock_error.is_some() {
            return Err("workflow mcp: a mock has a result or an error: give `mock_result` or `mock_error`, not both".to_owned());
        }
        let options = test_state::TestStateArgs {
            file: PathBuf::from(&definition.shown),
            state: args.state,
            input: args.input.unwrap_or_else(|| "{}".to_owned()),
            mock_result: args.mock_result,
            mock_error: args.mock_error,
            mock_cause: args.mock_cause.unwrap_or_default(),
            field_validation: args.field_validation.as_str().to_owned(),
            variables: args.variables,
            context: args.context,
            retry_count: args.retry_count,
            map_failures: args.map_failures,
            error_caused_by: args.error_caused_by,
            map_reader_data: args.map_reader_data,
            inspection_level: args.inspection_level.as_str().to_owned(),
        };
        let (answer, _status) = test_state::answer(&definition, &options).await?;
        Ok(Answer::Json(answer))
    })
}

// ---- run -----------------------------------------------------------------------------------

/// The type of state machine a run is an execution of.
#[derive(Clone, Copy, Default, Deserialize, JsonSchema)]
pub(super) enum MachineType {
    /// A STANDARD state machine.
    #[default]
    #[serde(rename = "STANDARD")]
    Standard,
    /// An EXPRESS state machine (five minutes at most, an EXPRESS context, no callbacks, no
    /// `.sync`).
    #[serde(rename = "EXPRESS")]
    Express,
}

/// The arguments of `run`, named as `workflow run`'s options are.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RunArgs {
    /// The definition: Amazon States Language JSON, as text. Give this or `workflow`.
    pub definition: Option<String>,
    /// One of the crate's workflows, by name; instead of `definition`.
    pub workflow: Option<String>,
    /// A definition source, as the command line names it, instead of `definition`: an ASL
    /// file's path, a CloudFormation or SAM template's state machine (`template.yaml#LogicalId`,
    /// or the template alone when it holds one), or a CDK cloud assembly's
    /// (`cdk.out#Stack/Machine`).
    pub source: Option<String>,
    /// The execution input, as JSON text (default `{}`; at most 256 KiB).
    pub input: Option<String>,
    /// A Step Functions Local mock configuration (its `MockConfigFile.json`, as text) that
    /// answers the Task states; with `test_case`.
    pub mock_config: Option<String>,
    /// The test case of the mock configuration to use.
    pub test_case: Option<String>,
    /// The state machine's name in the mock configuration (default: its only one).
    pub state_machine: Option<String>,
    /// Add the history events, as `GetExecutionHistory` returns them (`"history"`).
    #[serde(default)]
    pub history: bool,
    /// Add the history as a table, a line per event: id, elapsed time, type, state, details
    /// (`"events"`; default true).
    #[serde(default = "yes")]
    pub events: bool,
    /// How mocked results are checked against their integration's result shape.
    #[serde(default)]
    pub field_validation: FieldValidation,
    /// Seed for `States.UUID`, `States.MathRandom`, task tokens and jitter.
    #[serde(default)]
    pub seed: u64,
    /// The type of the state machine.
    #[serde(default, rename = "type")]
    pub machine_type: MachineType,
    /// Run it as `StartSyncExecution` runs an EXPRESS machine (with `type: EXPRESS`).
    #[serde(default)]
    pub sync: bool,
    /// The execution's name (`$$.Execution.Name`, and in its ARN).
    pub name: Option<String>,
    /// The state machine's name (`$$.StateMachine.Name`, and in every ARN).
    pub machine_name: Option<String>,
    /// The region in the ARNs (the partition follows it).
    pub region: Option<String>,
    /// The account in the ARNs.
    pub account: Option<String>,
    /// Run a definition the validator finds errors in, as AWS would run it.
    #[serde(default)]
    pub errors_as_warnings: bool,
    /// Record the run's workflow coverage into this directory (read it with `coverage`).
    pub coverage: Option<String>,
}

fn yes() -> bool {
    true
}

fn run_tool(args: serde_json::Map<String, Value>) -> Work {
    Box::pin(async move {
        let args: RunArgs = arguments("run", args)?;
        let definition = definition_text(
            args.definition,
            args.workflow.as_deref(),
            args.source.as_deref(),
        )?;
        let mocks = mock_config(args.mock_config, args.test_case.as_deref())?;
        let options = run::RunArgs {
            file: PathBuf::from(&definition.shown),
            input: String::new(),
            input_file: None,
            json: true,
            tasks: LocalTasks {
                mock_config: None,
                test_case: args.test_case,
                state_machine: args.state_machine,
                s3: None,
                lambda_endpoint: None,
                aws_endpoint: Vec::new(),
            },
            history: args.history,
            progress: None,
            events: args.events,
            field_validation: args.field_validation.as_str().to_owned(),
            seed: args.seed,
            machine_type: match args.machine_type {
                MachineType::Standard => "STANDARD",
                MachineType::Express => "EXPRESS",
            }
            .to_owned(),
            sync: args.sync,
            name: args.name,
            machine_name: args.machine_name,
            region: args.region,
            account: args.account,
            errors_as_warnings: args.errors_as_warnings,
            coverage: args.coverage.map(PathBuf::from),
        };
        let input = args.input.unwrap_or_else(|| "{}".to_owned());
        let ran = run::execution(
            &options,
            &definition,
            (&input, "`input`"),
            mocks.as_deref().map(|text| ("`mock_config`", text)),
        )
        .await?;
        Ok(Answer::Json(run::summary(&options, &ran.execution)))
    })
}

// ---- replay --------------------------------------------------------------------------------

/// The arguments of `replay`, named as `workflow replay`'s options are.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ReplayArgs {
    /// The definition to replay: Amazon States Language JSON, as text (the changed one, or
    /// the one that ran). Give this or `workflow`.
    pub definition: Option<String>,
    /// One of the crate's workflows, by name; instead of `definition`.
    pub workflow: Option<String>,
    /// A definition source, as the command line names it, instead of `definition`: an ASL
    /// file's path, a CloudFormation or SAM template's state machine (`template.yaml#LogicalId`,
    /// or the template alone when it holds one), or a CDK cloud assembly's
    /// (`cdk.out#Stack/Machine`).
    pub source: Option<String>,
    /// The recorded history, as text: the JSON `aws stepfunctions get-execution-history
    /// --output json` prints (`{"events": [...]}`, oldest first, every page), or the array of
    /// events (`run`'s `history`). Give this, `record`, or `execution_arn` alone.
    pub history: Option<String>,
    /// The path of an execution's record: a history file, or a record's directory with its
    /// Distributed Maps' children and started children (`workflow history ARN --format record
    /// -o DIR`).
    pub record: Option<String>,
    /// The recorded execution's ARN, which gives the replay its names and place (region,
    /// account, state machine and execution names, as its context object shows them); alone,
    /// the record is read through the client (the default AWS configuration chain,
    /// `AWS_ENDPOINT_URL_SFN` for `workflow serve`).
    pub execution_arn: Option<String>,
    /// A Step Functions Local mock configuration (its `MockConfigFile.json`, as text)
    /// answering the Task states the history never ran; with `test_case`.
    pub mock_config: Option<String>,
    /// The test case of the mock configuration to use.
    pub test_case: Option<String>,
    /// The state machine's name in the mock configuration (default: its only one).
    pub state_machine: Option<String>,
}

fn replay_tool(args: serde_json::Map<String, Value>) -> Work {
    Box::pin(async move {
        let args: ReplayArgs = arguments("replay", args)?;
        let definition = definition_text(
            args.definition,
            args.workflow.as_deref(),
            args.source.as_deref(),
        )?;
        let arn = crate::cli::record::execution_arn(args.execution_arn.as_deref(), "execution_arn")
            .map_err(|e| format!("workflow mcp: {e}"))?;
        let history = match (&args.history, &args.record) {
            (Some(_), Some(_)) => {
                return Err("workflow mcp: give `history` or `record`, not both".to_owned());
            }
            (Some(text), None) => {
                let history = RecordedHistory::from_json_text(text).map_err(|e| {
                    let named = workflow_runtime::execution::HistoryReadError {
                        file: Some("`history`".to_owned()),
                        ..e
                    };
                    format!("workflow mcp: {named}")
                })?;
                match arn {
                    Some(arn) => history.with_execution_arn(arn),
                    None => history,
                }
            }
            (None, record) => {
                crate::cli::record::read(record.as_deref().map(Path::new), arn.as_ref())
                    .await
                    .map_err(|e| format!("workflow mcp: {e}"))?
            }
        };
        let mocks = mock_config(args.mock_config, args.test_case.as_deref())?;
        let tasks = LocalTasks {
            mock_config: None,
            test_case: args.test_case,
            state_machine: args.state_machine,
            s3: None,
            lambda_endpoint: None,
            aws_endpoint: Vec::new(),
        };
        let replayed = replay::replayed(
            &definition,
            history,
            &tasks,
            mocks.as_deref().map(|text| ("`mock_config`", text)),
        )
        .await?;
        Ok(Answer::Json(replayed.to_json()))
    })
}

// ---- coverage ------------------------------------------------------------------------------

/// The arguments of `coverage`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct CoverageArgs {
    /// The directory the coverage files were written into (`run`'s `coverage`, or
    /// `WORKFLOW_COVERAGE=DIR`).
    pub dir: String,
}

fn coverage_tool(args: serde_json::Map<String, Value>) -> Result<Answer, Refusal> {
    let args: CoverageArgs = arguments("coverage", args)?;
    let report = coverage::read(Path::new(&args.dir))?;
    Ok(Answer::Json(coverage::json_report(&report)))
}

// ---- graph ---------------------------------------------------------------------------------

/// The arguments of `graph`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct GraphArgs {
    /// The definition: Amazon States Language JSON, as text. Give this or `workflow`.
    pub definition: Option<String>,
    /// One of the crate's workflows, by name; instead of `definition`.
    pub workflow: Option<String>,
    /// A definition source, as the command line names it, instead of `definition`: an ASL
    /// file's path, a CloudFormation or SAM template's state machine (`template.yaml#LogicalId`,
    /// or the template alone when it holds one), or a CDK cloud assembly's
    /// (`cdk.out#Stack/Machine`).
    pub source: Option<String>,
    /// The picture's format.
    #[serde(default)]
    pub format: graph::Format,
    /// Draw the SVG and HTML pictures top to bottom (the default is left to right).
    #[serde(default)]
    pub portrait: bool,
    /// The title of the SVG and HTML pictures (default: the workflow's name, or "State
    /// machine").
    pub title: Option<String>,
}

fn graph_tool(args: serde_json::Map<String, Value>) -> Result<Answer, Refusal> {
    let args: GraphArgs = arguments("graph", args)?;
    let definition = definition_text(
        args.definition,
        args.workflow.as_deref(),
        args.source.as_deref(),
    )?;
    let machine = definition.decode()?;
    let title = match (args.title, args.workflow, definition.machine()) {
        (Some(title), _, _) | (None, Some(title), _) => title,
        (None, None, Some(_)) => graph::title(&definition),
        (None, None, None) => "State machine".to_owned(),
    };
    Ok(Answer::Text(graph::picture(
        &machine,
        args.format,
        args.portrait,
        title,
    )))
}

// ---- import --------------------------------------------------------------------------------

/// The arguments of `import`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ImportArgs {
    /// The definition: Amazon States Language JSON, as text. Give this or `workflow`.
    pub definition: Option<String>,
    /// One of the crate's workflows, by name; instead of `definition`.
    pub workflow: Option<String>,
    /// A definition source, as the command line names it, instead of `definition`: an ASL
    /// file's path, a CloudFormation or SAM template's state machine (`template.yaml#LogicalId`,
    /// or the template alone when it holds one), or a CDK cloud assembly's
    /// (`cdk.out#Stack/Machine`).
    pub source: Option<String>,
    /// The workflow's name in the invocation, a Rust type name (default: `workflow`'s name,
    /// or `StateMachine`).
    pub name: Option<String>,
}

fn import_tool(args: serde_json::Map<String, Value>) -> Result<Answer, Refusal> {
    let args: ImportArgs = arguments("import", args)?;
    let definition = definition_text(
        args.definition,
        args.workflow.as_deref(),
        args.source.as_deref(),
    )?;
    let name = match (args.name, args.workflow, definition.machine()) {
        (Some(name), _, _) | (None, Some(name), _) => name,
        (None, None, Some(_)) => workflow_macros_core::import::workflow_name(&definition.stem()),
        (None, None, None) => "StateMachine".to_owned(),
    };
    Ok(Answer::Text(import::source(&definition, &name, "`name`")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tool's arguments.
    fn args(value: Value) -> serde_json::Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn a_templates_machine_is_a_tools_source() {
        let template = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cfn/sam_orders.yaml");
        let checkout = format!("{template}#Checkout");
        let Ok(Answer::Json(report)) = validate_tool(args(serde_json::json!({"source": checkout})))
        else {
            panic!("validate answers with JSON");
        };
        assert_eq!(report["valid"], true, "{report}");
        assert_eq!(report["files"][0]["file"], checkout, "{report}");
        let Ok(Answer::Text(source)) = import_tool(args(serde_json::json!({"source": checkout})))
        else {
            panic!("import answers with text");
        };
        assert!(
            source.contains("pub Checkout {") && source.contains("lambda::invoke {"),
            "{source}"
        );
        // A template of two machines names them when none is named.
        let refused = types_tool(args(serde_json::json!({"source": template})));
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.contains("#Checkout") && e.contains("#Refunds")),
            "{:?}",
            refused.err()
        );
    }
}
