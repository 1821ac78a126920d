//! A bad deployment's failures resumed in bulk (issue 93, item 3): executions of one state
//! machine on `workflow serve` fail at `Process` (and one at `Prepare`); `workflow resume FIX
//! --executions-of ARN --failed-state Process` says in a dry run what each would do and makes
//! nothing, then resumes every one of them through the synthesised machine (a JUnit report,
//! at most `--concurrency` at once) and leaves the other out; run again, it resumes none (each
//! is resumed already) and calls no Task. How many: `WORKFLOW_BULK_RESUME_N` (default 6; the
//! closing note of issue 93 ran 300). The test prints the dry run, the report and the time
//! (`cargo test -p workflow-cli --test tools bulk_resume -- --nocapture`).

use super::resume_table::{invocations, work};
use super::{ROLE, quick_wait, serving_lambda, workflow};
use crate::cli::{stderr, stdout, write};
use crate::client_moto::{client_for, runtime};
use futures::StreamExt;
use serde_json::{Value, json};
use std::time::Instant;
use workflow_runtime::client::StateMachineSpec;
use workflow_runtime::execution::ExecutionStatus;

const TAG: &str = "bulk";

/// `Prepare` fails on an input whose `early` is true, `Process` on one whose `late` is true,
/// unless fixed.
fn machine(fixed: bool) -> Value {
    let late = match fixed {
        true => json!({"fail": false}),
        false => json!({"fail.$": "$.late"}),
    };
    json!({"StartAt": "Prepare", "States": {
        "Prepare": work(TAG, Some("Process"), json!({"fail.$": "$.early"})),
        "Process": work(TAG, None, late)}})
}

/// The `Work` calls of this test so far.
fn calls(lambda: &str) -> usize {
    invocations(lambda)
        .iter()
        .filter(|(event, _)| event["case"] == TAG)
        .count()
}

#[test]
fn a_state_machines_failed_executions_resume_in_bulk_once_with_a_dry_run_and_a_report() {
    let count: usize = std::env::var("WORKFLOW_BULK_RESUME_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6);
    let (lambda, server) = serving_lambda();
    let endpoint = server.endpoint_url();
    let (lambda, endpoint) = (lambda.1.as_str(), endpoint.as_str());
    let dir = tempfile::tempdir().expect("a directory");
    let machine_arn = runtime().block_on(async {
        let client = client_for(endpoint).await;
        let spec = StateMachineSpec::new(
            "Bulk",
            machine(false).to_string(),
            ROLE.parse().expect("a role"),
        );
        let machine = client
            .deploy_spec(&spec)
            .await
            .expect("deploy")
            .state_machine;
        // `count` fail at `Process`, one at `Prepare`.
        let inputs = (0..count)
            .map(|n| json!({"n": n, "early": false, "late": true}))
            .chain([json!({"n": count, "early": true, "late": false})]);
        let ended: Vec<ExecutionStatus> = futures::stream::iter(inputs)
            .map(|input| {
                let machine = &machine;
                async move {
                    let execution = machine.execute_any(&input).send().await.expect("start");
                    execution.wait(quick_wait()).await.expect("it ends").status
                }
            })
            .buffer_unordered(16)
            .collect()
            .await;
        assert!(
            ended.iter().all(|s| *s == ExecutionStatus::Failed),
            "{ended:?}"
        );
        machine.arn().to_string()
    });
    let fixed = write(dir.path(), "bulk.asl.json", &machine(true).to_string());
    let fixed = fixed.to_str().unwrap_or_default();
    let junit = dir.path().join("resumes.xml");
    let junit = junit.to_str().unwrap_or_default();
    let bulk = |extra: &[&str]| {
        let mut args = vec![
            "resume",
            fixed,
            "--executions-of",
            &machine_arn,
            "--failed-state",
            "Process",
            "--concurrency",
            "8",
        ];
        args.extend(extra);
        let started = Instant::now();
        let out = workflow(endpoint, &args);
        (out, started.elapsed())
    };
    let resumes = || {
        runtime().block_on(async {
            let client = client_for(endpoint).await;
            let machines = client.list_state_machines().await.expect("listed");
            machines
                .iter()
                .filter(|m| m.name.starts_with("Bulk-resume-"))
                .count()
        })
    };
    // The dry run says what each would do, and makes nothing.
    let before = calls(lambda);
    let (dry, _) = bulk(&["--dry-run"]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    let said = stdout(&dry);
    assert_eq!(
        said.lines()
            .filter(|l| l.starts_with("would resume "))
            .count(),
        count,
        "{said}"
    );
    assert!(said.contains("at state `Process` (input"), "{said}");
    assert_eq!(resumes(), 0, "a dry run deploys nothing");
    println!(
        "dry run:\n{}",
        said.lines()
            .take(3)
            .chain(said.lines().rev().take(1))
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The resume: every execution that failed in `Process`, and only those.
    let (done, took) = bulk(&["--junit", junit]);
    let report = stdout(&done);
    assert_eq!(done.status.code(), Some(0), "{report}{}", stderr(&done));
    assert_eq!(
        report
            .lines()
            .filter(|l| l.starts_with("resumed: SUCCEEDED"))
            .count(),
        count,
        "{report}"
    );
    assert_eq!(resumes(), count);
    // Each ran `Process` again, never `Prepare`, which succeeded in the record.
    assert_eq!(calls(lambda) - before, count);
    let xml = std::fs::read_to_string(junit).expect("the JUnit report");
    assert_eq!(xml.matches("<testcase ").count(), count, "{xml}");
    assert!(
        !xml.contains("<failure") && !xml.contains("<error"),
        "{xml}"
    );
    println!(
        "bulk resume of {count} executions in {:.1} s:\n{}",
        took.as_secs_f64(),
        report.lines().rev().take(1).collect::<Vec<_>>().join("\n")
    );
    println!(
        "{}",
        report
            .lines()
            .filter(|l| l.starts_with('|'))
            .take(5)
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Again: nothing is resumed twice.
    let (again, _) = bulk(&[]);
    let said = stdout(&again);
    assert_eq!(again.status.code(), Some(0), "{said}{}", stderr(&again));
    assert_eq!(
        said.lines()
            .filter(|l| l.starts_with("already resumed"))
            .count(),
        count,
        "{said}"
    );
    assert_eq!(calls(lambda) - before, count, "no Task ran again");
    assert_eq!(resumes(), count);
    println!("again: {}", said.lines().last().unwrap_or_default());
}
