//! The error names a Task can fail with besides the predefined `States.*` ones: what a
//! `Retry` or `Catch` of the Task can match ([`Resource::raises`], [`Integration::raises`]).
//!
//! The rule, with its sources, is [`Raises`]' documentation.

use crate::integration::{Integration, Target, java_exception};
use crate::models::Service;
use crate::overlay::exceptions::UNMODELLED_SDK_SERVICES;
use crate::overlay::{ACTIONS, Pattern, Request};
use crate::resource::{Resource, ResourceKind};
use std::collections::BTreeSet;

/// The AWS SDK for Java 1.x's client names, by botocore service: an optimized integration's
/// error the model does not list is named after it (`AmazonDynamoDBv2` →
/// `DynamoDB.AmazonDynamoDBException`) and its cause quotes it. Recorded: DynamoDB, SQS, SNS,
/// Step Functions, Lambda; the others are the 1.x SDK's client interfaces of the services
/// Step Functions optimizes.
pub(crate) const V1_CLIENTS: &[(&str, &str)] = &[
    ("dynamodb", "AmazonDynamoDBv2"),
    ("sqs", "AmazonSQS"),
    ("sns", "AmazonSNS"),
    ("stepfunctions", "AWSStepFunctions"),
    ("lambda", "AWSLambda"),
    ("events", "AmazonEventBridge"),
    ("ecs", "AmazonECS"),
    ("batch", "AWSBatch"),
    ("glue", "AWSGlue"),
    ("sagemaker", "AmazonSageMaker"),
    ("athena", "AmazonAthena"),
    ("codebuild", "AWSCodeBuild"),
    ("eks", "AmazonEKS"),
    ("emr", "AmazonElasticMapReduce"),
    ("emr-containers", "AmazonEMRContainers"),
    ("emr-serverless", "AWSEMRServerless"),
    ("databrew", "AWSGlueDataBrew"),
    ("mediaconvert", "AWSMediaConvert"),
    ("apigateway", "AmazonApiGateway"),
    ("bedrock", "AmazonBedrock"),
    ("bedrock-runtime", "AmazonBedrockRuntime"),
    ("s3", "Amazon S3"),
];

/// Names Step Functions gives an optimized integration's failures itself, beside the
/// service's: (service as the resource names it, name, where AWS writes it).
const FIXED_NAMES: &[(&str, &str, &str)] = &[
    (
        "lambda",
        "Lambda.Unknown",
        "bp-lambda-serviceexception.html",
    ),
    ("ecs", "AmazonECS.Unknown", "connect-ecs.html"),
    (
        "events",
        "EventBridge.FailedEntry",
        "connect-eventbridge.html",
    ),
];

/// The 1.x client's failures of its own (no answer, or none in time), under every optimized
/// service's prefix (`bp-lambda-serviceexception.html`).
const CLIENT_FAILURES: &[&str] = &["SdkClientException", "ClientExecutionTimeoutException"];

/// The 1.x SDK's client name of a service (`AmazonDynamoDBv2`), `Amazon<prefix>` where the
/// table has none.
pub(crate) fn v1_client(service: Service) -> String {
    let botocore = service.botocore_name();
    V1_CLIENTS.iter().find(|(b, _)| *b == botocore).map_or_else(
        || format!("Amazon{}", optimized_prefix(service)),
        |(_, c)| (*c).to_owned(),
    )
}

/// The service's name in an optimized integration's error: its model's service id without
/// spaces (`DynamoDB`, `SQS`, `EventBridge`), Step Functions' `StepFunctions`.
pub(crate) fn optimized_prefix(service: Service) -> String {
    match service.botocore_name() {
        "stepfunctions" => "StepFunctions".to_owned(),
        _ => service.service_id().replace(' ', ""),
    }
}

/// The error an optimized integration of `service` fails with for the model's error `shape`
/// (`DynamoDB.ConditionalCheckFailedException`), or for an error the model does not list
/// (`SQS.AmazonSQSException`).
pub(crate) fn optimized_error(service: Service, shape: Option<&str>) -> String {
    let prefix = optimized_prefix(service);
    match shape {
        Some(shape) => {
            let base = shape
                .strip_suffix("Exception")
                .or_else(|| shape.strip_suffix("Fault"))
                .unwrap_or(shape);
            format!("{prefix}.{base}Exception")
        }
        None => {
            let client = v1_client(service);
            let client = client
                .strip_suffix("v2")
                .unwrap_or(&client)
                .replace(' ', "");
            format!("{prefix}.{client}Exception")
        }
    }
}

/// The error an AWS SDK integration of `service` fails with for the model's error `shape`
/// (`S3.NoSuchKeyException`), or for an error the model does not list
/// (`DynamoDb.DynamoDbException`).
pub(crate) fn sdk_error(service: Service, shape: Option<&str>) -> String {
    let prefix = service.error_prefix();
    match shape {
        Some(shape) => format!("{prefix}.{}", java_exception(shape)),
        None => format!("{prefix}.{prefix}Exception"),
    }
}

/// What error names a Task can fail with besides the predefined `States.*` errors.
///
/// **The rule, with its sources.**
/// - **Any name** where the failure's name is the caller's own: a Lambda function (by its ARN
///   or through `lambda:invoke`, any pattern: the function's error type, `Exception`,
///   `CustomException`, recorded on AWS in `../shared/aws-recorded`, e.g.
///   `error_handling.test_task_service_lambda__test_raise_custom_exception`), an activity (its
///   worker's `SendTaskFailure`), and any `.waitForTaskToken` Task (whoever holds the token
///   fails it with an error of their own: `Failure error` from `sqs:sendMessage.waitForTaskToken`,
///   recorded as `…test_sqs_failure_in_wait_for_task_tok`). Names here are not checked.
/// - **An AWS SDK integration** (`aws-sdk:<service>:<action>`) raises `<Service>.<Exception>`:
///   "the resulting Error field is composed of the service name and the error name, separated
///   by a period", both in Pascal case (Step Functions Developer Guide,
///   `supported-services-awssdk.html`), the service as the AWS SDK for Java v2 names its client
///   ([`Service::error_prefix`]: `S3`, `DynamoDb`, `Sfn`) and the error as that SDK names a
///   model's error shape (`NoSuchKey` → `S3.NoSuchKeyException`, `DBInstanceNotFoundFault` →
///   `Rds.DbInstanceNotFoundException`); an error the model does not list is the client's own
///   exception (`DynamoDb.DynamoDbException`, `SecretsManager.SecretsManagerException`).
///   Recorded: `error_handling.test_aws_sdk__*`, `services.test_aws_sdk_task_service__*`.
/// - **An optimized integration** raises `<Service>.<Exception>` as the AWS SDK for Java 1.x
///   named them: the service by its model's service id (`DynamoDB`, `SQS`, `SNS`, `ECS`,
///   `SageMaker`; Step Functions' own `StepFunctions`), the error by its shape's name with an
///   `Exception` suffix (`SNS.NotFoundException` for the shape `NotFoundException`,
///   `StepFunctions.StateMachineDoesNotExistException` for `StateMachineDoesNotExist`); an error
///   the model does not list is the 1.x client's exception (`DynamoDB.AmazonDynamoDBException`,
///   `SQS.AmazonSQSException`, `ECS.AmazonECSException`, `Glue.AWSGlueException`,
///   `Batch.AWSBatchException`, `SageMaker.AmazonSageMakerException`). Recorded:
///   `error_handling.test_task_service_{dynamodb,sqs,sfn,lambda}__*`,
///   `services.test_sns_task_service__*`. The 1.x client's own failures before an answer,
///   `<Service>.SdkClientException` and `<Service>.ClientExecutionTimeoutException`, are
///   named in "Handle Lambda service exceptions" (`bp-lambda-serviceexception.html`) and apply
///   to every optimized integration's client. Names Step Functions gives itself are listed
///   with their page: `Lambda.Unknown` (same page), `AmazonECS.Unknown` (`connect-ecs.html`:
///   a `.sync` or token `runTask` whose answer lists `Failures`), `EventBridge.FailedEntry`
///   (`connect-eventbridge.html`; recorded `services.test_events_task_service__*`).
///   An error is any error shape of the service, not only the ones the model lists for the
///   operation: the SDK's client reads every modelled error of its service, and a `.sync`
///   Task calls more than its one action (it polls the job's `Describe…`).
/// - **Not checked** (any name): the HTTP Task (it raises `States.Http.Socket` and the
///   `States.` names only), an integration whose service has no model here (an AWS SDK
///   service botocore no longer models), a resource written as a `${Name}` substitution or
///   not recognised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Raises {
    /// Any name: the failure's name is a function's, a worker's or a token holder's own, or
    /// the resource is not one whose names are known (the reason says which).
    Any(&'static str),
    /// These names only, sorted.
    Only(Vec<String>),
}

impl Raises {
    /// Whether a Task can fail with the error `name` (`States.*` names are not this
    /// module's: always admitted).
    ///
    /// ```
    /// use workflow_aws_models::{Integration, Pattern};
    /// let run = Integration::named("ecs", "run_task", Pattern::Sync).unwrap().raises();
    /// assert!(run.admits("ECS.AmazonECSException"));
    /// assert!(!run.admits("ECS.AmazonECSExeption"));
    /// assert_eq!(run.nearest("ECS.AmazonECSExeption"), Some("ECS.AmazonECSException"));
    /// ```
    pub fn admits(&self, name: &str) -> bool {
        match self {
            Raises::Any(_) => true,
            Raises::Only(names) => {
                name.starts_with("States.")
                    || names.binary_search_by(|n| n.as_str().cmp(name)).is_ok()
            }
        }
    }

    /// The name a misspelt `name` most likely meant (the one did-you-mean rule,
    /// [`workflow_text::suggest`]), among the names raised; `None` when any is.
    pub fn nearest(&self, name: &str) -> Option<&str> {
        match self {
            Raises::Any(_) => None,
            Raises::Only(names) => {
                let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
                workflow_text::suggest::did_you_mean(name, &candidates)
            }
        }
    }

    /// The names raised (`None`: any).
    pub fn names(&self) -> Option<&[String]> {
        match self {
            Raises::Any(_) => None,
            Raises::Only(names) => Some(names),
        }
    }
}

impl Integration {
    /// What error names a Task of this integration can fail with besides the `States.*` ones
    /// (the rule and its sources: [`Raises`]).
    ///
    /// ```
    /// use workflow_aws_models::{Integration, Pattern, Raises};
    /// let put = Integration::named("dynamodb", "put_item", Pattern::RequestResponse).unwrap();
    /// assert!(put.raises().admits("DynamoDB.ConditionalCheckFailedException"));
    /// assert!(!put.raises().admits("DynamoDb.ConditionalCheckFailedException"));
    /// let sdk = Integration::named_sdk("dynamodb", "putItem").unwrap();
    /// assert!(sdk.raises().admits("DynamoDb.ConditionalCheckFailedException"));
    /// let invoke = Integration::named("lambda", "invoke", Pattern::RequestResponse).unwrap();
    /// assert!(matches!(invoke.raises(), Raises::Any(_)));
    /// ```
    pub fn raises(&self) -> Raises {
        if self.pattern() == Pattern::WaitForTaskToken {
            return Raises::Any("a callback's token holder fails it with an error of its own");
        }
        match &self.target {
            Target::Sdk(op) => {
                let service = op.service();
                let mut names: BTreeSet<String> = service_errors(service)
                    .map(|shape| sdk_error(service, Some(shape)))
                    .collect();
                names.insert(sdk_error(service, None));
                Raises::Only(names.into_iter().collect())
            }
            Target::Optimized(i) => {
                let action = &ACTIONS[*i];
                if action.service == "lambda" {
                    return Raises::Any("a Lambda function fails with error names of its own");
                }
                let Some(service) = optimized_service(action.service, &action.request) else {
                    return Raises::Any("the integration's service has no model here");
                };
                let prefix = optimized_prefix(service);
                let mut names: BTreeSet<String> = service_errors(service)
                    .map(|shape| optimized_error(service, Some(shape)))
                    .collect();
                names.insert(optimized_error(service, None));
                names.extend(CLIENT_FAILURES.iter().map(|f| format!("{prefix}.{f}")));
                names.extend(
                    FIXED_NAMES
                        .iter()
                        .filter(|(s, _, _)| *s == action.service)
                        .map(|(_, n, _)| (*n).to_owned()),
                );
                Raises::Only(names.into_iter().collect())
            }
            Target::Unmodelled(i, _) => Raises::Any(UNMODELLED_SDK_SERVICES[*i].1),
            Target::Map(_) => Raises::Any("a Distributed Map's reader or writer"),
        }
    }
}

impl Resource {
    /// What error names a Task of this resource can fail with besides the `States.*` ones:
    /// its integration's ([`Integration::raises`]), any for a Lambda function or an activity,
    /// any (unchecked) for a resource not recognised or written with substitutions.
    pub fn raises(&self) -> Raises {
        match self.shape() {
            Some(ResourceKind::Integration { integration, .. }) => integration.raises(),
            Some(ResourceKind::LambdaFunction { .. }) => {
                Raises::Any("a Lambda function fails with error names of its own")
            }
            Some(ResourceKind::Activity { .. }) => {
                Raises::Any("an activity's worker fails it with error names of its own")
            }
            _ => Raises::Any("the resource is not one whose errors are known"),
        }
    }
}

/// Every error shape the model of `service` lists, over all its operations.
fn service_errors(service: Service) -> impl Iterator<Item = &'static str> {
    let mut shapes: BTreeSet<&'static str> = BTreeSet::new();
    for op in service.operations() {
        shapes.extend(op.errors());
    }
    shapes.into_iter()
}

/// The modelled service of an optimized action: its request's API, else the service the
/// resource names (botocore's name for it where they differ); `None` for the HTTP Task and
/// services with no model.
fn optimized_service(service: &str, request: &Request) -> Option<Service> {
    if service == "http" {
        return None;
    }
    if let Request::Api(botocore, _) | Request::ApiJson(botocore, _, _) = request {
        return Service::by_botocore_name(botocore);
    }
    let botocore = match service {
        "elasticmapreduce" => "emr",
        "states" => "stepfunctions",
        other => other,
    };
    Service::by_botocore_name(botocore)
}

#[cfg(test)]
mod tests {
    use super::Raises;
    use crate::{Integration, Resource};
    use serde_json::Value;
    use std::path::Path;

    /// How many optimized integrations' (action, pattern) pairs have their names checked, and
    /// how many names are known for them: printed, and held to what the rule says of each.
    #[test]
    fn the_optimized_integrations_names() {
        let (mut checked, mut open, mut names) = (0, 0, std::collections::BTreeSet::new());
        let (mut actions, mut actions_checked) = (0, 0);
        for listed in Integration::optimized() {
            actions += 1;
            actions_checked += usize::from(matches!(listed.raises(), Raises::Only(_)));
            for pattern in listed.supported_patterns() {
                let Some(integration) = listed.with_pattern(*pattern) else {
                    continue;
                };
                match integration.raises() {
                    Raises::Only(known) => {
                        checked += 1;
                        assert!(!known.is_empty(), "{integration}");
                        names.extend(known);
                    }
                    Raises::Any(why) => {
                        open += 1;
                        let callback = *pattern == crate::Pattern::WaitForTaskToken;
                        assert!(
                            callback || ["lambda", "http"].contains(&integration.service()),
                            "{integration}: {why}"
                        );
                    }
                }
            }
        }
        println!(
            "optimized integrations: {actions_checked} of {actions} actions checked ({checked} (action, pattern) pairs, {open} taking any name); {} distinct names known",
            names.len()
        );
        for name in [
            "ECS.AmazonECSException",
            "AmazonECS.Unknown",
            "SageMaker.AmazonSageMakerException",
            "Glue.AWSGlueException",
            "Batch.AWSBatchException",
            "DynamoDB.ConditionalCheckFailedException",
            "SQS.AmazonSQSException",
            "EventBridge.FailedEntry",
            "StepFunctions.ExecutionAlreadyExistsException",
        ] {
            assert!(names.contains(name), "{name}");
        }
        assert!(!names.contains("ECS.AmazonECSExeption"));
    }

    /// Every error AWS raised in a Task of `../shared/aws-recorded` (its mock's `Throw`), and
    /// every name those definitions' Tasks retry or catch, is one the rule admits.
    #[test]
    fn every_error_recorded_on_aws_is_admitted() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/aws-recorded/cases");
        let Ok(cases) = std::fs::read_dir(&dir) else {
            println!(
                "SKIPPED: ../shared/aws-recorded is missing at {}: the recorded error names are not checked",
                dir.display()
            );
            return;
        };
        let read = |p: &Path| -> Option<Value> {
            serde_json::from_str(&std::fs::read_to_string(p).ok()?).ok()
        };
        let (mut thrown, mut written) = (0, 0);
        for case in cases.filter_map(Result::ok).map(|e| e.path()) {
            let Some(definition) = read(&case.join("definition.asl.json")) else {
                continue;
            };
            let mut tasks = Vec::new();
            let mut stack = vec![&definition];
            while let Some(v) = stack.pop() {
                match v {
                    Value::Object(map) => {
                        if map.get("Type").and_then(Value::as_str) == Some("Task")
                            && let Some(resource) = map.get("Resource").and_then(Value::as_str)
                        {
                            tasks.push((map, Resource::parse(resource)));
                        }
                        stack.extend(map.values());
                    }
                    Value::Array(items) => stack.extend(items),
                    _ => {}
                }
            }
            for (state, resource) in &tasks {
                for field in ["Retry", "Catch"] {
                    let lists = state.get(field).and_then(Value::as_array);
                    for name in lists
                        .into_iter()
                        .flatten()
                        .filter_map(|r| r["ErrorEquals"].as_array())
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        written += 1;
                        assert!(
                            resource.raises().admits(name),
                            "{}: `{name}` on {}",
                            case.display(),
                            resource.as_str()
                        );
                    }
                }
            }
            let Some(mock) = read(&case.join("mock.json")) else {
                continue;
            };
            let Some(states) = mock
                .pointer("/StateMachines/recorded/TestCases/recorded")
                .and_then(Value::as_object)
            else {
                continue;
            };
            for (state_name, response) in states {
                let Some((_, resource)) = find_state(&definition, state_name)
                    .and_then(|s| tasks.iter().find(|(t, _)| std::ptr::eq(*t, s)))
                else {
                    continue;
                };
                let Some(answers) = response
                    .as_str()
                    .and_then(|r| mock["MockedResponses"][r].as_object())
                else {
                    continue;
                };
                for error in answers
                    .values()
                    .filter_map(|a| a.pointer("/Throw/Error"))
                    .filter_map(Value::as_str)
                {
                    thrown += 1;
                    assert!(
                        resource.raises().admits(error),
                        "{}: AWS raised `{error}` in {state_name} ({})",
                        case.display(),
                        resource.as_str()
                    );
                }
            }
        }
        println!(
            "aws-recorded: {thrown} errors raised by Tasks and {written} names their retriers and catchers match, all admitted"
        );
        assert!(thrown > 50 && written > 20, "{thrown} {written}");
    }

    /// The state named `name` anywhere in the definition.
    fn find_state<'v>(
        definition: &'v Value,
        name: &str,
    ) -> Option<&'v serde_json::Map<String, Value>> {
        let mut stack = vec![definition];
        while let Some(v) = stack.pop() {
            match v {
                Value::Object(map) => {
                    if let Some(state) = map
                        .get("States")
                        .and_then(|s| s.get(name))
                        .and_then(Value::as_object)
                    {
                        return Some(state);
                    }
                    stack.extend(map.values());
                }
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
        None
    }
}
