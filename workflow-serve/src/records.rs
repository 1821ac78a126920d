//! What the service holds: state machines, executions (running on the engine, or finished,
//! their histories as the protocol writes them) and activities; and each as the JSON record
//! the database keeps.

use super::locks::lock;
use super::protocol::event_json;
use super::requests::{ExecutionRedriveStatus, LoggingConfiguration, TracingConfiguration};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::MutexGuard;
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;
use workflow_asl::{ErrorName, ExecutionType, StateMachine};
use workflow_aws_models::{RoleArn, StatesArn, TaskToken};
use workflow_runtime::engine::RunningExecution;
use workflow_runtime::engine::{ChildExecution, MapRun};
use workflow_runtime::execution::{EventKind, ExecutionStatus, HistoryEvent, JsonText};

/// A state machine (one revision of it: an update replaces it; executions keep theirs), as
/// the database keeps it too (its model decoded again from the definition).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Machine {
    pub arn: StatesArn,
    pub name: String,
    pub definition: Definition,
    pub role_arn: RoleArn,
    #[serde(rename = "type")]
    pub kind: ExecutionType,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub revision_id: String,
    /// `loggingConfiguration` and `tracingConfiguration` as they were given (the service's
    /// defaults otherwise); kept and answered, not acted on.
    #[serde(default)]
    pub logging: Option<LoggingConfiguration>,
    #[serde(default)]
    pub tracing: Option<TracingConfiguration>,
    /// How `CreateStateMachine` created it: whether it published a version (and which), with
    /// what description; part of its idempotency check.
    #[serde(default)]
    pub creation: Creation,
}

/// A state machine's definition: its text as it was sent, and the model decoded from it.
/// Written as the text; read by decoding the text again (a definition that no longer decodes
/// is a record that does not).
#[derive(Clone, Debug)]
pub(crate) struct Definition {
    pub text: String,
    pub model: StateMachine,
}

impl Serialize for Definition {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Definition {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let model = StateMachine::from_json(&text)
            .map_err(|_| serde::de::Error::custom("the definition does not decode"))?;
        Ok(Definition { text, model })
    }
}

/// What a `CreateStateMachine` request asked besides the machine: a version published with it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Creation {
    /// `publish`.
    pub publish: bool,
    /// `versionDescription`.
    pub version_description: Option<String>,
    /// The version it published.
    pub version_arn: Option<StatesArn>,
}

/// A revision shared by the records that hold it ([`Version::machine`]), written and read as
/// the machine's record.
mod shared_machine {
    use super::Machine;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::sync::Arc;

    pub(super) fn serialize<S: Serializer>(
        machine: &Arc<Machine>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        Machine::serialize(machine, serializer)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Arc<Machine>, D::Error> {
        Machine::deserialize(deserializer).map(Arc::new)
    }
}

/// An execution, as the service keeps every execution in memory while it runs and after it
/// ended: its identity and where it is (a few hundred bytes; what most executions do not have,
/// a version, an alias, a trace header, a mocked test case, is boxed apart). A finished
/// execution's input, output and history are in the archive (`archive::Archive`), read when
/// asked for.
pub(crate) struct ExecutionRecord {
    /// Its ARN, shared with the maps that key it (`Store::executions`, the running ones);
    /// its name is the ARN's.
    pub arn: Arc<StatesArn>,
    /// Its place among the executions, in the order they started (a number the service
    /// gives each): `ListExecutions` lists the highest first, and its page tokens name it.
    pub seq: u64,
    /// The machine's revision it runs (shared by every execution of that revision).
    pub machine: Arc<Machine>,
    pub start_ms: i64,
    /// Where its run is in this process (the engine's run, or none).
    pub run: Mutex<RunState>,
    /// What of it is written, as the writer and its end tell it: what a client is shown (see
    /// [`Written`]).
    pub written: WrittenCell,
    /// How many times it was redriven, when last, and the client tokens that redrove it.
    redrives: Mutex<Redrives>,
    /// The engine's seed it runs with (an EXPRESS execution's ARN and what it draws at random
    /// derive from it), which a resume runs it with again.
    pub seed: u64,
    /// What few executions have.
    extras: Option<Box<Extras>>,
}

/// How many client tokens of an execution's redrives are kept, and how long one answers a
/// retry, as `RedriveExecution`'s `clientToken` is documented in the API reference: "The API
/// will return idempotent responses for the last 10 client tokens used to successfully
/// redrive the execution. These client tokens are valid for up to 15 minutes after they are
/// first used."
const REDRIVE_TOKENS: usize = 10;
const REDRIVE_TOKEN_MS: i64 = 15 * 60 * 1000;

/// An execution's redrives: how many, when last, and the client tokens of the last ten.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Redrives {
    count: u32,
    at: i64,
    /// Oldest first (a boxed slice: most executions are never redriven).
    tokens: Box<[RedriveToken]>,
}

impl Redrives {
    /// How many, and when last (`None`: never).
    fn counted(&self) -> (u64, Option<i64>) {
        (u64::from(self.count), (self.count > 0).then_some(self.at))
    }
}

/// A client token that redrove an execution: when, and which of its runs it began.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RedriveToken {
    pub token: String,
    /// The redrive's date (`redriveDate`), in milliseconds.
    pub at: i64,
    /// The run it began (2 for the first redrive).
    pub attempt: u32,
}

/// What an execution has when it was started on a version or an alias, with a trace header,
/// on a mocked test case, or by a Task of another execution.
#[derive(Default)]
struct Extras {
    version_arn: Option<StatesArn>,
    alias_arn: Option<StatesArn>,
    trace_header: Option<String>,
    test_case: Option<String>,
    started_by: Option<String>,
}

/// How an execution was started: the X-Ray trace header, Step Functions Local's mocked test
/// case, the engine's seed, and the attempt of the Task that started it
/// (`TaskCall::attempt_id`, for an execution a `states:startExecution` Task started).
#[derive(Clone, Debug, Default)]
pub(crate) struct Origin {
    pub trace_header: Option<String>,
    pub test_case: Option<String>,
    pub seed: u64,
    pub started_by: Option<String>,
}

/// What of an execution the database holds, which is all a client is shown of it: it exists
/// once its start is written, its history shows the events written, and it ends once its end
/// is (its terminal event, its record, its Map Runs and tokens, in one transaction). Told by
/// the writer (`commits`) and by the end of its run (`finish`), never ahead of the database;
/// a reader that needs more waits for it (a watch: no thread waits). Without a database
/// nothing is written and nothing waits: a start, an end and every event count as written as
/// they happen.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Written {
    /// Its start (its row) is written: before, no client was told of it.
    pub started: bool,
    /// How many of its events are written (a running execution's history shows these).
    pub events: usize,
    /// How many of its runs' starts are written (its start, then each redrive's).
    pub attempts: u32,
    /// How it ended, once that is written (a redriven execution runs again once its redrive
    /// is written).
    pub end: Option<Closed>,
}

/// An execution's [`Written`], and the readers waiting for it to change: a mutex and one
/// `Notify` (about 80 bytes), where a `tokio::sync::watch` channel holds nine (about 400 bytes
/// a channel, which every stored execution kept: issue 90 measured 1,031 bytes per finished
/// execution after a restart, 632 before the channel).
#[derive(Debug, Default)]
pub(crate) struct WrittenCell {
    value: Mutex<Written>,
    changed: Notify,
}

impl WrittenCell {
    /// What is written now (the guard holds the cell: read and let go).
    pub(crate) fn borrow(&self) -> MutexGuard<'_, Written> {
        lock(&self.value)
    }

    /// Changes it with `change`, and wakes every reader waiting.
    pub(crate) fn send_modify(&self, change: impl FnOnce(&mut Written)) {
        change(&mut lock(&self.value));
        self.changed.notify_waiters();
    }

    /// Changes it with `change`, and wakes the readers waiting when `change` says it changed.
    pub(crate) fn send_if_modified(&self, change: impl FnOnce(&mut Written) -> bool) {
        if change(&mut lock(&self.value)) {
            self.changed.notify_waiters();
        }
    }

    /// Waits until `ready` holds of what is written (at once when it does), and gives that.
    pub(crate) async fn wait_for(&self, mut ready: impl FnMut(&Written) -> bool) -> Written {
        loop {
            // Registered before the value is read: a change between the read and the wait
            // wakes this waiter.
            let notified = self.changed.notified();
            let mut notified = std::pin::pin!(notified);
            notified.as_mut().enable();
            // Read, then let go before `ready` runs: it may lock the execution's run.
            let written = lock(&self.value).clone();
            if ready(&written) {
                return written;
            }
            notified.await;
        }
    }
}

/// Where an execution is.
pub(crate) enum RunState {
    Running(Box<Live>),
    /// Its run ended, its end not written yet (`finish` writes it): RUNNING to every client
    /// until it is, its result here meanwhile.
    Ending(Arc<Finished>),
    /// Running when the server that ran it went away (SIGTERM, `kill -9`, a crash), until
    /// this one resumes it (`serve::resume`, before the server answers anyone), or when its
    /// resume was refused (said when the server starts): RUNNING to every client, its input
    /// and events in the database, its run nowhere. The service lists these
    /// (`Service::interrupted_executions`); `StopExecution` ends one `ABORTED`.
    Interrupted,
    Done(Closed),
}

/// An execution running on the engine.
pub(crate) struct Live {
    pub execution: RunningExecution,
    /// Its input as it was sent (`StartExecution`'s idempotency compares it).
    pub input: String,
    /// Which of its runs this is (1 for its start, one more for each redrive): its end is
    /// written once this run's start is ([`Written::attempts`]).
    pub attempt: u32,
}

/// How a finished execution ended: what listing it shows (the rest is in the archive).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Closed {
    pub status: ExecutionStatus,
    pub stop_ms: i64,
}

/// A finished execution, its history as `GetExecutionHistory` answers it: what the archive
/// keeps of it. Its record holds no events (the database keeps them apart, one row each, as
/// they happen; [`Finished::with_events`] writes them in it); read, they are the record's
/// when it has them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Finished {
    pub status: ExecutionStatus,
    /// The input, as it was sent.
    pub input: String,
    /// The output, as JSON text.
    pub output: Option<String>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub stop_ms: i64,
    /// The task tokens it issued: answering one now is `TaskTimedOut`.
    pub tokens: Vec<TaskToken>,
    /// Its Distributed Maps' Map Runs, its children's too (see [`MapRunRecord`]).
    #[serde(default)]
    pub map_runs: Vec<MapRunRecord>,
    /// The events (read from a record written before they were kept apart).
    #[serde(default, skip_serializing)]
    pub events: Vec<HistoryEvent>,
}

/// A finished execution's record with its events (the archive's in memory).
#[derive(Serialize)]
pub(crate) struct WithEvents<'f> {
    #[serde(flatten)]
    finished: &'f Finished,
    #[serde(serialize_with = "protocol::events")]
    events: &'f [HistoryEvent],
}

impl Finished {
    /// How it ended, for the execution's record.
    pub(crate) fn closed(&self) -> Closed {
        Closed {
            status: self.status.clone(),
            stop_ms: self.stop_ms,
        }
    }

    /// The run a redrive continues: the one its history describes (what a redrive reads of
    /// it: the events, with the input and the results of the tasks that succeeded), the same
    /// whether it ended a moment ago or before a restart.
    pub(crate) fn failed_run(&self) -> workflow_runtime::engine::Execution {
        workflow_runtime::engine::Execution {
            status: self.status.clone(),
            output: None,
            error: self.error.as_deref().map(ErrorName::from),
            cause: self.cause.clone(),
            states: Vec::new(),
            history: self.events.clone(),
            trace: Vec::new(),
            transitions: 0,
            // The Map Runs, so that a redrive reruns only their unsuccessful children (the
            // execution's own: its children's are not read back).
            map_runs: self
                .map_runs
                .iter()
                .filter(|run| run.child_execution_arn.is_none())
                .map(MapRunRecord::to_engine)
                .collect(),
        }
    }

    /// How the event `last`, the last of a history, ends the execution: its status and when;
    /// `None` when it is not a terminal event (the execution runs).
    pub(crate) fn of_terminal_event(last: &HistoryEvent) -> Option<(ExecutionStatus, i64)> {
        let status = match &last.kind {
            EventKind::ExecutionSucceeded { .. } => ExecutionStatus::Succeeded,
            EventKind::ExecutionFailed { .. } => ExecutionStatus::Failed,
            EventKind::ExecutionTimedOut { .. } => ExecutionStatus::TimedOut,
            EventKind::ExecutionAborted { .. } => ExecutionStatus::Aborted,
            _ => return None,
        };
        Some((status, last.timestamp_millis))
    }

    /// The record of an execution whose history ends with `last`, read from that event alone
    /// (its status, stop date, output, error and cause), its `input` as it was sent; `None`
    /// when `last` does not end it. What the database's check writes for an execution whose
    /// end was written without its record (see `Database::open`); its tokens are in the
    /// tokens' table, and its Map Runs' records are not known.
    pub(crate) fn ended_by(last: &HistoryEvent, input: String) -> Option<Finished> {
        let (status, stop_ms) = Finished::of_terminal_event(last)?;
        let (mut output, mut error, mut cause) = (None, None, None);
        match &last.kind {
            EventKind::ExecutionSucceeded { output: out } => output = Some(out.to_string()),
            EventKind::ExecutionFailed { error: e, cause: c } => {
                error = e.as_ref().map(|e| e.as_str().to_owned());
                cause = Some(c.clone());
            }
            EventKind::ExecutionTimedOut { error: e, cause: c } => {
                error = Some(e.as_str().to_owned());
                cause = Some(c.clone());
            }
            EventKind::ExecutionAborted { error: e, cause: c } => {
                error = e.as_ref().map(|e| e.as_str().to_owned());
                cause = c.clone();
            }
            _ => {}
        }
        Some(Finished {
            status,
            input,
            output,
            error,
            cause,
            stop_ms,
            tokens: Vec::new(),
            map_runs: Vec::new(),
            events: Vec::new(),
        })
    }

    /// The result of the run `live`, which ended with `result` (as
    /// `RunningExecution::try_wait` gave it); an engine error (an execution that could never
    /// progress) is a failed execution with that cause, and so is a run that panicked (a bug
    /// of the engine: a failed execution, not a lost server). `now_ms` is the service's time
    /// (its clock's), which an end with no event of its own is dated at.
    pub(crate) fn of_ended(
        live: &Live,
        result: std::thread::Result<
            Result<workflow_runtime::engine::Execution, workflow_runtime::engine::EngineError>,
        >,
        start_ms: i64,
        now_ms: i64,
    ) -> Finished {
        let running = &live.execution;
        let mut tokens: Vec<TaskToken> = running.issued_tokens().into_iter().collect();
        tokens.sort_unstable();
        let failed = |cause: &str| {
            let mut failed = Finished::failed(
                running.history_so_far(),
                start_ms,
                live.input.clone(),
                cause,
                now_ms,
            );
            failed.tokens = tokens.clone();
            failed
        };
        let execution = match result {
            Ok(Ok(execution)) => execution,
            Ok(Err(e)) => return failed(&e.to_string()),
            Err(panic) => {
                let message = workflow_local_engine::panic_message(&*panic).unwrap_or_default();
                return failed(&format!("the engine stopped unexpectedly: {message}"));
            }
        };
        let stop_ms = execution
            .history
            .last()
            .map_or(now_ms, |e| e.timestamp_millis)
            .max(start_ms);
        Finished {
            status: execution.status.clone(),
            input: live.input.clone(),
            output: execution.output.as_ref().map(Value::to_string),
            error: execution.error.as_ref().map(|e| e.as_str().to_owned()),
            cause: execution.cause.clone(),
            stop_ms,
            tokens,
            events: execution.history,
            map_runs: map_run_records(&execution.map_runs),
        }
    }

    /// An interrupted execution (see [`RunState::Interrupted`]) stopped by `StopExecution`:
    /// `ABORTED`, with `error` and `cause` when given, its history `events` (as the database
    /// kept them) and `ExecutionAborted`, as the engine ends a running one, at `now_ms` (the
    /// service's time).
    pub(crate) fn aborted(
        mut events: Vec<HistoryEvent>,
        input: String,
        error: Option<&str>,
        cause: Option<&str>,
        now_ms: i64,
    ) -> Finished {
        let last = events.last().map_or(0, |e| e.id);
        // No earlier than the event it follows: a history is in time order.
        let stop_ms = events
            .last()
            .map_or(now_ms, |e| now_ms.max(e.timestamp_millis));
        events.push(HistoryEvent {
            id: last + 1,
            previous_event_id: last,
            timestamp_millis: stop_ms,
            kind: EventKind::ExecutionAborted {
                error: error.map(ErrorName::from),
                cause: cause.map(str::to_owned),
            },
        });
        Finished {
            status: ExecutionStatus::Aborted,
            input,
            output: None,
            error: error.map(str::to_owned),
            cause: cause.map(str::to_owned),
            stop_ms,
            tokens: Vec::new(),
            events,
            map_runs: Vec::new(),
        }
    }

    /// A failed execution (`States.Runtime`, `cause`) whose history is `events` and
    /// `ExecutionFailed`, at `now_ms` (the service's time).
    pub(crate) fn failed(
        mut events: Vec<HistoryEvent>,
        start_ms: i64,
        input: String,
        cause: &str,
        now_ms: i64,
    ) -> Finished {
        // No earlier than the start, nor the event it follows: a history is in time order.
        let stop_ms = events
            .iter()
            .map(|e| e.timestamp_millis)
            .fold(now_ms.max(start_ms), i64::max);
        let last = events.len() as u64;
        events.push(HistoryEvent {
            id: last + 1,
            previous_event_id: last,
            timestamp_millis: stop_ms,
            kind: EventKind::ExecutionFailed {
                error: Some(ErrorName::from("States.Runtime")),
                cause: cause.to_owned(),
            },
        });
        Finished {
            status: ExecutionStatus::Failed,
            input,
            output: None,
            error: Some("States.Runtime".into()),
            cause: Some(cause.to_owned()),
            stop_ms,
            tokens: Vec::new(),
            events,
            map_runs: Vec::new(),
        }
    }

    /// The record with its events.
    pub(crate) fn with_events(&self) -> WithEvents<'_> {
        WithEvents {
            finished: self,
            events: &self.events,
        }
    }
}

impl ExecutionRecord {
    /// A new execution `arn`, `seq`th, of `machine`'s revision, started on a version or an
    /// alias (`on`) at `start_ms`, in state `run`, as `origin` says.
    pub(crate) fn new(
        arn: Arc<StatesArn>,
        seq: u64,
        machine: Arc<Machine>,
        on: (Option<StatesArn>, Option<StatesArn>),
        start_ms: i64,
        run: RunState,
        origin: Origin,
    ) -> ExecutionRecord {
        let (version_arn, alias_arn) = on;
        let Origin {
            trace_header,
            test_case,
            seed,
            started_by,
        } = origin;
        let extras = Extras {
            version_arn,
            alias_arn,
            trace_header,
            test_case,
            started_by,
        };
        let some = extras.version_arn.is_some()
            || extras.alias_arn.is_some()
            || extras.trace_header.is_some()
            || extras.test_case.is_some()
            || extras.started_by.is_some();
        ExecutionRecord {
            arn,
            seq,
            machine,
            start_ms,
            run: Mutex::new(run),
            written: WrittenCell::default(),
            redrives: Mutex::new(Redrives::default()),
            seed,
            extras: some.then(|| Box::new(extras)),
        }
    }

    /// Its name (its ARN's).
    pub(crate) fn name(&self) -> &str {
        self.arn.execution_name().unwrap_or_default()
    }

    /// The version it ran, when it was started on a version or an alias.
    pub(crate) fn version_arn(&self) -> Option<&StatesArn> {
        self.extras.as_ref()?.version_arn.as_ref()
    }

    /// The alias it was started on.
    pub(crate) fn alias_arn(&self) -> Option<&StatesArn> {
        self.extras.as_ref()?.alias_arn.as_ref()
    }

    /// The X-Ray trace header it was started with (`DescribeExecution`'s `traceHeader`).
    pub(crate) fn trace_header(&self) -> Option<&str> {
        self.extras.as_ref()?.trace_header.as_deref()
    }

    /// Step Functions Local's mocked test case it runs (`…:stateMachine:NAME#CASE`), which a
    /// resume runs it on again.
    pub(crate) fn test_case(&self) -> Option<&str> {
        self.extras.as_ref()?.test_case.as_deref()
    }

    /// The attempt of the Task that started it, when a `states:startExecution` Task did.
    pub(crate) fn started_by(&self) -> Option<&str> {
        self.extras.as_ref()?.started_by.as_deref()
    }

    /// How many times it was redriven, and when last.
    pub(crate) fn redrives(&self) -> (u64, Option<i64>) {
        lock(&self.redrives).counted()
    }

    /// It was redriven again, at `at`, by a call with `token`: its redrives as they were
    /// before (to undo, with [`Self::set_redrives`]).
    pub(crate) fn redriven(&self, at: i64, token: Option<&str>) -> Redrives {
        let mut redrives = lock(&self.redrives);
        let before = redrives.clone();
        redrives.count = before.count.saturating_add(1);
        redrives.at = at;
        if let Some(token) = token {
            let kept = before.tokens.len().min(REDRIVE_TOKENS - 1);
            let mut tokens = before.tokens[before.tokens.len() - kept..].to_vec();
            tokens.push(RedriveToken {
                token: token.to_owned(),
                at,
                attempt: redrives.count.saturating_add(1),
            });
            redrives.tokens = tokens.into_boxed_slice();
        }
        before
    }

    /// The redrive that `token` made, while AWS answers a retry with it as that call was
    /// answered: among the last ten, and within 15 minutes of its first use at `now`.
    pub(crate) fn redrive_of(&self, token: &str, now: i64) -> Option<RedriveToken> {
        lock(&self.redrives)
            .tokens
            .iter()
            .find(|t| t.token == token && now.saturating_sub(t.at) <= REDRIVE_TOKEN_MS)
            .cloned()
    }

    /// Its redrives as they were before (a redrive that was not written is undone).
    pub(crate) fn set_redrives(&self, redrives: Redrives) {
        *lock(&self.redrives) = redrives;
    }

    /// The execution as the database keeps it.
    pub(crate) fn to_stored(&self) -> StoredExecution {
        // One reading of its redrives: the count, date and tokens of the same redrive.
        let ((redrive_count, redrive_ms), redrive_tokens) = {
            let redrives = lock(&self.redrives);
            (redrives.counted(), redrives.tokens.to_vec())
        };
        StoredExecution {
            name: self.name().to_owned(),
            machine_arn: self.machine.arn.clone(),
            revision_id: self.machine.revision_id.clone(),
            version_arn: self.version_arn().cloned(),
            alias_arn: self.alias_arn().cloned(),
            start_ms: self.start_ms,
            redrive_count,
            redrive_ms,
            redrive_tokens,
            trace_header: self.trace_header().map(str::to_owned),
            test_case: self.test_case().map(str::to_owned),
            seed: Some(self.seed),
            started_by: self.started_by().map(str::to_owned),
        }
    }

    /// An execution the database kept as `stored`, `seq`th in the order they started, ended
    /// as `closed` (interrupted without), running `machine` (its revision, found by
    /// `stored.revision_id`).
    pub(crate) fn of_stored(
        arn: Arc<StatesArn>,
        seq: u64,
        stored: StoredExecution,
        machine: Arc<Machine>,
        closed: Option<Closed>,
    ) -> ExecutionRecord {
        let run = closed.clone().map_or(RunState::Interrupted, RunState::Done);
        // An execution kept before the seed was: any (a STANDARD one's ARN is its name's).
        let seed = stored.seed.unwrap_or(seq);
        let record = ExecutionRecord::new(
            arn,
            seq,
            machine,
            (stored.version_arn, stored.alias_arn),
            stored.start_ms,
            run,
            Origin {
                trace_header: stored.trace_header,
                test_case: stored.test_case,
                seed,
                started_by: stored.started_by,
            },
        );
        let count = u32::try_from(stored.redrive_count).unwrap_or(u32::MAX);
        record.set_redrives(Redrives {
            count,
            at: stored.redrive_ms.unwrap_or(0),
            tokens: stored.redrive_tokens.into_boxed_slice(),
        });
        // Read from the database: what it holds is written (an interrupted one's events are
        // counted when it is resumed).
        record.written.send_modify(|w| {
            *w = Written {
                started: true,
                events: 0,
                attempts: count.saturating_add(1),
                end: closed,
            }
        });
        record
    }
}

/// An execution as the database keeps it (its row's `record`): who it is and what it runs,
/// its machine's revision by its id (the database keeps each revision once).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StoredExecution {
    pub name: String,
    pub machine_arn: StatesArn,
    pub revision_id: String,
    pub version_arn: Option<StatesArn>,
    pub alias_arn: Option<StatesArn>,
    pub start_ms: i64,
    #[serde(default)]
    pub redrive_count: u64,
    pub redrive_ms: Option<i64>,
    /// The client tokens of its last redrives (none in a record kept before they were).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redrive_tokens: Vec<RedriveToken>,
    pub trace_header: Option<String>,
    pub test_case: Option<String>,
    /// `None` in a record kept before the seed was.
    pub seed: Option<u64>,
    /// The attempt of the Task that started it (`None` when no Task did, or in a record kept
    /// before this was).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_by: Option<String>,
}

#[cfg(test)]
impl StoredExecution {
    /// The tests' execution `name` of `machine`, started at 1 s, never redriven.
    pub(crate) fn of_test(name: &str, machine: &Machine) -> Self {
        StoredExecution {
            name: name.into(),
            machine_arn: machine.arn.clone(),
            revision_id: machine.revision_id.clone(),
            version_arn: None,
            alias_arn: None,
            start_ms: 1_000,
            redrive_count: 0,
            redrive_ms: None,
            redrive_tokens: Vec::new(),
            trace_header: None,
            test_case: None,
            seed: Some(1),
            started_by: None,
        }
    }
}

/// A Map Run of a finished execution as the service keeps it (in the execution's record,
/// `Finished::map_runs`): what `DescribeMapRun` answers (but the execution's ARN, when it is
/// the execution's own, and the counts, computed from the children), its children as a result
/// file lists them, and their histories; read back, what a redrive after a restart reruns
/// ([`MapRunRecord::to_engine`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MapRunRecord {
    pub map_run_arn: StatesArn,
    pub status: ExecutionStatus,
    #[serde(default)]
    pub start_ms: i64,
    #[serde(default)]
    pub stop_ms: i64,
    #[serde(default)]
    pub max_concurrency: u64,
    #[serde(default)]
    pub tolerated_failure_count: u64,
    #[serde(default)]
    pub tolerated_failure_percentage: f64,
    /// Its items (or batches), those that never started included.
    #[serde(default)]
    pub items: u64,
    #[serde(default)]
    pub redrive_count: u64,
    #[serde(default)]
    pub error: Option<ErrorName>,
    /// Its child executions, in item order.
    #[serde(default)]
    pub children: Vec<ChildRecord>,
    /// Each STANDARD child's history (an EXPRESS child has none), by child ARN, written in
    /// the protocol's shape.
    #[serde(default, serialize_with = "protocol::histories")]
    pub histories: indexmap::IndexMap<StatesArn, Vec<HistoryEvent>>,
    /// The child execution whose Distributed Map ran it, for a Map Run of a Map Run's child
    /// (at any depth); `None` for the execution's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_execution_arn: Option<StatesArn>,
}

/// A child execution of a Map Run as a result file lists it (the engine's
/// `ChildExecution::record`): its identity, how it ended, and whether its Map Run's redrive
/// runs it again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ChildRecord {
    pub execution_arn: StatesArn,
    /// Its input, as JSON text.
    pub input: String,
    #[serde(default)]
    pub input_details: Included,
    pub name: String,
    #[serde(default)]
    pub redrive_count: u64,
    #[serde(with = "rfc3339_millis")]
    pub start_date: i64,
    /// The labelled state machine it ran as.
    pub state_machine_arn: StatesArn,
    pub status: ExecutionStatus,
    #[serde(with = "rfc3339_millis")]
    pub stop_date: i64,
    /// Its output, as JSON text, when it succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_details: Option<Included>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// `NOT_REDRIVABLE` or `REDRIVABLE_BY_MAP_RUN`.
    pub redrive_status: ExecutionRedriveStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redrive_status_reason: Option<String>,
}

/// A result file's `InputDetails` and `OutputDetails`: `{"Included": true}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Included {
    pub included: bool,
}

impl Default for Included {
    fn default() -> Self {
        Included { included: true }
    }
}

/// A time as a result file writes it: RFC 3339 text with milliseconds (`2026-01-01T00:00:00.123Z`),
/// held as milliseconds since the Unix epoch.
mod rfc3339_millis {
    use serde::{Deserialize, Deserializer, Serializer};
    use workflow_asl::timestamp::{format_rfc3339_millis, parse_rfc3339};

    pub(super) fn serialize<S: Serializer>(millis: &i64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format_rfc3339_millis(*millis))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_rfc3339(&text)
            .and_then(|t| i64::try_from(t.unix_nanos / 1_000_000).ok())
            .ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 time: {text}")))
    }
}

impl ChildRecord {
    /// The child as the engine reports it, in its result file's shape (which the engine
    /// writes: this is that record, typed).
    fn of(child: &ChildExecution) -> Result<ChildRecord, serde_json::Error> {
        serde_json::from_value(child.record())
    }

    /// The child execution the engine reads back (its history from `histories`).
    fn to_engine(
        &self,
        histories: &indexmap::IndexMap<StatesArn, Vec<HistoryEvent>>,
    ) -> ChildExecution {
        let history = histories
            .get(&self.execution_arn)
            .cloned()
            .unwrap_or_default();
        ChildExecution {
            failed_state: workflow_runtime::execution::failed_state(&history).map(str::to_owned),
            arn: self.execution_arn.clone(),
            name: self.name.clone(),
            state_machine: self
                .state_machine_arn
                .machine()
                .map(ToString::to_string)
                .unwrap_or_default(),
            state_machine_arn: self.state_machine_arn.clone(),
            status: self.status.clone(),
            input: JsonText::from(self.input.as_str()),
            output: self.output.as_deref().map(JsonText::from),
            error: self.error.clone(),
            cause: self.cause.clone(),
            start_millis: self.start_date,
            stop_millis: self.stop_date,
            history,
            // A child's own Map Runs are kept as records of their own (naming the child).
            map_runs: Vec::new(),
        }
    }
}

impl MapRunRecord {
    /// The record of the engine's Map Run `run`, which the child execution `child_execution`
    /// ran (`None`: the execution's own).
    pub(crate) fn of(run: &MapRun, child_execution: Option<&StatesArn>) -> MapRunRecord {
        MapRunRecord {
            map_run_arn: run.arn.clone(),
            status: run.status.clone(),
            start_ms: run.start_millis,
            stop_ms: run.stop_millis,
            max_concurrency: run.max_concurrency,
            tolerated_failure_count: run.tolerated_failure_count,
            tolerated_failure_percentage: run.tolerated_failure_percentage,
            items: run.items,
            redrive_count: run.redrive_count,
            error: run.error.clone(),
            children: run
                .executions
                .iter()
                .filter_map(|child| ChildRecord::of(child).ok())
                .collect(),
            histories: run
                .executions
                .iter()
                .filter(|c| !c.history.is_empty())
                .map(|c| (c.arn.clone(), c.history.clone()))
                .collect(),
            child_execution_arn: child_execution.cloned(),
        }
    }

    /// The Map Run the record keeps, read back: what a redrive after a restart needs of it.
    pub(crate) fn to_engine(&self) -> MapRun {
        MapRun {
            arn: self.map_run_arn.clone(),
            status: self.status.clone(),
            start_millis: self.start_ms,
            stop_millis: self.stop_ms,
            max_concurrency: self.max_concurrency,
            tolerated_failure_count: self.tolerated_failure_count,
            tolerated_failure_percentage: self.tolerated_failure_percentage,
            executions: self
                .children
                .iter()
                .map(|child| child.to_engine(&self.histories))
                .collect(),
            items: self.items,
            redrive_count: self.redrive_count,
            error: self.error.clone(),
        }
    }

    /// Its child `arn`.
    pub(crate) fn child(&self, arn: &StatesArn) -> Option<&ChildRecord> {
        self.children.iter().find(|c| &c.execution_arn == arn)
    }
}

/// The records of the Map Runs of an execution, its own then those of its children's
/// Distributed Maps at every depth (each naming its child execution), so that `ListMapRuns`
/// and `DescribeMapRun` find them too.
fn map_run_records(runs: &[MapRun]) -> Vec<MapRunRecord> {
    let mut records: Vec<MapRunRecord> = runs.iter().map(|r| MapRunRecord::of(r, None)).collect();
    let mut to_visit: Vec<&MapRun> = runs.iter().collect();
    while let Some(run) = to_visit.pop() {
        for child in &run.executions {
            for nested in &child.map_runs {
                records.push(MapRunRecord::of(nested, Some(&child.arn)));
                to_visit.push(nested);
            }
        }
    }
    records
}

/// Events written in the protocol's shape ([`event_json`]) where a record keeps them, as the
/// database and the archive always have; read back by the engine's codec, which reads that
/// shape.
mod protocol {
    use super::event_json;
    use serde::Serializer;
    use serde::ser::{SerializeMap, SerializeSeq};
    use workflow_aws_models::StatesArn;
    use workflow_runtime::execution::HistoryEvent;

    pub(super) fn events<S: Serializer>(
        events: &[HistoryEvent],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(events.len()))?;
        for event in events {
            seq.serialize_element(&event_json(event))?;
        }
        seq.end()
    }

    pub(super) fn histories<S: Serializer>(
        histories: &indexmap::IndexMap<StatesArn, Vec<HistoryEvent>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        struct Events<'e>(&'e [HistoryEvent]);
        impl serde::Serialize for Events<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                events(self.0, serializer)
            }
        }
        let mut map = serializer.serialize_map(Some(histories.len()))?;
        for (arn, history) in histories {
            map.serialize_entry(arn, &Events(history))?;
        }
        map.end()
    }
}

/// An activity, as the database keeps it too.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Activity {
    pub arn: StatesArn,
    pub name: String,
    pub created_ms: i64,
}

/// A published version of a state machine: an immutable copy of one revision; as the
/// database keeps it too.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Version {
    /// `arn:…:stateMachine:NAME:NUMBER`.
    pub arn: StatesArn,
    pub number: u64,
    #[serde(with = "shared_machine")]
    pub machine: Arc<Machine>,
    pub description: Option<String>,
    pub created_ms: i64,
}

/// An alias: a name routing executions to one or two versions by weight; as the database
/// keeps it too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Alias {
    /// `arn:…:stateMachine:NAME:ALIAS`.
    pub arn: StatesArn,
    pub name: String,
    /// The state machine's (unqualified) ARN.
    pub machine_arn: StatesArn,
    pub description: Option<String>,
    /// The versions and their weights (summing to 100), as `routingConfiguration` writes
    /// them.
    pub routing: Vec<Route>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// One entry of an alias's `routingConfiguration`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Route {
    /// The version's ARN.
    pub state_machine_version_arn: StatesArn,
    pub weight: u64,
}

#[cfg(test)]
mod tests {
    use super::{Closed, MapRunRecord, WrittenCell};

    /// A reader waiting for an execution's end wakes when it is told, whichever moment it
    /// began waiting in: before, or as the change was made (registered before it reads).
    #[test]
    fn a_reader_waiting_on_what_is_written_wakes_when_it_changes_and_misses_no_change() {
        let runtime = crate::test_support::test_runtime();
        for changes_first in [false, true] {
            let cell = std::sync::Arc::new(WrittenCell::default());
            let waiter = {
                let cell = std::sync::Arc::clone(&cell);
                runtime.spawn(async move { cell.wait_for(|w| w.end.is_some()).await })
            };
            if !changes_first {
                std::thread::sleep(std::time::Duration::from_millis(20));
                assert!(!waiter.is_finished(), "it waits while the end is untold");
            }
            cell.send_modify(|w| w.events = 3);
            cell.send_modify(|w| {
                w.end = Some(Closed {
                    status: ExecutionStatus::Succeeded,
                    stop_ms: 7,
                })
            });
            let written = runtime
                .block_on(async {
                    tokio::time::timeout(std::time::Duration::from_secs(10), waiter).await
                })
                .expect("the waiter wakes")
                .expect("the waiter's task");
            assert_eq!(
                (written.events, written.end.map(|e| e.stop_ms)),
                (3, Some(7))
            );
            assert_eq!(cell.borrow().events, 3);
        }
    }
    use workflow_asl::ErrorName;
    use workflow_runtime::engine::{ChildExecution, MapRun};
    use workflow_runtime::execution::{EventKind, ExecutionStatus, HistoryEvent, JsonText};

    #[test]
    fn a_map_run_kept_in_the_database_reads_back_as_itself() {
        let arn = "arn:aws:states:us-east-1:123456789012:execution:Orders/Items:c1";
        let child =
            |status: ExecutionStatus, output: Option<&str>, error: Option<&str>| ChildExecution {
                arn: arn.parse().expect("an ARN"),
                name: "c1".into(),
                state_machine: "Orders/Items".into(),
                state_machine_arn:
                    "arn:aws:states:us-east-1:123456789012:stateMachine:Orders/Items"
                        .parse()
                        .expect("an ARN"),
                status,
                input: JsonText::from(r#"{"item":1}"#),
                output: output.map(JsonText::from),
                error: error.map(ErrorName::from),
                cause: error.map(|_| "bad".to_owned()),
                start_millis: 1_767_225_600_123,
                stop_millis: 1_767_225_601_456,
                failed_state: None,
                history: vec![HistoryEvent {
                    id: 1,
                    previous_event_id: 0,
                    timestamp_millis: 1_767_225_600_123,
                    kind: EventKind::ExecutionStarted {
                        input: JsonText::from(r#"{"item":1}"#),
                        role_arn: None,
                    },
                }],
                map_runs: Vec::new(),
            };
        let run = MapRun {
            arn: "arn:aws:states:us-east-1:123456789012:mapRun:Orders/Items:r1"
                .parse()
                .expect("an ARN"),
            status: ExecutionStatus::Failed,
            start_millis: 1_767_225_600_000,
            stop_millis: 1_767_225_602_000,
            max_concurrency: 1,
            tolerated_failure_count: 2,
            tolerated_failure_percentage: 12.5,
            executions: vec![child(ExecutionStatus::Failed, None, Some("Work.Failed"))],
            items: 3,
            redrive_count: 1,
            error: Some(ErrorName::ExceedToleratedFailureThreshold),
        };
        // Written as the database keeps it, and read back.
        let kept = |run: &MapRun| {
            let text = serde_json::to_string(&MapRunRecord::of(run, None)).expect("written");
            serde_json::from_str::<MapRunRecord>(&text)
                .expect("read")
                .to_engine()
        };
        assert_eq!(kept(&run), run);
        let succeeded = MapRun {
            executions: vec![child(ExecutionStatus::Succeeded, Some(r#""done""#), None)],
            status: ExecutionStatus::Succeeded,
            error: None,
            ..run
        };
        assert_eq!(kept(&succeeded), succeeded);
    }

    /// A Map Run's record as `workflow serve` wrote it before its records were typed (its
    /// JSON written by hand): a failed Map Run, one child succeeded, one failed.
    const UNTYPED_RECORD: &str = r#"{"mapRunArn":"arn:aws:states:us-east-1:123456789012:mapRun:Mapper/Items:f0f4fd90-2632-4c27-90de-d031a4bd705a","status":"FAILED","startMs":1795759189623,"stopMs":1795759189623,"maxConcurrency":0,"toleratedFailureCount":0,"toleratedFailurePercentage":0.0,"items":2,"redriveCount":0,"error":"States.ExceedToleratedFailureThreshold","children":[{"ExecutionArn":"arn:aws:states:us-east-1:123456789012:execution:Mapper/Items:1656d08a-05de-4d51-9fbc-ef12eeee7122","Input":"{\"fail\":false}","InputDetails":{"Included":true},"Name":"1656d08a-05de-4d51-9fbc-ef12eeee7122","RedriveCount":0,"StartDate":"2026-11-27T05:59:49.623Z","StateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:Mapper/Items","Status":"SUCCEEDED","StopDate":"2026-11-27T05:59:49.623Z","Output":"{\"fail\":false}","OutputDetails":{"Included":true},"RedriveStatus":"NOT_REDRIVABLE","RedriveStatusReason":"Execution is SUCCEEDED and cannot be redriven"},{"ExecutionArn":"arn:aws:states:us-east-1:123456789012:execution:Mapper/Items:498ff3cf-852a-4284-b01e-fbfb5d1962f4","Input":"{\"fail\":true}","InputDetails":{"Included":true},"Name":"498ff3cf-852a-4284-b01e-fbfb5d1962f4","RedriveCount":0,"StartDate":"2026-11-27T05:59:49.623Z","StateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:Mapper/Items","Status":"FAILED","StopDate":"2026-11-27T05:59:49.623Z","Error":"Item.Bad","Cause":"bad item","RedriveStatus":"REDRIVABLE_BY_MAP_RUN"}],"histories":{"arn:aws:states:us-east-1:123456789012:execution:Mapper/Items:498ff3cf-852a-4284-b01e-fbfb5d1962f4":[{"id":1,"previousEventId":0,"timestamp":1795759189.623,"type":"ExecutionStarted","executionStartedEventDetails":{"input":"{\"fail\":true}","inputDetails":{"truncated":false},"roleArn":"arn:aws:iam::123456789012:role/r"}},{"id":2,"previousEventId":1,"timestamp":1795759189.623,"type":"ExecutionFailed","executionFailedEventDetails":{"error":"Item.Bad","cause":"bad item"}}]}}"#;

    #[test]
    fn a_map_run_record_written_before_the_records_were_typed_reads_and_writes_back_the_same() {
        let record: MapRunRecord = serde_json::from_str(UNTYPED_RECORD).expect("reads");
        assert_eq!(record.children.len(), 2);
        assert_eq!(record.children[1].error, Some(ErrorName::from("Item.Bad")));
        assert_eq!(record.children[0].start_date, 1_795_759_189_623);
        let run = record.to_engine();
        assert_eq!(run.executions[1].history.len(), 2);
        assert!(run.executions[0].history.is_empty());
        // The same text, key for key (a Map Run of a child names its child last).
        assert_eq!(
            serde_json::to_string(&record).expect("writes"),
            UNTYPED_RECORD
        );
        let nested = UNTYPED_RECORD.replacen(
            "}]}}",
            r#"}]},"childExecutionArn":"arn:aws:states:us-east-1:123456789012:execution:Mapper/Items:498ff3cf-852a-4284-b01e-fbfb5d1962f4"}"#,
            1,
        );
        let record: MapRunRecord = serde_json::from_str(&nested).expect("reads");
        assert!(record.child_execution_arn.is_some());
        assert_eq!(serde_json::to_string(&record).expect("writes"), nested);
    }
}
