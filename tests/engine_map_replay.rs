//! Replaying an execution with Distributed Maps from its record (issue 72, item 1): each Map
//! Run's items are its recorded children's inputs (the `ItemReader`'s source is never read
//! again), each STANDARD child replays on its own history and a change inside it is named with
//! the child execution and the state, an EXPRESS child (which keeps no history) runs again on
//! its recorded input or, when nothing answers its Tasks, stands as recorded, and the
//! `ResultWriter`'s files are compared with the record's. A record is whole when it holds its
//! Map Runs (`RecordedHistory::of_run`, a record's directory, `ExecutionRef::record`); one that
//! does not is refused rather than read again.

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
