//! The Step Functions client without a server: `aws-smithy-mocks` rules for the service's
//! answers (throttling, already-exists, not-found, access-denied) and a `StaticReplayClient`
//! that records the exact HTTP requests sent.

use aws_sdk_sfn::config::retry::RetryConfig;
use aws_sdk_sfn::error::ErrorMetadata;
use aws_sdk_sfn::operation::create_state_machine::CreateStateMachineError;
use aws_sdk_sfn::operation::describe_state_machine::{
    DescribeStateMachineError, DescribeStateMachineOutput,
};
use aws_sdk_sfn::operation::start_execution::StartExecutionOutput;
use aws_sdk_sfn::operation::update_state_machine::UpdateStateMachineOutput;
use aws_sdk_sfn::operation::validate_state_machine_definition::ValidateStateMachineDefinitionOutput;
use aws_sdk_sfn::primitives::DateTime;
use aws_sdk_sfn::types::error::{StateMachineAlreadyExists, StateMachineDoesNotExist};
use aws_sdk_sfn::types::{
    StateMachineType, ValidateStateMachineDefinitionDiagnostic,
    ValidateStateMachineDefinitionResultCode, ValidateStateMachineDefinitionSeverity,
};
use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use aws_smithy_runtime_api::http::{Request, Response, StatusCode};
use aws_smithy_types::body::SdkBody;
use serde::Serialize;
use serde_json::json;
use std::time::Duration;
use workflow_runtime::asl::Code;
use workflow_runtime::client::{
    Change, Client, DeployAction, Error, LogLevel, LoggingConfig, StateMachineSpec,
};

const ROLE: &str = "arn:aws:iam::123456789012:role/test";

/// [`ROLE`], read as a role's ARN.
fn role() -> workflow_runtime::aws_models::RoleArn {
    ROLE.parse().expect("an IAM role's ARN")
}
const ARN: &str = "arn:aws:states:us-east-1:123456789012:stateMachine:Hello";

/// [`ARN`], typed.
fn arn() -> workflow_runtime::aws_models::StatesArn {
    ARN.parse().expect("a state machine ARN")
}
const DEFINITION: &str = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// A service error as Step Functions sends it (awsJson1.0).
fn service_error(code: &str, message: &str) -> String {
    json!({"__type": format!("com.amazonaws.swf.service.v2.model#{code}"), "message": message})
        .to_string()
}

fn fast_retries(b: aws_sdk_sfn::config::Builder) -> aws_sdk_sfn::config::Builder {
    b.retry_config(
        RetryConfig::standard()
            .with_max_attempts(3)
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(5)),
    )
}

#[test]
fn throttling_is_retried_then_succeeds() {
    runtime().block_on(async {
        let start = mock!(aws_sdk_sfn::Client::start_execution)
            .sequence()
            .http_status(
                400,
                Some(service_error("ThrottlingException", "Rate exceeded")),
            )
            .times(2)
            .output(|| {
                StartExecutionOutput::builder()
                    .execution_arn("arn:aws:states:us-east-1:123456789012:execution:Hello:run-1")
                    .start_date(DateTime::from_secs(0))
                    .build()
                    .unwrap()
            })
            .build();
        let sdk = mock_client!(aws_sdk_sfn, RuleMode::Sequential, [&start], fast_retries);
        let client = Client::from_sdk(sdk);
        let execution = client
            .state_machine(arn())
            .execute_any(&json!({"x": 1}))
            .name("run-1")
            .send()
            .await
            .expect("succeeds on the third attempt");
        assert!(
            execution
                .arn()
                .to_string()
                .ends_with(":execution:Hello:run-1")
        );
        assert_eq!(start.num_calls(), 3);
        assert_eq!(client.api_calls().operations(), ["StartExecution"]);
        assert_eq!(client.api_calls().attempts(), 3);
    });
}

#[test]
fn throttling_that_never_ends_is_a_throttling_error_with_the_code() {
    runtime().block_on(async {
        let list = mock!(aws_sdk_sfn::Client::list_state_machines)
            .sequence()
            .http_status(
                400,
                Some(service_error("ThrottlingException", "Rate exceeded")),
            )
            .repeatedly()
            .build();
        let sdk = mock_client!(aws_sdk_sfn, RuleMode::Sequential, [&list], fast_retries);
        let client = Client::from_sdk(sdk);
        let err = client.list_state_machines().await.unwrap_err();
        assert!(matches!(err, Error::Throttling(_)), "{err:?}");
        assert_eq!(err.code(), Some("ThrottlingException"));
        assert_eq!(err.message(), Some("Rate exceeded"));
        assert_eq!(list.num_calls(), 3);
    });
}

#[test]
fn already_exists_keeps_code_and_message() {
    runtime().block_on(async {
        // as a modeled error built in code, with its metadata as the SDK reads it off the wire ...
        let modeled = mock!(aws_sdk_sfn::Client::create_state_machine).then_error(|| {
            CreateStateMachineError::StateMachineAlreadyExists(
                StateMachineAlreadyExists::builder()
                    .message(format!("State Machine Already Exists: '{ARN}'"))
                    .meta(
                        ErrorMetadata::builder()
                            .code("StateMachineAlreadyExists")
                            .message(format!("State Machine Already Exists: '{ARN}'"))
                            .build(),
                    )
                    .build(),
            )
        });
        // ... and off the wire
        let wire = mock!(aws_sdk_sfn::Client::create_state_machine).then_http_response(|| {
            Response::new(
                StatusCode::try_from(400).unwrap(),
                SdkBody::from(service_error(
                    "StateMachineAlreadyExists",
                    "State Machine Already Exists",
                )),
            )
        });
        for rule in [&modeled, &wire] {
            let sdk = mock_client!(aws_sdk_sfn, RuleMode::Sequential, [rule]);
            let client = Client::from_sdk(sdk);
            let err = client
                .create(&StateMachineSpec::new("Hello", DEFINITION, role()))
                .await
                .unwrap_err();
            assert!(matches!(err, Error::AlreadyExists(_)), "{err:?}");
            assert_eq!(err.code(), Some("StateMachineAlreadyExists"));
            assert!(
                err.message()
                    .unwrap()
                    .starts_with("State Machine Already Exists")
            );
            assert_eq!(err.service_error().unwrap().operation, "CreateStateMachine");
        }
    });
}

#[test]
fn not_found_is_does_not_exist() {
    runtime().block_on(async {
        let describe = mock!(aws_sdk_sfn::Client::describe_state_machine).then_error(|| {
            DescribeStateMachineError::StateMachineDoesNotExist(
                StateMachineDoesNotExist::builder()
                    .message("State Machine Does Not Exist")
                    .meta(
                        ErrorMetadata::builder()
                            .code("StateMachineDoesNotExist")
                            .message("State Machine Does Not Exist")
                            .build(),
                    )
                    .build(),
            )
        });
        let exec = mock!(aws_sdk_sfn::Client::describe_execution).then_http_response(|| {
            Response::new(
                StatusCode::try_from(400).unwrap(),
                SdkBody::from(service_error(
                    "ExecutionDoesNotExist",
                    "Execution Does Not Exist",
                )),
            )
        });
        let sdk = mock_client!(aws_sdk_sfn, RuleMode::MatchAny, [&describe, &exec]);
        let client = Client::from_sdk(sdk);
        let err = client.state_machine(arn()).describe().await.unwrap_err();
        assert!(matches!(err, Error::DoesNotExist(_)), "{err:?}");
        assert_eq!(err.code(), Some("StateMachineDoesNotExist"));
        let err = client
            .execution(
                "arn:aws:states:us-east-1:123456789012:execution:Hello:x"
                    .parse()
                    .expect("an execution ARN"),
            )
            .describe()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::DoesNotExist(_)), "{err:?}");
        assert_eq!(err.code(), Some("ExecutionDoesNotExist"));
    });
}

#[test]
fn access_denied_is_access_denied() {
    runtime().block_on(async {
        let message = "User: arn:aws:iam::123456789012:user/x is not authorized to perform: states:ListStateMachines";
        let list = mock!(aws_sdk_sfn::Client::list_state_machines).then_http_response(move || {
            Response::new(
                StatusCode::try_from(400).unwrap(),
                SdkBody::from(service_error("AccessDeniedException", message)),
            )
        });
        let sdk = mock_client!(aws_sdk_sfn, RuleMode::Sequential, [&list]);
        let client = Client::from_sdk(sdk);
        let err = client.list_state_machines().await.unwrap_err();
        assert!(matches!(err, Error::AccessDenied(_)), "{err:?}");
        assert_eq!(err.code(), Some("AccessDeniedException"));
        assert_eq!(err.message(), Some(message));
        assert!(err.to_string().contains("not authorized"), "{err}");
    });
}

fn described(definition: &str, role: &str) -> DescribeStateMachineOutput {
    DescribeStateMachineOutput::builder()
        .state_machine_arn(ARN)
        .name("Hello")
        .definition(definition)
        .role_arn(role)
        .r#type(StateMachineType::Standard)
        .creation_date(DateTime::from_secs(0))
        .build()
        .unwrap()
}

#[test]
fn deploy_describes_then_creates_updates_or_does_nothing() {
    runtime().block_on(async {
        let spec = StateMachineSpec::new("Hello", DEFINITION, role());

        // unchanged: one call
        let same = mock!(aws_sdk_sfn::Client::describe_state_machine)
            .match_requests(|r| r.state_machine_arn() == Some(ARN))
            .then_output(|| described(DEFINITION, ROLE));
        let update = mock!(aws_sdk_sfn::Client::update_state_machine).then_output(|| {
            UpdateStateMachineOutput::builder()
                .update_date(DateTime::from_secs(1))
                .build()
                .unwrap()
        });
        let sdk = mock_client!(aws_sdk_sfn, RuleMode::MatchAny, [&same, &update]);
        let client = Client::from_sdk(sdk);
        let d = client.deploy_spec(&spec).await.unwrap();
        assert_eq!((d.action, d.api_calls), (DeployAction::Unchanged, 1));
        assert_eq!(update.num_calls(), 0);

        // logging differs: update
        let d = client
            .deploy_spec(&spec.clone().logging(LoggingConfig::new(LogLevel::All)))
            .await
            .unwrap();
        assert_eq!(d.action, DeployAction::Updated);
        assert_eq!(d.changes, [Change::LoggingConfiguration]);
        assert_eq!(update.num_calls(), 1);
    });
}

/// The exact JSON the client sends, pinned: CreateStateMachine and StartExecution.
#[test]
fn request_bodies_are_pinned() {
    runtime().block_on(async {
        let ok = |body: &str| {
            Response::new(StatusCode::try_from(200).unwrap(), SdkBody::from(body.to_owned()))
        };
        let req = || Request::new(SdkBody::empty());
        let replay = StaticReplayClient::new(vec![
            ReplayEvent::new(
                req(),
                ok(&json!({"stateMachineArn": ARN, "creationDate": 0}).to_string()),
            ),
            ReplayEvent::new(
                req(),
                ok(&json!({
                    "executionArn": "arn:aws:states:us-east-1:123456789012:execution:Hello:run-1",
                    "startDate": 0
                })
                .to_string()),
            ),
        ]);
        let config = aws_sdk_sfn::Config::builder()
            .with_test_defaults_v2()
            .http_client(replay.clone())
            .endpoint_url("http://localhost:4566")
            .build();
        let client = Client::from_sdk(aws_sdk_sfn::Client::from_conf(config));

        let spec = StateMachineSpec::new("Hello", DEFINITION, role())
            .express()
            .tracing(true)
            .logging(
                LoggingConfig::new(LogLevel::Error)
                    .log_group("arn:aws:logs:us-east-1:123456789012:log-group:g:*"),
            )
            .tag("team", "orders");
        let machine = client.create(&spec).await.expect("create");
        assert_eq!(machine.arn(), &arn());

        #[derive(Serialize)]
        struct Input {
            #[serde(rename = "IsHelloWorldExample")]
            is_hello_world_example: bool,
        }
        let execution = machine
            .typed::<Input>()
            .execute(
                &Input {
                    is_hello_world_example: true,
                },
            )
            .name("run-1")
            .send()
            .await
            .expect("start");
        assert!(execution.arn().to_string().ends_with(":run-1"));

        let requests: Vec<_> = replay.actual_requests().collect();
        assert_eq!(requests.len(), 2);
        let target = |i: usize| requests[i].headers().get("x-amz-target").unwrap_or_default();
        let body = |i: usize| std::str::from_utf8(requests[i].body().bytes().unwrap()).unwrap();
        assert_eq!(target(0), "AWSStepFunctions.CreateStateMachine");
        assert_eq!(
            body(0),
            r#"{"name":"Hello","definition":"{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}","roleArn":"arn:aws:iam::123456789012:role/test","type":"EXPRESS","loggingConfiguration":{"level":"ERROR","destinations":[{"cloudWatchLogsLogGroup":{"logGroupArn":"arn:aws:logs:us-east-1:123456789012:log-group:g:*"}}]},"tags":[{"key":"team","value":"orders"}],"tracingConfiguration":{"enabled":true}}"#
        );
        assert_eq!(target(1), "AWSStepFunctions.StartExecution");
        assert_eq!(
            body(1),
            r#"{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:Hello","name":"run-1","input":"{\"IsHelloWorldExample\":true}"}"#
        );
        assert_eq!(requests[0].uri(), "http://localhost:4566/");
        assert_eq!(
            requests[0].headers().get("content-type"),
            Some("application/x-amz-json-1.0")
        );
    });
}

/// `StartSyncExecution` has the endpoint prefix `sync-`: kept on AWS's endpoints, not added to
/// a custom endpoint.
#[test]
fn sync_prefix_only_on_aws_endpoints() {
    runtime().block_on(async {
        let sync_ok = || {
            Response::new(
                StatusCode::try_from(200).unwrap(),
                SdkBody::from(
                    json!({
                        "executionArn": "arn:aws:states:us-east-1:123456789012:express:Hello:r:1",
                        "startDate": 0, "stopDate": 1, "status": "SUCCEEDED", "output": "{\"ok\":true}"
                    })
                    .to_string(),
                ),
            )
        };
        for (endpoint, expected) in [
            (Some("http://localhost:4566"), "http://localhost:4566/"),
            (None, "https://sync-states.us-east-1.amazonaws.com/"),
        ] {
            let replay = StaticReplayClient::new(vec![ReplayEvent::new(
                Request::new(SdkBody::empty()),
                sync_ok(),
            )]);
            let mut config = aws_sdk_sfn::Config::builder()
                .with_test_defaults_v2()
                .http_client(replay.clone());
            if let Some(e) = endpoint {
                config = config.endpoint_url(e);
            }
            let client = Client::from_sdk(aws_sdk_sfn::Client::from_conf(config.build()));
            let result = client.state_machine(arn()).execute_sync_any(&json!({}))
                .name("r")
                .send()
                .await
                .expect("sync execution");
            assert_eq!(result.output_as::<serde_json::Value>().unwrap(), json!({"ok": true}));
            let uri = replay.actual_requests().next().unwrap().uri().to_owned();
            assert_eq!(uri, expected);
        }
    });
}

#[test]
fn remote_validation_maps_diagnostics() {
    runtime().block_on(async {
        let validate =
            mock!(aws_sdk_sfn::Client::validate_state_machine_definition).then_output(|| {
                ValidateStateMachineDefinitionOutput::builder()
                    .result(ValidateStateMachineDefinitionResultCode::Fail)
                    .diagnostics(
                        ValidateStateMachineDefinitionDiagnostic::builder()
                            .severity(ValidateStateMachineDefinitionSeverity::Error)
                            .code("MISSING_TRANSITION_TARGET")
                            .message("Missing 'Next' target: B")
                            .location("/States/A/Next")
                            .build()
                            .unwrap(),
                    )
                    .diagnostics(
                        ValidateStateMachineDefinitionDiagnostic::builder()
                            .severity(ValidateStateMachineDefinitionSeverity::Warning)
                            .code("SOME_FUTURE_CODE")
                            .message("new rule")
                            .build()
                            .unwrap(),
                    )
                    .build()
                    .unwrap()
            });
        let sdk = mock_client!(aws_sdk_sfn, RuleMode::Sequential, [&validate]);
        let client = Client::from_sdk(sdk);
        let v = client
            .validate_remote(
                r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}"#,
                workflow_runtime::asl::ExecutionType::Standard,
            )
            .await
            .unwrap();
        assert!(!v.ok);
        assert_eq!(v.diagnostics.len(), 2);
        let mapped = v.to_diagnostics();
        assert_eq!(mapped.len(), 1, "unknown codes stay remote-only");
        assert_eq!(mapped[0].code, Code::MissingTransitionTarget);
        assert_eq!(mapped[0].pointer.as_str(), "/States/A/Next");
    });
}

#[test]
fn oversized_input_and_definition_are_refused_before_sending() {
    runtime().block_on(async {
        // no rules: any request that were sent would fail the test with a mock error
        let sdk = mock_client!(
            aws_sdk_sfn,
            RuleMode::Sequential,
            Vec::<&aws_smithy_mocks::Rule>::new()
        );
        let client = Client::from_sdk(sdk);
        let big = "x".repeat(workflow_runtime::execution::MAX_PAYLOAD_BYTES);
        let err = client
            .state_machine(arn())
            .execute_any(&big)
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::TooLarge {
                    what: "execution input",
                    ..
                }
            ),
            "{err:?}"
        );
        let huge = format!(
            r#"{{"StartAt":"A","States":{{"A":{{"Type":"Pass","Result":"{}","End":true}}}}}}"#,
            "x".repeat(workflow_runtime::asl::validate::MAX_DEFINITION_BYTES)
        );
        let err = client
            .deploy_spec(&StateMachineSpec::new("Hello", huge, role()))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::TooLarge {
                    what: "definition",
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(client.api_calls().count(), 0);
    });
}
