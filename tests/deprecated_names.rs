//! The deprecated names (CHANGELOG.md, "Deprecated") still work, each as the name that
//! replaced it: the same runs, the same answers, the same types.
#![allow(deprecated)]

use serde_json::json;
use workflow_runtime::Workflow;
use workflow_runtime::asl::{ErrorName, StateMachine};
use workflow_runtime::engine::{Engine, TestState};
use workflow_runtime::execution::ExecutionStatus;

workflow_runtime::workflow! {
    /// Counts the items it is given, and fails on none.
    OldNames {
        input { items: [{ sku: string }] }
        "Count": pass { count: States.ArrayLength($.items) } -> "Check";
        "Check": choice {
            when $.count > 0 => "Done",
            otherwise => "Empty",
        }
        "Done": succeed;
        "Empty": fail(error = "OldNames.Empty");
    }
}

fn input(items: serde_json::Value) -> <OldNames as Workflow>::Input {
    serde_json::from_value(json!({ "items": items })).expect("the input type")
}

#[test]
fn the_old_run_names_run_as_the_new_ones() {
    let engine = Engine::new();
    let some = input(json!([{"sku": "a"}, {"sku": "b"}]));
    let old = engine
        .run_workflow_blocking::<OldNames>(&some)
        .expect("runs");
    let new = engine.run_blocking::<OldNames>(&some).expect("runs");
    assert_eq!(old.status, ExecutionStatus::Succeeded);
    assert_eq!(old.output, Some(json!({"count": 2})));
    assert_eq!((old.status, old.output), (new.status, new.output));

    let none = input(json!([]));
    let old = futures::executor::block_on(engine.run_workflow::<OldNames>(&none)).expect("runs");
    assert_eq!(old.status, ExecutionStatus::Failed);
    assert_eq!(old.error, Some(ErrorName::from("OldNames.Empty")));
}

#[test]
fn the_old_sync_execution_names_run_as_run_sync_any() {
    let machine: StateMachine = OldNames::definition();
    let engine = Engine::new();
    let items = json!({"items": [{"sku": "a"}]});
    let old = engine
        .start_sync_execution_blocking(&machine, items.clone())
        .expect("runs");
    let new = engine
        .run_sync_any_blocking(&machine, items.clone())
        .expect("runs");
    assert_eq!(old.response.status, ExecutionStatus::Succeeded);
    assert_eq!(old.response.output.as_deref(), Some(r#"{"count":1}"#));
    assert_eq!(old.response.output, new.response.output);
    let old =
        futures::executor::block_on(engine.start_sync_execution(&machine, items)).expect("runs");
    assert_eq!(old.response.status, ExecutionStatus::Succeeded);
}

#[test]
fn test_state_calls_a_service_answers_as_the_prepared_request() {
    let task = r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "Charge"}, "End": true}"#;
    let unmocked = TestState::new(task);
    assert!(unmocked.calls_a_service());
    assert!(unmocked.clone().prepare().expect("valid").calls_a_service());
    let mocked = TestState::new(task).mock_result(json!({"Payload": {}, "StatusCode": 200}));
    assert!(!mocked.calls_a_service());
    let pass = TestState::new(r#"{"Type": "Pass", "End": true}"#);
    assert!(!pass.calls_a_service());
    // A definition that does not decode calls nothing, as before.
    assert!(!TestState::new("{").calls_a_service());
}

#[test]
fn the_old_paths_name_the_moved_types() {
    // Each alias is the moved type itself: a value of one is a value of the other.
    let status: workflow_runtime::ExecutionStatus = ExecutionStatus::Succeeded;
    let status: workflow_runtime::engine::ExecutionStatus = status;
    assert!(matches!(
        status,
        workflow_runtime::ExecutionStatus::Succeeded
    ));
    let run = Engine::new()
        .run_blocking::<OldNames>(&input(json!([{"sku": "a"}])))
        .expect("runs");
    let history: &[workflow_runtime::engine::HistoryEvent] = &run.history;
    assert!(matches!(
        history.first().map(|e| &e.kind),
        Some(workflow_runtime::EventKind::ExecutionStarted { .. })
    ));
    assert_eq!(
        workflow_runtime::engine::MAX_PAYLOAD_BYTES,
        workflow_runtime::execution::MAX_PAYLOAD_BYTES
    );
    assert_eq!(
        workflow_runtime::engine::MAX_HISTORY_EVENTS,
        workflow_runtime::execution::MAX_HISTORY_EVENTS
    );
}
