//! `workflow serve` inside a test's process: [`InProcess`] is a service of its own, in memory,
//! on a clock of its own, whose clients (`aws_sdk_sfn::Client`) reach it through the AWS SDK's
//! own HTTP client hook (`http_client`, the aws-smithy-runtime-api `HttpClient` and
//! `HttpConnector` traits, as the SDK documents for replacing its HTTP client and AWS
//! Emulator's embedded mode uses): no socket, no port, no endpoint URL, no certificate, no
//! thread. Each request the SDK sends is read into the protocol's call (`exchange`) and
//! answered by the same dispatch as the socket's, on the caller's runtime; its executions
//! are tasks of that runtime.

use crate::exchange::{self, Call};
use crate::service::Service;
use aws_sdk_sfn::config::{BehaviorVersion, Credentials, Region, SharedHttpClient};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use std::sync::Arc;
use workflow_runtime::engine::{VirtualClock, WaitingTask};

/// A local Step Functions endpoint in the test's process: its own state machines, executions
/// and activities, in memory, and its own [`VirtualClock`], shared with nothing else; an
/// [`aws_sdk_sfn::Client`] reaches it with no socket, port or endpoint URL. Every operation
/// [`Server`](crate::Server) answers is answered the same, by the same dispatch; executions
/// run as tasks of the caller's Tokio runtime (a `#[tokio::test]`'s, either flavour), and time
/// passes for them only as the test advances the clock. Cheap to make and to drop: make one
/// per test. Dropping it stops its executions.
///
/// ```
/// use std::time::Duration;
/// use workflow_serve::InProcess;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let sfn = InProcess::new();
/// let client = sfn.client();
/// let created = client
///     .create_state_machine()
///     .name("Hold")
///     .definition(r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 2592000, "End": true}}}"#)
///     .role_arn("arn:aws:iam::123456789012:role/test")
///     .send()
///     .await?;
/// let started = client
///     .start_execution()
///     .state_machine_arn(created.state_machine_arn())
///     .send()
///     .await?;
/// // Thirty days pass at once, when the test says so.
/// sfn.clock().advance(Duration::from_secs(30 * 86_400)).await;
/// let described = client
///     .describe_execution()
///     .execution_arn(started.execution_arn())
///     .send()
///     .await?;
/// assert_eq!(described.status().as_str(), "SUCCEEDED");
/// # Ok(())
/// # }
/// ```
pub struct InProcess {
    service: Arc<Service>,
    clock: VirtualClock,
    client: aws_sdk_sfn::Client,
}

impl std::fmt::Debug for InProcess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InProcess")
            .field("region", &self.service.settings.region)
            .field("account", &self.service.settings.account)
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

impl Default for InProcess {
    fn default() -> Self {
        InProcess::new()
    }
}

impl InProcess {
    /// An endpoint with `workflow serve`'s defaults (region `us-east-1`, account
    /// `123456789012`) on a fresh [`VirtualClock`] at the wall clock's time. For workflows'
    /// handlers, mocks or another clock, build one with [`Server::builder`](crate::Server::builder)
    /// and [`ServerBuilder::in_process`](crate::ServerBuilder::in_process).
    pub fn new() -> Self {
        let mut settings = crate::ServerBuilder::defaults().settings;
        let clock = VirtualClock::new();
        settings.clock = Some(clock.clone());
        InProcess::with(Service::new(settings), clock)
    }

    /// The endpoint over `service`, running on `clock`.
    pub(crate) fn with(service: Arc<Service>, clock: VirtualClock) -> Self {
        let client = aws_sdk_sfn::Client::from_conf(config(&service));
        InProcess {
            service,
            clock,
            client,
        }
    }

    /// A client of this endpoint (clones share one connection pool's worth of nothing: every
    /// call is answered in the process).
    pub fn client(&self) -> aws_sdk_sfn::Client {
        self.client.clone()
    }

    /// The SDK configuration of [`client`](Self::client): the endpoint's HTTP client, its
    /// region, static test credentials and the latest behavior version; start from it
    /// (`to_builder()`) to set more.
    pub fn config(&self) -> aws_sdk_sfn::Config {
        config(&self.service)
    }

    /// The HTTP client that answers every request with this endpoint, for an SDK configuration
    /// of the caller's own (`aws_sdk_sfn::config::Builder::http_client`, or aws-config's
    /// `ConfigLoader::http_client`): it answers Step Functions' requests, whatever endpoint
    /// URL they were resolved to.
    pub fn http_client(&self) -> SharedHttpClient {
        SharedHttpClient::new(Endpoint(Arc::clone(&self.service)))
    }

    /// The endpoint's clock: time passes for its executions only as it is advanced.
    pub fn clock(&self) -> &VirtualClock {
        &self.clock
    }

    /// Fires the clock's timers one after another, as [`VirtualClock::run_until`] does,
    /// until the execution `execution_arn` has ended (as `DescribeExecution` answers it):
    /// its status; `None` when it still runs with no timer left (it waits for a callback, an
    /// activity's worker) or the endpoint has no such execution.
    ///
    /// ```
    /// use workflow_serve::InProcess;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let sfn = InProcess::new();
    /// let client = sfn.client();
    /// let machine = client
    ///     .create_state_machine()
    ///     .name("Later")
    ///     .definition(r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 86400, "End": true}}}"#)
    ///     .role_arn("arn:aws:iam::123456789012:role/test")
    ///     .send()
    ///     .await?;
    /// let started = client
    ///     .start_execution()
    ///     .state_machine_arn(machine.state_machine_arn())
    ///     .send()
    ///     .await?;
    /// let status = sfn.run_until_ended(started.execution_arn()).await;
    /// assert_eq!(status.as_ref().map(|s| s.as_str()), Some("SUCCEEDED"));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn run_until_ended(
        &self,
        execution_arn: &str,
    ) -> Option<aws_sdk_sfn::types::ExecutionStatus> {
        // A loop rather than `run_until` with an async closure, whose future is not `Send`
        // for every lifetime (so that a test may spawn this one).
        loop {
            self.clock.settled().await;
            if let Some(status) = self.ended(execution_arn).await {
                return Some(status);
            }
            if self.clock.advance_to_next_timer().await.is_none() {
                return self.ended(execution_arn).await;
            }
        }
    }

    /// The status of the execution `execution_arn` once it ended, as `DescribeExecution`
    /// answers it.
    async fn ended(&self, execution_arn: &str) -> Option<aws_sdk_sfn::types::ExecutionStatus> {
        let described = self
            .client
            .describe_execution()
            .execution_arn(execution_arn)
            .send()
            .await
            .ok()?;
        let status = described.status().clone();
        (status != aws_sdk_sfn::types::ExecutionStatus::Running).then_some(status)
    }

    /// Fires the clock's timers one after another, as [`VirtualClock::run_until`] does,
    /// until a Task of one of the endpoint's executions waits for an answer to its task token
    /// (a `.waitForTaskToken` integration, or an activity's task a worker took): the first of them (see
    /// [`waiting_callbacks`](Self::waiting_callbacks)); `None` when no timer is left and
    /// none waits. A test answers it as its service would (`SendTaskSuccess`, …), and the
    /// next call finds the next one.
    pub async fn run_until_task_token(&self) -> Option<WaitingCallback> {
        loop {
            if let Some(first) = self.waiting_callbacks().await.into_iter().next() {
                return Some(first);
            }
            if self.clock.advance_to_next_timer().await.is_none() {
                return self.waiting_callbacks().await.into_iter().next();
            }
        }
    }

    /// The Tasks of the endpoint's running executions that wait for their task token now,
    /// once the executions settled: in the order the executions started, and each
    /// execution's in the order its Tasks began waiting.
    pub async fn waiting_callbacks(&self) -> Vec<WaitingCallback> {
        self.clock.settled().await;
        let waiting: Vec<_> = self
            .service
            .roster
            .running()
            .into_iter()
            .filter_map(|record| {
                let run = crate::locks::lock(&record.run);
                let crate::records::RunState::Running(live) = &*run else {
                    return None;
                };
                let tasks = live.execution.waiting_tasks();
                drop(run);
                Some((record.arn.to_string(), tasks))
            })
            .collect();
        let mut callbacks = Vec::new();
        for (execution_arn, tasks) in waiting {
            callbacks.extend(tasks.await.into_iter().map(|task| WaitingCallback {
                execution_arn: execution_arn.clone(),
                task,
            }));
        }
        callbacks
    }

    /// The region in the ARNs it answers.
    pub fn region(&self) -> &str {
        &self.service.settings.region
    }

    /// The account in the ARNs it answers.
    pub fn account(&self) -> &str {
        &self.service.settings.account
    }

    /// The connector its HTTP client hands the SDK, for the tests that call it with requests
    /// of their own.
    #[cfg(test)]
    pub(crate) fn connector(&self) -> impl HttpConnector {
        Endpoint(Arc::clone(&self.service))
    }
}

impl Drop for InProcess {
    /// Its executions stop: no task of theirs is left on the runtime once they see it.
    fn drop(&mut self) {
        self.service.shut_down();
    }
}

/// A Task of one of an [`InProcess`] endpoint's executions that waits for its task token
/// (`.waitForTaskToken`), which `SendTaskSuccess`, `SendTaskFailure` and `SendTaskHeartbeat`
/// answer ([`InProcess::waiting_callbacks`], [`InProcess::run_until_task_token`]).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct WaitingCallback {
    /// The ARN of the execution whose Task waits.
    pub execution_arn: String,
    /// The Task: its token (`task.task_token`), its state's name, its resource and what it
    /// sent (its `Parameters` or `Arguments` evaluated, the token among them where the
    /// definition passed `$$.Task.Token`).
    pub task: WaitingTask,
}

/// The SDK configuration of a client of `service`: the endpoint's HTTP client, its region, static
/// credentials (any are accepted, as by `workflow serve`), the latest behavior version.
fn config(service: &Arc<Service>) -> aws_sdk_sfn::Config {
    aws_sdk_sfn::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(service.settings.region.clone()))
        .credentials_provider(Credentials::new(
            "AKIDWORKFLOWSERVE",
            "in-process",
            None,
            None,
            "workflow-serve",
        ))
        .http_client(SharedHttpClient::new(Endpoint(Arc::clone(service))))
        .build()
}

/// The SDK's HTTP client and connector, answering with the service.
#[derive(Clone)]
struct Endpoint(Arc<Service>);

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("workflow_serve::InProcess")
    }
}

impl HttpClient for Endpoint {
    fn http_connector(
        &self,
        _: &HttpConnectorSettings,
        _: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

impl HttpConnector for Endpoint {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let service = Arc::clone(&self.0);
        let header = |name: &str| request.headers().get(name).map(str::to_owned);
        let (content_type, target, trace_header) = (
            header("content-type"),
            header("x-amz-target"),
            header("x-amzn-trace-id"),
        );
        let post = request.method() == "POST";
        // The SDK's JSON requests are in memory; a streaming body is none of Step Functions'.
        let body = request.body().bytes().map(<[u8]>::to_vec);
        HttpConnectorFuture::new(async move {
            let body = body.ok_or_else(|| {
                ConnectorError::user(
                    "an in-process Step Functions endpoint reads request bodies in memory, not streamed".into(),
                )
            })?;
            let id = service.uuid();
            let call = Call {
                post,
                content_type: content_type.as_deref(),
                target: target.as_deref(),
                trace_header: trace_header.as_deref(),
                body: &body,
            };
            let reply = exchange::answer(service, call).await;
            let status = StatusCode::try_from(reply.status)
                .map_err(|e| ConnectorError::other(e.into(), None))?;
            let mut response = HttpResponse::new(status, SdkBody::from(reply.body));
            for (name, value) in reply.headers {
                response.headers_mut().insert(name, value);
            }
            response.headers_mut().insert(exchange::REQUEST_ID, id);
            Ok(response)
        })
    }
}
