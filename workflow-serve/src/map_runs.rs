//! Map Runs: `ListMapRuns`, `DescribeMapRun`, `UpdateMapRun`, and `ListExecutions` of a Map
//! Run's child executions. A running execution shows its Map Runs in progress (status
//! `RUNNING`, their counts so far) and `UpdateMapRun` changes them while they run; an ended
//! execution's Map Runs are the engine's report of them, and cannot be changed any more.

use super::database::MapRunUpdated;
use super::executions::included;
use super::pages::{Order, Place, listed};
use super::protocol::{ApiError, Timestamp};
use super::records::{ChildRecord, ExecutionRecord, MapRunRecord, RunState};
use super::requests::{
    ArnMember, DescribeExecutionOutput, DescribeMapRunInput, DescribeMapRunOutput,
    ExecutionListItem, ExecutionRedriveStatus, ListMapRunsInput, ListMapRunsOutput,
    MapRunItemCounts, MapRunListItem, UpdateMapRunInput, UpdateMapRunOutput,
};
use super::service::{Service, lock, now_ms};
use serde_json::Value;
use std::sync::Arc;
use workflow_aws_models::{ResourceType, StatesArn};
use workflow_runtime::engine::{MapRunUpdate, RunningExecution, RunningMapRun};
use workflow_runtime::execution::{EventKind, ExecutionStatus, HistoryEvent, JsonText};

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

/// What a stored `UpdateMapRun` changed, as the engine takes it.
pub(crate) fn stored_update(updated: &MapRunUpdated) -> MapRunUpdate {
    let mut update = MapRunUpdate::new();
    if let Some(n) = updated.max_concurrency {
        update = update.max_concurrency(n);
    }
    if let Some(n) = updated.tolerated_failure_count {
        update = update.tolerated_failure_count(n);
    }
    if let Some(p) = updated.tolerated_failure_percentage {
        update = update.tolerated_failure_percentage(p);
    }
    update
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
        arn: &StatesArn,
        f: impl FnOnce(&Arc<ExecutionRecord>, &MapRunRecord, &ChildRecord) -> T,
    ) -> Option<T> {
        let map_run = lock(&self.map_run_index)
            .map_run_children
            .get(arn)
            .cloned()?;
        let (record, run) = self.ended_map_run(&map_run).ok()?;
        let child = run.child(arn)?;
        Some(f(&record, &run, child))
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
        arn: &StatesArn,
        f: impl FnOnce(&Arc<ExecutionRecord>, &RunningExecution, &RunningMapRun) -> T,
    ) -> Option<T> {
        for record in self.running_executions() {
            if let RunState::Running(live) = &*self.state(&record)
                && let Some(run) = futures::executor::block_on(live.execution.map_runs())
                    .into_iter()
                    .find(|run| run.arn == *arn)
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
                let child = r
                    .execution_arn
                    .of(&[ResourceType::Execution, ResourceType::Express])
                    .ok()
                    .and_then(|arn| {
                        self.on_child_execution(arn, |record, _, child| {
                            (Arc::clone(record), child.execution_arn.clone())
                        })
                    });
                match child {
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
                futures::executor::block_on(live.execution.map_runs())
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
        let arn = r.map_run_arn.of(&[ResourceType::MapRun])?;
        if let Some(running) =
            self.on_running_map_run(arn, |record, _, run| describe_running(&record.arn, run))
        {
            return Ok(running);
        }
        let (record, run) = self.ended_map_run(arn)?;
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
        let arn = r.map_run_arn.of(&[ResourceType::MapRun])?;
        let update = map_run_update(r);
        if let Some((record, updated)) = self.on_running_map_run(arn, |record, running, _| {
            (
                Arc::clone(record),
                futures::executor::block_on(running.update_map_run(arn, update)),
            )
        }) {
            updated.map_err(|e| super::callbacks::callback_error(&e))?;
            // Written before the answer (no history event records it): a resumed Map Run
            // runs with it.
            let written = MapRunUpdated {
                map_run: arn.clone(),
                max_concurrency: r.max_concurrency.and_then(|n| u64::try_from(n).ok()),
                tolerated_failure_count: r
                    .tolerated_failure_count
                    .and_then(|n| u64::try_from(n).ok()),
                tolerated_failure_percentage: r.tolerated_failure_percentage,
            };
            let execution = StatesArn::clone(&record.arn);
            self.save(Box::new(move |tx| {
                super::database::write::map_run_update(tx, &execution, &written)
            }))?;
            return Ok(UpdateMapRunOutput {});
        }
        self.ended_map_run(arn)?;
        Err(ApiError::validation(format!(
            "the Map Run '{}' has ended; UpdateMapRun changes a running Map Run",
            r.map_run_arn.text()
        )))
    }

    /// The history of the child execution `arn` of a Map Run, in the protocol's shape (empty
    /// for an EXPRESS child); `None` when no Map Run started it.
    pub(crate) fn child_history(&self, arn: &StatesArn) -> Option<Vec<HistoryEvent>> {
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
    /// as the way to run it again (`REDRIVABLE_BY_MAP_RUN`); `None` when no Map Run started
    /// it.
    pub(crate) fn describe_child_execution(
        &self,
        arn: &StatesArn,
    ) -> Option<DescribeExecutionOutput> {
        if let Some(running) = self.running_child(arn) {
            return Some(running.describe());
        }
        self.on_child_execution(arn, |_, run, child| child.describe(&run.map_run_arn))
    }

    /// `ListExecutions` of the Map Run `map_run`: its child executions in the order they were
    /// dispatched, those of `status_filter` when it is given.
    pub(crate) fn map_run_executions(
        &self,
        map_run: &ArnMember,
        status_filter: Option<&ExecutionStatus>,
    ) -> Result<Vec<ExecutionListItem>, ApiError> {
        let arn = map_run.of(&[ResourceType::MapRun])?;
        let shown = |status: &ExecutionStatus| status_filter.is_none_or(|f| f == status);
        if let Some(running) = self.running_children(arn)? {
            return Ok(running
                .iter()
                .filter(|c| shown(&c.status))
                .map(LiveChild::list_item)
                .collect());
        }
        let (_, run) = self.ended_map_run(arn)?;
        Ok(run
            .children
            .iter()
            .filter(|c| shown(&c.status))
            .map(|c| c.list_item(&run.map_run_arn))
            .collect())
    }
}

/// How many items a child execution whose input is `input` (JSON text) processed: the items
/// of its batch (`{"Items": [...]}`), else one.
fn item_count(input: &str) -> i64 {
    serde_json::from_str::<Value>(input)
        .ok()
        .and_then(|input| input.get("Items").and_then(Value::as_array).map(Vec::len))
        .map_or(1, |n| i64::try_from(n).unwrap_or(i64::MAX))
}

/// The answers about a child execution of a Map Run that ended, from the record its Map Run
/// keeps of it.
impl ChildRecord {
    /// Its `DescribeExecution` answer; `map_run` is its Map Run's ARN.
    fn describe(&self, map_run: &StatesArn) -> DescribeExecutionOutput {
        DescribeExecutionOutput {
            execution_arn: self.execution_arn.clone(),
            state_machine_arn: self.state_machine_arn.clone(),
            name: Some(self.name.clone()),
            status: self.status.clone(),
            start_date: Timestamp(self.start_date),
            stop_date: Some(Timestamp(self.stop_date)),
            input: Some(self.input.clone()),
            input_details: included(),
            output_details: self.output.as_ref().and(included()),
            output: self.output.clone(),
            trace_header: None,
            map_run_arn: Some(map_run.clone()),
            error: self.error.as_ref().map(|e| e.as_str().to_owned()),
            cause: self.cause.clone(),
            state_machine_version_arn: None,
            state_machine_alias_arn: None,
            redrive_count: Some(i64::try_from(self.redrive_count).unwrap_or(i64::MAX)),
            redrive_date: None,
            redrive_status: Some(self.redrive_status),
            redrive_status_reason: self.redrive_status_reason.clone(),
        }
    }

    /// Its row of `ListExecutions` with `mapRunArn`; `map_run` is its Map Run's ARN.
    fn list_item(&self, map_run: &StatesArn) -> ExecutionListItem {
        ExecutionListItem {
            execution_arn: self.execution_arn.clone(),
            state_machine_arn: self.state_machine_arn.clone(),
            name: self.name.clone(),
            status: self.status.clone(),
            start_date: Timestamp(self.start_date),
            stop_date: Some(Timestamp(self.stop_date)),
            map_run_arn: Some(map_run.clone()),
            // How many items it processed: a batch's items, else one.
            item_count: Some(item_count(&self.input)),
            state_machine_version_arn: None,
            state_machine_alias_arn: None,
            redrive_count: None,
            redrive_date: None,
        }
    }
}

/// A child execution of a Map Run in progress, as the service shows it: what its Map Run says
/// of it and the events its run wrote, read from the engine (every one in the database, with
/// one).
pub(crate) struct LiveChild {
    pub arn: StatesArn,
    pub map_run: StatesArn,
    /// The labelled state machine its Map Run's children run as.
    state_machine: StatesArn,
    pub status: ExecutionStatus,
    /// Its history so far (none for an EXPRESS child, which has none to show).
    pub events: Vec<HistoryEvent>,
    /// When its Map Run started: the start shown of a child with no history.
    map_run_start_ms: i64,
}

impl LiveChild {
    /// What its last event of the kind `pick` takes says.
    fn last<'e, T>(&'e self, pick: impl Fn(&'e EventKind) -> Option<T>) -> Option<T> {
        self.events.iter().rev().find_map(|e| pick(&e.kind))
    }

    /// Its name: its ARN's (an EXPRESS child's ARN ends with an id after it).
    fn name(&self) -> String {
        self.arn.execution_name().unwrap_or_default().to_owned()
    }

    fn started(&self) -> Timestamp {
        Timestamp(
            self.events
                .first()
                .map_or(self.map_run_start_ms, |e| e.timestamp_millis),
        )
    }

    /// When it ended (`None` while it runs): its last event's time.
    fn stopped(&self) -> Option<Timestamp> {
        if self.status == ExecutionStatus::Running {
            return None;
        }
        Some(Timestamp(
            self.events
                .last()
                .map_or_else(now_ms, |e| e.timestamp_millis),
        ))
    }

    /// Its input as it was given (`ExecutionStarted`'s).
    fn input(&self) -> Option<&JsonText> {
        self.last(|kind| match kind {
            EventKind::ExecutionStarted { input, .. } => Some(input),
            _ => None,
        })
    }

    /// Its row of `ListExecutions` with `mapRunArn`.
    pub fn list_item(&self) -> ExecutionListItem {
        ExecutionListItem {
            execution_arn: self.arn.clone(),
            state_machine_arn: self.state_machine.clone(),
            name: self.name(),
            status: self.status.clone(),
            start_date: self.started(),
            stop_date: self.stopped(),
            map_run_arn: Some(self.map_run.clone()),
            // How many items it processes: a batch's items, else one.
            item_count: Some(self.input().map_or(1, |input| item_count(input.as_str()))),
            state_machine_version_arn: None,
            state_machine_alias_arn: None,
            redrive_count: None,
            redrive_date: None,
        }
    }

    /// `DescribeExecution`'s answer: as of a finished child, `RUNNING` while it runs.
    pub fn describe(&self) -> DescribeExecutionOutput {
        let (redrive, reason) = match self.status {
            ExecutionStatus::Running => (
                ExecutionRedriveStatus::NotRedrivable,
                Some("Execution is RUNNING and cannot be redriven"),
            ),
            ExecutionStatus::Succeeded => (
                ExecutionRedriveStatus::NotRedrivable,
                Some("Execution is SUCCEEDED and cannot be redriven"),
            ),
            // Its Map Run's redrive runs it again.
            _ => (ExecutionRedriveStatus::RedrivableByMapRun, None),
        };
        let output = self.last(|kind| match kind {
            EventKind::ExecutionSucceeded { output } => Some(output.as_str().to_owned()),
            _ => None,
        });
        // How it ended, when it failed, timed out or was stopped.
        let failure = self.last(|kind| match kind {
            EventKind::ExecutionFailed { .. } | EventKind::ExecutionTimedOut { .. } => Some(kind),
            EventKind::Other { event_type, .. } if event_type == "ExecutionAborted" => Some(kind),
            _ => None,
        });
        let redrives = self
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::ExecutionRedriven { .. }))
            .count();
        DescribeExecutionOutput {
            execution_arn: self.arn.clone(),
            state_machine_arn: self.state_machine.clone(),
            name: Some(self.name()),
            status: self.status.clone(),
            start_date: self.started(),
            stop_date: self.stopped(),
            input: Some(self.input().map_or("{}", JsonText::as_str).to_owned()),
            input_details: included(),
            output_details: output.as_ref().and(included()),
            output,
            trace_header: None,
            map_run_arn: Some(self.map_run.clone()),
            error: failure.and_then(EventKind::error).map(str::to_owned),
            // An empty cause is none, as its event writes it.
            cause: failure
                .and_then(EventKind::cause)
                .filter(|cause| !cause.is_empty())
                .map(str::to_owned),
            state_machine_version_arn: None,
            state_machine_alias_arn: None,
            redrive_count: Some(i64::try_from(redrives).unwrap_or(i64::MAX)),
            redrive_date: None,
            redrive_status: Some(redrive),
            redrive_status_reason: reason.map(str::to_owned),
        }
    }
}

impl Service {
    /// The children of the Map Run `arn` while it runs (`None` when it does not), each with
    /// its history so far, read from the run (which holds it once); the events they show are
    /// in the database before they are shown.
    fn running_children(&self, arn: &StatesArn) -> Result<Option<Vec<LiveChild>>, ApiError> {
        let Some((record, children)) = self.on_running_map_run(arn, |record, running, run| {
            let children: Vec<LiveChild> = run
                .children
                .iter()
                .map(|child| LiveChild {
                    events: running.child_history(&child.arn).unwrap_or_default(),
                    state_machine: child
                        .arn
                        .state_machine()
                        .unwrap_or_else(|| record.machine.arn.clone()),
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
        // child's history (the engine hands a child's event over, then writes it); the
        // writer's next batch writes them.
        self.writer.flush(&record).wait_blocking()?;
        Ok(Some(children))
    }

    /// The child execution `arn` of a Map Run in progress, with its history so far (in the
    /// database first); `None` when no running Map Run started it.
    fn running_child(&self, arn: &StatesArn) -> Option<LiveChild> {
        for record in self.running_executions() {
            let found = match &*self.state(&record) {
                // As they are now: an execution busy in a Task (a `.sync` child it waits for,
                // a Task asking this very service) is not waited for.
                RunState::Running(live) => live
                    .execution
                    .map_runs_now()
                    .into_iter()
                    .find(|run| run.children.iter().any(|c| c.arn == *arn)),
                _ => None,
            };
            if let Some(run) = found {
                return self
                    .running_children(&run.arn)
                    .ok()
                    .flatten()?
                    .into_iter()
                    .find(|c| c.arn == *arn);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::LiveChild;
    use crate::protocol::Timestamp;
    use crate::requests::ExecutionRedriveStatus;
    use workflow_asl::ErrorName;
    use workflow_aws_models::StatesArn;
    use workflow_runtime::execution::{EventKind, ExecutionStatus, HistoryEvent, JsonText};

    const ACCOUNT: &str = "arn:aws:states:us-east-1:123456789012";

    fn arn(resource: &str) -> StatesArn {
        format!("{ACCOUNT}:{resource}").parse().expect("an ARN")
    }

    fn child(arn: StatesArn, status: ExecutionStatus, events: Vec<HistoryEvent>) -> LiveChild {
        LiveChild {
            state_machine: arn.state_machine().expect("a machine"),
            arn,
            map_run: self::arn("mapRun:Orders/Items:4d1c"),
            status,
            events,
            map_run_start_ms: 1_000,
        }
    }

    fn event(id: u64, timestamp_millis: i64, kind: EventKind) -> HistoryEvent {
        HistoryEvent {
            id,
            previous_event_id: id.saturating_sub(1),
            timestamp_millis,
            kind,
        }
    }

    #[test]
    fn a_running_express_childs_name_is_its_arns_name_not_the_id_after_it() {
        let express = child(
            arn("express:Orders/Items:5f0e:9a7b"),
            ExecutionStatus::Running,
            Vec::new(),
        );
        let row = express.list_item();
        assert_eq!(row.name, "5f0e");
        assert_eq!(row.state_machine_arn, arn("stateMachine:Orders/Items"));
        assert_eq!(row.map_run_arn, Some(arn("mapRun:Orders/Items:4d1c")));
        // No history: it started when its Map Run did, and processes one item.
        assert_eq!((row.start_date, row.stop_date), (Timestamp(1_000), None));
        assert_eq!(row.item_count, Some(1));
        let described = express.describe();
        assert_eq!(described.name.as_deref(), Some("5f0e"));
        assert_eq!(described.input.as_deref(), Some("{}"));
        assert_eq!(
            (
                described.redrive_status,
                described.redrive_status_reason.as_deref()
            ),
            (
                Some(ExecutionRedriveStatus::NotRedrivable),
                Some("Execution is RUNNING and cannot be redriven")
            )
        );
    }

    #[test]
    fn a_failed_running_map_runs_child_is_described_from_its_typed_history() {
        let started = EventKind::ExecutionStarted {
            input: JsonText::from(r#"{"Items":[1,2,3]}"#),
            role_arn: None,
        };
        let failed = EventKind::ExecutionFailed {
            error: Some(ErrorName::from("Oops")),
            cause: String::new(),
        };
        let standard = child(
            arn("execution:Orders/Items:7c21"),
            ExecutionStatus::Failed,
            vec![event(1, 2_000, started), event(2, 3_500, failed)],
        );
        let row = standard.list_item();
        assert_eq!((row.name.as_str(), row.item_count), ("7c21", Some(3)));
        assert_eq!(
            (row.start_date, row.stop_date),
            (Timestamp(2_000), Some(Timestamp(3_500)))
        );
        let described = standard.describe();
        assert_eq!(described.input.as_deref(), Some(r#"{"Items":[1,2,3]}"#));
        assert_eq!(described.error.as_deref(), Some("Oops"));
        // An empty cause is none, as the event writes it.
        assert_eq!(described.cause, None);
        assert_eq!((described.output, described.output_details), (None, None));
        assert_eq!(
            described.redrive_status,
            Some(ExecutionRedriveStatus::RedrivableByMapRun)
        );
        assert_eq!(described.redrive_count, Some(0));
        assert_eq!(described.stop_date, Some(Timestamp(3_500)));
    }
}
