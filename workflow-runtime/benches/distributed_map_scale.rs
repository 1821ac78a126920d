//! Scale of a Distributed Map (issue "Every AWS behaviour a pipeline meets", item 6): a
//! Distributed Map reads N JSONL items from the object store (`ItemReader`), batches them
//! (`ItemBatcher`, 1,000 items per child execution, as AWS batches them), runs a Pass
//! iteration per batch and writes its results with `ResultWriter`. Prints the wall time and
//! the peak memory (the process's high-water mark) for each N.
//!
//! The object store is a directory (`ObjectStore::directory`, in the system's temporary
//! directory): the items are in a file, as they are in S3, not in the process, so that the
//! peak memory is the engine's.
//!
//! The goal (issue 41): the Map Run streams its items and its results, so that its memory stays
//! flat in the number of items: 10,000,000 items in at most 30 s and 512 MiB on two cores.
//! Measured on two shared cores, this bench built from commit 3b38a2d (items and results held
//! whole) and with the streaming reader, in one run:
//!
//! | items | 3b38a2d | streaming |
//! |---|---|---|
//! | 1,000,000 | 1.49 s, 604 MiB | 2.40 s, 53 MiB |
//! | 3,000,000 | 4.97 s, 1,799 MiB | 6.67 s, 106 MiB |
//! | 10,000,000 | 15.16 s, 5,979 MiB | 23.92 s, 125 MiB |
//!
//! What grows until 64 MiB is the inputs of the children kept for `DescribeExecution`
//! (`map_run::KEPT_CHILD_INPUT_BYTES`); the time is that of reading the object twice (once to
//! count the items and find a failure before any child starts) and of each child reading its
//! input from its text.
//!
//! `cargo bench -p workflow-runtime --bench distributed_map_scale [-- N…]` (default: 10000
//! 100000 1000000). Figures, not a test: nothing here fails on a slow machine.

#[path = "support/proc_status.rs"]
mod proc_status;

use serde_json::json;
use std::time::Instant;
use workflow_runtime::asl::StateMachine;
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{Engine, ObjectStore};

/// The process's peak resident memory so far, in MiB (Linux; 0 elsewhere).
fn peak_mib() -> f64 {
    proc_status::proc_status("self", "VmHWM").map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000, 1_000_000]
    } else {
        sizes
    };
    let machine = StateMachine::from_json(
        &json!({
            "StartAt": "Each",
            "States": {"Each": {
                "Type": "Map",
                "ItemReader": {
                    "Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {"InputType": "JSONL"},
                    "Parameters": {"Bucket": "data", "Key": "items.jsonl"}
                },
                "ItemBatcher": {"MaxItemsPerBatch": 1000},
                "MaxConcurrency": 1000,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "Count",
                    "States": {"Count": {"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($.Items)"}, "End": true}}
                },
                "ResultWriter": {
                    "Resource": "arn:aws:states:::s3:putObject",
                    "Parameters": {"Bucket": "results", "Prefix": "run"}
                },
                "End": true
            }}
        })
        .to_string(),
    )
    .expect("the definition");
    println!(
        "| items | wall time | peak memory (process) | status | items read | child executions | result files |"
    );
    println!("|---|---|---|---|---|---|---|");
    let root = std::env::temp_dir().join(format!("distributed-map-scale-{}", std::process::id()));
    for n in sizes {
        let _ = std::fs::remove_dir_all(&root);
        let store = ObjectStore::directory(&root);
        write_items(&root.join("data").join("items.jsonl"), n).expect("the items file");
        let started = Instant::now();
        let run = blocking::run(
            Engine::new()
                .object_store(store.clone())
                .machine(&machine)
                .input(json!({})),
        );
        let took = started.elapsed();
        let (status, items, children) = match &run {
            Ok(e) => (
                format!("{:?}", e.status),
                e.map_runs.iter().map(|m| m.items).sum::<u64>(),
                e.map_runs.iter().map(|m| m.executions.len()).sum::<usize>(),
            ),
            Err(e) => (format!("error: {e}"), 0, 0),
        };
        let files = store.keys("results", "run").len();
        println!(
            "| {n} | {:.2} s | {:.0} MiB | {status} | {items} | {children} | {files} |",
            took.as_secs_f64(),
            peak_mib()
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// Writes `n` JSON Lines items to `path`, a line at a time.
fn write_items(path: &std::path::Path, n: usize) -> std::io::Result<()> {
    use std::io::Write as _;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    for i in 0..n {
        writeln!(file, "{{\"id\": {i}, \"sku\": \"s{}\"}}", i % 97)?;
    }
    file.flush()
}
