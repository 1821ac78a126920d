//! Replaying an execution with Distributed Maps from its record (issue 72, item 1; issue 88,
//! item 3): each STANDARD child replays on its own history and a change inside it is named
//! with the child execution and the state, an EXPRESS child (which keeps no history) runs
//! again or, when nothing answers its Tasks, stands as recorded, and the `ResultWriter`'s files
//! are compared with the record's. Where the replay can read a Map Run's items (the Map's
//! input, an `ItemReader`'s source in its object store), the definition's own reader,
//! selector, batcher, tolerances and `MaxConcurrency` make the children, compared with the
//! recorded ones; where it cannot, the children run on their recorded inputs and the replay
//! says so, or compares the Map's configuration with the definition the record says the
//! execution ran. A child started by a `states:startExecution` Task, at any depth, replays on
//! what the Task sends it now. A record is whole when it holds its Map Runs
//! (`RecordedHistory::of_run`, a record's directory, `ExecutionRef::record`); one that does
//! not is refused.

use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use workflow_runtime::asl::StateMachine;
use workflow_runtime::engine::{DifferenceKind, Engine, EngineError, ObjectStore, blocking};
use workflow_runtime::execution::{ExecutionStatus, MissingPiece, RecordedHistory};

fn machine(text: &str) -> StateMachine {
    StateMachine::from_json(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The readers the Map is tried with: a CSV object, a JSON object, a listing of objects.
fn reader(kind: &str) -> Value {
    match kind {
        "CSV" => json!({"Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
            "Parameters": {"Bucket": "data", "Key": "orders.csv"}}),
        "JSON" => json!({"Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "JSON"},
            "Parameters": {"Bucket": "data", "Key": "orders.json"}}),
        _ => json!({"Resource": "arn:aws:states:::s3:listObjectsV2",
            "Parameters": {"Bucket": "data", "Prefix": "orders/"}}),
    }
}

/// A nightly job: a Distributed Map over `kind`'s items, each child pricing its order (a
/// Lambda function) and sorting it by `threshold`, the results written to `out/runs`.
fn nightly(kind: &str, threshold: u32, execution_type: &str, selector: &str) -> StateMachine {
    machine(&nightly_json(kind, threshold, execution_type, selector).to_string())
}

/// [`nightly`]'s definition, as JSON.
fn nightly_json(kind: &str, threshold: u32, execution_type: &str, selector: &str) -> Value {
    json!({"StartAt": "Orders", "States": {"Orders": {
        "Type": "Map", "Label": "Orders", "MaxConcurrency": 2,
        "ItemReader": reader(kind),
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
            "Parameters": {"Bucket": "out", "Prefix": "runs"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": execution_type},
          "StartAt": "Price", "States": {
            "Price": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "price", "Payload.$": "$"},
              "ResultSelector": serde_json::from_str::<Value>(selector).expect("a selector"),
              "Next": "Big?"},
            "Big?": {"Type": "Choice", "Choices": [{"Variable": "$.total", "NumericGreaterThan": threshold, "Next": "Review"}],
              "Default": "Fine"},
            "Review": {"Type": "Pass", "Result": "review", "End": true},
            "Fine": {"Type": "Pass", "Result": "fine", "End": true}}},
        "End": true}}})
}

const SELECTOR: &str = r#"{"total.$": "$.Payload.total"}"#;

/// The store the nightly job reads: three orders (quantities 5, 20, 8) as a CSV object, a
/// JSON object and three objects under `orders/`.
fn store() -> ObjectStore {
    let store = ObjectStore::new();
    store
        .put("data", "orders.csv", "id,qty\n1,5\n2,20\n3,8\n")
        .expect("put");
    store
        .put(
            "data",
            "orders.json",
            json!([{"id": "1", "qty": "5"}, {"id": "2", "qty": "20"}, {"id": "3", "qty": "8"}])
                .to_string(),
        )
        .expect("put");
    for (key, size) in [("orders/5", "x"), ("orders/20", "xx"), ("orders/8", "xxx")] {
        store.put("data", key, size).expect("put");
    }
    store
}

/// An engine pricing each order at 10 a unit (an object's quantity is the end of its key),
/// counting its calls, on `store`.
fn pricing(store: &ObjectStore) -> (Engine, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let engine = Engine::new()
        .object_store(store.clone())
        .lambda("price", move |order: Value| {
            counted.fetch_add(1, Ordering::SeqCst);
            let qty = order["qty"]
                .as_str()
                .or_else(|| order["Key"].as_str().and_then(|k| k.rsplit('/').next()))
                .and_then(|q| q.parse::<u64>().ok())
                .unwrap_or(0);
            async move {
                Ok::<_, workflow_runtime::engine::TaskFailure>(json!({"total": qty * 10}))
            }
        });
    (engine, calls)
}

/// The store a replay is given: only the files the recorded run's writer wrote (not the
/// items), so that reading the items again would fail the run.
fn written_only(store: &ObjectStore) -> ObjectStore {
    let replay = ObjectStore::new();
    for key in store.keys("out", "") {
        let text = store.get("out", &key).expect("the object");
        replay.put("out", &key, text).expect("put");
    }
    replay
}

/// The nightly job over `kind`, recorded: the run and its record.
fn recorded(
    kind: &str,
    execution_type: &str,
) -> (
    workflow_runtime::engine::Execution,
    RecordedHistory,
    ObjectStore,
) {
    let store = store();
    let (engine, calls) = pricing(&store);
    let run = blocking::run(engine.machine(&nightly(kind, 100, execution_type, SELECTOR)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{run}");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let record = RecordedHistory::of_run(&run);
    (run, record, store)
}

#[test]
fn an_unchanged_distributed_map_replays_identically_without_reading_its_items_again() {
    for kind in ["CSV", "JSON", "listObjectsV2"] {
        let (_, record, store) = recorded(kind, "STANDARD");
        // No handler: the children's Tasks are answered by their histories; no items: the
        // children's inputs are the record's.
        let replay = Engine::new().object_store(written_only(&store));
        let replayed = blocking::run(
            replay
                .machine(&nightly(kind, 100, "STANDARD", SELECTOR))
                .replay(record.clone()),
        )
        .unwrap_or_else(|e| panic!("{kind}: {e}"));
        replayed.assert_identical();
        assert!(replayed.taken_from_record.is_empty());
        // It wrote nothing where the recorded run did.
        assert_eq!(
            written_only(&store).keys("out", "").len(),
            store.keys("out", "").len()
        );
    }
}

#[test]
fn a_child_that_takes_another_path_is_named_with_its_execution_and_state() {
    let (run, record, store) = recorded("CSV", "STANDARD");
    let replayed = blocking::run(
        Engine::new()
            .object_store(written_only(&store))
            .machine(&nightly("CSV", 60, "STANDARD", SELECTOR))
            .replay(record),
    )
    .unwrap();
    let paths: Vec<_> = replayed
        .differences
        .iter()
        .filter(|d| d.kind == DifferenceKind::Path)
        .collect();
    assert!(!paths.is_empty(), "{:#?}", replayed.differences);
    // The order of quantity 8 (total 80) now goes to Review, in its own child only.
    let child = run.map_runs[0]
        .executions
        .iter()
        .find(|c| c.input.as_str().contains("\"qty\":\"8\""))
        .expect("the child of order 3");
    for d in &paths {
        assert_eq!(d.execution.as_ref(), Some(&child.arn), "{d}");
    }
    let first = replayed.path_divergence().expect("a path divergence");
    assert_eq!(first.state.as_deref(), Some("Review"), "{first}");
    assert_eq!(first.after_state.as_deref(), Some("Big?"), "{first}");
    assert!(
        first
            .to_string()
            .contains(&format!("child execution {}", child.arn)),
        "{first}"
    );
    // The writer's file records that child's other output.
    assert!(
        replayed.differences.iter().any(|d| d
            .file
            .as_deref()
            .is_some_and(|f| f.starts_with("s3://out/runs/"))),
        "{:#?}",
        replayed.differences
    );
}

#[test]
fn a_childs_changed_data_is_a_data_difference_in_that_child() {
    let (run, record, store) = recorded("JSON", "STANDARD");
    let replayed = blocking::run(
        Engine::new()
            .object_store(written_only(&store))
            .machine(&nightly(
                "JSON",
                100,
                "STANDARD",
                r#"{"total.$": "$.Payload.total", "currency": "EUR"}"#,
            ))
            .replay(record),
    )
    .unwrap();
    assert!(
        replayed.takes_recorded_path(),
        "{:#?}",
        replayed.differences
    );
    let children: std::collections::BTreeSet<String> = replayed
        .differences
        .iter()
        .filter(|d| d.file.is_none())
        .map(|d| d.execution.as_ref().expect("in a child").to_string())
        .collect();
    let recorded: std::collections::BTreeSet<String> = run.map_runs[0]
        .executions
        .iter()
        .map(|c| c.arn.to_string())
        .collect();
    assert_eq!(children, recorded);
    let d = replayed.divergence().expect("a difference");
    assert_eq!(d.kind, DifferenceKind::Data);
    assert_eq!(d.state.as_deref(), Some("Price"), "{d}");
    assert!(
        d.changes.iter().any(|c| c.pointer.ends_with("/currency")),
        "{d}"
    );
}

#[test]
fn a_changed_writer_output_is_named_at_its_file() {
    let (_, record, store) = recorded("listObjectsV2", "STANDARD");
    let mut text = nightly_json("listObjectsV2", 100, "STANDARD", SELECTOR);
    text["States"]["Orders"]["ResultWriter"]["WriterConfig"] =
        json!({"Transformation": "COMPACT", "OutputType": "JSON"});
    let replayed = blocking::run(
        Engine::new()
            .object_store(written_only(&store))
            .machine(&machine(&text.to_string()))
            .replay(record),
    )
    .unwrap();
    assert!(!replayed.is_identical());
    for d in &replayed.differences {
        assert_eq!(d.state.as_deref(), Some("Orders"), "{d}");
        let file = d.file.as_deref().expect("a file");
        assert!(file.starts_with("s3://out/runs/"), "{file}");
        assert!(d.execution.is_none());
    }
    // Each child's entry in the file: the executions' records are gone, the outputs there.
    assert!(
        replayed.differences.len() >= 3,
        "{:#?}",
        replayed.differences
    );
}

#[test]
fn express_children_run_again_on_their_recorded_input_or_stand_as_recorded() {
    let (_, record, store) = recorded("CSV", "EXPRESS");
    // Nothing answers their Tasks, and they keep no history: their recorded ends stand.
    let replayed = blocking::run(
        Engine::new()
            .object_store(written_only(&store))
            .machine(&nightly("CSV", 100, "EXPRESS", SELECTOR))
            .replay(record.clone()),
    )
    .unwrap();
    replayed.assert_identical();
    assert_eq!(replayed.taken_from_record.len(), 3);
    // With the function: they run again, and a child whose end changes is named.
    let (engine, calls) = pricing(&written_only(&store));
    let replayed = blocking::run(
        engine
            .machine(&nightly("CSV", 100, "EXPRESS", SELECTOR))
            .replay(record.clone()),
    )
    .unwrap();
    replayed.assert_identical();
    assert!(replayed.taken_from_record.is_empty());
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let (engine, _) = pricing(&written_only(&store));
    let replayed = blocking::run(
        engine
            .machine(&nightly("CSV", 60, "EXPRESS", SELECTOR))
            .replay(record),
    )
    .unwrap();
    let child = replayed
        .differences
        .iter()
        .find(|d| d.file.is_none())
        .expect("the child whose output changed");
    assert_eq!(child.kind, DifferenceKind::Data, "{child}");
    assert!(child.execution.is_some());
    assert!(child.to_string().contains("\"review\""), "{child}");
}

#[test]
fn a_record_without_its_map_runs_is_refused_rather_than_read_again() {
    let (run, _, store) = recorded("CSV", "STANDARD");
    let refused = blocking::run(
        Engine::new()
            .object_store(store)
            .machine(&nightly("CSV", 100, "STANDARD", SELECTOR))
            .replay(RecordedHistory::new(run.history.clone())),
    )
    .expect_err("the record holds no child");
    let EngineError::RecordIncomplete(missing) = &refused else {
        panic!("{refused}")
    };
    assert_eq!(
        missing,
        &[MissingPiece::MapRun {
            map_run: run.map_runs[0].arn.clone()
        }]
    );
    let why = refused.to_string();
    assert!(why.contains("--format record"), "{why}");
    assert!(why.contains("--execution-arn"), "{why}");
}

/// A record whose Map Run lists a child whose history it lacks is refused, naming the child,
/// before anything runs: the other children would be paired with the wrong items.
#[test]
fn a_record_that_lacks_a_childs_history_names_it() {
    let (_, record, store) = recorded("CSV", "STANDARD");
    let dir = tempfile::tempdir().expect("a directory");
    record.write_dir(dir.path()).expect("written");
    let children = std::fs::read_dir(dir.path().join("map-runs"))
        .expect("the Map Runs")
        .filter_map(Result::ok)
        .map(|run| run.path().join("children"))
        .next()
        .expect("a Map Run");
    let gone = std::fs::read_dir(&children)
        .expect("the children")
        .filter_map(Result::ok)
        .map(|c| c.path())
        .min()
        .expect("a child");
    std::fs::remove_file(&gone).expect("removed");
    let read = RecordedHistory::read(dir.path()).expect("read");
    let refused = blocking::run(
        Engine::new()
            .object_store(written_only(&store))
            .machine(&nightly("CSV", 100, "STANDARD", SELECTOR))
            .replay(read),
    )
    .expect_err("a child's history is missing");
    let EngineError::RecordIncomplete(missing) = &refused else {
        panic!("{refused}")
    };
    let name = gone
        .file_stem()
        .and_then(|n| n.to_str())
        .expect("a child's name");
    assert!(
        matches!(&missing[..], [MissingPiece::ChildHistory { child, .. }] if child.execution_name() == Some(name)),
        "{refused}"
    );
}

#[test]
fn a_records_directory_holds_the_children_and_replays_as_the_record() {
    let (_, record, store) = recorded("CSV", "STANDARD");
    let dir = tempfile::tempdir().expect("a directory");
    record.write_dir(dir.path()).expect("written");
    let read = RecordedHistory::read(dir.path()).expect("read");
    assert_eq!(read, record);
    let replayed = blocking::run(
        Engine::new()
            .object_store(written_only(&store))
            .machine(&nightly("CSV", 100, "STANDARD", SELECTOR))
            .replay(read),
    )
    .unwrap();
    replayed.assert_identical();
    // Many records at once: each directory is one execution's.
    let many = tempfile::tempdir().expect("a directory");
    record
        .write_dir(many.path().join("first"))
        .expect("written");
    record
        .write_dir(many.path().join("second"))
        .expect("written");
    let executions =
        workflow_runtime::engine::RecordedExecution::read_dir(many.path()).expect("listed");
    assert_eq!(executions.len(), 2);
    let engine = Engine::new().object_store(written_only(&store));
    let compiled = engine
        .compile(&nightly("CSV", 60, "STANDARD", SELECTOR))
        .expect("compiled");
    let replays = blocking::Runtime::new()
        .expect("a runtime")
        .replay_each(&engine, &compiled, executions);
    assert_eq!(
        replays.count(workflow_runtime::engine::Verdict::Diverged),
        2
    );
    assert!(
        replays.executions[0]
            .to_string()
            .contains("child execution"),
        "{}",
        replays.executions[0]
    );
}

// Issue 88: a replay applies the definition's own item processing (its ItemReader, ItemSelector
// and ItemBatcher, its tolerated failures and MaxConcurrency, its ResultWriter) to the items
// wherever it can have them, and compares what they make with the recorded children; a
// change in a child at any depth (a Distributed Map's, a `states:startExecution` one's) is
// named under that child, and another path anywhere is another path of the replay.

use workflow_runtime::engine::{Difference, Replayed};

#[path = "support/started_scaler.rs"]
mod started_scaler;
use started_scaler::{
    Started, recorded_starter, scaler, scaling, start_scaler, starter, with_started,
};

/// Five orders: (id, units).
const ORDERS: [(u32, u32); 5] = [(1, 5), (2, 20), (3, 8), (4, 1), (5, 12)];

/// The orders as a JSON object and a CSV object in the bucket `data`.
fn order_store() -> ObjectStore {
    let store = ObjectStore::new();
    let items: Vec<Value> = ORDERS
        .iter()
        .map(|(id, qty)| json!({"id": id, "qty": qty}))
        .collect();
    store
        .put("data", "orders.json", Value::Array(items).to_string())
        .expect("put");
    let rows: String = ORDERS
        .iter()
        .map(|(id, qty)| format!("{id},{qty}\n"))
        .collect();
    store
        .put("data", "orders.csv", format!("id,qty\n{rows}"))
        .expect("put");
    store
}

/// A Distributed Map over the orders (the JSON object, one child at a time, five failures
/// tolerated), each child checking its order: more than 15 units fails with `TooBig` (a batch
/// passes). `change` is merged into the Map state (`null` removes a field).
fn orders(change: &Value) -> StateMachine {
    machine(&orders_text(change))
}

/// [`orders`]' definition, as text.
fn orders_text(change: &Value) -> String {
    let mut map = json!({
        "Type": "Map", "Label": "Orders", "MaxConcurrency": 1, "ToleratedFailureCount": 5,
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "JSON"},
            "Parameters": {"Bucket": "data", "Key": "orders.json"}},
        "ItemSelector": {"qty.$": "$$.Map.Item.Value.qty"},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
          "StartAt": "Check", "States": {
            "Check": {"Type": "Choice", "Choices": [{"And": [
                {"Variable": "$.qty", "IsPresent": true},
                {"Variable": "$.qty", "NumericGreaterThan": 15}], "Next": "TooBig"}],
              "Default": "Fine"},
            "TooBig": {"Type": "Fail", "Error": "TooBig"},
            "Fine": {"Type": "Pass", "End": true}}},
        "End": true});
    if let (Some(map), Some(change)) = (map.as_object_mut(), change.as_object()) {
        for (field, value) in change {
            match value {
                Value::Null => map.remove(field),
                other => map.insert(field.clone(), other.clone()),
            };
        }
    }
    json!({"StartAt": "Orders", "States": {"Orders": map}}).to_string()
}

/// A change batching the orders with `batcher`: each child (a batch) passes.
fn batched(batcher: Value) -> Value {
    json!({"ItemBatcher": batcher,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
          "StartAt": "Fine", "States": {"Fine": {"Type": "Pass", "End": true}}}})
}

/// The orders' Map run on `store` as `change` shapes it, on `{"tolerance": 10}`.
fn run_orders(change: &Value, store: &ObjectStore) -> workflow_runtime::engine::Execution {
    blocking::run(
        Engine::new()
            .object_store(store.clone())
            .machine(&orders(change))
            .input(json!({"tolerance": 10})),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The orders' Map recorded as `recorded` shapes it, and replayed as `now` does, with the
/// items there to read again: the recorded run and the replay.
fn replay_orders(recorded: &Value, now: &Value) -> (workflow_runtime::engine::Execution, Replayed) {
    let store = order_store();
    let run = run_orders(recorded, &store);
    let replayed = blocking::run(
        Engine::new()
            .object_store(store)
            .machine(&orders(now))
            .replay(RecordedHistory::of_run(&run)),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    (run, replayed)
}

/// The recorded run's children, in item order.
fn children(
    run: &workflow_runtime::engine::Execution,
) -> Vec<workflow_runtime::aws_models::StatesArn> {
    run.map_runs[0]
        .executions
        .iter()
        .map(|c| c.arn.clone())
        .collect()
}

/// The replay's differences in the child execution `arn`.
fn within<'r>(
    replayed: &'r Replayed,
    arn: &workflow_runtime::aws_models::StatesArn,
) -> Vec<&'r Difference> {
    replayed
        .differences
        .iter()
        .filter(|d| d.execution.as_ref() == Some(arn))
        .collect()
}

/// Whether the child's start differs in its data (its input) only.
fn start_differs(replayed: &Replayed, arn: &workflow_runtime::aws_models::StatesArn) -> bool {
    within(replayed, arn).iter().any(|d| {
        d.kind == DifferenceKind::Data
            && d.recorded_event
                .as_ref()
                .is_some_and(|(t, _)| t.as_str() == "ExecutionStarted")
    })
}

/// Whether the recorded child is named as not started now: another path.
fn not_started(replayed: &Replayed, arn: &workflow_runtime::aws_models::StatesArn) -> bool {
    within(replayed, arn)
        .iter()
        .any(|d| d.kind == DifferenceKind::Path && d.event.is_none())
}

/// The children the run starts that the record does not have: another path at the Map.
fn unrecorded_children(replayed: &Replayed) -> usize {
    replayed
        .differences
        .iter()
        .filter(|d| {
            d.kind == DifferenceKind::Path
                && d.execution.is_none()
                && d.state.as_deref() == Some("Orders")
                && d.event
                    .as_ref()
                    .is_some_and(|t| t.as_str() == "ExecutionStarted")
        })
        .count()
}

#[test]
fn a_changed_item_selector_changes_each_childs_input_at_its_start() {
    let selector =
        json!({"ItemSelector": {"qty.$": "$$.Map.Item.Value.qty", "id.$": "$$.Map.Item.Value.id"}});
    let (run, replayed) = replay_orders(&json!({}), &selector);
    assert!(
        replayed.takes_recorded_path(),
        "{:#?}",
        replayed.differences
    );
    for child in children(&run) {
        assert!(
            start_differs(&replayed, &child),
            "{child}: {:#?}",
            replayed.differences
        );
        let start = within(&replayed, &child)[0];
        assert!(
            start.changes.iter().any(|c| c.pointer == "/input/id"),
            "{start}"
        );
    }
    // Unchanged, it replays identically, reading its items again.
    let (_, same) = replay_orders(&json!({}), &json!({}));
    same.assert_identical();
}

#[test]
fn a_changed_max_items_per_batch_is_another_number_of_children() {
    let batches = |n: u32| batched(json!({"MaxItemsPerBatch": n}));
    // Three batches recorded (2, 2, 1 items), two now (3, 2): the third child is not started.
    let (run, replayed) = replay_orders(&batches(2), &batches(3));
    let recorded = children(&run);
    assert_eq!(recorded.len(), 3);
    assert!(
        replayed.path_divergence().is_some(),
        "{:#?}",
        replayed.differences
    );
    assert!(
        not_started(&replayed, &recorded[2]),
        "{:#?}",
        replayed.differences
    );
    assert!(start_differs(&replayed, &recorded[0]));
    // Five batches now: two children the record does not have.
    let (_, replayed) = replay_orders(&batches(2), &batches(1));
    assert_eq!(
        unrecorded_children(&replayed),
        2,
        "{:#?}",
        replayed.differences
    );
}

#[test]
fn a_changed_max_input_bytes_per_batch_is_another_number_of_children() {
    let bytes = |n: u32| batched(json!({"MaxInputBytesPerBatch": n}));
    let store = order_store();
    let (small, large) = (
        run_orders(&bytes(60), &store).map_runs[0].executions.len(),
        run_orders(&bytes(120), &store).map_runs[0].executions.len(),
    );
    assert!(small > large, "{small} batches of 60 bytes, {large} of 120");
    let (run, replayed) = replay_orders(&bytes(60), &bytes(120));
    let recorded = children(&run);
    let gone = recorded
        .iter()
        .filter(|c| not_started(&replayed, c))
        .count();
    assert_eq!(gone, small - large, "{:#?}", replayed.differences);
    assert!(!replayed.takes_recorded_path());
}

#[test]
fn a_changed_batch_input_is_a_data_difference_at_each_childs_start() {
    let batch_input =
        |run: &str| batched(json!({"MaxItemsPerBatch": 2, "BatchInput": {"run": run}}));
    let (run, replayed) = replay_orders(&batch_input("a"), &batch_input("b"));
    assert!(
        replayed.takes_recorded_path(),
        "{:#?}",
        replayed.differences
    );
    for child in children(&run) {
        let start = within(&replayed, &child);
        assert!(
            start.iter().any(|d| d
                .changes
                .iter()
                .any(|c| c.pointer == "/input/BatchInput/run")),
            "{child}: {:#?}",
            replayed.differences
        );
    }
}

#[test]
fn a_changed_reader_reads_other_items_for_other_children() {
    // `MaxItems` keeps the first three orders: the last two children are not started.
    let three = json!({"ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "JSON", "MaxItems": 3},
        "Parameters": {"Bucket": "data", "Key": "orders.json"}}});
    let (run, replayed) = replay_orders(&json!({}), &three);
    let recorded = children(&run);
    assert!(
        !not_started(&replayed, &recorded[2]),
        "{:#?}",
        replayed.differences
    );
    assert!(not_started(&replayed, &recorded[3]) && not_started(&replayed, &recorded[4]));
    // A CSV object read with its headers given: its header row is an item now, before the
    // orders, so every child's input moves by one and one child is new.
    let csv = |location: Value| {
        let mut config = json!({"InputType": "CSV"});
        if let (Some(config), Some(location)) = (config.as_object_mut(), location.as_object()) {
            config.extend(location.clone());
        }
        json!({"ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": config,
            "Parameters": {"Bucket": "data", "Key": "orders.csv"}}})
    };
    let (run, replayed) = replay_orders(
        &csv(json!({"CSVHeaderLocation": "FIRST_ROW"})),
        &csv(json!({"CSVHeaderLocation": "GIVEN", "CSVHeaders": ["id", "qty"]})),
    );
    assert!(
        start_differs(&replayed, &children(&run)[0]),
        "{:#?}",
        replayed.differences
    );
    assert_eq!(
        unrecorded_children(&replayed),
        1,
        "{:#?}",
        replayed.differences
    );
}

#[test]
fn a_result_writer_no_longer_writing_names_each_recorded_file() {
    let writing = json!({"ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
        "Parameters": {"Bucket": "out", "Prefix": "runs"}}, "ResultPath": null});
    let store = order_store();
    let run = run_orders(&writing, &store);
    // The record holds the files its writer wrote (a record's directory does).
    let arn = run.map_runs[0].arn.clone();
    let mut held = RecordedHistory::of_run(&run).map_runs()[&arn].clone();
    for key in store.keys("out", "runs/") {
        let name = key.rsplit('/').next().unwrap_or_default().to_owned();
        let text = String::from_utf8(store.get("out", &key).expect("a file")).expect("text");
        held = held.result_file(name, text);
    }
    assert!(held.result_files.contains_key("manifest.json"));
    let record = RecordedHistory::of_run(&run).map_run(arn, held.clone());
    // The same writer replays identically; none now (the Map's output was dropped, so nothing
    // else shows it): every recorded file is named.
    blocking::run(
        Engine::new()
            .object_store(store.clone())
            .machine(&orders(&writing))
            .replay(record.clone()),
    )
    .unwrap()
    .assert_identical();
    let replayed = blocking::run(
        Engine::new()
            .object_store(store)
            .machine(&orders(&json!({"ResultWriter": null, "ResultPath": null})))
            .replay(record),
    )
    .unwrap();
    for name in held.result_files.keys() {
        assert!(
            replayed
                .differences
                .iter()
                .any(|d| d.state.as_deref() == Some("Orders")
                    && d.file
                        .as_deref()
                        .is_some_and(|f| f.ends_with(&format!("/{name}")))),
            "{name}: {:#?}",
            replayed.differences
        );
    }
}

#[test]
fn changed_tolerated_failures_start_other_children() {
    // Recorded: the order of 20 units fails, tolerated; all five children ran. Tolerating
    // none (a count, or a percentage read from the input), the Map Run fails there and the
    // last three children never start.
    for now in [
        json!({"ToleratedFailureCount": 0}),
        json!({"ToleratedFailureCount": null, "ToleratedFailurePercentagePath": "$.tolerance"}),
    ] {
        let (run, replayed) = replay_orders(&json!({}), &now);
        let recorded = children(&run);
        assert_eq!(recorded.len(), 5);
        for gone in &recorded[2..] {
            assert!(
                not_started(&replayed, gone),
                "{now}: {:#?}",
                replayed.differences
            );
        }
        assert!(!not_started(&replayed, &recorded[0]));
    }
    // The other way: recorded failing at the second child, the Map Run tolerating it now runs
    // three children the record does not have.
    let (_, replayed) = replay_orders(&json!({"ToleratedFailureCount": 0}), &json!({}));
    assert_eq!(
        unrecorded_children(&replayed),
        3,
        "{:#?}",
        replayed.differences
    );
}

#[test]
fn a_changed_max_concurrency_that_starts_other_children_is_another_path() {
    // Recorded one at a time, failing at the second child: the others never started. Five at
    // a time, all five start before the failure stops the Map Run.
    let strict = json!({"ToleratedFailureCount": 0});
    let (run, replayed) = replay_orders(
        &strict,
        &json!({"ToleratedFailureCount": 0, "MaxConcurrency": 5}),
    );
    assert_eq!(children(&run).len(), 2);
    assert_eq!(
        unrecorded_children(&replayed),
        3,
        "{:#?}",
        replayed.differences
    );
    // Where it changes nothing (no child fails), it replays identically.
    let (_, same) = replay_orders(&json!({}), &json!({"MaxConcurrency": 5}));
    same.assert_identical();
}

#[test]
fn items_that_cannot_be_read_again_are_taken_from_the_record_and_the_report_says_so() {
    let run = run_orders(&json!({}), &order_store());
    let arn = run.map_runs[0].arn.clone();
    let selector =
        json!({"ItemSelector": {"qty.$": "$$.Map.Item.Value.qty", "id.$": "$$.Map.Item.Value.id"}});
    let batches = batched(json!({"MaxItemsPerBatch": 2}));
    // Nothing holds the object the reader reads: the items are the record's, and without
    // the definition the execution ran, the report says what it did not check.
    let without_items = |record: RecordedHistory, change: &Value| {
        blocking::run(
            Engine::new()
                .object_store(ObjectStore::new())
                .machine(&orders(change))
                .replay(record),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    };
    let replayed = without_items(RecordedHistory::of_run(&run), &selector);
    assert!(replayed.is_identical(), "{:#?}", replayed.differences);
    assert_eq!(replayed.unchecked.len(), 1, "{:#?}", replayed.unchecked);
    let unchecked = &replayed.unchecked[0];
    assert_eq!(unchecked.state, "Orders");
    assert_eq!(unchecked.map_run, arn);
    assert!(unchecked.execution.is_none());
    assert!(
        unchecked.to_string().contains("s3://data/orders.json"),
        "{unchecked}"
    );
    // With the definition the execution ran, its Map's item processing is compared with the
    // replayed one: a changed ItemSelector changes the children's data, a changed batching
    // their number; an unchanged one has nothing left unchecked.
    let record = RecordedHistory::of_run(&run).with_definition(orders_text(&json!({})));
    let replayed = without_items(record.clone(), &selector);
    assert!(replayed.unchecked.is_empty(), "{:#?}", replayed.unchecked);
    let d = replayed.divergence().expect("the ItemSelector's change");
    assert_eq!(
        (d.kind, d.state.as_deref()),
        (DifferenceKind::Data, Some("Orders")),
        "{d}"
    );
    assert!(
        d.changes.iter().any(|c| c.pointer == "/ItemSelector/id.$"),
        "{d}"
    );
    let replayed = without_items(record.clone(), &batches);
    let d = replayed
        .path_divergence()
        .expect("the ItemBatcher's change");
    assert_eq!(d.state.as_deref(), Some("Orders"), "{d}");
    let replayed = without_items(record, &json!({}));
    replayed.assert_identical();
    assert!(replayed.unchecked.is_empty());
}

#[test]
fn a_distributed_map_childs_own_distributed_map_is_checked_under_that_child() {
    // Each outer child (one per group of orders) runs a Distributed Map over its group.
    let nested = |inner_batch: u32| {
        machine(
            &json!({"StartAt": "Groups", "States": {"Groups": {
                "Type": "Map", "Label": "Groups", "ItemsPath": "$.groups",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                  "StartAt": "Orders", "States": {"Orders": {
                    "Type": "Map", "Label": "GroupOrders", "ItemsPath": "$.orders",
                    "ItemBatcher": {"MaxItemsPerBatch": inner_batch},
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "Take", "States": {"Take": {"Type": "Pass", "End": true}}},
                    "End": true}}},
                "End": true}}})
            .to_string(),
        )
    };
    let input = json!({"groups": [{"orders": [1, 2, 3, 4]}, {"orders": [5]}]});
    let run = blocking::run(Engine::new().machine(&nested(2)).input(input)).unwrap();
    let record = RecordedHistory::of_run(&run);
    let replayed = blocking::run(Engine::new().machine(&nested(4)).replay(record)).unwrap();
    // The first group's Map Run had two batches, one now: its second child is not started,
    // named as the inner child it is; the second group's is unchanged.
    let first = &run
        .map_runs
        .iter()
        .find(|m| m.arn.to_string().contains("Groups"))
        .expect("the outer Map Run")
        .executions[0];
    let inner = &first.map_runs[0].executions;
    assert_eq!(inner.len(), 2);
    assert!(
        not_started(&replayed, &inner[1].arn),
        "{:#?}",
        replayed.differences
    );
    assert!(replayed.path_divergence().is_some());
}

#[test]
fn a_sync_child_started_on_another_input_replays_on_it_and_its_other_path_counts() {
    let parent = |input: &str| machine(&starter(input));
    let (record, child) = recorded_starter();
    blocking::run(Engine::new().machine(&parent("$.n")).replay(record.clone()))
        .unwrap()
        .assert_identical();
    // The parent now starts its child on 15: the child, replayed on what it is sent now,
    // starts on other data and ends in `Large`.
    let replayed = blocking::run(
        Engine::new()
            .machine(&parent("States.MathAdd($.n, 10)"))
            .replay(record),
    )
    .unwrap();
    assert!(
        start_differs(&replayed, &child),
        "{:#?}",
        replayed.differences
    );
    let path = replayed.path_divergence().expect("the child's other path");
    assert_eq!(path.execution.as_ref(), Some(&child), "{path}");
    assert!(
        within(&replayed, &child)
            .iter()
            .any(|d| d.state.as_deref() == Some("Large")),
        "{:#?}",
        replayed.differences
    );
}

#[test]
fn a_sync_child_started_by_a_distributed_maps_child_replays_and_its_other_path_counts() {
    let parent = machine(
        &json!({"StartAt": "Each", "States": {"Each": {
            "Type": "Map", "Label": "Each", "ItemsPath": "$.ns",
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
              "StartAt": "Start", "States": {"Start": start_scaler("$")}},
            "End": true}}})
        .to_string(),
    );
    let started = Started::default();
    let run = blocking::run(
        scaling(&started)
            .machine(&parent)
            .input(json!({"ns": [1, 9]})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{run}");
    let record = with_started(&run, &started);
    blocking::run(Engine::new().machine(&parent).replay(record.clone()))
        .unwrap()
        .assert_identical();
    // `Scaler` adds nothing now: 9 is `Small`. Only the child started on 9 takes another
    // path (each one's sum differs).
    let mut changed = record.clone();
    for (arn, _) in started.lock().expect("started").iter() {
        changed = changed.started_definition(arn, scaler(0));
    }
    let replayed = blocking::run(Engine::new().machine(&parent).replay(changed)).unwrap();
    let nine: workflow_runtime::aws_models::StatesArn =
        "arn:aws:states:us-east-1:123456789012:execution:Scaler:scale-9"
            .parse()
            .expect("an ARN");
    let path = replayed
        .path_divergence()
        .expect("the grandchild's other path");
    assert_eq!(path.execution.as_ref(), Some(&nine), "{path}");
    assert!(
        replayed
            .differences
            .iter()
            .filter(|d| d.kind == DifferenceKind::Path)
            .all(|d| d.execution.as_ref() == Some(&nine)),
        "{:#?}",
        replayed.differences
    );
    assert!(
        replayed.differences.iter().all(|d| d
            .execution
            .as_ref()
            .is_some_and(|e| e.to_string().contains(":Scaler:"))),
        "{:#?}",
        replayed.differences
    );
}
