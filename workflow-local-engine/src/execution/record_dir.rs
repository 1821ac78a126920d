//! A record of an execution with its Distributed Maps, as files: the directory
//! [`RecordedHistory::read`] reads when given one, [`RecordedHistory::write_dir`] writes and
//! `workflow history ARN --format record -o DIR` fills through the client. Each history is
//! the JSON `aws stepfunctions get-execution-history --output json` prints, so a user can make
//! one with the AWS CLI alone:
//!
//! ```text
//! DIR/
//!   history.json                     the execution's history
//!   map-runs/
//!     <MAP_RUN_ID>/                  a Map Run of it: the last part of the ARN its
//!                                    `MapRunStarted` names (`…:mapRun:<machine>/<label>:<id>`)
//!       map-run.json                 optional: {"items": N (DescribeMapRun's itemCounts.total),
//!                                    "executions": [children that keep no history (EXPRESS),
//!                                    each as a ResultWriter's file writes it]}
//!       children/
//!         <CHILD_NAME>.json          a child's history (its ARN is the Map Run's with
//!                                    `execution` for `mapRun` and its name for the id)
//!         <CHILD_NAME>/              or a child with Distributed Maps of its own: this same
//!                                    layout (history.json, map-runs/)
//!       results/                     the files its ResultWriter wrote, as written
//!                                    (manifest.json, SUCCEEDED_0.json, FAILED_0.json, …)
//!   executions/
//!     <EXECUTION_NAME>/              a child execution a `states:startExecution` Task started
//!                                    (its ARN in its Task's events): this same layout, with
//!       execution.json               {"executionArn": …}
//!       definition.asl.json          the definition it ran (`DescribeStateMachineForExecution`)
//! ```
//!
//! A Map Run's directory, even empty, says the record holds it (a Map Run of no items has no
//! children); one whose `MapRunStarted` has no directory is not held, and a replay refuses to
//! guess its items ([`RecordedHistory::map_runs_not_held`]).

use super::history::{EventKind, HistoryEvent, started_executions};
use super::recorded::{HistoryReadError, RecordedHistory, RecordedMapRun};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use workflow_aws_models::{StatesArn, StatesResource};

/// The file of an execution's history in its directory.
pub(super) const HISTORY_FILE: &str = "history.json";

/// The file of a started child execution's definition in its directory.
const DEFINITION_FILE: &str = "definition.asl.json";

/// How deep Map Runs nest in a record's directory before the reader stops (a child's Map Run's
/// child's …): deeper than any definition nests states.
const MAX_RECORD_DEPTH: usize = 64;

impl RecordedHistory {
    /// Reads the record directory `dir` (see the layout above): the execution's history, and
    /// each Map Run its events (and its children's) start whose directory is there, with its
    /// children's histories, its items, its EXPRESS children's records and its result files.
    /// Errors name the file and where in it.
    pub(crate) fn read_record_dir(dir: &Path) -> Result<RecordedHistory, HistoryReadError> {
        let history = RecordedHistory::read_file(&dir.join(HISTORY_FILE))?;
        let mut record = history;
        // Each history read whose Map Runs are to be found: its events and its directory.
        let mut pending: Vec<(Vec<HistoryEvent>, PathBuf, usize)> =
            vec![(record.events().to_vec(), dir.to_path_buf(), 0)];
        while let Some((events, at, depth)) = pending.pop() {
            if depth > MAX_RECORD_DEPTH {
                return Err(refused(
                    &at,
                    format!("Map Runs nest more than {MAX_RECORD_DEPTH} levels deep"),
                ));
            }
            for event in &events {
                let EventKind::MapRunStarted { map_run_arn } = &event.kind else {
                    continue;
                };
                let StatesResource::MapRun { machine, id } = &map_run_arn.resource else {
                    continue;
                };
                let run_dir = at.join("map-runs").join(id);
                if !run_dir.is_dir() {
                    continue;
                }
                let mut run = read_map_run_file(&run_dir.join("map-run.json"))?;
                let children_dir = run_dir.join("children");
                for (name, path) in entries(&children_dir)? {
                    let (child_name, history_file) = match name.strip_suffix(".json") {
                        Some(stem) if path.is_file() => (stem.to_owned(), path.clone()),
                        None if path.is_dir() => (name.clone(), path.join(HISTORY_FILE)),
                        _ => continue,
                    };
                    let arn = map_run_arn.sibling(StatesResource::Execution {
                        machine: machine.clone(),
                        name: child_name,
                    });
                    let child = RecordedHistory::read_file(&history_file)?;
                    if path.is_dir() {
                        pending.push((child.events().to_vec(), path.clone(), depth + 1));
                    }
                    record = record.child(arn.clone(), child.events().to_vec());
                    run = run.child(arn);
                }
                for (name, path) in entries(&run_dir.join("results"))? {
                    if !path.is_file() {
                        continue;
                    }
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| refused(&path, format!("cannot read it: {e}")))?;
                    run = run.result_file(name, text);
                }
                record = record.map_run(map_run_arn.clone(), run);
            }
            for arn in started_executions(&events) {
                let Some(name) = arn.execution_name() else {
                    continue;
                };
                let child_dir = at.join("executions").join(file_name(name));
                if !child_dir.is_dir() {
                    continue;
                }
                let child = RecordedHistory::read_file(&child_dir.join(HISTORY_FILE))?;
                let definition_file = child_dir.join(DEFINITION_FILE);
                let definition = std::fs::read_to_string(&definition_file)
                    .map_err(|e| refused(&definition_file, format!("cannot read it: {e}")))?;
                pending.push((child.events().to_vec(), child_dir, depth + 1));
                record = record.started_execution(arn, child.events().to_vec(), definition);
            }
        }
        Ok(record)
    }

    /// Writes this record in the layout above into `dir` (made if need be): the execution's
    /// history, then each Map Run the record holds that its events (or a held child's) start,
    /// with the children's histories, the EXPRESS children's records and the result files.
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
        let mut pending: Vec<(&[HistoryEvent], PathBuf)> = vec![(self.events(), dir.to_path_buf())];
        while let Some((events, at)) = pending.pop() {
            std::fs::create_dir_all(&at)?;
            write_history(&at.join(HISTORY_FILE), events)?;
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
                let described = json!({"items": run.items, "executions": run.child_records});
                std::fs::write(run_dir.join("map-run.json"), described.to_string())?;
                for child in &run.children {
                    let (Some(history), Some(name)) =
                        (self.children().get(child), child.execution_name())
                    else {
                        continue;
                    };
                    let starts_map_runs = history.iter().any(|e| {
                        matches!(&e.kind, EventKind::MapRunStarted { map_run_arn } if self.map_runs().contains_key(map_run_arn))
                    });
                    let name = file_name(name);
                    if starts_map_runs {
                        pending.push((history, run_dir.join("children").join(name)));
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
            for arn in started_executions(events) {
                let (Some(definition), Some(history), Some(name)) = (
                    self.started_executions().get(&arn),
                    self.children().get(&arn),
                    arn.execution_name(),
                ) else {
                    continue;
                };
                let child_dir = at.join("executions").join(file_name(name));
                std::fs::create_dir_all(&child_dir)?;
                std::fs::write(
                    child_dir.join("execution.json"),
                    json!({"executionArn": arn.to_string()}).to_string(),
                )?;
                std::fs::write(child_dir.join(DEFINITION_FILE), definition)?;
                pending.push((history.as_slice(), child_dir));
            }
        }
        Ok(())
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

/// A Map Run's `map-run.json`: its items and its EXPRESS children's records (none when
/// the file is not there).
fn read_map_run_file(path: &Path) -> Result<RecordedMapRun, HistoryReadError> {
    let mut run = RecordedMapRun::default();
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
            let items = items.as_u64().ok_or_else(|| HistoryReadError {
                file: Some(path.display().to_string()),
                at: "/items".into(),
                message: format!("`items` is {items}, not a count of items"),
            })?;
            run = run.items(items);
        }
    }
    match value.get("executions") {
        None | Some(Value::Null) => {}
        Some(Value::Array(records)) => {
            for (at, record) in records.iter().enumerate() {
                let arn = record.get("ExecutionArn").and_then(Value::as_str);
                if arn.and_then(|a| a.parse::<StatesArn>().ok()).is_none() {
                    return Err(HistoryReadError {
                        file: Some(path.display().to_string()),
                        at: format!("/executions/{at}/ExecutionArn"),
                        message: "an execution's record names its `ExecutionArn`".into(),
                    });
                }
                run = run.child_record(record.clone());
            }
        }
        Some(_) => {
            return Err(HistoryReadError {
                file: Some(path.display().to_string()),
                at: "/executions".into(),
                message: "`executions` is not an array of executions' records".into(),
            });
        }
    }
    Ok(run)
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
