//! `workflow import` over the whole shared corpus, compiled: every valid definition of
//! `../shared/asl-corpus/` (and the seeds' hello world, `examples/hello_world.asl.json`, and
//! the state machines of `tests/cfn/sam_orders.yaml` and of the CDK apps' cloud assembly that
//! `cdk_sources.rs` synthesises, which needs Node.js and aws-cdk-lib) is
//! imported with the `workflow` binary, which prints an invocation only once it has expanded
//! it back, through the macro's own pipeline, to a definition JSON-equal to the file
//! (`workflow_macros_core::import`); all the printed `workflow! { … }` invocations then go into
//! one generated crate that the real proc macro must compile (`cargo check`: the items it
//! generates type-check). The one file that is not ASL is refused, with its line and column.
//!
//! The crate is checked in `target/tests/trybuild`, trybuild's target directory, as trybuild
//! checks the macro's ui cases (`tests/ui.rs`, a test of `workflow-macros-ui`): the same
//! dependencies (the runtime without its default features), the same target, the same flags
//! (`support/trybuild_flags.rs`, given as `CARGO_ENCODED_RUSTFLAGS` by both) and
//! `CARGO_INCREMENTAL=0` as trybuild sets it, whatever the environment says, so that what is
//! checked there for the one serves the other.

#[path = "support/trybuild_flags.rs"]
mod trybuild_flags;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or_else(|| Path::new(".."))
        .to_path_buf()
}

fn corpus() -> PathBuf {
    let dir = repo_root().join("../shared/asl-corpus/raw");
    assert!(
        dir.is_dir(),
        "the shared corpus is missing at {}: this test needs ../shared/ beside the repository",
        dir.display()
    );
    dir
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// `workflow import FILE --name NAME`: (exit code, stdout, stderr).
fn import(file: &Path, name: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .arg("import")
        .arg(file)
        .args(["--name", name])
        .output()
        .unwrap_or_else(|e| panic!("cannot run the workflow binary: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_valid_corpus_file_imports_and_compiles_to_json_equal_asl() {
    let dir = corpus();
    let mut files = json_files(&dir);
    files.extend(json_files(&dir.join("from-yaml")));
    files.push(repo_root().join("examples/hello_world.asl.json"));

    let mut modules = String::new();
    let mut refused = Vec::new();
    let mut imported = 0;
    for (i, file) in files.iter().enumerate() {
        let name = format!("Imported{i}");
        let (code, source, stderr) = import(file, &name);
        match code {
            0 => {}
            1 => {
                refused.push((file.clone(), stderr));
                continue;
            }
            _ => panic!("workflow import {} failed: {stderr}", file.display()),
        }
        imported += 1;
        let _ = writeln!(
            modules,
            "mod m{i} {{\n    use workflow_runtime::workflow;\n{source}}}\n"
        );
    }

    // The four definitions the validator refuses: `QueryLanguage` written among the states,
    // reads of a started execution's own output at the top of its `.sync:2` description (the
    // child's output is its `Output`; AWS fails the execution there), a read of Polly's
    // `TaskStatus` at the top of `getSpeechSynthesisTask`'s answer, which nests it, and a
    // DynamoDB update using a `#CsvUrl` its `ExpressionAttributeNames` does not define.
    assert_eq!(refused.len(), 4, "refused: {refused:#?}");
    let (file, stderr) = refused.remove(1);
    assert!(
        file.ends_with("distributed-data-stream-aggregator__statemachine__statemachine.asl.json")
            && stderr.contains("attribute name: #CsvUrl"),
        "{}: {stderr}",
        file.display()
    );
    let (file, stderr) = &refused[2];
    assert!(
        file.ends_with("tts-converter__statemachine__statemachine.asl.json")
            && stderr.contains("did you mean `$.SynthesisTask.TaskStatus`?"),
        "{}: {stderr}",
        file.display()
    );
    let (file, stderr) = &refused[1];
    assert!(
        file.ends_with("shared-fallback-state-jsonata__statemachine__statemachine.asl.json")
            && stderr.contains("/States/QueryLanguage")
            && stderr.contains(":5:"),
        "{}: {stderr}",
        file.display()
    );
    let (file, stderr) = &refused[0];
    assert!(
        file.ends_with(
            "distributed-data-stream-aggregator__statemachine__data-extraction-child.asl.json"
        ) && stderr.contains("did you mean `$states.result.Output.resultCount`?"),
        "{}: {stderr}",
        file.display()
    );
    // The state machines of a SAM template and of the CDK apps' cloud assembly
    // (`cdk_sources.rs`), imported from where they live: the printed invocations expand to the
    // definitions CloudFormation would resolve (the command checks it before printing) and
    // compile with the real macro below, beside the corpus. The one CDK emits that AWS refuses
    // is refused.
    let mut sources: Vec<String> = ["Checkout", "Refunds"]
        .iter()
        .map(|m| {
            format!(
                "{}#{m}",
                repo_root().join("tests/cfn/sam_orders.yaml").display()
            )
        })
        .collect();
    sources.extend(
        crate::cdk_sources::machines(crate::cdk_sources::assembly())
            .iter()
            .filter_map(|m| m["name"].as_str().map(str::to_owned)),
    );
    let mut from_sources = 0;
    for (i, spec) in sources.iter().enumerate() {
        let name = format!("Machine{i}");
        let (code, source, stderr) = import(Path::new(spec), &name);
        if spec.ends_with("#Jsonata/MapParameters") {
            assert_eq!(code, 1, "{spec} is refused: {stderr}");
            continue;
        }
        assert_eq!(code, 0, "workflow import {spec}: {stderr}");
        // A comment names where it came from and each reference resolved; the code holds no
        // function or placeholder left.
        let code: String = source
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect();
        assert!(
            source.starts_with("// Imported from ")
                && !code.contains("Fn::")
                && !code.contains("${"),
            "{spec}: {source}"
        );
        from_sources += 1;
        let _ = writeln!(
            modules,
            "mod s{i} {{\n    use workflow_runtime::workflow;\n{source}}}\n"
        );
    }
    let invalid = dir
        .join("invalid-json/sfn-iot-data-analytics-dataset__statemachine__statemachine.asl.json");
    let (code, _, stderr) = import(&invalid, "Broken");
    assert_eq!(code, 1, "the file that is not JSON is refused: {stderr}");
    assert!(
        stderr.contains("line 10"),
        "the refusal names line 10: {stderr}"
    );

    let krate = repo_root().join("target/tests/import-corpus");
    let src = krate.join("src");
    std::fs::create_dir_all(&src).unwrap_or_else(|e| panic!("create {}: {e}", src.display()));
    let manifest = format!(
        r#"[package]
name = "import-corpus"
version = "0.0.0"
edition = "2024"
publish = false

# What trybuild's project for the macro's ui cases depends on (the dev-dependencies of
# `workflow-macros-ui`), so that the two share their dependencies' builds.
[dependencies]
workflow-macros = {{ path = {macros:?}, default-features = false }}
workflow-runtime = {{ path = {runtime:?}, default-features = false, features = ["sagemaker"] }}
serde_json = {{ version = "1", features = ["preserve_order", "float_roundtrip"] }}

[workspace]
"#,
        macros = path_of("workflow-macros"),
        runtime = path_of("workflow-runtime"),
    );
    let main = format!(
        r#"//! Generated by tests/import_corpus.rs: every imported corpus workflow, compiled.
#![allow(dead_code)]

{modules}
fn main() {{}}
"#
    );
    write_if_changed(&krate.join("Cargo.toml"), &manifest);
    write_if_changed(&src.join("main.rs"), &main);
    let lock = repo_root().join("Cargo.lock");
    let _ = std::fs::copy(&lock, krate.join("Cargo.lock"));

    // trybuild's target directory, target (the host's, named) and flags.
    let host = host_target();
    let out = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline", "--target", &host])
        .env("CARGO_ENCODED_RUSTFLAGS", trybuild_flags::encoded())
        .arg("--manifest-path")
        .arg(krate.join("Cargo.toml"))
        .current_dir(&krate)
        .env(
            "CARGO_TARGET_DIR",
            repo_root().join("target/tests/trybuild"),
        )
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    assert!(
        out.status.success(),
        "the generated crate of {imported} imported workflows does not compile:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // 173 corpus files the validator passes and the seeds' hello world.
    assert_eq!(imported, 174);
    eprintln!("imported from templates and the cloud assembly, and compiled: {from_sources}");
}

/// The path of the workspace's crate `name`, as a string for the generated manifest.
fn path_of(name: &str) -> String {
    repo_root().join(name).display().to_string()
}

/// The host's target triple (`rustc -vV`), which trybuild names with `--target`.
fn host_target() -> String {
    let out = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .arg("-vV")
        .output()
        .unwrap_or_else(|e| panic!("cannot run rustc -vV: {e}"));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap_or_else(|| panic!("rustc -vV names no host"))
        .to_string()
}

/// Writes `text` unless the file holds it already (so that cargo does not rebuild for nothing).
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
}
