//! The synthesised machine, run on the local engine: whatever the shape (a Map in a
//! Parallel branch, a Parallel in a Map's iteration, inline or distributed, JSONPath,
//! JSONata or both), it calls exactly the Tasks a run of the fix from its start calls but
//! those that succeeded in the record, and ends as that run does.

use super::*;
use crate::engine::{Engine, TaskCall, TaskFailure, blocking};
use crate::execution::{ExecutionStatus, RecordedHistory};
use serde_json::json;
use std::sync::{Arc, Mutex};

/// The Tasks' resource: a Lambda function's ARN, answered by the test's handler.
const WORK: &str = "arn:aws:lambda:us-east-1:123456789012:function:Work";

/// A call a Task made: its state and its request, without `fail` (which the fix changes).
type Call = (String, Value);

/// An engine whose Tasks answer `{"done": state, "in": request}`, or fail (`Boom`) when the
/// request says `"fail": true`; each call is written to `calls`, and whether it succeeded.
fn engine(calls: &Arc<Mutex<Vec<(Call, bool)>>>) -> Engine {
    let calls = Arc::clone(calls);
    Engine::new().fallback_handler(move |call: TaskCall| {
        let calls = Arc::clone(&calls);
        async move {
            let fails = call.input.get("fail") == Some(&json!(true));
            let mut request = call.input.clone();
            if let Some(map) = request.as_object_mut() {
                map.remove("fail");
            }
            calls
                .lock()
                .unwrap()
                .push(((call.state.clone(), request), !fails));
            match fails {
                true => Err(TaskFailure::new("Boom", "asked to fail")),
                false => Ok(json!({"done": call.state, "in": call.input})),
            }
        }
    })
}

/// How the machines of a case are written.
#[derive(Clone, Copy, Debug)]
enum Language {
    JsonPath,
    Jsonata,
    /// A JSONPath machine whose Map is a JSONata state.
    Mixed,
}

/// A Task state sending `request` (JSONPath `Parameters`, or JSONata `Arguments`).
fn task(language: bool, request: Value) -> Value {
    let key = if language { "Arguments" } else { "Parameters" };
    let mut state = json!({"Type": "Task", "Resource": WORK});
    state[key] = request;
    state
}

/// `Prep`, then a Parallel (`A`; a Map over the items: `Step1`, `Mark` assigning `seen`,
/// `Step2` sending `seen` and `fail`), then `After`; `fail` the broken one's or the fix's.
fn parallel_of_map(language: Language, distributed: bool, fixed: bool) -> Value {
    let jsonata = matches!(language, Language::Jsonata);
    let map_jsonata = !matches!(language, Language::JsonPath);
    let mut step2 = match jsonata {
        true => task(
            true,
            json!({"id": "{% $states.input.id %}", "seen": "{% $seen %}", "fail": "{% $states.input.fail %}"}),
        ),
        false => task(
            false,
            json!({"id.$": "$.id", "seen.$": "$seen", "fail.$": "$.fail"}),
        ),
    };
    if fixed {
        let key = if jsonata { "Arguments" } else { "Parameters" };
        step2[key]
            .as_object_mut()
            .unwrap()
            .retain(|k, _| !k.starts_with("fail"));
        step2[key]["fail"] = json!(false);
    }
    step2["End"] = json!(true);
    let processor_states = match jsonata {
        true => json!({
            "Step1": {"Type": "Task", "Resource": WORK, "Arguments": {"id": "{% $states.input.id %}", "step": 1},
                "Output": "{% $states.input %}", "Next": "Mark"},
            "Mark": {"Type": "Pass", "Assign": {"seen": "{% $states.input.id %}"}, "Next": "Step2"},
            "Step2": step2}),
        false => json!({
            "Step1": {"Type": "Task", "Resource": WORK, "Parameters": {"id.$": "$.id", "step": 1},
                "ResultPath": null, "Next": "Mark"},
            "Mark": {"Type": "Pass", "Assign": {"seen.$": "$.id"}, "Next": "Step2"},
            "Step2": step2}),
    };
    let mut processor = json!({"StartAt": "Step1", "States": processor_states});
    if distributed {
        processor["ProcessorConfig"] = json!({"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"});
    }
    let mut each = match map_jsonata {
        true => {
            json!({"Type": "Map", "QueryLanguage": "JSONata", "Items": "{% $states.input.items %}",
            "ItemSelector": {"id": "{% $states.context.Map.Item.Value.id %}", "fail": "{% $states.context.Map.Item.Value.fail %}"}})
        }
        false => json!({"Type": "Map", "ItemsPath": "$.items",
            "ItemSelector": {"id.$": "$$.Map.Item.Value.id", "fail.$": "$$.Map.Item.Value.fail"}}),
    };
    each["MaxConcurrency"] = json!(1);
    each["ItemProcessor"] = processor;
    each["End"] = json!(true);
    if distributed {
        each["Label"] = json!("Each");
    }
    let mut machine = match jsonata {
        true => json!({"QueryLanguage": "JSONata", "StartAt": "Prep", "States": {
            "Prep": {"Type": "Task", "Resource": WORK, "Arguments": {"id": "prep"},
                "Assign": {"prep": "{% $states.result.done %}"}, "Output": "{% $states.input %}", "Next": "Fan"},
            "After": {"Type": "Task", "Resource": WORK, "Arguments": {"id": "after", "prep": "{% $prep %}", "fan": "{% $states.input %}"}, "End": true}}}),
        false => json!({"StartAt": "Prep", "States": {
            "Prep": {"Type": "Task", "Resource": WORK, "Parameters": {"id": "prep"},
                "Assign": {"prep": "Prep"}, "ResultPath": null, "Next": "Fan"},
            "After": {"Type": "Task", "Resource": WORK, "Parameters": {"id": "after", "prep.$": "$prep", "fan.$": "$"}, "End": true}}}),
    };
    let a = match jsonata {
        true => json!({"Type": "Task", "Resource": WORK, "Arguments": {"id": "a"}, "End": true}),
        false => json!({"Type": "Task", "Resource": WORK, "Parameters": {"id": "a"}, "End": true}),
    };
    machine["States"]["Fan"] = json!({"Type": "Parallel", "Next": "After", "Branches": [
        {"StartAt": "A", "States": {"A": a}},
        {"StartAt": "Each", "States": {"Each": each}}]});
    machine
}

/// A Map over the items whose iteration is a Parallel (`Left`; `Right`, sending `fail`).
fn map_of_parallel(language: Language, distributed: bool, fixed: bool) -> Value {
    let jsonata = matches!(language, Language::Jsonata);
    let fail = match (fixed, jsonata) {
        (true, _) => json!({"fail": false}),
        (false, true) => json!({"fail": "{% $states.input.fail %}"}),
        (false, false) => json!({"fail.$": "$.fail"}),
    };
    let (left, mut right) = match jsonata {
        true => (
            task(
                true,
                json!({"id": "{% $states.input.id %}", "side": "left"}),
            ),
            task(
                true,
                json!({"id": "{% $states.input.id %}", "side": "right"}),
            ),
        ),
        false => (
            task(false, json!({"id.$": "$.id", "side": "left"})),
            task(false, json!({"id.$": "$.id", "side": "right"})),
        ),
    };
    let key = if jsonata { "Arguments" } else { "Parameters" };
    for (k, v) in fail.as_object().unwrap() {
        right[key][k] = v.clone();
    }
    let mut left = left;
    left["End"] = json!(true);
    right["End"] = json!(true);
    let mut processor = json!({"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "Left", "States": {"Left": left}},
        {"StartAt": "Right", "States": {"Right": right}}]}}});
    if distributed {
        processor["ProcessorConfig"] = json!({"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"});
    }
    let mut each = match language {
        Language::JsonPath => json!({"Type": "Map", "ItemsPath": "$.items"}),
        _ => {
            json!({"Type": "Map", "QueryLanguage": "JSONata", "Items": "{% $states.input.items %}"})
        }
    };
    each["MaxConcurrency"] = json!(1);
    each["ItemProcessor"] = processor;
    each["End"] = json!(true);
    if distributed {
        each["Label"] = json!("Each");
    }
    let mut machine = json!({"StartAt": "Each", "States": {"Each": each}});
    if jsonata {
        machine["QueryLanguage"] = json!("JSONata");
    }
    machine
}

/// The items: the second one fails in the broken machine.
fn items() -> Value {
    json!({"items": [{"id": 1, "fail": false}, {"id": 2, "fail": true}, {"id": 3, "fail": false}]})
}

/// Runs `machine` on `input`, its calls written to `calls`.
fn run(
    machine: &str,
    input: Value,
    calls: &Arc<Mutex<Vec<(Call, bool)>>>,
) -> crate::engine::Execution {
    let machine = crate::asl::StateMachine::from_json(machine).unwrap();
    blocking::run(engine(calls).machine(&machine).input(input)).unwrap()
}

/// The calls, as a sorted list.
fn sorted(calls: &Arc<Mutex<Vec<(Call, bool)>>>) -> Vec<Call> {
    let mut calls: Vec<Call> = calls
        .lock()
        .unwrap()
        .iter()
        .map(|(c, _)| c.clone())
        .collect();
    calls.sort_by_key(|c| c.0.clone() + &c.1.to_string());
    calls
}

/// The plan of a resume of `failed` on `fixed`.
fn planned(
    failed: &crate::engine::Execution,
    fixed: &Value,
) -> Result<ResumePoint, crate::engine::EngineError> {
    let fixed = crate::asl::StateMachine::from_json(&fixed.to_string()).unwrap();
    blocking::run(
        Engine::new()
            .machine(&fixed)
            .resume_failed(RecordedHistory::of_run(failed))
            .plan(),
    )
}

/// The broken machine's run, the resume's on the fix, and a run of the fix from its start:
/// the resume calls what the fresh run calls but what succeeded in the record, and ends as
/// it does.
fn resumes_without_repeating(broken: Value, fixed: Value, input: Value) -> ResumePoint {
    let original = Arc::new(Mutex::new(Vec::new()));
    let failed = run(&broken.to_string(), input.clone(), &original);
    assert_eq!(failed.status, ExecutionStatus::Failed, "{:?}", failed.error);
    let point = planned(&failed, &fixed).unwrap();
    let synthesised = resume_definition(&fixed.to_string(), &point).unwrap();
    let model = crate::asl::StateMachine::from_json(&synthesised).unwrap();
    let findings = model.validate();
    assert!(
        !crate::asl::has_errors(&findings),
        "{findings:#?}\n{synthesised}"
    );
    let resumed = Arc::new(Mutex::new(Vec::new()));
    let ran = run(&synthesised, point.execution_input.clone(), &resumed);
    assert_eq!(
        ran.status,
        ExecutionStatus::Succeeded,
        "{ran:?}\n{synthesised}"
    );
    let fresh = Arc::new(Mutex::new(Vec::new()));
    let whole = run(&fixed.to_string(), input, &fresh);
    assert_eq!(ran.output, whole.output, "{synthesised}");
    let succeeded: Vec<Call> = original
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, ok)| *ok)
        .map(|(c, _)| c.clone())
        .collect();
    let again = sorted(&resumed);
    for call in &again {
        assert!(
            !succeeded.contains(call),
            "called again: {call:?}\n{synthesised}"
        );
    }
    let mut expected = sorted(&fresh);
    for call in &succeeded {
        if let Some(at) = expected.iter().position(|c| c == call) {
            expected.remove(at);
        }
    }
    assert_eq!(again, expected, "{synthesised}");
    point
}

/// Every language and mode of the shape `shape` (broken, fixed), resumed: the plan of each.
fn every_form(shape: fn(Language, bool, bool) -> Value) -> Vec<(String, ResumePoint)> {
    let mut points = Vec::new();
    for language in [Language::JsonPath, Language::Jsonata, Language::Mixed] {
        for distributed in [false, true] {
            let point = resumes_without_repeating(
                shape(language, distributed, false),
                shape(language, distributed, true),
                items(),
            );
            points.push((format!("{language:?}, distributed: {distributed}"), point));
        }
    }
    points
}

#[test]
fn a_map_in_a_parallel_branch_resumes_the_failed_iteration_at_its_failed_state() {
    for (form, point) in every_form(parallel_of_map) {
        assert_eq!(point.state, "Fan", "{form}");
        // `A` and the first item taken; the branch and the second item resumed.
        assert_eq!(
            point.strands.as_ref().map(Strands::counts),
            Some((2, 2)),
            "{form}"
        );
    }
}

#[test]
fn a_parallel_in_a_map_iteration_takes_each_iterations_branches_from_the_record() {
    for (form, point) in every_form(map_of_parallel) {
        assert_eq!(point.state, "Each", "{form}");
        // The first item taken, the second resumed in its Parallel (one branch of it taken
        // at least: `Right` failed, `Left` may have ended first).
        let (taken, resumed) = point
            .strands
            .as_ref()
            .map(Strands::counts)
            .unwrap_or_default();
        assert!(
            taken >= 1 && resumed >= 2,
            "{form}: {taken} taken, {resumed} resumed"
        );
    }
}

#[test]
fn a_state_the_fix_removed_where_the_record_stopped_is_refused_with_the_alternatives() {
    let broken = map_of_parallel(Language::JsonPath, false, false);
    let mut fixed = map_of_parallel(Language::JsonPath, false, true);
    let branch = &mut fixed["States"]["Each"]["ItemProcessor"]["States"]["Both"]["Branches"][1];
    *branch = json!({"StartAt": "Right2", "States": {"Right2": branch["States"]["Right"].clone()}});
    let original = Arc::new(Mutex::new(Vec::new()));
    let failed = run(&broken.to_string(), items(), &original);
    // Refused where the record is read against the fix, or where the machine is made.
    let refused = match planned(&failed, &fixed) {
        Err(e) => e.to_string(),
        Ok(point) => resume_definition(&fixed.to_string(), &point)
            .unwrap_err()
            .to_string(),
    };
    assert!(refused.contains("Right"), "{refused}");
}

#[test]
fn outcomes_larger_than_a_variable_may_hold_are_refused_before_any_call() {
    let big = "x".repeat(MAX_PAYLOAD_BYTES);
    let fixed = json!({"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]}}});
    let point = ResumePoint {
        state: "Both".into(),
        input: json!({}),
        variables: Map::new(),
        execution_input: json!({}),
        named: false,
        visit: None,
        strands: Some(Strands::Parallel(
            [(0, crate::engine::StrandOutcome::Succeeded(json!(big)))]
                .into_iter()
                .collect(),
        )),
    };
    let refused = resume_definition(&fixed.to_string(), &point).unwrap_err();
    assert!(refused.0.contains("RedriveExecution"), "{refused}");
    assert!(refused.0.contains("inside `Both`"), "{refused}");
}

#[test]
fn a_batched_distributed_map_is_refused() {
    let fixed = json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
        "ItemBatcher": {"MaxItemsPerBatch": 2},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}});
    let point = ResumePoint {
        state: "Each".into(),
        input: json!([1, 2, 3]),
        variables: Map::new(),
        execution_input: json!([1, 2, 3]),
        named: false,
        visit: None,
        strands: Some(Strands::Map {
            distributed: true,
            items: [(0, crate::engine::StrandOutcome::Succeeded(json!(1)))]
                .into_iter()
                .collect(),
        }),
    };
    let refused = resume_definition(&fixed.to_string(), &point).unwrap_err();
    assert!(refused.0.contains("ItemBatcher"), "{refused}");
}
