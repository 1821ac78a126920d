//! `workflow mcp`, driven by a real client: the Model Context Protocol's official Python SDK
//! (`mcp`, pinned in `tools/mcp/requirements.txt`, installed by `bash scripts/cli_tools.sh
//! install`), through `tests/mcp/client.py`. Every tool is called end to end and its answer
//! compared with what the command it stands for prints with `--json` (the text of `graph` and
//! `import`); bad arguments are tool errors carrying the command's message, and the server
//! goes on answering after them, after malformed JSON-RPC and after an oversized message; a
//! crate's own binary (`main_with`, `examples/workflow_cli.rs`) serves its workflows as
//! resources.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BROKEN: &str = r#"{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "Shipp"},
    "Ship": {"Type": "Succeed"},
    "Retry": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "f"},
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Ship"},
                        {"ErrorEquals": ["Oops"], "Next": "Ship"}],
              "End": true}
  }
}"#;

const CHARGE: &str = r#"{
  "StartAt": "Charge",
  "States": {
    "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "charge", "Payload": {"cents.$": "$.cents"}},
               "ResultSelector": {"ok.$": "$.Payload.ok"},
               "ResultPath": "$.charge",
               "Retry": [{"ErrorEquals": ["Charge.Busy"], "MaxAttempts": 2}],
               "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Refused"}],
               "Next": "Charged?"},
    "Charged?": {"Type": "Choice",
                 "Choices": [{"Variable": "$.charge.ok", "BooleanEquals": true, "Next": "Done"}],
                 "Default": "Refused"},
    "Done": {"Type": "Succeed"},
    "Refused": {"Type": "Fail", "Error": "Order.Refused", "Cause": "the card was declined"}
  }
}"#;

const MOCKS: &str = r#"{
  "StateMachines": {"Checkout": {"TestCases": {
    "Paid": {"Charge": "Ok"},
    "Declined": {"Charge": "No"}}}},
  "MockedResponses": {
    "Ok": {"0": {"Return": {"Payload": {"ok": true}, "StatusCode": 200}}},
    "No": {"0": {"Return": {"Payload": {"ok": false}, "StatusCode": 200}}}}
}"#;

/// The client's Python, from `target/mcp-venv`; the tests fail loudly without it.
fn client_python() -> PathBuf {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/mcp-venv/bin/python");
    assert!(
        python.exists(),
        "the MCP Python SDK is not installed ({}): run `bash scripts/cli_tools.sh install` \
         (tools/mcp/requirements.txt: the `mcp` package, the protocol's official Python SDK)",
        python.display()
    );
    python
}

fn client_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/mcp/client.py")
}

/// Runs `steps` in one session of the Python client with `server mcp`; the client's whole
/// answer (its version, the server's, the results of the steps).
fn session_with(server: &Path, steps: Value) -> Value {
    let program = json!({
        "server": [server.to_str().expect("a UTF-8 path"), "mcp"],
        "steps": steps,
    });
    let mut child = Command::new(client_python())
        .arg(client_script())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the client starts");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(program.to_string().as_bytes())
        .expect("the program is written");
    let out = child.wait_with_output().expect("the client ends");
    assert!(
        out.status.success(),
        "the MCP client failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "the client printed no JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// `steps` against the `workflow` binary itself.
fn session(steps: Value) -> Vec<Value> {
    let answer = session_with(Path::new(env!("CARGO_BIN_EXE_workflow")), steps);
    match answer.get("results") {
        Some(Value::Array(results)) => results.clone(),
        _ => panic!("no results: {answer}"),
    }
}

fn call(tool: &str, arguments: Value) -> Value {
    json!({ "call": tool, "arguments": arguments })
}

/// A successful tool answer's structured JSON, which is also its text.
fn answer_json(result: &Value) -> Value {
    assert_eq!(result["isError"], false, "a tool error: {result:#}");
    let text = result["text"][0].as_str().expect("a text content");
    let parsed: Value = serde_json::from_str(text).expect("the text is JSON");
    assert_eq!(
        result["structured"], parsed,
        "structured content and text agree"
    );
    parsed
}

fn answer_text(result: &Value) -> String {
    assert_eq!(result["isError"], false, "a tool error: {result:#}");
    result["text"][0]
        .as_str()
        .expect("a text content")
        .to_owned()
}

/// A tool error's message.
fn tool_error(result: &Value) -> String {
    assert_eq!(result["isError"], true, "not a tool error: {result:#}");
    result["text"][0].as_str().expect("a message").to_owned()
}

fn workflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(args)
        .output()
        .expect("the workflow binary runs")
}

fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).trim_end().to_owned()
}

/// `value` with every `"file": "<from>"` written `"file": "<to>"`.
fn renamed(value: &Value, from: &str, to: &str) -> Value {
    let text = value.to_string().replace(
        &format!("\"file\":{}", json!(from)),
        &format!("\"file\":{}", json!(to)),
    );
    serde_json::from_str(&text).expect("still JSON")
}

fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("written");
    path
}

#[test]
fn every_tool_is_listed_with_an_input_schema_from_its_type() {
    let answer = session_with(
        Path::new(env!("CARGO_BIN_EXE_workflow")),
        json!([{ "list_tools": {} }, { "list_resources": {} }]),
    );
    println!(
        "client: mcp {} (Python), protocol {}, server {} {}",
        answer["client"]["version"],
        answer["protocolVersion"],
        answer["server"]["name"],
        answer["server"]["version"]
    );
    assert_eq!(answer["client"]["version"], "2.3.0");
    assert_eq!(answer["server"]["name"], "workflow");
    assert!(
        answer["instructions"]
            .as_str()
            .is_some_and(|i| i.contains("`definition`"))
    );
    let tools = answer["results"][0]["tools"].as_array().expect("tools");
    let names: Vec<&str> = tools.iter().filter_map(|t| t["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "validate",
            "explain",
            "types",
            "test_state",
            "run",
            "replay",
            "resume",
            "coverage",
            "graph",
            "import"
        ]
    );
    let schema = |name: &str| {
        tools
            .iter()
            .find(|t| t["name"] == name)
            .map(|t| t["inputSchema"].clone())
            .expect("listed")
    };
    for tool in tools {
        let schema = &tool["inputSchema"];
        assert_eq!(schema["type"], "object", "{tool:#}");
        assert!(
            tool["description"].as_str().is_some_and(|d| d.len() > 40),
            "{tool:#}"
        );
    }
    // Hints: offline (no open world), nothing destroyed; all but `run` only read.
    for tool in tools {
        let hints = &tool["annotations"];
        assert_eq!(hints["openWorldHint"], false, "{tool:#}");
        assert_eq!(hints["destructiveHint"], false, "{tool:#}");
        assert_eq!(
            hints["readOnlyHint"],
            tool["name"] != "run" && tool["name"] != "resume",
            "{tool:#}"
        );
    }
    // The doc comments of the argument types are the schema's descriptions; enums are enums.
    let validate = schema("validate");
    assert!(
        validate["properties"]["definition"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("Amazon States Language JSON"))
    );
    assert_eq!(validate["additionalProperties"], false);
    let graph = schema("graph").to_string();
    for format in ["mermaid", "dot", "svg", "html"] {
        assert!(graph.contains(&format!("\"{format}\"")), "{graph}");
    }
    assert_eq!(schema("explain")["required"], json!(["code"]));
    assert_eq!(schema("coverage")["required"], json!(["dir"]));
    let run = schema("run").to_string();
    for option in [
        "input",
        "mock_config",
        "test_case",
        "history",
        "events",
        "STANDARD",
        "EXPRESS",
    ] {
        assert!(run.contains(&format!("\"{option}\"")), "{run}");
    }
    // `workflow mcp` alone serves no workflows: no resources capability, and listing them
    // is the protocol's "method not found".
    assert!(
        answer["capabilities"].get("resources").is_none(),
        "{answer:#}"
    );
}

#[test]
fn validate_and_explain_answer_what_the_commands_print() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let broken = file(dir.path(), "broken.asl.json", BROKEN);
    let results = session(json!([
        call("validate", json!({ "definition": BROKEN })),
        call("validate", json!({ "definition": CHARGE, "express": true })),
        call("explain", json!({ "code": "STATES_ALL_NOT_LAST" })),
        call("explain", json!({ "code": "missing_transition_target" })),
        call("explain", json!({ "code": "STATES_ALL_NOT_LST" })),
    ]));
    let cli = stdout_json(&workflow(&["validate", "--json", broken.to_str().unwrap()]));
    let tool = answer_json(&results[0]);
    assert_eq!(tool, renamed(&cli, broken.to_str().unwrap(), "definition"));
    assert_eq!(tool["valid"], false);
    let codes: Vec<&str> = tool["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"MISSING_TRANSITION_TARGET"), "{codes:?}");
    assert!(codes.contains(&"STATES_ALL_NOT_LAST"), "{codes:?}");
    let first = &tool["files"][0]["diagnostics"][0];
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(4), Some(27))
    );
    // Valid as STANDARD; as EXPRESS too (request-response only).
    assert_eq!(answer_json(&results[1])["valid"], true);

    let explained = answer_json(&results[2]);
    let cli = stdout_json(&workflow(&["explain", "--json", "STATES_ALL_NOT_LAST"]));
    assert_eq!(explained, cli);
    assert_eq!(explained["origin"], "workflow");
    assert!(
        explained["rule"]
            .as_str()
            .is_some_and(|r| r.contains("States.ALL"))
    );
    assert!(explained["sources"].as_array().is_some_and(|s| {
        s.iter()
            .any(|s| s["url"] == "https://states-language.net/spec.html")
    }));
    assert_eq!(answer_json(&results[3])["origin"], "aws");
    let message = tool_error(&results[4]);
    let out = workflow(&["explain", "STATES_ALL_NOT_LST"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(message, stderr(&out));
    assert!(
        message.contains("did you mean `STATES_ALL_NOT_LAST`?"),
        "{message}"
    );
}

#[test]
fn types_graph_and_import_answer_what_the_commands_print() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let charge = file(dir.path(), "charge.asl.json", CHARGE);
    let path = charge.to_str().unwrap();
    let results = session(json!([
        call("types", json!({ "definition": CHARGE })),
        call("graph", json!({ "definition": CHARGE })),
        call(
            "graph",
            json!({ "definition": CHARGE, "format": "svg", "portrait": true, "title": "charge.asl.json" })
        ),
        call(
            "import",
            json!({ "definition": CHARGE, "name": "Checkout" })
        ),
        call("import", json!({ "definition": BROKEN })),
        call("graph", json!({ "definition": "{\"StartAt\": " })),
    ]));
    let types = answer_json(&results[0]);
    assert_eq!(types, stdout_json(&workflow(&["types", "--json", path])));
    let charge_types = &types["states"][0];
    assert_eq!(charge_types["state"], "Charge");
    assert_eq!(charge_types["output"], "{ charge: { ok: any }, … }");
    let refused = types["states"]
        .as_array()
        .and_then(|s| s.last())
        .expect("states");
    assert_eq!(
        (refused["state"].as_str(), refused["output"].is_null()),
        (Some("Refused"), true)
    );

    let mermaid = workflow(&["graph", path]);
    assert_eq!(
        answer_text(&results[1]),
        String::from_utf8_lossy(&mermaid.stdout)
    );
    let svg = workflow(&["graph", path, "--format", "svg", "--portrait"]);
    assert_eq!(
        answer_text(&results[2]),
        String::from_utf8_lossy(&svg.stdout)
    );
    assert!(answer_text(&results[2]).starts_with("<svg"));

    let imported = workflow(&["import", path, "--name", "Checkout"]);
    assert_eq!(
        answer_text(&results[3]),
        String::from_utf8_lossy(&imported.stdout)
    );
    assert!(answer_text(&results[3]).contains("pub Checkout {"));
    // Not valid: refused with the located diagnostics, as the command refuses it.
    let broken = file(dir.path(), "definition", BROKEN);
    let out = workflow(&["import", broken.to_str().unwrap(), "--name", "StateMachine"]);
    assert_eq!(out.status.code(), Some(1));
    let message = tool_error(&results[4]);
    assert_eq!(
        message,
        stderr(&out).replace(broken.to_str().unwrap(), "definition")
    );
    assert!(message.starts_with("definition:4:"), "{message}");
    // Not JSON: the decoder's located error.
    let message = tool_error(&results[5]);
    assert!(message.contains("INVALID_JSON_DESCRIPTION"), "{message}");
    assert!(message.starts_with("definition:1:"), "{message}");
}

#[test]
fn test_state_run_and_coverage_answer_what_the_commands_print() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let charge = file(dir.path(), "charge.asl.json", CHARGE);
    let mocks = file(dir.path(), "mocks.json", MOCKS);
    let coverage = dir.path().join("coverage");
    let path = charge.to_str().unwrap();
    let state = json!({
        "definition": CHARGE, "state": "Charge", "input": "{\"cents\": 5}",
        "mock_result": "{\"Payload\": {\"ok\": true}, \"StatusCode\": 200}",
        "inspection_level": "DEBUG",
    });
    let results = session(json!([
        call("test_state", state),
        call(
            "test_state",
            json!({
                "definition": CHARGE, "state": "Charge", "input": "{\"cents\": 5}", "mock_error": "Charge.Busy",
                "mock_cause": "try later", "retry_count": 0,
            })
        ),
        call(
            "run",
            json!({
                "definition": CHARGE, "input": "{\"cents\": 5}", "mock_config": MOCKS,
                "test_case": "Declined", "state_machine": "Checkout", "history": true,
                "coverage": coverage.to_str().unwrap(),
            })
        ),
        call(
            "run",
            json!({
                "definition": CHARGE, "input": "{\"cents\": 5}", "mock_config": MOCKS,
                "test_case": "Paid", "coverage": coverage.to_str().unwrap(),
            })
        ),
        call("coverage", json!({ "dir": coverage.to_str().unwrap() })),
    ]));

    let ts = answer_json(&results[0]);
    let out = workflow(&[
        "test-state",
        path,
        "--state",
        "Charge",
        "--input",
        "{\"cents\": 5}",
        "--mock-result",
        "{\"Payload\": {\"ok\": true}, \"StatusCode\": 200}",
        "--inspection-level",
        "DEBUG",
    ]);
    assert_eq!(ts, stdout_json(&out));
    assert_eq!(ts["status"], "SUCCEEDED");
    assert_eq!(ts["nextState"], "Charged?");
    assert!(ts["inspectionData"].is_object(), "{ts:#}");
    // A retriable error is TestState's answer, not a tool error.
    assert_eq!(answer_json(&results[1])["status"], "RETRIABLE");

    let declined = answer_json(&results[2]);
    let out = workflow(&[
        "run",
        path,
        "--input",
        "{\"cents\": 5}",
        "--mock-config",
        mocks.to_str().unwrap(),
        "--test-case",
        "Declined",
        "--state-machine",
        "Checkout",
        "--json",
        "--history",
        "--events",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(declined, stdout_json(&out));
    assert_eq!(declined["status"], "FAILED");
    assert_eq!(declined["error"], "Order.Refused");
    assert_eq!(declined["states"], json!(["Charge", "Charged?", "Refused"]));
    assert!(declined["history"].as_array().is_some_and(|h| h.len() > 5));
    let events = declined["events"].as_array().expect("the events table");
    assert!(
        events
            .iter()
            .any(|e| e.as_str().is_some_and(|e| e.contains("ExecutionFailed")))
    );
    let paid = answer_json(&results[3]);
    assert_eq!(paid["status"], "SUCCEEDED");
    assert!(paid.get("history").is_none());

    let covered = answer_json(&results[4]);
    let out = workflow(&["coverage", coverage.to_str().unwrap(), "--format", "json"]);
    assert_eq!(covered, stdout_json(&out));
    let machine = &covered["workflows"][0];
    // Not reached: the retrier (never retried), the Choice's Default.
    let missed: Vec<&str> = machine["not_reached"]
        .as_array()
        .expect("points")
        .iter()
        .filter_map(|p| p["kind"].as_str())
        .collect();
    assert_eq!(missed, ["retrier 0", "catcher 0"], "{covered:#}");
    assert_eq!(covered["complete"], false);
}

#[test]
fn replay_answers_what_the_command_prints_identical_or_the_first_divergence() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let charge = file(dir.path(), "charge.asl.json", CHARGE);
    let mocks = file(dir.path(), "mocks.json", MOCKS);
    // A declined charge, recorded as `GetExecutionHistory` returns it.
    let out = workflow(&[
        "run",
        charge.to_str().unwrap(),
        "--input",
        "{\"cents\": 5}",
        "--mock-config",
        mocks.to_str().unwrap(),
        "--test-case",
        "Declined",
        "--state-machine",
        "Checkout",
        "--json",
        "--history",
    ]);
    let history = json!({ "events": stdout_json(&out)["history"] }).to_string();
    let recorded = file(dir.path(), "history.json", &history);
    // The fix: a declined card goes to a retry desk instead of failing the execution.
    let changed = CHARGE.replace(
        r#""Default": "Refused""#,
        r#""Default": "Desk"},
    "Desk": {"Type": "Pass", "End": true"#,
    );
    let fixed = file(dir.path(), "fixed.asl.json", &changed);
    let results = session(json!([
        call(
            "replay",
            json!({ "definition": CHARGE, "history": history })
        ),
        call(
            "replay",
            json!({ "definition": changed, "history": history })
        ),
        call(
            "replay",
            json!({ "definition": CHARGE, "history": "{\"events\": [{\"id\": 1}]}" })
        ),
        // The same record by its path, through the reader every command uses; and both at once.
        call(
            "replay",
            json!({ "definition": CHARGE, "record": recorded.to_str().unwrap() })
        ),
        call(
            "replay",
            json!({ "definition": CHARGE, "history": history, "record": recorded.to_str().unwrap() })
        ),
        // `resume`: the visits the record holds, a resume at one with its input replaced, and
        // one the record does not hold.
        call(
            "resume",
            json!({ "definition": CHARGE, "history": history, "list_visits": true })
        ),
        call(
            "resume",
            json!({ "definition": changed, "history": history, "from_state": "Charged?",
                "input": {"cents": 5, "charge": {"ok": true}} })
        ),
        call(
            "resume",
            json!({ "definition": CHARGE, "history": history, "from_state": "Charge#2" })
        ),
    ]));

    let same = answer_json(&results[0]);
    let out = workflow(&[
        "replay",
        charge.to_str().unwrap(),
        "--history",
        recorded.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(same, stdout_json(&out));
    assert_eq!(same["identical"], true, "{same:#}");
    assert_eq!(same["status"], "FAILED");

    let diverged = answer_json(&results[1]);
    let out = workflow(&[
        "replay",
        fixed.to_str().unwrap(),
        "--history",
        recorded.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(diverged, stdout_json(&out));
    assert_eq!(diverged["identical"], false, "{diverged:#}");
    assert_eq!(diverged["recordedPath"], false, "{diverged:#}");
    assert_eq!(diverged["pathDivergence"]["kind"], "path", "{diverged:#}");
    assert_eq!(diverged["status"], "SUCCEEDED", "{diverged:#}");

    // A history that is not one is the tool's error, located.
    let refused = tool_error(&results[2]);
    assert!(
        refused.contains("`history`") && refused.contains("/events/0"),
        "{refused}"
    );
    assert_eq!(answer_json(&results[3]), same, "the record by its path");
    let refused = tool_error(&results[4]);
    assert!(refused.contains("not both"), "{refused}");

    let visits = answer_json(&results[5]);
    let named: Vec<&str> = visits["visits"]
        .as_array()
        .expect("visits")
        .iter()
        .filter_map(|v| v["visit"].as_str())
        .collect();
    assert_eq!(named, ["Charge", "Charged?", "Refused"], "{visits:#}");
    let resumed = answer_json(&results[6]);
    assert_eq!(resumed["status"], "SUCCEEDED", "{resumed:#}");
    assert_eq!(resumed["resumedAt"]["visit"], "Charged?", "{resumed:#}");
    assert_eq!(
        resumed["states"],
        json!(["Charged?", "Done"]),
        "{resumed:#}"
    );
    let refused = tool_error(&results[7]);
    assert!(
        refused.contains("the record holds no visit `Charge#2`; it holds `Charge`"),
        "{refused}"
    );
}

#[test]
fn bad_arguments_are_tool_errors_with_the_command_s_message_and_the_server_goes_on() {
    let huge = format!(
        "{{\"StartAt\": \"A\", \"Comment\": \"{}\", \"States\": {{\"A\": {{\"Type\": \"Succeed\"}}}}}}",
        "x".repeat(1024 * 1024)
    );
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let results = session(json!([
        call("validate", json!({})),
        call("validate", json!({ "definition": CHARGE, "workflow": "Checkout" })),
        call("validate", json!({ "definition": 5 })),
        call("validate", json!({ "defintion": CHARGE })),
        call("validate", json!({ "workflow": "Checkout" })),
        call("run", json!({ "definition": CHARGE, "input": "{cents: 5}" })),
        call("run", json!({ "definition": CHARGE, "mock_config": MOCKS })),
        call("run", json!({ "definition": CHARGE, "mock_config": "{", "test_case": "Paid" })),
        call("validate", json!({ "definition": huge })),
        call("run", json!({ "definition": huge })),
        call("validate", json!({ "definition": deep })),
        call("types", json!({ "definition": deep })),
        call("coverage", json!({ "dir": "/nonexistent/coverage" })),
        call("import", json!({ "definition": CHARGE, "name": "not a name" })),
        call("nonesuch", json!({})),
        { "ping": {} },
        call("validate", json!({ "definition": CHARGE })),
    ]));
    assert!(tool_error(&results[0]).contains("give the definition as `definition`"));
    assert!(tool_error(&results[1]).contains("not several"));
    let message = tool_error(&results[2]);
    assert!(
        message.contains("invalid type: integer `5`, expected a string"),
        "{message}"
    );
    let message = tool_error(&results[3]);
    assert!(message.contains("unknown field `defintion`"), "{message}");
    let message = tool_error(&results[4]);
    assert!(
        message.contains("this server has no crate workflows"),
        "{message}"
    );
    // The command's messages, naming the argument where the command names its option.
    let message = tool_error(&results[5]);
    assert!(
        message.starts_with("workflow run: `input` is not JSON: "),
        "{message}"
    );
    let dir = tempfile::tempdir().expect("a temporary directory");
    let charge = file(dir.path(), "charge.asl.json", CHARGE);
    let out = workflow(&["run", charge.to_str().unwrap(), "--input", "{cents: 5}"]);
    assert_eq!(
        message.replace("`input`", "`--input`"),
        stderr(&out),
        "the same message as the command's"
    );
    assert!(tool_error(&results[6]).contains("`mock_config` needs `test_case`"));
    assert!(tool_error(&results[7]).starts_with("workflow run: `mock_config`: "));
    // Over 1 MiB: refused unparsed, as the command refuses a file that large.
    let report = answer_json(&results[8]);
    assert_eq!(report["valid"], false);
    assert_eq!(
        report["files"][0]["diagnostics"][0]["code"],
        "DEFINITION_TOO_LARGE"
    );
    let message = tool_error(&results[9]);
    assert!(
        message.contains("`definition` is larger than 1 MiB, the service's limit for a definition; nothing was read"),
        "{message}"
    );
    // Nested past the JSON limit: located, not a crash.
    let report = answer_json(&results[10]);
    assert_eq!(
        report["files"][0]["diagnostics"][0]["code"],
        "INVALID_JSON_DESCRIPTION"
    );
    assert!(tool_error(&results[11]).contains("INVALID_JSON_DESCRIPTION"));
    let out = workflow(&["coverage", "/nonexistent/coverage"]);
    assert_eq!(tool_error(&results[12]), stderr(&out));
    assert!(tool_error(&results[13]).contains("`not a name` cannot name a workflow"));
    // An unknown tool is the protocol's error; the server answers on.
    let protocol = &results[14]["protocol_error"];
    assert_eq!(protocol["code"], -32602, "{protocol:#}");
    assert!(
        protocol["message"]
            .as_str()
            .is_some_and(|m| m.contains("the tools are validate"))
    );
    assert_eq!(results[15]["pong"], true);
    assert_eq!(answer_json(&results[16])["valid"], true);
}

/// The server's next JSON-RPC message.
fn next_message(lines: &mut impl BufRead) -> Value {
    let mut line = String::new();
    let n = lines.read_line(&mut line).expect("the server's output");
    assert!(n > 0, "the server closed its output");
    serde_json::from_str(&line).expect("a JSON-RPC message a line")
}

/// Reads JSON-RPC messages from the server until the answer with `id` (a test that sends
/// one request at a time).
fn answer_to(lines: &mut impl BufRead, id: u64) -> Value {
    loop {
        let message = next_message(lines);
        if message["id"] == id {
            return message;
        }
    }
}

#[test]
fn malformed_json_rpc_is_answered_or_dropped_and_the_server_goes_on() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .arg("mcp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("workflow mcp starts");
    let mut input = server.stdin.take().expect("piped");
    let mut output = BufReader::new(server.stdout.take().expect("piped"));
    let mut send = |text: &str| {
        input.write_all(text.as_bytes()).expect("written");
        input.write_all(b"\n").expect("written");
        input.flush().expect("flushed");
    };
    send("this is not JSON");
    send(r#"{"jsonrpc": "2.0", "id": 1, "method": "initialize"}"#);
    send(&format!(
        r#"{{"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {{"protocolVersion": "2025-06-18", "capabilities": {{}}, "clientInfo": {{"name": "raw", "version": "0"}}, "pad": "{}"}}}}"#,
        "x".repeat(9 * 1024 * 1024)
    ));
    send(
        r#"{"jsonrpc": "2.0", "id": 3, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "0"}}}"#,
    );
    let initialized = answer_to(&mut output, 3);
    assert_eq!(
        initialized["result"]["serverInfo"]["name"], "workflow",
        "{initialized:#}"
    );
    send(r#"{"jsonrpc": "2.0", "method": "notifications/initialized"}"#);
    send(r#"{"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "validate"}}"#);
    send(
        r#"{"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "validate", "arguments": []}}"#,
    );
    send(r#"{"jsonrpc": "2.0", "id": 6, "method": "no/such/method", "params": {}}"#);
    send(&format!(
        r#"{{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {{"name": "validate", "arguments": {{"definition": {}}}}}}}"#,
        json!(CHARGE)
    ));
    // Answers come as the calls end, in any order (each call is a task of the server's
    // runtime): once 7, the last sent, is answered, the input closes, and every answer still
    // to come is read until the server ends (a message the server drops has no answer).
    let mut answers = std::collections::HashMap::new();
    while !answers.contains_key(&7) {
        let message = next_message(&mut output);
        let id = message["id"].as_u64().unwrap_or(0);
        answers.insert(id, message);
    }
    drop(input);
    let mut line = String::new();
    while output.read_line(&mut line).expect("the server's output") > 0 {
        let message: Value = serde_json::from_str(&line).expect("a JSON-RPC message a line");
        answers.insert(message["id"].as_u64().unwrap_or(0), message);
        line.clear();
    }
    // No arguments: the tool's error (nothing to validate).
    let no_arguments = &answers[&4];
    assert_eq!(no_arguments["result"]["isError"], true, "{no_arguments:#}");
    // Arguments that are not an object: not a `tools/call` as the protocol shapes it; if
    // answered, with a JSON-RPC error, never a result.
    if let Some(not_an_object) = answers.get(&5).or(answers.get(&0)) {
        assert!(not_an_object["error"]["code"].is_i64(), "{not_an_object:#}");
    }
    let unknown = &answers[&6];
    assert_eq!(unknown["error"]["code"], -32601, "{unknown:#}");
    let valid = &answers[&7];
    assert_eq!(
        valid["result"]["structuredContent"]["valid"], true,
        "{valid:#}"
    );
    let status = server
        .wait()
        .expect("the server ends when its input closes");
    assert!(status.success(), "{status}");
}

#[test]
fn a_crate_s_binary_serves_its_workflows_as_resources_and_by_name() {
    // examples/workflow_cli.rs: a crate's `src/bin/workflow.rs` with `Greeting`, `Pause` and
    // `Checkout`.
    let tool = super::client_moto::example_binary("workflow_cli");
    let answer = session_with(
        &tool,
        json!([
            { "list_resources": {} },
            { "read_resource": "workflow://Greeting/asl" },
            { "read_resource": "workflow://Greeting/input-schema" },
            { "read_resource": "workflow://Greeting/generated-items" },
            { "read_resource": "workflow://Nope/asl" },
            call("validate", json!({ "workflow": "Greeting" })),
            call("run", json!({ "workflow": "Greeting", "input": "{\"Formal\": true}" })),
            call("types", json!({ "workflow": "Greting" })),
            call("types", json!({ "workflow": "Greeting" })),
            call("run", json!({ "workflow": "Greeting", "input": "{\"Formal\": \"yes\"}" })),
        ]),
    );
    assert!(
        answer["capabilities"]["resources"].is_object(),
        "{answer:#}"
    );
    let results = answer["results"].as_array().expect("results");
    let uris: Vec<&str> = results[0]["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter_map(|r| r["uri"].as_str())
        .collect();
    assert_eq!(
        uris,
        [
            "workflow://Greeting/asl",
            "workflow://Greeting/input-schema",
            "workflow://Greeting/generated-items",
            "workflow://Pause/asl",
            "workflow://Pause/input-schema",
            "workflow://Pause/generated-items",
            "workflow://Checkout/asl",
            "workflow://Checkout/input-schema",
            "workflow://Checkout/generated-items",
        ]
    );
    let text = |i: usize| {
        results[i]["contents"][0]["text"]
            .as_str()
            .expect("text")
            .to_owned()
    };
    let asl: Value = serde_json::from_str(&text(1)).expect("the ASL is JSON");
    assert_eq!(asl["StartAt"], "Choose");
    assert_eq!(results[1]["contents"][0]["mimeType"], "application/json");
    let schema: Value = serde_json::from_str(&text(2)).expect("a JSON Schema");
    assert_eq!(schema["properties"]["Formal"], json!({"type": "boolean"}));
    assert_eq!(schema["required"], json!(["Formal"]));
    assert_eq!(schema["title"], "GreetingInput");
    assert!(
        text(3).contains("`GreetingInput`: the execution input"),
        "{}",
        text(3)
    );
    assert!(
        results[4]["protocol_error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("no resource `workflow://Nope/asl`"))
    );
    let report = answer_json(&results[5]);
    assert_eq!(report["files"][0]["file"], "Greeting");
    assert_eq!(report["valid"], true);
    let run = answer_json(&results[6]);
    assert_eq!(run["states"], json!(["Choose", "Formal"]));
    let message = tool_error(&results[7]);
    assert!(message.contains("did you mean `Greeting`?"), "{message}");
    // Issue 64: the workflow's `input { … }` schema types its first state, and an input that
    // does not fit it is refused before anything runs.
    let types = answer_json(&results[8]);
    assert_eq!(types["states"][0]["input"], "{ Formal: bool }", "{types:#}");
    let refused = tool_error(&results[9]);
    assert!(
        refused.contains("the input does not fit the `input { … }` schema of `Greeting`")
            && refused.contains("/Formal: expected a boolean"),
        "{refused}"
    );
}
