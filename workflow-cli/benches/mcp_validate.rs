//! The time of a `validate` call of `workflow mcp` (issue 56), end to end: a `workflow mcp`
//! process driven over its standard input and output by JSON-RPC lines, as an agent's client
//! drives it, calling `validate` on
//!
//! - a 100-state definition (Pass and Lambda Task states with a Retrier and a Catcher, a Choice
//!   every tenth state), and
//! - the largest definition of the real-world corpus (`../shared/asl-corpus/raw`, or
//!   `WORKFLOW_ASL_CORPUS`; skipped, saying so, where it is absent),
//!
//! each 30 times after one warm-up call, printing the best and the median call (request
//! written to answer read) beside the validator's own time on the same text in this process
//! (`workflow_asl::check`), so the protocol's share shows.
//!
//! `cargo bench -p workflow-cli --bench mcp_validate`. The binary measured is the bench's own
//! `workflow` unless `WORKFLOW_BIN` names another. Figures, not a test.

#[path = "../../tests/support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CALLS: usize = 30;

/// A definition of `n` states: Pass and Lambda Task states in a chain, a Choice every tenth
/// state, each Task with a Retrier and a Catcher to a shared handler.
fn definition(n: usize) -> String {
    let mut states = serde_json::Map::new();
    for i in 0..n {
        let next = if i + 1 < n {
            format!("S{}", i + 1)
        } else {
            "Done".to_owned()
        };
        let state = match i % 10 {
            9 => json!({"Type": "Choice",
                        "Choices": [{"Variable": "$.n", "NumericGreaterThan": 5, "Next": next}],
                        "Default": "Handler"}),
            i if i % 2 == 0 => {
                json!({"Type": "Pass", "Result": {"n": i}, "ResultPath": "$.r", "Next": next})
            }
            _ => json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": format!("f{i}"), "Payload.$": "$"},
                        "ResultSelector": {"n.$": "$.Payload.n"},
                        "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 3}],
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handler"}],
                        "Next": next}),
        };
        states.insert(format!("S{i}"), state);
    }
    states.insert("Handler".into(), json!({"Type": "Fail", "Error": "Failed"}));
    states.insert("Done".into(), json!({"Type": "Succeed"}));
    json!({"StartAt": "S0", "States": states}).to_string()
}

/// The corpus's largest raw definition: its name and text.
fn largest_corpus_definition() -> Option<(String, String)> {
    let dir = corpus::corpus("the corpus's largest definition")?.join("raw");
    let largest = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .max_by_key(|e| e.metadata().map(|m| m.len()).unwrap_or(0))?;
    let name = largest.file_name().to_string_lossy().into_owned();
    Some((name, std::fs::read_to_string(largest.path()).ok()?))
}

struct Server {
    input: std::process::ChildStdin,
    output: BufReader<std::process::ChildStdout>,
    next: u64,
}

impl Server {
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let line = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        writeln!(self.input, "{line}").expect("the request is written");
        self.input.flush().expect("flushed");
        let mut text = String::new();
        loop {
            text.clear();
            let n = self
                .output
                .read_line(&mut text)
                .expect("the server answers");
            assert!(n > 0, "the server closed its output");
            let message: Value = serde_json::from_str(&text).expect("a JSON-RPC line");
            if message["id"] == id {
                return message;
            }
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn measure(server: &mut Server, what: &str, text: &str) {
    let args = json!({"name": "validate", "arguments": {"definition": text}});
    let first = server.request("tools/call", args.clone());
    let diagnostics = first["result"]["structuredContent"]["files"][0]["diagnostics"]
        .as_array()
        .map_or(0, Vec::len);
    assert!(
        first["result"]["structuredContent"]["valid"].is_boolean(),
        "validate answered: {first}"
    );
    let mut calls: Vec<Duration> = (0..CALLS)
        .map(|_| {
            let start = Instant::now();
            server.request("tools/call", args.clone());
            start.elapsed()
        })
        .collect();
    calls.sort();
    let mut local: Vec<Duration> = (0..CALLS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(workflow_asl::check(text));
            start.elapsed()
        })
        .collect();
    local.sort();
    println!(
        "{what} ({} bytes, {diagnostics} diagnostics): validate call best {:.2} ms, median {:.2} ms; the validator alone best {:.2} ms, median {:.2} ms",
        text.len(),
        ms(calls[0]),
        ms(calls[CALLS / 2]),
        ms(local[0]),
        ms(local[CALLS / 2]),
    );
}

fn main() {
    let binary =
        std::env::var_os("WORKFLOW_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_workflow").into());
    let mut child = Command::new(&binary)
        .arg("mcp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("workflow mcp starts");
    let mut server = Server {
        input: child.stdin.take().expect("piped"),
        output: BufReader::new(child.stdout.take().expect("piped")),
        next: 0,
    };
    let init = server.request(
        "initialize",
        json!({"protocolVersion": "2025-06-18", "capabilities": {},
               "clientInfo": {"name": "mcp_validate bench", "version": "0"}}),
    );
    assert_eq!(init["result"]["serverInfo"]["name"], "workflow", "{init}");
    writeln!(
        server.input,
        "{}",
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"})
    )
    .expect("written");
    measure(&mut server, "100 states", &definition(100));
    if let Some((name, text)) = largest_corpus_definition() {
        measure(&mut server, &format!("the corpus's largest, {name}"), &text);
    }
    drop(server);
    let _ = child.wait();
}
