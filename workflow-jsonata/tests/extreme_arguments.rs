//! No expression ties up the evaluator: every call of the generated set in
//! `support/extremes.rs` (each built-in function with extreme arguments, and the operators
//! whose work an operand sets) ends, with a value or an error, within the evaluation's limits,
//! and never allocates more than [`MOST_BYTES`] on the way. The bound on work is checked before
//! the work is done (`eval::work`): `$formatInteger(1e20, 'I')` once held 10^17 numerals.
//!
//! The memory is the process's peak resident memory, counted afresh for each call, so the
//! program holds this one test (another's would count too). `cargo run --release -p workflow-jsonata
//! --example extreme_arguments` measures the same set, each call in a process of its own,
//! and prints the slowest and the largest.

#[path = "support/extremes.rs"]
mod extremes;

use workflow_jsonata::Jsonata;
use workflow_jsonata::eval::{FixedContext, Limits, evaluate};

/// The most this process's resident memory may rise during one call. A value at the memory
/// limit (6,990,256 bytes as AWS counts them) is some tens of megabytes here: a string of 7
/// million characters, an array of 873,782 numbers and its JSON.
const MOST_BYTES: u64 = 256 << 20;

/// A field of this process's `/proc/self/status`, in bytes (`VmRSS`, `VmHWM`).
fn status_bytes(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .expect("/proc/self/status (this test measures memory on Linux)")
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}

/// Starts counting this process's peak resident memory afresh (`VmHWM` becomes `VmRSS`),
/// as Linux offers since 4.0 (`/proc/PID/clear_refs`, value 5).
fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").expect("/proc/self/clear_refs");
}

#[test]
fn every_built_in_with_extreme_arguments_ends_within_the_limits() {
    let bindings = extremes::bindings(300);
    let bound: Vec<(&str, &serde_json::Value)> = bindings.iter().map(|(k, v)| (*k, v)).collect();
    let calls = extremes::calls();
    // AWS's depth and memory limits; a smaller step budget than AWS's second stands for (the
    // calls that spend it all are the same, and each costs a debug build less time).
    let limits = Limits {
        max_steps: 1_000_000,
        ..Limits::default()
    };
    let mut largest: Vec<(u64, String, String)> = Vec::new();
    for expr in &calls {
        let parsed = Jsonata::parse(expr).unwrap_or_else(|e| panic!("`{expr}`: {e:?}"));
        let mut ctx = FixedContext::new(1_510_067_557_121, 1);
        reset_peak();
        let base = status_bytes("VmRSS:");
        let outcome = match evaluate(&parsed, None, &bound, &mut ctx, limits) {
            Ok(Some(v)) => format!("a value of {} bytes of JSON", v.to_string().len()),
            Ok(None) => "nothing".to_owned(),
            Err(e) => format!("error {}", e.code),
        };
        let peak = status_bytes("VmHWM:").saturating_sub(base);
        largest.push((peak, expr.clone(), outcome));
    }
    largest.sort_by_key(|b| std::cmp::Reverse(b.0));
    println!(
        "{} calls; the largest allocations:\n{}",
        calls.len(),
        largest
            .iter()
            .take(5)
            .map(|(peak, expr, outcome)| format!("  {peak} bytes: `{expr}` ({outcome})"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let over: Vec<String> = largest
        .iter()
        .filter(|(peak, ..)| *peak > MOST_BYTES)
        .map(|(peak, expr, outcome)| format!("{peak} bytes: `{expr}` ({outcome})"))
        .collect();
    assert!(
        over.is_empty(),
        "calls past {MOST_BYTES} bytes:\n{}",
        over.join("\n")
    );
}
