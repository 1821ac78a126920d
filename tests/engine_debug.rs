//! The engine's debugger seam (`workflow_runtime::engine::debug`): where a run stops (each
//! state entered and left, each error raised and what handles it, a replay's divergence), the
//! strands it stops on (their nesting), what a paused strand shows and lets change (its
//! scope, its own variables, as ASL allows), a Task nothing answers answered by the debugger,
//! and a run under a debugger that stops nowhere being the run without one.

use futures::future::BoxFuture;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use workflow_runtime::asl::StateMachine;
use workflow_runtime::engine::debug::{
    Debugger, Handled, Level, Paused, PendingTask, Reached, Stop, TaskAnswer, Trail,
};
use workflow_runtime::engine::{Engine, TaskFailure, blocking};
use workflow_runtime::execution::{ExecutionStatus, RecordedHistory};

/// What a checkpoint showed.
#[derive(Clone, Debug)]
struct Seen {
    state: String,
    stop: Stop,
    trail: Trail,
    input: Value,
    output: Option<Value>,
    variables: Vec<serde_json::Map<String, Value>>,
    now_millis: i64,
    context: Value,
    map_item: Option<Value>,
}

/// A debugger that stops at every checkpoint, notes it, and does what `act` says there.
struct Recorder {
    seen: Mutex<Vec<Seen>>,
    act: Box<dyn Fn(&mut Paused<'_>) + Send + Sync>,
    answer: Box<dyn Fn(&PendingTask) -> TaskAnswer + Send + Sync>,
    tasks: Mutex<Vec<PendingTask>>,
    strands: Mutex<Vec<(u64, bool)>>,
}

impl Recorder {
    fn new() -> Self {
        Recorder {
            seen: Mutex::new(Vec::new()),
            act: Box::new(|_| {}),
            answer: Box::new(|_| TaskAnswer::success(json!({}))),
            tasks: Mutex::new(Vec::new()),
            strands: Mutex::new(Vec::new()),
        }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Debugger for Recorder {
    fn stops_at(&self, _at: &Reached<'_>) -> bool {
        true
    }

    fn pause<'a>(&'a self, mut paused: Paused<'a>) -> BoxFuture<'a, ()> {
        let scope = paused.scope();
        let seen = Seen {
            state: scope.state.clone(),
            stop: paused.stop().clone(),
            trail: paused.trail().clone(),
            input: scope.input.clone(),
            output: scope.output.clone(),
            variables: scope.variables.clone(),
            now_millis: scope.now_millis,
            context: scope.context.to_value(),
            map_item: scope.map_item.clone(),
        };
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(seen);
        (self.act)(&mut paused);
        Box::pin(async {})
    }

    fn answer<'a>(&'a self, task: PendingTask) -> BoxFuture<'a, TaskAnswer> {
        let answer = (self.answer)(&task);
        self.tasks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(task);
        Box::pin(async move { answer })
    }

    fn strand_started(&self, trail: &Trail) {
        self.strands
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((trail.id(), true));
    }

    fn strand_ended(&self, trail: &Trail) {
        self.strands
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((trail.id(), false));
    }
}

fn machine(json: Value) -> StateMachine {
    StateMachine::from_json(&json.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

/// A Parallel with a branch that waits, then a Map over two items.
fn nested() -> StateMachine {
    machine(json!({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "ResultPath": "$.p", "Next": "M", "Branches": [
            {"StartAt": "B0", "States": {"B0": {"Type": "Pass", "End": true}}},
            {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": true}}}
        ]},
        "M": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.m", "End": true,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I",
                                "States": {"I": {"Type": "Pass", "End": true}}}}
    }}))
}

#[test]
fn every_state_stops_where_it_is_entered_and_left_on_its_own_strand() {
    let recorder = Arc::new(Recorder::new());
    let run = blocking::run(
        Engine::new()
            .machine(&nested())
            .input(json!({"items": [1, 2]}))
            .debugger(recorder.clone()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    let seen = recorder.seen();
    let at = |state: &str, stop: Stop| {
        seen.iter()
            .find(|s| s.state == state && s.stop == stop)
            .unwrap_or_else(|| panic!("no {stop:?} of {state} in {seen:?}"))
            .clone()
    };
    // Every state, entered and left.
    for state in ["P", "B0", "W", "M", "I"] {
        at(state, Stop::Entered);
        at(state, Stop::Exited);
    }
    let p = at("P", Stop::Entered);
    assert_eq!(*p.trail.level(), Level::Execution);
    assert_eq!(p.trail.id(), 1);
    let w = at("W", Stop::Entered);
    assert_eq!(
        *w.trail.level(),
        Level::Branch {
            state: "P".into(),
            index: 1
        }
    );
    assert!(w.trail.is_within(&p.trail));
    assert_eq!(w.trail.depth(), 1);
    // The Wait passes 30 s of the execution's virtual clock.
    assert_eq!(at("W", Stop::Exited).now_millis - w.now_millis, 30_000);
    // The Parallel's output, once it left; the Map's iterations each on their own strand.
    assert_eq!(
        at("P", Stop::Exited).output,
        Some(json!({"items": [1, 2], "p": [{"items": [1, 2]}, {"items": [1, 2]}]}))
    );
    let items: Vec<_> = seen
        .iter()
        .filter(|s| s.state == "I" && s.stop == Stop::Entered)
        .collect();
    assert_eq!(items.len(), 2);
    assert_ne!(items[0].trail.id(), items[1].trail.id());
    let mut inputs: Vec<_> = items.iter().map(|s| s.input.clone()).collect();
    inputs.sort_by_key(Value::to_string);
    assert_eq!(inputs, [json!(1), json!(2)]);
    // Each nested strand was told started, then ended.
    let strands = recorder
        .strands
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    assert_eq!(strands.len(), 8, "{strands:?}");
    for (id, _) in &strands {
        assert_eq!(
            strands.iter().filter(|(i, s)| i == id && *s).count(),
            strands.iter().filter(|(i, s)| i == id && !*s).count()
        );
    }
}

#[test]
fn a_debugger_that_stops_nowhere_changes_nothing() {
    /// Asks at every checkpoint, stops at none.
    struct Never;
    impl Debugger for Never {
        fn stops_at(&self, _at: &Reached<'_>) -> bool {
            false
        }
        fn pause<'a>(&'a self, _paused: Paused<'a>) -> BoxFuture<'a, ()> {
            Box::pin(async {})
        }
        fn answer<'a>(&'a self, _task: PendingTask) -> BoxFuture<'a, TaskAnswer> {
            Box::pin(async { TaskAnswer::success(json!({})) })
        }
    }
    let engine = Engine::new();
    let input = json!({"items": [1, 2, 3]});
    let plain =
        blocking::run(engine.machine(&nested()).input(&input)).unwrap_or_else(|e| panic!("{e}"));
    let debugged = blocking::run(
        engine
            .machine(&nested())
            .input(&input)
            .debugger(Arc::new(Never)),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plain.history, debugged.history);
    assert_eq!(plain.output, debugged.output);
}

#[test]
fn an_error_shows_what_handles_it() {
    let failing = |catch: Value, retry: Value, outer_catch: Value| {
        machine(json!({"StartAt": "P", "States": {
            "P": {"Type": "Parallel", "Catch": outer_catch, "End": true, "Branches": [
                {"StartAt": "F", "States": {"F": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "f"}, "Catch": catch, "Retry": retry, "End": true}}}
            ]},
            "Handled": {"Type": "Pass", "End": true}
        }}))
    };
    let handled_as = |machine: StateMachine| {
        let recorder = Arc::new(Recorder {
            answer: Box::new(|_| TaskAnswer::failure("Payment.Declined", "no")),
            ..Recorder::new()
        });
        let engine = Engine::new().validation_errors_as_warnings(true);
        let _ = blocking::run(engine.machine(&machine).debugger(recorder.clone()));
        recorder
            .seen()
            .into_iter()
            .find_map(|s| match s.stop {
                Stop::Failed { handled, error, .. } => Some((handled, error)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no error raised"))
    };
    let next = json!([{"ErrorEquals": ["Payment.Declined"], "Next": "Handled"}]);
    let in_branch = json!([{"ErrorEquals": ["States.ALL"], "Next": "Done"}]);
    let none = json!([]);
    let caught = machine(json!({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "F", "States": {
                "F": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "f"}, "Catch": in_branch, "End": true},
                "Done": {"Type": "Pass", "End": true}}}]}
    }}));
    assert_eq!(
        handled_as(caught),
        (Handled::Caught, "Payment.Declined".to_owned())
    );
    let retried = json!([{"ErrorEquals": ["Payment.Declined"], "MaxAttempts": 1}]);
    assert_eq!(
        handled_as(failing(none.clone(), retried, none.clone())).0,
        Handled::Retried
    );
    assert_eq!(
        handled_as(failing(none.clone(), none.clone(), next)).0,
        Handled::ByEnclosing("P".into())
    );
    assert_eq!(
        handled_as(failing(none.clone(), none.clone(), none)).0,
        Handled::Uncaught
    );
}

#[test]
fn a_paused_strand_sets_its_own_variables_as_asl_allows() {
    let definition = machine(
        json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
            "A": {"Type": "Pass", "Assign": {"outer": 1}, "Next": "P"},
            "P": {"Type": "Parallel", "End": true, "Output": "{% $states.result %}", "Branches": [
                {"StartAt": "B", "States": {
                    "B": {"Type": "Pass", "Assign": {"mine": 2}, "Next": "C"},
                    "C": {"Type": "Pass", "Output": {"mine": "{% $mine %}", "outer": "{% $outer %}"}, "End": true}}}]}
        }}),
    );
    let refusals = Arc::new(Mutex::new(Vec::new()));
    let noted = Arc::clone(&refusals);
    let recorder = Arc::new(Recorder {
        act: Box::new(move |paused| {
            if paused.scope().state == "C" && *paused.stop() == Stop::Entered {
                let mut refused = noted.lock().unwrap_or_else(|p| p.into_inner());
                for (name, value) in [("states", json!(1)), ("outer", json!(9)), ("2x", json!(1))] {
                    refused.push(paused.set_variable(name, value).is_err());
                }
                let huge = json!("x".repeat(300 * 1024));
                refused.push(paused.set_variable("mine", huge).is_err());
                assert!(paused.set_variable("mine", json!(42)).is_ok());
                assert_eq!(paused.scope().variables[0]["mine"], json!(42));
                // What the state will read, evaluated in its scope.
                assert_eq!(paused.scope().evaluate("$mine + $outer"), Ok(json!(43)));
            }
        }),
        ..Recorder::new()
    });
    let run = blocking::run(
        Engine::new()
            .machine(&definition)
            .debugger(recorder.clone()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        *refusals.lock().unwrap_or_else(|p| p.into_inner()),
        [true, true, true, true]
    );
    assert_eq!(run.output, Some(json!([{"mine": 42, "outer": 1}])));
}

#[test]
fn a_scope_evaluates_as_the_engine_does() {
    let recorder = Arc::new(Recorder::new());
    let definition = machine(json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"total": 5}, "Next": "B"},
        "B": {"Type": "Pass", "End": true}}}));
    let _ = blocking::run(
        Engine::new()
            .machine(&definition)
            .input(json!({"id": "o-1", "n": 2}))
            .debugger(recorder.clone()),
    );
    let seen = recorder.seen();
    let b = seen
        .iter()
        .find(|s| s.state == "B" && s.stop == Stop::Entered)
        .unwrap_or_else(|| panic!("B"));
    assert_eq!(b.variables[0]["total"], json!(5));
    let scope = workflow_runtime::engine::debug::Scope {
        state: "B".into(),
        state_type: workflow_runtime::asl::StateKind::Pass,
        jsonata: false,
        input: b.input.clone(),
        context: workflow_runtime::engine::debug::Context::new(
            json!({"Execution": {"Id": "arn:x"}}),
        ),
        variables: b.variables.clone(),
        parameters: None,
        result: None,
        error: None,
        output: None,
        now_millis: b.now_millis,
        map_item: None,
    };
    assert_eq!(scope.evaluate("$.id"), Ok(json!("o-1")));
    assert_eq!(scope.evaluate("$$.Execution.Id"), Ok(json!("arn:x")));
    assert_eq!(scope.evaluate("$total"), Ok(json!(5)));
    assert_eq!(
        scope.evaluate("States.Format('{} of {}', $.n, $.id)"),
        Ok(json!("2 of o-1"))
    );
    assert_eq!(
        scope.evaluate("{% $states.input.n * $total %}"),
        Ok(json!(10))
    );
    let missing = scope.evaluate("$.nope").unwrap_err();
    assert_eq!(missing.error, "States.Runtime");
    let nothing = scope.evaluate("{% $nope %}").unwrap_err();
    assert_eq!(nothing.error, "States.QueryEvaluationError");
    assert!(
        nothing.cause.contains("returned nothing"),
        "{}",
        nothing.cause
    );
    assert!(scope.evaluate("$..[").is_err());
    assert_eq!(scope.holds("$[?(@.n > 1)]", &[]), Ok(true));
    assert_eq!(scope.holds("{% $states.input.n > 5 %}", &[]), Ok(false));
}

#[test]
fn a_task_nothing_answers_is_the_debugger_s_and_its_time_passes() {
    let definition = machine(json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "TimeoutSeconds": 100,
              "HeartbeatSeconds": 10, "ResultPath": "$.r", "Next": "After"},
        "After": {"Type": "Pass", "End": true}}}));
    let recorder = Arc::new(Recorder {
        answer: Box::new(|task| TaskAnswer {
            outcome: Ok(json!({"Payload": task.parameters["Payload"].clone(), "StatusCode": 200})),
            took: Duration::from_secs(42),
        }),
        ..Recorder::new()
    });
    let run = blocking::run(
        Engine::new()
            .machine(&definition)
            .input(json!({"n": 1}))
            .debugger(recorder.clone()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    let tasks = recorder
        .tasks
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    assert_eq!(tasks.len(), 1);
    assert_eq!(
        (tasks[0].timeout_seconds, tasks[0].heartbeat_seconds),
        (Some(100), Some(10))
    );
    assert_eq!(tasks[0].state, "T");
    // 42 s passed (the debugger keeps the heartbeats: no `States.Timeout` here).
    let seen = recorder.seen();
    let after = seen
        .iter()
        .find(|s| s.state == "After")
        .unwrap_or_else(|| panic!("After"));
    assert_eq!(after.now_millis - seen[0].now_millis, 42_000);
    assert_eq!(after.input["r"]["Payload"], json!({"n": 1}));
    // A failure it answers is the Task's.
    let failing = Arc::new(Recorder {
        answer: Box::new(|_| TaskAnswer {
            outcome: Err(TaskFailure::new("States.HeartbeatTimeout", "")),
            took: Duration::from_secs(10),
        }),
        ..Recorder::new()
    });
    let failed = blocking::run(Engine::new().machine(&definition).debugger(failing))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(failed.status, ExecutionStatus::Failed);
    assert_eq!(
        failed.error.as_ref().map(|e| e.as_str()),
        Some("States.Timeout")
    );
}

#[test]
fn a_replay_stops_once_where_it_diverges() {
    let original = machine(json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Result": 1, "Next": "B"},
        "B": {"Type": "Pass", "End": true}}}));
    let engine = Engine::new();
    let recorded = blocking::run(engine.machine(&original)).unwrap_or_else(|e| panic!("{e}"));
    let changed = machine(json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Result": 2, "Next": "B"},
        "B": {"Type": "Pass", "Result": 3, "End": true}}}));
    let recorder = Arc::new(Recorder::new());
    let replayed = blocking::run(
        engine
            .machine(&changed)
            .replay(RecordedHistory::new(recorded.history))
            .debugger(recorder.clone()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!replayed.is_identical());
    let divergences: Vec<_> = recorder
        .seen()
        .into_iter()
        .filter_map(|s| match s.stop {
            Stop::Diverged(d) => Some((s.state, d.difference())),
            _ => None,
        })
        .collect();
    assert_eq!(divergences.len(), 1, "{divergences:?}");
    assert_eq!(divergences[0].1.state.as_deref(), Some("A"));
    assert_eq!(Some(&divergences[0].1), replayed.divergence());
}

#[test]
fn a_distributed_map_s_child_executions_are_strands_of_their_own() {
    let definition = machine(json!({"StartAt": "D", "States": {
        "D": {"Type": "Map", "ItemsPath": "$.items", "Label": "Children", "End": true,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                "StartAt": "C", "States": {"C": {"Type": "Pass", "End": true}}}}
    }}));
    let recorder = Arc::new(Recorder::new());
    let run = blocking::run(
        Engine::new()
            .machine(&definition)
            .input(json!({"items": ["x", "y"]}))
            .debugger(recorder.clone()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    let seen = recorder.seen();
    let d = seen
        .iter()
        .find(|s| s.state == "D")
        .unwrap_or_else(|| panic!("D"));
    let children: Vec<_> = seen
        .iter()
        .filter(|s| s.state == "C" && s.stop == Stop::Entered)
        .collect();
    assert_eq!(children.len(), 2);
    for child in &children {
        match child.trail.level() {
            Level::ChildExecution { state, arn, .. } => {
                assert_eq!(&**state, "D");
                assert!(arn.contains(":execution:"), "{arn}");
            }
            other => panic!("a child's strand is {other:?}"),
        }
        assert!(child.trail.is_within(&d.trail));
        // A child execution sees none of its parent's variables: one frame of its own.
        assert_eq!(child.variables.len(), 1);
    }
}

/// The stops of `seen` on the strand of `stop`, in the order the run reached them, as
/// `(state, stop)`.
fn strand_stops(seen: &[Seen], trail: &Trail) -> Vec<(String, Stop)> {
    seen.iter()
        .filter(|s| s.trail.id() == trail.id())
        .map(|s| (s.state.clone(), s.stop.clone()))
        .collect()
}

/// A file of `tests/debug/recorded/`: executions recorded on AWS.
fn recorded(file: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/debug/recorded")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Replays the record `name` of `tests/debug/recorded/` (`NAME.asl.json`,
/// `NAME.history.json`) under `recorder`; the replayed execution's status.
fn replay_recorded(name: &str, recorder: Arc<Recorder>) -> ExecutionStatus {
    let definition = StateMachine::from_json(&recorded(&format!("{name}.asl.json")))
        .unwrap_or_else(|e| panic!("{e}"));
    let history = RecordedHistory::from_json_text(&recorded(&format!("{name}.history.json")))
        .unwrap_or_else(|e| panic!("{e}"));
    let replayed = blocking::run(
        Engine::new()
            .machine(&definition)
            .replay(history)
            .debugger(recorder),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    replayed.execution.status
}

#[test]
fn an_error_stops_on_its_strand_after_its_state_s_entry() {
    // AWS's record of a Map whose iteration's Fail state raises an error the Map catches
    // (LocalStack's `test_map_state_catch`), replayed under the debugger: the error is a stop
    // of the iteration's own, after the Fail state's entry, before the Map's catcher runs.
    let recorder = Arc::new(Recorder::new());
    let status = replay_recorded("map_catch", recorder.clone());
    assert_eq!(status, ExecutionStatus::Succeeded);
    let seen = recorder.seen();
    let failed = seen
        .iter()
        .find(|s| matches!(s.stop, Stop::Failed { .. }))
        .unwrap_or_else(|| panic!("no error stop in {seen:?}"));
    assert!(matches!(
        failed.trail.level(),
        Level::Iteration { index: 0, .. }
    ));
    assert_eq!(
        failed.stop,
        Stop::Failed {
            error: "HandleItemFailError".into(),
            cause: "HandleItemFailCause".into(),
            handled: Handled::ByEnclosing("MapState".into()),
        }
    );
    assert_eq!(
        strand_stops(&seen, &failed.trail),
        [
            ("HandleItemFail".to_owned(), Stop::Entered),
            ("HandleItemFail".to_owned(), failed.stop.clone()),
        ]
    );
    // The iteration's stops show its item, and the execution's context object.
    assert_eq!(failed.map_item, Some(json!({"Index": 0, "Value": 1})));
    assert_eq!(failed.input, json!(1));
    assert_eq!(failed.context["Execution"]["Input"], json!({}));
    assert_eq!(failed.context["State"]["Name"], json!("HandleItemFail"));
    // The Map's own stops come before and after the iteration's.
    let order: Vec<_> = seen
        .iter()
        .filter(|s| matches!(s.stop, Stop::Entered | Stop::Failed { .. }))
        .map(|s| s.state.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "StartState",
            "MapState",
            "HandleItemFail",
            "HandleItemFail",
            "FinalCaught"
        ]
    );
}

#[test]
fn a_failed_task_recorded_on_aws_stops_after_its_entry() {
    // AWS's record of a DynamoDB Task whose table does not exist (LocalStack's
    // `test_put_item_no_such_table`): its failure, replayed from the record, is a stop after
    // the Task's entry, with the Task's request and error in its scope.
    let errors = Arc::new(Mutex::new(Vec::new()));
    let noted = Arc::clone(&errors);
    let recorder = Arc::new(Recorder {
        act: Box::new(move |paused| {
            if matches!(paused.stop(), Stop::Failed { .. }) {
                let scope = paused.scope();
                noted.lock().unwrap_or_else(|p| p.into_inner()).push((
                    scope.parameters.clone(),
                    scope.error.clone(),
                    scope.evaluate("$.TableName"),
                ));
            }
        }),
        ..Recorder::new()
    });
    let status = replay_recorded("dynamodb_no_such_table", recorder.clone());
    assert_eq!(status, ExecutionStatus::Failed);
    let stops: Vec<_> = recorder
        .seen()
        .into_iter()
        .filter(|s| !matches!(s.stop, Stop::Diverged(_)))
        .map(|s| (s.state, s.stop))
        .collect();
    assert_eq!(stops.len(), 2, "{stops:?}");
    assert_eq!(stops[0], ("PutItem".to_owned(), Stop::Entered));
    assert!(
        matches!(&stops[1].1, Stop::Failed { error, handled: Handled::Uncaught, .. } if error == "DynamoDB.ResourceNotFoundException"),
        "{stops:?}"
    );
    let errors = errors.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let (parameters, error, table) = &errors[0];
    assert_eq!(
        parameters.as_ref().map(|p| p["TableName"].clone()),
        Some(json!("no_such_sfn_test_table_fed37d5b"))
    );
    assert_eq!(
        error.as_ref().map(|(e, _)| e.as_str()),
        Some("DynamoDB.ResourceNotFoundException")
    );
    assert_eq!(table, &Ok(json!("no_such_sfn_test_table_fed37d5b")));
}

#[test]
fn a_waiting_task_shows_its_state_s_input_variables_and_context() {
    let definition = machine(json!({"StartAt": "Note", "States": {
        "Note": {"Type": "Pass", "Assign": {"customer.$": "$.customer"}, "Next": "Approve"},
        "Approve": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "amount.$": "$.amount"}},
                    "End": true}}}));
    let scopes = Arc::new(Mutex::new(Vec::new()));
    let noted = Arc::clone(&scopes);
    let recorder = Arc::new(Recorder {
        answer: Box::new(move |task| {
            noted
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(task.clone());
            TaskAnswer::success(json!({"approved": true}))
        }),
        ..Recorder::new()
    });
    let input = json!({"customer": "ada", "amount": 45});
    let run = blocking::run(
        Engine::new()
            .machine(&definition)
            .input(&input)
            .debugger(recorder.clone()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    let tasks = scopes.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let task = &tasks[0];
    let scope = &task.scope;
    // The state's input, not its request; the request is the Task's parameters.
    assert_eq!(scope.input, input);
    assert_eq!(scope.parameters.as_ref(), Some(&task.parameters));
    assert_eq!(scope.variables[0]["customer"], json!("ada"));
    // The context object: the execution's, the state's, the token the request carries.
    let token = task.token.clone().unwrap_or_else(|| panic!("no token"));
    assert_eq!(
        scope.context.get("Task"),
        Some(&json!({"Token": token.clone()}))
    );
    assert_eq!(task.parameters["MessageBody"]["token"], json!(token));
    assert_eq!(
        scope.context.get("Execution").map(|e| e["Input"].clone()),
        Some(input)
    );
    // Expressions read that scope, as the state's own do.
    assert_eq!(scope.evaluate("$.amount"), Ok(json!(45)));
    assert_eq!(scope.evaluate("$$.Task.Token"), Ok(json!(token)));
    assert_eq!(scope.evaluate("$customer"), Ok(json!("ada")));
    assert_eq!(
        scope.evaluate("{% $states.context.State.Name %}"),
        Ok(json!("Approve"))
    );
}

#[test]
fn a_distributed_map_s_children_replay_their_recorded_histories() {
    let definition = machine(json!({"StartAt": "D", "States": {
        "D": {"Type": "Map", "ItemsPath": "$.items", "Label": "Children", "End": true,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                "StartAt": "C", "States": {"C": {"Type": "Pass", "End": true}}}}
    }}));
    let engine = Engine::new();
    let run = blocking::run(
        engine
            .machine(&definition)
            .input(json!({"items": ["x", "y"]})),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let record = RecordedHistory::of_run(&run);
    let recorded_children: Vec<String> = run.map_runs[0]
        .executions
        .iter()
        .map(|c| c.arn.to_string())
        .collect();
    assert_eq!(recorded_children.len(), 2);
    let recorder = Arc::new(Recorder::new());
    let replayed = blocking::run(
        engine
            .machine(&definition)
            .replay(record)
            .debugger(recorder.clone()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(replayed.is_identical(), "{:?}", replayed.divergence());
    // Each child's stops are on a strand of its own, named by the recorded child's ARN, its
    // input the recorded child's.
    let mut children: Vec<(String, Value)> = recorder
        .seen()
        .into_iter()
        .filter(|s| s.state == "C" && s.stop == Stop::Entered)
        .map(|s| match s.trail.level() {
            Level::ChildExecution { arn, .. } => (arn.clone(), s.input),
            other => panic!("a child's strand is {other:?}"),
        })
        .collect();
    children.sort_by(|a, b| a.0.cmp(&b.0));
    let mut expected: Vec<(String, Value)> = run.map_runs[0]
        .executions
        .iter()
        .map(|c| (c.arn.to_string(), c.input.to_value()))
        .collect();
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(children, expected);
}
