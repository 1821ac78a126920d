//! Measures the evaluator on the generated set of extreme-argument calls of
//! `tests/support/extremes.rs` (every built-in function, and the operators whose work an
//! operand sets), each call in a process of its own: its time, how far its resident memory
//! rose, and what it gave; a call still running after `--timeout` seconds, or holding more than
//! `--cap` bytes, is stopped. Prints the slowest and the largest.
//!
//! ```text
//! cargo run --release -p workflow-jsonata --features eval --example extreme_arguments -- \
//!     [--scale 100000] [--timeout 10] [--cap 4294967296] [--top 10]
//! ```

#[path = "../tests/support/extremes.rs"]
mod extremes;

use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use workflow_jsonata::Jsonata;
use workflow_jsonata::eval::{FixedContext, Limits, evaluate};

/// A field of a process's `/proc/PID/status` in KiB (`VmRSS`, `VmHWM`); 0 where unreadable.
fn status_kib(pid: &str, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The options, with their defaults.
struct Options {
    scale: usize,
    timeout: u64,
    cap: usize,
    top: usize,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        scale: 100_000,
        timeout: 10,
        cap: 4 << 30,
        top: 10,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = |v: &str| v.parse::<u64>().map_err(|e| format!("{flag} {v}: {e}"));
        match flag.as_str() {
            "--scale" => o.scale = number(value)? as usize,
            "--timeout" => o.timeout = number(value)?,
            "--cap" => o.cap = number(value)? as usize,
            "--top" => o.top = number(value)? as usize,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(o)
}

/// In the child: evaluates one call and prints `NANOSECONDS PEAK_BYTES OUTCOME`, the peak
/// being how far the process's resident memory rose above what it held before the call.
fn one(expr: &str, scale: usize) {
    let bindings = extremes::bindings(scale);
    let bound: Vec<(&str, &serde_json::Value)> = bindings.iter().map(|(k, v)| (*k, v)).collect();
    let parsed = match Jsonata::parse(expr) {
        Ok(p) => p,
        Err(e) => {
            println!("0 0 syntax error {}", e.code);
            return;
        }
    };
    let base = status_kib("self", "VmRSS:");
    let mut ctx = FixedContext::new(1_510_067_557_121, 1);
    let start = Instant::now();
    let result = evaluate(&parsed, None, &bound, &mut ctx, Limits::default());
    let elapsed = start.elapsed();
    let peak = status_kib("self", "VmHWM:").saturating_sub(base) * 1024;
    let outcome = match result {
        Ok(Some(v)) => format!("a value ({} bytes of JSON)", v.to_string().len()),
        Ok(None) => "nothing".to_owned(),
        Err(e) => format!("error {}", e.code),
    };
    println!("{} {peak} {outcome}", elapsed.as_nanos());
}

/// What one call did, as the parent saw it.
struct Measured {
    expr: String,
    seconds: f64,
    bytes: usize,
    outcome: String,
}

fn measure(expr: &str, o: &Options) -> Measured {
    let exe = std::env::current_exe().unwrap_or_default();
    let start = Instant::now();
    let child = Command::new(exe)
        .args(["--one", expr, "--scale", &o.scale.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            return Measured {
                expr: expr.to_owned(),
                seconds: 0.0,
                bytes: 0,
                outcome: format!("could not start: {e}"),
            };
        }
    };
    let limit = Duration::from_secs(o.timeout);
    let pid = child.id().to_string();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) => {
                let rss = status_kib(&pid, "VmRSS:") as usize * 1024;
                let stopped = if start.elapsed() > limit {
                    Some(format!("STILL RUNNING after {} s (stopped)", o.timeout))
                } else if rss > o.cap {
                    Some(format!("PAST {} BYTES of memory (stopped)", o.cap))
                } else {
                    None
                };
                if let Some(outcome) = stopped {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Measured {
                        expr: expr.to_owned(),
                        seconds: start.elapsed().as_secs_f64(),
                        bytes: rss,
                        outcome,
                    };
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(_) => break,
        }
    }
    let out = child
        .wait_with_output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let mut parts = out.trim().splitn(3, ' ');
    match (
        parts.next().and_then(|n| n.parse::<u128>().ok()),
        parts.next().and_then(|b| b.parse::<usize>().ok()),
        parts.next(),
    ) {
        (Some(nanos), Some(bytes), Some(outcome)) => Measured {
            expr: expr.to_owned(),
            seconds: nanos as f64 / 1e9,
            bytes,
            outcome: outcome.to_owned(),
        },
        _ => Measured {
            expr: expr.to_owned(),
            seconds: start.elapsed().as_secs_f64(),
            bytes: o.cap,
            outcome: "CRASHED".to_owned(),
        },
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--one") {
        let expr = args.get(1).cloned().unwrap_or_default();
        return match options(&args[2..]) {
            Ok(o) => {
                one(&expr, o.scale);
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(2)
            }
        };
    }
    let o = match options(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("extreme_arguments: {e}");
            return ExitCode::from(2);
        }
    };
    let calls = extremes::calls();
    let mut all: Vec<Measured> = calls.iter().map(|c| measure(c, &o)).collect();
    let total: f64 = all.iter().map(|m| m.seconds).sum();
    println!(
        "{} calls (scale {}), {:.1} s in all",
        all.len(),
        o.scale,
        total
    );
    let show = |title: &str, list: &[Measured]| {
        println!("{title}");
        for m in list.iter().take(o.top) {
            println!(
                "  {:>9.3} s {:>12} bytes  `{}`: {}",
                m.seconds, m.bytes, m.expr, m.outcome
            );
        }
    };
    let ended_badly: Vec<&Measured> = all
        .iter()
        .filter(|m| {
            m.outcome.starts_with("STILL")
                || m.outcome.starts_with("PAST")
                || m.outcome == "CRASHED"
        })
        .collect();
    println!(
        "{} did not end within the limits: {} still running after {} s, {} past {} bytes, {} crashed",
        ended_badly.len(),
        ended_badly
            .iter()
            .filter(|m| m.outcome.starts_with("STILL"))
            .count(),
        o.timeout,
        ended_badly
            .iter()
            .filter(|m| m.outcome.starts_with("PAST"))
            .count(),
        o.cap,
        ended_badly
            .iter()
            .filter(|m| m.outcome == "CRASHED")
            .count(),
    );
    for m in &ended_badly {
        println!(
            "  {:>9.3} s {:>12} bytes  `{}`: {}",
            m.seconds, m.bytes, m.expr, m.outcome
        );
    }
    all.sort_by(|a, b| b.seconds.total_cmp(&a.seconds));
    show("slowest:", &all);
    all.sort_by_key(|m| std::cmp::Reverse(m.bytes));
    show("largest:", &all);
    ExitCode::SUCCESS
}
