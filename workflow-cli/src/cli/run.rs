//! `workflow run`: run a definition on the local engine.

use crate::cli::input::{INPUT_LIMIT, read};
use crate::cli::local_tasks::LocalTasks;
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, Failure};
use crate::source::Definition;
use serde_json::Value;
use std::path::PathBuf;
use workflow_asl::{ExecutionType, StateMachine};
use workflow_runtime::aws_models::FieldValidationMode;
use workflow_runtime::engine::{Coverage, Engine, EngineError, Execution};
use workflow_runtime::execution::ExecutionStatus;

/// The options of `workflow run`.
#[derive(clap::Args)]
pub(crate) struct RunArgs {
    /// The definition file (`-` reads standard input).
    pub file: PathBuf,
    /// The execution input, as JSON (any JSON value: `--input -5` is the number -5).
    #[arg(long, default_value = "{}", allow_hyphen_values = true)]
    pub input: String,
    /// Read the execution input from this file (`-` reads standard input) instead.
    #[arg(long, conflicts_with = "input")]
    pub input_file: Option<PathBuf>,
    /// Print one JSON object: {"status", "output", "error", "cause", "states"} (and "history"
    /// with `--history`, "events" with `--events`).
    #[arg(long)]
    pub json: bool,
    /// What answers the Task states: a mock configuration, a directory standing for S3, a
    /// Lambda endpoint, AWS services at an endpoint.
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
    /// details); with `--json`, the table's lines as `"events"`.
    #[arg(long)]
    pub events: bool,
    /// How mocked results are checked against their integration's result shape, as AWS's
    /// TestState API checks mocks: STRICT (required fields present, present fields conform),
    /// PRESENT (present fields conform) or NONE.
    #[arg(long, value_name = "MODE", default_value = "STRICT", value_parser = ["STRICT", "PRESENT", "NONE"])]
    pub field_validation: String,
    /// Seed for `States.UUID`, `States.MathRandom`, task tokens and jitter.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
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
    /// The region in the ARNs (the partition follows it), and the one `--aws-endpoint`'s
    /// requests are signed for.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// The account in the ARNs.
    #[arg(long, value_name = "ACCOUNT")]
    pub account: Option<String>,
    /// Run a definition that the validator finds errors in, as AWS would run it, printing
    /// them as warnings (the project's own static checks are stricter than AWS's creation).
    #[arg(long)]
    pub errors_as_warnings: bool,
    /// Record the workflow coverage of the run into this directory, for `workflow coverage
    /// DIR` (as `WORKFLOW_COVERAGE=DIR` does).
    #[arg(long, value_name = "DIR")]
    pub coverage: Option<PathBuf>,
}

/// What a run of `workflow run` gives: the execution and the definition it ran.
pub(crate) struct Ran {
    /// The execution.
    pub execution: Execution,
    /// The definition, decoded.
    pub machine: StateMachine,
}

/// Runs `workflow run`.
pub(crate) async fn run(args: &RunArgs) -> Result<u8, Failure> {
    let definition = crate::source::load(&args.file).map_err(|e| Failure::usage("run", e))?;
    let (input_text, from) = match &args.input_file {
        Some(path) => (
            read(path, INPUT_LIMIT, "an execution input").map_err(|e| Failure::usage("run", e))?,
            format!("`{}`", path.display()),
        ),
        None => (args.input.clone(), "`--input`".to_owned()),
    };
    let mocks = args
        .tasks
        .read_mock_config()
        .map_err(|e| Failure::usage("run", e))?;
    let Ran { execution, machine } = execution(
        args,
        &definition,
        (&input_text, &from),
        mocks
            .as_ref()
            .map(|(shown, text)| (shown.as_str(), text.as_str())),
    )
    .await?;
    if let Some(path) = &args.progress {
        let title = format!(
            "{} — {}",
            crate::cli::graph::title(&definition),
            execution.status
        );
        crate::cli::progress::write(path, &machine, &title, &execution)
            .map_err(|e| Failure::usage("run", e))?;
    }
    if args.json {
        crate::cli::out::line(summary(args, &execution));
    } else {
        crate::cli::out::text(execution.summary_text());
        for line in crate::cli::map_failures::lines(&execution) {
            crate::cli::out::line(line);
        }
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

/// What `workflow run --json` prints: `{"status", "output", "error", "cause", "states"}`, with
/// `--history` the events as `GetExecutionHistory` returns them (`"history"`), and with
/// `--events` the history as the table `--events` prints without `--json`, a line per event
/// (`"events"`).
pub(crate) fn summary(args: &RunArgs, execution: &Execution) -> Value {
    let mut summary = execution.summary_json();
    if args.history {
        summary["history"] = execution.history_json();
    }
    if args.events {
        let table = workflow_runtime::pictures::events_text(execution);
        summary["events"] = table.lines().collect::<Vec<_>>().into();
    }
    summary
}

/// Runs `definition` as `args` say, on the input `input` (its text and how messages name
/// it), its Task states answered by the mock configuration `mocks` (how messages name it and
/// its text) when given. A definition that does not decode, or that the validator refuses,
/// is a usage error with its diagnostics located; so is every argument the run cannot take.
pub(crate) async fn execution(
    args: &RunArgs,
    definition: &Definition,
    (input_text, from): (&str, &str),
    mocks: Option<(&str, &str)>,
) -> Result<Ran, Failure> {
    // Located as every command locates them; `workflow run` exits 2 on a definition it cannot
    // decode.
    let machine = definition
        .decode()
        .map_err(|lines| Failure::new(EXIT_USAGE, lines))?;
    let usage = |message: String| Failure::new(EXIT_USAGE, format!("workflow run: {message}"));
    if input_text.len() as u64 > INPUT_LIMIT {
        return Err(usage(format!(
            "{from} is larger than 256 KiB, the service's limit for an execution input"
        )));
    }
    // Nested at most as deep as JSON may be (`MAX_DEPTH`), as the engine takes it.
    let input: Value = workflow_text::json::parse_data(input_text.trim_start_matches('\u{feff}'))
        .map_err(|e| usage(format!("{from} is not JSON: {e}")))?;
    // A crate's workflow takes the input its `input { … }` schema declares, as its typed input
    // and `workflow serve`'s console do.
    if let Some(misfit) = crate::cli::input::input_misfit(definition, &input) {
        return Err(usage(format!("{from}: {misfit}")));
    }
    let mode = FieldValidationMode::from_name(&args.field_validation)
        .ok_or_else(|| usage("`--field-validation` is STRICT, PRESENT or NONE".to_owned()))?;
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
        let errors: Vec<_> = machine
            .validate()
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        for line in definition.located(&errors).lines() {
            eprintln!("warning: {line}");
        }
    }
    engine = crate::cli::input::crate_workflow_answerers(definition, engine);
    engine = args
        .tasks
        .configure(engine, &definition.stem(), mocks)
        .map_err(usage)?;
    if let Some(dir) = &args.coverage {
        engine = engine.coverage(&Coverage::writing_to(dir));
    }
    crate::cli::input::describe_coverage(
        &engine,
        &machine,
        definition,
        args.machine_name.as_deref(),
    );
    if args.sync && args.machine_type != "EXPRESS" {
        return Err(usage(
            "`--sync` runs an EXPRESS machine: give `--type EXPRESS` too".to_owned(),
        ));
    }
    let mut request = engine.machine(&machine).input(input);
    if args.machine_type == "EXPRESS" {
        request = request.execution_type(ExecutionType::Express);
    }
    if let Some(name) = &args.name {
        request = request.name(name.clone());
    }
    let outcome = if args.sync {
        request.sync_express().run().await.map(|r| r.execution)
    } else {
        request.run().await
    };
    match outcome {
        Ok(execution) => Ok(Ran { execution, machine }),
        Err(EngineError::InvalidDefinition(diagnostics)) => {
            Err(Failure::new(EXIT_USAGE, definition.located(&diagnostics)))
        }
        Err(e) => Err(usage(e.to_string())),
    }
}
