//! The JSONata evaluator against the reference implementation: every expression of
//! `tests/jsonata/expressions.txt` runs on `workflow_jsonata::eval` and on the npm
//! package `jsonata` (pinned in tools/oracles, installed by `bash scripts/oracles.sh
//! install`); results, "nothing" and error codes must agree, except where the table at the
//! end says why they do not.

mod support;

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use support::same;
use workflow_jsonata::Jsonata;
use workflow_jsonata::eval::{FixedContext, Limits, evaluate};

/// Differences from the reference implementation on purpose, with the reason: AWS Step
/// Functions runs JSONata on an evaluator of its own, and where AWS's answer is recorded
/// (`tests/aws_answers/README.md`, with its sources) it wins.
const EXPLAINED: &[(&str, &str)] = &[
    (
        "$uuid() ~> $length()",
        "$uuid is one of the functions AWS Step Functions adds to JSONata; the reference \
         implementation does not have it",
    ),
    (
        "$eval(\"1 + 1\")",
        "AWS Step Functions does not offer $eval (its documentation, transforming-data, says to \
         use $parse): AWS answers a call with T1006 (floci-io/floci issue #2737)",
    ),
    (
        "1/0",
        "AWS writes a non-finite number as the string JavaScript names it by: 1/0 is \
         \"Infinity\" (floci-io/floci issue #2737); the reference implementation's result is \
         a number JSON cannot hold",
    ),
    (
        "[0..9999999] ~> $count()",
        "AWS's memory limit: AWS refuses [1..873783] ~> $count() with `Expression evaluation \
         memory limit exceeded` (floci-io/floci issue #2737); the reference implementation has \
         no such limit",
    ),
];

struct Case {
    line: usize,
    dataset: String,
    expr: String,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(root().join("tests/jsonata/expressions.txt"))
        .unwrap_or_else(|e| panic!("cannot read expressions.txt: {e}"));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let (dataset, expr) = l
                .split_once(" | ")
                .unwrap_or_else(|| panic!("line {}: no ` | `", i + 1));
            Case {
                line: i + 1,
                dataset: dataset.trim().to_owned(),
                expr: expr.trim().to_owned(),
            }
        })
        .collect()
}

/// The input and bindings of a dataset.
fn dataset(name: &str) -> (Option<Value>, Option<Value>) {
    if name == "-" {
        return (None, None);
    }
    let text = std::fs::read_to_string(root().join(format!("tests/jsonata/data/{name}.json")))
        .unwrap_or_else(|e| panic!("dataset {name}: {e}"));
    let value: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("dataset {name}: {e}"));
    if name == "states" {
        (None, Some(value["states"].clone()))
    } else {
        (Some(value), None)
    }
}

/// What an evaluation gave, in the oracle's terms.
fn ours(case: &Case) -> Value {
    let (input, states) = dataset(&case.dataset);
    let expr = match Jsonata::parse(&case.expr) {
        Ok(e) => e,
        Err(e) => return json!({"error": e.code}),
    };
    let mut ctx = FixedContext::new(1_510_067_557_121, 1);
    let bindings: Vec<(&str, &Value)> = states.iter().map(|s| ("states", s)).collect();
    match evaluate(
        &expr,
        input.as_ref(),
        &bindings,
        &mut ctx,
        Limits::default(),
    ) {
        Ok(Some(v)) => json!({ "result": v }),
        Ok(None) => json!({"undefined": true}),
        Err(e) if e.code == "U1005" => json!({"nonjson": true}),
        Err(e) => json!({"error": e.code}),
    }
}

fn oracle(cases: &[Case]) -> Vec<Value> {
    let oracles = root().join("../tools/oracles");
    let script = oracles.join("jsonata-eval.js");
    let module = oracles.join("node_modules/jsonata/package.json");
    assert!(
        script.is_file(),
        "the JSONata oracle script is missing ({}): tools/oracles must sit beside workflow-jsonata",
        script.display()
    );
    assert!(
        module.is_file(),
        "THE JSONATA REFERENCE IMPLEMENTATION IS NOT INSTALLED ({}), so this test cannot compare; \
         run: bash scripts/oracles.sh install",
        module.display()
    );
    let input: Vec<Value> = cases
        .iter()
        .map(|c| {
            let (input, states) = dataset(&c.dataset);
            let mut o = json!({"expr": c.expr});
            if let Some(i) = input {
                o["input"] = i;
            }
            if let Some(s) = states {
                o["bindings"] = json!({ "states": s });
            }
            o
        })
        .collect();
    let file = std::env::temp_dir().join(format!("jsonata-cases-{}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_vec(&input).unwrap_or_default())
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
    let out = Command::new("node")
        .arg(&script)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run node ({e}); the JSONata oracle needs Node.js >= 18: run bash scripts/oracles.sh install"
            )
        });
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "node jsonata-eval.js failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("oracle output: {e}"))
}

/// Whether two outcomes agree (numbers compared as doubles; error messages not compared).
fn agree(a: &Value, b: &Value) -> bool {
    match (a.get("result"), b.get("result")) {
        (Some(x), Some(y)) => same(x, y),
        (None, None) => match (a.get("error"), b.get("error")) {
            (Some(x), Some(y)) => x == y,
            (None, None) => a == b,
            _ => false,
        },
        _ => false,
    }
}

#[test]
fn the_evaluator_agrees_with_the_reference_implementation() {
    let cases = cases();
    let theirs = oracle(&cases);
    assert_eq!(theirs.len(), cases.len());
    let mut disagreements = Vec::new();
    let mut explained = 0;
    for (case, expected) in cases.iter().zip(&theirs) {
        let got = ours(case);
        if agree(&got, expected) {
            continue;
        }
        if EXPLAINED.iter().any(|(e, _)| *e == case.expr) {
            explained += 1;
            continue;
        }
        disagreements.push(format!(
            "line {} [{}] `{}`\n    ours:   {got}\n    jsonata: {expected}",
            case.line, case.dataset, case.expr
        ));
    }
    println!(
        "jsonata oracle: {} expressions, {} agree, {explained} explained differences",
        cases.len(),
        cases.len() - disagreements.len() - explained
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements with jsonata 2.0.6:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
