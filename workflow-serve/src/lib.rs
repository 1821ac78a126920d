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
//! unless [`ServerBuilder::console_actions`]). [`InProcess`] is the same endpoint inside a test's
//! process: an `aws_sdk_sfn::Client` reaches it through the SDK's HTTP client hook, with no
//! socket, on a [`VirtualClock`] of its own that the test advances.
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
mod in_process_tests;
#[cfg(test)]
mod test_support;

/// The ARN of the execution `name` of the state machine `M`, for the serve modules' tests.
#[cfg(test)]
fn test_execution_arn(name: &str) -> Arc<workflow_aws_models::StatesArn> {
    let text = format!("arn:aws:states:us-east-1:123456789012:execution:M:{name}");
    Arc::new(workflow_aws_models::StatesArn::parse(&text).expect("an ARN"))
}
mod archive;
mod blocking;
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
mod exchange;
mod executions;
mod extension;
mod hosts;
mod http;
mod in_process;
mod listening;
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
mod tasks;
mod test_state;
mod versions;
mod visible;
mod writer;

pub use blocking::Server;
pub use connection::{
    DEFAULT_BODY_TIMEOUT, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS,
};
pub use console::{
    ACTIONS as CONSOLE_ACTIONS, READS as CONSOLE_READS, TOKEN_HEADER as CONSOLE_TOKEN_HEADER,
};
pub use constraints::SENSITIVE_MEMBERS;
pub use dispatch::{EXTENSION_OPERATIONS, OPERATIONS};
use http::Manners;
pub use in_process::{InProcess, WaitingCallback};
pub use listening::Listening;
pub use service::DEFAULT_MAX_RUNNING;
use service::{Service, Settings};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use workflow_runtime::engine::{Engine, MockConfig, ObjectStore, VirtualClock};

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

    /// Runs executions, and dates what the server creates, on `clock` rather than the system's
    /// clock: time passes only as the clock is advanced ([`VirtualClock::advance`], …), from
    /// the caller or through the server's own operations (`WorkflowServe.AdvanceClock`, see
    /// [`EXTENSION_OPERATIONS`], the console's "Advance to the next timer"). Waits, retries'
    /// back-off, Task timeouts and heartbeats are its timers; what the executions record is
    /// what the real clock would have written, to the millisecond. Not with
    /// [`ServerBuilder::virtual_time`] (a virtual time of each execution's own).
    pub fn clock(mut self, clock: &VirtualClock) -> Self {
        self.settings.clock = Some(clock.clone());
        self
    }

    /// Answers the Tasks of the executions of the workflow `W` (declared with `workflow!`)
    /// with what `answerers` registers on their engine, as a test registers handlers on its
    /// own [`Engine`] ([`Engine::task`] for a typed Task handler, [`Engine::lambda`],
    /// [`Engine::state`], [`Engine::mocks`], …): each execution of a state machine whose
    /// definition is `W`'s ([`Workflow::ASL`], JSON-equal) gets them, before the server's own
    /// answerers (a mock configuration's test case, `--aws-endpoint`). A handler receives what
    /// the Task sends and answers what it returns, as on the engine. Tells the server of `W`
    /// too ([`ServerBuilder::workflow`]).
    ///
    /// [`Workflow::ASL`]: workflow_runtime::Workflow::ASL
    pub fn answered_by<W: workflow_runtime::Workflow>(
        self,
        answerers: impl Fn(Engine) -> Engine + Send + Sync + 'static,
    ) -> Self {
        self.workflow::<W>()
            .answered_by_definition(W::ASL, answerers)
    }

    /// [`ServerBuilder::answered_by`] for the state machines whose definition is `asl` (JSON
    /// equal; a text that is no JSON matches none): a crate's own `workflow serve` answers
    /// each of its workflows' Tasks so (`CrateWorkflow::answered_by`).
    pub fn answered_by_definition(
        mut self,
        asl: &str,
        answerers: impl Fn(Engine) -> Engine + Send + Sync + 'static,
    ) -> Self {
        if let Ok(definition) = serde_json::from_str(asl) {
            self.settings
                .answerers
                .push((definition, service::Answerers(Arc::new(answerers))));
        }
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

    /// The endpoint in the caller's process: the same service, answering an
    /// [`aws_sdk_sfn::Client`] through the SDK's HTTP client hook, with no socket (see
    /// [`InProcess`]). It runs on the clock given to [`ServerBuilder::clock`], or a fresh
    /// [`VirtualClock`] at the wall clock's time; the settings of a socket (address, port,
    /// connection limits, hosts, console) mean nothing to it. Refused, with why: a data
    /// directory (it keeps everything in memory), [`ServerBuilder::virtual_time`] (it has a
    /// clock of its own), a Lambda endpoint URL that is not one.
    pub fn in_process(self) -> std::io::Result<InProcess> {
        let refused = |why: &str| Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, why));
        if self.data.is_some() {
            return refused(
                "an in-process endpoint keeps its state in memory: a data directory is `workflow serve --data DIR`'s",
            );
        }
        if self.settings.virtual_time {
            return refused(
                "an in-process endpoint keeps time on its virtual clock; virtual time (`virtual_time`) is another way to keep it (`workflow serve --virtual-time`): choose one",
            );
        }
        self.check_lambda_endpoint()?;
        let mut settings = self.settings;
        let clock = settings.clock.get_or_insert_with(VirtualClock::new).clone();
        Ok(InProcess::with(Service::new(settings), clock))
    }

    /// Refuses a clock with virtual time: each is a way to keep time, and they differ.
    fn check_time(&self) -> std::io::Result<()> {
        if self.settings.virtual_time && self.settings.clock.is_some() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "a virtual clock (`ServerBuilder::clock`, `--virtual-clock`) and virtual time (`virtual_time`, `--virtual-time`) are two ways to keep time: choose one",
            ));
        }
        Ok(())
    }

    /// Refuses a Lambda endpoint URL that is not one.
    fn check_lambda_endpoint(&self) -> std::io::Result<()> {
        if let Some(url) = &self.settings.lambda_endpoint {
            Engine::new()
                .lambda_endpoint(url)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        }
        Ok(())
    }

    /// Binds the address, opens the data directory (refused when another server holds it) and
    /// resumes what the last server on it left running, all on the caller's Tokio runtime: the
    /// server answers once [`Listening::serve`] is awaited. [`ServerBuilder::start`] is the
    /// same on a runtime of its own.
    pub async fn listen(self) -> std::io::Result<Listening> {
        self.check_time()?;
        self.check_lambda_endpoint()?;
        let manners = Manners {
            limits: self.limits,
            hosts: Arc::new(self.hosts),
            console: Arc::new(console::Console::new(
                self.bind.is_loopback() || self.console_actions,
                self.known_workflows,
            )?),
        };
        // The data directory first: a second server on it is refused before it listens.
        let data = match self.data {
            None => None,
            Some(dir) => Some(
                on_a_thread(move || {
                    std::fs::create_dir_all(&dir)?;
                    let lock = directory_lock::DirectoryLock::acquire(&dir)
                        .map_err(std::io::Error::other)?;
                    Ok((dir, lock))
                })
                .await?,
            ),
        };
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(self.bind, self.port)).await?;
        let address = listener.local_addr()?;
        let settings = self.settings;
        let service = match data {
            None => Service::new(settings),
            Some((dir, lock)) => {
                on_a_thread(move || {
                    Service::open(settings, &dir, lock).map_err(std::io::Error::other)
                })
                .await?
            }
        };
        for line in &service.corrected {
            eprintln!("workflow serve: the database's check set right: {line}");
        }
        // What the last server on the data directory left running goes on, on the caller's
        // runtime, before anyone is answered.
        let resumed = executions::resume_interrupted(&service).await;
        Ok(Listening {
            listener,
            address,
            service,
            manners,
            stop_on_signal: self.stop_on_signal,
            resumed: resumed.resumed,
            unresumed: resumed.refused,
        })
    }
}

/// What `work` answers, done on a thread of its own (the data directory's lock and SQLite's
/// calls block): the caller's runtime goes on meanwhile.
async fn on_a_thread<T: Send + 'static>(
    work: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> std::io::Result<T> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("workflow-serve-open".into())
        .spawn(move || {
            let _ = answer.send(work());
        })?;
    answered
        .await
        .map_err(|_| std::io::Error::other("opening the data directory panicked"))?
}

impl ServerBuilder {
    /// The defaults: `127.0.0.1:8083`, real time, region `us-east-1`, account
    /// `123456789012`, no mock configuration.
    pub(crate) fn defaults() -> ServerBuilder {
        ServerBuilder {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            settings: Settings {
                region: "us-east-1".into(),
                account: "123456789012".into(),
                virtual_time: false,
                clock: None,
                answerers: Vec::new(),
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
}
