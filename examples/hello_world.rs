//! The seeds' hello-world workflow (the AWS Step Functions Data Science SDK's notebook), run on
//! the local engine with its Lambda function written in Rust.
//!
//! - `cargo run --example hello_world` runs it locally (virtual clock: the 3-second Wait and any
//!   retry back-off cost nothing) and prints the result and the states it went through;
//! - `cargo run --example hello_world -- --asl` prints only the ASL definition;
//! - `cargo run --example hello_world -- --sad` runs the sad path (`IsHelloWorldExample: false`).
//!
//! The definition is the notebook's, state for state and field for field; the `workflow!` macro
//! will state it in Rust and check it at compile time.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::process::ExitCode;
use workflow_runtime::asl::StateMachine;
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
    if args.iter().any(|a| a == "--aws") {
        eprintln!(
            "hello_world: `--aws` deploys with the Step Functions client, which is not built yet"
        );
        return ExitCode::from(2);
    }
    let happy = !args.iter().any(|a| a == "--sad");
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
