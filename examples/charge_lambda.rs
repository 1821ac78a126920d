//! A task handler that is a Lambda function in production and an in-process handler in tests.
//!
//! `charge` is what the workflow's `Charge` Task runs. The tests register it on the engine
//! (`Engine::new().lambda("Charge", charge)`, see `tests/serve.rs`); in production this binary
//! serves it on AWS Lambda (`cargo lambda build --release --example charge_lambda`), and locally
//! under `cargo lambda watch` or any emulator of Lambda's Runtime API, where
//! `workflow serve --lambda-endpoint` or `Engine::lambda_endpoint` invokes it.
//!
//! Run outside Lambda it says so and exits 2.

use serde::{Deserialize, Serialize};
use workflow_runtime::engine::TaskFailure;

/// What the `Charge` Task sends (its `Payload`).
#[derive(Deserialize)]
pub struct Charge {
    pub order: u32,
    pub cents: i64,
}

/// What it answers.
#[derive(Serialize)]
pub struct Receipt {
    pub order: u32,
    pub charged: i64,
}

/// Charges an order; a non-positive amount is `Charge.Invalid`, which the workflow catches.
pub async fn charge(c: Charge) -> Result<Receipt, TaskFailure> {
    if c.cents <= 0 {
        return Err(TaskFailure::new(
            "Charge.Invalid",
            format!(
                "order {} has nothing to charge ({} cents)",
                c.order, c.cents
            ),
        ));
    }
    Ok(Receipt {
        order: c.order,
        charged: c.cents,
    })
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match workflow_runtime::lambda::serve(charge).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("charge_lambda: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
