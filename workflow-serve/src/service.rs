//! The service behind `workflow serve`: what it holds, by what it serves, each part owning its
//! state: the catalog of named resources (`catalog`: state machines, versions, aliases,
//! activities, tags), the executions (`executions`), what running executions push (`pushed`:
//! task tokens, activities' queues), the Map Runs of finished executions (`map_runs`), and
//! the record (`Record`: the one writer, the database and the archive), the one path to the
//! database. Its one entry is `dispatch::answer`; every operation is a future of its own
//! module, which takes the service and its typed request.
//!
//! Where an execution's truth lives: in its history. The database holds each event as a row;
//! the one writer (`writer`, `commits`) writes every change a call made, and every event a run
//! wrote, in a transaction per batch, and a call that changed state answers once its batch is
//! committed. An execution's end (its terminal event, its result, its Map Runs, its tokens) is
//! one write, and only then is it described ended (`executions::finish`). A client is never
//! shown what the database lacks: what an execution shows is what its record says is written
//! (`records::Written`), and the catalog changes only once its change is written.

use super::archive::Archive;
use super::catalog::{Catalog, CatalogState};
use super::commits::Committer;
use super::database::{Database, DatabaseError};
use super::directory_lock::DirectoryLock;
use super::protocol::ApiError;
use super::pushed::Pushed;
use super::roster::Roster;
use super::writer::Writer;
use indexmap::IndexMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use workflow_aws_models::{StatesArn, StatesResource};
use workflow_runtime::engine::{CompiledMachine, Engine, MockConfig, TimeMode};

/// How the service runs.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub region: String,
    pub account: String,
    /// Real time, or virtual time (`--virtual-time`).
    pub virtual_time: bool,
    /// The clock the service's executions and its own dates follow, when it is not the
    /// system's (`ServerBuilder::clock`, an in-process endpoint's, `--virtual-clock`): time
    /// passes only as it is advanced (`clock`'s operations, `WorkflowServe.AdvanceClock`).
    pub clock: Option<workflow_runtime::engine::VirtualClock>,
    /// What answers the Tasks of the `workflow!` workflows it was told of
    /// (`ServerBuilder::answered_by`): each one's definition (JSON) and its answerers.
    pub answerers: Vec<(serde_json::Value, Answerers)>,
    /// A Step Functions Local mock configuration: `StartExecution` on
    /// `…:stateMachine:NAME#TEST_CASE` runs test case `TEST_CASE` of it.
    pub mock_config: Option<MockConfig>,
    /// How long `GetActivityTask` waits for a task (the service: 60 s).
    pub activity_poll: Duration,
    /// Where Distributed Maps' `ItemReader` and `ResultWriter` read and write (`--s3 DIR`).
    pub object_store: Option<workflow_runtime::engine::ObjectStore>,
    /// Where Lambda tasks are invoked (`--lambda-endpoint URL`), checked when it was set.
    pub lambda_endpoint: Option<String>,
    /// Where the Tasks nothing else answers are sent (`--aws-endpoint`).
    pub aws_endpoints: workflow_runtime::engine::AwsEndpoints,
    /// How many executions may run at once; `StartExecution` beyond it is
    /// `ExecutionLimitExceeded` (`--max-running-executions`).
    pub max_running: usize,
    /// The service's own operations, as its executions' Tasks call them (`nested`): the
    /// dispatch's entry, given from above, so that no operation names the table of them.
    pub operations: Operations,
    /// The `workflow!` workflows the server was told of (`ServerBuilder::workflow`, a crate's
    /// own `workflow serve`): each one's definition (JSON), name and type. A machine created
    /// with one's definition takes its type (`CreateStateMachine` without `type`), and is
    /// refused as the other type (`StateMachineTypeNotSupported`).
    pub workflow_types: Vec<(serde_json::Value, String, workflow_asl::ExecutionType)>,
}

impl Settings {
    /// The name and type of the `workflow!` workflow whose definition `definition` is (JSON
    /// equal), if the server was told of one.
    pub(crate) fn declared_type(
        &self,
        definition: &str,
    ) -> Option<(&str, workflow_asl::ExecutionType)> {
        if self.workflow_types.is_empty() {
            return None;
        }
        let definition: serde_json::Value = serde_json::from_str(definition).ok()?;
        self.workflow_types
            .iter()
            .find(|(d, _, _)| *d == definition)
            .map(|(_, name, kind)| (name.as_str(), *kind))
    }
}

/// What registers a workflow's Task handlers (and mocks) on the engine of each execution of it,
/// as a test registers them on its own engine (`ServerBuilder::answered_by`).
#[derive(Clone)]
pub(crate) struct Answerers(pub Arc<dyn Fn(Engine) -> Engine + Send + Sync>);

impl std::fmt::Debug for Answerers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Answerers(..)")
    }
}

/// The entry of the service's operations: `operation` answered for `request`, made by `caller`.
pub(crate) type Operations =
    fn(
        Arc<Service>,
        String,
        serde_json::Map<String, serde_json::Value>,
        Caller,
    ) -> futures::future::BoxFuture<'static, Result<serde_json::Value, ApiError>>;

/// Who made a call, beyond its request: what a start records of where it came from.
#[derive(Clone, Debug, Default)]
pub(crate) struct Caller {
    /// The X-Ray trace header its HTTP request carried (`X-Amzn-Trace-Id`), which
    /// `StartExecution` and `StartSyncExecution` prefer to the body's `traceHeader`.
    pub trace_header: Option<String>,
    /// The attempt of the Task of one of the server's executions that made the call
    /// (`TaskCall::attempt_id`, see `nested`).
    pub task_attempt: Option<String>,
    /// Whether the call is Step Functions' own `DescribeExecution` of a child a `.sync` Task
    /// started and waits for, which it answers of an EXPRESS child too (see `nested`).
    pub watching_child: bool,
}

/// The number of executions that may run at once unless told otherwise: the service's quota
/// of open executions per account and region ("Step Functions service quotas", "Quotas
/// related to state machine executions": 1,000,000 open executions).
pub const DEFAULT_MAX_RUNNING: usize = 1_000_000;

/// The service.
pub(crate) struct Service {
    pub settings: Settings,
    /// State machines, versions, aliases, activities and tags.
    pub catalog: Arc<Catalog>,
    /// Every execution, the running and the interrupted ones.
    pub roster: Roster,
    /// What running executions push as it happens: task tokens, activities' tasks.
    pub pushed: Arc<Pushed>,
    /// The writer, the database and the archive: the one path to the database.
    pub record: Record,
    /// Machines' revisions compiled for the engine.
    compiled: Compiled,
    /// Numbers no other call got (seeds, revision ids, names).
    counter: AtomicU64,
    /// The server is stopping: long polls end at once, answers close their connections.
    stopping: AtomicBool,
    /// The data directory's lock (`--data DIR`), released when the server stops.
    directory_lock: Mutex<Option<DirectoryLock>>,
    /// What the check of the histories set right when the database was opened, one line each
    /// (said when the server starts).
    pub corrected: Vec<String>,
    /// The service itself, once shared: what answers its executions' Tasks on Step Functions'
    /// own integrations (`nested`), and what a run's end reaches (`executions::finish`).
    pub myself: std::sync::OnceLock<std::sync::Weak<Service>>,
}

/// The record: the one writer (its queue and its thread), the database it writes (with
/// `--data`) and the archive of finished executions.
pub(crate) struct Record {
    pub writer: Arc<Writer>,
    pub database: Option<Arc<Database>>,
    pub archive: Archive,
    /// The writer's thread, joined when the service shuts down.
    writing: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Record {
    /// A record in memory (nothing is written) or in `database`.
    fn new(database: Option<Arc<Database>>) -> Record {
        let archive = match &database {
            Some(database) => Archive::in_database(Arc::clone(database)),
            None => Archive::in_memory(),
        };
        let writer = Arc::new(Writer::new(database.is_some()));
        let writing = database.as_ref().and_then(|database| {
            let committer = Committer::new(Arc::clone(database), Arc::clone(&writer));
            match std::thread::Builder::new()
                .name("workflow-serve-writer".into())
                .spawn(move || committer.run())
            {
                Ok(thread) => Some(thread),
                Err(e) => {
                    eprintln!("workflow serve: the writer's thread did not start: {e}");
                    writer.close();
                    None
                }
            }
        });
        Record {
            writer,
            database,
            archive,
            writing: Mutex::new(writing),
        }
    }

    /// Whether it keeps its state in a database (`--data DIR`).
    pub(crate) fn keeps(&self) -> bool {
        self.database.is_some()
    }

    /// The database's answer to a read, as the service answers a failure.
    async fn read<T>(
        &self,
        read: impl AsyncFnOnce(&Arc<Database>) -> Result<T, DatabaseError>,
        none: T,
    ) -> Result<T, ApiError> {
        match &self.database {
            Some(database) => read(database)
                .await
                .map_err(|e| ApiError::internal(e.to_string())),
            None => Ok(none),
        }
    }

    /// The input of the execution `arn` as it was sent (an interrupted execution keeps it in
    /// the database only).
    pub(crate) async fn stored_input(&self, arn: &StatesArn) -> Result<String, ApiError> {
        self.read(async |db| db.input(arn).await, None)
            .await?
            .ok_or_else(|| ApiError::internal(format!("the input of {arn} is not in the store")))
    }

    /// The events of the execution `arn` the database holds, in order.
    pub(crate) async fn stored_events(
        &self,
        arn: &StatesArn,
    ) -> Result<Vec<workflow_runtime::execution::HistoryEvent>, ApiError> {
        self.read(async |db| db.events(arn).await, Vec::new()).await
    }

    /// The events the children of the execution `arn`'s Distributed Maps wrote, as the
    /// database holds them (a running execution's), by child ARN.
    pub(crate) async fn stored_child_events(
        &self,
        arn: &StatesArn,
    ) -> Result<IndexMap<StatesArn, Vec<workflow_runtime::execution::HistoryEvent>>, ApiError> {
        self.read(async |db| db.child_events(arn).await, IndexMap::new())
            .await
    }

    /// The service stops: the writer writes what is queued and the running executions'
    /// events (`running`) in a last batch and ends, then the database closes.
    fn close(&self, running: Vec<Arc<StatesArn>>) {
        self.writer.last(running);
        if let Some(thread) = lock(&self.writing).take() {
            let _ = thread.join();
        }
        if let Some(database) = &self.database {
            database.close();
        }
    }
}

/// The machines' revisions compiled for the engine, by revision (the ones used last kept).
#[derive(Default)]
struct Compiled(Mutex<IndexMap<String, Arc<CompiledMachine>>>);

/// How many compiled revisions stay compiled (the ones used last).
const COMPILED: usize = 64;

impl Service {
    /// A service holding nothing, in memory.
    pub(crate) fn new(settings: Settings) -> Arc<Self> {
        Service::made(Service {
            settings,
            catalog: Arc::default(),
            roster: Roster::default(),
            pushed: Arc::default(),
            record: Record::new(None),
            compiled: Compiled::default(),
            counter: AtomicU64::new(0),
            stopping: AtomicBool::new(false),
            directory_lock: Mutex::default(),
            corrected: Vec::new(),
            myself: std::sync::OnceLock::new(),
        })
    }

    /// `service`, shared and made known to itself.
    fn made(service: Service) -> Arc<Self> {
        let service = Arc::new(service);
        let _ = service.myself.set(Arc::downgrade(&service));
        service
    }

    /// A service keeping everything in the database in `dir`, which `directory_lock` holds
    /// for it, holding what it held: the executions whose history does not end are running
    /// still, interrupted, until `executions::resume` resumes them.
    pub(crate) fn open(
        settings: Settings,
        dir: &Path,
        directory_lock: DirectoryLock,
    ) -> Result<Arc<Self>, DatabaseError> {
        let super::database::Opened {
            database,
            corrected,
            loaded,
        } = Database::open(dir)?;
        let database = Arc::new(database);
        let mut catalog = CatalogState::default();
        for machine in loaded.machines {
            catalog
                .machines
                .insert(machine.arn.clone(), Arc::new(machine));
        }
        for activity in loaded.activities {
            catalog.activities.insert(activity.arn.clone(), activity);
        }
        catalog.tags.extend(loaded.tags);
        // The numbers given, deleted versions' included (kept apart), and the versions kept.
        catalog.version_numbers.extend(loaded.version_numbers);
        for version in loaded.versions {
            let last = catalog
                .version_numbers
                .entry(version.machine.arn.clone())
                .or_default();
            *last = (*last).max(version.number);
            catalog.versions.insert(version.arn.clone(), version);
        }
        for alias in loaded.aliases {
            catalog.aliases.insert(alias.arn.clone(), alias);
        }
        catalog.deleting.extend(
            loaded
                .deleting
                .into_iter()
                .filter(|arn| catalog.machines.contains_key(arn)),
        );
        let roster = Roster::loaded(loaded.executions);
        let record = Record::new(Some(database));
        for row in loaded.map_runs {
            // The execution's ARN as its record holds it (a Map Run of an execution the
            // database no longer holds is not listed).
            if let Some(execution) = roster.get(&row.execution) {
                record
                    .archive
                    .map_runs
                    .add(&execution.arn, vec![(row.arn, row.children)]);
            }
        }
        // Numbers from here on follow the loaded executions'.
        let counter = AtomicU64::new(roster.count() as u64);
        Ok(Service::made(Service {
            settings,
            catalog: Arc::new(Catalog::new(catalog)),
            roster,
            pushed: Arc::default(),
            record,
            compiled: Compiled::default(),
            counter,
            stopping: AtomicBool::new(false),
            directory_lock: Mutex::new(Some(directory_lock)),
            corrected,
            myself: std::sync::OnceLock::new(),
        }))
    }

    /// The server is stopping: it accepts no more connections, and the requests in flight are
    /// being answered; a `GetActivityTask` long poll answers at once, with no task.
    pub(crate) fn begin_stopping(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.pushed.close();
    }

    /// Whether the server is stopping ([`Service::begin_stopping`]).
    pub(crate) fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// The server is going away (SIGTERM, [`Server::shut_down`](super::Server::shut_down)),
    /// every request answered: the writer writes what is queued and the running executions'
    /// events in a last batch, the database is closed, and the runs are stopped in this
    /// process without anything more written. An execution that was running stays running in
    /// the database (its history does not end), with every event a client was shown, for the
    /// next server on the directory: AWS never ends an execution because its own machinery
    /// restarted. (Without a database the executions go with the process.)
    pub(crate) fn shut_down(&self) {
        self.begin_stopping();
        let running = self.roster.running();
        self.record
            .close(running.iter().map(|r| Arc::clone(&r.arn)).collect());
        // The next server may take the directory now.
        lock(&self.directory_lock).take();
        for record in running {
            if let super::records::RunState::Running(live) = &*lock(&record.run) {
                live.execution.stop(None, Some("workflow serve stopped"));
            }
        }
    }

    /// `machine`, compiled for the engine once per revision (and shared by its executions).
    pub(crate) fn compiled(
        &self,
        machine: &super::records::Machine,
        engine: &Engine,
    ) -> Result<Arc<CompiledMachine>, workflow_runtime::engine::EngineError> {
        let key = format!("{}#{}", machine.arn, machine.revision_id);
        {
            let mut compiled = lock(&self.compiled.0);
            if let Some(index) = compiled.get_index_of(&key) {
                let last = compiled.len() - 1;
                compiled.move_index(index, last);
                if let Some((_, found)) = compiled.get_index(last) {
                    return Ok(Arc::clone(found));
                }
            }
        }
        let fresh = engine.compile(&machine.definition.model)?;
        let mut compiled = lock(&self.compiled.0);
        compiled.insert(key, Arc::clone(&fresh));
        while compiled.len() > COMPILED {
            compiled.shift_remove_index(0);
        }
        Ok(fresh)
    }

    /// Makes one change of the catalog, written before it is applied and answered
    /// ([`Catalog::change`]).
    pub(crate) async fn change_catalog<T: Send + 'static>(
        &self,
        plan: impl FnOnce(&CatalogState) -> Result<super::catalog::Planned<T>, ApiError>
        + Send
        + 'static,
    ) -> Result<T, ApiError> {
        self.catalog.change(&self.record.writer, plan).await
    }

    /// A number no other call of this service got (seeds, revision ids, names).
    pub(crate) fn next_number(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// A fresh UUID (version 4 shaped), as the service names executions it was not given a
    /// name for.
    pub(crate) fn uuid(&self) -> String {
        let mut entropy = workflow_asl::eval::SeededEntropy::new(
            self.next_number() ^ (now_ms() as u64).rotate_left(17),
        );
        workflow_asl::eval::Entropy::uuid(&mut entropy)
    }

    /// The ARN of `resource` in the server's region (and its partition) and account.
    pub(crate) fn arn(&self, resource: StatesResource) -> StatesArn {
        StatesArn::new(
            self.settings.region.clone(),
            self.settings.account.clone(),
            resource,
        )
    }

    /// `engine` on the service's time for a new execution: its virtual clock, virtual time
    /// (`--virtual-time`), or the system's clock.
    pub(crate) fn timed(&self, engine: Engine) -> Engine {
        match (&self.settings.clock, self.settings.virtual_time) {
            (Some(clock), _) => engine.clock(clock),
            (None, true) => engine.time(TimeMode::Virtual {
                start_millis: now_ms(),
            }),
            (None, false) => engine.time(TimeMode::Real),
        }
    }

    /// Now, in milliseconds since the epoch, on the service's clock: what it dates what it
    /// creates and starts with.
    pub(crate) fn now_ms(&self) -> i64 {
        self.settings
            .clock
            .as_ref()
            .map_or_else(now_ms, workflow_runtime::engine::VirtualClock::now_millis)
    }

    /// What answers the Tasks of an execution of `definition`, when the service was told
    /// (`ServerBuilder::answered_by`).
    pub(crate) fn answerers_of(&self, definition: &str) -> Vec<Answerers> {
        if self.settings.answerers.is_empty() {
            return Vec::new();
        }
        let Ok(definition) = serde_json::from_str::<serde_json::Value>(definition) else {
            return Vec::new();
        };
        self.settings
            .answerers
            .iter()
            .filter(|(d, _)| *d == definition)
            .map(|(_, answerers)| answerers.clone())
            .collect()
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        // The writer's thread ends (a service shut down ended it already).
        self.record.writer.close();
    }
}

/// Checks a name as the service does for state machines, executions and activities, by the
/// project's one name rule (`workflow_asl::validate::names`: 1 to 80 characters, none of them
/// whitespace, brackets, wildcards, control characters or `" # % \ ^ | ~ ` $ & , ; : /`).
pub(crate) fn check_name(name: &str) -> Result<(), ApiError> {
    if workflow_asl::is_valid_name(name) {
        Ok(())
    } else {
        Err(ApiError::new(
            "InvalidName",
            format!("Invalid Name: '{name}'"),
        ))
    }
}

pub(crate) use super::locks::lock;

/// Now, in milliseconds since the Unix epoch (the engine's wall clock).
pub(crate) use workflow_local_engine::wall_millis as now_ms;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispatch::OPERATIONS;
    use crate::records::{Machine, RunState};
    use crate::test_support::{test_runtime, test_settings};
    use serde_json::Map;
    use serde_json::Value;
    use workflow_runtime::execution::ExecutionStatus;
    use workflow_runtime::execution::HistoryEvent;
    use workflow_runtime::execution::api::HistoryEventType;

    #[test]
    fn every_listed_operation_is_answered() {
        let service = Service::new(test_settings());
        for operation in OPERATIONS {
            // An empty request: answered, or refused for what it lacks, never unknown.
            if let Err(e) = service.call(operation, &Map::new()) {
                assert_ne!(e.name, "UnknownOperationException", "{operation}");
            }
        }
        assert_eq!(
            service.call("Nope", &Map::new()).unwrap_err().name,
            "UnknownOperationException"
        );
    }

    #[test]
    fn an_answer_means_written_events_are_written_as_they_happen_and_an_end_with_its_record() {
        let dir = tempfile::tempdir().expect("a directory");
        let directory_lock = DirectoryLock::acquire(dir.path()).expect("the lock");
        let service =
            Service::open(test_settings(), dir.path(), directory_lock).expect("the database");
        let database = service.record.database.clone().expect("a database");
        let definition = r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}}, "End": true}}}"#;
        let request = |value: Value| value.as_object().cloned().unwrap_or_default();
        let machine = service
            .call(
                "CreateStateMachine",
                &request(
                    serde_json::json!({"name": "Asker", "definition": definition,
                    "roleArn": "arn:aws:iam::123456789012:role/r"}),
                ),
            )
            .expect("created");
        let started = service
            .call(
                "StartExecution",
                &request(serde_json::json!({"stateMachineArn": machine["stateMachineArn"]})),
            )
            .expect("started");
        let arn: StatesArn = started["executionArn"]
            .as_str()
            .and_then(|a| a.parse().ok())
            .expect("an ARN");
        // Answered: its row is committed.
        assert_eq!(
            test_runtime()
                .block_on(database.input(&arn))
                .expect("readable")
                .as_deref(),
            Some("{}")
        );
        let record = service.roster.get(&arn).expect("kept");
        // No client reads it: the writer stores its events as they come (`TaskSubmitted`, the
        // last before the callback, within 30 s at most).
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let stored = loop {
            // Counted saved (what a client may be shown) once committed: read first, it is
            // in the database.
            assert!(
                matches!(&*lock(&record.run), RunState::Running(_)),
                "it waits for its callback"
            );
            let saved = record.written.borrow().events;
            let stored = test_runtime()
                .block_on(service.record.stored_events(&record.arn))
                .expect("readable");
            assert!(saved <= stored.len(), "{saved} of {stored:?}");
            if saved >= 4
                && stored
                    .iter()
                    .any(|e| e.kind.event_type() == HistoryEventType::TaskSubmitted)
            {
                break stored;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "never written: {saved} of {stored:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        };
        let parameters: Value = stored
            .iter()
            .find_map(|e| match &e.kind {
                workflow_runtime::execution::EventKind::TaskScheduled { parameters, .. } => {
                    Some(parameters.to_value())
                }
                _ => None,
            })
            .expect("scheduled");
        let token = parameters["MessageBody"]["t"].as_str().expect("a token");
        // Its token is kept as it is issued.
        assert_eq!(read_token(&database, token), Some(arn.to_string()));
        service
            .call(
                "SendTaskSuccess",
                &request(serde_json::json!({"taskToken": token, "output": "{\"ok\":true}"})),
            )
            .expect("answered");
        // Answered: the task's end is in the database.
        let events = test_runtime()
            .block_on(database.events(&arn))
            .expect("readable");
        assert!(
            events
                .iter()
                .any(|e| e.kind.event_type() == HistoryEventType::TaskSucceeded),
            "{events:?}"
        );
        // Its end: the history's last event and its row, written together.
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let described = service
                .call(
                    "DescribeExecution",
                    &request(serde_json::json!({"executionArn": arn.to_string()})),
                )
                .expect("described");
            if described["status"] == "SUCCEEDED" {
                let finished = test_runtime()
                    .block_on(database.load_result(&arn))
                    .expect("readable")
                    .expect("its record");
                assert_eq!(finished.status, ExecutionStatus::Succeeded);
                assert_eq!(
                    finished.events.last().map(|e| e.kind.event_type()),
                    Some(HistoryEventType::ExecutionSucceeded)
                );
                break;
            }
            assert!(std::time::Instant::now() < deadline, "{described}");
            std::thread::sleep(Duration::from_millis(10));
        }
        // A second answer: the task is closed.
        let again = service
            .call(
                "SendTaskSuccess",
                &request(serde_json::json!({"taskToken": token, "output": "{}"})),
            )
            .expect_err("closed");
        assert_eq!(again.name, "TaskTimedOut");
        service.shut_down();
    }

    #[test]
    fn an_execution_that_cannot_be_resumed_fails_saying_why_and_is_not_left_running() {
        let dir = tempfile::tempdir().expect("a directory");
        let text = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#;
        let machine = Machine {
            arn: "arn:aws:states:us-east-1:123456789012:stateMachine:M"
                .parse()
                .expect("an ARN"),
            name: "M".into(),
            definition: super::super::records::Definition {
                text: text.into(),
                model: workflow_asl::StateMachine::from_json(text).expect("a definition"),
            },
            role_arn: "arn:aws:iam::123456789012:role/r".parse().expect("a role"),
            kind: workflow_asl::ExecutionType::Standard,
            created_ms: 1,
            updated_ms: 1,
            revision_id: "r1".into(),
            logging: None,
            tracing: None,
            creation: Default::default(),
        };
        let arn: StatesArn = "arn:aws:states:us-east-1:123456789012:execution:M:broken"
            .parse()
            .expect("an ARN");
        {
            let database = Database::open(dir.path()).expect("opens").database;
            let stored = super::super::records::StoredExecution::of_test("broken", &machine);
            // A history the engine cannot continue: it does not begin with ExecutionStarted.
            let event = HistoryEvent::from_json(&serde_json::json!({"id": 1, "previousEventId": 0, "timestamp": 1.0,
                "type": "PassStateEntered", "stateEnteredEventDetails": {"name": "P", "input": "{}"}}))
            .expect("an event");
            database
                .transaction(|tx| {
                    super::super::database::write::machine(tx, &machine)?;
                    super::super::database::write::execution(tx, &stored, &arn, &machine, "{}")?;
                    super::super::database::write::events(
                        tx,
                        &[(Arc::new(arn.clone()), 0, vec![event])],
                        &[],
                    )
                })
                .expect("written");
        }
        let directory_lock = DirectoryLock::acquire(dir.path()).expect("the lock");
        let service =
            Service::open(test_settings(), dir.path(), directory_lock).expect("the database");
        let resumed = test_runtime().block_on(crate::executions::resume_interrupted(&service));
        assert_eq!(resumed.resumed, 0);
        assert_eq!(resumed.refused.len(), 1, "{:?}", resumed.refused);
        assert!(
            resumed.refused[0].1.contains("ExecutionStarted"),
            "{:?}",
            resumed.refused
        );
        let request = |value: Value| value.as_object().cloned().unwrap_or_default();
        let described = service
            .call(
                "DescribeExecution",
                &request(serde_json::json!({"executionArn": arn.to_string()})),
            )
            .expect("described");
        assert_eq!(described["status"], "FAILED");
        assert_eq!(described["error"], "States.Runtime");
        assert!(
            described["cause"]
                .as_str()
                .is_some_and(|c| c.contains("could not resume")),
            "{described}"
        );
        service.shut_down();
        // And so it stays: the next server finds it ended.
        let directory_lock = DirectoryLock::acquire(dir.path()).expect("the lock again");
        let service =
            Service::open(test_settings(), dir.path(), directory_lock).expect("the database");
        assert!(service.roster.interrupted().is_empty());
        service.shut_down();
    }

    /// The execution that issued `token`, as the database says.
    fn read_token(database: &Arc<Database>, token: &str) -> Option<String> {
        test_runtime()
            .block_on(database.token_execution(token))
            .expect("readable")
    }

    #[test]
    fn names_follow_the_services_rule() {
        assert!(check_name("Orders-2026_v1").is_ok());
        for bad in ["", "a b", "a/b", "a:b", "x#y", &"n".repeat(81)] {
            assert_eq!(check_name(bad).unwrap_err().name, "InvalidName", "{bad}");
        }
    }
}
