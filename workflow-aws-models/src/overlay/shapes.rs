//! The shapes of the overlay: requests Step Functions defines itself, and API shapes where
//! some members take any JSON value.

use super::{OptimizedAction, Pattern, Request, Response};
use crate::models::synth::{Builder, Part};
use crate::models::{Service, Shape, ShapeKind};

/// An API operation's input or output (`None` when the service, the operation or the shape is
/// missing: the overlay's tests check that none is).
fn api(service: &str, operation: &str, output: bool) -> Option<Shape> {
    let op = Service::by_botocore_name(service)?.operation(operation)?;
    if output { op.output() } else { op.input() }
}

/// The shape at `path` below `shape` (members separated by `/`, `*` for a list's item).
fn descend(mut shape: Shape, path: &[&str]) -> Option<Shape> {
    for step in path {
        shape = if *step == "*" {
            shape.item().or_else(|| shape.map_value())?
        } else {
            shape.member(step)?.shape()
        };
    }
    Some(shape)
}

/// `shape` with the members at `paths` of `kind`: [`ShapeKind::JsonText`] in a request (text
/// or JSON Step Functions serialises), [`ShapeKind::Any`] in a response (text Step Functions
/// parses, which may be any JSON value).
pub(crate) fn with_json(shape: Shape, paths: &[&str], kind: ShapeKind) -> Shape {
    let mut b = Builder::default();
    let json = b.scalar(kind);
    let root = b.replace(shape, paths, json);
    b.finish(root)
}

/// The request of `action` (`None`: any JSON object).
pub(crate) fn request_shape(action: &OptimizedAction) -> Option<Shape> {
    match &action.request {
        Request::Api(service, op) => api(service, op, false),
        Request::ApiJson(service, op, paths) => Some(with_json(
            api(service, op, false)?,
            paths,
            ShapeKind::JsonText,
        )),
        Request::Synth(build) => {
            let mut b = Builder::default();
            let root = build(&mut b);
            Some(b.finish(root))
        }
        Request::Open => None,
    }
}

/// What `action` returns under `pattern` (`None`: any JSON value).
pub(crate) fn response_shape(action: &OptimizedAction, pattern: Pattern) -> Option<Shape> {
    let response = match pattern {
        Pattern::RequestResponse => &action.response,
        Pattern::Sync | Pattern::Sync2 => &action.sync,
        // Whatever the sender of the task token returns with SendTaskSuccess.
        Pattern::WaitForTaskToken => return None,
    };
    match response {
        // `.sync:2` parses the execution's `Output` (connect-stepfunctions.html) and its
        // `Input` (executions recorded on AWS: `callback.test_callback__test_start_execution_sync2`
        // in ../shared/aws-recorded returns `"Input": {}`).
        // Its dates may be epoch seconds, as the API's JSON writes them (issue 54: a mock
        // copied from AWS's answer), or text.
        Response::Output(service, op, path) if pattern == Pattern::Sync2 => {
            let shape = descend(api(service, op, true)?, path)?;
            let shape = with_json(shape, &["Input", "Output"], ShapeKind::Any);
            Some(with_json(
                shape,
                &["StartDate", "StopDate"],
                ShapeKind::TimestampOrEpoch,
            ))
        }
        Response::Output(service, op, path) => descend(api(service, op, true)?, path),
        Response::OutputJson(service, op, paths) => {
            Some(with_json(api(service, op, true)?, paths, ShapeKind::Any))
        }
        Response::Synth(build) => {
            let mut b = Builder::default();
            let root = build(&mut b);
            Some(b.finish(root))
        }
        Response::Open => None,
    }
}

/// A member of an API request's shape as a part (any JSON value when missing).
fn existing(b: &mut Builder, service: &str, op: &str, path: &[&str]) -> Part {
    existing_in(b, api(service, op, false), path)
}

/// A member of an API response's shape as a part (any JSON value when missing).
fn existing_output(b: &mut Builder, service: &str, op: &str, path: &[&str]) -> Part {
    existing_in(b, api(service, op, true), path)
}

fn existing_in(b: &mut Builder, shape: Option<Shape>, path: &[&str]) -> Part {
    match shape.and_then(|s| descend(s, path)) {
        Some(shape) => Part::Existing(shape),
        None => b.scalar(ShapeKind::Any),
    }
}

/// `apigateway:invoke` (connect-api-gateway.html).
pub(crate) fn api_gateway_invoke(b: &mut Builder) -> Part {
    let string = b.scalar(ShapeKind::String);
    let any = b.scalar(ShapeKind::Any);
    let boolean = b.scalar(ShapeKind::Boolean);
    let method = b.enumeration(&["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]);
    let auth = b.enumeration(&["NO_AUTH", "IAM_ROLE", "RESOURCE_POLICY"]);
    let headers = b.map(any);
    let query = b.map(any);
    b.object(
        "ApiGatewayInvoke",
        &[
            ("ApiEndpoint", string, true),
            ("Method", method, true),
            ("Headers", headers, false),
            ("Stage", string, false),
            ("Path", string, false),
            ("QueryParameters", query, false),
            ("RequestBody", any, false),
            ("AllowNullValues", boolean, false),
            ("AuthType", auth, false),
        ],
    )
}

/// What `apigateway:invoke` answers (connect-api-gateway.html, "Output format"): the response
/// body (JSON or text), the headers (LocalStack's `test_apigetway_task_service` snapshots,
/// recorded on AWS, hold a list of values or one text per header), the status code and text.
pub(crate) fn api_gateway_invoke_result(b: &mut Builder) -> Part {
    let any = b.scalar(ShapeKind::Any);
    let integer = b.scalar(ShapeKind::Integer);
    let string = b.scalar(ShapeKind::String);
    let headers = b.map(any);
    b.object(
        "ApiGatewayInvokeResult",
        &[
            ("ResponseBody", any, false),
            ("Headers", headers, false),
            ("StatusCode", integer, false),
            ("StatusText", string, false),
        ],
    )
}

/// `http:invoke` (call-https-apis.html). `InvocationConfig` is the newer spelling of
/// `Authentication` (corpus: distributed-data-stream-aggregator).
pub(crate) fn http_invoke(b: &mut Builder) -> Part {
    let string = b.scalar(ShapeKind::String);
    let any = b.scalar(ShapeKind::Any);
    let method = b.enumeration(&["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]);
    let connection = b.object("HttpConnection", &[("ConnectionArn", string, true)]);
    let headers = b.map(any);
    let query = b.map(any);
    let encoding = b.enumeration(&["NONE", "URL_ENCODED"]);
    let array_format = b.enumeration(&["BRACKETS", "COMMAS", "REPEAT", "INDICES"]);
    let options = b.object(
        "RequestEncodingOptions",
        &[("ArrayFormat", array_format, false)],
    );
    let transform = b.object(
        "HttpTransform",
        &[
            ("RequestBodyEncoding", encoding, false),
            ("RequestEncodingOptions", options, false),
        ],
    );
    b.object(
        "HttpInvoke",
        &[
            ("ApiEndpoint", string, true),
            ("Method", method, true),
            ("Authentication", connection, false),
            ("InvocationConfig", connection, false),
            ("Headers", headers, false),
            ("QueryParameters", query, false),
            ("RequestBody", any, false),
            ("Transform", transform, false),
        ],
    )
}

/// `bedrock:invokeModel` (connect-bedrock.html): InvokeModel's request with `Body` as JSON,
/// plus `Input` and `Output` naming S3 objects.
pub(crate) fn bedrock_invoke_model(b: &mut Builder) -> Part {
    let any = b.scalar(ShapeKind::Any);
    let string = b.scalar(ShapeKind::String);
    let s3 = b.object("BedrockS3Location", &[("S3Uri", string, true)]);
    match api("bedrock-runtime", "InvokeModel", false) {
        Some(base) => {
            let root = b.replace(base, &["Body"], any);
            b.add_members(root, &[("Input", s3, false), ("Output", s3, false)])
        }
        None => b.scalar(ShapeKind::Any),
    }
}

fn cluster(b: &mut Builder, name: &str, members: &[(&str, Part, bool)]) -> Part {
    let string = b.scalar(ShapeKind::String);
    let mut all = vec![("ClusterId", string, true)];
    all.extend_from_slice(members);
    b.object(name, &all)
}

/// `elasticmapreduce:addStep`: `ClusterId` and one `Step` (connect-emr.html).
pub(crate) fn emr_add_step(b: &mut Builder) -> Part {
    let step = existing(b, "emr", "AddJobFlowSteps", &["Steps", "*"]);
    cluster(b, "EmrAddStep", &[("Step", step, true)])
}

/// `elasticmapreduce:cancelStep` (connect-emr.html).
pub(crate) fn emr_cancel_step(b: &mut Builder) -> Part {
    let string = b.scalar(ShapeKind::String);
    let option = existing(b, "emr", "CancelSteps", &["StepCancellationOption"]);
    cluster(
        b,
        "EmrCancelStep",
        &[
            ("StepId", string, true),
            ("StepCancellationOption", option, false),
        ],
    )
}

/// `elasticmapreduce:modifyInstanceFleetByName` (connect-emr.html): the fleet is named, so
/// the modify config's `InstanceFleetId` is not needed; the config is left open.
pub(crate) fn emr_modify_fleet(b: &mut Builder) -> Part {
    let string = b.scalar(ShapeKind::String);
    let any = b.scalar(ShapeKind::Any);
    cluster(
        b,
        "EmrModifyInstanceFleetByName",
        &[
            ("InstanceFleetName", string, true),
            ("InstanceFleet", any, true),
        ],
    )
}

/// `elasticmapreduce:modifyInstanceGroupByName` (connect-emr.html); the config is left open.
pub(crate) fn emr_modify_group(b: &mut Builder) -> Part {
    let string = b.scalar(ShapeKind::String);
    let any = b.scalar(ShapeKind::Any);
    cluster(
        b,
        "EmrModifyInstanceGroupByName",
        &[
            ("InstanceGroupName", string, true),
            ("InstanceGroup", any, true),
        ],
    )
}

/// `elasticmapreduce:setClusterTerminationProtection` (connect-emr.html).
pub(crate) fn emr_termination_protection(b: &mut Builder) -> Part {
    let boolean = b.scalar(ShapeKind::Boolean);
    cluster(
        b,
        "EmrSetClusterTerminationProtection",
        &[("TerminationProtected", boolean, true)],
    )
}

/// `elasticmapreduce:terminateCluster` (connect-emr.html).
pub(crate) fn emr_terminate(b: &mut Builder) -> Part {
    cluster(b, "EmrTerminateCluster", &[])
}

/// What `elasticmapreduce:createCluster` (and `.sync`) answers: `{ClusterId}` where RunJobFlow
/// answers `{JobFlowId}` (connect-emr.html). RunJobFlow's `ClusterArn` is kept, optional: the
/// page does not say Step Functions drops it, and a read of it must not be refused.
pub(crate) fn emr_create_cluster_result(b: &mut Builder) -> Part {
    let string = b.scalar(ShapeKind::String);
    let arn = existing_output(b, "emr", "RunJobFlow", &["ClusterArn"]);
    b.object(
        "EmrCreateClusterResult",
        &[("ClusterId", string, false), ("ClusterArn", arn, false)],
    )
}

/// What `elasticmapreduce:addStep` (and `.sync`) answers: `{StepId}` where AddJobFlowSteps
/// answers `{StepIds}` (connect-emr.html).
pub(crate) fn emr_add_step_result(b: &mut Builder) -> Part {
    let string = b.scalar(ShapeKind::String);
    b.object("EmrAddStepResult", &[("StepId", string, false)])
}

/// What `elasticmapreduce:cancelStep` answers: `{CancelStepsInfo}`, one item of CancelSteps'
/// `CancelStepsInfoList` (connect-emr.html).
pub(crate) fn emr_cancel_step_result(b: &mut Builder) -> Part {
    let info = existing_output(b, "emr", "CancelSteps", &["CancelStepsInfoList", "*"]);
    b.object("EmrCancelStepResult", &[("CancelStepsInfo", info, false)])
}

/// What `emr-serverless:startApplication`, `stopApplication` and `deleteApplication` (and their
/// `.sync`) answer: `{ApplicationId}`, where the API answers nothing
/// (connect-emr-serverless.html).
pub(crate) fn emr_serverless_application(b: &mut Builder) -> Part {
    let string = b.scalar(ShapeKind::String);
    b.object(
        "EmrServerlessApplicationResult",
        &[("ApplicationId", string, false)],
    )
}

/// What `bedrockagentcore:invokeHarness` answers (connect-bedrockagentcore.html): the harness's
/// answer turned into a Converse-shaped JSON structure: the last assistant message only
/// (`Output.Message`, its `Content` holding text blocks alone: tool use and reasoning blocks
/// are left out), the reason it stopped, and the token usage of the whole session summed
/// (`InputTokens`, `OutputTokens`, `TotalTokens`; the cache counts of the harness's own
/// `HarnessTokenUsage`, optional).
pub(crate) fn bedrock_agentcore_invoke_harness_result(b: &mut Builder) -> Part {
    let string = b.scalar(ShapeKind::String);
    let integer = b.scalar(ShapeKind::Integer);
    let role = b.enumeration(&["assistant"]);
    let text = b.object("HarnessTextBlock", &[("Text", string, true)]);
    let content = b.array(text);
    let message = b.object(
        "HarnessAnswerMessage",
        &[("Role", role, true), ("Content", content, true)],
    );
    let output = b.object("HarnessAnswerOutput", &[("Message", message, true)]);
    let usage = b.object(
        "HarnessAnswerUsage",
        &[
            ("InputTokens", integer, true),
            ("OutputTokens", integer, true),
            ("TotalTokens", integer, true),
            ("CacheReadInputTokens", integer, false),
            ("CacheWriteInputTokens", integer, false),
        ],
    );
    b.object(
        "InvokeHarnessResult",
        &[
            ("Output", output, true),
            ("StopReason", string, true),
            ("Usage", usage, true),
        ],
    )
}
