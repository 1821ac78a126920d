//! JSONata and workflow variables: a JSONata state machine that computes an order's total with
//! a JSONata expression, keeps it in a variable (`Assign`), passes variables to a Lambda
//! function (`Arguments`), stores part of the function's result in another variable, branches
//! on a JSONata `Condition` and shapes the output with JSONata expressions.
//!
//! - `cargo run --example jsonata_variables` runs it locally with the discount function written
//!   in Rust (a large order);
//! - `-- --small` runs a small order;
//! - `-- --asl` prints only the ASL definition;
//! - `-- --aws [--name NAME] [--small]` deploys it to Step Functions, executes it, waits and
//!   prints the status and the output (the function `discounts` must exist).

mod common;

use clap::Parser;
use workflow_runtime::engine::blocking;

use serde::{Deserialize, Serialize};
use std::process::ExitCode;
use std::time::Duration;
use workflow_runtime::engine::{Engine, TaskFailure};
use workflow_runtime::workflow;

workflow! {
    /// Sums an order's lines with JSONata, keeps the total in a variable, and classifies it.
    pub JsonataVariables {
        input { customer: string, lines: [{ price: number, qty: integer }] }
        query_language = jsonata;

        "Sum lines": pass
            assign {
                total: "{% $sum($states.input.lines.(price * qty)) %}",
                customer: "{% $states.input.customer %}",
            }
            -> "Fetch discount";

        "Fetch discount": lambda::invoke {
            FunctionName: "discounts",
            Payload: { customer: "{% $customer %}", total: "{% $total %}" },
        }
        assign { discount: "{% $states.result.Payload.discount %}" }
        -> "Classify";

        "Classify": choice {
            when "{% $total - $discount > 100 %}" => "Large",
            otherwise => "Small",
        }

        "Large": succeed output = { customer: "{% $customer %}", size: "large", due: "{% $total - $discount %}" };
        "Small": succeed output = { customer: "{% $customer %}", size: "small", due: "{% $total - $discount %}" };
    }
}

/// The `discounts` function's event.
#[derive(Deserialize)]
struct DiscountRequest {
    customer: String,
    total: f64,
}

#[derive(Serialize)]
struct Discount {
    discount: f64,
}

/// `discounts`: loyal customers get 10 % off orders of 50 or more.
async fn discounts(request: DiscountRequest) -> Result<Discount, TaskFailure> {
    let loyal = matches!(request.customer.as_str(), "ada" | "grace");
    let discount = if loyal && request.total >= 50.0 {
        (request.total * 10.0).round() / 100.0
    } else {
        0.0
    };
    Ok(Discount { discount })
}

/// The command line (`--help` lists it).
#[derive(Parser, Debug)]
#[command(name = "jsonata_variables", about)]
struct Cli {
    #[command(flatten)]
    common: common::Common,
    /// Run the small order (no discount) instead of the large one.
    #[arg(long)]
    small: bool,
}

fn main() -> ExitCode {
    let args = Cli::parse();
    if args.common.print_definition::<JsonataVariables>() {
        return ExitCode::SUCCESS;
    }
    let line = |price, qty| JsonataVariablesInputLines { price, qty };
    let input = if args.small {
        JsonataVariablesInput {
            customer: "alan".into(),
            lines: vec![line(4.5, 2), line(20.0, 1)],
        }
    } else {
        JsonataVariablesInput {
            customer: "ada".into(),
            lines: vec![line(40.0, 3), line(5.0, 2)],
        }
    };
    if args.common.aws {
        return common::run_on_aws::<JsonataVariables>(
            "jsonata_variables",
            &input,
            args.common.name,
            Duration::from_secs(300),
        );
    }
    let engine = Engine::new().lambda("discounts", discounts);
    common::report_local::<JsonataVariables>(
        "jsonata_variables",
        &args.common,
        blocking::run(engine.workflow::<JsonataVariables>().input(&input)),
    )
}
