//! `workflow serve`, the local Step Functions endpoint, with real clients: the project's
//! client (the lifecycle test that also runs on moto), the `workflow` CLI's remote commands,
//! boto3 calling every operation (`serve/boto3_every_operation.py`, from moto's virtualenv:
//! `bash scripts/moto.sh install`, which the test command runs first), and the `workflow
//! serve` process itself: its address line, concurrent executions, and its stop on SIGTERM.

use super::client_moto::moto;
use super::client_moto::{
    cli_deploys_executes_and_draws_the_history, client_for, client_lifecycle, runtime,
};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use workflow_runtime::client::{StateMachineSpec, WaitOptions};
use workflow_runtime::engine::MockConfig;
use workflow_runtime::execution::ExecutionStatus;
use workflow_runtime::serve::{OPERATIONS, Server};

const ROLE: &str = "arn:aws:iam::123456789012:role/test";

/// A mock configuration answering the `Invoke` state of `Mocked` in test case `HappyPath`.
const MOCKS: &str = r#"{
  "StateMachines": {"Mocked": {"TestCases": {"HappyPath": {"Invoke": "Answer"}}}},
  "MockedResponses": {"Answer": {"0": {"Return": {"Payload": {"answer": 42}}}}}
}"#;

#[test]
fn the_client_lifecycle_runs_on_workflow_serve() {
    let server = Server::builder().port(0).start().expect("serve");
    runtime().block_on(client_lifecycle(&server.endpoint_url()));
}

#[test]
fn the_cli_deploys_executes_and_draws_the_history_on_workflow_serve() {
    let server = Server::builder().port(0).start().expect("serve");
    cli_deploys_executes_and_draws_the_history(&server.endpoint_url());
}

#[test]
fn boto3_calls_every_operation_of_workflow_serve() {
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .mock_config(MockConfig::from_json(MOCKS).expect("the mock configuration"))
        .activity_poll(Duration::from_secs(10))
        .start()
        .expect("serve");
    let python = moto::venv_python();
    let script = moto::repo_root().join("tests/serve/boto3_every_operation.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg(server.endpoint_url())
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", python.display()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "boto3 against workflow serve failed:\n{stdout}\n{stderr}"
    );
    let report: Value = serde_json::from_str(stdout.trim()).expect("the script's JSON report");
    let mut expected: Vec<&str> = OPERATIONS.to_vec();
    expected.sort_unstable();
    assert_eq!(
        report["called"],
        json!(expected),
        "every operation is called and checked"
    );
}

#[test]
fn a_thousand_concurrent_executions_all_finish_and_are_all_listed() {
    let server = Server::builder().port(0).start().expect("serve");
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        // Real time: every execution waits a second, all at once.
        let definition = r#"{"StartAt": "W", "States": {
            "W": {"Type": "Wait", "Seconds": 1, "Next": "P"},
            "P": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "End": true}}}"#;
        let deployed = client
            .deploy_spec(&StateMachineSpec::new("Concurrent", definition, ROLE))
            .await
            .expect("deploy");
        let machine = deployed.state_machine;
        let started = Instant::now();
        let mut executions = Vec::new();
        for n in 0..1000 {
            executions.push(
                machine
                    .execute(&json!({"n": n}))
                    .name(format!("run-{n}"))
                    .send()
                    .await
                    .expect("start"),
            );
        }
        for (n, execution) in executions.iter().enumerate() {
            let done = execution
                .wait(WaitOptions::default().timeout(Duration::from_secs(120)))
                .await
                .expect("wait");
            assert_eq!(done.status, ExecutionStatus::Succeeded, "run-{n}: {done:?}");
            let output: Value = execution.output().await.expect("output");
            assert_eq!(output, json!({"n": n}));
        }
        eprintln!(
            "1000 executions of a 1-second Wait, started and finished in {:?}",
            started.elapsed()
        );
        let listed = machine
            .list_executions()
            .status(ExecutionStatus::Succeeded)
            .send()
            .await
            .expect("list");
        assert_eq!(listed.len(), 1000);
    });
}

/// `workflow serve --port 0 ARGS` as a process, and the endpoint its first line names.
fn serve_process(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["serve", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start workflow serve");
    let stdout = child.stdout.take().expect("its standard output");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the address line");
    let endpoint = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("the first line names the address: {line:?}"))
        .to_owned();
    (child, endpoint)
}

#[test]
fn workflow_serve_names_its_address_serves_and_stops_on_sigterm() {
    let (mut child, endpoint) = serve_process(&["--virtual-time"]);
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    runtime().block_on(async {
        let client = client_for(&endpoint).await;
        // A callback that never comes: the execution runs until the server stops.
        let definition = r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}}, "End": true}}}"#;
        let deployed = client
            .deploy_spec(&StateMachineSpec::new("Asker", definition, ROLE))
            .await
            .expect("deploy");
        let execution = deployed
            .state_machine
            .execute(&json!({}))
            .send()
            .await
            .expect("start");
        let status = execution.describe().await.expect("describe").status;
        assert_eq!(status, ExecutionStatus::Running);
    });
    let pid = child.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("run kill");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll the server") {
            break status;
        }
        assert!(Instant::now() < deadline, "workflow serve ignored SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
}

#[test]
fn workflow_serve_refuses_an_address_in_use_with_exit_2() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
    let port = taken.local_addr().expect("its address").port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["serve", "--port", &port])
        .output()
        .expect("run workflow serve");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot listen on 127.0.0.1:"), "{stderr}");
}
