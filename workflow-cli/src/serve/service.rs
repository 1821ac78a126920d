//! The service behind `workflow serve`: its state machines, executions and activities (its one
//! entry, `Service::answer`, is `dispatch`'s, above it and the operations). An operation's own
//! work is synchronous; what it waits for (its writes committed, a long poll's task, an
//! execution's end) it waits for as a future, holding no thread.
//!
//! Where an execution's truth lives: in its history. The database holds each event as a row;
//! the one writer (`writer`, `commits`) writes every change a call made, and every event a run
//! wrote, in a transaction per batch, and a call that changed state answers once its batch is
//! committed. An execution's end (its terminal event, its result, its Map Runs, its tokens) is
//! one transaction, and only then is it described ended. A client is never shown an event the
//! database lacks.

use super::archive::Archive;
use super::database::{Database, DatabaseError};
use super::directory_lock::DirectoryLock;
use super::protocol::ApiError;
use super::pushed::Pushed;
use super::records::{Activity, Alias, ExecutionRecord, Finished, Machine, RunState, Version};
use super::requests::ArnMember;
use super::writer::{Ticket, Write, Writer};
use indexmap::IndexMap;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use workflow_aws_models::{ResourceType, StatesArn, StatesResource};
use workflow_runtime::engine::{CompiledMachine, Engine, MockConfig, TimeMode};
use workflow_runtime::execution::HistoryEvent;

/// How the service runs.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub region: String,
    pub account: String,
    /// Real time, or virtual time (`--virtual-time`).
    pub virtual_time: bool,
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
    /// The `workflow!` workflows the server was told of (`ServerBuilder::workflow`, a crate's
    /// own `workflow serve`): each one's definition (JSON), name and type. A machine created
    /// with one's definition takes its type (`CreateStateMachine` without `type`), and is
    /// refused as the other type (`StateMachineTypeNotSupported`).
    pub workflow_types: Vec<(serde_json::Value, String, workflow_asl::ExecutionType)>,
}

impl Settings {
    /// The name and type of the `workflow!` workflow whose definition `definition` is (JSON
    /// equal), if the server was told of one.
    pub fn declared_type(&self, definition: &str) -> Option<(&str, workflow_asl::ExecutionType)> {
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

/// The number of executions that may run at once unless told otherwise: the service's quota
/// of open executions per account and region ("Step Functions service quotas", "Quotas
/// related to state machine executions": 1,000,000 open executions).
pub const DEFAULT_MAX_RUNNING: usize = 1_000_000;

/// What the service holds.
/// Every map is keyed by the typed ARN (`StatesArn`) a request decodes (`ArnMember::of`).
#[derive(Default)]
pub(crate) struct Store {
    pub machines: IndexMap<StatesArn, Arc<Machine>>,
    pub executions: IndexMap<Arc<StatesArn>, Arc<ExecutionRecord>>,
    pub activities: IndexMap<StatesArn, Activity>,
    pub tags: IndexMap<StatesArn, IndexMap<String, String>>,
    /// Published versions, by version ARN, in the order they were published.
    pub versions: IndexMap<StatesArn, Version>,
    pub aliases: IndexMap<StatesArn, Alias>,
    /// The last version number each state machine published.
    pub version_numbers: IndexMap<StatesArn, u64>,
    /// The machines `DeleteStateMachine` was called on whose executions still run
    /// (`DELETING`, see `deletions`), by ARN.
    pub deleting: indexmap::IndexSet<StatesArn>,
}

/// Where the Map Runs of finished executions are: which execution holds each, and which Map
/// Run each child execution belongs to.
#[derive(Default)]
pub(crate) struct MapRunIndex {
    /// Every finished execution's Map Run, by its ARN: the execution it belongs to.
    pub map_runs: HashMap<StatesArn, Arc<StatesArn>>,
    /// Every child execution of a finished execution's Map Runs, by its ARN: its Map Run.
    pub map_run_children: HashMap<StatesArn, StatesArn>,
}

impl MapRunIndex {
    /// Indexes the Map Runs of the finished execution `arn`.
    pub fn add(&mut self, arn: &Arc<StatesArn>, runs: Vec<(StatesArn, Vec<StatesArn>)>) {
        for (map_run, children) in runs {
            for child in children {
                self.map_run_children.insert(child, map_run.clone());
            }
            self.map_runs.insert(map_run, Arc::clone(arn));
        }
    }
}

/// The service.
pub(crate) struct Service {
    pub settings: Settings,
    store: Mutex<Store>,
    counter: AtomicU64,
    /// What running executions push as it happens: task tokens, activities' tasks (see
    /// `pushed`).
    pushed: Arc<Pushed>,
    /// The one writer's queue (see `writer`): what is to be written, and who waits for it.
    pub(super) writer: Arc<Writer>,
    /// The writer's thread (`commits`), joined when the service shuts down.
    writing: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// Where everything is written through (`--data DIR`); memory only without it.
    pub(super) database: Option<Arc<Database>>,
    /// Finished executions' results and histories.
    pub(super) archive: Archive,
    /// The executions running now (the only ones the writer visits).
    pub(super) running: Mutex<IndexMap<Arc<StatesArn>, Arc<ExecutionRecord>>>,
    /// The executions that were running when the last server on the data directory went
    /// away, not resumed ([`RunState::Interrupted`]), in the order they started.
    interrupted: Mutex<IndexMap<Arc<StatesArn>, Arc<ExecutionRecord>>>,
    /// The data directory's lock (`--data DIR`), released when the server stops.
    directory_lock: Mutex<Option<DirectoryLock>>,
    /// The Map Runs of finished executions (locked after any other lock of the service).
    pub map_run_index: Mutex<MapRunIndex>,
    /// Machines' revisions compiled for the engine, by revision id (the ones used last).
    compiled: Mutex<IndexMap<String, Arc<CompiledMachine>>>,
    /// The server is stopping ([`Service::begin_stopping`]): long polls end at once.
    stopping: std::sync::atomic::AtomicBool,
    /// What the check of the histories set right when the database was opened, one line each
    /// (said when the server starts).
    pub corrected: Vec<String>,
    /// The service itself, once shared: what answers its executions' Tasks on Step Functions'
    /// own integrations (`nested`).
    pub myself: std::sync::OnceLock<std::sync::Weak<Service>>,
}

/// How many compiled revisions stay compiled (the ones used last).
const COMPILED: usize = 64;

impl Service {
    /// A service holding nothing, in memory, its writer running.
    pub fn new(settings: Settings) -> Arc<Self> {
        let service = Arc::new(Service::bare(settings, None, Archive::in_memory()));
        service.start_writer();
        service
    }

    /// The parts of a service, its writer not started.
    fn bare(settings: Settings, database: Option<Arc<Database>>, archive: Archive) -> Self {
        Service {
            settings,
            store: Mutex::new(Store::default()),
            counter: AtomicU64::new(0),
            pushed: Arc::default(),
            writer: Arc::new(Writer::new(database.is_some())),
            writing: Mutex::default(),
            database,
            archive,
            running: Mutex::default(),
            interrupted: Mutex::default(),
            directory_lock: Mutex::default(),
            map_run_index: Mutex::default(),
            compiled: Mutex::default(),
            stopping: std::sync::atomic::AtomicBool::new(false),
            corrected: Vec::new(),
            myself: std::sync::OnceLock::new(),
        }
    }

    /// A service keeping everything in the database in `dir`, which `directory_lock` holds
    /// for it, holding what it held: the executions whose history does not end are running
    /// still, interrupted ([`Service::interrupted_executions`]) until
    /// [`Service::resume_interrupted`] resumes them.
    pub fn open(
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
        let mut store = Store::default();
        for machine in loaded.machines {
            store
                .machines
                .insert(machine.arn.clone(), Arc::new(machine));
        }
        for activity in loaded.activities {
            store.activities.insert(activity.arn.clone(), activity);
        }
        store.tags.extend(loaded.tags);
        for version in loaded.versions {
            let last = store
                .version_numbers
                .entry(version.machine.arn.clone())
                .or_default();
            *last = (*last).max(version.number);
            store.versions.insert(version.arn.clone(), version);
        }
        for alias in loaded.aliases {
            store.aliases.insert(alias.arn.clone(), alias);
        }
        store.deleting.extend(
            loaded
                .deleting
                .into_iter()
                .filter(|arn| store.machines.contains_key(arn)),
        );
        let mut interrupted = IndexMap::new();
        store.executions.reserve(loaded.executions.len());
        for execution in loaded.executions {
            if matches!(&*lock(&execution.run), RunState::Interrupted) {
                interrupted.insert(Arc::clone(&execution.arn), Arc::clone(&execution));
            }
            store
                .executions
                .insert(Arc::clone(&execution.arn), execution);
        }
        let mut index = MapRunIndex::default();
        for row in loaded.map_runs {
            // The execution's ARN as its record holds it (a Map Run of an execution the
            // database no longer holds is not listed).
            if let Some((execution, _)) = store.executions.get_key_value(&row.execution) {
                index.add(execution, vec![(row.arn, row.children)]);
            }
        }
        let mut service = Service::bare(
            settings,
            Some(Arc::clone(&database)),
            Archive::in_database(database),
        );
        // Numbers from here on follow the loaded executions' (`ExecutionRecord::seq`).
        service.counter = AtomicU64::new(store.executions.len() as u64);
        service.interrupted = Mutex::new(interrupted);
        service.directory_lock = Mutex::new(Some(directory_lock));
        service.map_run_index = Mutex::new(index);
        service.store = Mutex::new(store);
        service.corrected = corrected;
        let service = Arc::new(service);
        service.start_writer();
        Ok(service)
    }

    /// Makes the service known to itself (`myself`) and starts the writer's thread
    /// (`commits`), which holds the service weakly: it ends when the service shuts down or is
    /// dropped.
    fn start_writer(self: &Arc<Self>) {
        let _ = self.myself.set(Arc::downgrade(self));
        let writer = Arc::clone(&self.writer);
        let service = Arc::downgrade(self);
        let thread = std::thread::Builder::new()
            .name("workflow-serve-writer".into())
            .spawn(move || {
                while let Some(batch) = writer.next_batch() {
                    let Some(service) = service.upgrade() else {
                        break;
                    };
                    service.commit(batch);
                }
            });
        match thread {
            Ok(thread) => *lock(&self.writing) = Some(thread),
            Err(e) => {
                eprintln!("workflow serve: the writer's thread did not start: {e}");
                self.writer.close();
            }
        }
    }

    /// Writes a change through to the database (when there is one), on this thread: the
    /// caller waits until it is committed; its failure is the call's answer. For the changes
    /// of named resources (machines, versions, aliases, activities, tags), made under the
    /// store's lock so that what is kept and what is written agree.
    pub fn save(&self, write: Write) -> Result<(), ApiError> {
        self.writer.submit(write).wait_blocking()
    }

    /// Queues a change for the writer's next batch: the ticket says when it is committed.
    pub fn submit(&self, write: Write) -> Ticket {
        self.writer.submit(write)
    }

    /// The execution's state now, as it is written. Its run ends ended only once its end is
    /// written (by the writer, `commits`): a run that finished is still `Running` until then,
    /// so a reader that finds one waits, on this thread, for its end to be written (a batch:
    /// milliseconds) and reads it ended. For the operations' work on the blocking pool; a
    /// future reads [`Service::state`].
    pub fn settled<'r>(&self, record: &'r Arc<ExecutionRecord>) -> MutexGuard<'r, RunState> {
        self.ends_written(std::slice::from_ref(record));
        lock(&record.run)
    }

    /// The execution's state now, without waiting for anything.
    pub fn state<'r>(&self, record: &'r ExecutionRecord) -> MutexGuard<'r, RunState> {
        lock(&record.run)
    }

    /// Waits, on this thread, until the end of each of `records` whose run finished is written
    /// (one batch for all of them). A failure to write is left to the writer to try again: the
    /// reader then reads them running.
    pub fn ends_written(&self, records: &[Arc<ExecutionRecord>]) {
        let tickets: Vec<Ticket> = records
            .iter()
            .filter(|record| {
                matches!(&*lock(&record.run), RunState::Running(live) if live.execution.is_finished())
            })
            .map(|record| self.writer.flush(record))
            .collect();
        for ticket in tickets {
            let _ = ticket.wait_blocking();
        }
    }

    /// The finished execution `record` (read from the archive): `None` while it runs.
    pub fn finished(&self, record: &ExecutionRecord) -> Result<Option<Arc<Finished>>, ApiError> {
        if !matches!(&*self.state(record), RunState::Done(_)) {
            return Ok(None);
        }
        match self.archive.get(&record.arn) {
            Ok(Some(finished)) => Ok(Some(finished)),
            Ok(None) => Err(ApiError::internal(format!(
                "the history of {} is not in the store",
                record.arn
            ))),
            Err(e) => Err(ApiError::internal(e.to_string())),
        }
    }

    /// The executions that were running when the last server on the data directory went
    /// away (SIGTERM, `kill -9`, a crash), and that no run of this server continues: RUNNING
    /// to every client, with their input and every event a client was shown in the database
    /// ([`Service::stored_input`], [`Service::stored_events`]), in the order they started.
    ///
    /// This is where resuming them starts: a resume takes each (with its machine's revision,
    /// `record.machine`, and its stored history), starts a run that continues that history,
    /// puts it in the record (`RunState::Running`, `saved` = the stored events' count) and
    /// tracks it ([`Service::track_running`]), and takes it off this list
    /// ([`Service::resumed`]). `StopExecution` of one ends it `ABORTED` meanwhile.
    pub fn interrupted_executions(&self) -> Vec<Arc<ExecutionRecord>> {
        lock(&self.interrupted).values().cloned().collect()
    }

    /// The interrupted execution `arn` runs again, or ended: it is no longer interrupted.
    pub fn resumed(&self, arn: &StatesArn) {
        lock(&self.interrupted).shift_remove(arn);
    }

    /// The input of `record` as it was sent, from the database (an interrupted execution
    /// keeps it there only).
    pub fn stored_input(&self, record: &ExecutionRecord) -> Result<String, ApiError> {
        let Some(database) = &self.database else {
            return Ok(String::new());
        };
        database
            .input(&record.arn)
            .map_err(|e| ApiError::internal(e.to_string()))?
            .ok_or_else(|| {
                ApiError::internal(format!("the input of {} is not in the store", record.arn))
            })
    }

    /// The events of `record` the database holds, in order (all of an interrupted
    /// execution's).
    pub fn stored_events(&self, record: &ExecutionRecord) -> Result<Vec<HistoryEvent>, ApiError> {
        match &self.database {
            Some(database) => database
                .events(&record.arn)
                .map_err(|e| ApiError::internal(e.to_string())),
            None => Ok(Vec::new()),
        }
    }

    /// The events the children of `record`'s Distributed Maps wrote, as the database holds
    /// them (a running execution's), by child ARN.
    pub fn stored_child_events(
        &self,
        record: &ExecutionRecord,
    ) -> Result<IndexMap<StatesArn, Vec<HistoryEvent>>, ApiError> {
        match &self.database {
            Some(database) => database
                .child_events(&record.arn)
                .map_err(|e| ApiError::internal(e.to_string())),
            None => Ok(IndexMap::new()),
        }
    }

    /// `StopExecution` of an interrupted execution: it ends `ABORTED`, its stored history
    /// and `ExecutionAborted`, written before it is described so; when it stopped. `None` when
    /// it is not interrupted (or no longer: another call ended it first).
    pub fn stop_interrupted(
        &self,
        record: &Arc<ExecutionRecord>,
        error: Option<&str>,
        cause: Option<&str>,
    ) -> Result<Option<i64>, ApiError> {
        // Taken off the interrupted ones first: one call ends it. (Its state's lock is not
        // held while its end is written: the writer may lock it.)
        let Some(interrupted) = lock(&self.interrupted).shift_remove(&record.arn) else {
            return Ok(None);
        };
        let put_back = || {
            lock(&self.interrupted).insert(Arc::clone(&record.arn), Arc::clone(&interrupted));
        };
        let (events, input) = match (self.stored_events(record), self.stored_input(record)) {
            (Ok(events), Ok(input)) => (events, input),
            (Err(e), _) | (_, Err(e)) => {
                put_back();
                return Err(e);
            }
        };
        let saved = events.len();
        let finished = Arc::new(Finished::aborted(events, input, error, cause));
        let stop_ms = finished.stop_ms;
        let written = Arc::clone(&finished);
        let arn = StatesArn::clone(&record.arn);
        if let Err(e) = self.save(Box::new(move |tx| {
            super::database::write::result(tx, &arn, &written, saved)
        })) {
            put_back();
            return Err(e);
        }
        *lock(&record.run) = RunState::Done(finished.closed());
        self.archive.keep(&record.arn, finished, true);
        Ok(Some(stop_ms))
    }

    /// Whether it keeps its state in a database (`--data DIR`).
    pub fn keeps_data(&self) -> bool {
        self.database.is_some()
    }

    /// The execution that issued the task token `token` as the archive knows it (a finished
    /// execution's token; with a database, any execution's, a running one's too: `Some("")`
    /// when the archive knows a finished one issued it but not which).
    pub fn token_issuer(&self, token: &str) -> Option<String> {
        self.archive.token_issuer(token).unwrap_or(None)
    }

    /// Starts keeping `record`, running now, with the others (the writer writes the events of
    /// the running ones).
    pub fn track_running(&self, record: &Arc<ExecutionRecord>) {
        lock(&self.running).insert(Arc::clone(&record.arn), Arc::clone(record));
        // The events it wrote before it was listed here were passed over by the writer, which
        // takes only listed executions' events: they are taken now (an execution that then
        // waits for a callback writes no other event that would carry them).
        self.writer.mark(&record.arn);
    }

    /// How many executions run now.
    pub fn running_count(&self) -> usize {
        lock(&self.running).len()
    }

    /// Forgets the result of `arn`, which runs again (a redrive).
    pub fn reopen(&self, arn: &StatesArn) {
        self.archive.reopen(arn);
    }

    /// `machine`, compiled for the engine once per revision (and shared by its executions).
    pub fn compiled(
        &self,
        machine: &Machine,
        engine: &Engine,
    ) -> Result<Arc<CompiledMachine>, workflow_runtime::engine::EngineError> {
        let key = format!("{}#{}", machine.arn, machine.revision_id);
        {
            let mut compiled = lock(&self.compiled);
            if let Some(index) = compiled.get_index_of(&key) {
                let last = compiled.len() - 1;
                compiled.move_index(index, last);
                if let Some((_, found)) = compiled.get_index(last) {
                    return Ok(Arc::clone(found));
                }
            }
        }
        let fresh = engine.compile(&machine.definition.model)?;
        let mut compiled = lock(&self.compiled);
        compiled.insert(key, Arc::clone(&fresh));
        while compiled.len() > COMPILED {
            compiled.shift_remove_index(0);
        }
        Ok(fresh)
    }

    /// The executions running now, in the order they started.
    pub fn running_executions(&self) -> Vec<Arc<ExecutionRecord>> {
        lock(&self.running).values().cloned().collect()
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    /// A number no other call of this service got (seeds, revision ids, names).
    pub fn next_number(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// A fresh UUID (version 4 shaped), as the service names executions it was not given a
    /// name for.
    pub fn uuid(&self) -> String {
        let mut entropy = workflow_asl::eval::SeededEntropy::new(
            self.next_number() ^ (now_ms() as u64).rotate_left(17),
        );
        workflow_asl::eval::Entropy::uuid(&mut entropy)
    }

    /// The ARN of `resource` in the server's region (and its partition) and account.
    pub fn arn(&self, resource: StatesResource) -> StatesArn {
        StatesArn::new(
            self.settings.region.clone(),
            self.settings.account.clone(),
            resource,
        )
    }

    /// The engine's time for a new execution.
    pub fn time_mode(&self) -> TimeMode {
        if self.settings.virtual_time {
            TimeMode::Virtual {
                start_millis: now_ms(),
            }
        } else {
            TimeMode::Real
        }
    }

    /// The executions now, newest first.
    pub fn executions(&self) -> Vec<Arc<ExecutionRecord>> {
        self.store().executions.values().rev().cloned().collect()
    }

    /// What the run of the execution `arn` tells the service as it goes (for
    /// `StartExecution::on_change`): an event written (the writer takes it), a token issued
    /// or a task waiting (its token indexed and written, an activity's task handed to a
    /// poll).
    pub fn on_change(&self, arn: &StatesArn) -> workflow_engine::OnChange {
        let (pushed, writer) = (Arc::clone(&self.pushed), Arc::clone(&self.writer));
        let arn = Arc::new(arn.clone());
        Arc::new(move |change| match change {
            workflow_engine::Change::Event => writer.mark(&arn),
            // A token is indexed once: when issued (a callback's, shown in its history
            // before its task waits) or when its task waits (an activity's).
            workflow_engine::Change::TokenIssued { task_token }
                if pushed.issued(&arn, task_token) =>
            {
                writer.token(task_token, &arn);
            }
            workflow_engine::Change::TaskWaiting {
                task_token,
                activity,
            } => {
                if pushed.issued(&arn, task_token) {
                    writer.token(task_token, &arn);
                }
                // The engine names an activity by its ARN's text, which the definition's
                // check parsed (`Resource`): it parses again.
                match activity.map(StatesArn::parse) {
                    Some(Ok(activity)) => pushed.queue(&activity, &arn),
                    Some(Err(e)) => {
                        eprintln!("workflow serve: {arn}'s activity task is not queued: {e}");
                    }
                    None => {}
                }
            }
            _ => {}
        })
    }

    /// Starts `request`, the execution `arn`, as the service runs every execution it hosts:
    /// its end told to the writer (which writes it), its events, tokens and activity tasks
    /// pushed to the service as they happen, the events of the answers handed to it noted
    /// (`confirm_answers`: a `SendTask*` answers once its event is written), its tasks'
    /// deadlines timers of its own. Its activity tasks wait for a worker while the returned
    /// guard lives: drop it once the execution is among the running ones
    /// ([`Service::track_running`]), or when the start failed.
    pub fn launch<I>(
        &self,
        arn: &Arc<StatesArn>,
        request: workflow_engine::StartExecution<'_, I, workflow_engine::mode::Standard>,
    ) -> Result<
        (workflow_engine::RunningExecution, super::pushed::Held<'_>),
        workflow_engine::EngineError,
    > {
        let writer = Arc::clone(&self.writer);
        let ended = Arc::clone(arn);
        let held = self.pushed.hold(arn);
        let running = request
            .on_end(Box::new(move || writer.mark(&ended)))
            .on_change(self.on_change(arn))
            .wall_deadlines(true)
            .confirm_answers(true)
            .start()?;
        Ok((running, held))
    }

    /// The running execution that issued the task token `token`, when one did.
    pub fn execution_of_token(&self, token: &str) -> Option<Arc<ExecutionRecord>> {
        let arn = self.pushed.execution_of(token)?;
        lock(&self.running).get(&*arn).cloned()
    }

    /// The execution of the oldest task of `activity` waiting for a worker (`None` inside
    /// when it no longer runs), waiting for one until `deadline` (a future); `None` when none
    /// came (a server stopping answers at once).
    pub async fn next_activity_task(
        &self,
        activity: &StatesArn,
        deadline: std::time::Instant,
    ) -> Option<Option<Arc<ExecutionRecord>>> {
        let arn = self.pushed.next_task_of(activity, deadline).await?;
        Some(lock(&self.running).get(&arn).cloned())
    }

    /// The server is stopping: it accepts no more connections, and the requests in flight are
    /// being answered; a `GetActivityTask` long poll answers at once, with no task.
    pub fn begin_stopping(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.pushed.close();
    }

    /// The pushed tokens and activities (for the operations that answer tasks).
    pub fn pushed(&self) -> &Pushed {
        &self.pushed
    }

    /// Whether the server is stopping ([`Service::begin_stopping`]).
    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// The server is going away (SIGTERM, [`Server::shut_down`](super::Server::shut_down)),
    /// every request answered: the writer writes what is queued and the running executions'
    /// events in a last batch, the database is closed, and the runs are stopped in this
    /// process without anything more written. An execution that was running stays running in
    /// the database (its history does not end), with every event a client was shown, for the
    /// next server on the directory: AWS never ends an execution because its own machinery
    /// restarted. (Without a database the executions go with the process.)
    pub fn shut_down(&self) {
        self.begin_stopping();
        let running: Vec<Arc<StatesArn>> = lock(&self.running).keys().cloned().collect();
        self.writer.last(running);
        if let Some(thread) = lock(&self.writing).take() {
            let _ = thread.join();
        }
        if let Some(database) = &self.database {
            database.close();
        }
        // The next server may take the directory now.
        lock(&self.directory_lock).take();
        for record in self.running_executions() {
            if let RunState::Running(live) = &*lock(&record.run) {
                live.execution.stop(None, Some("workflow serve stopped"));
            }
        }
    }

    /// The execution the member `arn` names.
    pub fn execution(&self, arn: &ArnMember) -> Result<Arc<ExecutionRecord>, ApiError> {
        let typed = arn.of(&[ResourceType::Execution, ResourceType::Express])?;
        let arn = arn.text();
        self.store().executions.get(typed).cloned().ok_or_else(|| {
            ApiError::new(
                "ExecutionDoesNotExist",
                format!("Execution Does Not Exist: '{arn}'"),
            )
        })
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        // The writer's thread ends (a service shut down ended it already).
        self.writer.close();
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
pub(crate) use workflow_engine::wall_millis as now_ms;

/// A test's settings: virtual time, no poll wait.
#[cfg(test)]
pub(crate) fn test_settings() -> Settings {
    Settings {
        region: "us-east-1".into(),
        account: "123456789012".into(),
        virtual_time: true,
        mock_config: None,
        activity_poll: Duration::ZERO,
        object_store: None,
        lambda_endpoint: None,
        aws_endpoints: workflow_runtime::engine::AwsEndpoints::new(),
        max_running: DEFAULT_MAX_RUNNING,
        workflow_types: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::dispatch::OPERATIONS;
    use serde_json::Map;
    use serde_json::Value;
    use workflow_runtime::execution::ExecutionStatus;

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
        let database = service.database.clone().expect("a database");
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
            database.input(&arn).expect("readable").as_deref(),
            Some("{}")
        );
        let record = service.store().executions.get(&arn).cloned().expect("kept");
        // No client reads it: the writer stores its events as they come (`TaskSubmitted`, the
        // last before the callback, within 30 s at most).
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let stored = loop {
            // Counted saved (what a client may be shown) once committed: read first, it is
            // in the database.
            let saved = match &*lock(&record.run) {
                RunState::Running(live) => live.saved,
                _ => panic!("it waits for its callback"),
            };
            let stored = service.stored_events(&record).expect("readable");
            assert!(saved <= stored.len(), "{saved} of {stored:?}");
            if saved >= 4
                && stored
                    .iter()
                    .any(|e| e.kind.event_type() == "TaskSubmitted")
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
        assert_eq!(
            database.token_execution(token).expect("readable"),
            Some(arn.to_string())
        );
        service
            .call(
                "SendTaskSuccess",
                &request(serde_json::json!({"taskToken": token, "output": "{\"ok\":true}"})),
            )
            .expect("answered");
        // Answered: the task's end is in the database.
        let events = database.events(&arn).expect("readable");
        assert!(
            events
                .iter()
                .any(|e| e.kind.event_type() == "TaskSucceeded"),
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
                let finished = database
                    .load_result(&arn)
                    .expect("readable")
                    .expect("its record");
                assert_eq!(finished.status, ExecutionStatus::Succeeded);
                assert_eq!(
                    finished.events.last().map(|e| e.kind.event_type()),
                    Some("ExecutionSucceeded".to_owned())
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
        let resumed = {
            let _entered = super::super::dispatch::test_runtime().enter();
            service.resume_interrupted()
        };
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
        assert!(service.interrupted_executions().is_empty());
        service.shut_down();
    }

    #[test]
    fn names_follow_the_services_rule() {
        assert!(check_name("Orders-2026_v1").is_ok());
        for bad in ["", "a b", "a/b", "a:b", "x#y", &"n".repeat(81)] {
            assert_eq!(check_name(bad).unwrap_err().name, "InvalidName", "{bad}");
        }
    }
}
