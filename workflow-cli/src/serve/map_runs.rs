//! Map Runs: `ListMapRuns`, `DescribeMapRun`, `UpdateMapRun`, and `ListExecutions` of a Map
//! Run's child executions. A running execution shows its Map Runs in progress (status
//! `RUNNING`, their counts so far) and `UpdateMapRun` changes them while they run; an ended
//! execution's Map Runs are the engine's report of them, and cannot be changed any more.

use super::pages::{Order, Place, listed};
use super::protocol::{ApiError, Timestamp, timestamp};
use super::records::{CHILD_EXECUTION, ExecutionRecord, RunState};
use super::requests::{
    DescribeMapRunInput, DescribeMapRunOutput, ListMapRunsInput, ListMapRunsOutput,
    MapRunItemCounts, MapRunListItem, UpdateMapRunInput, UpdateMapRunOutput,
};
use super::service::{Service, lock, now_ms};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;
use workflow_aws_models::{ResourceType, StatesArn};
use workflow_runtime::engine::{MapRunUpdate, RunningExecution, RunningMapRun};
use workflow_runtime::execution::ExecutionStatus;

/// The labelled state machine a Map Run's children run as, from the Map Run's ARN
/// (`…:mapRun:<machine>/<label>:<id>` → `…:stateMachine:<machine>/<label>`); `None` for what
/// is not a Map Run's ARN.
fn labelled_machine_arn(map_run_arn: &str) -> Option<String> {
    StatesArn::parse(map_run_arn)
        .ok()
        .filter(|arn| arn.kind() == ResourceType::MapRun)
        .and_then(|arn| arn.state_machine())
        .map(|arn| arn.to_string())
}

/// A Map Run's counts, as both `itemCounts` and `executionCounts` write them (one child
/// execution per item): pending, running, succeeded, failed, timed out, aborted, total,
/// results written.
#[derive(Clone, Copy)]
struct Counts([u64; 8]);

impl Counts {
    fn count(self, i: usize) -> i64 {
        i64::try_from(self.0[i]).unwrap_or(i64::MAX)
    }

    fn items(self) -> MapRunItemCounts {
        MapRunItemCounts {
            pending: self.count(0),
            running: self.count(1),
            succeeded: self.count(2),
            failed: self.count(3),
            timed_out: self.count(4),
            aborted: self.count(5),
            total: self.count(6),
            results_written: self.count(7),
            failures_not_redrivable: Some(0),
            pending_redrive: Some(0),
        }
    }
}

/// `DescribeMapRun` of a Map Run in progress: `RUNNING`, its counts so far (the items not
/// started yet pending).
fn describe_running(execution_arn: &StatesArn, run: &RunningMapRun) -> DescribeMapRunOutput {
    let started = run.running + run.succeeded + run.failed + run.timed_out + run.aborted;
    let counts = Counts([
        run.total.saturating_sub(started),
        run.running,
        run.succeeded,
        run.failed,
        run.timed_out,
        run.aborted,
        run.total,
        0,
    ]);
    DescribeMapRunOutput {
        map_run_arn: run.arn.clone(),
        execution_arn: execution_arn.clone(),
        status: ExecutionStatus::Running,
        start_date: Timestamp(run.start_millis),
        stop_date: None,
        max_concurrency: i64::try_from(run.max_concurrency).unwrap_or(i64::MAX),
        tolerated_failure_percentage: run.tolerated_failure_percentage,
        tolerated_failure_count: i64::try_from(run.tolerated_failure_count).unwrap_or(i64::MAX),
        item_counts: counts.items(),
        execution_counts: counts.items(),
        redrive_count: Some(0),
        redrive_date: None,
    }
}

/// A member of a finished Map Run's record (JSON still) as its typed member; a record that
/// does not hold one is an internal error.
fn member<'v, T: Deserialize<'v>>(record: &'v Value, key: &str) -> Result<T, ApiError> {
    T::deserialize(&record[key])
        .map_err(|e| ApiError::internal(format!("a Map Run's record, `{key}`: {e}")))
}

/// `UpdateMapRun`'s members as the engine takes them. Their bounds (`maxConcurrency` and
/// `toleratedFailureCount` at least 0, `toleratedFailurePercentage` from 0 to 100) are the API
/// model's, checked before any operation (`constraints`).
fn map_run_update(r: &UpdateMapRunInput) -> MapRunUpdate {
    let mut update = MapRunUpdate::new();
    if let Some(n) = r.max_concurrency {
        update = update.max_concurrency(u64::try_from(n).unwrap_or(0));
    }
    if let Some(n) = r.tolerated_failure_count {
        update = update.tolerated_failure_count(u64::try_from(n).unwrap_or(0));
    }
    if let Some(p) = r.tolerated_failure_percentage {
        update = update.tolerated_failure_percentage(p);
    }
    update
}

impl Service {
    /// `f` of the child execution `arn` of a Map Run (at any depth): the record of the
    /// execution whose Map Runs hold it, the Map Run's record and the child's.
    fn on_child_execution<T>(
        &self,
        arn: &str,
        f: impl FnOnce(&Arc<ExecutionRecord>, &Value, &Value) -> T,
    ) -> Option<T> {
        let map_run = lock(&self.map_run_index)
            .map_run_children
            .get(arn)
            .cloned()?;
        let (record, run) = self.map_run(&map_run).ok()?;
        let children = run["children"].as_array().into_iter().flatten();
        let child = children.into_iter().find(|c| c["ExecutionArn"] == arn)?;
        Some(f(&record, &run, child))
    }

    /// The Map Run `arn` names, with the execution it belongs to.
    fn map_run(&self, arn: &str) -> Result<(Arc<ExecutionRecord>, Value), ApiError> {
        if !self.is_arn_of(arn, ResourceType::MapRun) {
            return Err(ApiError::invalid_arn(arn));
        }
        let not_found =
            || ApiError::new("ResourceNotFound", format!("Resource not found: '{arn}'"));
        let execution = lock(&self.map_run_index)
            .map_runs
            .get(arn)
            .cloned()
            .ok_or_else(not_found)?;
        let record = self
            .store()
            .executions
            .get(&execution)
            .cloned()
            .ok_or_else(not_found)?;
        let done = self.finished(&record)?.ok_or_else(not_found)?;
        let run = done
            .map_runs
            .iter()
            .find(|r| r["mapRunArn"] == arn)
            .cloned()
            .ok_or_else(not_found)?;
        Ok((record, run))
    }

    /// `f` of the Map Run `arn` in progress (its execution's record, the running execution
    /// and what it shows), when one is running.
    fn on_running_map_run<T>(
        &self,
        arn: &str,
        f: impl FnOnce(&Arc<ExecutionRecord>, &RunningExecution, &RunningMapRun) -> T,
    ) -> Option<T> {
        if !self.is_arn_of(arn, ResourceType::MapRun) {
            return None;
        }
        for record in self.running_executions() {
            if let RunState::Running(live) = &*self.settled(&record)
                && let Some(run) = live
                    .execution
                    .map_runs_blocking()
                    .into_iter()
                    .find(|run| run.arn.to_string() == arn)
            {
                return Some(f(&record, &live.execution, &run));
            }
        }
        None
    }

    pub(crate) fn list_map_runs(
        &self,
        r: &ListMapRunsInput,
    ) -> Result<ListMapRunsOutput, ApiError> {
        // A child execution of a Map Run lists the Map Runs of its own Distributed Maps.
        let (record, child) = match self.execution(&r.execution_arn) {
            Ok(record) => (record, None),
            Err(e) => {
                let arn = r.execution_arn.text();
                match self.on_child_execution(arn, |record, _, _| Arc::clone(record)) {
                    Some(record) => (record, Some(arn.to_owned())),
                    None => return Err(e),
                }
            }
        };
        let execution_arn = match &child {
            Some(_) => r
                .execution_arn
                .of(&[ResourceType::Execution, ResourceType::Express])?,
            None => &*record.arn,
        };
        let running: Option<Vec<MapRunListItem>> = match &*self.settled(&record) {
            RunState::Done(_) => None,
            // Its Map Runs in progress are known to its run, which this server has not.
            RunState::Interrupted => Some(Vec::new()),
            // The Map Runs in progress shown are the execution's own.
            RunState::Running(_) if child.is_some() => Some(Vec::new()),
            RunState::Running(live) => Some(
                live.execution
                    .map_runs_blocking()
                    .iter()
                    .map(|run| MapRunListItem {
                        execution_arn: StatesArn::clone(&record.arn),
                        map_run_arn: run.arn.clone(),
                        state_machine_arn: run
                            .arn
                            .state_machine()
                            .unwrap_or_else(|| record.machine.arn.clone()),
                        start_date: Timestamp(run.start_millis),
                        stop_date: None,
                    })
                    .collect(),
            ),
        };
        let done = match running {
            Some(_) => None,
            None => self.finished(&record)?,
        };
        let runs: Vec<MapRunListItem> = match (running, done) {
            (Some(rows), _) => rows,
            (None, None) => Vec::new(),
            (None, Some(done)) => done
                .map_runs
                .iter()
                .filter(|run| run.get(CHILD_EXECUTION).and_then(Value::as_str) == child.as_deref())
                .map(|run| {
                    Ok(MapRunListItem {
                        execution_arn: execution_arn.clone(),
                        map_run_arn: member(run, "mapRunArn")?,
                        state_machine_arn: StatesArn::deserialize(
                            &run["children"][0]["StateMachineArn"],
                        )
                        .unwrap_or_else(|_| record.machine.arn.clone()),
                        start_date: Timestamp(run["startMs"].as_i64().unwrap_or(0)),
                        stop_date: Some(Timestamp(run["stopMs"].as_i64().unwrap_or(0))),
                    })
                })
                .collect::<Result<_, ApiError>>()?,
        };
        // In the order they started.
        let page = listed(
            r,
            runs,
            "mapRuns",
            Order::Ascending,
            |run| Place::both(run.start_date.0, run.map_run_arn.to_string()),
            MapRunListItem::clone,
        )?;
        Ok(ListMapRunsOutput {
            map_runs: page.rows,
            next_token: page.next_token,
        })
    }

    pub(crate) fn describe_map_run(
        &self,
        r: &DescribeMapRunInput,
    ) -> Result<DescribeMapRunOutput, ApiError> {
        let arn = r.map_run_arn.text();
        if let Some(running) =
            self.on_running_map_run(arn, |record, _, run| describe_running(&record.arn, run))
        {
            return Ok(running);
        }
        let (record, run) = self.map_run(arn)?;
        let children = run["children"].as_array().cloned().unwrap_or_default();
        let count = |status: &str| children.iter().filter(|c| c["Status"] == status).count();
        let total = run["items"].as_u64().unwrap_or(children.len() as u64);
        let (succeeded, failed) = (count("SUCCEEDED"), count("FAILED"));
        // Items that never started (a failure stopped the Map Run first) are neither.
        let counts = Counts([
            0,
            0,
            succeeded as u64,
            failed as u64,
            count("TIMED_OUT") as u64,
            count("ABORTED") as u64,
            total,
            (succeeded + failed) as u64,
        ]);
        Ok(DescribeMapRunOutput {
            map_run_arn: member(&run, "mapRunArn")?,
            execution_arn: match run.get(CHILD_EXECUTION) {
                Some(_) => member(&run, CHILD_EXECUTION)?,
                None => StatesArn::clone(&record.arn),
            },
            status: member(&run, "status")?,
            start_date: Timestamp(run["startMs"].as_i64().unwrap_or(0)),
            stop_date: Some(Timestamp(run["stopMs"].as_i64().unwrap_or(0))),
            max_concurrency: run["maxConcurrency"].as_i64().unwrap_or(0),
            tolerated_failure_percentage: run["toleratedFailurePercentage"].as_f64().unwrap_or(0.0),
            tolerated_failure_count: run["toleratedFailureCount"].as_i64().unwrap_or(0),
            item_counts: counts.items(),
            execution_counts: counts.items(),
            redrive_count: Some(run["redriveCount"].as_i64().unwrap_or(0)),
            redrive_date: None,
        })
    }

    pub(crate) fn update_map_run(
        &self,
        r: &UpdateMapRunInput,
    ) -> Result<UpdateMapRunOutput, ApiError> {
        let arn = r.map_run_arn.text();
        let update = map_run_update(r);
        // A running Map Run's ARN is a Map Run's (the engine made it): `None` finds none
        // running. The request decoded it already (`ArnMember`).
        if let Ok(typed) = r.map_run_arn.of(&[ResourceType::MapRun])
            && let Some(updated) = self.on_running_map_run(arn, |_, running, _| {
                running.update_map_run_blocking(typed, update)
            })
        {
            updated.map_err(|e| super::callbacks::callback_error(&e))?;
            return Ok(UpdateMapRunOutput {});
        }
        self.map_run(arn)?;
        Err(ApiError::validation(format!(
            "the Map Run '{arn}' has ended; UpdateMapRun changes a running Map Run"
        )))
    }

    /// The child execution `arn` of a Map Run: its record (as a result file holds it), its
    /// history (empty for an EXPRESS child) and its Map Run's ARN.
    pub(crate) fn child_execution(&self, arn: &str) -> Option<(Value, Vec<Value>, String)> {
        if let Some(running) = self.running_child(arn) {
            let map_run = running.map_run.clone();
            return Some((running.describe(), running.events, map_run));
        }
        self.on_child_execution(arn, |_, run, child| {
            let history = run["histories"][arn]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let map_run = run["mapRunArn"].as_str().unwrap_or_default().to_owned();
            (child.clone(), history, map_run)
        })
    }

    /// `DescribeExecution` of a child execution: as of any execution, with the Map Run that
    /// started it (`mapRunArn`) and, for one that did not succeed, the redrive of its Map Run
    /// as the way to run it again (`REDRIVABLE_BY_MAP_RUN`).
    pub(crate) fn describe_child_execution(&self, arn: &str) -> Option<Value> {
        if let Some(running) = self.running_child(arn) {
            return Some(running.describe());
        }
        let (child, _, map_run) = self.child_execution(arn)?;
        let date = |key: &str| {
            child[key]
                .as_str()
                .map_or(Value::Null, super::protocol::timestamp_of_text)
        };
        let mut out = json!({
            "executionArn": child["ExecutionArn"],
            "stateMachineArn": child["StateMachineArn"],
            "name": child["Name"],
            "status": child["Status"],
            "startDate": date("StartDate"),
            "stopDate": date("StopDate"),
            "input": child["Input"],
            "inputDetails": {"included": true},
            "mapRunArn": map_run,
            "redriveCount": child.get("RedriveCount").cloned().unwrap_or_else(|| json!(0)),
            "redriveStatus": child["RedriveStatus"],
        });
        if let Some(map) = out.as_object_mut() {
            for (from, to) in [
                ("Output", "output"),
                ("Error", "error"),
                ("Cause", "cause"),
                ("RedriveStatusReason", "redriveStatusReason"),
            ] {
                if let Some(v) = child.get(from) {
                    map.insert(to.into(), v.clone());
                }
            }
            if map.contains_key("output") {
                map.insert("outputDetails".into(), json!({"included": true}));
            }
        }
        Some(out)
    }

    /// `ListExecutions` of the Map Run `arn`: its child executions.
    pub(crate) fn map_run_executions(
        &self,
        arn: &str,
        status_filter: Option<ExecutionStatus>,
    ) -> Result<Vec<Value>, ApiError> {
        let filter = status_filter.as_ref().map(ExecutionStatus::as_str);
        if let Some(running) = self.running_children(arn)? {
            return Ok(running
                .iter()
                .filter(|c| filter.is_none_or(|f| c.status.as_str() == f))
                .map(|c| c.list_item(arn))
                .collect());
        }
        let (_, run) = self.map_run(arn)?;
        Ok(run["children"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter(|c| filter.is_none_or(|f| c["Status"] == f))
            .map(|c| {
                let date = |key: &str| {
                    c[key]
                        .as_str()
                        .map_or(Value::Null, super::protocol::timestamp_of_text)
                };
                json!({
                    "executionArn": c["ExecutionArn"],
                    "stateMachineArn": c["StateMachineArn"],
                    "name": c["Name"],
                    "status": c["Status"],
                    "startDate": date("StartDate"),
                    "stopDate": date("StopDate"),
                    "mapRunArn": arn,
                    // How many items it processed: a batch's items, else one.
                    "itemCount": item_count(c),
                })
            })
            .collect())
    }
}

/// How many items a child execution (as its result-file record shows it) processed: the items
/// of its batch (`{"Items": [...]}`), else one.
fn item_count(child: &Value) -> usize {
    child["Input"]
        .as_str()
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .and_then(|input| input.get("Items").and_then(Value::as_array).map(Vec::len))
        .unwrap_or(1)
}

/// A child execution of a Map Run in progress, as the service shows it: what its Map Run says
/// of it and the events its run wrote (every one in the database, with one).
pub(crate) struct LiveChild {
    pub arn: String,
    pub map_run: String,
    pub status: ExecutionStatus,
    /// Its history so far (none for an EXPRESS child, which has none to show).
    pub events: Vec<Value>,
    /// When its Map Run started: the start shown of a child with no history.
    map_run_start_ms: i64,
}

impl LiveChild {
    /// The details of its first (`ExecutionStarted`) or last event of type `event_type`.
    fn details(&self, event_type: &str) -> Option<&Value> {
        let event = self.events.iter().rev().find(|e| e["type"] == event_type)?;
        event
            .as_object()?
            .iter()
            .find(|(key, _)| key.ends_with("EventDetails"))
            .map(|(_, details)| details)
    }

    fn started(&self) -> Value {
        self.events.first().map_or_else(
            || timestamp(self.map_run_start_ms),
            |e| e["timestamp"].clone(),
        )
    }

    /// When it ended (`None` while it runs): its last event's time.
    fn stopped(&self) -> Option<Value> {
        if self.status == ExecutionStatus::Running {
            return None;
        }
        Some(
            self.events
                .last()
                .map_or_else(|| timestamp(now_ms()), |e| e["timestamp"].clone()),
        )
    }

    /// Its input as it was given (`ExecutionStarted`'s).
    fn input(&self) -> Option<&Value> {
        self.details("ExecutionStarted")?.get("input")
    }

    /// Its row of `ListExecutions` with `mapRunArn` (an `ExecutionListItem`).
    pub fn list_item(&self, map_run: &str) -> Value {
        let items = self
            .input()
            .and_then(Value::as_str)
            .map_or(1, |text| item_count(&json!({"Input": text})));
        let mut row = json!({
            "executionArn": self.arn,
            "stateMachineArn": labelled_machine_arn(map_run),
            "name": child_name(&self.arn),
            "status": self.status.as_str(),
            "startDate": self.started(),
            "mapRunArn": map_run,
            "itemCount": items,
        });
        if let (Some(stop), Some(map)) = (self.stopped(), row.as_object_mut()) {
            map.insert("stopDate".into(), stop);
        }
        row
    }

    /// `DescribeExecution`'s answer: as of a finished child, `RUNNING` while it runs.
    pub fn describe(&self) -> Value {
        use workflow_runtime::execution::ExecutionStatus;
        let (redrive, reason) = match self.status {
            ExecutionStatus::Running => (
                "NOT_REDRIVABLE",
                Some("Execution is RUNNING and cannot be redriven"),
            ),
            ExecutionStatus::Succeeded => (
                "NOT_REDRIVABLE",
                Some("Execution is SUCCEEDED and cannot be redriven"),
            ),
            // Its Map Run's redrive runs it again.
            _ => ("REDRIVABLE_BY_MAP_RUN", None),
        };
        let mut out = json!({
            "executionArn": self.arn,
            "stateMachineArn": labelled_machine_arn(&self.map_run),
            "name": child_name(&self.arn),
            "status": self.status.as_str(),
            "startDate": self.started(),
            "input": self.input().cloned().unwrap_or_else(|| json!("{}")),
            "inputDetails": {"included": true},
            "mapRunArn": self.map_run,
            "redriveCount": 0,
            "redriveStatus": redrive,
        });
        let Some(map) = out.as_object_mut() else {
            return out;
        };
        if let Some(reason) = reason {
            map.insert("redriveStatusReason".into(), reason.into());
        }
        if let Some(stop) = self.stopped() {
            map.insert("stopDate".into(), stop);
        }
        if let Some(output) = self
            .details("ExecutionSucceeded")
            .and_then(|d| d.get("output"))
        {
            map.insert("output".into(), output.clone());
            map.insert("outputDetails".into(), json!({"included": true}));
        }
        for ended in ["ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"] {
            if let Some(details) = self.details(ended) {
                for key in ["error", "cause"] {
                    if let Some(v) = details.get(key) {
                        map.insert(key.into(), v.clone());
                    }
                }
            }
        }
        out
    }
}

/// A child execution's name: its ARN's last part.
fn child_name(arn: &str) -> &str {
    arn.rsplit(':').next().unwrap_or(arn)
}

impl Service {
    /// The children of the Map Run `arn` while it runs (`None` when it does not), each with
    /// its history so far; the events they show are in the database first.
    fn running_children(&self, arn: &str) -> Result<Option<Vec<LiveChild>>, ApiError> {
        let Some((record, run)) =
            self.on_running_map_run(arn, |record, _, run| (Arc::clone(record), run.clone()))
        else {
            return Ok(None);
        };
        self.save_events(Some(&record))?;
        let kept = |child: &str| match &*lock(&record.run) {
            RunState::Running(live) => live.children.events.get(child).cloned().unwrap_or_default(),
            _ => Vec::new(),
        };
        Ok(Some(
            run.children
                .into_iter()
                .map(|child| LiveChild {
                    events: kept(&child.arn.to_string()),
                    arn: child.arn.to_string(),
                    map_run: run.arn.to_string(),
                    status: child.status,
                    map_run_start_ms: run.start_millis,
                })
                .collect(),
        ))
    }

    /// The child execution `arn` of a Map Run in progress, with its history so far (in the
    /// database first); `None` when no running Map Run started it.
    fn running_child(&self, arn: &str) -> Option<LiveChild> {
        for record in self.running_executions() {
            let found = match &*self.settled(&record) {
                RunState::Running(live) => live
                    .execution
                    .map_runs_blocking()
                    .into_iter()
                    .find(|run| run.children.iter().any(|c| c.arn.to_string() == arn)),
                _ => None,
            };
            if let Some(run) = found {
                return self
                    .running_children(&run.arn.to_string())
                    .ok()
                    .flatten()?
                    .into_iter()
                    .find(|c| c.arn == arn);
            }
        }
        None
    }
}
