//! What the optimized integrations return, per pattern: the documented results are typed, with
//! the members AWS answers; the undocumented ones and the callbacks stay any JSON.

use serde_json::json;
use workflow_aws_models::{FieldValidationMode, Integration, Pattern, Shape, ShapeKind};

fn result(service: &str, action: &str, pattern: Pattern) -> Option<Shape> {
    Integration::named(service, action, pattern)
        .unwrap_or_else(|e| panic!("{service}:{action}: {e}"))
        .result()
}

fn typed(service: &str, action: &str, pattern: Pattern) -> Shape {
    result(service, action, pattern)
        .unwrap_or_else(|| panic!("{service}:{action} {pattern}: no result shape"))
}

fn members(shape: Shape) -> Vec<&'static str> {
    shape.members().map(|m| m.name()).collect()
}

/// The shape at `path` below `shape` (`*` for a list's item).
fn at(mut shape: Shape, path: &[&str]) -> Shape {
    for step in path {
        shape = if *step == "*" {
            shape.item().unwrap_or_else(|| panic!("no item at {step}"))
        } else {
            shape
                .member(step)
                .unwrap_or_else(|| panic!("no member {step} in {:?}", members(shape)))
                .shape()
        };
    }
    shape
}

/// Every key of every object in `value` is a member of its shape (validation accepts keys the
/// model does not know, as AWS does; this test must not).
fn assert_every_key_is_a_member(shape: Shape, value: &serde_json::Value) {
    let mut stack = vec![(shape, value, String::new())];
    while let Some((shape, value, pointer)) = stack.pop() {
        match value {
            serde_json::Value::Object(object) => {
                for (key, child) in object {
                    let Some(member) = shape.member(key) else {
                        panic!("{pointer}/{key} is not a member of {:?}", shape.name());
                    };
                    stack.push((member.shape(), child, format!("{pointer}/{key}")));
                }
            }
            serde_json::Value::Array(items) => {
                if let Some(item) = shape.item() {
                    stack.extend(items.iter().map(|v| (item, v, format!("{pointer}/*"))));
                }
            }
            _ => {}
        }
    }
}

#[test]
fn ecs_run_task_sync_returns_the_stopped_task_in_pascal_case() {
    let task = typed("ecs", "run_task", Pattern::Sync);
    assert_eq!(task.name(), Some("Task"));
    for member in [
        "LastStatus",
        "StopCode",
        "StoppedReason",
        "TaskArn",
        "Containers",
    ] {
        assert!(task.member(member).is_some(), "{member}");
    }
    assert_eq!(
        at(task, &["Containers", "*", "ExitCode"]).kind(),
        ShapeKind::Integer
    );
    // The members of the stopped task LocalStack's `test_run_task_sync` snapshot recorded on
    // AWS, spelt as AWS spelt them: every one is a member of the typed result.
    let recorded = json!({
        "Attachments": [{"Details": [{"Name": "subnetId", "Value": "subnet-1"}], "Id": "a", "Status": "DELETED", "Type": "eni"}],
        "Attributes": [{"Name": "ecs.cpu-architecture", "Value": "x86_64"}],
        "AvailabilityZone": "us-east-1b", "ClusterArn": "arn", "Connectivity": "CONNECTED",
        "Containers": [{"ContainerArn": "arn", "Cpu": "0", "ExitCode": 0, "GpuIds": [], "Image": "busybox",
            "ImageDigest": "sha256:0", "LastStatus": "STOPPED", "ManagedAgents": [], "Name": "app",
            "NetworkBindings": [], "NetworkInterfaces": [{"AttachmentId": "a", "PrivateIpv4Address": "10.0.0.1"}],
            "RuntimeId": "r", "TaskArn": "arn"}],
        "Cpu": "256", "DesiredStatus": "STOPPED", "EnableExecuteCommand": false,
        "EphemeralStorage": {"SizeInGiB": 20}, "Group": "family:app", "InferenceAccelerators": [],
        "LastStatus": "STOPPED", "LaunchType": "FARGATE", "Memory": "512",
        "Overrides": {"ContainerOverrides": [{"Command": [], "Environment": [], "EnvironmentFiles": [], "Name": "app", "ResourceRequirements": []}], "InferenceAcceleratorOverrides": []},
        "PlatformVersion": "1.4.0", "StartedBy": "AWS Step Functions", "StopCode": "EssentialContainerExited",
        "StoppedReason": "Essential container in task exited", "Tags": [], "TaskArn": "arn",
        "TaskDefinitionArn": "arn", "Version": 5
    });
    let findings = task.validate(&recorded, FieldValidationMode::Strict);
    assert!(findings.is_empty(), "{findings:?}");
    assert_every_key_is_a_member(task, &recorded);
    // The API's own camelCase is not what Step Functions answers.
    assert!(task.member("lastStatus").is_none());
    // The request-response result is RunTask's output, `.waitForTaskToken`'s the sender's.
    assert!(
        typed("ecs", "run_task", Pattern::RequestResponse)
            .member("Tasks")
            .is_some()
    );
    assert!(result("ecs", "run_task", Pattern::WaitForTaskToken).is_none());
}

#[test]
fn api_gateway_invoke_returns_the_http_response() {
    let response = typed("apigateway", "invoke", Pattern::RequestResponse);
    assert_eq!(
        members(response),
        ["ResponseBody", "Headers", "StatusCode", "StatusText"]
    );
    assert_eq!(at(response, &["StatusCode"]).kind(), ShapeKind::Integer);
    assert_eq!(at(response, &["ResponseBody"]).kind(), ShapeKind::Any);
    let recorded = json!({
        "Headers": {"Content-Type": ["application/json"], "Date": "Sun, 20 Aug 2023 15:18:59 GMT"},
        "ResponseBody": {"message": ["Hello", "World!"]},
        "StatusCode": 200,
        "StatusText": "OK"
    });
    assert!(
        response
            .validate(&recorded, FieldValidationMode::Strict)
            .is_empty()
    );
    let body_and_status = json!({"ResponseBody": {}, "StatusCode": 200, "StatusText": "OK"});
    assert_every_key_is_a_member(response, &body_and_status);
    assert!(result("apigateway", "invoke", Pattern::WaitForTaskToken).is_none());
}

#[test]
fn emr_answers_its_own_shapes_under_both_patterns() {
    for pattern in [Pattern::RequestResponse, Pattern::Sync] {
        let cluster = typed("elasticmapreduce", "create_cluster", pattern);
        assert_eq!(members(cluster), ["ClusterId", "ClusterArn"]);
        assert!(cluster.member("JobFlowId").is_none());
        let step = typed("elasticmapreduce", "add_step", pattern);
        assert_eq!(members(step), ["StepId"]);
    }
    let cancel = typed("elasticmapreduce", "cancel_step", Pattern::RequestResponse);
    let info = at(cancel, &["CancelStepsInfo"]);
    assert!(info.member("Status").is_some() && info.member("StepId").is_some());
    // Neither the API nor the page says what these answer.
    assert!(result("elasticmapreduce", "terminate_cluster", Pattern::Sync).is_none());
    assert!(
        result(
            "elasticmapreduce",
            "set_cluster_termination_protection",
            Pattern::RequestResponse
        )
        .is_none()
    );
}

#[test]
fn emr_serverless_answers_the_application_id_or_the_api_response() {
    for action in [
        "start_application",
        "stop_application",
        "delete_application",
    ] {
        for pattern in [Pattern::RequestResponse, Pattern::Sync] {
            assert_eq!(
                members(typed("emr-serverless", action, pattern)),
                ["ApplicationId"],
                "{action} {pattern}"
            );
        }
    }
    let run = typed("emr-serverless", "start_job_run", Pattern::Sync);
    assert!(run.member("JobRunId").is_some() && run.member("ApplicationId").is_some());
    let app = typed("emr-serverless", "create_application", Pattern::Sync);
    assert!(app.member("ApplicationId").is_some());
    let cancelled = typed("emr-serverless", "cancel_job_run", Pattern::Sync);
    assert!(cancelled.member("JobRunId").is_some());
}

#[test]
fn eks_sync_returns_the_resource_and_kubernetes_stays_open() {
    let created = typed("eks", "create_cluster", Pattern::Sync);
    assert_eq!(
        at(created, &["Cluster", "Endpoint"]).kind(),
        ShapeKind::String
    );
    assert_eq!(
        at(created, &["Cluster", "CertificateAuthority", "Data"]).kind(),
        ShapeKind::String
    );
    // Create*, Describe* and Delete* answer one shape per resource: `.sync` answers it too.
    let nodegroup = typed("eks", "delete_nodegroup", Pattern::Sync);
    assert_eq!(
        at(nodegroup, &["Nodegroup", "Status"]).kind(),
        ShapeKind::String
    );
    // Kubernetes' answers are not modelled.
    assert!(result("eks", "run_job", Pattern::Sync).is_none());
    assert!(result("eks", "call", Pattern::RequestResponse).is_none());
}

#[test]
fn emr_on_eks_sync_answers_the_api_response() {
    let run = typed("emr-containers", "start_job_run", Pattern::Sync);
    for member in ["Id", "Name", "Arn", "VirtualClusterId"] {
        assert!(run.member(member).is_some(), "{member}");
    }
    let deleted = typed("emr-containers", "delete_virtual_cluster", Pattern::Sync);
    assert_eq!(members(deleted), ["Id"]);
}

#[test]
fn every_untyped_result_says_why_in_its_source() {
    for listed in Integration::optimized() {
        for &pattern in listed.supported_patterns() {
            let Some(found) = listed.with_pattern(pattern) else {
                panic!("{listed}: {pattern} listed but refused");
            };
            if pattern == Pattern::WaitForTaskToken || found.result().is_some() {
                continue;
            }
            let source = found.source();
            assert!(
                source.contains("any JSON"),
                "{found}: untyped, and its source does not say why: {source}"
            );
        }
    }
}
