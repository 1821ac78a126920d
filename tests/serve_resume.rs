//! `workflow serve` resumes what it ran: a server killed (`kill -9`) or stopped (SIGTERM)
//! while executions of every kind run (a Wait, a callback waiting on its token, a Task being
//! retried, a Distributed Map with finished and waiting children, one a client stops after the
//! restart), and a server started again on its data directory. Each execution ends as the
//! uninterrupted run ends (an execution started afresh on the restarted server and answered
//! the same way is the measure): same status, output and events, its history going on after
//! the events a client saw, with the next ids and no `ExecutionRedriven`. A running Map Run's
//! children are listed, described and answered through the API while it runs, before and
//! after the restart.

use super::serve_faults::{Client, PATIENCE, ROLE, exit_time, serve_process};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::process::{Child, Command};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Waits 3 s, then passes.
const WAITER: &str = r#"{"StartAt": "W", "States": {
    "W": {"Type": "Wait", "Seconds": 3, "Next": "P"},
    "P": {"Type": "Pass", "Result": {"waited": true}, "End": true}}}"#;

/// Waits a minute: stopped by a client after the restart.
const LONG: &str =
    r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}"#;

/// A callback: its token is in the Task's parameters.
const ASKER: &str = r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
    "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}"#;

/// A Task that fails once and is retried after 2 s (its answers are the mock configuration's
/// test case `Flaky`).
const RETRIER: &str = r#"{"StartAt": "Call", "States": {"Call": {"Type": "Task",
    "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
    "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 2, "MaxAttempts": 2}], "End": true}}}"#;

const MOCKS: &str = r#"{"StateMachines": {"Retrier": {"TestCases": {"Flaky": {"Call": "FailThenSucceed"}}}},
    "MockedResponses": {"FailThenSucceed": {
        "0": {"Throw": {"Error": "Busy", "Cause": "try again"}},
        "1": {"Return": {"StatusCode": 200, "Payload": {"ok": true}}}}}}"#;

/// A Distributed Map over `[1, 2, 3]`, two children at a time: the first ends at once, the
/// others wait for a callback with their item.
const MAPPER: &str = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 2,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
      "StartAt": "Quick", "States": {
        "Quick": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 1, "Next": "Done"}],
          "Default": "Ask"},
        "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "item.$": "$"}},
          "Next": "Done"},
        "Done": {"Type": "Pass", "End": true}}},
    "End": true}}}"#;

/// Now, in seconds since the Unix epoch (the clock event timestamps are in).
fn now_seconds() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Polls `check` until it gives a value (within `PATIENCE`).
fn until<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let began = Instant::now();
    loop {
        if let Some(found) = check() {
            return found;
        }
        assert!(began.elapsed() < PATIENCE, "waited {PATIENCE:?} for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The whole history of `arn`.
fn history(client: &mut Client, arn: &str) -> Vec<Value> {
    let page = client.ok(
        "GetExecutionHistory",
        &json!({"executionArn": arn, "maxResults": 1000}),
    );
    page["events"].as_array().cloned().unwrap_or_default()
}

fn types(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["type"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The task token a history's waiting callback Task was sent (in its parameters).
fn token_of(events: &[Value]) -> Option<String> {
    events.iter().find_map(|e| {
        let parameters = e["taskScheduledEventDetails"]["parameters"].as_str()?;
        let parameters: Value = serde_json::from_str(parameters).ok()?;
        parameters["MessageBody"]["token"]
            .as_str()
            .map(str::to_owned)
    })
}

/// Starts `machine` (its ARN, a test case appended as `#CASE`) as `name` with `input`.
fn start(client: &mut Client, machine: &str, name: &str, input: Value) -> String {
    client.ok(
        "StartExecution",
        &json!({"stateMachineArn": machine, "name": name, "input": input.to_string()}),
    )["executionArn"]
        .as_str()
        .expect("an execution ARN")
        .to_owned()
}

fn status(client: &mut Client, arn: &str) -> String {
    client.ok("DescribeExecution", &json!({"executionArn": arn}))["status"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The ended execution `arn`'s description (polled until it ends).
fn ended(client: &mut Client, arn: &str) -> Value {
    until(&format!("{arn} to end"), || {
        let described = client.ok("DescribeExecution", &json!({"executionArn": arn}));
        (described["status"] != "RUNNING").then_some(described)
    })
}

/// The Map Run of the execution `arn` (its first), once it started.
fn map_run_of(client: &mut Client, arn: &str) -> String {
    until("the Map Run", || {
        let runs = client.ok("ListMapRuns", &json!({"executionArn": arn}));
        runs["mapRuns"][0]["mapRunArn"].as_str().map(str::to_owned)
    })
}

/// The children of the Map Run `map_run` by status, listed through `ListExecutions`.
fn children(client: &mut Client, map_run: &str) -> Vec<(String, String)> {
    let listed = client.ok("ListExecutions", &json!({"mapRunArn": map_run}));
    listed["executions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["executionArn"].as_str().unwrap_or_default().to_owned(),
                c["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn counts(children: &[(String, String)]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for (_, status) in children {
        *counts.entry(status.clone()).or_insert(0) += 1;
    }
    counts
}

/// The Map Run `map_run` once its first child ended and the other two wait on their tokens:
/// the children's tokens, each read from its history while the Map Run runs.
fn waiting_children(client: &mut Client, map_run: &str) -> Vec<String> {
    let listed = until("one child done and two waiting", || {
        let listed = children(client, map_run);
        (counts(&listed) == BTreeMap::from([("RUNNING".into(), 2), ("SUCCEEDED".into(), 1)]))
            .then_some(listed)
    });
    listed
        .iter()
        .filter(|(_, status)| status == "RUNNING")
        .map(|(arn, _)| {
            let described = client.ok("DescribeExecution", &json!({"executionArn": arn}));
            assert_eq!(described["status"], "RUNNING", "{described}");
            assert_eq!(described["mapRunArn"], map_run, "{described}");
            until("the child's token", || token_of(&history(client, arn)))
        })
        .collect()
}

/// The executions a test runs, started on the first server.
struct Started {
    waiter: String,
    long: String,
    asker: String,
    retrier: String,
    mapper: String,
}

impl Started {
    /// One execution of each machine (`machines`, as [`create_machines`] gives them), named
    /// with `suffix`.
    fn each(client: &mut Client, machines: &[String; 5], suffix: &str) -> Started {
        let [waiter, long, asker, retrier, mapper] = machines;
        let mut one = |machine: &str, name: &str, input: Value| {
            start(client, machine, &format!("{name}{suffix}"), input)
        };
        Started {
            waiter: one(waiter, "w", json!({})),
            long: one(long, "l", json!({})),
            asker: one(asker, "a", json!({})),
            retrier: one(retrier, "r", json!({})),
            mapper: one(mapper, "m", json!([1, 2, 3])),
        }
    }

    /// Their ARNs, in the order of the fields.
    fn arns(&self) -> [&String; 5] {
        [
            &self.waiter,
            &self.long,
            &self.asker,
            &self.retrier,
            &self.mapper,
        ]
    }
}

/// The machines' ARNs: waiter, long, asker, retrier (with its test case), mapper.
fn create_machines(client: &mut Client) -> [String; 5] {
    let mut arn = |name: &str, definition: &str| {
        client.ok(
            "CreateStateMachine",
            &json!({"name": name, "definition": definition, "roleArn": ROLE}),
        )["stateMachineArn"]
            .as_str()
            .expect("an ARN")
            .to_owned()
    };
    [
        arn("Waiter", WAITER),
        arn("Long", LONG),
        arn("Asker", ASKER),
        format!("{}#Flaky", arn("Retrier", RETRIER)),
        arn("Mapper", MAPPER),
    ]
}

/// A server on `dir` with the mock configuration `mocks`.
fn server(dir: &str, mocks: &str) -> (Child, Client) {
    let (child, address) = serve_process(&["--data", dir, "--mock-config", mocks]);
    (child, Client::connect(&address))
}

/// Runs every kind of execution on a server, signals it with `signal` (`KILL` or `TERM`) while
/// they run, starts another on its directory, and checks that each ends as the uninterrupted
/// run ends. Returns how long the first server took to exit.
fn resumes_after(signal: &str) -> Duration {
    let data = tempfile::tempdir().expect("a data directory");
    let dir = data.path().to_str().expect("a UTF-8 path").to_owned();
    let mocks = data.path().join("mocks.json");
    std::fs::write(&mocks, MOCKS).expect("write the mock configuration");
    let mocks = mocks.to_str().expect("a UTF-8 path").to_owned();
    let (mut first, mut client) = server(&dir, &mocks);
    let machines = create_machines(&mut client);
    let started = Started::each(&mut client, &machines, "");
    // Each where it waits: what a client saw of each before the signal.
    let asker_token = until("the callback's token", || {
        token_of(&history(&mut client, &started.asker))
    });
    let map_run = map_run_of(&mut client, &started.mapper);
    let child_tokens = waiting_children(&mut client, &map_run);
    until("the first attempt's failure", || {
        types(&history(&mut client, &started.retrier))
            .contains(&"TaskFailed".to_owned())
            .then_some(())
    });
    let wait_entered = until("the Wait", || {
        history(&mut client, &started.waiter)
            .iter()
            .find(|e| e["type"] == "WaitStateEntered")
            .and_then(|e| e["timestamp"].as_f64())
    });
    // Half the Wait gone: a Wait started again would end 1.5 s later than its deadline.
    let half = wait_entered + 1.5 - now_seconds();
    if half > 0.0 {
        std::thread::sleep(Duration::from_secs_f64(half));
    }
    let arns = started.arns();
    let seen: Vec<Vec<Value>> = arns.iter().map(|a| history(&mut client, a)).collect();
    let map_run_before = client.ok("DescribeMapRun", &json!({"mapRunArn": map_run}));
    let killed = Command::new("kill")
        .args([&format!("-{signal}"), &first.id().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    let exit = exit_time(&mut first);

    let (mut second, mut client) = server(&dir, &mocks);
    let restarted = now_seconds();
    // The Map Run runs on, under its ARN, with its finished child and its counts.
    let described = client.ok("DescribeMapRun", &json!({"mapRunArn": map_run}));
    assert_eq!(described["status"], "RUNNING", "{described}");
    assert_eq!(described["executionCounts"]["succeeded"], 1, "{described}");
    assert_eq!(described["executionCounts"]["running"], 2, "{described}");
    assert_eq!(described["executionCounts"]["total"], 3, "{described}");
    assert_eq!(
        described["startDate"], map_run_before["startDate"],
        "{described} {map_run_before}"
    );
    let listed = children(&mut client, &map_run);
    assert_eq!(
        counts(&listed),
        BTreeMap::from([("RUNNING".into(), 2), ("SUCCEEDED".into(), 1)]),
        "{listed:?}"
    );
    for arn in [&started.long, &started.asker, &started.mapper] {
        assert_eq!(status(&mut client, arn), "RUNNING", "{arn}");
    }
    // The tokens issued before the restart answer the tasks after it.
    client.ok(
        "SendTaskSuccess",
        &json!({"taskToken": asker_token, "output": r#"{"approved": true}"#}),
    );
    for (n, token) in child_tokens.iter().enumerate() {
        client.ok(
            "SendTaskSuccess",
            &json!({"taskToken": token, "output": json!({"answer": n}).to_string()}),
        );
    }
    client.ok(
        "StopExecution",
        &json!({"executionArn": started.long, "cause": "a client stopped it"}),
    );
    let outcomes: Vec<Value> = arns.iter().map(|a| ended(&mut client, a)).collect();
    let after: Vec<Vec<Value>> = arns.iter().map(|a| history(&mut client, a)).collect();

    // The uninterrupted runs: the same executions started afresh, answered the same way.
    let control = Started::each(&mut client, &machines, "2");
    let token = until("the callback's token", || {
        token_of(&history(&mut client, &control.asker))
    });
    client.ok(
        "SendTaskSuccess",
        &json!({"taskToken": token, "output": r#"{"approved": true}"#}),
    );
    let control_run = map_run_of(&mut client, &control.mapper);
    for (n, token) in waiting_children(&mut client, &control_run)
        .iter()
        .enumerate()
    {
        client.ok(
            "SendTaskSuccess",
            &json!({"taskToken": token, "output": json!({"answer": n}).to_string()}),
        );
    }
    // The stopped one is stopped once it waits.
    until("the control Wait", || {
        types(&history(&mut client, &control.long))
            .contains(&"WaitStateEntered".to_owned())
            .then_some(())
    });
    client.ok(
        "StopExecution",
        &json!({"executionArn": control.long, "cause": "a client stopped it"}),
    );
    let control_arns = control.arns();
    let control_outcomes: Vec<Value> = control_arns.iter().map(|a| ended(&mut client, a)).collect();
    let control_after: Vec<Vec<Value>> = control_arns
        .iter()
        .map(|a| history(&mut client, a))
        .collect();

    for (i, arn) in arns.iter().enumerate() {
        let (outcome, expected) = (&outcomes[i], &control_outcomes[i]);
        assert_eq!(outcome["status"], expected["status"], "{arn}: {outcome}");
        assert_eq!(outcome["output"], expected["output"], "{arn}: {outcome}");
        assert_eq!(outcome["cause"], expected["cause"], "{arn}: {outcome}");
        let events = &after[i];
        assert_eq!(
            types(events),
            types(&control_after[i]),
            "{arn}: the events of the uninterrupted run"
        );
        // What a client saw before the signal, then the next events, numbered on.
        assert_eq!(events[..seen[i].len()], seen[i][..], "{arn}");
        for (n, event) in events.iter().enumerate() {
            assert_eq!(event["id"], n + 1, "{arn}: {event}");
        }
        assert!(
            !types(events).contains(&"ExecutionRedriven".to_owned()),
            "{arn}"
        );
    }
    assert_eq!(outcomes[0]["status"], "SUCCEEDED");
    assert_eq!(outcomes[1]["status"], "ABORTED");
    assert_eq!(outcomes[2]["output"], r#"{"approved":true}"#);
    // The Wait kept its deadline: it ended 3 s after it began, or at once after the restart
    // when that was later, never 3 s after the restart.
    let exited = after[0]
        .iter()
        .find(|e| e["type"] == "WaitStateExited")
        .and_then(|e| e["timestamp"].as_f64())
        .expect("the Wait ended");
    assert!(exited >= wait_entered + 3.0, "{exited} {wait_entered}");
    assert!(
        exited < (wait_entered + 3.0).max(restarted) + 1.0,
        "the Wait began at {wait_entered}, the server restarted at {restarted}, and it ended at {exited}"
    );
    // The Map Run ended with its three children, the first kept from before the restart.
    let described = client.ok("DescribeMapRun", &json!({"mapRunArn": map_run}));
    assert_eq!(described["status"], "SUCCEEDED", "{described}");
    assert_eq!(described["executionCounts"]["succeeded"], 3, "{described}");
    assert_eq!(
        counts(&children(&mut client, &map_run)),
        BTreeMap::from([("SUCCEEDED".into(), 3)])
    );
    let _ = second.kill();
    let _ = second.wait();
    exit
}

#[test]
fn kill_9_resumes_every_execution_the_server_ran() {
    resumes_after("KILL");
}

#[test]
fn sigterm_resumes_every_execution_the_server_ran_and_exits_within_five_seconds() {
    let exit = resumes_after("TERM");
    assert!(exit < Duration::from_secs(5), "SIGTERM took {exit:?}");
}

/// A Distributed Map whose children each run an activity's task.
fn activity_mapper(activity: &str) -> String {
    format!(
        r#"{{"StartAt": "Each", "States": {{"Each": {{"Type": "Map", "MaxConcurrency": 2,
        "ItemProcessor": {{"ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}},
          "StartAt": "Work", "States": {{"Work": {{"Type": "Task", "Resource": "{activity}", "End": true}}}}}},
        "End": true}}}}}}"#
    )
}

#[test]
fn a_running_map_runs_children_are_listed_described_and_answered_through_the_api() {
    let (mut server, address) = serve_process(&[]);
    let mut client = Client::connect(&address);
    let activity = client.ok("CreateActivity", &json!({"name": "Review"}))["activityArn"]
        .as_str()
        .expect("an activity ARN")
        .to_owned();
    let machine = client.ok(
        "CreateStateMachine",
        &json!({"name": "Reviews", "definition": activity_mapper(&activity), "roleArn": ROLE}),
    )["stateMachineArn"]
        .as_str()
        .expect("an ARN")
        .to_owned();
    let execution = start(
        &mut client,
        &machine,
        "reviews",
        json!([{"doc": 1}, {"doc": 2}]),
    );
    let map_run = map_run_of(&mut client, &execution);
    let listed = until("both children running", || {
        let listed = children(&mut client, &map_run);
        (listed.len() == 2).then_some(listed)
    });
    assert_eq!(counts(&listed), BTreeMap::from([("RUNNING".into(), 2)]));
    let running = client.ok(
        "ListExecutions",
        &json!({"mapRunArn": map_run, "statusFilter": "SUCCEEDED"}),
    );
    assert_eq!(running["executions"], json!([]), "{running}");
    for (arn, _) in &listed {
        let described = client.ok("DescribeExecution", &json!({"executionArn": arn}));
        assert_eq!(described["status"], "RUNNING", "{described}");
        assert_eq!(described["mapRunArn"], map_run, "{described}");
        assert!(
            described["input"]
                .as_str()
                .is_some_and(|i| i.contains("doc"))
        );
        let events = until("the child's activity task", || {
            let events = history(&mut client, arn);
            types(&events)
                .contains(&"ActivityScheduled".to_owned())
                .then_some(events)
        });
        assert_eq!(events[0]["type"], "ExecutionStarted");
    }
    // Each child's task is the activity's worker's, through the API.
    for n in 0..2 {
        let task = client.ok(
            "GetActivityTask",
            &json!({"activityArn": activity, "workerName": "w"}),
        );
        let token = task["taskToken"].as_str().expect("a task for the worker");
        let input: Value =
            serde_json::from_str(task["input"].as_str().expect("its input")).expect("JSON input");
        assert!(input["doc"].is_number(), "{input}");
        client.ok(
            "SendTaskSuccess",
            &json!({"taskToken": token, "output": json!({"reviewed": n}).to_string()}),
        );
    }
    let outcome = ended(&mut client, &execution);
    assert_eq!(outcome["status"], "SUCCEEDED", "{outcome}");
    assert_eq!(
        counts(&children(&mut client, &map_run)),
        BTreeMap::from([("SUCCEEDED".into(), 2)])
    );
    let _ = server.kill();
    let _ = server.wait();
}

#[test]
fn a_map_runs_update_acknowledged_before_a_kill_holds_after_the_restart() {
    let data = tempfile::tempdir().expect("a data directory");
    let dir = data.path().to_str().expect("a UTF-8 path").to_owned();
    let (mut first, address) = serve_process(&["--data", &dir]);
    let mut client = Client::connect(&address);
    // Children that each wait for a callback, one at a time, until the update.
    let definition = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 1,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
          "StartAt": "Ask", "States": {"Ask": {"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
            "End": true}}}, "End": true}}}"#;
    let machine = client.ok(
        "CreateStateMachine",
        &json!({"name": "Updated", "definition": definition, "roleArn": ROLE}),
    )["stateMachineArn"]
        .as_str()
        .expect("an ARN")
        .to_owned();
    let execution = start(&mut client, &machine, "updated", json!([1, 2, 3, 4, 5]));
    let map_run = map_run_of(&mut client, &execution);
    let running = |client: &mut Client| {
        counts(&children(client, &map_run))
            .get("RUNNING")
            .copied()
            .unwrap_or(0)
    };
    until("one child running", || {
        (running(&mut client) == 1).then_some(())
    });
    client.ok(
        "UpdateMapRun",
        &json!({"mapRunArn": map_run, "maxConcurrency": 3}),
    );
    until("three children running", || {
        (running(&mut client) == 3).then_some(())
    });
    let _ = first.kill();
    let _ = first.wait();
    // The restarted Map Run runs with the update: three children at once, not one.
    let (mut second, address) = serve_process(&["--data", &dir]);
    let mut client = Client::connect(&address);
    let described = until("the resumed Map Run with its update", || {
        let described = client.ok("DescribeMapRun", &json!({"mapRunArn": map_run}));
        (described["maxConcurrency"] == 3).then_some(described)
    });
    assert_eq!(described["itemCounts"]["running"], 3, "{described}");
    assert_eq!(described["itemCounts"]["pending"], 2, "{described}");
    let _ = second.kill();
    let _ = second.wait();
}
