//! The embedded database of `workflow serve --data DIR`: SQLite (bundled, through `rusqlite`)
//! in `DIR/workflow-serve.sqlite3`, one table per kind of record, each record the JSON of
//! [`super::records`]. Every change is written through before the call that made it is
//! answered, so nothing an answer reported is lost when the server stops, however it stops.

use super::records::{Activity, Alias, ExecutionRecord, Finished, Machine, Version};
use super::service::lock;
use indexmap::IndexMap;
use rusqlite::{Connection, params};
use serde_json::Value;
use std::path::Path;
use std::sync::Mutex;

/// The database's file in the data directory.
pub const FILE_NAME: &str = "workflow-serve.sqlite3";

const SCHEMA: &str = "
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    CREATE TABLE IF NOT EXISTS machines (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS activities (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS tags (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS executions (arn TEXT PRIMARY KEY, record TEXT NOT NULL, result TEXT);
    CREATE TABLE IF NOT EXISTS versions (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS aliases (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
";

/// A failure of the database, said as the answer to the call that needed it.
#[derive(Debug, thiserror::Error)]
#[error("the data directory's database: {0}")]
pub struct DatabaseError(#[from] rusqlite::Error);

/// The database.
pub(crate) struct Database {
    connection: Mutex<Connection>,
}

/// Everything the database held when the server started.
#[derive(Default)]
pub(crate) struct Loaded {
    pub machines: Vec<Machine>,
    pub activities: Vec<Activity>,
    pub tags: Vec<(String, IndexMap<String, String>)>,
    pub executions: Vec<ExecutionRecord>,
    pub versions: Vec<Version>,
    pub aliases: Vec<Alias>,
    /// Executions that were running when the server went away (now failed).
    pub interrupted: usize,
}

impl Database {
    /// Opens (or creates) the database in `dir`, which must exist.
    pub fn open(dir: &Path) -> Result<Database, DatabaseError> {
        let connection = Connection::open(dir.join(FILE_NAME))?;
        connection.execute_batch(SCHEMA)?;
        Ok(Database {
            connection: Mutex::new(connection),
        })
    }

    /// Everything it holds, in the order it was created; a record that does not decode is
    /// skipped with a warning.
    pub fn load(&self) -> Result<Loaded, DatabaseError> {
        let connection = lock(&self.connection);
        let mut loaded = Loaded::default();
        for (arn, record, _) in rows(&connection, "machines")? {
            match Machine::from_record(&record) {
                Some(machine) => loaded.machines.push(machine),
                None => eprintln!("workflow serve: skipping the unreadable state machine {arn}"),
            }
        }
        for (arn, record, _) in rows(&connection, "activities")? {
            match Activity::from_record(&record) {
                Some(activity) => loaded.activities.push(activity),
                None => eprintln!("workflow serve: skipping the unreadable activity {arn}"),
            }
        }
        for (arn, record, _) in rows(&connection, "tags")? {
            let tags = record
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                        .collect()
                })
                .unwrap_or_default();
            loaded.tags.push((arn, tags));
        }
        for (arn, record, _) in rows(&connection, "versions")? {
            match Version::from_record(&record) {
                Some(version) => loaded.versions.push(version),
                None => eprintln!("workflow serve: skipping the unreadable version {arn}"),
            }
        }
        for (arn, record, _) in rows(&connection, "aliases")? {
            match Alias::from_record(&record) {
                Some(alias) => loaded.aliases.push(alias),
                None => eprintln!("workflow serve: skipping the unreadable alias {arn}"),
            }
        }
        for (arn, record, result) in rows(&connection, "executions")? {
            if result.is_none() {
                loaded.interrupted += 1;
            }
            match ExecutionRecord::from_record(&record, result.as_ref()) {
                Some(execution) => loaded.executions.push(execution),
                None => eprintln!("workflow serve: skipping the unreadable execution {arn}"),
            }
        }
        drop(connection);
        // Executions that were running are failed now: say so in the database too.
        for execution in &loaded.executions {
            if let super::records::RunState::Done(done) = &*lock(&execution.run) {
                self.save_result(&execution.arn, done)?;
            }
        }
        Ok(loaded)
    }

    pub fn save_machine(&self, machine: &Machine) -> Result<(), DatabaseError> {
        self.upsert("machines", &machine.arn, &machine.to_record())
    }

    /// Deletes the machine with its tags, versions and aliases.
    pub fn delete_machine(&self, arn: &str) -> Result<(), DatabaseError> {
        self.delete("machines", arn)?;
        self.delete("tags", arn)?;
        let qualified = format!("{arn}:%");
        let connection = lock(&self.connection);
        connection.execute("DELETE FROM versions WHERE arn LIKE ?1", [&qualified])?;
        connection.execute("DELETE FROM aliases WHERE arn LIKE ?1", [&qualified])?;
        Ok(())
    }

    pub fn save_version(&self, version: &Version) -> Result<(), DatabaseError> {
        self.upsert("versions", &version.arn, &version.to_record())
    }

    pub fn delete_version(&self, arn: &str) -> Result<(), DatabaseError> {
        self.delete("versions", arn)
    }

    pub fn save_alias(&self, alias: &Alias) -> Result<(), DatabaseError> {
        self.upsert("aliases", &alias.arn, &alias.to_record())
    }

    pub fn delete_alias(&self, arn: &str) -> Result<(), DatabaseError> {
        self.delete("aliases", arn)
    }

    pub fn save_activity(&self, activity: &Activity) -> Result<(), DatabaseError> {
        self.upsert("activities", &activity.arn, &activity.to_record())
    }

    pub fn delete_activity(&self, arn: &str) -> Result<(), DatabaseError> {
        self.delete("activities", arn)?;
        self.delete("tags", arn)
    }

    pub fn save_tags(
        &self,
        arn: &str,
        tags: &IndexMap<String, String>,
    ) -> Result<(), DatabaseError> {
        self.upsert("tags", arn, &super::records::tags_record(tags))
    }

    /// A started execution (no result yet).
    pub fn save_execution(&self, execution: &ExecutionRecord) -> Result<(), DatabaseError> {
        self.upsert("executions", &execution.arn, &execution.to_record())
    }

    /// A finished execution's result.
    pub fn save_result(&self, arn: &str, result: &Finished) -> Result<(), DatabaseError> {
        lock(&self.connection).execute(
            "UPDATE executions SET result = ?2 WHERE arn = ?1",
            params![arn, result.to_record().to_string()],
        )?;
        Ok(())
    }

    /// An execution running again (redriven): its result is gone.
    pub fn clear_result(&self, arn: &str) -> Result<(), DatabaseError> {
        lock(&self.connection)
            .execute("UPDATE executions SET result = NULL WHERE arn = ?1", [arn])?;
        Ok(())
    }

    /// Inserts or replaces a record, keeping its place in the creation order.
    fn upsert(&self, table: &str, arn: &str, record: &Value) -> Result<(), DatabaseError> {
        // `table` is one of this module's constants, never a request's text.
        lock(&self.connection).execute(
            &format!(
                "INSERT INTO {table} (arn, record) VALUES (?1, ?2) \
                 ON CONFLICT(arn) DO UPDATE SET record = excluded.record"
            ),
            params![arn, record.to_string()],
        )?;
        Ok(())
    }

    fn delete(&self, table: &str, arn: &str) -> Result<(), DatabaseError> {
        lock(&self.connection).execute(&format!("DELETE FROM {table} WHERE arn = ?1"), [arn])?;
        Ok(())
    }
}

/// Every row of `table` in creation order: its ARN, record and (for executions) result.
fn rows(
    connection: &Connection,
    table: &str,
) -> Result<Vec<(String, Value, Option<Value>)>, DatabaseError> {
    let result_column = if table == "executions" {
        "result"
    } else {
        "NULL"
    };
    let mut statement = connection.prepare(&format!(
        "SELECT arn, record, {result_column} FROM {table} ORDER BY rowid"
    ))?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (arn, record, result) = row?;
        out.push((
            arn,
            serde_json::from_str(&record).unwrap_or(Value::Null),
            result.and_then(|r| serde_json::from_str(&r).ok()),
        ));
    }
    Ok(out)
}
