//! `workflow replay DEFINITION --history HISTORY.json [--json]`: runs a definition (a file,
//! or a crate's workflow by name) on the results an execution recorded (the JSON `aws
//! stepfunctions get-execution-history --output json` prints, or, with `--execution-arn`,
//! the history read through the client, every page; the execution's ARN also gives the run
//! the recorded execution's names, as its context object shows them), and compares the run
//! with the record, event by event: exit 0 and `replays identically` when it enters the same
//! states (in any order among a Parallel's branches or a Map's iterations) with the same data
//! (inputs, outputs, Task requests and results, errors, causes, assigned variables; the
//! values it draws at run time are the record's) and ends alike; exit 1 naming the first
//! difference (its state and event, what was recorded and what the definition does now, and
//! where the data differs, by JSON pointer), saying when only the data differs
//! (`--paths-only` then exits 0: another path anywhere, in a child execution at any depth
//! too, fails it); exit 2 for a file it cannot read (located) or a definition that does not
//! decode. A Distributed Map's items are read again through `--s3 DIR` or `--aws-endpoint`
//! where they hold them, and the definition's item processing applied to them; what the
//! replay took from the record unchecked is said after the verdict (`not checked: …`), with
//! the flag that would check it. Many executions at once (`--executions-of`, or
//! `--history DIR`): `replay_each`.

use crate::cli::input::read_definition_text;
use crate::cli::local_tasks::LocalTasks;
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, Failure};
use crate::source::Definition;
use std::path::{Path, PathBuf};
use workflow_runtime::aws_models::{StatesArn, StatesResource};
use workflow_runtime::engine::{
    DifferenceKind, Engine, ExecutionReplay, Replayed, Replays, UncheckedPart, Verdict,
};
use workflow_runtime::execution::RecordedHistory;

/// The options of `workflow replay`.
#[derive(clap::Args)]
pub(crate) struct ReplayArgs {
    /// The definition file (`-` reads standard input), or the name of a workflow of the crate
    /// the tool was built in.
    pub definition: PathBuf,
    /// The recorded history: the JSON `aws stepfunctions get-execution-history --output json`
    /// prints (`{"events": [...]}`); a directory: every history file (`*.json`) in it, each
    /// replayed in turn.
    #[arg(
        long,
        value_name = "HISTORY.json",
        required_unless_present_any = ["execution_arn", "executions_of"]
    )]
    pub history: Option<PathBuf>,
    /// Read the history of this execution from AWS Step Functions (the default AWS
    /// configuration chain; `AWS_ENDPOINT_URL_SFN` for a local endpoint). With `--history`, the
    /// file is its history and the ARN only names it: the region, account, machine and
    /// execution names its context object shows.
    #[arg(long, value_name = "ARN", conflicts_with = "executions_of")]
    pub execution_arn: Option<String>,
    /// Replay the executions of this state machine, read through the client (newest first),
    /// each in turn: one line per execution and a summary.
    #[arg(long, value_name = "STATE_MACHINE_ARN", conflicts_with = "history")]
    pub executions_of: Option<String>,
    /// With `--executions-of`: only the executions with this status.
    #[arg(long, requires = "executions_of", value_parser = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"])]
    pub status: Option<String>,
    /// With `--executions-of`: only the executions started at this time or later (RFC 3339,
    /// `2025-06-01T12:00:00Z`, or a day, `2025-06-01`, from its start in UTC).
    #[arg(long, value_name = "DATE", requires = "executions_of")]
    pub since: Option<String>,
    /// With `--executions-of`: at most this many executions, the newest.
    #[arg(long, value_name = "N", requires = "executions_of")]
    pub max: Option<usize>,
    /// Write a JUnit XML report: one test case per execution, a failure for one that
    /// diverges, an error for one that could not be replayed.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Print one JSON object: {"identical", "recordedPath", "divergence", "pathDivergence",
    /// "differences", "summary", "status", "output", "error", "cause", "states"}.
    #[arg(long)]
    pub json: bool,
    /// Hold the run to the recorded path only: exit 0 when it takes the same states, Tasks and
    /// ending, even if its data differs (the differences are still reported).
    #[arg(long)]
    pub paths_only: bool,
    /// Replay the child executions of the state machine NAME that `states:startExecution`
    /// Tasks started (their records read with the parent's) on FILE, a changed definition,
    /// instead of the one they ran (repeatable).
    #[arg(long, value_name = "NAME=FILE")]
    pub definition_of: Vec<String>,
    /// What answers the Tasks the history never ran (an EXPRESS child's, one the changed
    /// definition runs): a mock configuration, a directory standing for S3, a Lambda endpoint,
    /// AWS services at an endpoint (see `workflow run`).
    #[command(flatten)]
    pub tasks: LocalTasks,
}

/// Runs `workflow replay`.
pub(crate) async fn run(args: &ReplayArgs) -> Result<u8, Failure> {
    let fail = |e: String| Failure::usage("replay", e);
    let definition = crate::source::load(&args.definition).map_err(|e| fail(e.to_string()))?;
    // A directory is many executions' records, unless it is one execution's record.
    let many = args
        .history
        .as_deref()
        .is_some_and(|dir| dir.is_dir() && !RecordedHistory::is_record_dir(dir));
    if args.executions_of.is_some() || many {
        return crate::cli::replay_each::run(args, &definition).await;
    }
    let arn = crate::cli::record::execution_arn(args.execution_arn.as_deref(), "--execution-arn")
        .map_err(fail)?;
    let history = crate::cli::record::read(args.history.as_deref(), arn.as_ref())
        .await
        .map_err(fail)?;
    let notes = crate::cli::record::notes(&history);
    let history = with_definitions(history, &args.definition_of).map_err(fail)?;
    let mocks = args.tasks.read_mock_config().map_err(fail)?;
    let replayed = replayed(
        &definition,
        history,
        &args.tasks,
        mocks
            .as_ref()
            .map(|(shown, text)| (shown.as_str(), text.as_str())),
    )
    .await?;
    print(&replayed, args.json).map_err(fail)?;
    if !args.json {
        for note in notes {
            crate::cli::out::line(note);
        }
    }
    let name = match (&args.execution_arn, &args.history) {
        (Some(arn), _) => arn.clone(),
        (None, Some(path)) => path.display().to_string(),
        (None, None) => String::new(),
    };
    let replays = Replays {
        executions: vec![ExecutionReplay {
            name,
            arn: None,
            outcome: Ok(replayed),
        }],
    };
    if let Some(path) = &args.junit {
        crate::cli::replay_each::write_junit(
            path,
            "workflow replay",
            &definition.shown,
            &replays,
            args.paths_only,
        )
        .map_err(fail)?;
    }
    let holds = replays
        .executions
        .iter()
        .all(|e| crate::cli::replay_each::verdict(e, args.paths_only) == Verdict::Identical);
    Ok(if holds { EXIT_OK } else { EXIT_INVALID })
}

/// Runs `definition` on the recorded `history` (whose execution's names and place, when the
/// record names it, are the run's), the Tasks the history never ran answered as `tasks` say,
/// with the mock configuration `mocks` (how messages name it, and its text). A definition that
/// does not decode is a usage error with its diagnostics located; so is every argument the
/// replay cannot take.
pub(crate) async fn replayed(
    definition: &Definition,
    history: RecordedHistory,
    tasks: &LocalTasks,
    mocks: Option<(&str, &str)>,
) -> Result<Replayed, Failure> {
    let machine = definition
        .decode()
        .map_err(|lines| Failure::new(EXIT_USAGE, lines))?;
    let usage = |message: String| Failure::usage("replay", message);
    let mut engine = Engine::new().validation_errors_as_warnings(true);
    // The execution's names and place, from its ARN when it is known: the context object the
    // definition reads is the recorded one's.
    let mut name = None;
    if let Some(arn) = history.execution_arn() {
        engine = engine
            .region(arn.region.clone())
            .account(arn.account.clone());
        if let StatesResource::Execution { machine, name: n } = &arn.resource {
            engine = engine.state_machine_name(machine.to_string());
            name = Some(n.clone());
        }
    }
    engine = tasks
        .configure(engine, &definition.stem(), mocks)
        .map_err(usage)?;
    let mut request = engine.machine(&machine);
    if let Some(name) = name {
        request = request.name(name);
    }
    request
        .replay(history)
        .run()
        .await
        .map_err(|e| usage(e.to_string()))
}

/// `record` with the started child executions of each state machine `NAME` of
/// `--definition-of NAME=FILE` replayed on `FILE`.
pub(crate) fn with_definitions(
    mut record: RecordedHistory,
    flags: &[String],
) -> Result<RecordedHistory, String> {
    for flag in flags {
        let (name, file) = flag.split_once('=').ok_or_else(|| {
            format!("`--definition-of {flag}` is not `NAME=FILE` (a state machine's name, a definition file)")
        })?;
        let text = read_definition_text(Path::new(file))
            .map_err(|e| format!("`--definition-of {flag}`: {e}"))?;
        let started: Vec<StatesArn> = record
            .started_executions()
            .keys()
            .filter(|arn| arn.machine().is_some_and(|m| m.to_string() == name))
            .cloned()
            .collect();
        for arn in &started {
            record = record.started_definition(arn, text.clone());
        }
    }
    Ok(record)
}

/// Prints the replay's verdict: `replays identically`, or the first divergence; with
/// `json`, the whole report.
fn print(replayed: &Replayed, json: bool) -> Result<(), String> {
    if json {
        let text = serde_json::to_string(&replayed.to_json()).map_err(|e| e.to_string())?;
        crate::cli::out::line(text);
        return Ok(());
    }
    for line in verdict(replayed) {
        crate::cli::out::line(line);
    }
    Ok(())
}

/// What the replay took from the record without checking it (a Distributed Map's items that
/// could not be read again, its `ResultWriter`'s files with nothing recorded to compare),
/// each with the flags that would check it.
pub(crate) fn unchecked(replayed: &Replayed) -> Vec<String> {
    replayed
        .unchecked
        .iter()
        .map(|u| {
            let check = match u.part {
                UncheckedPart::Items => "to check the definition's ItemReader, ItemSelector and ItemBatcher on them, give `--s3 DIR` (a directory standing for S3) or `--aws-endpoint URL` holding the items, or a record that holds the definition the execution ran",
                UncheckedPart::ResultFiles => "to compare them, give `--s3 DIR` or `--aws-endpoint URL` holding the files the execution wrote, or a record that holds them",
            };
            format!("not checked: {u}; {check}")
        })
        .collect()
}

/// The verdict in words: `replays identically`, or where the run first differs from the
/// record, then whether it takes the recorded path; then what it did not check.
pub(crate) fn verdict(replayed: &Replayed) -> Vec<String> {
    let taken = match replayed.taken_from_record.len() {
        0 => None,
        n => Some(format!(
            "{n} EXPRESS child execution{} taken from the record, not run again: {} keep{} no history, and nothing (a mock, a handler, `--aws-endpoint`) answers {} Tasks",
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "they" },
            if n == 1 { "s" } else { "" },
            if n == 1 { "its" } else { "their" },
        )),
    };
    let Some(first) = replayed.divergence() else {
        let mut lines = vec!["replays identically".to_owned()];
        lines.extend(taken);
        lines.extend(unchecked(replayed));
        return lines;
    };
    let mut lines = vec![format!("diverges at {first}")];
    let data = replayed
        .differences
        .iter()
        .filter(|d| d.kind == DifferenceKind::Data)
        .count();
    match replayed.path_divergence() {
        None => lines.push(format!(
            "the run takes the recorded path: only the data differs ({data} event{})",
            if data == 1 { "" } else { "s" }
        )),
        Some(path) if !std::ptr::eq(path, first) => {
            lines.push(format!("then takes another path at {}", path.place()));
        }
        Some(_) => {}
    }
    lines.extend(taken);
    lines.extend(unchecked(replayed));
    lines
}
