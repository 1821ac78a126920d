//! A record of an execution as files: the one directory layout of a record, which
//! `workflow history ARN --format record -o DIR` and [`RecordedHistory::write_dir`] write and
//! every tool reads ([`RecordedHistory::read`], through [`RecordDir`], a
//! [`RecordSource`](super::RecordSource) read by the one walk). Each history is the JSON `aws
//! stepfunctions get-execution-history --output json` prints, so a user can make one with the
//! AWS CLI alone:
//!
//! ```text
//! DIR/                               an execution's directory:
//!   history.json                     its history
//!   execution.json                   optional: {"executionArn": …} (its ARN: the names its
//!                                    context object shows)
//!   definition.asl.json              optional: the definition it ran
//!                                    (`aws stepfunctions describe-state-machine-for-execution`)
//!   map-runs/
//!     <MAP_RUN_ID>/                  a Map Run of it: the last part of the ARN its
//!                                    `MapRunStarted` names (`…:mapRun:<machine>/<label>:<id>`)
//!       map-run.json                 optional: {"items": N (DescribeMapRun's itemCounts.total),
//!                                    "children": [every child's ARN, as ListExecutions
//!                                    lists them], "executions": [children that keep no
//!                                    history (EXPRESS), each as a ResultWriter's file
//!                                    writes it]}
//!       children/
//!         <CHILD_NAME>.json          a child's history (its ARN is the Map Run's with
//!                                    `execution` for `mapRun` and its name for the id)
//!         <CHILD_NAME>/              or a child with Distributed Maps of its own: an
//!                                    execution's directory
//!       results/                     the files its ResultWriter wrote, as written
//!                                    (manifest.json, SUCCEEDED_0.json, FAILED_0.json, …)
//!   executions/
//!     <EXECUTION_NAME>/              a child execution a `states:startExecution` Task started
//!                                    (its ARN in its Task's events): an execution's directory
//! ```
//!
//! A Map Run's directory, even empty, says the record holds it (a Map Run of no items has no
//! children); one whose `MapRunStarted` has no directory is not held. Where `map-run.json`
//! lists the children, a child listed without its history (or, EXPRESS, its entry) is missing;
//! [`RecordedHistory::missing`] names each missing piece.

use super::history::{EventKind, HistoryEvent, started_executions};
use super::record_source::{
    DescribedExecution, MapRunListing, RecordError, RecordSource, in_one_step, walk,
};
use super::recorded::{HistoryReadError, RecordedHistory};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use workflow_aws_models::{StatesArn, StatesResource};

/// The file of an execution's history in its directory.
pub(super) const HISTORY_FILE: &str = "history.json";

/// The file naming an execution in its directory.
const EXECUTION_FILE: &str = "execution.json";

/// The file of the definition an execution ran, in its directory.
const DEFINITION_FILE: &str = "definition.asl.json";

/// How deep executions nest in a record's directory before the reader stops (a child's Map
/// Run's child's …): deeper than any definition nests states.
const MAX_RECORD_DEPTH: usize = 64;

/// A record's directory (the layout above), as a [`RecordSource`]: each execution's files are
/// found from the directory of the execution whose events name it, as the walk reads them.
#[derive(Debug)]
pub struct RecordDir {
    /// The execution's own directory.
    root: PathBuf,
    /// Where each execution and Map Run the walk has reached is, and the EXPRESS children's
    /// entries read so far.
    found: Mutex<Found>,
}

/// What a [`RecordDir`] has found of its files.
#[derive(Debug, Default)]
struct Found {
    /// An execution's history: its directory (with `history.json`), or a child's file.
    executions: HashMap<StatesArn, (PathBuf, usize)>,
    /// A Map Run's directory, and how deep it is.
    map_runs: HashMap<StatesArn, (PathBuf, usize)>,
    /// The EXPRESS children's entries of the Map Runs read.
    described: HashMap<StatesArn, DescribedExecution>,
}

impl RecordDir {
    /// The record directory `dir`; refused, saying what it should hold, when it holds no
    /// `history.json`.
    pub fn open(dir: impl AsRef<Path>) -> Result<RecordDir, HistoryReadError> {
        let dir = dir.as_ref();
        if !dir.join(HISTORY_FILE).is_file() {
            return Err(refused(
                dir,
                format!(
                    "not a record's directory: it holds no `{HISTORY_FILE}` (a record's directory holds the execution's `{HISTORY_FILE}`, `execution.json`, `definition.asl.json` and `map-runs/`, as `workflow history EXECUTION_ARN --format record -o DIR` writes it)"
                ),
            ));
        }
        Ok(RecordDir {
            root: dir.to_path_buf(),
            found: Mutex::new(Found::default()),
        })
    }

    /// The whole record: the execution's history, its ARN and definition where its
    /// directory holds them, and everything the one walk finds from there.
    pub async fn read(&self) -> Result<RecordedHistory, RecordError> {
        let events = RecordedHistory::read_file(&self.root.join(HISTORY_FILE))?
            .events()
            .to_vec();
        let arn = read_execution_file(&self.root.join(EXECUTION_FILE))?;
        let definition = read_optional(&self.root.join(DEFINITION_FILE))?;
        self.found_in(&self.root, 0, &events)?;
        walk(self, arn, events, definition).await
    }

    /// Notes where the Map Runs and started children the events of the execution whose
    /// directory is `dir` name are.
    fn found_in(
        &self,
        dir: &Path,
        depth: usize,
        events: &[HistoryEvent],
    ) -> Result<(), RecordError> {
        if depth > MAX_RECORD_DEPTH {
            return Err(refused(
                dir,
                format!("executions nest more than {MAX_RECORD_DEPTH} levels deep"),
            )
            .into());
        }
        let mut found = self.found.lock().unwrap_or_else(|p| p.into_inner());
        for event in events {
            if let EventKind::MapRunStarted { map_run_arn } = &event.kind
                && let StatesResource::MapRun { id, .. } = &map_run_arn.resource
            {
                let run_dir = dir.join("map-runs").join(file_name(id));
                if run_dir.is_dir() {
                    found.map_runs.insert(map_run_arn.clone(), (run_dir, depth));
                }
            }
        }
        for arn in started_executions(events) {
            let Some(name) = arn.execution_name() else {
                continue;
            };
            let child_dir = dir.join("executions").join(file_name(name));
            if child_dir.join(HISTORY_FILE).is_file() {
                found.executions.insert(arn, (child_dir, depth + 1));
            }
        }
        Ok(())
    }
}

impl RecordSource for RecordDir {
    async fn history(
        &self,
        execution: &StatesArn,
    ) -> Result<Option<Vec<HistoryEvent>>, RecordError> {
        let place = {
            let found = self.found.lock().unwrap_or_else(|p| p.into_inner());
            found.executions.get(execution).cloned()
        };
        let Some((path, depth)) = place else {
            return Ok(None);
        };
        if path.is_dir() {
            let events = RecordedHistory::read_file(&path.join(HISTORY_FILE))?
                .events()
                .to_vec();
            self.found_in(&path, depth, &events)?;
            return Ok(Some(events));
        }
        Ok(Some(RecordedHistory::read_file(&path)?.events().to_vec()))
    }

    async fn definition(&self, execution: &StatesArn) -> Result<Option<String>, RecordError> {
        let place = {
            let found = self.found.lock().unwrap_or_else(|p| p.into_inner());
            found
                .executions
                .get(execution)
                .map(|(path, _)| path.clone())
        };
        match place {
            Some(dir) if dir.is_dir() => read_optional(&dir.join(DEFINITION_FILE)),
            _ => Ok(None),
        }
    }

    async fn description(
        &self,
        execution: &StatesArn,
    ) -> Result<Option<DescribedExecution>, RecordError> {
        let found = self.found.lock().unwrap_or_else(|p| p.into_inner());
        Ok(found.described.get(execution).cloned())
    }

    async fn map_run(&self, map_run: &StatesArn) -> Result<Option<MapRunListing>, RecordError> {
        let place = {
            let found = self.found.lock().unwrap_or_else(|p| p.into_inner());
            found.map_runs.get(map_run).cloned()
        };
        let Some((run_dir, depth)) = place else {
            return Ok(None);
        };
        let StatesResource::MapRun { machine, .. } = &map_run.resource else {
            return Ok(None);
        };
        let file = read_map_run_file(&run_dir.join("map-run.json"))?;
        let child_arn = |name: &str| {
            map_run.sibling(StatesResource::Execution {
                machine: machine.clone(),
                name: name.to_owned(),
            })
        };
        // The children held, by ARN: a history file, or an execution's directory.
        let mut held: Vec<(StatesArn, PathBuf)> = Vec::new();
        for (name, path) in entries(&run_dir.join("children"))? {
            match name.strip_suffix(".json") {
                Some(stem) if path.is_file() => {
                    held.push((child_arn(stem), path));
                }
                None if path.join(HISTORY_FILE).is_file() => {
                    held.push((child_arn(&name), path));
                }
                _ => {}
            }
        }
        let mut result_files = BTreeMap::new();
        for (name, path) in entries(&run_dir.join("results"))? {
            if path.is_file() {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| refused(&path, format!("cannot read it: {e}")))?;
                result_files.insert(name, text);
            }
        }
        // Every child as listed, or, where the file lists none, those held.
        let children: Vec<StatesArn> = match &file.children {
            Some(listed) => listed.clone(),
            None => held
                .iter()
                .map(|(arn, _)| arn.clone())
                .chain(file.described.iter().map(|d| d.arn.clone()))
                .collect(),
        };
        let mut found = self.found.lock().unwrap_or_else(|p| p.into_inner());
        for (arn, path) in held {
            found.executions.insert(arn, (path, depth + 1));
        }
        for described in file.described {
            found.described.insert(described.arn.clone(), described);
        }
        Ok(Some(MapRunListing {
            items: file.items,
            children,
            result_files,
        }))
    }
}

impl RecordedHistory {
    /// Reads a history file (`aws stepfunctions get-execution-history --output json >
    /// FILE`), or a record's directory (the layout above, through [`RecordDir`]); errors
    /// name the file and where in it.
    pub fn read(path: impl AsRef<Path>) -> Result<RecordedHistory, RecordError> {
        let path = path.as_ref();
        if !path.is_dir() {
            return Ok(RecordedHistory::read_file(path)?);
        }
        let dir = RecordDir::open(path)?;
        // A directory's reads are the file system's, made as the walk asks: the walk finishes
        // in its first step, on the calling thread, with no runtime.
        in_one_step(dir.read()).unwrap_or_else(|| {
            Err(RecordError::Unfinished(format!(
                "{}: the record's directory was not read in one step",
                path.display()
            )))
        })
    }

    /// Whether `path` is a record's directory: one that holds its execution's
    /// `history.json`.
    pub fn is_record_dir(path: impl AsRef<Path>) -> bool {
        path.as_ref().join(HISTORY_FILE).is_file()
    }

    /// Writes this record in the layout above into `dir` (made if need be): the execution's
    /// history, its ARN and definition where the record holds them, then each Map Run the
    /// record holds that its events (or a held child's) start, with its listed children, their
    /// histories, the EXPRESS children's entries and the result files, and each started child
    /// it holds, in its own directory.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::{Engine, blocking};
    /// use workflow_runtime::execution::RecordedHistory;
    ///
    /// let machine = StateMachine::from_json(r#"{"StartAt": "Each", "States": {"Each": {
    ///     "Type": "Map", "ItemsPath": "$.items", "End": true,
    ///     "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    ///       "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#)?;
    /// let run = blocking::run(Engine::new().machine(&machine).input(json!({"items": [1, 2]})))?;
    /// let dir = tempfile::tempdir()?;
    /// let record = RecordedHistory::of_run(&run);
    /// record.write_dir(dir.path())?;
    /// assert_eq!(RecordedHistory::read(dir.path())?, record);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_dir(&self, dir: impl AsRef<Path>) -> std::io::Result<()> {
        let dir = dir.as_ref();
        let mut pending: Vec<(&[HistoryEvent], PathBuf, Option<&StatesArn>)> =
            vec![(self.events(), dir.to_path_buf(), self.execution_arn())];
        write_optional(dir, DEFINITION_FILE, self.definition())?;
        while let Some((events, at, arn)) = pending.pop() {
            std::fs::create_dir_all(&at)?;
            write_history(&at.join(HISTORY_FILE), events)?;
            if let Some(arn) = arn {
                std::fs::write(
                    at.join(EXECUTION_FILE),
                    json!({"executionArn": arn.to_string()}).to_string(),
                )?;
            }
            for event in events {
                let EventKind::MapRunStarted { map_run_arn } = &event.kind else {
                    continue;
                };
                let (Some(run), StatesResource::MapRun { id, .. }) =
                    (self.map_runs().get(map_run_arn), &map_run_arn.resource)
                else {
                    continue;
                };
                let run_dir = at.join("map-runs").join(file_name(id));
                std::fs::create_dir_all(run_dir.join("children"))?;
                let children: Vec<String> = run.children.iter().map(ToString::to_string).collect();
                let described = json!({
                    "items": run.items,
                    "children": children,
                    "executions": run.child_records,
                });
                std::fs::write(run_dir.join("map-run.json"), described.to_string())?;
                for child in &run.children {
                    let (Some(history), Some(name)) =
                        (self.children().get(child), child.execution_name())
                    else {
                        continue;
                    };
                    let name = file_name(name);
                    if self.holds_more_of(history) {
                        pending.push((history, run_dir.join("children").join(name), None));
                    } else {
                        write_history(
                            &run_dir.join("children").join(format!("{name}.json")),
                            history,
                        )?;
                    }
                }
                if !run.result_files.is_empty() {
                    std::fs::create_dir_all(run_dir.join("results"))?;
                    for (name, text) in &run.result_files {
                        std::fs::write(run_dir.join("results").join(file_name(name)), text)?;
                    }
                }
            }
            for child in started_executions(events) {
                let (Some(history), Some(name)) =
                    (self.children().get(&child), child.execution_name())
                else {
                    continue;
                };
                let child_dir = at.join("executions").join(file_name(name));
                std::fs::create_dir_all(&child_dir)?;
                let definition = self.started_executions().get(&child).map(String::as_str);
                write_optional(&child_dir, DEFINITION_FILE, definition)?;
                let arn = self.children().get_key_value(&child).map(|(arn, _)| arn);
                pending.push((history.as_slice(), child_dir, arn));
            }
        }
        Ok(())
    }

    /// Whether the record holds a Map Run or a started child that `events` name: a child
    /// whose history does gets a directory of its own.
    fn holds_more_of(&self, events: &[HistoryEvent]) -> bool {
        events.iter().any(|e| {
            matches!(&e.kind, EventKind::MapRunStarted { map_run_arn } if self.map_runs().contains_key(map_run_arn))
        }) || started_executions(events)
            .iter()
            .any(|child| self.children().contains_key(child))
    }
}

/// A `map-run.json`'s content.
#[derive(Debug, Default)]
struct MapRunFile {
    items: Option<u64>,
    children: Option<Vec<StatesArn>>,
    described: Vec<DescribedExecution>,
}

/// An execution's `execution.json`: its ARN (none when the file is not there).
fn read_execution_file(path: &Path) -> Result<Option<StatesArn>, RecordError> {
    let Some(text) = read_optional(path)? else {
        return Ok(None);
    };
    let value = workflow_text::json::parse_data(&text).map_err(|e| HistoryReadError {
        file: Some(path.display().to_string()),
        at: String::new(),
        message: e.message,
    })?;
    let arn = value
        .get("executionArn")
        .and_then(Value::as_str)
        .ok_or_else(|| located(path, "/executionArn", "names no `executionArn`".into()))?;
    arn.parse::<StatesArn>()
        .map(Some)
        .map_err(|e| located(path, "/executionArn", e.to_string()).into())
}

/// The text of `path`, none when it is not there.
fn read_optional(path: &Path) -> Result<Option<String>, RecordError> {
    if !path.is_file() {
        return Ok(None);
    }
    std::fs::read_to_string(path)
        .map(Some)
        .map_err(|e| refused(path, format!("cannot read it: {e}")).into())
}

/// Writes `text`, when there is one, as `dir/name`.
fn write_optional(dir: &Path, name: &str, text: Option<&str>) -> std::io::Result<()> {
    match text {
        Some(text) => {
            std::fs::create_dir_all(dir)?;
            std::fs::write(dir.join(name), text)
        }
        None => Ok(()),
    }
}

/// `text` as a file name: a path separator in it (which an ARN's parts do not hold) would
/// leave the directory.
fn file_name(text: &str) -> String {
    text.replace(['/', '\\'], "_")
}

/// Writes `events` as `get-execution-history` prints them.
fn write_history(path: &Path, events: &[HistoryEvent]) -> std::io::Result<()> {
    let events: Vec<Value> = events.iter().map(HistoryEvent::to_json).collect();
    std::fs::write(path, json!({ "events": events }).to_string())
}

/// A Map Run's `map-run.json`: its items, its children as listed, its EXPRESS children's
/// entries (none of each when the file is not there).
fn read_map_run_file(path: &Path) -> Result<MapRunFile, HistoryReadError> {
    let mut run = MapRunFile::default();
    if !path.is_file() {
        return Ok(run);
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| refused(path, format!("cannot read it: {e}")))?;
    let value = workflow_text::json::parse_data(&text).map_err(|e| HistoryReadError {
        file: Some(path.display().to_string()),
        at: String::new(),
        message: e.message,
    })?;
    match value.get("items") {
        None | Some(Value::Null) => {}
        Some(items) => {
            run.items = Some(items.as_u64().ok_or_else(|| {
                located(
                    path,
                    "/items",
                    format!("`items` is {items}, not a count of items"),
                )
            })?);
        }
    }
    match value.get("children") {
        None | Some(Value::Null) => {}
        Some(Value::Array(listed)) => {
            let mut children = Vec::with_capacity(listed.len());
            for (at, child) in listed.iter().enumerate() {
                let arn = child
                    .as_str()
                    .and_then(|a| a.parse::<StatesArn>().ok())
                    .ok_or_else(|| {
                        located(
                            path,
                            &format!("/children/{at}"),
                            format!("{child} is not a child execution's ARN"),
                        )
                    })?;
                children.push(arn);
            }
            run.children = Some(children);
        }
        Some(_) => {
            return Err(located(
                path,
                "/children",
                "`children` is not an array of child executions' ARNs".into(),
            ));
        }
    }
    match value.get("executions") {
        None | Some(Value::Null) => {}
        Some(Value::Array(records)) => {
            for (at, record) in records.iter().enumerate() {
                let described = DescribedExecution::from_entry(record)
                    .map_err(|e| located(path, &format!("/executions/{at}"), e))?;
                run.described.push(described);
            }
        }
        Some(_) => {
            return Err(located(
                path,
                "/executions",
                "`executions` is not an array of executions' records".into(),
            ));
        }
    }
    Ok(run)
}

/// An error at `at` (a JSON pointer) in the file `path`.
fn located(path: &Path, at: &str, message: String) -> HistoryReadError {
    HistoryReadError {
        file: Some(path.display().to_string()),
        at: at.to_owned(),
        message,
    }
}

/// The entries of `dir`, by name, in the order of their names (none when it is not there).
fn entries(dir: &Path) -> Result<Vec<(String, PathBuf)>, HistoryReadError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| refused(dir, format!("cannot list it: {e}")))?
        .filter_map(Result::ok)
        .map(|entry| {
            (
                entry.file_name().to_string_lossy().into_owned(),
                entry.path(),
            )
        })
        .collect();
    found.sort();
    Ok(found)
}

fn refused(path: &Path, message: String) -> HistoryReadError {
    HistoryReadError {
        file: Some(path.display().to_string()),
        at: String::new(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::execution::MissingPiece;

    const ROOT: &str = "arn:aws:states:us-east-1:123456789012:execution:Orders:nightly";
    const RUN: &str = "arn:aws:states:us-east-1:123456789012:mapRun:Orders/Each:r1";
    const STARTED: &str = "arn:aws:states:us-east-1:123456789012:execution:Audit:a1";

    fn arn(text: &str) -> StatesArn {
        text.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    /// A history of `events`, each `(type, details)`, chained one after another.
    fn history(events: &[(&str, Value)]) -> Vec<HistoryEvent> {
        let events: Vec<Value> = events
            .iter()
            .enumerate()
            .map(|(at, (kind, details))| {
                let mut event = json!({"id": at + 1, "previousEventId": at,
                    "timestamp": 1_767_225_600.0 + at as f64, "type": kind});
                if let (Some(map), Some(details)) = (event.as_object_mut(), details.as_object()) {
                    map.extend(details.clone());
                }
                event
            })
            .collect();
        RecordedHistory::from_json(&json!({ "events": events }))
            .unwrap_or_else(|e| panic!("{e}"))
            .events()
            .to_vec()
    }

    /// `record`, which lacks nothing, written into a new directory.
    fn written(record: &RecordedHistory) -> tempfile::TempDir {
        assert!(record.missing().is_empty(), "{:?}", record.missing());
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        record
            .write_dir(dir.path())
            .unwrap_or_else(|e| panic!("{e}"));
        dir
    }

    fn started(input: &str) -> (&'static str, Value) {
        (
            "ExecutionStarted",
            json!({"executionStartedEventDetails": {"input": input}}),
        )
    }

    /// An execution whose Distributed Map ran two children (one EXPRESS), and whose Task
    /// started a child execution: every piece written, read back the same; each piece taken
    /// away, named.
    #[test]
    fn a_record_is_read_back_as_written_and_what_it_lacks_is_named() {
        let root = history(&[
            started("{}"),
            (
                "MapRunStarted",
                json!({"mapRunStartedEventDetails": {"mapRunArn": RUN}}),
            ),
            (
                "TaskSucceeded",
                json!({"taskSucceededEventDetails": {"resourceType": "states",
                    "resource": "startExecution.sync:2",
                    "output": json!({"ExecutionArn": STARTED}).to_string()}}),
            ),
        ]);
        let standard = arn("arn:aws:states:us-east-1:123456789012:execution:Orders/Each:c1");
        let express = arn("arn:aws:states:us-east-1:123456789012:express:Orders/Each:c2");
        let described = DescribedExecution {
            arn: express.clone(),
            status: crate::ExecutionStatus::Succeeded,
            input: Some("{\"n\":2}".into()),
            output: Some("{\"n\":2}".into()),
            error: None,
            cause: None,
            start_millis: Some(1_767_225_601_000),
            stop_millis: Some(1_767_225_601_250),
        };
        let record = RecordedHistory::new(root)
            .with_execution_arn(arn(ROOT))
            .with_definition("{\"StartAt\": \"Each\"}")
            .map_run(
                arn(RUN),
                super::super::RecordedMapRun::default()
                    .items(2)
                    .child(standard.clone())
                    .child(express)
                    .child_record(described.to_entry())
                    .result_file("manifest.json", "{}"),
            )
            .child(standard.clone(), history(&[started("{\"n\":1}")]))
            .started_execution(
                arn(STARTED),
                history(&[started("{}")]),
                "{\"StartAt\": \"A\"}",
            );
        let dir = written(&record);
        let read = RecordedHistory::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read, record);
        // A child's history taken away: named, with how to get it, and a replay stops for it.
        let run_dir = dir.path().join("map-runs").join("r1");
        std::fs::remove_file(run_dir.join("children").join("c1.json"))
            .unwrap_or_else(|e| panic!("{e}"));
        let missing = RecordedHistory::read(dir.path())
            .unwrap_or_else(|e| panic!("{e}"))
            .missing();
        assert_eq!(
            missing,
            [MissingPiece::ChildHistory {
                map_run: arn(RUN),
                child: standard
            }]
        );
        assert!(missing[0].blocks_replay());
        assert!(missing[0].to_string().contains("--format record"));
        // The started child's directory taken away: named, and not in a replay's way.
        std::fs::remove_dir_all(dir.path().join("executions")).unwrap_or_else(|e| panic!("{e}"));
        let missing = RecordedHistory::read(dir.path())
            .unwrap_or_else(|e| panic!("{e}"))
            .missing();
        assert!(
            missing.contains(&MissingPiece::StartedHistory {
                child: arn(STARTED)
            }),
            "{missing:?}"
        );
        // The Map Run's directory taken away: the Map Run is named.
        std::fs::remove_dir_all(&run_dir).unwrap_or_else(|e| panic!("{e}"));
        let missing = RecordedHistory::read(dir.path())
            .unwrap_or_else(|e| panic!("{e}"))
            .missing();
        assert!(
            missing.contains(&MissingPiece::MapRun { map_run: arn(RUN) }),
            "{missing:?}"
        );
    }

    /// A Distributed Map's child that started a child execution of its own (and has no Map
    /// Run): it is written as a directory, so that its started child is kept, and read back.
    #[test]
    fn a_map_childs_started_child_is_kept() {
        let standard = arn("arn:aws:states:us-east-1:123456789012:execution:Orders/Each:c1");
        let child = history(&[
            started("{\"n\":1}"),
            (
                "TaskSucceeded",
                json!({"taskSucceededEventDetails": {"resourceType": "states",
                    "resource": "startExecution.sync:2",
                    "output": json!({"ExecutionArn": STARTED}).to_string()}}),
            ),
        ]);
        let root = history(&[
            started("{}"),
            (
                "MapRunStarted",
                json!({"mapRunStartedEventDetails": {"mapRunArn": RUN}}),
            ),
        ]);
        let record = RecordedHistory::new(root)
            .map_run(
                arn(RUN),
                super::super::RecordedMapRun::default()
                    .items(1)
                    .child(standard.clone()),
            )
            .child(standard, child)
            .started_execution(
                arn(STARTED),
                history(&[started("{}")]),
                "{\"StartAt\": \"A\"}",
            );
        let dir = written(&record);
        assert!(
            dir.path()
                .join("map-runs/r1/children/c1/executions/a1/history.json")
                .is_file()
        );
        let read = RecordedHistory::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read, record);
    }

    /// What is not a record's directory, or holds a file that does not read, is refused where
    /// it is wrong.
    #[test]
    fn what_does_not_read_is_refused_where_it_is() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let refused = RecordedHistory::read(dir.path()).unwrap_err().to_string();
        assert!(
            refused.contains("history.json") && refused.contains("--format record"),
            "{refused}"
        );
        let root = history(&[
            started("{}"),
            (
                "MapRunStarted",
                json!({"mapRunStartedEventDetails": {"mapRunArn": RUN}}),
            ),
        ]);
        RecordedHistory::new(root)
            .write_dir(dir.path())
            .unwrap_or_else(|e| panic!("{e}"));
        let run_dir = dir.path().join("map-runs").join("r1");
        std::fs::create_dir_all(&run_dir).unwrap_or_else(|e| panic!("{e}"));
        for (text, at) in [
            (r#"{"items": -1}"#, "/items"),
            (r#"{"children": ["not an arn"]}"#, "/children/0"),
            (
                r#"{"executions": [{"Status": "SUCCEEDED"}]}"#,
                "/executions/0",
            ),
            (
                r#"{"executions": [{"ExecutionArn": "arn:aws:states:us-east-1:123456789012:express:Orders/Each:c2", "StartDate": "noon"}]}"#,
                "/executions/0",
            ),
        ] {
            std::fs::write(run_dir.join("map-run.json"), text).unwrap_or_else(|e| panic!("{e}"));
            let refused = RecordedHistory::read(dir.path()).unwrap_err();
            let RecordError::File(e) = &refused else {
                panic!("{refused}")
            };
            assert_eq!(e.at, at, "{refused}");
            assert!(
                e.file
                    .as_deref()
                    .is_some_and(|f| f.ends_with("map-run.json")),
                "{refused}"
            );
        }
        std::fs::write(dir.path().join("execution.json"), r#"{"executionArn": 7}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        let refused = RecordedHistory::read(dir.path()).unwrap_err().to_string();
        assert!(refused.contains("execution.json"), "{refused}");
    }
}
