//! The commands that talk to AWS Step Functions (region, credentials and endpoint from the
//! default AWS configuration chain; `AWS_ENDPOINT_URL_SFN` for a local endpoint such as moto):
//!
//! - `workflow deploy FILE --name NAME --role ARN`: an idempotent create-or-update;
//! - `workflow execute NAME_OR_ARN [--input JSON] [--name NAME] [--wait]`;
//! - `workflow history EXECUTION_ARN [--format text|html|svg] [-o FILE]`.

use crate::cli::input::{INPUT_LIMIT, decode};
use crate::cli::{EXIT_INVALID, EXIT_OK, Failure};
use std::path::PathBuf;
use std::time::Duration;
use workflow_runtime::asl::StateMachine;
use workflow_runtime::aws_models::RoleArn;
use workflow_runtime::aws_models::StatesArn;
use workflow_runtime::client::{Client, StateMachineSpec, WaitOptions};
use workflow_runtime::execution::ExecutionStatus;
use workflow_runtime::pictures;

/// `workflow deploy`.
#[derive(clap::Args, Debug)]
pub(super) struct DeployArgs {
    /// The definition file (`-` reads standard input).
    pub file: PathBuf,
    /// The state machine's name.
    #[arg(long)]
    pub name: String,
    /// The execution role's ARN (an IAM role's: `arn:aws:iam::ACCOUNT:role/NAME`).
    #[arg(long, value_name = "ARN")]
    pub role: RoleArn,
}

/// `workflow execute`.
#[derive(clap::Args, Debug)]
pub(super) struct ExecuteArgs {
    /// The state machine: its name (looked up in the account and region) or its ARN.
    pub state_machine: String,
    /// The execution input (any JSON; default `{}`).
    #[arg(long, allow_hyphen_values = true)]
    pub input: Option<String>,
    /// The execution's name (default: a unique one).
    #[arg(long)]
    pub name: Option<String>,
    /// Wait for the execution to end and print its status and output (or error and cause).
    #[arg(long)]
    pub wait: bool,
    /// With --wait, give up after this many seconds.
    #[arg(long, default_value_t = 300)]
    pub timeout: u64,
}

/// What `workflow history` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum HistoryFormat {
    /// The events as a table.
    Text,
    /// One HTML page: the graph coloured by each state's status, its legend, the events.
    Html,
    /// The graph coloured by each state's status.
    Svg,
    /// The execution's record, into the directory `-o DIR`: its history and its Distributed
    /// Maps' children's (what `workflow replay --history DIR` and `workflow resume --history
    /// DIR` read).
    Record,
}

/// `workflow history`.
#[derive(clap::Args, Debug)]
pub(super) struct HistoryArgs {
    /// The execution's ARN.
    pub execution: StatesArn,
    /// What to print.
    #[arg(long, value_enum, default_value = "text")]
    pub format: HistoryFormat,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
}

/// The outcome of `command`'s calls: an error is a usage error of `command`.
async fn on_client(
    command: &str,
    calls: impl Future<Output = Result<u8, String>>,
) -> Result<u8, Failure> {
    calls
        .await
        .map_err(|message| Failure::usage(command, message))
}

/// Runs `workflow deploy`.
pub(super) async fn deploy(args: &DeployArgs) -> Result<u8, Failure> {
    let definition = crate::source::load(&args.file).map_err(|e| Failure::usage("deploy", e))?;
    decode(&definition)?;
    let text = definition.text;
    on_client("deploy", async {
        let client = Client::from_env().await;
        let spec = StateMachineSpec::new(args.name.clone(), text, args.role.clone());
        let deployment = client.deploy_spec(&spec).await.map_err(|e| e.to_string())?;
        let changes: Vec<&str> = deployment.changes.iter().map(|c| c.as_str()).collect();
        crate::cli::out::line(format!(
            "{} {}{}",
            deployment.arn(),
            deployment.action,
            if changes.is_empty() {
                String::new()
            } else {
                format!(" ({})", changes.join(", "))
            }
        ));
        Ok(EXIT_OK)
    })
    .await
}

/// Runs `workflow execute`.
pub(super) async fn execute(args: &ExecuteArgs) -> Result<u8, Failure> {
    let input: serde_json::Value = match &args.input {
        None => serde_json::json!({}),
        Some(text) if text.len() as u64 > INPUT_LIMIT => {
            return Err(Failure::usage(
                "execute",
                format!("the input is over {INPUT_LIMIT} bytes"),
            ));
        }
        Some(text) => serde_json::from_str(text)
            .map_err(|e| Failure::usage("execute", format!("--input is not JSON: {e}")))?,
    };
    on_client("execute", async {
        let client = Client::from_env().await;
        let arn = machine_arn(&client, &args.state_machine).await?;
        let machine = client.state_machine(arn);
        let mut request = machine.execute_any(&input);
        if let Some(name) = &args.name {
            request = request.name(name.clone());
        }
        let execution = request.send().await.map_err(|e| e.to_string())?;
        crate::cli::out::line(format!("execution: {}", execution.arn()));
        if !args.wait {
            return Ok(EXIT_OK);
        }
        let done = execution
            .wait(WaitOptions {
                timeout: Duration::from_secs(args.timeout),
                ..WaitOptions::default()
            })
            .await
            .map_err(|e| e.to_string())?;
        crate::cli::out::line(format!("status: {}", done.status));
        let error = done.error.as_ref().map(ToString::to_string);
        for (label, value) in [
            ("output", &done.output),
            ("error", &error),
            ("cause", &done.cause),
        ] {
            if let Some(v) = value {
                crate::cli::out::line(format!("{label}: {v}"));
            }
        }
        Ok(if done.status == ExecutionStatus::Succeeded {
            EXIT_OK
        } else {
            EXIT_INVALID
        })
    })
    .await
}

/// The ARN of the state machine named `name_or_arn` (an ARN is taken as it is, once it
/// reads as a Step Functions ARN).
async fn machine_arn(client: &Client, name_or_arn: &str) -> Result<StatesArn, String> {
    match StatesArn::parse(name_or_arn) {
        Ok(arn) => return Ok(arn),
        // A name: a state machine's name holds no `:` (its name rule), so no ARN.
        Err(workflow_runtime::aws_models::StatesArnError::NotAnArn(_)) => {}
        Err(e) => return Err(e.to_string()),
    }
    client
        .find_state_machine_by_name(name_or_arn)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no state machine named `{name_or_arn}` in this account and region"))
}

/// Runs `workflow history`.
pub(super) async fn history(args: &HistoryArgs) -> Result<u8, Failure> {
    on_client("history", async {
        let client = Client::from_env().await;
        let execution = client.execution(args.execution.clone());
        if args.format == HistoryFormat::Record {
            let dir = args.output.as_ref().ok_or_else(|| {
                "`--format record` writes a directory: give it with `-o DIR`".to_owned()
            })?;
            let record = execution.record().await.map_err(|e| e.to_string())?;
            record
                .write_dir(dir)
                .map_err(|e| format!("cannot write `{}`: {e}", dir.display()))?;
            return Ok(EXIT_OK);
        }
        let history = execution.history().await.map_err(|e| e.to_string())?;
        let text = match args.format {
            HistoryFormat::Text => pictures::events_text(&history),
            format => {
                let description = execution.describe().await.map_err(|e| e.to_string())?;
                let (info, _) = client
                    .attach(&description.state_machine_arn)
                    .await
                    .map_err(|e| e.to_string())?;
                let machine = StateMachine::from_json(&info.definition).map_err(|e| {
                    format!(
                        "the definition of {} does not decode: {}",
                        description.state_machine_arn,
                        e.diagnostics
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                })?;
                // A Distributed Map's inner states are coloured by its child executions,
                // read through the client (the parent's own events never enter them).
                let history = pictures::with_children(&client, history)
                    .await
                    .map_err(|e| e.to_string())?;
                if format == HistoryFormat::Svg {
                    pictures::progress_svg(&machine, &history, &Default::default())
                } else {
                    let title = match &description.name {
                        Some(name) => format!("{name} — {}", description.status),
                        None => format!("{} — {}", description.arn, description.status),
                    };
                    pictures::progress_html(&machine, &title, &history, &Default::default())
                }
            }
        };
        match &args.output {
            Some(path) => std::fs::write(path, text)
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?,
            None => crate::cli::out::text(text),
        }
        Ok(EXIT_OK)
    })
    .await
}
