//! `workflow serve`: a local Step Functions endpoint (the `workflow-serve` crate).

use crate::cli::input::{MOCK_LIMIT, read};
use crate::cli::{EXIT_OK, Failure};
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;
use workflow_runtime::engine::{MockConfig, ObjectStore, VirtualClock};
use workflow_serve::{
    DEFAULT_BODY_TIMEOUT, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RUNNING, DEFAULT_PORT, Listening, Server,
};

/// `workflow serve`'s arguments.
#[derive(clap::Args)]
pub(super) struct ServeArgs {
    /// The port to listen on (0: any free port; the line `listening on URL` says which).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// The address to listen on: loopback unless given.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Run executions in virtual time: Wait states and retry intervals take no time.
    #[arg(long, conflicts_with = "virtual_clock")]
    pub virtual_time: bool,
    /// Run on a clock of the server's own, from now, that stands still until advanced: by the
    /// console's "Advance to the next timer", or the server's own operations
    /// (`X-Amz-Target: WorkflowServe.AdvanceClock`, `WorkflowServe.DescribeClock`). Waits,
    /// retries, task timeouts and heartbeats wait for it; executions record its time.
    #[arg(long)]
    pub virtual_clock: bool,
    /// A Step Functions Local mock configuration: StartExecution on
    /// `arn:…:stateMachine:NAME#TEST_CASE` runs test case TEST_CASE of it.
    #[arg(long, value_name = "FILE")]
    pub mock_config: Option<PathBuf>,
    /// A directory standing for S3 (`s3://BUCKET/KEY` is `DIR/BUCKET/KEY`) for Distributed
    /// Maps' ItemReader and ResultWriter.
    #[arg(long, value_name = "DIR")]
    pub s3: Option<PathBuf>,
    /// Keep state machines, executions and activities in an SQLite database in DIR (created if
    /// missing), so that a restart loses nothing; in memory without it. DIR belongs to one
    /// server: a second one on it is refused.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Invoke Lambda tasks at this Lambda endpoint (http://HOST:PORT: `cargo lambda watch`, or
    /// anything answering Lambda's Invoke); without it a Lambda task needs a mock.
    #[arg(long, value_name = "URL", env = "AWS_ENDPOINT_URL_LAMBDA")]
    pub lambda_endpoint: Option<String>,
    /// Send every Task that no mock, Lambda endpoint or callback answers to AWS services at
    /// this endpoint: `URL` for every service (moto's server, LocalStack), or `SERVICE=URL`
    /// for one (repeatable). Requests are signed with SigV4 (credentials from the environment
    /// or the profile files) for `--region`; a Distributed Map without `--s3` reads and writes
    /// S3 there. Without it nothing leaves the machine.
    #[arg(long, value_name = "[SERVICE=]URL")]
    pub aws_endpoint: Vec<String>,
    /// The region in the ARNs it answers, and the one `--aws-endpoint`'s requests are signed
    /// for.
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
    /// The account in the ARNs it answers.
    #[arg(long, default_value = "123456789012")]
    pub account: String,
    /// How many executions may run at once; StartExecution beyond it answers
    /// ExecutionLimitExceeded (the service's quota of open executions unless given).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_RUNNING)]
    pub max_running_executions: usize,
    /// Answer requests whose Host is NAME too (repeatable). Only this machine's names are
    /// answered otherwise (localhost, 127.x.x.x, [::1], the address listened on), so that no web
    /// page can drive the server by DNS rebinding.
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Answer requests whatever their Host.
    #[arg(long)]
    pub allow_any_host: bool,
    /// Let the console (`GET /` in a browser) start, stop and redrive executions and answer
    /// tasks on an address other than loopback, where it is read-only otherwise.
    #[arg(long)]
    pub console_actions: bool,
    /// Close a connection with no request under way after SECONDS.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_IDLE_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pub idle_timeout: u64,
    /// Close a connection whose request head (request line and headers) takes more than SECONDS
    /// from its first byte.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_HEADER_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,
    /// Answer HTTP 408 to a request whose body takes more than SECONDS to arrive.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_BODY_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout: u64,
    /// Keep at most N connections open: past it the connection idle longest is closed for a new
    /// one, or with none idle the new one waits until one closes.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_CONNECTIONS as u64, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_connections: u64,
}

/// Serves until Ctrl-C or SIGTERM, on the process's runtime; exit 2 when it cannot start.
pub(super) async fn run(args: &ServeArgs) -> Result<u8, Failure> {
    if !args.bind.is_loopback() {
        eprintln!(
            "workflow serve: warning: listening on {}, beyond this machine: the API has no authentication (any credentials are accepted), so whoever reaches the address can create, run and read state machines and executions",
            args.bind
        );
    }
    let server = listen(args).await.map_err(|e| Failure::usage("serve", e))?;
    if server.resumed_executions() > 0 {
        eprintln!(
            "workflow serve: resumed {} execution(s) that were running when the last server on this data directory stopped",
            server.resumed_executions()
        );
    }
    for (arn, why) in server.unresumed_executions() {
        eprintln!(
            "workflow serve: {arn} was running when the last server on this data directory stopped, and cannot be resumed: {why}; it is RUNNING still, with every event it had (StopExecution ends it)"
        );
    }
    println!("listening on {}", server.endpoint_url());
    // The line tells a script (or a test) where to connect: out before serving.
    let _ = std::io::stdout().flush();
    server.serve(std::future::pending()).await;
    Ok(EXIT_OK)
}

async fn listen(args: &ServeArgs) -> Result<Listening, String> {
    let mut builder = Server::builder()
        .bind(args.bind)
        .port(args.port)
        .virtual_time(args.virtual_time)
        .region(args.region.clone())
        .account(args.account.clone())
        .max_running_executions(args.max_running_executions)
        .idle_timeout(Duration::from_secs(args.idle_timeout))
        .header_timeout(Duration::from_secs(args.header_timeout))
        .body_timeout(Duration::from_secs(args.body_timeout))
        .max_connections(usize::try_from(args.max_connections).unwrap_or(usize::MAX))
        .allow_any_host(args.allow_any_host)
        .console_actions(args.console_actions)
        .stop_on_signal(true);
    for name in &args.allow_host {
        builder = builder.allow_host(name);
    }
    if args.virtual_clock {
        builder = builder.clock(&VirtualClock::new());
    }
    // A crate's own `workflow serve` (`main_with`): the console checks inputs against its
    // workflows' schemas, and their Tasks are answered by their handlers, as under `workflow
    // run NAME`.
    for workflow in crate::cli::crate_workflows() {
        builder = builder.known_workflow(
            workflow.name,
            workflow.asl,
            workflow.input_schema,
            workflow.machine_type,
        );
        if let Some(answerers) = workflow.answerers {
            builder = builder.answered_by_definition(workflow.asl, answerers);
        }
    }
    if let Some(path) = &args.mock_config {
        let text = read(path, MOCK_LIMIT, "a mock configuration").map_err(|e| e.to_string())?;
        let config =
            MockConfig::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        builder = builder.mock_config(config);
    }
    if let Some(url) = &args.lambda_endpoint {
        builder = builder.lambda_endpoint(url.clone());
    }
    if !args.aws_endpoint.is_empty() {
        builder =
            builder.aws_endpoints(crate::cli::local_tasks::aws_endpoints(&args.aws_endpoint)?);
    }
    if let Some(dir) = &args.data {
        builder = builder.data_dir(dir);
    }
    if let Some(dir) = &args.s3 {
        if !dir.is_dir() {
            return Err(format!(
                "`--s3 {}` is not a directory; it stands for S3, one subdirectory per bucket",
                dir.display()
            ));
        }
        builder = builder.object_store(ObjectStore::directory(dir));
    }
    builder.listen().await.map_err(|e| match &args.data {
        Some(dir) if e.kind() != std::io::ErrorKind::AddrInUse => format!(
            "cannot start on {}:{} with the data directory {}: {e}",
            args.bind,
            args.port,
            dir.display()
        ),
        _ => format!("cannot listen on {}:{}: {e}", args.bind, args.port),
    })
}
