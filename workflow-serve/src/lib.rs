//! `workflow serve`: a local Step Functions endpoint. The engine behind AWS's own API (AWS JSON
//! 1.0, `X-Amz-Target: AWSStepFunctions.<Operation>`), so that any client works unchanged:
//! the project's [`client`](workflow_runtime::client), aws-sdk-sfn, boto3, the AWS CLI. Any credentials
//! are accepted. Executions run concurrently, each a task of the server's runtime (not a
//! thread), in real time (or virtual time, for test suites); Task states are answered by a Step Functions
//! Local mock configuration, by activity workers, by callbacks, and Lambda tasks by a Lambda
//! endpoint (cargo-lambda's emulator); Distributed Maps read and
//! write a directory standing for S3. Everything lives in memory, or in an embedded SQLite
//! database with [`ServerBuilder::data_dir`] (`--data DIR`), where it survives a restart.
//! Clients that misbehave lose their connections (idle, head and body timeouts, a cap on open
//! connections: [`ServerBuilder::idle_timeout`], [`ServerBuilder::max_connections`]), and only
//! requests for this machine are answered ([`ServerBuilder::allow_host`]). `GET /` in a browser
//! is a console of its state machines, executions and histories (read-only beyond loopback
//! unless [`ServerBuilder::console_actions`]).
//!
//! ```no_run
//! use workflow_serve::Server;
//!
//! // Port 0: the system picks a free port; `endpoint_url` says which.
//! let server = Server::builder().port(0).virtual_time(true).start()?;
//! println!("Step Functions at {}", server.endpoint_url());
//! // … point a client at it …
//! server.shut_down();
//! # Ok::<(), std::io::Error>(())
//! ```

#![deny(missing_docs)]
#![warn(unreachable_pub)]

#[cfg(test)]
mod answer_tests;
#[cfg(test)]
mod test_support;

/// The ARN of the execution `name` of the state machine `M`, for the serve modules' tests.
#[cfg(test)]
fn test_execution_arn(name: &str) -> Arc<workflow_aws_models::StatesArn> {
    let text = format!("arn:aws:states:us-east-1:123456789012:execution:M:{name}");
    Arc::new(workflow_aws_models::StatesArn::parse(&text).expect("an ARN"))
}
mod archive;
mod callbacks;
mod catalog;
mod commits;
mod connection;
mod console;
mod constraints;
mod database;
mod deletions;
mod directory_lock;
mod dispatch;
mod executions;
mod hosts;
mod locks;
mod map_runs;
mod nested;
mod pages;
mod protocol;
mod pushed;
mod records;
mod requests;
mod roster;
mod service;
mod state_machines;
mod tags;
mod test_state;
mod versions;
mod visible;
mod writer;

pub use connection::{
    DEFAULT_BODY_TIMEOUT, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS,
};
pub use console::{
    ACTIONS as CONSOLE_ACTIONS, READS as CONSOLE_READS, TOKEN_HEADER as CONSOLE_TOKEN_HEADER,
};
pub use constraints::SENSITIVE_MEMBERS;
pub use dispatch::OPERATIONS;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use protocol::{ApiError, MAX_REQUEST_BYTES};
pub use service::DEFAULT_MAX_RUNNING;
use service::{Service, Settings};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use workflow_runtime::engine::{MockConfig, ObjectStore};

/// The port `workflow serve` listens on unless told otherwise (Step Functions Local's).
pub const DEFAULT_PORT: u16 = 8083;

/// Builds a [`Server`]: where it listens and how it runs executions.
#[derive(Clone, Debug)]
pub struct ServerBuilder {
    bind: IpAddr,
    port: u16,
    settings: Settings,
    stop_on_signal: bool,
    data: Option<PathBuf>,
    limits: connection::Limits,
    hosts: hosts::AllowedHosts,
    console_actions: bool,
    known_workflows: Vec<console::KnownWorkflow>,
}

impl ServerBuilder {
    /// The address to listen on: loopback (`127.0.0.1`) unless given.
    pub fn bind(mut self, address: IpAddr) -> Self {
        self.bind = address;
        self
    }

    /// The port ([`DEFAULT_PORT`] unless given; 0 lets the system pick one).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Runs executions in virtual time: Wait states and retry intervals take no time (the
    /// deadlines of tasks waiting for callbacks still count wall time). Off by default: real
    /// time, as on AWS.
    pub fn virtual_time(mut self, on: bool) -> Self {
        self.settings.virtual_time = on;
        self
    }

    /// Answers mocked states from a Step Functions Local mock configuration:
    /// `StartExecution` on `arn:…:stateMachine:NAME#TEST_CASE` runs test case `TEST_CASE` of
    /// `NAME`, as Step Functions Local does.
    pub fn mock_config(mut self, config: MockConfig) -> Self {
        self.settings.mock_config = Some(config);
        self
    }

    /// Serves Distributed Maps' `ItemReader` and `ResultWriter` from `store` (e.g.
    /// [`ObjectStore::directory`]).
    pub fn object_store(mut self, store: ObjectStore) -> Self {
        self.settings.object_store = Some(store);
        self
    }

    /// Invokes Lambda tasks at the Lambda endpoint `url` (`http://HOST:PORT`, e.g. cargo-lambda's
    /// `cargo lambda watch`; see [`workflow_runtime::engine::Engine::lambda_endpoint`]); an URL that is
    /// not one fails [`ServerBuilder::start`].
    pub fn lambda_endpoint(mut self, url: impl Into<String>) -> Self {
        self.settings.lambda_endpoint = Some(url.into());
        self
    }

    /// Sends the Tasks that no mock configuration, Lambda endpoint or callback answers to AWS
    /// services at `endpoints` (see [`workflow_runtime::engine::Engine::aws_endpoints`]),
    /// signed for the server's region; a Distributed Map without `--s3` reads and writes S3
    /// there.
    pub fn aws_endpoints(mut self, endpoints: workflow_runtime::engine::AwsEndpoints) -> Self {
        self.settings.aws_endpoints = endpoints;
        self
    }

    /// The region in the ARNs it answers (`us-east-1` unless given).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.settings.region = region.into();
        self
    }

    /// The account in the ARNs it answers (`123456789012` unless given).
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.settings.account = account.into();
        self
    }

    /// How long `GetActivityTask` waits for a task before answering none (60 s, as the
    /// service, unless given).
    pub fn activity_poll(mut self, wait: Duration) -> Self {
        self.settings.activity_poll = wait;
        self
    }

    /// How many executions may run at once ([`DEFAULT_MAX_RUNNING`], the service's quota,
    /// unless given): `StartExecution` beyond it answers `ExecutionLimitExceeded`, as the
    /// service does.
    pub fn max_running_executions(mut self, limit: usize) -> Self {
        self.settings.max_running = limit;
        self
    }

    /// Keeps state machines, executions (with their histories), activities and tags in an
    /// embedded SQLite database in `dir` (created if missing), so that a restart loses
    /// nothing a client saw: what a call answered is written first, and each history event
    /// as it happens (the events' writer takes them as the executions write them, in a
    /// transaction per batch, and before `GetExecutionHistory` shows them).
    /// Executions that were running when the server stopped (SIGTERM, `kill -9`, a crash)
    /// are resumed by the next server on the directory from their stored histories, their
    /// children's too (see [`Server::resumed_executions`]): a Wait keeps its deadline, a
    /// callback its token, a Distributed Map its Map Run and finished children; a Task whose
    /// result was not stored is invoked again. None is failed for the server's sake. The directory belongs to this server while it runs (an operating
    /// system lock on `dir/workflow-serve.lock`, which goes with the process however it
    /// ends): [`ServerBuilder::start`] of a second one on it fails, naming the first one's
    /// PID. A database that cannot be read whole (empty, damaged, another version's layout)
    /// is refused, never emptied. Without it, everything lives in memory; finished executions
    /// compressed (see `archive`).
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.data = Some(dir.into());
        self
    }

    /// Shuts the server down on Ctrl-C or `SIGTERM` (what `workflow serve` does; off by
    /// default, so that a test's server leaves its process's signals alone).
    pub fn stop_on_signal(mut self, on: bool) -> Self {
        self.stop_on_signal = on;
        self
    }

    /// How long a connection with no request under way is kept open, from when it opens or its
    /// last answer ends to the next request's first byte ([`DEFAULT_IDLE_TIMEOUT`] unless given).
    pub fn idle_timeout(mut self, wait: Duration) -> Self {
        self.limits.idle = wait;
        self
    }

    /// How long a request's head (request line and headers) may take from its first byte
    /// before the connection is closed ([`DEFAULT_HEADER_TIMEOUT`] unless given).
    pub fn header_timeout(mut self, wait: Duration) -> Self {
        self.limits.header = wait;
        self
    }

    /// How long a request's body may take to arrive once its head has
    /// ([`DEFAULT_BODY_TIMEOUT`] unless given);
    /// past it the request is answered `RequestTimeoutException` (HTTP 408) and the connection
    /// closed. An operation's own time (a `GetActivityTask` long poll) does not count.
    pub fn body_timeout(mut self, wait: Duration) -> Self {
        self.limits.body = wait;
        self
    }

    /// How many connections may be open at once ([`DEFAULT_MAX_CONNECTIONS`] unless
    /// given; at least 1). At the cap, the connection idle longest is closed to make room for a
    /// new one; with none idle (each in a request), the new one waits until one closes rather
    /// than being cut off.
    pub fn max_connections(mut self, most: usize) -> Self {
        self.limits.connections = most.max(1);
        self
    }

    /// Answers requests whose `Host` is `name` too (any port). Without it only this machine's
    /// names are answered (`localhost`, `127.x.x.x`, `[::1]`, the address a connection
    /// reached); any other is refused with HTTP 403, so that no web page can drive the server
    /// by DNS rebinding.
    pub fn allow_host(mut self, name: impl AsRef<str>) -> Self {
        self.hosts.allow(name.as_ref());
        self
    }

    /// Answers requests whatever their `Host` (off by default; see
    /// [`ServerBuilder::allow_host`]).
    pub fn allow_any_host(mut self, on: bool) -> Self {
        self.hosts.allow_any(on);
        self
    }

    /// Lets the console's page (`GET /`) act (start, stop and redrive executions, answer the
    /// tasks that wait for a callback or an activity worker) even when the server listens on
    /// an address other than loopback, where it is read-only otherwise. On loopback it may
    /// always.
    pub fn console_actions(mut self, on: bool) -> Self {
        self.console_actions = on;
        self
    }

    /// Tells the console of the workflow `W` (declared with `workflow!`): before it starts an
    /// execution of a state machine whose definition is `W`'s ([`Workflow::ASL`], JSON-equal),
    /// it checks the input against `W`'s input schema ([`Workflow::INPUT_SCHEMA`]), as the
    /// typed input would read it. A crate's own `workflow serve` (through `workflow_cli`'s
    /// `main_with`) tells it of every workflow it lists.
    ///
    /// [`Workflow::ASL`]: workflow_runtime::Workflow::ASL
    /// [`Workflow::INPUT_SCHEMA`]: workflow_runtime::Workflow::INPUT_SCHEMA
    ///
    /// A state machine created with `W`'s definition is of the type `W` declares
    /// ([`Workflow::MACHINE_TYPE`]): `CreateStateMachine` without `type` takes it, and with the
    /// other type is refused (`StateMachineTypeNotSupported`).
    ///
    /// [`Workflow::MACHINE_TYPE`]: workflow_runtime::Workflow::MACHINE_TYPE
    pub fn workflow<W: workflow_runtime::Workflow>(self) -> Self {
        self.known_workflow(W::NAME, W::ASL, W::INPUT_SCHEMA, W::MACHINE_TYPE)
    }

    /// [`ServerBuilder::workflow`] for a workflow given by its parts: its name, its ASL
    /// definition, its input schema and its type (what a `workflow!` type's [`Workflow::NAME`],
    /// [`Workflow::ASL`], [`Workflow::INPUT_SCHEMA`] and [`Workflow::MACHINE_TYPE`] are).
    ///
    /// [`Workflow::MACHINE_TYPE`]: workflow_runtime::Workflow::MACHINE_TYPE
    /// [`Workflow::NAME`]: workflow_runtime::Workflow::NAME
    /// [`Workflow::ASL`]: workflow_runtime::Workflow::ASL
    /// [`Workflow::INPUT_SCHEMA`]: workflow_runtime::Workflow::INPUT_SCHEMA
    pub fn known_workflow(
        mut self,
        name: &str,
        asl: &str,
        schema: workflow_runtime::InputType,
        kind: workflow_runtime::asl::ExecutionType,
    ) -> Self {
        self.known_workflows
            .extend(console::KnownWorkflow::new(name, asl, schema));
        if let Ok(definition) = serde_json::from_str(asl) {
            self.settings
                .workflow_types
                .push((definition, name.to_owned(), kind));
        }
        self
    }

    /// Binds the address and starts serving on a thread of its own.
    pub fn start(self) -> std::io::Result<Server> {
        if let Some(url) = &self.settings.lambda_endpoint {
            workflow_runtime::engine::Engine::new()
                .lambda_endpoint(url)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        }
        // The data directory first: a second server on it is refused before it listens.
        let directory_lock = match &self.data {
            None => None,
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                Some(directory_lock::DirectoryLock::acquire(dir).map_err(std::io::Error::other)?)
            }
        };
        let listener = std::net::TcpListener::bind(SocketAddr::new(self.bind, self.port))?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let service = match (&self.data, directory_lock) {
            (Some(dir), Some(directory_lock)) => {
                Service::open(self.settings, dir, directory_lock).map_err(std::io::Error::other)?
            }
            _ => Service::new(self.settings),
        };
        for line in &service.corrected {
            eprintln!("workflow serve: the database's check set right: {line}");
        }
        // Requests and operations are futures on two threads: what an operation waits for (its
        // writes committed, a read of the database, a long poll's task, an execution's end)
        // holds no thread, a thousand waiting polls are a thousand futures. Executions are
        // tasks of the same runtime (the engine has none of its own). The database's writer and
        // reader are a thread each (`writer`, `database`), the edge to SQLite.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .thread_name("workflow-serve")
            .build()?;
        // What the last server on the data directory left running goes on, on that runtime,
        // before anyone is answered.
        let resumed = runtime.block_on(executions::resume_interrupted(&service));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = Arc::clone(&service);
        let stop_on_signal = self.stop_on_signal;
        let manners = Manners {
            limits: self.limits,
            hosts: Arc::new(self.hosts),
            console: Arc::new(console::Console::new(
                self.bind.is_loopback() || self.console_actions,
                self.known_workflows,
            )?),
        };
        let thread = std::thread::Builder::new()
            .name("workflow-serve".into())
            .spawn(move || {
                runtime.block_on(serve(
                    listener,
                    Arc::clone(&serving),
                    manners,
                    stopped,
                    stop_on_signal,
                ));
                // The executions still running stay RUNNING in the database, their events
                // written; the runs in this process stop.
                serving.shut_down();
                // A request still in flight past the drain (a long `StartSyncExecution`) is
                // dropped with its connection: it was never answered.
                runtime.shutdown_timeout(Duration::from_millis(500));
            })?;
        Ok(Server {
            resumed: resumed.resumed,
            unresumed: resumed.refused,
            address,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

/// A running local Step Functions endpoint; dropping it shuts it down.
#[derive(Debug)]
pub struct Server {
    resumed: usize,
    unresumed: Vec<(String, String)>,
    address: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// A builder with the defaults: `127.0.0.1:8083`, real time, region `us-east-1`, account
    /// `123456789012`, no mock configuration.
    pub fn builder() -> ServerBuilder {
        ServerBuilder {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            settings: Settings {
                region: "us-east-1".into(),
                account: "123456789012".into(),
                virtual_time: false,
                mock_config: None,
                activity_poll: Duration::from_secs(60),
                object_store: None,
                lambda_endpoint: None,
                aws_endpoints: workflow_runtime::engine::AwsEndpoints::new(),
                max_running: DEFAULT_MAX_RUNNING,
                operations: dispatch::answering,
                workflow_types: Vec::new(),
            },
            stop_on_signal: false,
            data: None,
            limits: connection::Limits::default(),
            hosts: hosts::AllowedHosts::default(),
            console_actions: false,
            known_workflows: Vec::new(),
        }
    }

    /// How many executions the data directory held as running when the server started (the
    /// last server on it went away while they ran) it resumed: each goes on from its stored
    /// history, as if nothing had happened (see [`ServerBuilder::data_dir`]).
    pub fn resumed_executions(&self) -> usize {
        self.resumed
    }

    /// The executions the last server left running that this one could not resume (a stored
    /// history it cannot continue), each ARN with why: RUNNING still, with every event they
    /// had, until `StopExecution` ends one `ABORTED`.
    pub fn unresumed_executions(&self) -> &[(String, String)] {
        &self.unresumed
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// `http://ADDRESS:PORT`, the endpoint URL to give a client.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Blocks until the server stops (on a signal, with
    /// [`ServerBuilder::stop_on_signal`]).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// Stops serving, as on `SIGTERM`: no connection is accepted any more, idle connections
    /// close, a request in flight is answered (for at most 3 s) with `Connection: close`.
    /// With a data directory, the executions still running stay RUNNING in it, with every
    /// event a client was shown, for the next server on the directory; their runs in this
    /// process stop.
    pub fn shut_down(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// How the server treats connections: their deadlines and number, the `Host`s it answers,
/// and its console.
#[derive(Clone, Debug)]
struct Manners {
    limits: connection::Limits,
    hosts: Arc<hosts::AllowedHosts>,
    console: Arc<console::Console>,
}

/// Accepts connections until told to stop, at most [`connection::Limits::connections`] open at
/// once.
async fn serve(
    listener: std::net::TcpListener,
    service: Arc<Service>,
    manners: Manners,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
    stop_on_signal: bool,
) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    let signal = async move {
        if stop_on_signal {
            shutdown_signal().await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(signal);
    // A slot per open connection. At the cap, the connection idle longest is closed to make
    // room, and with none idle the new one waits for a slot (accepted, so one descriptor, not
    // served): a client that keeps a request under way is never cut off, and the new client is
    // not accepted and closed, which would fail a request it may not retry (StartExecution).
    let slots = Arc::new(tokio::sync::Semaphore::new(manners.limits.connections));
    let open = Arc::new(connection::Open::default());
    // Tells every connection that the server stops.
    let (stopping, _) = tokio::sync::watch::channel(false);
    loop {
        let accepted = tokio::select! {
            _ = &mut stopped => break,
            () = &mut signal => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) if connection::accept_failed_for_one(&e) => continue,
            Err(_) => {
                // Out of descriptors or memory: wait for connections to close, not spin.
                tokio::select! {
                    _ = &mut stopped => break,
                    () = &mut signal => break,
                    () = tokio::time::sleep(connection::ACCEPT_BACKOFF) => continue,
                }
            }
        };
        let slot = match Arc::clone(&slots).try_acquire_owned() {
            Ok(slot) => slot,
            Err(_) => {
                open.close_longest_idle();
                let slot = tokio::select! {
                    _ = &mut stopped => break,
                    () = &mut signal => break,
                    slot = Arc::clone(&slots).acquire_owned() => slot,
                };
                let Ok(slot) = slot else { break };
                slot
            }
        };
        let Ok(local) = stream.local_addr() else {
            continue;
        };
        let service = Arc::clone(&service);
        let manners = manners.clone();
        let open = Arc::clone(&open);
        let stop = stopping.subscribe();
        tokio::spawn(async move {
            let watch = connection::Watch::new();
            open.add(&watch);
            let watching = Arc::clone(&watch);
            let limits = manners.limits;
            let handler = hyper::service::service_fn(move |request| {
                let busy = watching.busy();
                answer(Arc::clone(&service), manners.clone(), local, busy, request)
            });
            connection::drive(stream, limits, watch, stop, handler).await;
            drop(slot);
        });
    }
    // Stopping: no connection is accepted any more (the listener closes now, so that a client
    // is refused rather than left waiting), idle connections close, and a connection in a
    // request answers it with `Connection: close` and reads no other.
    drop(listener);
    service.begin_stopping();
    let _ = stopping.send(true);
    let all = u32::try_from(manners.limits.connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(DRAIN, slots.acquire_many(all)).await;
}

/// How long a stopping server waits for the requests in flight to be answered, at most:
/// short enough that SIGTERM ends the process within 5 s (what a container's orchestrator
/// gives before `SIGKILL` is longer: Docker's `docker stop` waits 10 s, Kubernetes' grace
/// period is 30 s), long enough for any call but a `StartSyncExecution` that runs on.
const DRAIN: Duration = Duration::from_secs(3);

/// Ctrl-C, or `SIGTERM` on Unix.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Answers one HTTP request that reached the server at `local`; the connection is busy until
/// `_busy` drops with the answer. Every answer, an error too, carries a request id of its own
/// in `x-amzn-RequestId`, a UUID, as every answer of AWS's JSON APIs does (the Step Functions
/// API reference, "Common Errors", and each AWS JSON protocol API's example responses: `HTTP/1.1
/// 200 OK`, `x-amzn-RequestId: <RequestId>`); the SDKs read it as the call's request id (the
/// JS SDK v3's `$metadata.requestId`, boto3's `ResponseMetadata.RequestId`).
async fn answer(
    service: Arc<Service>,
    manners: Manners,
    local: SocketAddr,
    _busy: connection::Busy,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, std::convert::Infallible> {
    let id = service.uuid();
    let stopping = Arc::clone(&service);
    let mut response = answer_request(service, manners, local, request).await;
    if let Ok(id) = hyper::header::HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, id);
    }
    // The request in flight when the server began to stop is its connection's last.
    if stopping.is_stopping() {
        response = closing(response);
    }
    Ok(response)
}

/// The header naming an answer's request id.
const REQUEST_ID: &str = "x-amzn-requestid";

/// The answer to one HTTP request, before its request id.
async fn answer_request(
    service: Arc<Service>,
    manners: Manners,
    local: SocketAddr,
    request: Request<Incoming>,
) -> Response<Full<Bytes>> {
    let host = request
        .headers()
        .get(hyper::header::HOST)
        .map(|v| v.to_str().unwrap_or("(not text)"));
    // A request in absolute form names its host in its target too, which then stands for
    // `Host` (RFC 9112, section 3.2.2): both are checked.
    let authority = request.uri().authority().map(|a| a.as_str());
    for named in [host, authority] {
        if let Err(e) = manners.hosts.check(named, local) {
            return closing(respond(Err(e)));
        }
    }
    let targeted = request.headers().contains_key("x-amz-target");
    if let Some(route) = console::route(request.method(), request.uri().path(), targeted) {
        if route == console::Route::Unknown {
            return closing(not_routed());
        }
        let headers = request.headers().clone();
        let query = request.uri().query().map(str::to_owned);
        let body = match read_body(request, manners.limits.body).await {
            Ok(body) => body,
            Err(refused) => return refused,
        };
        return manners
            .console
            .answer(service, route, &headers, query.as_deref(), &body)
            .await;
    }
    if let Some(refused) = unroutable(&request) {
        // The body is not read: the connection closes after the answer.
        return closing(refused);
    }
    let target = request
        .headers()
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let trace_header = request
        .headers()
        .get("x-amzn-trace-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = match read_body(request, manners.limits.body).await {
        Ok(body) => body,
        Err(refused) => return refused,
    };
    let result = match protocol::operation(target.as_deref()) {
        Err(e) => Err(e),
        Ok(operation) => match protocol::request(&body) {
            Err(e) => Err(e),
            Ok(fields) => {
                let operation = operation.to_owned();
                // A future: an operation that waits (a long poll, a commit) holds no thread.
                dispatch::answer(service, operation, fields, trace_header).await
            }
        },
    };
    respond(result)
}

/// The body of `request`, at most [`MAX_REQUEST_BYTES`] arriving within `wait`; otherwise the
/// answer that refuses it.
async fn read_body(
    request: Request<Incoming>,
    wait: Duration,
) -> Result<Bytes, Response<Full<Bytes>>> {
    let declared = request
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_REQUEST_BYTES as u64) {
        // Refused unread: the declared length is enough.
        return Err(respond(Err(too_large())));
    }
    let reading = Limited::new(request.into_body(), MAX_REQUEST_BYTES).collect();
    match tokio::time::timeout(wait, reading).await {
        Ok(Ok(body)) => Ok(body.to_bytes()),
        Ok(Err(_)) => Err(respond(Err(too_large()))),
        Err(_) => Err(closing(respond(Err(body_timed_out(wait))))),
    }
}

/// The answer to a request that is not an AWS JSON 1.0 call, which the endpoint cannot route
/// to an operation: one whose method is not `POST`, or whose `Content-Type` is neither AWS
/// JSON's (`application/x-amz-json-1.0`, or the 1.1 that some clients send) nor
/// `application/json`. Step Functions' protocol (botocore's `stepfunctions` model:
/// `"protocol": "json"`, `"jsonVersion": "1.0"`; Smithy's `awsJson1_0`) sends every call as a
/// `POST` to `/` with an `X-Amz-Target` header and an `application/x-amz-json-1.0` body. AWS's
/// endpoints answer a request they cannot route to an operation with HTTP 404 and the body
/// `<UnknownOperationException/>` (recorded in soto-project/soto issue 580: "code: notFound,
/// body: <UnknownOperationException/>"); so does this one. A request with no `Content-Type` is
/// routed by its `X-Amz-Target` alone, as before. (The console's requests, `GET /` without an
/// `X-Amz-Target` and `/console/…`, are routed before this.)
fn unroutable(request: &Request<Incoming>) -> Option<Response<Full<Bytes>>> {
    let json = request
        .headers()
        .get(hyper::header::CONTENT_TYPE)
        .map(|v| {
            let text = v.to_str().unwrap_or("");
            let essence = text.split(';').next().unwrap_or("").trim();
            [
                "application/x-amz-json-1.0",
                "application/x-amz-json-1.1",
                "application/json",
            ]
            .iter()
            .any(|t| essence.eq_ignore_ascii_case(t))
        })
        .unwrap_or(true);
    if request.method() == hyper::Method::POST && json {
        return None;
    }
    Some(not_routed())
}

/// HTTP 404 `<UnknownOperationException/>`: AWS's answer to a request it cannot route (see
/// [`unroutable`]).
fn not_routed() -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(
        b"<UnknownOperationException/>",
    )));
    *response.status_mut() = StatusCode::NOT_FOUND;
    response.headers_mut().insert(
        "x-amzn-errortype",
        hyper::header::HeaderValue::from_static("UnknownOperationException"),
    );
    response
}

/// A request body over [`MAX_REQUEST_BYTES`] (or cut off).
fn too_large() -> ApiError {
    ApiError {
        name: "ValidationException",
        status: 413,
        message: format!("the request body is over {MAX_REQUEST_BYTES} bytes, or was cut off"),
    }
}

/// A request whose body did not arrive within the body timeout: `RequestTimeoutException`,
/// HTTP 408, as AWS's APIs answer "the request timed out reading" (the API references'
/// "Common Errors").
fn body_timed_out(wait: Duration) -> ApiError {
    ApiError {
        name: "RequestTimeoutException",
        status: 408,
        message: format!(
            "the request body did not arrive within {} ms (shorter than its Content-Length?); the body timeout is `--body-timeout` (ServerBuilder::body_timeout)",
            wait.as_millis()
        ),
    }
}

/// `response`, after which the connection closes: what is left of the request is not read.
fn closing(mut response: Response<Full<Bytes>>) -> Response<Full<Bytes>> {
    response.headers_mut().insert(
        hyper::header::CONNECTION,
        hyper::header::HeaderValue::from_static("close"),
    );
    response
}

/// The HTTP response for an answer or an error.
fn respond(result: Result<serde_json::Value, ApiError>) -> Response<Full<Bytes>> {
    let (status, body, error) = match result {
        Ok(value) => (200, value, None),
        Err(e) => (e.status, e.body(), Some(e.name)),
    };
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/x-amz-json-1.0"),
    );
    if let Some(name) = error.and_then(|n| hyper::header::HeaderValue::from_str(n).ok()) {
        headers.insert("x-amzn-errortype", name);
    }
    response
}
