//! How long decoding the embedded models takes: one service on its first use, and every
//! service. Run with `cargo bench -p workflow-aws-models --bench decode`.
//!
//! Each figure is measured in a fresh process (a service is decoded once per process), so the
//! bench runs itself as a child once per figure.

use std::process::Command;
use std::time::Instant;
use workflow_aws_models::Service;

fn decode(names: &[&str]) -> (usize, usize) {
    let mut services = 0;
    let mut shapes = 0;
    for service in Service::all() {
        if names.is_empty() || names.contains(&service.botocore_name()) {
            services += 1;
            for op in service.operations() {
                shapes += usize::from(op.input().is_some()) + usize::from(op.output().is_some());
            }
        }
    }
    (services, shapes)
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    if let Some(which) = args.next().filter(|a| a.starts_with("child:")) {
        let which = &which["child:".len()..];
        let names: Vec<&str> = if which == "all" {
            Vec::new()
        } else {
            vec![which]
        };
        let start = Instant::now();
        let (services, _) = decode(&names);
        let elapsed = start.elapsed();
        println!(
            "decode {which:<10} {services:>3} service(s) {:>9.2} ms",
            elapsed.as_secs_f64() * 1e3
        );
        return;
    }
    let exe = std::env::current_exe().expect("the bench's own path");
    for which in ["sagemaker", "ec2", "all"] {
        let mut best = f64::INFINITY;
        let mut line = String::new();
        for _ in 0..5 {
            let out = Command::new(&exe)
                .arg(format!("child:{which}"))
                .output()
                .expect("the bench runs itself");
            let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            let ms: f64 = text
                .split_whitespace()
                .rev()
                .nth(1)
                .and_then(|t| t.parse().ok())
                .unwrap_or(f64::INFINITY);
            if ms < best {
                best = ms;
                line = text;
            }
        }
        println!("{line}   (best of 5 fresh processes)");
    }
}
