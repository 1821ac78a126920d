//! The seeds' hello-world workflow (the AWS Step Functions Data Science SDK's notebook), run on
//! the local engine with its Lambda function written in Rust.
//!
//! - `cargo run --example hello_world` runs it locally (virtual clock: the 3-second Wait and any
//!   retry back-off cost nothing) and prints the result and the states it went through;
//! - `cargo run --example hello_world -- --asl` prints only the ASL definition;
//! - `cargo run --example hello_world -- --sad` runs the sad path (`IsHelloWorldExample: false`);
//! - `cargo run --example hello_world -- --aws [--name NAME] [--sad]` deploys it to AWS Step
//!   Functions (create-or-update, under the workflow's name `HelloWorld` unless `--name` says
//!   otherwise; execution role from `WORKFLOW_ROLE_ARN`; region, credentials and endpoint from
//!   the default AWS configuration chain, so `AWS_ENDPOINT_URL_SFN` points it at a local
//!   Step Functions API), executes it, waits and prints the status and the output. The Lambda
//!   function `MyLambda` must exist in that account;
//! - `--iam-policy` prints the least-privilege policy of the execution role, and
//!   `--cloudformation[=json]` a CloudFormation template (YAML by default) deploying it.
//!
//! The definition is the notebook's, state for state and field for field; the `workflow!` macro
//! will state it in Rust and check it at compile time.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::process::ExitCode;
use std::time::Duration;
use workflow_runtime::Workflow;
use workflow_runtime::asl::StateMachine;
use workflow_runtime::client::{
    Client, DeployAction, StateMachineSpec, WaitOptions, cloudformation, iam,
};
use workflow_runtime::engine::{Engine, ExecutionStatus, TaskFailure};

const DEFINITION: &str = include_str!("hello_world.asl.json");

/// The Lambda function's event: `{"input": "HelloWorld"}`.
#[derive(Deserialize)]
struct Event {
    input: String,
}

/// What the notebook's Python function returns.
#[derive(Serialize)]
struct Response {
    #[serde(rename = "statusCode")]
    status_code: u16,
    input: String,
    output: String,
}

/// The notebook's Lambda function, in Rust: base64-encodes `input`.
async fn lambda_handler(event: Event) -> Result<Response, TaskFailure> {
    let output = base64::engine::general_purpose::STANDARD.encode(event.input.as_bytes());
    Ok(Response {
        status_code: 200,
        input: event.input,
        output,
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let machine = match StateMachine::from_json(DEFINITION) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if args.iter().any(|a| a == "--asl") {
        println!("{}", machine.to_json_pretty());
        return ExitCode::SUCCESS;
    }
    if args.iter().any(|a| a == "--iam-policy") {
        // the least-privilege policy of the execution role, from the tasks the workflow uses
        let spec = StateMachineSpec::for_workflow::<HelloWorld>("");
        return match iam::policy_for_spec(&spec, &iam::PolicyContext::default()) {
            Ok(policy) => {
                println!("{}", policy.to_json_pretty());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("hello_world: {e}");
                ExitCode::from(2)
            }
        };
    }
    if let Some(format) = args.iter().find_map(|a| a.strip_prefix("--cloudformation")) {
        // `--cloudformation` (YAML) or `--cloudformation=json`
        return match cloudformation::template_for::<HelloWorld>(&Default::default()) {
            Ok(t) if format == "=json" => {
                println!("{}", t.to_json());
                ExitCode::SUCCESS
            }
            Ok(t) => {
                print!("{}", t.to_yaml());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("hello_world: {e}");
                ExitCode::from(2)
            }
        };
    }
    let happy = !args.iter().any(|a| a == "--sad");
    if args.iter().any(|a| a == "--aws") {
        let name = args
            .iter()
            .position(|a| a == "--name")
            .and_then(|i| args.get(i + 1))
            .cloned();
        return run_on_aws(happy, name);
    }
    let engine = Engine::new().lambda("MyLambda", lambda_handler);
    let execution = match engine.run_blocking(&machine, json!({"IsHelloWorldExample": happy})) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("hello_world: {e}");
            return ExitCode::from(2);
        }
    };
    println!("status: {}", execution.status.as_str());
    if let Some(output) = &execution.output {
        println!("output: {output}");
    }
    if let Some(error) = &execution.error {
        println!("error: {error}");
    }
    println!("states: {}", execution.states.join(" → "));
    if execution.status == ExecutionStatus::Succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The workflow as a type, so that the client takes its typed input.
struct HelloWorld;

/// The execution input.
#[derive(Serialize, Deserialize)]
struct HelloWorldInput {
    #[serde(rename = "IsHelloWorldExample")]
    is_hello_world_example: bool,
}

impl Workflow for HelloWorld {
    type Input = HelloWorldInput;
    const NAME: &'static str = "HelloWorld";
    const ASL: &'static str = DEFINITION;
}

/// `--aws`: deploy (create-or-update), execute, wait, print the status and the output.
fn run_on_aws(happy: bool, name: Option<String>) -> ExitCode {
    let Ok(role) = std::env::var("WORKFLOW_ROLE_ARN") else {
        eprintln!(
            "hello_world: set WORKFLOW_ROLE_ARN to the execution role's ARN (arn:aws:iam::ACCOUNT:role/NAME)"
        );
        return ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("hello_world: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async move {
        let client = Client::from_env().await;
        let mut spec = StateMachineSpec::for_workflow::<HelloWorld>(role);
        if let Some(name) = name {
            spec = spec.name(name);
        }
        let deployment = match client.deploy(&spec).await {
            Ok(d) => d,
            Err(e) => {
                eprintln!("hello_world: deploy failed: {e}");
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
        let machine = deployment.state_machine.typed::<HelloWorldInput>();
        let input = HelloWorldInput {
            is_hello_world_example: happy,
        };
        let execution = match machine.execute(&input, None).await {
            Ok(e) => e,
            Err(e) => {
                eprintln!("hello_world: StartExecution failed: {e}");
                return ExitCode::from(2);
            }
        };
        println!("execution: {}", execution.arn());
        // The Lambda task retries after 15 s and 60 s at worst: allow for it.
        let wait = WaitOptions::default().timeout(Duration::from_secs(300));
        let done = match execution.wait(wait).await {
            Ok(d) => d,
            Err(e) => {
                eprintln!("hello_world: {e}");
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
        if done.status == workflow_runtime::client::ExecutionStatus::Succeeded {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    })
}
