//! Benchmark: the cost of a Task sent to a service at an AWS endpoint (`Engine::aws_endpoints`,
//! moto's server on loopback) against the same Task answered by a mocked response, side by
//! side in one run: a loop of DynamoDB `GetItem`s (the optimized integration and the AWS SDK
//! one), each iteration a Task, a Pass and a Choice, timed per Task call; the mocked loop is
//! the same definition with a Step Functions Local mock configuration answering the Task; and,
//! as the yardstick of what moto itself takes, the same `GetItem` made by boto3 (moto's venv)
//! in a plain loop.
//!
//! Run: `bash scripts/moto.sh install && cargo bench -p workflow-runtime --bench
//! task_via_endpoint --features aws-endpoint`. Without moto installed the benchmark says so and
//! exits non-zero.

#[path = "support/moto_server.rs"]
mod moto_server;

use moto_server::start_moto;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use workflow_runtime::asl::StateMachine;
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{AwsEndpoints, Engine, MockConfig};
use workflow_runtime::execution::ExecutionStatus;

/// Calls per loop.
const CALLS: u64 = 300;

fn looping(resource: &str) -> StateMachine {
    StateMachine::from_json(
        &json!({"StartAt": "Get", "States": {
            "Get": {"Type": "Task", "Resource": resource,
                "Parameters": {"TableName": "bench", "Key": {"id": {"S": "k"}}},
                "ResultSelector": {"v.$": "$.Item.v.S"}, "ResultPath": "$.got", "Next": "Count"},
            "Count": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)", "limit.$": "$.limit"}, "Next": "More?"},
            "More?": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": CALLS, "Next": "Get"}], "Default": "Done"},
            "Done": {"Type": "Succeed"}}})
        .to_string(),
    )
    .expect("the loop decodes")
}

fn timed(engine: &Engine, machine: &StateMachine) -> Duration {
    let started = Instant::now();
    let run = blocking::run(
        engine
            .machine(machine)
            .input(json!({"n": 0, "limit": CALLS})),
    )
    .expect("the loop runs");
    let elapsed = started.elapsed();
    assert_eq!(
        run.status,
        ExecutionStatus::Succeeded,
        "{:?} {:?}",
        run.error,
        run.cause
    );
    elapsed
}

fn setup(endpoint: &str) {
    let engine = Engine::new().aws_endpoints(
        AwsEndpoints::new()
            .with(endpoint)
            .expect("moto's URL")
            .credentials("bench", "bench"),
    );
    let machine = StateMachine::from_json(
        &json!({"StartAt": "Table", "States": {
            "Table": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:createTable",
                "Parameters": {"TableName": "bench", "BillingMode": "PAY_PER_REQUEST",
                    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}, "Next": "Item"},
            "Item": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                "Parameters": {"TableName": "bench", "Item": {"id": {"S": "k"}, "v": {"S": "value"}}}, "End": true}}})
        .to_string(),
    )
    .expect("the set-up decodes");
    let run = blocking::run(engine.machine(&machine).input(json!({}))).expect("set-up");
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
}

fn mocked() -> Engine {
    let answer: Value = json!({"Item": {"id": {"S": "k"}, "v": {"S": "value"}}});
    let mut responses = serde_json::Map::new();
    for i in 0..CALLS {
        responses.insert(i.to_string(), json!({"Return": answer}));
    }
    let config = MockConfig::from_json(
        &json!({"StateMachines": {"bench": {"TestCases": {"loop": {"Get": "Item"}}}},
            "MockedResponses": {"Item": responses}})
        .to_string(),
    )
    .expect("the mock configuration");
    Engine::new()
        .mocks(&config, "bench", "loop")
        .expect("the test case")
}

/// The seconds boto3 takes for `CALLS` `GetItem`s at `endpoint` (moto's own time, and
/// botocore's).
fn boto3_seconds(root: &Path, endpoint: &str) -> f64 {
    let script = format!(
        "import boto3, time\n\
         c = boto3.client('dynamodb', endpoint_url='{endpoint}', region_name='us-east-1', aws_access_key_id='b', aws_secret_access_key='b')\n\
         c.get_item(TableName='bench', Key={{'id': {{'S': 'k'}}}})\n\
         best = None\n\
         for _ in range(3):\n    t = time.perf_counter()\n    [c.get_item(TableName='bench', Key={{'id': {{'S': 'k'}}}}) for _ in range({CALLS})]\n    e = time.perf_counter() - t\n    best = e if best is None else min(best, e)\n\
         print(best)\n"
    );
    let out = Command::new(root.join("target/moto-venv/bin/python"))
        .args(["-c", &script])
        .output()
        .expect("python runs");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("boto3: {}", String::from_utf8_lossy(&out.stderr)))
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let Some((_moto, endpoint)) = start_moto(&root) else {
        eprintln!("moto is not installed: run `bash scripts/setup.sh` first");
        std::process::exit(1);
    };
    setup(&endpoint);
    let remote = Engine::new().aws_endpoints(
        AwsEndpoints::new()
            .with(&endpoint)
            .expect("moto's URL")
            .credentials("bench", "bench"),
    );
    println!("## A Task through an AWS endpoint (moto 5.2.5 on loopback) against a mocked one\n");
    println!(
        "{CALLS} GetItem calls per run, each with a Pass and a Choice; best of 3, interleaved.\n"
    );
    println!("| Task answered by | resource | time | per call |");
    println!("|---|---|---|---|");
    for resource in [
        "arn:aws:states:::dynamodb:getItem",
        "arn:aws:states:::aws-sdk:dynamodb:getItem",
    ] {
        let machine = looping(resource);
        let mocks = mocked();
        // A warm-up of each (moto's first answers, the codec's first decoding of DynamoDB).
        timed(&remote, &machine);
        timed(&mocks, &machine);
        let (mut through, mut mocked_best) = (Duration::MAX, Duration::MAX);
        for _ in 0..3 {
            through = through.min(timed(&remote, &machine));
            mocked_best = mocked_best.min(timed(&mocks, &machine));
        }
        for (label, elapsed) in [
            ("moto, through the endpoint", through),
            ("a mocked response", mocked_best),
        ] {
            println!(
                "| {label} | `{}` | {elapsed:.2?} | {:.1} µs |",
                resource.trim_start_matches("arn:aws:states:::"),
                elapsed.as_secs_f64() * 1e6 / CALLS as f64
            );
        }
        println!(
            "\n`{}`: a call through the endpoint costs {:.2} ms more than a mocked one\n",
            resource.trim_start_matches("arn:aws:states:::"),
            (through.as_secs_f64() - mocked_best.as_secs_f64()) * 1e3 / CALLS as f64
        );
    }
    let boto3 = boto3_seconds(&root, &endpoint);
    println!(
        "yardstick: boto3 makes the same GetItem against the same moto in {:.2} ms a call (best of 3 loops of {CALLS})",
        boto3 * 1e3 / CALLS as f64
    );
}
