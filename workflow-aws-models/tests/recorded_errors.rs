//! The error names and causes the codec gives (feature `wire`) against those Step Functions
//! gave on AWS, in the executions recorded in `../shared/aws-recorded` (LocalStack's suite,
//! validated on AWS): every recorded Task failure of an integration whose error is a
//! service's (`Service.Exception`, not `States.*` nor a Lambda function's own).
//!
//! - An optimized integration's cause carries the wire code (`Error Code: ResourceNotFoundException`):
//!   the error answer is rebuilt with that code, decoded, and its name and cause must be the
//!   recorded ones (request ids aside).
//! - An AWS SDK integration's cause carries no code: its name must be the service's prefix and
//!   either the client's own exception or one the model lists for the operation, and the
//!   cause rebuilt from the recorded message and status must be the recorded one.
//!
//! The recordings are read from `../shared/aws-recorded/cases`; without them the test fails,
//! saying so.
#![cfg(feature = "wire")]

use serde_json::Value;
use std::path::Path;
use workflow_aws_models::{Resource, WireResponse};

fn cases() -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/aws-recorded/cases");
    assert!(
        dir.is_dir(),
        "{} is missing: the recorded executions are the shared data beside the repository",
        dir.display()
    );
    dir
}

/// Every Task state's resource in a definition, by state name (nested states included).
fn resources(definition: &Value, out: &mut Vec<(String, String)>) {
    let Some(states) = definition.get("States").and_then(Value::as_object) else {
        return;
    };
    for (name, state) in states {
        if let Some(r) = state.get("Resource").and_then(Value::as_str) {
            out.push((name.clone(), r.to_owned()));
        }
        for branch in state
            .get("Branches")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            resources(branch, out);
        }
        for key in ["Iterator", "ItemProcessor"] {
            if let Some(inner) = state.get(key) {
                resources(inner, out);
            }
        }
    }
}

/// The error answer a service would have sent with `code` and `message`, in its protocol.
fn answer(protocol: &str, code: &str, message: &str) -> (Vec<(String, String)>, String) {
    match protocol {
        "query" => (
            Vec::new(),
            format!(
                "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>r</RequestId></ErrorResponse>"
            ),
        ),
        "rest-xml" => (
            Vec::new(),
            format!("<Error><Code>{code}</Code><Message>{message}</Message></Error>"),
        ),
        _ => (
            vec![("x-amzn-errortype".to_owned(), code.to_owned())],
            serde_json::json!({"__type": code, "message": message}).to_string(),
        ),
    }
}

#[test]
fn service_errors_are_named_and_told_as_recorded_on_aws() {
    let mut checked = Vec::new();
    for entry in std::fs::read_dir(cases()).unwrap().flatten() {
        let dir = entry.path();
        let Ok(mock) = std::fs::read_to_string(dir.join("mock.json")) else {
            continue;
        };
        let mock: Value = serde_json::from_str(&mock).unwrap();
        let definition: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("definition.asl.json")).unwrap(),
        )
        .unwrap();
        let mut tasks = Vec::new();
        resources(&definition, &mut tasks);
        let test_cases = &mock["StateMachines"]["recorded"]["TestCases"]["recorded"];
        for (state, resource) in &tasks {
            let Some(response) = test_cases.get(state).and_then(Value::as_str) else {
                continue;
            };
            for answer_ in mock["MockedResponses"][response]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(_, v)| v)
            {
                let Some(thrown) = answer_.get("Throw") else {
                    continue;
                };
                let (error, cause) = (
                    thrown["Error"].as_str().unwrap_or_default(),
                    thrown["Cause"].as_str().unwrap_or_default(),
                );
                let resource = Resource::parse(resource.clone());
                let Some(integration) = resource.integration() else {
                    continue;
                };
                let Ok(call) = integration.endpoint_call() else {
                    continue;
                };
                if error.starts_with("States.")
                    || !error.contains('.')
                    || error == "EventBridge.FailedEntry"
                {
                    continue;
                }
                let op = call.operation();
                let protocol = op.service().wire_protocol().unwrap().name();
                // `Message (Service: X; Status Code: N; Error Code: C; Request ID: …; Proxy: null)`
                // or `Message (Service: X, Status Code: N, Request ID: …)`.
                let Some((message, tail)) = cause.rsplit_once(" (Service: ") else {
                    continue;
                };
                let field = |name: &str, sep: char| {
                    tail.split(sep)
                        .map(str::trim)
                        .find_map(|f| f.strip_prefix(name).map(str::to_owned))
                };
                if integration.is_sdk() {
                    let status: u16 = field("Status Code: ", ',')
                        .and_then(|s| s.parse().ok())
                        .unwrap();
                    let prefix = op.service().error_prefix();
                    let exception =
                        error
                            .strip_prefix(&format!("{prefix}."))
                            .unwrap_or_else(|| {
                                panic!("{}: `{error}` is not `{prefix}.…`", dir.display())
                            });
                    // The model's error shape whose exception was recorded, if one was.
                    let listed = integration
                        .sdk_errors()
                        .iter()
                        .zip(op.errors())
                        .find(|(name, _)| *name == error)
                        .map(|(_, shape)| shape.to_owned());
                    assert!(
                        listed.is_some() || exception == format!("{prefix}Exception"),
                        "{}: `{error}` is neither {prefix}'s exception nor one {} lists",
                        dir.display(),
                        op.name()
                    );
                    // An answer with that error's code, or with a code the model does not list.
                    let code = listed.unwrap_or_else(|| "UnlistedError".to_owned());
                    let (headers, body) = answer(protocol, &code, message);
                    let decoded = op.decode_error(&WireResponse {
                        status,
                        headers: &headers,
                        body: body.as_bytes(),
                    });
                    let (name, rebuilt) = call.failure(&decoded);
                    assert_eq!(name, error, "{}", dir.display());
                    let normalize =
                        |c: &str| c.split(", Request ID:").next().unwrap_or(c).to_owned();
                    assert_eq!(normalize(&rebuilt), normalize(cause), "{}", dir.display());
                } else {
                    let status: u16 = field("Status Code: ", ';')
                        .and_then(|s| s.parse().ok())
                        .unwrap();
                    let code = field("Error Code: ", ';').unwrap();
                    let (headers, body) = answer(protocol, &code, message);
                    let decoded = op.decode_error(&WireResponse {
                        status,
                        headers: &headers,
                        body: body.as_bytes(),
                    });
                    let (name, rebuilt) = call.failure(&decoded);
                    assert_eq!(name, error, "{}", dir.display());
                    let normalize =
                        |c: &str| c.split("; Request ID:").next().unwrap_or(c).to_owned();
                    assert_eq!(normalize(&rebuilt), normalize(cause), "{}", dir.display());
                }
                checked.push(error.to_owned());
            }
        }
    }
    checked.sort();
    checked.dedup();
    println!("checked against the recordings: {checked:?}");
    assert!(
        checked.len() >= 10,
        "too few recorded service errors were found: {checked:?}"
    );
}
