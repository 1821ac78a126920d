//! The embedded database of `workflow serve --data DIR`: SQLite (bundled, through `rusqlite`)
//! in `DIR/workflow-serve.sqlite3`. State machines, activities, tags, versions and aliases are
//! one JSON record each; an execution is a row with how it ended, its result apart, and one
//! row per history event, written as the event happens. Every change is written before the
//! call that made it (or that showed it: `GetExecutionHistory`, `DescribeExecution`) is
//! answered, so nothing a client saw is lost when the server stops, however it stops: in WAL
//! mode with `synchronous = NORMAL` a committed transaction survives the process being killed
//! (SQLite's documentation, "Write-Ahead Logging"; an operating system crash may lose the last
//! transactions, which `kill -9` is not).
//!
//! A database that cannot be read is refused when the server starts, never silently emptied
//! or rewritten: an empty file, a file that is not SQLite's, one that fails SQLite's
//! `quick_check`, one written by another version of its layout, a record that does not decode.

use super::locks::lock;
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
use std::sync::{Arc, Mutex, MutexGuard};
use workflow_aws_models::StatesArn;
use workflow_runtime::execution::ExecutionStatus;

/// The database's file in the data directory.
pub const FILE_NAME: &str = "workflow-serve.sqlite3";

/// The layout this version writes (`PRAGMA user_version`); another is refused.
const LAYOUT: i64 = 2;

const SCHEMA: &str = "
    CREATE TABLE machines (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE activities (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE tags (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE versions (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE aliases (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
    -- The machines' revisions that executions ran, each once.
    CREATE TABLE revisions (id TEXT PRIMARY KEY, record TEXT NOT NULL);
    -- status and stop_ms are NULL while it runs; result is the finished execution's record
    -- without its events.
    CREATE TABLE executions (arn TEXT PRIMARY KEY, record TEXT NOT NULL, input TEXT NOT NULL,
        status TEXT, stop_ms INTEGER, result TEXT);
    CREATE TABLE events (execution TEXT NOT NULL, id INTEGER NOT NULL, event TEXT NOT NULL,
        PRIMARY KEY (execution, id)) WITHOUT ROWID;
    CREATE TABLE tokens (token TEXT PRIMARY KEY, execution TEXT NOT NULL) WITHOUT ROWID;
    -- Every Map Run of a finished execution, with its child executions' ARNs.
    CREATE TABLE map_runs (arn TEXT PRIMARY KEY, execution TEXT NOT NULL, children TEXT NOT NULL);
";

/// The tables added to layout 2 since it was first written, created when missing (a database
/// without them reads as one whose running executions' children wrote nothing yet).
const ADDED: &str = "
    -- The events of a running execution's Distributed Maps' children, as they happen (a
    -- finished execution keeps them in its Map Runs' records).
    CREATE TABLE IF NOT EXISTS child_events (execution TEXT NOT NULL, child TEXT NOT NULL,
        id INTEGER NOT NULL, event TEXT NOT NULL, PRIMARY KEY (execution, child, id))
        WITHOUT ROWID;
";

/// A failure of the database: said as the answer to the call that needed it, or, when the
/// server starts, why it does not.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
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
}

/// The database.
pub(crate) struct Database {
    connection: Mutex<Connection>,
    /// Set by [`Database::close`], under the connection's lock.
    closed: AtomicBool,
    path: PathBuf,
}

/// Everything the database held when the server started (a finished execution's result and
/// events stay in the database until asked for).
#[derive(Default)]
pub(crate) struct Loaded {
    pub machines: Vec<Machine>,
    pub activities: Vec<Activity>,
    pub tags: Vec<(StatesArn, IndexMap<String, String>)>,
    pub executions: Vec<ExecutionRecord>,
    pub versions: Vec<Version>,
    pub aliases: Vec<Alias>,
    /// Every finished execution's Map Runs.
    pub map_runs: Vec<MapRunRow>,
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

/// The events of one running execution not yet in the database: its ARN, the index of the
/// first and the events (in the protocol's shape).
pub(crate) type NewEvents = (Arc<StatesArn>, usize, Vec<Value>);

/// Events of one running execution's Distributed Maps' children not yet in the database: the
/// execution's ARN, and each event with its child's ARN (in the protocol's shape, its `id`
/// its place in the child's history).
pub(crate) type NewChildEvents = (Arc<StatesArn>, Vec<(String, Value)>);

impl Database {
    /// Opens the database in `dir` (which must exist), creating it when the file is missing;
    /// refuses one it cannot read whole.
    pub fn open(dir: &Path) -> Result<Database, DatabaseError> {
        let path = dir.join(FILE_NAME);
        let refused = |why: String| DatabaseError::Refused {
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
        let connection = Connection::open(&path)?;
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
        match (layout, tables) {
            (LAYOUT, _) => {}
            (0, 0) => {
                connection.execute_batch(&format!(
                    "PRAGMA journal_mode = WAL; BEGIN; {SCHEMA} PRAGMA user_version = {LAYOUT}; COMMIT;"
                ))?;
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
        connection.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
        connection.execute_batch(ADDED)?;
        Ok(Database {
            connection: Mutex::new(connection),
            closed: AtomicBool::new(false),
            path,
        })
    }

    /// The connection, unless the database was closed.
    fn connection(&self) -> Result<MutexGuard<'_, Connection>, DatabaseError> {
        let connection = lock(&self.connection);
        if self.closed.load(Ordering::SeqCst) {
            return Err(DatabaseError::Closed);
        }
        Ok(connection)
    }

    /// Writes and reads nothing more: every later call is [`DatabaseError::Closed`]. A write
    /// under way ends first (it holds the connection's lock), so that once this returns the
    /// database holds exactly what it will hold when the next server opens it.
    pub fn close(&self) {
        let _connection = lock(&self.connection);
        self.closed.store(true, Ordering::SeqCst);
    }

    /// Why a record of `table` keyed `key` is refused.
    fn unreadable(&self, table: &str, key: &str) -> DatabaseError {
        DatabaseError::Refused {
            path: self.path.clone(),
            why: format!("the record `{key}` of its table `{table}` does not decode"),
        }
    }

    /// Everything it holds but finished executions' results and events, in the order it was
    /// created. An execution that was running when the last server went away (a SIGTERM, a
    /// `kill -9`, a crash) is loaded as it was, running ([`RunState::Interrupted`](super::records::RunState::Interrupted)): nothing is
    /// written, and nothing of it is failed for the server's own sake.
    pub fn load(&self) -> Result<Loaded, DatabaseError> {
        let mut loaded = Loaded::default();
        {
            let connection = self.connection()?;
            loaded.machines = self.records(&connection, "machines")?;
            loaded.activities = self.records(&connection, "activities")?;
            loaded.tags = self
                .rows::<IndexMap<String, String>>(&connection, "tags")?
                .into_iter()
                .map(|(arn, tags)| Ok((self.arn("tags", &arn)?, tags)))
                .collect::<Result<_, DatabaseError>>()?;
            loaded.versions = self.records(&connection, "versions")?;
            loaded.aliases = self.records(&connection, "aliases")?;
            // Each revision is decoded once, however many executions ran it.
            let revisions: HashMap<String, Arc<Machine>> = self
                .rows::<Machine>(&connection, "revisions")?
                .into_iter()
                .map(|(id, machine)| (id, Arc::new(machine)))
                .collect();
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
                let stored: StoredExecution = serde_json::from_str(&record)
                    .map_err(|_| self.unreadable("executions", &arn))?;
                let machine = revisions
                    .get(&stored.revision_id)
                    .cloned()
                    .ok_or_else(|| self.unreadable("executions", &arn))?;
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
                loaded.executions.push(execution);
            }
            drop(statement);
            let mut statement = connection
                .prepare("SELECT arn, execution, children FROM map_runs ORDER BY rowid")?;
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
        }
        Ok(loaded)
    }

    /// The input of the execution `arn`, as it was sent (`None` when it has no row).
    pub fn input(&self, arn: &StatesArn) -> Result<Option<String>, DatabaseError> {
        // The column holds the ARN's text.
        let arn = arn.to_string();
        let arn = arn.as_str();
        Ok(self
            .connection()?
            .query_row(
                "SELECT input FROM executions WHERE arn = ?1",
                [arn],
                |row| row.get(0),
            )
            .optional()?)
    }

    pub fn save_machine(&self, machine: &Machine) -> Result<(), DatabaseError> {
        self.upsert("machines", &machine.arn, machine)
    }

    /// Deletes the machine with its tags, versions and aliases.
    pub fn delete_machine(&self, arn: &StatesArn) -> Result<(), DatabaseError> {
        self.delete("machines", arn)?;
        self.delete("tags", arn)?;
        // Its versions' and aliases' ARNs are its own and `:QUALIFIER` (compared as text: a
        // `LIKE` pattern would read a name's `_` as any character).
        let qualified = format!("{arn}:");
        let length = qualified.chars().count() as i64;
        let connection = self.connection()?;
        for table in ["versions", "aliases"] {
            connection.execute(
                &format!("DELETE FROM {table} WHERE substr(arn, 1, ?2) = ?1"),
                params![qualified, length],
            )?;
        }
        Ok(())
    }

    pub fn save_version(&self, version: &Version) -> Result<(), DatabaseError> {
        self.upsert("versions", &version.arn, version)
    }

    pub fn delete_version(&self, arn: &StatesArn) -> Result<(), DatabaseError> {
        self.delete("versions", arn)
    }

    pub fn save_alias(&self, alias: &Alias) -> Result<(), DatabaseError> {
        self.upsert("aliases", &alias.arn, alias)
    }

    pub fn delete_alias(&self, arn: &StatesArn) -> Result<(), DatabaseError> {
        self.delete("aliases", arn)
    }

    pub fn save_activity(&self, activity: &Activity) -> Result<(), DatabaseError> {
        self.upsert("activities", &activity.arn, activity)
    }

    pub fn delete_activity(&self, arn: &StatesArn) -> Result<(), DatabaseError> {
        self.delete("activities", arn)?;
        self.delete("tags", arn)
    }

    pub fn save_tags(
        &self,
        arn: &StatesArn,
        tags: &IndexMap<String, String>,
    ) -> Result<(), DatabaseError> {
        self.upsert("tags", arn, tags)
    }

    /// A started (or redriven) execution, running: no result. Its machine's revision is
    /// written once.
    pub fn save_execution(
        &self,
        execution: &ExecutionRecord,
        input: &str,
    ) -> Result<(), DatabaseError> {
        let mut connection = self.connection()?;
        let transaction = connection.transaction()?;
        transaction.execute(
            "INSERT OR IGNORE INTO revisions (id, record) VALUES (?1, ?2)",
            params![execution.machine.revision_id, to_text(&*execution.machine)],
        )?;
        transaction.execute(
            "INSERT INTO executions (arn, record, input) VALUES (?1, ?2, ?3) \
             ON CONFLICT(arn) DO UPDATE SET record = excluded.record, status = NULL, \
             stop_ms = NULL, result = NULL",
            params![
                execution.arn.to_string(),
                to_text(&execution.to_stored()),
                input
            ],
        )?;
        transaction.commit()?;
        Ok(())
    }

    /// The events of running executions that happened since the last call (`batch`), and
    /// their Distributed Maps' children's (`children`), in one transaction.
    pub fn append_events(
        &self,
        batch: &[NewEvents],
        children: &[NewChildEvents],
    ) -> Result<(), DatabaseError> {
        if batch.iter().all(|(_, _, events)| events.is_empty())
            && children.iter().all(|(_, events)| events.is_empty())
        {
            return Ok(());
        }
        let mut connection = self.connection()?;
        let transaction = connection.transaction()?;
        insert_events(&transaction, batch)?;
        {
            let mut statement = transaction.prepare_cached(
                "INSERT OR REPLACE INTO child_events (execution, child, id, event) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (execution, events) in children {
                let execution = execution.to_string();
                for (child, event) in events {
                    let id = event.get("id").and_then(Value::as_i64).unwrap_or(0);
                    statement.execute(params![execution, child, id, event.to_string()])?;
                }
            }
        }
        transaction.commit()?;
        Ok(())
    }

    /// The events the children of the running execution `arn`'s Distributed Maps wrote, by
    /// child ARN, each child's in order.
    pub fn child_events(
        &self,
        arn: &StatesArn,
    ) -> Result<IndexMap<String, Vec<Value>>, DatabaseError> {
        // The column holds the ARN's text.
        let arn = arn.to_string();
        let arn = arn.as_str();
        let connection = self.connection()?;
        let mut statement = connection.prepare(
            "SELECT child, id, event FROM child_events WHERE execution = ?1 ORDER BY child, id",
        )?;
        let rows = statement.query_map([arn], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        let mut children: IndexMap<String, Vec<Value>> = IndexMap::new();
        for row in rows {
            let (child, id, event) = row?;
            let event = serde_json::from_str(&event)
                .map_err(|_| self.unreadable("child_events", &format!("{child} #{id}")))?;
            children.entry(child).or_default().push(event);
        }
        Ok(children)
    }

    /// A finished execution: its events from the `saved`th on, its result, its task tokens
    /// and its Map Runs, in one transaction.
    pub fn save_result(
        &self,
        typed: &StatesArn,
        finished: &Finished,
        saved: usize,
    ) -> Result<(), DatabaseError> {
        // The column holds the ARN's text.
        let arn = typed.to_string();
        let arn = arn.as_str();
        let mut connection = self.connection()?;
        let transaction = connection.transaction()?;
        let unsaved = finished.events.get(saved..).unwrap_or_default().to_vec();
        insert_events(&transaction, &[(Arc::new(typed.clone()), saved, unsaved)])?;
        transaction.execute(
            "UPDATE executions SET status = ?2, stop_ms = ?3, result = ?4 WHERE arn = ?1",
            params![
                arn,
                finished.status.as_str(),
                finished.stop_ms,
                to_text(finished)
            ],
        )?;
        for token in &finished.tokens {
            transaction.execute(
                "INSERT OR REPLACE INTO tokens (token, execution) VALUES (?1, ?2)",
                params![token, arn],
            )?;
        }
        // Its children's events are in its Map Runs' records now.
        transaction.execute("DELETE FROM child_events WHERE execution = ?1", [arn])?;
        for (map_run, children) in map_run_index(&finished.map_runs) {
            transaction.execute(
                "INSERT OR REPLACE INTO map_runs (arn, execution, children) VALUES (?1, ?2, ?3)",
                params![map_run.to_string(), arn, to_text(&children)],
            )?;
        }
        transaction.commit()?;
        Ok(())
    }

    /// The finished execution `arn`, its events with it; `None` when it has no result.
    pub fn load_result(&self, typed: &StatesArn) -> Result<Option<Finished>, DatabaseError> {
        // The column holds the ARN's text.
        let arn = typed.to_string();
        let arn = arn.as_str();
        let result: Option<Option<String>> = self
            .connection()?
            .query_row(
                "SELECT result FROM executions WHERE arn = ?1",
                [arn],
                |row| row.get(0),
            )
            .optional()?;
        let Some(Some(result)) = result else {
            return Ok(None);
        };
        let mut finished: Finished =
            serde_json::from_str(&result).map_err(|_| self.unreadable("executions", arn))?;
        finished.events = self.events(typed)?;
        Ok(Some(finished))
    }

    /// The events of the execution `arn`, in order.
    pub fn events(&self, arn: &StatesArn) -> Result<Vec<Value>, DatabaseError> {
        // The column holds the ARN's text.
        let arn = arn.to_string();
        let arn = arn.as_str();
        let connection = self.connection()?;
        let mut statement =
            connection.prepare("SELECT id, event FROM events WHERE execution = ?1 ORDER BY id")?;
        let rows = statement.query_map([arn], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut events = Vec::new();
        for row in rows {
            let (id, event) = row?;
            events.push(
                serde_json::from_str(&event)
                    .map_err(|_| self.unreadable("events", &format!("{arn} #{id}")))?,
            );
        }
        Ok(events)
    }

    /// An execution running again (redriven): its result is gone, its events stay.
    pub fn clear_result(&self, arn: &StatesArn) -> Result<(), DatabaseError> {
        // The column holds the ARN's text.
        let arn = arn.to_string();
        let arn = arn.as_str();
        self.connection()?.execute(
            "UPDATE executions SET status = NULL, stop_ms = NULL, result = NULL WHERE arn = ?1",
            [arn],
        )?;
        Ok(())
    }

    /// Whether a finished execution issued the task token `token`.
    pub fn token_closed(&self, token: &str) -> Result<bool, DatabaseError> {
        Ok(self
            .connection()?
            .query_row("SELECT 1 FROM tokens WHERE token = ?1", [token], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Inserts or replaces a record, keeping its place in the creation order.
    fn upsert(
        &self,
        table: &str,
        arn: &StatesArn,
        record: &impl Serialize,
    ) -> Result<(), DatabaseError> {
        // `table` is one of this module's constants, never a request's text.
        self.connection()?.execute(
            &format!(
                "INSERT INTO {table} (arn, record) VALUES (?1, ?2) \
                 ON CONFLICT(arn) DO UPDATE SET record = excluded.record"
            ),
            params![arn.to_string(), to_text(record)],
        )?;
        Ok(())
    }

    fn delete(&self, table: &str, arn: &StatesArn) -> Result<(), DatabaseError> {
        self.connection()?.execute(
            &format!("DELETE FROM {table} WHERE arn = ?1"),
            [arn.to_string()],
        )?;
        Ok(())
    }
}

/// Writes events (a row each, numbered from their index; written again, a row is replaced).
fn insert_events(connection: &Connection, batch: &[NewEvents]) -> Result<(), DatabaseError> {
    let mut statement = connection.prepare_cached(
        "INSERT OR REPLACE INTO events (execution, id, event) VALUES (?1, ?2, ?3)",
    )?;
    for (arn, first, events) in batch {
        let arn = arn.to_string();
        for (offset, event) in events.iter().enumerate() {
            let id = i64::try_from(first + offset + 1).unwrap_or(i64::MAX);
            statement.execute(params![arn, id, event.to_string()])?;
        }
    }
    Ok(())
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

/// A record's JSON text (a record of this module's types always serializes).
fn to_text(record: &impl Serialize) -> String {
    serde_json::to_string(record).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::records::Definition;
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
    fn deleting_a_machine_deletes_its_versions_only_not_those_of_a_name_its_underscore_matches() {
        let dir = tempfile::tempdir().expect("a directory");
        let database = Database::open(dir.path()).expect("opens");
        let (mine, other) = (version("a_b"), version("axb"));
        for v in [&mine, &other] {
            database.save_machine(&v.machine).expect("saved");
            database.save_version(v).expect("saved");
        }
        database.delete_machine(&mine.machine.arn).expect("deleted");
        let loaded = database.load().expect("loads");
        let versions: Vec<String> = loaded.versions.iter().map(|v| v.arn.to_string()).collect();
        assert_eq!(versions, [other.arn.to_string()]);
        let machines: Vec<&str> = loaded.machines.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(machines, ["axb"]);
    }
}
