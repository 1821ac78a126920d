//! Crash consistency of `workflow serve --data DIR`, the long run: the property the test
//! command checks on a few sequences (`tests/serve_crash.rs`, shared), on many: seeded random
//! sequences of API calls, each cut by `kill -9` at random points, the server restarted and
//! every acknowledged effect and every history checked.
//!
//! `cargo bench -p workflow-cli --bench serve_crash [-- SEEDS [KILLS [CALLS [ITEMS]]]]` (default:
//! 20 seeds, 5 kills each, up to 60 calls between two kills, Distributed Maps of 2,000 items). The binary is the bench's own
//! `workflow` unless `WORKFLOW_BIN` names another (a build to compare). Prints the counts and
//! every broken invariant; exits 1 when one broke.

#[allow(dead_code)]
#[path = "../../tests/serve_crash.rs"]
mod serve_crash;

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let numbers: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let size = serve_crash::Size {
        seeds: numbers.first().copied().unwrap_or(20),
        kills: numbers.get(1).map_or(5, |&n| n as usize),
        calls: numbers.get(2).map_or(60, |&n| n as usize),
        map_items: numbers.get(3).map_or(2000, |&n| n as usize),
    };
    let binary = std::env::var("WORKFLOW_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_BIN_EXE_workflow")));
    let root = tempfile::tempdir().expect("a directory");
    let began = Instant::now();
    let report = serve_crash::run(&binary, root.path(), size);
    println!(
        "serve_crash: {} sequences, {} kills ({} SIGTERM), {} full disks, {} calls ({} acknowledged), {} executions, {} broken invariant(s), in {:.1} s ({})",
        report.sequences,
        report.kills,
        report.terms,
        report.full_disks,
        report.calls,
        report.acknowledged,
        report.executions,
        report.broken.len(),
        began.elapsed().as_secs_f64(),
        binary.display()
    );
    for skipped in &report.skipped {
        println!("  SKIPPED {skipped}");
    }
    for broken in &report.broken {
        println!("  {broken}");
    }
    if !report.broken.is_empty() {
        std::process::exit(1);
    }
}
