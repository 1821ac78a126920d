//! Scale of a Distributed Map (issue "Every AWS behaviour a pipeline meets", item 6): a
//! Distributed Map reads N JSONL items from the object store (`ItemReader`), batches them
//! (`ItemBatcher`, 1,000 items per child execution, as AWS batches them), runs a Pass
//! iteration per batch and writes its results with `ResultWriter`. Prints the wall time and
//! the peak memory (the process's high-water mark) for each N.
//!
//! `cargo bench -p workflow-runtime --bench distributed_map_scale [-- N…]` (default: 10000
//! 100000 1000000). Figures, not a test: nothing here fails on a slow machine.

use serde_json::json;
use std::time::Instant;
use workflow_runtime::asl::StateMachine;
use workflow_runtime::engine::{Engine, ObjectStore};

/// The process's peak resident memory so far, in MiB (Linux; 0 elsewhere).
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
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
    for n in sizes {
        let store = ObjectStore::new();
        let mut body = String::with_capacity(n * 24);
        for i in 0..n {
            body.push_str(&format!("{{\"id\": {i}, \"sku\": \"s{}\"}}\n", i % 97));
        }
        store.put("data", "items.jsonl", body).expect("put");
        let started = Instant::now();
        let run = Engine::new()
            .object_store(store.clone())
            .run_any_blocking(&machine, json!({}));
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
}
