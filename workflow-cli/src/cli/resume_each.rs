//! `workflow resume FIX --executions-of STATE_MACHINE_ARN [--status S]... [--since DATE]
//! [--until DATE] [--failed-state STATE] [--max N] [--concurrency N] [--dry-run] [--junit
//! FILE]`: every execution of a state machine that the filters select (FAILED, TIMED_OUT and
//! ABORTED ones by default; `ListExecutions`, newest first) resumed on the fix as `workflow
//! resume --deploy` resumes one, each at its own failure or at the visit `--from-state`
//! names, with what `--input` and `--variables` replace there. At most `--concurrency` are
//! read, planned and resumed at once; none stops the others. An execution that a resume's
//! machine names already (its `workflow:resume-of` tag: `Client::resumed_executions`) is not
//! resumed again, so a second run resumes none of those the first did; and the same resume
//! deploys the same machine and starts the same execution (`Client::resume`), so one cut
//! short is taken up where it stopped. `--dry-run` says what each would do (where it resumes,
//! the machine and execution it would make) and deploys nothing. Printed: a line per
//! execution, then a table and the summary (`--json`: one object); `--junit FILE` writes one
//! test case per execution. Exit 0 when every selected execution is resumed (and, waited for,
//! succeeded) or was resumed before, 1 otherwise, 2 when the executions cannot be listed.

use crate::cli::resume::{ResumeArgs, VisitArgs, record_role, refused, resume_engine};
use crate::cli::{EXIT_INVALID, EXIT_OK, Failure};
use crate::source::Definition;
use futures::StreamExt;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::{Instant, SystemTime};
use workflow_runtime::asl::StateMachine;
use workflow_runtime::aws_models::{RoleArn, StatesArn};
use workflow_runtime::client::{Client, ExecutionSummary, ResumeOptions, WaitOptions};
use workflow_runtime::execution::{ExecutionStatus, RecordedHistory, failed_state};
use workflow_runtime::resume::ResumeMachine;

/// What became of one selected execution.
#[derive(Debug)]
enum Outcome {
    /// A resume's machine names it already: those machines.
    AlreadyResumed(Vec<StatesArn>),
    /// `--dry-run`: where it would resume, and the execution it would start.
    WouldResume { at: String, execution: StatesArn },
    /// Resumed: where, the new execution, and how it ended (when waited for).
    Resumed {
        at: String,
        execution: StatesArn,
        status: Option<ExecutionStatus>,
    },
    /// Not resumed: its record could not be read, the engine or the synthesis refused it, or
    /// the deployment failed.
    Refused(String),
}

/// One selected execution and its outcome.
struct Row {
    execution: ExecutionSummary,
    failed_in: Option<String>,
    outcome: Outcome,
}

impl Row {
    /// Whether it counts as done: resumed (and succeeded, when waited for), resumed before,
    /// or, in a dry run, resumable.
    fn ok(&self) -> bool {
        match &self.outcome {
            Outcome::AlreadyResumed(_) | Outcome::WouldResume { .. } => true,
            Outcome::Resumed { status, .. } => status
                .as_ref()
                .is_none_or(|s| *s == ExecutionStatus::Succeeded),
            Outcome::Refused(_) => false,
        }
    }

    /// The outcome in a few words.
    fn verdict(&self) -> String {
        match &self.outcome {
            Outcome::AlreadyResumed(machines) => format!(
                "already resumed ({})",
                machines
                    .iter()
                    .filter_map(|m| m.machine().map(ToString::to_string))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Outcome::WouldResume { .. } => "would resume".into(),
            Outcome::Resumed { status: None, .. } => "resumed (started)".into(),
            Outcome::Resumed {
                status: Some(status),
                ..
            } => format!("resumed: {status}"),
            Outcome::Refused(_) => "refused".into(),
        }
    }
}

/// Runs the many-executions form of `workflow resume`.
pub(super) async fn run(
    args: &ResumeArgs,
    definition: &Definition,
    machine: &StateMachine,
    visit: &VisitArgs,
) -> Result<u8, Failure> {
    let usage = |e: String| Failure::usage("resume", e);
    let started = Instant::now();
    let of = args.executions_of.as_deref().unwrap_or_default();
    let machine_arn: StatesArn = of.parse().map_err(|e| {
        usage(format!(
            "`--executions-of {of}` is not a state machine's ARN: {e}"
        ))
    })?;
    let role = args
        .role_arn
        .as_deref()
        .map(|r| {
            r.parse::<RoleArn>()
                .map_err(|e| usage(format!("`--role-arn`: {e}")))
        })
        .transpose()?;
    let client = crate::cli::record::client().await;
    let selected = select(&client, &machine_arn, args).await.map_err(usage)?;
    let resumed_before = client.resumed_executions(&machine_arn).await.map_err(|e| {
        usage(format!(
            "cannot list the resumes of `{of}`'s executions: {e}"
        ))
    })?;
    let options = ResumeOptions {
        role_arn: role,
        link_input: args.link_input,
    };
    let each = Each {
        args,
        definition,
        machine,
        visit,
        client: &client,
        options: &options,
        resumed_before: &resumed_before,
    };
    let rows: Vec<Option<Row>> = futures::stream::iter(selected)
        .map(|execution| each.one(execution))
        .buffered(args.concurrency.max(1))
        .collect()
        .await;
    let listed = rows.len();
    let rows: Vec<Row> = rows.into_iter().flatten().collect();
    let elapsed = started.elapsed();
    if args.json {
        crate::cli::out::line(report_json(&rows, elapsed.as_secs_f64()).to_string());
    } else {
        for row in &rows {
            crate::cli::out::line(line(row));
        }
        crate::cli::out::text(table(&rows));
        crate::cli::out::line(summary(&rows, listed, args, elapsed.as_secs_f64()));
    }
    if let Some(path) = &args.junit {
        write_junit(path, of, &definition.shown, &rows).map_err(usage)?;
    }
    Ok(match rows.iter().all(Row::ok) {
        true => EXIT_OK,
        false => EXIT_INVALID,
    })
}

/// What every execution's resume shares.
struct Each<'a> {
    args: &'a ResumeArgs,
    definition: &'a Definition,
    machine: &'a StateMachine,
    visit: &'a VisitArgs,
    client: &'a Client,
    options: &'a ResumeOptions,
    resumed_before: &'a HashMap<StatesArn, Vec<StatesArn>>,
}

impl Each<'_> {
    /// The resume of `execution` (its dry run), or `None` where `--failed-state` drops it.
    async fn one(&self, execution: ExecutionSummary) -> Option<Row> {
        let row = |failed_in: Option<String>, outcome: Outcome| Row {
            execution: execution.clone(),
            failed_in,
            outcome,
        };
        if let Some(machines) = self.resumed_before.get(&execution.arn)
            && self.args.failed_state.is_none()
        {
            return Some(row(None, Outcome::AlreadyResumed(machines.clone())));
        }
        let record = match self.client.execution(execution.arn.clone()).record().await {
            Ok(record) => record,
            Err(e) => {
                return Some(row(
                    None,
                    Outcome::Refused(format!("its record could not be read: {e}")),
                ));
            }
        };
        let failed_in = failed_in(&record);
        if let Some(wanted) = &self.args.failed_state
            && !failed_in.iter().any(|s| s == wanted)
        {
            return None;
        }
        let failed_in = failed_in.into_iter().next();
        if let Some(machines) = self.resumed_before.get(&execution.arn) {
            return Some(row(failed_in, Outcome::AlreadyResumed(machines.clone())));
        }
        let outcome = self.resume(&execution.arn, record).await;
        Some(row(failed_in, outcome))
    }

    /// Plans, synthesises and (unless a dry run) deploys and starts the resume of `arn`.
    async fn resume(&self, arn: &StatesArn, record: RecordedHistory) -> Outcome {
        let record = match self.client.deployed_children(record).await {
            Ok(record) => record,
            Err(e) => return Outcome::Refused(e.to_string()),
        };
        let record = match crate::cli::replay::with_definitions(record, &self.args.definition_of) {
            Ok(record) => record,
            Err(e) => return Outcome::Refused(e),
        };
        let engine = match resume_engine(self.args, self.definition, Some(arn)) {
            Ok(engine) => engine,
            Err(e) => return Outcome::Refused(e.message),
        };
        let record_role = record_role(&record);
        let planned = self
            .visit
            .apply(engine.machine(self.machine).resume_failed(record).plan())
            .run()
            .await;
        let point = match planned {
            Ok(point) => point,
            Err(e) => return Outcome::Refused(refused(e, self.definition).message),
        };
        let at = point.to_string();
        if self.args.dry_run {
            return match ResumeMachine::synthesise(
                arn,
                &self.definition.text,
                &point,
                self.options.link_input,
            ) {
                Ok(resume) => {
                    let machine =
                        arn.sibling(workflow_runtime::aws_models::StatesResource::state_machine(
                            workflow_runtime::aws_models::MachineName::new(
                                resume.machine_name.as_str(),
                            ),
                        ));
                    Outcome::WouldResume {
                        at,
                        execution: resume.execution_arn(&machine),
                    }
                }
                Err(e) => Outcome::Refused(e.to_string()),
            };
        }
        let deployed = match self
            .client
            .resume(
                arn,
                &self.definition.text,
                &point,
                record_role.as_ref(),
                self.options,
            )
            .await
        {
            Ok(deployed) => deployed,
            Err(e) => return Outcome::Refused(e.to_string()),
        };
        let status = match self.args.no_wait {
            true => None,
            false => match deployed.execution.wait(WaitOptions::default()).await {
                Ok(ended) => Some(ended.status),
                Err(e) => {
                    return Outcome::Refused(format!(
                        "resumed as `{}`, but: {e}",
                        deployed.execution.arn()
                    ));
                }
            },
        };
        Outcome::Resumed {
            at,
            execution: deployed.execution.arn().clone(),
            status,
        }
    }
}

/// The states the execution whose record is `record` failed, timed out or was stopped in:
/// its own history's (the innermost), then its Distributed Maps' children's that did.
fn failed_in(record: &RecordedHistory) -> Vec<String> {
    let mut found: Vec<String> = failed_state(record.events())
        .map(str::to_owned)
        .into_iter()
        .collect();
    let mut children: Vec<String> = record
        .children()
        .values()
        .filter_map(|events| failed_state(events).map(str::to_owned))
        .collect();
    children.sort();
    children.dedup();
    children.retain(|c| !found.contains(c));
    found.extend(children);
    found
}

/// The executions of `machine` that `args` select, newest first: of the statuses asked
/// (FAILED, TIMED_OUT and ABORTED by default), started in the window, at most `--max`.
async fn select(
    client: &Client,
    machine: &StatesArn,
    args: &ResumeArgs,
) -> Result<Vec<ExecutionSummary>, String> {
    let since = args
        .since
        .as_deref()
        .map(crate::cli::replay_each::since)
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|t| crate::cli::replay_each::since(t).map_err(|e| e.replace("--since", "--until")))
        .transpose()?;
    let statuses: Vec<ExecutionStatus> = match args.status.is_empty() {
        true => vec![
            ExecutionStatus::Failed,
            ExecutionStatus::TimedOut,
            ExecutionStatus::Aborted,
        ],
        false => args
            .status
            .iter()
            .map(|s| ExecutionStatus::parse(s))
            .collect(),
    };
    let reference = client.state_machine(machine.clone());
    let mut selected = Vec::new();
    for status in statuses {
        let mut listing = reference.list_executions().status(status);
        if let Some(since) = since {
            listing = listing.started_since(since);
        }
        let listed = listing
            .send()
            .await
            .map_err(|e| format!("cannot list the executions of `{machine}`: {e}"))?;
        selected.extend(listed);
    }
    let before = |e: &ExecutionSummary| match (until, e.start_date) {
        (Some(until), Some(start)) => start < until,
        _ => true,
    };
    selected.retain(before);
    selected.sort_by(|a, b| {
        b.start_date
            .unwrap_or(SystemTime::UNIX_EPOCH)
            .cmp(&a.start_date.unwrap_or(SystemTime::UNIX_EPOCH))
            .then_with(|| a.name.cmp(&b.name))
    });
    if let Some(max) = args.max {
        selected.truncate(max);
    }
    Ok(selected)
}

/// One execution's line: `resumed: SUCCEEDED Orders-17 at state `Load` (…) → ARN`.
fn line(row: &Row) -> String {
    let name = &row.execution.name;
    match &row.outcome {
        Outcome::AlreadyResumed(_) => format!("{}: {name}", row.verdict()),
        Outcome::WouldResume { at, execution } => {
            format!("would resume {name} at {at}, as {execution}")
        }
        Outcome::Resumed { at, execution, .. } => {
            format!("{}: {name} at {at}, as {execution}", row.verdict())
        }
        Outcome::Refused(why) => format!("refused: {name}: {why}"),
    }
}

/// The report as a Markdown table: execution, its status, where it failed, the outcome,
/// the new execution.
fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| execution | status | failed in | outcome | resumed as |\n|---|---|---|---|---|\n",
    );
    for row in rows {
        let resumed = match &row.outcome {
            Outcome::WouldResume { execution, .. } | Outcome::Resumed { execution, .. } => {
                execution.execution_name().unwrap_or_default().to_owned()
            }
            _ => String::new(),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            row.execution.name,
            row.execution.status,
            row.failed_in.as_deref().unwrap_or("?"),
            row.verdict().replace('|', "\\|"),
            resumed
        ));
    }
    out
}

/// The summary line.
fn summary(rows: &[Row], listed: usize, args: &ResumeArgs, seconds: f64) -> String {
    let count = |f: fn(&Outcome) -> bool| rows.iter().filter(|r| f(&r.outcome)).count();
    let succeeded = rows
        .iter()
        .filter(|r| {
            matches!(
                &r.outcome,
                Outcome::Resumed {
                    status: Some(ExecutionStatus::Succeeded),
                    ..
                }
            )
        })
        .count();
    let mut text = format!(
        "{} execution{} selected",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    if let Some(state) = &args.failed_state {
        text.push_str(&format!(
            " (of {listed} listed, those that failed in `{state}`)"
        ));
    }
    match args.dry_run {
        true => text.push_str(&format!(
            ": {} would be resumed",
            count(|o| matches!(o, Outcome::WouldResume { .. }))
        )),
        false => text.push_str(&format!(
            ": {} resumed ({succeeded} succeeded)",
            count(|o| matches!(o, Outcome::Resumed { .. }))
        )),
    }
    text.push_str(&format!(
        ", {} resumed before, {} refused, in {seconds:.1} s",
        count(|o| matches!(o, Outcome::AlreadyResumed(_))),
        count(|o| matches!(o, Outcome::Refused(_))),
    ));
    text
}

/// `{"executions": [{"name", "executionArn", "status", "failedIn", "outcome", "resumedAt",
/// "resumedAs", "resumeStatus", "why", "resumedBy"}], "seconds"}`.
fn report_json(rows: &[Row], seconds: f64) -> Value {
    let executions: Vec<Value> = rows
        .iter()
        .map(|row| {
            let mut out = json!({
                "name": row.execution.name,
                "executionArn": row.execution.arn.to_string(),
                "status": row.execution.status.as_str(),
                "failedIn": row.failed_in,
            });
            let (outcome, extra) = match &row.outcome {
                Outcome::AlreadyResumed(machines) => (
                    "alreadyResumed",
                    json!({"resumedBy": machines.iter().map(ToString::to_string).collect::<Vec<_>>()}),
                ),
                Outcome::WouldResume { at, execution } => (
                    "wouldResume",
                    json!({"resumedAt": at, "resumedAs": execution.to_string()}),
                ),
                Outcome::Resumed {
                    at,
                    execution,
                    status,
                } => (
                    "resumed",
                    json!({"resumedAt": at, "resumedAs": execution.to_string(),
                        "resumeStatus": status.as_ref().map(ExecutionStatus::as_str)}),
                ),
                Outcome::Refused(why) => ("refused", json!({"why": why})),
            };
            out["outcome"] = outcome.into();
            if let (Some(map), Value::Object(extra)) = (out.as_object_mut(), extra) {
                map.extend(extra);
            }
            out
        })
        .collect();
    json!({"executions": executions, "seconds": seconds})
}

/// Writes the JUnit report: one suite (the state machine), one test case per execution
/// (classname: the fix), a failure for a resume that did not succeed, an error for one
/// refused.
fn write_junit(
    path: &std::path::Path,
    suite_name: &str,
    definition: &str,
    rows: &[Row],
) -> Result<(), String> {
    let mut suite = TestSuite::new(suite_name);
    for row in rows {
        let status = match (&row.outcome, row.ok()) {
            (Outcome::Refused(why), _) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                status
                    .set_type("ResumeRefused")
                    .set_message(why.lines().next().unwrap_or_default())
                    .set_description(why.as_str());
                status
            }
            (_, true) => TestCaseStatus::success(),
            (_, false) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_type("ResumeFailed").set_message(row.verdict());
                status
            }
        };
        let mut case = TestCase::new(row.execution.name.as_str(), status);
        case.set_classname(definition);
        case.set_system_out(line(row));
        suite.add_test_case(case);
    }
    let mut report = Report::new("workflow resume");
    report.add_test_suite(suite);
    let xml = crate::cli::junit::to_xml(&report)?;
    std::fs::write(path, xml).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}
