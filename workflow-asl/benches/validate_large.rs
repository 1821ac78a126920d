//! Benchmark: decode, validate and encode generated definitions of 1,000, 10,000 and 50,000
//! states (a long chain of Task, Choice and Pass states with retries, catchers and a
//! back-edge every 50 states, plus a Parallel and a Map holding a share of the states).
//! Prints the figures; run with `cargo bench -p workflow-asl --bench validate_large`.

use serde_json::{Map, Value, json};
use std::hint::black_box;
use std::time::{Duration, Instant};
use workflow_asl::{StateMachine, check};

/// A chain of `n` states named `S0`…; every 50th is a Choice looping back 10 states.
fn chain(prefix: &str, n: usize, last: Value) -> Map<String, Value> {
    let mut states = Map::new();
    for i in 0..n {
        let name = format!("{prefix}{i}");
        let next = if i + 1 < n {
            json!(format!("{prefix}{}", i + 1))
        } else {
            Value::Null
        };
        let mut state = match i % 5 {
            0 if i % 50 == 0 && i >= 50 => json!({
                "Type": "Choice",
                "Choices": [{"Variable": "$.counter", "NumericLessThan": 3, "Next": format!("{prefix}{}", i - 10)}],
            }),
            1 => json!({
                "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "f", "Payload.$": "$", "Step": i},
                "ResultSelector": {"body.$": "$.Payload"}, "ResultPath": "$.result",
                "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 3}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": format!("{prefix}Failed")}],
            }),
            2 => {
                json!({"Type": "Pass", "Parameters": {"counter.$": "States.MathAdd($.counter, 1)", "id.$": "$$.Execution.Id"}})
            }
            3 => json!({"Type": "Wait", "Seconds": 1}),
            _ => json!({"Type": "Pass", "ResultPath": "$.last"}),
        };
        let obj = state.as_object_mut().expect("literal objects");
        match (&next, obj["Type"].as_str()) {
            (Value::Null, Some("Choice")) => {
                obj.insert("Default".into(), last.clone());
            }
            (Value::Null, _) => {
                obj.insert("Next".into(), last.clone());
            }
            (next, Some("Choice")) => {
                obj.insert("Default".into(), next.clone());
            }
            (next, _) => {
                obj.insert("Next".into(), next.clone());
            }
        }
        states.insert(name, state);
    }
    states.insert(
        format!("{prefix}Failed"),
        json!({"Type": "Fail", "Error": "Failed"}),
    );
    states
}

fn definition(n: usize) -> String {
    let inner = n / 10;
    let mut states = chain("S", n - 2 * inner - 3, json!("Fan"));
    let mut branch = chain("B", inner, json!("BDone"));
    branch.insert("BDone".into(), json!({"Type": "Succeed"}));
    let mut item = chain("I", inner, json!("IDone"));
    item.insert("IDone".into(), json!({"Type": "Succeed"}));
    states.insert("Fan".into(), json!({"Type": "Parallel", "Branches": [{"StartAt": "B0", "States": branch}], "Next": "Each"}));
    states.insert(
        "Each".into(),
        json!({
        "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 10,
        "ItemProcessor": {"StartAt": "I0", "States": item}, "Next": "Done"}),
    );
    states.insert("Done".into(), json!({"Type": "Succeed"}));
    json!({"Comment": format!("{n} generated states"), "StartAt": "S0", "States": states})
        .to_string()
}

fn time<T>(runs: u32, mut f: impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    for _ in 0..runs {
        black_box(f());
    }
    start.elapsed() / runs
}

fn main() {
    println!(
        "| states | JSON bytes | decode | validate | encode | check (all) | diagnostics (1 = over 1 MiB) |"
    );
    println!("|---|---|---|---|---|---|---|");
    for n in [1_000usize, 10_000, 50_000] {
        let text = definition(n);
        let machine = StateMachine::from_json(&text).expect("generated definitions decode");
        let diagnostics = machine.validate();
        let runs = if n > 10_000 { 3 } else { 10 };
        let decode = time(runs, || StateMachine::from_json(&text));
        let validate = time(runs, || machine.validate());
        let encode = time(runs, || machine.to_json());
        let all = time(runs, || check(&text));
        println!(
            "| {n} | {} | {decode:.2?} | {validate:.2?} | {encode:.2?} | {all:.2?} | {} |",
            text.len(),
            diagnostics.len()
        );
        // Past 1 MiB of JSON the only error is the service's size limit, which is right.
        let unexpected: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.is_error() && d.code != workflow_asl::Code::DefinitionTooLarge)
            .collect();
        assert!(unexpected.is_empty(), "{unexpected:?}");
    }
}
