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
//! VISIT` names the visit to resume at (any visit of any state the record holds, in the syntax
//! `Visit` reads: `Each[4]/Pack#2`; `--input` and `--variables` replace what it enters with;
//! `--list-visits` prints them). With `--deploy`, on AWS (or `workflow serve`,
//! through the client's configuration chain): the plan of the local resume finds where it goes
//! live and what the record says ran inside that state, and a one-off state machine that
//! starts there (`workflow_runtime::resume::resume_definition`: a prologue restoring the input
//! and the variables, and routes that take every branch, iteration and child that succeeded
//! from the record) is deployed, tagged with the original execution's ARN, and started
//! (`Client::resume`). `--executions-of` resumes many at once (`cli::resume_each`). Exit 0 when
//! the resumed execution succeeds, 1 when it does not or the resume is refused, 2 for what
//! cannot be read.

use crate::cli::local_tasks::LocalTasks;
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, Failure};
use crate::source::Definition;
use serde_json::{Value, json};
use std::path::PathBuf;
use workflow_runtime::aws_models::{RoleArn, StatesArn, StatesResource};
use workflow_runtime::client::{Client, ResumeOptions, WaitOptions};
use workflow_runtime::engine::{Engine, EngineError, ResumePoint, Resumed};
use workflow_runtime::execution::{EventKind, ExecutionStatus, RecordedHistory, Visit};

/// The options of `workflow resume`.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("deploying").args(["deploy", "executions_of"]).multiple(true)))]
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
        required_unless_present_any = ["execution_arn", "executions_of"],
        conflicts_with = "executions_of"
    )]
    pub history: Option<PathBuf>,
    /// Read the record of this execution through the client (the default AWS configuration
    /// chain; `AWS_ENDPOINT_URL_SFN` for a local endpoint), its Distributed Maps' children
    /// included. With `--history`, the ARN only names the execution.
    #[arg(long, value_name = "ARN", conflicts_with = "executions_of")]
    pub execution_arn: Option<String>,
    /// Resume at this visit of a state, with the input the record shows it entered with and
    /// the variables the record shows in scope there; the visit and what follows it run live,
    /// nothing else that succeeded runs again: a top-level state (`Load`, its last visit),
    /// a loop's Nth visit (`Load#2`), a state in a Parallel's branch (`Both/Left`), in an
    /// inline Map's iteration by index (`Each[4]/Pack`), in a Distributed Map's child by item
    /// (`Fan out[7]/Check`); a name with `/`, `#`, `[`, `]` or `"` as a JSON string. A visit
    /// the record does not hold is refused with those it holds (`--list-visits`).
    #[arg(long, visible_alias = "at", value_name = "VISIT")]
    pub from_state: Option<String>,
    /// The input the visit `--from-state` names enters with, instead of the recorded one: a
    /// JSON file (`-` reads standard input). A crate's workflow's declared input type checks
    /// it: its `input { … }` schema at the state the execution starts at, the type the data
    /// flow gives the state's input elsewhere.
    #[arg(long, value_name = "FILE", requires = "from_state")]
    pub input: Option<PathBuf>,
    /// Variables the visit `--from-state` names sees, set or replaced in its own scope: a
    /// JSON object file.
    #[arg(long, value_name = "FILE", requires = "from_state")]
    pub variables: Option<PathBuf>,
    /// Print the visits the record holds (what `--from-state` may name), one a line with the
    /// state's type, and exit.
    #[arg(long, conflicts_with_all = ["deploy", "executions_of"])]
    pub list_visits: bool,
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
    /// With `--deploy` or `--executions-of`: the synthesised machine's execution role (by
    /// default the one the original execution ran with).
    #[arg(long, value_name = "ARN", requires = "deploying")]
    pub role_arn: Option<String>,
    /// With `--deploy` or `--executions-of`: the new execution's input (the original's) also
    /// names the original execution, as `"resumedFrom"` (an object input only).
    #[arg(long, requires = "deploying")]
    pub link_input: bool,
    /// With `--deploy` or `--executions-of`: start the execution and print its ARN, without
    /// waiting for its end.
    #[arg(long, requires = "deploying")]
    pub no_wait: bool,
    /// Resume the failed child executions of the state machine NAME that
    /// `states:startExecution` Tasks started on FILE, their fix (repeatable). Without it,
    /// with `--execution-arn`, such a child resumes on its machine's definition as deployed
    /// now; else on the one it ran.
    #[arg(long, value_name = "NAME=FILE")]
    pub definition_of: Vec<String>,
    /// Resume, on AWS (or `workflow serve`) as `--deploy` does, every execution of this state
    /// machine the filters select (FAILED, TIMED_OUT and ABORTED ones by default), each at
    /// its own failure, or at the visit `--from-state` names: a line per execution, a table,
    /// `--junit`; an execution a resume's machine names already (its `workflow:resume-of`
    /// tag) is not resumed again.
    #[arg(long, value_name = "STATE_MACHINE_ARN")]
    pub executions_of: Option<String>,
    /// With `--executions-of`: only the executions with this status (repeatable).
    #[arg(long, requires = "executions_of", value_parser = ["FAILED", "TIMED_OUT", "ABORTED"])]
    pub status: Vec<String>,
    /// With `--executions-of`: only the executions started at this time or later (RFC 3339,
    /// or a day, from its start in UTC).
    #[arg(long, value_name = "DATE", requires = "executions_of")]
    pub since: Option<String>,
    /// With `--executions-of`: only the executions started before this time.
    #[arg(long, value_name = "DATE", requires = "executions_of")]
    pub until: Option<String>,
    /// With `--executions-of`: only the executions that failed (timed out, were stopped) in
    /// this state (the innermost, in a Parallel or a Map).
    #[arg(long, value_name = "STATE", requires = "executions_of")]
    pub failed_state: Option<String>,
    /// With `--executions-of`: at most this many executions, the newest.
    #[arg(long, value_name = "N", requires = "executions_of")]
    pub max: Option<usize>,
    /// With `--executions-of`: how many executions are read, planned and resumed at once.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 4,
        requires = "executions_of"
    )]
    pub concurrency: usize,
    /// With `--executions-of`: say what each would do (its plan, its machine, or that it is
    /// resumed already), deploying and starting nothing.
    #[arg(long, requires = "executions_of")]
    pub dry_run: bool,
    /// With `--executions-of`: write a JUnit XML report, one test case per execution (a
    /// failure for one whose resume did not succeed, an error for one that was refused).
    #[arg(long, value_name = "FILE", requires = "executions_of")]
    pub junit: Option<PathBuf>,
    /// What answers the Tasks run live: a mock configuration, a directory standing for S3, a
    /// Lambda endpoint, AWS services at an endpoint.
    #[command(flatten)]
    pub tasks: LocalTasks,
}

/// Where `--from-state`, `--input` and `--variables` say to resume: the visit, parsed once,
/// and what it enters with.
pub(super) struct VisitArgs {
    pub visit: Option<Visit>,
    pub input: Option<Value>,
    pub variables: serde_json::Map<String, Value>,
}

impl VisitArgs {
    /// Reads `--from-state`, `--input` and `--variables`; the input checked against the
    /// declared input type of the crate's workflow `definition` names, when it is one.
    pub(super) fn read(
        args: &ResumeArgs,
        definition: &Definition,
        machine: &workflow_runtime::asl::StateMachine,
    ) -> Result<VisitArgs, String> {
        let visit = args
            .from_state
            .as_deref()
            .map(str::parse::<Visit>)
            .transpose()
            .map_err(|e| format!("`--from-state`: {e}"))?;
        let json = |path: &std::path::Path, flag: &str| -> Result<Value, String> {
            let text = crate::cli::input::read(path, INPUT_LIMIT, "a state's input")
                .map_err(|e| format!("`{flag}`: {e}"))?;
            workflow_text::json::parse_data(&text)
                .map_err(|e| format!("`{flag} {}` is not JSON: {e}", path.display()))
        };
        let input = args
            .input
            .as_deref()
            .map(|p| json(p, "--input"))
            .transpose()?;
        let variables = match args.variables.as_deref() {
            None => serde_json::Map::new(),
            Some(path) => match json(path, "--variables")? {
                Value::Object(map) => map,
                _ => {
                    return Err(format!(
                        "`--variables {}` is not a JSON object (variable → value)",
                        path.display()
                    ));
                }
            },
        };
        if let (Some(visit), Some(input)) = (&visit, &input)
            && let Some(misfit) = crate::cli::visit_input::misfit(definition, machine, visit, input)
        {
            return Err(format!("`--input`: {misfit}"));
        }
        Ok(VisitArgs {
            visit,
            input,
            variables,
        })
    }

    /// `request` resuming at the visit, with what it enters with.
    pub(super) fn apply<'e, I, M: workflow_runtime::engine::mode::Resuming>(
        &self,
        mut request: workflow_runtime::engine::StartExecution<'e, I, M>,
    ) -> workflow_runtime::engine::StartExecution<'e, I, M> {
        if let Some(visit) = &self.visit {
            request = request.from_state(visit.clone());
        }
        if let Some(input) = &self.input {
            request = request.replace_input(input.clone());
        }
        if !self.variables.is_empty() {
            request = request.replace_variables(self.variables.clone());
        }
        request
    }
}

/// The most bytes of a replaced input or variables file: a state's input on AWS.
const INPUT_LIMIT: u64 = 256 * 1024;

/// Runs `workflow resume`.
pub(super) async fn run(args: &ResumeArgs) -> Result<u8, Failure> {
    let usage = |e: String| Failure::usage("resume", e);
    let definition = crate::source::load(&args.definition).map_err(|e| usage(e.to_string()))?;
    let machine = definition
        .decode()
        .map_err(|lines| Failure::new(EXIT_USAGE, lines))?;
    let visit = VisitArgs::read(args, &definition, &machine).map_err(usage)?;
    if args.executions_of.is_some() {
        return crate::cli::resume_each::run(args, &definition, &machine, &visit).await;
    }
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
    if args.list_visits {
        for recorded in record.visits() {
            crate::cli::out::line(format!(
                "{}\t{}{}",
                recorded.visit,
                recorded.state_type.as_str(),
                if recorded.finished {
                    ""
                } else {
                    "\t(did not finish)"
                }
            ));
        }
        return Ok(EXIT_OK);
    }
    let engine = resume_engine(args, &definition, arn.as_ref())?;
    if args.deploy {
        return deploy(
            args,
            &definition,
            (&engine, &visit),
            &machine,
            record,
            arn.as_ref(),
        )
        .await;
    }
    let outcome = {
        let mut request = visit.apply(engine.machine(&machine).resume_failed(record));
        if let Some(name) = &args.name {
            request = request.name(name.clone());
        }
        request.run().await
    };
    let resumed = outcome.map_err(|e| refused(e, &definition))?;
    print(&resumed, args.json, args.history_events);
    Ok(exit_of(&resumed.execution.status))
}

/// The engine a resume plans and runs on: named after the execution `arn` (its region,
/// account and machine), its Tasks answered as `args` say.
pub(super) fn resume_engine(
    args: &ResumeArgs,
    definition: &Definition,
    arn: Option<&StatesArn>,
) -> Result<Engine, Failure> {
    let usage = |e: String| Failure::usage("resume", e);
    let mocks = args.tasks.read_mock_config().map_err(usage)?;
    // The fix runs live: the engine refuses it with the validator's errors, as `workflow
    // validate` and a deployment do.
    let mut engine = Engine::new();
    if let Some(arn) = arn {
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
    Ok(engine)
}

/// What a resume the engine refused prints, before anything ran: a fix the validator finds
/// errors in (each at its line and column in `definition`), one that takes
/// another path than the record before the failure, or one without the state that failed
/// (exit 1); anything else is a usage error (exit 2).
pub(super) fn refused(e: EngineError, definition: &Definition) -> Failure {
    match e {
        EngineError::InvalidDefinition(diagnostics) => Failure::new(
            EXIT_INVALID,
            format!(
                "workflow resume: the fix is not valid (a resume runs it live, as a deployment would; `workflow validate` says the same):\n{}",
                definition.located(&diagnostics)
            ),
        ),
        e @ (EngineError::DivergesBeforeFailure(_)
        | EngineError::FailedStateRemoved { .. }
        | EngineError::NoSuchVisit(_)
        | EngineError::VisitRefused { .. }) => {
            Failure::new(EXIT_INVALID, format!("workflow resume: {e}"))
        }
        e => Failure::usage("resume", e.to_string()),
    }
}

/// Exit 0 for an execution that succeeded, 1 for any other end.
pub(super) fn exit_of(status: &ExecutionStatus) -> u8 {
    match status {
        ExecutionStatus::Succeeded => EXIT_OK,
        _ => EXIT_INVALID,
    }
}

/// The role the record's `ExecutionStarted` names.
pub(super) fn record_role(record: &RecordedHistory) -> Option<RoleArn> {
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
    (engine, visit): (&Engine, &VisitArgs),
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
    let planned = visit
        .apply(engine.machine(machine).resume_failed(record).plan())
        .run()
        .await;
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
