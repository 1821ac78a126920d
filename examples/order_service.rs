//! An order service whose workflow's tasks are Rust, in the three forms a task takes (the
//! README's "Tasks in Rust"): `Charge` is a Lambda function (`examples/charge_lambda.rs`
//! serves it), `Pack` an activity worker's work, `Await pickup` a callback a courier's app
//! answers with the task token. The workflow and the handlers are in `examples/orders/`.
//!
//! - `cargo run --example order_service` runs it on the local engine: the same handlers
//!   registered through the workflow's typed constants, the callback answered as the courier
//!   would; prints the result and the states it went through;
//! - `cargo run --example order_service -- --aws` deploys it to AWS Step Functions
//!   (create-or-update; role from `WORKFLOW_ROLE_ARN`, endpoint from the default AWS
//!   configuration chain, e.g. `AWS_ENDPOINT_URL_SFN` for `workflow serve`), creates the
//!   activity `pack`, starts an execution, serves `Pack` with an activity worker, answers
//!   `Await pickup` with the token the execution's history shows, and prints the result. The
//!   Lambda function `charge_lambda` must exist there (or be served at `workflow serve
//!   --lambda-endpoint`).

mod common;
mod orders;

use clap::Parser;
use orders::{OrderService, OrderServiceInput, OrderServiceInputItems};
use std::process::ExitCode;
use std::time::Duration;
use workflow_runtime::aws_models::{RoleArn, TaskToken};
use workflow_runtime::client::{Client, StateMachineSpec, WaitOptions};
use workflow_runtime::engine::Engine;
use workflow_runtime::engine::blocking;
use workflow_runtime::execution::{EventKind, ExecutionStatus};

/// The command line (`--help` lists it).
#[derive(Parser, Debug)]
#[command(name = "order_service", about)]
struct Cli {
    #[command(flatten)]
    common: common::Common,
    /// The order's amount in cents (0: the charge is refused).
    #[arg(long, default_value_t = 2500)]
    cents: i64,
}

fn main() -> ExitCode {
    let args = Cli::parse();
    if args.common.print_definition::<OrderService>() {
        return ExitCode::SUCCESS;
    }
    let input = OrderServiceInput {
        order_id: "o-42".into(),
        cents: args.cents,
        items: vec![
            OrderServiceInputItems {
                sku: "tea".into(),
                qty: 2,
            },
            OrderServiceInputItems {
                sku: "cup".into(),
                qty: 1,
            },
        ],
    };
    if args.common.aws {
        return run_on_aws(&input, args.common.name);
    }
    let engine = Engine::new()
        .task(OrderService::CHARGE, orders::charge)
        .task(OrderService::PACK, orders::pack);
    let running = match blocking::start(engine.workflow::<OrderService>().input(&input)) {
        Ok(running) => running,
        Err(e) => {
            eprintln!("order_service: {e}");
            return ExitCode::from(2);
        }
    };
    // The courier answers the callback (when the charge went through).
    if let Err(e) = running.respond(OrderService::AWAIT_PICKUP, orders::pickup) {
        eprintln!("order_service: the callback was refused: {e}");
        return ExitCode::from(2);
    }
    common::report_local::<OrderService>("order_service", &args.common, running.wait())
}

/// `--aws`: deploy, run with a worker for `Pack` and the courier's answer, print the result.
fn run_on_aws(input: &OrderServiceInput, name: Option<String>) -> ExitCode {
    let role = match common::role_from_env("order_service") {
        Ok(Some(role)) => role,
        Ok(None) => {
            eprintln!("order_service: set WORKFLOW_ROLE_ARN to the execution role's ARN");
            return ExitCode::from(2);
        }
        Err(code) => return code,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("order_service: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async move {
        match deploy_and_serve(input, role, name).await {
            Ok((status, outcome)) => {
                println!("status: {}", status.as_str());
                println!("{outcome}");
                if status == ExecutionStatus::Succeeded {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                }
            }
            Err(e) => {
                eprintln!("order_service: {e}");
                ExitCode::from(2)
            }
        }
    })
}

/// Deploys the workflow and runs one execution to its end, serving its activity and answering
/// its callback; the execution's status and its `output: …` line (or `error: …` and `cause: …`).
async fn deploy_and_serve(
    input: &OrderServiceInput,
    role: RoleArn,
    name: Option<String>,
) -> Result<(ExecutionStatus, String), workflow_runtime::client::Error> {
    let client = Client::from_env().await;
    let activity = client.create_activity("pack").await?;
    println!("activity: {}", activity.arn());
    let mut spec = StateMachineSpec::for_workflow::<OrderService>(role);
    if let Some(name) = name {
        spec = spec.name(name);
    }
    let machine = client.deploy_spec(&spec).await?.state_machine;
    let execution = machine.execute_any(input).send().await?;
    println!("execution: {}", execution.arn());
    // The activity worker serves `Pack` until the execution ends.
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(
        // Typed by the workflow, beating within `Pack`'s `heartbeat = 30`.
        activity
            .worker_for(OrderService::PACK, orders::pack)
            .concurrency(2)
            .run_until(async {
                let _ = stopped.await;
            }),
    );
    // The courier's app: finds the callback's token in the history and answers it.
    let mut answered = false;
    let status = loop {
        let described = execution.describe().await?;
        if described.status != ExecutionStatus::Running {
            break described.status;
        }
        if !answered {
            for event in execution.history().await? {
                let EventKind::TaskScheduled {
                    resource,
                    parameters,
                    ..
                } = &event.kind
                else {
                    continue;
                };
                if resource != "invoke.waitForTaskToken" {
                    continue;
                }
                let payload = parameters.to_value()["Payload"].clone();
                let Ok(request) = serde_json::from_value(payload.clone()) else {
                    continue;
                };
                // The token as the execution sent it, read once.
                let Some(Ok(token)) = payload["token"].as_str().map(TaskToken::parse) else {
                    continue;
                };
                match orders::pickup(request) {
                    Ok(answer) => {
                        client
                            .send_task_response(OrderService::AWAIT_PICKUP, &token, &answer)
                            .await?
                    }
                    Err(failure) => {
                        client
                            .send_task_failure(&token)
                            .error(failure.error.as_str())
                            .cause(&failure.cause)
                            .send()
                            .await?
                    }
                }
                answered = true;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    // The worker finishes the poll in flight before it stops, so that no task the service
    // hands out is lost (GetActivityTask holds a poll up to 60 s on AWS).
    let _ = stop.send(());
    let _ = worker.await;
    let done = execution
        .wait(WaitOptions::default().timeout(Duration::from_secs(30)))
        .await?;
    let outcome = match done.status {
        ExecutionStatus::Succeeded => {
            format!("output: {}", execution.output::<serde_json::Value>().await?)
        }
        _ => format!(
            "error: {}\ncause: {}",
            done.error.as_ref().map_or("", |e| e.as_str()),
            done.cause.as_deref().unwrap_or("")
        ),
    };
    Ok((status, outcome))
}
