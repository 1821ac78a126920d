//! The embedded database of `workflow serve --data DIR`: SQLite (bundled, through `rusqlite`)
//! in `DIR/workflow-serve.sqlite3`. State machines, activities, tags, versions and aliases are
//! one JSON record each; an execution is a row (who it is, its input, how its last attempt
//! ended) and one row per history event. The history is the execution's record: its status is
//! what its last event says (a terminal event: ended; any other: running), and the row's
//! `status` and `stop_ms` are written in the same transaction as the event they summarize, and
//! checked against the history each time the database is opened ([`Database::open`]).
//!
//! Every write is made by the service's one writer (`writer`), in a transaction per batch, and
//! a call that changed state is answered only once its transaction committed: in WAL mode with
//! `synchronous = NORMAL` a committed transaction survives the process being killed (SQLite's
//! documentation, "Write-Ahead Logging"; an operating system crash may lose the last
//! transactions, which `kill -9` is not). Reads use a connection of their own, so that they see
//! what was committed and never wait for a commit under way.
//!
//! A database that cannot be read, or written, is refused when the server starts, never
//! silently emptied or rewritten: an empty file, a file that is not SQLite's, one that fails
//! SQLite's `quick_check`, one written by another version of its layout, a record that does
//! not decode; a file (or a file system) this process cannot write, a file system with no room
//! left. A database written by the layout before this one (2) is migrated when opened.

use super::locks::lock;
use super::protocol::event_json;
use super::records::{
    Activity, Alias, Closed, ExecutionRecord, Finished, Machine, MapRunRecord, StoredExecution,
    Version,
};
use indexmap::IndexMap;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;
use workflow_aws_models::{StatesArn, TaskToken};
use workflow_runtime::execution::api::HistoryEventType;
use workflow_runtime::execution::{ExecutionStatus, HistoryEvent};

/// The database's file in the data directory.
pub(crate) const FILE_NAME: &str = "workflow-serve.sqlite3";

/// The layout this version writes (`PRAGMA user_version`); the one before is migrated, another
/// refused.
const LAYOUT: i64 = 3;

/// The layout before this one, which [`Database::open`] migrates.
const PREVIOUS_LAYOUT: i64 = 2;

/// How much room the data directory's file system must have left when the server starts.
const MIN_FREE_BYTES: u64 = 1 << 20;

const SCHEMA: &str = "
    CREATE TABLE machines (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE activities (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE tags (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE versions (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE aliases (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
    -- The machines' revisions that executions ran, each once.
    CREATE TABLE revisions (id TEXT PRIMARY KEY, record TEXT NOT NULL);
    -- status and stop_ms: what the history's last event says (NULL while it runs); result:
    -- the record of its last attempt that ended, without its events.
    CREATE TABLE executions (arn TEXT PRIMARY KEY, record TEXT NOT NULL, input TEXT NOT NULL,
        status TEXT, stop_ms INTEGER, result TEXT);
    CREATE TABLE events (execution TEXT NOT NULL, id INTEGER NOT NULL, event TEXT NOT NULL,
        PRIMARY KEY (execution, id)) WITHOUT ROWID;
    -- Every task token an execution issued, written with the events that issued it.
    CREATE TABLE tokens (token TEXT PRIMARY KEY, execution TEXT NOT NULL) WITHOUT ROWID;
    -- Every Map Run of a finished execution, with its child executions' ARNs.
    CREATE TABLE map_runs (arn TEXT PRIMARY KEY, execution TEXT NOT NULL, children TEXT NOT NULL);
";

/// The tables layout 3 adds to layout 2 (created when missing: a database of layout 2 reads as
/// one whose running executions' children wrote nothing yet, with no heartbeat, no Map Run
/// updated and no deletion under way).
const ADDED: &str = "
    -- The events of a running execution's Distributed Maps' children, as they happen (a
    -- finished execution keeps them in its Map Runs' records).
    CREATE TABLE IF NOT EXISTS child_events (execution TEXT NOT NULL, child TEXT NOT NULL,
        id INTEGER NOT NULL, event TEXT NOT NULL, PRIMARY KEY (execution, child, id))
        WITHOUT ROWID;
    -- The last SendTaskHeartbeat of each task of a running execution (no history event
    -- records one): what a resumed task's HeartbeatSeconds counts from.
    CREATE TABLE IF NOT EXISTS heartbeats (token TEXT PRIMARY KEY, execution TEXT NOT NULL,
        ms INTEGER NOT NULL) WITHOUT ROWID;
    -- The machines DeleteStateMachine was called on while executions of theirs ran (DELETING).
    CREATE TABLE IF NOT EXISTS deleting (arn TEXT PRIMARY KEY) WITHOUT ROWID;
    -- What UpdateMapRun changed of a running execution's Map Run (no history event records
    -- it): a resumed Map Run runs with it.
    CREATE TABLE IF NOT EXISTS map_run_updates (map_run TEXT PRIMARY KEY,
        execution TEXT NOT NULL, max_concurrency INTEGER, tolerated_failure_count INTEGER,
        tolerated_failure_percentage REAL) WITHOUT ROWID;
    -- When this database was last opened for writing (the check that it can be written).
    CREATE TABLE IF NOT EXISTS opened (id INTEGER PRIMARY KEY, ms INTEGER NOT NULL);
    -- The last version number each state machine published, its deleted versions' included
    -- (AWS never gives a number twice).
    CREATE TABLE IF NOT EXISTS version_numbers (machine TEXT PRIMARY KEY,
        last INTEGER NOT NULL) WITHOUT ROWID;
";

/// A failure of the database: said as the answer to the call that needed it, or, when the
/// server starts, why it does not.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DatabaseError {
    /// SQLite's own error.
    #[error("the data directory's database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The server is stopping: nothing more is written (see [`Database::close`]).
    #[error("the data directory's database is closed: workflow serve is stopping")]
    Closed,
    /// The database cannot be used as it is; nothing was changed.
    #[error("the data directory's database {}: {why}; workflow serve leaves it as it is (move it away to start afresh)", .path.display())]
    Refused {
        /// The database's file.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// The database cannot be written (a read-only file or file system, no room left).
    #[error("the data directory's database {} cannot be written: {why}; workflow serve keeps nothing it cannot write, so it does not start", .path.display())]
    Unwritable {
        /// The database's file.
        path: PathBuf,
        /// Why.
        why: String,
    },
}

/// The database: a connection that writes (the writer's thread's, `commits`) and one that
/// reads, on a thread of its own that takes the reads one at a time ([`Database::read`]): a
/// read is a future, which holds no thread of the server's while the disk answers.
pub(crate) struct Database {
    writing: Mutex<Connection>,
    /// The reads queued for the reading thread (`None` once closed).
    reads: Mutex<Option<std::sync::mpsc::Sender<Read>>>,
    /// The reading thread, joined when the database closes.
    reader: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// Set by [`Database::close`], under the writing connection's lock.
    closed: AtomicBool,
    path: PathBuf,
}

/// A read, run on the reading thread with its connection.
type Read = Box<dyn FnOnce(&Connection) + Send>;

/// A database opened ([`Database::open`]): what the check of its histories set right, one
/// line each, and everything it held.
pub(crate) struct Opened {
    pub database: Database,
    pub corrected: Vec<String>,
    pub loaded: Loaded,
}

/// Everything the database held when the server started (a finished execution's result and
/// events stay in the database until asked for).
#[derive(Default)]
pub(crate) struct Loaded {
    pub machines: Vec<Machine>,
    pub activities: Vec<Activity>,
    pub tags: Vec<(StatesArn, IndexMap<String, String>)>,
    pub executions: Vec<Arc<ExecutionRecord>>,
    pub versions: Vec<Version>,
    pub aliases: Vec<Alias>,
    /// Every finished execution's Map Runs.
    pub map_runs: Vec<MapRunRow>,
    /// The machines being deleted (`DELETING`).
    pub deleting: Vec<StatesArn>,
    /// The last version number each machine published.
    pub version_numbers: Vec<(StatesArn, u64)>,
}

/// A finished execution's Map Run as the database indexes it (its table `map_runs`): where
/// its record is, and its children's ARNs.
pub(crate) struct MapRunRow {
    /// The Map Run's ARN.
    pub arn: StatesArn,
    /// The execution whose record holds it.
    pub execution: StatesArn,
    /// Its child executions' ARNs.
    pub children: Vec<StatesArn>,
}

/// What `UpdateMapRun` changed of a running Map Run (`None`: not changed).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct MapRunUpdated {
    pub map_run: StatesArn,
    pub max_concurrency: Option<u64>,
    pub tolerated_failure_count: Option<u64>,
    pub tolerated_failure_percentage: Option<f64>,
}

/// The events of one running execution not yet in the database: its ARN, the index of the
/// first and the events.
pub(crate) type NewEvents = (Arc<StatesArn>, usize, Vec<HistoryEvent>);

/// Events of one running execution's Distributed Maps' children not yet in the database: the
/// execution's ARN, and each event with its child's ARN (its `id` its place in the child's
/// history).
pub(crate) type NewChildEvents = (Arc<StatesArn>, Vec<(StatesArn, HistoryEvent)>);

impl Database {
    /// Opens the database in `dir` (which must exist), creating it when the file is missing,
    /// migrating one of the layout before; refuses one it cannot read whole or cannot write,
    /// and then changes nothing in it. Checks each execution's row against its history and
    /// sets it right, and reads everything it holds ([`Loaded`]), in one transaction, which
    /// is also the proof that the file can be written and is committed only once everything
    /// decoded: a history that ends with a terminal event is ended, whatever the row said;
    /// one that does not, runs.
    pub(crate) fn open(dir: &Path) -> Result<Opened, DatabaseError> {
        let path = dir.join(FILE_NAME);
        let refused = |why: String| DatabaseError::Refused {
            path: path.clone(),
            why,
        };
        let unwritable = |why: String| DatabaseError::Unwritable {
            path: path.clone(),
            why,
        };
        let existed = match std::fs::metadata(&path) {
            Ok(meta) if meta.len() == 0 => {
                return Err(refused(
                    "it is an empty file (0 bytes), not a database workflow serve wrote".into(),
                ));
            }
            Ok(_) => true,
            Err(_) => false,
        };
        if let Some(free) = free_bytes(dir)
            && free < MIN_FREE_BYTES
        {
            return Err(unwritable(format!(
                "its file system has {free} bytes left (at least {MIN_FREE_BYTES} are needed)"
            )));
        }
        let connection = Connection::open(&path).map_err(|e| unwritable(e.to_string()))?;
        let check: Result<String, rusqlite::Error> =
            connection.query_row("PRAGMA quick_check", [], |row| row.get(0));
        match check {
            Ok(answer) if answer == "ok" => {}
            Ok(answer) => return Err(refused(format!("SQLite's quick_check found: {answer}"))),
            Err(e) => return Err(refused(format!("SQLite cannot read it: {e}"))),
        }
        let layout: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        let tables: i64 =
            connection.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))?;
        let written = |e: rusqlite::Error| unwritable(e.to_string());
        // Layout 2 lacked the tables `ADDED` creates, and kept a finished execution's status
        // apart from its history (set right below): migrated in the opening's transaction.
        let migrate = layout == PREVIOUS_LAYOUT;
        match (layout, tables) {
            (LAYOUT, _) | (PREVIOUS_LAYOUT, _) => {}
            (0, 0) => {
                connection
                    .execute_batch(&format!(
                        "PRAGMA journal_mode = WAL; BEGIN; {SCHEMA} {ADDED} PRAGMA user_version = {LAYOUT}; COMMIT;"
                    ))
                    .map_err(written)?;
            }
            (0, _) => {
                return Err(refused(
                    "it was written by an earlier version of workflow serve, whose layout this version does not read".into(),
                ));
            }
            (other, _) => {
                return Err(refused(format!(
                    "its layout is version {other}, and this workflow serve reads version {LAYOUT}{}",
                    if existed {
                        ""
                    } else {
                        " (the file was just created)"
                    }
                )));
            }
        }
        connection
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
            .map_err(written)?;
        let reading = Connection::open_with_flags(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let (reads, reader) = reading_thread(reading).map_err(|e| unwritable(e.to_string()))?;
        let database = Database {
            writing: Mutex::new(connection),
            reads: Mutex::new(Some(reads)),
            reader: Mutex::new(Some(reader)),
            closed: AtomicBool::new(false),
            path: path.clone(),
        };
        let opened = database.transaction(|tx| {
            if migrate {
                tx.execute_batch(&format!("{ADDED} PRAGMA user_version = {LAYOUT};"))?;
            } else {
                // The tables added since a database of this layout was written (each one
                // created when missing; a database without it reads as one that had none).
                tx.execute_batch(ADDED)?;
            }
            let corrected = check_histories(tx)?;
            // What it holds, as set right; a record that does not decode refuses the file, and
            // the transaction, rolled back, leaves it as it was.
            let loaded = database.load_from(tx).map_err(|e| match e {
                DatabaseError::Sqlite(e) => refused(format!("SQLite cannot read it: {e}")),
                other => other,
            })?;
            Ok((corrected, loaded))
        });
        let (corrected, loaded) = opened.map_err(|e| match e {
            DatabaseError::Sqlite(e) => unwritable(e.to_string()),
            other => other,
        })?;
        Ok(Opened {
            database,
            corrected,
            loaded,
        })
    }

    /// Runs `write` in one transaction of the writing connection, committed when it returns
    /// `Ok` (rolled back otherwise).
    pub(crate) fn transaction<T>(
        &self,
        write: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, DatabaseError>,
    ) -> Result<T, DatabaseError> {
        let mut connection = lock(&self.writing);
        if self.closed.load(Ordering::SeqCst) {
            return Err(DatabaseError::Closed);
        }
        let transaction =
            connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = write(&transaction)?;
        transaction.commit()?;
        Ok(out)
    }

    /// Runs `read` on the reading thread with its connection, and waits for its answer (a
    /// future: no thread of the server's waits for the disk); [`DatabaseError::Closed`] once
    /// the database closed.
    pub(crate) async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        read: impl FnOnce(&Database, &Connection) -> Result<T, DatabaseError> + Send + 'static,
    ) -> Result<T, DatabaseError> {
        let (tell, answer) = oneshot::channel();
        let database = Arc::clone(self);
        let job: Read = Box::new(move |connection| {
            let _ = tell.send(read(&database, connection));
        });
        {
            let reads = lock(&self.reads);
            let queue = reads.as_ref().ok_or(DatabaseError::Closed)?;
            queue.send(job).map_err(|_| DatabaseError::Closed)?;
        }
        answer.await.map_err(|_| DatabaseError::Closed)?
    }

    /// Writes and reads nothing more: every later call is [`DatabaseError::Closed`]. A write
    /// under way ends first (it holds the writing connection's lock), and the reads queued
    /// are answered, so that once this returns the database holds exactly what it will hold
    /// when the next server opens it, and this process holds the file no more (its
    /// connections are closed, however long the `Database` itself is kept: a process that
    /// opens the file next, or writes it, is alone with it).
    pub(crate) fn close(&self) {
        let mut writing = lock(&self.writing);
        if self.closed.swap(true, Ordering::SeqCst) {
            return;
        }
        // The reading thread ends once the reads queued are answered, closing its connection
        // first (the last connection to close is the one that may write the log into the
        // file).
        lock(&self.reads).take();
        if let Some(reader) = lock(&self.reader).take() {
            let _ = reader.join();
        }
        // The write-ahead log into the database's file: the next server reads one file.
        // (Nothing is lost when this fails: the log is read at the next open.)
        let _ = writing.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
        if let Ok(nothing) = Connection::open_in_memory() {
            drop(std::mem::replace(&mut *writing, nothing));
        }
    }

    /// Why a record of `table` keyed `key` is refused.
    fn unreadable(&self, table: &str, key: &str) -> DatabaseError {
        DatabaseError::Refused {
            path: self.path.clone(),
            why: format!("the record `{key}` of its table `{table}` does not decode"),
        }
    }

    /// What a server opening the database now would load ([`Opened::loaded`]), read on the
    /// reading connection.
    #[cfg(test)]
    pub(crate) fn load(&self) -> Result<Loaded, DatabaseError> {
        let connection = Connection::open(&self.path)?;
        self.load_from(&connection)
    }

    /// Everything it holds but finished executions' results and events, in the order it was
    /// created, read through `connection`. An execution whose history does not end (it was
    /// running when the last server went away: a SIGTERM, a `kill -9`, a crash) is loaded
    /// running ([`RunState::Interrupted`](super::records::RunState::Interrupted)): nothing is
    /// written, and nothing of it is failed for the server's own sake.
    fn load_from(&self, connection: &Connection) -> Result<Loaded, DatabaseError> {
        let mut loaded = Loaded {
            machines: self.records(connection, "machines")?,
            activities: self.records(connection, "activities")?,
            tags: self
                .rows::<IndexMap<String, String>>(connection, "tags")?
                .into_iter()
                .map(|(arn, tags)| Ok((self.arn("tags", &arn)?, tags)))
                .collect::<Result<_, DatabaseError>>()?,
            versions: self.records(connection, "versions")?,
            aliases: self.records(connection, "aliases")?,
            ..Loaded::default()
        };
        // Each revision is decoded once, however many executions ran it.
        let revisions: HashMap<String, Arc<Machine>> = self
            .rows::<Machine>(connection, "revisions")?
            .into_iter()
            .map(|(id, machine)| (id, Arc::new(machine)))
            .collect();
        let count: i64 =
            connection.query_row("SELECT count(*) FROM executions", [], |row| row.get(0))?;
        loaded
            .executions
            .reserve(usize::try_from(count).unwrap_or(0));
        let mut statement = connection
            .prepare("SELECT arn, record, status, stop_ms FROM executions ORDER BY rowid")?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<i64>>(3)?,
            ))
        })?;
        for row in rows {
            let (arn, record, status, stop_ms) = row?;
            let stored: StoredExecution =
                serde_json::from_str(&record).map_err(|_| self.unreadable("executions", &arn))?;
            let machine = revisions
                .get(&stored.revision_id)
                .cloned()
                .ok_or_else(|| self.unreadable("executions", &arn))?;
            // Set right by the history when the database was opened.
            let closed = match (status, stop_ms) {
                (Some(status), Some(stop_ms)) => Some(Closed {
                    status: ExecutionStatus::parse(&status),
                    stop_ms,
                }),
                // Running when the last server went away.
                _ => None,
            };
            // Numbered in the order they started, as the service numbers new ones.
            let seq = loaded.executions.len() as u64 + 1;
            let arn = Arc::new(self.arn("executions", &arn)?);
            let execution = ExecutionRecord::of_stored(arn, seq, stored, machine, closed);
            loaded.executions.push(Arc::new(execution));
        }
        drop(statement);
        let mut statement =
            connection.prepare("SELECT arn, execution, children FROM map_runs ORDER BY rowid")?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (arn, execution, children) = row?;
            loaded.map_runs.push(MapRunRow {
                execution: self.arn("map_runs", &execution)?,
                children: serde_json::from_str(&children)
                    .map_err(|_| self.unreadable("map_runs", &arn))?,
                arn: self.arn("map_runs", &arn)?,
            });
        }
        drop(statement);
        let mut statement = connection.prepare("SELECT arn FROM deleting")?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
        for row in rows {
            let arn = row?;
            loaded.deleting.push(self.arn("deleting", &arn)?);
        }
        drop(statement);
        let mut statement = connection.prepare("SELECT machine, last FROM version_numbers")?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (machine, last) = row?;
            loaded.version_numbers.push((
                self.arn("version_numbers", &machine)?,
                u64::try_from(last).unwrap_or(0),
            ));
        }
        Ok(loaded)
    }

    /// The input of the execution `arn`, as it was sent (`None` when it has no row).
    pub(crate) async fn input(
        self: &Arc<Self>,
        arn: &StatesArn,
    ) -> Result<Option<String>, DatabaseError> {
        let arn = arn.clone();
        self.read(move |db, c| db.input_on(c, &arn)).await
    }

    /// The events the children of the running execution `arn`'s Distributed Maps wrote, by
    /// child ARN, each child's in order.
    pub(crate) async fn child_events(
        self: &Arc<Self>,
        arn: &StatesArn,
    ) -> Result<IndexMap<StatesArn, Vec<HistoryEvent>>, DatabaseError> {
        let arn = arn.clone();
        self.read(move |db, c| db.child_events_on(c, &arn)).await
    }

    /// The finished execution `arn`, its events with it; `None` when it has no result.
    pub(crate) async fn load_result(
        self: &Arc<Self>,
        arn: &StatesArn,
    ) -> Result<Option<Finished>, DatabaseError> {
        let arn = arn.clone();
        self.read(move |db, c| db.load_result_on(c, &arn)).await
    }

    /// The record of the last attempt of the execution `arn` that ended, without its events;
    /// `None` when none ended.
    pub(crate) async fn last_result(
        self: &Arc<Self>,
        arn: &StatesArn,
    ) -> Result<Option<Finished>, DatabaseError> {
        let arn = arn.clone();
        self.read(move |db, c| db.last_result_on(c, &arn)).await
    }

    /// The events of the execution `arn`, in order.
    pub(crate) async fn events(
        self: &Arc<Self>,
        arn: &StatesArn,
    ) -> Result<Vec<HistoryEvent>, DatabaseError> {
        let arn = arn.clone();
        self.read(move |db, c| db.events_on(c, &arn)).await
    }

    /// The execution that issued the task token `token`, when one did.
    pub(crate) async fn token_execution(
        self: &Arc<Self>,
        token: &str,
    ) -> Result<Option<String>, DatabaseError> {
        let token = token.to_owned();
        self.read(move |db, c| db.token_execution_on(c, &token))
            .await
    }

    /// What `UpdateMapRun` changed of the running execution `arn`'s Map Runs.
    pub(crate) async fn map_run_updates(
        self: &Arc<Self>,
        arn: &StatesArn,
    ) -> Result<Vec<MapRunUpdated>, DatabaseError> {
        let arn = arn.clone();
        self.read(move |db, c| db.map_run_updates_on(c, &arn)).await
    }

    /// The last heartbeat of each task of the execution `arn` (token, wall-clock ms).
    pub(crate) async fn heartbeats(
        self: &Arc<Self>,
        arn: &StatesArn,
    ) -> Result<Vec<(String, i64)>, DatabaseError> {
        let arn = arn.clone();
        self.read(move |db, c| db.heartbeats_on(c, &arn)).await
    }

    /// [`Database::input`] on `connection`.
    fn input_on(
        &self,
        connection: &Connection,
        arn: &StatesArn,
    ) -> Result<Option<String>, DatabaseError> {
        Ok(connection
            .query_row(
                "SELECT input FROM executions WHERE arn = ?1",
                [arn.to_string()],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// The events the children of the running execution `arn`'s Distributed Maps wrote, by
    /// child ARN, each child's in order.
    fn child_events_on(
        &self,
        connection: &Connection,
        arn: &StatesArn,
    ) -> Result<IndexMap<StatesArn, Vec<HistoryEvent>>, DatabaseError> {
        let mut statement = connection.prepare(
            "SELECT child, id, event FROM child_events WHERE execution = ?1 ORDER BY child, id",
        )?;
        let rows = statement.query_map([arn.to_string()], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        let mut children: IndexMap<StatesArn, Vec<HistoryEvent>> = IndexMap::new();
        for row in rows {
            let (child, id, event) = row?;
            let event = read_event(&event)
                .map_err(|e| self.unreadable("child_events", &format!("{child} #{id}: {e}")))?;
            let child = StatesArn::parse(&child)
                .map_err(|e| self.unreadable("child_events", &format!("{child} #{id}: {e}")))?;
            children.entry(child).or_default().push(event);
        }
        Ok(children)
    }

    /// The finished execution `arn`, its events with it; `None` when it has no result.
    fn load_result_on(
        &self,
        connection: &Connection,
        typed: &StatesArn,
    ) -> Result<Option<Finished>, DatabaseError> {
        let Some(mut finished) = self.last_result_on(connection, typed)? else {
            return Ok(None);
        };
        finished.events = self.events_on(connection, typed)?;
        Ok(Some(finished))
    }

    /// The record of the last attempt of the execution `arn` that ended, without its events
    /// (a redriven execution's while its redrive runs); `None` when none ended.
    fn last_result_on(
        &self,
        connection: &Connection,
        typed: &StatesArn,
    ) -> Result<Option<Finished>, DatabaseError> {
        let arn = typed.to_string();
        let result: Option<Option<String>> = connection
            .query_row(
                "SELECT result FROM executions WHERE arn = ?1",
                [&arn],
                |row| row.get(0),
            )
            .optional()?;
        let Some(Some(result)) = result else {
            return Ok(None);
        };
        let finished: Finished =
            serde_json::from_str(&result).map_err(|_| self.unreadable("executions", &arn))?;
        Ok(Some(finished))
    }

    /// The events of the execution `arn`, in order.
    fn events_on(
        &self,
        connection: &Connection,
        arn: &StatesArn,
    ) -> Result<Vec<HistoryEvent>, DatabaseError> {
        let arn = arn.to_string();
        let mut statement =
            connection.prepare("SELECT id, event FROM events WHERE execution = ?1 ORDER BY id")?;
        let rows = statement.query_map([&arn], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut events = Vec::new();
        for row in rows {
            let (id, event) = row?;
            events.push(
                read_event(&event)
                    .map_err(|e| self.unreadable("events", &format!("{arn} #{id}: {e}")))?,
            );
        }
        Ok(events)
    }

    /// The execution that issued the task token `token`, when one did.
    fn token_execution_on(
        &self,
        connection: &Connection,
        token: &str,
    ) -> Result<Option<String>, DatabaseError> {
        Ok(connection
            .query_row(
                "SELECT execution FROM tokens WHERE token = ?1",
                [token],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// What `UpdateMapRun` changed of the running execution `arn`'s Map Runs: each Map Run's
    /// ARN with its `MaxConcurrency`, tolerated failure count and percentage (`None`: not
    /// changed).
    fn map_run_updates_on(
        &self,
        connection: &Connection,
        arn: &StatesArn,
    ) -> Result<Vec<MapRunUpdated>, DatabaseError> {
        let mut statement = connection.prepare(
            "SELECT map_run, max_concurrency, tolerated_failure_count, tolerated_failure_percentage \
             FROM map_run_updates WHERE execution = ?1",
        )?;
        let rows = statement.query_map([arn.to_string()], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<i64>>(1)?,
                row.get::<_, Option<i64>>(2)?,
                row.get::<_, Option<f64>>(3)?,
            ))
        })?;
        let mut updates = Vec::new();
        for row in rows {
            let (map_run, max_concurrency, count, percentage) = row?;
            updates.push(MapRunUpdated {
                map_run: self.arn("map_run_updates", &map_run)?,
                max_concurrency: max_concurrency.and_then(|n| u64::try_from(n).ok()),
                tolerated_failure_count: count.and_then(|n| u64::try_from(n).ok()),
                tolerated_failure_percentage: percentage,
            });
        }
        Ok(updates)
    }

    /// The last heartbeat of each task of the execution `arn` (token, wall-clock ms).
    fn heartbeats_on(
        &self,
        connection: &Connection,
        arn: &StatesArn,
    ) -> Result<Vec<(String, i64)>, DatabaseError> {
        let mut statement =
            connection.prepare("SELECT token, ms FROM heartbeats WHERE execution = ?1")?;
        let rows = statement.query_map([arn.to_string()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The writes, each on the writer's transaction (`writer`: one transaction per batch).
pub(crate) mod write {
    use super::*;

    pub(crate) fn machine(tx: &Connection, machine: &Machine) -> Result<(), DatabaseError> {
        upsert(tx, "machines", &machine.arn, machine)
    }

    /// Deletes the machine with its tags, versions, aliases and its mark of a deletion under
    /// way: one change, in the caller's transaction.
    pub(crate) fn delete_machine(tx: &Connection, arn: &StatesArn) -> Result<(), DatabaseError> {
        delete(tx, "machines", arn)?;
        delete(tx, "tags", arn)?;
        delete(tx, "deleting", arn)?;
        tx.execute(
            "DELETE FROM version_numbers WHERE machine = ?1",
            [arn.to_string()],
        )?;
        // Its versions' and aliases' ARNs are its own and `:QUALIFIER` (compared as text: a
        // `LIKE` pattern would read a name's `_` as any character).
        let qualified = format!("{arn}:");
        let length = qualified.chars().count() as i64;
        for table in ["versions", "aliases"] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE substr(arn, 1, ?2) = ?1"),
                params![qualified, length],
            )?;
        }
        Ok(())
    }

    /// The machine `arn` is `DELETING` (its executions run on until their next transition).
    pub(crate) fn deleting(tx: &Connection, arn: &StatesArn) -> Result<(), DatabaseError> {
        tx.execute(
            "INSERT OR IGNORE INTO deleting (arn) VALUES (?1)",
            [arn.to_string()],
        )?;
        Ok(())
    }

    /// A published version, and its number as its machine's last.
    pub(crate) fn version(tx: &Connection, version: &Version) -> Result<(), DatabaseError> {
        upsert(tx, "versions", &version.arn, version)?;
        tx.execute(
            "INSERT INTO version_numbers (machine, last) VALUES (?1, ?2) \
             ON CONFLICT(machine) DO UPDATE SET last = max(last, excluded.last)",
            params![
                version.machine.arn.to_string(),
                i64::try_from(version.number).unwrap_or(i64::MAX)
            ],
        )?;
        Ok(())
    }

    pub(crate) fn delete_version(tx: &Connection, arn: &StatesArn) -> Result<(), DatabaseError> {
        delete(tx, "versions", arn)
    }

    pub(crate) fn alias(tx: &Connection, alias: &Alias) -> Result<(), DatabaseError> {
        upsert(tx, "aliases", &alias.arn, alias)
    }

    pub(crate) fn delete_alias(tx: &Connection, arn: &StatesArn) -> Result<(), DatabaseError> {
        delete(tx, "aliases", arn)
    }

    pub(crate) fn activity(tx: &Connection, activity: &Activity) -> Result<(), DatabaseError> {
        upsert(tx, "activities", &activity.arn, activity)
    }

    pub(crate) fn delete_activity(tx: &Connection, arn: &StatesArn) -> Result<(), DatabaseError> {
        delete(tx, "activities", arn)?;
        delete(tx, "tags", arn)
    }

    pub(crate) fn tags(
        tx: &Connection,
        arn: &StatesArn,
        tags: &IndexMap<String, String>,
    ) -> Result<(), DatabaseError> {
        upsert(tx, "tags", arn, tags)
    }

    /// A started execution, running (its machine's revision written once); or a redriven
    /// one's record (its redrive counted): its row's status goes with its history, which the
    /// same transaction carries on with `ExecutionRedriven`.
    pub(crate) fn execution(
        tx: &Connection,
        stored: &StoredExecution,
        arn: &StatesArn,
        machine: &Machine,
        input: &str,
    ) -> Result<(), DatabaseError> {
        tx.execute(
            "INSERT OR IGNORE INTO revisions (id, record) VALUES (?1, ?2)",
            params![machine.revision_id, to_text(machine)],
        )?;
        tx.execute(
            "INSERT INTO executions (arn, record, input) VALUES (?1, ?2, ?3) \
             ON CONFLICT(arn) DO UPDATE SET record = excluded.record, status = NULL, \
             stop_ms = NULL",
            params![arn.to_string(), to_text(stored), input],
        )?;
        Ok(())
    }

    /// Forgets an execution never acknowledged (its start failed after it was queued).
    pub(crate) fn forget_execution(tx: &Connection, arn: &StatesArn) -> Result<(), DatabaseError> {
        let arn = arn.to_string();
        for table in [
            "events",
            "child_events",
            "tokens",
            "heartbeats",
            "map_run_updates",
        ] {
            tx.execute(&format!("DELETE FROM {table} WHERE execution = ?1"), [&arn])?;
        }
        tx.execute("DELETE FROM executions WHERE arn = ?1", [&arn])?;
        Ok(())
    }

    /// Events of running executions (a row each, numbered from their index; written again, a
    /// row is replaced), and their Distributed Maps' children's.
    pub(crate) fn events(
        tx: &Connection,
        batch: &[NewEvents],
        children: &[NewChildEvents],
    ) -> Result<(), DatabaseError> {
        let mut statement = tx.prepare_cached(
            "INSERT OR REPLACE INTO events (execution, id, event) VALUES (?1, ?2, ?3)",
        )?;
        for (arn, first, events) in batch {
            let arn = arn.to_string();
            for (offset, event) in events.iter().enumerate() {
                let id = i64::try_from(first + offset + 1).unwrap_or(i64::MAX);
                statement.execute(params![arn, id, event_json(event).to_string()])?;
            }
        }
        let mut statement = tx.prepare_cached(
            "INSERT OR REPLACE INTO child_events (execution, child, id, event) \
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (execution, events) in children {
            let execution = execution.to_string();
            for (child, event) in events {
                let id = i64::try_from(event.id).unwrap_or(i64::MAX);
                statement.execute(params![
                    execution,
                    child.to_string(),
                    id,
                    event_json(event).to_string()
                ])?;
            }
        }
        Ok(())
    }

    /// Task tokens issued, each with its execution.
    pub(crate) fn tokens(
        tx: &Connection,
        tokens: &[(TaskToken, Arc<StatesArn>)],
    ) -> Result<(), DatabaseError> {
        let mut statement =
            tx.prepare_cached("INSERT OR IGNORE INTO tokens (token, execution) VALUES (?1, ?2)")?;
        for (token, execution) in tokens {
            statement.execute(params![token.as_str(), execution.to_string()])?;
        }
        Ok(())
    }

    /// `UpdateMapRun` of the execution `arn`'s Map Run: what it changed, over what an earlier
    /// update changed.
    pub(crate) fn map_run_update(
        tx: &Connection,
        arn: &StatesArn,
        update: &MapRunUpdated,
    ) -> Result<(), DatabaseError> {
        let as_i64 = |n: Option<u64>| n.map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        tx.execute(
            "INSERT INTO map_run_updates (map_run, execution, max_concurrency, \
             tolerated_failure_count, tolerated_failure_percentage) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT(map_run) DO UPDATE SET \
             max_concurrency = coalesce(excluded.max_concurrency, max_concurrency), \
             tolerated_failure_count = coalesce(excluded.tolerated_failure_count, tolerated_failure_count), \
             tolerated_failure_percentage = coalesce(excluded.tolerated_failure_percentage, tolerated_failure_percentage)",
            params![
                update.map_run.to_string(),
                arn.to_string(),
                as_i64(update.max_concurrency),
                as_i64(update.tolerated_failure_count),
                update.tolerated_failure_percentage
            ],
        )?;
        Ok(())
    }

    /// The last heartbeat of the task `token` of the execution `arn`, at `ms`.
    pub(crate) fn heartbeat(
        tx: &Connection,
        token: &str,
        arn: &StatesArn,
        ms: i64,
    ) -> Result<(), DatabaseError> {
        tx.execute(
            "INSERT OR REPLACE INTO heartbeats (token, execution, ms) VALUES (?1, ?2, ?3)",
            params![token, arn.to_string(), ms],
        )?;
        Ok(())
    }

    /// A finished execution: its events from the `saved`th on (its end among them), how it
    /// ended, its task tokens and its Map Runs; its children's events and its heartbeats are
    /// its Map Runs' records' now, or gone.
    pub(crate) fn result(
        tx: &Connection,
        typed: &StatesArn,
        finished: &Finished,
        saved: usize,
    ) -> Result<(), DatabaseError> {
        let arn = typed.to_string();
        let arn = arn.as_str();
        let unsaved = finished.events.get(saved..).unwrap_or_default().to_vec();
        events(tx, &[(Arc::new(typed.clone()), saved, unsaved)], &[])?;
        ended(tx, arn, finished)?;
        let mut statement =
            tx.prepare_cached("INSERT OR IGNORE INTO tokens (token, execution) VALUES (?1, ?2)")?;
        for token in &finished.tokens {
            statement.execute(params![token.as_str(), arn])?;
        }
        tx.execute("DELETE FROM child_events WHERE execution = ?1", [arn])?;
        tx.execute("DELETE FROM heartbeats WHERE execution = ?1", [arn])?;
        tx.execute("DELETE FROM map_run_updates WHERE execution = ?1", [arn])?;
        for (map_run, children) in map_run_index(&finished.map_runs) {
            tx.execute(
                "INSERT OR REPLACE INTO map_runs (arn, execution, children) VALUES (?1, ?2, ?3)",
                params![map_run.to_string(), arn, to_text(&children)],
            )?;
        }
        Ok(())
    }

    /// The row of the execution `arn` (its ARN's text) says how `finished` ended it.
    pub(crate) fn ended(
        tx: &Connection,
        arn: &str,
        finished: &Finished,
    ) -> Result<(), DatabaseError> {
        tx.execute(
            "UPDATE executions SET status = ?2, stop_ms = ?3, result = ?4 WHERE arn = ?1",
            params![
                arn,
                finished.status.as_str(),
                finished.stop_ms,
                to_text(finished)
            ],
        )?;
        Ok(())
    }

    /// Inserts or replaces a record, keeping its place in the creation order.
    fn upsert(
        tx: &Connection,
        table: &str,
        arn: &StatesArn,
        record: &impl Serialize,
    ) -> Result<(), DatabaseError> {
        // `table` is one of this module's constants, never a request's text.
        tx.execute(
            &format!(
                "INSERT INTO {table} (arn, record) VALUES (?1, ?2) \
                 ON CONFLICT(arn) DO UPDATE SET record = excluded.record"
            ),
            params![arn.to_string(), to_text(record)],
        )?;
        Ok(())
    }

    fn delete(tx: &Connection, table: &str, arn: &StatesArn) -> Result<(), DatabaseError> {
        tx.execute(
            &format!("DELETE FROM {table} WHERE arn = ?1"),
            [arn.to_string()],
        )?;
        Ok(())
    }
}

/// The reading thread, with its connection `reading`: it answers the reads queued on the
/// returned sender, one at a time, until the sender is dropped.
fn reading_thread(
    reading: Connection,
) -> std::io::Result<(std::sync::mpsc::Sender<Read>, std::thread::JoinHandle<()>)> {
    let (reads, queue) = std::sync::mpsc::channel::<Read>();
    let thread = std::thread::Builder::new()
        .name("workflow-serve-reader".into())
        .spawn(move || {
            while let Ok(read) = queue.recv() {
                read(&reading);
            }
        })?;
    Ok((reads, thread))
}

/// The Map Runs of a finished execution's records: each one's ARN and its children's.
pub(crate) fn map_run_index(map_runs: &[MapRunRecord]) -> Vec<(StatesArn, Vec<StatesArn>)> {
    map_runs
        .iter()
        .map(|run| {
            let children = run.children.iter().map(|c| c.execution_arn.clone());
            (run.map_run_arn.clone(), children.collect())
        })
        .collect()
}

impl Database {
    /// Every row of `table` (one of this module's) in creation order, its record decoded:
    /// its key and the record; a record that does not decode is refused.
    fn rows<T: DeserializeOwned>(
        &self,
        connection: &Connection,
        table: &str,
    ) -> Result<Vec<(String, T)>, DatabaseError> {
        let key = if table == "revisions" { "id" } else { "arn" };
        let mut statement =
            connection.prepare(&format!("SELECT {key}, record FROM {table} ORDER BY rowid"))?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (key, record) = row?;
            let record = serde_json::from_str(&record).map_err(|_| self.unreadable(table, &key))?;
            out.push((key, record));
        }
        Ok(out)
    }

    /// The records of `table`, without their keys.
    fn records<T: DeserializeOwned>(
        &self,
        connection: &Connection,
        table: &str,
    ) -> Result<Vec<T>, DatabaseError> {
        Ok(self
            .rows(connection, table)?
            .into_iter()
            .map(|(_, record)| record)
            .collect())
    }

    /// The key `arn` of a row of `table`, typed; one that is no ARN is refused.
    fn arn(&self, table: &str, arn: &str) -> Result<StatesArn, DatabaseError> {
        StatesArn::parse(arn).map_err(|_| self.unreadable(table, arn))
    }
}

/// The status a history's last event of type `event_type` gives its execution, when it ends it.
fn terminal_status(event_type: &str) -> Option<&'static str> {
    match HistoryEventType::from(event_type) {
        HistoryEventType::ExecutionSucceeded => Some("SUCCEEDED"),
        HistoryEventType::ExecutionFailed => Some("FAILED"),
        HistoryEventType::ExecutionTimedOut => Some("TIMED_OUT"),
        HistoryEventType::ExecutionAborted => Some("ABORTED"),
        _ => None,
    }
}

/// How many bytes the file system holding `dir` has left for this process (`None` where it
/// cannot be asked).
fn free_bytes(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        let stat = rustix::fs::statvfs(dir).ok()?;
        Some(stat.f_bavail.saturating_mul(stat.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// A record's JSON text (a record of this module's types always serializes).
fn to_text(record: &impl Serialize) -> String {
    serde_json::to_string(record).unwrap_or_default()
}

/// Sets each execution's row right by its history (see [`Database::open`]), in the opening's
/// transaction `tx`, writing at least the time of this opening: what it changed, one line
/// An event as a row holds it (JSON in the protocol's shape), read by the engine's codec: where
/// it does not decode, the JSON pointer and why.
fn read_event(text: &str) -> Result<HistoryEvent, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    HistoryEvent::from_json(&value).map_err(|e| e.to_string())
}

/// each.
fn check_histories(tx: &rusqlite::Transaction<'_>) -> Result<Vec<String>, DatabaseError> {
    tx.execute(
        "INSERT OR REPLACE INTO opened (id, ms) VALUES (1, ?1)",
        [workflow_local_engine::wall_millis()],
    )?;
    // Each execution's row beside its history's last event's type, one row at a time
    // (only the rows to set right are kept).
    let mut wrong: Vec<(String, Option<String>, bool)> = Vec::new();
    {
        let mut statement = tx.prepare(
            "SELECT x.arn, x.status, x.result IS NOT NULL,                      (SELECT json_extract(e.event, '$.type') FROM events e                       WHERE e.execution = x.arn ORDER BY e.id DESC LIMIT 1)                      FROM executions x",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let status: Option<String> = row.get(1)?;
            let has_result: bool = row.get(2)?;
            let last: Option<String> = row.get(3)?;
            let ended = last.as_deref().and_then(terminal_status);
            let agrees = match ended {
                Some(ended) => status.as_deref() == Some(ended) && has_result,
                None => status.is_none(),
            };
            if !agrees {
                wrong.push((row.get(0)?, status, ended.is_some()));
            }
        }
    }
    let mut corrections = Vec::with_capacity(wrong.len());
    for (arn, status, ended) in wrong {
        if !ended {
            tx.execute(
                "UPDATE executions SET status = NULL, stop_ms = NULL WHERE arn = ?1",
                [&arn],
            )?;
            corrections.push(format!(
                "{arn}: its history goes on after its last end (a redrive); described RUNNING now (it was kept as {})",
                status.as_deref().unwrap_or_default()
            ));
            continue;
        }
        let (input, last): (String, String) = tx.query_row(
            "SELECT x.input, (SELECT e.event FROM events e WHERE e.execution = x.arn                      ORDER BY e.id DESC LIMIT 1) FROM executions x WHERE x.arn = ?1",
            [&arn],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let Some(finished) = read_event(&last)
            .ok()
            .and_then(|event| Finished::ended_by(&event, input))
        else {
            continue;
        };
        write::ended(tx, &arn, &finished)?;
        corrections.push(format!(
            "{arn}: its history ends with its end; described {} now (it was kept as {})",
            finished.status.as_str(),
            status.as_deref().unwrap_or("RUNNING")
        ));
    }
    Ok(corrections)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Definition;
    use workflow_asl::{ExecutionType, StateMachine};

    /// The state machine `name`, published as version 1.
    fn version(name: &str) -> Version {
        let arn = |suffix: &str| {
            StatesArn::parse(&format!(
                "arn:aws:states:us-east-1:123456789012:stateMachine:{name}{suffix}"
            ))
            .expect("an ARN")
        };
        let text = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#;
        let machine = Machine {
            arn: arn(""),
            name: name.into(),
            definition: Definition {
                text: text.into(),
                model: StateMachine::from_json(text).expect("a definition"),
            },
            role_arn: workflow_aws_models::RoleArn::parse("arn:aws:iam::123456789012:role/r")
                .expect("a role"),
            kind: ExecutionType::Standard,
            created_ms: 1,
            updated_ms: 1,
            revision_id: "r".into(),
            logging: None,
            tracing: None,
            creation: Default::default(),
        };
        Version {
            arn: arn(":1"),
            number: 1,
            machine: Arc::new(machine),
            description: None,
            created_ms: 1,
        }
    }

    #[test]
    fn a_redrives_client_tokens_are_its_last_ten_kept_across_a_restart_for_15_minutes() {
        let machine = version("m").machine;
        let arn = Arc::new(
            StatesArn::parse("arn:aws:states:us-east-1:123456789012:execution:m:e")
                .expect("an ARN"),
        );
        let record = ExecutionRecord::of_stored(
            Arc::clone(&arn),
            1,
            StoredExecution::of_test("e", &machine),
            Arc::clone(&machine),
            None,
        );
        let minute = 60_000;
        for n in 0..12_i64 {
            record.redriven(n * minute, Some(&format!("t{n}")));
        }
        record.redriven(12 * minute, None);
        assert_eq!(record.redrives(), (13, Some(12 * minute)));
        // The last ten tokens, each with its redrive's date and run (a run more than its
        // redrives before it).
        let now = 12 * minute;
        assert_eq!(record.redrive_of("t0", now), None);
        assert_eq!(record.redrive_of("t1", now), None);
        let t2 = record
            .redrive_of("t2", now)
            .expect("t2 is among the last ten");
        assert_eq!((t2.at, t2.attempt), (2 * minute, 4));
        assert_eq!(record.redrive_of("t11", now).map(|t| t.attempt), Some(13));
        // Valid for up to 15 minutes after their first use.
        assert!(record.redrive_of("t2", 17 * minute).is_some());
        assert_eq!(record.redrive_of("t2", 17 * minute + 1), None);
        // What the database keeps of it reads back the same (a restart).
        let kept: StoredExecution =
            serde_json::from_str(&serde_json::to_string(&record.to_stored()).expect("JSON"))
                .expect("reads back");
        assert_eq!(kept.redrive_tokens.len(), 10);
        let restarted = ExecutionRecord::of_stored(arn, 1, kept, machine, None);
        assert_eq!(restarted.redrives(), (13, Some(12 * minute)));
        assert_eq!(restarted.redrive_of("t2", now), Some(t2));
        // A record kept before tokens were has none.
        let before: StoredExecution = serde_json::from_value({
            let mut v = serde_json::to_value(StoredExecution::of_test("e", &version("m").machine))
                .expect("JSON");
            v.as_object_mut().map(|o| o.remove("redriveTokens"));
            v
        })
        .expect("reads");
        assert!(before.redrive_tokens.is_empty());
    }

    #[test]
    fn deleting_a_machine_deletes_its_versions_only_not_those_of_a_name_its_underscore_matches() {
        let dir = tempfile::tempdir().expect("a directory");
        let database = Database::open(dir.path()).expect("opens").database;
        let (mine, other) = (version("a_b"), version("axb"));
        database
            .transaction(|tx| {
                for v in [&mine, &other] {
                    write::machine(tx, &v.machine)?;
                    write::version(tx, v)?;
                }
                Ok(())
            })
            .expect("saved");
        database
            .transaction(|tx| write::delete_machine(tx, &mine.machine.arn))
            .expect("deleted");
        let loaded = database.load().expect("loads");
        let versions: Vec<String> = loaded.versions.iter().map(|v| v.arn.to_string()).collect();
        assert_eq!(versions, [other.arn.to_string()]);
        let machines: Vec<&str> = loaded.machines.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(machines, ["axb"]);
    }

    #[test]
    fn a_refused_database_is_left_as_it_was_even_its_time_of_opening() {
        let dir = tempfile::tempdir().expect("a directory");
        let database = Database::open(dir.path()).expect("opens").database;
        database
            .transaction(|tx| write::machine(tx, &version("m").machine))
            .expect("saved");
        database.close();
        drop(database);
        let connection = Connection::open(dir.path().join(FILE_NAME)).expect("opens");
        connection
            .execute("UPDATE machines SET record = '{\"arn\": 7}'", [])
            .expect("a record damaged");
        let opened = || -> i64 {
            connection
                .query_row("SELECT ms FROM opened", [], |row| row.get(0))
                .expect("the time of opening")
        };
        let before = opened();
        std::thread::sleep(std::time::Duration::from_millis(5));
        match Database::open(dir.path()) {
            Err(DatabaseError::Refused { why, .. }) => {
                assert!(why.contains("does not decode"), "{why}")
            }
            Err(other) => panic!("refused for another reason: {other}"),
            Ok(_) => panic!("a damaged record was opened"),
        }
        // The opening's transaction (its time, the rows it set right) was rolled back.
        assert_eq!(opened(), before);
    }

    #[test]
    fn a_history_that_ended_is_an_ended_execution_whatever_its_row_said() {
        let dir = tempfile::tempdir().expect("a directory");
        let database = Database::open(dir.path()).expect("opens").database;
        let machine = version("m").machine;
        let arn = |name: &str| {
            StatesArn::parse(&format!(
                "arn:aws:states:us-east-1:123456789012:execution:m:{name}"
            ))
            .expect("an ARN")
        };
        let stored = |name: &str| StoredExecution::of_test(name, &machine);
        let started = HistoryEvent::from_json(
            &serde_json::json!({"id": 1, "previousEventId": 0, "timestamp": 1.0,
            "type": "ExecutionStarted", "executionStartedEventDetails": {"input": "{}"}}),
        )
        .expect("an event");
        let succeeded = HistoryEvent::from_json(&serde_json::json!({"id": 2, "previousEventId": 1, "timestamp": 2.5,
            "type": "ExecutionSucceeded", "executionSucceededEventDetails": {"output": "{\"n\":1}"}}))
        .expect("an event");
        database
            .transaction(|tx| {
                // Ended in its history, kept running in its row (a crash between two writes
                // of the layout before).
                write::execution(tx, &stored("ended"), &arn("ended"), &machine, "{}")?;
                write::events(
                    tx,
                    &[(
                        Arc::new(arn("ended")),
                        0,
                        vec![started.clone(), succeeded.clone()],
                    )],
                    &[],
                )?;
                // Running in its history, kept ended in its row.
                write::execution(tx, &stored("runs"), &arn("runs"), &machine, "{}")?;
                write::events(
                    tx,
                    &[(Arc::new(arn("runs")), 0, vec![started.clone()])],
                    &[],
                )?;
                tx.execute(
                    "UPDATE executions SET status = 'FAILED', stop_ms = 5 WHERE arn = ?1",
                    [arn("runs").to_string()],
                )?;
                Ok(())
            })
            .expect("written");
        drop(database);
        let Opened {
            database,
            corrected,
            loaded,
        } = Database::open(dir.path()).expect("opens again");
        assert_eq!(corrected.len(), 2, "{corrected:?}");
        let status = |name: &str| {
            let record = loaded
                .executions
                .iter()
                .find(|e| e.name() == name)
                .expect("loaded");
            match &*lock(&record.run) {
                super::super::records::RunState::Done(closed) => Some(closed.clone()),
                _ => None,
            }
        };
        assert_eq!(
            status("ended"),
            Some(Closed {
                status: ExecutionStatus::Succeeded,
                stop_ms: 2_500
            })
        );
        assert_eq!(status("runs"), None);
        let database = Arc::new(database);
        let finished = futures::executor::block_on(database.load_result(&arn("ended")))
            .expect("reads")
            .expect("a result");
        assert_eq!(finished.output.as_deref(), Some("{\"n\":1}"));
        assert_eq!(finished.events.len(), 2);
        // Checked once: nothing left to set right.
        drop(database);
        let corrected = Database::open(dir.path())
            .expect("opens a third time")
            .corrected;
        assert!(corrected.is_empty(), "{corrected:?}");
    }
}
