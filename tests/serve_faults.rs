//! `workflow serve` under faults: SIGTERM and `kill -9` of a server running many executions
//! while clients keep starting more on keep-alive connections, and a stop while requests are
//! in flight. What the server acknowledged is kept, its exit on SIGTERM is prompt, and nothing
//! it acknowledged ends FAILED for the server's own sake. The clients speak raw HTTP/1.1 over
//! loopback, so that what the server does with a connection (keep it, or close it after the
//! answer) is seen as it is; every read has a deadline of its own.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use workflow_serve::Server;

pub(super) const ROLE: &str = "arn:aws:iam::123456789012:role/test";

/// How long a test waits for an answer that must come before it fails.
pub(super) const PATIENCE: Duration = Duration::from_secs(20);

/// A state machine whose executions wait 30 s (real time): they run when the server stops.
const WAITER: &str =
    r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": true}}}"#;

/// An answer: its status, whether it closes the connection (`Connection: close`), its body.
pub(super) struct Answer {
    pub(super) status: u16,
    closes: bool,
    pub(super) body: Value,
}

/// One keep-alive HTTP/1.1 connection speaking AWS JSON 1.0.
pub(super) struct Client {
    address: String,
    stream: BufReader<TcpStream>,
}

impl Client {
    pub(super) fn connect(address: &str) -> Client {
        let stream = TcpStream::connect(address).expect("connect");
        stream
            .set_read_timeout(Some(PATIENCE))
            .expect("a read timeout");
        Client {
            address: address.to_owned(),
            stream: BufReader::new(stream),
        }
    }

    /// Calls `operation` on this connection; `None` when the connection is closed (or fails).
    pub(super) fn call(&mut self, operation: &str, request: &Value) -> Option<Answer> {
        let body = request.to_string();
        let head = format!(
            "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AWSStepFunctions.{operation}\r\nContent-Length: {}\r\n\r\n",
            self.address,
            body.len()
        );
        let stream = self.stream.get_mut();
        stream.write_all(head.as_bytes()).ok()?;
        stream.write_all(body.as_bytes()).ok()?;
        let mut line = String::new();
        if self.stream.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let status = line.split_whitespace().nth(1)?.parse().ok()?;
        let (mut length, mut closes) = (0, false);
        loop {
            line.clear();
            self.stream.read_line(&mut line).ok()?;
            let header = line.trim_end().to_ascii_lowercase();
            if header.is_empty() {
                break;
            }
            if let Some(n) = header.strip_prefix("content-length:") {
                length = n.trim().parse().ok()?;
            }
            if let Some(v) = header.strip_prefix("connection:") {
                closes = v.split(',').any(|t| t.trim() == "close");
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).ok()?;
        Some(Answer {
            status,
            closes,
            body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        })
    }

    /// Calls `operation`, which must succeed.
    pub(super) fn ok(&mut self, operation: &str, request: &Value) -> Value {
        let answer = self
            .call(operation, request)
            .unwrap_or_else(|| panic!("{operation}: the connection closed"));
        assert_eq!(answer.status, 200, "{operation}: {}", answer.body);
        answer.body
    }

    /// Whether the server closed this connection (within `PATIENCE`).
    fn closed(&mut self) -> bool {
        let mut rest = Vec::new();
        match self.stream.read_to_end(&mut rest) {
            Ok(_) => true,
            Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
        }
    }
}

/// `workflow serve --port 0 ARGS` as a process, and the address its first line names
/// (`HOST:PORT`).
pub(super) fn serve_process(args: &[&str]) -> (Child, String) {
    let (child, endpoint) = super::serve::serve_process(args);
    let address = endpoint
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("an HTTP endpoint: {endpoint}"))
        .to_owned();
    (child, address)
}

/// Waits for `child` to exit (for at most `PATIENCE`): how long it took.
pub(super) fn exit_time(child: &mut Child) -> Duration {
    let began = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("poll the server") {
            assert!(
                status.success() || status.code().is_none(),
                "workflow serve exited with {status:?}"
            );
            return began.elapsed();
        }
        assert!(
            began.elapsed() < PATIENCE,
            "workflow serve did not exit within {PATIENCE:?}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A start a client saw acknowledged: the execution's ARN, which client sent it, and whether
/// its request was sent after the signal.
struct Acknowledged {
    arn: String,
    client: usize,
    sent_after_signal: bool,
}

/// Starts executions of `machine` from `clients` keep-alive connections for `load`, then
/// signals the server with `signal` (`TERM` or `KILL`) while they go on: every start
/// acknowledged, and how long the server took to exit.
fn starts_then_signal(
    server: &mut Child,
    address: &str,
    machine: &str,
    clients: usize,
    load: Duration,
    signal: &str,
) -> (Vec<Acknowledged>, Duration) {
    let signalled = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..clients)
        .map(|client| {
            let (address, machine, signalled) = (
                address.to_owned(),
                machine.to_owned(),
                Arc::clone(&signalled),
            );
            std::thread::spawn(move || {
                let mut connection = Client::connect(&address);
                let mut acknowledged = Vec::new();
                for i in 0.. {
                    let sent_after_signal = signalled.load(Ordering::SeqCst);
                    let request =
                        json!({"stateMachineArn": machine, "name": format!("c{client}-{i}")});
                    let Some(answer) = connection.call("StartExecution", &request) else {
                        break;
                    };
                    let Some(arn) = answer.body["executionArn"].as_str() else {
                        break;
                    };
                    acknowledged.push(Acknowledged {
                        arn: arn.to_owned(),
                        client,
                        sent_after_signal,
                    });
                    if answer.closes {
                        break;
                    }
                }
                acknowledged
            })
        })
        .collect();
    std::thread::sleep(load);
    let killed = Command::new("kill")
        .args([&format!("-{signal}"), &server.id().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    signalled.store(true, Ordering::SeqCst);
    let exit = exit_time(server);
    let acknowledged = workers
        .into_iter()
        .flat_map(|w| w.join().expect("a client"))
        .collect();
    (acknowledged, exit)
}

/// Every execution of `machine` the server at `address` lists, with its status.
fn statuses(address: &str, machine: &str) -> std::collections::HashMap<String, String> {
    let mut client = Client::connect(address);
    let mut all = std::collections::HashMap::new();
    let mut token: Option<String> = None;
    loop {
        let mut request = json!({"stateMachineArn": machine, "maxResults": 1000});
        if let Some(t) = &token {
            request["nextToken"] = json!(t);
        }
        let page = client.ok("ListExecutions", &request);
        for row in page["executions"].as_array().into_iter().flatten() {
            all.insert(
                row["executionArn"].as_str().unwrap_or_default().to_owned(),
                row["status"].as_str().unwrap_or_default().to_owned(),
            );
        }
        match page["nextToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => return all,
        }
    }
}

/// A server with `--data` running `WAITER`: the process, its address, the data directory and
/// the machine's ARN.
fn waiting_server() -> (Child, String, tempfile::TempDir, String) {
    let data = tempfile::tempdir().expect("a data directory");
    let dir = data.path().to_str().expect("a UTF-8 path").to_owned();
    let (server, address) = serve_process(&["--data", &dir]);
    let machine = create_waiter(&mut Client::connect(&address));
    (server, address, data, machine)
}

/// Creates the state machine `Waiter` (`WAITER`) through `client`: its ARN.
fn create_waiter(client: &mut Client) -> String {
    client.ok(
        "CreateStateMachine",
        &json!({"name": "Waiter", "definition": WAITER, "roleArn": ROLE}),
    )["stateMachineArn"]
        .as_str()
        .expect("an ARN")
        .to_owned()
}

/// Asserts that a server restarted on `data` lists every one of `acknowledged`, RUNNING still:
/// neither stopped by the server that went away (ABORTED) nor failed for its sake.
fn all_running_after_restart(
    data: &tempfile::TempDir,
    machine: &str,
    acknowledged: &[Acknowledged],
) {
    let kept = after_restart(data, machine, acknowledged);
    assert_eq!(kept.values().sum::<usize>(), acknowledged.len(), "{kept:?}");
    assert_eq!(kept.keys().collect::<Vec<_>>(), ["RUNNING"], "{kept:?}");
}

/// How many of `acknowledged` the restarted server on `data` lists, by status; every one must
/// be there.
fn after_restart(
    data: &tempfile::TempDir,
    machine: &str,
    acknowledged: &[Acknowledged],
) -> std::collections::BTreeMap<String, usize> {
    let dir = data.path().to_str().expect("a UTF-8 path");
    let (mut restarted, address) = serve_process(&["--data", dir]);
    let listed = statuses(&address, machine);
    let _ = restarted.kill();
    let _ = restarted.wait();
    let mut by_status = std::collections::BTreeMap::new();
    for a in acknowledged {
        let status = listed
            .get(&a.arn)
            .unwrap_or_else(|| panic!("{} was acknowledged, and is lost", a.arn));
        *by_status.entry(status.clone()).or_insert(0) += 1;
    }
    by_status
}

#[test]
fn sigterm_under_load_exits_within_five_seconds_answering_only_the_requests_in_flight() {
    const CLIENTS: usize = 4;
    let (mut server, address, data, machine) = waiting_server();
    let (acknowledged, exit) = starts_then_signal(
        &mut server,
        &address,
        &machine,
        CLIENTS,
        Duration::from_millis(1500),
        "TERM",
    );
    assert!(exit < Duration::from_secs(5), "SIGTERM took {exit:?}");
    assert!(
        acknowledged.len() > 20,
        "{} starts acknowledged",
        acknowledged.len()
    );
    // A keep-alive connection answers at most the request it had in flight: its last answer.
    for client in 0..CLIENTS {
        let late = acknowledged
            .iter()
            .filter(|a| a.client == client && a.sent_after_signal)
            .count();
        assert!(
            late <= 1,
            "client {client}: {late} starts sent after SIGTERM were acknowledged"
        );
    }
    all_running_after_restart(&data, &machine, &acknowledged);
}

#[test]
fn kill_9_under_load_keeps_every_acknowledged_start() {
    let (mut server, address, data, machine) = waiting_server();
    let (acknowledged, _) = starts_then_signal(
        &mut server,
        &address,
        &machine,
        4,
        Duration::from_millis(1500),
        "KILL",
    );
    assert!(acknowledged.len() > 20, "{}", acknowledged.len());
    all_running_after_restart(&data, &machine, &acknowledged);
}

#[test]
fn a_second_server_on_one_data_directory_is_refused_naming_the_first_ones_pid() {
    let (mut first, address, data, machine) = waiting_server();
    let dir = data.path().to_str().expect("a UTF-8 path").to_owned();
    let started = Client::connect(&address).ok(
        "StartExecution",
        &json!({"stateMachineArn": machine, "name": "first"}),
    );
    let second = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["serve", "--port", "0", "--data", &dir])
        .output()
        .expect("run a second workflow serve");
    assert_eq!(second.status.code(), Some(2), "{second:?}");
    assert!(second.stdout.is_empty(), "it never listened: {second:?}");
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains(&format!(
            "in use by another workflow serve (PID {})",
            first.id()
        )),
        "{stderr}"
    );
    // In a process of its own too, through the library.
    let refused = Server::builder()
        .port(0)
        .data_dir(data.path())
        .start()
        .expect_err("a second server in this process");
    assert!(
        refused
            .to_string()
            .contains("in use by another workflow serve"),
        "{refused}"
    );
    // The first one was not disturbed: its execution runs, and it creates what it is asked.
    let mut client = Client::connect(&address);
    let described = client.ok(
        "DescribeExecution",
        &json!({"executionArn": started["executionArn"]}),
    );
    assert_eq!(described["status"], "RUNNING");
    client.ok(
        "CreateStateMachine",
        &json!({"name": "Other", "definition": WAITER, "roleArn": ROLE}),
    );
    // Its lock goes with it, however it ends: after `kill -9` the next server starts.
    first.kill().expect("kill -9 the first");
    let _ = first.wait();
    let (mut next, address) = serve_process(&["--data", &dir]);
    let listed = statuses(&address, &machine);
    assert_eq!(
        listed
            .get(started["executionArn"].as_str().unwrap_or_default())
            .map(String::as_str),
        Some("RUNNING")
    );
    let _ = next.kill();
    let _ = next.wait();
}

#[test]
fn a_server_shut_down_in_process_hands_its_data_directory_to_the_next() {
    let data = tempfile::tempdir().expect("a data directory");
    let first = Server::builder()
        .port(0)
        .data_dir(data.path())
        .start()
        .expect("serve");
    let mut client = Client::connect(&first.local_addr().to_string());
    let machine = create_waiter(&mut client);
    let started = client.ok(
        "StartExecution",
        &json!({"stateMachineArn": machine, "name": "w"}),
    );
    // What a client was shown of it (its run writes its first events as it gets to them).
    let seen = seen_until_waiting(&mut client, &started["executionArn"]);
    first.shut_down();
    let next = Server::builder()
        .port(0)
        .data_dir(data.path())
        .start()
        .expect("the directory is free once the first stopped");
    assert_eq!(next.resumed_executions(), 1);
    let mut client = Client::connect(&next.local_addr().to_string());
    let described = client.ok(
        "DescribeExecution",
        &json!({"executionArn": started["executionArn"]}),
    );
    assert_eq!(described["status"], "RUNNING", "{described}");
    let history = client.ok(
        "GetExecutionHistory",
        &json!({"executionArn": started["executionArn"]}),
    );
    assert_eq!(
        history["events"], seen,
        "every event a client was shown, and no other"
    );
}

/// The events of the execution `arn` once its history shows it waiting (`WaitStateEntered`),
/// read through `client` (within `PATIENCE`).
fn seen_until_waiting(client: &mut Client, arn: &Value) -> Value {
    let began = Instant::now();
    loop {
        let history = client.ok("GetExecutionHistory", &json!({"executionArn": arn}));
        let kinds: Vec<&str> = history["events"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["type"].as_str())
            .collect();
        if kinds == ["ExecutionStarted", "WaitStateEntered"] {
            return history["events"].clone();
        }
        assert!(began.elapsed() < PATIENCE, "never waiting: {history}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_stopping_server_closes_idle_connections_and_answers_the_request_in_flight_with_connection_close()
 {
    let server = Server::builder()
        .port(0)
        .activity_poll(Duration::from_secs(60))
        .start()
        .expect("serve");
    let address = server.local_addr().to_string();
    let mut idle = Client::connect(&address);
    let activity = idle.ok("CreateActivity", &json!({"name": "Review"}))["activityArn"]
        .as_str()
        .expect("an ARN")
        .to_owned();
    // A long poll in flight on another connection when the server stops.
    let polling = std::thread::spawn(move || {
        let mut poller = Client::connect(&address);
        let asked = Instant::now();
        let answer = poller.call("GetActivityTask", &json!({"activityArn": activity}));
        let answer = answer.expect("the request in flight is answered");
        (
            answer.status,
            answer.closes,
            answer.body,
            asked.elapsed(),
            poller.closed(),
        )
    });
    std::thread::sleep(Duration::from_millis(300));
    let stopping = Instant::now();
    server.shut_down();
    let stopped = stopping.elapsed();
    let (status, closes, body, waited, poller_closed) = polling.join().expect("the poller");
    assert_eq!((status, &body), (200, &json!({})), "no task: the poll ends");
    assert!(closes, "the answer in flight says `Connection: close`");
    assert!(poller_closed, "and its connection closes after it");
    assert!(
        waited < Duration::from_secs(5),
        "the poll waited {waited:?}"
    );
    assert!(
        stopped < Duration::from_secs(5),
        "the stop took {stopped:?}"
    );
    assert!(idle.closed(), "an idle keep-alive connection is closed");
}
