//! Map Runs: the runs of a Distributed Map state, each with its child executions
//! (`ListMapRuns`, `DescribeMapRun`, `UpdateMapRun`).

use super::error::answered_arn;
use super::execution::{ExecutionRef, system_time};
use super::{Client, Error, Result};
use crate::execution::ExecutionStatus;
use std::time::SystemTime;
use workflow_aws_models::StatesArn;

/// One Map Run as `ListMapRuns` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapRunSummary {
    /// The Map Run's ARN.
    pub arn: StatesArn,
    /// The execution whose Distributed Map started it.
    pub execution_arn: StatesArn,
    /// The state machine of that execution.
    pub state_machine_arn: StatesArn,
    /// When it started (`None` when the date is out of the system's range).
    pub start_date: Option<SystemTime>,
    /// When it ended, if it has.
    pub stop_date: Option<SystemTime>,
}

/// How many items, or child executions, of a Map Run are in each state (`DescribeMapRun`'s
/// `itemCounts` and `executionCounts`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MapRunCounts {
    /// Not started yet.
    pub pending: i64,
    /// Running.
    pub running: i64,
    /// Succeeded.
    pub succeeded: i64,
    /// Failed.
    pub failed: i64,
    /// Timed out.
    pub timed_out: i64,
    /// Aborted.
    pub aborted: i64,
    /// All of them.
    pub total: i64,
    /// Whose results the `ResultWriter` wrote.
    pub results_written: i64,
    /// Failed and not redrivable (`None` when the service does not say).
    pub failures_not_redrivable: Option<i64>,
    /// To be run again by a redrive in progress (`None` when the service does not say).
    pub pending_redrive: Option<i64>,
}

/// What `DescribeMapRun` says about a Map Run.
#[derive(Clone, Debug, PartialEq)]
pub struct MapRunDescription {
    /// The Map Run's ARN.
    pub arn: StatesArn,
    /// The execution whose Distributed Map started it.
    pub execution_arn: StatesArn,
    /// `RUNNING`, `SUCCEEDED`, `FAILED` or `ABORTED`.
    pub status: ExecutionStatus,
    /// When it started.
    pub start_date: Option<SystemTime>,
    /// When it ended, if it has.
    pub stop_date: Option<SystemTime>,
    /// How many child executions run at once (0: as many as the service allows).
    pub max_concurrency: i32,
    /// The percentage of failed items tolerated before the Map Run fails.
    pub tolerated_failure_percentage: f32,
    /// The number of failed items tolerated before the Map Run fails.
    pub tolerated_failure_count: i64,
    /// Its items by state.
    pub item_counts: MapRunCounts,
    /// Its child executions by state.
    pub execution_counts: MapRunCounts,
    /// How many times it was redriven (`None` when the service does not say).
    pub redrive_count: Option<i32>,
}

/// A Map Run, by ARN: describe it or change how it runs.
#[derive(Clone, Debug)]
pub struct MapRunRef {
    client: Client,
    arn: StatesArn,
}

impl Client {
    /// A handle to the Map Run `arn` (from [`ExecutionRef::list_map_runs`] or a
    /// `MapRunStarted` event).
    pub fn map_run(&self, arn: StatesArn) -> MapRunRef {
        MapRunRef {
            client: self.clone(),
            arn,
        }
    }
}

impl ExecutionRef {
    /// The Map Runs this execution's Distributed Maps started (`ListMapRuns`, every page).
    pub async fn list_map_runs(&self) -> Result<Vec<MapRunSummary>> {
        let mut out = Vec::new();
        let mut pages = self
            .client
            .sfn
            .list_map_runs()
            .execution_arn(self.arn.to_string())
            .max_results(1000)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| Error::from_sdk("ListMapRuns", e))?;
            for m in page.map_runs() {
                out.push(MapRunSummary {
                    arn: answered_arn("ListMapRuns", m.map_run_arn())?,
                    execution_arn: answered_arn("ListMapRuns", m.execution_arn())?,
                    state_machine_arn: answered_arn("ListMapRuns", m.state_machine_arn())?,
                    start_date: system_time(m.start_date()),
                    stop_date: m.stop_date().and_then(system_time),
                });
            }
        }
        Ok(out)
    }
}

impl MapRunRef {
    /// The Map Run's ARN.
    pub fn arn(&self) -> &StatesArn {
        &self.arn
    }

    /// `DescribeMapRun`.
    pub async fn describe(&self) -> Result<MapRunDescription> {
        let out = self
            .client
            .sfn
            .describe_map_run()
            .map_run_arn(self.arn.to_string())
            .send()
            .await
            .map_err(|e| Error::from_sdk("DescribeMapRun", e))?;
        Ok(MapRunDescription {
            arn: answered_arn("DescribeMapRun", out.map_run_arn())?,
            execution_arn: answered_arn("DescribeMapRun", out.execution_arn())?,
            status: ExecutionStatus::parse(out.status().as_str()),
            start_date: system_time(out.start_date()),
            stop_date: out.stop_date().and_then(system_time),
            max_concurrency: out.max_concurrency(),
            tolerated_failure_percentage: out.tolerated_failure_percentage(),
            tolerated_failure_count: out.tolerated_failure_count(),
            item_counts: out.item_counts().map(|c| counts!(c)).unwrap_or_default(),
            execution_counts: out
                .execution_counts()
                .map(|c| counts!(c))
                .unwrap_or_default(),
            redrive_count: out.redrive_count(),
        })
    }

    /// `UpdateMapRun`: change how a running Map Run runs. Set at least one of
    /// `.max_concurrency(…)`, `.tolerated_failure_count(…)` and
    /// `.tolerated_failure_percentage(…)`; `.send().await` sends it.
    pub fn update(&self) -> UpdateMapRun<'_> {
        UpdateMapRun {
            map_run: self,
            max_concurrency: None,
            tolerated_failure_count: None,
            tolerated_failure_percentage: None,
        }
    }
}

/// A pending `UpdateMapRun` (see [`MapRunRef::update`]).
#[derive(Debug)]
#[must_use = "an update does nothing until `.send().await`"]
pub struct UpdateMapRun<'a> {
    map_run: &'a MapRunRef,
    max_concurrency: Option<i32>,
    tolerated_failure_count: Option<i64>,
    tolerated_failure_percentage: Option<f32>,
}

impl UpdateMapRun<'_> {
    /// How many child executions may run at once (0: as many as the service allows).
    pub fn max_concurrency(mut self, max_concurrency: i32) -> Self {
        self.max_concurrency = Some(max_concurrency);
        self
    }

    /// How many failed items are tolerated before the Map Run fails.
    pub fn tolerated_failure_count(mut self, count: i64) -> Self {
        self.tolerated_failure_count = Some(count);
        self
    }

    /// What percentage of failed items is tolerated before the Map Run fails.
    pub fn tolerated_failure_percentage(mut self, percentage: f32) -> Self {
        self.tolerated_failure_percentage = Some(percentage);
        self
    }

    /// Sends it.
    pub async fn send(self) -> Result<()> {
        self.map_run
            .client
            .sfn
            .update_map_run()
            .map_run_arn(self.map_run.arn.to_string())
            .set_max_concurrency(self.max_concurrency)
            .set_tolerated_failure_count(self.tolerated_failure_count)
            .set_tolerated_failure_percentage(self.tolerated_failure_percentage)
            .send()
            .await
            .map_err(|e| Error::from_sdk("UpdateMapRun", e))?;
        Ok(())
    }
}

/// `MapRunCounts` from either of the SDK's two shapes with the same members
/// (`MapRunItemCounts`, `MapRunExecutionCounts`).
macro_rules! counts {
    ($c:expr) => {{
        let c = $c;
        MapRunCounts {
            pending: c.pending(),
            running: c.running(),
            succeeded: c.succeeded(),
            failed: c.failed(),
            timed_out: c.timed_out(),
            aborted: c.aborted(),
            total: c.total(),
            results_written: c.results_written(),
            failures_not_redrivable: c.failures_not_redrivable(),
            pending_redrive: c.pending_redrive(),
        }
    }};
}
use counts;

/// The pictures of an execution on Step Functions read its Distributed Maps' child executions
/// through the client: a Map Run's children by status (`ListExecutions` with `mapRunArn` and
/// `statusFilter`), each one's history (`GetExecutionHistory`).
impl crate::pictures::ChildExecutions for Client {
    type Error = Error;

    async fn children(
        &self,
        map_run_arn: &StatesArn,
        status: ExecutionStatus,
        most: usize,
    ) -> Result<Vec<StatesArn>> {
        let mut out = Vec::new();
        let mut pages = self
            .sfn
            .list_executions()
            .map_run_arn(map_run_arn.to_string())
            .status_filter(super::execution::status_to_sdk(&status))
            .max_results(i32::try_from(most.clamp(1, 1000)).unwrap_or(1000))
            .into_paginator()
            .send();
        while out.len() < most
            && let Some(page) = pages.next().await
        {
            let page = page.map_err(|e| Error::from_sdk("ListExecutions", e))?;
            for execution in page.executions() {
                out.push(answered_arn("ListExecutions", execution.execution_arn())?);
            }
        }
        out.truncate(most);
        Ok(out)
    }

    async fn history(
        &self,
        execution_arn: &StatesArn,
    ) -> Result<Vec<crate::execution::HistoryEvent>> {
        self.execution(execution_arn.clone()).history().await
    }
}
