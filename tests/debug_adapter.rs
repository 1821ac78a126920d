//! `workflow debug`, the Debug Adapter Protocol server, driven by VS Code's own DAP client
//! (`DebugClient` of @vscode/debugadapter-testsupport) from node's test runner:
//! `tests/debug/adapter.test.mjs` (initialize; a breakpoint on a `workflow!` line of
//! `examples/workflow_cli.rs`, hit; stack, scopes, JSONata and JSONPath; stepping into a
//! Parallel branch, a Map iteration and a Distributed Map's child execution, out of each, over
//! a Map; an exception breakpoint on a caught error; conditional
//! and hit-count breakpoints; a Task answered from the REPL; a variable set; a YAML file's
//! lines; stepping back and running back through an execution recorded on AWS, from a failed
//! DynamoDB Task and from a Map iteration's caught error recorded on AWS; the scopes of a
//! waiting Task; a changed definition's divergence; a session over TCP), and the VS Code
//! extension of
//! `editors/vscode` packaged by VS Code's official packager, @vscode/vsce
//! (`tests/debug/extension.test.mjs`). Both need Node.js and `bash scripts/dap.sh install`
//! (the test command's setup runs it); without them they fail, saying so.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workflow-cli sits inside the workspace")
        .to_path_buf()
}

/// `node` from PATH; a missing Node.js is a failure, never a skip.
fn node() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("node"))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`node` is not on PATH: the debugger's tests need Node.js >= 20 and npm; install \
                 them, then run `bash scripts/setup.sh`"
            )
        })
}

/// Fails, saying what to run, unless `bash scripts/dap.sh install` installed the DAP tools.
fn require_dap_tools() {
    let dir = repo_root().join("tools/dap/node_modules");
    for package in ["@vscode/debugadapter-testsupport", "@vscode/vsce"] {
        assert!(
            dir.join(package).join("package.json").is_file(),
            "{package} is not installed in {}: run `bash scripts/setup.sh` (or `bash scripts/dap.sh install`); \
             scripts/test.sh does this before running the tests",
            dir.display()
        );
    }
}

/// `target/<profile>/examples/workflow_cli`, built here when it is missing or older than its
/// source (a bare `cargo test --test tools debug_adapter::` builds no example).
fn workflow_cli_example() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("the test binary sits in target/<profile>/deps");
    let binary = profile
        .join("examples")
        .join(format!("workflow_cli{}", std::env::consts::EXE_SUFFIX));
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let source = repo_root().join("examples/workflow_cli.rs");
    let stale = match (modified(&binary), modified(&source)) {
        (Some(built), Some(written)) => written > built,
        _ => true,
    };
    if stale {
        let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cargo
            .args(["build", "-p", "workflow-cli", "--example", "workflow_cli"])
            .current_dir(repo_root());
        if profile.file_name().and_then(|p| p.to_str()) == Some("release") {
            cargo.arg("--release");
        }
        let status = cargo
            .status()
            .expect("run cargo build --example workflow_cli");
        assert!(
            status.success(),
            "cargo build --example workflow_cli failed"
        );
    }
    binary
}

/// Runs one node test file; fails with its report.
fn node_test(file: &str) {
    require_dap_tools();
    let out = Command::new(node())
        .args(["--test", "--test-reporter=spec"])
        .arg(repo_root().join(file))
        .current_dir(repo_root())
        .env("WORKFLOW_BIN", env!("CARGO_BIN_EXE_workflow"))
        .env("WORKFLOW_EXAMPLE", workflow_cli_example())
        .output()
        .unwrap_or_else(|e| panic!("cannot run node --test {file}: {e}"));
    let report = String::from_utf8_lossy(&out.stdout);
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "node --test {file} failed:\n{report}\n{errors}"
    );
    assert!(
        report.contains("pass"),
        "node --test {file} ran nothing:\n{report}"
    );
}

#[test]
fn vs_code_s_dap_client_drives_workflow_debug() {
    node_test("tests/debug/adapter.test.mjs");
}

/// `tests/debug/records.test.mjs`: the record directory `workflow history --format record`
/// writes, and `executionArn` against `workflow serve`, each a Distributed Map's execution
/// whose children are stepped into from their recorded histories.
#[test]
fn vs_code_s_dap_client_debugs_what_the_other_tools_write() {
    node_test("tests/debug/records.test.mjs");
}

#[test]
fn vsce_packages_the_vs_code_extension() {
    node_test("tests/debug/extension.test.mjs");
}
