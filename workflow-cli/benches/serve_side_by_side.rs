//! Benchmark: the server's own CPU per execution, `workflow serve` beside the other local Step
//! Functions endpoints (ministack, moto, LocalStack natively), each a process of its own on
//! one machine, driven by one Rust client that is not the limit (hyper, `CLIENTS` connections
//! at once): `EXECUTIONS` STANDARD executions of Pass → Choice → Pass → Succeed, each started
//! and described every `POLL_MS` until it ends, after a warm-up of `WARM_UP`. The server's CPU is
//! read from `/proc` (user and system time of its process and every process it started) before
//! and after; the client's is not counted.
//!
//! Run: `bash scripts/setup.sh && bash tools/endpoints/setup.sh && cargo bench -p workflow-cli
//! --bench serve_side_by_side [-- EXECUTIONS [POLL_MS]]` (500 and 2 ms by default). An endpoint that is not installed is named
//! with the command that installs it, and the benchmark exits non-zero: the comparison is the
//! point.

#[path = "support/endpoints.rs"]
mod endpoints;
#[path = "support/json_connection.rs"]
mod json_connection;
#[path = "../../workflow-runtime/benches/support/proc_status.rs"]
mod proc_status;

use endpoints::Endpoint;
use json_connection::Connection;
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};

const CLIENTS: usize = 8;
const WARM_UP: usize = 50;

/// Pass → Choice → Pass → Succeed.
fn definition() -> String {
    json!({
        "StartAt": "Prepare",
        "States": {
            "Prepare": {"Type": "Pass", "Parameters": {"n.$": "$.n", "kind": "even"}, "Next": "Route"},
            "Route": {"Type": "Choice", "Choices": [
                {"Variable": "$.n", "NumericGreaterThanEquals": 0, "Next": "Tag"}
            ], "Default": "Done"},
            "Tag": {"Type": "Pass", "Result": "tagged", "ResultPath": "$.tag", "Next": "Done"},
            "Done": {"Type": "Succeed"}
        }
    })
    .to_string()
}

/// What one run of the load saw.
#[derive(Default)]
struct Load {
    executions: usize,
    succeeded: usize,
    describes: usize,
    errors: usize,
}

/// `count` executions of `machine` on `url`, `CLIENTS` at once.
async fn load(url: &str, machine: &str, count: usize, poll: Duration) -> Load {
    load_from(url, machine, count, 0, poll).await
}

/// `count` executions of `machine` on `url`, `CLIENTS` at once, numbered from `first`.
async fn load_from(url: &str, machine: &str, count: usize, first: usize, poll: Duration) -> Load {
    let address = url.trim_start_matches("http://").to_owned();
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let (address, machine) = (address.clone(), machine.to_owned());
        let share = count / CLIENTS + usize::from(client < count % CLIENTS);
        tasks.push(tokio::spawn(async move {
            let mut connection = Connection::open(&address).await;
            let mut seen = Load::default();
            for i in 0..share {
                let n = first + client * 1_000_000 + i;
                let (status, started) = connection
                    .call(
                        "StartExecution",
                        // Named: moto names an execution without a name `None`, and refuses
                        // the second.
                        &json!({"stateMachineArn": machine, "name": format!("e-{n}"),
                                "input": json!({"n": n}).to_string()}),
                    )
                    .await;
                seen.executions += 1;
                let Some(arn) = started["executionArn"].as_str().filter(|_| status == 200) else {
                    seen.errors += 1;
                    continue;
                };
                let arn = arn.to_owned();
                let described = loop {
                    let (status, described) = connection
                        .call("DescribeExecution", &json!({"executionArn": arn}))
                        .await;
                    seen.describes += 1;
                    if status != 200 || described["status"] != "RUNNING" {
                        break described;
                    }
                    tokio::time::sleep(poll).await;
                };
                let output: Value = described["output"]
                    .as_str()
                    .and_then(|o| serde_json::from_str(o).ok())
                    .unwrap_or(Value::Null);
                if described["status"] == "SUCCEEDED"
                    && output == json!({"n": n, "kind": "even", "tag": "tagged"})
                {
                    seen.succeeded += 1;
                }
            }
            seen
        }));
    }
    let mut total = Load::default();
    for task in tasks {
        let seen = task.await.expect("a client task");
        total.executions += seen.executions;
        total.succeeded += seen.succeeded;
        total.describes += seen.describes;
        total.errors += seen.errors;
    }
    total
}

/// One endpoint measured: its row of the table, and its CPU milliseconds per execution (`None`
/// when not every execution succeeded with its output: no figure to compare).
fn measure(
    runtime: &tokio::runtime::Runtime,
    endpoint: &Endpoint,
    executions: usize,
    poll: Duration,
) -> Option<f64> {
    let (row, per) = runtime.block_on(async {
        let mut connection = Connection::open(endpoint.url.trim_start_matches("http://")).await;
        let (status, created) = connection
            .call(
                "CreateStateMachine",
                &json!({"name": "side-by-side", "definition": definition(),
                        "roleArn": "arn:aws:iam::123456789012:role/bench"}),
            )
            .await;
        let machine = created["stateMachineArn"].as_str().unwrap_or_default();
        assert_eq!(
            status, 200,
            "{}: CreateStateMachine: {created}",
            endpoint.name
        );
        let warm = load(&endpoint.url, machine, WARM_UP, poll).await;
        let cpu_before = endpoint.cpu_s();
        let began = Instant::now();
        // The measured executions' numbers follow the warm-up's (names are not used twice).
        let seen = load_from(&endpoint.url, machine, executions, warm.executions, poll).await;
        let wall = began.elapsed().as_secs_f64();
        let cpu = endpoint.cpu_s() - cpu_before;
        let per = cpu * 1000.0 / executions as f64;
        let calls = (seen.executions + seen.describes).max(1) as f64;
        let row = format!(
            "| {} | {per:.3} ms | {:.3} ms | {:.0}/s | {:.1} | {}/{} | {} | {:.2} s | {:.0} MiB |",
            endpoint.name,
            cpu * 1000.0 / calls,
            executions as f64 / wall,
            seen.describes as f64 / seen.executions.max(1) as f64,
            seen.succeeded,
            seen.executions,
            seen.errors,
            endpoint.start_s,
            endpoint.rss_mib(),
        );
        let complete = seen.succeeded == executions;
        (row, complete.then_some(per))
    });
    println!("{row}");
    per
}

fn main() {
    // `[EXECUTIONS [POLL_MS]]` (cargo bench adds `--bench`, which is no number).
    let numbers: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let executions = numbers
        .first()
        .map_or(500, |&n| usize::try_from(n).unwrap_or(500));
    let poll = Duration::from_millis(numbers.get(1).copied().unwrap_or(2));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let scratch = std::env::temp_dir().join(format!("serve-side-by-side-{}", std::process::id()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let names = ["workflow serve", "ministack", "moto", "LocalStack"];
    let start = |name: &str| match name {
        "workflow serve" => endpoints::workflow_serve(Path::new(env!("CARGO_BIN_EXE_workflow"))),
        "ministack" => endpoints::ministack(&root),
        "moto" => endpoints::moto(&root),
        _ => endpoints::localstack(&root, &scratch),
    };
    println!(
        "## Server CPU per execution: {executions} STANDARD executions of Pass → Choice → Pass → \
         Succeed, {CLIENTS} clients at once, each execution described every {poll:?} until it ends\n"
    );
    println!(
        "| endpoint | server CPU per execution | per call | executions/s | DescribeExecution per execution | succeeded with their output | errors | start | memory after |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut figures = Vec::new();
    let mut missing = Vec::new();
    for name in names {
        match start(name) {
            Ok(endpoint) => {
                if let Some(per) = measure(&runtime, &endpoint, executions, poll) {
                    figures.push((name, per));
                }
            }
            Err(why) => missing.push(why),
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let ours = figures.iter().find(|(name, _)| *name == "workflow serve");
    let leanest = figures
        .iter()
        .filter(|(name, _)| *name != "workflow serve")
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let (Some(&(_, ours)), Some(&(leanest, theirs))) = (ours, leanest) {
        println!(
            "\nworkflow serve uses {:.1}× less CPU per execution than the leanest of the others ({leanest})",
            theirs / ours
        );
    }
    if !missing.is_empty() {
        for why in &missing {
            eprintln!("{why}");
        }
        std::process::exit(1);
    }
}
