//! The service behind `workflow serve`: its state machines, executions and activities (its one
//! entry, `Service::call`, is `dispatch`'s, above it and the operations). Every operation is
//! synchronous and runs off the server's event loop (a long poll holds a blocking thread, not
//! the loop).

use super::archive::Archive;
use super::database::{Database, DatabaseError, NewChildEvents, NewEvents};
use super::directory_lock::DirectoryLock;
use super::protocol::ApiError;
use super::pushed::Pushed;
use super::records::{
    Activity, Alias, ExecutionRecord, Finished, Machine, RunState, Version, event_json,
};
use super::requests::ArnMember;
use super::settling::{EndedRuns, MAX_WAITING};
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use workflow_aws_models::{ResourceType, StatesArn, StatesResource};
use workflow_runtime::engine::{CompiledMachine, Engine, MockConfig, TimeMode};

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
    /// What running executions push as it happens: events to write, task tokens, activities'
    /// tasks (see `pushed`).
    pushed: Arc<Pushed>,
    /// Where everything is written through (`--data DIR`); memory only without it.
    database: Option<Arc<Database>>,
    /// Finished executions' results and histories.
    archive: Archive,
    /// The executions running now (the only ones the clock and the event writer visit).
    running: Mutex<IndexMap<Arc<StatesArn>, Arc<ExecutionRecord>>>,
    /// The executions that were running when the last server on the data directory went
    /// away, not resumed ([`RunState::Interrupted`]), in the order they started.
    interrupted: Mutex<IndexMap<Arc<StatesArn>, Arc<ExecutionRecord>>>,
    /// The data directory's lock (`--data DIR`), released when the server stops.
    directory_lock: Mutex<Option<DirectoryLock>>,
    /// The Map Runs of finished executions (locked after any other lock of the service).
    pub map_run_index: Mutex<MapRunIndex>,
    /// Machines' revisions compiled for the engine, by revision id (the ones used last).
    compiled: Mutex<IndexMap<String, Arc<CompiledMachine>>>,
    /// Executions whose run ended, to be filed away at once rather than at the next tick,
    /// once a settling thread runs ([`Service::settle_ended`]).
    ended: Arc<EndedRuns>,
    settling: std::sync::atomic::AtomicBool,
    /// The server is stopping ([`Service::begin_stopping`]): long polls end at once.
    stopping: std::sync::atomic::AtomicBool,
    /// The server stopped ([`Service::shut_down`]): nothing more is filed away, and the
    /// database is closed.
    detached: std::sync::atomic::AtomicBool,
    /// The service itself, once shared: what answers its executions' Tasks on Step Functions'
    /// own integrations (`nested`).
    pub myself: std::sync::OnceLock<std::sync::Weak<Service>>,
}

/// How many compiled revisions stay compiled (the ones used last).
const COMPILED: usize = 64;

impl Service {
    /// A service holding nothing, in memory.
    pub fn new(settings: Settings) -> Self {
        Service {
            settings,
            store: Mutex::new(Store::default()),
            counter: AtomicU64::new(0),
            pushed: Arc::default(),
            database: None,
            archive: Archive::in_memory(),
            running: Mutex::default(),
            interrupted: Mutex::default(),
            directory_lock: Mutex::default(),
            map_run_index: Mutex::default(),
            compiled: Mutex::default(),
            ended: Arc::default(),
            settling: std::sync::atomic::AtomicBool::new(false),
            stopping: std::sync::atomic::AtomicBool::new(false),
            detached: std::sync::atomic::AtomicBool::new(false),
            myself: std::sync::OnceLock::new(),
        }
    }

    /// A service keeping everything in the database in `dir`, which `directory_lock` holds
    /// for it, holding what it held: the executions that were running when the last server
    /// went away are running still, interrupted ([`Service::interrupted_executions`]) until
    /// [`Service::resume_interrupted`] resumes them.
    pub fn open(
        settings: Settings,
        dir: &Path,
        directory_lock: DirectoryLock,
    ) -> Result<Self, DatabaseError> {
        let database = Arc::new(Database::open(dir)?);
        let loaded = database.load()?;
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
        let mut interrupted = IndexMap::new();
        for execution in loaded.executions {
            let execution = Arc::new(execution);
            if matches!(&*lock(&execution.run), RunState::Interrupted) {
                interrupted.insert(execution.arn.clone(), Arc::clone(&execution));
            }
            store.executions.insert(execution.arn.clone(), execution);
        }
        let mut index = MapRunIndex::default();
        for row in loaded.map_runs {
            // The execution's ARN as its record holds it (a Map Run of an execution the
            // database no longer holds is not listed).
            if let Some((execution, _)) = store.executions.get_key_value(&row.execution) {
                index.add(execution, vec![(row.arn, row.children)]);
            }
        }
        let service = Service {
            // Numbers from here on follow the loaded executions' (`ExecutionRecord::seq`).
            counter: AtomicU64::new(store.executions.len() as u64),
            interrupted: Mutex::new(interrupted),
            directory_lock: Mutex::new(Some(directory_lock)),
            map_run_index: Mutex::new(index),
            archive: Archive::in_database(Arc::clone(&database)),
            database: Some(database),
            store: Mutex::new(store),
            ..Service::new(settings)
        };
        Ok(service)
    }

    /// Writes a change through to the database (when there is one); its failure is the
    /// call's answer.
    pub fn save(
        &self,
        write: impl FnOnce(&Database) -> Result<(), DatabaseError>,
    ) -> Result<(), ApiError> {
        match &self.database {
            Some(database) => write(database).map_err(|e| ApiError::internal(e.to_string())),
            None => Ok(()),
        }
    }

    /// The execution's state, finished (and archived) when its run ended.
    pub fn settled<'r>(&self, record: &'r ExecutionRecord) -> MutexGuard<'r, RunState> {
        let (run, closed) = record.settle();
        if let Some((finished, saved)) = closed {
            self.archive_finished(record, finished, saved);
        }
        run
    }

    /// Ends the execution's run, stopped if it still runs; archived.
    pub fn ended<'r>(
        &self,
        record: &'r ExecutionRecord,
        error: Option<&str>,
        cause: Option<&str>,
    ) -> MutexGuard<'r, RunState> {
        let (run, closed) = record.end(error, cause);
        if let Some((finished, saved)) = closed {
            self.archive_finished(record, finished, saved);
        }
        run
    }

    /// Keeps a finished execution (its events from the `saved`th on not yet written) and
    /// takes it off the running ones.
    fn archive_finished(&self, record: &ExecutionRecord, finished: Finished, saved: usize) {
        self.pushed.forget(&record.arn);
        if self.detached.load(Ordering::SeqCst) {
            // Stopped with the server (or ended after its last write): the database keeps it
            // RUNNING, as it was when the server stopped.
            lock(&self.running).shift_remove(&record.arn);
            return;
        }
        let index = super::database::map_run_index(&finished.map_runs);
        if let Err(e) = self.archive.put(&record.arn, finished, saved) {
            eprintln!(
                "workflow serve: the result of {} was not saved: {e}",
                record.arn
            );
        }
        if !index.is_empty() {
            lock(&self.map_run_index).add(&record.arn, index);
        }
        lock(&self.running).shift_remove(&record.arn);
    }

    /// The finished execution `record` (read from the archive): `None` while it runs.
    pub fn finished(&self, record: &ExecutionRecord) -> Result<Option<Arc<Finished>>, ApiError> {
        if !matches!(&*self.settled(record), RunState::Done(_)) {
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
    pub fn stored_events(&self, record: &ExecutionRecord) -> Result<Vec<Value>, ApiError> {
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
    ) -> Result<IndexMap<String, Vec<Value>>, ApiError> {
        match &self.database {
            Some(database) => database
                .child_events(&record.arn)
                .map_err(|e| ApiError::internal(e.to_string())),
            None => Ok(IndexMap::new()),
        }
    }

    /// `StopExecution` of an interrupted execution: it ends `ABORTED`, its stored history
    /// and `ExecutionAborted`, saved; when it stopped. `None` when it is not interrupted (or
    /// no longer: another call ended it first).
    pub fn stop_interrupted(
        &self,
        record: &ExecutionRecord,
        error: Option<&str>,
        cause: Option<&str>,
    ) -> Result<Option<i64>, ApiError> {
        let mut run = lock(&record.run);
        if !matches!(&*run, RunState::Interrupted) {
            return Ok(None);
        }
        let events = self.stored_events(record)?;
        let saved = events.len();
        let finished = Finished::aborted(events, self.stored_input(record)?, error, cause);
        let stop_ms = finished.stop_ms;
        *run = RunState::Done(finished.closed());
        self.archive_finished(record, finished, saved);
        drop(run);
        self.resumed(&record.arn);
        Ok(Some(stop_ms))
    }

    /// Whether it keeps its state in a database (`--data DIR`).
    pub fn keeps_data(&self) -> bool {
        self.database.is_some()
    }

    /// Whether a finished execution issued the task token `token`.
    pub fn token_closed(&self, token: &str) -> bool {
        self.archive.token_closed(token).unwrap_or(false)
    }

    /// Starts keeping `record`, running now, with the others (its events are written from the
    /// `saved`th on).
    pub fn track_running(&self, record: &Arc<ExecutionRecord>) {
        lock(&self.running).insert(record.arn.clone(), Arc::clone(record));
        // The events it wrote before it was listed here were passed over by the writer, which
        // stores only listed executions' events: they are written now (an execution that then
        // waits for a callback writes no other event that would carry them).
        self.pushed.unwritten(&record.arn);
    }

    /// How many executions run now.
    pub fn running_count(&self) -> usize {
        lock(&self.running).len()
    }

    /// Forgets the result of `arn`, which runs again (a redrive).
    pub fn reopen(&self, arn: &StatesArn) -> Result<(), ApiError> {
        self.archive
            .reopen(arn)
            .map_err(|e| ApiError::internal(e.to_string()))
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

    /// Writes the events running executions wrote since the last call (all of them, or only
    /// `only`'s), their Distributed Maps' children's with them, in one transaction, and counts
    /// them saved: after it, every event a client can be shown is in the database (without
    /// one, nothing).
    pub fn save_events(&self, only: Option<&ExecutionRecord>) -> Result<(), ApiError> {
        let records: Vec<Arc<ExecutionRecord>> = {
            let running = lock(&self.running);
            match only {
                Some(record) => running.get(&record.arn).cloned().into_iter().collect(),
                None => running.values().cloned().collect(),
            }
        };
        self.save_events_of(&records)
    }

    /// [`Service::save_events`] of `records` (those running), in one transaction.
    fn save_events_of(&self, records: &[Arc<ExecutionRecord>]) -> Result<(), ApiError> {
        if self.detached.load(Ordering::SeqCst) {
            return Ok(());
        }
        if self.database.is_none() {
            return Ok(());
        }
        let mut runs: Vec<MutexGuard<'_, RunState>> = Vec::new();
        let mut batch: Vec<NewEvents> = Vec::new();
        let mut children: Vec<NewChildEvents> = Vec::new();
        for record in records {
            let mut run = lock(&record.run);
            if let RunState::Running(live) = &mut *run {
                // The children's first: a child's event taken is never later than the
                // parent's events taken after it.
                live.children.take(&live.execution);
                let new = live.execution.history_since(live.saved);
                if !new.is_empty() || !live.children.unsaved.is_empty() {
                    batch.push((
                        record.arn.clone(),
                        live.saved,
                        new.iter().map(event_json).collect(),
                    ));
                    children.push((record.arn.clone(), live.children.unsaved.clone()));
                    runs.push(run);
                }
            }
        }
        let Some(database) = &self.database else {
            return Ok(());
        };
        database
            .append_events(&batch, &children)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        for (mut run, (_, _, events)) in runs.into_iter().zip(&batch) {
            if let RunState::Running(live) = &mut *run {
                live.saved += events.len();
                live.children.unsaved.clear();
            }
        }
        Ok(())
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

    /// From now on each run tells when it ends, and [`Service::settle_ended`] (on a thread of
    /// its own) files it away.
    pub fn start_settling(&self) {
        self.settling.store(true, Ordering::SeqCst);
    }

    /// Files away each execution whose run ended, as it ends (the body of the server's
    /// settling thread); returns once the service shut down and every run ended.
    pub fn settle_ended(&self) {
        while let Some(arn) = self.ended.next() {
            self.settle_arn(&arn);
        }
    }

    /// Files away ended runs while more than [`MAX_WAITING`] wait (a start's share of the
    /// work, so that ended runs never pile up).
    pub fn settle_backlog(&self) {
        while let Some(arn) = self.ended.over(MAX_WAITING) {
            self.settle_arn(&arn);
        }
    }

    fn settle_arn(&self, arn: &StatesArn) {
        let record = lock(&self.running).get(arn).cloned();
        if let Some(record) = record {
            drop(self.settled(&record));
        }
        // A deletion waiting for this execution is saved without waiting for a client.
        self.finish_deletions();
    }

    /// What an execution's run calls when it ends: queues its ARN for the settling thread
    /// (`None` without one: the tick files it away).
    pub fn on_end(&self, arn: &Arc<StatesArn>) -> Option<workflow_engine::executor::OnEnd> {
        if !self.settling.load(Ordering::SeqCst) {
            return None;
        }
        let ended = Arc::clone(&self.ended);
        let arn = Arc::clone(arn);
        Some(Box::new(move || ended.push(arn)))
    }

    /// The executions running now, in the order they started.
    pub fn running_executions(&self) -> Vec<Arc<ExecutionRecord>> {
        lock(&self.running).values().cloned().collect()
    }

    /// The events' writer (the body of the server's writer thread): each time running
    /// executions wrote events, it writes them, every execution's that wrote since its last
    /// write, in one transaction, and only then counts them saved (`Live::saved`: what a client
    /// may be shown); returns once the service stopped. Without a database it takes their
    /// Distributed Maps' children's events into their runs.
    pub fn write_events(&self) {
        while let Some(arns) = self.pushed.next_unwritten() {
            let records: Vec<Arc<ExecutionRecord>> = {
                let running = lock(&self.running);
                arns.iter()
                    .filter_map(|arn| running.get(arn).cloned())
                    .collect()
            };
            if let Err(e) = self.save_events_of(&records) {
                eprintln!("workflow serve: events were not saved: {}", e.message);
            }
        }
    }

    /// What the run of the execution `arn` tells the service as it goes (for
    /// `StartExecution::on_change`).
    pub fn on_change(&self, arn: &StatesArn) -> workflow_engine::OnChange {
        self.pushed.on_change(arn)
    }

    /// Starts `request`, the execution `arn`, as the service runs every execution it hosts:
    /// its end reported to its on-end callback, its events, tokens and activity tasks pushed
    /// to the service as they happen, its tasks' deadlines timers of its own. Its activity
    /// tasks wait for a worker while the returned guard lives: drop it once the execution is
    /// among the running ones ([`Service::track_running`]), or when the start failed.
    pub fn launch<I>(
        &self,
        arn: &Arc<StatesArn>,
        mut request: workflow_engine::StartExecution<'_, I, workflow_engine::mode::Standard>,
    ) -> Result<
        (workflow_engine::RunningExecution, super::pushed::Held<'_>),
        workflow_engine::EngineError,
    > {
        if let Some(on_end) = self.on_end(arn) {
            request = request.on_end(on_end);
        }
        let held = self.pushed.hold(arn);
        let running = request
            .on_change(self.on_change(arn))
            .wall_deadlines(true)
            .start()?;
        Ok((running, held))
    }

    /// The running execution that issued the task token `token`, when one did.
    pub fn execution_of_token(&self, token: &str) -> Option<Arc<ExecutionRecord>> {
        let arn = self.pushed.execution_of(token)?;
        lock(&self.running).get(&*arn).cloned()
    }

    /// The execution of the oldest task of `activity` waiting for a worker (`None` inside
    /// when it no longer runs), waiting for one until `deadline`; `None` when none came (a
    /// server stopping answers at once).
    pub fn next_activity_task(
        &self,
        activity: &str,
        deadline: std::time::Instant,
    ) -> Option<Option<Arc<ExecutionRecord>>> {
        let arn = self
            .pushed
            .next_task_of(activity, deadline, || self.is_stopping())?;
        Some(lock(&self.running).get(&arn).cloned())
    }

    /// The server is stopping: it accepts no more connections, and the requests in flight are
    /// being answered; a `GetActivityTask` long poll answers at once, with no task.
    pub fn begin_stopping(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.pushed.close();
    }

    /// Whether the server is stopping ([`Service::begin_stopping`]).
    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// The server is going away (SIGTERM, [`Server::shut_down`](super::Server::shut_down)),
    /// every request answered: the events running executions wrote are written to the
    /// database, which is then closed, and the runs are stopped in this process without
    /// anything more written. An execution that was running stays RUNNING in the database,
    /// with every event a client was shown, for the next server on the directory: AWS never
    /// ends an execution because its own machinery restarted. (Without a database the
    /// executions go with the process.)
    pub fn shut_down(&self) {
        self.begin_stopping();
        self.ended.close();
        if let Err(e) = self.save_events(None) {
            eprintln!("workflow serve: events were not saved: {}", e.message);
        }
        // From here on nothing is filed away; a write under way ends before the close.
        self.detached.store(true, Ordering::SeqCst);
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::dispatch::OPERATIONS;
    use serde_json::Map;

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
    fn the_writer_stores_events_as_they_happen_and_counts_them_saved_only_after() {
        let dir = tempfile::tempdir().expect("a directory");
        let directory_lock = DirectoryLock::acquire(dir.path()).expect("the lock");
        let service = Arc::new(
            Service::open(test_settings(), dir.path(), directory_lock).expect("the database"),
        );
        let writing = Arc::clone(&service);
        let writer = std::thread::spawn(move || writing.write_events());
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
        // The answer typed: its ARN as the service built it, not read back from text.
        let started = service
            .call_as(
                "StartExecution",
                &request(serde_json::json!({"stateMachineArn": machine["stateMachineArn"]})),
                |s, r| s.start_execution(r, None),
            )
            .expect("started");
        let record = service
            .store()
            .executions
            .get(&started.execution_arn)
            .cloned()
            .expect("kept");
        // No client reads it and no clock ticks: the writer stores its events as they come
        // (`TaskSubmitted`, the last before the callback, within 30 s at most).
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let stored = loop {
            let stored = service.stored_events(&record).expect("readable");
            if stored.iter().any(|e| e["type"] == "TaskSubmitted") {
                break stored;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "never written: {stored:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        };
        // What is counted saved (what a client may be shown) is in the database.
        let saved = match &*lock(&record.run) {
            RunState::Running(live) => live.saved,
            _ => panic!("it waits for its callback"),
        };
        assert!(
            saved <= stored.len(),
            "{saved} counted, {} stored",
            stored.len()
        );
        assert!(saved >= 4, "ExecutionStarted … TaskSubmitted: {saved}");
        service.shut_down();
        writer
            .join()
            .expect("the writer ends once the service stopped");
    }

    #[test]
    fn names_follow_the_services_rule() {
        assert!(check_name("Orders-2026_v1").is_ok());
        for bad in ["", "a b", "a/b", "a:b", "x#y", &"n".repeat(81)] {
            assert_eq!(check_name(bad).unwrap_err().name, "InvalidName", "{bad}");
        }
    }
}
