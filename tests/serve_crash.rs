//! Crash consistency of `workflow serve --data DIR`, as a property: a seeded random sequence of
//! API calls (machines created, tagged, versioned and deleted, executions started, answered,
//! beaten, stopped and redriven, some of them in flight on other connections, answers racing a
//! stop of their execution, parents starting `.sync:2` children without names, Distributed
//! Maps of hundreds of items) is cut by a `kill -9` or a SIGTERM of the server, a child
//! process, at a random point; where the test may mount a small file system (root), one round
//! of each sequence runs with the data directory's disk full, then given room again without a
//! restart. A server restarted on the directory must then hold every effect a call was
//! answered 200 for, and every history must be whole:
//!
//! - every acknowledged effect is there: a started execution exists, a created machine exists
//!   unless its deletion was acknowledged (then it is gone, or `DELETING` while an execution of
//!   it runs), an acknowledged answer closed its task (its history's next event on the task's
//!   chain is the answer's, and a second answer is `TaskTimedOut`), a stopped execution ended, a
//!   redriven one counts its redrive (`redriveCount`, `ExecutionRedriven`), a tag is kept;
//! - every history's event ids are 1, 2, 3, … and it has at most one terminal event (per
//!   attempt: a redriven history holds the attempts before each `ExecutionRedriven`, each
//!   ending with its end);
//! - every execution whose history ended is described ended, as its last event says;
//! - nothing is RUNNING without a pending task: once the resumed Waits have ended, a RUNNING
//!   execution has a callback task waiting, which a heartbeat finds;
//! - an answer acknowledged while a stop raced it is in the history (or was refused);
//! - a restart starts no work twice: a parent's child started once (a child machine has at
//!   most as many executions as its parents were started), a Distributed Map's items each once
//!   (its Map Run ends with every item succeeded, one child each);
//! - a version number is never given twice, deleted versions' included, and every version
//!   acknowledged and not deleted is listed;
//! - SIGTERM ends the server within 5 seconds, and a disk given room again takes writes within
//!   5 seconds, with no restart.
//!
//! The test command runs [`SMALL`] (a few seeds, a few kills each: seconds); the benchmark
//! `serve_crash` runs more (`cargo bench -p workflow-cli --bench serve_crash`). The module is
//! shared by both (the bench includes this file), so it speaks HTTP/1.1 itself.

use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ROLE: &str = "arn:aws:iam::123456789012:role/crash";

/// How much a run does: seeds, kills per seed, calls between two kills, and the items of a
/// Distributed Map.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub seeds: u64,
    pub kills: usize,
    pub calls: usize,
    pub map_items: usize,
}

/// The test command's size.
pub const SMALL: Size = Size {
    seeds: 3,
    kills: 3,
    calls: 30,
    map_items: 300,
};

/// What a run found: counts, each broken invariant in words, and what it could not do.
#[derive(Debug, Default)]
pub struct Report {
    pub sequences: u64,
    pub kills: usize,
    /// Of the kills, how many were SIGTERMs.
    pub terms: usize,
    /// How many rounds filled the disk and gave it room again.
    pub full_disks: usize,
    pub calls: usize,
    pub acknowledged: usize,
    pub executions: usize,
    pub broken: Vec<String>,
    pub skipped: Vec<String>,
}

/// A seeded generator (xorshift64*): the same seed, the same sequence.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// One keep-alive HTTP/1.1 connection speaking AWS JSON 1.0; a call on a dead server answers
/// `None`.
struct Client {
    address: String,
    stream: Option<BufReader<TcpStream>>,
}

impl Client {
    fn new(address: &str) -> Client {
        Client {
            address: address.to_owned(),
            stream: None,
        }
    }

    fn call(&mut self, operation: &str, body: &Value) -> Option<(u16, Value)> {
        let began = Instant::now();
        let answer = self.call_once(operation, body);
        if std::env::var_os("SERVE_CRASH_TRACE").is_some() {
            eprintln!(
                "{:>6} ms {operation} {body} -> {answer:?}",
                began.elapsed().as_millis()
            );
        }
        answer
    }

    fn call_once(&mut self, operation: &str, body: &Value) -> Option<(u16, Value)> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(&self.address).ok()?;
            stream
                .set_read_timeout(Some(Duration::from_secs(30)))
                .ok()?;
            stream.set_nodelay(true).ok()?;
            self.stream = Some(BufReader::new(stream));
        }
        let answer = self.try_call(operation, body);
        if answer.is_none() {
            self.stream = None;
        }
        answer
    }

    fn try_call(&mut self, operation: &str, body: &Value) -> Option<(u16, Value)> {
        let stream = self.stream.as_mut()?;
        let body = body.to_string();
        let head = format!(
            "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AWSStepFunctions.{operation}\r\nContent-Length: {}\r\n\r\n",
            self.address,
            body.len()
        );
        // One write: a request split in two small ones waits on Nagle's algorithm.
        stream
            .get_mut()
            .write_all(format!("{head}{body}").as_bytes())
            .ok()?;
        let mut line = String::new();
        if stream.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let status: u16 = line.split_whitespace().nth(1)?.parse().ok()?;
        let mut length = 0;
        loop {
            line.clear();
            stream.read_line(&mut line).ok()?;
            let header = line.trim_end().to_ascii_lowercase();
            if header.is_empty() {
                break;
            }
            if let Some(n) = header.strip_prefix("content-length:") {
                length = n.trim().parse().ok()?;
            }
        }
        let mut bytes = vec![0; length];
        stream.read_exact(&mut bytes).ok()?;
        Some((
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        ))
    }

    /// The call, which must answer (the server runs).
    fn must(&mut self, operation: &str, body: &Value) -> (u16, Value) {
        self.call(operation, body)
            .unwrap_or_else(|| panic!("{operation}: no answer from a running server"))
    }

    fn error(answer: &Value) -> String {
        answer["__type"]
            .as_str()
            .unwrap_or("?")
            .rsplit('#')
            .next()
            .unwrap_or("?")
            .to_owned()
    }
}

/// `workflow serve --data DIR` as a child process (its standard error in `DIR/../serve.log`).
struct Served {
    child: Child,
    address: String,
}

impl Served {
    /// A server of `binary` on `dir` (on `disk`'s small file system, when given).
    fn start(binary: &Path, dir: &Path, disk: Option<&Disk>) -> Served {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.with_extension("log"))
            .expect("a log file");
        let mut command = match disk {
            Some(disk) => {
                let mut command = disk.enter();
                command.arg(binary);
                command
            }
            None => Command::new(binary),
        };
        let mut child = command
            .args(["serve", "--port", "0", "--data"])
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .expect("start workflow serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("its output"))
            .read_line(&mut line)
            .expect("its first line");
        let address = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| {
                let log = std::fs::read_to_string(dir.with_extension("log")).unwrap_or_default();
                panic!("workflow serve did not start: {line:?}\n{log}")
            })
            .to_owned();
        Served { child, address }
    }

    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, then how long it took to exit (`kill -9` after 10 s).
    fn terminate(mut self) -> Duration {
        let began = Instant::now();
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        while began.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return began.elapsed();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        began.elapsed()
    }
}

/// A small file system (a tmpfs) mounted on a data directory in a mount namespace of its own,
/// held by a process that sleeps in it; servers and commands enter it (`nsenter`). Only root
/// may make one; where none can be made the full-disk rounds are skipped, and said so.
pub struct Disk {
    holder: Child,
    dir: PathBuf,
}

impl Disk {
    /// A disk of `size` (`8m`) on `dir`, or why not.
    pub fn new(dir: &Path, size: &str) -> Result<Disk, String> {
        let mut holder = Command::new("unshare")
            .args(["-m", "--propagation", "private", "sh", "-c"])
            .arg(format!(
                "mount -t tmpfs -o size={size} tmpfs \"$0\" && echo mounted && exec sleep 100000"
            ))
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("unshare: {e}"))?;
        let mut line = String::new();
        let _ = BufReader::new(holder.stdout.take().ok_or("no output")?).read_line(&mut line);
        if line.trim() != "mounted" {
            let _ = holder.kill();
            let mut why = String::new();
            if let Some(mut err) = holder.stderr.take() {
                let _ = err.read_to_string(&mut why);
            }
            let _ = holder.wait();
            return Err(format!("no tmpfs could be mounted ({})", why.trim()));
        }
        Ok(Disk {
            holder,
            dir: dir.to_owned(),
        })
    }

    /// A command run inside the disk's namespace.
    fn enter(&self) -> Command {
        let mut command = Command::new("nsenter");
        command.args(["-t", &self.holder.id().to_string(), "-m", "--"]);
        command
    }

    /// Fills the disk (a file of zeros as large as it takes).
    fn fill(&self) {
        let _ = self
            .enter()
            .args([
                "sh",
                "-c",
                "dd if=/dev/zero of=\"$0/filler\" bs=65536 2>/dev/null; true",
            ])
            .arg(&self.dir)
            .status();
    }

    /// Gives the disk its room again.
    fn free(&self) {
        let _ = self
            .enter()
            .args(["rm", "-f"])
            .arg(self.dir.join("filler"))
            .status();
    }
}

impl Drop for Disk {
    fn drop(&mut self) {
        let _ = self.holder.kill();
        let _ = self.holder.wait();
    }
}

/// The machines a sequence runs: each kind's definition (`CHILD` stands for a child machine's
/// ARN, of the kind `child`, made first).
const KINDS: &[(&str, &str)] = &[
    (
        "pass",
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}}"#,
    ),
    (
        "wait",
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "Next": "P"}, "P": {"Type": "Pass", "End": true}}}"#,
    ),
    (
        "ask",
        r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "Next": "P"}, "P": {"Type": "Pass", "End": true}}}"#,
    ),
    (
        "twice",
        r#"{"StartAt": "First", "States": {"First": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "Next": "Second"}, "Second": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}"#,
    ),
    (
        "branches",
        r#"{"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "L", "States": {"L": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}, {"StartAt": "R", "States": {"R": {"Type": "Wait", "Seconds": 1, "End": true}}}]}}}"#,
    ),
    (
        "mapped",
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": true}}}}}}"#,
    ),
    (
        "fanout",
        r#"{"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}},
            {"StartAt": "C", "States": {"C": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}},
            {"StartAt": "D", "States": {"D": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}]}}}"#,
    ),
    (
        "child",
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": true}}}"#,
    ),
    (
        "parent",
        r#"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Parameters": {"StateMachineArn": "CHILD", "Input": {"from.$": "$$.Execution.Id"}}, "End": true}}}"#,
    ),
    (
        "bigmap",
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "MaxConcurrency": 50, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#,
    ),
];

/// The index of the kind named `name`.
fn kind(name: &str) -> usize {
    KINDS
        .iter()
        .position(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("a kind {name}"))
}

/// The kinds whose executions end on their own soon after a restart (no callback to wait
/// for): checked once they ended.
const ENDING: &[&str] = &["pass", "wait", "mapped", "child", "parent", "bigmap"];

/// A machine the sequence created.
struct MachineSeen {
    arn: String,
    kind: usize,
    deleted: bool,
    tags: BTreeMap<String, String>,
    /// The child machine a parent starts.
    child: Option<String>,
    /// Its versions acknowledged and not deleted, and the highest number ever given.
    versions: BTreeSet<u64>,
    highest_version: u64,
    /// How many times it was updated (each update a new revision).
    updates: usize,
}

/// What the calls answered 200 for (the effects that must be there after a restart).
#[derive(Default)]
struct Ledger {
    machines: Vec<MachineSeen>,
    executions: BTreeMap<String, usize>,
    /// Token → (its execution, whether the answer was a success).
    answered: BTreeMap<String, (String, bool)>,
    stopped: BTreeSet<String>,
    /// Execution → the redrives acknowledged.
    redriven: BTreeMap<String, u64>,
    /// Parent execution → its child machine.
    parents: BTreeMap<String, String>,
    /// Distributed Map execution → its items.
    maps: BTreeMap<String, usize>,
    acknowledged: usize,
}

/// The task tokens a history shows (`TaskScheduled`'s parameters), each with the id of its
/// `TaskSubmitted` (the event its answer follows), for the tasks of its last attempt (after its
/// last `ExecutionRedriven`: an earlier attempt's tasks ended with it) still open.
fn open_tasks(history: &[Value]) -> Vec<(String, u64)> {
    let followed: BTreeSet<u64> = history
        .iter()
        .filter_map(|e| e["previousEventId"].as_u64())
        .collect();
    let attempt = history
        .iter()
        .rposition(|e| e["type"] == "ExecutionRedriven")
        .map_or(0, |at| at + 1);
    let mut open = Vec::new();
    let mut token = None;
    for event in &history[attempt..] {
        match event["type"].as_str() {
            Some("TaskScheduled") => {
                token = event["taskScheduledEventDetails"]["parameters"]
                    .as_str()
                    .and_then(|p| serde_json::from_str::<Value>(p).ok())
                    .and_then(|p| p["MessageBody"]["token"].as_str().map(str::to_owned));
            }
            Some("TaskSubmitted") => {
                let id = event["id"].as_u64().unwrap_or(0);
                if let Some(token) = token.take()
                    && !followed.contains(&id)
                {
                    open.push((token, id));
                }
            }
            _ => {}
        }
    }
    open
}

/// The event that follows the `TaskSubmitted` of `token`'s task on its chain, when one does.
fn answer_event(history: &[Value], token: &str) -> Option<String> {
    let mut submitted = None;
    let mut scheduled_token = None;
    for event in history {
        match event["type"].as_str() {
            Some("TaskScheduled") => {
                scheduled_token = event["taskScheduledEventDetails"]["parameters"]
                    .as_str()
                    .and_then(|p| serde_json::from_str::<Value>(p).ok())
                    .and_then(|p| p["MessageBody"]["token"].as_str().map(str::to_owned));
            }
            Some("TaskSubmitted") if scheduled_token.as_deref() == Some(token) => {
                submitted = event["id"].as_u64();
            }
            _ => {}
        }
    }
    let submitted = submitted?;
    history
        .iter()
        .find(|e| e["previousEventId"].as_u64() == Some(submitted))
        .and_then(|e| e["type"].as_str().map(str::to_owned))
}

const TERMINAL: [&str; 4] = [
    "ExecutionSucceeded",
    "ExecutionFailed",
    "ExecutionTimedOut",
    "ExecutionAborted",
];

/// The status a terminal event says.
fn status_of(event_type: &str) -> Option<&'static str> {
    match event_type {
        "ExecutionSucceeded" => Some("SUCCEEDED"),
        "ExecutionFailed" => Some("FAILED"),
        "ExecutionTimedOut" => Some("TIMED_OUT"),
        "ExecutionAborted" => Some("ABORTED"),
        _ => None,
    }
}

fn history(client: &mut Client, arn: &str) -> Option<Vec<Value>> {
    let mut events = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut body = json!({"executionArn": arn, "maxResults": 1000});
        if let Some(t) = &token {
            body["nextToken"] = t.clone().into();
        }
        let (status, page) = client.call("GetExecutionHistory", &body)?;
        if status != 200 {
            return None;
        }
        events.extend(page["events"].as_array().cloned().unwrap_or_default());
        token = page["nextToken"].as_str().map(str::to_owned);
        if token.is_none() {
            return Some(events);
        }
    }
}

/// One step of a sequence: a call chosen by `rng`, its acknowledged effect in the ledger.
fn step(
    client: &mut Client,
    rng: &mut Rng,
    ledger: &mut Ledger,
    stamp: &str,
    map_items: usize,
) -> Option<()> {
    let live: Vec<usize> = (0..ledger.machines.len())
        .filter(|&i| !ledger.machines[i].deleted)
        .collect();
    let executions: Vec<String> = ledger.executions.keys().cloned().collect();
    let roll = rng.below(100);
    if live.len() < 3 || roll < 4 {
        let kind = rng.below(KINDS.len());
        let mut definition = KINDS[kind].1.to_owned();
        let mut child = None;
        if KINDS[kind].0 == "parent" {
            // A child machine of its own, made first (never deleted: its executions are
            // counted).
            let name = format!("child-{stamp}-{}", ledger.machines.len());
            let (status, answer) = client.call(
                "CreateStateMachine",
                &json!({"name": name, "definition": KINDS[self::kind("child")].1, "roleArn": ROLE}),
            )?;
            if status != 200 {
                return Some(());
            }
            let arn = answer["stateMachineArn"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            definition = definition.replace("CHILD", &arn);
            child = Some(arn);
        }
        let name = format!("{}-{stamp}-{}", KINDS[kind].0, ledger.machines.len());
        let (status, answer) = client.call(
            "CreateStateMachine",
            &json!({"name": name, "definition": definition, "roleArn": ROLE}),
        )?;
        if status == 200 {
            ledger.acknowledged += 1;
            ledger.machines.push(MachineSeen {
                arn: answer["stateMachineArn"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                kind,
                deleted: false,
                tags: BTreeMap::new(),
                child,
                versions: BTreeSet::new(),
                highest_version: 0,
                updates: 0,
            });
        }
    } else if roll < 45 {
        let m = live[rng.below(live.len())];
        let input = match KINDS[ledger.machines[m].kind].0 {
            "mapped" => json!([1, 2, 3]).to_string(),
            "bigmap" => json!((0..map_items).collect::<Vec<_>>()).to_string(),
            _ => "{}".to_owned(),
        };
        let (status, answer) = client.call(
            "StartExecution",
            &json!({"stateMachineArn": ledger.machines[m].arn, "input": input}),
        )?;
        if status == 200 {
            ledger.acknowledged += 1;
            let arn = answer["executionArn"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            match KINDS[ledger.machines[m].kind].0 {
                "parent" => {
                    let child = ledger.machines[m].child.clone().unwrap_or_default();
                    ledger.parents.insert(arn.clone(), child);
                }
                "bigmap" => {
                    ledger.maps.insert(arn.clone(), map_items);
                }
                _ => {}
            }
            ledger.executions.insert(arn, ledger.machines[m].kind);
        }
    } else if roll < 52 && !executions.is_empty() {
        race(client, rng, ledger)?;
    } else if roll < 75 && !executions.is_empty() {
        // Answer (or beat) a task waiting now.
        let arn = &executions[rng.below(executions.len())];
        let events = history(client, arn)?;
        let open: Vec<(String, u64)> = open_tasks(&events)
            .into_iter()
            .filter(|(t, _)| !ledger.answered.contains_key(t))
            .collect();
        if let Some((token, _)) = open.first() {
            let choice = rng.below(10);
            let (operation, body, success) = match choice {
                0..=5 => (
                    "SendTaskSuccess",
                    json!({"taskToken": token, "output": json!({"by": "crash"}).to_string()}),
                    true,
                ),
                6..=7 => (
                    "SendTaskFailure",
                    json!({"taskToken": token, "error": "Crash.Rejected", "cause": "answered"}),
                    false,
                ),
                _ => ("SendTaskHeartbeat", json!({"taskToken": token}), false),
            };
            let (status, _) = client.call(operation, &body)?;
            if status == 200 {
                ledger.acknowledged += 1;
                if operation != "SendTaskHeartbeat" {
                    ledger
                        .answered
                        .insert(token.clone(), (arn.clone(), success));
                }
            }
        }
    } else if roll < 82 && !executions.is_empty() {
        let arn = &executions[rng.below(executions.len())];
        let (status, _) = client.call(
            "StopExecution",
            &json!({"executionArn": arn, "error": "Crash.Stopped"}),
        )?;
        if status == 200 {
            ledger.acknowledged += 1;
            ledger.stopped.insert(arn.clone());
        }
    } else if roll < 90 && !executions.is_empty() {
        let arn = &executions[rng.below(executions.len())];
        let (status, _) = client.call("RedriveExecution", &json!({"executionArn": arn}))?;
        if status == 200 {
            ledger.acknowledged += 1;
            *ledger.redriven.entry(arn.clone()).or_default() += 1;
            // It runs again: a stop before is an earlier attempt's.
            ledger.stopped.remove(arn);
        }
    } else if roll < 92 && !live.is_empty() {
        let m = live[rng.below(live.len())];
        // A version: published with a new revision, or the newest one deleted.
        if rng.chance(60) || ledger.machines[m].versions.is_empty() {
            publish(client, &mut ledger.machines[m], &mut ledger.acknowledged)?;
        } else if let Some(&newest) = ledger.machines[m].versions.iter().next_back() {
            let version = format!("{}:{newest}", ledger.machines[m].arn);
            let (status, _) = client.call(
                "DeleteStateMachineVersion",
                &json!({"stateMachineVersionArn": version}),
            )?;
            if status == 200 {
                ledger.acknowledged += 1;
                ledger.machines[m].versions.remove(&newest);
            }
        }
    } else if roll < 95 && !live.is_empty() {
        let m = live[rng.below(live.len())];
        let (key, value) = (format!("k{}", rng.below(3)), format!("v{}", rng.below(100)));
        let (status, _) = client.call(
            "TagResource",
            &json!({"resourceArn": ledger.machines[m].arn, "tags": [{"key": key, "value": value}]}),
        )?;
        if status == 200 {
            ledger.acknowledged += 1;
            ledger.machines[m].tags.insert(key, value);
        }
    } else if !live.is_empty() {
        let m = live[rng.below(live.len())];
        let (status, _) = client.call(
            "DeleteStateMachine",
            &json!({"stateMachineArn": ledger.machines[m].arn}),
        )?;
        if status == 200 {
            ledger.acknowledged += 1;
            ledger.machines[m].deleted = true;
        }
    }
    Some(())
}

/// Publishes a version of `machine` with a new revision (an update with a comment of its
/// own, and `publish`): the number it is given is kept.
fn publish(client: &mut Client, machine: &mut MachineSeen, acknowledged: &mut usize) -> Option<()> {
    let mut definition: Value = serde_json::from_str(KINDS[machine.kind].1).ok()?;
    if machine.child.is_some() {
        return Some(());
    }
    machine.updates += 1;
    definition["Comment"] = format!("revision {}", machine.updates).into();
    let (status, answer) = client.call(
        "UpdateStateMachine",
        &json!({"stateMachineArn": machine.arn, "definition": definition.to_string(), "publish": true}),
    )?;
    if status == 200 {
        *acknowledged += 1;
        let number = answer["stateMachineVersionArn"]
            .as_str()
            .and_then(|v| v.rsplit(':').next())
            .and_then(|n| n.parse::<u64>().ok())?;
        machine.versions.insert(number);
        machine.highest_version = machine.highest_version.max(number);
    }
    Some(())
}

/// Answers every open task of an execution at once while it is stopped, each on a connection
/// of its own: the answers acknowledged and the stop, when it is, are kept.
fn race(client: &mut Client, rng: &mut Rng, ledger: &mut Ledger) -> Option<()> {
    let fanouts: Vec<&String> = ledger
        .executions
        .iter()
        .filter(|(arn, k)| KINDS[**k].0 == "fanout" && !ledger.stopped.contains(*arn))
        .map(|(arn, _)| arn)
        .collect();
    if fanouts.is_empty() {
        return Some(());
    }
    let arn = fanouts[rng.below(fanouts.len())].clone();
    let open: Vec<String> = open_tasks(&history(client, &arn)?)
        .into_iter()
        .map(|(token, _)| token)
        .filter(|t| !ledger.answered.contains_key(t))
        .collect();
    if open.is_empty() {
        return Some(());
    }
    let address = client.address.clone();
    let gate = std::sync::Arc::new(std::sync::Barrier::new(open.len() + 1));
    let answers: Vec<_> = open
        .iter()
        .map(|token| {
            let (address, token, gate) =
                (address.clone(), token.clone(), std::sync::Arc::clone(&gate));
            std::thread::spawn(move || {
                let mut client = Client::new(&address);
                gate.wait();
                let answer = client.call(
                    "SendTaskSuccess",
                    &json!({"taskToken": token, "output": "{}"}),
                );
                (token, answer.map(|(status, _)| status))
            })
        })
        .collect();
    let stop = {
        let (address, arn, gate) = (address.clone(), arn.clone(), std::sync::Arc::clone(&gate));
        std::thread::spawn(move || {
            let mut client = Client::new(&address);
            gate.wait();
            client
                .call(
                    "StopExecution",
                    &json!({"executionArn": arn, "error": "Crash.Raced"}),
                )
                .map(|(status, _)| status)
        })
    };
    for answer in answers {
        if let Ok((token, Some(200))) = answer.join() {
            ledger.acknowledged += 1;
            ledger.answered.insert(token, (arn.clone(), true));
        }
    }
    if let Ok(Some(200)) = stop.join() {
        ledger.acknowledged += 1;
        ledger.stopped.insert(arn);
    }
    Some(())
}

/// Starts executions on another connection until the server dies: calls in flight at the
/// kill. The ARNs of the starts answered 200.
fn in_flight(address: String, machine: String) -> std::thread::JoinHandle<Vec<String>> {
    std::thread::spawn(move || {
        let mut client = Client::new(&address);
        let mut acknowledged = Vec::new();
        while let Some((status, answer)) =
            client.call("StartExecution", &json!({"stateMachineArn": machine}))
        {
            if status == 200 {
                acknowledged.push(
                    answer["executionArn"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                );
            }
        }
        acknowledged
    })
}

/// Waits until every execution of `ledger` that runs waits for a callback (at most 3 s) and
/// every one of a kind that ends on its own ended (at most 30 s: the resumed Waits, children
/// and Distributed Maps end meanwhile).
fn quiet(client: &mut Client, ledger: &Ledger) {
    let began = Instant::now();
    let mut pending: Vec<(&String, bool)> = ledger
        .executions
        .iter()
        .map(|(arn, kind)| (arn, ENDING.contains(&KINDS[*kind].0)))
        .collect();
    while !pending.is_empty() && began.elapsed() < Duration::from_secs(30) {
        let short = began.elapsed() < Duration::from_secs(3);
        pending.retain(|(arn, ends)| {
            let Some((200, described)) =
                client.call("DescribeExecution", &json!({"executionArn": arn}))
            else {
                return false;
            };
            described["status"] == "RUNNING"
                && (*ends
                    || (short
                        && history(client, arn)
                            .is_some_and(|events| open_tasks(&events).is_empty())))
        });
        if !pending.is_empty() {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Every row of `ListExecutions` of `body` (a machine's, or a Map Run's), page after page.
fn listed(client: &mut Client, mut body: Value) -> Option<Vec<Value>> {
    let mut rows = Vec::new();
    loop {
        let (status, page) = client.call("ListExecutions", &body)?;
        if status != 200 {
            return None;
        }
        rows.extend(page["executions"].as_array().cloned().unwrap_or_default());
        match page["nextToken"].as_str() {
            Some(token) => body["nextToken"] = token.into(),
            None => return Some(rows),
        }
    }
}

/// Checks every invariant on the restarted server (see the module's documentation).
fn check(client: &mut Client, ledger: &mut Ledger, round: &str, broken: &mut Vec<String>) {
    quiet(client, ledger);
    let mut fail = |what: String| broken.push(format!("{round}: {what}"));
    for machine in &ledger.machines {
        let (status, answer) = client.must(
            "DescribeStateMachine",
            &json!({"stateMachineArn": machine.arn}),
        );
        match (machine.deleted, status) {
            (false, 200) => {}
            (false, _) => fail(format!("machine {} created, now {answer}", machine.arn)),
            (true, 200) if answer["status"] == "DELETING" => {}
            (true, 200) => fail(format!(
                "machine {} deleted, now {}",
                machine.arn, answer["status"]
            )),
            (true, _) => {}
        }
        if !machine.deleted && !machine.tags.is_empty() {
            let (_, tags) =
                client.must("ListTagsForResource", &json!({"resourceArn": machine.arn}));
            for (key, value) in &machine.tags {
                let kept = tags["tags"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|t| t["key"] == *key && t["value"] == *value));
                if !kept {
                    fail(format!("tag {key}={value} of {} lost: {tags}", machine.arn));
                }
            }
        }
    }
    let mut histories: BTreeMap<&String, Vec<Value>> = BTreeMap::new();
    for arn in ledger.executions.keys() {
        let (status, described) = client.must("DescribeExecution", &json!({"executionArn": arn}));
        if status != 200 {
            fail(format!("execution {arn} started, now {described}"));
            continue;
        }
        let Some(events) = history(client, arn) else {
            fail(format!("execution {arn}: no history"));
            continue;
        };
        let ids: Vec<u64> = events.iter().filter_map(|e| e["id"].as_u64()).collect();
        if ids != (1..=events.len() as u64).collect::<Vec<_>>() {
            fail(format!("execution {arn}: event ids {ids:?}"));
        }
        // One end per attempt (a redriven history holds the attempts before its redrives,
        // each with its end), and nothing after an end but a redrive.
        let types: Vec<&str> = events.iter().filter_map(|e| e["type"].as_str()).collect();
        for attempt in types.split(|t| *t == "ExecutionRedriven") {
            let ends: Vec<usize> = (0..attempt.len())
                .filter(|&i| TERMINAL.contains(&attempt[i]))
                .collect();
            if ends.len() > 1 || ends.first().is_some_and(|&i| i + 1 != attempt.len()) {
                fail(format!(
                    "execution {arn}: an attempt's ends at {ends:?}: {types:?}"
                ));
            }
        }
        let last = events.last().and_then(|e| e["type"].as_str()).unwrap_or("");
        let described_status = described["status"].as_str().unwrap_or("");
        match status_of(last) {
            Some(ended) if ended != described_status => fail(format!(
                "execution {arn}: its history ends with {last}, it is described {described_status}"
            )),
            None if described_status != "RUNNING" => fail(format!(
                "execution {arn}: its history goes on after {last}, it is described {described_status}"
            )),
            None if ENDING.contains(&KINDS[ledger.executions[arn]].0)
                && !ledger.stopped.contains(arn) =>
            {
                fail(format!(
                    "execution {arn} ({}) did not end 30 s after the restart (last event {last})",
                    KINDS[ledger.executions[arn]].0
                ));
            }
            None => {
                // Running: a callback waits, which a heartbeat finds.
                let open = open_tasks(&events);
                if open.is_empty() {
                    fail(format!(
                        "execution {arn}: RUNNING without a pending task (last event {last})"
                    ));
                }
                for (token, _) in open {
                    let (status, answer) =
                        client.must("SendTaskHeartbeat", &json!({"taskToken": token}));
                    if status != 200 {
                        fail(format!(
                            "execution {arn}: its open task's token answers {}",
                            Client::error(&answer)
                        ));
                    }
                }
            }
            Some(_) => {}
        }
        if ledger.stopped.contains(arn) && described_status == "RUNNING" {
            fail(format!("execution {arn} stopped, now RUNNING"));
        }
        if let Some(&count) = ledger.redriven.get(arn) {
            let redrives = described["redriveCount"].as_u64().unwrap_or(0);
            let recorded = events
                .iter()
                .filter(|e| e["type"] == "ExecutionRedriven")
                .count() as u64;
            if redrives < count || recorded < count {
                fail(format!(
                    "execution {arn} redriven {count} time(s), now redriveCount {redrives}, {recorded} ExecutionRedriven"
                ));
            }
        }
        histories.insert(arn, events);
    }
    for (token, (arn, success)) in &ledger.answered {
        let Some(events) = histories.get(arn) else {
            continue;
        };
        let wanted = if *success {
            "TaskSucceeded"
        } else {
            "TaskFailed"
        };
        match answer_event(events, token) {
            Some(event) if event == wanted => {}
            other => fail(format!(
                "execution {arn}: a {wanted} answer was acknowledged, its task's next event is {other:?}"
            )),
        }
        let (status, answer) = client.must(
            "SendTaskSuccess",
            &json!({"taskToken": token, "output": "{}"}),
        );
        if status == 200 || Client::error(&answer) != "TaskTimedOut" {
            fail(format!(
                "execution {arn}: answered again, its closed task answers {status} {}",
                Client::error(&answer)
            ));
        }
    }
}

/// The invariants of versions, children and Distributed Maps (see the module's documentation),
/// on the restarted server.
fn check_work(client: &mut Client, ledger: &mut Ledger, round: &str, broken: &mut Vec<String>) {
    let mut fail = |what: String| broken.push(format!("{round}: {what}"));
    // Versions: every one acknowledged and not deleted is listed, and the next is numbered
    // above every number given.
    for machine in ledger.machines.iter_mut().filter(|m| !m.deleted) {
        if machine.highest_version == 0 {
            continue;
        }
        let Some((200, page)) = client.call(
            "ListStateMachineVersions",
            &json!({"stateMachineArn": machine.arn, "maxResults": 1000}),
        ) else {
            fail(format!(
                "machine {}: its versions are not listed",
                machine.arn
            ));
            continue;
        };
        let listed: BTreeSet<u64> = page["stateMachineVersions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| {
                v["stateMachineVersionArn"]
                    .as_str()?
                    .rsplit(':')
                    .next()?
                    .parse()
                    .ok()
            })
            .collect();
        let lost: Vec<&u64> = machine.versions.difference(&listed).collect();
        if !lost.is_empty() {
            fail(format!(
                "machine {}: versions {lost:?} published, not listed",
                machine.arn
            ));
        }
        let highest = machine.highest_version;
        let mut acknowledged = 0;
        publish(client, machine, &mut acknowledged);
        if acknowledged > 0 && machine.highest_version <= highest {
            fail(format!(
                "machine {}: version {} given again after {highest}",
                machine.arn, machine.highest_version
            ));
        }
    }
    // Children: at most one per parent started (each parent's Task runs once).
    let mut parents_of: BTreeMap<&String, usize> = BTreeMap::new();
    for child in ledger.parents.values() {
        *parents_of.entry(child).or_default() += 1;
    }
    for (child, parents) in parents_of {
        match listed(
            client,
            json!({"stateMachineArn": child, "maxResults": 1000}),
        ) {
            Some(rows) if rows.len() > parents => fail(format!(
                "child machine {child}: {} executions for {parents} parent(s)",
                rows.len()
            )),
            Some(_) => {}
            None => fail(format!(
                "child machine {child}: its executions are not listed"
            )),
        }
    }
    // Distributed Maps: every item once, succeeded.
    for (arn, &items) in &ledger.maps {
        if ledger.stopped.contains(arn) {
            continue;
        }
        let Some((200, runs)) = client.call("ListMapRuns", &json!({"executionArn": arn})) else {
            fail(format!("execution {arn}: its Map Runs are not listed"));
            continue;
        };
        let Some(run) = runs["mapRuns"].as_array().and_then(|r| r.first()).cloned() else {
            fail(format!("execution {arn}: no Map Run"));
            continue;
        };
        let map_run = run["mapRunArn"].as_str().unwrap_or_default().to_owned();
        let Some((200, described)) = client.call("DescribeMapRun", &json!({"mapRunArn": map_run}))
        else {
            fail(format!("Map Run {map_run}: not described"));
            continue;
        };
        let counts = &described["itemCounts"];
        if counts["succeeded"] != items || counts["total"] != items {
            fail(format!("Map Run {map_run} of {items} items: {counts}"));
        }
        let children =
            listed(client, json!({"mapRunArn": map_run, "maxResults": 1000})).unwrap_or_default();
        let names: BTreeSet<&str> = children.iter().filter_map(|c| c["name"].as_str()).collect();
        if children.len() != items || names.len() != items {
            fail(format!(
                "Map Run {map_run} of {items} items: {} children, {} names",
                children.len(),
                names.len()
            ));
        }
    }
}

/// Runs `size` crash sequences against `binary` in data directories under `root`.
pub fn run(binary: &Path, root: &Path, size: Size) -> Report {
    let mut report = Report::default();
    for seed in 0..size.seeds {
        let mut rng = Rng::new(seed + 1);
        let dir: PathBuf = root.join(format!("seed-{seed}"));
        std::fs::create_dir_all(&dir).expect("a data directory");
        // The data directory on a small file system, where one can be made: one round of the
        // sequence fills it.
        let disk = Disk::new(&dir, "24m");
        if let Err(why) = &disk {
            report
                .skipped
                .push(format!("seed {seed}: the full-disk round: {why}"));
        }
        let disk = disk.ok();
        let full_round = rng.below(size.kills);
        let mut ledger = Ledger::default();
        for kill in 0..size.kills {
            let served = Served::start(binary, &dir, disk.as_ref());
            let mut client = Client::new(&served.address);
            let stamp = format!("s{seed}k{kill}");
            // Where in the sequence the kill comes, and whether calls are in flight then.
            let cut = 1 + rng.below(size.calls);
            let flying = rng.chance(50);
            let filled = (kill == full_round).then_some(disk.as_ref()).flatten();
            let mut flight = None;
            for n in 0..size.calls {
                if n == cut {
                    break;
                }
                if flying && n + 3 == cut {
                    let runnable = ledger
                        .machines
                        .iter()
                        .find(|m| !m.deleted && ["pass", "wait", "ask"].contains(&KINDS[m.kind].0));
                    if let Some(machine) = runnable {
                        flight = Some((
                            in_flight(served.address.clone(), machine.arn.clone()),
                            machine.kind,
                        ));
                    }
                }
                if let Some(disk) = filled {
                    if n == cut / 3 {
                        disk.fill();
                    }
                    if n == 2 * cut / 3 {
                        disk.free();
                        recovers(
                            &mut client,
                            &format!("seed {seed}, kill {kill}"),
                            &mut report,
                        );
                    }
                }
                if step(&mut client, &mut rng, &mut ledger, &stamp, size.map_items).is_none() {
                    break;
                }
                report.calls += 1;
            }
            if let Some(disk) = filled {
                disk.free();
            }
            if rng.chance(30) {
                let took = served.terminate();
                report.terms += 1;
                if took > Duration::from_secs(5) {
                    report.broken.push(format!(
                        "seed {seed}, kill {kill}: SIGTERM took {:.1} s to end the server",
                        took.as_secs_f64()
                    ));
                }
            } else {
                served.kill();
            }
            report.kills += 1;
            if let Some((thread, kind)) = flight {
                for arn in thread.join().unwrap_or_default() {
                    ledger.acknowledged += 1;
                    ledger.executions.insert(arn, kind);
                }
            }
            let served = Served::start(binary, &dir, disk.as_ref());
            let mut client = Client::new(&served.address);
            let round = format!("seed {seed}, kill {kill}");
            check(&mut client, &mut ledger, &round, &mut report.broken);
            check_work(&mut client, &mut ledger, &round, &mut report.broken);
            served.kill();
        }
        report.sequences += 1;
        report.acknowledged += ledger.acknowledged;
        report.executions += ledger.executions.len();
    }
    report
}

/// A disk given room again takes writes within 5 s, with no restart.
fn recovers(client: &mut Client, round: &str, report: &mut Report) {
    let began = Instant::now();
    report.full_disks += 1;
    while began.elapsed() < Duration::from_secs(5) {
        let name = format!("after-full-{}", began.elapsed().as_nanos());
        if let Some((200, _)) = client.call("CreateActivity", &json!({"name": name})) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    report.broken.push(format!(
        "{round}: the disk has room again, and writes still fail after 5 s"
    ));
}

#[test]
fn a_kill_at_any_point_of_a_random_sequence_of_calls_keeps_every_acknowledged_effect_and_whole_histories()
 {
    let root = tempfile::tempdir().expect("a directory");
    let began = Instant::now();
    // `SERVE_CRASH_SIZE=SEEDS,KILLS,CALLS,ITEMS` and `WORKFLOW_BIN` (another build to compare)
    // run more, or another binary, from the test's own build (the bench `serve_crash` does it
    // in release).
    let size = std::env::var("SERVE_CRASH_SIZE")
        .ok()
        .and_then(|text| {
            let n: Vec<u64> = text.split(',').filter_map(|n| n.parse().ok()).collect();
            Some(Size {
                seeds: *n.first()?,
                kills: *n.get(1)? as usize,
                calls: *n.get(2)? as usize,
                map_items: *n.get(3)? as usize,
            })
        })
        .unwrap_or(SMALL);
    let binary = std::env::var_os("WORKFLOW_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_workflow")));
    let report = run(&binary, root.path(), size);
    eprintln!(
        "crash consistency: {} sequences, {} kills ({} SIGTERM), {} full disks, {} calls ({} acknowledged), {} executions, in {:.1} s",
        report.sequences,
        report.kills,
        report.terms,
        report.full_disks,
        report.calls,
        report.acknowledged,
        report.executions,
        began.elapsed().as_secs_f64()
    );
    for skipped in &report.skipped {
        eprintln!("crash consistency: SKIPPED {skipped}");
    }
    assert!(report.executions > 0, "the sequences started executions");
    assert!(
        report.broken.is_empty(),
        "{} broken invariant(s):\n{}",
        report.broken.len(),
        report.broken.join("\n")
    );
}
