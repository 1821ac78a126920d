//! Map Runs: `ListMapRuns`, `DescribeMapRun`, `UpdateMapRun`, and `ListExecutions` of a Map
//! Run's child executions. A running execution shows its Map Runs in progress (status
//! `RUNNING`, their counts so far) and `UpdateMapRun` changes them while they run; an ended
//! execution's Map Runs are the engine's report of them, and cannot be changed any more.

use super::database::MapRunUpdated;
use super::pages::{Order, Place, listed};
use super::protocol::{ApiError, Timestamp};
use super::records::{ChildRecord, ExecutionRecord, MapRunRecord, RunState};
use super::requests::{
    ArnMember, DescribeExecutionOutput, DescribeMapRunInput, DescribeMapRunOutput,
    ExecutionListItem, ExecutionRedriveStatus, ListMapRunsInput, ListMapRunsOutput,
    MapRunItemCounts, MapRunListItem, UpdateMapRunInput, UpdateMapRunOutput,
};
use super::service::{Service, lock, now_ms};
use super::visible::included;
use serde_json::Value;
use std::sync::Arc;
use workflow_aws_models::{ResourceType, StatesArn};
use workflow_runtime::engine::{CurrentMapRun, MapRunUpdate, RunningMapRun};
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

/// Where a Map Run is now: in progress in a running execution, or ended (in a running one, or
/// in one that ended: its record's), with the execution that holds it.
enum Found {
    Running(Arc<ExecutionRecord>, Box<RunningMapRun>),
    Ended(Arc<ExecutionRecord>, Box<MapRunRecord>),
}

/// The Map Run `arn` wherever it is now, or `ResourceNotFound`. The execution that holds one
/// passes from running to ending to finished, and its Map Run from in progress to ended,
/// each step keeping it where a reader finds it before it leaves the place it was: so it is
/// found at every moment.
async fn find(service: &Service, arn: &StatesArn) -> Result<Found, ApiError> {
    let not_found = || ApiError::new("ResourceNotFound", format!("Resource not found: '{arn}'"));
    for record in service.roster.running() {
        let found = match &*lock(&record.run) {
            RunState::Running(live) => match live.execution.map_run_now(arn) {
                Some(CurrentMapRun::Running(run)) => Some(Found::Running(Arc::clone(&record), run)),
                Some(CurrentMapRun::Ended(run)) => Some(Found::Ended(
                    Arc::clone(&record),
                    Box::new(MapRunRecord::of(&run, None)),
                )),
                None => None,
            },
            RunState::Ending(finished) => finished
                .map_runs
                .iter()
                .find(|run| run.map_run_arn == *arn)
                .map(|run| Found::Ended(Arc::clone(&record), Box::new(run.clone()))),
            // Ended since it was listed: its Map Runs are indexed (before it read ended).
            RunState::Done(_) | RunState::Interrupted => None,
        };
        if let Some(found) = found {
            return Ok(found);
        }
    }
    let execution = service
        .record
        .archive
        .map_runs
        .execution_of(arn)
        .ok_or_else(not_found)?;
    let record = service.roster.get(&execution).ok_or_else(not_found)?;
    let done = super::visible::finished(service, &record).await?;
    let run = done
        .map_runs
        .iter()
        .find(|r| &r.map_run_arn == arn)
        .cloned()
        .ok_or_else(not_found)?;
    Ok(Found::Ended(record, Box::new(run)))
}

pub(crate) async fn list_map_runs(
    service: Arc<Service>,
    r: ListMapRunsInput,
) -> Result<ListMapRunsOutput, ApiError> {
    // A child execution of a Map Run lists the Map Runs of its own Distributed Maps.
    let (record, child) = match super::visible::execution(&service, &r.execution_arn).await {
        Ok(record) => (record, None),
        Err(e) => {
            let Ok(arn) = r
                .execution_arn
                .of(&[ResourceType::Execution, ResourceType::Express])
            else {
                return Err(e);
            };
            match ended_child(&service, arn).await {
                Some((record, _, child)) => (record, Some(child.execution_arn)),
                None => return Err(e),
            }
        }
    };
    let execution_arn = child.clone().unwrap_or_else(|| (*record.arn).clone());
    let written = super::visible::settled(&record).await;
    let shown_now: Option<Vec<MapRunListItem>> = match (&written.end, &*lock(&record.run)) {
        (Some(_), _) => None,
        // Its Map Runs in progress are known to its run, which this server has not.
        (None, RunState::Interrupted | RunState::Done(_)) => Some(Vec::new()),
        // The Map Runs shown while it runs are the execution's own.
        (None, _) if child.is_some() => Some(Vec::new()),
        (None, RunState::Running(live)) => {
            let item = |arn: &StatesArn, start: i64, stop: Option<i64>| MapRunListItem {
                execution_arn: StatesArn::clone(&record.arn),
                map_run_arn: arn.clone(),
                state_machine_arn: arn
                    .state_machine()
                    .unwrap_or_else(|| record.machine.arn.clone()),
                start_date: Timestamp(start),
                stop_date: stop.map(Timestamp),
            };
            let ended = live.execution.ended_map_runs_now();
            let running = live.execution.map_runs_now();
            Some(
                ended
                    .iter()
                    .map(|run| item(&run.arn, run.start_millis, Some(run.stop_millis)))
                    .chain(
                        running
                            .iter()
                            .map(|run| item(&run.arn, run.start_millis, None)),
                    )
                    .collect(),
            )
        }
        (None, RunState::Ending(finished)) => Some(
            finished
                .map_runs
                .iter()
                .filter(|run| run.child_execution_arn.is_none())
                .map(|run| list_item(&record, &execution_arn, run))
                .collect(),
        ),
    };
    let runs: Vec<MapRunListItem> = match shown_now {
        Some(rows) => rows,
        None => super::visible::finished(&service, &record)
            .await?
            .map_runs
            .iter()
            .filter(|run| run.child_execution_arn == child)
            .map(|run| list_item(&record, &execution_arn, run))
            .collect(),
    };
    // In the order they started.
    let page = listed(
        &r,
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

/// The row of `ListMapRuns` of the ended Map Run `run` of the execution `record` (or of its
/// child `execution_arn`).
fn list_item(
    record: &ExecutionRecord,
    execution_arn: &StatesArn,
    run: &MapRunRecord,
) -> MapRunListItem {
    MapRunListItem {
        execution_arn: execution_arn.clone(),
        map_run_arn: run.map_run_arn.clone(),
        state_machine_arn: run
            .children
            .first()
            .map(|c| c.state_machine_arn.clone())
            .unwrap_or_else(|| record.machine.arn.clone()),
        start_date: Timestamp(run.start_ms),
        stop_date: Some(Timestamp(run.stop_ms)),
    }
}

pub(crate) async fn describe_map_run(
    service: Arc<Service>,
    r: DescribeMapRunInput,
) -> Result<DescribeMapRunOutput, ApiError> {
    let arn = r.map_run_arn.of(&[ResourceType::MapRun])?;
    let (record, run) = match find(&service, arn).await? {
        Found::Running(record, run) => return Ok(describe_running(&record.arn, &run)),
        Found::Ended(record, run) => (record, run),
    };
    let (items, executions) = ended_counts(&run);
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
        item_counts: items.items(),
        execution_counts: executions.items(),
        redrive_count: Some(i64::try_from(run.redrive_count).unwrap_or(i64::MAX)),
        redrive_date: None,
    })
}

/// The counts of the ended Map Run `run`, its items' and its child executions', each adding
/// up to its total (the API reference, `MapRunItemCounts` and `MapRunExecutionCounts`). An
/// item no child execution was started for (a failure, or a stop, ended the Map Run first)
/// counts as aborted among the items, "stopped … by Step Functions, because the Map Run
/// failed" (`MapRunItemCounts.aborted`), and nowhere among the executions: "the total number
/// of child workflow executions that were started by a Map Run"
/// (`MapRunExecutionCounts.total`).
fn ended_counts(run: &MapRunRecord) -> (Counts, Counts) {
    let count =
        |status: ExecutionStatus| run.children.iter().filter(|c| c.status == status).count() as u64;
    let (succeeded, failed, timed_out, aborted) = (
        count(ExecutionStatus::Succeeded),
        count(ExecutionStatus::Failed),
        count(ExecutionStatus::TimedOut),
        count(ExecutionStatus::Aborted),
    );
    let started = run.children.len() as u64;
    let never_started = run.items.saturating_sub(started);
    let written = succeeded + failed;
    let executions = Counts([
        0, 0, succeeded, failed, timed_out, aborted, started, written,
    ]);
    let items = Counts([
        0,
        0,
        succeeded,
        failed,
        timed_out,
        aborted + never_started,
        started + never_started,
        written,
    ]);
    (items, executions)
}

pub(crate) async fn update_map_run(
    service: Arc<Service>,
    r: UpdateMapRunInput,
) -> Result<UpdateMapRunOutput, ApiError> {
    let arn = r.map_run_arn.of(&[ResourceType::MapRun])?;
    let update = map_run_update(&r);
    let record = match find(&service, arn).await? {
        Found::Running(record, _) => record,
        Found::Ended(..) => {
            return Err(ApiError::validation(format!(
                "the Map Run '{}' has ended; UpdateMapRun changes a running Map Run",
                r.map_run_arn.text()
            )));
        }
    };
    let updating = match &*lock(&record.run) {
        RunState::Running(live) => Some(live.execution.update_map_run(arn, update)),
        _ => None,
    };
    let Some(updating) = updating else {
        return Err(ApiError::new(
            "ResourceNotFound",
            format!("Resource not found: '{arn}'"),
        ));
    };
    updating
        .await
        .map_err(|e| super::protocol::callback_error(&e))?;
    // Written before the answer (no history event records it): a resumed Map Run runs with it.
    let written = MapRunUpdated {
        map_run: arn.clone(),
        max_concurrency: r.max_concurrency.and_then(|n| u64::try_from(n).ok()),
        tolerated_failure_count: r
            .tolerated_failure_count
            .and_then(|n| u64::try_from(n).ok()),
        tolerated_failure_percentage: r.tolerated_failure_percentage,
    };
    let execution = StatesArn::clone(&record.arn);
    service
        .record
        .writer
        .submit(Box::new(move |tx| {
            crate::database::write::map_run_update(tx, &execution, &written)
        }))
        .written()
        .await?;
    Ok(UpdateMapRunOutput {})
}

/// The child execution `arn` of an ended Map Run (of a finished execution, at any depth): the
/// execution whose Map Runs hold it, the Map Run's record and the child's.
async fn ended_child(
    service: &Service,
    arn: &StatesArn,
) -> Option<(Arc<ExecutionRecord>, MapRunRecord, ChildRecord)> {
    let map_run = service.record.archive.map_runs.map_run_of(arn)?;
    let Found::Ended(record, run) = find(service, &map_run).await.ok()? else {
        return None;
    };
    let child = run.child(arn)?.clone();
    Some((record, *run, child))
}

/// The history of the child execution `arn` of a Map Run, in the protocol's shape (empty for
/// an EXPRESS child); `None` when no Map Run started it.
pub(crate) async fn child_history(service: &Service, arn: &StatesArn) -> Option<Vec<HistoryEvent>> {
    if let Some(running) = running_child(service, arn).await {
        return Some(running.events);
    }
    let (_, run, child) = ended_child(service, arn).await?;
    Some(
        run.histories
            .get(&child.execution_arn)
            .cloned()
            .unwrap_or_default(),
    )
}

/// `DescribeExecution` of a child execution: as of any execution, with the Map Run that started
/// it (`mapRunArn`) and, for one that did not succeed, the redrive of its Map Run as the way to
/// run it again (`REDRIVABLE_BY_MAP_RUN`); `None` when no Map Run started it.
pub(crate) async fn describe_child_execution(
    service: &Service,
    arn: &StatesArn,
) -> Option<DescribeExecutionOutput> {
    if let Some(running) = running_child(service, arn).await {
        return Some(running.describe());
    }
    let (_, run, child) = ended_child(service, arn).await?;
    Some(child.describe(&run.map_run_arn))
}

/// `ListExecutions` of the Map Run `map_run`: its child executions in the order they were
/// dispatched, those of `status_filter` when it is given.
pub(crate) async fn map_run_executions(
    service: &Service,
    map_run: &ArnMember,
    status_filter: Option<&ExecutionStatus>,
) -> Result<Vec<ExecutionListItem>, ApiError> {
    let arn = map_run.of(&[ResourceType::MapRun])?;
    let shown = |status: &ExecutionStatus| status_filter.is_none_or(|f| f == status);
    let run = match find(service, arn).await? {
        Found::Running(record, run) => {
            let children = running_children(service, &record, &run).await?;
            return Ok(children
                .iter()
                .filter(|c| shown(&c.status))
                .map(LiveChild::list_item)
                .collect());
        }
        Found::Ended(_, run) => run,
    };
    Ok(run
        .children
        .iter()
        .filter(|c| shown(&c.status))
        .map(|c| c.list_item(&run.map_run_arn))
        .collect())
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
    pub(crate) fn list_item(&self) -> ExecutionListItem {
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
    pub(crate) fn describe(&self) -> DescribeExecutionOutput {
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
            EventKind::ExecutionAborted { .. } => Some(kind),
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

/// The children of the Map Run `run` of the running execution `record`, each with its history
/// so far, read from the run (which holds it once); the events they show are in the database
/// before they are shown.
async fn running_children(
    service: &Service,
    record: &Arc<ExecutionRecord>,
    run: &RunningMapRun,
) -> Result<Vec<LiveChild>, ApiError> {
    let children: Vec<LiveChild> = match &*lock(&record.run) {
        RunState::Running(live) => run
            .children
            .iter()
            .map(|child| LiveChild {
                events: live.execution.child_history(&child.arn).unwrap_or_default(),
                state_machine: child
                    .arn
                    .state_machine()
                    .unwrap_or_else(|| record.machine.arn.clone()),
                arn: child.arn.clone(),
                map_run: run.arn.clone(),
                status: child.status.clone(),
                map_run_start_ms: run.start_millis,
            })
            .collect(),
        _ => Vec::new(),
    };
    // Read first: every event read was taken for the database before it was in the child's
    // history (the engine hands a child's event over, then writes it); the writer's next batch
    // writes them.
    service.record.writer.flush(&record.arn).written().await?;
    Ok(children)
}

/// The child execution `arn` of a Map Run in progress, with its history so far (in the
/// database first); `None` when no running Map Run started it.
async fn running_child(service: &Service, arn: &StatesArn) -> Option<LiveChild> {
    for record in service.roster.running() {
        let found = match &*lock(&record.run) {
            // As they are now: an execution busy in a Task (a `.sync` child it waits for, a
            // Task asking this very service) is not waited for.
            RunState::Running(live) => live
                .execution
                .map_runs_now()
                .into_iter()
                .find(|run| run.children.iter().any(|c| c.arn == *arn)),
            _ => None,
        };
        if let Some(run) = found {
            return running_children(service, &record, &run)
                .await
                .ok()?
                .into_iter()
                .find(|c| c.arn == *arn);
        }
    }
    None
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
