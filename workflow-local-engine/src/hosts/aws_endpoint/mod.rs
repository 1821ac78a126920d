//! Tasks sent to AWS services at an endpoint ([`Engine::aws_endpoints`](crate::Engine::aws_endpoints),
//! feature `aws-endpoint`): moto's server or LocalStack, which answer every service at one
//! URL, or AWS itself, a URL per service. Every Task of an AWS SDK integration or of an
//! optimized integration that no mock or handler answers is made the request the service
//! receives from AWS (`workflow_aws_models::EndpointCall::service_request`: what Step Functions
//! adds, serialises or renames, from the one table of service-side rules), put on the wire by
//! its service's model (`workflow_aws_models::Operation::encode_request`), signed with SigV4,
//! sent, and its
//! answer read back as Step Functions hands it to the state; a service's error fails the Task
//! with the name Step Functions gives it (`S3.NoSuchKeyException`,
//! `DynamoDB.ConditionalCheckFailedException`), an endpoint that cannot be reached or does not
//! answer in time with `<Service>.SdkClientException`. A `.sync` job is watched by its describe
//! call until it ends; a `.waitForTaskToken` Task sends its call and waits for its token where
//! someone can send it back (a started execution, `workflow serve`). A Distributed Map's
//! `ItemReader` and `ResultWriter` read and write S3 at the endpoint ([`objects`]).
//!
//! Without an endpoint nothing leaves the process.

mod objects;
mod transport;

use super::handlers::{Handler, TaskCall};
use crate::core::task_outcome::{TaskFailure, TaskOutput};
use serde_json::{Value, json};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use transport::Transport;
use workflow_asl::ErrorName;
use workflow_aws_models::{
    EndpointCall, ExecutionArns, Integration, JobOutcome, Pattern, Resource, Service, ServiceError,
    WireResponse,
};

/// How long a request may take before the Task fails, unless [`AwsEndpoints::timeout`] says.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a `.sync` job is left between two describe calls at first; the wait doubles to
/// [`LONGEST_POLL`].
const FIRST_POLL: Duration = Duration::from_millis(200);
const LONGEST_POLL: Duration = Duration::from_secs(5);

/// Why an endpoint cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AwsEndpointError {
    /// The URL is not `http://HOST[:PORT][/PATH]` or `https://…`.
    #[error(
        "the AWS endpoint `{0}` is not a URL: give `http://HOST:PORT` or `https://HOST`, or `SERVICE=URL` for one service"
    )]
    Url(String),
    /// `SERVICE=URL` names no service of the models.
    #[error(
        "`{service}` is no AWS service (the name an `aws-sdk` resource, an optimized resource or botocore gives it){suggestion}"
    )]
    Service {
        /// The name given.
        service: String,
        /// ` did you mean …?`, or nothing.
        suggestion: String,
    },
}

/// Where an endpoint is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EndpointUrl {
    scheme: &'static str,
    /// `HOST[:PORT]`.
    authority: String,
    /// A path every request's path goes under (`""` for none).
    base: String,
}

impl EndpointUrl {
    fn parse(url: &str) -> Result<EndpointUrl, AwsEndpointError> {
        let bad = || AwsEndpointError::Url(url.to_owned());
        let (scheme, rest) = if let Some(rest) = url.strip_prefix("http://") {
            ("http", rest)
        } else if let Some(rest) = url.strip_prefix("https://") {
            ("https", rest)
        } else {
            return Err(bad());
        };
        let (authority, base) = match rest.find('/') {
            Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
            None => (rest, ""),
        };
        let valid = !authority.is_empty()
            && authority
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._:[]".contains(c))
            && !base.contains(['?', '#']);
        if !valid {
            return Err(bad());
        }
        Ok(EndpointUrl {
            scheme,
            authority: authority.to_owned(),
            base: base.to_owned(),
        })
    }

    /// `SCHEME://AUTHORITY`.
    pub(crate) fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }

    /// A request's path and query under the endpoint's path.
    pub(crate) fn joined(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.base)
    }
}

impl std::fmt::Display for EndpointUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.url(), self.base)
    }
}

/// Where the Tasks that nothing in the process answers are sent: AWS services at an endpoint
/// (see [`Engine::aws_endpoints`](crate::Engine::aws_endpoints)). One URL for every service
/// (moto's server, LocalStack), a URL per service, or both (a service's own URL first).
/// Credentials come from the standard chain (environment, profile files, web identity,
/// container and instance metadata) unless given; the region is the engine's
/// ([`Engine::region`](crate::Engine::region)).
///
/// ```
/// use workflow_runtime::engine::AwsEndpoints;
///
/// let endpoints = AwsEndpoints::new()
///     .with("http://127.0.0.1:5000")?
///     .with("dynamodb=http://127.0.0.1:8000")?
///     .credentials("testing", "testing");
/// assert_eq!(endpoints.endpoint_of("dynamodb").as_deref(), Some("http://127.0.0.1:8000"));
/// assert_eq!(endpoints.endpoint_of("sqs").as_deref(), Some("http://127.0.0.1:5000"));
/// assert!(AwsEndpoints::new().with("dynamo=http://x").unwrap_err().to_string().contains("did you mean `dynamodb`"));
/// # Ok::<(), workflow_runtime::engine::AwsEndpointError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct AwsEndpoints {
    every: Option<EndpointUrl>,
    services: Vec<(Service, EndpointUrl)>,
    credentials: Option<(String, String, Option<String>)>,
    timeout: Option<Duration>,
}

/// The service a `SERVICE=URL` names: by the name an `aws-sdk` resource gives it (`sfn`,
/// `eventbridge`), botocore's (`stepfunctions`, `events`), or its endpoint prefix, which the
/// optimized resources use (`states`, `elasticmapreduce`).
fn service_named(name: &str) -> Result<Service, AwsEndpointError> {
    Service::by_sdk_name(name)
        .or_else(|| Service::by_botocore_name(name))
        .or_else(|| Service::all().find(|s| s.endpoint_prefix() == name))
        .ok_or_else(|| {
            let names: Vec<&str> = Service::all().map(|s| s.sdk_name()).collect();
            AwsEndpointError::Service {
                service: name.to_owned(),
                suggestion: workflow_text::suggest::did_you_mean(name, &names)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default(),
            }
        })
}

impl AwsEndpoints {
    /// No endpoint yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// One more endpoint as `--aws-endpoint` takes it: `URL` for every service, or
    /// `SERVICE=URL` for one.
    pub fn with(self, endpoint: &str) -> Result<Self, AwsEndpointError> {
        match endpoint.split_once('=') {
            Some((service, url)) if !service.contains("://") => self.service(service, url),
            _ => self.every(endpoint),
        }
    }

    /// The endpoint of every service without one of its own.
    pub fn every(mut self, url: &str) -> Result<Self, AwsEndpointError> {
        self.every = Some(EndpointUrl::parse(url)?);
        Ok(self)
    }

    /// The endpoint of one service, named as an `aws-sdk` resource names it (`dynamodb`, `sfn`,
    /// `eventbridge`), as botocore does (`stepfunctions`, `events`), or by its endpoint prefix
    /// (`states`).
    pub fn service(mut self, service: &str, url: &str) -> Result<Self, AwsEndpointError> {
        let service = service_named(service.trim())?;
        let url = EndpointUrl::parse(url)?;
        self.services.retain(|(s, _)| *s != service);
        self.services.push((service, url));
        Ok(self)
    }

    /// Signs with these credentials instead of the standard chain's (tests against moto or
    /// LocalStack, which take any).
    pub fn credentials(
        mut self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
    ) -> Self {
        self.credentials = Some((access_key_id.into(), secret_access_key.into(), None));
        self
    }

    /// How long a request may take before the Task fails with `<Service>.SdkClientException`
    /// (60 s by default). A Task's own `TimeoutSeconds` bounds it too, on a real clock.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Whether no endpoint was given.
    pub fn is_empty(&self) -> bool {
        self.every.is_none() && self.services.is_empty()
    }

    /// The endpoint `service`'s Tasks go to, if any (`None` also for a name that is no
    /// service).
    pub fn endpoint_of(&self, service: &str) -> Option<String> {
        let service = service_named(service).ok()?;
        self.url_of(service).map(ToString::to_string)
    }

    fn url_of(&self, service: Service) -> Option<&EndpointUrl> {
        self.services
            .iter()
            .find(|(s, _)| *s == service)
            .map(|(_, u)| u)
            .or(self.every.as_ref())
    }
}

/// An engine's endpoints and the client they share (made on first use).
pub(crate) struct Endpoints {
    config: AwsEndpoints,
    transport: OnceLock<Result<Arc<Transport>, String>>,
}

impl std::fmt::Debug for Endpoints {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoints")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// A Task's failure to reach its service, as the AWS SDKs name it.
fn client_failure(prefix: &str, cause: impl std::fmt::Display) -> TaskFailure {
    TaskFailure::new(
        format!("{prefix}.SdkClientException"),
        format!("Unable to execute HTTP request: {cause}"),
    )
}

impl Endpoints {
    pub(crate) fn new(config: AwsEndpoints) -> Endpoints {
        Endpoints {
            config,
            transport: OnceLock::new(),
        }
    }

    fn transport(&self) -> Result<Arc<Transport>, String> {
        self.transport
            .get_or_init(|| {
                let credentials = self.config.credentials.as_ref().map(|(id, secret, token)| {
                    aws_credential_types::Credentials::new(
                        id,
                        secret,
                        token.clone(),
                        None,
                        "workflow-local-engine",
                    )
                });
                Transport::new(credentials, self.config.timeout.unwrap_or(DEFAULT_TIMEOUT))
                    .map(Arc::new)
            })
            .clone()
    }

    /// The endpoint of `service`, if it has one.
    pub(crate) fn url_of(&self, service: Service) -> Option<&EndpointUrl> {
        self.config.url_of(service)
    }

    /// Calls `operation` with `input` at its service's endpoint: the answer, or why it could
    /// not be had (the `SdkClientException` of `prefix`). A Task's call (`attempt`: its
    /// `TaskCall::attempt_id`) sets the idempotency tokens the request lacks to its attempt,
    /// so that the same attempt made again (an execution resumed after `workflow serve`
    /// restarted) starts the service's work once; other calls get fresh ones, as the SDKs
    /// give.
    async fn call(
        &self,
        operation: workflow_aws_models::Operation,
        input: &Value,
        (region, attempt): (&str, Option<&str>),
        prefix: &str,
    ) -> Result<transport::Answer, TaskFailure> {
        let service = operation.service();
        let url = self
            .url_of(service)
            .ok_or_else(|| {
                client_failure(prefix, format!("no endpoint for {}", service.sdk_name()))
            })?
            .clone();
        let request = match attempt {
            Some(token) => operation.encode_request_with_token(input, token),
            None => operation.encode_request(input),
        }
        .map_err(|e| {
            TaskFailure::new(
                ErrorName::Runtime,
                format!(
                    "the request to {}:{} cannot be sent: {e}",
                    service.sdk_name(),
                    operation.name()
                ),
            )
        })?;
        let transport = self.transport().map_err(|e| client_failure(prefix, e))?;
        transport
            .send(
                url.clone(),
                service.signing_name().to_owned(),
                region.to_owned(),
                request,
            )
            .await
            .map_err(|e| client_failure(prefix, format!("{url}: {e}")))
    }

    /// The object store of a Distributed Map's reader and writer: S3 at its endpoint, if it has
    /// one.
    pub(crate) fn object_store(self: &Arc<Self>, region: &str) -> Option<crate::ObjectStore> {
        let s3 = Service::by_sdk_name("s3")?;
        self.url_of(s3)?;
        Some(crate::ObjectStore::remote(Arc::new(
            objects::S3Objects::new(Arc::clone(self), region.to_owned()),
        )))
    }
}

/// The prefix of a client failure's name for `call`: the error prefix Step Functions gives the
/// integration's errors.
fn prefix_of(call: &EndpointCall) -> String {
    let service = call.operation().service();
    if call.integration().is_sdk() {
        service.error_prefix().to_owned()
    } else if service.botocore_name() == "stepfunctions" {
        "StepFunctions".to_owned()
    } else {
        service.service_id().replace(' ', "")
    }
}

/// The handler sending Tasks on `resource` to their service's endpoint; `None` when the
/// resource is no integration an endpoint answers or its service has no endpoint. A
/// `.waitForTaskToken` Task is sent only where its token can come back (`callback`).
pub(crate) fn handler(
    endpoints: &Arc<Endpoints>,
    resource: &Resource,
    region: &str,
    callback: bool,
) -> Option<Handler> {
    let (call, direct) = match (resource.integration(), resource.lambda_function()) {
        (Some(integration), _) => (integration.endpoint_call(), false),
        // A Lambda function's ARN as the resource: invoked as `lambda:invoke` is, answering
        // its payload.
        (None, Some(_)) => (
            Integration::named("lambda", "invoke", Pattern::RequestResponse)
                .ok()?
                .endpoint_call(),
            true,
        ),
        (None, None) => return None,
    };
    let call = match call {
        Ok(call) => call,
        Err(refusal) => {
            // Its service has an endpoint but the integration cannot be sent there: say why.
            let service = resource
                .integration()?
                .api_operation()
                .map(|op| op.service());
            if service.is_some_and(|s| endpoints.url_of(s).is_none()) {
                return None;
            }
            let message = format!("{refusal}; give this Task a handler or a mocked response");
            return Some(Arc::new(move |_: TaskCall| {
                let message = message.clone();
                Box::pin(async move { Err(TaskFailure::new(ErrorName::Runtime, message)) })
            }));
        }
    };
    endpoints.url_of(call.operation().service())?;
    if call.integration().pattern() == Pattern::WaitForTaskToken && !callback {
        return None;
    }
    let endpoints = Arc::clone(endpoints);
    let region = region.to_owned();
    let function = direct.then(|| resource.as_str().to_owned());
    Some(Arc::new(move |task: TaskCall| {
        let (endpoints, call, region, function) = (
            Arc::clone(&endpoints),
            call.clone(),
            region.clone(),
            function.clone(),
        );
        Box::pin(async move {
            let input = match &function {
                Some(arn) => json!({"FunctionName": arn, "Payload": task.input}),
                None => task.input,
            };
            // What Step Functions does to the request before the service sees it: the one
            // table of service-side rules, applied here.
            let (execution, state_machine) = (
                task.execution_arn.to_string(),
                task.state_machine_arn.to_string(),
            );
            let input = call.service_request(
                &input,
                ExecutionArns {
                    execution: &execution,
                    state_machine: &state_machine,
                },
            );
            let output = answer(&endpoints, &call, &input, (&region, &task.attempt_id)).await?;
            Ok(TaskOutput::from_service(match function {
                Some(_) => output.get("Payload").cloned().unwrap_or(Value::Null),
                None => output,
            }))
        })
    }))
}

/// Reads an answer: the output, or the failure its error or content means.
fn read(
    call: &EndpointCall,
    operation: workflow_aws_models::Operation,
    answer: &transport::Answer,
    prefix: &str,
) -> Result<Value, TaskFailure> {
    let response = WireResponse {
        status: answer.status,
        headers: &answer.headers,
        body: &answer.body,
    };
    if !response.is_success() {
        let error: ServiceError = operation.decode_error(&response);
        let (name, cause) = call.failure(&error);
        return Err(TaskFailure::new(name, cause));
    }
    operation
        .decode_response(&response, call.naming())
        .map_err(|e| {
            TaskFailure::new(
                format!("{prefix}.SdkClientException"),
                format!("Unable to unmarshall response ({e})"),
            )
        })
}

/// A Task's call: the request-response answer, or the finished `.sync` job.
async fn answer(
    endpoints: &Endpoints,
    call: &EndpointCall,
    input: &Value,
    (region, attempt): (&str, &str),
) -> Result<Value, TaskFailure> {
    let prefix = prefix_of(call);
    let operation = call.operation();
    let answer = endpoints
        .call(operation, input, (region, Some(attempt)), &prefix)
        .await?;
    let output = read(call, operation, &answer, &prefix)?;
    let Some(job) = call.job() else {
        let response = WireResponse {
            status: answer.status,
            headers: &answer.headers,
            body: &answer.body,
        };
        return call
            .result(output, &response)
            .map_err(|(error, cause)| TaskFailure::new(error, cause));
    };
    let describe = job.describe();
    let request = job.describe_request(input, &output);
    let mut wait = FIRST_POLL;
    loop {
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(LONGEST_POLL);
        let answer = endpoints
            .call(describe, &request, (region, None), &prefix)
            .await?;
        let described = read(call, describe, &answer, &prefix)?;
        match job.outcome(&described) {
            JobOutcome::Running => {}
            JobOutcome::Succeeded(result) => return Ok(result),
            JobOutcome::Failed(described) => {
                return Err(TaskFailure::new(
                    ErrorName::TaskFailed,
                    described.to_string(),
                ));
            }
        }
    }
}
