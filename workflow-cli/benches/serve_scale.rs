//! `workflow serve` under load (issue "The engine as a core with hosts, and `workflow serve` as
//! a server that holds under load"): a `workflow serve` process driven over loopback by plain
//! HTTP/1.1 requests of AWS's JSON protocol, measuring
//!
//! - `memory`: resident memory per finished execution, 10,000 executions of a 2-state and of a
//!   40-state machine, in memory and with `--data`, and after a restart with `--data` (goal:
//!   ≤ 2 KiB and ≤ 8 KiB);
//! - `threads`: the server's threads with 1,000 and 10,000 executions waiting at once (goal:
//!   ≤ 64 at 1,000);
//! - `start`: 16 clients starting one name at once, 30 rounds (goal: one execution a round,
//!   no input lost, identical inputs answered as one start);
//! - `kill`: executions in real time whose histories are read while they run, then `kill -9`:
//!   the events read before that are missing after the restart, and the executions read
//!   SUCCEEDED that come back otherwise (goal: 0 and 0);
//! - `idle`: idle connections past the descriptor limit (`ulimit -n 256`, 400 connections):
//!   the server's CPU while they idle, and whether it answers a call meanwhile;
//! - `stop`: 8 clients starting executions (a 30 s Wait each, real time) on keep-alive
//!   connections, then SIGTERM (and, apart, `kill -9`): how long the server takes to exit, how
//!   many starts it acknowledged after the signal, and how each acknowledged execution is found
//!   after a restart on the same data directory (goal: < 5 s, none but those in flight, every
//!   one kept and none FAILED);
//! - `pages`: `ListExecutions` and `ListStateMachines` paged 50 at a time while 4 clients start
//!   executions and create and delete state machines: rows repeated within one listing, and
//!   rows missed that existed from its first page to its last (goal: 0 and 0);
//! - `two`: a second `workflow serve --data` on the directory of a running one: whether it
//!   starts, and what it says;
//! - `push`: what waiting costs, with `--data`: `SendTaskSuccess` latency among N executions
//!   waiting for a callback, a long-polling `GetActivityTask` worker's wake-up latency after the
//!   `StartExecution` that schedules its task (N waiting beside it), `TestState` requests a
//!   second from 8 clients, and resident memory per running execution (a callback waiting) and
//!   per finished one; for `WORKFLOW_BEFORE_BIN` too when it names another build (an older
//!   commit's, side by side in one run);
//! - `children`: resident memory per running execution whose Distributed Map has 200 STANDARD
//!   children, each waiting for a callback (20 such executions, 4,000 children), in memory and
//!   with `--data`; a child's history read while it waits, to show it is answered; for
//!   `WORKFLOW_BEFORE_BIN` too, side by side.
//!
//! `cargo bench -p workflow-cli --bench serve_scale [-- PART…]` (default: every part). The
//! binary measured is the bench's own `workflow` unless `WORKFLOW_BIN` names another (to
//! measure an older build side by side in one run). Figures, not a test: nothing here fails on
//! a slow machine.

#[path = "../../workflow-runtime/benches/support/proc_status.rs"]
mod proc_status;

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ROLE: &str = "arn:aws:iam::123456789012:role/bench";

/// One keep-alive connection speaking AWS JSON 1.0.
struct Connection {
    address: String,
    stream: Option<BufReader<TcpStream>>,
}

impl Connection {
    fn new(address: &str) -> Self {
        Connection {
            address: address.to_owned(),
            stream: None,
        }
    }

    /// Calls `operation` with `body`: the status and the answer (`Null` when the connection
    /// failed, after one retry on a fresh connection).
    fn call(&mut self, operation: &str, body: &Value) -> (u16, Value) {
        for _ in 0..2 {
            if let Some(answer) = self.try_call(operation, body) {
                return answer;
            }
            self.stream = None;
        }
        (0, Value::Null)
    }

    fn try_call(&mut self, operation: &str, body: &Value) -> Option<(u16, Value)> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(&self.address).ok()?;
            stream
                .set_read_timeout(Some(Duration::from_secs(60)))
                .ok()?;
            self.stream = Some(BufReader::new(stream));
        }
        let reader = self.stream.as_mut()?;
        let text = body.to_string();
        let request = format!(
            "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AWSStepFunctions.{operation}\r\nContent-Length: {}\r\n\r\n{text}",
            self.address,
            text.len()
        );
        reader.get_mut().write_all(request.as_bytes()).ok()?;
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let status: u16 = line.split_whitespace().nth(1)?.parse().ok()?;
        let mut length = 0usize;
        loop {
            line.clear();
            reader.read_line(&mut line).ok()?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().ok()?;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        Some((status, serde_json::from_slice(&body).unwrap_or(Value::Null)))
    }
}

/// The `workflow` binary measured.
fn binary() -> String {
    std::env::var("WORKFLOW_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_workflow").to_owned())
}

/// A `workflow serve` process and its address.
struct Served {
    child: Child,
    address: String,
}

impl Served {
    fn start(args: &[&str]) -> Served {
        Served::start_with(&binary(), args, None)
    }

    /// Started through `sh` with `ulimit -n limit` first, when given.
    fn start_with(binary: &str, args: &[&str], descriptors: Option<u32>) -> Served {
        let mut command = match descriptors {
            Some(limit) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!("ulimit -n {limit} && exec \"$0\" \"$@\""))
                    .arg(binary);
                sh
            }
            None => Command::new(binary),
        };
        let mut child = command
            .args(["serve", "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start workflow serve");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the address line");
        let address = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("workflow serve did not start: {line:?}"))
            .to_owned();
        Served { child, address }
    }

    fn connection(&self) -> Connection {
        Connection::new(&self.address)
    }

    /// A line of its `/proc/PID/status` in KiB (`VmRSS`), or the thread count.
    fn status(&self, key: &str) -> f64 {
        proc_status::proc_status(&self.child.id().to_string(), key).unwrap_or(f64::NAN)
    }

    fn rss_kib(&self) -> f64 {
        self.status("VmRSS")
    }

    fn threads(&self) -> f64 {
        self.status("Threads")
    }

    /// The process's CPU time so far, in seconds.
    fn cpu_seconds(&self) -> f64 {
        std::fs::read_to_string(format!("/proc/{}/stat", self.child.id()))
            .ok()
            .and_then(|s| {
                let after = s.rsplit_once(')')?.1;
                let fields: Vec<&str> = after.split_whitespace().collect();
                let user: f64 = fields.get(11)?.parse().ok()?;
                let system: f64 = fields.get(12)?.parse().ok()?;
                Some((user + system) / 100.0)
            })
            .unwrap_or(f64::NAN)
    }

    /// Stops it with SIGTERM (or SIGKILL when `kill`).
    fn stop(mut self, kill: bool) {
        if kill {
            let _ = self.child.kill();
        } else {
            let _ = Command::new("kill")
                .arg(self.child.id().to_string())
                .status();
        }
        let _ = self.child.wait();
    }
}

/// Creates the state machine `name`; its ARN.
fn create(connection: &mut Connection, name: &str, definition: &Value) -> String {
    let (status, answer) = connection.call(
        "CreateStateMachine",
        &json!({"name": name, "definition": definition.to_string(), "roleArn": ROLE}),
    );
    assert_eq!(status, 200, "CreateStateMachine: {answer}");
    answer["stateMachineArn"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// A chain of `states` Pass states.
fn chain(states: usize) -> Value {
    let mut all = serde_json::Map::new();
    for n in 0..states {
        let mut state = json!({"Type": "Pass", "Parameters": {"step": n, "n.$": "$.n"}});
        if n + 1 == states {
            state["End"] = json!(true);
        } else {
            state["Next"] = json!(format!("S{}", n + 1));
        }
        all.insert(format!("S{n}"), state);
    }
    json!({"StartAt": "S0", "States": all})
}

/// A Task waiting for a callback that never comes.
fn asker() -> Value {
    json!({"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}}, "End": true}}})
}

/// How many executions of `machine` have `status`.
fn count(connection: &mut Connection, machine: &str, status: &str) -> usize {
    let mut total = 0;
    let mut token: Option<String> = None;
    loop {
        let mut request =
            json!({"stateMachineArn": machine, "statusFilter": status, "maxResults": 1000});
        if let Some(t) = &token {
            request["nextToken"] = json!(t);
        }
        let (_, answer) = connection.call("ListExecutions", &request);
        total += answer["executions"].as_array().map_or(0, Vec::len);
        match answer["nextToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => return total,
        }
    }
}

/// Starts `n` executions of `machine` named `prefix-I`.
fn start_many(connection: &mut Connection, machine: &str, prefix: &str, n: usize) {
    for i in 0..n {
        let (status, answer) = connection.call(
            "StartExecution",
            &json!({"stateMachineArn": machine, "name": format!("{prefix}-{i}"), "input": json!({"n": i}).to_string()}),
        );
        assert_eq!(status, 200, "StartExecution: {answer}");
    }
}

/// Waits until no execution of `machine` runs.
fn settle(connection: &mut Connection, machine: &str) {
    let deadline = Instant::now() + Duration::from_secs(300);
    while count(connection, machine, "RUNNING") > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn memory() {
    const N: usize = 10_000;
    for states in [2, 40] {
        for with_data in [false, true] {
            let data = tempfile::tempdir().expect("a data directory");
            let dir = data.path().to_str().unwrap_or_default().to_owned();
            let args: Vec<&str> = if with_data {
                vec!["--virtual-time", "--data", &dir]
            } else {
                vec!["--virtual-time"]
            };
            let served = Served::start(&args);
            let mut connection = served.connection();
            let machine = create(&mut connection, "Chain", &chain(states));
            // Warm up (the runtime's threads, the allocator's arenas, the caches).
            start_many(&mut connection, &machine, "warm", 500);
            settle(&mut connection, &machine);
            let before = served.rss_kib();
            let started = Instant::now();
            start_many(&mut connection, &machine, "run", N);
            settle(&mut connection, &machine);
            let took = started.elapsed();
            let after = served.rss_kib();
            let succeeded = count(&mut connection, &machine, "SUCCEEDED");
            println!(
                "memory: {states:>2} states, {:<9} {N} executions ({succeeded} succeeded in all) in {:.1} s: {:.2} KiB each ({before:.0} → {after:.0} KiB)",
                if with_data { "--data," } else { "memory," },
                took.as_secs_f64(),
                (after - before) / N as f64,
            );
            if with_data {
                served.stop(false);
                let fresh = Served::start(&["--virtual-time"]);
                let empty = fresh.rss_kib();
                fresh.stop(false);
                let restarted = Served::start(&["--virtual-time", "--data", &dir]);
                let mut connection = restarted.connection();
                let listed = count(&mut connection, &machine, "SUCCEEDED");
                let rss = restarted.rss_kib();
                println!(
                    "memory: {states:>2} states, restarted, {listed} executions: {:.2} KiB each ({empty:.0} KiB empty → {rss:.0} KiB)",
                    (rss - empty) / listed.max(1) as f64,
                );
                restarted.stop(false);
            } else {
                served.stop(false);
            }
        }
    }
}

fn threads() {
    for n in [1_000, 10_000] {
        let served = Served::start(&["--virtual-time"]);
        let mut connection = served.connection();
        let machine = create(&mut connection, "Asker", &asker());
        let idle = served.threads();
        start_many(&mut connection, &machine, "wait", n);
        let running = count(&mut connection, &machine, "RUNNING");
        println!(
            "threads: {running} executions running: {} threads ({idle} with none), {:.0} KiB",
            served.threads(),
            served.rss_kib()
        );
        served.stop(true);
    }
}

fn start() {
    let served = Served::start(&["--virtual-time"]);
    let mut connection = served.connection();
    let machine = create(&mut connection, "Asker", &asker());
    let (mut extra_runs, mut lost_inputs, mut refused_same) = (0, 0, 0);
    for round in 0..30 {
        let same_input = round % 2 == 0;
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(16));
        let clients: Vec<_> = (0..16)
            .map(|client| {
                let (address, machine, barrier) =
                    (served.address.clone(), machine.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let mut connection = Connection::new(&address);
                    let input = if same_input {
                        json!({"round": round})
                    } else {
                        json!({"round": round, "client": client})
                    };
                    barrier.wait();
                    let (status, answer) = connection.call(
                        "StartExecution",
                        &json!({"stateMachineArn": machine, "name": format!("r{round}"), "input": input.to_string()}),
                    );
                    (status, answer, input)
                })
            })
            .collect();
        let answers: Vec<(u16, Value, Value)> =
            clients.into_iter().filter_map(|c| c.join().ok()).collect();
        let winners: Vec<&(u16, Value, Value)> = answers.iter().filter(|a| a.0 == 200).collect();
        let arns: std::collections::BTreeSet<&str> = winners
            .iter()
            .filter_map(|a| a.1["executionArn"].as_str())
            .collect();
        if arns.len() > 1 {
            extra_runs += arns.len() - 1;
        }
        if same_input {
            refused_same += answers.len() - winners.len();
        } else if let Some(arn) = arns.iter().next() {
            // The input the execution runs must be the one of a client that was answered.
            let (_, described) =
                connection.call("DescribeExecution", &json!({"executionArn": arn}));
            let ran: Value = serde_json::from_str(described["input"].as_str().unwrap_or("null"))
                .unwrap_or(Value::Null);
            if !winners.iter().any(|w| w.2 == ran) || winners.len() != 1 {
                lost_inputs += 1;
            }
        }
    }
    let executions = count(&mut connection, &machine, "RUNNING");
    println!(
        "start: 16 clients × 30 rounds: {executions} executions, {extra_runs} extra runs for one name, {lost_inputs} rounds whose input was lost or doubly answered, {refused_same} identical starts refused"
    );
    served.stop(true);
}

fn kill() {
    let data = tempfile::tempdir().expect("a data directory");
    let dir = data.path().to_str().unwrap_or_default().to_owned();
    let served = Served::start(&["--data", &dir]);
    let mut connection = served.connection();
    // Real time: an execution takes 4 s, a state a second.
    let mut states = serde_json::Map::new();
    for n in 0..4 {
        let mut state = json!({"Type": "Wait", "Seconds": 1});
        if n == 3 {
            state["End"] = json!(true);
        } else {
            state["Next"] = json!(format!("W{}", n + 1));
        }
        states.insert(format!("W{n}"), state);
    }
    let slow = create(
        &mut connection,
        "Slow",
        &json!({"StartAt": "W0", "States": states}),
    );
    let quick = create(&mut connection, "Quick", &chain(2));
    start_many(&mut connection, &slow, "slow", 50);
    let mut seen: Vec<(String, Vec<Value>)> = Vec::new();
    let mut succeeded: Vec<String> = Vec::new();
    let until = Instant::now() + Duration::from_millis(2500);
    let mut quick_started = 0;
    while Instant::now() < until {
        for i in 0..50 {
            let arn = slow.replace(":stateMachine:", ":execution:") + &format!(":slow-{i}");
            let (_, answer) = connection.call(
                "GetExecutionHistory",
                &json!({"executionArn": arn, "maxResults": 1000}),
            );
            let events = answer["events"].as_array().cloned().unwrap_or_default();
            match seen.iter_mut().find(|(a, _)| *a == arn) {
                Some((_, old)) if old.len() < events.len() => *old = events,
                Some(_) => {}
                None => seen.push((arn, events)),
            }
        }
        // Quick executions, each read SUCCEEDED just before the kill.
        let name = format!("quick-{quick_started}");
        quick_started += 1;
        let (_, started) = connection.call(
            "StartExecution",
            &json!({"stateMachineArn": quick, "name": name, "input": r#"{"n": 1}"#}),
        );
        if let Some(arn) = started["executionArn"].as_str() {
            for _ in 0..50 {
                std::thread::sleep(Duration::from_millis(2));
                let (_, described) =
                    connection.call("DescribeExecution", &json!({"executionArn": arn}));
                if described["status"] == "SUCCEEDED" {
                    succeeded.push(arn.to_owned());
                    break;
                }
            }
        }
    }
    served.stop(true);
    let restarted = Served::start(&["--data", &dir]);
    let mut connection = restarted.connection();
    let (mut shown, mut lost) = (0, 0);
    for (arn, events) in &seen {
        shown += events.len();
        let (_, answer) = connection.call(
            "GetExecutionHistory",
            &json!({"executionArn": arn, "maxResults": 1000}),
        );
        let after = answer["events"].as_array().cloned().unwrap_or_default();
        lost += events.iter().filter(|e| !after.contains(e)).count();
    }
    let changed = succeeded
        .iter()
        .filter(|arn| {
            let (_, described) =
                connection.call("DescribeExecution", &json!({"executionArn": arn}));
            described["status"] != "SUCCEEDED"
        })
        .count();
    println!(
        "kill: {shown} events read from 50 running executions before kill -9: {lost} lost; {} executions read SUCCEEDED: {changed} not SUCCEEDED after the restart",
        succeeded.len()
    );
    restarted.stop(true);
}

fn idle() {
    let served = Served::start_with(&binary(), &["--virtual-time"], Some(256));
    let mut held = Vec::new();
    for _ in 0..400 {
        match TcpStream::connect(&served.address) {
            Ok(stream) => held.push(stream),
            Err(_) => break,
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    let cpu = served.cpu_seconds();
    std::thread::sleep(Duration::from_secs(3));
    let busy = (served.cpu_seconds() - cpu) / 3.0;
    // A call while they idle, on a connection of its own, given 5 s.
    let address = served.address.clone();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(
            Connection::new(&address)
                .call("ListStateMachines", &json!({}))
                .0,
        );
    });
    let answered = receive.recv_timeout(Duration::from_secs(5)).ok();
    println!(
        "idle: {} idle connections (descriptor limit 256): the server busy {:.0}% of a core; a call meanwhile: {}",
        held.len(),
        busy * 100.0,
        match answered {
            Some(200) => "answered".to_owned(),
            Some(status) => format!("failed ({status})"),
            None => "no answer in 5 s".to_owned(),
        }
    );
    drop(held);
    served.stop(true);
}

/// Sends SIGTERM to a process.
fn sigterm(child: &Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
}

/// One client's acknowledged starts: the ARN, and whether the request was sent after the
/// signal.
type Acknowledged = Vec<(String, bool)>;

fn stop_under_load(kill: bool) {
    const CLIENTS: usize = 8;
    let data = tempfile::tempdir().expect("a data directory");
    let dir = data.path().to_str().unwrap_or_default().to_owned();
    let mut served = Served::start(&["--data", &dir]);
    let mut connection = served.connection();
    let waiter = create(
        &mut connection,
        "Waiter",
        &json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": true}}}),
    );
    let signalled = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (address, machine, signalled) =
                (served.address.clone(), waiter.clone(), signalled.clone());
            std::thread::spawn(move || {
                let mut connection = Connection::new(&address);
                let mut acknowledged: Acknowledged = Vec::new();
                for i in 0.. {
                    let after = signalled.load(std::sync::atomic::Ordering::SeqCst);
                    // No retry on a fresh connection: a refused connection ends the client.
                    let Some((status, answer)) = connection.try_call(
                        "StartExecution",
                        &json!({"stateMachineArn": machine, "name": format!("c{client}-{i}")}),
                    ) else {
                        break;
                    };
                    match answer["executionArn"].as_str() {
                        Some(arn) if status == 200 => acknowledged.push((arn.to_owned(), after)),
                        _ => break,
                    }
                }
                acknowledged
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(2));
    let running_before = served.rss_kib();
    let signal = Instant::now();
    if kill {
        let _ = served.child.kill();
    } else {
        sigterm(&served.child);
    }
    // From here on the signal was sent: a start sent now is one sent after it.
    signalled.store(true, std::sync::atomic::Ordering::SeqCst);
    let _ = served.child.wait();
    let exit = signal.elapsed();
    let acknowledged: Acknowledged = clients
        .into_iter()
        .filter_map(|c| c.join().ok())
        .flatten()
        .collect();
    let after = acknowledged.iter().filter(|(_, after)| *after).count();
    let restarted = Served::start(&["--data", &dir]);
    let mut connection = restarted.connection();
    let mut found: std::collections::BTreeMap<String, usize> = Default::default();
    for (arn, _) in &acknowledged {
        let (status, answer) = connection.call("DescribeExecution", &json!({"executionArn": arn}));
        let key = match answer["status"].as_str() {
            Some(s) if status == 200 => s.to_owned(),
            _ => format!("missing ({})", answer["__type"].as_str().unwrap_or("?")),
        };
        *found.entry(key).or_default() += 1;
    }
    println!(
        "stop: {} under load ({} acknowledged starts, {running_before:.0} KiB): exited in {:.2} s; {after} starts sent after the signal acknowledged; after the restart: {found:?}",
        if kill { "kill -9" } else { "SIGTERM" },
        acknowledged.len(),
        exit.as_secs_f64(),
    );
    restarted.stop(true);
}

#[path = "../../tests/support/pages.rs"]
mod pages;

/// Pages through `operation` 50 rows at a time: the rows' `key` values, in order.
fn page_through(
    connection: &mut Connection,
    operation: &str,
    request: &Value,
    list: &str,
    key: &str,
) -> Vec<String> {
    let call = |request: &Value| {
        let (status, answer) = connection.call(operation, request);
        if status != 200 {
            println!("pages: {operation} answered {status}: {answer}");
            return None;
        }
        Some(answer)
    };
    pages::page_through(call, request, 50, list, key)
}

fn pages() {
    use std::collections::BTreeSet;
    use std::sync::{Arc, Mutex};
    let served = Served::start(&["--virtual-time"]);
    let mut connection = served.connection();
    let machine = create(&mut connection, "Asker", &asker());
    start_many(&mut connection, &machine, "seed", 500);
    // What exists, with when (a counter) it was created and deleted.
    let started: Arc<Mutex<Vec<(String, u64)>>> = Arc::default();
    // Each machine's ARN, when it was created and when deleted (a count of the clock below).
    type Created = (String, u64, Option<u64>);
    let machines: Arc<Mutex<Vec<Created>>> = Arc::default();
    let clock = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let tick = |clock: &std::sync::atomic::AtomicU64| {
        clock.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    };
    for i in 0..500 {
        started.lock().unwrap().push((
            machine.replace(":stateMachine:", ":execution:") + &format!(":seed-{i}"),
            0,
        ));
    }
    for i in 0..300 {
        let arn = create(&mut connection, &format!("M{i}"), &chain(2));
        machines.lock().unwrap().push((arn, 0, None));
    }
    let until = Instant::now() + Duration::from_secs(20);
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let (address, machine, started, machines, clock) = (
                served.address.clone(),
                machine.clone(),
                started.clone(),
                machines.clone(),
                clock.clone(),
            );
            std::thread::spawn(move || {
                let mut connection = Connection::new(&address);
                let mut n = 0;
                while Instant::now() < until {
                    n += 1;
                    let (_, answer) = connection.call(
                        "StartExecution",
                        &json!({"stateMachineArn": machine, "name": format!("w{w}-{n}")}),
                    );
                    if let Some(arn) = answer["executionArn"].as_str() {
                        started.lock().unwrap().push((arn.to_owned(), tick(&clock)));
                    }
                    if n % 4 == 0 {
                        let (_, answer) = connection.call(
                            "CreateStateMachine",
                            &json!({"name": format!("N{w}-{n}"), "definition": chain(2).to_string(), "roleArn": ROLE}),
                        );
                        if let Some(arn) = answer["stateMachineArn"].as_str() {
                            machines.lock().unwrap().push((arn.to_owned(), tick(&clock), None));
                        }
                        // Delete one of the oldest still there.
                        let victim = {
                            let mut all = machines.lock().unwrap();
                            let found = all.iter_mut().find(|m| m.2.is_none() && m.0.contains(":M"));
                            found.map(|m| {
                                m.2 = Some(u64::MAX);
                                m.0.clone()
                            })
                        };
                        if let Some(victim) = victim {
                            connection.call("DeleteStateMachine", &json!({"stateMachineArn": victim}));
                            let at = tick(&clock);
                            if let Some(m) = machines.lock().unwrap().iter_mut().find(|m| m.0 == victim) {
                                m.2 = Some(at);
                            }
                        }
                    }
                }
            })
        })
        .collect();
    let (mut listings, mut rows, mut repeated, mut missed) = (0, 0, 0, 0);
    let (mut m_listings, mut m_rows, mut m_repeated, mut m_missed) = (0, 0, 0, 0);
    while Instant::now() < until {
        let begin = tick(&clock);
        let seen = page_through(
            &mut connection,
            "ListExecutions",
            &json!({"stateMachineArn": machine}),
            "executions",
            "executionArn",
        );
        let distinct: BTreeSet<&String> = seen.iter().collect();
        listings += 1;
        rows += seen.len();
        repeated += seen.len() - distinct.len();
        missed += started
            .lock()
            .unwrap()
            .iter()
            .filter(|(arn, at)| *at < begin && !distinct.contains(arn))
            .count();
        let begin = tick(&clock);
        let seen = page_through(
            &mut connection,
            "ListStateMachines",
            &json!({}),
            "stateMachines",
            "stateMachineArn",
        );
        let end = tick(&clock);
        let distinct: BTreeSet<&String> = seen.iter().collect();
        m_listings += 1;
        m_rows += seen.len();
        m_repeated += seen.len() - distinct.len();
        m_missed += machines
            .lock()
            .unwrap()
            .iter()
            .filter(|(arn, created, deleted)| {
                *created < begin && deleted.is_none_or(|d| d > end) && !distinct.contains(arn)
            })
            .count();
    }
    for w in workers {
        let _ = w.join();
    }
    println!(
        "pages: ListExecutions, {listings} listings under concurrent starts, {rows} rows: {repeated} repeated, {missed} missed"
    );
    println!(
        "pages: ListStateMachines, {m_listings} listings under creations and deletions, {m_rows} rows: {m_repeated} repeated, {m_missed} missed"
    );
    served.stop(true);
}

fn two() {
    let data = tempfile::tempdir().expect("a data directory");
    let dir = data.path().to_str().unwrap_or_default().to_owned();
    let first = Served::start(&["--data", &dir]);
    let second = Command::new(binary())
        .args(["serve", "--port", "0", "--data", &dir])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a second workflow serve");
    std::thread::sleep(Duration::from_secs(2));
    let mut second = second;
    match second.try_wait() {
        Ok(Some(status)) => {
            let mut stderr = String::new();
            if let Some(mut e) = second.stderr.take() {
                let _ = e.read_to_string(&mut stderr);
            }
            println!(
                "two: the second server on one data directory exited ({status}): {}",
                stderr.trim()
            );
        }
        _ => {
            println!("two: the second server on one data directory is running after 2 s");
            let _ = second.kill();
            let _ = second.wait();
        }
    }
    first.stop(true);
}

/// The task token a waiting execution's `TaskScheduled` event carries (the asker's
/// `MessageBody.t`).
fn token_of(connection: &mut Connection, execution: &str) -> Option<String> {
    let (_, history) = connection.call(
        "GetExecutionHistory",
        &json!({"executionArn": execution, "maxResults": 10}),
    );
    history["events"].as_array()?.iter().find_map(|e| {
        let parameters = e["taskScheduledEventDetails"]["parameters"].as_str()?;
        let parameters: Value = serde_json::from_str(parameters).ok()?;
        parameters["MessageBody"]["t"].as_str().map(str::to_owned)
    })
}

/// The median and the largest of `samples`, in milliseconds.
fn median_max(samples: &mut [f64]) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    let median = samples.get(samples.len() / 2).copied().unwrap_or(f64::NAN);
    (median, samples.last().copied().unwrap_or(f64::NAN))
}

/// One build's `push` figures.
fn push_with(binary: &str) {
    println!("push: {binary}");
    for n in [100, 2_000] {
        let data = tempfile::tempdir().expect("a data directory");
        let dir = data.path().to_str().unwrap_or_default().to_owned();
        let served = Served::start_with(binary, &["--data", &dir], None);
        let mut connection = served.connection();
        let machine = create(&mut connection, "Asker", &asker());
        let idle = served.rss_kib();
        start_many(&mut connection, &machine, "wait", n);
        // Settled: every one has written its `TaskScheduled`.
        std::thread::sleep(Duration::from_millis(500));
        let running = served.rss_kib();
        // SendTaskSuccess on 50 of them (spread over the start order).
        let mut latencies = Vec::new();
        for i in (0..n).step_by((n / 50).max(1)) {
            let arn = machine.replace(":stateMachine:", ":execution:") + &format!(":wait-{i}");
            let Some(token) = token_of(&mut connection, &arn) else {
                continue;
            };
            let began = Instant::now();
            let (status, answer) = connection.call(
                "SendTaskSuccess",
                &json!({"taskToken": token, "output": "{}"}),
            );
            latencies.push(began.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(status, 200, "SendTaskSuccess: {answer}");
        }
        let (median, max) = median_max(&mut latencies);
        println!(
            "push: {n:>5} waiting: SendTaskSuccess p50 {median:.2} ms, max {max:.2} ms ({} calls); {:.2} KiB per running execution ({idle:.0} → {running:.0} KiB); CPU {:.2} s",
            latencies.len(),
            (running - idle) / n as f64,
            served.cpu_seconds(),
        );
        // An activity worker long-polling while N wait beside it.
        let (_, activity) = connection.call("CreateActivity", &json!({"name": "Work"}));
        let activity = activity["activityArn"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let worker_machine = create(
            &mut connection,
            "Worker",
            &json!({"StartAt": "Do", "States": {"Do": {"Type": "Task", "Resource": activity, "End": true}}}),
        );
        let mut wakes = Vec::new();
        for round in 0..20 {
            let address = served.address.clone();
            let polled = activity.clone();
            let worker = std::thread::spawn(move || {
                let mut worker = Connection::new(&address);
                let (_, task) = worker.call("GetActivityTask", &json!({"activityArn": polled}));
                (Instant::now(), task)
            });
            // The worker is waiting before the execution starts.
            std::thread::sleep(Duration::from_millis(100));
            let (status, answer) = connection.call(
                "StartExecution",
                &json!({"stateMachineArn": worker_machine, "name": format!("work-{round}")}),
            );
            assert_eq!(status, 200, "StartExecution: {answer}");
            let started = Instant::now();
            let (woken, task) = worker.join().expect("the worker");
            if let Some(token) = task["taskToken"].as_str() {
                connection.call(
                    "SendTaskSuccess",
                    &json!({"taskToken": token, "output": "{}"}),
                );
                wakes.push(woken.saturating_duration_since(started).as_secs_f64() * 1000.0);
            }
        }
        let (median, max) = median_max(&mut wakes);
        println!(
            "push: {n:>5} waiting: GetActivityTask woken p50 {median:.2} ms, max {max:.2} ms after StartExecution answered ({} of 20 got their task)",
            wakes.len()
        );
        served.stop(false);
    }
    // TestState from 8 clients for 3 s.
    let served = Served::start_with(binary, &[], None);
    let definition = json!({"Type": "Pass", "Parameters": {"n.$": "$.n"}, "End": true}).to_string();
    let began = Instant::now();
    let clients: Vec<_> = (0..8)
        .map(|_| {
            let address = served.address.clone();
            let definition = definition.clone();
            std::thread::spawn(move || {
                let mut connection = Connection::new(&address);
                let mut answered = 0usize;
                while began.elapsed() < Duration::from_secs(3) {
                    let (status, _) = connection.call(
                        "TestState",
                        &json!({"definition": definition, "roleArn": ROLE, "input": "{\"n\": 1}"}),
                    );
                    answered += usize::from(status == 200);
                }
                answered
            })
        })
        .collect();
    let answered: usize = clients.into_iter().map(|c| c.join().unwrap_or(0)).sum();
    println!(
        "push: TestState: {:.0} requests/s from 8 clients ({answered} in {:.1} s), {} threads after",
        answered as f64 / began.elapsed().as_secs_f64(),
        began.elapsed().as_secs_f64(),
        served.threads(),
    );
    // Memory per finished execution (2 states, in memory).
    let mut connection = served.connection();
    let machine = create(&mut connection, "Chain", &chain(2));
    start_many(&mut connection, &machine, "warm", 200);
    settle(&mut connection, &machine);
    let before = served.rss_kib();
    start_many(&mut connection, &machine, "run", 2_000);
    settle(&mut connection, &machine);
    let after = served.rss_kib();
    println!(
        "push: {:.2} KiB per finished execution (2,000 of 2 states; {before:.0} → {after:.0} KiB)",
        (after - before) / 2_000.0
    );
    served.stop(false);
}

/// A Distributed Map of `children` STANDARD children, each waiting for a callback.
fn mapped_askers(children: usize) -> (Value, String) {
    let definition = json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
        "Label": "Ask",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Ask", "States": {"Ask": {"Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "q",
                    "MessageBody": {"t.$": "$$.Task.Token", "item.$": "$"}}, "End": true}}}}}});
    let items: Vec<usize> = (0..children).collect();
    (definition, json!(items).to_string())
}

/// One build's `children` figures.
fn children_with(binary: &str) {
    const EXECUTIONS: usize = 20;
    const CHILDREN: usize = 200;
    for with_data in [false, true] {
        let data = tempfile::tempdir().expect("a data directory");
        let dir = data.path().to_str().unwrap_or_default().to_owned();
        let args: Vec<&str> = if with_data {
            vec!["--data", &dir]
        } else {
            Vec::new()
        };
        let served = Served::start_with(binary, &args, None);
        let mut connection = served.connection();
        let (definition, input) = mapped_askers(CHILDREN);
        let machine = create(&mut connection, "Mapped", &definition);
        let idle = served.rss_kib();
        for i in 0..EXECUTIONS {
            let (status, answer) = connection.call(
                "StartExecution",
                &json!({"stateMachineArn": machine, "name": format!("map-{i}"), "input": input}),
            );
            assert_eq!(status, 200, "StartExecution: {answer}");
        }
        // Settled: every child waits for its token (each Map Run shows them all running).
        let began = Instant::now();
        let mut map_runs = Vec::new();
        for i in 0..EXECUTIONS {
            let execution = machine.replace(":stateMachine:", ":execution:") + &format!(":map-{i}");
            loop {
                let (_, runs) = connection.call("ListMapRuns", &json!({"executionArn": execution}));
                let map_run = runs["mapRuns"][0]["mapRunArn"].as_str().map(str::to_owned);
                let running = match &map_run {
                    Some(arn) => {
                        let (_, described) =
                            connection.call("DescribeMapRun", &json!({"mapRunArn": arn}));
                        described["itemCounts"]["running"].as_u64()
                    }
                    None => None,
                };
                if running == Some(CHILDREN as u64) || began.elapsed() > Duration::from_secs(120) {
                    map_runs.extend(map_run);
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        std::thread::sleep(Duration::from_millis(500));
        let running = served.rss_kib();
        // A waiting child's history, read while it waits.
        let (_, listed) = connection.call(
            "ListExecutions",
            &json!({"mapRunArn": map_runs.first().cloned().unwrap_or_default(), "maxResults": 1}),
        );
        let child = listed["executions"][0]["executionArn"]
            .as_str()
            .unwrap_or_default();
        let (_, history) = connection.call("GetExecutionHistory", &json!({"executionArn": child}));
        println!(
            "children: {:<7} {EXECUTIONS} executions × {CHILDREN} children waiting ({} Map Runs all running): {:.1} KiB per running execution, {:.2} KiB per child ({idle:.0} → {running:.0} KiB); a child's history: {} events",
            if with_data { "--data," } else { "memory," },
            map_runs.len(),
            (running - idle) / EXECUTIONS as f64,
            (running - idle) / (EXECUTIONS * CHILDREN) as f64,
            history["events"].as_array().map_or(0, Vec::len),
        );
        served.stop(true);
    }
}

fn children() {
    if let Ok(before) = std::env::var("WORKFLOW_BEFORE_BIN") {
        println!("children: {before}");
        children_with(&before);
    }
    println!("children: {}", binary());
    children_with(&binary());
}

fn push() {
    if let Ok(before) = std::env::var("WORKFLOW_BEFORE_BIN") {
        push_with(&before);
    }
    push_with(&binary());
}

fn main() {
    let parts: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let all = [
        "memory", "threads", "start", "kill", "idle", "stop", "pages", "two", "push", "children",
    ];
    let chosen: Vec<&str> = if parts.is_empty() {
        all.to_vec()
    } else {
        all.iter()
            .copied()
            .filter(|p| parts.iter().any(|a| a == p))
            .collect()
    };
    println!("workflow serve measured: {}", binary());
    for part in chosen {
        match part {
            "memory" => memory(),
            "threads" => threads(),
            "start" => start(),
            "kill" => kill(),
            "idle" => idle(),
            "stop" => {
                stop_under_load(false);
                stop_under_load(true);
            }
            "pages" => pages(),
            "push" => push(),
            "children" => children(),
            _ => two(),
        }
    }
}
