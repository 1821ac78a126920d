//! A returns service that uses Step Functions through `aws_sdk_sfn`, as production code does
//! (`examples/returns/mod.rs`), run on an in-process endpoint (`workflow_serve::InProcess`:
//! the SDK's own HTTP client hook, no socket, a clock of its own): a return opened, the
//! warehouse's callback answered, the 30-day dispute window passed at once, the refund paid.
//! Its tests are `examples/returns/tests.rs`.
//!
//! - `cargo run --example order_returns --features workflow-examples/in-process` runs it in
//!   process and prints the return's status, output and dates;
//! - `… -- --aws` deploys it to AWS Step Functions through the default AWS configuration chain
//!   (create-or-update; role from `WORKFLOW_ROLE_ARN`; the queue of `Await parcel` must exist
//!   there), opens a return, answers the callback with the token the history shows, and prints
//!   the status: RUNNING, for the 30 days of the dispute window.

mod common;
mod returns;

use clap::Parser;
use returns::{OrderReturn, Returns};
use std::process::ExitCode;
use std::time::Duration;
use workflow_serve::InProcess;

/// The command line (`--help` lists it).
#[derive(Parser, Debug)]
#[command(name = "order_returns", about)]
struct Cli {
    #[command(flatten)]
    common: common::Common,
    /// The order returned.
    #[arg(long, default_value = "o-42")]
    order: String,
}

fn main() -> ExitCode {
    let args = Cli::parse();
    if args.common.print_definition::<OrderReturn>() {
        return ExitCode::SUCCESS;
    }
    if args.common.progress.is_some() {
        eprintln!(
            "order_returns: --progress draws a run of the local engine; this example runs on an endpoint"
        );
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("order_returns: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let name = args.common.name.as_deref().unwrap_or("OrderReturn");
    let ran = if args.common.aws {
        runtime.block_on(on_aws(name, &args.order))
    } else {
        runtime.block_on(in_process(name, &args.order))
    };
    match ran {
        Ok(code) => code,
        Err(e) => {
            eprintln!(
                "order_returns: {}",
                aws_sdk_sfn::error::DisplayErrorContext(&e)
            );
            ExitCode::from(2)
        }
    }
}

/// The return on an in-process endpoint, to its end.
async fn in_process(name: &str, order: &str) -> Result<ExitCode, aws_sdk_sfn::Error> {
    let sfn = InProcess::new();
    let role = "arn:aws:iam::123456789012:role/returns";
    let returns = Returns::deploy_as(sfn.client(), name, role).await?;
    let arn = returns.open(order, 2500).await?;
    println!("execution: {arn}");
    let Some(asked) = sfn.run_until_task_token().await else {
        eprintln!("order_returns: the warehouse was never asked");
        return Ok(ExitCode::FAILURE);
    };
    returns
        .parcel_arrived(asked.task.task_token.as_str(), "intact")
        .await?;
    sfn.clock().advance(Duration::from_secs(30 * 86_400)).await;
    report(&returns, &arn).await
}

/// The return on AWS Step Functions, until its callback is answered.
async fn on_aws(name: &str, order: &str) -> Result<ExitCode, aws_sdk_sfn::Error> {
    let role = match common::role_from_env("order_returns") {
        Ok(Some(role)) => role,
        Ok(None) => {
            eprintln!("order_returns: set WORKFLOW_ROLE_ARN to the execution role's ARN");
            return Ok(ExitCode::from(2));
        }
        Err(code) => return Ok(code),
    };
    let client = workflow_runtime::client::Client::from_env().await;
    let returns = Returns::deploy_as(client.sdk().clone(), name, &role.to_string()).await?;
    let arn = returns.open(order, 2500).await?;
    println!("execution: {arn}");
    for _ in 0..60 {
        if let Some(token) = returns.token_sent(&arn).await? {
            returns.parcel_arrived(&token, "intact").await?;
            break;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    report(&returns, &arn).await
}

/// Prints the return's status and output (or error); exit 0 unless it failed.
async fn report(returns: &Returns, arn: &str) -> Result<ExitCode, aws_sdk_sfn::Error> {
    let status = returns.status(arn).await?;
    println!("status: {}", status.status.as_str());
    if let Some(output) = &status.output {
        println!("output: {output}");
    }
    if let Some(error) = &status.error {
        println!("error: {error}");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
