//! The local engine against 1,031 executions recorded on real AWS Step Functions
//! (`../shared/aws-recorded`, or the directory named by `WORKFLOW_AWS_RECORDED`): its runner
//! `run.py` runs every case through `workflow run` (the binary built with this test) and
//! compares status, output or error and cause, and the states entered. Every case must agree.
//! Where the recordings are absent (a fresh clone without `../shared/`), the test says so and
//! checks nothing else.

use std::path::{Path, PathBuf};
use std::process::Command;

fn recorded_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("WORKFLOW_AWS_RECORDED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/aws-recorded"));
    if dir.join("run.py").is_file() && dir.join("cases").is_dir() {
        Some(dir)
    } else {
        println!(
            "aws-recorded not found at {}; the engine-vs-AWS comparison was not run",
            dir.display()
        );
        None
    }
}

#[test]
fn every_recorded_execution_agrees_with_aws() {
    let Some(dir) = recorded_dir() else {
        return;
    };
    let out = Command::new("python3")
        .arg(dir.join("run.py"))
        .arg(env!("CARGO_BIN_EXE_workflow"))
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run python3 ({e}); the recorded suite's runner needs Python 3")
        });
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary = stdout.lines().last().unwrap_or("").to_owned();
    println!("{summary}");
    let disagreements: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("DISAGREE"))
        .collect();
    assert!(
        out.status.success() && disagreements.is_empty(),
        "{summary}\n{}\n{}",
        disagreements.join("\n"),
        String::from_utf8_lossy(&out.stderr)
    );
    let cases = std::fs::read_dir(dir.join("cases")).map_or(0, |d| d.count());
    assert_eq!(
        summary,
        format!("aws-recorded: {cases}/{cases} agree"),
        "every case is compared"
    );
}
