//! Map Runs: `ListMapRuns`, `DescribeMapRun`, `UpdateMapRun`, and `ListExecutions` of a Map
//! Run's child executions. A running execution shows its Map Runs in progress (status
//! `RUNNING`, their counts so far) and `UpdateMapRun` changes them while they run; an ended
//! execution's Map Runs are the engine's report of them, and cannot be changed any more.

use super::pages::{Order, Place, listed};
use super::protocol::{ApiError, Timestamp, timestamp};
use super::records::{ChildRecord, ExecutionRecord, MapRunRecord, RunState, event_json};
use super::requests::{
    DescribeMapRunInput, DescribeMapRunOutput, ListMapRunsInput, ListMapRunsOutput,
    MapRunItemCounts, MapRunListItem, UpdateMapRunInput, UpdateMapRunOutput,
};
use super::service::{Service, lock, now_ms};
use serde_json::{Value, json};
use std::sync::Arc;
use workflow_aws_models::{ResourceType, StatesArn};
use workflow_runtime::engine::{MapRunUpdate, RunningExecution, RunningMapRun};
use workflow_runtime::execution::ExecutionStatus;

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
        f: impl FnOnce(&Arc<ExecutionRecord>, &MapRunRecord, &ChildRecord) -> T,
    ) -> Option<T> {
        let arn = StatesArn::parse(arn).ok()?;
        let map_run = lock(&self.map_run_index)
            .map_run_children
            .get(&arn)
            .cloned()?;
        let (record, run) = self.ended_map_run(&map_run).ok()?;
        let child = run.child(&arn)?;
        Some(f(&record, &run, child))
    }

    /// The Map Run `arn` names, with the execution it belongs to.
    fn map_run(&self, arn: &str) -> Result<(Arc<ExecutionRecord>, MapRunRecord), ApiError> {
        let typed = StatesArn::parse(arn)
            .ok()
            .filter(|typed| typed.kind() == ResourceType::MapRun)
            .ok_or_else(|| ApiError::invalid_arn(arn))?;
        self.ended_map_run(&typed)
    }

    /// The Map Run `arn` of a finished execution, with the execution's record.
    fn ended_map_run(
        &self,
        arn: &StatesArn,
    ) -> Result<(Arc<ExecutionRecord>, MapRunRecord), ApiError> {
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
            .find(|r| &r.map_run_arn == arn)
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
                match self.on_child_execution(arn, |record, _, child| {
                    (Arc::clone(record), child.execution_arn.clone())
                }) {
                    Some((record, child)) => (record, Some(child)),
                    None => return Err(e),
                }
            }
        };
        let execution_arn = child.clone().unwrap_or_else(|| (*record.arn).clone());
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
                .filter(|run| run.child_execution_arn == child)
                .map(|run| MapRunListItem {
                    execution_arn: execution_arn.clone(),
                    map_run_arn: run.map_run_arn.clone(),
                    state_machine_arn: run
                        .children
                        .first()
                        .map(|c| c.state_machine_arn.clone())
                        .unwrap_or_else(|| record.machine.arn.clone()),
                    start_date: Timestamp(run.start_ms),
                    stop_date: Some(Timestamp(run.stop_ms)),
                })
                .collect(),
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
        let count =
            |status: ExecutionStatus| run.children.iter().filter(|c| c.status == status).count();
        let total = run.items;
        let (succeeded, failed) = (
            count(ExecutionStatus::Succeeded),
            count(ExecutionStatus::Failed),
        );
        // Items that never started (a failure stopped the Map Run first) are neither.
        let counts = Counts([
            0,
            0,
            succeeded as u64,
            failed as u64,
            count(ExecutionStatus::TimedOut) as u64,
            count(ExecutionStatus::Aborted) as u64,
            total,
            (succeeded + failed) as u64,
        ]);
        Ok(DescribeMapRunOutput {
            map_run_arn: run.map_run_arn.clone(),
            execution_arn: run
                .child_execution_arn
                .clone()
                .unwrap_or_else(|| StatesArn::clone(&record.arn)),
            status: run.status.clone(),
            start_date: Timestamp(run.start_ms),
            stop_date: Some(Timestamp(run.stop_ms)),
            max_concurrency: i64::try_from(run.max_concurrency).unwrap_or(i64::MAX),
            tolerated_failure_percentage: run.tolerated_failure_percentage,
            tolerated_failure_count: i64::try_from(run.tolerated_failure_count).unwrap_or(i64::MAX),
            item_counts: counts.items(),
            execution_counts: counts.items(),
            redrive_count: Some(i64::try_from(run.redrive_count).unwrap_or(i64::MAX)),
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

    /// The history of the child execution `arn` of a Map Run (empty for an EXPRESS child);
    /// `None` when no Map Run started it.
    pub(crate) fn child_history(&self, arn: &str) -> Option<Vec<Value>> {
        if let Some(running) = self.running_child(arn) {
            return Some(running.events);
        }
        self.on_child_execution(arn, |_, run, child| {
            run.histories
                .get(&child.execution_arn)
                .cloned()
                .unwrap_or_default()
        })
    }

    /// `DescribeExecution` of a child execution: as of any execution, with the Map Run that
    /// started it (`mapRunArn`) and, for one that did not succeed, the redrive of its Map Run
    /// as the way to run it again (`REDRIVABLE_BY_MAP_RUN`).
    pub(crate) fn describe_child_execution(&self, arn: &str) -> Option<Value> {
        if let Some(running) = self.running_child(arn) {
            return Some(running.describe());
        }
        self.on_child_execution(arn, |_, run, child| {
            let mut out = json!({
                "executionArn": child.execution_arn,
                "stateMachineArn": child.state_machine_arn,
                "name": child.name,
                "status": child.status.as_str(),
                "startDate": timestamp(child.start_date),
                "stopDate": timestamp(child.stop_date),
                "input": child.input,
                "inputDetails": {"included": true},
                "mapRunArn": run.map_run_arn,
                "redriveCount": child.redrive_count,
                "redriveStatus": child.redrive_status,
            });
            if let Some(map) = out.as_object_mut() {
                let optional = [
                    ("output", child.output.clone()),
                    ("error", child.error.as_ref().map(|e| e.as_str().to_owned())),
                    ("cause", child.cause.clone()),
                    ("redriveStatusReason", child.redrive_status_reason.clone()),
                ];
                for (key, value) in optional {
                    if let Some(value) = value {
                        map.insert(key.into(), value.into());
                    }
                }
                if map.contains_key("output") {
                    map.insert("outputDetails".into(), json!({"included": true}));
                }
            }
            out
        })
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
                .map(LiveChild::list_item)
                .collect());
        }
        let (_, run) = self.map_run(arn)?;
        Ok(run
            .children
            .iter()
            .filter(|c| filter.is_none_or(|f| c.status.as_str() == f))
            .map(|c| {
                json!({
                    "executionArn": c.execution_arn,
                    "stateMachineArn": c.state_machine_arn,
                    "name": c.name,
                    "status": c.status.as_str(),
                    "startDate": timestamp(c.start_date),
                    "stopDate": timestamp(c.stop_date),
                    "mapRunArn": run.map_run_arn,
                    // How many items it processed: a batch's items, else one.
                    "itemCount": item_count(&c.input),
                })
            })
            .collect())
    }
}

/// How many items a child execution whose input is `input` (JSON text) processed: the items
/// of its batch (`{"Items": [...]}`), else one.
fn item_count(input: &str) -> usize {
    serde_json::from_str::<Value>(input)
        .ok()
        .and_then(|input| input.get("Items").and_then(Value::as_array).map(Vec::len))
        .unwrap_or(1)
}

/// A child execution of a Map Run in progress, as the service shows it: what its Map Run says
/// of it and the events its run wrote, read from the engine (every one in the database, with
/// one).
pub(crate) struct LiveChild {
    pub arn: StatesArn,
    pub map_run: StatesArn,
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
    pub fn list_item(&self) -> Value {
        let items = self.input().and_then(Value::as_str).map_or(1, item_count);
        let mut row = json!({
            "executionArn": self.arn,
            // The labelled state machine its Map Run's children run as.
            "stateMachineArn": self.map_run.state_machine(),
            "name": child_name(&self.arn),
            "status": self.status.as_str(),
            "startDate": self.started(),
            "mapRunArn": self.map_run,
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
            "stateMachineArn": self.map_run.state_machine(),
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
fn child_name(arn: &StatesArn) -> String {
    let text = arn.to_string();
    text.rsplit(':').next().unwrap_or_default().to_owned()
}

impl Service {
    /// The children of the Map Run `arn` while it runs (`None` when it does not), each with
    /// its history so far, read from the run (which holds it once); the events they show are
    /// in the database before they are shown.
    fn running_children(&self, arn: &str) -> Result<Option<Vec<LiveChild>>, ApiError> {
        let Some((record, children)) = self.on_running_map_run(arn, |record, running, run| {
            let children: Vec<LiveChild> = run
                .children
                .iter()
                .map(|child| LiveChild {
                    events: running
                        .child_history(&child.arn)
                        .unwrap_or_default()
                        .iter()
                        .map(event_json)
                        .collect(),
                    arn: child.arn.clone(),
                    map_run: run.arn.clone(),
                    status: child.status.clone(),
                    map_run_start_ms: run.start_millis,
                })
                .collect();
            (Arc::clone(record), children)
        }) else {
            return Ok(None);
        };
        // Read first: every event read was taken for the database before it was in the
        // child's history (the engine hands a child's event over, then writes it).
        self.save_events(Some(&record))?;
        Ok(Some(children))
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
                    .find(|c| c.arn.to_string() == arn);
            }
        }
        None
    }
}
