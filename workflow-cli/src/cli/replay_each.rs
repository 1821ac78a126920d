//! `workflow replay DEFINITION --executions-of STATE_MACHINE_ARN [--status S] [--since DATE]
//! [--max N]` and `workflow replay DEFINITION --history DIR`: many recorded executions replayed
//! on one definition (`Engine::replay_each`), the executions of a state machine read through
//! the client (`ListExecutions`, newest first, then each one's `GetExecutionHistory`) or every
//! history file of a directory. None stops the others: one line per execution (`identical`,
//! `diverged` with where, `could not replay` with why), then the summary; `--json` prints the
//! whole report, `--junit FILE` writes one test case per execution. Exit 0 when every one
//! replays identically (with `--paths-only`: takes its recorded path), 1 when one does not or
//! could not be replayed, 2 when the executions cannot be listed or the definition decoded.

use crate::cli::replay::{ReplayArgs, verdict as verdict_lines};
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, Failure};
use crate::source::Definition;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::path::Path;
use std::time::{Duration, SystemTime};
use workflow_runtime::aws_models::StatesArn;
use workflow_runtime::engine::{Engine, ExecutionReplay, RecordedExecution, Replays, Verdict};
use workflow_runtime::execution::ExecutionStatus;

/// Runs the many-executions form of `workflow replay`.
pub(crate) async fn run(args: &ReplayArgs, definition: &Definition) -> Result<u8, Failure> {
    let usage = |message: String| Failure::usage("replay", message);
    let machine = definition
        .decode()
        .map_err(|lines| Failure::new(EXIT_USAGE, lines))?;
    let mocks = args.tasks.read_mock_config().map_err(usage)?;
    let engine = args
        .tasks
        .configure(
            Engine::new().validation_errors_as_warnings(true),
            &definition.stem(),
            mocks.as_ref().map(|(s, t)| (s.as_str(), t.as_str())),
        )
        .map_err(usage)?;
    let compiled = engine.compile(&machine).map_err(|e| usage(e.to_string()))?;
    let (suite, executions) = match (&args.executions_of, &args.history) {
        (Some(arn), _) => (arn.clone(), executions_of(arn, args).await.map_err(usage)?),
        (None, Some(dir)) => (
            dir.display().to_string(),
            RecordedExecution::read_dir(dir)
                .map_err(|e| usage(format!("cannot list `{}`: {e}", dir.display())))?,
        ),
        (None, None) => {
            return Err(usage(
                "give `--executions-of ARN` or `--history DIR`".into(),
            ));
        }
    };
    let executions = executions
        .into_iter()
        .map(|mut execution| {
            if let Ok(history) = execution.history {
                execution.history =
                    crate::cli::replay::with_definitions(history, &args.definition_of);
            }
            execution
        })
        .collect::<Vec<_>>();
    let replays = engine.replay_each(&compiled, executions).await;
    print(&replays, args.json, args.paths_only).map_err(usage)?;
    if let Some(path) = &args.junit {
        write_junit(path, &suite, &definition.shown, &replays, args.paths_only).map_err(usage)?;
    }
    let all = replays
        .executions
        .iter()
        .all(|e| verdict(e, args.paths_only) == Verdict::Identical);
    Ok(if all { EXIT_OK } else { EXIT_INVALID })
}

/// An execution's verdict: on its path alone with `--paths-only`.
pub(crate) fn verdict(execution: &ExecutionReplay, paths_only: bool) -> Verdict {
    match paths_only {
        true => execution.path_verdict(),
        false => execution.verdict(),
    }
}

/// The executions of the state machine `arn` that `args` select, each with its history read
/// through the client (an execution whose history cannot be read is kept, with why).
async fn executions_of(arn: &str, args: &ReplayArgs) -> Result<Vec<RecordedExecution>, String> {
    let machine: StatesArn = arn
        .parse()
        .map_err(|e| format!("`--executions-of {arn}` is not a state machine's ARN: {e}"))?;
    let since = args.since.as_deref().map(since).transpose()?;
    let status = args.status.as_deref().map(ExecutionStatus::parse);
    let client = crate::cli::record::client().await;
    let reference = client.state_machine(machine);
    let mut listing = reference.list_executions();
    if let Some(status) = status {
        listing = listing.status(status);
    }
    if let Some(since) = since {
        listing = listing.started_since(since);
    }
    if let Some(max) = args.max {
        listing = listing.max(max);
    }
    listing
        .recorded()
        .await
        .map_err(|e| format!("cannot list the executions of `{arn}`: {e}"))
}

/// `--since`: an RFC 3339 time, or a day (from its start, UTC).
fn since(text: &str) -> Result<SystemTime, String> {
    let full = match text.len() {
        10 => format!("{text}T00:00:00Z"),
        _ => text.to_owned(),
    };
    let parsed = workflow_asl::timestamp::parse_rfc3339(&full).ok_or_else(|| {
        format!("`--since {text}` is not a time: give RFC 3339 (`2025-06-01T12:00:00Z`) or a day (`2025-06-01`)")
    })?;
    let nanos = parsed.unix_nanos;
    let offset = Duration::from_nanos(u64::try_from(nanos.unsigned_abs()).unwrap_or(u64::MAX));
    let time = if nanos >= 0 {
        SystemTime::UNIX_EPOCH.checked_add(offset)
    } else {
        SystemTime::UNIX_EPOCH.checked_sub(offset)
    };
    time.ok_or_else(|| format!("`--since {text}` is out of range"))
}

/// Prints one line per execution and the summary; with `json`, the whole report.
fn print(replays: &Replays, json: bool, paths_only: bool) -> Result<(), String> {
    if json {
        let mut report = replays.to_json();
        if let Some(map) = report.as_object_mut() {
            map.insert("pathsOnly".into(), paths_only.into());
        }
        let text = serde_json::to_string(&report).map_err(|e| e.to_string())?;
        crate::cli::out::line(text);
        return Ok(());
    }
    for execution in &replays.executions {
        let first = execution.outcome.as_ref().ok().and_then(|r| r.divergence());
        let line = match (paths_only, verdict(execution, true), first) {
            (true, Verdict::Identical, Some(d)) => format!(
                "same path {}: the data differs at {}",
                execution.name,
                d.place()
            ),
            _ => execution.to_string(),
        };
        crate::cli::out::line(line);
    }
    crate::cli::out::line(summary(replays, paths_only));
    Ok(())
}

/// The summary line, counting by [`verdict`].
fn summary(replays: &Replays, paths_only: bool) -> String {
    let count = |wanted: Verdict| {
        replays
            .executions
            .iter()
            .filter(|e| verdict(e, paths_only) == wanted)
            .count()
    };
    let (identical, diverged, failed) = (
        count(Verdict::Identical),
        count(Verdict::Diverged),
        count(Verdict::CouldNotReplay),
    );
    let total = replays.executions.len();
    format!(
        "{total} execution{}: {identical} {} {}, {diverged} diverge{}, {failed} could not be replayed",
        if total == 1 { "" } else { "s" },
        if identical == 1 { "replays" } else { "replay" },
        if paths_only {
            "their recorded path"
        } else {
            "identically"
        },
        if diverged == 1 { "s" } else { "" },
    )
}

/// Writes the JUnit report: one suite (`suite`: the state machine or the directory), one test
/// case per execution (classname: the definition), a failure for one that diverges (its
/// message where, its text the whole difference), an error for one that could not be
/// replayed.
pub(crate) fn write_junit(
    path: &Path,
    suite_name: &str,
    definition: &str,
    replays: &Replays,
    paths_only: bool,
) -> Result<(), String> {
    let mut suite = TestSuite::new(suite_name);
    for execution in &replays.executions {
        let status = match (verdict(execution, paths_only), &execution.outcome) {
            (Verdict::Identical, _) => TestCaseStatus::success(),
            (_, Ok(replayed)) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let lines = verdict_lines(replayed);
                status
                    .set_type(match replayed.takes_recorded_path() {
                        true => "DataDiffers",
                        false => "PathDiverges",
                    })
                    .set_message(
                        lines
                            .first()
                            .cloned()
                            .unwrap_or_default()
                            .lines()
                            .next()
                            .unwrap_or_default(),
                    )
                    .set_description(lines.join("\n"));
                status
            }
            (_, Err(why)) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                status.set_type("CouldNotReplay").set_message(why.as_str());
                status
            }
        };
        let mut case = TestCase::new(execution.name.as_str(), status);
        case.set_classname(definition);
        // The execution, and what its replay took from the record without checking it.
        let mut out: Vec<String> = execution
            .arn
            .iter()
            .map(|arn| format!("execution {arn}"))
            .collect();
        if let Ok(replayed) = &execution.outcome {
            out.extend(crate::cli::replay::unchecked(replayed));
        }
        if !out.is_empty() {
            case.set_system_out(out.join("\n"));
        }
        suite.add_test_case(case);
    }
    let mut report = Report::new("workflow replay");
    report.add_test_suite(suite);
    let xml = crate::cli::junit::to_xml(&report)?;
    std::fs::write(path, xml).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}
