//! `workflow serve` opens a data directory an earlier build wrote, and resumes what it left
//! running: the database is written here, by this test, from SQL text in the layout and the
//! records' JSON as `workflow serve` wrote them before its records were derived with serde
//! (layout 2: a state machine with a version, an alias, tags and an activity; a revision; an
//! execution started on the alias, running when that server went away, its first events
//! stored; a finished execution whose record predates the stored seed; a failed execution of a
//! Distributed Map whose Map Run and children's histories were written as hand-made JSON). The
//! server started on it answers every record as it was, the running execution ends as its
//! machine runs, and the Map Run is listed, described and redriven.

use super::serve_faults::{Client, PATIENCE, serve_process};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const ACCOUNT: &str = "arn:aws:states:us-east-1:123456789012";

/// Waits a second, then passes `{"waited": true}`.
const DEFINITION: &str = r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "Next": "P"}, "P": {"Type": "Pass", "Result": {"waited": true}, "End": true}}}"#;

/// 2026-01-01T00:00:00Z, in milliseconds: when the earlier server did what the records say.
const THEN_MS: i64 = 1_767_225_600_000;

/// The database as an earlier `workflow serve` left it, as SQL text (`{…}` placeholders are
/// filled by [`database_text`]).
const DATABASE: &str = r#"
PRAGMA journal_mode = WAL;
BEGIN;
CREATE TABLE machines (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE activities (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE tags (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE versions (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE aliases (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE revisions (id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE executions (arn TEXT PRIMARY KEY, record TEXT NOT NULL, input TEXT NOT NULL,
    status TEXT, stop_ms INTEGER, result TEXT);
CREATE TABLE events (execution TEXT NOT NULL, id INTEGER NOT NULL, event TEXT NOT NULL,
    PRIMARY KEY (execution, id)) WITHOUT ROWID;
CREATE TABLE tokens (token TEXT PRIMARY KEY, execution TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE map_runs (arn TEXT PRIMARY KEY, execution TEXT NOT NULL, children TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS child_events (execution TEXT NOT NULL, child TEXT NOT NULL,
    id INTEGER NOT NULL, event TEXT NOT NULL, PRIMARY KEY (execution, child, id)) WITHOUT ROWID;
INSERT INTO machines VALUES ('{M}', '{MACHINE}');
INSERT INTO activities VALUES ('{A}:activity:Work', '{"arn":"{A}:activity:Work","name":"Work","createdMs":{T}}');
INSERT INTO tags VALUES ('{M}', '{"team":"billing","tier":"gold"}');
INSERT INTO versions VALUES ('{M}:1', '{"arn":"{M}:1","number":1,"machine":{MACHINE},"description":"first","createdMs":{T}}');
INSERT INTO aliases VALUES ('{M}:live', '{"arn":"{M}:live","name":"live","machineArn":"{M}","description":null,"routing":[{"stateMachineVersionArn":"{M}:1","weight":100}],"createdMs":{T},"updatedMs":{T}}');
INSERT INTO revisions VALUES ('rev-1', '{MACHINE}');
INSERT INTO executions VALUES ('{A}:execution:Waiter:ended', '{"name":"ended","machineArn":"{M}","revisionId":"rev-1","versionArn":null,"aliasArn":null,"startMs":{T},"redriveCount":0,"redriveMs":null,"traceHeader":null,"testCase":null}', '{"n":2}', 'SUCCEEDED', {T2}, '{"status":"SUCCEEDED","input":"{\"n\":2}","output":"{\"waited\":true}","error":null,"cause":null,"stopMs":{T2},"tokens":[],"mapRuns":[]}');
INSERT INTO events VALUES ('{A}:execution:Waiter:ended', 1, '{"id":1,"previousEventId":0,"timestamp":{S},"type":"ExecutionStarted","executionStartedEventDetails":{"input":"{\"n\":2}","inputDetails":{"truncated":false},"roleArn":"arn:aws:iam::123456789012:role/r"}}');
INSERT INTO events VALUES ('{A}:execution:Waiter:ended', 2, '{"id":2,"previousEventId":1,"timestamp":{S2},"type":"ExecutionSucceeded","executionSucceededEventDetails":{"output":"{\"waited\":true}","outputDetails":{"truncated":false}}}');
INSERT INTO executions VALUES ('{A}:execution:Waiter:resumed', '{"name":"resumed","machineArn":"{M}","revisionId":"rev-1","versionArn":"{M}:1","aliasArn":"{M}:live","startMs":{T},"redriveCount":0,"redriveMs":null,"traceHeader":"Root=1-5759e988-bd862e3fe1be46a994272793","testCase":null,"seed":7}', '{"n":1}', NULL, NULL, NULL);
INSERT INTO events VALUES ('{A}:execution:Waiter:resumed', 1, '{"id":1,"previousEventId":0,"timestamp":{S},"type":"ExecutionStarted","executionStartedEventDetails":{"input":"{\"n\":1}","inputDetails":{"truncated":false},"roleArn":"arn:aws:iam::123456789012:role/r"}}');
INSERT INTO events VALUES ('{A}:execution:Waiter:resumed', 2, '{"id":2,"previousEventId":1,"timestamp":{S},"type":"WaitStateEntered","stateEnteredEventDetails":{"name":"W","input":"{\"n\":1}","inputDetails":{"truncated":false}}}');
INSERT INTO executions VALUES ('{A}:execution:Mapper:mapped', '{"name":"mapped","machineArn":"{A}:stateMachine:Mapper","revisionId":"rev-map","versionArn":null,"aliasArn":null,"startMs":1795759189622,"redriveCount":0,"redriveMs":null,"traceHeader":null,"testCase":null,"seed":4}', '{"items": [{"fail": false}, {"fail": true}]}', 'FAILED', 1795759189623, '{"status":"FAILED","input":"{\"items\": [{\"fail\": false}, {\"fail\": true}]}","output":null,"error":"States.ExceedToleratedFailureThreshold","cause":"The specified tolerated failure threshold was exceeded","stopMs":1795759189623,"tokens":[],"mapRuns":[{"mapRunArn":"{A}:mapRun:Mapper/Items:f0f4fd90-2632-4c27-90de-d031a4bd705a","status":"FAILED","startMs":1795759189623,"stopMs":1795759189623,"maxConcurrency":0,"toleratedFailureCount":0,"toleratedFailurePercentage":0.0,"items":2,"redriveCount":0,"error":"States.ExceedToleratedFailureThreshold","children":[{"ExecutionArn":"{A}:execution:Mapper/Items:1656d08a-05de-4d51-9fbc-ef12eeee7122","Input":"{\"fail\":false}","InputDetails":{"Included":true},"Name":"1656d08a-05de-4d51-9fbc-ef12eeee7122","RedriveCount":0,"StartDate":"2026-11-27T05:59:49.623Z","StateMachineArn":"{A}:stateMachine:Mapper/Items","Status":"SUCCEEDED","StopDate":"2026-11-27T05:59:49.623Z","Output":"{\"fail\":false}","OutputDetails":{"Included":true},"RedriveStatus":"NOT_REDRIVABLE","RedriveStatusReason":"Execution is SUCCEEDED and cannot be redriven"},{"ExecutionArn":"{A}:execution:Mapper/Items:498ff3cf-852a-4284-b01e-fbfb5d1962f4","Input":"{\"fail\":true}","InputDetails":{"Included":true},"Name":"498ff3cf-852a-4284-b01e-fbfb5d1962f4","RedriveCount":0,"StartDate":"2026-11-27T05:59:49.623Z","StateMachineArn":"{A}:stateMachine:Mapper/Items","Status":"FAILED","StopDate":"2026-11-27T05:59:49.623Z","Error":"Item.Bad","Cause":"bad item","RedriveStatus":"REDRIVABLE_BY_MAP_RUN"}],"histories":{"{A}:execution:Mapper/Items:1656d08a-05de-4d51-9fbc-ef12eeee7122":[{"id":1,"previousEventId":0,"timestamp":1795759189.623,"type":"ExecutionStarted","executionStartedEventDetails":{"input":"{\"fail\":false}","inputDetails":{"truncated":false},"roleArn":"arn:aws:iam::123456789012:role/r"}},{"id":2,"previousEventId":1,"timestamp":1795759189.623,"type":"ChoiceStateEntered","stateEnteredEventDetails":{"name":"C","input":"{\"fail\":false}","inputDetails":{"truncated":false}}},{"id":3,"previousEventId":2,"timestamp":1795759189.623,"type":"ChoiceStateExited","stateExitedEventDetails":{"name":"C","output":"{\"fail\":false}","outputDetails":{"truncated":false}}},{"id":4,"previousEventId":3,"timestamp":1795759189.623,"type":"PassStateEntered","stateEnteredEventDetails":{"name":"P","input":"{\"fail\":false}","inputDetails":{"truncated":false}}},{"id":5,"previousEventId":4,"timestamp":1795759189.623,"type":"PassStateExited","stateExitedEventDetails":{"name":"P","output":"{\"fail\":false}","outputDetails":{"truncated":false}}},{"id":6,"previousEventId":5,"timestamp":1795759189.623,"type":"ExecutionSucceeded","executionSucceededEventDetails":{"output":"{\"fail\":false}","outputDetails":{"truncated":false}}}],"{A}:execution:Mapper/Items:498ff3cf-852a-4284-b01e-fbfb5d1962f4":[{"id":1,"previousEventId":0,"timestamp":1795759189.623,"type":"ExecutionStarted","executionStartedEventDetails":{"input":"{\"fail\":true}","inputDetails":{"truncated":false},"roleArn":"arn:aws:iam::123456789012:role/r"}},{"id":2,"previousEventId":1,"timestamp":1795759189.623,"type":"ChoiceStateEntered","stateEnteredEventDetails":{"name":"C","input":"{\"fail\":true}","inputDetails":{"truncated":false}}},{"id":3,"previousEventId":2,"timestamp":1795759189.623,"type":"ChoiceStateExited","stateExitedEventDetails":{"name":"C","output":"{\"fail\":true}","outputDetails":{"truncated":false}}},{"id":4,"previousEventId":3,"timestamp":1795759189.623,"type":"FailStateEntered","stateEnteredEventDetails":{"name":"F","input":"{\"fail\":true}","inputDetails":{"truncated":false}}},{"id":5,"previousEventId":4,"timestamp":1795759189.623,"type":"ExecutionFailed","executionFailedEventDetails":{"error":"Item.Bad","cause":"bad item"}}]}}]}');
INSERT INTO map_runs VALUES ('{A}:mapRun:Mapper/Items:f0f4fd90-2632-4c27-90de-d031a4bd705a', '{A}:execution:Mapper:mapped', '["{A}:execution:Mapper/Items:1656d08a-05de-4d51-9fbc-ef12eeee7122","{A}:execution:Mapper/Items:498ff3cf-852a-4284-b01e-fbfb5d1962f4"]');
INSERT INTO events VALUES ('{A}:execution:Mapper:mapped', 1, '{"id":1,"previousEventId":0,"timestamp":1795759189.623,"type":"ExecutionStarted","executionStartedEventDetails":{"input":"{\"items\":[{\"fail\":false},{\"fail\":true}]}","inputDetails":{"truncated":false},"roleArn":"arn:aws:iam::123456789012:role/r"}}');
INSERT INTO events VALUES ('{A}:execution:Mapper:mapped', 2, '{"id":2,"previousEventId":1,"timestamp":1795759189.623,"type":"MapStateEntered","stateEnteredEventDetails":{"name":"M","input":"{\"items\":[{\"fail\":false},{\"fail\":true}]}","inputDetails":{"truncated":false}}}');
INSERT INTO events VALUES ('{A}:execution:Mapper:mapped', 3, '{"id":3,"previousEventId":2,"timestamp":1795759189.623,"type":"MapStateStarted","mapStateStartedEventDetails":{"length":2}}');
INSERT INTO events VALUES ('{A}:execution:Mapper:mapped', 4, '{"id":4,"previousEventId":3,"timestamp":1795759189.623,"type":"MapRunStarted","mapRunStartedEventDetails":{"mapRunArn":"{A}:mapRun:Mapper/Items:f0f4fd90-2632-4c27-90de-d031a4bd705a"}}');
INSERT INTO events VALUES ('{A}:execution:Mapper:mapped', 5, '{"id":5,"previousEventId":4,"timestamp":1795759189.623,"type":"MapRunFailed","mapRunFailedEventDetails":{"error":"States.ExceedToleratedFailureThreshold","cause":"The specified tolerated failure threshold was exceeded"}}');
INSERT INTO events VALUES ('{A}:execution:Mapper:mapped', 6, '{"id":6,"previousEventId":5,"timestamp":1795759189.623,"type":"MapStateFailed"}');
INSERT INTO events VALUES ('{A}:execution:Mapper:mapped', 7, '{"id":7,"previousEventId":6,"timestamp":1795759189.623,"type":"ExecutionFailed","executionFailedEventDetails":{"error":"States.ExceedToleratedFailureThreshold","cause":"The specified tolerated failure threshold was exceeded"}}');
INSERT INTO machines VALUES ('{A}:stateMachine:Mapper', '{"arn":"{A}:stateMachine:Mapper","name":"Mapper","definition":"{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\",\"Label\":\"Items\",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.fail\",\"BooleanEquals\":true,\"Next\":\"F\"}],\"Default\":\"P\"},\"F\":{\"Type\":\"Fail\",\"Error\":\"Item.Bad\",\"Cause\":\"bad item\"},\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}","roleArn":"arn:aws:iam::123456789012:role/r","type":"STANDARD","createdMs":1795759189616,"updatedMs":1795759189616,"revisionId":"rev-map","logging":{"level":"OFF","includeExecutionData":false},"tracing":{"enabled":false},"creation":{"publish":false,"versionDescription":null,"versionArn":null}}');
INSERT INTO revisions VALUES ('rev-map', '{"arn":"{A}:stateMachine:Mapper","name":"Mapper","definition":"{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\",\"Label\":\"Items\",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.fail\",\"BooleanEquals\":true,\"Next\":\"F\"}],\"Default\":\"P\"},\"F\":{\"Type\":\"Fail\",\"Error\":\"Item.Bad\",\"Cause\":\"bad item\"},\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}","roleArn":"arn:aws:iam::123456789012:role/r","type":"STANDARD","createdMs":1795759189616,"updatedMs":1795759189616,"revisionId":"rev-map","logging":{"level":"OFF","includeExecutionData":false},"tracing":{"enabled":false},"creation":{"publish":false,"versionDescription":null,"versionArn":null}}');
PRAGMA user_version = 2;
COMMIT;
"#;

/// The machine's record as the earlier server wrote it (published with a version).
fn machine_record() -> String {
    json!({
        "arn": format!("{ACCOUNT}:stateMachine:Waiter"),
        "name": "Waiter",
        "definition": DEFINITION,
        "roleArn": "arn:aws:iam::123456789012:role/r",
        "type": "STANDARD",
        "createdMs": THEN_MS,
        "updatedMs": THEN_MS,
        "revisionId": "rev-1",
        "logging": {"level": "OFF", "includeExecutionData": false},
        "tracing": {"enabled": false},
        "creation": {
            "publish": true,
            "versionDescription": "first",
            "versionArn": format!("{ACCOUNT}:stateMachine:Waiter:1"),
        },
    })
    .to_string()
}

/// [`DATABASE`] with its placeholders filled (quotes doubled where SQL text holds JSON).
fn database_text() -> String {
    DATABASE
        .replace("{MACHINE}", &machine_record().replace('\'', "''"))
        .replace("{M}", &format!("{ACCOUNT}:stateMachine:Waiter"))
        .replace("{A}", ACCOUNT)
        .replace("{T}", &THEN_MS.to_string())
        .replace("{T2}", &(THEN_MS + 1_500).to_string())
        .replace("{S}", &format!("{}.0", THEN_MS / 1000))
        .replace("{S2}", &format!("{}.5", THEN_MS / 1000 + 1))
}

/// Polls `operation` until `done` holds of its answer (within `PATIENCE`).
fn until(
    client: &mut Client,
    operation: &str,
    request: &Value,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let began = Instant::now();
    loop {
        let answer = client.ok(operation, request);
        if done(&answer) {
            return answer;
        }
        assert!(began.elapsed() < PATIENCE, "{operation}: {answer}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_data_directory_an_earlier_server_wrote_opens_and_its_running_execution_resumes() {
    let data = tempfile::tempdir().expect("a data directory");
    {
        let connection =
            rusqlite::Connection::open(data.path().join("workflow-serve.sqlite3")).expect("open");
        connection
            .execute_batch(&database_text())
            .expect("the earlier layout");
    }
    let dir = data.path().to_str().expect("a UTF-8 path");
    let (mut server, address) = serve_process(&["--data", dir]);
    let mut client = Client::connect(&address);
    let machine = format!("{ACCOUNT}:stateMachine:Waiter");
    let version = format!("{machine}:1");
    let alias = format!("{machine}:live");

    // The running execution resumes from its stored events and ends as its machine runs.
    let resumed = format!("{ACCOUNT}:execution:Waiter:resumed");
    let described = until(
        &mut client,
        "DescribeExecution",
        &json!({"executionArn": resumed}),
        |d| d["status"] != "RUNNING",
    );
    assert_eq!(described["status"], "SUCCEEDED", "{described}");
    assert_eq!(described["output"], r#"{"waited":true}"#);
    assert_eq!(described["stateMachineVersionArn"], version.as_str());
    assert_eq!(described["stateMachineAliasArn"], alias.as_str());
    assert_eq!(
        described["traceHeader"],
        "Root=1-5759e988-bd862e3fe1be46a994272793"
    );
    let history = client.ok("GetExecutionHistory", &json!({"executionArn": resumed}));
    let events = history["events"].as_array().cloned().unwrap_or_default();
    let ids: Vec<u64> = events.iter().filter_map(|e| e["id"].as_u64()).collect();
    assert_eq!(ids, (1..=ids.len() as u64).collect::<Vec<_>>(), "{history}");
    assert_eq!(events[1]["type"], "WaitStateEntered");
    assert_eq!(
        events.last().map(|e| e["type"].clone()),
        Some("ExecutionSucceeded".into())
    );
    assert!(!events.iter().any(|e| e["type"] == "ExecutionRedriven"));

    // The finished one, its record from before the seed was stored, reads as it was.
    let ended = format!("{ACCOUNT}:execution:Waiter:ended");
    let described = client.ok("DescribeExecution", &json!({"executionArn": ended}));
    assert_eq!(described["status"], "SUCCEEDED");
    assert_eq!(described["input"], r#"{"n":2}"#);
    assert_eq!(described["output"], r#"{"waited":true}"#);
    assert_eq!(
        described["stopDate"].as_f64(),
        Some((THEN_MS + 1_500) as f64 / 1000.0)
    );
    let history = client.ok("GetExecutionHistory", &json!({"executionArn": ended}));
    assert_eq!(
        history["events"].as_array().map(Vec::len),
        Some(2),
        "{history}"
    );
    let listed = client.ok("ListExecutions", &json!({"stateMachineArn": machine}));
    let names: Vec<&str> = listed["executions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(names, ["resumed", "ended"]);

    // The machine, its version, alias, tags and the activity are as they were.
    let described = client.ok("DescribeStateMachine", &json!({"stateMachineArn": machine}));
    assert_eq!(described["definition"], DEFINITION);
    assert_eq!(described["revisionId"], "rev-1");
    assert_eq!(described["loggingConfiguration"]["level"], "OFF");
    let described = client.ok("DescribeStateMachine", &json!({"stateMachineArn": version}));
    assert_eq!(described["description"], "first");
    let described = client.ok(
        "DescribeStateMachineAlias",
        &json!({"stateMachineAliasArn": alias}),
    );
    assert_eq!(
        described["routingConfiguration"],
        json!([{"stateMachineVersionArn": version, "weight": 100}])
    );
    let tags = client.ok("ListTagsForResource", &json!({"resourceArn": machine}));
    assert_eq!(
        tags["tags"],
        json!([{"key": "team", "value": "billing"}, {"key": "tier", "value": "gold"}])
    );
    let activity = client.ok(
        "DescribeActivity",
        &json!({"activityArn": format!("{ACCOUNT}:activity:Work")}),
    );
    assert_eq!(activity["name"], "Work");
    // Creating the machine again as it was created answers the version it published then.
    let again = client.ok(
        "CreateStateMachine",
        &json!({"name": "Waiter", "definition": DEFINITION,
            "roleArn": "arn:aws:iam::123456789012:role/r", "publish": true,
            "versionDescription": "first"}),
    );
    assert_eq!(again["stateMachineVersionArn"], version.as_str());
    // And the alias still routes a new execution to its version.
    let started = client.ok(
        "StartExecution",
        &json!({"stateMachineArn": alias, "name": "after", "input": "{}"}),
    );
    let described = client.ok(
        "DescribeExecution",
        &json!({"executionArn": started["executionArn"]}),
    );
    assert_eq!(described["stateMachineVersionArn"], version.as_str());

    map_run_as_it_was(&mut client);
    let _ = server.kill();
    let _ = server.wait();
}

/// The failed execution `Mapper:mapped` of [`DATABASE`]: its Map Run (one child succeeded, one
/// failed) is listed and described, its children listed, described and their histories read,
/// as the earlier server kept them; a redrive reads the Map Run back and reruns the failed
/// child only.
fn map_run_as_it_was(client: &mut Client) {
    let execution = format!("{ACCOUNT}:execution:Mapper:mapped");
    let map_run = format!("{ACCOUNT}:mapRun:Mapper/Items:f0f4fd90-2632-4c27-90de-d031a4bd705a");
    let succeeded =
        format!("{ACCOUNT}:execution:Mapper/Items:1656d08a-05de-4d51-9fbc-ef12eeee7122");
    let failed = format!("{ACCOUNT}:execution:Mapper/Items:498ff3cf-852a-4284-b01e-fbfb5d1962f4");
    let listed = client.ok("ListMapRuns", &json!({"executionArn": execution}));
    assert_eq!(
        listed["mapRuns"],
        json!([{"executionArn": execution, "mapRunArn": map_run,
            "stateMachineArn": format!("{ACCOUNT}:stateMachine:Mapper/Items"),
            "startDate": 1_795_759_189.623, "stopDate": 1_795_759_189.623}]),
        "{listed}"
    );
    let described = client.ok("DescribeMapRun", &json!({"mapRunArn": map_run}));
    assert_eq!(described["status"], "FAILED", "{described}");
    assert_eq!(described["executionArn"], execution.as_str());
    assert_eq!(
        (
            &described["itemCounts"]["succeeded"],
            &described["itemCounts"]["failed"],
            &described["itemCounts"]["total"]
        ),
        (&json!(1), &json!(1), &json!(2))
    );
    let children = client.ok("ListExecutions", &json!({"mapRunArn": map_run}));
    let rows: Vec<(&str, &str)> = children["executions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| Some((c["executionArn"].as_str()?, c["status"].as_str()?)))
        .collect();
    assert_eq!(
        rows,
        [
            (succeeded.as_str(), "SUCCEEDED"),
            (failed.as_str(), "FAILED")
        ],
        "{children}"
    );
    let child = client.ok("DescribeExecution", &json!({"executionArn": failed}));
    assert_eq!(
        (&child["status"], &child["error"], &child["mapRunArn"]),
        (&json!("FAILED"), &json!("Item.Bad"), &json!(map_run)),
        "{child}"
    );
    assert_eq!(child["redriveStatus"], "REDRIVABLE_BY_MAP_RUN");
    assert_eq!(child["startDate"], json!(1_795_759_189.623));
    let history = client.ok("GetExecutionHistory", &json!({"executionArn": succeeded}));
    let types: Vec<&str> = history["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert_eq!(types.len(), 6, "{history}");
    assert_eq!(types.last(), Some(&"ExecutionSucceeded"));

    // A redrive reads the Map Run back as the engine's: the child that succeeded is kept, the
    // failed one runs again (and fails again: its item is bad).
    client.ok("RedriveExecution", &json!({"executionArn": execution}));
    let described = until(
        client,
        "DescribeExecution",
        &json!({"executionArn": execution}),
        |d| d["status"] != "RUNNING",
    );
    assert_eq!(described["status"], "FAILED", "{described}");
    let described = client.ok("DescribeMapRun", &json!({"mapRunArn": map_run}));
    assert_eq!(described["redriveCount"], 1, "{described}");
    let kept = client.ok("DescribeExecution", &json!({"executionArn": succeeded}));
    assert_eq!(kept["redriveCount"], 0, "{kept}");
    let rerun = client.ok("DescribeExecution", &json!({"executionArn": failed}));
    assert_eq!(rerun["redriveCount"], 1, "{rerun}");
}
