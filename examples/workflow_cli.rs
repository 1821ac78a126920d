//! The `workflow` tool on the workflows of this crate, by name: what a crate that declares
//! workflows puts in `src/bin/workflow.rs` (see the `workflow_cli` library).
//!
//! ```console
//! $ cargo run -p workflow-cli --example workflow_cli -- list
//! $ cargo run -p workflow-cli --example workflow_cli -- graph Greeting --format mermaid
//! $ cargo run -p workflow-cli --example workflow_cli -- run Greeting --input '{"Formal": true}'
//! $ cargo run -p workflow-cli --example workflow_cli -- run Checkout --input '{"card": "4242", "items": [{"sku": "a", "qty": 2}]}'
//! $ cargo run -p workflow-cli --example workflow_cli -- debug     # a Debug Adapter Protocol server for an editor
//! ```
//!
//! `Checkout`'s Task is answered by the crate's own handler (`CrateWorkflow::answered_by`),
//! under `run` and `debug` alike: the card `0000` is declined.

use serde_json::{Value, json};
use workflow_cli::{CrateWorkflow, main_with};
use workflow_runtime::engine::{Engine, TaskFailure};
use workflow_runtime::workflow;

workflow! {
    /// Greets formally or not.
    pub Greeting {
        input { Formal: bool }

        "Choose": choice {
            when $.Formal == true => "Formal",
            otherwise => "Casual",
        }
        "Formal": pass;
        "Casual": pass;
    }
}

workflow! {
    /// Waits, then ends.
    pub Pause {
        "Wait a little": wait(seconds = 5);
    }
}

workflow! {
    /// Checks an order out: holds its stock while shipping is quoted, packs each item, then
    /// charges the card (a declined card is caught).
    pub Checkout {
        input { card: string, items: [{ sku: string, qty: integer }] }

        "Prepare": parallel {
            branch { "Hold stock": pass; }
            branch {
                "Quote shipping": wait(seconds = 30) -> "Quoted";
                "Quoted": pass;
            }
        }
        result_path = $.prepared
        -> "Pack";

        "Pack": map(items = $.items) {
            "Pack item": pass;
        }
        result_path = $.packed
        -> "Charge";

        "Charge": lambda::invoke {
            FunctionName: "charge",
            Payload: { card: $.card, items: $.packed },
        }
        catch [Payment.Declined] (result_path = $.declined) => "Declined"
        result_path = $.charge
        -> "Done";

        "Declined": pass -> "Done";
        "Done": succeed;
    }
}

/// `charge`: declines the card `0000`, charges any other.
async fn charge(payload: Value) -> Result<Value, TaskFailure> {
    match payload["card"].as_str() {
        Some("0000") => Err(TaskFailure::new(
            "Payment.Declined",
            "the card 0000 is declined",
        )),
        _ => Ok(json!({"charged": true, "items": payload["items"].as_array().map_or(0, Vec::len)})),
    }
}

/// What answers `Checkout`'s Task: the `charge` function, written in Rust.
fn checkout_answerers(engine: Engine) -> Engine {
    engine.lambda("charge", charge)
}

fn main() -> std::process::ExitCode {
    main_with(&[
        CrateWorkflow::of::<Greeting>(),
        CrateWorkflow::of::<Pause>(),
        CrateWorkflow::of::<Checkout>().answered_by(checkout_answerers),
    ])
}
