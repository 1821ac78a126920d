//! `workflow test-state`: AWS's TestState API, offline (see `workflow_runtime::engine::TestState`).

use crate::cli::input::read_definition;
use crate::cli::{EXIT_INVALID, EXIT_OK, Failure};
use crate::source::Definition;
use serde_json::Value;
use std::path::PathBuf;
use workflow_runtime::aws_models::FieldValidationMode;
use workflow_runtime::engine::{Engine, InspectionLevel, TestState, TestStateError, TestStatus};

/// The options of `workflow test-state`.
#[derive(clap::Args)]
pub(crate) struct TestStateArgs {
    /// The definition file: one state's JSON, or a whole state machine's with `--state`
    /// (`-` reads standard input).
    pub file: PathBuf,
    /// The state of a whole state machine to test (`stateName`).
    #[arg(long, value_name = "NAME")]
    pub state: Option<String>,
    /// The state's input, as JSON.
    #[arg(long, default_value = "{}", allow_hyphen_values = true)]
    pub input: String,
    /// A mocked result for a Task, Map or Parallel state, as JSON (`mock.result`).
    #[arg(long, value_name = "JSON", conflicts_with = "mock_error")]
    pub mock_result: Option<String>,
    /// A mocked error for a Task, Map or Parallel state (`mock.errorOutput.error`).
    #[arg(long, value_name = "ERROR")]
    pub mock_error: Option<String>,
    /// The mocked error's cause (`mock.errorOutput.cause`).
    #[arg(
        long,
        value_name = "CAUSE",
        requires = "mock_error",
        default_value = ""
    )]
    pub mock_cause: String,
    /// How a mocked Task result is checked against the integration's result shape.
    #[arg(long, value_name = "MODE", default_value = "STRICT", value_parser = ["STRICT", "PRESENT", "NONE"])]
    pub field_validation: String,
    /// The workflow variables the state sees, as a JSON object.
    #[arg(long, value_name = "JSON")]
    pub variables: Option<String>,
    /// The context object the state sees, as JSON (only with a mock).
    #[arg(long, value_name = "JSON")]
    pub context: Option<String>,
    /// The retries that already happened (`stateConfiguration.retrierRetryCount`).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub retry_count: u32,
    /// How many of a mocked Map's iterations failed
    /// (`stateConfiguration.mapIterationFailureCount`).
    #[arg(long, value_name = "N")]
    pub map_failures: Option<u32>,
    /// The state inside a Map or Parallel a mocked error comes from
    /// (`stateConfiguration.errorCausedByState`).
    #[arg(long, value_name = "NAME")]
    pub error_caused_by: Option<String>,
    /// What a Distributed Map's `ItemReader` reads, as the object holds it
    /// (`stateConfiguration.mapItemReaderData`).
    #[arg(long, value_name = "TEXT")]
    pub map_reader_data: Option<String>,
    /// INFO (the output, status and next state), DEBUG or TRACE (and the inspection data).
    #[arg(long, value_name = "LEVEL", default_value = "INFO", value_parser = ["INFO", "DEBUG", "TRACE"])]
    pub inspection_level: String,
}

/// Prints TestState's answer as the API's JSON; exit 0 when TestState answered a step the state
/// took (SUCCEEDED; RETRIABLE, a retrier would run it again; CAUGHT_ERROR, a catcher took the
/// error: each a successful TestState answer), 1 when it FAILED or the definition is invalid,
/// 2 for a request TestState refuses or a usage error.
pub(crate) async fn run(args: &TestStateArgs) -> Result<u8, Failure> {
    let definition = read_definition(&args.file, "test-state")?;
    let (out, status) = answer(&definition, args).await?;
    let pretty = serde_json::to_string_pretty(&out).map_err(|e| Failure::usage("test-state", e))?;
    crate::cli::out::line(pretty);
    Ok(match status {
        TestStatus::Succeeded | TestStatus::Retriable | TestStatus::CaughtError => EXIT_OK,
        _ => EXIT_INVALID,
    })
}

fn json(text: &str, what: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("{what} is not JSON: {e}"))
}

/// TestState's answer (the API's JSON) for `definition`, tested as `args` say, and its
/// status. An invalid definition fails with its diagnostics located (exit status 1); a
/// request TestState refuses, with its reason (2).
pub(crate) async fn answer(
    definition: &Definition,
    args: &TestStateArgs,
) -> Result<(Value, TestStatus), Failure> {
    let text = definition.text.as_str();
    let usage = |message: String| Failure::usage("test-state", message);
    let mut request =
        TestState::new(text.to_owned()).input(json(&args.input, "--input").map_err(usage)?);
    if let Some(state) = &args.state {
        request = request.state_name(state);
    }
    if let Some(result) = &args.mock_result {
        request = request.mock_result(json(result, "--mock-result").map_err(usage)?);
    }
    if let Some(error) = &args.mock_error {
        request = request.mock_error(error, &args.mock_cause);
    }
    if let Some(mode) = FieldValidationMode::from_name(&args.field_validation) {
        request = request.field_validation(mode);
    }
    if let Some(variables) = &args.variables {
        request = request.variables(json(variables, "--variables").map_err(usage)?);
    }
    if let Some(context) = &args.context {
        request = request.context(json(context, "--context").map_err(usage)?);
    }
    if let Some(level) = InspectionLevel::parse(&args.inspection_level) {
        request = request.inspection_level(level);
    }
    request = request.retrier_retry_count(args.retry_count);
    if let Some(n) = args.map_failures {
        request = request.map_iteration_failure_count(n);
    }
    if let Some(name) = &args.error_caused_by {
        request = request.error_caused_by_state(name.clone());
    }
    if let Some(data) = &args.map_reader_data {
        request = request.map_item_reader_data(data.clone());
    }
    // Decoded and validated once (`prepare`), then run as it is.
    let answered = match request.prepare() {
        Ok(prepared) => Engine::new().test_state(&prepared).run().await,
        Err(e) => Err(e),
    };
    match answered {
        Ok(out) => Ok((out.to_json(), out.status)),
        Err(TestStateError::InvalidDefinition(diagnostics)) => {
            Err(Failure::new(EXIT_INVALID, definition.located(&diagnostics)))
        }
        Err(e) => Err(usage(e.to_string())),
    }
}
