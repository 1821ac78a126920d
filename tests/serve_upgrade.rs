//! `workflow serve` opens a data directory an earlier build wrote, and resumes what it left
//! running: the database is written here, by this test, from SQL text in the layout and the
//! records' JSON as `workflow serve` wrote them before its records were derived with serde
//! (layout 2: a state machine with a version, an alias, tags and an activity; a revision; an
//! execution started on the alias, running when that server went away, its first events
//! stored; a finished execution whose record predates the stored seed). The server started on
//! it answers every record as it was, and the running execution ends as its machine runs.

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
    let _ = server.kill();
    let _ = server.wait();
}
