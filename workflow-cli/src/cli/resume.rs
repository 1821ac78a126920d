//! `workflow resume NEW_DEFINITION --history H` (or `--execution-arn ARN`): a failed, timed
//! out or stopped execution resumed on a fixed definition, as a new execution. Locally
//! (`StartExecution::resume_failed`): the definition runs on the record up to where the
//! execution failed (the recorded Task results, draws and child executions taken from it),
//! then live, its Tasks answered as `workflow run` answers them (a mock configuration, `--s3`,
//! `--aws-endpoint`); nothing that succeeded in the record runs again (inside a Parallel or a
//! Map, only the branches, iterations and children that failed, were aborted or never started
//! run). It is refused (exit 1) before anything runs where the fix has errors `workflow
//! validate` finds (located), where the definition takes another path than the record before
//! the failure, or where the fix removed or renamed the state that failed, unless `--from-state
//! NAME` names the top-level state to resume at. With `--deploy`, on AWS (or `workflow serve`,
//! through the client's configuration chain): the plan of the local resume finds where it goes
//! live and what the record says ran inside that state, and a one-off state machine that
//! starts there (`workflow_runtime::resume::resume_definition`: a prologue restoring the input
//! and the variables, and routes that take every branch, iteration and child that succeeded
//! from the record) is deployed, tagged with the original execution's ARN, and started
//! (`Client::resume`). Exit 0 when the resumed execution succeeds, 1 when
//! it does not or the resume is refused, 2 for what cannot be read.

use crate::cli::local_tasks::LocalTasks;
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, Failure};
use crate::source::Definition;
use serde_json::{Value, json};
use std::path::PathBuf;
use workflow_runtime::aws_models::{RoleArn, StatesArn, StatesResource};
use workflow_runtime::client::{Client, ResumeOptions, WaitOptions};
use workflow_runtime::engine::{Engine, EngineError, ResumePoint, Resumed};
use workflow_runtime::execution::{EventKind, ExecutionStatus, RecordedHistory};

/// The options of `workflow resume`.
#[derive(clap::Args)]
pub(super) struct ResumeArgs {
    /// The fixed definition file (`-` reads standard input), or the name of a workflow of the
    /// crate the tool was built in.
    pub definition: PathBuf,
    /// The failed execution's record: its history file (`aws stepfunctions
    /// get-execution-history --output json`), or a record's directory with its Distributed
    /// Maps' children (`workflow history ARN --format record -o DIR`).
    #[arg(
        long,
        value_name = "HISTORY",
        required_unless_present = "execution_arn"
    )]
    pub history: Option<PathBuf>,
    /// Read the record of this execution through the client (the default AWS configuration
    /// chain; `AWS_ENDPOINT_URL_SFN` for a local endpoint), its Distributed Maps' children
    /// included. With `--history`, the ARN only names the execution.
    #[arg(long, value_name = "ARN")]
    pub execution_arn: Option<String>,
    /// Resume at this top-level state, with the input the record shows it received and the
    /// variables the record shows assigned before it; everything from there runs live.
    #[arg(long, value_name = "NAME")]
    pub from_state: Option<String>,
    /// The new execution's name (locally; `--deploy` names it after the original).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Print one JSON object: {"status", "output", "error", "cause", "states", "resumedAt",
    /// "replayedStates", "liveStates", "differences"} (with `--deploy`, "deployed").
    #[arg(long)]
    pub json: bool,
    /// With `--json`, add the new execution's history events (as `GetExecutionHistory`
    /// returns them), locally.
    #[arg(long, requires = "json", conflicts_with = "deploy")]
    pub history_events: bool,
    /// Resume on AWS (or on `workflow serve`): deploy the synthesised state machine, start
    /// it, and wait for it to end.
    #[arg(long)]
    pub deploy: bool,
    /// With `--deploy`: the synthesised machine's execution role (by default the one the
    /// original execution ran with).
    #[arg(long, value_name = "ARN", requires = "deploy")]
    pub role_arn: Option<String>,
    /// With `--deploy`: the new execution's input (the original's) also names the original
    /// execution, as `"resumedFrom"` (an object input only).
    #[arg(long, requires = "deploy")]
    pub link_input: bool,
    /// With `--deploy`: start the execution and print its ARN, without waiting for its end.
    #[arg(long, requires = "deploy")]
    pub no_wait: bool,
    /// Resume the failed child executions of the state machine NAME that
    /// `states:startExecution` Tasks started on FILE, their fix (repeatable). Without it,
    /// with `--execution-arn`, such a child resumes on its machine's definition as deployed
    /// now; else on the one it ran.
    #[arg(long, value_name = "NAME=FILE")]
    pub definition_of: Vec<String>,
    /// What answers the Tasks run live: a mock configuration, a directory standing for S3, a
    /// Lambda endpoint, AWS services at an endpoint.
    #[command(flatten)]
    pub tasks: LocalTasks,
}

/// Runs `workflow resume`.
pub(super) async fn run(args: &ResumeArgs) -> Result<u8, Failure> {
    let usage = |e: String| Failure::usage("resume", e);
    let definition = crate::source::load(&args.definition).map_err(|e| usage(e.to_string()))?;
    let machine = definition
        .decode()
        .map_err(|lines| Failure::new(EXIT_USAGE, lines))?;
    let arn = crate::cli::record::execution_arn(args.execution_arn.as_deref(), "--execution-arn")
        .map_err(usage)?;
    let mut record = crate::cli::record::read(args.history.as_deref(), arn.as_ref())
        .await
        .map_err(usage)?;
    // A failed started child's fix: its machine's as deployed now, where the client reaches
    // it, unless `--definition-of` names one; the same for the local resume and `--deploy`.
    if arn.is_some() {
        record = crate::cli::record::client()
            .await
            .deployed_children(record)
            .await
            .map_err(|e| usage(e.to_string()))?;
    }
    let record =
        crate::cli::replay::with_definitions(record, &args.definition_of).map_err(usage)?;
    let mocks = args.tasks.read_mock_config().map_err(usage)?;
    // The fix runs live: the engine refuses it with the validator's errors, as `workflow
    // validate` and a deployment do.
    let mut engine = Engine::new();
    if let Some(arn) = &arn {
        engine = engine
            .region(arn.region.clone())
            .account(arn.account.clone());
        if let StatesResource::Execution { machine, .. } = &arn.resource {
            engine = engine.state_machine_name(machine.to_string());
        }
    }
    engine = args
        .tasks
        .configure(
            engine,
            &definition.stem(),
            mocks.as_ref().map(|(s, t)| (s.as_str(), t.as_str())),
        )
        .map_err(usage)?;
    if args.deploy {
        return deploy(args, &definition, &engine, &machine, record, arn.as_ref()).await;
    }
    let outcome = {
        let mut request = engine.machine(&machine).resume_failed(record);
        if let Some(state) = &args.from_state {
            request = request.from_state(state.clone());
        }
        if let Some(name) = &args.name {
            request = request.name(name.clone());
        }
        request.run().await
    };
    let resumed = outcome.map_err(|e| refused(e, &definition))?;
    print(&resumed, args.json, args.history_events);
    Ok(exit_of(&resumed.execution.status))
}

/// What a resume the engine refused prints, before anything ran: a fix the validator finds
/// errors in (each at its line and column in `definition`), one that takes
/// another path than the record before the failure, or one without the state that failed
/// (exit 1); anything else is a usage error (exit 2).
fn refused(e: EngineError, definition: &Definition) -> Failure {
    match e {
        EngineError::InvalidDefinition(diagnostics) => Failure::new(
            EXIT_INVALID,
            format!(
                "workflow resume: the fix is not valid (a resume runs it live, as a deployment would; `workflow validate` says the same):\n{}",
                definition.located(&diagnostics)
            ),
        ),
        e @ (EngineError::DivergesBeforeFailure(_) | EngineError::FailedStateRemoved { .. }) => {
            Failure::new(EXIT_INVALID, format!("workflow resume: {e}"))
        }
        e => Failure::usage("resume", e.to_string()),
    }
}

/// Exit 0 for an execution that succeeded, 1 for any other end.
fn exit_of(status: &ExecutionStatus) -> u8 {
    match status {
        ExecutionStatus::Succeeded => EXIT_OK,
        _ => EXIT_INVALID,
    }
}

/// The role the record's `ExecutionStarted` names.
fn record_role(record: &RecordedHistory) -> Option<RoleArn> {
    match record.events().first().map(|e| &e.kind) {
        Some(EventKind::ExecutionStarted { role_arn, .. }) => role_arn.clone(),
        _ => None,
    }
}

/// Prints a local resume: where it went live, how many states were taken from the record
/// and run live, the data it found otherwise before that, then the run as `workflow run`
/// prints it; with `json`, one object (with `history`, the events too).
fn print(resumed: &Resumed, json: bool, history: bool) {
    if json {
        let mut report = resumed.to_json();
        if history && let Some(map) = report.as_object_mut() {
            map.insert("history".into(), resumed.execution.history_json());
        }
        crate::cli::out::line(report.to_string());
        return;
    }
    crate::cli::out::line(format!(
        "resumed at {}: {} state{} taken from the record, {} run live",
        resumed.resumed_at,
        resumed.replayed_states,
        if resumed.replayed_states == 1 {
            ""
        } else {
            "s"
        },
        resumed.live_states()
    ));
    let data = resumed.data_differences().count();
    if data > 0 {
        crate::cli::out::line(format!(
            "before it, the data differs from the record at {data} event{} (the first: {})",
            if data == 1 { "" } else { "s" },
            resumed
                .data_differences()
                .next()
                .map(|d| d.place())
                .unwrap_or_default()
        ));
    }
    crate::cli::out::text(resumed.execution.summary_text());
    for line in crate::cli::map_failures::lines(&resumed.execution) {
        crate::cli::out::line(line);
    }
}

/// `workflow resume --deploy`: the local plan, then the synthesised machine deployed and
/// started through the client.
async fn deploy(
    args: &ResumeArgs,
    definition: &Definition,
    engine: &Engine,
    machine: &workflow_runtime::asl::StateMachine,
    record: RecordedHistory,
    arn: Option<&StatesArn>,
) -> Result<u8, Failure> {
    let usage = |e: String| Failure::usage("resume", e);
    let original = arn.cloned().ok_or_else(|| {
        usage("`--deploy` needs the original execution's ARN (`--execution-arn`), which the resume's machine is tagged with".into())
    })?;
    let role = match &args.role_arn {
        Some(role) => Some(
            role.parse::<RoleArn>()
                .map_err(|e| usage(format!("`--role-arn`: {e}")))?,
        ),
        None => None,
    };
    let record_role = record_role(&record);
    let planned = {
        let mut request = engine.machine(machine).resume_failed(record).plan();
        if let Some(state) = &args.from_state {
            request = request.from_state(state.clone());
        }
        request.run().await
    };
    let point: ResumePoint = planned.map_err(|e| refused(e, definition))?;
    let options = ResumeOptions {
        role_arn: role,
        link_input: args.link_input,
    };
    let client: Client = crate::cli::record::client().await;
    let deployed = client
        .resume(
            &original,
            &definition.text,
            &point,
            record_role.as_ref(),
            &options,
        )
        .await
        .map_err(|e| usage(e.to_string()))?;
    let ended = match args.no_wait {
        false => Some(
            deployed
                .execution
                .wait(WaitOptions::default())
                .await
                .map_err(|e| usage(e.to_string()))?,
        ),
        true => None,
    };
    let status = ended.as_ref().map(|d| d.status.clone());
    if args.json {
        let mut out = json!({
            "resumedAt": point.to_json(),
            "deployed": {
                "stateMachineArn": deployed.state_machine.arn().to_string(),
                "action": deployed.action.as_str(),
                "executionArn": deployed.execution.arn().to_string(),
            },
        });
        if let (Some(d), Some(map)) = (&ended, out.as_object_mut()) {
            map.insert("status".into(), d.status.as_str().into());
            map.insert(
                "output".into(),
                d.output
                    .as_deref()
                    .and_then(|o| serde_json::from_str::<Value>(o).ok())
                    .unwrap_or(Value::Null),
            );
            map.insert("error".into(), d.error.as_ref().map(|e| e.as_str()).into());
            map.insert("cause".into(), d.cause.clone().into());
        }
        crate::cli::out::line(out.to_string());
    } else {
        crate::cli::out::line(format!("resumed at {point}"));
        crate::cli::out::line(format!(
            "state machine: {} ({})",
            deployed.state_machine.arn(),
            deployed.action.as_str()
        ));
        crate::cli::out::line(format!("execution: {}", deployed.execution.arn()));
        if let Some(d) = &ended {
            crate::cli::out::line(format!("status: {}", d.status));
            if let Some(output) = &d.output {
                crate::cli::out::line(format!("output: {output}"));
            }
            if let Some(error) = &d.error {
                crate::cli::out::line(format!("error: {error}"));
            }
            if let Some(cause) = &d.cause {
                crate::cli::out::line(format!("cause: {cause}"));
            }
        }
    }
    Ok(match status {
        None => EXIT_OK,
        Some(status) => exit_of(&status),
    })
}
