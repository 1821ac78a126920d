//! Resumes at a named visit (`StartExecution::from_state` with a `Visit`): each kind of visit,
//! what runs again, the plan for AWS, and the refusals.

use crate::execution::{ExecutionStatus, RecordedHistory, Visit, VisitError};
use crate::{Engine, EngineError, StrandOutcome, Strands, TaskFailure, blocking};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use workflow_asl::StateMachine;

/// An engine whose Lambda function `work` notes `STATE INPUT` for each call and fails
/// (`Bad`) on an input whose `bad` is true; it answers nothing (the state keeps its
/// input).
fn engine() -> (Engine, Arc<Mutex<Vec<String>>>) {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let noted = Arc::clone(&calls);
    let engine = Engine::new().lambda("work", move |payload: Value| {
        noted
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(format!(
                "{} {}",
                payload["state"].as_str().unwrap_or("?"),
                payload["in"]
            ));
        let bad = payload["in"]["bad"] == json!(true);
        async move {
            match bad {
                true => Err(TaskFailure::new("Bad", "a bad item")),
                false => Ok(json!({})),
            }
        }
    });
    (engine, calls)
}

fn calls(noted: &Arc<Mutex<Vec<String>>>) -> Vec<String> {
    std::mem::take(&mut *noted.lock().unwrap_or_else(|p| p.into_inner()))
}

/// A Task calling `work` with its name and input, passing its input on.
fn work(next: Option<&str>) -> Value {
    let mut state = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "work", "Payload": {"state.$": "$$.State.Name", "in.$": "$"}},
        "ResultPath": null});
    match next {
        Some(next) => state["Next"] = json!(next),
        None => state["End"] = json!(true),
    }
    state
}

fn machine(definition: &Value) -> StateMachine {
    StateMachine::from_json(&definition.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

/// `definition` run on `input`, its record, and the calls it made.
fn recorded(
    engine: &Engine,
    definition: &Value,
    input: Value,
) -> (RecordedHistory, ExecutionStatus) {
    let run = blocking::run(engine.machine(&machine(definition)).input(input))
        .unwrap_or_else(|e| panic!("{e}"));
    (RecordedHistory::of_run(&run), run.status)
}

fn items(distributed: bool) -> Value {
    let mut processor = json!({"StartAt": "Pack", "States": {"Pack": work(None)}});
    if distributed {
        processor["ProcessorConfig"] = json!({"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"});
    }
    json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
        "MaxConcurrency": 1, "End": true, "ItemProcessor": processor}}})
}

#[test]
fn a_state_in_a_parallel_branch_runs_again_alone_with_what_follows_it() {
    let (engine, noted) = engine();
    let definition = json!({"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true,
        "Branches": [{"StartAt": "Left", "States": {"Left": work(None)}},
            {"StartAt": "Prepare", "States": {"Prepare": work(Some("Process")), "Process": work(None)}}]}}});
    let (record, status) = recorded(&engine, &definition, json!({}));
    assert_eq!(status, ExecutionStatus::Succeeded);
    assert_eq!(calls(&noted).len(), 3);
    let listed: Vec<String> = record
        .visits()
        .iter()
        .map(|v| v.visit.to_string())
        .collect();
    assert_eq!(
        listed,
        ["Both", "Both/Left", "Both/Prepare", "Both/Process"]
    );
    let fixed = machine(&definition);
    let resumed = blocking::run(
        engine
            .machine(&fixed)
            .resume_failed(record.clone())
            .from_state(
                "Both/Process"
                    .parse::<Visit>()
                    .unwrap_or_else(|e| panic!("{e}")),
            ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        resumed.execution.status,
        ExecutionStatus::Succeeded,
        "{}",
        resumed.execution
    );
    assert_eq!(calls(&noted), ["Process {}"]);
    // On AWS: the Parallel starts again, its left branch taken from the record.
    let point = blocking::run(
        engine
            .machine(&fixed)
            .resume_failed(record)
            .plan()
            .from_state(Visit::from("Process")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(point.state, "Both");
    assert_eq!(
        point.visit.map(|v| v.to_string()).as_deref(),
        Some("Both/Process")
    );
    let Some(Strands::Parallel(branches)) = point.strands else {
        panic!("a Parallel");
    };
    assert!(matches!(branches[&0], StrandOutcome::Succeeded(_)));
    assert!(matches!(&branches[&1], StrandOutcome::Stopped(p) if p.state == "Process"));
}

#[test]
fn an_inline_map_iteration_by_index_runs_again_with_a_replaced_input() {
    let (engine, noted) = engine();
    let input = json!({"items": [{"n": 0}, {"n": 1, "bad": true}, {"n": 2}]});
    let (record, status) = recorded(&engine, &items(false), input);
    assert_eq!(status, ExecutionStatus::Failed);
    assert_eq!(calls(&noted).len(), 2, "item 2 never started");
    let resumed = blocking::run(
        engine
            .machine(&machine(&items(false)))
            .resume_failed(record.clone())
            .from_state(
                "Each[1]/Pack"
                    .parse::<Visit>()
                    .unwrap_or_else(|e| panic!("{e}")),
            )
            .replace_input(json!({"n": 1, "fixed": true})),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        resumed.execution.status,
        ExecutionStatus::Succeeded,
        "{}",
        resumed.execution
    );
    // Item 0 succeeded: it is not called again; item 1 enters with the replaced input.
    assert_eq!(
        calls(&noted),
        [r#"Pack {"n":1,"fixed":true}"#, r#"Pack {"n":2}"#]
    );
    // `Pack` alone names a visit in several iterations.
    let refused = blocking::run(
        engine
            .machine(&machine(&items(false)))
            .resume_failed(record)
            .from_state(Visit::from("Pack")),
    )
    .expect_err("ambiguous");
    assert!(
        matches!(
            refused,
            EngineError::NoSuchVisit(VisitError::Ambiguous { .. })
        ),
        "{refused}"
    );
}

#[test]
fn a_distributed_map_child_by_item_runs_again_and_its_siblings_do_not() {
    let (engine, noted) = engine();
    let input = json!({"items": [{"n": 0}, {"n": 1}, {"n": 2}]});
    let (record, status) = recorded(&engine, &items(true), input);
    assert_eq!(status, ExecutionStatus::Succeeded);
    assert_eq!(calls(&noted).len(), 3);
    let resumed = blocking::run(
        engine
            .machine(&machine(&items(true)))
            .resume_failed(record)
            .from_state(
                "Each[1]/Pack"
                    .parse::<Visit>()
                    .unwrap_or_else(|e| panic!("{e}")),
            ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        resumed.execution.status,
        ExecutionStatus::Succeeded,
        "{}",
        resumed.execution
    );
    assert_eq!(calls(&noted), [r#"Pack {"n":1}"#]);
    assert_eq!(resumed.execution.map_runs[0].executions.len(), 3);
}

#[test]
fn a_loops_nth_visit_runs_again_from_there_and_a_visit_not_held_is_refused_with_those_held() {
    let (engine, noted) = engine();
    let definition = json!({"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Result": {"n": 0}, "Next": "Work"},
        "Work": work(Some("Count")),
        "Count": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Again"},
        "Again": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 3, "Next": "Work"}], "Default": "Done"},
        "Done": {"Type": "Succeed"}}});
    let (record, _) = recorded(&engine, &definition, json!({}));
    assert_eq!(calls(&noted).len(), 3);
    let resumed = blocking::run(
        engine
            .machine(&machine(&definition))
            .resume_failed(record.clone())
            .from_state("Work#2".parse::<Visit>().unwrap_or_else(|e| panic!("{e}"))),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(resumed.execution.status, ExecutionStatus::Succeeded);
    assert_eq!(calls(&noted), [r#"Work {"n":1}"#, r#"Work {"n":2}"#]);
    let refused = blocking::run(
        engine
            .machine(&machine(&definition))
            .resume_failed(record)
            .from_state("Work#4".parse::<Visit>().unwrap_or_else(|e| panic!("{e}"))),
    )
    .expect_err("three visits");
    assert_eq!(
        refused.to_string(),
        "the record holds no visit `Work#4`; it holds `Work#1`, `Work#2`, `Work#3`"
    );
    assert!(calls(&noted).is_empty());
}
