//! What every example does besides stating its workflow: reading its flags, printing a local
//! execution, and `--aws` (deploy with create-or-update, execute, wait, print the status and
//! the output). Each example includes it with `mod common;`.

#![allow(dead_code)] // not every example uses every helper

use std::process::ExitCode;
use std::time::Duration;
use workflow_runtime::Workflow;
use workflow_runtime::client::{
    Client, DeployAction, ExecutionStatus as RemoteStatus, StateMachineSpec, WaitOptions,
};
use workflow_runtime::engine::{EngineError, Execution, ExecutionStatus};

/// The command line, after the program's name.
pub struct Args(Vec<String>);

impl Args {
    /// `std::env::args()` without the program's name.
    pub fn from_env() -> Self {
        Args(std::env::args().skip(1).collect())
    }

    /// Whether `flag` (e.g. `--asl`) was given.
    pub fn flag(&self, flag: &str) -> bool {
        self.0.iter().any(|a| a == flag)
    }

    /// The value after `option` (e.g. `--name NAME`).
    pub fn value(&self, option: &str) -> Option<String> {
        self.0
            .iter()
            .position(|a| a == option)
            .and_then(|i| self.0.get(i + 1))
            .cloned()
    }

    /// The rest of the first argument that starts with `prefix` (`--cloudformation=json`).
    pub fn with_prefix(&self, prefix: &str) -> Option<&str> {
        self.0.iter().find_map(|a| a.strip_prefix(prefix))
    }
}

/// Prints a local execution (`status:`, `output:` or `error:`/`cause:`, then `states:`, the
/// states entered in order); exit status 0 when it succeeded, 1 otherwise, 2 when it could not
/// start.
pub fn report_local(program: &str, execution: Result<Execution, EngineError>) -> ExitCode {
    let execution = match execution {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{program}: {e}");
            return ExitCode::from(2);
        }
    };
    print!("{}", execution.summary_text());
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
    let Ok(role) = std::env::var("WORKFLOW_ROLE_ARN") else {
        eprintln!(
            "{program}: set WORKFLOW_ROLE_ARN to the execution role's ARN (arn:aws:iam::ACCOUNT:role/NAME)"
        );
        return ExitCode::from(2);
    };
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
        let mut spec = StateMachineSpec::for_workflow::<W>(role);
        if let Some(name) = name {
            spec = spec.name(name);
        }
        let deployment = match client.deploy(&spec).await {
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
        let machine = deployment.state_machine.typed::<W::Input>();
        let execution = match machine.execute(input, None).await {
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
        if done.status == RemoteStatus::Succeeded {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    })
}
