//! `workflow run`: run a definition on the local engine.

use crate::cli::input::{
    INPUT_LIMIT, decode, eprint_diagnostics, read, read_definition_text, render,
};
use crate::cli::local_tasks::LocalTasks;
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use serde_json::Value;
use std::path::PathBuf;
use workflow_asl::ExecutionType;
use workflow_runtime::aws_models::FieldValidationMode;
use workflow_runtime::engine::{Engine, EngineError};
use workflow_runtime::execution::ExecutionStatus;

/// The options of `workflow run`.
#[derive(clap::Args)]
pub struct RunArgs {
    /// The definition file (`-` reads standard input).
    pub file: PathBuf,
    /// The execution input, as JSON (any JSON value: `--input -5` is the number -5).
    #[arg(long, default_value = "{}", allow_hyphen_values = true)]
    pub input: String,
    /// Read the execution input from this file (`-` reads standard input) instead.
    #[arg(long, conflicts_with = "input")]
    pub input_file: Option<PathBuf>,
    /// Print one JSON object: {"status", "output", "error", "cause", "states"}.
    #[arg(long)]
    pub json: bool,
    /// What answers the Task states: a mock configuration, a directory standing for S3.
    #[command(flatten)]
    pub tasks: LocalTasks,
    /// With `--json`, add the history events (as `GetExecutionHistory` returns them).
    #[arg(long)]
    pub history: bool,
    /// Write the graph of this run, each state coloured by its status, to this file: an SVG
    /// picture, or an HTML page with the events table when the name ends in `.html`.
    #[arg(long)]
    pub progress: Option<PathBuf>,
    /// After the summary, print the history as a table (id, elapsed time, type, state,
    /// details).
    #[arg(long, conflicts_with = "json")]
    pub events: bool,
    /// How mocked results are checked against their integration's result shape, as AWS's
    /// TestState API checks mocks: STRICT (required fields present, present fields conform),
    /// PRESENT (present fields conform) or NONE.
    #[arg(long, value_name = "MODE", default_value = "STRICT", value_parser = ["STRICT", "PRESENT", "NONE"])]
    pub field_validation: String,
    /// Seed for `States.UUID`, `States.MathRandom`, task tokens and jitter.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Invoke Lambda tasks at this Lambda endpoint (http://HOST:PORT: `cargo lambda watch`, or
    /// anything answering Lambda's Invoke) instead of needing a mock.
    #[arg(long, value_name = "URL", env = "AWS_ENDPOINT_URL_LAMBDA")]
    pub lambda_endpoint: Option<String>,
    /// The type of the state machine: STANDARD, or EXPRESS (an asynchronous EXPRESS
    /// execution: five minutes at most, an EXPRESS context, no callbacks, no `.sync`).
    #[arg(long = "type", value_name = "TYPE", default_value = "STANDARD", value_parser = ["STANDARD", "EXPRESS"])]
    pub machine_type: String,
    /// Run it as `StartSyncExecution` runs an EXPRESS machine (the caller waits; the context
    /// object has no `RedriveCount`), instead of as `StartExecution` does.
    #[arg(long)]
    pub sync: bool,
    /// The execution's name (`$$.Execution.Name`, and in its ARN).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The state machine's name (`$$.StateMachine.Name`, and in every ARN).
    #[arg(long, value_name = "NAME")]
    pub machine_name: Option<String>,
    /// The region in the ARNs (the partition follows it).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// The account in the ARNs.
    #[arg(long, value_name = "ACCOUNT")]
    pub account: Option<String>,
    /// Run a definition that the validator finds errors in, as AWS would run it, printing
    /// them as warnings (the project's own static checks are stricter than AWS's creation).
    #[arg(long)]
    pub errors_as_warnings: bool,
}

/// Runs `workflow run`.
pub fn run(args: &RunArgs) -> u8 {
    match execute(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("workflow run: {message}");
            EXIT_USAGE
        }
    }
}

fn execute(args: &RunArgs) -> Result<u8, String> {
    let text = read_definition_text(&args.file)?;
    // Printed as every command prints them; `workflow run` exits 2 on a definition it cannot
    // decode.
    let Ok(machine) = decode(&args.file, &text) else {
        return Ok(EXIT_USAGE);
    };
    let (input_text, from) = match &args.input_file {
        Some(path) => (
            read(path, INPUT_LIMIT, "an execution input")?,
            format!("`{}`", path.display()),
        ),
        None => (args.input.clone(), "`--input`".to_owned()),
    };
    if input_text.len() as u64 > INPUT_LIMIT {
        return Err(format!(
            "{from} is larger than 256 KiB, the service's limit for an execution input"
        ));
    }
    // Nested at most as deep as JSON may be (`MAX_DEPTH`), as the engine takes it.
    let input: Value = workflow_text::json::parse_data(input_text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("{from} is not JSON: {e}"))?;
    let mode = FieldValidationMode::from_name(&args.field_validation)
        .ok_or("`--field-validation` is STRICT, PRESENT or NONE")?;
    let mut engine = Engine::new()
        .seed(args.seed)
        .field_validation(mode)
        .validation_errors_as_warnings(args.errors_as_warnings);
    if let Some(name) = &args.machine_name {
        engine = engine.state_machine_name(name.clone());
    }
    if let Some(region) = &args.region {
        engine = engine.region(region.clone());
    }
    if let Some(account) = &args.account {
        engine = engine.account(account.clone());
    }
    if args.errors_as_warnings {
        let locator = workflow_asl::json::Locator::new(&text);
        for d in machine.validate().iter().filter(|d| d.is_error()) {
            eprintln!("warning: {}", render(&args.file, &locator, d));
        }
    }
    engine = args.tasks.configure(engine, &args.file)?;
    if let Some(url) = &args.lambda_endpoint {
        engine = engine.lambda_endpoint(url)?;
    }
    crate::cli::input::describe_coverage(
        &engine,
        &machine,
        &args.file,
        &text,
        args.machine_name.as_deref(),
    );
    if args.sync && args.machine_type != "EXPRESS" {
        return Err("`--sync` runs an EXPRESS machine: give `--type EXPRESS` too".into());
    }
    let mut request = engine.machine(&machine).input(input);
    if args.machine_type == "EXPRESS" {
        request = request.execution_type(ExecutionType::Express);
    }
    if let Some(name) = &args.name {
        request = request.name(name.clone());
    }
    let outcome = if args.sync {
        request.sync_express().run_blocking().map(|r| r.execution)
    } else {
        request.run_blocking()
    };
    let execution = match outcome {
        Ok(e) => e,
        Err(EngineError::InvalidDefinition(diagnostics)) => {
            eprint_diagnostics(&args.file, &text, &diagnostics);
            return Ok(EXIT_USAGE);
        }
        Err(e) => return Err(e.to_string()),
    };
    if let Some(path) = &args.progress {
        let title = format!(
            "{} — {}",
            crate::cli::graph::title(&args.file),
            execution.status
        );
        crate::cli::progress::write(path, &machine, &title, &execution)?;
    }
    if args.json {
        let mut summary = execution.summary_json();
        if args.history {
            summary["history"] = execution.history_json();
        }
        crate::cli::out::line(summary);
    } else {
        crate::cli::out::text(execution.summary_text());
        if args.events {
            crate::cli::out::text(workflow_runtime::pictures::events_text(&execution));
        }
    }
    Ok(if execution.status == ExecutionStatus::Succeeded {
        EXIT_OK
    } else {
        EXIT_INVALID
    })
}
