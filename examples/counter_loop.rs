//! A loop with a counter: a Choice compares the counter with the execution input's `limit`
//! (`input.limit`, type-checked at compile time, becomes `NumericGreaterThanEqualsPath:
//! $$.Execution.Input.limit`); until the counter reaches it, a Pass state adds one with
//! `States.MathAdd` and a Wait pauses a second before the next round. On the local engine's
//! virtual clock the waits cost no time.
//!
//! - `cargo run --example counter_loop` counts to 3 locally; `-- --limit N` counts to N;
//! - `-- --asl` prints only the ASL definition;
//! - `-- --aws [--name NAME] [--limit N]` deploys it to Step Functions, executes it, waits and
//!   prints the status and the output.

mod common;

use clap::Parser;
use workflow_runtime::engine::blocking;

use std::process::ExitCode;
use std::time::Duration;
use workflow_runtime::engine::Engine;
use workflow_runtime::workflow;

workflow! {
    /// Counts from zero to `limit`, one second at a time.
    pub CounterLoop {
        input { limit: integer }

        "Init": pass { counter: 0, limit: input.limit } -> "Done?";
        "Done?": choice {
            when $.counter >= input.limit => "Finished",
            otherwise => "Increment",
        }
        "Increment": pass { counter: States.MathAdd($.counter, 1), limit: $.limit } -> "Pause";
        "Pause": wait(seconds = 1) -> "Done?";
        "Finished": succeed;
    }
}

/// The command line (`--help` lists it).
#[derive(Parser, Debug)]
#[command(name = "counter_loop", about)]
struct Cli {
    #[command(flatten)]
    common: common::Common,
    /// How many rounds the loop counts.
    #[arg(long, default_value_t = 3)]
    limit: i64,
}

fn main() -> ExitCode {
    let args = Cli::parse();
    if args.common.print_definition::<CounterLoop>() {
        return ExitCode::SUCCESS;
    }
    let limit = args.limit;
    let input = CounterLoopInput { limit };
    if args.common.aws {
        // one second per round on the service
        let timeout = Duration::from_secs(60 + 2 * limit.clamp(0, 3600) as u64);
        return common::run_on_aws::<CounterLoop>(
            "counter_loop",
            &input,
            args.common.name,
            timeout,
        );
    }
    common::report_local::<CounterLoop>(
        "counter_loop",
        &args.common,
        blocking::run(Engine::new().workflow::<CounterLoop>().input(&input)),
    )
}
