//! A Map over an order's items with error handling: each item is priced by a Lambda function
//! (retried with full jitter when Lambda throttles, caught when the SKU is unknown, so that one
//! bad item does not fail the order), the priced lines are totalled by a second function, and
//! a Choice accepts the order or rejects it with a Fail whose cause is built from the data.
//!
//! - `cargo run --example order_map` runs it locally with both Lambda functions written in
//!   Rust: the first pricing call is throttled (the Retry absorbs it), the unknown SKU
//!   `gizmo` throws `Item.Unknown` (the Catch turns it into a skipped line), and the order is
//!   accepted;
//! - `-- --over` runs the same order with a lower limit: the execution fails with
//!   `Order.OverLimit`;
//! - `-- --asl` prints only the ASL definition;
//! - `-- --aws [--name NAME] [--over]` deploys it to Step Functions, executes it, waits and
//!   prints the status and the output (the functions `price-item` and `order-total` must exist).

mod common;

use clap::Parser;
use workflow_runtime::engine::blocking;

use serde::{Deserialize, Serialize};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use workflow_runtime::engine::{Engine, TaskFailure};
use workflow_runtime::workflow;

workflow! {
    /// Prices every item of an order, then accepts or rejects the order.
    pub OrderMap {
        input {
            orderId: string,
            limit: number,
            items: [{ sku: string, qty: integer }],
        }

        "Price items": map(items = $.items, max_concurrency = 4) {
            "Price item": lambda::invoke {
                FunctionName: "price-item",
                Payload: { sku: $.sku, qty: $.qty },
            }
            retry [Lambda.TooManyRequestsException] (interval = 2, max_attempts = 3, backoff = 2.0, jitter = full)
            catch [Item.Unknown] (result_path = $.error) => "Skip item"
            output_path = $.Payload
            ;
            "Skip item": pass { sku: $.sku, qty: $.qty, price: 0, skipped: true, reason: $.error.Cause };
        }
        item_selector { sku: $$.Map.Item.Value.sku, qty: $$.Map.Item.Value.qty }
        result_path = $.priced
        -> "Total";

        "Total": lambda::invoke {
            FunctionName: "order-total",
            Payload: { orderId: input.orderId, lines: $.priced },
        }
        result_selector { total: $.Payload.total, skipped: $.Payload.skipped }
        result_path = $.summary
        -> "Within limit?";

        "Within limit?": choice {
            when $.summary.total <= input.limit => "Accept",
            otherwise => "Reject",
        }

        "Accept": succeed;
        "Reject": fail(
            error = "Order.OverLimit",
            cause = States.Format("order {} totals {}, over its limit of {}", $.orderId, $.summary.total, $.limit),
        );
    }
}

/// `price-item`'s event.
#[derive(Deserialize)]
struct PriceRequest {
    sku: String,
    qty: u32,
}

/// A priced line.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PricedLine {
    sku: String,
    qty: u32,
    #[serde(default)]
    unit_price: f64,
    price: f64,
    #[serde(default)]
    skipped: bool,
}

/// The catalogue.
fn unit_price(sku: &str) -> Option<f64> {
    match sku {
        "book" => Some(12.5),
        "pen" => Some(2.25),
        "lamp" => Some(31.0),
        _ => None,
    }
}

/// Lambda throttles the first call of the run.
static THROTTLED_ONCE: AtomicBool = AtomicBool::new(false);
/// How many times `price-item` was called.
static PRICE_CALLS: AtomicUsize = AtomicUsize::new(0);

/// `price-item`: prices one line; an unknown SKU throws `Item.Unknown`.
async fn price_item(request: PriceRequest) -> Result<PricedLine, TaskFailure> {
    PRICE_CALLS.fetch_add(1, Ordering::SeqCst);
    if !THROTTLED_ONCE.swap(true, Ordering::SeqCst) {
        return Err(TaskFailure::new(
            "Lambda.TooManyRequestsException",
            "Rate Exceeded. (Service: Lambda, Status Code: 429)",
        ));
    }
    let Some(unit) = unit_price(&request.sku) else {
        return Err(TaskFailure::new(
            "Item.Unknown",
            format!("no price for SKU {:?}", request.sku),
        ));
    };
    Ok(PricedLine {
        sku: request.sku,
        qty: request.qty,
        unit_price: unit,
        price: unit * f64::from(request.qty),
        skipped: false,
    })
}

/// `order-total`'s event.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TotalRequest {
    order_id: String,
    lines: Vec<PricedLine>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Totalled {
    order_id: String,
    total: f64,
    skipped: Vec<String>,
}

/// `order-total`: sums the priced lines and lists the skipped SKUs.
async fn order_total(request: TotalRequest) -> Result<Totalled, TaskFailure> {
    Ok(Totalled {
        order_id: request.order_id,
        total: request.lines.iter().map(|l| l.price).sum(),
        skipped: request
            .lines
            .into_iter()
            .filter(|l| l.skipped)
            .map(|l| l.sku)
            .collect(),
    })
}

/// The command line (`--help` lists it).
#[derive(Parser, Debug)]
#[command(name = "order_map", about)]
struct Cli {
    #[command(flatten)]
    common: common::Common,
    /// Lower the order's limit so that the total goes over it.
    #[arg(long)]
    over: bool,
}

fn main() -> ExitCode {
    let args = Cli::parse();
    if args.common.print_definition::<OrderMap>() {
        return ExitCode::SUCCESS;
    }
    let line = |sku: &str, qty| OrderMapInputItems {
        sku: sku.into(),
        qty,
    };
    let input = OrderMapInput {
        order_id: "order-1001".into(),
        limit: if args.over { 40.0 } else { 100.0 },
        items: vec![line("book", 2), line("pen", 10), line("gizmo", 1)],
    };
    if args.common.aws {
        return common::run_on_aws::<OrderMap>(
            "order_map",
            &input,
            args.common.name,
            Duration::from_secs(300),
        );
    }
    let engine = Engine::new()
        .lambda("price-item", price_item)
        .lambda("order-total", order_total);
    let execution = blocking::run(engine.workflow::<OrderMap>().input(&input));
    // 3 items, 4 calls: the throttled one was retried.
    println!(
        "price-item calls: {} (the first throttled, then retried)",
        PRICE_CALLS.load(Ordering::SeqCst)
    );
    common::report_local::<OrderMap>("order_map", &args.common, execution)
}
