//! `workflow serve`, the local Step Functions endpoint, with real clients: the project's
//! client (the lifecycle test that also runs on moto), the `workflow` CLI's remote commands,
//! boto3 calling every operation (`serve/boto3_every_operation.py`, from moto's virtualenv:
//! `bash scripts/moto.sh install`, which the test command runs first), the Python Step
//! Functions SDK's workflow lifecycle (`serve/stepfunctions_sdk.py`), and the `workflow
//! serve` process itself: its address line, concurrent executions, and its stop on SIGTERM.

use super::client_moto::moto;
use super::client_moto::{
    cli_deploys_executes_and_draws_the_history, client_for, client_lifecycle, runtime,
};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use workflow_runtime::aws_models::{Qualifier, StatesArn};
use workflow_runtime::client::{StateMachineSpec, WaitOptions};
use workflow_runtime::engine::MockConfig;
use workflow_runtime::engine::blocking;
use workflow_runtime::execution::ExecutionStatus;
use workflow_runtime::execution::api::HistoryEventType;
use workflow_serve::{OPERATIONS, Server};

const ROLE: &str = "arn:aws:iam::123456789012:role/test";

/// [`ROLE`], read as a role's ARN.
fn role() -> workflow_runtime::aws_models::RoleArn {
    ROLE.parse().expect("an IAM role's ARN")
}

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

/// Runs a client script against `workflow serve` (`what` names the client in a failure) and
/// reads the JSON report it prints last: it must succeed.
fn json_report(command: &mut Command, what: &str) -> Value {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("run {:?}: {e}", command.get_program()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{what} against workflow serve failed:\n{stdout}\n{stderr}"
    );
    serde_json::from_str(stdout.trim()).expect("the script's JSON report")
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
    let mut command = Command::new(&python);
    command.arg(&script).arg(server.endpoint_url());
    let report = json_report(&mut command, "boto3");
    let mut expected: Vec<&str> = OPERATIONS.to_vec();
    expected.sort_unstable();
    assert_eq!(
        report["called"],
        json!(expected),
        "every operation is called and checked"
    );
}

/// The AWS Step Functions Data Science SDK (the Python SDK this project replaces, pinned in
/// `target/sagemaker-venv` by `bash scripts/sagemaker.sh install`, which the test command runs
/// first) drives `workflow serve` unchanged: `serve/stepfunctions_sdk.py` builds, creates,
/// executes, lists, attaches, updates, re-creates (reading the ARN from AWS's message), stops
/// and deletes, asserting each answer.
#[test]
fn the_python_step_functions_sdk_runs_its_workflow_lifecycle_on_workflow_serve() {
    let python = moto::repo_root().join("target/sagemaker-venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `bash scripts/sagemaker.sh install` (from the repository root)",
        python.display()
    );
    let server = Server::builder().port(0).start().expect("serve");
    let script = moto::repo_root().join("tests/serve/stepfunctions_sdk.py");
    let mut command = Command::new(&python);
    command
        .arg(&script)
        .arg(server.endpoint_url())
        .env("SAGEMAKER_SUPPRESS_V2_WARNING", "1");
    let report = json_report(&mut command, "the Step Functions SDK");
    assert_eq!(
        report["done"].as_array().map(Vec::len),
        Some(16),
        "every step was checked: {report}"
    );
}

/// The AWS SDK for JavaScript v3 (`@aws-sdk/client-sfn`, pinned in `tools/oracles`, installed
/// by `bash scripts/oracles.sh install`, which the test command runs first) drives `workflow
/// serve` unchanged, in one node process (`serve/js_sdk.mjs`): a machine's whole lifecycle
/// (create, start, describe, history, list and paginate, stop, delete), the service's errors
/// as the SDK's exception classes, each answer's request id, StartSyncExecution and TestState
/// with `new SFNClient({ disableHostPrefix: true })`, the README's advice for it.
#[test]
fn the_javascript_sdk_v3_runs_the_lifecycle_sync_executions_and_test_state_on_workflow_serve() {
    let root = moto::repo_root();
    let module = root.join("tools/oracles/node_modules/@aws-sdk/client-sfn/package.json");
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.as_ref().is_ok_and(|o| o.status.success()),
        "node is not on PATH: the JavaScript SDK test needs Node.js >= 18 (e.g. apt-get install nodejs npm), then `bash scripts/oracles.sh install` (from the repository root)"
    );
    assert!(
        module.exists(),
        "{} is missing: run `bash scripts/oracles.sh install` (from the repository root)",
        module.display()
    );
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .start()
        .expect("serve");
    let mut command = Command::new("node");
    command
        .arg(root.join("tests/serve/js_sdk.mjs"))
        .arg(server.endpoint_url());
    let report = json_report(&mut command, "the JavaScript SDK v3");
    assert_eq!(
        report["done"],
        json!([
            "create",
            "describe-state-machine",
            "start",
            "describe-execution",
            "history",
            "list",
            "paginate",
            "stop",
            "errors",
            "start-sync-execution",
            "express-describe-refused",
            "test-state",
            "delete"
        ]),
        "every step was checked"
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
            .deploy_spec(&StateMachineSpec::new("Concurrent", definition, role()))
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
pub(crate) fn serve_process(args: &[&str]) -> (Child, String) {
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
            .deploy_spec(&StateMachineSpec::new("Asker", definition, role()))
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

/// The AWS CLI of `target/awscli-venv` (`bash scripts/setup.sh` installs it), one process for
/// the whole test program: `tools/awscli/calls.py` runs each call through the CLI's own entry
/// point, as the `aws` command does (a new driver and botocore session each time), and imports
/// the CLI once (a process for each call spent about 0.5 CPU-seconds importing it). The calls
/// of concurrent tests take turns; the process ends with this one (its standard input closes).
struct AwsCli {
    calls: std::process::ChildStdin,
    answers: BufReader<std::process::ChildStdout>,
    _process: Child,
}

/// The test program's AWS CLI, started by its first call.
static AWS_CLI: std::sync::Mutex<Option<AwsCli>> = std::sync::Mutex::new(None);

impl AwsCli {
    /// Starts `tools/awscli/calls.py` with test credentials, no configuration files and no host
    /// prefix (`AWS_DISABLE_HOST_PREFIX_INJECTION`, for `start-sync-execution`).
    fn start() -> AwsCli {
        let venv = moto::repo_root().join("target/awscli-venv");
        let aws = venv.join("bin/aws");
        assert!(
            aws.exists(),
            "the AWS CLI is not installed: {} is missing. Run `bash scripts/setup.sh` (the test command does); this test does not skip.",
            aws.display()
        );
        let mut process = Command::new(venv.join("bin/python"))
            .arg(moto::repo_root().join("tools/awscli/calls.py"))
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_DISABLE_HOST_PREFIX_INJECTION", "true")
            .env("AWS_CONFIG_FILE", "/nonexistent/aws-config")
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                "/nonexistent/aws-credentials",
            )
            .env_remove("AWS_PROFILE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run the AWS CLI (tools/awscli/calls.py)");
        AwsCli {
            calls: process.stdin.take().expect("the CLI's stdin"),
            answers: BufReader::new(process.stdout.take().expect("the CLI's stdout")),
            _process: process,
        }
    }

    /// `aws ARGS`: its answer (`rc`, `stdout`, `stderr`), or why the CLI's process gave none.
    fn call(&mut self, args: &[&str]) -> Result<Value, String> {
        use std::io::Write;
        let mut line = serde_json::to_string(args).map_err(|e| e.to_string())?;
        line.push('\n');
        self.calls
            .write_all(line.as_bytes())
            .and_then(|()| self.calls.flush())
            .map_err(|e| format!("cannot send the call: {e}"))?;
        let mut answer = String::new();
        match self.answers.read_line(&mut answer) {
            Ok(0) => Err("the CLI's process ended (its stderr is above)".to_string()),
            Ok(_) => serde_json::from_str(&answer).map_err(|e| format!("{e}: {answer}")),
            Err(e) => Err(format!("cannot read the answer: {e}")),
        }
    }
}

/// `aws stepfunctions ARGS --endpoint-url ENDPOINT --output json` on the test program's AWS CLI:
/// its exit code, and its JSON output (or its error text).
pub(crate) fn aws(endpoint: &str, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["stepfunctions"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--endpoint-url", endpoint, "--output", "json"]);
    let mut cli = AWS_CLI
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let answer = cli.get_or_insert_with(AwsCli::start).call(&all);
    let answer = answer.unwrap_or_else(|e| {
        // The next call starts a new process.
        *cli = None;
        panic!("the AWS CLI gave no answer to `aws {}`: {e}", all.join(" "))
    });
    let text = |key: &str| answer[key].as_str().unwrap_or_default().to_string();
    (
        answer["rc"]
            .as_i64()
            .and_then(|rc| i32::try_from(rc).ok())
            .unwrap_or(-1),
        serde_json::from_str(&text("stdout")).unwrap_or(Value::Null),
        text("stderr"),
    )
}

#[test]
fn the_aws_cli_creates_starts_describes_and_runs_sync_on_workflow_serve() {
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .start()
        .expect("serve");
    let endpoint = server.endpoint_url();
    let definition = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"twice.$": "States.MathAdd($.n, $.n)"}, "End": true}}}"#;
    let (code, created, stderr) = aws(
        &endpoint,
        &[
            "create-state-machine",
            "--name",
            "Twice",
            "--definition",
            definition,
            "--role-arn",
            ROLE,
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let arn = created["stateMachineArn"]
        .as_str()
        .expect("an ARN")
        .to_owned();
    let (code, started, stderr) = aws(
        &endpoint,
        &[
            "start-execution",
            "--state-machine-arn",
            &arn,
            "--name",
            "cli",
            "--input",
            r#"{"n": 21}"#,
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let execution = started["executionArn"].as_str().expect("an ARN").to_owned();
    let deadline = Instant::now() + Duration::from_secs(20);
    let described = loop {
        let (code, described, stderr) = aws(
            &endpoint,
            &["describe-execution", "--execution-arn", &execution],
        );
        assert_eq!(code, 0, "{stderr}");
        if described["status"] != "RUNNING" || Instant::now() > deadline {
            break described;
        }
    };
    assert_eq!(described["status"], "SUCCEEDED", "{described}");
    assert_eq!(described["output"], r#"{"twice":42}"#);
    let (code, listed, _) = aws(&endpoint, &["list-executions", "--state-machine-arn", &arn]);
    assert_eq!(
        (code, listed["executions"][0]["name"].clone()),
        (0, json!("cli"))
    );
    // An error is the service's, by name.
    let (code, _, stderr) = aws(
        &endpoint,
        &[
            "describe-state-machine",
            "--state-machine-arn",
            &format!("{arn}Missing"),
        ],
    );
    assert_eq!(code, 255, "{stderr}"); // version 1 of the CLI exits 255 on a service error
    assert!(stderr.contains("(StateMachineDoesNotExist)"), "{stderr}");
    // start-sync-execution reaches the endpoint without the `sync-` host prefix.
    let (code, _, stderr) = aws(
        &endpoint,
        &[
            "create-state-machine",
            "--name",
            "Quick",
            "--type",
            "EXPRESS",
            "--definition",
            definition,
            "--role-arn",
            ROLE,
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let (code, sync, stderr) = aws(
        &endpoint,
        &[
            "start-sync-execution",
            "--state-machine-arn",
            "arn:aws:states:us-east-1:123456789012:stateMachine:Quick",
            "--input",
            r#"{"n": 5}"#,
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        (sync["status"].clone(), sync["output"].clone()),
        (json!("SUCCEEDED"), json!(r#"{"twice":10}"#))
    );
}

/// A state machine whose one task waits for a callback that never comes.
const ASKER: &str = r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
    "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}}, "End": true}}}"#;

const ADDER: &str = r#"{"StartAt": "Add", "States": {"Add": {"Type": "Pass",
    "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "End": true}}}"#;

#[test]
fn a_restart_with_a_data_directory_loses_nothing() {
    let data = tempfile::tempdir().expect("a data directory");
    let (finished_arn, waiting_arn, history_before) = {
        let server = Server::builder()
            .port(0)
            .virtual_time(true)
            .data_dir(data.path())
            .start()
            .expect("serve");
        let out = runtime().block_on(async {
            let client = client_for(&server.endpoint_url()).await;
            let adder = client
                .deploy_spec(&StateMachineSpec::new("Adder", ADDER, role()).tag("team", "data"))
                .await
                .expect("deploy")
                .state_machine;
            client
                .deploy_to_alias(&StateMachineSpec::new("Adder", ADDER, role()), "live")
                .await
                .expect("publish and alias");
            client.create_activity("Review").await.expect("activity");
            let finished = adder
                .execute(&json!({"a": 1, "b": 2}))
                .name("done")
                .send()
                .await
                .expect("start");
            finished.wait(WaitOptions::default()).await.expect("wait");
            let history = finished.history().await.expect("history");
            let asker = deployed(&client, "Asker", ASKER).await;
            let waiting = asker
                .execute(&json!({}))
                .name("waiting")
                .send()
                .await
                .expect("start");
            (
                finished.arn().to_owned(),
                waiting.arn().to_owned(),
                history.len(),
            )
        });
        server.shut_down();
        out
    };
    let server = Server::builder()
        .port(0)
        .data_dir(data.path())
        .start()
        .expect("serve again");
    assert_eq!(
        server.resumed_executions(),
        1,
        "a graceful stop leaves the running execution running in the database, and the next server resumes it"
    );
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let names: Vec<String> = client
            .list_state_machines()
            .await
            .expect("list")
            .into_iter()
            .map(|m| m.name)
            .collect();
        assert_eq!(names, ["Adder", "Asker"]);
        let adder = client.state_machine(
            "arn:aws:states:us-east-1:123456789012:stateMachine:Adder"
                .parse()
                .expect("an ARN"),
        );
        let info = adder.describe().await.expect("describe");
        assert_eq!(
            serde_json::from_str::<Value>(&info.definition).expect("JSON"),
            serde_json::from_str::<Value>(ADDER).expect("JSON")
        );
        let tags = client
            .sdk()
            .list_tags_for_resource()
            .resource_arn(adder.arn().to_string())
            .send()
            .await
            .expect("tags");
        assert_eq!(tags.tags().len(), 1);
        let activity = client.activity(
            "arn:aws:states:us-east-1:123456789012:activity:Review"
                .parse()
                .expect("an activity's ARN"),
        );
        assert_eq!(activity.describe().await.expect("activity").name, "Review");
        // The finished execution, its output and its whole history.
        let finished = client.execution(finished_arn.clone());
        assert_eq!(
            finished.describe().await.expect("describe").status,
            ExecutionStatus::Succeeded
        );
        assert_eq!(
            finished.output::<Value>().await.expect("output"),
            json!({"sum": 3})
        );
        assert_eq!(
            finished.history().await.expect("history").len(),
            history_before
        );
        // The one running when the server stopped was not stopped by it (ABORTED is a
        // client's StopExecution): it runs on, resumed, until a client stops it.
        let waiting = client.execution(waiting_arn.clone());
        let described = waiting.describe().await.expect("describe");
        assert_eq!(described.status, ExecutionStatus::Running, "{described:?}");
        waiting.stop().send().await.expect("stop it");
        let described = waiting.describe().await.expect("describe");
        assert_eq!(described.status, ExecutionStatus::Aborted, "{described:?}");
        // It is redriven after the restart, from its saved history: running again, waiting
        // for its callback, its history the stopped attempt's and `ExecutionRedriven`.
        client
            .execution(waiting_arn.clone())
            .redrive()
            .await
            .expect("a redrive after the restart");
        let redriven = client.execution(waiting_arn.clone());
        assert_eq!(
            redriven.describe().await.expect("describe").status,
            ExecutionStatus::Running
        );
        let events = redriven.history().await.expect("history");
        assert!(
            events
                .iter()
                .any(|e| e.kind.event_type() == HistoryEventType::ExecutionRedriven),
            "{events:?}"
        );
        redriven.stop().send().await.expect("stop it");
        // Its version and alias too.
        let qualified = |q| adder.arn().qualified(q).expect("a state machine's ARN");
        let alias = client
            .alias(qualified(Qualifier::Alias("live".into())))
            .describe()
            .await
            .expect("the alias");
        assert_eq!(alias.routing, [(qualified(Qualifier::Version(1)), 100)]);
        // The restarted server goes on: a new execution of a kept machine runs.
        let again = adder
            .execute(&json!({"a": 20, "b": 22}))
            .send()
            .await
            .expect("start");
        again.wait(WaitOptions::default()).await.expect("wait");
        assert_eq!(
            again.output::<Value>().await.expect("output"),
            json!({"sum": 42})
        );
    });
}

#[test]
fn an_execution_running_when_workflow_serve_is_killed_is_found_running_after_the_restart() {
    let data = tempfile::tempdir().expect("a data directory");
    let dir = data.path().to_str().expect("a UTF-8 path").to_owned();
    let (mut child, endpoint) = serve_process(&["--virtual-time", "--data", &dir]);
    let waiting = runtime().block_on(async {
        let client = client_for(&endpoint).await;
        let asker = deployed(&client, "Asker", ASKER).await;
        let waiting = asker
            .execute(&json!({"n": 1}))
            .name("waiting")
            .send()
            .await
            .expect("start");
        assert_eq!(
            waiting.describe().await.expect("describe").status,
            ExecutionStatus::Running
        );
        // What a client saw of the running execution must survive the kill.
        let seen: Vec<String> = waiting
            .history()
            .await
            .expect("history")
            .iter()
            .map(|e| e.to_json().to_string())
            .collect();
        assert!(seen.len() > 1, "{seen:?}");
        (waiting.arn().to_owned(), seen)
    });
    let (waiting, seen) = waiting;
    // SIGKILL: no chance to end anything.
    child.kill().expect("kill");
    let _ = child.wait();
    let (mut restarted, endpoint) = serve_process(&["--data", &dir]);
    let mut warning = String::new();
    BufReader::new(restarted.stderr.take().expect("stderr"))
        .read_line(&mut warning)
        .expect("the warning line");
    assert!(warning.contains("resumed 1 execution(s)"), "{warning}");
    runtime().block_on(async {
        let client = client_for(&endpoint).await;
        let execution = client.execution(waiting.clone());
        // Running still, resumed, waiting for its callback: AWS never fails an execution
        // because its own machinery restarted.
        let described = execution.describe().await.expect("describe");
        assert_eq!(described.status, ExecutionStatus::Running);
        assert_eq!(described.input.as_deref(), Some(r#"{"n":1}"#));
        // Every event it had shown, and nothing more.
        let history = execution.history().await.expect("history");
        let kept: Vec<String> = history.iter().map(|e| e.to_json().to_string()).collect();
        assert_eq!(kept, seen);
        let listed = client
            .sdk()
            .list_executions()
            .state_machine_arn(described.state_machine_arn.to_string())
            .status_filter(aws_sdk_sfn::types::ExecutionStatus::Running)
            .send()
            .await
            .expect("list");
        assert_eq!(listed.executions().len(), 1);
        // Starting it again with the same input is the same execution, as for a running one.
        let again = client
            .sdk()
            .start_execution()
            .state_machine_arn(described.state_machine_arn.to_string())
            .name("waiting")
            .input(r#"{"n":1}"#)
            .send()
            .await
            .expect("an idempotent start");
        assert_eq!(again.execution_arn(), waiting.to_string());
        // A client's stop ends it ABORTED after its events, with the stop's error and cause.
        client
            .sdk()
            .stop_execution()
            .execution_arn(waiting.to_string())
            .error("Operator")
            .cause("no longer needed")
            .send()
            .await
            .expect("stop");
        let described = execution.describe().await.expect("describe");
        assert_eq!(described.status, ExecutionStatus::Aborted);
        let history = execution.history().await.expect("history");
        let kept: Vec<String> = history.iter().map(|e| e.to_json().to_string()).collect();
        assert_eq!(kept.get(..seen.len()), Some(&seen[..]), "{kept:?}");
        assert_eq!(history.len(), seen.len() + 1);
        let aborted = history[history.len() - 1].to_json();
        assert_eq!(aborted["type"], "ExecutionAborted", "{aborted}");
        assert_eq!(
            aborted["executionAbortedEventDetails"],
            json!({"error": "Operator", "cause": "no longer needed"})
        );
        assert_eq!(aborted["previousEventId"], json!(seen.len()));
        // And it is redriven from there, as any aborted execution.
        execution.redrive().await.expect("redrive");
        assert_eq!(
            execution.describe().await.expect("describe").status,
            ExecutionStatus::Running
        );
    });
    let _ = restarted.kill();
    let _ = restarted.wait();
}

#[test]
fn test_state_through_the_client_answers_as_the_engine_offline() {
    use workflow_runtime::engine::{Engine, InspectionLevel, TestState};
    let server = Server::builder().port(0).start().expect("serve");
    let state = r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "F", "Payload.$": "$.n"},
        "ResultSelector": {"v.$": "$.Payload"}, "ResultPath": "$.r",
        "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 3, "MaxAttempts": 2}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}], "Next": "After"}"#;
    let requests = [
        TestState::new(state)
            .input(json!({"n": 4}))
            .mock_result(json!({"Payload": 8, "StatusCode": 200}))
            .inspection_level(InspectionLevel::Debug),
        TestState::new(state)
            .input(json!({"n": 4}))
            .mock_error("Busy", "later")
            .inspection_level(InspectionLevel::Debug),
        TestState::new(state)
            .input(json!({"n": 4}))
            .mock_error("Busy", "later")
            .retrier_retry_count(2),
        TestState::new(r#"{"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $v + 1 %}", "End": true}"#)
            .variables(json!({"v": 1}))
            .inspection_level(InspectionLevel::Trace),
    ];
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        for request in &requests {
            let remote = client.test_state(request).role_arn(role()).send().await.expect("TestState");
            let prepared = request.clone().prepare().expect("a valid request");
            let local = Engine::new().test_state(&prepared).run().await.expect("offline");
            assert_eq!(remote, local);
        }
        // TestState's refusals arrive as the service's errors.
        let refused = client
            .test_state(&TestState::new(r#"{"Type": "Pass", "End": true}"#).mock_result(json!(1)))
            .send()
            .await;
        assert!(
            matches!(&refused, Err(workflow_runtime::client::Error::InvalidRequest(e)) if e.code == "ValidationException"),
            "{refused:?}"
        );
    });
}

#[test]
fn versions_and_aliases_roll_a_release_out_through_the_client() {
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .start()
        .expect("serve");
    let v1 = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "v1", "End": true}}}"#;
    let v2 = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "v2", "End": true}}}"#;
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let run = |machine: workflow_runtime::client::StateMachineRef| async move {
            let execution = machine.execute(&json!({})).send().await.expect("start");
            execution.wait(WaitOptions::default()).await.expect("wait");
            execution.output::<Value>().await.expect("output")
        };
        // First release: deployed, published as version 1, the alias `live` routes to it.
        let first = client
            .deploy_to_alias(&StateMachineSpec::new("Release", v1, role()), "live")
            .await
            .expect("deploy v1");
        assert_eq!(
            first.version_arn.to_string(),
            "arn:aws:states:us-east-1:123456789012:stateMachine:Release:1"
        );
        assert_eq!(run(first.alias.state_machine()).await, json!("v1"));
        // Redeploying the same definition publishes nothing new.
        let again = client
            .deploy_to_alias(&StateMachineSpec::new("Release", v1, role()), "live")
            .await
            .expect("redeploy v1");
        assert_eq!(again.version_arn, first.version_arn);
        // Second release: version 2, the alias moves, version 1 still runs v1.
        let second = client
            .deploy_to_alias(&StateMachineSpec::new("Release", v2, role()), "live")
            .await
            .expect("deploy v2");
        assert_eq!(second.version_arn.qualifier(), Some(&Qualifier::Version(2)));
        assert_eq!(run(second.alias.state_machine()).await, json!("v2"));
        assert_eq!(
            run(client.state_machine(first.version_arn.clone())).await,
            json!("v1")
        );
        let info = second.alias.describe().await.expect("describe alias");
        assert_eq!(
            (info.name.as_str(), info.routing.clone()),
            ("live", vec![(second.version_arn.clone(), 100)])
        );
        // A canary: 90/10 between the two versions; every execution runs one of them.
        second
            .alias
            .update()
            .route(first.version_arn.clone(), 90)
            .route(second.version_arn.clone(), 10)
            .send()
            .await
            .expect("canary");
        let machine = &second.deployment.state_machine;
        let versions: Vec<StatesArn> = machine
            .list_versions()
            .await
            .expect("versions")
            .into_iter()
            .map(|v| v.arn)
            .collect();
        assert_eq!(
            versions,
            [second.version_arn.clone(), first.version_arn.clone()],
            "newest first"
        );
        assert_eq!(machine.list_aliases().await.expect("aliases").len(), 1);
        // The execution says which version and alias it ran.
        let execution = second
            .alias
            .state_machine()
            .execute(&json!({}))
            .send()
            .await
            .expect("start");
        let described = client
            .sdk()
            .describe_execution()
            .execution_arn(execution.arn().to_string())
            .send()
            .await
            .expect("describe");
        assert_eq!(
            described.state_machine_alias_arn(),
            Some(second.alias.arn().to_string().as_str())
        );
        assert!(described.state_machine_version_arn().is_some());
        // A version an alias routes to cannot be deleted; once the alias is gone, it can.
        let conflict = client.delete_version(&first.version_arn).await;
        assert_eq!(
            conflict.as_ref().err().and_then(|e| e.code()),
            Some("ConflictException"),
            "{conflict:?}"
        );
        second.alias.delete().await.expect("delete alias");
        client
            .delete_version(&first.version_arn)
            .await
            .expect("delete version");
        assert_eq!(machine.list_versions().await.expect("versions").len(), 1);
    });
}

/// The stand-in Lambda endpoint (`serve/lambda_endpoint_stub.py`), killed when dropped: its
/// process and its URL.
pub(crate) struct LambdaStub(Child, pub(crate) String);

impl LambdaStub {
    pub(crate) fn start() -> LambdaStub {
        LambdaStub::start_with(&[])
    }

    /// With `args`: the name of a function answered through the Runtime API.
    fn start_with(args: &[&str]) -> LambdaStub {
        let mut child = Command::new(moto::venv_python())
            .arg(moto::repo_root().join("tests/serve/lambda_endpoint_stub.py"))
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the Lambda stub");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("its port");
        let port = line
            .trim()
            .strip_prefix("listening on ")
            .expect("a port")
            .to_owned();
        LambdaStub(child, format!("http://127.0.0.1:{port}"))
    }
}

impl Drop for LambdaStub {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `cargo lambda watch` serving the example `charge_lambda` (cargo-lambda from
/// `target/cargo-lambda-venv`, installed by `bash scripts/setup.sh`): its Lambda emulator
/// (`--only-lambda-apis`), and the example's binary, the one the test command built, polling
/// the emulator's Runtime API with the variables cargo-lambda names (its `cargo run` would
/// build the example again, for one package's features). Both killed when dropped.
struct CargoLambdaWatch(Child, String, Child);

impl CargoLambdaWatch {
    fn start() -> CargoLambdaWatch {
        let bin = moto::repo_root().join("target/cargo-lambda-venv/bin");
        assert!(
            bin.join("cargo-lambda").exists(),
            "cargo-lambda is missing from {}: run `bash scripts/setup.sh` (the test command does)",
            bin.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let path = std::env::join_paths(std::iter::once(bin.clone()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )))
        .expect("PATH");
        use std::os::unix::process::CommandExt as _;
        let watch = Command::new(bin.join("cargo-lambda"))
            // A process group of its own, so that everything it starts ends with it.
            .process_group(0)
            .args([
                "lambda",
                "watch",
                "--only-lambda-apis",
                "-A",
                "127.0.0.1",
                "-P",
            ])
            .arg(port.to_string())
            .current_dir(moto::repo_root())
            .env("PATH", path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start cargo lambda watch");
        // The function starts once the emulator answers (it exits when it cannot reach it).
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "cargo lambda watch did not listen on {port} within 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        // What `cargo lambda watch --only-lambda-apis` tells the function to set.
        let function = Command::new(super::client_moto::example_binary("charge_lambda"))
            .env(
                "AWS_LAMBDA_RUNTIME_API",
                format!("http://127.0.0.1:{port}/.rt"),
            )
            .env("AWS_LAMBDA_FUNCTION_NAME", "_")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "4096")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the example's function");
        CargoLambdaWatch(watch, format!("http://127.0.0.1:{port}"), function)
    }
}

impl Drop for CargoLambdaWatch {
    fn drop(&mut self) {
        let _ = self.2.kill();
        let _ = self.2.wait();
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_example_lambda_runs_under_cargo_lambda_watch_invoked_by_the_engine() {
    use workflow_runtime::engine::Engine;
    let watch = CargoLambdaWatch::start();
    // cargo-lambda's emulator serves the example as its default function, `_`.
    let machine = workflow_runtime::asl::StateMachine::from_json(&CHARGING.replace(
        r#""FunctionName": "charge_lambda""#,
        r#""FunctionName": "_""#,
    ))
    .expect("the definition");
    let remote = |input: &Value| {
        blocking::run(
            Engine::new()
                .lambda_endpoint(&watch.1)
                .expect("the endpoint")
                .machine(&machine)
                .input(input.clone()),
        )
        .expect("run")
    };
    // The function polls the emulator once it has started.
    let started = Instant::now();
    let first = loop {
        let run = remote(&json!({"order": "o-1", "cents": 250}));
        if run.status == ExecutionStatus::Succeeded || started.elapsed() > Duration::from_secs(60) {
            break run;
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    assert_eq!(
        first.status,
        ExecutionStatus::Succeeded,
        "{:?}",
        first.cause
    );
    let refused = remote(&json!({"order": "o-2", "cents": 0}));
    let local = |input: Value| {
        blocking::run(
            Engine::new()
                .lambda("_", orders::charge)
                .machine(&machine)
                .input(input),
        )
        .expect("run")
        .output
    };
    assert_eq!(
        first.output,
        Some(json!({"charge_id": "ch-o-1", "charged": 250}))
    );
    assert_eq!(first.output, local(json!({"order": "o-1", "cents": 250})));
    let refused = refused
        .output
        .unwrap_or_else(|| panic!("not caught: {:?} {:?}", refused.error, refused.cause));
    assert_eq!(refused["Error"], "Charge.Invalid");
    assert_eq!(
        refused["Error"],
        local(json!({"order": "o-2", "cents": 0})).expect("caught")["Error"]
    );
}

/// A `lambda:invoke` Task's `Payload` reaches the function as Step Functions sends it (the
/// service-side rule of `lambda:invoke`: a string as its text, an object or a list as its JSON
/// text; a number is refused, see `INVALID_TASK_PARAMETERS`), at a Lambda endpoint
/// (`--lambda-endpoint`) and through Lambda's API (`--aws-endpoint lambda=URL`) alike; the
/// string cases are the `Payload`s AWS recorded reaching a function (LocalStack's
/// `test_invoke_json_values`, `../shared/aws-recorded`), and a string that is not JSON fails
/// the Task as Lambda refuses it.
#[test]
fn a_lambda_payload_reaches_the_function_as_step_functions_sends_it() {
    let lambda = LambdaStub::start();
    let dir = tempfile::tempdir().expect("a directory");
    let file = dir.path().join("body.json");
    let sent = [
        (
            json!({"a": 1, "b": [true, null]}),
            r#"{"a":1,"b":[true,null]}"#,
        ),
        (json!([1, "two"]), r#"[1,"two"]"#),
        (json!("\"HelloWorld\""), "\"HelloWorld\""),
        (json!("0.0"), "0.0"),
        (json!("{}"), "{}"),
        (json!("[]"), "[]"),
    ];
    for way in ["--lambda-endpoint", "--aws-endpoint"] {
        let endpoint = match way {
            "--aws-endpoint" => format!("lambda={}", lambda.1),
            _ => lambda.1.clone(),
        };
        let run = |payload: &Value| {
            let definition = json!({"StartAt": "Invoke", "States": {"Invoke": {
                "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "Body", "Payload": payload}, "End": true}}});
            std::fs::write(&file, definition.to_string()).expect("write");
            let out = Command::new(env!("CARGO_BIN_EXE_workflow"))
                .args([
                    "run",
                    file.to_str().unwrap_or_default(),
                    "--json",
                    way,
                    &endpoint,
                ])
                .env("AWS_ACCESS_KEY_ID", "test")
                .env("AWS_SECRET_ACCESS_KEY", "test")
                .output()
                .expect("workflow run");
            serde_json::from_slice::<Value>(&out.stdout)
                .unwrap_or_else(|e| panic!("{way}: {e}: {}", String::from_utf8_lossy(&out.stderr)))
        };
        for (payload, body) in &sent {
            let done = run(payload);
            assert_eq!(
                done["output"]["Payload"]["body"], *body,
                "{way}, Payload {payload}: {done}"
            );
        }
        let refused = run(&json!("not JSON"));
        assert_eq!(
            refused["error"], "Lambda.InvalidRequestContentException",
            "{way}: {refused}"
        );
    }
}

#[test]
fn lambda_tasks_are_invoked_at_the_lambda_endpoint() {
    let lambda = LambdaStub::start();
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .lambda_endpoint(lambda.1.clone())
        .start()
        .expect("serve");
    let definition = r#"{"StartAt": "Double", "States": {
        "Double": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "Double", "Payload.$": "$"},
            "ResultSelector": {"d.$": "$.Payload.doubled", "status.$": "$.StatusCode"},
            "ResultPath": "$.double", "Next": "Fail"},
        "Fail": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Fail",
            "Catch": [{"ErrorEquals": ["OrderError"], "ResultPath": "$.failure", "Next": "Missing"}],
            "Next": "Missing"},
        "Missing": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "Nobody"},
            "Catch": [{"ErrorEquals": ["Lambda.ResourceNotFoundException"], "ResultPath": "$.missing", "Next": "Done"}],
            "End": true},
        "Done": {"Type": "Succeed"}}}"#;
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let machine = deployed(&client, "Lambdas", definition).await;
        let execution = machine
            .execute(&json!({"n": 21}))
            .send()
            .await
            .expect("start");
        let done = execution.wait(WaitOptions::default()).await.expect("wait");
        assert_eq!(done.status, ExecutionStatus::Succeeded, "{done:?}");
        let output: Value = execution.output().await.expect("output");
        assert_eq!(output["double"], json!({"d": 42, "status": 200}));
        // A function error: its errorType is the error, the function's answer the cause.
        assert_eq!(output["failure"]["Error"], "OrderError");
        let cause: Value = serde_json::from_str(output["failure"]["Cause"].as_str().unwrap_or(""))
            .expect("JSON cause");
        assert_eq!(cause["errorMessage"], "bad order");
        // Lambda's own error.
        assert_eq!(
            output["missing"]["Error"],
            "Lambda.ResourceNotFoundException"
        );
    });
    // An endpoint that cannot be reached fails the task, as an unreachable service does.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    let dir = tempfile::tempdir().expect("a directory");
    let file = dir.path().join("double.json");
    std::fs::write(
        &file,
        r#"{"StartAt": "D", "States": {"D": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "Double", "Payload": {"n": 1}}, "End": true}}}"#,
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args([
            "run",
            file.to_str().unwrap_or_default(),
            "--json",
            "--lambda-endpoint",
            &url,
        ])
        .output()
        .expect("workflow run");
    let run: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(run["error"], "Lambda.SdkClientException", "{run}");
    // And the same run against the endpoint succeeds.
    let out = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args([
            "run",
            file.to_str().unwrap_or_default(),
            "--json",
            "--lambda-endpoint",
            &lambda.1,
        ])
        .output()
        .expect("workflow run");
    let run: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(run["output"]["Payload"], json!({"doubled": 2}), "{run}");
}

#[path = "../examples/orders/mod.rs"]
mod orders;

/// A workflow whose `Charge` Task invokes the order service's function `charge_lambda`
/// (`examples/charge_lambda.rs`).
const CHARGING: &str = r#"{"StartAt": "Charge", "States": {
    "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "charge_lambda", "Payload.$": "$"},
        "OutputPath": "$.Payload",
        "Catch": [{"ErrorEquals": ["Charge.Invalid"], "Next": "Refused"}], "End": true},
    "Refused": {"Type": "Pass", "End": true}}}"#;

#[test]
fn the_same_rust_handler_runs_in_process_and_as_a_lambda_function_process() {
    use workflow_runtime::engine::Engine;
    // The example's generated types, as the README shows them: what `Charge` sends, typed by
    // the input schema, and what its ResultSelector reads of the answer (untyped).
    let _sent = orders::OrderServiceChargeRequest {
        order: "o-1".to_owned(),
        cents: 2_i64,
    };
    let _read = orders::OrderServiceChargeResponse {
        charge_id: json!("ch-o-1"),
        charged: json!(2),
    };
    let lambda = LambdaStub::start_with(&["charge_lambda"]);
    // The example's binary: the function process, polling the stand-in's Runtime API.
    let function = ChargeFunction::start(&lambda);
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .lambda_endpoint(lambda.1.clone())
        .start()
        .expect("serve");
    let machine = workflow_runtime::asl::StateMachine::from_json(CHARGING).expect("the definition");
    let inputs = [
        json!({"order": "o-1", "cents": 250}),
        json!({"order": "o-2", "cents": 0}),
    ];
    let remote: Vec<Value> = runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let machine = deployed(&client, "Charging", CHARGING).await;
        let mut outputs = Vec::new();
        for input in &inputs {
            let execution = machine.execute(input).send().await.expect("start");
            let done = execution
                .wait(WaitOptions::default().timeout(Duration::from_secs(60)))
                .await
                .expect("wait");
            assert_eq!(done.status, ExecutionStatus::Succeeded, "{done:?}");
            outputs.push(execution.output::<Value>().await.expect("output"));
        }
        outputs
    });
    drop(function);
    // In process, the same function registered on the engine.
    let local: Vec<Value> = inputs
        .iter()
        .map(|input| {
            blocking::run(
                Engine::new()
                    .lambda("charge_lambda", orders::charge)
                    .machine(&machine)
                    .input(input.clone()),
            )
            .expect("run")
            .output
            .expect("an output")
        })
        .collect();
    assert_eq!(remote[0], json!({"charge_id": "ch-o-1", "charged": 250}));
    assert_eq!(remote[1]["Error"], "Charge.Invalid");
    assert_eq!(remote[0], local[0]);
    assert_eq!(remote[1]["Error"], local[1]["Error"]);
    // The cause on Lambda is the function's error answer; in process, the failure's cause.
    let cause: Value =
        serde_json::from_str(remote[1]["Cause"].as_str().unwrap_or("")).expect("JSON cause");
    assert_eq!(cause["errorMessage"], local[1]["Cause"]);
}

#[test]
fn a_failed_execution_is_redriven_from_where_it_failed() {
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .start()
        .expect("serve");
    // `Prepare` succeeds once; `Ask` fails the first time it is answered, then succeeds.
    let definition = r#"{"StartAt": "Prepare", "States": {
        "Prepare": {"Type": "Pass", "Result": {"prepared": true}, "Next": "Ask"},
        "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
            "ResultPath": "$.answer", "End": true}}}"#;
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let machine = deployed(&client, "Redriven", definition).await;
        let execution = machine
            .execute(&json!({}))
            .name("once")
            .send()
            .await
            .expect("start");
        // A running execution cannot be redriven.
        let early = execution.redrive().await;
        assert_eq!(
            early.as_ref().err().and_then(|e| e.code()),
            Some("ExecutionNotRedrivable"),
            "{early:?}"
        );
        client
            .send_task_failure(&super::activity_worker::sent_task_token(&execution, 0).await)
            .error("Busy")
            .cause("try later")
            .send()
            .await
            .expect("fail the task");
        let failed = execution.wait(WaitOptions::default()).await.expect("wait");
        assert_eq!(failed.status, ExecutionStatus::Failed);
        execution.redrive().await.expect("redrive");
        client
            .send_task_success(
                &super::activity_worker::sent_task_token(&execution, 1).await,
                &json!({"ok": true}),
            )
            .await
            .expect("answer the redriven task");
        let done = execution
            .wait(WaitOptions::default())
            .await
            .expect("wait again");
        assert_eq!(done.status, ExecutionStatus::Succeeded, "{done:?}");
        assert_eq!(
            execution.output::<Value>().await.expect("output"),
            json!({"prepared": true, "answer": {"ok": true}})
        );
        // One history: the failed attempt, ExecutionRedriven, and only the states that did not
        // finish run again (Prepare is entered once).
        let types: Vec<String> = execution
            .history()
            .await
            .expect("history")
            .iter()
            .map(|e| e.kind.event_type().to_string())
            .collect();
        assert_eq!(
            types.iter().filter(|t| *t == "ExecutionRedriven").count(),
            1,
            "{types:?}"
        );
        assert_eq!(
            types.iter().filter(|t| *t == "PassStateEntered").count(),
            1,
            "{types:?}"
        );
        let described = client
            .sdk()
            .describe_execution()
            .execution_arn(execution.arn().to_string())
            .send()
            .await
            .expect("describe");
        assert_eq!(described.redrive_count(), Some(1));
    });
}

#[test]
fn the_client_tags_resources_and_reads_the_definition_an_execution_ran() {
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .start()
        .expect("serve");
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let machine = deployed(&client, "Adder", ADDER).await;
        client
            .tag_resource(machine.arn(), &[("team", "data"), ("stage", "test")])
            .await
            .expect("tag");
        client
            .untag_resource(machine.arn(), &["stage"])
            .await
            .expect("untag");
        assert_eq!(
            client
                .list_tags_for_resource(machine.arn())
                .await
                .expect("tags"),
            [("team".to_owned(), "data".to_owned())]
        );
        let execution = machine
            .execute(&json!({"a": 1, "b": 2}))
            .send()
            .await
            .expect("start");
        execution.wait(WaitOptions::default()).await.expect("wait");
        // An update after the execution does not change what it ran.
        let other = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#;
        client
            .deploy_spec(&StateMachineSpec::new("Adder", other, role()))
            .await
            .expect("update");
        let ran = execution
            .state_machine()
            .await
            .expect("the definition it ran");
        assert_eq!(
            serde_json::from_str::<Value>(&ran.definition).expect("JSON"),
            serde_json::from_str::<Value>(ADDER).expect("JSON")
        );
        assert_eq!((ran.name.as_str(), &ran.role_arn), ("Adder", &role()));
        assert!(ran.revision_id.is_some());
    });
}

/// Deploys `definition` as the state machine `name` with the test role (create or update).
async fn deployed(
    client: &workflow_runtime::client::Client,
    name: &str,
    definition: &str,
) -> workflow_runtime::client::StateMachineRef {
    client
        .deploy_spec(&StateMachineSpec::new(name, definition, role()))
        .await
        .expect("deploy")
        .state_machine
}

/// Runs the example `name` with `args` against `url`, asserting that its execution succeeded;
/// what it printed.
fn succeeded_example(url: &str, name: &str, args: &[&str]) -> String {
    let out = super::client_moto::run_example(url, name, args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.lines().any(|l| l == "status: SUCCEEDED"), "{stdout}");
    stdout
}

/// A Distributed Map over the items of its input, each child a Pass, failures tolerated.
const DISTRIBUTED: &str = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map",
  "ItemsPath": "$.items", "MaxConcurrency": 2, "ToleratedFailureCount": 1, "Label": "Each",
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}},
  "End": true}}}"#;

#[test]
fn the_client_lists_activities_and_map_runs_and_describes_a_map_run_on_workflow_serve() {
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .start()
        .expect("serve");
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let first = client.create_activity("first").await.expect("create");
        client.create_activity("second").await.expect("create");
        let mut names: Vec<String> = client
            .list_activities()
            .await
            .expect("list activities")
            .into_iter()
            .map(|a| a.name)
            .collect();
        names.sort();
        assert_eq!(names, ["first", "second"]);
        first.delete().await.expect("delete");
        assert_eq!(client.list_activities().await.expect("list").len(), 1);

        let machine = deployed(&client, "Fanout", DISTRIBUTED).await;
        let execution = machine
            .execute(&json!({"items": [1, 2, 3]}))
            .send()
            .await
            .expect("start");
        execution.wait(WaitOptions::default()).await.expect("wait");
        let runs = execution.list_map_runs().await.expect("list map runs");
        assert_eq!(runs.len(), 1, "{runs:?}");
        assert_eq!(&runs[0].execution_arn, execution.arn());
        // The Map Run's state machine is its children's: the parent's name and the Map's label.
        let children = machine
            .arn()
            .machine()
            .expect("a state machine's name")
            .labelled("Each");
        assert_eq!(
            runs[0].state_machine_arn.machine(),
            Some(&children),
            "{}",
            runs[0].state_machine_arn
        );
        assert_eq!(runs[0].state_machine_arn.qualifier(), None);
        assert_eq!(
            runs[0].arn.kind(),
            workflow_runtime::aws_models::ResourceType::MapRun
        );
        assert_eq!(runs[0].arn.machine(), Some(&children), "{}", runs[0].arn);
        assert!(runs[0].stop_date.is_some());
        let map_run = client.map_run(runs[0].arn.clone());
        let described = map_run.describe().await.expect("describe map run");
        assert_eq!(described.status, ExecutionStatus::Succeeded);
        assert_eq!(&described.execution_arn, execution.arn());
        assert_eq!(described.max_concurrency, 2);
        assert_eq!(described.tolerated_failure_count, 1);
        assert_eq!(
            (described.item_counts.total, described.item_counts.succeeded),
            (3, 3)
        );
        assert_eq!(described.execution_counts.succeeded, 3);
        // Its children are executions of their own: listed by the Map Run, each described with
        // the Map Run that started it, each with a history of its own; the parent's history
        // shows the Map Run only.
        let listed = client
            .sdk()
            .list_executions()
            .map_run_arn(runs[0].arn.to_string())
            .send()
            .await
            .expect("list children");
        let children = listed.executions();
        assert_eq!(children.len(), 3, "{children:?}");
        assert!(children.iter().all(|c| c.item_count() == Some(1)));
        let child = children[0].execution_arn();
        assert!(child.contains(":execution:Fanout/Each:"), "{child}");
        let described = client
            .sdk()
            .describe_execution()
            .execution_arn(child)
            .send()
            .await
            .expect("describe a child");
        assert_eq!(
            described.map_run_arn(),
            Some(runs[0].arn.to_string().as_str())
        );
        assert_eq!(
            described.state_machine_arn(),
            format!("{}/Each", machine.arn())
        );
        let history = client
            .sdk()
            .get_execution_history()
            .execution_arn(child)
            .send()
            .await
            .expect("a child's history");
        let types: Vec<&str> = history
            .events()
            .iter()
            .map(|e| e.r#type().as_str())
            .collect();
        assert_eq!(types.first(), Some(&"ExecutionStarted"), "{types:?}");
        assert_eq!(types.last(), Some(&"ExecutionSucceeded"), "{types:?}");
        let parent = client
            .sdk()
            .get_execution_history()
            .execution_arn(execution.arn().to_string())
            .send()
            .await
            .expect("the parent's history");
        assert!(
            parent
                .events()
                .iter()
                .all(|e| !e.r#type().as_str().starts_with("MapIteration")),
            "{:?}",
            parent.events()
        );
        // A Map Run that has ended cannot be changed: the service's error reaches the caller.
        let refused = map_run
            .update()
            .max_concurrency(1)
            .send()
            .await
            .expect_err("the run has ended");
        assert_eq!(refused.code(), Some("ValidationException"), "{refused}");
    });
}

#[test]
fn a_task_nothing_answers_fails_saying_how_workflow_serve_answers_tasks() {
    // A DynamoDB task with no mock configuration: the execution fails (never silently
    // succeeds), and the cause names the resource and workflow serve's ways to answer it.
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .start()
        .expect("serve");
    let definition = r#"{"StartAt": "Get", "States": {"Get": {"Type": "Task",
        "Resource": "arn:aws:states:::dynamodb:getItem",
        "Parameters": {"TableName": "t", "Key": {"id": {"S": "1"}}}, "End": true}}}"#;
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let machine = deployed(&client, "Unserved", definition).await;
        let execution = machine.execute(&json!({})).send().await.expect("start");
        let done = execution.wait(WaitOptions::default()).await.expect("wait");
        assert_eq!(done.status, ExecutionStatus::Failed);
        let cause = done.cause.unwrap_or_default();
        assert!(cause.contains("dynamodb:getItem"), "{cause}");
        assert!(cause.contains("--mock-config"), "{cause}");
        assert!(!cause.contains("Engine::handler"), "{cause}");
    });
}

#[test]
fn the_other_examples_deploy_and_run_with_their_aws_flag_on_workflow_serve() {
    // The examples whose tasks need no service run to the end; the SageMaker ones deploy,
    // start and fail at their first SageMaker task, which nothing here answers (no mock
    // configuration given), naming it and how `workflow serve` would answer it (as on moto,
    // whose interpreter cannot run a SageMaker `.sync` task either: `client_moto`).
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .start()
        .expect("serve");
    let url = server.endpoint_url();
    succeeded_example(&url, "counter_loop", &["--aws"]);
    for (example, resource) in [
        ("processing_workflow", "sagemaker:createProcessingJob.sync"),
        ("training_pipeline", "sagemaker:createTrainingJob.sync"),
        ("inference_pipeline", "sagemaker:createTrainingJob.sync"),
    ] {
        let out =
            super::client_moto::run_example(&url, example, &["--aws", "--job-name", "serve-run"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // exit status 1: deployed and started, and the execution failed (2: a deploy error)
        assert_eq!(out.status.code(), Some(1), "{example}: {stdout}{stderr}");
        assert!(stdout.contains("(created,"), "{example}: {stdout}");
        assert!(
            stdout.lines().any(|l| l == "status: FAILED"),
            "{example}: {stdout}"
        );
        let text = format!("{stdout}{stderr}");
        assert!(
            text.contains(resource) && text.contains("--mock-config"),
            "{example}: {text}"
        );
    }
}

/// The process of `examples/charge_lambda.rs` polling the Runtime API of `stub`, killed when
/// dropped.
struct ChargeFunction(Child);

impl ChargeFunction {
    fn start(stub: &LambdaStub) -> ChargeFunction {
        let runtime_api = stub.1.trim_start_matches("http://").to_owned();
        let child = Command::new(super::client_moto::example_binary("charge_lambda"))
            .env("AWS_LAMBDA_RUNTIME_API", &runtime_api)
            .env("AWS_LAMBDA_FUNCTION_NAME", "charge_lambda")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the function process");
        ChargeFunction(child)
    }
}

impl Drop for ChargeFunction {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_order_service_runs_its_three_kinds_of_rust_tasks_on_workflow_serve() {
    // `Charge` is the charge_lambda process behind the Lambda endpoint; `Pack` the example's
    // activity worker; `Await pickup` the example answering the token it finds in the history.
    let lambda = LambdaStub::start_with(&["charge_lambda"]);
    let _function = ChargeFunction::start(&lambda);
    // A short long-poll, so that the example's worker, which finishes its poll in flight
    // before it stops, stops at once.
    let server = Server::builder()
        .port(0)
        .lambda_endpoint(lambda.1.clone())
        .activity_poll(Duration::from_millis(500))
        .start()
        .expect("serve");
    let stdout = succeeded_example(&server.endpoint_url(), "order_service", &["--aws"]);
    let output_of = |stdout: &str| -> Value {
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix("output: "))
            .unwrap_or_else(|| panic!("an output line in {stdout}"));
        serde_json::from_str(line).expect("JSON output")
    };
    assert_eq!(
        output_of(&stdout),
        json!({"order": "o-42", "charge": "ch-o-42", "parcel": "parcel-o-42-3", "courier": "courier for o-42"})
    );
    // The same handlers on the local engine give the same output.
    let local = super::client_moto::run_example("", "order_service", &[]);
    let local_out = String::from_utf8_lossy(&local.stdout);
    assert!(local.status.success(), "{local_out}");
    assert_eq!(output_of(&local_out), output_of(&stdout));
    // A refused charge is caught and ends the order on AWS as locally.
    let refused = super::client_moto::run_example(
        &server.endpoint_url(),
        "order_service",
        &["--aws", "--cents", "0"],
    );
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    let refused = String::from_utf8_lossy(&refused.stdout);
    assert!(
        refused.lines().any(|l| l == "error: Order.Refused"),
        "{refused}"
    );
}

#[test]
fn the_hello_world_example_runs_with_its_aws_flag_on_workflow_serve() {
    // Its Lambda function `MyLambda` echoes its event at the Lambda endpoint, as on moto.
    let lambda = LambdaStub::start();
    let server = Server::builder()
        .port(0)
        .lambda_endpoint(lambda.1.clone())
        .start()
        .expect("serve");
    let out = super::client_moto::run_example(&server.endpoint_url(), "hello_world", &["--aws"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("(created, 2 API calls)"), "{stdout}");
    assert!(stdout.lines().any(|l| l == "status: SUCCEEDED"), "{stdout}");
    let output: Value = serde_json::from_str(
        stdout
            .lines()
            .find_map(|l| l.strip_prefix("output: "))
            .expect("an output line"),
    )
    .expect("JSON output");
    assert_eq!(
        output["Payload"],
        json!({"input": "HelloWorld"}),
        "{output}"
    );
    let again = super::client_moto::run_example(&server.endpoint_url(), "hello_world", &["--aws"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("(unchanged, 1 API calls)"));
    let sad =
        super::client_moto::run_example(&server.endpoint_url(), "hello_world", &["--aws", "--sad"]);
    assert!(!sad.status.success());
    assert!(
        String::from_utf8_lossy(&sad.stdout)
            .lines()
            .any(|l| l == "status: FAILED")
    );
}

/// Sixteen clients starting one name at once, over 30 rounds: one execution each round. With
/// the same input every start is answered with that execution (AWS's idempotency, while it
/// runs); with different inputs one start wins and the others are `ExecutionAlreadyExists`.
#[test]
fn sixteen_clients_starting_one_name_get_one_execution() {
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .start()
        .expect("serve");
    let url = server.endpoint_url();
    let machine_arn = runtime().block_on(async {
        let client = client_for(&url).await;
        deployed(&client, "Asker", ASKER).await.arn().clone()
    });
    for round in 0..30 {
        let same_input = round % 2 == 0;
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(16));
        let starts: Vec<_> = (0..16)
            .map(|client_number| {
                let (url, arn, barrier) = (url.clone(), machine_arn.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let input = if same_input {
                        json!({"round": round})
                    } else {
                        json!({"round": round, "client": client_number})
                    };
                    runtime().block_on(async {
                        let client = client_for(&url).await;
                        let machine = client.state_machine(arn);
                        barrier.wait();
                        machine
                            .execute(&input)
                            .name(format!("round-{round}"))
                            .send()
                            .await
                            .map(|e| e.arn().to_string())
                            .map_err(|e| e.code().map(str::to_owned))
                    })
                })
            })
            .collect();
        let answers: Vec<_> = starts
            .into_iter()
            .map(|t| t.join().expect("a client's thread"))
            .collect();
        let started: std::collections::BTreeSet<&String> =
            answers.iter().filter_map(|a| a.as_ref().ok()).collect();
        assert_eq!(started.len(), 1, "round {round}: {answers:?}");
        let refused = answers.iter().filter(|a| a.is_err()).count();
        if same_input {
            assert_eq!(refused, 0, "round {round}: {answers:?}");
        } else {
            assert_eq!(refused, 15, "round {round}: {answers:?}");
            assert!(
                answers.iter().all(|a| match a {
                    Ok(_) => true,
                    Err(code) => code.as_deref() == Some("ExecutionAlreadyExists"),
                }),
                "round {round}: {answers:?}"
            );
        }
    }
    runtime().block_on(async {
        let client = client_for(&url).await;
        let listed = client
            .state_machine(machine_arn)
            .list_executions()
            .send()
            .await
            .expect("list");
        assert_eq!(listed.len(), 30);
    });
}

/// `--max-running-executions N`: the (N+1)th running execution is refused with AWS's
/// `ExecutionLimitExceeded`; once one ends, another starts.
#[test]
fn starts_past_the_running_limit_are_execution_limit_exceeded() {
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .max_running_executions(2)
        .start()
        .expect("serve");
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let asker = deployed(&client, "Asker", ASKER).await;
        let first = asker.execute(&json!({})).send().await.expect("first");
        asker.execute(&json!({})).send().await.expect("second");
        let refused = asker.execute(&json!({})).send().await.unwrap_err();
        assert_eq!(refused.code(), Some("ExecutionLimitExceeded"), "{refused}");
        first.stop().send().await.expect("stop");
        asker
            .execute(&json!({}))
            .send()
            .await
            .expect("a start once one ended");
    });
}

/// The threads of a `workflow serve` process (Linux: `/proc/PID/task`).
fn threads_of(child: &Child) -> Option<usize> {
    std::fs::read_dir(format!("/proc/{}/task", child.id()))
        .ok()
        .map(|d| d.count())
}

/// A thousand executions waiting at once are a thousand tasks, not a thousand threads.
#[test]
fn a_thousand_running_executions_hold_few_threads() {
    let (mut child, endpoint) = serve_process(&["--virtual-time"]);
    runtime().block_on(async {
        let client = client_for(&endpoint).await;
        let asker = deployed(&client, "Asker", ASKER).await;
        for n in 0..1000 {
            asker.execute(&json!({"n": n})).send().await.expect("start");
        }
        let listed = asker
            .list_executions()
            .status(ExecutionStatus::Running)
            .send()
            .await
            .expect("list");
        assert_eq!(listed.len(), 1000);
    });
    match threads_of(&child) {
        Some(threads) => assert!(threads <= 64, "{threads} threads at 1,000 running"),
        None => {
            eprintln!("NOTE: /proc is not there: the threads of workflow serve are not counted")
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// `workflow serve --data DIR` on a database it cannot read whole: it does not start, says
/// why, and leaves the file as it was.
#[test]
fn a_damaged_database_is_refused_and_left_as_it_was() {
    let refused = |prepare: &dyn Fn(&std::path::Path), expected: &str| {
        let data = tempfile::tempdir().expect("a data directory");
        prepare(data.path());
        let file = data.path().join("workflow-serve.sqlite3");
        let before = std::fs::read(&file).expect("the database file");
        let out = Command::new(env!("CARGO_BIN_EXE_workflow"))
            .args(["serve", "--port", "0", "--data"])
            .arg(data.path())
            .output()
            .expect("run workflow serve");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert_eq!(std::fs::read(&file).expect("the database file"), before);
    };
    refused(
        &|dir| std::fs::write(dir.join("workflow-serve.sqlite3"), b"").expect("write"),
        "an empty file",
    );
    refused(
        &|dir| std::fs::write(dir.join("workflow-serve.sqlite3"), vec![b'x'; 8192]).expect("write"),
        "SQLite cannot read it",
    );
    // A database written whole, then one record damaged.
    refused(
        &|dir| {
            {
                let server = Server::builder()
                    .port(0)
                    .virtual_time(true)
                    .data_dir(dir)
                    .start()
                    .expect("serve");
                runtime().block_on(async {
                    let client = client_for(&server.endpoint_url()).await;
                    let adder = deployed(&client, "Adder", ADDER).await;
                    let done = adder
                        .execute(&json!({"a": 1, "b": 2}))
                        .send()
                        .await
                        .expect("start")
                        .wait(WaitOptions::default())
                        .await
                        .expect("wait");
                    assert_eq!(done.status, ExecutionStatus::Succeeded);
                });
            }
            let connection =
                rusqlite::Connection::open(dir.join("workflow-serve.sqlite3")).expect("open");
            connection
                .execute("UPDATE machines SET record = '{\"arn\": 7}'", [])
                .expect("damage a record");
        },
        "does not decode",
    );
}
