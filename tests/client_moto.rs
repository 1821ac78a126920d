//! The Step Functions client against a real Step Functions API: moto's server (execute mode,
//! docker-less Lambda) on a free loopback port, started for each test and killed at its end.
//!
//! moto is installed by `bash scripts/moto.sh install` (the test command `bash scripts/test.sh`
//! runs it first). A missing install fails these tests with that instruction; they never skip.
//!
//! The `hello_world`, `processing_workflow`, `training_pipeline` and `inference_pipeline`
//! examples run here end to end with `--aws`, as a user runs them: the built example binary,
//! pointed at moto by `AWS_ENDPOINT_URL_SFN`.

#[path = "support/moto.rs"]
pub(crate) mod moto;

use moto::MotoServer;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;
use workflow_runtime::asl::StateKind;
use workflow_runtime::client::cloudformation::{TemplateOptions, template};
use workflow_runtime::client::iam::{PolicyContext, policy_for_spec};
use workflow_runtime::client::{
    Change, Client, DeployAction, Error, LogLevel, LoggingConfig, StateMachineSpec, WaitOptions,
};
use workflow_runtime::execution::EventKind;
use workflow_runtime::execution::ExecutionStatus;

const ROLE: &str = "arn:aws:iam::123456789012:role/test";

/// [`ROLE`], read as a role's ARN.
fn role() -> workflow_runtime::aws_models::RoleArn {
    ROLE.parse().expect("an IAM role's ARN")
}

/// Asserts that the state machine `arn` is deployed with `example`'s `--asl` definition, run
/// by [`ROLE`]; returns that definition.
async fn assert_deployed_as_example(client: &Client, arn: &str, example: &str) -> Value {
    let asl = Command::new(example_binary(example))
        .arg("--asl")
        .output()
        .unwrap_or_else(|e| panic!("run {example} --asl: {e}"));
    let asl: Value = serde_json::from_slice(&asl.stdout).expect("--asl prints JSON");
    let deployed = client
        .state_machine(arn.parse().expect("a state machine ARN"))
        .describe()
        .await
        .expect("describe the deployed state machine");
    assert_eq!(
        serde_json::from_str::<Value>(&deployed.definition).unwrap(),
        asl,
        "{example}"
    );
    assert_eq!(deployed.role_arn.to_string(), ROLE);
    asl
}

/// The client pointed at the Step Functions endpoint `endpoint` (moto, or `workflow serve`).
pub(crate) async fn client_for(endpoint: &str) -> Client {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(aws_sdk_sfn::config::Credentials::new(
            "testing", "testing", None, None, "test",
        ))
        .load()
        .await;
    Client::new(&config)
}

pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

const GREETER_V1: &str = r#"{
  "StartAt": "Greet",
  "States": {
    "Greet": {
      "Type": "Pass",
      "Parameters": {"greeting.$": "States.Format('Hello {}', $.name)", "n.$": "$.n"},
      "Next": "Pause"
    },
    "Pause": {"Type": "Wait", "Seconds": 1, "End": true}
  }
}"#;

const GREETER_V2: &str = r#"{
  "StartAt": "Greet",
  "States": {
    "Greet": {
      "Type": "Pass",
      "Parameters": {"greeting.$": "States.Format('Hi {}', $.name)", "n.$": "States.MathAdd($.n, 1)"},
      "End": true
    }
  }
}"#;

const SLEEPER: &str =
    r#"{"StartAt": "Sleep", "States": {"Sleep": {"Type": "Wait", "Seconds": 600, "End": true}}}"#;

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct GreetInput {
    name: String,
    n: u32,
}

#[derive(Deserialize, Debug, PartialEq)]
struct GreetOutput {
    greeting: String,
    n: u32,
}

#[test]
fn deploy_redeploy_execute_history_stop_list_delete() {
    let server = MotoServer::start();
    runtime().block_on(client_lifecycle(&server.endpoint()));
}

/// Deploys, redeploys, executes, reads histories, stops, lists and deletes through the client
/// against the Step Functions endpoint `endpoint`; moto's and `workflow serve`'s answers must
/// both satisfy it.
pub(crate) async fn client_lifecycle(endpoint: &str) {
    {
        let client = client_for(endpoint).await;
        let calls = client.api_calls().clone();

        // deploy: created
        let spec = StateMachineSpec::new("Greeter", GREETER_V1, role());
        let first = client.deploy_spec(&spec).await.expect("first deploy");
        assert_eq!(first.action, DeployAction::Created);
        assert_eq!(first.api_calls, 2);
        assert_eq!(
            calls.operations(),
            ["DescribeStateMachine", "CreateStateMachine"]
        );
        let arn = first.arn().clone();
        assert_eq!(
            arn.to_string(),
            "arn:aws:states:us-east-1:123456789012:stateMachine:Greeter"
        );

        // redeploy unchanged: one DescribeStateMachine, no update
        calls.reset();
        let again = client.deploy_spec(&spec).await.expect("unchanged redeploy");
        assert_eq!(again.action, DeployAction::Unchanged);
        assert_eq!(again.api_calls, 1);
        assert_eq!(calls.operations(), ["DescribeStateMachine"]);
        assert_eq!(calls.count_of("UpdateStateMachine"), 0);
        eprintln!(
            "unchanged redeploy: {} API call(s): {:?}",
            calls.count(),
            calls.operations()
        );
        // whitespace is not a change: the definition is compared as JSON
        calls.reset();
        let compact = StateMachineSpec::new(
            "Greeter",
            serde_json::to_string(&serde_json::from_str::<Value>(GREETER_V1).unwrap()).unwrap(),
            role(),
        );
        assert_eq!(
            client.deploy_spec(&compact).await.unwrap().action,
            DeployAction::Unchanged
        );
        assert_eq!(calls.count_of("UpdateStateMachine"), 0);

        // redeploy changed: describe + update
        calls.reset();
        let spec_v2 = StateMachineSpec::new("Greeter", GREETER_V2, role());
        let changed = client
            .deploy_spec(&spec_v2)
            .await
            .expect("changed redeploy");
        assert_eq!(changed.action, DeployAction::Updated);
        assert_eq!(changed.changes, [Change::Definition]);
        assert_eq!(changed.api_calls, 2);
        assert_eq!(
            calls.operations(),
            ["DescribeStateMachine", "UpdateStateMachine"]
        );
        let deployed = client.state_machine(arn.clone()).describe().await.unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&deployed.definition).unwrap(),
            serde_json::from_str::<Value>(GREETER_V2).unwrap()
        );
        // a changed role is a change too
        let other_role = spec_v2.clone();
        let other_role = StateMachineSpec {
            role_arn: "arn:aws:iam::123456789012:role/other".parse().unwrap(),
            ..other_role
        };
        let d = client.deploy_spec(&other_role).await.unwrap();
        assert_eq!(
            (d.action, d.changes.as_slice()),
            (DeployAction::Updated, &[Change::RoleArn][..])
        );
        assert_eq!(
            client.deploy_spec(&spec_v2).await.unwrap().action,
            DeployAction::Updated
        );
        // back to v1 for the executions below
        assert_eq!(
            client.deploy_spec(&spec).await.unwrap().action,
            DeployAction::Updated
        );

        // execute with typed input and a name; wait; typed output
        let machine = first.state_machine.clone().typed::<GreetInput>();
        let input = GreetInput {
            name: "Ada".into(),
            n: 41,
        };
        let execution = machine
            .execute(&input)
            .name("first-run")
            .send()
            .await
            .expect("start");
        assert!(
            execution
                .arn()
                .to_string()
                .ends_with(":execution:Greeter:first-run")
        );
        let done = execution
            .wait(WaitOptions::default().timeout(Duration::from_secs(60)))
            .await
            .expect("wait");
        assert_eq!(done.status, ExecutionStatus::Succeeded, "{done:?}");
        let output: GreetOutput = execution.output().await.expect("typed output");
        assert_eq!(
            output,
            GreetOutput {
                greeting: "Hello Ada".into(),
                n: 41
            }
        );
        assert_eq!(execution.input::<GreetInput>().await.unwrap(), input);

        // the same name again: the service says it exists
        let clash = machine.execute(&input).name("first-run").send().await;
        assert!(matches!(clash, Err(Error::AlreadyExists(_))), "{clash:?}");
        // an invalid name never reaches the service
        let before = calls.count();
        assert!(matches!(
            machine.execute(&input).name("bad name").send().await,
            Err(Error::NameRejected { .. })
        ));
        assert_eq!(calls.count(), before);

        // history, every page
        let history = execution.history().await.expect("history");
        let types: Vec<String> = history
            .iter()
            .map(|e| e.kind.event_type().to_string())
            .collect();
        assert_eq!(
            types.first().map(String::as_str),
            Some("ExecutionStarted"),
            "{types:?}"
        );
        assert_eq!(
            types.last().map(String::as_str),
            Some("ExecutionSucceeded"),
            "{types:?}"
        );
        // The service's history reads as the engine's typed events.
        assert!(history.iter().any(|e| matches!(
            &e.kind,
            EventKind::StateEntered { state_type: StateKind::Pass, name, .. } if &**name == "Greet"
        )));
        match &history.last().unwrap().kind {
            EventKind::ExecutionSucceeded { output } => {
                assert_eq!(output.to_value(), json!({"greeting": "Hello Ada", "n": 41}))
            }
            other => panic!("the last event is {other:?}"),
        }

        // an unnamed execution gets a unique name (moto would call every one "None")
        let unnamed1 = machine.execute(&input).send().await.expect("unnamed 1");
        let unnamed2 = machine.execute(&input).send().await.expect("unnamed 2");
        assert_ne!(unnamed1.arn(), unnamed2.arn());
        unnamed1.wait(WaitOptions::default()).await.unwrap();
        unnamed2.wait(WaitOptions::default()).await.unwrap();

        // stop a long execution
        let sleeper = client
            .deploy_spec(&StateMachineSpec::new("Sleeper", SLEEPER, role()))
            .await
            .expect("deploy sleeper");
        let long = sleeper
            .state_machine
            .execute(&json!({}))
            .name("long")
            .send()
            .await
            .unwrap();
        long.stop()
            .error("Test.Stopped")
            .cause("stopped by the test")
            .send()
            .await
            .expect("stop");
        let stopped = long
            .wait(WaitOptions::default().timeout(Duration::from_secs(30)))
            .await
            .unwrap();
        assert_eq!(stopped.status, ExecutionStatus::Aborted);
        assert!(matches!(
            long.output::<Value>().await,
            Err(Error::ExecutionFailed { status, .. }) if status == ExecutionStatus::Aborted
        ));

        // a deadline is honoured
        let forever = sleeper
            .state_machine
            .execute(&json!({}))
            .name("forever")
            .send()
            .await
            .unwrap();
        let started = std::time::Instant::now();
        let timed_out = forever
            .wait(WaitOptions::default().timeout(Duration::from_millis(700)))
            .await;
        assert!(
            matches!(timed_out, Err(Error::WaitTimedOut { .. })),
            "{timed_out:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        forever.stop().send().await.unwrap();

        // list: every state machine, executions with and without a status filter
        let machines = client.list_state_machines().await.unwrap();
        let names: Vec<&str> = machines.iter().map(|m| m.name.as_str()).collect();
        assert!(
            names.contains(&"Greeter") && names.contains(&"Sleeper"),
            "{names:?}"
        );
        let all = machine.list_executions().send().await.unwrap();
        assert_eq!(all.len(), 3, "{all:?}");
        let succeeded = machine
            .list_executions()
            .status(ExecutionStatus::Succeeded)
            .send()
            .await
            .unwrap();
        assert!(succeeded.iter().any(|e| e.name == "first-run"));
        let aborted = client
            .state_machine(sleeper.arn().clone())
            .list_executions()
            .status(ExecutionStatus::Aborted)
            .send()
            .await
            .unwrap();
        let aborted: Vec<&str> = aborted.iter().map(|e| e.name.as_str()).collect();
        assert!(aborted.contains(&"long"), "{aborted:?}");
        assert!(
            client
                .state_machine(sleeper.arn().clone())
                .list_executions()
                .status(ExecutionStatus::Succeeded)
                .send()
                .await
                .unwrap()
                .is_empty()
        );

        // attach to an existing ARN
        let (info, attached) = client.attach(&arn).await.expect("attach");
        assert_eq!(info.name, "Greeter");
        assert_eq!(info.role_arn, role());
        assert_eq!(attached.arn(), &arn);

        // StartSyncExecution reaches the custom endpoint (no `sync-127.0.0.1` host): moto
        // answers that it does not implement it, which is a service answer, not a transport
        // failure.
        let sync = attached.execute_sync_any(&json!({})).send().await;
        match sync {
            Err(Error::Transport { message, .. }) => {
                panic!("StartSyncExecution did not reach the endpoint: {message}")
            }
            other => eprintln!("StartSyncExecution on moto: {other:?}"),
        }

        // EXPRESS with logging and tracing: redeploys unchanged, and the type cannot change
        let express = StateMachineSpec::new("Quick", GREETER_V2, role())
            .express()
            .tracing(true)
            .logging(
                LoggingConfig::new(LogLevel::Error)
                    .include_execution_data(true)
                    .log_group("arn:aws:logs:us-east-1:123456789012:log-group:/aws/states/quick:*"),
            )
            .tag("team", "tests");
        let q = client.deploy_spec(&express).await.expect("express deploy");
        assert_eq!(q.action, DeployAction::Created);
        let info = q.state_machine.describe().await.unwrap();
        assert_eq!(
            info.machine_type,
            workflow_runtime::asl::ExecutionType::Express
        );
        assert!(info.tracing);
        assert_eq!(info.logging.level, LogLevel::Error);
        calls.reset();
        let q2 = client.deploy_spec(&express).await.unwrap();
        assert_eq!((q2.action, q2.api_calls), (DeployAction::Unchanged, 1));
        let q3 = client
            .deploy_spec(&express.clone().tracing(false))
            .await
            .unwrap();
        assert_eq!(q3.changes, [Change::TracingConfiguration]);
        let as_standard = StateMachineSpec::new("Quick", GREETER_V2, role());
        assert!(matches!(
            client.deploy_spec(&as_standard).await,
            Err(Error::TypeMismatch { .. })
        ));

        // delete
        for d in [
            &first.state_machine,
            &sleeper.state_machine,
            &q.state_machine,
        ] {
            d.delete().await.expect("delete");
        }
        let gone = client.state_machine(arn.clone()).describe().await;
        assert!(matches!(gone, Err(Error::DoesNotExist(_))), "{gone:?}");
        let names: Vec<String> = client
            .list_state_machines()
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.name)
            .collect();
        assert!(!names.iter().any(|n| n == "Greeter"), "{names:?}");
    }
}

/// Creates the Lambda function `MyLambda` (and the IAM role it needs) in moto, with boto3
/// from the moto venv. The launcher runs Lambda docker-less: the function echoes its event.
fn create_my_lambda(server: &MotoServer) {
    let script = r#"
import io, sys, zipfile, boto3
kw = dict(endpoint_url=sys.argv[1], region_name="us-east-1",
          aws_access_key_id="testing", aws_secret_access_key="testing")
role = boto3.client("iam", **kw).create_role(
    RoleName="lambda-role",
    AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
    '"Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
)["Role"]["Arn"]
code = io.BytesIO()
with zipfile.ZipFile(code, "w") as z:
    z.writestr("index.py", "def handler(event, context):\n    return event\n")
boto3.client("lambda", **kw).create_function(
    FunctionName="MyLambda", Runtime="python3.12", Role=role,
    Handler="index.handler", Code={"ZipFile": code.getvalue()})
"#;
    let out = Command::new(moto::venv_python())
        .args(["-c", script, &server.endpoint()])
        .output()
        .expect("run the moto venv's python");
    assert!(
        out.status.success(),
        "creating MyLambda in moto failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `target/<profile>/examples/<name>`, next to this test binary's `deps/` directory; built
/// with cargo when it is not there (the test command builds every example beforehand).
/// The package whose `[[example]]` `name` is, and the features that build every example of it:
/// the tools' own example, or the examples' package (some of whose examples need the runtime's
/// opt-in SageMaker and Lambda features).
pub(crate) fn example_package(name: &str) -> (&'static str, &'static [&'static str]) {
    if name == "workflow_cli" {
        ("workflow-cli", &[])
    } else {
        ("workflow-examples", &["--features", "sagemaker,lambda"])
    }
}

pub(crate) fn example_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("the test binary sits in target/<profile>/deps");
    let example = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if !example.exists() {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "-p", example_package(name).0, "--example", name])
            .args(example_package(name).1)
            .current_dir(moto::repo_root())
            .status()
            .unwrap_or_else(|e| panic!("run cargo build --example {name}: {e}"));
        assert!(status.success(), "cargo build --example {name} failed");
    }
    assert!(example.exists(), "{} is missing", example.display());
    example
}

fn run_hello_world(server: &MotoServer, args: &[&str]) -> (bool, String, String) {
    let out = run_example(&server.endpoint(), "hello_world", args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs an example with `args`, pointed at `server` through the default AWS configuration
/// chain (`AWS_ENDPOINT_URL_SFN`), with the execution role in `WORKFLOW_ROLE_ARN`.
pub(crate) fn run_example(endpoint: &str, name: &str, args: &[&str]) -> std::process::Output {
    pointed_at(endpoint, &mut Command::new(example_binary(name)))
        .args(args)
        .env("WORKFLOW_ROLE_ARN", ROLE)
        .output()
        .unwrap_or_else(|e| panic!("run the {name} example: {e}"))
}

/// `command` with the default AWS configuration chain pointed at `server` (endpoint, region,
/// test credentials) and nothing of the machine's own AWS configuration.
fn pointed_at<'c>(endpoint: &str, command: &'c mut Command) -> &'c mut Command {
    command
        .env("AWS_ENDPOINT_URL_SFN", endpoint)
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/nonexistent/aws-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/aws-credentials",
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
}

#[test]
fn hello_world_example_runs_on_moto_with_aws_flag() {
    let server = MotoServer::start();
    create_my_lambda(&server);

    let (ok, stdout, stderr) = run_hello_world(&server, &["--aws"]);
    eprintln!("{stdout}{stderr}");
    assert!(ok, "hello_world --aws failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("(created, 2 API calls)"), "{stdout}");
    assert!(stdout.lines().any(|l| l == "status: SUCCEEDED"), "{stdout}");
    let output = stdout
        .lines()
        .find_map(|l| l.strip_prefix("output: "))
        .expect("an output line");
    let output: Value = serde_json::from_str(output).expect("the output is JSON");
    // moto's docker-less Lambda echoes the payload; lambda:invoke wraps it in Payload
    assert_eq!(
        output["Payload"],
        json!({"input": "HelloWorld"}),
        "{output}"
    );

    // the second run redeploys nothing: one DescribeStateMachine
    let (ok, stdout, stderr) = run_hello_world(&server, &["--aws"]);
    assert!(ok, "second hello_world --aws failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("(unchanged, 1 API calls)"), "{stdout}");
    assert!(stdout.lines().any(|l| l == "status: SUCCEEDED"), "{stdout}");

    // the sad path fails as the workflow says
    let (ok, stdout, _) = run_hello_world(&server, &["--aws", "--sad"]);
    assert!(!ok);
    assert!(stdout.lines().any(|l| l == "status: FAILED"), "{stdout}");
}

/// The SageMaker processing jobs moto holds, by name, listed with boto3 from the moto venv.
fn moto_processing_jobs(server: &MotoServer) -> Vec<String> {
    let script = r#"
import json, sys, boto3
sm = boto3.client("sagemaker", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="testing", aws_secret_access_key="testing")
print(json.dumps([j["ProcessingJobName"] for j in sm.list_processing_jobs()["ProcessingJobSummaries"]]))
"#;
    let out = Command::new(moto::venv_python())
        .args(["-c", script, &server.endpoint()])
        .output()
        .expect("run the moto venv's python");
    assert!(
        out.status.success(),
        "listing moto's processing jobs failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON list of job names")
}

/// The seeds' SageMaker `ProcessingStep` workflow, deployed and executed with `--aws` as a user
/// runs it. What moto 5.2.5 does with it, observed and asserted here as it is:
///
/// - the deployment is real: `CreateStateMachine` accepts the definition (then an unchanged
///   redeploy costs one `DescribeStateMachine`), and the deployed definition is exactly the
///   example's `--asl`;
/// - the execution starts with the typed `ProcessingWorkflowInput`, serialised under the
///   schema's names (`PreprocessingJobName`, `InputMessage`, `OutputProcessedMessage`);
/// - but moto's interpreter cannot run a SageMaker `.sync` task: it supports only
///   `.waitForTaskToken` for `sagemaker` (`_UNSUPPORTED_SERVICE_NAMES` in moto's
///   `state_task_service_factory.py`; `StateTaskServiceUnsupported` allows that one pattern).
///   Entering the task raises `RuntimeError("Unsupported sync callback procedure …")` before
///   any call is made, and the execution FAILS with `States.Runtime` and that message as its
///   cause. No processing job is created in moto's SageMaker, and moto's history holds only
///   `ExecutionStarted` and `ExecutionFailed` (not even `TaskStateEntered`).
///
/// On AWS the same run creates the processing job and waits for it; the local engine runs
/// it with a Rust stand-in for SageMaker (`tests/examples.rs`).
#[test]
fn processing_workflow_example_runs_on_moto_with_aws_flag() {
    let server = MotoServer::start();
    let job_name = "bsm-batch-preprocessing-daily-moto";
    let args = ["--aws", "--job-name", job_name];

    let out = run_example(&server.endpoint(), "processing_workflow", &args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    eprintln!("{stdout}{stderr}");
    // exit status 1: the execution ran and did not succeed (2 would be a deploy or start error)
    assert_eq!(
        out.status.code(),
        Some(1),
        "processing_workflow --aws:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(
            "state machine: arn:aws:states:us-east-1:123456789012:stateMachine:ProcessingWorkflow (created, 2 API calls)"
        ),
        "{stdout}"
    );
    let line = |prefix: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(prefix))
            .map(str::to_owned)
    };
    assert_eq!(line("status: ").as_deref(), Some("FAILED"), "{stdout}");
    assert_eq!(
        line("error: ").as_deref(),
        Some("States.Runtime"),
        "{stdout}"
    );
    assert_eq!(
        line("cause: ").as_deref(),
        Some(
            "RuntimeError(Unsupported sync callback procedure in resource \
             arn:aws:states:::sagemaker:createProcessingJob.sync)"
        ),
        "{stdout}"
    );
    assert_eq!(line("output: "), None, "{stdout}");
    let execution_arn = line("execution: ").expect("an execution line");

    // moto never called SageMaker
    assert_eq!(moto_processing_jobs(&server), Vec::<String>::new());

    runtime().block_on(async {
        let client = client_for(&server.endpoint()).await;
        assert_deployed_as_example(
            &client,
            "arn:aws:states:us-east-1:123456789012:stateMachine:ProcessingWorkflow",
            "processing_workflow",
        )
        .await;

        // the typed input, under the schema's names; the failure, and nothing in between
        let execution = client.execution(execution_arn.parse().expect("an execution ARN"));
        let input: Value = execution.input().await.expect("the execution input");
        assert_eq!(
            input,
            json!({
                "PreprocessingJobName": job_name,
                "InputMessage": "s3://bsm-data/raw/2024-04-07/",
                "OutputProcessedMessage": "s3://bsm-data/processed/2024-04-07/"
            })
        );
        let history = execution.history().await.expect("history");
        let types: Vec<String> = history
            .iter()
            .map(|e| e.kind.event_type().to_string())
            .collect();
        assert_eq!(
            types,
            ["ExecutionStarted", "ExecutionFailed"],
            "{history:?}"
        );
        assert_eq!(history[1].kind.error(), Some("States.Runtime"));
    });

    // the second run redeploys nothing and fails the same way
    let out = run_example(&server.endpoint(), "processing_workflow", &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("(unchanged, 1 API calls)"), "{stdout}");
    assert!(stdout.lines().any(|l| l == "status: FAILED"), "{stdout}");
    assert!(
        stdout.lines().any(|l| l == "error: States.Runtime"),
        "{stdout}"
    );
}

/// The Python SDK's two templates, `training_pipeline` and `inference_pipeline`, deployed and
/// executed with `--aws` as a user runs them. moto accepts each definition (`CreateStateMachine`;
/// the deployed definition is the example's `--asl`) and the execution input the template's
/// `execute_input` builds, which holds every request the definition reads from
/// `$$.Execution.Input`; then, as for the processing workflow above, moto's interpreter cannot
/// run the first SageMaker `.sync` task and fails the execution with `States.Runtime`. A second
/// run redeploys nothing. (On AWS the same runs train, create the model and deploy the
/// endpoint; the local engine runs them against a fake SageMaker in `tests/examples.rs`.)
#[test]
fn the_sagemaker_templates_deploy_and_start_on_moto_with_aws_flag() {
    let server = MotoServer::start();
    for example in ["training_pipeline", "inference_pipeline"] {
        let args = ["--aws", "--job-name", "moto-run"];
        let out = run_example(&server.endpoint(), example, &args);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        // exit status 1: the execution ran and did not succeed (2: a deploy or start error)
        assert_eq!(
            out.status.code(),
            Some(1),
            "{example} --aws:\n{stdout}\n{stderr}"
        );
        let line = |prefix: &str| {
            stdout
                .lines()
                .find_map(|l| l.strip_prefix(prefix))
                .map(str::to_owned)
        };
        let machine = line("state machine: ").expect("a state machine line");
        let (arn, action) = machine.split_once(' ').expect("`ARN (action)`");
        assert_eq!(action, "(created, 2 API calls)", "{stdout}");
        assert_eq!(line("status: ").as_deref(), Some("FAILED"), "{stdout}");
        assert_eq!(
            line("error: ").as_deref(),
            Some("States.Runtime"),
            "{stdout}"
        );
        let cause = line("cause: ").unwrap_or_default();
        assert!(
            cause.contains("Unsupported sync callback procedure in resource arn:aws:states:::sagemaker:createTrainingJob.sync"),
            "{stdout}"
        );
        let execution_arn = line("execution: ").expect("an execution line");

        runtime().block_on(async {
            let client = client_for(&server.endpoint()).await;
            let asl = assert_deployed_as_example(&client, arn, example).await;
            // Every `$$.Execution.Input['State'].Field` a Task reads is in the input.
            let input: Value = client
                .execution(execution_arn.parse().expect("an execution ARN"))
                .input()
                .await
                .expect("the execution input");
            let mut read = 0;
            for (name, state) in asl["States"].as_object().expect("States") {
                let parameters = state["Parameters"].as_object().expect("Parameters");
                for (key, path) in parameters {
                    let path = path.as_str().expect("a path");
                    let prefix = format!("$$.Execution.Input['{name}'].");
                    let field = path.strip_prefix(&prefix).expect("read from the input");
                    assert_eq!(key, &format!("{field}.$"));
                    assert!(
                        !input[name.as_str()][field].is_null(),
                        "{example}: the input has no `{field}` for `{name}`: {input}"
                    );
                    read += 1;
                }
            }
            assert!(read >= 10, "{example}: {read} fields read");
        });

        // A second run (a new job name: execution names are unique) redeploys nothing.
        let out = run_example(
            &server.endpoint(),
            example,
            &["--aws", "--job-name", "moto-run-2"],
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
        assert!(stdout.contains("(unchanged, 1 API calls)"), "{stdout}");
    }
}

/// The YAML export reads back (with PyYAML, from the moto venv) as exactly the JSON export.
#[test]
fn cloudformation_yaml_reads_back_as_the_json_template() {
    let definition =
        std::fs::read_to_string(moto::repo_root().join("examples/hello_world.asl.json"))
            .expect("read examples/hello_world.asl.json");
    // real NEL / LINE SEPARATOR characters (serde_json writes them unescaped), YAML
    // indicators, words YAML 1.1 reads as booleans or null, and substitutions whose names
    // become mapping keys
    let tricky = serde_json::to_string_pretty(&json!({
        "Comment": "yes: no # not a comment\u{85}\u{2028} 'quotes' \"dq\" \\ tab\t end ",
        "StartAt": "on",
        "States": {
            "on": {"Type": "Pass", "Result": {"Y": "null", "N": "~", "*": "&anchor", "k": "- x"}, "Next": "Call"},
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                     "Parameters": {"FunctionName": "${Y}", "Payload": {"r": "${AWS::Region}"}}, "End": true}
        }
    }))
    .unwrap();
    for (name, def) in [
        ("HelloWorld", definition.as_str()),
        ("Tricky", tricky.as_str()),
    ] {
        let spec = StateMachineSpec::new(name, def, role())
            .tag("on", "yes: # off")
            .substitute("Y", "no");
        let t = template(&spec, &TemplateOptions::default()).expect("template");
        let yaml = t.to_yaml();
        let out = Command::new(moto::venv_python())
            .args([
                "-c",
                "import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child
                    .stdin
                    .take()
                    .expect("stdin")
                    .write_all(yaml.as_bytes())?;
                child.wait_with_output()
            })
            .expect("run PyYAML");
        assert!(
            out.status.success(),
            "PyYAML rejected the template:\n{yaml}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let back: Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(&back, t.to_value(), "YAML:\n{yaml}");
    }
}

/// The hello-world policy names the one Lambda function it calls.
#[test]
fn hello_world_policy_is_least_privilege() {
    let definition =
        std::fs::read_to_string(moto::repo_root().join("examples/hello_world.asl.json"))
            .expect("read examples/hello_world.asl.json");
    let spec = StateMachineSpec::new("HelloWorld", definition, role());
    let policy = policy_for_spec(&spec, &PolicyContext::default()).unwrap();
    assert_eq!(
        policy.to_value(),
        json!({"Version": "2012-10-17", "Statement": [{
            "Sid": "LambdaInvokeFunction",
            "Effect": "Allow",
            "Action": ["lambda:InvokeFunction"],
            "Resource": [
                "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:MyLambda",
                "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:MyLambda:*"
            ]
        }]})
    );
}

/// The `workflow` binary with `args`, pointed at `server` as `run_example` points examples.
pub(crate) fn run_cli(endpoint: &str, args: &[&str]) -> (i32, String, String) {
    let out = pointed_at(endpoint, &mut Command::new(env!("CARGO_BIN_EXE_workflow")))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run workflow {args:?}: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `workflow history EXECUTION --format svg -o FILE` against `endpoint`: the picture written.
pub(crate) fn history_picture(endpoint: &str, execution: &str) -> String {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let svg = dir.path().join("progress.svg");
    let (code, _, stderr) = run_cli(
        endpoint,
        &[
            "history",
            execution,
            "--format",
            "svg",
            "-o",
            svg.to_str().unwrap_or_default(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    std::fs::read_to_string(&svg).expect("the picture is written")
}

#[test]
fn the_cli_deploys_executes_and_draws_the_history_on_moto() {
    let server = MotoServer::start();
    cli_deploys_executes_and_draws_the_history(&server.endpoint());
}

/// `workflow deploy`, `execute --wait` and `history` (table and picture) against `endpoint`.
pub(crate) fn cli_deploys_executes_and_draws_the_history(endpoint: &str) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("greeter.asl.json");
    std::fs::write(&file, GREETER_V1).expect("write the definition");
    let file = file.to_str().unwrap_or_default();

    let (code, stdout, stderr) = run_cli(
        endpoint,
        &["deploy", file, "--name", "Greeter", "--role", ROLE],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        stdout.trim(),
        "arn:aws:states:us-east-1:123456789012:stateMachine:Greeter created"
    );
    let (code, stdout, _) = run_cli(
        endpoint,
        &["deploy", file, "--name", "Greeter", "--role", ROLE],
    );
    assert_eq!(
        (code, stdout.trim().ends_with("unchanged")),
        (0, true),
        "{stdout}"
    );

    let (code, stdout, stderr) = run_cli(
        endpoint,
        &[
            "execute",
            "Greeter",
            "--input",
            r#"{"name": "Ada", "n": 1}"#,
            "--name",
            "cli-run",
            "--wait",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let execution = stdout
        .lines()
        .find_map(|l| l.strip_prefix("execution: "))
        .expect("the execution's ARN is printed")
        .to_owned();
    assert!(
        execution.ends_with(":execution:Greeter:cli-run"),
        "{stdout}"
    );
    assert!(stdout.contains("status: SUCCEEDED"), "{stdout}");

    let (code, table, stderr) = run_cli(endpoint, &["history", &execution]);
    assert_eq!(code, 0, "{stderr}");
    assert!(table.starts_with("id "), "{table}");
    assert!(
        table.contains("ExecutionStarted") && table.contains("ExecutionSucceeded"),
        "{table}"
    );

    let picture = history_picture(endpoint, &execution);
    assert!(picture.starts_with("<svg"), "{picture}");

    let (code, _, stderr) = run_cli(endpoint, &["execute", "Nobody", "--wait"]);
    assert_eq!(code, 2, "an unknown state machine is a usage error");
    assert!(
        stderr.contains("no state machine named `Nobody`"),
        "{stderr}"
    );
}
