//! What a pipeline meets, as AWS behaves (issue 23): a Distributed Map's CSV and its reader's
//! limits, the ItemBatcher's JSONata, heartbeats, the context object of EXPRESS executions, an
//! inline Map's concurrent iterations, activities that do not exist, callback tasks'
//! `TaskSubmitted`, and the history of a Map Run whose reader fails. Each test names the
//! recording or page of AWS's documentation its rule comes from.

use serde_json::{Value, json};
use workflow_runtime::asl::{ErrorName, StateMachine};
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{Engine, Execution, ObjectStore};
use workflow_runtime::execution::ExecutionStatus;
use workflow_runtime::execution::api::HistoryEventType;

fn machine(text: &str) -> StateMachine {
    StateMachine::from_json(text).unwrap_or_else(|e| panic!("{e}"))
}

/// The types of the history's events, in order.
fn event_types(run: &Execution) -> Vec<String> {
    run.history
        .iter()
        .map(|e| e.kind.event_type().to_string())
        .collect()
}

/// The first event of type `kind`, as `GetExecutionHistory` returns it.
fn event_json(run: &Execution, kind: &str) -> Value {
    run.history
        .iter()
        .find(|e| e.kind.event_type().as_str() == kind)
        .map(|e| e.to_json())
        .unwrap_or_else(|| panic!("no {kind} event in {:?}", event_types(run)))
}

/// A Distributed Map `MapState` reading `data/file.csv` with `config` (a `ReaderConfig`'s
/// fields), whose processor passes each item on: the definitions of LocalStack's
/// `test_map_item_reader_*` scenarios, recorded against AWS.
fn csv_reader(config: &str) -> StateMachine {
    machine(&format!(
        r#"{{"StartAt": "MapState", "States": {{"MapState": {{"Type": "Map", "MaxConcurrency": 1,
            "ItemReader": {{"Resource": "arn:aws:states:::s3:getObject",
                "ReaderConfig": {{"InputType": "CSV", {config}}},
                "Parameters": {{"Bucket.$": "$.Bucket", "Key.$": "$.Key"}}}},
            "ItemProcessor": {{"ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}},
                "StartAt": "PassItem", "States": {{"PassItem": {{"Type": "Pass", "End": true}}}}}},
            "End": true}}}}}}"#
    ))
}

/// Runs `m` over the object `data/file.csv` holding `csv`, with `extra` input fields.
fn run_over_csv(m: &StateMachine, csv: &str, extra: Value) -> Execution {
    let store = ObjectStore::new();
    store.put("data", "file.csv", csv).unwrap();
    let mut input = json!({"Bucket": "data", "Key": "file.csv"});
    if let (Some(input), Value::Object(extra)) = (input.as_object_mut(), extra) {
        input.extend(extra);
    }
    blocking::run(Engine::new().object_store(store).machine(m).input(input))
        .unwrap_or_else(|e| panic!("{e}"))
}

// ---- 1. CSV rows and headers ----

/// The file of LocalStack's `test_map_item_reader_base_csv_headers_first_line`.
const RECORDED_CSV: &str = "Col1,Col2,Col3\nValue1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n";

#[test]
fn csv_rows_shorter_than_the_header_get_empty_strings_as_aws_reads_them() {
    let m = csv_reader(r#""CSVHeaderLocation": "FIRST_ROW""#);
    let run = run_over_csv(&m, RECORDED_CSV, json!({}));
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    // The output AWS recorded for this file.
    assert_eq!(
        run.output,
        Some(json!([
            {"Col1": "Value1", "Col2": "Value2", "Col3": "Value3"},
            {"Col1": "Value4", "Col2": "Value5", "Col3": "Value6"},
            {"Col1": "", "Col2": "", "Col3": ""},
            {"Col1": "true", "Col2": "1", "Col3": "'HelloWorld'"},
            {"Col1": "Null", "Col2": "None", "Col3": ""},
            {"Col1": "   ", "Col2": "", "Col3": ""}
        ]))
    );
}

#[test]
fn given_csv_headers_that_repeat_a_name_fail_the_map_run() {
    let m = csv_reader(r#""CSVHeaderLocation": "GIVEN", "CSVHeaders": ["H1", "H1", "H3"]"#);
    let run = run_over_csv(&m, "Value1,Value2,Value3\n", json!({}));
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::ItemReaderFailed));
    assert_eq!(
        run.cause.as_deref(),
        Some("CSV headers cannot contain duplicates.")
    );
    // Separated by semicolons, the values split there; the header row names the keys.
    let m = csv_reader(r#""CSVHeaderLocation": "FIRST_ROW", "CSVDelimiter": "SEMICOLON""#);
    let run = run_over_csv(&m, "a;b\n1;2,3\n", json!({}));
    assert_eq!(run.output, Some(json!([{"a": "1", "b": "2,3"}])));
}

// ---- 2. MaxItems ----

/// The file of LocalStack's `test_map_item_reader_csv_max_items` scenarios: four items.
const FOUR_ROWS: &str = "Col1,Col2\nValue1,Value2\nValue3,Value4\nValue5,Value6\nValue7,Value8\n";

fn items_read(run: &Execution) -> usize {
    run.output
        .as_ref()
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

#[test]
fn max_items_zero_reads_every_item_and_a_negative_one_fails_the_reader() {
    // `MaxItems: 0` (accepted by the validator, as AWS creates such machines): every item.
    let literal = csv_reader(r#""CSVHeaderLocation": "FIRST_ROW", "MaxItems": 0"#);
    assert!(literal.validate().iter().all(|d| !d.is_error()));
    assert_eq!(items_read(&run_over_csv(&literal, FOUR_ROWS, json!({}))), 4);
    let by_path = csv_reader(r#""CSVHeaderLocation": "FIRST_ROW", "MaxItemsPath": "$.MaxItems""#);
    // AWS's recorded answers for MaxItemsPath values -1, 0, 2, 100000000 and 100000001.
    for (max, read) in [(0, 4), (2, 2), (100_000_000, 4), (100_000_001, 4)] {
        let run = run_over_csv(&by_path, FOUR_ROWS, json!({"MaxItems": max}));
        assert_eq!(
            run.status,
            ExecutionStatus::Succeeded,
            "{max}: {:?}",
            run.cause
        );
        assert_eq!(items_read(&run), read, "MaxItems {max}");
    }
    let run = run_over_csv(&by_path, FOUR_ROWS, json!({"MaxItems": -1}));
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::ItemReaderFailed));
    assert_eq!(
        run.cause.as_deref(),
        Some("field MaxItems must be positive")
    );
    // A value that is no integer is the state's own error (before any Map Run).
    let run = run_over_csv(&by_path, FOUR_ROWS, json!({"MaxItems": 1.5}));
    assert_eq!(run.error, Some(ErrorName::Runtime));
    assert_eq!(
        run.cause.as_deref(),
        Some(
            "An error occurred while executing the state 'MapState' (entered at the event id #2). The MaxItemsPath field refers to value \"1.5\" which is not a valid integer: $.MaxItems"
        )
    );
}

// ---- 3. ItemBatcher in JSONata ----

#[test]
fn a_jsonata_batch_input_is_evaluated_and_the_batch_limits_are_expressions() {
    // LocalStack's `test_map_item_batching_base_json_max_per_batch_jsonata`, validated on AWS:
    // AWS recorded one batch of two items whose BatchInput holds the state's entered time.
    let m = machine(
        r#"{"StartAt": "BatchMapState", "QueryLanguage": "JSONata", "States": {"BatchMapState": {
            "Type": "Map",
            "ItemReader": {"ReaderConfig": {"InputType": "JSON", "MaxItems": 2},
                "Resource": "arn:aws:states:::s3:getObject",
                "Arguments": {"Bucket": "{% $states.input.Bucket %}", "Key": "{% $states.input.Key %}"}},
            "ItemBatcher": {"MaxItemsPerBatch": "{% $states.input.MaxItemsPerBatch %}",
                "MaxInputBytesPerBatch": "{% $states.input.MaxInputBytesPerBatch %}",
                "BatchInput": {"BatchTimestamp": "{% $states.context.State.EnteredTime %}",
                               "Fixed": "text"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "ProcessBatch", "States": {"ProcessBatch": {"Type": "Pass", "End": true}}},
            "End": true}}}"#,
    );
    let store = ObjectStore::new();
    store
        .put(
            "data",
            "file.json",
            json!([{"verdict": "true"}, {"verdict": "false"}, {"verdict": "mostly-true"}])
                .to_string(),
        )
        .unwrap();
    let run = blocking::run(Engine::new()
        .object_store(store)
        .machine(&m).input(json!({"Bucket": "data", "Key": "file.json", "MaxItemsPerBatch": 2, "MaxInputBytesPerBatch": 150000})))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    // The engine's virtual clock starts at 2026-01-01T00:00:00Z; the Map is entered then.
    assert_eq!(
        run.output,
        Some(json!([{
            "BatchInput": {"BatchTimestamp": "2026-01-01T00:00:00.000Z", "Fixed": "text"},
            "Items": [{"verdict": "true"}, {"verdict": "false"}]
        }]))
    );
}

// ---- 4. An expired heartbeat ----

/// The definition of LocalStack's `test_heartbeat_timeout`: an SQS callback task with
/// `extra` limits.
fn heartbeat_machine(extra: &str) -> StateMachine {
    machine(&format!(
        r#"{{"StartAt": "SendMessageWithWait", "States": {{"SendMessageWithWait": {{"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", {extra}
            "Parameters": {{"QueueUrl.$": "$.QueueUrl",
                "MessageBody": {{"Message.$": "$.Message", "TaskToken.$": "$$.Task.Token"}}}},
            "End": true}}}}}}"#
    ))
}

#[test]
fn an_expired_heartbeat_is_reported_as_states_timeout_without_a_cause() {
    // AWS recorded (2024-04-18) TaskTimedOut and ExecutionFailed with `States.Timeout` and no
    // cause, with `TimeoutSeconds` (600) and without.
    for extra in [
        r#""TimeoutSeconds": 600, "HeartbeatSeconds": 5,"#,
        r#""HeartbeatSeconds": 5,"#,
    ] {
        let execution = blocking::start(
            Engine::new()
                .machine(&heartbeat_machine(extra))
                .input(json!({"QueueUrl": "q", "Message": "test_message_txt"})),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let run = execution.wait().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(run.status, ExecutionStatus::Failed);
        assert_eq!(run.error, Some(ErrorName::Timeout), "{extra}");
        assert_eq!(run.cause, None);
        let timed_out = event_json(&run, "TaskTimedOut");
        assert_eq!(
            timed_out["taskTimedOutEventDetails"],
            json!({"error": "States.Timeout", "resource": "sendMessage.waitForTaskToken", "resourceType": "sqs"})
        );
        assert_eq!(
            event_json(&run, "ExecutionFailed")["executionFailedEventDetails"],
            json!({"error": "States.Timeout"})
        );
    }
}

#[test]
fn a_catcher_naming_heartbeat_timeout_catches_an_expired_heartbeat_only() {
    // The error-handling page: `States.HeartbeatTimeout` "is available inside the Catch and
    // Retry fields"; what it catches is reported as `States.Timeout`.
    let m = |limits: &str| {
        machine(&format!(
            r#"{{"StartAt": "Job", "States": {{
                "Job": {{"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", {limits}
                    "Parameters": {{"JobName": "j"}},
                    "Catch": [{{"ErrorEquals": ["States.HeartbeatTimeout"], "Next": "Caught"}}], "End": true}},
                "Caught": {{"Type": "Pass", "End": true}}}}}}"#
        ))
    };
    let engine = Engine::new().handler(
        "arn:aws:states:::glue:startJobRun.sync",
        |_call: workflow_runtime::engine::TaskCall| async {
            Ok::<_, workflow_runtime::engine::TaskFailure>(
                workflow_runtime::engine::TaskOutput::after(
                    std::time::Duration::from_secs(120),
                    json!({"JobRunState": "SUCCEEDED"}),
                ),
            )
        },
    );
    let caught = blocking::run(
        engine
            .machine(&m(r#""HeartbeatSeconds": 30,"#))
            .input(json!({})),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(caught.status, ExecutionStatus::Succeeded);
    assert_eq!(
        caught.output,
        Some(json!({"Error": "States.Timeout", "Cause": ""}))
    );
    let not_caught = blocking::run(
        engine
            .machine(&m(r#""TimeoutSeconds": 30,"#))
            .input(json!({})),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(not_caught.status, ExecutionStatus::Failed);
    assert_eq!(not_caught.error, Some(ErrorName::Timeout));
}

// ---- 5. The context object of an EXPRESS execution ----

#[test]
fn an_express_execution_has_an_express_arn_and_a_synchronous_one_no_redrive_count() {
    // The definition of LocalStack's `test_express_sync.py::test_query_runtime_memory`: AWS
    // recorded `$$.Execution` as `{"Id", "Input", "Name", "RoleArn", "StartTime"}`, its `Id`
    // the `express` ARN the response names.
    let m = machine(
        r#"{"StartAt": "QueryValues1", "States": {"QueryValues1": {"Type": "Pass",
            "Parameters": {"context_object.$": "$$"}, "End": true}}}"#,
    );
    let run = blocking::run(
        Engine::new()
            .machine(&m)
            .input(json!({"message": "TestMessage"}))
            .sync_express(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run.execution.output.unwrap_or_default();
    let execution = &output["context_object"]["Execution"];
    let mut keys: Vec<&str> = execution
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    keys.sort_unstable();
    assert_eq!(keys, ["Id", "Input", "Name", "RoleArn", "StartTime"]);
    assert_eq!(execution["Id"], run.response.execution_arn.to_string());
    let arn_text = run.response.execution_arn.to_string();
    let arn: Vec<&str> = arn_text.split(':').collect();
    assert_eq!(
        arn[..6],
        [
            "arn",
            "aws",
            "states",
            "us-east-1",
            "123456789012",
            "express"
        ]
    );
    assert_eq!(arn[7], run.response.name, "{arn:?}");
    assert_eq!(execution["Name"], run.response.name.as_str());
    // An asynchronous EXPRESS run of the same machine (`StartExecution`) has an `express` ARN
    // and `"RedriveCount": 0`, as `test_express_async.py::test_query_runtime_memory` recorded
    // it on AWS the same day; a STANDARD run has an `execution` ARN and a RedriveCount too.
    for (kind, arn) in [
        (workflow_runtime::asl::ExecutionType::Express, ":express:"),
        (
            workflow_runtime::asl::ExecutionType::Standard,
            ":execution:",
        ),
    ] {
        let run = blocking::run(
            Engine::new()
                .machine(&m)
                .input(json!({}))
                .execution_type(kind),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let execution = &run.output.unwrap_or_default()["context_object"]["Execution"];
        assert_eq!(execution["RedriveCount"], 0, "{kind:?}");
        assert!(
            execution["Id"].as_str().unwrap_or_default().contains(arn),
            "{kind:?}: {execution}"
        );
    }
}

// ---- 9. The history of a Map Run whose reader fails ----

/// The events from `MapStateStarted` on, each with its details, as `GetExecutionHistory`
/// returns them (without ids and timestamps).
fn map_events(run: &Execution) -> Vec<Value> {
    run.history
        .iter()
        .map(|e| {
            let mut json = e.to_json();
            if let Some(o) = json.as_object_mut() {
                for key in ["id", "previousEventId", "timestamp"] {
                    o.shift_remove(key);
                }
                if let Some(arn) = o.get_mut("mapRunStartedEventDetails") {
                    *arn = json!({});
                }
            }
            json
        })
        .skip_while(|e| e["type"] != "MapStateStarted")
        .collect()
}

#[test]
fn a_failing_reader_fails_the_map_run_after_it_started_as_aws_records_it() {
    // LocalStack's `test_map_item_reader_csv_headers_decl_duplicate_headers` and
    // `test_map_item_reader_csv_max_items_paths[-1]`, recorded on AWS: MapStateStarted (length
    // 0), MapRunStarted, MapRunFailed (error, cause), MapStateFailed (no details),
    // ExecutionFailed.
    let cases = [
        (
            csv_reader(r#""CSVHeaderLocation": "GIVEN", "CSVHeaders": ["H1", "H1", "H3"]"#),
            json!({}),
            "CSV headers cannot contain duplicates.",
        ),
        (
            csv_reader(r#""CSVHeaderLocation": "FIRST_ROW", "MaxItemsPath": "$.MaxItems""#),
            json!({"MaxItems": -1}),
            "field MaxItems must be positive",
        ),
    ];
    for (m, extra, cause) in cases {
        let run = run_over_csv(&m, FOUR_ROWS, extra);
        assert_eq!(
            map_events(&run),
            [
                json!({"type": "MapStateStarted", "mapStateStartedEventDetails": {"length": 0}}),
                json!({"type": "MapRunStarted", "mapRunStartedEventDetails": {}}),
                json!({"type": "MapRunFailed", "mapRunFailedEventDetails": {"error": "States.ItemReaderFailed", "cause": cause}}),
                json!({"type": "MapStateFailed"}),
                json!({"type": "ExecutionFailed", "executionFailedEventDetails": {"error": "States.ItemReaderFailed", "cause": cause}}),
            ]
        );
    }
    // A MaxItemsPath value that is no integer fails the state before any Map Run.
    let m = csv_reader(r#""CSVHeaderLocation": "FIRST_ROW", "MaxItemsPath": "$.MaxItems""#);
    let run = run_over_csv(&m, FOUR_ROWS, json!({"MaxItems": 1.5}));
    assert_eq!(
        event_types(&run)[2..],
        ["MapStateStarted", "ExecutionFailed"]
    );
    // A reader that succeeds: the Map Run brackets the children; MapStateStarted's length is 0.
    let m = csv_reader(r#""CSVHeaderLocation": "FIRST_ROW""#);
    let run = run_over_csv(&m, FOUR_ROWS, json!({}));
    let types = event_types(&run);
    assert_eq!(types[2..4], ["MapStateStarted", "MapRunStarted"]);
    assert_eq!(
        event_json(&run, "MapStateStarted")["mapStateStartedEventDetails"]["length"],
        0
    );
    assert_eq!(
        types[types.len() - 4..],
        [
            "MapRunSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn a_reader_object_that_holds_no_array_fails_with_aws_cause() {
    // LocalStack's `test_map_item_reader_json_no_json_list_object`, recorded on AWS.
    let m = machine(
        r#"{"StartAt": "MapState", "States": {"MapState": {"Type": "Map",
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                "ReaderConfig": {"InputType": "JSON"},
                "Parameters": {"Bucket.$": "$.Bucket", "Key.$": "$.Key"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "PassItem", "States": {"PassItem": {"Type": "Pass", "End": true}}},
            "End": true}}}"#,
    );
    let store = ObjectStore::new();
    store
        .put("data", "file.json", r#"{"Hello": "World"}"#)
        .unwrap();
    let run = blocking::run(
        Engine::new()
            .object_store(store)
            .machine(&m)
            .input(json!({"Bucket": "data", "Key": "file.json"})),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.error, Some(ErrorName::ItemReaderFailed));
    assert_eq!(
        run.cause.as_deref(),
        Some("Attempting to map over non-iterable node.")
    );
    assert!(event_types(&run).contains(&"MapRunFailed".to_owned()));
}

// ---- 8. TaskSubmitted ----

/// The types of the events from the first `TaskScheduled` to the state's exit.
fn task_events(run: &Execution) -> Vec<String> {
    event_types(run)
        .into_iter()
        .skip_while(|t| t != "TaskScheduled")
        .take_while(|t| !t.ends_with("StateExited") && !t.starts_with("Execution"))
        .collect()
}

#[test]
fn callback_and_job_tasks_write_task_submitted_after_task_started() {
    // AWS recorded `TaskStarted` → `TaskSubmitted` (the service call's response as output) →
    // the task's end for every `.waitForTaskToken` and `.sync` task in LocalStack's snapshots.
    let m = heartbeat_machine(r#""TimeoutSeconds": 60,"#);
    let execution = blocking::start(
        Engine::new()
            .handler(
                "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                |_call: workflow_runtime::engine::TaskCall| async {
                    Ok::<_, workflow_runtime::engine::TaskFailure>(
                        json!({"MessageId": "m-1", "MD5OfMessageBody": "x"}),
                    )
                },
            )
            .machine(&m)
            .input(json!({"QueueUrl": "q", "Message": "hello"})),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let task = execution
        .next_task()
        .unwrap_or_else(|| panic!("a task waits"));
    execution
        .send_task_success(&task.task_token, r#"{"done": true}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let run = execution.wait().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        task_events(&run),
        [
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskSucceeded"
        ]
    );
    assert_eq!(
        event_json(&run, "TaskSubmitted")["taskSubmittedEventDetails"],
        json!({"resourceType": "sqs", "resource": "sendMessage.waitForTaskToken",
               "output": r#"{"MessageId":"m-1","MD5OfMessageBody":"x"}"#,
               "outputDetails": {"truncated": false}})
    );
    // A callback that times out is submitted first too (recorded: `test_heartbeat_timeout`).
    let timed_out = blocking::start(
        Engine::new()
            .machine(&heartbeat_machine(r#""HeartbeatSeconds": 5,"#))
            .input(json!({"QueueUrl": "q", "Message": "m"})),
    )
    .and_then(|e| e.wait())
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        task_events(&timed_out),
        [
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskTimedOut"
        ]
    );
    // A `.sync` job run by a handler: submitted, then its end; a request-response task is not.
    let job = machine(
        r#"{"StartAt": "Job", "States": {"Job": {"Type": "Task",
            "Resource": "arn:aws:states:::glue:startJobRun.sync", "Parameters": {"JobName": "j"}, "Next": "Put"},
            "Put": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {"QueueUrl": "q", "MessageBody": "b"}, "End": true}}}"#,
    );
    let run = blocking::run(
        Engine::new()
            .fallback_handler(|_call: workflow_runtime::engine::TaskCall| async {
                Ok::<_, workflow_runtime::engine::TaskFailure>(
                    json!({"JobRunState": "SUCCEEDED", "MessageId": "m"}),
                )
            })
            .field_validation(workflow_runtime::aws_models::FieldValidationMode::None)
            .machine(&job)
            .input(json!({})),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    let submitted = event_types(&run)
        .iter()
        .filter(|t| *t == "TaskSubmitted")
        .count();
    assert_eq!(submitted, 1, "{:?}", event_types(&run));
    assert_eq!(
        task_events(&run)[..4],
        [
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskSucceeded"
        ]
    );
}

// ---- 7. An activity that does not exist ----

const REVIEW: &str = "arn:aws:states:us-east-1:123456789012:activity:Review";

/// The definition of LocalStack's `test_activity_task_on_deleted`.
fn activity_task(limits: &str) -> StateMachine {
    machine(&format!(
        r#"{{"StartAt": "ActivityTask", "States": {{"ActivityTask": {{"Type": "Task",
            "Resource": "{REVIEW}", {limits} "End": true}}}}}}"#
    ))
}

#[test]
fn a_task_on_an_activity_that_does_not_exist_fails_with_states_runtime() {
    // AWS recorded ExecutionStarted, TaskStateEntered, ExecutionFailed (States.Runtime, this
    // cause): no ActivityScheduled, no stall.
    let cause = format!(
        "An error occurred while executing the state 'ActivityTask' (entered at the event id #2). The activity {REVIEW} does not exist."
    );
    let started = blocking::start(
        Engine::new()
            .machine(&activity_task(""))
            .input(json!({"Value1": "HelloWorld"})),
    )
    .and_then(|e| e.wait())
    .unwrap_or_else(|e| panic!("{e}"));
    let run = blocking::run(
        Engine::new()
            .machine(&activity_task(""))
            .input(json!({"Value1": "HelloWorld"})),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for run in [started, run] {
        assert_eq!(run.status, ExecutionStatus::Failed);
        assert_eq!(run.error, Some(ErrorName::Runtime));
        assert_eq!(run.cause.as_deref(), Some(cause.as_str()));
        assert_eq!(
            event_types(&run),
            ["ExecutionStarted", "TaskStateEntered", "ExecutionFailed"]
        );
    }
    // Declared, it exists: no worker takes it, and its TimeoutSeconds passes.
    let declared = blocking::start(
        Engine::new()
            .activity(REVIEW.parse().expect("an activity ARN"))
            .machine(&activity_task(r#""TimeoutSeconds": 5,"#))
            .input(json!({})),
    )
    .and_then(|e| e.wait())
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(declared.error, Some(ErrorName::Timeout));
    assert!(event_types(&declared).contains(&"ActivityScheduled".to_owned()));
    // A handler for its ARN serves it.
    let served = blocking::run(
        Engine::new()
            .handler(
                REVIEW,
                |call: workflow_runtime::engine::TaskCall| async move {
                    Ok::<_, workflow_runtime::engine::TaskFailure>(call.input)
                },
            )
            .machine(&activity_task(""))
            .input(json!({"Value1": "HelloWorld"})),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(served.output, Some(json!({"Value1": "HelloWorld"})));
}

// ---- 6. An inline Map's iterations run together ----

/// An inline Map whose iterations wait `$.s` seconds, with `extra` fields.
fn waiting_map(extra: &str) -> StateMachine {
    machine(&format!(
        r#"{{"StartAt": "M", "States": {{"M": {{"Type": "Map", {extra}
            "ItemProcessor": {{"ProcessorConfig": {{"Mode": "INLINE"}}, "StartAt": "W", "States": {{
                "W": {{"Type": "Wait", "SecondsPath": "$.s", "Next": "P"}},
                "P": {{"Type": "Pass", "End": true}}}}}},
            "End": true}}}}}}"#
    ))
}

/// Milliseconds from the execution's start to the `n`-th event of type `kind`.
fn at(run: &Execution, kind: &str, n: usize) -> i64 {
    let start = run.history.first().map_or(0, |e| e.timestamp_millis);
    run.history
        .iter()
        .filter(|e| e.kind.event_type().as_str() == kind)
        .nth(n)
        .map_or(-1, |e| e.timestamp_millis - start)
}

fn in_time_order(run: &Execution) -> bool {
    run.history
        .windows(2)
        .all(|w| w[0].timestamp_millis <= w[1].timestamp_millis)
}

#[test]
fn an_inline_map_without_max_concurrency_starts_its_iterations_together() {
    // The Map state page: an inline Map runs up to 40 iterations concurrently; without
    // MaxConcurrency (or with 0) it runs as many as it can.
    for extra in ["", r#""MaxConcurrency": 0,"#] {
        let run = blocking::run(
            Engine::new()
                .machine(&waiting_map(extra))
                .input(json!([{"s": 10}, {"s": 5}, {"s": 1}])),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        // The results in item order; the states as time passes: every Wait entered at 0 s,
        // the 1 s item done first.
        assert_eq!(run.output, Some(json!([{"s": 10}, {"s": 5}, {"s": 1}])));
        assert_eq!(run.states, ["M", "W", "W", "W", "P", "P", "P"], "{extra}");
        assert!(in_time_order(&run));
        assert_eq!(at(&run, "MapIterationStarted", 2), 0);
        assert_eq!(at(&run, "MapStateExited", 0), 10_000);
    }
    // One at a time with MaxConcurrency 1: 16 s, in item order.
    let run = blocking::run(
        Engine::new()
            .machine(&waiting_map(r#""MaxConcurrency": 1,"#))
            .input(json!([{"s": 10}, {"s": 5}, {"s": 1}])),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.states, ["M", "W", "P", "W", "P", "W", "P"]);
    assert_eq!(at(&run, "MapStateExited", 0), 16_000);
    // Two at a time: the third item starts when the 5 s one ends, not when the first does.
    let run = blocking::run(
        Engine::new()
            .machine(&waiting_map(r#""MaxConcurrency": 2,"#))
            .input(json!([{"s": 10}, {"s": 5}, {"s": 1}])),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(at(&run, "MapIterationStarted", 2), 5_000);
    assert_eq!(at(&run, "MapStateExited", 0), 10_000);
    assert!(in_time_order(&run));
    assert_eq!(run.output, Some(json!([{"s": 10}, {"s": 5}, {"s": 1}])));
}

#[test]
fn an_inline_map_runs_at_most_forty_iterations_at_once() {
    let items: Vec<Value> = (0..45).map(|i| json!({"s": 10, "i": i})).collect();
    let run = blocking::run(
        Engine::new()
            .machine(&waiting_map(""))
            .input(Value::Array(items.clone())),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.output, Some(Value::Array(items)));
    // Forty start at 0 s; the other five when the first ones end, at 10 s.
    assert_eq!(at(&run, "MapIterationStarted", 39), 0);
    assert_eq!(at(&run, "MapIterationStarted", 40), 10_000);
    assert_eq!(at(&run, "MapStateExited", 0), 20_000);
    assert!(in_time_order(&run));
}

#[test]
fn tasks_that_take_time_interleave_in_time_order() {
    // Handlers' durations pass on the same timeline as Wait states.
    let m = machine(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
            "ItemProcessor": {"StartAt": "Work", "States": {"Work": {"Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "work", "Payload.$": "$"}, "OutputPath": "$.Payload", "End": true}}}}}}"#,
    );
    let run = blocking::run(
        Engine::new()
            .handler(
                "arn:aws:states:::lambda:invoke",
                |call: workflow_runtime::engine::TaskCall| async move {
                    let seconds = call.input["Payload"]["s"].as_u64().unwrap_or(0);
                    Ok::<_, workflow_runtime::engine::TaskFailure>(
                        workflow_runtime::engine::TaskOutput::after(
                            std::time::Duration::from_secs(seconds),
                            json!({"Payload": call.input["Payload"].clone()}),
                        ),
                    )
                },
            )
            .field_validation(workflow_runtime::aws_models::FieldValidationMode::None)
            .machine(&m)
            .input(json!([{"s": 3}, {"s": 1}, {"s": 2}])),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.output, Some(json!([{"s": 3}, {"s": 1}, {"s": 2}])));
    assert!(in_time_order(&run));
    let ended: Vec<u64> = run
        .history
        .iter()
        .filter(|e| e.kind.event_type() == HistoryEventType::MapIterationSucceeded)
        .filter_map(|e| e.to_json()["mapIterationSucceededEventDetails"]["index"].as_u64())
        .collect();
    assert_eq!(ended, [1, 2, 0]);
}

// ---- A JSONata expression that fails: EvaluationFailed ----

#[test]
fn a_failed_jsonata_expression_is_recorded_as_an_evaluation_failed_event() {
    // LocalStack's `test_undefined_reference[BASE_UNDEFINED_OUTPUT]`, recorded on AWS:
    // `PassStateEntered`, `EvaluationFailed` (error, cause, location, state), `ExecutionFailed`.
    let m = machine(
        r#"{"QueryLanguage": "JSONata", "StartAt": "State0", "States": {"State0": {"Type": "Pass",
            "Output": "{% $doesNotExist %}", "End": true}}}"#,
    );
    let run =
        blocking::run(Engine::new().machine(&m).input(json!({}))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        event_types(&run),
        [
            "ExecutionStarted",
            "PassStateEntered",
            "EvaluationFailed",
            "ExecutionFailed"
        ]
    );
    assert_eq!(
        event_json(&run, "EvaluationFailed")["evaluationFailedEventDetails"],
        json!({
            "cause": "An error occurred while executing the state 'State0' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined).",
            "error": "States.QueryEvaluationError",
            "location": "Output",
            "state": "State0"
        })
    );
    // A Map whose `Items` is no array (`test_map_state_items_eval_jsonata_fail[number]`):
    // the Map never started, and is closed by `MapStateFailed`.
    let m = machine(
        r#"{"QueryLanguage": "JSONata", "StartAt": "MapIterateState", "States": {"MapIterateState": {"Type": "Map",
            "Items": "{% 1 %}", "ItemProcessor": {"StartAt": "Pass", "States": {"Pass": {"Type": "Pass", "End": true}}},
            "End": true}}}"#,
    );
    let run =
        blocking::run(Engine::new().machine(&m).input(json!({}))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        event_types(&run),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "EvaluationFailed",
            "MapStateFailed",
            "ExecutionFailed"
        ]
    );
    assert_eq!(
        event_json(&run, "EvaluationFailed")["evaluationFailedEventDetails"]["location"],
        "Items"
    );
}
