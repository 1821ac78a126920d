//! Map Runs while they run: what `DescribeMapRun` shows of a running Map Run (its limits and
//! its children's counts) and what `UpdateMapRun` changes in it (its `MaxConcurrency` and
//! tolerated failures; "You can update the values of … a Map Run that's in progress", the
//! UpdateMapRun API reference). An execution started with [`crate::StartExecution::start`] keeps them
//! ([`crate::RunningExecution::map_runs`], [`crate::RunningExecution::update_map_run`]); the
//! Map Run reads an update as soon as it is made: more children start at once when its
//! concurrency grows, and its failures are measured against the new tolerance.

use crate::execution::ExecutionStatus;
use std::task::Waker;
use workflow_aws_models::StatesArn;

/// A Map Run in progress, as `DescribeMapRun` shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct RunningMapRun {
    /// Its ARN (`arn:…:mapRun:MACHINE/LABEL:ID`).
    pub arn: StatesArn,
    /// When it started, in milliseconds since the Unix epoch (virtual time).
    pub start_millis: i64,
    /// `MaxConcurrency` (0: no limit).
    pub max_concurrency: u64,
    /// `ToleratedFailureCount` (0 when not set).
    pub tolerated_failure_count: u64,
    /// `ToleratedFailurePercentage` (0 when not set).
    pub tolerated_failure_percentage: f64,
    /// Its items (or batches).
    pub total: u64,
    /// Children running now.
    pub running: u64,
    /// Children that succeeded.
    pub succeeded: u64,
    /// Children that failed.
    pub failed: u64,
    /// Children that timed out.
    pub timed_out: u64,
    /// Children stopped.
    pub aborted: u64,
    /// Its child executions started so far (kept ones of a resumed Map Run too), in the order
    /// they started: what `ListExecutions` of the Map Run lists while it runs.
    pub children: Vec<RunningChild>,
}

/// A child execution of a Map Run in progress ([`RunningMapRun::children`]).
#[derive(Clone, Debug, PartialEq)]
pub struct RunningChild {
    /// Its ARN (`arn:…:execution:<machine>/<label>:<name>`, `…:express:…` for an EXPRESS one).
    pub arn: StatesArn,
    /// `RUNNING` while it runs, then how it ended.
    pub status: ExecutionStatus,
}

/// What `UpdateMapRun` changes; each field left `None` keeps its value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapRunUpdate {
    /// The new `MaxConcurrency` (0: no limit).
    pub max_concurrency: Option<u64>,
    /// The new `ToleratedFailureCount`.
    pub tolerated_failure_count: Option<u64>,
    /// The new `ToleratedFailurePercentage` (0 to 100).
    pub tolerated_failure_percentage: Option<f64>,
}

impl MapRunUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the new `MaxConcurrency`.
    pub fn max_concurrency(mut self, value: u64) -> Self {
        self.max_concurrency = Some(value);
        self
    }

    /// Sets the new `ToleratedFailureCount`.
    pub fn tolerated_failure_count(mut self, value: u64) -> Self {
        self.tolerated_failure_count = Some(value);
        self
    }

    /// Sets the new `ToleratedFailurePercentage`.
    pub fn tolerated_failure_percentage(mut self, value: f64) -> Self {
        self.tolerated_failure_percentage = Some(value);
        self
    }

    /// This update after `later`, which wins where both set a field.
    fn then(self, later: MapRunUpdate) -> MapRunUpdate {
        MapRunUpdate {
            max_concurrency: later.max_concurrency.or(self.max_concurrency),
            tolerated_failure_count: later
                .tolerated_failure_count
                .or(self.tolerated_failure_count),
            tolerated_failure_percentage: later
                .tolerated_failure_percentage
                .or(self.tolerated_failure_percentage),
        }
    }
}

/// What wakes a running Map Run besides its children: an `UpdateMapRun`, or a `StopExecution`
/// of its execution (the Map Run then ends `ABORTED`).
pub(crate) enum MapRunSignal {
    /// Limits to read.
    Update(MapRunUpdate),
    /// The execution was stopped.
    Stop,
}

/// A running Map Run as the hub keeps it: what it shows, the update it has not read yet, and
/// the waker of the Map Run waiting for its children.
pub(crate) struct LiveMapRun {
    pub shown: RunningMapRun,
    pub update: Option<MapRunUpdate>,
    pub waker: Option<Waker>,
    /// Its STANDARD children's histories, by ARN: each the log the child's run writes (and
    /// its Map Run's record of it keeps once it ended), shared, not copied.
    pub histories: std::collections::HashMap<StatesArn, super::event_log::EventLog>,
}

impl LiveMapRun {
    /// Records an update for the Map Run to read; its waker, to wake it.
    pub(crate) fn update(&mut self, update: MapRunUpdate) -> Option<Waker> {
        if let Some(v) = update.max_concurrency {
            self.shown.max_concurrency = v;
        }
        if let Some(v) = update.tolerated_failure_count {
            self.shown.tolerated_failure_count = v;
        }
        if let Some(v) = update.tolerated_failure_percentage {
            self.shown.tolerated_failure_percentage = v;
        }
        self.update = Some(match self.update.take() {
            Some(earlier) => earlier.then(update),
            None => update,
        });
        self.waker.take()
    }

    /// Counts the child `arn` that started (`None`) or ended with `status`.
    pub(crate) fn child(&mut self, arn: &StatesArn, ended: Option<&ExecutionStatus>) {
        let shown = &mut self.shown;
        match ended {
            None => {
                shown.running += 1;
                shown.children.push(RunningChild {
                    arn: arn.clone(),
                    status: ExecutionStatus::Running,
                });
            }
            Some(status) => {
                shown.running = shown.running.saturating_sub(1);
                // The latest start of that ARN (a child runs once per Map Run).
                if let Some(child) = shown.children.iter_mut().rev().find(|c| &c.arn == arn) {
                    child.status = status.clone();
                }
                match status {
                    ExecutionStatus::Succeeded => shown.succeeded += 1,
                    ExecutionStatus::TimedOut => shown.timed_out += 1,
                    ExecutionStatus::Aborted => shown.aborted += 1,
                    _ => shown.failed += 1,
                }
            }
        }
    }
}
