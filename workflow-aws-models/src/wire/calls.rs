//! What a Task's integration sends to the service and how the answer becomes the state's
//! result (feature `wire`): the API operation it calls, the names of its result's members,
//! Step Functions' own additions to an optimized integration's result, the failures Step
//! Functions reads in an answer that succeeded, the names of the errors, and a `.sync` job's
//! describe call.

use super::errors::ServiceError;
use super::{ResultNaming, WireResponse};
use crate::integration::Integration;
use crate::models::{Operation, Service};
use crate::models::{Shape, ShapeKind};
use crate::overlay::service_side::{self, Does};
use crate::overlay::sync_jobs::{self, Ending, From, Made, SyncJob};
use crate::overlay::{Pattern, Request, Response};
use serde_json::{Map, Value, json};

/// How a Task's integration is called at a service's endpoint.
///
/// ```
/// use workflow_aws_models::{Integration, Pattern, ResultNaming};
///
/// let get = Integration::named("dynamodb", "get_item", Pattern::RequestResponse).unwrap();
/// let call = get.endpoint_call().unwrap();
/// assert_eq!(call.operation().name(), "GetItem");
/// assert_eq!(call.naming(), ResultNaming::StepFunctions);
/// let glue = Integration::named("glue", "start_job_run", Pattern::Sync).unwrap();
/// assert_eq!(glue.endpoint_call().unwrap().job().unwrap().describe().name(), "GetJobRun");
/// ```
#[derive(Clone, Debug)]
pub struct EndpointCall {
    integration: Integration,
    operation: Operation,
    job: Option<JobWatch>,
}

/// Why an integration cannot be called at an endpoint.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EndpointRefusal(String);

/// A `.sync` job's describe call, made until the job has ended.
#[derive(Clone, Copy, Debug)]
pub struct JobWatch {
    job: &'static SyncJob,
    describe: Operation,
    parse_json: bool,
}

/// Where a `.sync` job is.
#[derive(Clone, Debug, PartialEq)]
pub enum JobOutcome {
    /// Still running.
    Running,
    /// Ended well: the Task's result.
    Succeeded(Value),
    /// Ended badly: the Task fails with `States.TaskFailed`, this (the describe call's answer)
    /// as its cause.
    Failed(Value),
}

/// The optimized integrations whose request-response result carries the AWS SDK for Java
/// 1.x's response metadata (`SdkHttpMetadata`: the answer's headers and status;
/// `SdkResponseMetadata`: its request id), by the resource's service. Recorded on AWS
/// (../shared/aws-recorded): `dynamodb:putItem`, `getItem`, `deleteItem`, `updateItem`
/// (`services.test_dynamodb_task_service__*`, `local_mocking.test_base_scenarios__test_dynamodb_put_get_item`),
/// `sns:publish` (`local_mocking.test_base_scenarios__test_sns_publish_base`), `sqs:sendMessage`,
/// `lambda:invoke`, `states:startExecution`; `events:putEvents` answers without it
/// (`local_mocking.test_base_scenarios__test_events_put_events`).
const SDK_METADATA: [&str; 5] = ["dynamodb", "sns", "sqs", "lambda", "states"];

impl Integration {
    /// How a Task calling this integration is sent to the service's endpoint: the AWS SDK
    /// integrations and the optimized integrations whose request is an API operation's (not
    /// those whose request Step Functions defines itself: EMR's, API Gateway's, HTTP Task's,
    /// EKS's `call`), with request-response and `.waitForTaskToken` (the call that carries the
    /// token), and `.sync` where the job's describe call is known ([`JobWatch`]).
    pub fn endpoint_call(&self) -> Result<EndpointCall, EndpointRefusal> {
        let refuse = |why: &str| Err(EndpointRefusal(format!("`{}` {why}", self.path())));
        let Some(operation) = self.api_operation() else {
            return refuse(
                "has a request Step Functions defines itself, not an API operation's: an endpoint cannot answer it",
            );
        };
        let synthesized = |r: &Response| matches!(r, Response::Synth(_));
        if let Some(action) = self.optimized_action()
            && (synthesized(&action.response)
                || matches!(self.pattern(), Pattern::Sync | Pattern::Sync2)
                    && synthesized(&action.sync))
        {
            return refuse(
                "answers a result Step Functions makes itself, not the API's: an endpoint cannot answer it",
            );
        }
        if operation.service().wire_protocol().is_none() {
            return refuse("calls a service that speaks only CBOR, which is not supported");
        }
        let job = match self.pattern() {
            Pattern::Sync | Pattern::Sync2 => {
                let Some(job) = sync_jobs::sync_job(self.service(), &self.action()) else {
                    return refuse(&format!(
                        "waits for a job whose describe call is not known; the endpoint waits for {}",
                        covered_jobs()
                    ));
                };
                let describe = Service::by_botocore_name(job.describe.0)
                    .and_then(|s| s.operation(job.describe.1))
                    .ok_or_else(|| {
                        EndpointRefusal(format!(
                            "the models lack {}:{}",
                            job.describe.0, job.describe.1
                        ))
                    })?;
                Some(JobWatch {
                    job,
                    describe,
                    parse_json: self.pattern() == Pattern::Sync2,
                })
            }
            Pattern::RequestResponse | Pattern::WaitForTaskToken => None,
        };
        Ok(EndpointCall {
            integration: self.clone(),
            operation,
            job,
        })
    }
}

/// The `.sync` jobs the endpoint waits for, as a sentence's list.
pub fn covered_jobs() -> String {
    let names: Vec<String> = sync_jobs::SYNC_JOBS
        .iter()
        .map(|j| format!("`{}:{}`", j.service, j.action))
        .collect();
    names.join(", ")
}

/// The value at `path` (`*`: a list's first item; an empty path: `value`).
fn at<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    let mut here = value;
    for step in path {
        here = match *step {
            "*" => here.as_array()?.first()?,
            member => here.get(member)?,
        };
    }
    Some(here)
}

/// Every value at `path`, `*` standing for each item of a list.
fn every<'v>(value: &'v Value, path: &[&str], out: &mut Vec<&'v Value>) {
    match path.split_first() {
        None => out.push(value),
        Some((&"*", rest)) => {
            for item in value.as_array().into_iter().flatten() {
                every(item, rest, out);
            }
        }
        Some((member, rest)) => {
            if let Some(v) = value.get(*member) {
                every(v, rest, out);
            }
        }
    }
}

/// A JSON text parsed, or kept as text when it is not JSON.
fn parsed(value: &mut Value) {
    if let Value::String(text) = value
        && let Ok(v) = serde_json::from_str::<Value>(text)
    {
        *value = v;
    }
}

impl EndpointCall {
    /// The integration called.
    pub fn integration(&self) -> &Integration {
        &self.integration
    }

    /// The API operation called (for `.sync`, the one that starts the job).
    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// How the answer's members are named: as the Java SDK v2 names them for an AWS SDK
    /// integration, as the model does (first letter in upper case) for an optimized one.
    pub fn naming(&self) -> ResultNaming {
        if self.integration.is_sdk() {
            ResultNaming::Sdk
        } else {
            ResultNaming::StepFunctions
        }
    }

    /// The `.sync` job's describe call, for a `.sync` integration.
    pub fn job(&self) -> Option<JobWatch> {
        self.job
    }

    /// The state's result of a request-response call whose answer `response` decoded to
    /// `output`; or the failure (error, cause) Step Functions reads in an answer that
    /// succeeded: a Lambda function's error (`lambda:invoke`: its `errorType`, the payload as
    /// the cause; connect-lambda.html), EventBridge entries that failed
    /// (`EventBridge.FailedEntry`, the answer as the cause; recorded on AWS:
    /// `services.test_events_task_service__test_put_events_no_source`).
    pub fn result(
        &self,
        mut output: Value,
        response: &WireResponse<'_>,
    ) -> Result<Value, (String, String)> {
        if let Some(action) = self.integration.optimized_action() {
            if let Response::OutputJson(_, _, paths) = action.response {
                for path in paths {
                    if let Some(v) = output.get_mut(*path) {
                        parsed(v);
                    }
                }
            }
            if self.integration.is_lambda_invoke() && output.get("FunctionError").is_some() {
                let payload = output.get("Payload").cloned().unwrap_or(Value::Null);
                let error = payload
                    .get("errorType")
                    .and_then(Value::as_str)
                    .filter(|_| payload.get("errorMessage").is_some_and(Value::is_string))
                    .unwrap_or("Lambda.Unknown")
                    .to_owned();
                let cause = match payload {
                    Value::String(text) => text,
                    other => other.to_string(),
                };
                return Err((error, cause));
            }
            if action.service == "events"
                && action.action == "putEvents"
                && output
                    .get("FailedEntryCount")
                    .and_then(Value::as_u64)
                    .unwrap_or(0)
                    > 0
            {
                return Err(("EventBridge.FailedEntry".to_owned(), output.to_string()));
            }
            if SDK_METADATA.contains(&action.service)
                && let Value::Object(object) = &mut output
            {
                let (mut all, mut one) = (Map::new(), Map::new());
                for (name, value) in response.headers {
                    if let Value::Array(values) = all
                        .entry(name.clone())
                        .or_insert_with(|| Value::Array(Vec::new()))
                    {
                        values.push(Value::String(value.clone()));
                    }
                    one.insert(name.clone(), Value::String(value.clone()));
                }
                object.insert(
                    "SdkHttpMetadata".to_owned(),
                    json!({"AllHttpHeaders": all, "HttpHeaders": one, "HttpStatusCode": response.status}),
                );
                let id = response
                    .header("x-amzn-requestid")
                    .or_else(|| response.header("x-amz-request-id"))
                    .unwrap_or_default();
                object.insert("SdkResponseMetadata".to_owned(), json!({"RequestId": id}));
            }
        }
        Ok(output)
    }

    /// The error and cause a service's error answer fails the Task with (see
    /// [`ServiceError::sdk_error`] and [`ServiceError::optimized_error`]).
    pub fn failure(&self, error: &ServiceError) -> (String, String) {
        if self.integration.is_sdk() {
            (error.sdk_error(), error.sdk_cause())
        } else {
            (error.optimized_error(), error.optimized_cause())
        }
    }

    /// Whether the optimized integration's request serialises objects it is given as text
    /// (Lambda's `Payload`, SQS's `MessageBody`, …): the codec does so for every text member.
    pub fn json_request_members(&self) -> &'static [&'static str] {
        match self.integration.optimized_action().map(|a| &a.request) {
            Some(Request::ApiJson(_, _, paths)) => paths,
            _ => &[],
        }
    }
}

/// The execution a Task's request is sent from, as Step Functions' service-side rules name it
/// (EventBridge's entries carry both ARNs).
#[derive(Clone, Copy, Debug)]
pub struct ExecutionArns<'a> {
    /// The execution's ARN.
    pub execution: &'a str,
    /// The state machine's ARN.
    pub state_machine: &'a str,
}

impl EndpointCall {
    /// The request the service receives for a Task's `input` (its `Parameters` or `Arguments`
    /// evaluated): what Step Functions does to it first applied, rule by rule, from the one
    /// table of service-side rules (`overlay::service_side`): objects serialised where the
    /// integration takes JSON text, an AWS SDK integration's blobs written as JSON text,
    /// EventBridge's entries given the execution's and the state machine's ARNs.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_aws_models::{ExecutionArns, Integration, Pattern};
    ///
    /// let arns = ExecutionArns { execution: "arn:e", state_machine: "arn:m" };
    /// let put = Integration::named("events", "put_events", Pattern::RequestResponse).unwrap();
    /// let sent = put.endpoint_call().unwrap().service_request(
    ///     &json!({"Entries": [{"Detail": {"a": 1}, "Resources": ["arn:r"]}]}),
    ///     arns,
    /// );
    /// assert_eq!(sent, json!({"Entries": [{"Detail": "{\"a\":1}", "Resources": ["arn:r", "arn:e", "arn:m"]}]}));
    /// let object = Integration::named_sdk("s3", "putObject").unwrap();
    /// let sent = object.endpoint_call().unwrap().service_request(
    ///     &json!({"Bucket": "b", "Key": "k", "Body": "text data"}),
    ///     arns,
    /// );
    /// assert_eq!(sent["Body"], "\"text data\"");
    /// ```
    pub fn service_request(&self, input: &Value, execution: ExecutionArns<'_>) -> Value {
        let mut request = input.clone();
        for rule in self.service_side_rules() {
            for does in rule.does {
                match does {
                    Does::JsonText(paths) => {
                        for path in *paths {
                            let steps: Vec<&str> = path.split('/').collect();
                            at_each(&mut request, &steps, &mut |v| {
                                if !v.is_string() {
                                    *v = Value::String(v.to_string());
                                }
                            });
                        }
                    }
                    Does::BlobsAsJsonText => {
                        if let Some(shape) = self.operation.input() {
                            blobs_as_json_text(&mut request, shape);
                        }
                    }
                    Does::AppendExecutionArns(path) => {
                        let steps: Vec<&str> = path.split('/').collect();
                        let Some((list, parents)) = steps.split_last() else {
                            continue;
                        };
                        at_each(&mut request, parents, &mut |entry| {
                            let Some(entry) = entry.as_object_mut() else {
                                return;
                            };
                            let list = entry
                                .entry((*list).to_owned())
                                .or_insert_with(|| Value::Array(Vec::new()));
                            if let Some(items) = list.as_array_mut() {
                                items.push(json!(execution.execution));
                                items.push(json!(execution.state_machine));
                            }
                        });
                    }
                }
            }
        }
        request
    }
}

impl EndpointCall {
    /// The service-side rules of this integration (`overlay::service_side`).
    fn service_side_rules(&self) -> impl Iterator<Item = &'static service_side::ServiceSide> {
        let service = if self.integration.is_sdk() {
            "aws-sdk"
        } else {
            self.integration.service()
        };
        service_side::rules_of(service, &self.integration.action())
    }

    /// Where each service-side rule [`EndpointCall::service_request`] applies to this
    /// integration is documented or recorded (none: the service receives the request as
    /// given).
    ///
    /// ```
    /// use workflow_aws_models::{Integration, Pattern};
    /// let put = Integration::named("events", "put_events", Pattern::RequestResponse).unwrap();
    /// let sources: Vec<&str> = put.endpoint_call().unwrap().service_side_sources().collect();
    /// assert!(sources[0].starts_with("connect-eventbridge.html"));
    /// ```
    pub fn service_side_sources(&self) -> impl Iterator<Item = &'static str> {
        self.service_side_rules().map(|r| r.source)
    }
}

/// Calls `f` on each value at `path` in `value` (members, `*` for every item of a list);
/// nothing where the path is missing.
fn at_each(value: &mut Value, path: &[&str], f: &mut dyn FnMut(&mut Value)) {
    let Some((step, rest)) = path.split_first() else {
        f(value);
        return;
    };
    match (*step, value) {
        ("*", Value::Array(items)) => {
            for item in items {
                at_each(item, rest, f);
            }
        }
        (member, Value::Object(o)) => {
            if let Some(v) = o.get_mut(member) {
                at_each(v, rest, f);
            }
        }
        _ => {}
    }
}

/// Writes every blob member of `value` (a request of `shape`) as the compact JSON text of the
/// value given, walking the request and its shape together (iteratively: a request's nesting
/// is bounded by the JSON reader's, and the shapes may recurse).
fn blobs_as_json_text(value: &mut Value, shape: Shape) {
    let mut stack: Vec<(&mut Value, Shape)> = vec![(value, shape)];
    while let Some((v, shape)) = stack.pop() {
        match (shape.kind(), v) {
            (ShapeKind::Blob, v) => *v = Value::String(v.to_string()),
            (ShapeKind::Object, Value::Object(o)) => {
                for (key, item) in o.iter_mut() {
                    if let Some(member) = shape.member(key) {
                        stack.push((item, member.shape()));
                    }
                }
            }
            (ShapeKind::Array, Value::Array(items)) => {
                if let Some(item_shape) = shape.item() {
                    stack.extend(items.iter_mut().map(|i| (i, item_shape)));
                }
            }
            (ShapeKind::Map, Value::Object(o)) => {
                if let Some(value_shape) = shape.map_value() {
                    stack.extend(o.values_mut().map(|i| (i, value_shape)));
                }
            }
            _ => {}
        }
    }
}

impl JobWatch {
    /// The describe call.
    pub fn describe(&self) -> Operation {
        self.describe
    }

    /// Where the table of jobs takes this one from.
    pub fn source(&self) -> &'static str {
        self.job.source
    }

    /// The describe call's request, from the start call's `request` and its answer `started`.
    pub fn describe_request(&self, request: &Value, started: &Value) -> Value {
        let mut out = Map::new();
        if let Some(name) = sync_jobs::sagemaker_name(self.job.describe.1)
            && let Some(v) = request.get(name)
        {
            out.insert(name.to_owned(), v.clone());
        }
        for (member, from) in self.job.request {
            let value = match from {
                From::Request(path) => at(request, path).cloned(),
                From::Answer(path) if path.contains(&"*") => {
                    let mut found = Vec::new();
                    every(started, path, &mut found);
                    Some(Value::Array(found.into_iter().cloned().collect()))
                }
                From::Answer(path) => at(started, path).cloned(),
                From::AnswerInList(path) => {
                    at(started, path).map(|v| Value::Array(vec![v.clone()]))
                }
            };
            if let Some(v) = value {
                out.insert((*member).to_owned(), v);
            }
        }
        Value::Object(out)
    }

    /// Where the job is, from the describe call's answer.
    pub fn outcome(&self, described: &Value) -> JobOutcome {
        let ended = match self.job.ending {
            Ending::Status {
                status,
                succeeded,
                failed,
            } => match at(described, status).and_then(Value::as_str) {
                Some(s) if succeeded.contains(&s) => Some(true),
                Some(s) if failed.contains(&s) => Some(false),
                _ => None,
            },
            Ending::EcsTask => {
                let task = at(described, &["Tasks", "*"]);
                match task
                    .and_then(|t| t.get("LastStatus"))
                    .and_then(Value::as_str)
                {
                    Some("STOPPED") => {
                        let failed = task
                            .and_then(|t| t.get("Containers"))
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                            .any(|c| {
                                c.get("ExitCode")
                                    .and_then(Value::as_i64)
                                    .is_some_and(|code| code != 0)
                            });
                        Some(!failed)
                    }
                    _ => None,
                }
            }
        };
        match ended {
            None => JobOutcome::Running,
            Some(false) => JobOutcome::Failed(described.clone()),
            Some(true) => {
                let mut result = match self.job.result {
                    Made::At(path) => at(described, path).cloned().unwrap_or(Value::Null),
                    Made::Wrapped(name, path) => {
                        json!({ name: at(described, path).cloned().unwrap_or(Value::Null) })
                    }
                };
                if self.parse_json {
                    for member in ["Input", "Output"] {
                        if let Some(v) = result.get_mut(member) {
                            parsed(v);
                        }
                    }
                }
                JobOutcome::Succeeded(result)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pattern;

    #[test]
    fn sync_jobs_are_watched_by_their_describe_calls() {
        let glue = Integration::named("glue", "start_job_run", Pattern::Sync).unwrap();
        let job = glue.endpoint_call().unwrap().job().unwrap();
        let request =
            job.describe_request(&json!({"JobName": "etl"}), &json!({"JobRunId": "jr_1"}));
        assert_eq!(request, json!({"JobName": "etl", "RunId": "jr_1"}));
        assert_eq!(
            job.outcome(&json!({"JobRun": {"JobRunState": "RUNNING"}})),
            JobOutcome::Running
        );
        assert_eq!(
            job.outcome(&json!({"JobRun": {"JobRunState": "SUCCEEDED", "Id": "jr_1"}})),
            JobOutcome::Succeeded(json!({"JobRunState": "SUCCEEDED", "Id": "jr_1"}))
        );
        assert!(matches!(
            job.outcome(&json!({"JobRun": {"JobRunState": "FAILED"}})),
            JobOutcome::Failed(_)
        ));
        let training =
            Integration::named("sagemaker", "create_training_job", Pattern::Sync).unwrap();
        let job = training.endpoint_call().unwrap().job().unwrap();
        assert_eq!(
            job.describe_request(
                &json!({"TrainingJobName": "t"}),
                &json!({"TrainingJobArn": "arn"})
            ),
            json!({"TrainingJobName": "t"})
        );
        let ecs = Integration::named("ecs", "run_task", Pattern::Sync).unwrap();
        let job = ecs.endpoint_call().unwrap().job().unwrap();
        assert_eq!(
            job.describe_request(
                &json!({"Cluster": "c"}),
                &json!({"Tasks": [{"TaskArn": "a"}]})
            ),
            json!({"Cluster": "c", "Tasks": ["a"]})
        );
        let stopped =
            json!({"Tasks": [{"LastStatus": "STOPPED", "Containers": [{"ExitCode": 1}]}]});
        assert!(matches!(job.outcome(&stopped), JobOutcome::Failed(_)));
        let child = Integration::named("states", "start_execution", Pattern::Sync2).unwrap();
        let job = child.endpoint_call().unwrap().job().unwrap();
        assert_eq!(
            job.outcome(&json!({"Status": "SUCCEEDED", "Output": "{\"a\":1}", "Input": "{}"})),
            JobOutcome::Succeeded(json!({"Status": "SUCCEEDED", "Output": {"a": 1}, "Input": {}}))
        );
        let emr = Integration::named(
            "elasticmapreduce",
            "create_cluster",
            Pattern::RequestResponse,
        )
        .unwrap();
        assert!(
            emr.endpoint_call()
                .unwrap_err()
                .to_string()
                .contains("makes itself")
        );
        let api = Integration::named("apigateway", "invoke", Pattern::RequestResponse).unwrap();
        assert!(
            api.endpoint_call()
                .unwrap_err()
                .to_string()
                .contains("defines itself")
        );
    }

    #[test]
    fn step_functions_reads_failures_in_answers_that_succeeded() {
        let invoke = Integration::named("lambda", "invoke", Pattern::RequestResponse).unwrap();
        let call = invoke.endpoint_call().unwrap();
        let response = WireResponse {
            status: 200,
            headers: &[("x-amzn-requestid".into(), "r".into())],
            body: b"",
        };
        let failed = call.result(
            json!({"FunctionError": "Unhandled", "Payload": "{\"errorType\":\"ValueError\",\"errorMessage\":\"bad\"}", "StatusCode": 200}),
            &response,
        );
        assert_eq!(failed.unwrap_err().0, "ValueError");
        let ok = call
            .result(
                json!({"Payload": "{\"a\":1}", "StatusCode": 200}),
                &response,
            )
            .unwrap();
        assert_eq!(ok["Payload"], json!({"a": 1}));
        assert_eq!(ok["SdkResponseMetadata"]["RequestId"], "r");
        let events = Integration::named("events", "put_events", Pattern::RequestResponse).unwrap();
        let failed = events
            .endpoint_call()
            .unwrap()
            .result(json!({"FailedEntryCount": 1, "Entries": []}), &response);
        assert_eq!(failed.unwrap_err().0, "EventBridge.FailedEntry");
    }
}
