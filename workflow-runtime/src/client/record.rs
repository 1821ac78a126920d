//! The client as a [`RecordSource`]: an execution's record read from AWS Step Functions (or
//! `workflow serve`) by the one walk every source is read by
//! ([`RecordedHistory::read_from`]), through `GetExecutionHistory`,
//! `DescribeStateMachineForExecution`, `DescribeExecution`, `DescribeMapRun` and
//! `ListExecutions`. What AWS no longer keeps (a history past its retention,
//! `ExecutionDoesNotExist`) is a piece the record lacks, not an error of the read.

use super::Client;
use super::error::{Error, answered_arn};
use super::execution::ExecutionRef;
use crate::execution::{
    DescribedExecution, HistoryEvent, MapRunListing, RecordError, RecordSource, RecordedHistory,
};
use std::collections::BTreeMap;
use std::time::SystemTime;
use workflow_aws_models::StatesArn;

impl ExecutionRef {
    /// The execution's record (see [`RecordedHistory::read_from`]): its history and the
    /// definition it ran; each child execution its `states:startExecution` Tasks started, with
    /// its history and definition; each Map Run its events start (at any depth), with its
    /// items, its children as listed, each STANDARD child's history and each EXPRESS child's
    /// description. The `ResultWriter`'s files are in S3, which this client does not read: a
    /// replay reads them from its object store (`--s3`, `--aws-endpoint`).
    /// [`RecordedHistory::missing`] names what AWS no longer keeps.
    ///
    /// ```no_run
    /// # async fn demo(client: workflow_runtime::client::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::Engine;
    /// let execution = client.execution("arn:aws:states:eu-west-1:123456789012:execution:Etl:nightly".parse()?);
    /// let record = execution.record().await?;
    /// let fixed = StateMachine::from_json(&std::fs::read_to_string("etl.asl.json")?)?;
    /// Engine::new().machine(&fixed).replay(record).run().await?.assert_identical();
    /// # Ok(()) }
    /// ```
    pub async fn record(&self) -> Result<RecordedHistory, RecordError> {
        RecordedHistory::read_from(&self.client, &self.arn).await
    }
}

impl RecordSource for Client {
    async fn history(
        &self,
        execution: &StatesArn,
    ) -> Result<Option<Vec<HistoryEvent>>, RecordError> {
        held(
            self.execution(execution.clone()).history().await,
            "GetExecutionHistory",
            execution,
        )
    }

    async fn definition(&self, execution: &StatesArn) -> Result<Option<String>, RecordError> {
        let ran = self.execution(execution.clone()).state_machine().await;
        Ok(held(ran, "DescribeStateMachineForExecution", execution)?.map(|m| m.definition))
    }

    async fn description(
        &self,
        execution: &StatesArn,
    ) -> Result<Option<DescribedExecution>, RecordError> {
        let described = self.execution(execution.clone()).describe().await;
        Ok(
            held(described, "DescribeExecution", execution)?.map(|d| DescribedExecution {
                arn: execution.clone(),
                status: d.status,
                input: d.input,
                output: d.output,
                error: d.error.map(|e| e.as_str().to_owned()),
                cause: d.cause,
                start_millis: d.start_date.map(millis),
                stop_millis: d.stop_date.map(millis),
            }),
        )
    }

    async fn map_run(&self, map_run: &StatesArn) -> Result<Option<MapRunListing>, RecordError> {
        let described = Client::map_run(self, map_run.clone()).describe().await;
        let Some(described) = held(described, "DescribeMapRun", map_run)? else {
            return Ok(None);
        };
        let children =
            held(self.children_of(map_run).await, "ListExecutions", map_run)?.unwrap_or_default();
        Ok(Some(MapRunListing {
            items: u64::try_from(described.item_counts.total).ok(),
            children,
            result_files: BTreeMap::new(),
        }))
    }
}

impl Client {
    /// The child executions of the Map Run `arn` (`ListExecutions` with `mapRunArn`, every
    /// page).
    async fn children_of(&self, arn: &StatesArn) -> Result<Vec<StatesArn>, Error> {
        let mut out = Vec::new();
        let mut pages = self
            .sdk()
            .list_executions()
            .map_run_arn(arn.to_string())
            .max_results(1000)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| Error::from_sdk("ListExecutions", e))?;
            for execution in page.executions() {
                out.push(answered_arn("ListExecutions", execution.execution_arn())?);
            }
        }
        Ok(out)
    }
}

/// An answer of `operation` about `resource`: what AWS does not keep (`DoesNotExist`, and
/// an EXPRESS execution, whose ARN the operations on a recorded execution answer with
/// `InvalidArn`) is not held; another error is the read's.
fn held<T>(
    answer: Result<T, Error>,
    operation: &str,
    resource: &StatesArn,
) -> Result<Option<T>, RecordError> {
    let express = resource.kind() == workflow_aws_models::ResourceType::Express;
    RecordError::held(answer, operation, resource, |e| match e {
        Error::DoesNotExist(_) => None,
        Error::InvalidArn(_) if express => None,
        e => Some(e.to_string()),
    })
}

/// `time` in milliseconds since the epoch.
fn millis(time: SystemTime) -> i64 {
    match time.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    }
}
