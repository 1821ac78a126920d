//! A task handler that is a Lambda function in production and an in-process handler in tests.
//!
//! `charge` is what the workflow's `Charge` Task runs, typed by the workflow (`Billing::CHARGE`
//! carries the request the Task sends and the response later states read). The tests register
//! it on the engine (`Engine::new().task(Billing::CHARGE, charge)`, see `tests/serve.rs`); in
//! production this binary
//! serves it on AWS Lambda (`cargo lambda build --release --example charge_lambda`), and locally
//! under `cargo lambda watch` or any emulator of Lambda's Runtime API, where
//! `workflow serve --lambda-endpoint` or `Engine::lambda_endpoint` invokes it.
//!
//! Run outside Lambda it says so and exits 2.

use workflow_runtime::engine::TaskFailure;
use workflow_runtime::workflow;

workflow! {
    /// Charge an order; a refused charge ends in `Refused`.
    pub Billing {
        input { order: integer, cents: integer }
        "Charge": lambda::invoke {
            FunctionName: "charge_lambda",
            Payload: { order: $.order, cents: $.cents },
        } output_path = $.Payload
          catch ["Charge.Invalid"] => "Refused"
          -> "Receipt";
        "Receipt": pass { order: $.order, charged: $.charged };
        "Refused": pass;
    }
}

/// Charges an order; a non-positive amount is `Charge.Invalid`, which the workflow catches.
/// Its types are the workflow's: `BillingChargeRequest` is what `Charge` sends as `Payload`
/// (`order` and `cents`, integers from the input schema), `BillingChargeResponse` what
/// `Receipt` reads of the answer (`order` and `charged`, both required).
pub async fn charge(c: BillingChargeRequest) -> Result<BillingChargeResponse, TaskFailure> {
    if c.cents <= 0 {
        return Err(TaskFailure::new(
            "Charge.Invalid",
            format!(
                "order {} has nothing to charge ({} cents)",
                c.order, c.cents
            ),
        ));
    }
    Ok(BillingChargeResponse {
        order: c.order.into(),
        charged: c.cents.into(),
    })
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match workflow_runtime::lambda::serve_task(Billing::CHARGE, charge).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("charge_lambda: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
