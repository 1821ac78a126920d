//! What every example does besides stating its workflow: the flags they share (`clap`), printing a local
//! execution, and `--aws` (deploy with create-or-update, execute, wait, print the status and
//! the output). Each example includes it with `mod common;`.

#![allow(dead_code)] // not every example uses every helper

use serde::Serialize;
use std::process::ExitCode;
use std::time::Duration;
use workflow_runtime::Workflow;
use workflow_runtime::asl::StateMachine;
use workflow_runtime::aws_models::RoleArn;
use workflow_runtime::client::{Client, DeployAction, StateMachineSpec, WaitOptions};
use workflow_runtime::engine::{EngineError, Execution};
use workflow_runtime::execution::ExecutionStatus;
use workflow_runtime::pictures::WorkflowPictures;

/// The flags every example takes (flattened into each example's own `clap` parser).
#[derive(clap::Args, Debug)]
pub struct Common {
    /// Print the ASL definition (indented JSON) and exit.
    #[arg(long)]
    pub asl: bool,
    /// Print the graph as Mermaid `stateDiagram-v2` and exit.
    #[arg(long)]
    pub graph: bool,
    /// Deploy to AWS Step Functions (create-or-update), execute, wait and print the result:
    /// role from WORKFLOW_ROLE_ARN, endpoint from AWS_ENDPOINT_URL_SFN.
    #[arg(long)]
    pub aws: bool,
    /// The state machine's name on AWS (default: the workflow's).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// After a local run, write its graph coloured by each state's status: an SVG picture, or
    /// an HTML page with the events table when the name ends in `.html`.
    #[arg(long, value_name = "FILE")]
    pub progress: Option<std::path::PathBuf>,
}

impl Common {
    /// Prints what `--asl` or `--graph` asks for; `true` when the example should exit.
    pub fn print_definition<W: Workflow>(&self) -> bool {
        if self.asl {
            println!("{}", W::ASL_PRETTY);
        }
        if self.graph {
            print!("{}", W::graph());
        }
        self.asl || self.graph
    }
}

/// Prints a local execution of `W` (`status:`, `output:` or `error:`/`cause:`, then `states:`,
/// the states entered in order) and writes its `--progress` picture; exit status 0 when it
/// succeeded, 1 otherwise, 2 when it could not start or the picture could not be written.
pub fn report_local<W: Workflow>(
    program: &str,
    common: &Common,
    execution: Result<Execution, EngineError>,
) -> ExitCode {
    report(
        program,
        common,
        (&W::definition(), W::NAME),
        execution,
        |_| {},
    )
}

/// [`report`] followed by the virtual time the run took on the engine's clock and the real
/// time it took ([`print_times`]): the SageMaker examples, whose jobs run for minutes.
pub fn report_timed(
    program: &str,
    common: &Common,
    (machine, name): (&StateMachine, &str),
    execution: Result<Execution, EngineError>,
    real: Duration,
) -> ExitCode {
    report(program, common, (machine, name), execution, |execution| {
        print_times(execution, real)
    })
}

/// Prints the virtual time a local run took (its first to its last event, on the engine's
/// clock) and the real time it took.
pub fn print_times(execution: &Execution, real: Duration) {
    let first = execution.history.first().map(|e| e.timestamp_millis);
    let last = execution.history.last().map(|e| e.timestamp_millis);
    if let (Some(first), Some(last)) = (first, last) {
        let minutes = (last - first) as f64 / 60_000.0;
        println!(
            "virtual time: {minutes:.1} min; real time: {} ms",
            real.as_millis()
        );
    }
}

/// [`report_local`] for any definition: `machine` named `name` in the picture's title;
/// `after_summary` prints more after the summary (before the picture is written).
pub fn report(
    program: &str,
    common: &Common,
    (machine, name): (&StateMachine, &str),
    execution: Result<Execution, EngineError>,
    after_summary: impl FnOnce(&Execution),
) -> ExitCode {
    let execution = match execution {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{program}: {e}");
            return ExitCode::from(2);
        }
    };
    print!("{}", execution.summary_text());
    after_summary(&execution);
    if let Some(path) = &common.progress {
        let title = format!("{name} — {}", execution.status);
        let text = workflow_runtime::pictures::progress_for_path(path, machine, &title, &execution);
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("{program}: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    if execution.status == ExecutionStatus::Succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `--aws`: deploys `W` (create-or-update, under `name` or the workflow's name; execution role
/// from `WORKFLOW_ROLE_ARN`; region, credentials and endpoint from the default AWS
/// configuration chain, which honours `AWS_ENDPOINT_URL_SFN`), executes it on `input`, waits up
/// to `timeout` and prints the status and the output (or the error and the cause). Exit
/// status 0 when it succeeded, 1 when it did not, 2 when it could not be deployed or run.
pub fn run_on_aws<W: Workflow>(
    program: &str,
    input: &W::Input,
    name: Option<String>,
    timeout: Duration,
) -> ExitCode {
    let role = match role_from_env(program) {
        Ok(Some(role)) => role,
        Ok(None) => {
            eprintln!(
                "{program}: set WORKFLOW_ROLE_ARN to the execution role's ARN (arn:aws:iam::ACCOUNT:role/NAME)"
            );
            return ExitCode::from(2);
        }
        Err(code) => return code,
    };
    let mut spec = StateMachineSpec::for_workflow::<W>(role);
    if let Some(name) = name {
        spec = spec.name(name);
    }
    deploy_and_run(program, &spec, input, None, timeout)
}

/// The execution role in `WORKFLOW_ROLE_ARN`, read once: `None` when it is not set, exit status
/// 2 (after saying why) when it is not an IAM role's ARN.
pub fn role_from_env(program: &str) -> Result<Option<RoleArn>, ExitCode> {
    let Ok(text) = std::env::var("WORKFLOW_ROLE_ARN") else {
        return Ok(None);
    };
    text.parse().map(Some).map_err(|e| {
        eprintln!("{program}: WORKFLOW_ROLE_ARN: {e} (arn:aws:iam::ACCOUNT:role/NAME)");
        ExitCode::from(2)
    })
}

/// Deploys `spec` (create-or-update), executes it on `input` (under `execution_name`, else a
/// generated one), waits up to `timeout` and prints the state machine (with what the deploy
/// did and cost), the execution, the status and the output (or the error and the cause).
/// Exit status 0 when it succeeded, 1 when it did not, 2 when it could not be deployed or run.
pub fn deploy_and_run<I: Serialize + ?Sized>(
    program: &str,
    spec: &StateMachineSpec,
    input: &I,
    execution_name: Option<&str>,
    timeout: Duration,
) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{program}: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async move {
        let client = Client::from_env().await;
        let deployment = match client.deploy_spec(spec).await {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{program}: deploy failed: {e}");
                return ExitCode::from(2);
            }
        };
        let action = match deployment.action {
            DeployAction::Created => "created",
            DeployAction::Updated => "updated",
            DeployAction::Unchanged => "unchanged",
        };
        println!(
            "state machine: {} ({action}, {} API calls)",
            deployment.arn(),
            deployment.api_calls
        );
        let mut start = deployment.state_machine.execute_any(input);
        if let Some(name) = execution_name {
            start = start.name(name);
        }
        let execution = match start.send().await {
            Ok(e) => e,
            Err(e) => {
                eprintln!("{program}: StartExecution failed: {e}");
                return ExitCode::from(2);
            }
        };
        println!("execution: {}", execution.arn());
        let done = match execution
            .wait(WaitOptions::default().timeout(timeout))
            .await
        {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{program}: {e}");
                return ExitCode::from(2);
            }
        };
        println!("status: {}", done.status);
        if let Some(output) = &done.output {
            println!("output: {output}");
        }
        if let Some(error) = &done.error {
            println!("error: {error}");
        }
        if let Some(cause) = &done.cause {
            println!("cause: {cause}");
        }
        if done.status == ExecutionStatus::Succeeded {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    })
}
