//! An execution's whole record read through the client ([`ExecutionRef::record`]): its
//! history, and each Map Run its Distributed Maps started (at any depth) with its child
//! executions and their histories, what a replay or a resume on a changed definition runs
//! from.

use super::error::{Error, Result, answered_arn};
use super::execution::ExecutionRef;
use crate::execution::{EventKind, HistoryEvent, RecordedHistory, RecordedMapRun};
use futures::StreamExt;
use serde_json::{Map, Value};
use workflow_asl::timestamp::format_rfc3339_millis;
use workflow_aws_models::{ResourceType, StatesArn};

/// How many children's histories are read at once.
const CONCURRENT_CHILDREN: usize = 8;

impl ExecutionRef {
    /// The execution's record: its history (`GetExecutionHistory`, every page); each child
    /// execution its `states:startExecution` Tasks started (the `ExecutionArn` their events
    /// name), with its history and the definition it ran (`DescribeStateMachineForExecution`);
    /// and for each Map Run its events start (`MapRunStarted`, in its children's histories
    /// too) the Map Run's items (`DescribeMapRun`'s `itemCounts.total`), its child executions
    /// (`ListExecutions` with `mapRunArn`, every page) and each child's history; an EXPRESS
    /// child keeps no history (`GetExecutionHistory` refuses it), and is recorded as
    /// `DescribeExecution` shows it (its input, output or error and cause, status: "Executions
    /// of an EXPRESS state machine aren't supported by DescribeExecution unless a Map Run
    /// dispatched them", the API reference). The `ResultWriter`'s files are in S3, which this
    /// client does not read: a replay reads them from its object store (`--s3`,
    /// `--aws-endpoint`).
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
    pub async fn record(&self) -> Result<RecordedHistory> {
        let history = self.history().await?;
        let mut record = RecordedHistory::new(history.clone());
        let mut pending: Vec<Vec<HistoryEvent>> = vec![history];
        while let Some(events) = pending.pop() {
            // The child executions its `states:startExecution` Tasks started, and the
            // definitions they ran.
            for arn in crate::execution::started_executions(&events) {
                if record.started_executions().contains_key(&arn) {
                    continue;
                }
                let child = self.client.execution(arn.clone());
                let history = child.history().await?;
                let definition = child.state_machine().await?.definition;
                pending.push(history.clone());
                record = record.started_execution(arn, history, definition);
            }
            for event in &events {
                let EventKind::MapRunStarted { map_run_arn } = &event.kind else {
                    continue;
                };
                if record.map_runs().contains_key(map_run_arn) {
                    continue;
                }
                let (run, children) = self.map_run_record(map_run_arn).await?;
                for (arn, events) in children {
                    pending.push(events.clone());
                    record = record.child(arn, events);
                }
                record = record.map_run(map_run_arn.clone(), run);
            }
        }
        Ok(record)
    }

    /// What the record holds of the Map Run `arn`, and its STANDARD children's histories.
    async fn map_run_record(
        &self,
        arn: &StatesArn,
    ) -> Result<(RecordedMapRun, Vec<(StatesArn, Vec<HistoryEvent>)>)> {
        let described = self.client.map_run(arn.clone()).describe().await?;
        let mut run = RecordedMapRun::default()
            .items(u64::try_from(described.item_counts.total).unwrap_or(0));
        let listed = self.children_of(arn).await?;
        let client = &self.client;
        let read: Vec<Result<Child>> = futures::stream::iter(listed)
            .map(|child| async move {
                let execution = client.execution(child.clone());
                if child.kind() == ResourceType::Express {
                    let d = execution.describe().await?;
                    let mut record = Map::new();
                    record.insert("ExecutionArn".into(), child.to_string().into());
                    record.insert("Status".into(), d.status.as_str().into());
                    let text = |v: Option<String>| v.map(Value::from);
                    for (name, value) in [
                        ("Input", text(d.input)),
                        ("Output", text(d.output)),
                        ("Error", d.error.map(|e| e.as_str().into())),
                        ("Cause", text(d.cause)),
                        ("StartDate", d.start_date.map(date)),
                        ("StopDate", d.stop_date.map(date)),
                    ] {
                        if let Some(value) = value {
                            record.insert(name.into(), value);
                        }
                    }
                    Ok(Child::Described(Value::Object(record)))
                } else {
                    Ok(Child::History(child, execution.history().await?))
                }
            })
            .buffered(CONCURRENT_CHILDREN)
            .collect()
            .await;
        let mut histories = Vec::new();
        for child in read {
            match child? {
                Child::Described(record) => run = run.child_record(record),
                Child::History(arn, events) => {
                    run = run.child(arn.clone());
                    histories.push((arn, events));
                }
            }
        }
        Ok((run, histories))
    }

    /// The child executions of the Map Run `arn` (`ListExecutions` with `mapRunArn`, every
    /// page).
    async fn children_of(&self, arn: &StatesArn) -> Result<Vec<StatesArn>> {
        let mut out = Vec::new();
        let mut pages = self
            .client
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

/// A child execution as read: its history, or (an EXPRESS one) its description.
enum Child {
    History(StatesArn, Vec<HistoryEvent>),
    Described(Value),
}

/// A time as a result file writes it (RFC 3339 to the millisecond).
fn date(time: std::time::SystemTime) -> Value {
    let millis = match time.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    };
    format_rfc3339_millis(millis).into()
}
