//! `workflow test MOCKS.json`: every test case of a Step Functions Local mock configuration run
//! on the engine and checked against the test cases file (`--cases`); the JUnit XML report read
//! back by a real JUnit consumer, the Python package `junitparser`, and validated against the
//! schema of Jenkins' xUnit plugin (`junit-10.xsd`) by `xmlschema` (both pinned in
//! `tools/junit/requirements.txt`, installed with the schema by `bash scripts/cli_tools.sh
//! install`), also when an input file is wrong; coverage at the ASL file's lines.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CHECKOUT: &str = r#"{
  "StartAt": "Charge card",
  "States": {
    "Charge card": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
      "Retry": [
        {"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 1, "MaxAttempts": 2}
      ],
      "Catch": [
        {"ErrorEquals": ["States.ALL"], "Next": "Declined"}
      ],
      "ResultSelector": {"charged.$": "$.Payload.charged"},
      "Next": "Charged?"
    },
    "Charged?": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.charged", "BooleanEquals": true, "Next": "Done"}
      ],
      "Default": "Declined"
    },
    "Declined": {"Type": "Fail", "Error": "Payment.Declined", "Cause": "the card was declined"},
    "Done": {"Type": "Succeed"}
  }
}"#;

/// AWS's own format, untouched: test cases map states to mocked responses.
const MOCKS: &str = r#"{
  "StateMachines": {
    "Checkout": {
      "TestCases": {
        "HappyPath": {"Charge card": "ChargeOk"},
        "RetryPath": {"Charge card": "SlowThenOk"},
        "Refused": {"Charge card": "ChargeRefused"},
        "Misspelt": {"Charge crad": "ChargeOk"}
      }
    }
  },
  "MockedResponses": {
    "ChargeOk": {"0": {"Return": {"StatusCode": 200, "Payload": {"charged": true}}}},
    "SlowThenOk": {
      "0-1": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
      "2": {"Return": {"StatusCode": 200, "Payload": {"charged": true}}}
    },
    "ChargeRefused": {"0": {"Return": {"StatusCode": 200, "Payload": {"charged": false}}}}
  }
}"#;

/// The extension: each case's input and expected outcome. `Refused` expects the wrong path.
const CASES: &str = r#"{
  "StateMachines": {
    "Checkout": {
      "Definition": "checkout.asl.json",
      "TestCases": {
        "HappyPath": {"Input": {"order": 7}, "Output": {"charged": true},
                      "States": ["Charge card", "Charged?", "Done"]},
        "RetryPath": {"States": ["Charge card", "Charged?", "Done"]},
        "Refused": {"Error": "Payment.Declined", "States": ["Charge card", "Charged?", "Done"]}
      }
    }
  }
}"#;

fn workflow_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(args)
        .current_dir(dir)
        .env_remove("WORKFLOW_COVERAGE")
        .output()
        .expect("the workflow binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A directory holding the definition, the mock configuration and the cases file.
fn suite() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, text) in [
        ("checkout.asl.json", CHECKOUT),
        ("MockConfigFile.json", MOCKS),
        ("cases.json", CASES),
    ] {
        std::fs::write(dir.path().join(name), text).expect("written");
    }
    dir
}

/// junitparser's Python, from `target/junit-venv`; the test fails loudly without it.
fn junit_python() -> PathBuf {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/junit-venv/bin/python");
    assert!(
        python.exists(),
        "junitparser is not installed ({}): run `bash scripts/cli_tools.sh install` \
         (tools/junit/requirements.txt)",
        python.display()
    );
    python
}

/// What Jenkins' xUnit schema (`junit-10.xsd`, validated by `xmlschema`) finds wrong in `file`:
/// nothing when it passes.
pub(crate) fn xunit_schema_errors(file: &Path) -> Vec<String> {
    let python = junit_python();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/junit-venv/junit-10.xsd");
    assert!(
        schema.exists(),
        "Jenkins' xUnit schema is not installed ({}): run `bash scripts/cli_tools.sh install`",
        schema.display()
    );
    let script = r#"
import sys, xmlschema
schema = xmlschema.XMLSchema(sys.argv[1])
for error in schema.iter_errors(sys.argv[2]):
    print(f"{error.path}: {error.reason}")
"#;
    let out = Command::new(&python)
        .args(["-c", script])
        .arg(&schema)
        .arg(file)
        .output()
        .expect("run xmlschema");
    assert!(out.status.success(), "xmlschema: {}", stderr(&out));
    stdout(&out).lines().map(str::to_owned).collect()
}

/// The JUnit file as junitparser reads it: totals, suites, cases and their results.
pub(crate) fn read_junit(file: &Path) -> Value {
    let script = r#"
import json, sys
from junitparser import JUnitXml
xml = JUnitXml.fromfile(sys.argv[1])
suites = []
for suite in xml:
    cases = []
    for case in suite:
        results = [{"kind": type(r).__name__, "message": r.message, "type": r.type, "text": r.text}
                   for r in case.result]
        cases.append({"name": case.name, "classname": case.classname, "time": case.time,
                      "results": results})
    suites.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures,
                   "errors": suite.errors, "time": suite.time, "cases": cases})
print(json.dumps({"tests": xml.tests, "failures": xml.failures, "errors": xml.errors,
                  "suites": suites}))
"#;
    let out = Command::new(junit_python())
        .args(["-c", script])
        .arg(file)
        .output()
        .expect("run junitparser");
    assert!(out.status.success(), "junitparser: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("JSON from the script")
}

#[test]
fn every_test_case_runs_and_the_junit_report_reads_back_in_a_junit_reader() {
    let dir = suite();
    let out = workflow_in(
        dir.path(),
        &[
            "test",
            "MockConfigFile.json",
            "--cases",
            "cases.json",
            "--junit",
            "report.xml",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(
        text.starts_with("Checkout (checkout.asl.json): 4 test cases\n  ok     HappyPath ("),
        "{text}"
    );
    assert!(text.contains("  ok     RetryPath ("), "{text}");
    assert!(text.contains("  FAILED Refused ("), "{text}");
    assert!(
        text.contains(
            "states: expected Charge card → Charged? → Done, got Charge card → Charged? → Declined"
        ),
        "{text}"
    );
    assert!(text.contains("  FAILED Misspelt ("), "{text}");
    assert!(
        text.ends_with("4 test cases: 2 passed, 2 failed\n"),
        "{text}"
    );

    let file = dir.path().join("report.xml");
    let refused = xunit_schema_errors(&file);
    assert!(
        refused.is_empty(),
        "Jenkins' xUnit schema refuses the report:\n{}\n{}",
        refused.join("\n"),
        std::fs::read_to_string(&file).unwrap_or_default()
    );
    let report = read_junit(&file);
    assert_eq!(report["tests"], 4, "{report}");
    assert_eq!(report["failures"], 1, "{report}");
    assert_eq!(report["errors"], 1, "{report}");
    let suite = &report["suites"][0];
    assert_eq!(suite["name"], "Checkout");
    assert!(suite["time"].as_f64().is_some_and(|t| t >= 0.0), "{suite}");
    let cases = suite["cases"].as_array().expect("cases");
    let names: Vec<&str> = cases.iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(
        names,
        ["HappyPath", "RetryPath", "Refused", "Misspelt"],
        "in the file's order"
    );
    for case in cases {
        assert_eq!(case["classname"], "Checkout");
        assert!(case["time"].as_f64().is_some_and(|t| t >= 0.0), "{case}");
    }
    assert_eq!(cases[0]["results"], serde_json::json!([]));
    let refused = &cases[2]["results"][0];
    assert_eq!(refused["kind"], "Failure", "{refused}");
    assert_eq!(refused["type"], "Payment.Declined", "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("states: expected")),
        "{refused}"
    );
    let body = refused["text"].as_str().unwrap_or_default();
    assert!(body.contains("cause: the card was declined"), "{refused}");
    // A mock for a state the definition does not have: the run cannot start, an error.
    let misspelt = &cases[3]["results"][0];
    assert_eq!(misspelt["kind"], "Error", "{misspelt}");
    assert!(
        misspelt["message"]
            .as_str()
            .is_some_and(|m| m.contains("Charge crad")),
        "{misspelt}"
    );
}

#[test]
fn without_a_cases_file_each_case_runs_on_empty_input_and_must_succeed() {
    let dir = suite();
    let out = workflow_in(
        dir.path(),
        &[
            "test",
            "MockConfigFile.json",
            "--definition",
            "checkout.asl.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("status: expected SUCCEEDED, got FAILED"),
        "{text}"
    );
    assert!(
        text.contains("the execution's error: Payment.Declined"),
        "{text}"
    );
    assert!(
        text.ends_with("4 test cases: 2 passed, 2 failed\n"),
        "{text}"
    );
    // No definition at all.
    let out = workflow_in(dir.path(), &["test", "MockConfigFile.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no definition for state machine `Checkout`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn mistakes_in_the_mock_configuration_and_the_cases_file_are_located() {
    let dir = suite();
    let write = |name: &str, text: String| {
        std::fs::write(dir.path().join(name), text).expect("written");
    };
    write("bad-cases.json", CASES.replace("\"Output\"", "\"Outptu\""));
    let out = workflow_in(
        dir.path(),
        &["test", "MockConfigFile.json", "--cases", "bad-cases.json"],
    );
    assert_eq!(out.status.code(), Some(2));
    let at = CASES
        .lines()
        .position(|l| l.contains("\"Output\""))
        .expect("a line")
        + 1;
    assert!(
        stderr(&out).starts_with(&format!("bad-cases.json:{at}:")),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("/StateMachines/Checkout/TestCases/HappyPath/Outptu: unknown key"),
        "{}",
        stderr(&out)
    );

    write(
        "unknown-case.json",
        CASES.replace("\"RetryPath\"", "\"Retry\""),
    );
    let out = workflow_in(
        dir.path(),
        &[
            "test",
            "MockConfigFile.json",
            "--cases",
            "unknown-case.json",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("has no test case `Retry` for state machine `Checkout`"),
        "{}",
        stderr(&out)
    );

    write(
        "bad-mocks.json",
        MOCKS.replace(
            "\"Charge card\": \"ChargeRefused\"",
            "\"Charge card\": \"Nope\"",
        ),
    );
    let out = workflow_in(
        dir.path(),
        &["test", "bad-mocks.json", "--cases", "cases.json"],
    );
    assert_eq!(out.status.code(), Some(2));
    let at = MOCKS
        .lines()
        .position(|l| l.contains("ChargeRefused"))
        .expect("a line")
        + 1;
    assert!(
        stderr(&out).starts_with(&format!("bad-mocks.json:{at}:")),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("response `Nope` is not in `MockedResponses`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_wrong_input_file_writes_a_report_with_an_error_test_case() {
    let dir = suite();
    std::fs::write(
        dir.path().join("bad-cases.json"),
        CASES.replace("\"Output\"", "\"Outptu\""),
    )
    .expect("written");
    std::fs::write(
        dir.path().join("bad-mocks.json"),
        MOCKS.replace("\"ChargeRefused\": {", "\"ChargeRefused\" {"),
    )
    .expect("written");
    std::fs::write(
        dir.path().join("broken.asl.json"),
        CHECKOUT.replace("\"Next\": \"Charged?\"", "\"Next\": \"Charged\""),
    )
    .expect("written");
    for (args, file, kind, says) in [
        (
            vec!["bad-mocks.json", "--cases", "cases.json"],
            "bad-mocks.json",
            "InvalidMockConfiguration",
            "bad-mocks.json:",
        ),
        (
            vec!["MockConfigFile.json", "--cases", "bad-cases.json"],
            "bad-cases.json",
            "InvalidTestCases",
            "/StateMachines/Checkout/TestCases/HappyPath/Outptu: unknown key",
        ),
        (
            vec!["MockConfigFile.json", "--definition", "broken.asl.json"],
            "broken.asl.json",
            "InvalidDefinition",
            "MISSING_TRANSITION_TARGET",
        ),
        (
            vec!["missing.json"],
            "missing.json",
            "InvalidMockConfiguration",
            "cannot read `missing.json`",
        ),
    ] {
        let report = dir.path().join(format!("{kind}-{file}.xml"));
        let mut all = vec!["test"];
        all.extend(args);
        all.extend(["--junit", report.to_str().expect("utf-8")]);
        let out = workflow_in(dir.path(), &all);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{all:?}: {}", stderr(&out));
        let refused = xunit_schema_errors(&report);
        assert!(refused.is_empty(), "{all:?}: {}", refused.join("\n"));
        let read = read_junit(&report);
        assert_eq!(
            (&read["tests"], &read["errors"]),
            (&1.into(), &1.into()),
            "{read}"
        );
        let case = &read["suites"][0]["cases"][0];
        assert_eq!(case["name"], file, "{read}");
        let error = &case["results"][0];
        assert_eq!(error["kind"], "Error", "{read}");
        assert_eq!(error["type"], kind, "{read}");
        assert!(
            error["message"].as_str().is_some_and(|m| m.contains(says)),
            "the located message, as printed: {read}"
        );
    }
}

/// The line of the first line of `text` containing `needle`, after the line containing
/// `after`.
fn line_of(text: &str, after: &str, needle: &str) -> usize {
    let start = text.lines().position(|l| l.contains(after)).expect("after");
    text.lines()
        .enumerate()
        .skip(start)
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("no {needle:?} after {after:?}"))
}

#[test]
fn coverage_of_the_suite_is_recorded_at_the_asl_file_s_own_lines() {
    let dir = suite();
    let out = workflow_in(
        dir.path(),
        &[
            "test",
            "MockConfigFile.json",
            "--cases",
            "cases.json",
            "--coverage",
            "cov",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lcov = stdout(&workflow_in(
        dir.path(),
        &["coverage", "cov", "--format", "lcov"],
    ));
    assert!(lcov.starts_with("TN:\nSF:checkout.asl.json\n"), "{lcov}");
    // Where each point is written in the ASL file, and how often the suite reached it: the
    // state (3 runs: Misspelt did not start), its retrier (twice, in RetryPath), its catcher
    // (never), the Choice state (3), its rule (2) and Default (1, Refused).
    for (after, needle, hits) in [
        ("\"States\"", "\"Charge card\": {", 3),
        ("\"Retry\"", "Lambda.TooManyRequestsException", 2),
        ("\"Catch\"", "States.ALL", 0),
        ("\"States\"", "\"Charged?\": {", 3),
        ("\"Choices\"", "BooleanEquals", 2),
        ("\"Charged?\"", "\"Default\"", 1),
        ("\"Charged?\": {", "\"Declined\": {", 1),
    ] {
        let da = format!("DA:{},{hits}\n", line_of(CHECKOUT, after, needle));
        assert!(lcov.contains(&da), "{da} ({needle}) in\n{lcov}");
    }
    let text = stdout(&workflow_in(dir.path(), &["coverage", "cov"]));
    assert!(
        text.contains(&format!(
            "not reached: catcher 0 of \"Charge card\" in Checkout (checkout.asl.json:{})",
            line_of(CHECKOUT, "\"Catch\"", "States.ALL")
        )),
        "{text}"
    );
}

#[test]
fn a_crate_s_workflow_is_tested_by_its_state_machine_s_name() {
    // examples/workflow_cli.rs: a crate's `src/bin/workflow.rs` with the workflow `Greeting`.
    let tool = super::client_moto::example_binary("workflow_cli");
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("mocks.json"),
        r#"{"StateMachines": {"Greeting": {"TestCases": {"Formal": {}, "Casual": {}}}},
            "MockedResponses": {}}"#,
    )
    .expect("written");
    std::fs::write(
        dir.path().join("cases.json"),
        r#"{"StateMachines": {"Greeting": {"TestCases": {
            "Formal": {"Input": {"Formal": true}, "States": ["Choose", "Formal"]},
            "Casual": {"Input": {"Formal": false}, "States": ["Choose", "Casual"]}}}}}"#,
    )
    .expect("written");
    let out = Command::new(&tool)
        .args([
            "test",
            "mocks.json",
            "--cases",
            "cases.json",
            "--coverage",
            "cov",
        ])
        .current_dir(dir.path())
        .env_remove("WORKFLOW_COVERAGE")
        .output()
        .expect("the tool runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).ends_with("2 test cases: 2 passed, 0 failed\n"),
        "{}",
        stdout(&out)
    );
    // Coverage at the `workflow!`'s lines, the file named from the workspace's root.
    let lcov = stdout(&workflow_in(
        dir.path(),
        &["coverage", "cov", "--format", "lcov"],
    ));
    assert!(
        lcov.starts_with("TN:\nSF:examples/workflow_cli.rs\n"),
        "{lcov}"
    );
    assert!(lcov.contains("LF:5\nLH:5\n"), "{lcov}");
}

/// A Distributed Map over `s3://orders/items.json`, whose child fails an item that is not
/// `ok`, tolerating no failure.
const ITEMS: &str = r#"{
  "StartAt": "Each item",
  "States": {
    "Each item": {
      "Type": "Map",
      "ItemReader": {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "JSON"},
        "Parameters": {"Bucket": "orders", "Key": "items.json"}
      },
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "Ok?",
        "States": {
          "Ok?": {"Type": "Choice", "Choices": [
            {"Variable": "$.ok", "BooleanEquals": true, "Next": "Fine"}
          ], "Default": "Bad item"},
          "Fine": {"Type": "Succeed"},
          "Bad item": {"Type": "Fail", "Error": "Item.Bad", "Cause": "this item is not ok"}
        }
      },
      "End": true
    }
  }
}"#;

#[test]
fn s3_is_a_directory_and_a_failed_map_child_is_reported_with_its_own_error() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("made");
        std::fs::write(path, text).expect("written");
    };
    write("items.asl.json", ITEMS);
    write(
        "mocks.json",
        r#"{"StateMachines": {"Items": {"TestCases": {"AllItems": {}}}}, "MockedResponses": {}}"#,
    );
    write(
        "s3/orders/items.json",
        r#"[{"ok": true}, {"ok": false}, {"ok": true}]"#,
    );
    let report = dir.path().join("report.xml");
    let out = workflow_in(
        dir.path(),
        &[
            "test",
            "mocks.json",
            "--definition",
            "items.asl.json",
            "--s3",
            "s3",
            "--junit",
            report.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    // AWS's error for the Map, and the child's own state, error and cause beside it.
    assert!(
        text.contains("the execution's error: States.ExceedToleratedFailureThreshold"),
        "{text}"
    );
    assert!(
        text.contains("failed at state `Bad item` with Item.Bad: this item is not ok (execution ")
            && text.contains(r#"input {"ok":false})"#),
        "{text}"
    );
    let junit = read_junit(&report);
    let failure = &junit["suites"][0]["cases"][0]["results"][0];
    assert!(
        failure["text"].as_str().is_some_and(
            |t| t.contains("failed at state `Bad item` with Item.Bad: this item is not ok")
        ),
        "{junit}"
    );

    // Without `--s3`: the advice is the command's, not the engine's Rust API.
    let out = workflow_in(
        dir.path(),
        &["test", "mocks.json", "--definition", "items.asl.json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("`--s3 DIR`"), "{text}");
    assert!(!text.contains("Engine::"), "{text}");
    // A ResultWriter without `--s3`: the same advice.
    let writer = ITEMS.replace(
        r#""ItemReader": {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "JSON"},
        "Parameters": {"Bucket": "orders", "Key": "items.json"}
      },"#,
        r#""ItemsPath": "$.items",
      "ResultWriter": {
        "Resource": "arn:aws:states:::s3:putObject",
        "Parameters": {"Bucket": "results", "Prefix": "runs"}
      },"#,
    );
    assert_ne!(writer, ITEMS);
    write("writer.asl.json", &writer);
    write(
        "writer-cases.json",
        r#"{"StateMachines": {"Items": {"TestCases": {"AllItems": {"Input": {"items": [{"ok": true}]}}}}}}"#,
    );
    let out = workflow_in(
        dir.path(),
        &[
            "test",
            "mocks.json",
            "--definition",
            "writer.asl.json",
            "--cases",
            "writer-cases.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("States.ResultWriterFailed"), "{text}");
    assert!(
        text.contains("nothing stands for S3") && text.contains("`--s3 DIR`"),
        "{text}"
    );
    assert!(!text.contains("Engine::"), "{text}");
    // A `--s3` that is not a directory.
    let out = workflow_in(
        dir.path(),
        &[
            "test",
            "mocks.json",
            "--definition",
            "items.asl.json",
            "--s3",
            "nowhere",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`--s3 nowhere` is not a directory"),
        "{}",
        stderr(&out)
    );
}

/// A JUnit report that cannot be written fails the command (exit status 2), said once on
/// standard error after what was wrong, if something was: whether the test cases ran (their
/// lines printed, the report lost) or could not.
#[test]
fn a_junit_report_that_cannot_be_written_fails_the_command() {
    let dir = suite();
    let report = dir.path().join("no-such-dir").join("report.xml");
    let report = report.to_str().expect("utf-8");
    let unwritten = format!("workflow test: cannot write `{report}`: ");
    let all = [
        "test",
        "MockConfigFile.json",
        "--cases",
        "cases.json",
        "--junit",
        report,
    ];
    let ran = workflow_in(dir.path(), &all);
    assert_eq!(ran.status.code(), Some(2), "{}", stderr(&ran));
    assert!(stdout(&ran).contains("passed"), "{}", stdout(&ran));
    assert_eq!(stderr(&ran).lines().count(), 1, "{}", stderr(&ran));
    assert!(stderr(&ran).starts_with(&unwritten), "{}", stderr(&ran));
    let unrun = workflow_in(dir.path(), &["test", "missing.json", "--junit", report]);
    assert_eq!(unrun.status.code(), Some(2), "{}", stderr(&unrun));
    let lines: Vec<String> = stderr(&unrun).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("workflow test: cannot read `missing.json`: "),
        "{lines:?}"
    );
    assert!(lines[1].starts_with(&unwritten), "{lines:?}");
}
