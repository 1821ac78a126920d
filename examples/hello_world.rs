//! The seeds' hello-world workflow (the AWS Step Functions Data Science SDK's notebook), stated
//! with `workflow!` and checked at compile time, run on the local engine with its Lambda
//! function written in Rust.
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
//! The definition is the notebook's, state for state and field for field:
//! `examples/hello_world.asl.json` keeps the seed's ASL, and `tests/examples.rs` checks that
//! `HelloWorld::ASL` equals it.

mod common;

use clap::Parser;
use workflow_runtime::engine::blocking;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::process::ExitCode;
use std::time::Duration;
use workflow_runtime::client::{cloudformation, iam};
use workflow_runtime::engine::{Engine, TaskFailure};
use workflow_runtime::workflow;

workflow! {
    /// The hello-world workflow of the AWS Step Functions Data Science SDK's notebook: a Pass, a Choice on IsHelloWorldExample, then a Wait, a Parallel and a Lambda step on the happy path, or a Fail on the sad path.
    pub HelloWorld {
        input { IsHelloWorldExample: bool }

        "MyPassState": pass -> "Is this Hello World example?";

        "Is this Hello World example?": choice {
            when $.IsHelloWorldExample == true => "Wait for 3 seconds",
            when $.IsHelloWorldExample == false => "HelloWorldFailed",
        }

        "Wait for 3 seconds": wait(seconds = 3) -> "MyParallelState";

        "MyParallelState": parallel {
            branch { "Hello": pass; }
            branch { "World": pass; }
        } -> "Convert HelloWorld to Base64";

        "Convert HelloWorld to Base64": lambda::invoke {
            FunctionName: "MyLambda",
            Payload: { "input": "HelloWorld" },
        }
        retry ["States.TaskFailed"] (interval = 15, max_attempts = 2, backoff = 4.0)
        catch ["States.TaskFailed"] => "LambdaTaskFailed"
        -> "HelloWorldSuccessful";

        "HelloWorldSuccessful": succeed;
        "LambdaTaskFailed": fail;
        "HelloWorldFailed": fail;
    }
}

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

/// How `--cloudformation` prints the template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum TemplateFormat {
    /// YAML.
    Yaml,
    /// JSON.
    Json,
}

/// The command line (`--help` lists it).
#[derive(Parser, Debug)]
#[command(name = "hello_world", about)]
struct Cli {
    #[command(flatten)]
    common: common::Common,
    /// Run the sad path (IsHelloWorldExample false).
    #[arg(long)]
    sad: bool,
    /// Print the execution role's least-privilege IAM policy and exit.
    #[arg(long)]
    iam_policy: bool,
    /// Print a CloudFormation template (YAML, or `--cloudformation=json`) and exit.
    #[arg(long, value_name = "FORMAT", num_args = 0..=1, require_equals = true, default_missing_value = "yaml")]
    cloudformation: Option<TemplateFormat>,
}

fn main() -> ExitCode {
    let args = Cli::parse();
    if args.common.print_definition::<HelloWorld>() {
        return ExitCode::SUCCESS;
    }
    if args.iam_policy {
        // the least-privilege policy of the execution role, from the tasks the workflow uses
        return match iam::policy_for_workflow::<HelloWorld>(&iam::PolicyContext::default()) {
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
    if let Some(format) = args.cloudformation {
        return match cloudformation::template_for::<HelloWorld>(&Default::default()) {
            Ok(t) if format == TemplateFormat::Json => {
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
    let input = HelloWorldInput {
        is_hello_world_example: !args.sad,
    };
    if args.common.aws {
        // The Lambda task retries after 15 s and 60 s at worst: allow for it.
        return common::run_on_aws::<HelloWorld>(
            "hello_world",
            &input,
            args.common.name,
            Duration::from_secs(300),
        );
    }
    let engine = Engine::new().lambda("MyLambda", lambda_handler);
    common::report_local::<HelloWorld>(
        "hello_world",
        &args.common,
        blocking::run(engine.workflow::<HelloWorld>().input(&input)),
    )
}
