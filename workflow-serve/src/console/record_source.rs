//! The server's own store as a [`RecordSource`]: an execution's record read through the
//! service's operations (`GetExecutionHistory`, `DescribeStateMachineForExecution`,
//! `DescribeExecution`, `DescribeMapRun`, `ListExecutions`), as a client reads it from AWS, by
//! the one walk every source is read by ([`RecordedHistory::read_from`]).

use super::request_of;
use crate::dispatch::{answer, call_as};
use crate::protocol::ApiError;
use crate::service::Service;
use std::collections::BTreeMap;
use std::sync::Arc;
use workflow_aws_models::StatesArn;
use workflow_runtime::execution::{
    DescribedExecution, HistoryEvent, MapRunListing, RecordError, RecordSource, RecordedHistory,
};

/// The service `0`, read as a record's source.
pub(super) struct ServiceRecords<'a>(pub &'a Arc<Service>);

/// The record of the execution `arn`, read from `service`.
pub(super) async fn record(
    service: &Arc<Service>,
    arn: &StatesArn,
) -> Result<RecordedHistory, ApiError> {
    RecordedHistory::read_from(&ServiceRecords(service), arn)
        .await
        .map_err(|e| ApiError::internal(e.to_string()))
}

impl RecordSource for ServiceRecords<'_> {
    async fn history(
        &self,
        execution: &StatesArn,
    ) -> Result<Option<Vec<HistoryEvent>>, RecordError> {
        let text = execution.to_string();
        held(
            super::pictures::history(self.0, &text).await,
            "GetExecutionHistory",
            execution,
        )
    }

    async fn definition(&self, execution: &StatesArn) -> Result<Option<String>, RecordError> {
        let ran = answer(
            Arc::clone(self.0),
            "DescribeStateMachineForExecution".into(),
            request_of("executionArn", execution.to_string().into()),
            None,
        )
        .await;
        Ok(held(ran, "DescribeStateMachineForExecution", execution)?
            .and_then(|ran| ran["definition"].as_str().map(str::to_owned)))
    }

    async fn description(
        &self,
        execution: &StatesArn,
    ) -> Result<Option<DescribedExecution>, RecordError> {
        let text = execution.to_string();
        let described = super::pictures::described(self.0, &text).await;
        Ok(
            held(described, "DescribeExecution", execution)?.map(|d| DescribedExecution {
                arn: execution.clone(),
                status: d.status,
                input: d.input,
                output: d.output,
                error: d.error,
                cause: d.cause,
                start_millis: Some(d.start_date.0),
                stop_millis: d.stop_date.map(|t| t.0),
            }),
        )
    }

    async fn map_run(&self, map_run: &StatesArn) -> Result<Option<MapRunListing>, RecordError> {
        let described = call_as(
            self.0,
            "DescribeMapRun",
            &request_of("mapRunArn", map_run.to_string().into()),
            crate::map_runs::describe_map_run,
        )
        .await;
        let Some(described) = held(described, "DescribeMapRun", map_run)? else {
            return Ok(None);
        };
        let listed = super::every_page(
            self.0,
            "ListExecutions",
            request_of("mapRunArn", map_run.to_string().into()),
            crate::executions::list_executions,
            |page, out| {
                out.extend(page.executions.into_iter().map(|row| row.execution_arn));
                page.next_token
            },
            usize::MAX,
        )
        .await;
        let children = held(listed, "ListExecutions", map_run)?.unwrap_or_default();
        Ok(Some(MapRunListing {
            items: u64::try_from(described.item_counts.total).ok(),
            children,
            result_files: BTreeMap::new(),
        }))
    }
}

/// An answer of `operation` about `resource`: what the service does not hold is not held;
/// another error is the read's.
fn held<T>(
    answer: Result<T, ApiError>,
    operation: &str,
    resource: &StatesArn,
) -> Result<Option<T>, RecordError> {
    RecordError::held(answer, operation, resource, |e| {
        let gone = e.name.ends_with("DoesNotExist") || e.name == "ResourceNotFound";
        (!gone).then(|| format!("{}: {}", e.name, e.message))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{test_runtime, test_settings};
    use serde_json::{Map, Value, json};

    fn request(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    /// The server's own store, read by the one walk: a Distributed Map's EXPRESS children are
    /// listed and described with their dates (the console's own reader dropped them, and a
    /// resume read each child as started at the epoch), a STANDARD one's history is held, and
    /// nothing is missing.
    #[test]
    fn the_store_gives_every_child_with_its_dates() {
        let service = Service::new(test_settings());
        let map = |kind: &str, label: &str| -> Value {
            json!({"Type": "Map", "ItemsPath": "$.items", "Label": label, "ResultPath": null,
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": kind},
                    "StartAt": label, "States": {label: {"Type": "Pass", "End": true}}}})
        };
        let mut express = map("EXPRESS", "Quick");
        express["Next"] = json!("Standard");
        let mut standard = map("STANDARD", "Slow");
        standard["End"] = json!(true);
        let definition = json!({"StartAt": "Express", "States": {
            "Express": express, "Standard": standard}});
        let created = service
            .call(
                "CreateStateMachine",
                &request(json!({"name": "Maps", "definition": definition.to_string(),
                    "roleArn": "arn:aws:iam::123456789012:role/r"})),
            )
            .unwrap_or_else(|e| panic!("{e:?}"));
        let started = service
            .call(
                "StartExecution",
                &request(json!({"stateMachineArn": created["stateMachineArn"],
                    "input": json!({"items": [1, 2, 3]}).to_string()})),
            )
            .unwrap_or_else(|e| panic!("{e:?}"));
        let arn: StatesArn = started["executionArn"]
            .as_str()
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("{started}"));
        for _ in 0..3000 {
            let described = service
                .call(
                    "DescribeExecution",
                    &request(json!({"executionArn": arn.to_string()})),
                )
                .unwrap_or_else(|e| panic!("{e:?}"));
            if described["status"] != "RUNNING" {
                assert_eq!(described["status"], "SUCCEEDED", "{described}");
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let record = test_runtime()
            .block_on(record(&service, &arn))
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(record.missing().is_empty(), "{:?}", record.missing());
        assert_eq!(record.execution_arn(), Some(&arn));
        assert!(record.definition().is_some());
        assert_eq!(record.map_runs().len(), 2);
        let mut described = 0;
        for run in record.map_runs().values() {
            assert_eq!(run.items, Some(3));
            assert_eq!(run.children.len(), 3);
            for entry in run.result_entries() {
                described += 1;
                for field in ["StartDate", "StopDate", "Input", "Output", "Status"] {
                    assert!(entry.get(field).is_some(), "{field} of {entry}");
                }
            }
        }
        assert_eq!(described, 3, "the EXPRESS children, described");
        assert_eq!(
            record.children().len(),
            3,
            "the STANDARD children's histories"
        );
    }
}
