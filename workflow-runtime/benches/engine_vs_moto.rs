//! Benchmark: state transitions per second of the local engine and of moto's interpreter on
//! the same counting loop (`counting_loop.asl.json`: a Pass with `States.MathAdd` and a Choice
//! back-edge), side by side in one run; and the engine's cost per transition as the history
//! grows (1,000 to 1,000,000 transitions, history kept, no limit); and the cost of recording
//! workflow coverage (`Engine::coverage`), off and on, in the same run.
//!
//! Run: `bash scripts/moto.sh install && cargo bench -p workflow-runtime --bench engine_vs_moto`.
//! Without moto installed the benchmark says so and exits non-zero: the comparison is the point.

#[path = "support/moto_server.rs"]
mod moto_server;

use moto_server::start_moto;
use serde_json::json;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use workflow_runtime::asl::StateMachine;
use workflow_runtime::engine::{Coverage, Engine};
use workflow_runtime::execution::ExecutionStatus;

const DEFINITION: &str = include_str!("counting_loop.asl.json");

fn engine_rate(engine: &Engine, machine: &StateMachine, limit: u64) -> (u64, Duration) {
    let compiled = engine.compile(machine).expect("the loop compiles");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let started = Instant::now();
    let run = runtime
        .block_on(
            engine
                .compiled(&compiled)
                .input(json!({"limit": limit}))
                .run(),
        )
        .expect("the loop runs");
    let elapsed = started.elapsed();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(run.output, Some(json!({"counter": limit, "limit": limit})));
    (run.transitions, elapsed)
}

fn moto_rate(root: &Path, endpoint: &str, limit: u64) -> (u64, f64) {
    let out = Command::new(root.join("target/moto-venv/bin/python"))
        .arg(root.join("workflow-runtime/benches/moto_loop.py"))
        .arg(endpoint)
        .arg(root.join("workflow-runtime/benches/counting_loop.asl.json"))
        .arg(limit.to_string())
        .output()
        .expect("python runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "moto_loop.py: {e}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(report["status"], "SUCCEEDED", "{report}");
    (
        report["transitions"].as_u64().unwrap_or(0),
        report["seconds"].as_f64().unwrap_or(f64::NAN),
    )
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let machine = StateMachine::from_json(DEFINITION).expect("the loop decodes");
    let engine = Engine::new().history_limit(None);

    println!(
        "## Local engine: cost per transition as the history grows (history kept, no limit)\n"
    );
    println!(
        "| loop iterations | transitions | history events | time | transitions/s | ns/transition |"
    );
    println!("|---|---|---|---|---|---|");
    let mut engine_best = 0.0f64;
    for limit in [500u64, 5_000, 50_000, 500_000] {
        let (transitions, elapsed) = engine_rate(&engine, &machine, limit);
        let rate = transitions as f64 / elapsed.as_secs_f64();
        engine_best = engine_best.max(rate);
        println!(
            "| {limit} | {transitions} | {} | {elapsed:.2?} | {rate:.0} | {:.0} |",
            transitions * 2 + 2,
            elapsed.as_nanos() as f64 / transitions as f64
        );
    }
    let quiet = Engine::new().history(false);
    let (transitions, elapsed) = engine_rate(&quiet, &machine, 500_000);
    println!(
        "| 500000 (history off) | {transitions} | 0 | {elapsed:.2?} | {:.0} | {:.0} |",
        transitions as f64 / elapsed.as_secs_f64(),
        elapsed.as_nanos() as f64 / transitions as f64
    );

    println!(
        "\n## Recording coverage (history off, 500,000 iterations, best of 3 each, interleaved)\n"
    );
    println!("| coverage | transitions | time | ns/transition |");
    println!("|---|---|---|---|");
    let recorder = Coverage::new();
    let covered = Engine::new().history(false).coverage(&recorder);
    let (mut off, mut on) = (Duration::MAX, Duration::MAX);
    let mut counted = 0;
    for _ in 0..3 {
        off = off.min(engine_rate(&quiet, &machine, 500_000).1);
        let (transitions, elapsed) = engine_rate(&covered, &machine, 500_000);
        on = on.min(elapsed);
        counted = transitions;
    }
    for (label, elapsed) in [("off", off), ("on", on)] {
        println!(
            "| {label} | {counted} | {elapsed:.2?} | {:.0} |",
            elapsed.as_nanos() as f64 / counted as f64
        );
    }
    println!(
        "\ncoverage costs {:+.1}% (at most +10% is the figure we hold ourselves to)",
        (on.as_secs_f64() / off.as_secs_f64() - 1.0) * 100.0
    );
    assert!(
        recorder.report().uncovered().next().is_none(),
        "the loop reaches every point"
    );

    println!("\n## Side by side on the same loop (1,000 iterations = 2,002 transitions)\n");
    let Some((_moto, endpoint)) = start_moto(&root) else {
        eprintln!("moto is not installed: run `bash scripts/setup.sh` first");
        std::process::exit(1);
    };
    let (moto_transitions, moto_seconds) = moto_rate(&root, &endpoint, 1_000);
    let moto = moto_transitions as f64 / moto_seconds;
    let (ours_transitions, ours_elapsed) = engine_rate(&engine, &machine, 1_000);
    let ours = ours_transitions as f64 / ours_elapsed.as_secs_f64();
    println!("| interpreter | transitions | time | transitions/s |");
    println!("|---|---|---|---|");
    println!(
        "| moto 5.2.5 (execution mode) | {moto_transitions} | {moto_seconds:.2} s | {moto:.0} |"
    );
    println!("| workflow engine | {ours_transitions} | {ours_elapsed:.2?} | {ours:.0} |");
    println!(
        "\nratio on the same loop: {:.0}× moto; best engine rate above: {:.0}× moto",
        ours / moto,
        engine_best / moto
    );
}
