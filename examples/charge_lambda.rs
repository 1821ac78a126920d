//! The order service's `Charge` task as an AWS Lambda function: the same typed handler that
//! `examples/order_service.rs` registers on the local engine (`orders::charge`, typed by
//! `OrderService::CHARGE`), served here with `lambda::serve_task`. In production this binary
//! is the function (`cargo lambda build --release --example charge_lambda --features lambda`); locally
//! `cargo lambda watch --example charge_lambda --features lambda` serves it (as the function `_`) and
//! `workflow serve --lambda-endpoint` or `Engine::lambda_endpoint` invokes it.
//!
//! Run outside Lambda it says so and exits 2.

mod orders;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match workflow_runtime::lambda::serve_task(orders::OrderService::CHARGE, orders::charge).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("charge_lambda: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
