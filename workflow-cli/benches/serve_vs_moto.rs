//! Benchmark: `workflow serve` and moto's server on the same boto3 loop (`serve_boto3_loop.py`:
//! create a 10-state machine, start an execution, describe it until done), side by side in one
//! run, with the floor no server can go below (the same loop against an endpoint answering at
//! once with fixed answers); then the same loop without boto3 (the three requests sent by hyper
//! over one connection: the servers' own time); then 1,000 concurrent executions on `workflow serve` (each waits a real second), every
//! one checked finished, succeeded, and listed.
//!
//! Run: `bash scripts/setup.sh && cargo bench -p workflow-cli --bench serve_vs_moto`.
//! Without moto installed the benchmark says so and exits non-zero: the comparison is the point.

#[path = "support/canned_endpoint.rs"]
mod canned_endpoint;
#[path = "support/json_connection.rs"]
mod json_connection;
#[path = "../../workflow-runtime/benches/support/moto_server.rs"]
mod moto_server;
#[path = "support/raw_loop.rs"]
mod raw_loop;

use canned_endpoint::start_canned;
use moto_server::start_moto;
use raw_loop::raw_loop;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use workflow_runtime::client::{Client, StateMachineSpec, WaitOptions};
use workflow_runtime::execution::ExecutionStatus;
use workflow_serve::Server;

const ITERATIONS: u32 = 100;
const CONCURRENT: u32 = 1000;

/// The loop against `endpoint`: (seconds, iterations that succeeded).
fn boto3_loop(root: &Path, endpoint: &str) -> (f64, u64) {
    let out = Command::new(root.join("target/moto-venv/bin/python"))
        .arg(root.join("workflow-cli/benches/serve_boto3_loop.py"))
        .arg(endpoint)
        .arg(ITERATIONS.to_string())
        .output()
        .expect("python runs");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "serve_boto3_loop.py: {e}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        report["seconds"].as_f64().unwrap_or(f64::NAN),
        report["succeeded"].as_u64().unwrap_or(0),
    )
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let Some((_moto, moto_endpoint)) = start_moto(&root) else {
        eprintln!("moto is not installed: run `bash scripts/setup.sh` first");
        std::process::exit(1);
    };
    let server = Server::builder().port(0).start().expect("workflow serve");
    println!(
        "## The same boto3 loop, {ITERATIONS} times: create a 10-state machine, start, describe until done\n"
    );
    println!("| server | time | per iteration | succeeded |");
    println!("|---|---|---|---|");
    let (moto_s, moto_ok) = boto3_loop(&root, &moto_endpoint);
    println!(
        "| moto 5.2.5 (execution mode) | {moto_s:.2} s | {:.1} ms | {moto_ok}/{ITERATIONS} |",
        moto_s * 1000.0 / f64::from(ITERATIONS)
    );
    let (ours_s, ours_ok) = boto3_loop(&root, &server.endpoint_url());
    println!(
        "| workflow serve (real time) | {ours_s:.2} s | {:.1} ms | {ours_ok}/{ITERATIONS} |",
        ours_s * 1000.0 / f64::from(ITERATIONS)
    );
    // The floor: the same loop against an endpoint that answers at once with fixed answers.
    let canned = start_canned().expect("the canned endpoint");
    let (floor_s, floor_ok) = boto3_loop(&root, &canned.endpoint);
    println!(
        "| the floor: an endpoint answering at once with fixed answers (boto3 and loopback only) | {floor_s:.2} s | {:.1} ms | {floor_ok}/{ITERATIONS} |",
        floor_s * 1000.0 / f64::from(ITERATIONS)
    );
    println!(
        "\nworkflow serve: {:.1}× moto on the same loop; the floor is {:.1}× moto, the most any \
         server can reach with this client; workflow serve takes {:.1} ms per iteration above it",
        moto_s / ours_s,
        moto_s / floor_s,
        (ours_s - floor_s) * 1000.0 / f64::from(ITERATIONS)
    );

    println!(
        "\n## The same loop without boto3, {ITERATIONS} times: the three requests sent by hyper over one connection\n"
    );
    println!("| server | time | per iteration | succeeded |");
    println!("|---|---|---|---|");
    let (raw_moto_s, raw_moto_ok) = raw_loop(&moto_endpoint, ITERATIONS);
    println!(
        "| moto 5.2.5 (execution mode) | {raw_moto_s:.2} s | {:.2} ms | {raw_moto_ok}/{ITERATIONS} |",
        raw_moto_s * 1000.0 / f64::from(ITERATIONS)
    );
    let (raw_ours_s, raw_ours_ok) = raw_loop(&server.endpoint_url(), ITERATIONS);
    println!(
        "| workflow serve (real time) | {raw_ours_s:.2} s | {:.2} ms | {raw_ours_ok}/{ITERATIONS} |",
        raw_ours_s * 1000.0 / f64::from(ITERATIONS)
    );
    println!(
        "\nworkflow serve: {:.1}× moto without boto3's own time",
        raw_moto_s / raw_ours_s
    );

    println!(
        "\n## {CONCURRENT} concurrent executions on workflow serve (each waits 1 real second)\n"
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(server.endpoint_url())
            .credentials_provider(aws_sdk_sfn::config::Credentials::new(
                "testing", "testing", None, None, "bench",
            ))
            .load()
            .await;
        let client = Client::new(&config);
        let definition = r#"{"StartAt": "W", "States": {
            "W": {"Type": "Wait", "Seconds": 1, "Next": "P"},
            "P": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "End": true}}}"#;
        let machine = client
            .deploy_spec(&StateMachineSpec::new(
                "Concurrent",
                definition,
                "arn:aws:iam::123456789012:role/bench"
                    .parse()
                    .expect("a role's ARN"),
            ))
            .await
            .expect("deploy")
            .state_machine;
        let started = Instant::now();
        let mut executions = Vec::new();
        for n in 0..CONCURRENT {
            executions.push(machine.execute(&json!({"n": n})).send().await.expect("start"));
        }
        let all_started = started.elapsed();
        let mut succeeded = 0;
        for (n, execution) in executions.iter().enumerate() {
            let done = execution
                .wait(WaitOptions::default().timeout(Duration::from_secs(300)))
                .await
                .expect("wait");
            let output: Value = execution.output().await.unwrap_or(Value::Null);
            if done.status == ExecutionStatus::Succeeded && output == json!({"n": n}) {
                succeeded += 1;
            }
        }
        let all_done = started.elapsed();
        let listed = machine
            .list_executions()
            .send()
            .await
            .expect("list")
            .len();
        println!("| executions | all started after | all finished after | succeeded with their output | listed |");
        println!("|---|---|---|---|---|");
        println!(
            "| {CONCURRENT} | {all_started:.2?} | {all_done:.2?} | {succeeded} | {listed} |"
        );
    });
    server.shut_down();
}
