//! A parent that starts a child execution with `states:startExecution.sync:2`, answered as
//! Step Functions answers it (the child runs as an execution of its own, the Task's result
//! its description), and the record of both: what the replays of started children are tested
//! on (`engine_map_replay.rs`, and `replay_cli.rs` through the `workflow` binary).

use serde_json::{Value, json};
use std::sync::Arc;
use workflow_runtime::asl::StateMachine;
use workflow_runtime::engine::Engine;
use workflow_runtime::execution::{HistoryEvent, RecordedHistory};

/// A state machine `Scaler` adding `add` to its input's `n`: over 10 it ends in `Large`.
pub fn scaler(add: u32) -> String {
    json!({"StartAt": "Scale", "States": {
        "Scale": {"Type": "Pass", "Parameters": {"scaled.$": format!("States.MathAdd($.n, {add})")}, "Next": "Sorted?"},
        "Sorted?": {"Type": "Choice", "Choices": [{"Variable": "$.scaled", "NumericGreaterThan": 10, "Next": "Large"}],
          "Default": "Small"},
        "Large": {"Type": "Pass", "End": true},
        "Small": {"Type": "Pass", "End": true}}})
    .to_string()
}

/// The Task `Start`, starting `Scaler` on `{"n": <input>}` and waiting for it (`.sync:2`).
pub fn start_scaler(input: &str) -> Value {
    json!({"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
        "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Scaler",
            "Input": {"n.$": input}},
        "OutputPath": "$.Output", "End": true})
}

/// The child executions the engine's `Start` Tasks started: each one's ARN and history.
pub type Started =
    Arc<std::sync::Mutex<Vec<(workflow_runtime::aws_models::StatesArn, Vec<HistoryEvent>)>>>;

/// An engine answering `Start` as Step Functions does: `Scaler` (adding 3) runs as the
/// execution `scale-<n>` of its own, and the Task's result is its description.
pub fn scaling(started: &Started) -> Engine {
    let started = Arc::clone(started);
    Engine::new().state("Start", move |call: workflow_runtime::engine::TaskCall| {
        let started = Arc::clone(&started);
        async move {
            let input = call.input["Input"].clone();
            let name = format!("scale-{}", input["n"]);
            let child = StateMachine::from_json(&scaler(3)).expect("the child's definition");
            let engine = Engine::new()
                .region("us-east-1")
                .account("123456789012")
                .state_machine_name("Scaler");
            let run = engine
                .machine(&child)
                .name(name.clone())
                .input(input.clone())
                .run()
                .await
                .map_err(|e| workflow_runtime::engine::TaskFailure::new("Child", e.to_string()))?;
            let arn: workflow_runtime::aws_models::StatesArn =
                format!("arn:aws:states:us-east-1:123456789012:execution:Scaler:{name}")
                    .parse()
                    .expect("an ARN");
            started
                .lock()
                .expect("the started children")
                .push((arn.clone(), run.history.clone()));
            let (start, stop) = (
                run.history.first().map_or(0, |e| e.timestamp_millis),
                run.history.last().map_or(0, |e| e.timestamp_millis),
            );
            Ok::<_, workflow_runtime::engine::TaskFailure>(json!({
                "ExecutionArn": arn.to_string(),
                "StartDate": start, "StopDate": stop,
                "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Scaler",
                "Name": name, "Status": "SUCCEEDED",
                "Input": input, "InputDetails": {"Included": true},
                "Output": run.output, "OutputDetails": {"Included": true},
            }))
        }
    })
}

/// `run`'s record, with the children `started` recorded as it started them.
pub fn with_started(
    run: &workflow_runtime::engine::Execution,
    started: &Started,
) -> RecordedHistory {
    let mut record = RecordedHistory::of_run(run);
    for (arn, events) in started.lock().expect("the started children").iter() {
        record = record.started_execution(arn.clone(), events.clone(), scaler(3));
    }
    record
}

/// A state machine whose one state starts `Scaler` on `{"n": <input>}` (`Start`).
pub fn starter(input: &str) -> String {
    json!({"StartAt": "Start", "States": {"Start": start_scaler(input)}}).to_string()
}

/// [`starter`] on `$.n`, run on `{"n": 5}` (its child, `Scaler` adding 3, ends in `Small`):
/// its record, with the child's, and the child's ARN.
pub fn recorded_starter() -> (RecordedHistory, workflow_runtime::aws_models::StatesArn) {
    let started = Started::default();
    let machine = StateMachine::from_json(&starter("$.n")).expect("a definition");
    let run = workflow_runtime::engine::blocking::run(
        scaling(&started).machine(&machine).input(json!({"n": 5})),
    )
    .expect("the parent runs");
    assert_eq!(
        run.status,
        workflow_runtime::execution::ExecutionStatus::Succeeded,
        "{run}"
    );
    let child = started.lock().expect("the started children")[0].0.clone();
    (with_started(&run, &started), child)
}
